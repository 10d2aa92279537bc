/**
 * The x- resources of the resolved application and the access granted on them (part of
 * `AppModel`, src/resolve/model.ts, which re-exports these types).
 */
import type { ConfigPath } from '../diagnostics';

/**
 * The x- resource kinds, each with its model. A kind's `x-` key, access levels, resolver and
 * constructs are its entries in the two registries (src/resolve/resources/registry.ts, CDK-free,
 * and src/aws/resources/registry.ts), which are typed over this list: adding a kind here makes the
 * compiler ask for both.
 */
export interface ResourceModels {
  readonly queue: QueueModel;
  readonly topic: TopicModel;
  readonly database: DatabaseModel;
  readonly bucket: BucketModel;
  readonly table: TableModel;
  readonly key: KeyModel;
  readonly parameter: ParameterModel;
  readonly stream: StreamModel;
  readonly cache: CacheModel;
  readonly workspace: WorkspaceModel;
  readonly profilingGroup: ProfilingGroupModel;
  readonly docdb: DocDbModel;
  readonly userPool: UserPoolModel;
  readonly opensearch: OpenSearchModel;
  readonly deliveryStream: DeliveryStreamModel;
  readonly neptune: NeptuneModel;
  readonly webAcl: WebAclModel;
}
export type ResourceKind = keyof ResourceModels;
/** The resources of each kind, each list sorted by name. */
export type ResourcesByKind = { readonly [K in ResourceKind]: readonly ResourceModels[K][] };

