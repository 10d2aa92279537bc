/**
 * ECS ComposeX's extra subnet groups: `x-vpc.Use.<Group>: [subnet-…]` or `x-vpc.Lookup.<Group>:
 * {Tags: …}` in an existing VPC, and `networks.<name>.x-vpc: <Group>` running the family of a
 * service on that network in them (its ECS service's AwsvpcConfiguration subnets come from the
 * root parameter `Subnets<Group>`). The load balancer stays in the public subnets, databases in
 * the storage subnets. Refused, each where it is written: an unknown group (CX3020), a family on
 * networks of different groups (CX3021), a group with a VPC composex creates (CX3022), the older
 * flat form (CX3023). `networks.<n>.x-vpc: AppSubnets` / `PublicSubnets` keep their meaning.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import type { LockFile, VpcAnswer } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';
import { pos } from '../resolve/fixtures';

type Template = { Parameters?: Record<string, { Type: string; Default?: string }>; Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const ENV = { HOME: '/home/test' };

function compileText(text: string, lock?: LockFile) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: ENV }, lock ? { lock } : {});
}

function errorsOf(compiled: ReturnType<typeof compileText>) {
  return compiled.diagnostics.filter((d) => d.severity === 'error');
}

function render(compiled: ReturnType<typeof compileText>): RenderResult {
  expect(errorsOf(compiled)).toEqual([]);
  const result = renderModel(compiled.model!);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

function rootOf(result: RenderResult): Template {
  return result.files.find((f) => !f.path.includes('/') && (f.template as unknown as Template).Parameters?.VpcId)!.template as unknown as Template;
}

function template(result: RenderResult, file: string): Template {
  const found = result.files.find((f) => f.path === file);
  if (!found) throw new Error(`no ${file} in ${result.files.map((f) => f.path).join(', ')}`);
  return found.template as unknown as Template;
}

/** The subnets of the ECS service of a family stack. */
function serviceSubnets(result: RenderResult, file: string): unknown {
  const service = Object.values(template(result, file).Resources).find((r) => r.Type === 'AWS::ECS::Service')!;
  return (service.Properties!.NetworkConfiguration as { AwsvpcConfiguration: { Subnets: unknown } }).AwsvpcConfiguration.Subnets;
}

/** The subnet parameters the root gives a nested stack. */
function subnetParameters(root: Template, stack: string): Record<string, unknown> {
  const params = (root.Resources[stack].Properties!.Parameters ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(params).filter(([k]) => k.includes('Subnet')));
}

const IDS = 'VpcId: vpc-0a1b2c3d4e5f67890\n    AppSubnets: [subnet-0a1b2c3d4e5f67891, subnet-0a1b2c3d4e5f67892]\n    PublicSubnets: [subnet-0a1b2c3d4e5f67893, subnet-0a1b2c3d4e5f67894]\n';
const CUSTOM = 'subnet-0a1b2c3d4e5f67897,subnet-0a1b2c3d4e5f67898';

