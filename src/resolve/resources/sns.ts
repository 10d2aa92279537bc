/**
 * `x-sns`: topics, their subscriptions to x-sqs queues, and who may publish.
 *
 *   x-sns:
 *     orders:
 *       Properties:
 *         Subscription:
 *           - Endpoint: x-sqs::billing          (or x-sqs::billing::Arn)
 *             Protocol: sqs
 *             RawMessageDelivery: true
 *             FilterPolicy: {type: [paid]}
 *       Services:
 *         api: {Access: Publish}
 *
 * Each subscription becomes an `AWS::SNS::Subscription` and a statement in the queue's policy that
 * lets only that topic send to it (`aws:SourceArn`). Publishers get the topic ARN in `<NAME>`.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { KeyModel, QueueModel, ResourceGrant, SubscriptionModel, TopicModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, readList, readObject, readString } from '../readers';
import { CFN_PROPERTIES } from './cfn-properties';
import { checkProperties, readEnvNames, parseReference, lookedUpKmsKey, readLookupArn, readResourceEntries, ResourceEntry } from './common';
import { checkMessagingName, isTrue, messagingGrants, MessagingSpec } from './messaging';
import { customerKey, SQS_KEY } from './sqs';
import { checkSubscribedQueueKeys, keysAdmittingSns } from './subscribed-queue-keys';

export const SNS_KEY = 'x-sns';
export const TOPIC_ATTRIBUTES = ['Arn', 'TopicName'];
export const TOPIC_ATTRIBUTE_ALIASES = { TopicArn: 'Arn' };
/** Subscription keys composex sets itself. */
const SUBSCRIPTION_MANAGED = ['Endpoint', 'Protocol', 'TopicArn', 'Region', 'SubscriptionRoleArn'];
const SUBSCRIPTION_KEYS = ['Endpoint', 'Protocol', ...CFN_PROPERTIES['AWS::SNS::Subscription'].filter((k) => !SUBSCRIPTION_MANAGED.includes(k))];

export interface TopicResolution {
  readonly topics: TopicModel[];
  readonly grants: ResourceGrant[];
  /** Queues with `subscribedTopics` filled in. */
  readonly queues: QueueModel[];
  /** x-kms keys with `snsTopics` filled in. */
  readonly keys: KeyModel[];
}

export function resolveTopics(ctx: ResolveContext, membership: Membership, queues: readonly QueueModel[], keys: readonly KeyModel[], spec: MessagingSpec): TopicResolution {
  const entries = readResourceEntries(ctx, SNS_KEY, [], ['EnvNames']);
  const ids = logicalIds(entries.map((e) => e.name));
  const queueByName = new Map(queues.map((q) => [q.name, q]));
  const subscribers = new Map<string, Set<string>>(); // queue → topics
  const topics: TopicModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    const existingArn = readLookupArn(ctx, entry, 'sns', 'arn:aws:sns:eu-west-1:123456789012:orders');
    const { Subscription, ...properties } = entry.properties;
    if (!entry.lookup) checkTopicProperties(ctx, entry);
    const fifo = existingArn ? existingArn.endsWith('.fifo') : isTrue(properties.FifoTopic);
    const subscriptions = Subscription === undefined ? [] : readSubscriptions(ctx, entry, Subscription, queueByName, fifo);
    for (const s of subscriptions) subscribers.set(s.queue, (subscribers.get(s.queue) ?? new Set()).add(entry.name));
    topics.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      properties,
      fifo,
      subscriptions,
      ...(existingArn ? { existingArn } : {}),
    });
    grants.push(...topicGrants(ctx, entry, membership, spec));
  }
  checkSubscribedQueueKeys(ctx, queues, subscribers, keys);
  return {
    topics,
    grants,
    keys: keysAdmittingSns(keys, queues, subscribers),
    queues: queues.map((q) => ({ ...q, subscribedTopics: [...(subscribers.get(q.name) ?? [])].sort() })),
  };
}

function checkTopicProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::SNS::Topic');
  if (p.KmsMasterKeyId === null || p.KmsMasterKeyId === '') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `topic '${entry.name}' would not be encrypted at rest`, [...path, 'KmsMasterKeyId'], 'remove KmsMasterKeyId (composex uses the AWS managed key alias/aws/sns) or give your KMS key ARN');
  }
  checkMessagingName(ctx, entry, 'TopicName', 'FifoTopic', 'topic', 256);
}

