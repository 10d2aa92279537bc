/**
 * CX4021 counts every statement the generate stage writes into a task role: its resource grants,
 * the secrets linked to it (`x-secrets.LinksTo: [EcsTaskRole]`) and the EFS volumes it mounts.
 * Read from the synthesized templates: the estimate is an upper bound of the rendered role (its
 * inline policies and each managed policy, measured without white space, references at their
 * longest), for the examples and for fixtures; a family whose secrets or volumes take its role past
 * what IAM holds is refused, located, and one statement fewer renders a role IAM holds.
 */
import * as path from 'path';
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, INLINE_POLICIES_LIMIT, policyChars } from '../../src/aws/policy-size';
import { loadAndCompile } from '../../src/compile';
import type { LoadOptions } from '../../src/compose/load';
import type { RenderResult } from '../../src/render/render';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import type { AppModel, Family } from '../../src/resolve/model';
import { estimateTaskRole } from '../../src/resolve/task-role-size';
import { projectDir } from '../helpers/project-dir';
import { EXAMPLES } from '../helpers/templates';

function compile(load: LoadOptions) {
  return loadAndCompile({ env: { HOME: '/home/test' }, ...load });
}

function compileText(text: string) {
  return compile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'] });
}

/** The task role of a family as rendered: its inline policies (names included) and each managed policy attached to it. */
function renderedTaskRole(result: RenderResult, model: AppModel, family: Family): { inline: number; managed: number[] } {
  const taskFamily = `${model.projectName}-${family.name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
  const file = result.files.find((f) => Object.values(f.template.Resources ?? {}).some((r) => r.Type === 'AWS::ECS::TaskDefinition' && r.Properties?.Family === taskFamily))!;
  const resources = file.template.Resources!;
  const policies = (resources.TaskRole.Properties!.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[];
  const managed = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: 'TaskRole' }]));
  return {
    inline: policies.reduce((n, p) => n + p.PolicyName.length + policyChars(p.PolicyDocument), 0),
    managed: managed.map((m) => policyChars(m.Properties!.PolicyDocument)),
  };
}

/** Renders a valid project and compares the estimate of each family's task role with the rendered one. */
function expectEstimateAbove(load: LoadOptions): { family: string; estimate: number; rendered: number }[] {
  const compiled = compile(load);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = compiled.model!;
  const result = renderModel(model);
  const out: { family: string; estimate: number; rendered: number }[] = [];
  for (const family of model.families) {
    const estimate = estimateTaskRole(family, { grants: model.grants.filter((g) => g.family === family.name), volumes: model.volumes, secrets: model.secrets, resources: model.resources });
    const rendered = renderedTaskRole(result, model, family);
    expect({ family: family.name, inlineAtLeast: estimate.inlineChars >= rendered.inline }).toEqual({ family: family.name, inlineAtLeast: true });
    // packed from statements each counted at least as long: as many policies or more, as many characters or more
    expect(estimate.managedChars.length).toBeGreaterThanOrEqual(rendered.managed.length);
    expect(estimate.managedChars.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(rendered.managed.reduce((a, b) => a + b, 0));
    // what IAM holds
    expect(rendered.inline).toBeLessThanOrEqual(INLINE_POLICIES_LIMIT);
    for (const chars of rendered.managed) expect(chars).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    out.push({ family: family.name, estimate: estimate.inlineChars + estimate.managedChars.reduce((a, b) => a + b, 0), rendered: rendered.inline + rendered.managed.reduce((a, b) => a + b, 0) });
  }
  return out;
}

const NINE_POLICIES = Array.from({ length: MANAGED_POLICIES_PER_ROLE - 1 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);

/** `n` secrets linked to the task role only, with long names, listed by api (which attaches 9 managed policies when `full`). */
function secretsProject(n: number, full = true): string {
  const names = Array.from({ length: n }, (_, i) => `s${i}`);
  return [
    'services:',
    '  api:',
    '    image: api:1',
    `    secrets: [${names.join(', ')}]`,
    ...(full ? ['    x-iam:', `      ManagedPolicyArns: [${NINE_POLICIES.join(', ')}]`] : []),
    'secrets:',
    ...names.map((s, i) => `  ${s}:\n    x-secrets: {Name: team/${'n'.repeat(90)}/${i}, LinksTo: [EcsTaskRole]}`),
    '',
  ].join('\n');
}

/** `n` named volumes (EFS) api mounts read-write. */
function volumesProject(n: number, full = true): string {
  const names = Array.from({ length: n }, (_, i) => `data${i}`);
  return [
    'services:',
    '  api:',
    '    image: api:1',
    `    volumes: [${names.map((v) => `${v}:/srv/${v}`).join(', ')}]`,
    ...(full ? ['    x-iam:', `      ManagedPolicyArns: [${NINE_POLICIES.join(', ')}]`] : []),
    'volumes:',
    ...names.map((v) => `  ${v}: {}`),
    '',
  ].join('\n');
}

/** The first size whose project CX4021 refuses. */
function firstRefused(project: (n: number) => string, max: number): number {
  for (let n = 1; n <= max; n++) {
    if (compileText(project(n)).diagnostics.some((d) => d.code === 'CX4021')) return n;
  }
  throw new Error(`no CX4021 up to ${max}`);
}

describe.each([
  ['secrets linked to the task role', secretsProject, 60],
  ['EFS volumes', volumesProject, 40],
])('CX4021 counts %s', (_, project, max) => {
  let over = 0;
  beforeAll(() => {
    over = firstRefused(project, max);
  });

  test('past what the role holds: refused at x-iam, naming what fills it', () => {
    const errors = compileText(project(over)).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.file?.endsWith('compose.yaml'), d.line])).toEqual([['CX4021', true, 5]]);
    expect(errors[0].message).toMatch(new RegExp(`^the task role of family 'api' cannot hold the statements of its ${over} (secrets linked to it|volumes to mount).*: 2 managed policies .* room for 1$`));
    expect(errors[0].hint).toMatch(/split the family/);
  });

  test('the same statements rendered without the 9 managed policies need 2 managed policies: the estimate was right to refuse', () => {
    const compiled = compileText(project(over, false));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = renderModel(compiled.model!);
    expect(renderedTaskRole(result, compiled.model!, compiled.model!.families[0]).managed).toHaveLength(2);
  });

  test('one fewer: not refused, and the rendered role fits in the one managed policy left', () => {
    const dir = projectDir({ 'compose.yaml': project(over - 1) });
    const [row] = expectEstimateAbove({ cwd: dir, files: ['compose.yaml'] });
    expect(row.estimate).toBeGreaterThanOrEqual(row.rendered);
    const compiled = compile({ cwd: dir, files: ['compose.yaml'] });
    const result = renderModel(compiled.model!);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(renderedTaskRole(result, compiled.model!, compiled.model!.families[0]).managed.length).toBeLessThanOrEqual(1);
  });
});

describe('the estimate is an upper bound of the rendered task role', () => {
  test.each<[string, string[]]>([
    ['tweet-app', ['compose.yaml']],
    ['counters', ['compose.yaml', 'compose.rds.yaml']],
    ['django-nginx', ['compose.yaml']],
    ['mongodb', ['docker-compose.yml', 'cloud/docker-compose.override.yml']],
    ['shop', ['compose.yaml']],
    ['queue-worker', ['compose.yaml']],
    ['fanout', ['compose.yaml']],
    ['postgres', ['compose.yaml']],
    ['uploads', ['compose.yaml']],
  ])('example %s', (name, files) => {
    const rows = expectEstimateAbove({ cwd: path.join(EXAMPLES, name), files });
    for (const row of rows) expect(row.estimate).toBeGreaterThanOrEqual(row.rendered);
  });

  test('fixtures: many grants, task-role secrets, a volume, a database user, looked-up resources (one with a long ARN) and x-iam together', () => {
    const queues = Array.from({ length: 120 }, (_, i) => `  q${i}: {Services: {api: {Access: Producer}}}`);
    const text = [
      secretsProject(6, false).replace(
        'services:\n  api:\n    image: api:1\n',
        'services:\n  api:\n    image: api:1\n    volumes: [data:/srv/data]\n    x-iam:\n      Policies:\n        - PolicyName: extra\n          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*"}]}\n',
      ),
      'volumes:\n  data: {}',
      'x-sqs:',
      ...queues,
      '  legacy:',
      '    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:legacy"}',
      '    Services: {api: {Access: Producer}}',
      'x-sns:',
      '  events:',
      `    Lookup: {Arn: "arn:aws:sns:eu-west-1:123456789012:${'t'.repeat(250)}"}`,
      '    Services: {api: {Access: Publish}}',
      'x-rds:',
      '  main:',
      '    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.mysql_aurora.3.08.0", EnableIAMDatabaseAuthentication: true}',
      '    Settings: {DeletionProtection: false}',
      '    Services:',
      '      api: {Access: {DBCluster: RO}, DbUser: app}',
      '',
    ].join('\n');
    const rows = expectEstimateAbove({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'] });
    expect(rows).toHaveLength(1);
    expect(rows[0].estimate).toBeGreaterThanOrEqual(rows[0].rendered);
  });

  test('a looked-up resource is written by its ARN: one longer than a reference is counted in full', () => {
    const text = `services:\n  api:\n    image: api:1\nx-sns:\n  events:\n    Lookup: {Arn: "arn:aws:sns:eu-west-1:123456789012:${'t'.repeat(250)}"}\n    Services: {api: {Access: Publish}}\n`;
    const [row] = expectEstimateAbove({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'] });
    expect(row.rendered).toBeGreaterThan(250);
    expect(row.estimate).toBeGreaterThanOrEqual(row.rendered);
  });
});
