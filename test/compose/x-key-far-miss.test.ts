/**
 * `x-` keys a few edits from a key composex reads or refuses (CX1426): ECS ComposeX's own
 * documentation writes `x-networking` for `x-network` (cloudmap page), which left the service
 * registration it configures unread without a word. The user's own keys stay free: a key with a
 * YAML anchor, one from an alias or a `<<` merge, one written both at the top level and on a
 * service, and short anchor names (`x-env`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compileProject, loadAndCompile } from '../../src/compile';
import { loadProject } from '../../src/compose/load';
import { fewEditsAway } from '../../src/compose/x-key-check';
import { READ_X_KEYS } from '../../src/resolve/x-keys';
import { projectDir, yaml } from '../helpers/project-dir';

function compile(text: string) {
  const dir = projectDir({ 'compose.yaml': text });
  const loaded = loadProject({ cwd: dir, env: { HOME: '/home/test' } });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileProject(loaded.project!, {});
}

const nearMisses = (diagnostics: readonly { code: string; line?: number; column?: number; message: string }[]) =>
  diagnostics.filter((d) => d.code === 'CX1426' || d.code === 'CX1432').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);

function at(text: string, needle: string, occurrence = 1): string {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(needle);
    if (col >= 0 && ++seen === occurrence) return `${i + 1}:${col + 1}`;
  }
  throw new Error(`no ${needle}`);
}

describe('docs/cloudmap-services-examples.yml (ECS ComposeX writes x-networking)', () => {
  const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
  const file = 'docs/cloudmap-services-examples.yml';
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const compiled = loadAndCompile(
    { cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', file, 'composex/cloudmap-services-examples.images.yml'], env: { HOME: '/home/test' } },
    {},
  );

  test('each x-networking is a located warning naming x-network, with the fix', () => {
    const warnings = compiled.diagnostics.filter((d) => d.code === 'CX1426');
    expect(warnings.map((d) => `${d.file?.endsWith(file)} ${d.line}:${d.column} ${d.severity}`)).toEqual(
      [1, 2, 3, 4].map((n) => `true ${at(text, 'x-networking:', n)} warning`),
    );
    expect(warnings[0].message).toBe(`x-networking on service "serviceA" is not a key composex reads: what it holds is ignored; did you mean 'x-network'?`);
    expect(warnings[0].hint).toBe('rename it to x-network; if it is an extension of your own, give it an anchor (x-networking: &name) or a name further from x-network');
  });

  test('x-network names the namespace; x-networking is warned about where it is written', () => {
    const file = (key: string) => `x-cloudmap:\n  private-namespace:\n    ZoneName: ecs-cluster.internal\nservices:\n  serviceA:\n    image: nginx\n    ports: [80]\n    ${key}:\n      x-cloudmap: private-namespace\n`;
    const run = (key: string) => loadAndCompile({ cwd: projectDir({ 'compose.yaml': file(key) }), env: { HOME: '/home/test' } });
    const right = run('x-network');
    expect(right.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(right.model!.serviceConnectNamespace).toMatchObject({ kind: 'private-dns', name: 'ecs-cluster.internal' });
    const typo = run('x-networking');
    expect(typo.diagnostics.filter((d) => d.code === 'CX1426').map((d) => `${d.line}:${d.column}`)).toEqual(['8:5']);
  });
});

describe('a few edits away, at the top level and on services', () => {
  test('x-elastic_cache (top) and x-networking (service) are CX1426; the file still renders', () => {
    const text = yaml`
      services:
        api:
          image: api
          x-networking: {AssignPublicIp: false}
      x-elastic_cache:
        cache: {}
    `;
    const r = compile(text);
    expect(nearMisses(r.diagnostics)).toEqual([
      `CX1426 ${at(text, 'x-networking')} x-networking on service "api" is not a key composex reads: what it holds is ignored; did you mean 'x-network'?`,
      `CX1426 ${at(text, 'x-elastic_cache')} x-elastic_cache is not a key composex reads: what it holds is ignored; did you mean 'x-elasticache'?`,
    ]);
    expect(r.model).toBeDefined();
  });

  test('a key composex reads on services (x-scaling) is no near miss', () => {
    const r = compile('services:\n  api:\n    image: api\n    x-scaling: {Range: "1-2"}\n');
    expect(nearMisses(r.diagnostics)).toEqual([]);
  });

  test('the limit: one edit per three letters after x-', () => {
    const service = READ_X_KEYS.service;
    expect(fewEditsAway('x-networking', service)).toBe('x-network');
    expect(fewEditsAway('x-env', ['x-efs', 'x-ecs'])).toBeUndefined();
    expect(fewEditsAway('x-logs', service)).toBeUndefined();
    expect(fewEditsAway('x-common', READ_X_KEYS.top)).toBeUndefined();
    expect(fewEditsAway('x-defaults', READ_X_KEYS.top)).toBeUndefined();
  });
});

describe("the user's own keys stay free", () => {
  test('a key with an anchor, or from an alias or a << merge, is never a near miss (CX1426 or CX1432)', () => {
    const text = yaml`
      x-base: &base
        x-networking: {team: core}
      x-netwrok-defaults: &defaults {a: 1}
      services:
        api:
          image: api
          <<: *base
        web:
          image: web
          x-networking: &net {team: web}
          x-netwrok: *defaults
        job:
          image: job
          x-networking: *net
    `;
    expect(nearMisses(compile(text).diagnostics)).toEqual([]);
  });

  test('a key written at the top level and on a service is an extension field of the user', () => {
    const text = 'x-networking: {team: core}\nservices:\n  api:\n    image: api\n    x-networking: {team: api}\n';
    expect(nearMisses(compile(text).diagnostics)).toEqual([]);
  });

  test('without an anchor, the same service key is warned about', () => {
    const text = 'services:\n  web:\n    image: web\n    x-networking: {team: web}\n';
    expect(nearMisses(compile(text).diagnostics)).toEqual([`CX1426 4:5 x-networking on service "web" is not a key composex reads: what it holds is ignored; did you mean 'x-network'?`]);
  });
});