describe('Use.<Group>: ids read at render into a root parameter', () => {
  const text = `services:
  api:
    image: nginx
    ports: ["80:80"]
    networks: [custom01]
  worker:
    image: nginx
    networks: [custom01, back]
  db:
    image: postgres
    networks: [back]
networks:
  custom01:
    x-vpc: Custom01
  back: {}
x-vpc:
  Use:
    ${IDS}    Custom01: [subnet-0a1b2c3d4e5f67897, subnet-0a1b2c3d4e5f67898]
`;
  const compiled = compileText(text);
  const result = render(compiled);
  const root = rootOf(result);

  test('the model: the group in the VPC settings, on the families of the network', () => {
    expect(compiled.model!.vpc).toMatchObject({ kind: 'existing', subnetGroups: [{ name: 'Custom01', subnetIds: CUSTOM.split(',') }] });
    expect(compiled.model!.families.map((f) => [f.name, f.subnetGroup])).toEqual([
      ['api', 'Custom01'],
      ['db', undefined],
      // On custom01 and back (which names no group): the group decides.
      ['worker', 'Custom01'],
    ]);
  });

  test('Subnets<Group> is a root parameter defaulting to the ids', () => {
    expect(root.Parameters!.SubnetsCustom01).toMatchObject({ Type: 'List<AWS::EC2::Subnet::Id>', Default: CUSTOM });
  });

  test("the families on the network run their ECS service in the group's subnets; the others in the private subnets", () => {
    expect(subnetParameters(root, 'FamilyApiStack')).toEqual({ SubnetsCustom01: { 'Fn::Join': [',', { Ref: 'SubnetsCustom01' }] } });
    expect(serviceSubnets(result, 'FamilyApi.json')).toEqual({ Ref: 'SubnetsCustom01' });
    expect(serviceSubnets(result, 'FamilyWorker.json')).toEqual({ Ref: 'SubnetsCustom01' });
    expect(Object.keys(subnetParameters(root, 'FamilyDbStack'))).toEqual(['PrivateSubnetIds']);
    expect(serviceSubnets(result, 'FamilyDb.json')).toEqual({ Ref: 'PrivateSubnetIds' });
  });

  test('the load balancer stays in the public subnets', () => {
    const lbStacks = Object.entries(root.Resources).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack' && Object.keys((r.Properties!.Parameters ?? {}) as object).includes('PublicSubnetIds'));
    expect(lbStacks.length).toBe(1);
    expect(Object.keys(subnetParameters(root, lbStacks[0][0]))).toEqual(['PublicSubnetIds']);
  });

  test('a group no family runs in is no parameter', () => {
    const unused = render(compileText(text.replace('    x-vpc: Custom01\n', '')));
    expect(rootOf(unused).Parameters!.SubnetsCustom01).toBeUndefined();
    expect(serviceSubnets(unused, 'FamilyApi.json')).toEqual({ Ref: 'PrivateSubnetIds' });
  });

  test("an x-events task of the family runs in the group's subnets too", () => {
    const withEvents = render(compileText(`${text}x-events:\n  nightly:\n    Properties: {ScheduleExpression: "rate(1 day)"}\n    Services:\n      worker: {TaskCount: 1}\n`));
    const rules = Object.values(template(withEvents, 'FamilyWorker.json').Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.length).toBe(1);
    const targets = rules[0].Properties!.Targets as { EcsParameters: { NetworkConfiguration: { AwsVpcConfiguration: { Subnets: unknown } } } }[];
    expect(targets.map((t) => t.EcsParameters.NetworkConfiguration.AwsVpcConfiguration.Subnets)).toEqual([{ Ref: 'SubnetsCustom01' }]);
  });

  test('with a public IP, the family runs in its group (with the public IP), as in ECS ComposeX', () => {
    const withIp = compileText(text.replace('    ports: ["80:80"]\n', '    ports: ["80:80"]\n    x-network: {AssignPublicIp: true}\n'));
    const r = render(withIp);
    expect(serviceSubnets(r, 'FamilyApi.json')).toEqual({ Ref: 'SubnetsCustom01' });
  });
});

