/**
 * `x-s3` buckets: `AWS::S3::Bucket` with
 *
 * - default encryption: SSE-S3 (`AES256`) unless `BucketEncryption` names another (SSE-KMS);
 * - all four public access blocks on, and ACLs disabled (`ObjectOwnership: BucketOwnerEnforced`),
 *   so only IAM policies grant access (AWS, "Blocking public access to your Amazon S3 storage");
 * - versioning on, and `DeletionPolicy`/`UpdateReplacePolicy: Retain` (objects are data);
 * - a bucket policy that denies every request made without TLS (`aws:SecureTransport` false) on
 *   the bucket and its objects (AWS, "Security best practices for Amazon S3").
 */
import { Aws, CfnDeletionPolicy, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BucketModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';
import { denyWithoutTls } from '../resource-policies';

const BUCKET = resourceSpec('bucket');

export const DEFAULT_BUCKET_ENCRYPTION = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };

/** No public access, ACLs disabled, versioning on: the settings of every bucket composex creates. */
export const PRIVATE_BUCKET_PROPERTIES = {
  PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  VersioningConfiguration: { Status: 'Enabled' },
};

/** The bucket policy of every bucket composex creates: requests without TLS are denied. */
export function tlsOnlyBucketPolicy(stack: NestedStack, id: string, bucket: CfnResource): CfnResource {
  const arn = bucket.getAtt('Arn').toString();
  return new CfnResource(stack, id, {
    type: 'AWS::S3::BucketPolicy',
    properties: {
      Bucket: bucket.ref,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [denyWithoutTls('s3:*', [arn, Fn.join('', [arn, '/*'])])],
      },
    },
  });
}

export class Buckets implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<BucketModel, NestedStack>;
  private readonly models: Map<string, BucketModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'bucket'>) {
    this.models = new Map(props.resources.map((b) => [b.name, b]));
    const created = props.resources.filter((b) => !b.existingArn);
    const placed = placeInStacks(
      scope,
      'Buckets',
      'S3 buckets',
      created.map((b) => ({ key: b.name, items: [b], footprint: { resources: 2, outputs: 5, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const bucket of created) {
      const stack = this.stackOf.get(bucket)!;
      const id = `${BUCKET.idPrefix}${bucket.logicalId}`;
      const resource = new CfnResource(stack, id, {
        type: 'AWS::S3::Bucket',
        properties: {
          ...(bucket.bucketName ? { BucketName: bucketName(bucket.bucketName) } : {}),
          BucketEncryption: DEFAULT_BUCKET_ENCRYPTION,
          ...bucket.properties,
          ...PRIVATE_BUCKET_PROPERTIES,
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:bucket', Value: bucket.name },
            ...((bucket.properties.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, [BUCKET.key, bucket.name, 'Properties'], bucket.properties);
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(bucket.name, resource);

      tlsOnlyBucketPolicy(stack, `${id}Policy`, resource);
    }
  }

  /** A bucket attribute (`BucketName`, `Arn`, `DomainName`, …) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const bucket = this.models.get(name);
    if (!bucket) throw new Error(`internal: unknown bucket '${name}'`);
    const outputName = valueName(BUCKET.idPrefix, bucket.logicalId, attribute);
    if (bucket.existingArn) {
      const { partition, resource } = arnParts(bucket.existingArn);
      const values: Record<string, string> = {
        Arn: bucket.existingArn,
        BucketName: resource,
        DomainName: `${resource}.s3.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`,
      };
      if (values[attribute] === undefined) throw new Error(`internal: ${attribute} of looked-up bucket '${name}' is not known`);
      return literal(outputName, values[attribute]);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'BucketName' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(bucket)!, outputName, inStack) };
  }
}

/** `BucketName`, with the account id and region appended by CloudFormation when asked. */
function bucketName(name: NonNullable<BucketModel['bucketName']>): string {
  if (!name.accountId && !name.region) return name.base;
  const parts = [name.base, ...(name.accountId ? [Aws.ACCOUNT_ID] : []), ...(name.region ? [Aws.REGION] : [])];
  return Fn.join(name.separator, parts);
}
