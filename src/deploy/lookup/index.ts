/**
 * `composex lookup`: answers every `Lookup` of the project with AWS calls and gives the text of
 * composex.lock.json. The lock holds, per Lookup, the normalized query, the answer and when it
 * was taken; render reads it offline (src/resolve/lookups.ts). Every mismatch (no match, several)
 * is reported together, and then no lock is written.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { ECSClient } from '@aws-sdk/client-ecs';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ECRClient } from '@aws-sdk/client-ecr';
import { STSClient } from '@aws-sdk/client-sts';
import { ecrClients } from '../ecr-access';
import type { Diagnostic } from '../../diagnostics';
import { formatLock, LockEntry, LookupAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import type { ClientOptions } from '../clients';
import { BucketClients, lookupBucket } from './bucket';
import { CacheClients, lookupCache } from './cache';
import { DatabaseClients, lookupDatabase } from './database';
import { ImageClients, lookupImage } from './image';
import { KeyClients, lookupKey } from './key';
import { LookupMismatch } from './match';
import { lookupQueue, lookupTopic, MessagingClients } from './messaging';
import { lookupParameter, ParameterClients } from './parameter';
import { lookupCluster, lookupSecret, lookupVpc, NetworkAndSecretClients } from './queries';
import { lookupStream, StreamClients } from './stream';
import { lookupTable, TableClients } from './table';

export type LookupClients = NetworkAndSecretClients &
  MessagingClients &
  DatabaseClients &
  BucketClients &
  TableClients &
  KeyClients &
  ParameterClients &
  StreamClients &
  CacheClients &
  ImageClients;

const ANSWER = {
  vpc: lookupVpc,
  cluster: lookupCluster,
  secret: lookupSecret,
  queue: lookupQueue,
  topic: lookupTopic,
  database: lookupDatabase,
  bucket: lookupBucket,
  table: lookupTable,
  key: lookupKey,
  parameter: lookupParameter,
  stream: lookupStream,
  cache: lookupCache,
  image: lookupImage,
} as const satisfies Record<LookupRequest['query']['kind'], (r: LookupRequest, c: LookupClients) => Promise<LookupAnswer>>;

export function createLookupClients(options: ClientOptions = {}): LookupClients {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = { ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}), maxAttempts: 6 };
  return {
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    secretsManager: new SecretsManagerClient(config),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    rds: new RDSClient(config),
    // ListBuckets lists every region's buckets; their tags and encryption are asked in their region.
    s3: new S3Client({ ...config, followRegionRedirects: true }),
    dynamodb: new DynamoDBClient(config),
    kms: new KMSClient(config),
    ssm: new SSMClient(config),
    kinesis: new KinesisClient(config),
    elasticache: new ElastiCacheClient(config),
    // x-ecr / x-docker_opts InterpolateWithDigest: ECR in the image's region, a role assumed when x-ecr.RoleArn names one.
    ecrIn: ecrClients({ ecr: new ECRClient(config), sts: new STSClient(config) }),
  };
}

export interface LookupResult {
  /** The lock text, when every Lookup found exactly one answer. */
  readonly lock?: string;
  readonly entries: Readonly<Record<string, LockEntry>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Answers the requests one after the other (a handful of calls; no throttling to meet). */
export async function runLookups(requests: readonly LookupRequest[], clients: LookupClients, now: () => Date = () => new Date()): Promise<LookupResult> {
  const entries: Record<string, LockEntry> = {};
  const diagnostics: Diagnostic[] = [];
  for (const request of requests) {
    try {
      const answer = await ANSWER[request.query.kind](request, clients);
      entries[request.key] = { query: request.query, answer, takenAt: now().toISOString() };
    } catch (e) {
      if (!(e instanceof LookupMismatch)) throw e;
      diagnostics.push(e.diagnostic);
    }
  }
  return { entries, diagnostics, ...(diagnostics.length === 0 ? { lock: formatLock(entries) } : {}) };
}
