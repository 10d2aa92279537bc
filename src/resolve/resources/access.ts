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
  /** Every action the level grants, sorted: on the resource ARN unless `on` says where. */
  readonly actions: readonly string[];
  /**
   * Where each action applies when not all on the resource ARN: ARN suffix → actions (`''` the
   * resource itself, `/*` the objects of a bucket, `/index/*` the indexes of a table).
   */
  readonly on?: Readonly<Record<string, readonly string[]>>;
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

/** A level name an older release of ECS ComposeX had: read as a composex level (`readAs`), or refused. */
export interface OlderLevel {
  /** What the old level allowed. */
  readonly allowed: string;
  /** The composex level it is read as (with a warning); absent: refused, with `hint`, unless `level`. */
  readonly readAs?: string;
  /** Or the level's own actions, granted as the old level allowed them (with a warning). */
  readonly level?: AccessLevel;
  readonly hint: string;
}

/*
 * SQS levels of ECS ComposeX's first releases (sqs_perms.py, before sqs_perms.json), still written
 * on its sqs documentation page ("Simple SQS Queues with DLQ configured"); later releases dropped
 * them. Both were NotAction lists. RWPermissions denied only AddPermission, RemovePermission,
 * PurgeQueue and SetQueueAttributes: sending and consuming, plus tagging, creating and deleting
 * queues. It is read as RWMessages (send and consume), with a warning: no service is granted queue
 * management. RO denied tagging, permissions, PurgeQueue, Delete*, Create* and Set*: it allowed
 * sending, receiving and changing the visibility of messages, not deleting them. No composex level
 * grants that (Consumer deletes, Producer does not receive): it is granted with exactly those
 * actions on the queue (the List* actions it also allowed act on no queue), with a warning that a
 * message received is never deleted, so it comes back after its visibility timeout.
 */
export const SQS_OLDER_LEVELS: Readonly<Record<string, OlderLevel>> = {
  RWPermissions: {
    allowed: 'every SQS action but AddPermission, RemovePermission, PurgeQueue and SetQueueAttributes: sending and consuming, and also tagging, creating and deleting queues',
    readAs: 'RWMessages',
    hint: 'write Access: RWMessages (send and consume); grant queue management, if a service needs it, with x-iam',
  },
  RO: {
    allowed: 'sending and receiving messages but not deleting them (it denied Delete*, Create*, Set*, PurgeQueue, tagging and permissions)',
    level: {
      actions: sorted(SQS_DISCOVERY, SQS_SEND, ['sqs:ChangeMessageVisibility', 'sqs:ReceiveMessage']),
      kmsActions: sorted(SQS_KMS_SEND, SQS_KMS_RECEIVE),
      description: 'send, receive and change the visibility of messages, without deleting them',
    },
    hint: 'a message received and not deleted comes back after its visibility timeout: write Consumer to receive and delete messages, Producer to send, or RWMessages for both',
  },
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

/**
 * Cache access. Listing a service opens the cache's port to its family and, for Redis / Valkey,
 * injects the auth token; ElastiCache needs no IAM action for that (IAM authentication,
 * `elasticache:Connect`, works with ElastiCache users and user groups, which composex does not
 * create). `RO` is not enforced: the token is the same.
 */
export const ELASTICACHE_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RW: { actions: [], kmsActions: [], description: 'network access on the cache port and the auth token' },
  RO: { actions: [], kmsActions: [], description: 'as RW: read-only is not enforced by AWS (see the note)' },
};

/** `GrantTaskAccess`: the application reads the credentials secret itself. */
export const SECRET_READ_ACTIONS: readonly string[] = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
/** Reading a secret encrypted with a customer-managed key: Secrets Manager decrypts with the caller's permission. */
export const SECRET_KMS_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt'];

/** IAM database authentication, for one database user. */
export const RDS_CONNECT_ACTIONS: readonly string[] = ['rds-db:connect'];

/** A level whose actions apply to parts of the resource: `actions` is the union of `on`. */
function scoped(on: Readonly<Record<string, readonly string[]>>, kmsActions: readonly string[], description: string): AccessLevel {
  return { actions: sorted(...Object.values(on).map((a) => [...a])), on: Object.fromEntries(Object.entries(on).map(([k, a]) => [k, sorted([...a])])), kmsActions, description };
}

