/**
 * `x-cluster.Properties` (ECS ComposeX's "Override default settings" of its ecs_cluster page): the
 * name, capacity providers, default capacity provider strategy, Container Insights and tags of the
 * cluster composex creates; services without their own strategy (x-ecs) run with the default one,
 * as ECS applies a cluster's default. Templates read from the render; errors located.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import type { AppModel } from '../../src/resolve/model';
import { brief, pos, resolve } from '../resolve/fixtures';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');

function render(model: AppModel): RenderResult {
  const result = renderModel(model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

function resources(result: RenderResult, file: string): Resources {
  const found = result.files.find((f) => f.path === file);
  if (!found) throw new Error(`no ${file} in ${result.files.map((f) => f.path).join(', ')}`);
  return found.template.Resources as Resources;
}

function one(res: Resources, type: string): Record<string, unknown> {
  const found = Object.values(res).filter((r) => r.Type === type);
  expect(found).toHaveLength(1);
  return found[0].Properties ?? {};
}

function serviceStrategies(result: RenderResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of result.files.filter((f) => f.path.startsWith('Family'))) {
    for (const r of Object.values(file.template.Resources as Resources)) {
      if (r.Type === 'AWS::ECS::Service') out[file.path] = r.Properties!.CapacityProviderStrategy;
    }
  }
  return out;
}

const SPOT_DEFAULT = [
  { CapacityProvider: 'FARGATE', Weight: 1 },
  { Base: 2, CapacityProvider: 'FARGATE_SPOT', Weight: 4 },
];

describe('docs/cluster-properties.yml over use-cases/blog.features.yml', () => {
  const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', 'docs/cluster-properties.yml'], env: { HOME: '/home/test' } }, {});
  const result = render(compiled.model!);
  const cluster = resources(result, 'Cluster.json');

  test('renders without an x-cluster diagnostic', () => {
    expect(compiled.diagnostics.filter((d) => d.file?.endsWith('cluster-properties.yml'))).toEqual([]);
  });

  test('the cluster has the name; its providers and default strategy are those of Properties', () => {
    expect(one(cluster, 'AWS::ECS::Cluster')).toMatchObject({ ClusterName: 'spotalltheway', ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    expect(one(cluster, 'AWS::ECS::ClusterCapacityProviderAssociations')).toMatchObject({
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      DefaultCapacityProviderStrategy: SPOT_DEFAULT,
    });
  });

  test('every service (none sets x-ecs) runs with the default strategy: FARGATE_SPOT weighted 4 with a base of 2', () => {
    const strategies = serviceStrategies(result);
    expect(Object.keys(strategies).length).toBeGreaterThan(1);
    for (const strategy of Object.values(strategies)) expect(strategy).toEqual(SPOT_DEFAULT);
  });
});

describe('x-cluster.Properties on a small project', () => {
  const props = (body: string) => `services:\n  web:\n    image: nginx\n  job:\n    image: nginx\n    x-ecs:\n      CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]\nx-cluster:\n  Properties:\n${body}`;

  test('a service with its own x-ecs strategy keeps it; the others take the default', () => {
    const { model, diagnostics } = resolve(props('    DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]\n'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = render(model!);
    expect(serviceStrategies(result)).toEqual({
      'FamilyJob.json': [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      'FamilyWeb.json': [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
    });
  });

  test('without Properties nothing changes: FARGATE weight 1, both providers, no name', () => {
    const { model } = resolve('services:\n  web:\n    image: nginx\n');
    const cluster = resources(render(model!), 'Cluster.json');
    expect(one(cluster, 'AWS::ECS::Cluster').ClusterName).toBeUndefined();
    expect(one(cluster, 'AWS::ECS::ClusterCapacityProviderAssociations')).toMatchObject({
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    });
  });

  test('ClusterSettings enhanced and Tags are written on the cluster', () => {
    const { model, diagnostics } = resolve(props('    ClusterSettings: [{Name: containerInsights, Value: enhanced}]\n    Tags: [{Key: team, Value: core}]\n'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(one(resources(render(model!), 'Cluster.json'), 'AWS::ECS::Cluster')).toMatchObject({
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
      Tags: expect.arrayContaining([{ Key: 'team', Value: 'core' }]),
    });
  });

  test('only FARGATE: a service asking for FARGATE_SPOT is CX3018 at its provider', () => {
    const text = props('    CapacityProviders: [FARGATE]\n').replace('CapacityProvider: FARGATE, Weight: 1}]', 'CapacityProvider: FARGATE_SPOT, Weight: 1}]');
    const at = pos(text, 'FARGATE_SPOT');
    expect(brief(resolve(text).diagnostics).filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'CX3018',
        line: at.line,
        column: at.column,
        message: "service 'job' asks for capacity provider 'FARGATE_SPOT', which x-cluster.Properties.CapacityProviders leaves out (FARGATE): ECS would refuse to create the service",
      }),
    ]);
  });

  test('what is invalid in Properties is CX3017 (CX3301 for an unknown key), each located', () => {
    const cases: [string, string, string, RegExp][] = [
      ['    Configuration: {ExecuteCommandConfiguration: {Logging: DEFAULT}}\n', 'Configuration', 'CX3017', /^x-cluster\.Properties\.Configuration is not supported$/],
      ['    ServiceConnectDefaults: {Namespace: abc}\n', 'ServiceConnectDefaults', 'CX3017', /is not supported/],
      ['    CapacityProviders: [FARGATE, my-asg-provider]\n', 'my-asg-provider', 'CX3017', /capacity provider 'my-asg-provider' is not available to Fargate tasks/],
      ['    ClusterName: "spot all the way"\n', '"spot all', 'CX3017', /'spot all the way' is not an ECS cluster name/],
      ['    CapacityProviders: [FARGATE]\n    DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]\n', 'FARGATE_SPOT', 'CX3017', /uses 'FARGATE_SPOT', which x-cluster\.Properties\.CapacityProviders leaves out/],
      ['    DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Base: 1}]\n', '[{CapacityProvider: FARGATE_SPOT, Base', 'CX3017', /at least one capacity provider needs a Weight above 0/],
      ['    ClusterSettings: [{Name: containerInsights, Value: on}]\n', 'on}', 'CX3017', /containerInsights 'on' is not enabled, disabled or enhanced/],
      ['    ClusterNmae: x\n', 'ClusterNmae', 'CX3301', /unknown key 'ClusterNmae' in x-cluster\.Properties/],
    ];
    for (const [body, needle, code, message] of cases) {
      const text = props(body);
      const errors = resolve(text).diagnostics.filter((d) => d.severity === 'error');
      const at = pos(text, needle);
      expect([body, errors.map((d) => `${d.code} ${d.line}:${d.column}`)]).toEqual([body, [`${code} ${at.line}:${at.column}`]]);
      expect(errors[0].message).toMatch(message);
      expect(errors[0].hint!.length).toBeGreaterThan(10);
    }
  });

  test('two Bases in the default strategy: the first provider written with one keeps it, the other is warned (CX3971), as ECS takes one', () => {
    const text = props('    DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1, Base: 2}, {CapacityProvider: FARGATE, Weight: 1, Base: 1}]\n');
    const { model, diagnostics } = resolve(text);
    const at = pos(text, 'Base: 1');
    expect(brief(diagnostics).map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`)).toEqual([`warning CX3971 ${at.line}:${at.column}`]);
    expect(model!.cluster).toMatchObject({ defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 2 }] });
  });

  test('ContainerInsights and ClusterSettings disagreeing: CX3019, ContainerInsights wins', () => {
    const text = `${props('    ClusterSettings: [{Name: containerInsights, Value: enabled}]\n')}  ContainerInsights: false\n`;
    const { model, diagnostics } = resolve(text);
    const at = pos(text, 'ClusterSettings');
    expect(brief(diagnostics)).toEqual([expect.objectContaining({ code: 'CX3019', severity: 'warning', line: at.line, column: at.column })]);
    expect(model!.cluster).toMatchObject({ kind: 'new', containerInsights: false });
  });

  test('Properties beside an existing cluster: ignored as in ECS ComposeX, with CX3019', () => {
    const text = 'services:\n  web:\n    image: nginx\nx-cluster:\n  Use: shared\n  Properties:\n    ClusterName: spotalltheway\n';
    const { model, diagnostics } = resolve(text);
    const at = pos(text, 'Properties');
    expect(brief(diagnostics).filter((d) => d.code === 'CX3019')).toEqual([
      expect.objectContaining({ severity: 'warning', line: at.line, column: at.column, message: expect.stringMatching(/Properties is ignored, as in ECS ComposeX/) }),
    ]);
    expect(model!.cluster).toEqual({ kind: 'existing', clusterName: 'shared' });
  });
});
