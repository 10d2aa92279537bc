/**
 * SNS delivers to an encrypted queue only if the queue's KMS key lets SNS use it: SNS calls
 * kms:GenerateDataKey and kms:Decrypt on the queue's key as itself (`sns.amazonaws.com`), and the
 * key policy decides. The AWS managed key `alias/aws/sqs` has a key policy nobody can change, so SNS
 * can never use it: every message is dropped, with no error for the publisher (SQS Developer
 * Guide, "Configure KMS permissions for AWS services" — event sources such as SNS need a customer
 * managed key whose key policy allows them; aws-cdk issue #19796). A customer managed key works
 * when its policy has that statement, which composex cannot see offline: a warning with the
 * statement. SQS-managed encryption (SSE-SQS, `SqsManagedSseEnabled`, composex's default) uses
 * SQS-owned keys, involves no KMS key policy, and works with SNS (AWS Knowledge Center, "How can I
 * get my Amazon SQS subscription to successfully receive a notification from my Amazon SNS topic?":
 * only a queue on a KMS key needs the key policy to let SNS in).
 */
import type { KeyModel, QueueModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { awsManagedKey, SQS_KEY } from './sqs';

/** The key policy statement SNS needs, as AWS documents it (in a key policy, `*` is this key). */
export const SNS_KEY_POLICY_STATEMENT = JSON.stringify({
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  Resource: '*',
});

/**
 * `subscribers`: queue → the topics subscribing it. A queue encrypted with an x-kms key that
 * composex creates needs no check: that key's policy lets SNS in for these topics (see
 * `keysAdmittingSns`); a looked-up x-kms key is checked as a key given by ARN.
 */
export function checkSubscribedQueueKeys(
  ctx: ResolveContext,
  queues: readonly QueueModel[],
  subscribers: ReadonlyMap<string, ReadonlySet<string>>,
  keys: readonly KeyModel[],
): void {
  for (const queue of queues) {
    const topics = [...(subscribers.get(queue.name) ?? [])].sort();
    const xKey = queue.kmsKey !== undefined ? keys.find((k) => k.name === queue.kmsKey) : undefined;
    if (xKey && !xKey.existingArn) continue;
    const key = xKey ? xKey.existingArn : queue.properties.KmsMasterKeyId;
    if (topics.length === 0 || key === undefined) continue;
    const path = [SQS_KEY, queue.name, 'Properties', 'KmsMasterKeyId'];
    const by = `${topics.length === 1 ? 'topic' : 'topics'} ${topics.map((t) => `'${t}'`).join(', ')}`;
    if (awsManagedKey(key) === 'sqs') {
      ctx.error(
        CODES.SNS_QUEUE_AWS_MANAGED_KEY,
        `queue '${queue.name}' is encrypted with the AWS managed key ${String(key)}, which SNS cannot use: ${by} could not deliver to it, and SNS drops the messages without an error`,
        path,
        `remove KmsMasterKeyId (composex then encrypts the queue with SQS-managed keys, SSE-SQS, which SNS delivers to), or use a customer managed key whose key policy has ${SNS_KEY_POLICY_STATEMENT}`,
      );
    } else {
      ctx.warning(
        CODES.SNS_QUEUE_CUSTOMER_KEY,
        `${by} deliver${topics.length === 1 ? 's' : ''} to queue '${queue.name}', encrypted with a KMS key: unless the key policy lets SNS use the key, SNS drops the messages without an error`,
        path,
        `make sure the key policy of ${typeof key === 'string' ? key : 'the key'} has ${SNS_KEY_POLICY_STATEMENT} (composex cannot read a key policy offline), or remove KmsMasterKeyId to use SQS-managed keys (SSE-SQS)`,
      );
    }
  }
}

/**
 * The x-kms keys with the topics that deliver to queues each encrypts: the key policy lets SNS use
 * the key for exactly those topics (`snsTopics`, sorted).
 */
export function keysAdmittingSns(keys: readonly KeyModel[], queues: readonly QueueModel[], subscribers: ReadonlyMap<string, ReadonlySet<string>>): KeyModel[] {
  return keys.map((key) => {
    if (key.existingArn) return key;
    const topics = new Set<string>();
    for (const queue of queues) if (queue.kmsKey === key.name) for (const t of subscribers.get(queue.name) ?? []) topics.add(t);
    return { ...key, snsTopics: [...topics].sort() };
  });
}