/** Where the actions of a level apply: ARN suffix → actions (`''`: the resource ARN itself). */
export function levelScopes(level: AccessLevel): [suffix: string, actions: readonly string[]][] {
  return level.on ? Object.entries(level.on) : [['', level.actions]];
}

/*
 * S3. ECS ComposeX writes its levels with wildcards (`s3:GetObject*`); these list the actions
 * each needs. Multipart uploads (CreateMultipartUpload, UploadPart, CompleteMultipartUpload) are
 * authorized by `s3:PutObject`; aborting one needs `s3:AbortMultipartUpload`. ACL actions are left
 * out: composex buckets have ACLs disabled (ObjectOwnership BucketOwnerEnforced). With SSE-KMS,
 * a download needs `kms:Decrypt` and an upload `kms:GenerateDataKey`, plus `kms:Decrypt` for a
 * multipart upload (AWS, "Using server-side encryption with AWS KMS keys").
 */
const S3_READ = ['s3:GetObject', 's3:GetObjectAttributes', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionAttributes', 's3:GetObjectVersionTagging'];
const S3_WRITE = ['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'];
const S3_DELETE = ['s3:DeleteObject', 's3:DeleteObjectTagging', 's3:DeleteObjectVersion', 's3:DeleteObjectVersionTagging'];
const KMS_READ = ['kms:Decrypt'];
const KMS_WRITE = ['kms:Decrypt', 'kms:GenerateDataKey'];
const objects = (actions: readonly string[][], kms: readonly string[], description: string) => scoped({ '/*': sorted(...actions) }, kms, description);

/** `Access: {objects: <level>}`: actions on `arn:aws:s3:::<bucket>/*`, the objects. */
export const S3_OBJECTS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  ReadOnly: objects([S3_READ], KMS_READ, 'read objects, their versions and tags'),
  StrictReadOnly: objects([['s3:GetObject']], KMS_READ, 'read objects'),
  WriteOnly: objects([S3_WRITE], KMS_WRITE, 'write objects and their tags'),
  StrictWriteOnly: objects([['s3:PutObject']], KMS_WRITE, 'write objects'),
  RW: objects([S3_READ, S3_WRITE], KMS_WRITE, 'read and write objects'),
  StrictRW: objects([['s3:GetObject', 's3:PutObject']], KMS_WRITE, 'read and write objects, nothing else'),
  RWDelete: objects([S3_READ, S3_WRITE, S3_DELETE], KMS_WRITE, 'read, write and delete objects'),
  StrictRWDelete: objects([['s3:DeleteObject', 's3:GetObject', 's3:PutObject']], KMS_WRITE, 'read, write and delete objects, nothing else'),
  CRUD: objects([['s3:GetObject', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'], S3_WRITE, S3_DELETE], KMS_WRITE, 'create, read, update and delete objects and their tags'),
};

/** `Access: {bucket: <level>}`: actions on `arn:aws:s3:::<bucket>`, the bucket itself. */
export const S3_BUCKET_ACCESS: Readonly<Record<string, AccessLevel>> = {
  ListOnly: { actions: ['s3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:ListBucket'], kmsActions: [], description: 'list the objects' },
  // ECS ComposeX grants s3:GetBucket* and s3:SetBucket*; these are the reads and the changes that
  // cannot open the bucket (no policy, ACL, public access block or encryption change).
  PowerUser: {
    actions: sorted([
      's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:GetBucketTagging', 's3:GetBucketVersioning', 's3:GetEncryptionConfiguration',
      's3:GetLifecycleConfiguration', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions', 's3:PutBucketTagging', 's3:PutLifecycleConfiguration',
    ]),
    kmsActions: [],
    description: 'list objects, versions and uploads; read the bucket settings; change its tags and lifecycle rules',
  },
};

/*
 * DynamoDB. Item actions apply to the table ARN; Query and Scan of a secondary index to
 * `table/<name>/index/*`. Batch and transaction calls are authorized by the item actions they
 * contain (TransactWriteItems by PutItem / UpdateItem / DeleteItem / ConditionCheckItem). A
 * customer-managed KMS key is used by DynamoDB through grants it holds for the table, so callers
 * need no KMS permission (AWS, "How Amazon DynamoDB uses AWS KMS").
 */
const DYNAMODB_READ = ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const DYNAMODB_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const DYNAMODB_INDEX = ['dynamodb:Query', 'dynamodb:Scan'];

export const DYNAMODB_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RO: scoped({ '': DYNAMODB_READ, '/index/*': DYNAMODB_INDEX }, [], 'read items, query and scan the table and its indexes'),
  RW: scoped({ '': [...DYNAMODB_READ, ...DYNAMODB_WRITE], '/index/*': DYNAMODB_INDEX }, [], 'as RO, and write and delete items'),
  // ECS ComposeX's PowerUser is everything but CreateTable / DeleteTable / DeleteBackup (NotAction).
  PowerUser: scoped(
    { '': [...DYNAMODB_READ, ...DYNAMODB_WRITE, 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource', 'dynamodb:UpdateTimeToLive'], '/index/*': DYNAMODB_INDEX },
    [],
    'as RW, and read the backup settings, read and change the time to live, read the tags',
  ),
  // AWS SAM's DynamoDBWritePolicy (no composex level is write-only): its three actions, on the table;
  // SAM lists the index ARN too, where no write action applies (items are written to the table).
  DynamoDBWritePolicy: { actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], kmsActions: [], description: 'write items: put, update, batch write (AWS SAM policy template name)' },
};

/*
 * AWS SAM policy template names for a table (ECS ComposeX takes SAM names as access levels:
 * docs.compose-x.io/compatibility/iam_sam.html; AWS SAM Developer Guide, "AWS SAM policy template
 * list"). DynamoDBCrudPolicy grants GetItem, DeleteItem, PutItem, Scan, Query, UpdateItem,
 * BatchWriteItem, BatchGetItem, DescribeTable and ConditionCheckItem on the table and
 * `table/<name>/index/*`: RW's actions (on an index, RW grants Query and Scan, the only ones that act
 * on one). DynamoDBReadPolicy grants GetItem, Scan, Query, BatchGetItem and DescribeTable: RO's.
 * DynamoDBWritePolicy is a level of its own, above. The others (DynamoDBStreamReadPolicy,
 * DynamoDBReconfigurePolicy, DynamoDBBackupFullAccessPolicy, DynamoDBRestoreFromBackupPolicy) are no
 * access level of a table here.
 */
export const DYNAMODB_SAM_ACCESS: Readonly<Record<string, keyof typeof DYNAMODB_ACCESS>> = {
  DynamoDBCrudPolicy: 'RW',
  DynamoDBReadPolicy: 'RO',
};

/*
 * KMS. ECS ComposeX writes `kms:GenerateDataKey*` and `kms:ReEncrypt*`; these list the actions
 * (AWS KMS Developer Guide, "AWS KMS permissions"). `kms:CreateGrant`, which ECS ComposeX's
 * EncryptDecrypt includes, is left out: a grant lets its holder hand the key to any principal.
 * Re-encrypting from this key needs kms:ReEncryptFrom on it, into it kms:ReEncryptTo.
 */
const KMS_DATA_KEYS = ['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'];

export const KMS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  EncryptOnly: { actions: sorted(['kms:Encrypt', 'kms:ReEncryptTo'], KMS_DATA_KEYS), kmsActions: [], description: 'encrypt, generate data keys, re-encrypt into the key' },
  DecryptOnly: { actions: ['kms:Decrypt'], kmsActions: [], description: 'decrypt' },
  EncryptDecrypt: {
    actions: sorted(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'], KMS_DATA_KEYS),
    kmsActions: [],
    description: 'encrypt, decrypt, re-encrypt, generate data keys, describe the key',
  },
  DataKeys: { actions: sorted(['kms:Decrypt', 'kms:DescribeKey'], KMS_DATA_KEYS), kmsActions: [], description: 'generate data keys and decrypt them (envelope encryption)' },
  // ECS ComposeX's level for a service that uses a queue encrypted with the key.
  SQS: { actions: sorted(SQS_KMS_SEND, SQS_KMS_RECEIVE), kmsActions: [], description: 'what SQS calls for a producer and a consumer of a queue encrypted with the key' },
};

/*
 * SSM parameters. ECS ComposeX's RO and RW include ssm:GetParametersByPath, which acts on a
 * hierarchy (`parameter/<path>`), not on one parameter ARN: left out. A `String` or `StringList`
 * parameter is not encrypted, so no KMS action is needed.
 */
const SSM_READ = ['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:GetParameters'];

export const SSM_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RO: { actions: SSM_READ, kmsActions: [], description: 'read the parameter and its history' },
  ROStrict: { actions: ['ssm:GetParameter', 'ssm:GetParameterHistory'], kmsActions: [], description: 'read the parameter (GetParameter only) and its history' },
  RW: { actions: sorted(SSM_READ, ['ssm:PutParameter']), kmsActions: [], description: 'as RO, and change its value' },
  RWStrict: { actions: ['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:PutParameter'], kmsActions: [], description: 'as ROStrict, and change its value' },
};

/*
 * ECS ComposeX also takes AWS SAM policy template names as access levels
 * (docs.compose-x.io/compatibility/iam_sam.html). SAM's two for a parameter,
 * SSMParameterReadPolicy and SSMParameterWithSlashPrefixReadPolicy (the same, for a name that
 * starts with `/`), read it: ssm:GetParameter(s) and GetParametersByPath on the parameter, plus
 * ssm:DescribeParameters on `*`. composex grants RO instead, with exactly RO's actions:
 * DescribeParameters acts on every parameter of the account and GetParametersByPath on a
 * hierarchy, neither on this one parameter's ARN.
 */
export const SSM_SAM_ACCESS: Readonly<Record<string, keyof typeof SSM_ACCESS>> = {
  SSMParameterReadPolicy: 'RO',
  SSMParameterWithSlashPrefixReadPolicy: 'RO',
};

/*
 * Kinesis data streams. ECS ComposeX writes `kinesis:Get*` for Consumer and PowerUser as
 * `NotAction: [CreateStream, DeleteStream]`; these list the actions each needs (Service
 * Authorization Reference, "Actions, resources, and condition keys for Amazon Kinesis Data
 * Streams"): the record and shard actions act on the stream ARN; `SubscribeToShard` and
 * `DescribeStreamConsumer` act on a registered (enhanced fan-out) consumer,
 * `stream/<name>/consumer/<consumer>:<creation timestamp>`, so they are granted on
 * `stream/<name>/consumer/*` — the consumers of this stream only; `RegisterStreamConsumer` and
 * `ListStreamConsumers` act on the stream. With a customer-managed KMS key, a producer needs
 * kms:GenerateDataKey on it and a consumer kms:Decrypt (Kinesis Data Streams Developer Guide,
 * "Permissions to use user-generated KMS keys").
 */
const KINESIS_DESCRIBE = ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards'];
const KINESIS_PUT = ['kinesis:PutRecord', 'kinesis:PutRecords'];
const KINESIS_GET = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListStreamConsumers', 'kinesis:RegisterStreamConsumer'];
const KINESIS_FAN_OUT = ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'];
/**
 * PowerUser's stream management: tags, shard count and split / merge, a longer retention, shard
 * metrics, removing fan-out consumers. Left out, besides CreateStream / DeleteStream: what could
 * lose data or open the stream (DecreaseStreamRetentionPeriod, StopStreamEncryption,
 * Put/DeleteResourcePolicy) and what composex sets (StartStreamEncryption, UpdateStreamMode).
 */
const KINESIS_MANAGE = [
  'kinesis:AddTagsToStream', 'kinesis:DeregisterStreamConsumer', 'kinesis:DisableEnhancedMonitoring', 'kinesis:EnableEnhancedMonitoring', 'kinesis:IncreaseStreamRetentionPeriod',
  'kinesis:ListTagsForStream', 'kinesis:MergeShards', 'kinesis:RemoveTagsFromStream', 'kinesis:SplitShard', 'kinesis:UpdateShardCount',
];
const KINESIS_KMS_PUT = ['kms:GenerateDataKey'];
const KINESIS_KMS_GET = ['kms:Decrypt'];

export const KINESIS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  Producer: { actions: sorted(KINESIS_DESCRIBE, KINESIS_PUT), kmsActions: KINESIS_KMS_PUT, description: 'put records' },
  Consumer: scoped(
    { '': [...KINESIS_DESCRIBE, ...KINESIS_GET], '/consumer/*': KINESIS_FAN_OUT },
    KINESIS_KMS_GET,
    'read records, by polling or as an enhanced fan-out consumer it registers',
  ),
  PowerUser: scoped(
    // DeregisterStreamConsumer names both the stream and the consumer.
    { '': [...KINESIS_DESCRIBE, ...KINESIS_PUT, ...KINESIS_GET, ...KINESIS_MANAGE], '/consumer/*': [...KINESIS_FAN_OUT, 'kinesis:DeregisterStreamConsumer'] },
    sorted(KINESIS_KMS_PUT, KINESIS_KMS_GET),
    'as Producer and Consumer, and manage the stream: tags, shards, a longer retention, shard metrics, fan-out consumers',
  ),
};

/*
 * Amazon Managed Service for Prometheus workspaces (ECS ComposeX's aps_perms.json names the levels
 * RW, Query and ReadActions). Every action below acts on the `workspace` resource type (Service
 * Authorization Reference, "Actions, resources, and condition keys for Amazon Managed Service for
 * Prometheus"): RemoteWrite is the remote-write endpoint, QueryMetrics the PromQL query endpoints,
 * GetSeries / GetLabels / GetMetricMetadata the series, labels and metadata endpoints of the
 * Prometheus HTTP API. ECS ComposeX's RW grants `aps:DescribeWorkspace*`: composex names
 * DescribeWorkspace. Its ReadActions is a `NotAction` list without an `Effect` (IAM refuses a
 * statement without one); composex grants the read actions it lists by name instead (QueryMetrics,
 * Get*, DescribeWorkspace). Workspace data is encrypted at rest by the service (an AWS owned key, or
 * the workspace's `KmsKeyArn`): callers need no KMS permission.
 */
export const APS_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RW: { actions: ['aps:DescribeWorkspace', 'aps:RemoteWrite'], kmsActions: [], description: 'write metrics (Prometheus remote write)' },
  Query: { actions: ['aps:DescribeWorkspace', 'aps:QueryMetrics'], kmsActions: [], description: 'run PromQL queries' },
  ReadActions: {
    actions: ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'],
    kmsActions: [],
    description: 'run PromQL queries and read series, labels and metric metadata',
  },
};

/*
 * CodeGuru Profiler profiling groups (ECS ComposeX's codeguru_profiler_perms.json: one level, RW).
 * What the profiling agent calls: ConfigureAgent (its settings) and PostAgentProfile (the profiles),
 * both on the `ProfilingGroup` resource type (Service Authorization Reference, "Actions, resources,
 * and condition keys for Amazon CodeGuru Profiler"); AWS's managed policy
 * AmazonCodeGuruProfilerAgentAccess grants the same two.
 */
export const CODEGURU_PROFILER_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RW: { actions: ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'], kmsActions: [], description: 'submit profiles (the profiling agent)' },
};

/**
 * DocumentDB access (x-docdb). Listing a service opens the cluster's port to its family and injects
 * the credentials; connecting needs no IAM action. `RO` is not enforced by AWS (the master user can
 * write), as for x-rds.
 */
export const DOCDB_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RW: { actions: [], kmsActions: [], description: 'network access on the cluster port and the credentials' },
  RO: { actions: [], kmsActions: [], description: 'as RW: read-only is not enforced by AWS (see the note)' },
};

/**
 * `Access: {DBCluster: RO}` on x-docdb (ECS ComposeX's rds_perms.json: `rds:Describe*`, narrowed):
 * DocumentDB's management API shares the RDS one, its actions are in the `rds:` namespace
 * (Amazon DocumentDB Developer Guide, "Identity and access management", DescribeDBClusters).
 */
export const DOCDB_DESCRIBE_ACCESS: Readonly<Record<'DBCluster', Readonly<Record<string, AccessLevel>>>> = {
  DBCluster: { RO: { actions: ['rds:DescribeDBClusters'], kmsActions: [], description: 'describe the DocumentDB cluster' } },
};

/*
 * OpenSearch domains (x-opensearch; ECS ComposeX's opensearch_perms.json names the keys `Http` and
 * `DBCluster`). `Http` is the HTTP API of the domain, `es:ESHttp<Method>` on `<domain ARN>/*`
 * (its indexes and APIs: "resource-based policies only apply to the domain's subresources", Amazon
 * OpenSearch Service Developer Guide, "Identity and Access Management"). Searching is a POST
 * (`_search`, `_msearch`, `_count`), so RO needs ESHttpPost, which also indexes documents: RO is not
 * enforced by IAM alone. ECS ComposeX's RO also grants ESHttpPut and ESHttpPatch (index settings,
 * mappings, documents): left out.
 */
const OPENSEARCH_HTTP_READ = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'];

export const OPENSEARCH_HTTP_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RO: scoped({ '/*': OPENSEARCH_HTTP_READ }, [], 'GET, HEAD and POST requests (searches) to the domain'),
  RW: scoped({ '/*': [...OPENSEARCH_HTTP_READ, 'es:ESHttpDelete', 'es:ESHttpPatch', 'es:ESHttpPut'] }, [], 'every HTTP method on the domain: search, index, update, delete'),
};

/**
 * `Access: {DBCluster: RO}` on x-opensearch: describe the domain, on its ARN (ECS ComposeX's list,
 * without `es:DeleteDomain`, which a read-only level must not grant).
 */
export const OPENSEARCH_DOMAIN_ACCESS: Readonly<Record<'DBCluster', Readonly<Record<string, AccessLevel>>>> = {
  DBCluster: {
    RO: {
      actions: sorted([
        'es:DescribeDomain', 'es:DescribeDomainAutoTunes', 'es:DescribeDomainConfig', 'es:ESCrossClusterGet', 'es:GetCompatibleVersions',
        'es:GetUpgradeHistory', 'es:GetUpgradeStatus', 'es:ListPackagesForDomain', 'es:ListTags',
      ]),
      kmsActions: [],
      description: 'describe the domain, its configuration, versions, upgrades, packages and tags',
    },
  },
};

/**
 * Kinesis Data Firehose delivery streams (ECS ComposeX's kinesis_firehose_perms.json: one level,
 * Producer). What a producer calls is PutRecord and PutRecordBatch on the stream ARN (Amazon Data
 * Firehose Developer Guide, "Grant your application access to your Firehose resources"). ECS
 * ComposeX's Producer also allows firehose:UpdateDestination, which changes where the stream
 * delivers: not a producer's call, so it is not granted. Records are encrypted at rest by Firehose
 * itself (server-side encryption uses a grant Firehose holds on the key), so producers need no
 * KMS permission.
 */
export const FIREHOSE_ACCESS: Readonly<Record<string, AccessLevel>> = {
  Producer: { actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], kmsActions: [], description: 'put records (one at a time or in batches)' },
};

