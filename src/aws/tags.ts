/**
 * Top-level `x-tags` on every resource that takes tags. Two paths:
 *  - the L1 classes of aws-cdk-lib (and nested stacks, `AWS::CloudFormation::Stack`) are taggable:
 *    `Tags.of(scope).add` writes each tag in the format of its type (a list, a map, ECS's
 *    `PropagateAtLaunch`-free list, …);
 *  - the resources composex builds as plain `CfnResource` from the user's `Properties` (the x-
 *    resource kinds, database secrets) are not: an aspect adds the tags to their `Tags` list,
 *    after any tag of the same key the file sets on that resource itself (the more specific wins).
 * Tags change no logical ID and no output.
 */
import { Aspects, CfnResource, IAspect, TagManager, Tags } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';

export interface ProjectTag {
  readonly key: string;
  readonly value: string;
}

/**
 * Types composex creates as plain `CfnResource` whose `Tags` property is a list of `{Key, Value}`
 * (CloudFormation resource reference of each type). The others it creates that way
 * (`AWS::S3::BucketPolicy`, `AWS::SQS::QueuePolicy`, `AWS::SNS::Subscription`,
 * `AWS::SecretsManager::SecretTargetAttachment`) take no tags.
 */
export const LIST_TAGGED_TYPES: readonly string[] = [
  'AWS::DynamoDB::Table',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Kinesis::Stream',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::Bucket',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::SecretsManager::Secret',
];

/** Types composex creates as plain `CfnResource` whose `Tags` property is a mapping of key to value. */
export const MAP_TAGGED_TYPES: readonly string[] = ['AWS::SSM::Parameter'];

interface CfnTag {
  readonly Key: string;
  readonly Value: unknown;
}

class RawResourceTags implements IAspect {
  constructor(private readonly tags: readonly ProjectTag[]) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || TagManager.isTaggable(node)) return;
    // The properties the resource was built with (CfnResource keeps them; no public reader).
    const properties = (node as unknown as { readonly _cfnProperties?: Record<string, unknown> })._cfnProperties ?? {};
    if (MAP_TAGGED_TYPES.includes(node.cfnResourceType)) {
      const own = (properties.Tags ?? {}) as Record<string, unknown>;
      const added = this.tags.filter((t) => !(t.key in own));
      if (added.length > 0) node.addPropertyOverride('Tags', { ...own, ...Object.fromEntries(added.map((t) => [t.key, t.value])) });
      return;
    }
    if (!LIST_TAGGED_TYPES.includes(node.cfnResourceType)) return;
    const own = Array.isArray(properties.Tags) ? (properties.Tags as CfnTag[]) : [];
    const ownKeys = new Set(own.map((t) => t.Key));
    const added = this.tags.filter((t) => !ownKeys.has(t.key)).map((t) => ({ Key: t.key, Value: t.value }));
    if (added.length > 0) node.addPropertyOverride('Tags', [...own, ...added]);
  }
}

export function applyProjectTags(scope: Construct, tags: readonly ProjectTag[]): void {
  if (tags.length === 0) return;
  for (const tag of tags) Tags.of(scope).add(tag.key, tag.value);
  Aspects.of(scope).add(new RawResourceTags(tags));
}
