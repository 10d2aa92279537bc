/**
 * The x- resources of a model, each kind built by its entry in the registry (registry.ts), in its
 * own nested stack(s): `Topics`, `Queues` (with the subscriptions), `Databases`, … Consumers read
 * their values through `value()`.
 */
import type { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SubnetList } from '../network';
import type { AppModel, ResourceKind } from '../../resolve/model';
import type { RawPropertyOrigin } from './raw-properties';
import type { KindConstructs, ResourceConstructSpec } from './kind';
import { constructionOrder, RESOURCE_CONSTRUCTS } from './registry';
import type { StackValue } from './values';

export { familyResourceAccess, grantValues } from './grants';
export type { RawPropertyOrigin, RawPropertyOrigins } from './raw-properties';
export type { FamilyValue, StackValue } from './values';
export { familyValueIn, familyValueParameters, packValues } from './values';

export interface BackingServicesProps {
  readonly model: AppModel;
  /** The subnets of databases and caches (x-vpc StorageSubnets, else the private subnets), valid in the root. */
  readonly dataSubnets: SubnetList;
  /** The security group of a resource of a kind with `network` in its spec (x-rds, x-elasticache). */
  readonly securityGroupId: (kind: ResourceKind, name: string) => string;
}

export class BackingServices {
  /** The nested stacks of every kind, in construction order. */
  readonly stacks: NestedStack[] = [];
  /** Every resource created from raw `Properties`, by logical id (for src/render/raw-properties.ts). */
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly kinds = new Map<ResourceKind, KindConstructs>();

  constructor(scope: Construct, props: BackingServicesProps) {
    const build = <K extends ResourceKind>(kind: K): KindConstructs =>
      (RESOURCE_CONSTRUCTS[kind] as ResourceConstructSpec<K>).build(scope, {
        model: props.model,
        resources: props.model.resources[kind],
        value: (other, name, attribute) => this.value(other, name, attribute),
        dataSubnets: props.dataSubnets,
        securityGroupId: props.securityGroupId,
      });
    for (const kind of constructionOrder()) {
      const constructs = build(kind);
      this.kinds.set(kind, constructs);
      this.stacks.push(...constructs.stacks);
      for (const [id, origin] of constructs.rawProperties) this.rawProperties.set(id, origin);
    }
    for (const kind of constructionOrder()) this.kinds.get(kind)!.link?.();
  }

  value(kind: ResourceKind, name: string, attribute: string): StackValue {
    const constructs = this.kinds.get(kind);
    if (!constructs) throw new Error(`internal: ${kind} values read before the ${kind} constructs were built`);
    return constructs.value(name, attribute);
  }
}
