/**
 * ECS Exec logging of a cluster composex creates (`x-cluster.MacroParameters`, resolve/cluster-exec-logging.ts),
 * in the cluster's stack:
 *
 * - `ExecLoggingKey` (CreateExecLoggingKmsKey): a symmetric KMS key, yearly rotation, 30 days
 *   before deletion, retained. Its policy is AWS's default (the account's IAM policies decide who
 *   uses it: the task roles, composex grants them), plus, with a log group, CloudWatch Logs of this
 *   region for that log group only (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch
 *   Logs using AWS KMS": `logs.<region>.amazonaws.com`, `kms:EncryptionContext:aws:logs:arn`), or
 *   for any log group of the account with `AllowKmsKeyReuse`, as ECS ComposeX.
 * - `ExecLoggingLogGroup` (CreateExecLoggingLogGroup): `/ecs/execute-logs/<cluster name>` (the
 *   cluster stack's name when CloudFormation names the cluster), its retention, encrypted with the
 *   key when there is one, retained: the sessions are an audit record.
 * - `ExecLoggingBucket` (CreateExecLoggingBucket): private like every bucket composex creates (no
 *   public access, ACLs disabled, versioning, TLS only), encrypted with the key (SSE-KMS, bucket
 *   key) or else SSE-S3, retained; the sessions go under `ecs/execute-logs/<cluster name>`.
 *
 * The cluster's `Configuration.ExecuteCommandConfiguration` names them (`Logging: OVERRIDE`; with
 * the key only, `Logging: NONE`: ECS ComposeX's OVERRIDE there names no destination).
 */
import { Aws, CfnDeletionPolicy, CfnResource, Fn, type NestedStack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { ExecLoggingSettings } from '../resolve/model';
import { accountUsesIamPolicies } from './resource-policies';
import { DEFAULT_BUCKET_ENCRYPTION, PRIVATE_BUCKET_PROPERTIES, tlsOnlyBucketPolicy } from './resources/buckets';

/** The logging resources, their ARNs valid in the cluster stack. */
export interface ExecLoggingResources {
  readonly configuration: ecs.CfnCluster.ClusterConfigurationProperty;
  readonly logGroupArn?: string;
  readonly bucketArn?: string;
  readonly keyArn?: string;
}

export function execLoggingResources(stack: NestedStack, projectName: string, settings: ExecLoggingSettings, clusterName: string | undefined): ExecLoggingResources {
  const name = clusterName ?? Aws.STACK_NAME;
  const logGroupName = Fn.join('', ['/ecs/execute-logs/', name]);
  const tags = [{ Key: 'composex:project', Value: projectName }];
  const key = settings.kmsKey ? new CfnResource(stack, 'ExecLoggingKey', {
    type: 'AWS::KMS::Key',
    properties: {
      Description: `composex ${projectName}: encrypts the ECS Exec sessions of the cluster and their logs`,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      PendingWindowInDays: 30,
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          accountUsesIamPolicies(),
          ...(settings.logGroup || settings.kmsKey.anyLogGroup ? [logsStatement(settings.kmsKey.anyLogGroup ? '*' : logGroupName)] : []),
        ],
      },
      Tags: tags,
    },
  }) : undefined;
  if (key) retain(key);
  const keyArn = key?.getAtt('Arn').toString();

  const logGroup = settings.logGroup ? new CfnResource(stack, 'ExecLoggingLogGroup', {
    type: 'AWS::Logs::LogGroup',
    properties: {
      LogGroupName: logGroupName,
      RetentionInDays: settings.logGroup.retentionInDays,
      ...(keyArn ? { KmsKeyId: keyArn } : {}),
      Tags: tags,
    },
  }) : undefined;
  if (logGroup) retain(logGroup);

  const bucket = settings.bucket ? new CfnResource(stack, 'ExecLoggingBucket', {
    type: 'AWS::S3::Bucket',
    properties: {
      BucketEncryption: keyArn
        ? { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] }
        : DEFAULT_BUCKET_ENCRYPTION,
      ...PRIVATE_BUCKET_PROPERTIES,
      Tags: tags,
    },
  }) : undefined;
  if (bucket) {
    retain(bucket);
    tlsOnlyBucketPolicy(stack, 'ExecLoggingBucketPolicy', bucket);
  }

  const logConfiguration: ecs.CfnCluster.ExecuteCommandLogConfigurationProperty = {
    ...(logGroup ? { cloudWatchLogGroupName: logGroup.ref, cloudWatchEncryptionEnabled: keyArn !== undefined } : {}),
    ...(bucket ? { s3BucketName: bucket.ref, s3KeyPrefix: Fn.join('', ['ecs/execute-logs/', name]), s3EncryptionEnabled: true } : {}),
  };
  const logged = logGroup !== undefined || bucket !== undefined;
  return {
    configuration: {
      executeCommandConfiguration: {
        ...(keyArn ? { kmsKeyId: keyArn } : {}),
        logging: logged ? 'OVERRIDE' : 'NONE',
        ...(logged ? { logConfiguration } : {}),
      },
    },
    ...(logGroup ? { logGroupArn: logGroup.getAtt('Arn').toString() } : {}),
    ...(bucket ? { bucketArn: bucket.getAtt('Arn').toString() } : {}),
    ...(keyArn ? { keyArn } : {}),
  };
}

/**
 * AWS's statement grants `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`,
 * `kms:Describe*`: the actions those patterns match on a key, written out (composex writes no
 * wildcard action).
 */
export const LOGS_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** CloudWatch Logs of this region may use the key for `logGroupName` (`*`: any log group of the account). */
function logsStatement(logGroupName: string): Record<string, unknown> {
  return {
    Sid: 'CloudWatchLogsEncryptsExecLogs',
    Effect: 'Allow',
    Principal: { Service: Fn.join('', ['logs.', Aws.REGION, '.', Aws.URL_SUFFIX]) },
    Action: LOGS_KEY_ACTIONS,
    Resource: '*',
    Condition: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Fn.join('', ['arn:', Aws.PARTITION, ':logs:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':log-group:', logGroupName]) },
    },
  };
}

function retain(resource: CfnResource): void {
  resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
  resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
}