describe('Lookup.<Group>: the lock answers it', () => {
  const text = `services:
  api:
    image: nginx
    networks: [internal]
networks:
  internal:
    x-vpc: Internal
x-vpc:
  Lookup:
    VpcId: {Tags: [{Name: shared}]}
    AppSubnets: {Tags: [{tier: app}]}
    Internal: {Tags: {tier: internal}}
`;
  const answer: VpcAnswer = {
    vpcId: 'vpc-0123456789abcdef0',
    vpcArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0',
    subnets: { AppSubnets: [{ subnetId: 'subnet-0000000000000000a', availabilityZone: 'eu-west-1a' }] },
    groups: {
      Internal: [
        { subnetId: 'subnet-0000000000000000e', availabilityZone: 'eu-west-1a' },
        { subnetId: 'subnet-0000000000000000f', availabilityZone: 'eu-west-1b' },
      ],
    },
  };
  const query = { kind: 'vpc' as const, vpc: { tags: { Name: 'shared' } }, subnets: { AppSubnets: { tags: { tier: 'app' } } }, groups: { Internal: { tags: { tier: 'internal' } } } };
  const lock = (q: object, a: object): LockFile => ({ version: 1, lookups: { 'x-vpc': { query: q as typeof query, answer: a as VpcAnswer, takenAt: '2026-01-01T00:00:00Z' } } });

  test("renders from the lock: the family's service in the looked-up group", () => {
    const result = render(compileText(text, lock(query, answer)));
    expect(rootOf(result).Parameters!.SubnetsInternal.Default).toBe('subnet-0000000000000000e,subnet-0000000000000000f');
    expect(serviceSubnets(result, 'FamilyApi.json')).toEqual({ Ref: 'SubnetsInternal' });
  });

  test('a lock taken before the group was added is stale (CX3681), at x-vpc.Lookup', () => {
    const { groups: _groups, ...older } = query;
    const { groups: _answers, ...olderAnswer } = answer;
    const errors = errorsOf(compileText(text, lock(older, olderAnswer)));
    const at = pos(text, 'Lookup:');
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`CX3681 ${at.line}:${at.column}`]);
    expect(errors[0].hint).toMatch(/run `composex lookup`/);
  });

  test("the lock entry's query without its answer's groups is refused, not trusted", () => {
    const { groups: _answers, ...noGroups } = answer;
    expect(errorsOf(compileText(text, lock(query, noGroups))).map((d) => d.code)).toEqual(['CX3681']);
  });

  test("ECS ComposeX's vpc.rst 'Extra subnets definition' (its empty selectors given tags by an overlay) renders from a lock", () => {
    const files = ['use-cases/blog.features.yml', 'docs/vpc-extra-subnets.yml', 'composex/vpc-subnet-groups.images.yml', 'composex/vpc-extra-subnets.tags.yml'];
    const tier = (t: string) => ({ tags: { tier: t } });
    const subnet = (id: string, az: string) => ({ subnetId: id, availabilityZone: az });
    const docLock = lock(
      { kind: 'vpc', vpc: { tags: { Name: 'shared' } }, subnets: { AppSubnets: tier('app'), PublicSubnets: tier('public'), StorageSubnets: tier('storage') }, groups: { Custom01: tier('custom01') } },
      {
        vpcId: 'vpc-0123456789abcdef0',
        vpcArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0',
        subnets: {
          AppSubnets: [subnet('subnet-0000000000000000a', 'eu-west-1a'), subnet('subnet-0000000000000000b', 'eu-west-1b')],
          PublicSubnets: [subnet('subnet-0000000000000000c', 'eu-west-1a'), subnet('subnet-0000000000000000d', 'eu-west-1b')],
          StorageSubnets: [subnet('subnet-00000000000000001', 'eu-west-1a'), subnet('subnet-00000000000000002', 'eu-west-1b')],
        },
        groups: { Custom01: [subnet('subnet-0000000000000000e', 'eu-west-1a')] },
      },
    );
    const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files, env: ENV }, { lock: docLock });
    const result = render(compiled);
    expect(compiled.model!.families.find((f) => f.name === 'serviceA')!.subnetGroup).toBe('Custom01');
    expect(serviceSubnets(result, 'FamilyServiceA.json')).toEqual({ Ref: 'SubnetsCustom01' });
  });
});

