/**
 * Lookup of an existing x-elasticache cache: a Redis OSS / Valkey replication group
 * (DescribeReplicationGroups) or a Memcached cluster (DescribeCacheClusters, clusters outside
 * replication groups), by id (`Name` / `Identifier`), ARN or tags (ListTagsForResource on each).
 * A Redis OSS / Valkey cache cluster outside a replication group is not looked up: x-elasticache
 * makes and reads replication groups only (the only ones encrypted at rest).
 *
 * The answer holds what consumers need: the endpoint and port, the security groups of its nodes
 * (DescribeCacheClusters of a member: a replication group does not list them), the VPC of its cache
 * subnet group (DescribeCacheSubnetGroups), and whether it requires TLS and an AUTH token. Lists are
 * read whole (paginators).
 */
import {
  CacheCluster,
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  paginateDescribeCacheClusters,
  paginateDescribeReplicationGroups,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import type { CacheAnswer, Selector } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { error } from '../../diagnostics';
import { DEPLOY_CODES } from '../codes';
import { Candidate, exactlyOne, hasTags, LookupMismatch, readAll, tagsOf } from './match';

export interface CacheClients {
  readonly elasticache: ElastiCacheClient;
}

type Found = Candidate & { readonly group?: ReplicationGroup; readonly cluster?: CacheCluster };

/** States in which a cache is gone or going. */
const GONE = new Set(['deleting', 'deleted', 'create-failed']);

/** `{identifier: <ARN>}` → the id and whether it names a replication group. */
function fromArn(arn: string): { id: string; type: 'replicationgroup' | 'cluster' } {
  const [, , , , , type, id] = arn.split(':');
  return { id, type: type as 'replicationgroup' | 'cluster' };
}

async function candidates(clients: CacheClients, selector: Selector): Promise<Found[]> {
  const byId = 'name' in selector ? { id: selector.name, type: undefined } : 'identifier' in selector ? fromArn(selector.identifier) : undefined;
  const groups =
    byId?.type === 'cluster'
      ? []
      : (await readAll(paginateDescribeReplicationGroups({ client: clients.elasticache }, byId ? { ReplicationGroupId: byId.id } : {}))).flatMap((p) => p.ReplicationGroups ?? []);
  const clusters =
    byId?.type === 'replicationgroup'
      ? []
      : (await readAll(paginateDescribeCacheClusters({ client: clients.elasticache }, { ...(byId ? { CacheClusterId: byId.id } : {}), ShowCacheClustersNotInReplicationGroups: true }))).flatMap((p) => p.CacheClusters ?? []);
  const found: Found[] = [
    ...groups.filter((g) => !GONE.has(g.Status ?? '')).map((g) => ({ name: g.ReplicationGroupId ?? '', arn: g.ARN ?? '', tags: {}, group: g })),
    ...clusters
      .filter((c) => c.Engine === 'memcached' && !c.ReplicationGroupId && !GONE.has(c.CacheClusterStatus ?? ''))
      .map((c) => ({ name: c.CacheClusterId ?? '', arn: c.ARN ?? '', tags: {}, cluster: c })),
  ];
  if (!('tags' in selector)) return found;
  const tagged: Found[] = [];
  for (const f of found) {
    const tags = tagsOf((await clients.elasticache.send(new ListTagsForResourceCommand({ ResourceName: f.arn }))).TagList);
    if (hasTags(tags, selector.tags)) tagged.push({ ...f, tags });
  }
  return tagged;
}

export async function lookupCache(request: LookupRequest, clients: CacheClients): Promise<CacheAnswer> {
  if (request.query.kind !== 'cache') throw new Error('not a cache lookup');
  const selector = request.query.cache;
  const found = exactlyOne(request, 'ElastiCache cache', selector, await candidates(clients, selector));
  // The nodes carry the security groups and the subnet group: a member of a replication group, or the cluster.
  const memberId = found.group?.MemberClusters?.[0];
  const node = found.cluster ?? (memberId ? (await clients.elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: memberId }))).CacheClusters?.[0] : undefined);
  const subnetGroup = node?.CacheSubnetGroupName
    ? (await clients.elasticache.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: node.CacheSubnetGroupName }))).CacheSubnetGroups?.[0]
    : undefined;
  const securityGroupIds = (node?.SecurityGroups ?? []).filter((g) => g.SecurityGroupId && g.Status !== 'removing').map((g) => g.SecurityGroupId!);
  const common = { id: found.name, arn: found.arn, engineVersion: node?.EngineVersion ?? '', nodeType: node?.CacheNodeType ?? found.group?.CacheNodeType ?? '', securityGroupIds, vpcId: subnetGroup?.VpcId ?? '' };
  const answer = found.group ? fromGroup(found.group, node, common) : fromCluster(found.cluster!, common);
  const missing = [answer.securityGroupIds.length === 0 ? 'VPC security group' : '', answer.address === '' || answer.port === 0 ? 'endpoint' : '', answer.vpcId === '' ? 'VPC' : ''].filter(Boolean);
  if (missing.length > 0) {
    throw new LookupMismatch(
      error(
        DEPLOY_CODES.LOOKUP_INCOMPLETE,
        `${request.key} Lookup finds cache '${found.name}' (${found.arn}), but ElastiCache reports no ${missing.join(', no ')} for it`,
        request.location,
        'a cache being created or modified has no endpoint yet: wait until it is available and run `composex lookup` again; a cache outside a VPC cannot admit the services',
      ),
    );
  }
  return answer;
}

type Common = Pick<CacheAnswer, 'id' | 'arn' | 'engineVersion' | 'nodeType' | 'securityGroupIds' | 'vpcId'>;

function fromGroup(g: ReplicationGroup, node: CacheCluster | undefined, common: Common): CacheAnswer {
  const clusterMode = g.ClusterEnabled === true;
  const endpoint = clusterMode ? g.ConfigurationEndpoint : g.NodeGroups?.[0]?.PrimaryEndpoint;
  const reader = clusterMode ? undefined : g.NodeGroups?.[0]?.ReaderEndpoint?.Address;
  return {
    shape: clusterMode ? 'clusterMode' : 'replicationGroup',
    ...common,
    engine: g.Engine ?? node?.Engine ?? '',
    nodes: clusterMode ? (g.NodeGroups ?? []).length : (g.MemberClusters ?? []).length,
    address: endpoint?.Address ?? '',
    port: endpoint?.Port ?? 0,
    ...(reader ? { readerAddress: reader } : {}),
    // `preferred` accepts plain connections beside TLS ones (ElastiCache, TransitEncryptionMode).
    transitEncryption: g.TransitEncryptionEnabled === true && g.TransitEncryptionMode !== 'preferred',
    authToken: g.AuthTokenEnabled === true,
    multiAz: g.MultiAZ === 'enabled',
    automaticFailover: g.AutomaticFailover === 'enabled',
  };
}

function fromCluster(c: CacheCluster, common: Common): CacheAnswer {
  return {
    shape: 'memcached',
    ...common,
    engine: 'memcached',
    nodes: c.NumCacheNodes ?? 1,
    address: c.ConfigurationEndpoint?.Address ?? '',
    port: c.ConfigurationEndpoint?.Port ?? 0,
    transitEncryption: c.TransitEncryptionEnabled === true && c.TransitEncryptionMode !== 'preferred',
    authToken: false,
    multiAz: c.PreferredAvailabilityZone === 'Multiple',
    automaticFailover: false,
  };
}
