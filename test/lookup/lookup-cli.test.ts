/**
 * `composex lookup` against mocked AWS clients (aws-sdk-client-mock, client level), then `render`
 * reading the lock it wrote: the templates use the looked-up IDs and ARNs, and render calls no AWS.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const sm = mockClient(SecretsManagerClient);

const ACCOUNT = '123456789012';
const VPC = 'vpc-0123456789abcdef0';
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbCdEf`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const CLUSTER_ARN = `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/core`;

export const COMPOSE = `name: shop
services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    ports: ["80:80"]
    secrets: [db]
secrets:
  db:
    x-secrets:
      Lookup: {Tags: [{app: shop}, {env: prod}]}
      VarName: DB
x-vpc:
  Lookup:
    VpcId: {Tags: [{Name: shared}]}
    AppSubnets: {Tags: [{tier: app}]}
    PublicSubnets: {Tags: {tier: public}}
x-cluster:
  Lookup: {Tags: [{team: core}]}
`;

const subnet = (id: string, az: string, tier: string) => ({ SubnetId: id, AvailabilityZone: az, VpcId: VPC, Tags: [{ Key: 'tier', Value: tier }] });

function answerEverything(): void {
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, OwnerId: ACCOUNT, Tags: [{ Key: 'Name', Value: 'shared' }] }] });
  // Two pages of app subnets: both are read.
  ec2
    .on(DescribeSubnetsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC] }, { Name: 'tag:tier', Values: ['app'] }] })
    .resolvesOnce({ Subnets: [subnet('subnet-0000000000000000b', 'eu-west-1b', 'app')], NextToken: 'page2' })
    .resolves({ Subnets: [subnet('subnet-0000000000000000a', 'eu-west-1a', 'app')] });
  ec2.on(DescribeSubnetsCommand, { Filters: [{ Name: 'vpc-id', Values: [VPC] }, { Name: 'tag:tier', Values: ['public'] }] }).resolves({
    Subnets: [subnet('subnet-0000000000000000d', 'eu-west-1b', 'public'), subnet('subnet-0000000000000000c', 'eu-west-1a', 'public')],
  });
  ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER_ARN, `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/other`] });
  ecs.on(DescribeClustersCommand).resolves({
    clusters: [
      { clusterName: 'core', clusterArn: CLUSTER_ARN, status: 'ACTIVE', tags: [{ key: 'team', value: 'core' }] },
      { clusterName: 'other', clusterArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/other`, status: 'ACTIVE', tags: [{ key: 'team', value: 'data' }] },
    ],
  });
  sm.on(ListSecretsCommand).resolves({
    SecretList: [
      { Name: 'prod/db', ARN: SECRET_ARN, KmsKeyId: KEY_ARN, Tags: [{ Key: 'app', Value: 'shop' }, { Key: 'env', Value: 'prod' }] },
      { Name: 'staging/db', ARN: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:staging/db-XyZ123`, Tags: [{ Key: 'app', Value: 'shop' }, { Key: 'env', Value: 'staging' }] },
    ],
  });
}

const lookup = (dir: string, args: string[] = []) => runCli(['lookup', '--region', 'eu-west-1', ...args], dir, env);
const lockOf = (dir: string) => fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8');

beforeEach(() => {
  ec2.reset();
  ecs.reset();
  sm.reset();
});

describe('composex lookup', () => {
  test('answers every Lookup and writes a sorted, deterministic lock (takenAt aside)', async () => {
    answerEverything();
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const r = await lookup(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote composex.lock.json (3 lookups)');
    const first = lockOf(dir);
    const lock = JSON.parse(first);
    expect(Object.keys(lock.lookups)).toEqual(['secrets.db', 'x-cluster', 'x-vpc']);
    expect(lock.lookups['x-vpc'].answer).toEqual({
      vpcId: VPC,
      vpcArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/${VPC}`,
      subnets: {
        AppSubnets: [
          { subnetId: 'subnet-0000000000000000a', availabilityZone: 'eu-west-1a' },
          { subnetId: 'subnet-0000000000000000b', availabilityZone: 'eu-west-1b' },
        ],
        PublicSubnets: [
          { subnetId: 'subnet-0000000000000000c', availabilityZone: 'eu-west-1a' },
          { subnetId: 'subnet-0000000000000000d', availabilityZone: 'eu-west-1b' },
        ],
      },
    });
    // Tags in either ECS ComposeX spelling normalize to one sorted mapping.
    expect(lock.lookups['x-vpc'].query.subnets.PublicSubnets).toEqual({ tags: { tier: 'public' } });
    expect(lock.lookups['secrets.db'].query).toEqual({ kind: 'secret', secret: { tags: { app: 'shop', env: 'prod' } } });
    expect(lock.lookups['secrets.db'].answer).toEqual({ name: 'prod/db', arn: SECRET_ARN, kmsKeyId: KEY_ARN });
    expect(lock.lookups['x-cluster'].answer).toEqual({ clusterName: 'core', clusterArn: CLUSTER_ARN });
    expect(ec2.commandCalls(DescribeSubnetsCommand).length).toBe(3); // two pages of app subnets, one of public

    // Sorted keys at every level.
    const keysSorted = (v: unknown): boolean =>
      Array.isArray(v) ? v.every(keysSorted) : v !== null && typeof v === 'object' ? Object.keys(v).join() === Object.keys(v).sort().join() && Object.values(v).every(keysSorted) : true;
    expect(keysSorted(lock)).toBe(true);

    // Same answers → same bytes, except takenAt.
    for (const mock of [ec2, ecs, sm]) mock.reset();
    answerEverything();
    expect((await lookup(dir)).code).toBe(0);
    const strip = (t: string) => t.replace(/"takenAt": "[^"]+"/g, '"takenAt": "-"');
    expect(strip(lockOf(dir))).toBe(strip(first));
    expect(first).toMatch(/"takenAt": "\d{4}-\d\d-\d\dT/);
  });

  test('then render reads the lock offline: subnets, VPC, cluster and the secret by its ARN', async () => {
    answerEverything();
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    expect((await lookup(dir)).code).toBe(0);
    ec2.reset();
    ecs.reset();
    sm.reset();
    const r = await runCli(['render', '-o', 'out', '-q'], dir);
    expect(r.code).toBe(0);
    // The one warning: an existing cluster needs the capacity providers the services use.
    expect(r.stderr.match(/(error|warning) CX\d+/g)).toEqual(['warning CX3307']);
    expect(ec2.calls().length + ecs.calls().length + sm.calls().length).toBe(0);
    const out = fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    const all = out.map((f) => fs.readFileSync(path.join(dir, 'out', f), 'utf8')).join('\n');
    for (const id of [VPC, 'subnet-0000000000000000a', 'subnet-0000000000000000b', SECRET_ARN, KEY_ARN]) expect(all).toContain(id);
    expect(all).not.toContain('staging/db');
    // The services run in the looked-up cluster (named by its ARN, as when x-cluster gives one).
    expect(all).toContain(`"${CLUSTER_ARN}"`);
    expect(all).not.toContain('AWS::ECS::Cluster');
  });

  test('several matches: an error at the Lookup listing them (names, ARNs, tags); the lock is not written', async () => {
    answerEverything();
    sm.on(ListSecretsCommand).resolves({
      SecretList: [
        { Name: 'prod/db', ARN: SECRET_ARN, Tags: [{ Key: 'app', Value: 'shop' }, { Key: 'env', Value: 'prod' }] },
        { Name: 'prod/db-copy', ARN: `${SECRET_ARN}x`, Tags: [{ Key: 'app', Value: 'shop' }, { Key: 'env', Value: 'prod' }, { Key: 'copy', Value: 'yes' }] },
      ],
    });
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const r = await lookup(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose.yaml:10:7: error CX6081: secrets.db Lookup finds 2 secrets with tags app=shop, env=prod, and needs exactly one');
    expect(r.stderr).toContain(`- prod/db (${SECRET_ARN}) tags: app=shop, env=prod`);
    expect(r.stderr).toContain(`- prod/db-copy (${SECRET_ARN}x) tags: app=shop, copy=yes, env=prod`);
    expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
  });

  test('no match: an error at the Lookup; every Lookup is reported in one run', async () => {
    answerEverything();
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    ecs.on(ListClustersCommand).resolves({ clusterArns: [] });
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const r = await lookup(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose.yaml:13:3: error CX6080: x-vpc Lookup finds no VPC with tags Name=shared');
    expect(r.stderr).toContain('compose.yaml:18:3: error CX6080: x-cluster Lookup finds no ECS cluster with tags team=core');
  });

  test('tags filter: a cluster is chosen by every tag of the query, across ListClusters pages', async () => {
    answerEverything();
    ecs.on(ListClustersCommand).resolvesOnce({ clusterArns: [`arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/other`], nextToken: 'n' }).resolves({ clusterArns: [CLUSTER_ARN] });
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    expect((await lookup(dir)).code).toBe(0);
    expect(ecs.commandCalls(ListClustersCommand).length).toBe(2);
    expect(ecs.commandCalls(DescribeClustersCommand)[0].args[0].input).toEqual({ clusters: [`arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/other`, CLUSTER_ARN], include: ['TAGS'] });
    expect(JSON.parse(lockOf(dir)).lookups['x-cluster'].answer.clusterName).toBe('core');
  });

  test('a secret by name matches the exact name, not the prefix ListSecrets matches', async () => {
    sm.on(ListSecretsCommand, { Filters: [{ Key: 'name', Values: ['prod/db'] }] }).resolves({
      SecretList: [
        { Name: 'prod/db-old', ARN: `${SECRET_ARN}old` },
        { Name: 'prod/db', ARN: SECRET_ARN },
      ],
    });
    const dir = projectDir({ 'compose.yaml': 'services:\n  api:\n    image: x\n    secrets: [db]\nsecrets:\n  db:\n    x-secrets: {Lookup: {Name: prod/db}}\n' });
    const r = await lookup(dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(lockOf(dir)).lookups['secrets.db'].answer).toEqual({ name: 'prod/db', arn: SECRET_ARN });
  });

  test('a project without Lookup: nothing to do, no AWS call', async () => {
    const dir = projectDir({ 'compose.yaml': 'services:\n  api:\n    image: x\n' });
    const r = await lookup(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no Lookup in the project');
    expect(ec2.calls().length + ecs.calls().length + sm.calls().length).toBe(0);
  });
});