describe('refused, each where it is written', () => {
  const base = (vpc: string, networks: string, services = 'services:\n  api:\n    image: nginx\n    networks: [internal]\n') => `${services}networks:\n${networks}${vpc}`;
  const useVpc = `x-vpc:\n  Use:\n    ${IDS}    Internal: [subnet-0a1b2c3d4e5f67897]\n`;
  const located = (text: string) => errorsOf(compileText(text)).map((d) => `${d.code} ${d.line}:${d.column}`);

  test('CX3020: a network naming an undeclared group, with did you mean', () => {
    const text = base(useVpc, '  internal:\n    x-vpc: Internl\n');
    const errors = errorsOf(compileText(text));
    const at = pos(text, 'Internl');
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`CX3020 ${at.line}:${at.column}`]);
    expect(errors[0].message).toBe('networks.internal.x-vpc names subnet group Internl, which x-vpc does not declare');
    expect(errors[0].hint).toBe('did you mean Internal?');
  });

  test('CX3020: nothing close: the hint says where to declare it and lists the groups', () => {
    const errors = errorsOf(compileText(base(useVpc, '  internal:\n    x-vpc: Backoffice\n')));
    expect(errors.map((d) => d.code)).toEqual(['CX3020']);
    expect(errors[0].hint).toBe('declare it under x-vpc.Lookup (Backoffice: {Tags: [{key: value}]}) or x-vpc.Use (Backoffice: [subnet-…]), or name one of Internal, AppSubnets, PublicSubnets');
  });

  test('CX3020: not a name', () => {
    const text = base(useVpc, '  internal:\n    x-vpc: [Internal]\n');
    const at = pos(text, '[Internal]');
    expect(located(text)).toEqual([`CX3020 ${at.line}:${at.column}`]);
  });

  test('CX3021: a family whose services are on networks of different groups, at the second network of the service', () => {
    const services = `services:
  api:
    image: nginx
    networks: [internal]
    deploy: {labels: {ecs.task.family: app}}
  sidecar:
    image: nginx
    networks: [public]
    deploy: {labels: {ecs.task.family: app}}
    x-network: {AssignPublicIp: true}
`;
    const text = base(useVpc, '  internal:\n    x-vpc: Internal\n  public:\n    x-vpc: PublicSubnets\n', services);
    const errors = errorsOf(compileText(text));
    const at = pos(text, 'public]');
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`CX3021 ${at.line}:${at.column}`]);
    expect(errors[0].message).toBe(
      "family 'app' is on network 'internal' (x-vpc: Internal, through 'api') and network 'public' (x-vpc: PublicSubnets, through 'sidecar'), but ECS runs the tasks of a service in one set of subnets",
    );
    expect(errors[0].hint).toMatch(/^put the services of family 'app' on networks of one subnet group, or give 'sidecar' a family of its own/);
  });

  test('CX3021: two extra groups in one family; one service on both', () => {
    const vpc = `x-vpc:\n  Use:\n    ${IDS}    Internal: [subnet-0a1b2c3d4e5f67897]\n    Other: [subnet-0a1b2c3d4e5f67898]\n`;
    const text = base(vpc, '  internal:\n    x-vpc: Internal\n  other:\n    x-vpc: Other\n', 'services:\n  api:\n    image: nginx\n    networks: [internal, other]\n');
    const at = pos(text, 'other]');
    expect(located(text)).toEqual([`CX3021 ${at.line}:${at.column}`]);
  });

  test('CX3022: a group with a VPC composex creates (no x-vpc, or Properties)', () => {
    const none = base('', '  internal:\n    x-vpc: Internal\n');
    const at = pos(none, 'Internal');
    const errors = errorsOf(compileText(none));
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`CX3022 ${at.line}:${at.column}`]);
    expect(errors[0].hint).toMatch(/^use an existing VPC with the group: x-vpc: \{Lookup: \{VpcId: \{Tags: …\}, AppSubnets: \{Tags: …\}, Internal: \{Tags: …\}\}\}/);
    expect(located(base('x-vpc:\n  Properties: {MaxAzs: 2}\n', '  internal:\n    x-vpc: Internal\n'))).toEqual([`CX3022 ${at.line}:${at.column}`]);
  });

  test('Use.<Group> empty: CX3303 at the group; a near miss of a key (AppSubnet) stays CX3301', () => {
    const text = `${base(`x-vpc:\n  Use:\n    ${IDS}    Internal: []\n    AppSubnet: [subnet-0a1b2c3d4e5f67898]\n`, '  internal: {}\n')}`;
    const group = pos(text, 'Internal: []');
    const typo = pos(text, 'AppSubnet:');
    expect(located(text)).toEqual([`CX3303 ${group.line}:${group.column}`, `CX3301 ${typo.line}:${typo.column}`]);
  });

  test('CX3023: the flat form of docs/network-vpc-mapping.yml, with the hint to put it under Lookup', () => {
    const r = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', 'docs/network-vpc-mapping.yml', 'composex/vpc-subnet-groups.images.yml'], env: ENV }, {});
    const flat = errorsOf(r).filter((d) => d.file?.endsWith('network-vpc-mapping.yml') && d.code === 'CX3023');
    expect(flat.map((d) => `${d.line}:${d.column}`)).toEqual(['17:3']);
    expect(flat[0].hint).toMatch(/^move InteralCustomSubnets under x-vpc\.Lookup, with VpcId and AppSubnets there/);
    // The network naming it is not reported again: the group is declared, in the wrong place.
    expect(errorsOf(r).filter((d) => d.line === 6)).toEqual([]);
  });

  test('CX3023 beside Lookup too', () => {
    const text = base('x-vpc:\n  Lookup:\n    VpcId: {Tags: {Name: shared}}\n    AppSubnets: {Tags: {tier: app}}\n  Internal: {Tags: {tier: internal}}\n', '  internal:\n    x-vpc: Internal\n');
    const at = pos(text, 'Internal: {Tags');
    expect(located(text)).toEqual(expect.arrayContaining([`CX3023 ${at.line}:${at.column}`]));
    expect(located(text).filter((e) => e.startsWith('CX3303'))).toEqual([]);
  });
});