function readSubscriptions(
  ctx: ResolveContext,
  entry: ResourceEntry,
  value: unknown,
  queues: ReadonlyMap<string, QueueModel>,
  fifoTopic: boolean,
): SubscriptionModel[] {
  const path = [...entry.path, 'Properties', 'Subscription'];
  const list = readList(ctx, value, path, 'a list of {Endpoint: x-sqs::<queue>, Protocol: sqs}') ?? [];
  const out: SubscriptionModel[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const at = [...path, i];
    const sub = readObject(ctx, item, at, '{Endpoint: x-sqs::<queue>, Protocol: sqs}');
    if (!sub) return;
    checkKeys(ctx, sub, at, SUBSCRIPTION_KEYS);
    if (sub.Protocol !== undefined && sub.Protocol !== 'sqs') {
      ctx.error(CODES.SUBSCRIPTION_NOT_A_QUEUE, `subscription ${i} of topic '${entry.name}' uses protocol '${String(sub.Protocol)}'`, [...at, 'Protocol'], 'composex subscribes x-sqs queues (Protocol: sqs); subscribe other endpoints outside composex');
      return;
    }
    const endpoint = readString(ctx, sub.Endpoint, [...at, 'Endpoint'], 'x-sqs::<queue name>');
    if (endpoint === undefined) return;
    const ref = parseReference(endpoint) ?? bareQueueName(ctx, endpoint, queues, [...at, 'Endpoint']);
    if (!ref || ref.key !== SQS_KEY || (ref.attribute !== undefined && ref.attribute !== 'Arn')) {
      ctx.error(CODES.SUBSCRIPTION_NOT_A_QUEUE, `subscription endpoint '${endpoint}' of topic '${entry.name}' is not an x-sqs queue`, [...at, 'Endpoint'], 'write Endpoint: x-sqs::<queue name>; composex manages the queue policy that lets the topic send, so only its own queues can subscribe');
      return;
    }
    const queue = queues.get(ref.name);
    if (!queue) {
      ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `subscription endpoint names queue '${ref.name}', which is not under x-sqs`, [...at, 'Endpoint'], suggestion(ref.name, [...queues.keys()], 'queue'));
      return;
    }
    if (queue.existingArn) {
      ctx.error(CODES.SUBSCRIPTION_NOT_A_QUEUE, `queue '${ref.name}' is looked up, so composex cannot add the topic to its policy`, [...at, 'Endpoint'], 'subscribe a queue composex creates, or subscribe the existing queue outside composex');
      return;
    }
    if (queue.fifo && !fifoTopic) {
      ctx.error(CODES.SUBSCRIPTION_NOT_A_QUEUE, `standard topic '${entry.name}' cannot deliver to FIFO queue '${ref.name}'`, [...at, 'Endpoint'], 'make the topic FIFO too (FifoTopic: true) or subscribe a standard queue');
      return;
    }
    if (seen.has(ref.name)) {
      ctx.error(CODES.INVALID_RESOURCE, `topic '${entry.name}' subscribes queue '${ref.name}' twice`, [...at, 'Endpoint'], 'merge the two subscriptions (one FilterPolicy can list several values)');
      return;
    }
    seen.add(ref.name);
    const { Endpoint: _e, Protocol: _p, ...properties } = sub;
    out.push({ queue: ref.name, properties, index: i });
  });
  return out;
}

/**
 * ECS ComposeX's first releases wrote an `sqs` subscription's `Endpoint` as the bare name of an
 * x-sqs queue (`use-cases/blog-all-features.yml`); an SQS endpoint is otherwise a queue ARN, so a
 * name of the file's queues can only mean that queue: read so, with a warning at it.
 */
function bareQueueName(ctx: ResolveContext, endpoint: string, queues: ReadonlyMap<string, QueueModel>, path: Path) {
  if (!queues.has(endpoint)) return undefined;
  ctx.warning(CODES.SUBSCRIPTION_BARE_QUEUE_NAME, `subscription endpoint '${endpoint}' is read as the x-sqs queue '${endpoint}', as ECS ComposeX's first releases read it`, path, `write Endpoint: x-sqs::${endpoint}`);
  return parseReference(endpoint, SQS_KEY);
}

function topicGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, spec: MessagingSpec): ResourceGrant[] {
  // A looked-up queue or topic: the key `composex lookup` found on it (KmsMasterKeyId).
  const kms =
    entry.properties.KmsMasterKeyId !== undefined
      ? customerKey(ctx, entry.properties.KmsMasterKeyId, [...entry.path, 'Properties', 'KmsMasterKeyId'])
      : customerKey(ctx, lookedUpKmsKey(ctx, entry), [...entry.path, 'Lookup']);
  return messagingGrants(ctx, entry, membership, spec, 'an SNS topic', kms, { mainVariables: readEnvNames(ctx, entry) });
}
