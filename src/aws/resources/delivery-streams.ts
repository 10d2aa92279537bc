/**
 * `x-kinesis_firehose` delivery streams: `AWS::KinesisFirehose::DeliveryStream` from `Properties`,
 * with the ARNs of the project's buckets, streams and keys written where the file names them
 * (`x-s3::`, `x-kinesis::`, `x-kms::`, passed in as parameters from the stacks that create them,
 * so CloudFormation creates those first), and:
 *
 * - the IAM role Firehose assumes (`<id>Role`), trusted by firehose.amazonaws.com for this account
 *   only (`sts:ExternalId` = the account id, the condition the Amazon Data Firehose Developer Guide
 *   gives in "Allow Firehose to assume an IAM role"), with one inline policy granting, per the
 *   guide's "Grant Firehose access to an Amazon S3 destination": the S3 actions on each destination
 *   bucket and its objects; kms:Decrypt and kms:GenerateDataKey through S3 on the keys the objects
 *   are encrypted with; kinesis:DescribeStream, GetShardIterator, GetRecords and ListShards on the
 *   source stream (and kms:Decrypt through Kinesis on its customer managed key); lambda:InvokeFunction
 *   and GetFunctionConfiguration on processor functions; logs:PutLogEvents on the error log streams;
 * - a log group and log stream for delivery errors (`<id>LogGroup`, `<id>LogStream`), set as the
 *   `CloudWatchLoggingOptions` of an S3 destination that gives none;
 * - server-side encryption with an AWS owned key for a DirectPut stream that names no key.
 *
 * A delivery stream holds records only while buffering them (at most 900 seconds): the records
 * are kept in the destination, so the stream is not retained on delete or replacement.
 */
import { Aws, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeliveryRoleModel, DeliveryStreamModel, DeliveryTarget } from '../../resolve/model';
import { DELIVERY_STREAM_ARN } from '../../resolve/resources/firehose';
import { resourceSpec } from '../../resolve/resources/registry';
import { policyArn } from '../family/iam';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { literal, StackValue, valueIn, valueName } from './values';

const DELIVERY_STREAM = resourceSpec('deliveryStream');
/** Retention of the error log group: the days composex keeps a family's logs by default. */
export const ERROR_LOG_RETENTION_DAYS = 30;
/** Firehose's actions on an S3 destination ("Grant Firehose access to an Amazon S3 destination"). */
export const FIREHOSE_S3_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'];
export const FIREHOSE_KINESIS_ACTIONS = ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
export const FIREHOSE_S3_KMS_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

type Obj = Record<string, unknown>;