describe('networks.<n>.x-vpc: AppSubnets and PublicSubnets keep their meaning', () => {
  test('AppSubnets: no error, the private subnets', () => {
    const compiled = compileText(`services:\n  api:\n    image: nginx\n    networks: [internal]\nnetworks:\n  internal:\n    x-vpc: AppSubnets\nx-vpc:\n  Use:\n    ${IDS}`);
    expect(serviceSubnets(render(compiled), 'FamilyApi.json')).toEqual({ Ref: 'PrivateSubnetIds' });
  });

  const text = (publicIp: string) =>
    `services:\n  web:\n    image: nginx\n    networks: [public]\n${publicIp}  worker:\n    image: nginx\n    networks: [public]\n    x-network: {AssignPublicIp: true}\nnetworks:\n  public:\n    x-vpc: PublicSubnets\n`;

  test('PublicSubnets, every service of the network with a public IP: no error', () => {
    const compiled = compileText(text('    x-network: {AssignPublicIp: true}\n'));
    expect(errorsOf(compiled)).toEqual([]);
    expect(compiled.model!.families.map((f) => [f.name, f.assignPublicIp, f.subnetGroup])).toEqual([
      ['web', true, undefined],
      ['worker', true, undefined],
    ]);
  });

  test('PublicSubnets, a service of the network without one: CX3303 at the key, naming it', () => {
    const t = text('');
    const errors = errorsOf(compileText(t));
    const at = pos(t, 'x-vpc: PublicSubnets');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX3303', at.line, at.column]]);
    expect(errors[0].message).toContain("but 'web' has no public IP");
    expect(errors[0].hint).toBe('add x-network: {AssignPublicIp: true} to web, or remove x-vpc: PublicSubnets from the network to run them in the AppSubnets');
  });
});

test("ECS ComposeX's how-to 'deploy a service to public subnets': renders, nginx in the public subnets with a public IP", () => {
  const r = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['docs/howto-public-subnets-vpc.yml'], env: ENV }, {});
  expect(errorsOf(r)).toEqual([]);
  expect(r.model!.families.find((f) => f.name === 'nginx')!.assignPublicIp).toBe(true);
});
