/**
 * Access levels as data: level → the exact IAM actions it grants, each on the exact ARN of the
 * resource. Never a wildcard, never `NotAction` (ECS ComposeX writes its SQS levels with
 * `NotAction`; these list what each level needs instead). `docs/resources.md` is checked against
 * these tables by a test.
 *
 * Batch API calls (`SendMessageBatch`, `DeleteMessageBatch`, `ChangeMessageVisibilityBatch`) are
 * authorized by the single-message actions, so they need no entry of their own.
 */

/** What every SQS level includes: the calls SDKs make before anything else. */
const SQS_DISCOVERY = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const SQS_SEND = ['sqs:SendMessage'];
const SQS_RECEIVE = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'];

const sorted = (...lists: readonly string[][]): readonly string[] => [...new Set(lists.flat())].sort();

export interface AccessLevel {
  /** Actions on the resource ARN. */
  readonly actions: readonly string[];
  /** Actions on the customer-managed KMS key that encrypts it (only when one is given). */
  readonly kmsActions: readonly string[];
  /** What it is for, in the docs. */
  readonly description: string;
}

/**
 * On a queue encrypted with a customer-managed KMS key (SQS Developer Guide, "Amazon SQS Key
 * management"): when the data key reuse period expires, a producer's next SendMessage calls
 * kms:GenerateDataKey and kms:Decrypt (to verify the new data key), so a producer needs both; a
 * consumer's next ReceiveMessage calls kms:Decrypt only.
 */
const SQS_KMS_SEND = ['kms:Decrypt', 'kms:GenerateDataKey'];
const SQS_KMS_RECEIVE = ['kms:Decrypt'];

export const SQS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  Producer: { actions: sorted(SQS_DISCOVERY, SQS_SEND), kmsActions: SQS_KMS_SEND, description: 'send messages' },
  Consumer: { actions: sorted(SQS_DISCOVERY, SQS_RECEIVE), kmsActions: SQS_KMS_RECEIVE, description: 'receive, delete and change the visibility of messages' },
  RWMessages: { actions: sorted(SQS_DISCOVERY, SQS_SEND, SQS_RECEIVE), kmsActions: sorted(SQS_KMS_SEND, SQS_KMS_RECEIVE), description: 'send and consume messages' },
  // The AWS SAM policy-template names, for files written against them.
  SQSSendMessagePolicy: { actions: sorted(SQS_DISCOVERY, SQS_SEND), kmsActions: SQS_KMS_SEND, description: 'as Producer (AWS SAM policy template name)' },
  SQSPollerPolicy: { actions: sorted(SQS_DISCOVERY, SQS_RECEIVE), kmsActions: SQS_KMS_RECEIVE, description: 'as Consumer (AWS SAM policy template name)' },
};

export const SNS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  Publish: { actions: ['sns:Publish'], kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey'], description: 'publish messages' },
  SNSPublishMessagePolicy: { actions: ['sns:Publish'], kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey'], description: 'as Publish (AWS SAM policy template name)' },
};

/**
 * Database access. Listing a service under `Services` opens the database port to its family and
 * injects the credentials; `Access` says how it means to use them. `RW` and `RO` grant no IAM
 * action (SQL privileges are not IAM's); the describe levels do.
 */
export const RDS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RW: { actions: [], kmsActions: [], description: 'network access on the database port and the credentials' },
  RO: { actions: [], kmsActions: [], description: 'as RW: read-only is not enforced by AWS (see the note)' },
};

/** `Access: {DBCluster: RO}` / `{DBInstance: RO}`: describe the database through the RDS API. */
export const RDS_DESCRIBE_ACCESS: Readonly<Record<'DBCluster' | 'DBInstance', Readonly<Record<string, AccessLevel>>>> = {
  DBCluster: { RO: { actions: ['rds:DescribeDBClusters'], kmsActions: [], description: 'describe the Aurora cluster' } },
  DBInstance: { RO: { actions: ['rds:DescribeDBInstances'], kmsActions: [], description: 'describe the DB instance' } },
};

/** `GrantTaskAccess`: the application reads the credentials secret itself. */
export const SECRET_READ_ACTIONS: readonly string[] = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];

/** IAM database authentication, for one database user. */
export const RDS_CONNECT_ACTIONS: readonly string[] = ['rds-db:connect'];