export class DeliveryStreams implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<DeliveryStreamModel, NestedStack>;
  private readonly models: Map<string, DeliveryStreamModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'deliveryStream'>) {
    const root = Stack.of(scope);
    this.models = new Map(props.resources.map((d) => [d.name, d]));
    const created = props.resources.filter((d) => !d.existingArn);
    const placed = placeInStacks(
      scope,
      'DeliveryStreams',
      'Kinesis Data Firehose delivery streams',
      created.map((d) => ({
        key: d.name,
        items: [d],
        footprint: { resources: 1 + (d.role ? 1 : 0) + (d.logged.length > 0 ? 2 : 0), outputs: 2, parameters: d.references.length + 2 * (d.role?.bucketKeys.length ?? 0) },
      })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const d of created) {
      const stack = this.stackOf.get(d)!;
      const id = `${DELIVERY_STREAM.idPrefix}${d.logicalId}`;
      const arnOf = (t: DeliveryTarget): string => ('arn' in t ? t.arn : valueIn(stack, props.value(t.kind, t.name, 'Arn'), root));
      const project = { Key: 'composex:project', Value: props.model.projectName };
      // The role and the log group say whose they are under keys of their own (not the stream's tag).
      const tags = [project, { Key: 'composex:deliveryStream', Value: d.name }];
      const p = JSON.parse(JSON.stringify(d.properties)) as Obj;
      for (const ref of d.references) setAt(p, ref.path, arnOf(ref));
      const logGroupNames: string[] = [];
      if (d.logged.length > 0) {
        const group = new CfnResource(stack, `${id}LogGroup`, { type: 'AWS::Logs::LogGroup', properties: { RetentionInDays: ERROR_LOG_RETENTION_DAYS, Tags: [project, { Key: 'composex:deliveryStream-logs', Value: d.name }] } });
        const logStream = new CfnResource(stack, `${id}LogStream`, { type: 'AWS::Logs::LogStream', properties: { LogGroupName: group.ref, LogStreamName: 'DestinationDelivery' } });
        logGroupNames.push(group.ref);
        for (const config of d.logged) (p[config] as Obj).CloudWatchLoggingOptions = { Enabled: true, LogGroupName: group.ref, LogStreamName: logStream.ref };
      }
      if (d.role) {
        const role = new CfnResource(stack, `${id}Role`, {
          type: 'AWS::IAM::Role',
          properties: {
            Description: `composex ${props.model.projectName}: assumed by Firehose for delivery stream '${d.name}'`,
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } } }],
            },
            Policies: [{ PolicyName: 'Delivery', PolicyDocument: { Version: '2012-10-17', Statement: deliveryStatements(d.role, arnOf, [...logGroupNames, ...d.role.logGroups]) } }],
            ...(d.role.permissionsBoundary ? { PermissionsBoundary: policyArn(d.role.permissionsBoundary) } : {}),
            Tags: [project, { Key: 'composex:deliveryStream-role', Value: d.name }],
          },
        });
        const roleArn = role.getAtt('Arn').toString();
        for (const config of d.role.configurations) {
          const c = p[config] as Obj;
          c.RoleARN = roleArn;
          if (c.S3BackupConfiguration && typeof c.S3BackupConfiguration === 'object') (c.S3BackupConfiguration as Obj).RoleARN = roleArn;
        }
      }
      // Encrypted at rest: a DirectPut stream that names no key gets Firehose's AWS owned key.
      if (!d.kinesisSource && p.DeliveryStreamEncryptionConfigurationInput === undefined) p.DeliveryStreamEncryptionConfigurationInput = { KeyType: 'AWS_OWNED_CMK' };
      const resource = new CfnResource(stack, id, {
        type: 'AWS::KinesisFirehose::DeliveryStream',
        properties: { ...p, Tags: [...tags, ...((p.Tags as unknown[] | undefined) ?? [])] },
      });
      recordRawProperties(this.rawProperties, resource, [DELIVERY_STREAM.key, d.name, 'Properties'], d.properties);
      this.resources.set(d.name, resource);
    }
  }

  /** A delivery stream attribute (`Name`, `Arn`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const d = this.models.get(name);
    if (!d) throw new Error(`internal: unknown delivery stream '${name}'`);
    const outputName = valueName(DELIVERY_STREAM.idPrefix, d.logicalId, attribute);
    if (d.existingArn) {
      const values: Record<string, string> = { Arn: d.existingArn, Name: DELIVERY_STREAM_ARN.exec(d.existingArn)![1] };
      if (values[attribute] === undefined) throw new Error(`internal: ${attribute} of looked-up delivery stream '${name}' is not known`);
      return literal(outputName, values[attribute]);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'Name' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(d)!, outputName, inStack) };
  }
}

/** The statements of the delivery role's policy, each on exactly the resources it needs. */
export function deliveryStatements(role: DeliveryRoleModel, arnOf: (t: DeliveryTarget) => string, logGroups: readonly string[]): Obj[] {
  const out: Obj[] = [];
  const buckets = role.buckets.map(arnOf);
  const objects = buckets.map((b) => Fn.join('', [b, '/*']));
  if (buckets.length > 0) out.push({ Sid: 'S3Destination', Effect: 'Allow', Action: FIREHOSE_S3_ACTIONS, Resource: [...buckets, ...objects] });
  if (role.bucketKeys.length > 0) {
    out.push({
      Sid: 'S3DestinationKeys',
      Effect: 'Allow',
      Action: FIREHOSE_S3_KMS_ACTIONS,
      Resource: role.bucketKeys.map(arnOf),
      // Only through S3, for these buckets (the objects, or the bucket with S3 Bucket Keys).
      Condition: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [...buckets, ...objects] } },
    });
  }
  if (role.sourceStream) out.push({ Sid: 'KinesisSource', Effect: 'Allow', Action: FIREHOSE_KINESIS_ACTIONS, Resource: arnOf(role.sourceStream) });
  if (role.sourceKey) {
    out.push({ Sid: 'KinesisSourceKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: arnOf(role.sourceKey), Condition: { StringEquals: { 'kms:ViaService': `kinesis.${Aws.REGION}.amazonaws.com` } } });
  }
  if (role.lambdas.length > 0) out.push({ Sid: 'Processors', Effect: 'Allow', Action: ['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'], Resource: [...role.lambdas] });
  if (logGroups.length > 0) {
    out.push({
      Sid: 'ErrorLogs',
      Effect: 'Allow',
      Action: ['logs:PutLogEvents'],
      Resource: logGroups.map((g) => Fn.join('', [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:`, g, ':log-stream:*'])),
    });
  }
  return out;
}

/** Sets `value` at `path` (keys, and list indexes as digits) of `target`. */
function setAt(target: Obj, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  for (const key of path.slice(0, -1)) node = (Array.isArray(node) ? node[Number(key)] : node[key]) as Record<string, unknown> | unknown[];
  const last = path[path.length - 1];
  if (Array.isArray(node)) node[Number(last)] = value;
  else node[last] = value;
}
