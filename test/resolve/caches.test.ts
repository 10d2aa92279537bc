/**
 * x-elasticache in the resolve stage: settings ElastiCache refuses or that would weaken the
 * defaults are errors at their position with a hint; valid declarations become caches with the
 * secure defaults, one grant per consumer (host, port, the auth token, no IAM action) and ingress
 * from exactly the consuming families on the cache port.
 */
import { describeGrant } from '../../src/render/summary';
import { parameterGroupFamily } from '../../src/resolve/resources/elasticache-parameter-group';
import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

const SERVICES = `
services:
  api: {image: api}
  worker: {image: worker, deploy: {labels: {ecs.task.family: jobs}}}
  cron: {image: cron, deploy: {labels: {ecs.task.family: jobs}}}
  web: {image: web}
`;

const valkey = (extra: string, services = 'Services: {api: {Access: RW}}') =>
  `${SERVICES}x-elasticache:\n  sessions:\n    MacroParameters: {Engine: valkey, EngineVersion: "8.0"}\n${extra}    ${services}\n`;

function diagnosticsOf(yaml: string) {
  const { model, diagnostics } = resolve(yaml);
  return { model, errors: diagnostics.filter((d) => d.severity === 'error'), warnings: diagnostics.filter((d) => d.severity === 'warning') };
}

