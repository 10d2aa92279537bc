/**
 * x-elasticache Lookup: `composex lookup` finds a Valkey / Redis OSS replication group or a
 * Memcached cluster (by tags, name or ARN; paginated lists read whole) with its endpoints, the
 * security groups of its nodes, its VPC, TLS and AUTH token; render then uses it like a created
 * cache: ingress on its security group from exactly the consuming families on its port, host and
 * port as plain variables, and nothing created for the cache.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const ec = mockClient(ElastiCacheClient);

const ACCOUNT = '123456789012';
const VPC = 'vpc-0123456789abcdef0';
const SG = 'sg-0aaaaaaaaaaaaaaaa';
const OTHER_SG = 'sg-0bbbbbbbbbbbbbbbb';
const arnOf = (type: 'replicationgroup' | 'cluster', id: string) => `arn:aws:elasticache:eu-west-1:${ACCOUNT}:${type}:${id}`;
const PRIMARY = 'master.sessions.abc123.euw1.cache.amazonaws.com';
const READER = 'replica.sessions.abc123.euw1.cache.amazonaws.com';
const MEMCACHED = 'pages.abc123.cfg.euw1.cache.amazonaws.com';


const SERVICES = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
  web:
    image: public.ecr.aws/nginx/nginx:1.27
x-vpc:
  VpcId: ${VPC}
  PrivateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
`;

const group = (id: string, extra: Partial<ReplicationGroup> = {}): ReplicationGroup => ({
  ReplicationGroupId: id,
  ARN: arnOf('replicationgroup', id),
  Status: 'available',
  Engine: 'valkey',
  MemberClusters: [`${id}-001`, `${id}-002`],
  NodeGroups: [{ NodeGroupId: '0001', PrimaryEndpoint: { Address: PRIMARY, Port: 6380 }, ReaderEndpoint: { Address: READER, Port: 6380 } }],
  ClusterEnabled: false,
  CacheNodeType: 'cache.t4g.small',
  TransitEncryptionEnabled: true,
  TransitEncryptionMode: 'required',
  AuthTokenEnabled: false,
  MultiAZ: 'enabled',
  AutomaticFailover: 'enabled',
  ...extra,
});
const member = (id: string) => ({
  CacheClusterId: id,
  Engine: 'valkey',
  EngineVersion: '8.0.1',
  CacheNodeType: 'cache.t4g.small',
  CacheSubnetGroupName: 'shared-cache',
  SecurityGroups: [{ SecurityGroupId: SG, Status: 'active' }, { SecurityGroupId: OTHER_SG, Status: 'active' }],
});
const memcached = (id: string, extra: Record<string, unknown> = {}) => ({
  CacheClusterId: id,
  ARN: arnOf('cluster', id),
  CacheClusterStatus: 'available',
  Engine: 'memcached',
  EngineVersion: '1.6.22',
  CacheNodeType: 'cache.t4g.micro',
  NumCacheNodes: 2,
  PreferredAvailabilityZone: 'Multiple',
  ConfigurationEndpoint: { Address: MEMCACHED, Port: 11211 },
  CacheSubnetGroupName: 'shared-cache',
  SecurityGroups: [{ SecurityGroupId: SG, Status: 'active' }],
  TransitEncryptionEnabled: true,
  ...extra,
});

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
const read = (dir: string, file: string): Template => JSON.parse(fs.readFileSync(path.join(dir, 'out', file), 'utf8'));
const templates = (dir: string) =>
  fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.json') && f !== 'manifest.json').map((f) => read(dir, f));
const containerOf = (t: Template) => (Object.values(t.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions as Record<string, unknown>[])[0];
const ingressOn = (dir: string, groupId: string) =>
  templates(dir)
    .flatMap((t) => Object.values(t.Resources))
    .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.GroupId === groupId)
    .map((r) => r.Properties);

function answerTwoPages(): void {
  ec.reset();
  // Two pages of replication groups (another app's, then ours); a Memcached cluster of another app
  // and a Redis cluster outside a replication group (not an x-elasticache shape) among the clusters.
  ec.on(DescribeReplicationGroupsCommand)
    .resolvesOnce({ ReplicationGroups: [group('billing')], Marker: 'p2' })
    .resolves({ ReplicationGroups: [group('sessions')] });
  ec.on(DescribeCacheClustersCommand, { ShowCacheClustersNotInReplicationGroups: true }).resolves({
    CacheClusters: [memcached('pages'), { CacheClusterId: 'old', ARN: arnOf('cluster', 'old'), Engine: 'redis', CacheClusterStatus: 'available' }],
  });
  ec.on(DescribeCacheClustersCommand, { CacheClusterId: 'sessions-001' }).resolves({ CacheClusters: [member('sessions-001')] });
  ec.on(ListTagsForResourceCommand, { ResourceName: arnOf('replicationgroup', 'billing') }).resolves({ TagList: [{ Key: 'app', Value: 'billing' }] });
  ec.on(ListTagsForResourceCommand, { ResourceName: arnOf('replicationgroup', 'sessions') }).resolves({ TagList: [{ Key: 'app', Value: 'shop' }, { Key: 'team', Value: 'core' }] });
  ec.on(ListTagsForResourceCommand, { ResourceName: arnOf('cluster', 'pages') }).resolves({ TagList: [{ Key: 'app', Value: 'cms' }] });
  ec.on(DescribeCacheSubnetGroupsCommand, { CacheSubnetGroupName: 'shared-cache' }).resolves({ CacheSubnetGroups: [{ CacheSubnetGroupName: 'shared-cache', VpcId: VPC }] });
}

test('a replication group by tags: lock pins endpoints, security groups, VPC, TLS; render admits exactly the consumers on its port', async () => {
  answerTwoPages();
  const compose = `${SERVICES}x-elasticache:
  sessions:
    Lookup: {Tags: [{app: shop}]}
    Services:
      api: {}
      worker:
        Access: RW
        ReturnValues: {ReaderEndPoint.Address: SESSIONS_READER}
`;
  const dir = projectDir({ 'compose.yaml': compose });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(ec.commandCalls(DescribeReplicationGroupsCommand)).toHaveLength(2);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  expect(lock.lookups['x-elasticache.sessions'].query).toEqual({ kind: 'cache', cache: { tags: { app: 'shop' } } });
  expect(lock.lookups['x-elasticache.sessions'].answer).toEqual({
    shape: 'replicationGroup',
    id: 'sessions',
    arn: arnOf('replicationgroup', 'sessions'),
    engine: 'valkey',
    engineVersion: '8.0.1',
    nodeType: 'cache.t4g.small',
    nodes: 2,
    address: PRIMARY,
    port: 6380,
    readerAddress: READER,
    securityGroupIds: [SG, OTHER_SG],
    vpcId: VPC,
    transitEncryption: true,
    authToken: false,
    multiAz: true,
    automaticFailover: true,
  });

  ec.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(ec.calls()).toHaveLength(0);

  // Nothing is created for the cache.
  const types = templates(dir).flatMap((t) => Object.values(t.Resources).map((res) => res.Type));
  expect(types.filter((t) => t.startsWith('AWS::ElastiCache::'))).toEqual([]);
  expect(types).not.toContain('AWS::SecretsManager::Secret');
  expect(fs.existsSync(path.join(dir, 'out', 'Caches.json'))).toBe(false);

  // Ingress on the first security group only, on the cache port, from api and worker (not web).
  const rules = ingressOn(dir, SG);
  expect(rules.map((p) => [p.IpProtocol, p.FromPort, p.ToPort])).toEqual([
    ['tcp', 6380, 6380],
    ['tcp', 6380, 6380],
  ]);
  expect(rules.map((p) => JSON.stringify(p.SourceSecurityGroupId)).sort()).toEqual([expect.stringContaining('FamilyApi'), expect.stringContaining('FamilyWorker')]);
  expect(ingressOn(dir, OTHER_SG)).toEqual([]);
  expect(JSON.stringify(templates(dir))).not.toContain(OTHER_SG);

  // Host and port as plain variables; no token secret.
  const api = containerOf(read(dir, 'FamilyApi.json'));
  expect(api.Environment).toEqual(expect.arrayContaining([{ Name: 'SESSIONS_HOST', Value: PRIMARY }, { Name: 'SESSIONS_PORT', Value: '6380' }]));
  expect(api.Secrets ?? []).toEqual([]);
  const worker = containerOf(read(dir, 'FamilyWorker.json'));
  expect(worker.Environment).toEqual(expect.arrayContaining([{ Name: 'SESSIONS_HOST', Value: PRIMARY }, { Name: 'SESSIONS_READER', Value: READER }]));
  const web = containerOf(read(dir, 'FamilyWeb.json'));
  expect(JSON.stringify(web.Environment ?? [])).not.toContain('SESSIONS');
});

test('a Memcached cluster by name: DescribeCacheClusters by id; the configuration endpoint', async () => {
  ec.reset();
  ec.on(DescribeReplicationGroupsCommand).rejects(Object.assign(new Error('ReplicationGroup pages not found.'), { name: 'ReplicationGroupNotFoundFault' }));
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [memcached('pages')] });
  ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [{ VpcId: VPC }] });
  const dir = projectDir({ 'compose.yaml': `${SERVICES}x-elasticache:\n  pages:\n    Lookup: {Name: pages}\n    Services: {web: {ReturnValues: {ClusterConfigAddress: MEMCACHED_HOST}}}\n` });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(ec.commandCalls(DescribeCacheClustersCommand)[0].args[0].input).toMatchObject({ CacheClusterId: 'pages' });
  expect(ec.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  const answered = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-elasticache.pages'].answer;
  expect(answered).toMatchObject({ shape: 'memcached', id: 'pages', engine: 'memcached', address: MEMCACHED, port: 11211, nodes: 2, multiAz: true, authToken: false, vpcId: VPC });

  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(ingressOn(dir, SG).map((p) => [p.FromPort, JSON.stringify(p.SourceSecurityGroupId).includes('FamilyWeb')])).toEqual([[11211, true]]);
  expect(containerOf(read(dir, 'FamilyWeb.json')).Environment).toEqual(
    expect.arrayContaining([
      { Name: 'PAGES_HOST', Value: MEMCACHED },
      { Name: 'PAGES_PORT', Value: '11211' },
      { Name: 'MEMCACHED_HOST', Value: MEMCACHED },
    ]),
  );
});

test('by ARN: only the API of its type is asked; cluster mode gives the configuration endpoint', async () => {
  ec.reset();
  ec.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'shards' }).resolves({
    ReplicationGroups: [group('shards', { ClusterEnabled: true, ConfigurationEndpoint: { Address: 'clustercfg.shards.abc.euw1.cache.amazonaws.com', Port: 6379 }, NodeGroups: [{}, {}, {}] })],
  });
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [member('shards-0001-001')] });
  ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [{ VpcId: VPC }] });
  const dir = projectDir({ 'compose.yaml': `${SERVICES}x-elasticache:\n  shards:\n    Lookup: {Arn: "${arnOf('replicationgroup', 'shards')}"}\n    Services: {api: {}}\n` });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  // Only the member is described among cache clusters (no Memcached listing for a replication group ARN).
  expect(ec.commandCalls(DescribeCacheClustersCommand).map((c) => c.args[0].input)).toEqual([{ CacheClusterId: 'shards-001' }]);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-elasticache.shards'];
  expect(lock.query).toEqual({ kind: 'cache', cache: { identifier: arnOf('replicationgroup', 'shards') } });
  expect(lock.answer).toMatchObject({ shape: 'clusterMode', nodes: 3, address: 'clustercfg.shards.abc.euw1.cache.amazonaws.com', port: 6379 });
  expect(lock.answer.readerAddress).toBeUndefined();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(containerOf(read(dir, 'FamilyApi.json')).Environment).toEqual(expect.arrayContaining([{ Name: 'SHARDS_HOST', Value: 'clustercfg.shards.abc.euw1.cache.amazonaws.com' }]));
});

test('none (CX6080) and several (CX6081) at the Lookup, listing what was found; no lock is written', async () => {
  ec.reset();
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('billing'), group('sessions'), group('gone', { Status: 'deleting' })] });
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [memcached('pages')] });
  ec.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'team', Value: 'core' }] });
  ec.on(ListTagsForResourceCommand, { ResourceName: arnOf('cluster', 'pages') }).resolves({ TagList: [{ Key: 'app', Value: 'cms' }] });
  const compose = `${SERVICES}x-elasticache:
  none:
    Lookup: {Tags: [{app: nothing}]}
    Services: {api: {}}
  several:
    Lookup: {Tags: [{team: core}]}
    Services: {api: {}}
`;
  const dir = projectDir({ 'compose.yaml': compose });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:13:5: error CX6080: x-elasticache.none Lookup finds no ElastiCache cache with tags app=nothing');
  expect(r.stderr).toContain('compose.yaml:16:5: error CX6081: x-elasticache.several Lookup finds 2 ElastiCache caches with tags team=core, and needs exactly one');
  expect(r.stderr).toContain(`- billing (${arnOf('replicationgroup', 'billing')}) tags: team=core`);
  expect(r.stderr).toContain(`- sessions (${arnOf('replicationgroup', 'sessions')}) tags: team=core`);
  // A group being deleted is not a candidate (and its tags are not asked).
  expect(r.stderr).not.toContain('gone');
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});

test('a cache still being created (no endpoint, no security group yet) is CX6096 at the Lookup; no lock is written', async () => {
  ec.reset();
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('sessions', { Status: 'creating', NodeGroups: [{ NodeGroupId: '0001' }] })] });
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [{ ...member('sessions-001'), SecurityGroups: [] }] });
  ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [{ VpcId: VPC }] });
  const dir = projectDir({ 'compose.yaml': `${SERVICES}x-elasticache:\n  sessions:\n    Lookup: {Name: sessions}\n    Services: {api: {}}\n` });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `compose.yaml:13:5: error CX6096: x-elasticache.sessions Lookup finds cache 'sessions' (${arnOf('replicationgroup', 'sessions')}), but ElastiCache reports no VPC security group, no endpoint for it`,
  );
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});

test('a Memcached cluster by tags, its clusters listed over two pages (no tags asked of Redis clusters outside a group)', async () => {
  ec.reset();
  ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
  ec.on(DescribeCacheClustersCommand)
    .resolvesOnce({ CacheClusters: [memcached('other'), { CacheClusterId: 'old', ARN: arnOf('cluster', 'old'), Engine: 'redis', CacheClusterStatus: 'available' }], Marker: 'p2' })
    .resolves({ CacheClusters: [memcached('pages')] });
  ec.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'app', Value: 'other' }] });
  ec.on(ListTagsForResourceCommand, { ResourceName: arnOf('cluster', 'pages') }).resolves({ TagList: [{ Key: 'app', Value: 'cms' }] });
  ec.on(DescribeCacheSubnetGroupsCommand).resolves({ CacheSubnetGroups: [{ VpcId: VPC }] });
  const dir = projectDir({ 'compose.yaml': `${SERVICES}x-elasticache:\n  pages:\n    Lookup: {Tags: {app: cms}}\n    Services: {web: {}}\n` });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(ec.commandCalls(DescribeCacheClustersCommand)).toHaveLength(2);
  expect(ec.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceName).sort()).toEqual([arnOf('cluster', 'other'), arnOf('cluster', 'pages')]);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-elasticache.pages'].answer).toMatchObject({ shape: 'memcached', id: 'pages', address: MEMCACHED });
});
