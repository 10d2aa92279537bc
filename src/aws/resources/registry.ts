/**
 * The constructs of each x- resource kind: its entry in the generate stage's registry, keyed by
 * the same kinds as the CDK-free one (src/resolve/resources/registry.ts). `BackingServices`
 * builds every kind from here, each after the kinds whose values it reads.
 */
import type { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppModel, ResourceKind, ResourceModels } from '../../resolve/model';
import { RESOURCE_KINDS } from '../../resolve/resources/registry';
import { Databases } from './databases';
import type { ResourceValues } from './grants';
import { Queues } from './queues';
import type { RawPropertyOrigins } from './raw-properties';
import { Topics } from './topics';
import type { StackValue } from './values';

export interface ResourceConstructProps<K extends ResourceKind> {
  readonly model: AppModel;
  /** The resources of its kind, sorted by name. */
  readonly resources: readonly ResourceModels[K][];
  /** Values of the kinds it `reads`, valid in the root. */
  readonly value: ResourceValues;
  /** Values valid in the root. */
  readonly privateSubnetIds: string;
  readonly databaseSecurityGroupId: (database: string) => string;
}

/** What the constructs of one kind give the rest of the app. */
export interface KindConstructs {
  /** Its nested stacks (none when the project has no resource of the kind). */
  readonly stacks: readonly NestedStack[];
  /** An attribute of one of its resources (`Url`, `Arn`, `SecretArn`, …), valid in the root. */
  value(name: string, attribute: string): StackValue;
  /** The resources it created from raw `Properties`, by logical id. */
  readonly rawProperties: RawPropertyOrigins;
}

export interface ResourceConstructSpec<K extends ResourceKind> {
  /** Kinds whose values its constructs read (a queue's subscriptions read topic ARNs): built first. */
  readonly reads?: readonly ResourceKind[];
  readonly build: (scope: Construct, props: ResourceConstructProps<K>) => KindConstructs;
}

export const RESOURCE_CONSTRUCTS: { readonly [K in ResourceKind]: ResourceConstructSpec<K> } = {
  queue: { reads: ['topic'], build: (scope, props) => new Queues(scope, props) },
  topic: { build: (scope, props) => new Topics(scope, props) },
  database: { build: (scope, props) => new Databases(scope, props) },
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
