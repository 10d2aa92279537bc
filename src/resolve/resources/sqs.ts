/**
 * `x-sqs`: queues (standard or FIFO), their dead-letter queues and who may use them.
 *
 *   x-sqs:
 *     jobs:
 *       Properties:
 *         VisibilityTimeout: 60
 *         RedrivePolicy: {deadLetterTargetArn: x-sqs::jobs-dlq, maxReceiveCount: 5}
 *       Services:
 *         api: {Access: Producer}
 *         worker: {Access: Consumer, ReturnValues: {Arn: JOBS_ARN}}
 *     jobs-dlq:
 *       Properties: {KmsMasterKeyId: x-kms::queues}     (an x-kms key: consumers get its KMS actions on it)
 *     legacy:
 *       Lookup: {Arn: arn:aws:sqs:eu-west-1:123456789012:legacy}
 *
 * Every consumer gets the queue URL in `<NAME>` (upper snake case of the resource name).
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { KeyModel, QueueModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { describePath, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, readInteger, readObject, readString } from '../readers';
import { SQS_OLDER_LEVELS } from './access';
import { checkProperties, readEnvNames, parseArn, parseReference, lookedUpKmsKey, readLookupArn, readResourceEntries, ResourceEntry } from './common';
import { readKeyReference, refuseKeyReference } from './kms';
import { checkMessagingName, isTrue, messagingGrants, MessagingSpec } from './messaging';
import { readQueueScaling } from './sqs-scaling';

export const SQS_KEY = 'x-sqs';
export const QUEUE_ATTRIBUTES = ['Url', 'Arn', 'QueueName'];
export const QUEUE_ATTRIBUTE_ALIASES = { QueueUrl: 'Url', QueueArn: 'Arn' };
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/**
 * An AWS managed key (`alias/aws/sqs`, `alias/aws/sns`, `alias/aws/s3`), by alias name or alias ARN: usable by
 * every principal of the account through the service, no IAM needed — and its key policy cannot be
 * changed, so no other service (SNS delivering to a queue) can be let in.
 */
const AWS_MANAGED_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/(sqs|sns|s3)$/;

/** `alias/aws/sqs` (or its ARN), `alias/aws/sns`: the service name, else undefined. */
export function awsManagedKey(value: unknown): 'sqs' | 'sns' | 's3' | undefined {
  const match = typeof value === 'string' ? AWS_MANAGED_KEY.exec(value) : null;
  return match ? (match[2] as 'sqs' | 'sns' | 's3') : undefined;
}

export interface QueueResolution {
  readonly queues: QueueModel[];
  readonly grants: ResourceGrant[];
}

export function resolveQueues(ctx: ResolveContext, membership: Membership, spec: MessagingSpec, keys: readonly KeyModel[]): QueueResolution {
  const entries = readResourceEntries(ctx, SQS_KEY, [], ['EnvNames']);
  const ids = logicalIds(entries.map((e) => e.name));
  const queues: QueueModel[] = [];
  const grants: ResourceGrant[] = [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const entry of entries) {
    const existingArn = readLookupArn(ctx, entry, 'sqs', 'arn:aws:sqs:eu-west-1:123456789012:jobs');
    const { RedrivePolicy, ...written } = entry.properties;
    if (!entry.lookup) checkQueueProperties(ctx, entry);
    const keyRef = readKeyReference(ctx, written.KmsMasterKeyId, [...entry.path, 'Properties', 'KmsMasterKeyId'], keys);
    // An x-kms key: its ARN is written by the generate stage.
    const { KmsMasterKeyId: _key, ...withoutKey } = written;
    const properties = keyRef ? withoutKey : written;
    const fifo = existingArn ? existingArn.endsWith('.fifo') : isTrue(properties.FifoQueue);
    const deadLetter = RedrivePolicy === undefined ? undefined : readDeadLetter(ctx, entry, RedrivePolicy, byName, fifo);
    queues.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      properties,
      fifo,
      subscribedTopics: [],
      ...(keyRef?.key ? { kmsKey: keyRef.key } : {}),
      ...(existingArn ? { existingArn } : {}),
      ...(deadLetter ? { deadLetter } : {}),
    });
    grants.push(...queueGrants(ctx, entry, membership, spec, keyRef));
  }
  checkDeadLetterCycles(ctx, queues);
  return { queues, grants };
}

function checkQueueProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::SQS::Queue');
  if ((p.SqsManagedSseEnabled === false || p.SqsManagedSseEnabled === 'false') && p.KmsMasterKeyId === undefined) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `queue '${entry.name}' would not be encrypted at rest`, [...path, 'SqsManagedSseEnabled'], 'remove SqsManagedSseEnabled (composex encrypts with SQS-managed keys by default) or set KmsMasterKeyId to your KMS key ARN');
  }
  checkMessagingName(ctx, entry, 'QueueName', 'FifoQueue', 'queue', 80);
}

function readDeadLetter(
  ctx: ResolveContext,
  entry: ResourceEntry,
  value: unknown,
  byName: ReadonlyMap<string, ResourceEntry>,
  fifo: boolean,
): QueueModel['deadLetter'] {
  const path = [...entry.path, 'Properties', 'RedrivePolicy'];
  const policy = readObject(ctx, value, path, '{deadLetterTargetArn: x-sqs::<queue>, maxReceiveCount: 5}');
  if (!policy) return undefined;
  checkKeys(ctx, policy, path, ['deadLetterTargetArn', 'maxReceiveCount']);
  const maxReceiveCount = policy.maxReceiveCount === undefined
    ? (ctx.error(CODES.DEAD_LETTER_INVALID, `RedrivePolicy of '${entry.name}' has no maxReceiveCount`, path, 'add maxReceiveCount: how many receives before a message moves to the dead-letter queue (1 to 1000)', 'key'), undefined)
    : readInteger(ctx, policy.maxReceiveCount, [...path, 'maxReceiveCount'], 1, 1000);
  const target = readString(ctx, policy.deadLetterTargetArn, [...path, 'deadLetterTargetArn'], 'x-sqs::<queue name>');
  if (target === undefined || maxReceiveCount === undefined) return undefined;
  const at = [...path, 'deadLetterTargetArn'];
  if (target.startsWith('arn:')) {
    const arn = parseArn(target);
    if (!arn || arn.service !== 'sqs') {
      ctx.error(CODES.DEAD_LETTER_INVALID, `'${target}' is not an SQS queue ARN`, at, 'name an x-sqs queue (x-sqs::<name>) or give a queue ARN such as arn:aws:sqs:eu-west-1:123456789012:jobs-dlq');
      return undefined;
    }
    if (target.endsWith('.fifo') !== fifo) {
      ctx.error(CODES.DEAD_LETTER_INVALID, deadLetterKindMessage(entry.name, fifo), at, 'a FIFO queue needs a FIFO dead-letter queue, a standard queue a standard one');
      return undefined;
    }
    return { arn: target, maxReceiveCount };
  }
  const ref = parseReference(target, SQS_KEY);
  if (!ref || ref.key !== SQS_KEY || (ref.attribute !== undefined && ref.attribute !== 'Arn')) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `deadLetterTargetArn '${target}' does not name an x-sqs queue`, at, 'write x-sqs::<queue name> (or x-sqs::<queue name>::Arn)');
    return undefined;
  }
  const dlq = byName.get(ref.name);
  if (!dlq) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `deadLetterTargetArn names queue '${ref.name}', which is not under x-sqs`, at, suggestion(ref.name, [...byName.keys()], 'queue'));
    return undefined;
  }
  if (ref.name === entry.name) {
    ctx.error(CODES.DEAD_LETTER_INVALID, `queue '${entry.name}' is its own dead-letter queue`, at, 'declare a separate queue for failed messages');
    return undefined;
  }
  const dlqFifo = dlq.lookup
    ? String(dlq.lookup.Arn ?? '').endsWith('.fifo')
    : isTrue(dlq.properties.FifoQueue);
  if (dlqFifo !== fifo) {
    ctx.error(CODES.DEAD_LETTER_INVALID, deadLetterKindMessage(entry.name, fifo), at, `make '${ref.name}' ${fifo ? 'a FIFO queue (FifoQueue: true)' : 'a standard queue'}`);
    return undefined;
  }
  return { queue: ref.name, maxReceiveCount };
}

