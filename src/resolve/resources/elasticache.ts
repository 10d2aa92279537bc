/**
 * `x-elasticache`: Redis OSS / Valkey replication groups and Memcached clusters, and who may
 * connect (ECS ComposeX's syntax).
 *
 *   x-elasticache:
 *     sessions:
 *       MacroParameters: {Engine: valkey, EngineVersion: "8.0", NumCacheNodes: 2}
 *       Services:
 *         api: {Access: RW}
 *     pages:
 *       Properties: {Engine: memcached, EngineVersion: "1.6.22", CacheNodeType: cache.t4g.small, NumCacheNodes: 2}
 *       Services:
 *         web: {ReturnValues: {ConfigurationEndpoint.Address: MEMCACHED_HOST}}
 *
 * Consumers get `<NAME>_HOST` and `<NAME>_PORT` (the primary endpoint of a replication group, the
 * configuration endpoint of a Memcached cluster or of a cluster in cluster mode) and, for Redis /
 * Valkey, the auth token as the ECS secret `<NAME>_AUTH_TOKEN`. Network access only: the cache's
 * security group admits each consuming family on the cache port; no IAM action is needed.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { CacheModel, GrantSecret, GrantVariable, IngressRule, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { readBoolean, readInteger, readString, XObject } from '../readers';
import { checkProperties, isObject, readAccessLevel, readConsumers, readResourceEntries, readReturnValues, ResourceEntry, resourceVariable, consumerIngress } from './common';
import {
  AUTH_TOKEN_KEY,
  CACHE_ATTRIBUTE_ALIASES,
  CACHE_ATTRIBUTES,
  CACHE_ENGINES,
  CacheEngine,
  CacheShape,
  DEFAULT_NODE_TYPE,
  DEFAULT_SNAPSHOT_RETENTION_DAYS,
} from './elasticache-engines';
import { readParameterGroup } from './elasticache-parameter-group';
import { lookedUpCache, reportTokenNotGiven } from './elasticache-lookup';
import { refuseKeyReference } from './kms';
import type { ResourceKindSpec } from './spec';

export const ELASTICACHE_KEY = 'x-elasticache';

/** ECS ComposeX's MacroParameters. */
const MACRO_KEYS = ['Engine', 'EngineVersion', 'CacheNodeType', 'NumCacheNodes', 'ParameterGroup'];
const CONSUMER_KEYS = ['Access', 'ReturnValues'];
const NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const isFalse = (v: unknown) => v === false || v === 'false';

/** A CloudFormation boolean as ECS ComposeX files write them (`true`, `'true'`); absent: undefined. */
function readFlag(ctx: ResolveContext, value: unknown, path: Path): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return readBoolean(ctx, value, path);
}

const GROUP_HINT = 'composex creates the cache security group (it admits only the services listed); remove it';
const MANAGED_REPLICATION_GROUP: Readonly<Record<string, string>> = {
  SecurityGroupIds: GROUP_HINT,
  CacheSecurityGroupNames: GROUP_HINT,
  PrimaryClusterId: 'composex creates the nodes of the replication group; remove it and give NumCacheClusters',
  UserGroupIds: 'composex authenticates with a generated auth token; ElastiCache users and user groups (RBAC) are not supported: remove it',
};
const MANAGED_CACHE_CLUSTER: Readonly<Record<string, string>> = {
  VpcSecurityGroupIds: GROUP_HINT,
  CacheSecurityGroupNames: GROUP_HINT,
};
/** CacheCluster spellings a Redis / Valkey definition may carry from ECS ComposeX files, and what to write. */
const CACHE_CLUSTER_ONLY: Readonly<Record<string, string>> = {
  ClusterName: 'write ReplicationGroupId',
  AZMode: 'remove it: a replication group with replicas is Multi-AZ by default (PreferredCacheClusterAZs places the nodes)',
  PreferredAvailabilityZone: 'write PreferredCacheClusterAZs',
  PreferredAvailabilityZones: 'write PreferredCacheClusterAZs',
  VpcSecurityGroupIds: GROUP_HINT,
};
const SNAPSHOT_KEYS = ['SnapshotRetentionLimit', 'SnapshotWindow', 'SnapshotName', 'SnapshotArns'];

export interface CacheResolution {
  readonly caches: CacheModel[];
  readonly grants: ResourceGrant[];
  readonly ingress: IngressRule[];
}

type CacheSettings = Omit<CacheModel, 'logicalId' | 'consumers'> & { readonly shape: CacheShape };

