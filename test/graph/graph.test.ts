/**
 * `composex graph`: the edges of each example (network with ports, grants with access levels,
 * subscriptions, dead letters), Mermaid and dot well-formed and deterministic, and the CLI.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { buildGraph, edgeList } from '../../src/graph/graph';
import { formatGraph, toDot, toMermaid } from '../../src/graph/render';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';
import { EXAMPLES } from '../helpers/templates';

function graphOf(cwd: string, files: string[]) {
  const compiled = loadAndCompile({ cwd, files, env: { HOME: '/home/test' } });
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return buildGraph(compiled.model);
}

test.each<[string, string[], string[]]>([
  [
    'uploads',
    ['compose.yaml'],
    [
      'family:api -> bucket:uploads [objects: StrictWriteOnly]',
      'family:api -> cache:thumbnail-cache [RW]',
      'family:api -> cache:thumbnail-cache [tcp/6379]',
      'family:api -> queue:thumbnail-jobs [Producer]',
      'family:api -> stream:upload-events [Producer]',
      'family:api -> table:pictures [RW]',
      'family:report -> bucket:uploads [bucket: ListOnly]',
      'family:report -> stream:upload-events [Consumer]',
      'family:report -> table:pictures [RO]',
      'family:thumbnailer -> bucket:uploads [objects: RW]',
      'family:thumbnailer -> cache:thumbnail-cache [RW]',
      'family:thumbnailer -> cache:thumbnail-cache [tcp/6379]',
      'family:thumbnailer -> parameter:thumbnail-sizes [ROStrict]',
      'family:thumbnailer -> queue:thumbnail-jobs [Consumer]',
      'internet -> loadBalancer [tcp/80]',
      'loadBalancer -> family:api [tcp/8000]',
      'queue:thumbnail-jobs -> key:jobs [encrypted with]',
    ],
  ],
  [
    'queue-worker',
    ['compose.yaml'],
    [
      'family:api -> queue:jobs [Producer]',
      'family:redrive -> queue:jobs [Producer]',
      'family:redrive -> queue:jobs-dlq [SQSPollerPolicy]',
      'family:worker -> queue:jobs [Consumer]',
      'internet -> loadBalancer [tcp/80]',
      'loadBalancer -> family:api [tcp/8000]',
      'queue:jobs -> family:worker [scales on depth]',
      'queue:jobs -> queue:jobs-dlq [dead letter after 5]',
    ],
  ],
  [
    'fanout',
    ['compose.yaml'],
    [
      'family:billing -> queue:billing-orders [Consumer]',
      'family:shipping -> queue:shipping-orders [Consumer]',
      'family:shop -> topic:orders [Publish]',
      'internet -> loadBalancer [tcp/80]',
      'loadBalancer -> family:shop [tcp/3000]',
      'topic:orders -> queue:billing-orders [subscription]',
      'topic:orders -> queue:shipping-orders [subscription]',
    ],
  ],
  [
    'postgres',
    ['compose.yaml'],
    [
      'family:api -> database:analytics [RW]',
      'family:api -> database:analytics [tcp/5432]',
      'family:api -> database:ledger-db [RW]',
      'family:api -> database:ledger-db [tcp/5432]',
      'family:reports -> database:analytics [DBCluster: RO]',
      'family:reports -> database:analytics [tcp/5432]',
      'family:worker -> database:ledger-db [RW]',
      'family:worker -> database:ledger-db [tcp/5432]',
      'internet -> loadBalancer [tcp/80]',
      'loadBalancer -> family:api [tcp/8000]',
    ],
  ],
  [
    'shop',
    ['compose.yaml'],
    [
      'family:api -> family:mqtt [tcp/1883]',
      'family:frontend -> family:api [tcp/8000]',
      'family:mqtt -> volume:mqtt-data [tcp/2049]',
      'family:worker -> family:api [tcp/8000]',
      'family:worker -> family:mqtt [tcp/1883]',
      'internet -> loadBalancer [tcp/1883, tcp/80]',
      'loadBalancer -> family:frontend [tcp/80]',
      'loadBalancer -> family:mqtt [tcp/1883]',
    ],
  ],
  [
    'load-balancers',
    ['compose.yaml'],
    [
      'elbv2:ledger -> family:ledger [tcp/6000]',
      'elbv2:public -> family:api [tcp/8000]',
      'elbv2:public -> family:web [tcp/8080]',
      'cidr:10.0.0.0/16 -> elbv2:ledger [tcp/6000]',
      'internet -> elbv2:public [tcp/443, tcp/80]',
    ],
  ],
])('%s: exactly the declared edges', (example, files, expected) => {
  const graph = graphOf(path.join(EXAMPLES, example), files);
  expect(edgeList(graph)).toEqual([...expected].sort());
});

describe('rendering', () => {
  const text = `
services:
  "a.b-c_d": {image: x, expose: ["80"], deploy: {labels: {ecs.task.family: fam_ily-1}}}
  caller: {image: y, depends_on: ["a.b-c_d"]}
x-sqs:
  "q.1-x": {Services: {caller: {Access: Producer}}}
`;
  const graph = graphOf(projectDir({ 'compose.yaml': text }), ['compose.yaml']);

  test('odd names are safe: generated ids, quoted labels', () => {
    const mermaid = toMermaid(graph);
    expect(mermaid).toMatch(/subgraph f\d\["family fam_ily-1"\]/);
    expect(mermaid).toContain('("a.b-c_d")');
    expect(mermaid).toContain('[/"x-sqs q.1-x"/]');
    const dot = toDot(graph);
    expect(dot).toContain('label="family fam_ily-1"');
    // quotes in labels (a handcrafted graph: Compose names cannot hold them)
    const quoted = { nodes: [{ key: 'x', label: 'say "hi"', kind: 'external' as const }], families: new Map(), edges: [] };
    expect(toMermaid(quoted)).toContain('n1>"say #quot;hi#quot;"]');
    expect(toDot(quoted)).toContain('n1 [label="say \\"hi\\"", shape=cds];');
    // every id used in an edge is declared
    for (const [out, declared] of [
      [mermaid, /(?:^\s+|subgraph )(n\d+|f\d+)[[({>]/gm],
      [dot, /^\s+(n\d+|f\d+) \[label/gm],
    ] as const) {
      const ids = new Set([...out.matchAll(declared)].map((m) => m[1]));
      const used = [...out.matchAll(/(n\d+|f\d+) (?:-->|==>|-\.->|->) ?\|?/g)].map((m) => m[1]);
      for (const id of used) expect(ids).toContain(id);
    }
    // subgraphs are closed
    expect((mermaid.match(/^\s+subgraph /gm) ?? []).length).toBe((mermaid.match(/^\s+end$/gm) ?? []).length);
    expect((dot.match(/{/g) ?? []).length).toBe((dot.match(/}/g) ?? []).length);
  });

  test('deterministic, whatever the order of the compose file', () => {
    const reordered = `
x-sqs:
  "q.1-x": {Services: {caller: {Access: Producer}}}
services:
  caller: {image: y, depends_on: ["a.b-c_d"]}
  "a.b-c_d": {image: x, expose: ["80"], deploy: {labels: {ecs.task.family: fam_ily-1}}}
`;
    const other = graphOf(projectDir({ 'compose.yaml': reordered }), ['compose.yaml']);
    for (const format of ['mermaid', 'dot'] as const) expect(formatGraph(other, format)).toBe(formatGraph(graph, format));
  });
});

describe('composex graph', () => {
  test('prints Mermaid by default, dot on request, writes a file with -o', async () => {
    const cwd = path.join(EXAMPLES, 'fanout');
    const mermaid = await runCli(['graph'], cwd);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    const dot = await runCli(['graph', '--format', 'dot'], cwd);
    expect(dot.stdout).toMatch(/^digraph composex \{/);
    const dir = projectDir({});
    const written = await runCli(['graph', '-f', path.join(cwd, 'compose.yaml'), '-o', path.join(dir, 'g.mmd')], dir);
    expect(written.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'g.mmd'), 'utf8')).toBe(mermaid.stdout);
  });

  test('invalid input: diagnostics, exit 1, nothing on stdout', async () => {
    const cwd = projectDir({ 'compose.yaml': 'services:\n  a: {image: x}\nx-sqs:\n  q: {Services: {b: {Access: Producer}}}\n' });
    const r = await runCli(['graph'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('compose.yaml:4:18: error CX3001');
  });
});
