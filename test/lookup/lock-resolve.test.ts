/**
 * Render reads composex.lock.json offline: a Lookup without an entry, or whose query changed, is a
 * located error naming `composex lookup`; an unreadable lock is an error at the lock.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { formatLock, LockEntry } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';

const COMPOSE = `services:
  api:
    image: x
    secrets: [db]
secrets:
  db:
    x-secrets:
      Lookup: {Name: prod/db}
x-cluster:
  Lookup: {Tags: {team: core}}
`;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
const ENTRIES: Record<string, LockEntry> = {
  'secrets.db': { query: { kind: 'secret', secret: { name: 'prod/db' } }, answer: { name: 'prod/db', arn: SECRET_ARN }, takenAt: '2026-12-01T00:00:00.000Z' },
  'x-cluster': {
    query: { kind: 'cluster', cluster: { tags: { team: 'core' } } },
    answer: { clusterName: 'core', clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/core' },
    takenAt: '2026-12-01T00:00:00.000Z',
  },
};

function compile(compose: string, lock?: string) {
  const dir = projectDir({ 'compose.yaml': compose, ...(lock !== undefined ? { 'composex.lock.json': lock } : {}) });
  const result = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  return { ...result, errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint}`) };
}

test('with the lock: the looked-up secret is used by its ARN and the cluster by its ARN', () => {
  const { model, errors } = compile(COMPOSE, formatLock(ENTRIES));
  expect(errors).toEqual([]);
  expect(model!.secrets[0]).toMatchObject({ name: 'db', kind: 'external', ref: SECRET_ARN });
  expect(model!.cluster).toEqual({ kind: 'existing', clusterName: 'core', clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/core' });
});

test('without a lock: each Lookup is an error at its place naming composex lookup', () => {
  const { model, errors } = compile(COMPOSE);
  expect(model).toBeUndefined();
  expect(errors).toEqual([
    expect.stringMatching(/^8:7 CX3680 secrets\.db Lookup needs composex\.lock\.json, which is not there .*\| run `composex lookup`/),
    expect.stringMatching(/^10:3 CX3680 x-cluster Lookup needs composex\.lock\.json/),
  ]);
});

test('a lock without the entry: CX3680', () => {
  const { errors } = compile(COMPOSE, formatLock({ 'x-cluster': ENTRIES['x-cluster'] }));
  expect(errors).toEqual([expect.stringMatching(/^8:7 CX3680 secrets\.db Lookup has no entry in composex\.lock\.json \| run `composex lookup`/)]);
});

test('a query changed since the lock was written: CX3681 at the Lookup', () => {
  const { errors } = compile(COMPOSE.replace('team: core', 'team: data'), formatLock(ENTRIES));
  expect(errors).toEqual([expect.stringMatching(/^10:3 CX3681 x-cluster Lookup changed since composex\.lock\.json was written .*"team": "core".*\| run `composex lookup`/)]);
});

test('tags in another spelling or order are the same query', () => {
  const { errors } = compile(COMPOSE.replace('{Tags: {team: core}}', '{Tags: [{team: core}]}'), formatLock(ENTRIES));
  expect(errors).toEqual([]);
});

test('an unreadable lock is an error at the lock file', () => {
  const { errors, diagnostics } = compile(COMPOSE, '{"version": 1');
  expect(errors).toEqual([expect.stringMatching(/^1:1 CX3682 .*composex\.lock\.json is not JSON/)]);
  expect(diagnostics[0].file).toMatch(/composex\.lock\.json$/);
  expect(compile(COMPOSE, '{"version": 7, "lookups": {}}').errors).toEqual([expect.stringMatching(/CX3682 .* is not a composex lock file of version 1/)]);
});

test('a hand-edited answer missing its fields is stale, not trusted', () => {
  const broken = { ...ENTRIES, 'x-cluster': { ...ENTRIES['x-cluster'], answer: { clusterName: 'core' } as never } };
  expect(compile(COMPOSE, formatLock(broken)).errors).toEqual([expect.stringMatching(/^10:3 CX3681/)]);
});

test('x-vpc Lookup: app subnets run the tasks, with their zones; Lookup mixed with IDs is refused', () => {
  const vpc = `services:\n  api:\n    image: x\nx-vpc:\n  Lookup:\n    VpcId: {Identifier: vpc-0123456789abcdef0}\n    PrivateSubnets: {Tags: [{tier: app}]}\n`;
  const entry: LockEntry = {
    query: { kind: 'vpc', vpc: { identifier: 'vpc-0123456789abcdef0' }, subnets: { AppSubnets: { tags: { tier: 'app' } } } },
    answer: {
      vpcId: 'vpc-0123456789abcdef0',
      vpcArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0',
      subnets: { AppSubnets: [{ subnetId: 'subnet-0000000000000000a', availabilityZone: 'eu-west-1a' }, { subnetId: 'subnet-0000000000000000b', availabilityZone: 'eu-west-1b' }] },
    },
    takenAt: '2026-12-01T00:00:00.000Z',
  };
  const { model, errors } = compile(vpc, formatLock({ 'x-vpc': entry }));
  expect(errors).toEqual([]);
  expect(model!.vpc).toEqual({
    kind: 'existing',
    vpcId: 'vpc-0123456789abcdef0',
    privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    publicSubnetIds: [],
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  });
  expect(compile(`${vpc}  VpcId: vpc-0123456789abcdef0\n`, formatLock({ 'x-vpc': entry })).errors).toEqual([expect.stringMatching(/CX3303 x-vpc has Lookup and VpcId/)]);
  expect(compile(vpc.replace('    PrivateSubnets: {Tags: [{tier: app}]}\n', ''), formatLock({ 'x-vpc': entry })).errors).toEqual([
    expect.stringMatching(/x-vpc\.Lookup does not say which subnets the tasks run in/),
  ]);
});

test('an x-secrets Lookup with the same Name besides is that lookup (ECS ComposeX folds Name into the Lookup)', () => {
  const { errors, model } = compile(COMPOSE.replace('      Lookup: {Name: prod/db}\n', '      Lookup: {Name: prod/db}\n      Name: prod/db\n'), formatLock(ENTRIES));
  expect(errors).toEqual([]);
  expect(model!.secrets[0]).toMatchObject({ name: 'db', kind: 'external', ref: SECRET_ARN });
});

test('the lock is read next to the first compose file', () => {
  const dir = projectDir({ 'deploy/compose.yaml': COMPOSE, 'deploy/composex.lock.json': formatLock(ENTRIES) });
  const result = loadAndCompile({ cwd: dir, files: [path.join(dir, 'deploy', 'compose.yaml')], env: { HOME: '/home/test' } });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});
