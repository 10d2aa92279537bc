/**
 * composex.lock.json: the answers of `composex lookup`, one entry per `Lookup` (its normalized
 * query, the answer, when it was taken), written with sorted keys so the same answers give the
 * same bytes. Types and text only: reading a Lookup is lookups.ts, asking AWS is src/deploy/lookup/.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lock file composex writes next to the first compose file. */
export const LOCK_FILE_NAME = 'composex.lock.json';
export const LOCK_VERSION = 1;

export type Tags = Readonly<Record<string, string>>;

/** How one thing is found: by tags, by name, or by id. Exactly one of them. */
export type Selector = { readonly tags: Tags } | { readonly name: string } | { readonly identifier: string };

export type LookupQuery =
  | {
      readonly kind: 'vpc';
      readonly vpc: Selector;
      /** Subnets are looked up inside the VPC found; each group may match several subnets. */
      readonly subnets: Readonly<Partial<Record<SubnetGroup, Selector>>>;
      /**
       * ECS ComposeX's extra subnet groups (`x-vpc.Lookup.<Group>`), by group name, looked up in the
       * VPC found like the others; absent when there is none (so older lock entries still match).
       */
      readonly groups?: Readonly<Record<string, Selector>>;
    }
  | { readonly kind: 'cluster'; readonly cluster: Selector }
  /** `tags` with a name selector: the secret of that name must also carry them (x-secrets `Name` with `Lookup.Tags`). */
  | { readonly kind: 'secret'; readonly secret: Selector; readonly tags?: Tags }
  | { readonly kind: ResourceLookupKind; readonly resource: Selector }
  | DatabaseQuery
  | CacheQuery
  | ImageQuery;

/**
 * The digest of a service's image (`x-ecr` / `x-docker_opts` `InterpolateWithDigest`): `image` as
 * written (`<name>:<tag>`, the tag `latest` when none); `roleArn`, the role `x-ecr.RoleArn` names
 * to read a repository of another account. A private ECR image is asked of ECR, any other of the
 * registry through the user's docker.
 */
export interface ImageQuery {
  readonly kind: 'image';
  readonly image: string;
  readonly roleArn?: string;
}

/**
 * `x-rds.<name>.Lookup` (ECS ComposeX's syntax): `cluster` (Aurora) or `db` (`instance`) found by
 * `Name` (its identifier), `Tags` (both: the named one must carry the tags) or `Arn`; `secret`, the
 * credentials secret by `Name` and / or `Tags` (absent: the master user secret RDS manages).
 */
export interface DatabaseQuery {
  readonly kind: 'database';
  readonly type: 'cluster' | 'instance';
  readonly database: NameTagsOrArn;
  readonly secret?: NameTagsOrArn;
}
/**
 * `x-elasticache.<name>.Lookup`: a Redis OSS / Valkey replication group or a Memcached cluster, by
 * `Tags`, by `Name` / `Identifier` (its ReplicationGroupId or CacheClusterId: `name`) or by `Arn`
 * (`identifier`).
 */
export interface CacheQuery {
  readonly kind: 'cache';
  readonly cache: Selector;
}
/** At least one of them; `arn` alone. */
export interface NameTagsOrArn {
  readonly name?: string;
  readonly tags?: Tags;
  readonly arn?: string;
}

/**
 * Resource kinds found by one selector: x-sqs, x-sns (tags or name), x-s3 (tags), x-dynamodb (tags
 * or name), x-kms (tags), x-ssm_parameter (tags), x-kinesis (tags or name).
 */
export type ResourceLookupKind = 'queue' | 'topic' | 'bucket' | 'table' | 'key' | 'parameter' | 'stream';

export const SUBNET_GROUPS = ['AppSubnets', 'PublicSubnets', 'StorageSubnets'] as const;
export type SubnetGroup = (typeof SUBNET_GROUPS)[number];

export interface SubnetAnswer {
  readonly subnetId: string;
  readonly availabilityZone: string;
}
export interface VpcAnswer {
  readonly vpcId: string;
  readonly vpcArn: string;
  /** Each group's subnets, sorted by availability zone then id. */
  readonly subnets: Readonly<Partial<Record<SubnetGroup, readonly SubnetAnswer[]>>>;
  /** The extra subnet groups' subnets, by group name (as `subnets`); absent when the query has none. */
  readonly groups?: Readonly<Record<string, readonly SubnetAnswer[]>>;
}
export interface ClusterAnswer {
  readonly clusterName: string;
  readonly clusterArn: string;
}
export interface SecretAnswer {
  readonly name: string;
  readonly arn: string;
  /** The customer-managed key that encrypts the secret (absent: the AWS managed key). */
  readonly kmsKeyId?: string;
}
/**
 * An x-sqs queue, x-sns topic, x-s3 bucket or x-dynamodb table: its name and ARN, and what access
 * needs besides (the customer-managed KMS key of a queue, topic or bucket; a table's stream).
 */