function deadLetterKindMessage(queue: string, fifo: boolean): string {
  return `the dead-letter queue of ${fifo ? 'FIFO' : 'standard'} queue '${queue}' must be a ${fifo ? 'FIFO' : 'standard'} queue too`;
}

/** `a → b → a`: CloudFormation would wait forever (each queue needs the other's ARN first). */
function checkDeadLetterCycles(ctx: ResolveContext, queues: readonly QueueModel[]): void {
  const dlqOf = new Map(queues.map((q) => [q.name, q.deadLetter?.queue]));
  const reported = new Set<string>();
  for (const q of queues) {
    const chain = [q.name];
    let next = dlqOf.get(q.name);
    while (next !== undefined && !chain.includes(next)) {
      chain.push(next);
      next = dlqOf.get(next);
    }
    if (next === q.name && !chain.some((n) => reported.has(n))) {
      chain.forEach((n) => reported.add(n));
      ctx.error(CODES.DEAD_LETTER_INVALID, `dead-letter queues form a cycle: ${[...chain, q.name].join(' → ')}`, [SQS_KEY, q.name, 'Properties', 'RedrivePolicy', 'deadLetterTargetArn'], 'a dead-letter queue must not send its failures back up the chain');
    }
  }
}

function queueGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, spec: MessagingSpec, keyRef: { key: string } | undefined): ResourceGrant[] {
  // An x-kms key named in KmsMasterKeyId; else a key ARN written there; else, for a looked-up
  // queue, the key `composex lookup` found on it.
  const kms = keyRef
    ? keyRef.key
      ? keyRef
      : undefined
    : entry.properties.KmsMasterKeyId !== undefined
      ? customerKey(ctx, entry.properties.KmsMasterKeyId, [...entry.path, 'Properties', 'KmsMasterKeyId'])
      : customerKey(ctx, lookedUpKmsKey(ctx, entry), [...entry.path, 'Lookup']);
  return messagingGrants(ctx, entry, membership, spec, 'an SQS queue', kms, {
    mainVariables: readEnvNames(ctx, entry),
    entryKeys: ['Scaling'],
    olderLevels: SQS_OLDER_LEVELS,
    readEntry: (consumer) => {
      if (consumer.entry.Scaling === undefined) return {};
      const scaling = readQueueScaling(ctx, consumer.entry.Scaling, [...consumer.path, 'Scaling']);
      return scaling ? { scaling } : {};
    },
  });
}

/**
 * The customer-managed key ARN that callers need KMS permissions on, if any. AWS managed keys
 * need none; a key given by alias or id cannot be scoped by ARN, which is warned about.
 */
export function customerKey(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  if (value === undefined || awsManagedKey(value) || refuseKeyReference(ctx, value, path)) return undefined;
  if (typeof value === 'string' && KMS_KEY_ARN.test(value)) return value;
  ctx.warning(
    CODES.KMS_KEY_NOT_SCOPED,
    `${describePath(path)} is not a KMS key ARN, so composex cannot grant the consumers the KMS permissions they need on it`,
    path,
    'give the key ARN (arn:aws:kms:<region>:<account>:key/<id>), or grant kms:Decrypt / kms:GenerateDataKey on it with x-iam',
  );
  return undefined;
}
