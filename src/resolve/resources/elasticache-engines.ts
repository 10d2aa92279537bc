/**
 * `x-elasticache` as data: the engines composex creates, what each one's versions look like and
 * what they support, the CloudFormation type each becomes, and the attributes consumers may read.
 *
 * Facts from the ElastiCache documentation that these tables encode:
 * - Encryption at rest and in transit (and the AUTH token, which needs encryption in transit) exist
 *   for Redis OSS 3.2.6, 4.0.10 and later, and every Valkey version; only on a replication group
 *   (`AWS::ElastiCache::CacheCluster` has no `AtRestEncryptionEnabled`), so Redis and Valkey are
 *   always created as `AWS::ElastiCache::ReplicationGroup`.
 * - Memcached keeps nothing on disk: no encryption at rest, no snapshots; encryption in transit
 *   from Memcached 1.6.12 (`TransitEncryptionEnabled` of `AWS::ElastiCache::CacheCluster`).
 * - Default ports: 6379 (Redis OSS, Valkey), 11211 (Memcached).
 */

export type CacheEngine = 'redis' | 'valkey' | 'memcached';

export interface EngineSpec {
  readonly type: 'AWS::ElastiCache::ReplicationGroup' | 'AWS::ElastiCache::CacheCluster';
  readonly port: number;
  /** Versions as ElastiCache lists them: `7.1`, `6.x` (Redis 6), `8.0`, `1.6.22`. */
  readonly version: RegExp;
  readonly example: string;
  /** Why a version cannot have the encryption composex turns on; undefined when it can. */
  readonly tooOld: (version: string) => string | undefined;
}

const numbers = (version: string): number[] => version.split('.').map((part) => (part === 'x' ? 0 : Number(part)));
const below = (version: string, minimum: readonly number[]): boolean => {
  const v = numbers(version);
  for (let i = 0; i < minimum.length; i++) {
    const part = v[i] ?? 0;
    if (part !== minimum[i]) return part < minimum[i];
  }
  return false;
};

export const CACHE_ENGINES: Readonly<Record<CacheEngine, EngineSpec>> = {
  redis: {
    type: 'AWS::ElastiCache::ReplicationGroup',
    port: 6379,
    version: /^\d+\.(\d+|x)(\.\d+)?$/,
    example: '7.1',
    tooOld: (v) => (v !== '3.2.6' && below(v, [4, 0, 10]) ? 'encryption at rest and in transit need Redis OSS 3.2.6, 4.0.10 or later' : undefined),
  },
  valkey: {
    type: 'AWS::ElastiCache::ReplicationGroup',
    port: 6379,
    version: /^\d+\.\d+(\.\d+)?$/,
    example: '8.0',
    tooOld: (v) => (below(v, [7, 2]) ? 'ElastiCache offers Valkey from 7.2' : undefined),
  },
  memcached: {
    type: 'AWS::ElastiCache::CacheCluster',
    port: 11211,
    version: /^1\.\d+\.\d+$/,
    example: '1.6.22',
    tooOld: (v) => (below(v, [1, 6, 12]) ? 'encryption in transit needs Memcached 1.6.12 or later' : undefined),
  },
};

/** ECS ComposeX's default node type (its MacroParameters), kept so files mean the same. */
export const DEFAULT_NODE_TYPE = 'cache.t3.small';
export const DEFAULT_SNAPSHOT_RETENTION_DAYS = 7;

/** Where consumers connect, by the shape of the cache. */
export type CacheShape = 'replicationGroup' | 'clusterMode' | 'memcached';

/**
 * The attributes `ReturnValues` may name for each shape (`Fn::GetAtt` names, and the `Ref`),
 * and the endpoint `<NAME>_HOST` / `<NAME>_PORT` hold.
 */
export const CACHE_ATTRIBUTES: Readonly<Record<CacheShape, { readonly host: string; readonly port: string; readonly all: readonly string[] }>> = {
  replicationGroup: {
    host: 'PrimaryEndPoint.Address',
    port: 'PrimaryEndPoint.Port',
    all: ['PrimaryEndPoint.Address', 'PrimaryEndPoint.Port', 'ReaderEndPoint.Address', 'ReaderEndPoint.Port', 'ReadEndPoint.Addresses', 'ReadEndPoint.Ports', 'ReplicationGroupId'],
  },
  clusterMode: {
    host: 'ConfigurationEndPoint.Address',
    port: 'ConfigurationEndPoint.Port',
    all: ['ConfigurationEndPoint.Address', 'ConfigurationEndPoint.Port', 'ReplicationGroupId'],
  },
  memcached: {
    host: 'ConfigurationEndpoint.Address',
    port: 'ConfigurationEndpoint.Port',
    all: ['ConfigurationEndpoint.Address', 'ConfigurationEndpoint.Port', 'ClusterName'],
  },
};

/**
 * The names ECS ComposeX gives the same values (its parameter titles; `RedisEndpoint` of the Redis
 * cache cluster it would have created is the primary endpoint of the replication group composex
 * creates instead).
 */
export const CACHE_ATTRIBUTE_ALIASES: Readonly<Record<CacheShape, Readonly<Record<string, string>>>> = {
  replicationGroup: {
    PrimaryEndPointAddress: 'PrimaryEndPoint.Address',
    PrimaryEndPointPort: 'PrimaryEndPoint.Port',
    ReadEndPointAddresses: 'ReadEndPoint.Addresses',
    ReadEndPointPorts: 'ReadEndPoint.Ports',
    'RedisEndpoint.Address': 'PrimaryEndPoint.Address',
    'RedisEndpoint.Port': 'PrimaryEndPoint.Port',
    RedisEndpointAddress: 'PrimaryEndPoint.Address',
    RedisEndpointPort: 'PrimaryEndPoint.Port',
    ClusterName: 'ReplicationGroupId',
  },
  clusterMode: { ClusterName: 'ReplicationGroupId' },
  memcached: { ClusterConfigAddress: 'ConfigurationEndpoint.Address', ClusterConfigPort: 'ConfigurationEndpoint.Port' },
};

/** The secret attribute that holds the auth token (`{"token": …}`), read by ECS for `<NAME>_AUTH_TOKEN`. */
export const AUTH_TOKEN_SECRET_ATTRIBUTE = 'SecretArn';
export const AUTH_TOKEN_KEY = 'token';