export function resolveCaches(ctx: ResolveContext, membership: Membership, access: ResourceKindSpec<'cache'>['access']): CacheResolution {
  const entries = readResourceEntries(ctx, ELASTICACHE_KEY, MACRO_KEYS, []);
  const ids = logicalIds(entries.map((e) => e.name));
  const caches: CacheModel[] = [];
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  for (const entry of entries) {
    // Lookup: an existing cache, from composex.lock.json (elasticache-lookup.ts).
    const lookedUp = entry.lookup ? lookedUpCache(ctx, entry) : undefined;
    if (entry.lookup && !lookedUp) continue;
    const settings = lookedUp ? lookedUp.settings : readCache(ctx, entry);
    const consumers = cacheGrants(ctx, entry, membership, settings, access, lookedUp?.attributes);
    if (!settings) continue;
    const { shape: _shape, ...model } = settings;
    if (lookedUp) reportTokenNotGiven(ctx, entry, lookedUp, [...new Set(consumers.flatMap((g) => g.services))].sort(compareStrings));
    const families = [...new Set(consumers.map((g) => g.family))].sort(compareStrings);
    caches.push({ ...model, logicalId: ids.get(entry.name)!, consumers: families });
    grants.push(...consumers);
    ingress.push(...consumerIngress('cache', 'x-elasticache', entry.name, families, settings.port));
  }
  return { caches, grants, ingress };
}

/** `Properties.<key>` when given, else `MacroParameters.<macroKey>`: the value and where it was written. */
function pick(entry: ResourceEntry, key: string, macroKey = key): { value: unknown; at: Path } {
  if (entry.properties[key] !== undefined) return { value: entry.properties[key], at: [...entry.path, 'Properties', key] };
  return { value: entry.macro[macroKey], at: [...entry.path, 'MacroParameters', macroKey] };
}

function readEngine(ctx: ResolveContext, entry: ResourceEntry): { engine: CacheEngine; engineVersion: string; engineAt: Path; versionAt: Path } | undefined {
  const { value: rawEngine, at: engineAt } = pick(entry, 'Engine');
  const engines = Object.keys(CACHE_ENGINES);
  if (rawEngine === undefined) {
    ctx.error(CODES.INVALID_CACHE_ENGINE, `cache '${entry.name}' gives no Engine`, entry.path, `add MacroParameters: {Engine: valkey, EngineVersion: "8.0"} (engines: ${engines.join(', ')})`, 'key');
    return undefined;
  }
  const engine = readString(ctx, rawEngine, engineAt);
  if (engine === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(CACHE_ENGINES, engine)) {
    ctx.error(CODES.INVALID_CACHE_ENGINE, `'${engine}' is not an ElastiCache engine composex supports`, engineAt, suggestion(engine, engines, 'engine'));
    return undefined;
  }
  const spec = CACHE_ENGINES[engine as CacheEngine];
  const { value: rawVersion, at: versionAt } = pick(entry, 'EngineVersion');
  if (rawVersion === undefined) {
    ctx.error(CODES.INVALID_CACHE_ENGINE, `cache '${entry.name}' gives no EngineVersion`, entry.path, `pin the version so an update never upgrades the cache by surprise, e.g. EngineVersion: "${spec.example}"`, 'key');
    return undefined;
  }
  if (typeof rawVersion === 'number') {
    // YAML reads 7.0 as 7 and 6.10 as 6.1: the version that reached us may not be the one written.
    ctx.error(CODES.INVALID_CACHE_ENGINE, `EngineVersion is written as a number (${rawVersion}); YAML may have changed it (7.0 reads as 7)`, versionAt, `quote it, e.g. EngineVersion: "${spec.example}"`);
    return undefined;
  }
  const engineVersion = readString(ctx, rawVersion, versionAt);
  if (engineVersion === undefined) return undefined;
  if (!spec.version.test(engineVersion)) {
    ctx.error(CODES.INVALID_CACHE_ENGINE, `'${engineVersion}' is not an engine version of ${engine}`, versionAt, `write the version as ElastiCache lists it for ${engine}, e.g. "${spec.example}"`);
    return undefined;
  }
  return { engine: engine as CacheEngine, engineVersion, engineAt, versionAt };
}