describe('x-elasticache mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string]>([
    ['no Engine', `${SERVICES}x-elasticache:\n  c:\n    MacroParameters: {EngineVersion: "7.1"}\n    Services: {api: {}}\n`, 'CX3670', "cache 'c' gives no Engine", 'c:'],
    ['an unknown engine', `${SERVICES}x-elasticache:\n  c:\n    MacroParameters: {Engine: reddis, EngineVersion: "7.1"}\n    Services: {api: {}}\n`, 'CX3670', "'reddis' is not an ElastiCache engine composex supports", 'reddis'],
    ['no EngineVersion', `${SERVICES}x-elasticache:\n  c:\n    MacroParameters: {Engine: redis}\n    Services: {api: {}}\n`, 'CX3670', "cache 'c' gives no EngineVersion", 'c:'],
    ['a version YAML read as a number', `${SERVICES}x-elasticache:\n  c:\n    MacroParameters: {Engine: redis, EngineVersion: 7.0}\n    Services: {api: {}}\n`, 'CX3670', 'EngineVersion is written as a number (7); YAML may have changed it (7.0 reads as 7)', '7.0'],
    ['a Redis too old for encryption', `${SERVICES}x-elasticache:\n  c:\n    MacroParameters: {Engine: redis, EngineVersion: "3.2.4"}\n    Services: {api: {}}\n`, 'CX3670', 'redis 3.2.4 cannot be created as composex creates caches: encryption at rest and in transit need Redis OSS 3.2.6, 4.0.10 or later', '"3.2.4"'],
    ['encryption in transit off', valkey('    Properties: {TransitEncryptionEnabled: false}\n'), 'CX3606', "cache 'sessions' would not be encrypted in transit", 'false'],
    ['plain text connections accepted', valkey('    Properties: {TransitEncryptionMode: preferred}\n'), 'CX3606', "cache 'sessions' would accept unencrypted connections (TransitEncryptionMode: preferred)", 'preferred'],
    ['encryption at rest off', valkey('    Properties: {AtRestEncryptionEnabled: "false"}\n'), 'CX3606', "cache 'sessions' would not be encrypted at rest", '"false"'],
    ['no snapshots', valkey('    Properties: {SnapshotRetentionLimit: 0}\n'), 'CX3606', "cache 'sessions' would keep no automatic snapshots", '0}'],
    ['a literal auth token', valkey('    Properties: {AuthToken: "correct-horse-battery-staple"}\n'), 'CX3672', "cache 'sessions' sets AuthToken", 'AuthToken'],
    ['automatic failover with one node', valkey('    Properties: {AutomaticFailoverEnabled: true}\n'), 'CX3671', "automatic failover needs a replica, and cache 'sessions' has 1 node", 'true'],
    ['Multi-AZ without failover', valkey('    Properties: {NumCacheClusters: 2, AutomaticFailoverEnabled: false, MultiAZEnabled: true}\n'), 'CX3671', "Multi-AZ needs automatic failover and a replica, and cache 'sessions' has automatic failover off", 'true}'],
    ['cluster mode without failover', valkey('    Properties: {NumNodeGroups: 3, AutomaticFailoverEnabled: false}\n'), 'CX3671', "cache 'sessions' is in cluster mode, which needs automatic failover", 'false'],
    ['a cache cluster property on Redis', valkey('    Properties: {AZMode: cross-az}\n'), 'CX3671', 'AZMode is a property of a cache cluster; composex creates valkey as a replication group (only a replication group can be encrypted at rest)', 'AZMode'],
    ['Memcached encrypted at rest', `${SERVICES}x-elasticache:\n  c:\n    Properties: {Engine: memcached, EngineVersion: "1.6.22", AtRestEncryptionEnabled: true}\n    Services: {api: {}}\n`, 'CX3671', 'Memcached keeps no data on disk, so it has no encryption at rest (AtRestEncryptionEnabled)', 'AtRestEncryptionEnabled'],
    ['Memcached snapshots', `${SERVICES}x-elasticache:\n  c:\n    Properties: {Engine: memcached, EngineVersion: "1.6.22", SnapshotRetentionLimit: 5}\n    Services: {api: {}}\n`, 'CX3671', 'Memcached keeps no snapshots (SnapshotRetentionLimit)', 'SnapshotRetentionLimit'],
    ['a managed security group', valkey('    Properties: {SecurityGroupIds: [sg-0123456789abcdef0]}\n'), 'CX3606', 'x-elasticache.sessions.Properties.SecurityGroupIds is set by composex', 'SecurityGroupIds'],
    ['RBAC user groups', valkey('    Properties: {UserGroupIds: [app]}\n'), 'CX3606', 'x-elasticache.sessions.Properties.UserGroupIds is set by composex', 'UserGroupIds'],
    ['an unknown property (did you mean)', valkey('    Properties: {NumCacheCluster: 2}\n'), 'CX3605', "AWS::ElastiCache::ReplicationGroup has no property 'NumCacheCluster'", 'NumCacheCluster'],
    ['too many nodes', valkey('    Properties: {NumCacheClusters: 7}\n'), 'CX3302', 'x-elasticache.sessions.Properties.NumCacheClusters must be an integer from 1 to 6, not number 7', '7}'],
    ['a node type ElastiCache does not have', valkey('    Properties: {CacheNodeType: t3.micro}\n'), 'CX3601', "'t3.micro' is not a cache node type", 't3.micro'],
    ['a parameter group of another family', valkey('').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", ParameterGroup: {CacheParameterGroupFamily: redis7}}'), 'CX3671', "parameter group family 'redis7' is not the family of valkey 8.0 ('valkey8')", 'redis7'],
    ['two parameter groups', valkey('    Properties: {CacheParameterGroupName: mine}\n').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", ParameterGroup: {}}'), 'CX3671', 'a cache has one parameter group: MacroParameters.ParameterGroup creates one, and Properties.CacheParameterGroupName names another', 'ParameterGroup'],
    ['cluster mode without cluster-enabled', valkey('    Properties: {NumNodeGroups: 2}\n').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", ParameterGroup: {Properties: {maxmemory-policy: allkeys-lru}}}'), 'CX3671', 'a cache in cluster mode needs a parameter group with cluster-enabled: "yes"', 'Properties: {maxmemory'],
    ['an unknown parameter group property', valkey('').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", ParameterGroup: {Parameters: {a: b}}}'), 'CX3605', "AWS::ElastiCache::ParameterGroup has no property 'Parameters'", 'Parameters: {a'],
    ['a Lookup without composex.lock.json', `${SERVICES}x-elasticache:\n  c:\n    Lookup: {Tags: [{name: c}]}\n    Services: {api: {}}\n`, 'CX3680', 'x-elasticache.c Lookup needs composex.lock.json, which is not there (composex renders offline)', 'Lookup'],
    ['a Lookup ARN of another service', `${SERVICES}x-elasticache:\n  c:\n    Lookup: {Arn: "arn:aws:rds:eu-west-1:123456789012:cluster:c"}\n    Services: {api: {}}\n`, 'CX3608', "'arn:aws:rds:eu-west-1:123456789012:cluster:c' is not the ARN of an ElastiCache replication group or cache cluster", '"arn:aws:rds'],
    ['a Lookup in another account (RoleArn)', `${SERVICES}x-elasticache:\n  c:\n    Lookup: {Tags: [{name: c}], RoleArn: "arn:aws:iam::123456789012:role/x"}\n    Services: {api: {}}\n`, 'CX3608', 'Lookup.RoleArn (a cache in another account) is not supported', 'RoleArn'],
    ['an unknown access level', valkey('', 'Services: {api: {Access: Admin}}'), 'CX3602', "'Admin' is not an access level of an ElastiCache cache", 'Admin'],
    ['a return value of another shape', valkey('', 'Services: {api: {ReturnValues: {ConfigurationEndpoint.Address: HOST}}}'), 'CX3601', "'ConfigurationEndpoint.Address' is not a return value of this resource", 'ConfigurationEndpoint.Address'],
    ['a KMS key of x-kms', valkey('    Properties: {KmsKeyId: "x-kms::cache"}\n'), 'CX3650', 'x-elasticache.sessions.Properties.KmsKeyId names an x-kms key, which composex reads only in x-sqs KmsMasterKeyId and x-kinesis StreamEncryption.KeyId', '"x-kms::cache"'],
  ])('%s', (_name, yaml, code, message, marker) => {
    const { model, errors } = diagnosticsOf(yaml);
    expect(model).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([message]);
    expect(errors[0]).toMatchObject({ code, ...pos(yaml, marker) });
    expect(errors[0].hint).toBeTruthy();
  });
});

describe('x-elasticache caches and grants', () => {
  test('Redis / Valkey: a replication group with the secure defaults, one node unless asked', () => {
    const [cache] = resolveOk(valkey('')).resources.cache;
    expect(cache).toMatchObject({
      name: 'sessions',
      engine: 'valkey',
      engineVersion: '8.0',
      nodeType: 'cache.t3.small',
      nodes: 1,
      clusterMode: false,
      port: 6379,
      multiAz: false,
      automaticFailover: false,
      transitEncryption: true,
      authToken: true,
      snapshotRetentionDays: 7,
      consumers: ['api'],
      properties: {},
    });
  });

  test('with a replica, automatic failover and Multi-AZ are on; NumCacheNodes (ECS ComposeX) is the node count', () => {
    const [macro] = resolveOk(valkey('').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", NumCacheNodes: 3}')).resources.cache;
    expect(macro).toMatchObject({ nodes: 3, automaticFailover: true, multiAz: true, properties: {} });
    expect(macro.propertyPaths.NumCacheClusters).toEqual(['x-elasticache', 'sessions', 'MacroParameters', 'NumCacheNodes']);
    const [props] = resolveOk(valkey('    Properties: {NumCacheClusters: "2", Port: 6380}\n')).resources.cache;
    expect(props).toMatchObject({ nodes: 2, automaticFailover: true, multiAz: true, port: 6380 });
    const [sharded] = resolveOk(valkey('    Properties: {NumNodeGroups: 3, ReplicasPerNodeGroup: 1}\n')).resources.cache;
    expect(sharded).toMatchObject({ clusterMode: true, nodes: 3, automaticFailover: true, multiAz: true });
  });

  test('a parameter group: its family from the engine and version, its values as strings', () => {
    const [cache] = resolveOk(valkey('').replace('EngineVersion: "8.0"}', 'EngineVersion: "8.0", ParameterGroup: {Properties: {maxmemory-policy: allkeys-lru, timeout: 300}}}')).resources.cache;
    expect(cache.parameterGroup).toEqual({ family: 'valkey8', parameters: { 'maxmemory-policy': 'allkeys-lru', timeout: '300' } });
  });

  test.each([
    ['redis', '7.1', 'redis7'],
    ['redis', '6.2', 'redis6.x'],
    ['redis', '5.0.6', 'redis5.0'],
    ['valkey', '7.2', 'valkey7'],
    ['memcached', '1.6.22', 'memcached1.6'],
  ] as const)('the parameter group family of %s %s is %s', (engine, version, family) => {
    expect(parameterGroupFamily(engine, version)).toBe(family);
  });

  test('Memcached: a cache cluster, TLS on, nodes over the zones when several; TLS off is a warning', () => {
    const yaml = `${SERVICES}x-elasticache:\n  pages:\n    Properties: {Engine: memcached, EngineVersion: "1.6.22", NumCacheNodes: 2}\n    Services: {web: {}}\n`;
    const [cache] = resolveOk(yaml).resources.cache;
    expect(cache).toMatchObject({ engine: 'memcached', nodes: 2, port: 11211, multiAz: true, transitEncryption: true, authToken: false });
    expect(cache.snapshotRetentionDays).toBeUndefined();
    const plain = yaml.replace('NumCacheNodes: 2}', 'NumCacheNodes: 2, TransitEncryptionEnabled: false}');
    const { model, warnings } = diagnosticsOf(plain);
    expect(model!.resources.cache[0].transitEncryption).toBe(false);
    expect(warnings.map((w) => [w.code, w.message])).toEqual([['CX3673', "Memcached cluster 'pages' accepts connections in plain text"]]);
    expect(warnings[0]).toMatchObject(pos(plain, 'false}'));
  });

  test('each consumer gets host, port and the auth token, and no IAM action; RO warns', () => {
    const yaml = valkey('', 'Services:\n      api: {Access: RW, ReturnValues: {ReaderEndPoint.Address: READER_HOST}}\n      jobs: {Access: RO}');
    const { model, warnings } = diagnosticsOf(yaml);
    const grants = model!.grants.filter((g) => g.kind === 'cache');
    expect(grants.map((g) => [g.family, g.services, g.access, g.port])).toEqual([
      ['api', ['api'], 'RW', 6379],
      ['jobs', ['cron', 'worker'], 'RO', 6379],
    ]);
    for (const g of grants) expect(g.permissions).toEqual([]);
    expect(grants[0].environment).toEqual([
      { name: 'SESSIONS_HOST', attribute: 'PrimaryEndPoint.Address' },
      { name: 'SESSIONS_PORT', attribute: 'PrimaryEndPoint.Port' },
      { name: 'READER_HOST', attribute: 'ReaderEndPoint.Address' },
    ]);
    expect(grants[1].secrets).toEqual([{ name: 'SESSIONS_AUTH_TOKEN', secret: 'credentials', jsonKey: 'token' }]);
    expect(warnings.map((w) => w.code)).toEqual(['CX3613']);
    expect(warnings[0]).toMatchObject(pos(yaml, 'RO'));
  });

  test("ECS ComposeX's names of the values and its list form of Services are read", () => {
    const yaml = `${SERVICES}x-elasticache:\n  pages:\n    Properties: {Engine: memcached, EngineVersion: "1.6.22"}\n    Services: [{name: web, access: RW}]\n  store:\n    MacroParameters: {Engine: redis, EngineVersion: "7.1"}\n    Services: {api: {ReturnValues: {RedisEndpoint.Address: REDIS_HOST, ClusterName: REDIS_ID}}}\n`;
    const grants = resolveOk(yaml).grants.filter((g) => g.kind === 'cache');
    expect(grants.map((g) => [g.resource, g.environment.map((e) => `${e.name}=${e.attribute}`)])).toEqual([
      ['pages', ['PAGES_HOST=ConfigurationEndpoint.Address', 'PAGES_PORT=ConfigurationEndpoint.Port']],
      ['store', ['STORE_HOST=PrimaryEndPoint.Address', 'STORE_PORT=PrimaryEndPoint.Port', 'REDIS_ID=ReplicationGroupId', 'REDIS_HOST=PrimaryEndPoint.Address']],
    ]);
    expect(grants[0].secrets).toEqual([]);
  });

  test('the summary says what each consumer gets: the port, the variables, the token', () => {
    const [grant] = resolveOk(valkey('')).grants.filter((g) => g.kind === 'cache');
    expect(describeGrant(grant)).toBe('x-elasticache sessions: RW; tcp/6379 open to this family; SESSIONS_AUTH_TOKEN=secret:token, SESSIONS_HOST=PrimaryEndPoint.Address, SESSIONS_PORT=PrimaryEndPoint.Port in api');
  });

  test('ingress: only the consuming families, only on the cache port', () => {
    const model = resolveOk(valkey('    Properties: {Port: 6380}\n', 'Services: {api: {}, worker: {}}'));
    expect(ruleStrings(model).filter((r) => r.includes('cache:'))).toEqual([
      'api -> cache:sessions tcp/6380 (x-elasticache: sessions)',
      'jobs -> cache:sessions tcp/6380 (x-elasticache: sessions)',
    ]);
  });

  test('no Services: no grant, no ingress, and a warning that nobody uses it', () => {
    const { model, warnings } = diagnosticsOf(`${SERVICES}x-elasticache:\n  idle:\n    MacroParameters: {Engine: valkey, EngineVersion: "8.0"}\n`);
    expect(model!.grants.filter((g) => g.kind === 'cache')).toEqual([]);
    expect(model!.ingress.filter((r) => r.target.kind === 'resource')).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['CX3612']);
  });
});
