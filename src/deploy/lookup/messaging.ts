/**
 * Lookups of existing x-sqs queues and x-sns topics by name or tags: the ARN consumers are
 * granted on, the queue URL, and the customer-managed KMS key they need permissions on
 * (`KmsMasterKeyId`, an attribute of both queues and topics). Lists are read whole (paginators).
 */
import { GetTopicAttributesCommand, ListTagsForResourceCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { MessagingAnswer, Tags } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { Candidate, exactlyOne, hasTags, tagsOf } from './match';

export interface MessagingClients {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
}

function isNotFound(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? '';
  return /NonExistentQueue|QueueDoesNotExist|NotFound/.test(name);
}

export async function lookupQueue(request: LookupRequest, clients: MessagingClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'queue') throw new Error('not a queue lookup');
  const selector = request.query.resource;
  let urls: string[] = [];
  if ('tags' in selector) {
    for await (const page of paginateListQueues({ client: clients.sqs }, {})) urls.push(...(page.QueueUrls ?? []));
  } else {
    const name = 'name' in selector ? selector.name : selector.identifier;
    try {
      const out = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (out.QueueUrl) urls = [out.QueueUrl];
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const candidates: (Candidate & { url: string; kmsKeyId?: string })[] = [];
  for (const url of urls) {
    const tags: Tags = (await clients.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {};
    if ('tags' in selector && !hasTags(tags, selector.tags)) continue;
    const attributes = (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'KmsMasterKeyId'] }))).Attributes ?? {};
    const sorted = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));
    candidates.push({ name: url.split('/').pop() ?? url, arn: attributes.QueueArn ?? '', tags: sorted, url, ...(attributes.KmsMasterKeyId ? { kmsKeyId: attributes.KmsMasterKeyId } : {}) });
  }
  const found = exactlyOne(request, 'queue', selector, candidates);
  return { name: found.name, arn: found.arn, url: found.url, ...(found.kmsKeyId ? { kmsKeyId: found.kmsKeyId } : {}) };
}

export async function lookupTopic(request: LookupRequest, clients: MessagingClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'topic') throw new Error('not a topic lookup');
  const selector = request.query.resource;
  const arns: string[] = [];
  for await (const page of paginateListTopics({ client: clients.sns }, {})) arns.push(...(page.Topics ?? []).map((t) => t.TopicArn ?? ''));
  const nameOf = (arn: string) => arn.split(':').pop() ?? arn;
  const wanted = 'tags' in selector ? arns : arns.filter((arn) => nameOf(arn) === ('name' in selector ? selector.name : selector.identifier));
  const candidates: (Candidate & { kmsKeyId?: string })[] = [];
  for (const arn of wanted) {
    const tags = tagsOf((await clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags);
    if ('tags' in selector && !hasTags(tags, selector.tags)) continue;
    const attributes = (await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
    candidates.push({ name: nameOf(arn), arn, tags, ...(attributes.KmsMasterKeyId ? { kmsKeyId: attributes.KmsMasterKeyId } : {}) });
  }
  const found = exactlyOne(request, 'topic', selector, candidates);
  return { name: found.name, arn: found.arn, ...(found.kmsKeyId ? { kmsKeyId: found.kmsKeyId } : {}) };
}