function readCache(ctx: ResolveContext, entry: ResourceEntry): CacheSettings | undefined {
  const p = entry.properties;
  const propsPath = [...entry.path, 'Properties'];
  if (p.AuthToken !== undefined) {
    ctx.error(CODES.LITERAL_AUTH_TOKEN, `cache '${entry.name}' sets AuthToken`, [...propsPath, 'AuthToken'], 'remove it: composex generates the token in Secrets Manager, so it never appears in a template, and injects it into the services listed under Services', 'key');
  }
  refuseKeyReference(ctx, p.KmsKeyId, [...propsPath, 'KmsKeyId']);
  const read = readEngine(ctx, entry);
  if (!read) return undefined;
  const { engine, engineVersion, engineAt, versionAt } = read;
  const placed = withoutSubnetGroup(ctx, entry);
  const settings = engine === 'memcached'
    ? readMemcached(ctx, placed, engineVersion, engineAt, versionAt)
    : readReplicationGroup(ctx, placed, engine, engineVersion, engineAt, versionAt);
  if (!settings || entry.macro.ParameterGroup === undefined) return settings;
  const groupAt = [...entry.path, 'MacroParameters', 'ParameterGroup'];
  const parameterGroup = readParameterGroup(ctx, entry.macro.ParameterGroup, groupAt, engine, engineVersion, settings.clusterMode, p.CacheParameterGroupName);
  return parameterGroup ? { ...settings, parameterGroup } : undefined;
}

/**
 * `Properties.CacheSubnetGroupName` (ECS ComposeX's use-cases/elasticache/create_only.yml): ECS
 * ComposeX created a subnet group for every cache and set it over the one written
 * (elasticache_template.py, create_cluster_from_properties: `props["CacheSubnetGroupName"] =
 * Ref(cluster.db_subnet_group)`), so the name never placed the cache. composex does the same — the
 * cache goes in the subnet group it creates in the project's private subnets, in the VPC of the
 * cache's security group (a subnet group of another VPC would fail the create: ElastiCache places
 * the security groups and the subnets in one VPC) — and says so at the key (CX3676).
 */
function withoutSubnetGroup(ctx: ResolveContext, entry: ResourceEntry): ResourceEntry {
  const { CacheSubnetGroupName: named, ...properties } = entry.properties;
  if (named === undefined) return entry;
  ctx.warning(
    CODES.CACHE_SUBNET_GROUP_REPLACED,
    `cache '${entry.name}' is placed in the subnet group composex creates in the project's private subnets, not in ${typeof named === 'string' ? `'${named}'` : 'the CacheSubnetGroupName given'} (ECS ComposeX also replaced CacheSubnetGroupName with a subnet group of its own)`,
    [...entry.path, 'Properties', 'CacheSubnetGroupName'],
    "remove CacheSubnetGroupName; the cache's subnets are the private subnets of the project's VPC (x-vpc PrivateSubnets for an existing VPC)",
    'key',
  );
  return { ...entry, properties };
}

/** What every engine reads the same way: node type and port. */
function readCommon(ctx: ResolveContext, entry: ResourceEntry, engine: CacheEngine): { nodeType?: string; nodeTypeAt?: Path; port?: number } {
  const { value: rawType, at: nodeTypeAt } = pick(entry, 'CacheNodeType');
  const nodeType = rawType === undefined ? DEFAULT_NODE_TYPE : readString(ctx, rawType, nodeTypeAt);
  if (nodeType !== undefined && !NODE_TYPE.test(nodeType)) {
    ctx.error(CODES.INVALID_RESOURCE, `'${nodeType}' is not a cache node type`, nodeTypeAt, 'write it as ElastiCache does, e.g. cache.t4g.micro, cache.r7g.large');
    return {};
  }
  const port = entry.properties.Port === undefined ? CACHE_ENGINES[engine].port : readInteger(ctx, entry.properties.Port, [...entry.path, 'Properties', 'Port'], 1, 65535);
  return { nodeType, ...(rawType !== undefined && entry.properties.CacheNodeType === undefined ? { nodeTypeAt } : {}), port };
}