/** What every x- resource has. */
export interface ResourceBase {
  /** The name under `x-<kind>`. */
  readonly name: string;
  /** A CloudFormation-safe identifier derived from the name (unique among resources of its kind). */
  readonly logicalId: string;
  /**
   * Raw CloudFormation properties as the user wrote them (minus the keys composex manages and
   * reports, e.g. a queue's dead-letter reference, a topic's subscriptions).
   */
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface QueueModel extends ResourceBase {
  /** `Lookup`: an existing queue, by ARN; nothing is created. */
  readonly existingArn?: string;
  readonly fifo: boolean;
  /** `RedrivePolicy`: the dead-letter queue (an x-sqs queue, or the ARN of an existing one). */
  readonly deadLetter?: { readonly queue?: string; readonly arn?: string; readonly maxReceiveCount: number };
  /** Topics allowed to send to it (their subscriptions), sorted. */
  readonly subscribedTopics: readonly string[];
  /** `KmsMasterKeyId: x-kms::<key>`: the x-kms key that encrypts it (not in `properties`). */
  readonly kmsKey?: string;
}

export interface TopicModel extends ResourceBase {
  /** `Lookup`: an existing topic, by ARN. */
  readonly existingArn?: string;
  readonly fifo: boolean;
  readonly subscriptions: readonly SubscriptionModel[];
}

export interface SubscriptionModel {
  /** The x-sqs queue subscribed. */
  readonly queue: string;
  /** Extra `AWS::SNS::Subscription` properties (RawMessageDelivery, FilterPolicy, …). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Its place in the topic's `Properties.Subscription` list. */
  readonly index: number;
}

export interface DatabaseModel extends ResourceBase {
  /** `instance`: one `AWS::RDS::DBInstance`; `cluster`: an Aurora `AWS::RDS::DBCluster` with instances. */
  readonly kind: 'instance' | 'cluster';
  readonly engine: 'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql';
  readonly engineVersion: string;
  readonly port: number;
  readonly masterUsername: string;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  readonly iamAuthentication: boolean;
  /** A connection-string secret is created (a consumer set `GenerateConnectionStringSecret`). */
  readonly connectionStringSecret: boolean;
  /** Aurora Serverless v2 capacity (ACUs), from `MacroParameters.ServerlessV2`. */
  readonly serverlessV2?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Instance class of a DB instance, or of each Aurora instance. */
  readonly instanceClass: string;
  /** Number of Aurora instances (writer + readers); 1 for a DB instance. */
  readonly instances: number;
  /** Families whose security groups may reach the database port, sorted. */
  readonly consumers: readonly string[];
  /**
   * Template properties composex writes from a value the user gave outside `properties` (`Engine`,
   * `EngineVersion`, and from `MacroParameters`: `DBInstanceClass`, `DBName` / `DatabaseName`,
   * `MasterUsername`): where each was written, so a validator finding on one is reported there.
   */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
  /** `Lookup` (through composex.lock.json): an existing database; nothing is created for it. */
  readonly existing?: ExistingDatabase;
  /** `MacroParameters.RdsFeatures`: a role RDS assumes per feature, associated with the database. */
  readonly features?: readonly DatabaseFeature[];
  /** `MacroParameters.PermissionsBoundary` of the feature roles: a policy ARN, or a policy name of the account. */
  readonly permissionsBoundary?: string;
  /**
   * Aurora MySQL with `features`: they share one role, associated without a feature name and named
   * by `parameter` (`aws_default_s3_role`) in a DB cluster parameter group of `family` that
   * composex creates for the cluster.
   */
  readonly s3RoleParameterGroup?: { readonly family: string; readonly parameter: string };
}

/** One RDS feature (`AssociatedRoles` `FeatureName`) and what its role may do on its buckets. */
export interface DatabaseFeature {
  readonly name: 's3Import' | 's3Export';
  /** On each bucket (`arn:…:s3:::<bucket>`). */
  readonly bucketActions: readonly string[];
  /** On the objects (`<bucket ARN>/*`, or the prefix given). */
  readonly objectActions: readonly string[];
  /** On the customer-managed KMS key of an x-s3 bucket encrypted with one. */
  readonly kmsActions: readonly string[];
  readonly resources: readonly FeatureBucket[];
}

/**
 * A bucket of a feature: an x-s3 bucket of the project (`x-s3::<name>`), or a bucket given by name
 * or ARN (`partition` when an ARN gave it; else the deploying partition) with, optionally, the key
 * or prefix of the objects (`folder/*`; absent: every object).
 */
export type FeatureBucket =
  | { readonly bucket: string }
  | { readonly name: string; readonly partition?: string; readonly objects?: string };

/** A looked-up database as its consumers need it: every value is a literal from the lock. */
export interface ExistingDatabase {
  /** DBInstanceIdentifier / DBClusterIdentifier. */
  readonly identifier: string;
  readonly arn: string;
  readonly resourceId: string;
  readonly address: string;
  readonly readerAddress?: string;
  /** The database's security group that admits the consumers (ingress rules are added to it). */
  readonly securityGroupId: string;
  /** Its VPC, when the lock records it: the services must run in it (resolve/lookup-vpc.ts). */
  readonly vpcId?: string;
  /** The credentials secret (`username`, `password`); absent: consumers get no credentials. */
  readonly secretArn?: string;
  /** The customer-managed KMS key that encrypts the secret. */
  readonly secretKmsKeyArn?: string;
}

export interface BucketModel extends ResourceBase {
  /** `Lookup`: an existing bucket, by ARN or name; nothing is created. */
  readonly existingArn?: string;
  /**
   * `BucketName`, with the `MacroParameters` expansions: `<base><separator><account id>` and / or
   * `<separator><region>` appended by CloudFormation. Absent: CloudFormation names the bucket.
   */
  readonly bucketName?: { readonly base: string; readonly separator: string; readonly accountId: boolean; readonly region: boolean };
  /** The customer-managed KMS key (ARN) of its default encryption: consumers get KMS actions on it. */
  readonly kmsKeyArn?: string;
}

export interface TableModel extends ResourceBase {
  /** `Lookup`: an existing table, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** `StreamSpecification` is set (or the looked-up table has a stream), so `StreamArn` exists. */
  readonly stream: boolean;
  /** The stream of a table looked up through composex.lock.json. */
  readonly existingStreamArn?: string;
  /** `Scaling` (ECS ComposeX's syntax): the capacities Application Auto Scaling tracks, table first. */
  readonly scaling?: readonly TableScalingTarget[];
}

/** One provisioned capacity (of the table or of a global secondary index) under target tracking. */
export interface TableScalingTarget {
  /** The global secondary index scaled; absent for the table itself. */
  readonly index?: string;
  /** What the logical IDs of its scalable target and policy add to the table's: `Read`, `IndexByCustomerWrite`. */
  readonly id: string;
  readonly dimension: 'ReadCapacityUnits' | 'WriteCapacityUnits';
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Consumed / provisioned capacity, in percent (DynamoDB: 20 to 90). */
  readonly targetValue: number;
  readonly scaleInCooldown: number;
  readonly scaleOutCooldown: number;
  readonly disableScaleIn?: boolean;
}

export interface StreamModel extends ResourceBase {
  /** `Lookup`: an existing stream, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** `StreamEncryption.KeyId: x-kms::<key>`: the x-kms key that encrypts it (not in `properties`). */
  readonly kmsKey?: string;
}

export interface KeyModel extends ResourceBase {
  /** `Lookup`: an existing key, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** The alias created with the key: `alias/<project>/<name>` or `Settings.Alias`. */
  readonly alias?: string;
  /**
   * Topics that deliver to queues this key encrypts, sorted: the key policy lets SNS use the key
   * for exactly these topics (`aws:SourceArn`).
   */
  readonly snsTopics: readonly string[];
}

export interface ParameterModel extends ResourceBase {
  /** `Lookup`: an existing parameter (by name or ARN, in `parameterName` / `existingArn`); nothing is created. */
  readonly existing: boolean;
  readonly existingArn?: string;
  /** `Properties.Name`; absent: CloudFormation names the parameter (no leading `/`). */
  readonly parameterName?: string;
  /** `Value`, possibly read from `MacroParameters.FromFile` (never a secret). */
  readonly value?: string;
}

/**
 * An `x-elasticache` cache: Redis OSS or Valkey as an `AWS::ElastiCache::ReplicationGroup`
 * (encrypted at rest and in transit, with an auth token), Memcached as an
 * `AWS::ElastiCache::CacheCluster`. Its own security group admits its consumers on `port`.
 */
export interface CacheModel extends ResourceBase {
  readonly engine: 'redis' | 'valkey' | 'memcached';
  readonly engineVersion: string;
  /** `CacheNodeType`. */
  readonly nodeType: string;
  /**
   * Nodes: a replication group's `NumCacheClusters` (primary + replicas; cluster mode disabled) or a
   * Memcached cluster's `NumCacheNodes`. For a Redis / Valkey cluster in cluster mode, its shards.
   */
  readonly nodes: number;
  /** Cluster mode enabled (shards): clients use the configuration endpoint. */
  readonly clusterMode: boolean;
  readonly port: number;
  /**
   * Replication groups: `AutomaticFailoverEnabled` and `MultiAZEnabled` (on by default with a
   * replica); Memcached: `AZMode: cross-az` (nodes spread over the zones).
   */
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  /** `TransitEncryptionEnabled` (always for Redis / Valkey; Memcached 1.6.12+ unless turned off). */
  readonly transitEncryption: boolean;
  /** An auth token is generated in Secrets Manager (Redis / Valkey). */
  readonly authToken: boolean;
  /** `SnapshotRetentionLimit` in days (Redis / Valkey; Memcached keeps no snapshots). */
  readonly snapshotRetentionDays?: number;
  /** `MacroParameters.ParameterGroup`: a parameter group created with the cache (family derived from the engine). */
  readonly parameterGroup?: { readonly family: string; readonly description?: string; readonly parameters: Readonly<Record<string, string>> };
  /** Families whose security groups may reach `port`, sorted. */
  readonly consumers: readonly string[];
  /** Template properties written from values given outside `properties` (`MacroParameters`): where each was. */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
  /** `Lookup` (through composex.lock.json): an existing cache; nothing is created for it. */
  readonly existing?: ExistingCache;
}

/** A looked-up cache as its consumers need it: every value is a literal from the lock. */
export interface ExistingCache {
  /** ReplicationGroupId / CacheClusterId. */
  readonly id: string;
  readonly arn: string;
  /** Primary endpoint (replication group) or configuration endpoint (cluster mode, Memcached). */
  readonly address: string;
  readonly readerAddress?: string;
  /** The cache's security group that admits the consumers (ingress rules are added to it). */
  readonly securityGroupId: string;
  readonly vpcId: string;
}

/**
 * An `x-docdb` cluster: an `AWS::DocDB::DBCluster` with its instances, a credentials secret and its
 * own security group admitting its consumers on `port` (resolve/resources/docdb.ts).
 */
export interface DocDbModel extends ResourceBase {
  /** `EngineVersion` as written; absent: DocumentDB's default for new clusters. */
  readonly engineVersion?: string;
  readonly port: number;
  readonly masterUsername: string;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  /** One entry per `AWS::DocDB::DBInstance` (`MacroParameters.Instances`, or one of the default class). */
  readonly instances: readonly DocDbInstance[];
  /** `MacroParameters.DBClusterParameterGroup`: a cluster parameter group created with the cluster. */
  readonly parameterGroup?: Readonly<Record<string, unknown>>;
  /** Families whose security groups may reach `port`, sorted. */
  readonly consumers: readonly string[];
  /** Template properties written from values given outside `properties`: where each was. */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
}

/** One DocumentDB instance of a cluster: its class and its other `AWS::DocDB::DBInstance` properties. */
export type DocDbInstance = ClusterInstance;

/**
 * An `x-neptune` cluster: an `AWS::Neptune::DBCluster` with its instances and its own security group
 * admitting its consumers on `port`; clients sign their requests with their task role (IAM
 * database authentication, resolve/resources/neptune.ts).
 */
export interface NeptuneModel extends ResourceBase {
  /** `EngineVersion` as written (a version Neptune still creates); absent: Neptune's default. */
  readonly engineVersion?: string;
  readonly port: number;
  /** IAM database authentication (`IamAuthEnabled`): on unless the file turns it off. */
  readonly iamAuth: boolean;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  /** One entry per `AWS::Neptune::DBInstance` (`MacroParameters.Instances`, or one of the default class). */
  readonly instances: readonly ClusterInstance[];
  /** `MacroParameters.DBClusterParameterGroup`: a cluster parameter group created with the cluster. */
  readonly parameterGroup?: Readonly<Record<string, unknown>>;
  /** Families whose security groups may reach `port`, sorted. */
  readonly consumers: readonly string[];
  /** Template properties written from values given outside `properties`: where each was. */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
}

/** One instance of a DocumentDB or Neptune cluster: its class and its other instance properties. */
export interface ClusterInstance {
  readonly instanceClass: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Where it was written (`MacroParameters.Instances[i]`); absent for the default instance. */
  readonly path?: readonly (string | number)[];
}

/**
 * An `x-opensearch` domain: an `AWS::OpenSearchService::Domain` in the project's storage (else
 * private) subnets, behind its own security group admitting its consumers on 443
 * (resolve/resources/opensearch.ts).
 */
export interface OpenSearchModel extends ResourceBase {
  /** How many of the data subnets the domain uses: 1, or `AvailabilityZoneCount` (2 or 3) with zone awareness. */
  readonly zoneCount: number;
  /**
   * An instance type that cannot encrypt (M3, R3, T2): the domain is created without encryption at
   * rest and node to node, as the file asks, with a warning (CX3869).
   */
  readonly unencrypted?: true;
  /** `MacroParameters.CreateLogGroups`: one log group per log type, published to by the domain. */
  readonly logGroups: readonly string[];
  /** Retention of those log groups, in days. */
  readonly logRetentionDays: number;
  /** `MacroParameters.CreateLogGroupsResourcePolicy`: a CloudWatch Logs resource policy letting the service write to them. */
  readonly logResourcePolicy: boolean;
  /** `MacroParameters.GenerateMasterUserSecret` / `CreateMasterUserRole`: the master user of fine-grained access control. */
  readonly masterUser?: { readonly kind: 'secret' } | { readonly kind: 'role'; readonly permissionsBoundary?: string };
  /** Families whose security groups may reach 443, sorted. */
  readonly consumers: readonly string[];
  /** Template properties written from values given outside `properties`: where each was. */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
}

/** What a permission applies to, resolved to an ARN by the generate stage. */
export type GrantScope =
  /**
   * The resource itself (queue, topic, DB instance / cluster ARN), or with `suffix` a part of it:
   * `/*` the objects of a bucket, `/index/*` the indexes of a table. `attribute`: another ARN of the
   * resource than its `Arn` (a Neptune cluster's data resource, `DataArn`).
   */
  | { readonly on: 'resource'; readonly suffix?: string; readonly attribute?: string }
  /** The database's credentials secret. */
  | { readonly on: 'secret' }
  /** `rds-db:connect` for one database user (IAM database authentication). */
  | { readonly on: 'dbUser'; readonly user: string }
  /** The customer-managed KMS key (ARN) that encrypts the queue or topic. */
  | { readonly on: 'kmsKey'; readonly keyArn: string }
  /** An x-kms key of this project (by name) that encrypts the resource. */
  | { readonly on: 'key'; readonly key: string };

export interface GrantPermission {
  readonly scope: GrantScope;
  /** Sorted, explicit actions: never a wildcard. */
  readonly actions: readonly string[];
}

export type GrantSecret =
  /** One JSON key of the credentials secret; without `jsonKey` (x-docdb `EnvNames`), the whole secret (its JSON). */
  | { readonly name: string; readonly secret: 'credentials'; readonly jsonKey?: string }
  | { readonly name: string; readonly secret: 'connectionString' };

export type GrantVariable =
  | { readonly name: string; readonly attribute: string; readonly value?: undefined }
  | { readonly name: string; readonly value: string; readonly attribute?: undefined };

/** One `Services` entry of an x- resource. */
export interface ResourceGrant {
  readonly kind: ResourceKind;
  readonly resource: string;
  readonly family: string;
  /** The containers that receive the environment variables and secrets (the named service, or every service of the named family). */
  readonly services: readonly string[];
  /** The access as declared, for people: `Consumer`, `RW`, `DBCluster: RO`. */
  readonly access: string;
  /** Task role permissions. */
  readonly permissions: readonly GrantPermission[];
  /**
   * Environment variables: name → attribute of the resource (`Url`, `Arn`, `QueueName`,
   * `Endpoint.Address`, `SecretArn`…), or a fixed value composex sets (`PGSSLMODE=require`).
   */
  readonly environment: readonly GrantVariable[];
  /**
   * ECS secrets: a JSON key (`host`, `password`, …) of the database's credentials secret, or the
   * whole connection-string secret (`GenerateConnectionStringSecret`).
   */
  readonly secrets: readonly GrantSecret[];
  /** Network access to the resource's port (databases). */
  readonly port?: number;
  /** x-sqs only: `Scaling` of the entry, the family's task count following the queue's depth. */
  readonly scaling?: QueueScaling;
}

/**
 * `Scaling` of an x-sqs `Services` entry (ECS ComposeX's syntax): a CloudWatch alarm on the queue's
 * visible messages, whose ALARM action sets the family's task count from the step the depth falls
 * in, and whose OK action sets it back to the x-scaling minimum (zero when the Range starts at 0).
 */
export interface QueueScaling {
  /** Visible messages at which the alarm fires: the first step's LowerBound. */
  readonly threshold: number;
  /**
   * As written, in messages: in ascending order, each starting where the previous one ends, the
   * last one open (no upperBound).
   */
  readonly steps: readonly { readonly lowerBound: number; readonly upperBound?: number; readonly count: number }[];
  /** Seconds (ECS ComposeX's default: 60 each). */
  readonly scaleOutCooldown: number;
  readonly scaleInCooldown: number;
  /** The `Scaling` key, for findings. */
  readonly path: ConfigPath;
}

/**
 * An `x-aps` workspace (Amazon Managed Service for Prometheus): `AWS::APS::Workspace`, retained
 * (it holds the metrics written to it).
 */
export interface WorkspaceModel extends ResourceBase {
  /** `Lookup: {Arn}`: an existing workspace; nothing is created. */
  readonly existingArn?: string;
  /**
   * `MacroParameters.CreateNewLogGroup`: the properties of the log group created for the
   * workspace's logs (`LoggingConfiguration.LogGroupArn` is set to its ARN).
   */
  readonly newLogGroup?: Readonly<Record<string, unknown>>;
}

/**
 * An `x-codeguru_profiler` profiling group: `AWS::CodeGuruProfiler::ProfilingGroup`, retained (it
 * holds the profiles the agents submit).
 */
export interface ProfilingGroupModel extends ResourceBase {
  /** `Lookup`: an existing profiling group (its name, and its ARN when given); nothing is created. */
  readonly existing?: { readonly name: string; readonly arn?: string };
  /**
   * `MacroParameters.AppendStackId`: `ProfilingGroupName` followed by the stack's id. A group
   * without `ProfilingGroupName` (CloudFormation requires one) is named after its logical id
   * followed by the stack's id, as ECS ComposeX names it.
   */
  readonly appendStackId: boolean;
  /** Declared on a service (`services.<service>.x-codeguru_profiler`), for that service only. */
  readonly service?: string;
  /** The service-level key as written (`x-codeguru_profiler` or `x-codeguru-profiler`). */
  readonly serviceKey?: string;
}

/**
 * An `x-cognito_userpool` user pool: `AWS::Cognito::UserPool` from `Properties`, with deletion
 * protection and `Retain` (it holds the users, whom no template can bring back).
 */
export interface UserPoolModel extends ResourceBase {
  /** `DeletionProtection` as written, `ACTIVE` when not given. */
  readonly deletionProtection: 'ACTIVE' | 'INACTIVE';
  /** The x-elbv2 load balancers that authenticate users against it, sorted. */
  readonly loadBalancers: readonly string[];
  /** The domain prefix x-elbv2 authenticates through (`AuthenticateCognitoConfig.UserPoolDomain`): an `AWS::Cognito::UserPoolDomain`. */
  readonly domain?: string;
}

/**
 * A value of a delivery stream's `Properties` that names a resource of the project
 * (`x-s3::<bucket>`, `x-kinesis::<stream>`, `x-kms::<key>`): generate writes that resource's ARN at
 * `path` (inside `Properties`).
 */
export interface DeliveryReference {
  readonly path: readonly string[];
  readonly kind: 'bucket' | 'stream' | 'key';
  readonly name: string;
}

/** A resource the delivery role reaches: one of the project (`kind`, `name`), or an ARN as written. */
export type DeliveryTarget = { readonly kind: 'bucket' | 'stream' | 'key'; readonly name: string } | { readonly arn: string };

/**
 * The IAM role composex creates for a delivery stream (assumed by Firehose for this account only):
 * what its policy grants, each on exactly these resources.
 */
export interface DeliveryRoleModel {
  /** The S3 destination (and backup) buckets: Firehose's S3 actions on each bucket and its objects. */
  readonly buckets: readonly DeliveryTarget[];
  /** Customer managed keys S3 encrypts the delivered objects with: kms:Decrypt and GenerateDataKey through S3. */
  readonly bucketKeys: readonly DeliveryTarget[];
  /** The Kinesis stream it reads (`KinesisStreamAsSource`). */
  readonly sourceStream?: DeliveryTarget;
  /** The customer managed key of that stream: kms:Decrypt through Kinesis. */
  readonly sourceKey?: DeliveryTarget;
  /** Lambda functions of `ProcessingConfiguration` (ARNs as written): invoked by Firehose. */
  readonly lambdas: readonly string[];
  /** Log groups the user's `CloudWatchLoggingOptions` name: logs:PutLogEvents on their streams. */
  readonly logGroups: readonly string[];
  /** The configurations (property names) whose `RoleARN` is this role. */
  readonly configurations: readonly string[];
  /** `MacroParameters.x-iam.PermissionsBoundary`. */
  readonly permissionsBoundary?: string;
}

/**
 * An `x-kinesis_firehose` delivery stream: `AWS::KinesisFirehose::DeliveryStream`, with the IAM
 * role Firehose assumes (unless `MacroParameters.DoNotOverrideIamRole` keeps the user's roles) and
 * a log group for delivery errors.
 */
export interface DeliveryStreamModel extends ResourceBase {
  /** `Lookup: {Arn}`: an existing delivery stream; nothing is created. */
  readonly existingArn?: string;
  /** Values naming resources of the project, written as their ARNs. */
  readonly references: readonly DeliveryReference[];
  readonly role?: DeliveryRoleModel;
  /**
   * The destination configurations (property names) whose errors go to the log group composex
   * creates (`CloudWatchLoggingOptions` not written by the user).
   */
  readonly logged: readonly string[];
  /** `DeliveryStreamType: KinesisStreamAsSource`: producers write to the source stream, not to it. */
  readonly kinesisSource: boolean;
}

/**
 * An `x-wafv2_webacl` web ACL: `AWS::WAFv2::WebACL` from `Properties` (or an existing one), and
 * the x-elbv2 application load balancers it protects (an `AWS::WAFv2::WebACLAssociation` in each
 * load balancer's stack). No service is given access to it (as in ECS ComposeX).
 */
export interface WebAclModel extends ResourceBase {
  /**
   * `Lookup`: an existing web ACL; nothing is created. `Arn` as written, or the name and id of
   * `Identifier: name|id|REGIONAL` (a web ACL of the deploying account and Region). A global
   * (CloudFront) one protects no load balancer (refused where it is named).
   */
  readonly existing?: { readonly arn: string } | { readonly name: string; readonly id: string };
  /** `LoadBalancers`: the x-elbv2 application load balancers it protects (network ones left out, warned), sorted. */
  readonly loadBalancers: readonly string[];
}
