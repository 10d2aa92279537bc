/**
 * `x-vpc` `StorageSubnets` (ECS ComposeX's VpcUse and VpcLookup): where ECS ComposeX puts its DB
 * subnet groups and EFS mount targets, and composex its databases, caches and EFS mount targets.
 * The documentation's `Use` snippet renders with its placeholders replaced by ids (an overlay);
 * without storage subnets nothing moves.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { formatLock, LockEntry } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';
import { pos } from '../resolve/fixtures';

type Template = { Parameters?: Record<string, { Type: string; Default?: string }>; Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = ['use-cases/blog.features.yml', 'use-cases/rds/rds_basic.yml', 'use-cases/elasticache/create_only.yml'];
const STORAGE = 'subnet-0a1b2c3d4e5f67895,subnet-0a1b2c3d4e5f67896';

function compileFiles(files: string[]) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files, env: { HOME: '/home/test' } }, {});
}

function render(files: string[]): RenderResult {
  const compiled = compileFiles(files);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = renderModel(compiled.model!);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

function template(result: RenderResult, file: string): Template {
  const found = result.files.find((f) => f.path === file);
  if (!found) throw new Error(`no ${file} in ${result.files.map((f) => f.path).join(', ')}`);
  return found.template as unknown as Template;
}

function ofType(t: Template, type: string): Record<string, unknown>[] {
  return Object.values(t.Resources)
    .filter((r) => r.Type === type)
    .map((r) => r.Properties ?? {});
}

/** The subnet parameter each nested stack is given by the root. */
function subnetParameters(root: Template, stack: string): string[] {
  const params = (root.Resources[stack].Properties!.Parameters ?? {}) as Record<string, unknown>;
  return Object.keys(params).filter((k) => k.endsWith('SubnetIds')).sort();
}

describe('docs/vpc-use.yml (x-vpc.Use with StorageSubnets), ids from composex/vpc-use.ids.yml', () => {
  const result = render([...BASE, 'docs/vpc-use.yml', 'composex/vpc-use.ids.yml']);
  const root = template(result, 'ecs-composex.json');

  test('the storage subnets are a root parameter beside the app and public subnets', () => {
    const params = root.Parameters!;
    expect(params.StorageSubnetIds).toMatchObject({ Type: 'List<AWS::EC2::Subnet::Id>', Default: STORAGE });
    expect(params.PrivateSubnetIds.Default).toBe('subnet-0a1b2c3d4e5f67891,subnet-0a1b2c3d4e5f67892');
    expect(params.PublicSubnetIds.Default).toBe('subnet-0a1b2c3d4e5f67893,subnet-0a1b2c3d4e5f67894');
  });

  test('databases, caches and EFS mount targets are in the storage subnets; the tasks stay in the app subnets', () => {
    expect(subnetParameters(root, 'DatabasesStack')).toEqual(['StorageSubnetIds']);
    expect(subnetParameters(root, 'CachesStack')).toEqual(['StorageSubnetIds']);
    expect(subnetParameters(root, 'StorageStack')).toEqual(['StorageSubnetIds']);
    const databases = ofType(template(result, 'Databases.json'), 'AWS::RDS::DBSubnetGroup');
    expect(databases.length).toBeGreaterThan(0);
    for (const group of databases) expect(group.SubnetIds).toEqual({ Ref: 'StorageSubnetIds' });
    const caches = ofType(template(result, 'Caches.json'), 'AWS::ElastiCache::SubnetGroup');
    expect(caches.length).toBeGreaterThan(0);
    for (const group of caches) expect(group.SubnetIds).toEqual({ Ref: 'StorageSubnetIds' });
    const mounts = ofType(template(result, 'Storage.json'), 'AWS::EFS::MountTarget');
    // Two storage subnets: two mount targets per volume, one in each.
    expect(mounts.map((m) => JSON.stringify(m.SubnetId)).filter((s) => s.includes('"Fn::Select":[0,{"Ref":"StorageSubnetIds"}]')).length).toBe(mounts.length / 2);
    for (const family of Object.keys(root.Resources).filter((k) => k.startsWith('Family'))) {
      expect(subnetParameters(root, family)).toEqual(['PrivateSubnetIds']);
    }
  });

  test('without StorageSubnets, they stay in the private subnets', () => {
    const dir = projectDir({
      'compose.yaml': 'services:\n  api:\n    image: nginx\n    volumes: [data:/data]\nvolumes:\n  data: {}\nx-vpc:\n  Use:\n    VpcId: vpc-0a1b2c3d4e5f67890\n    AppSubnets: [subnet-0a1b2c3d4e5f67891, subnet-0a1b2c3d4e5f67892]\n',
    });
    const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plain = renderModel(compiled.model!);
    const plainRoot = template(plain, plain.files.find((f) => f.path === f.path.toLowerCase() && f.path.endsWith('.json') && f.path !== 'manifest.json')!.path);
    expect(plainRoot.Parameters!.StorageSubnetIds).toBeUndefined();
    expect(subnetParameters(plainRoot, 'StorageStack')).toEqual(['PrivateSubnetIds']);
  });
});

