/**
 * `deploy` and `plan` answer the Lookups first when composex.lock.json is missing or stale
 * (`--refresh-lookups`: always) and show what changed since the last lock; with a lock that answers
 * every Lookup they ask AWS nothing for lookups. The lookup clients are mocked with
 * aws-sdk-client-mock, CloudFormation and S3 by the fake cloud.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { DescribeCacheClustersCommand, DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { projectDir } from '../helpers/project-dir';
import { FakeCloud } from './fake-aws';
import { runAws } from './helpers';

const sqs = mockClient(SQSClient);
const ACCOUNT = '123456789012';
const URL_JOBS = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`;
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const COMPOSE = `name: shop
services:
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
x-sqs:
  jobs:
    Lookup: {Tags: [{app: shop}]}
    Services: {worker: {Access: RWMessages}}
`;
const PLAN = ['plan', '--region', 'eu-west-1', '--no-validate'];
const env = { HOME: '/home/test', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' };
const lockFile = (dir: string) => path.join(dir, 'composex.lock.json');

function answer(kmsKeyId?: string): void {
  sqs.reset();
  sqs.on(ListQueuesCommand).resolvesOnce({ QueueUrls: [`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/other`], NextToken: 'p2' }).resolves({ QueueUrls: [URL_JOBS] });
  sqs.on(ListQueueTagsCommand).resolves({ Tags: { app: 'billing' } });
  sqs.on(ListQueueTagsCommand, { QueueUrl: URL_JOBS }).resolves({ Tags: { app: 'shop' } });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: URL_JOBS }).resolves({ Attributes: { QueueArn: QUEUE_ARN, ...(kmsKeyId ? { KmsMasterKeyId: kmsKeyId } : {}) } });
}

/** Every template uploaded for the change set (the fake cloud keeps the objects). */
const uploaded = (cloud: FakeCloud) => [...cloud.objects.values()].join('\n');

beforeEach(() => sqs.reset());

test('plan without a lock: looks up first, shows the answers, plans with them, writes no lock', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const cloud = new FakeCloud();
  const r = await runAws(cloud, PLAN, dir, { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Looking up existing infrastructure (composex.lock.json is missing): 1 lookup');
  expect(r.stdout).toContain(`Lookups changed since no lock:\n  + x-sqs.jobs: ${QUEUE_ARN}\n`);
  expect(r.stdout).toContain('composex.lock.json is not written');
  expect(sqs.commandCalls(ListQueuesCommand)).toHaveLength(2);
  expect(fs.existsSync(lockFile(dir))).toBe(false);
  expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(1);
  expect(uploaded(cloud)).toContain(QUEUE_ARN);
});

test('deploy writes the lock; a later plan with that lock asks AWS nothing for lookups', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const cloud = new FakeCloud();
  const deployed = await runAws(cloud, ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', '--no-wait'], dir, { env });
  expect(deployed.stderr).toBe('');
  expect(deployed.stdout).toContain('Wrote composex.lock.json: commit it');
  const lock = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'));
  expect(lock.lookups['x-sqs.jobs'].answer).toEqual({ name: 'jobs', arn: QUEUE_ARN, url: URL_JOBS });

  sqs.reset();
  const planned = await runAws(new FakeCloud(), PLAN, dir, { env });
  expect(planned.code).toBe(0);
  expect(planned.stdout).not.toContain('Looking up');
  expect(sqs.calls()).toHaveLength(0);
});

test('a Lookup changed since the lock: looked up again; --refresh-lookups shows an answer that changed', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  await runAws(new FakeCloud(), ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', '--no-wait'], dir, { env });
  const first = fs.readFileSync(lockFile(dir), 'utf8');

  // Stale: the query is no longer the one the lock answers.
  answer();
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE.replace('{Tags: [{app: shop}]}', '{Name: jobs}'));
  sqs.on(GetQueueAttributesCommand, { QueueUrl: URL_JOBS }).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
  sqs.on(GetQueueUrlCommand, { QueueName: 'jobs' }).resolves({ QueueUrl: URL_JOBS });
  const stale = await runAws(new FakeCloud(), PLAN, dir, { env });
  expect(stale.code).toBe(0);
  expect(stale.stdout).toContain('Looking up existing infrastructure (composex.lock.json does not answer x-sqs.jobs as written)');
  expect(stale.stdout).toContain('~ x-sqs.jobs: query {"kind":"queue","resource":{"tags":{"app":"shop"}}} → {"kind":"queue","resource":{"name":"jobs"}}');
  expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(first); // plan writes nothing

  // Forced, with the same query: the queue is now encrypted with a customer key.
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  answer(KEY_ARN);
  const forced = await runAws(new FakeCloud(), ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', '--no-wait', '--refresh-lookups'], dir, { env });
  expect(forced.stderr).toBe('');
  expect(forced.stdout).toContain('Looking up existing infrastructure (--refresh-lookups): 1 lookup');
  expect(forced.stdout).toContain(`Lookups changed since the last composex.lock.json:\n  ~ x-sqs.jobs: kmsKeyId: (none) → ${KEY_ARN}\n`);
  expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).lookups['x-sqs.jobs'].answer.kmsKeyId).toBe(KEY_ARN);

  // Forced again with the same answers: said so, nothing listed.
  answer(KEY_ARN);
  const same = await runAws(new FakeCloud(), [...PLAN, '--refresh-lookups'], dir, { env });
  expect(same.stdout).toContain('Lookups: the same answers as composex.lock.json.');
});