export interface MessagingAnswer {
  readonly name: string;
  readonly arn: string;
  /** The queue URL (queues only). */
  readonly url?: string;
  readonly kmsKeyId?: string;
  /** The latest stream of a table with DynamoDB Streams on (tables only). */
  readonly streamArn?: string;
}
/**
 * An RDS DB instance or Aurora cluster: what consumers connect to (endpoint, port), the security
 * groups to open ingress on, the credentials secret and its customer-managed KMS key.
 */
export interface DatabaseAnswer {
  readonly type: 'cluster' | 'instance';
  /** DBInstanceIdentifier / DBClusterIdentifier. */
  readonly identifier: string;
  readonly arn: string;
  /** DbiResourceId / DbClusterResourceId (IAM database authentication). */
  readonly resourceId: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly address: string;
  /** The reader endpoint (clusters). */
  readonly readerAddress?: string;
  readonly port: number;
  /**
   * VPC security groups, in the order RDS lists them; ingress is opened on the first (one is
   * enough: the rules of every group of a network interface are aggregated, docs/x-keys.md).
   */
  readonly securityGroupIds: readonly string[];
  /** The VPC of its DB subnet group (locks written before it was recorded have none). */
  readonly vpcId?: string;
  readonly databaseName?: string;
  readonly masterUsername: string;
  readonly iamAuthentication: boolean;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  readonly instanceClass?: string;
  /** Instances of a cluster (1 for an instance). */
  readonly instances: number;
  /** The credentials secret: `Lookup.secret`, else the master user secret RDS manages. */
  readonly secret?: { readonly arn: string; readonly name: string; readonly kmsKeyId?: string; readonly managedByRds: boolean };
}
/**
 * An ElastiCache replication group (Redis OSS / Valkey) or Memcached cluster: where consumers
 * connect, the security groups to open ingress on, its VPC, and whether it asks for TLS and an AUTH
 * token.
 */
export interface CacheAnswer {
  /** `replicationGroup` (cluster mode disabled), `clusterMode` (shards), `memcached` (a cache cluster). */
  readonly shape: 'replicationGroup' | 'clusterMode' | 'memcached';
  /** ReplicationGroupId / CacheClusterId. */
  readonly id: string;
  readonly arn: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly nodeType: string;
  /** Nodes of a replication group or Memcached cluster; shards in cluster mode. */
  readonly nodes: number;
  /** The primary endpoint (replication group) or configuration endpoint (cluster mode, Memcached). */
  readonly address: string;
  readonly port: number;
  /** The reader endpoint of a replication group with cluster mode disabled. */
  readonly readerAddress?: string;
  /** VPC security groups of its nodes; ingress is opened on the first, as for a database. */
  readonly securityGroupIds: readonly string[];
  /** The VPC of its cache subnet group. */
  readonly vpcId: string;
  readonly transitEncryption: boolean;
  /** The cache asks clients for an AUTH token (Redis OSS / Valkey). */
  readonly authToken: boolean;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
}
/** The image pinned: `<name>@sha256:…` (what the task definition names) and the digest alone. */
export interface ImageAnswer {
  readonly image: string;
  readonly digest: string;
}
export type LookupAnswer = VpcAnswer | ClusterAnswer | SecretAnswer | MessagingAnswer | DatabaseAnswer | CacheAnswer | ImageAnswer;

export interface LockEntry {
  readonly query: LookupQuery;
  readonly answer: LookupAnswer;
  /** When the answer was taken (ISO 8601); nothing reads it but people. */
  readonly takenAt: string;
}

export interface LockFile {
  readonly version: number;
  /** Keyed by where the Lookup is written: `x-vpc`, `x-cluster`, `secrets.db`. */
  readonly lookups: Readonly<Record<string, LockEntry>>;
  /** Where the lock was read from (not written). */
  readonly file?: string;
}

/** Sorted keys at every level, two-space indent, a final newline: the same answers give the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]));
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** The lock as text; takenAt is the only field that differs between two runs with the same answers. */
export function formatLock(lookups: Readonly<Record<string, LockEntry>>): string {
  return stableJson({ version: LOCK_VERSION, lookups });
}

/** Parses a lock file's text; a message when it is not one. */
export function parseLock(text: string, file: string): LockFile | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `${file} is not JSON (${(e as Error).message})`;
  }
  if (!isObject(data) || data.version !== LOCK_VERSION || !isObject(data.lookups)) {
    return `${file} is not a composex lock file of version ${LOCK_VERSION}`;
  }
  return { version: LOCK_VERSION, lookups: data.lookups as Record<string, LockEntry>, file };
}

