/**
 * The contract between the generate stage's registry and the constructs of one x- resource kind:
 * what a kind's constructs receive and what they give back. Its own file so that the kind files
 * and the registry that lists them do not import each other.
 */
import type { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SubnetList } from '../network';
import type { AppModel, ResourceKind, ResourceModels } from '../../resolve/model';
import type { ResourceValues } from './grants';
import type { RawPropertyOrigins } from './raw-properties';
import type { StackValue } from './values';

export interface ResourceConstructProps<K extends ResourceKind> {
  readonly model: AppModel;
  /** The resources of its kind, sorted by name. */
  readonly resources: readonly ResourceModels[K][];
  /** Values of the kinds it `reads`, valid in the root. */
  readonly value: ResourceValues;
  /** The subnets of databases and caches (x-vpc StorageSubnets, else the private subnets), valid in the root. */
  readonly dataSubnets: SubnetList;
  /** The security group of a resource of a kind with `network` in its spec (x-rds, x-elasticache). */
  readonly securityGroupId: (kind: ResourceKind, name: string) => string;
}

/** What the constructs of one kind give the rest of the app. */
export interface KindConstructs {
  /** Its nested stacks (none when the project has no resource of the kind). */
  readonly stacks: readonly NestedStack[];
  /** An attribute of one of its resources (`Url`, `Arn`, `SecretArn`, …), valid in the root. */
  value(name: string, attribute: string): StackValue;
  /** The resources it created from raw `Properties`, by logical id. */
  readonly rawProperties: RawPropertyOrigins;
  /**
   * Called once every kind is built: what needs values of a kind built after it (the roles of an
   * x-rds database's RdsFeatures name x-s3 buckets) without changing the construction order.
   */
  link?(): void;
}

export interface ResourceConstructSpec<K extends ResourceKind> {
  /** Kinds whose values its constructs read (a queue's subscriptions read topic ARNs): built first. */
  readonly reads?: readonly ResourceKind[];
  readonly build: (scope: Construct, props: ResourceConstructProps<K>) => KindConstructs;
}