test('a lookup that finds several: CX6081, nothing planned, no change set', async () => {
  answer();
  sqs.on(ListQueueTagsCommand).resolves({ Tags: { app: 'shop' } });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:other` } });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: URL_JOBS }).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const cloud = new FakeCloud();
  const r = await runAws(cloud, PLAN, dir, { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:7:5: error CX6081: x-sqs.jobs Lookup finds 2 queues with tags app=shop');
  expect(r.stderr).toContain('composex.lock.json is left as it was; nothing was planned');
  expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
});

test('a looked-up cache: plan names it by its ARN (not as a VPC), and shows its security groups when they change', async () => {
  const ec = mockClient(ElastiCacheClient);
  const CACHE_ARN = `arn:aws:elasticache:eu-west-1:${ACCOUNT}:replicationgroup:sessions`;
  const VPC = 'vpc-0123456789abcdef0';
  const answerCache = (groups: string[]) => {
    ec.reset();
    ec.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [
        {
          ReplicationGroupId: 'sessions',
          ARN: CACHE_ARN,
          Status: 'available',
          Engine: 'valkey',
          MemberClusters: ['sessions-001'],
          NodeGroups: [{ PrimaryEndpoint: { Address: 'master.sessions.abc.euw1.cache.amazonaws.com', Port: 6379 } }],
          TransitEncryptionEnabled: true,
        },
      ],
    });
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [{ CacheClusterId: 'sessions-001', EngineVersion: '8.0.1', CacheSubnetGroupName: 'shared', SecurityGroups: groups.map((SecurityGroupId) => ({ SecurityGroupId, Status: 'active' })) }],
    });
    ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [{ VpcId: VPC }] });
  };
  const compose = `name: shop
services:
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
x-vpc:
  VpcId: ${VPC}
  PrivateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
x-elasticache:
  sessions:
    Lookup: {Name: sessions}
    Services: {worker: {}}
`;
  try {
    answerCache(['sg-0aaaaaaaaaaaaaaaa']);
    const dir = projectDir({ 'compose.yaml': compose });
    const first = await runAws(new FakeCloud(), ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', '--no-wait'], dir, { env });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`+ x-elasticache.sessions: ${CACHE_ARN}`);

    answerCache(['sg-0bbbbbbbbbbbbbbbb', 'sg-0aaaaaaaaaaaaaaaa']);
    const cloud = new FakeCloud();
    const refreshed = await runAws(cloud, [...PLAN, '--refresh-lookups'], dir, { env });
    expect(refreshed.stderr).toBe('');
    expect(refreshed.stdout).toContain('~ x-elasticache.sessions: securityGroupIds: ["sg-0aaaaaaaaaaaaaaaa"] → ["sg-0bbbbbbbbbbbbbbbb","sg-0aaaaaaaaaaaaaaaa"]');
    // The plan's templates open the new first group.
    expect(uploaded(cloud)).toContain('sg-0bbbbbbbbbbbbbbbb');
  } finally {
    ec.restore();
  }
});