function readReplicationGroup(ctx: ResolveContext, entry: ResourceEntry, engine: 'redis' | 'valkey', engineVersion: string, engineAt: Path, versionAt: Path): CacheSettings | undefined {
  const p = entry.properties;
  const propsPath = [...entry.path, 'Properties'];
  const rest: XObject = {};
  for (const key of Object.keys(p)) {
    if (CACHE_CLUSTER_ONLY[key] !== undefined) {
      ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `${key} is a property of a cache cluster; composex creates ${engine} as a replication group (only a replication group can be encrypted at rest)`, [...propsPath, key], CACHE_CLUSTER_ONLY[key], 'key');
    } else if (key !== 'NumCacheNodes' && key !== 'AuthToken') {
      rest[key] = p[key];
    }
  }
  checkProperties(ctx, rest, propsPath, 'AWS::ElastiCache::ReplicationGroup', MANAGED_REPLICATION_GROUP);
  const tooOld = CACHE_ENGINES[engine].tooOld(engineVersion);
  if (tooOld) {
    ctx.error(CODES.INVALID_CACHE_ENGINE, `${engine} ${engineVersion} cannot be created as composex creates caches: ${tooOld}`, versionAt, `use a current version, e.g. EngineVersion: "${CACHE_ENGINES[engine].example}"`);
    return undefined;
  }
  if (isFalse(p.TransitEncryptionEnabled)) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `cache '${entry.name}' would not be encrypted in transit`, [...propsPath, 'TransitEncryptionEnabled'], 'remove TransitEncryptionEnabled (on by default; the auth token needs it): clients connect with TLS (rediss://)');
  }
  if (p.TransitEncryptionMode !== undefined && p.TransitEncryptionMode !== 'required') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `cache '${entry.name}' would accept unencrypted connections (TransitEncryptionMode: ${String(p.TransitEncryptionMode)})`, [...propsPath, 'TransitEncryptionMode'], 'remove TransitEncryptionMode (composex sets required)');
  }
  if (isFalse(p.AtRestEncryptionEnabled)) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `cache '${entry.name}' would not be encrypted at rest`, [...propsPath, 'AtRestEncryptionEnabled'], 'remove AtRestEncryptionEnabled (on by default), or set KmsKeyId to use your own key');
  }
  const retentionAt = [...propsPath, 'SnapshotRetentionLimit'];
  const snapshotRetentionDays = p.SnapshotRetentionLimit === undefined ? DEFAULT_SNAPSHOT_RETENTION_DAYS : readInteger(ctx, p.SnapshotRetentionLimit, retentionAt, 0, 35);
  if (snapshotRetentionDays === 0) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `cache '${entry.name}' would keep no automatic snapshots`, retentionAt, `keep SnapshotRetentionLimit between 1 and 35 days (default ${DEFAULT_SNAPSHOT_RETENTION_DAYS})`);
  }

  // Nodes: NumCacheClusters, or ECS ComposeX's NumCacheNodes (Properties or MacroParameters).
  const clusterMode = p.ClusterMode === 'enabled' || p.NodeGroupConfiguration !== undefined || (p.NumNodeGroups !== undefined && Number(p.NumNodeGroups) > 1);
  const nodesKey = p.NumCacheClusters !== undefined ? 'NumCacheClusters' : p.NumCacheNodes !== undefined ? 'NumCacheNodes' : undefined;
  const nodesAt = nodesKey ? [...propsPath, nodesKey] : [...entry.path, 'MacroParameters', 'NumCacheNodes'];
  const rawNodes = nodesKey ? p[nodesKey] : entry.macro.NumCacheNodes;
  if (clusterMode && rawNodes !== undefined) {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `cache '${entry.name}' is in cluster mode (shards), where ${nodesKey ?? 'NumCacheNodes'} does not apply`, nodesAt, 'give the shards with NumNodeGroups and the replicas of each with ReplicasPerNodeGroup', 'key');
    return undefined;
  }
  // ElastiCache: a replication group with cluster mode disabled has 1 to 6 nodes (a primary and up to 5 replicas).
  const nodes = clusterMode
    ? (p.NumNodeGroups === undefined ? 1 : readInteger(ctx, p.NumNodeGroups, [...propsPath, 'NumNodeGroups'], 1, 500))
    : rawNodes === undefined ? 1 : readInteger(ctx, rawNodes, nodesAt, 1, 6);
  const replicas = clusterMode ? (p.ReplicasPerNodeGroup === undefined ? 0 : readInteger(ctx, p.ReplicasPerNodeGroup, [...propsPath, 'ReplicasPerNodeGroup'], 0, 5)) : (nodes ?? 1) - 1;
  if (nodes === undefined || replicas === undefined) return undefined;

  // "AutomaticFailoverEnabled must be enabled for Valkey or Redis OSS (cluster mode enabled)
  // replication groups"; with cluster mode disabled "NumCacheClusters must be at least 2" for it;
  // Multi-AZ needs automatic failover (ElastiCache API reference, CreateReplicationGroup).
  const failoverAt = [...propsPath, 'AutomaticFailoverEnabled'];
  const failoverGiven = readFlag(ctx, p.AutomaticFailoverEnabled, failoverAt);
  if (clusterMode && failoverGiven === false) {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `cache '${entry.name}' is in cluster mode, which needs automatic failover`, failoverAt, 'remove AutomaticFailoverEnabled (composex turns it on)');
    return undefined;
  }
  if (!clusterMode && failoverGiven === true && nodes < 2) {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `automatic failover needs a replica, and cache '${entry.name}' has 1 node`, failoverAt, 'give NumCacheClusters: 2 or more (a primary and its replicas), or remove AutomaticFailoverEnabled');
    return undefined;
  }
  const automaticFailover = failoverGiven ?? (clusterMode || replicas > 0);
  const multiAzAt = [...propsPath, 'MultiAZEnabled'];
  const multiAzGiven = readFlag(ctx, p.MultiAZEnabled, multiAzAt);
  if (multiAzGiven === true && (!automaticFailover || replicas === 0)) {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `Multi-AZ needs automatic failover and a replica, and cache '${entry.name}' has ${replicas === 0 ? 'no replica' : 'automatic failover off'}`, multiAzAt, replicas === 0 ? (clusterMode ? 'give ReplicasPerNodeGroup: 1 or more' : 'give NumCacheClusters: 2 or more') : 'remove AutomaticFailoverEnabled: false');
    return undefined;
  }
  const multiAz = multiAzGiven ?? (automaticFailover && replicas > 0);

  const common = readCommon(ctx, entry, engine);
  if (common.nodeType === undefined || common.port === undefined || snapshotRetentionDays === undefined) return undefined;
  const { Engine: _e, EngineVersion: _v, NumCacheNodes: _n, AuthToken: _t, ...properties } = p;
  const propertyPaths: Record<string, Path> = { Engine: engineAt, EngineVersion: versionAt };
  if (common.nodeTypeAt) propertyPaths.CacheNodeType = common.nodeTypeAt;
  if (!clusterMode && rawNodes !== undefined && nodesKey !== 'NumCacheClusters') propertyPaths.NumCacheClusters = nodesAt;
  return {
    name: entry.name,
    properties,
    propertyPaths,
    engine,
    engineVersion,
    nodeType: common.nodeType,
    nodes,
    clusterMode,
    port: common.port,
    multiAz,
    automaticFailover,
    transitEncryption: true,
    authToken: true,
    snapshotRetentionDays,
    shape: clusterMode ? 'clusterMode' : 'replicationGroup',
  };
}

