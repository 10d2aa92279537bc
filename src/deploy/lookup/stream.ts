/**
 * Lookup of an existing x-kinesis data stream by name (DescribeStreamSummary) or tags (ListStreams,
 * read whole, then ListTagsForResource on each). The answer is the stream ARN consumers are granted
 * on and the customer-managed KMS key that encrypts it: Kinesis reports the key as it was given
 * (a key id, key ARN, alias name or alias ARN), so anything but a key ARN is resolved with KMS
 * DescribeKey, and the AWS managed key (`alias/aws/kinesis`), which needs no permission of the
 * consumers, is left out.
 */
import { DescribeStreamSummaryCommand, KinesisClient, ListTagsForResourceCommand, paginateListStreams } from '@aws-sdk/client-kinesis';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { MessagingAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { Candidate, exactlyOne, hasTags, isNotFound, tagsOf } from './match';

export interface StreamClients {
  readonly kinesis: KinesisClient;
  readonly kms: KMSClient;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const AWS_MANAGED_KEY = /(^|:)alias\/aws\/kinesis$/;

export async function lookupStream(request: LookupRequest, clients: StreamClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'stream') throw new Error('not a stream lookup');
  const selector = request.query.resource;
  const candidates: Candidate[] = [];
  if ('tags' in selector) {
    const streams: { name: string; arn: string }[] = [];
    for await (const page of paginateListStreams({ client: clients.kinesis }, {})) {
      streams.push(...(page.StreamSummaries ?? []).map((s) => ({ name: s.StreamName ?? '', arn: s.StreamARN ?? '' })));
    }
    for (const s of streams) {
      const tags = tagsOf((await clients.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: s.arn }))).Tags);
      if (hasTags(tags, selector.tags)) candidates.push({ ...s, tags });
    }
  } else {
    const name = 'name' in selector ? selector.name : selector.identifier;
    try {
      const summary = (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
      if (summary?.StreamARN) candidates.push({ name: summary.StreamName ?? name, arn: summary.StreamARN, tags: {} });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const found = exactlyOne(request, 'Kinesis data stream', selector, candidates);
  const summary = (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: found.arn }))).StreamDescriptionSummary;
  const kmsKeyId = summary?.EncryptionType === 'KMS' && summary.KeyId ? await customerKeyArn(clients.kms, summary.KeyId) : undefined;
  return { name: found.name, arn: found.arn, ...(kmsKeyId ? { kmsKeyId } : {}) };
}

/** The ARN of a customer-managed key, or undefined for the AWS managed key of Kinesis. */
async function customerKeyArn(kms: KMSClient, keyId: string): Promise<string | undefined> {
  if (AWS_MANAGED_KEY.test(keyId)) return undefined;
  if (KEY_ARN.test(keyId)) return keyId;
  const metadata = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  return metadata?.KeyManager === 'CUSTOMER' ? metadata.Arn : undefined;
}
