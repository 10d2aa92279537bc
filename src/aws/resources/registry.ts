/**
 * The constructs of each x- resource kind: its entry in the generate stage's registry, keyed by
 * the same kinds as the CDK-free one (src/resolve/resources/registry.ts). `BackingServices`
 * builds every kind from here, each after the kinds whose values it reads.
 */
import type { ResourceKind } from '../../resolve/model';
import { RESOURCE_KINDS } from '../../resolve/resources/registry';
import { Buckets } from './buckets';
import { Caches } from './caches';
import { Databases } from './databases';
import { DocDbClusters } from './docdb-clusters';
import type { ResourceConstructSpec } from './kind';
import { Keys } from './keys';
import { Parameters } from './parameters';
import { Queues } from './queues';
import { Streams } from './streams';
import { Tables } from './tables';
import { Topics } from './topics';
import { Workspaces } from './workspaces';
import { ProfilingGroups } from './profiling-groups';
import { UserPools } from './user-pools';
import { OpenSearchDomains } from './opensearch-domains';
import { DeliveryStreams } from './delivery-streams';
import { NeptuneClusters } from './neptune-clusters';
import { WebAcls } from './web-acls';

export type { KindConstructs, ResourceConstructProps, ResourceConstructSpec } from './kind';

export const RESOURCE_CONSTRUCTS: { readonly [K in ResourceKind]: ResourceConstructSpec<K> } = {
  key: { reads: ['topic'], build: (scope, props) => new Keys(scope, props) },
  queue: { reads: ['topic', 'key'], build: (scope, props) => new Queues(scope, props) },
  topic: { build: (scope, props) => new Topics(scope, props) },
  database: { build: (scope, props) => new Databases(scope, props) },
  bucket: { build: (scope, props) => new Buckets(scope, props) },
  table: { build: (scope, props) => new Tables(scope, props) },
  parameter: { build: (scope, props) => new Parameters(scope, props) },
  stream: { reads: ['key'], build: (scope, props) => new Streams(scope, props) },
  cache: { build: (scope, props) => new Caches(scope, props) },
  workspace: { build: (scope, props) => new Workspaces(scope, props) },
  profilingGroup: { build: (scope, props) => new ProfilingGroups(scope, props) },
  docdb: { build: (scope, props) => new DocDbClusters(scope, props) },
  userPool: { build: (scope, props) => new UserPools(scope, props) },
  opensearch: { build: (scope, props) => new OpenSearchDomains(scope, props) },
  deliveryStream: { reads: ['bucket', 'stream', 'key'], build: (scope, props) => new DeliveryStreams(scope, props) },
  neptune: { build: (scope, props) => new NeptuneClusters(scope, props) },
  webAcl: { build: (scope, props) => new WebAcls(scope, props) },
};

/** Every kind, each after the kinds it reads (otherwise in registry order). */
export function constructionOrder(): ResourceKind[] {
  const order: ResourceKind[] = [];
  const visit = (kind: ResourceKind, path: readonly ResourceKind[]) => {
    if (order.includes(kind)) return;
    if (path.includes(kind)) throw new Error(`internal: resource kinds read each other: ${[...path, kind].join(' → ')}`);
    for (const read of RESOURCE_CONSTRUCTS[kind].reads ?? []) visit(read, [...path, kind]);
    order.push(kind);
  };
  for (const kind of RESOURCE_KINDS) visit(kind, []);
  return order;
}