describe('the snippet unchanged: only its placeholders are refused, each where it is written', () => {
  test('vpc-id and subnet-id are CX3303 at the value; StorageSubnets is a key composex reads', () => {
    const compiled = compileFiles(['use-cases/blog.features.yml', 'docs/vpc-use.yml']);
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error' && d.file?.endsWith('vpc-use.yml'));
    expect(errors.map((d) => d.code).every((c) => c === 'CX3303')).toBe(true);
    expect(errors.map((d) => `${d.line}:${d.column}`)).toEqual(['6:12', '8:9', '9:9', '11:9', '12:9', '14:9', '15:9']);
    expect(errors[3].message).toBe("'subnet-id' in x-vpc.Use.StorageSubnets is not a valid id");
  });
});

describe('StorageSubnets checks (resolve)', () => {
  function errorsOf(compose: string) {
    const dir = projectDir({ 'compose.yaml': compose });
    const r = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
    return { r, errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`) };
  }
  const vpc = (storage: string) =>
    `services:\n  api:\n    image: nginx\nx-vpc:\n  VpcId: vpc-0a1b2c3d4e5f67890\n  PrivateSubnets: [subnet-0a1b2c3d4e5f67891, subnet-0a1b2c3d4e5f67892]\n  StorageSubnets: ${storage}\n`;

  test('an id that is not a subnet id, and an empty list, are located errors', () => {
    const text = vpc('[subnet-0a1b2c3d4e5f67895, sg-0a1b2c3d4e5f67896]');
    const at = pos(text, 'sg-0a1b');
    expect(errorsOf(text).errors).toEqual([`${at.line}:${at.column} CX3303 'sg-0a1b2c3d4e5f67896' in x-vpc.StorageSubnets is not a valid id`]);
    expect(errorsOf(vpc('[]')).errors).toEqual([`7:3 CX3303 x-vpc StorageSubnets is empty`]);
  });

  test('the storage subnets may be the app subnets', () => {
    const { r, errors } = errorsOf(vpc('[subnet-0a1b2c3d4e5f67891, subnet-0a1b2c3d4e5f67892]'));
    expect(errors).toEqual([]);
    expect(r.model!.vpc).toMatchObject({ storageSubnetIds: ['subnet-0a1b2c3d4e5f67891', 'subnet-0a1b2c3d4e5f67892'] });
  });

  test('one storage subnet with x-rds: a DB subnet group needs two zones (CX3620 at StorageSubnets)', () => {
    const text = `${vpc('[subnet-0a1b2c3d4e5f67895]')}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4", DBInstanceClass: db.t4g.micro, AllocatedStorage: "20"}\n`;
    const { errors } = errorsOf(text);
    expect(errors).toContainEqual(expect.stringMatching(/^7:19 CX3620 x-vpc gives 1 storage subnet, but database 'db' \(x-rds\) needs storage subnets in two availability zones/));
  });
});

test('x-vpc Lookup StorageSubnets (docs/vpc-lookup.yml) answered by the lock: the storage subnets of the model', () => {
  const snippet = require('fs').readFileSync(path.join(DIR, 'docs', 'vpc-lookup.yml'), 'utf8') as string;
  const subnet = (id: string, zone: string) => ({ subnetId: id, availabilityZone: zone });
  const entry: LockEntry = {
    query: {
      kind: 'vpc',
      vpc: { tags: { key: 'value' } },
      subnets: {
        AppSubnets: { tags: { 'vpc::usage': 'application' } },
        PublicSubnets: { tags: { 'vpc::usage': 'public' } },
        StorageSubnets: { tags: { 'vpc::usage': 'storage0' } },
      },
    },
    answer: {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f67890',
      subnets: {
        AppSubnets: [subnet('subnet-0a1b2c3d4e5f67891', 'eu-west-1a'), subnet('subnet-0a1b2c3d4e5f67892', 'eu-west-1b')],
        PublicSubnets: [subnet('subnet-0a1b2c3d4e5f67893', 'eu-west-1a'), subnet('subnet-0a1b2c3d4e5f67894', 'eu-west-1b')],
        StorageSubnets: [subnet('subnet-0a1b2c3d4e5f67895', 'eu-west-1a'), subnet('subnet-0a1b2c3d4e5f67896', 'eu-west-1b')],
      },
    },
    takenAt: '2026-12-01T00:00:00.000Z',
  };
  const dir = projectDir({ 'compose.yaml': `${snippet}services:\n  api:\n    image: nginx\n`, 'composex.lock.json': formatLock({ 'x-vpc': entry }) });
  const r = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.model!.vpc).toMatchObject({ kind: 'existing', storageSubnetIds: ['subnet-0a1b2c3d4e5f67895', 'subnet-0a1b2c3d4e5f67896'] });
});