function readMemcached(ctx: ResolveContext, entry: ResourceEntry, engineVersion: string, engineAt: Path, versionAt: Path): CacheSettings | undefined {
  const p = entry.properties;
  const propsPath = [...entry.path, 'Properties'];
  const rest: XObject = {};
  for (const key of Object.keys(p)) {
    if (key === 'AtRestEncryptionEnabled' || key === 'KmsKeyId') {
      ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `Memcached keeps no data on disk, so it has no encryption at rest (${key})`, [...propsPath, key], 'remove it, or use Engine: valkey or redis, which composex encrypts at rest', 'key');
    } else if (SNAPSHOT_KEYS.includes(key)) {
      ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `Memcached keeps no snapshots (${key})`, [...propsPath, key], 'remove it, or use Engine: valkey or redis for a cache whose data is snapshotted', 'key');
    } else {
      rest[key] = p[key];
    }
  }
  checkProperties(ctx, rest, propsPath, 'AWS::ElastiCache::CacheCluster', MANAGED_CACHE_CLUSTER);
  const transitAt = [...propsPath, 'TransitEncryptionEnabled'];
  const transitOff = isFalse(p.TransitEncryptionEnabled);
  // Encryption in transit exists from Memcached 1.6.12 ("ElastiCache for Memcached now supports
  // encryption of data in transit ... for Memcached version 1.6.12 and above", AWS What's New,
  // 2022-05-26). An older version (ECS ComposeX's use-cases/elasticache/create_only.yml: 1.6.6,
  // from before that, when ECS ComposeX turned no encryption on) is created as written, without
  // it, and said at the version (CX3673).
  const tooOld = CACHE_ENGINES.memcached.tooOld(engineVersion);
  if (tooOld && !transitOff) {
    ctx.warning(
      CODES.CACHE_UNENCRYPTED_TRANSIT,
      `Memcached cluster '${entry.name}' accepts connections in plain text (inside the VPC): Memcached ${engineVersion} has no encryption in transit (${tooOld}), so composex does not turn it on`,
      versionAt,
      `use EngineVersion: "1.6.12" or later (e.g. "${CACHE_ENGINES.memcached.example}") to have composex encrypt the connections (clients then connect with TLS)`,
    );
  }
  if (transitOff) {
    ctx.warning(CODES.CACHE_UNENCRYPTED_TRANSIT, `Memcached cluster '${entry.name}' accepts connections in plain text`, transitAt, `remove TransitEncryptionEnabled (composex turns encryption in transit on for Memcached ${CACHE_ENGINES.memcached.example.replace(/\.\d+$/, '.12')} and later) if the clients of '${entry.name}' can connect with TLS`);
  }
  const nodesKey = p.NumCacheNodes !== undefined ? 'NumCacheNodes' : undefined;
  const nodesAt = nodesKey ? [...propsPath, 'NumCacheNodes'] : [...entry.path, 'MacroParameters', 'NumCacheNodes'];
  const rawNodes = p.NumCacheNodes ?? entry.macro.NumCacheNodes;
  // ElastiCache: a Memcached cluster has 1 to 60 nodes (40 by default per Region's quota of nodes).
  const nodes = rawNodes === undefined ? 1 : readInteger(ctx, rawNodes, nodesAt, 1, 60);
  const common = readCommon(ctx, entry, 'memcached');
  if (nodes === undefined || common.nodeType === undefined || common.port === undefined) return undefined;
  const { Engine: _e, EngineVersion: _v, NumCacheNodes: _n, ...properties } = p;
  const propertyPaths: Record<string, Path> = { Engine: engineAt, EngineVersion: versionAt, ...(rawNodes !== undefined ? { NumCacheNodes: nodesAt } : {}) };
  if (common.nodeTypeAt) propertyPaths.CacheNodeType = common.nodeTypeAt;
  const crossAz = p.AZMode === undefined && p.PreferredAvailabilityZones === undefined && p.PreferredAvailabilityZone === undefined ? nodes > 1 : p.AZMode === 'cross-az';
  return {
    name: entry.name,
    properties,
    propertyPaths,
    engine: 'memcached',
    engineVersion,
    nodeType: common.nodeType,
    nodes,
    clusterMode: false,
    port: common.port,
    multiAz: crossAz,
    automaticFailover: false,
    transitEncryption: !transitOff && !tooOld,
    authToken: false,
    shape: 'memcached',
  };
}

