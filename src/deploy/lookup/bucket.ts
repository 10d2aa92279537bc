/**
 * Lookup of an existing x-s3 bucket by tags: ListBuckets (read whole: paginated), the tags of each
 * (GetBucketTagging; a bucket without tags answers NoSuchTagSet), and for the one that matches its
 * default encryption (GetBucketEncryption): a customer-managed KMS key there is one consumers need
 * KMS permissions on to read and write objects. The S3 client follows region redirects: ListBuckets
 * lists the buckets of every region.
 */
import { GetBucketEncryptionCommand, GetBucketTaggingCommand, paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import type { MessagingAnswer, Tags } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { Candidate, exactlyOne, hasTags, tagsOf } from './match';

export interface BucketClients {
  readonly s3: S3Client;
}

const errorName = (e: unknown) => (e as { name?: string; Code?: string })?.name ?? '';

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

async function bucketTags(s3: S3Client, bucket: string): Promise<Tags> {
  try {
    return tagsOf((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet);
  } catch (e) {
    if (errorName(e) === 'NoSuchTagSet') return {};
    throw e;
  }
}

/** The customer-managed key of the bucket's default encryption (SSE-KMS / DSSE-KMS), if any. */
async function bucketKey(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const rules = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
    return rules.map((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID).find((k): k is string => k !== undefined);
  } catch (e) {
    if (errorName(e) === 'ServerSideEncryptionConfigurationNotFoundError') return undefined;
    throw e;
  }
}

export async function lookupBucket(request: LookupRequest, clients: BucketClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'bucket') throw new Error('not a bucket lookup');
  const selector = request.query.resource;
  if (!('tags' in selector)) throw new Error('internal: a bucket is looked up by tags only');
  const names: string[] = [];
  for await (const page of paginateListBuckets({ client: clients.s3 }, {})) names.push(...(page.Buckets ?? []).map((b) => b.Name ?? '').filter(Boolean));
  const partition = partitionOf(await clients.s3.config.region());
  const candidates: Candidate[] = [];
  for (const name of names) {
    const tags = await bucketTags(clients.s3, name);
    if (hasTags(tags, selector.tags)) candidates.push({ name, arn: `arn:${partition}:s3:::${name}`, tags });
  }
  const found = exactlyOne(request, 'bucket', selector, candidates);
  const kmsKeyId = await bucketKey(clients.s3, found.name);
  return { name: found.name, arn: found.arn, ...(kmsKeyId ? { kmsKeyId } : {}) };
}
