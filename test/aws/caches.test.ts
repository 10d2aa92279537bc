/**
 * x-elasticache caches in the templates: the replication group's protections (encryption at rest
 * and in transit, the auth token from Secrets Manager, failover and Multi-AZ with replicas,
 * snapshots, Snapshot on deletion), the Memcached cluster, the subnet group in the private
 * subnets, each cache's security group admitting only the consuming families on the cache port and
 * allowing no egress, the variables and the auth-token secret of each consumer, no IAM action, and
 * nothing for a service that is not listed.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: caches
services:
  api: {image: api}
  worker: {image: worker}
  web: {image: web}
  bystander: {image: bystander}
x-elasticache:
  sessions:
    MacroParameters:
      Engine: valkey
      EngineVersion: "8.0"
      CacheNodeType: cache.t4g.small
      NumCacheNodes: 2
      ParameterGroup: {Properties: {maxmemory-policy: allkeys-lru}}
    Properties: {Port: 6380, SnapshotRetentionLimit: 14}
    Services:
      api: {Access: RW, ReturnValues: {ReaderEndPoint.Address: SESSIONS_READER}}
      worker: {}
  store:
    Properties: {Engine: redis, EngineVersion: "7.1"}
    Services:
      worker: {Access: RW}
  pages:
    Properties: {Engine: memcached, EngineVersion: "1.6.22", NumCacheNodes: 2}
    Services:
      web: {ReturnValues: {ClusterConfigAddress: MEMCACHED_HOST}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('Redis / Valkey: encrypted at rest and in transit, an auth token from Secrets Manager, snapshotted', () => {
  const groups = resourcesOf(result, 'AWS::ElastiCache::ReplicationGroup');
  expect(groups.map((g) => g.id)).toEqual(['CacheSessions', 'CacheStore']);
  for (const { file, id, resource } of groups) {
    const p = resource.Properties!;
    expect(p).toMatchObject({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true });
    expect(p.TransitEncryptionMode).toBeUndefined();
    expect(tracer.trace(file, p.AuthToken)).toBe(`{{resolve:secretsmanager:AWS::SecretsManager::Secret:${id}AuthToken.Ref:SecretString:token}}`);
    expect(resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(tracer.trace(file, p.CacheSubnetGroupName)).toBe(`AWS::ElastiCache::SubnetGroup:${id}SubnetGroup.Ref`);
    expect((p.SecurityGroupIds as unknown[]).map((g) => tracer.trace(file, g))).toEqual([`AWS::EC2::SecurityGroup:${id}SecurityGroup.GroupId`]);
  }
  const [sessions, store] = groups.map((g) => g.resource.Properties!);
  expect(sessions).toMatchObject({ Engine: 'valkey', EngineVersion: '8.0', CacheNodeType: 'cache.t4g.small', NumCacheClusters: 2, Port: 6380, AutomaticFailoverEnabled: true, MultiAZEnabled: true, SnapshotRetentionLimit: 14 });
  expect(store).toMatchObject({ Engine: 'redis', EngineVersion: '7.1', CacheNodeType: 'cache.t3.small', NumCacheClusters: 1, Port: 6379, AutomaticFailoverEnabled: false, MultiAZEnabled: false, SnapshotRetentionLimit: 7 });
  for (const { resource } of resourcesOf(result, 'AWS::SecretsManager::Secret').filter((s) => s.id.startsWith('Cache'))) {
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resource.Properties!.GenerateSecretString).toEqual({ SecretStringTemplate: '{}', GenerateStringKey: 'token', PasswordLength: 64, ExcludePunctuation: true });
  }
});

test('MacroParameters.ParameterGroup: a parameter group of the engine family, used by the cache', () => {
  const groups = resourcesOf(result, 'AWS::ElastiCache::ParameterGroup');
  expect(groups.map((g) => [g.id, g.resource.Properties!.CacheParameterGroupFamily, g.resource.Properties!.Properties])).toEqual([['CacheSessionsParameterGroup', 'valkey8', { 'maxmemory-policy': 'allkeys-lru' }]]);
  const [sessions, store] = resourcesOf(result, 'AWS::ElastiCache::ReplicationGroup');
  expect(tracer.trace(sessions.file, sessions.resource.Properties!.CacheParameterGroupName)).toBe('AWS::ElastiCache::ParameterGroup:CacheSessionsParameterGroup.Ref');
  expect(store.resource.Properties!.CacheParameterGroupName).toBeUndefined();
});

test('Memcached: a cache cluster with TLS, its nodes over the zones; nothing to snapshot', () => {
  const [pages] = resourcesOf(result, 'AWS::ElastiCache::CacheCluster');
  expect(pages.id).toBe('CachePages');
  expect(pages.resource.Properties).toMatchObject({ Engine: 'memcached', EngineVersion: '1.6.22', NumCacheNodes: 2, Port: 11211, AZMode: 'cross-az', TransitEncryptionEnabled: true });
  expect(pages.resource.Properties!.SnapshotRetentionLimit).toBeUndefined();
  expect(resourcesOf(result, 'AWS::SecretsManager::Secret').map((s) => s.id).filter((id) => id.startsWith('CachePages'))).toEqual([]);
});

test('the subnet groups are the private subnets', () => {
  for (const { file, resource } of resourcesOf(result, 'AWS::ElastiCache::SubnetGroup')) {
    expect(tracer.trace(file, resource.Properties!.SubnetIds)).toMatch(/PrivateSubnet/);
    expect(tracer.trace(file, resource.Properties!.SubnetIds)).not.toMatch(/PublicSubnet/);
  }
});

test('each cache admits only its consumers, only on its port, and starts no connection', () => {
  expect(ingressTriples(result).filter((t) => t.startsWith('ElastiCache'))).toEqual([
    'ElastiCache cache pages <- family web tcp/11211',
    'ElastiCache cache sessions <- family api tcp/6380',
    'ElastiCache cache sessions <- family worker tcp/6380',
    'ElastiCache cache store <- family worker tcp/6379',
  ]);
  const groups = resourcesOf(result, 'AWS::EC2::SecurityGroup').filter((g) => String(g.resource.Properties!.GroupDescription).includes('ElastiCache'));
  expect(groups.map((g) => g.id)).toEqual(['CachePagesSecurityGroup', 'CacheSessionsSecurityGroup', 'CacheStoreSecurityGroup']);
  for (const { resource } of groups) {
    expect(resource.Properties!.SecurityGroupEgress).toEqual([{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }]);
  }
});

const token = (id: string) => `AWS::SecretsManager::Secret:${id}AuthToken.Ref:token::`;

test('consumers get host, port and the auth token as an ECS secret; no IAM action', () => {
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual([
    'SESSIONS_AUTH_TOKEN<-' + token('CacheSessions'),
    'SESSIONS_HOST=cache:sessions.PrimaryEndPoint.Address',
    'SESSIONS_PORT=cache:sessions.PrimaryEndPoint.Port',
    'SESSIONS_READER=cache:sessions.ReaderEndPoint.Address',
  ].sort());
  expect(containerVariables(tracer, tracer.familyFile('Worker'), 'worker')).toEqual([
    'SESSIONS_AUTH_TOKEN<-' + token('CacheSessions'),
    'SESSIONS_HOST=cache:sessions.PrimaryEndPoint.Address',
    'SESSIONS_PORT=cache:sessions.PrimaryEndPoint.Port',
    'STORE_AUTH_TOKEN<-' + token('CacheStore'),
    'STORE_HOST=cache:store.PrimaryEndPoint.Address',
    'STORE_PORT=cache:store.PrimaryEndPoint.Port',
  ].sort());
  expect(containerVariables(tracer, tracer.familyFile('Web'), 'web')).toEqual([
    'MEMCACHED_HOST=cache:pages.ConfigurationEndpoint.Address',
    'PAGES_HOST=cache:pages.ConfigurationEndpoint.Address',
    'PAGES_PORT=cache:pages.ConfigurationEndpoint.Port',
  ]);
  for (const family of ['Api', 'Worker', 'Web']) {
    expect(rolePairs(tracer, tracer.familyFile(family), 'TaskRole').filter((p) => /elasticache:|secretsmanager:/.test(p))).toEqual([]);
  }
  // Only the execution role reads the tokens, to inject them.
  expect(rolePairs(tracer, tracer.familyFile('Worker'), 'ExecutionRole').filter((p) => p.includes('secretsmanager:'))).toEqual([
    'Allow secretsmanager:GetSecretValue on AWS::SecretsManager::Secret:CacheSessionsAuthToken.Ref',
    'Allow secretsmanager:GetSecretValue on AWS::SecretsManager::Secret:CacheStoreAuthToken.Ref',
  ]);
});

test('a service not listed under a cache gets nothing of it', () => {
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'ExecutionRole').filter((p) => p.includes('secretsmanager:'))).toEqual([]);
  expect(ingressTriples(result).filter((t) => t.includes('family bystander'))).toEqual([]);
});

test('cluster mode: shards with a replica each, the default cluster-mode parameter group, the configuration endpoint', () => {
  const sharded = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: shards
services:
  api: {image: api}
x-elasticache:
  store:
    Properties: {Engine: valkey, EngineVersion: "8.0", NumNodeGroups: 3, ReplicasPerNodeGroup: 1}
    Services:
      api: {}
`,
    }),
  });
  expect(validateTemplates(sharded.files).filter((d) => d.severity === 'error')).toEqual([]);
  const [group] = resourcesOf(sharded, 'AWS::ElastiCache::ReplicationGroup');
  expect(group.resource.Properties).toMatchObject({ NumNodeGroups: 3, ReplicasPerNodeGroup: 1, AutomaticFailoverEnabled: true, MultiAZEnabled: true, CacheParameterGroupName: 'default.valkey8.cluster.on' });
  expect(group.resource.Properties!.NumCacheClusters).toBeUndefined();
  const t = new Tracer(sharded.files);
  expect(containerVariables(t, t.familyFile('Api'), 'api')).toEqual([
    'STORE_AUTH_TOKEN<-AWS::SecretsManager::Secret:CacheStoreAuthToken.Ref:token::',
    'STORE_HOST=cache:store.ConfigurationEndPoint.Address',
    'STORE_PORT=cache:store.ConfigurationEndPoint.Port',
  ]);
});
