/**
 * The task role's ECS Exec policy (`ComposeXExecuteCommand`), when a family turns ECS Exec on
 * (`x-ecs.EnableExecuteCommand`). AWS ("Using Amazon ECS Exec", IAM permissions required for ECS
 * Exec and for "Amazon CloudWatch Logs or Amazon S3 logging"):
 *
 * - the SSM agent opens its channels: the four `ssmmessages` actions, which take no resource
 *   (`Resource: "*"`);
 * - with the cluster's log group (`x-cluster.MacroParameters.CreateExecLoggingLogGroup`): it checks
 *   the group exists with `logs:DescribeLogGroups`, which AWS's policy grants on `"*"` (the call
 *   lists the account's groups), and writes with `logs:CreateLogStream`, `logs:DescribeLogStreams`,
 *   `logs:PutLogEvents` on that group only;
 * - with the cluster's bucket (`CreateExecLoggingBucket`): `s3:GetEncryptionConfiguration` on the
 *   bucket (the agent checks the bucket is encrypted, as S3EncryptionEnabled asks) and
 *   `s3:PutObject` on its objects;
 * - with the cluster's KMS key (`CreateExecLoggingKmsKey`): `kms:Decrypt` on the key (the agent
 *   decrypts the data channel), and `kms:GenerateDataKey`, which S3 calls as the writer to put an
 *   object into a bucket the key encrypts (SSE-KMS).
 */
import type { ExecLoggingTargets, Family } from './model';

export const EXECUTE_COMMAND_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];
export const EXEC_LOG_GROUP_DISCOVERY_ACTIONS = ['logs:DescribeLogGroups'];
export const EXEC_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'];
export const EXEC_BUCKET_ACTIONS = ['s3:GetEncryptionConfiguration'];
export const EXEC_OBJECT_ACTIONS = ['s3:PutObject'];
export const EXEC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** The cluster's ECS Exec logging resources, valid in the family stack. */
export interface ExecLoggingRefs {
  /** The log group's ARN (`Fn::GetAtt LogGroup.Arn`, `…:log-group:<name>:*`, which covers its streams). */
  readonly logGroupArn: string;
  readonly bucketArn: string;
  readonly keyArn: string;
}

/** Placeholders as long as real values get, for the resolve stage's policy size check. */
export const EXEC_LOGGING_PLACEHOLDERS: ExecLoggingRefs = {
  logGroupArn: `arn:aws-us-gov:logs:ap-southeast-3:123456789012:log-group:/ecs/execute-logs/${'x'.repeat(255)}:*`,
  bucketArn: `arn:aws-us-gov:s3:::${'x'.repeat(63)}`,
  keyArn: `arn:aws-us-gov:kms:ap-southeast-3:123456789012:key/${'x'.repeat(36)}`,
};

/**
 * The policy, or undefined when the family does not turn ECS Exec on. `refs` null: the cluster has
 * no logging resources of composex's (a CDK app's own cluster, where x-cluster is ignored).
 */
export function executeCommandPolicy(family: Family, refs: ExecLoggingRefs | null): { PolicyName: string; PolicyDocument: unknown } | undefined {
  if (!family.enableExecuteCommand) return undefined;
  const statements: Record<string, unknown>[] = [{ Sid: 'EcsExec', Effect: 'Allow', Action: EXECUTE_COMMAND_ACTIONS, Resource: '*' }];
  const logging = family.execLogging;
  if (refs && logging) statements.push(...loggingStatements(logging, refs));
  return { PolicyName: 'ComposeXExecuteCommand', PolicyDocument: { Version: '2012-10-17', Statement: statements } };
}

function loggingStatements(logging: ExecLoggingTargets, refs: ExecLoggingRefs): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [];
  if (logging.logGroup) {
    statements.push(
      { Sid: 'EcsExecLogGroups', Effect: 'Allow', Action: EXEC_LOG_GROUP_DISCOVERY_ACTIONS, Resource: '*' },
      { Sid: 'EcsExecLogs', Effect: 'Allow', Action: EXEC_LOG_ACTIONS, Resource: refs.logGroupArn },
    );
  }
  if (logging.bucket) {
    statements.push(
      { Sid: 'EcsExecBucket', Effect: 'Allow', Action: EXEC_BUCKET_ACTIONS, Resource: refs.bucketArn },
      { Sid: 'EcsExecObjects', Effect: 'Allow', Action: EXEC_OBJECT_ACTIONS, Resource: `${refs.bucketArn}/*` },
    );
  }
  if (logging.kmsKey) statements.push({ Sid: 'EcsExecKey', Effect: 'Allow', Action: EXEC_KEY_ACTIONS, Resource: refs.keyArn });
  return statements;
}