function cacheGrants(
  ctx: ResolveContext,
  entry: ResourceEntry,
  membership: Membership,
  cache: CacheSettings | undefined,
  levels: ResourceKindSpec<'cache'>['access'],
  lookedUpAttributes?: readonly string[],
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const prefix = resourceVariable(entry.name);
  const shape: CacheShape = cache?.shape ?? 'replicationGroup';
  const attributes = { ...CACHE_ATTRIBUTES[shape], ...(lookedUpAttributes ? { all: lookedUpAttributes } : {}) };
  for (const consumer of readConsumers(ctx, entry, membership, CONSUMER_KEYS)) {
    const at = consumer.path;
    const e = consumer.entry;
    // ECS ComposeX writes `Access: {}` or leaves it out for network resources: the default is RW.
    const raw = e.Access === undefined || (isObject(e.Access) && Object.keys(e.Access).length === 0) ? 'RW' : e.Access;
    const level = readAccessLevel(ctx, levels.levels, raw, [...at, 'Access'], 'an ElastiCache cache');
    const returned = cache ? readReturnValues(ctx, e.ReturnValues, [...at, 'ReturnValues'], attributes.all, CACHE_ATTRIBUTE_ALIASES[shape]) : [];
    if (level?.level === 'RO') {
      ctx.warning(CODES.READ_ONLY_NOT_ENFORCED, `'${consumer.target}' gets the auth token of '${entry.name}' and can write to it; RO is not enforced by AWS`, [...at, 'Access'], 'write RW (what it gets), or give the service its own read-only ElastiCache user outside composex');
    }
    if (!level || !cache) continue;
    const environment: GrantVariable[] = [
      { name: `${prefix}_HOST`, attribute: attributes.host },
      { name: `${prefix}_PORT`, attribute: attributes.port },
      ...returned,
    ];
    const secrets: GrantSecret[] = cache.authToken ? [{ name: `${prefix}_AUTH_TOKEN`, secret: 'credentials', jsonKey: AUTH_TOKEN_KEY }] : [];
    for (const family of consumer.families) {
      grants.push({ kind: 'cache', resource: entry.name, family, services: consumer.services, access: level.level, permissions: [], environment, secrets, port: cache.port });
    }
  }
  return grants;
}