/**
 * Neptune data access (x-neptune), granted on the cluster's data resource
 * (`arn:<partition>:neptune-db:<region>:<account>:<ClusterResourceId>/*`, Amazon Neptune User
 * Guide, "Specifying data resources"): the task role signs the requests (IAM database
 * authentication). `connect` is ECS ComposeX's one level (neptune_perms.json); `RO` and `RW` are the
 * query actions of the read-only and read-write action groups (Neptune User Guide, "IAM actions for
 * data access": ReadDataViaQuery read-only and read-write; WriteDataViaQuery, DeleteDataViaQuery
 * read-write; engine 1.2.0.0 and later). `DBCluster: RO` is ECS ComposeX's `rds:Describe*`, narrowed:
 * Neptune's management API is RDS's ("administrative actions in Neptune have the prefix rds:").
 */
export const NEPTUNE_ACCESS: Readonly<Record<'NeptuneDB' | 'DBCluster', Readonly<Record<string, AccessLevel>>>> = {
  NeptuneDB: {
    connect: { actions: ['neptune-db:connect'], kmsActions: [], description: 'connect and query (ECS ComposeX)' },
    RO: { actions: ['neptune-db:ReadDataViaQuery'], kmsActions: [], description: 'read data with queries' },
    RW: { actions: ['neptune-db:DeleteDataViaQuery', 'neptune-db:ReadDataViaQuery', 'neptune-db:WriteDataViaQuery'], kmsActions: [], description: 'read, write and delete data with queries' },
  },
  DBCluster: { RO: { actions: ['rds:DescribeDBClusters'], kmsActions: [], description: 'describe the Neptune cluster' } },
};
