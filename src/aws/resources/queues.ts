/**
 * `x-sqs` queues: `AWS::SQS::Queue` (encrypted with SQS-managed keys unless a KMS key is given,
 * retained on delete and on replacement), a queue policy that denies any access without TLS and
 * lets exactly the subscribed topics send (`aws:SourceArn`), and the SNS subscriptions of those
 * topics. Subscriptions live with the queue so the topic stacks never depend on queue stacks.
 *
 * A queue and its dead-letter queues always share a stack (they are placed by the last queue of
 * their redrive chain).
 */
import { CfnDeletionPolicy, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { QueueModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue, importString } from '../stack-io';
import { placeInStacks, PlacementGroup } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';
import { denyWithoutTls } from '../resource-policies';

const QUEUE = resourceSpec('queue');
const TOPIC = resourceSpec('topic');

export class Queues implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<QueueModel, NestedStack>;
  private readonly models: Map<string, QueueModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'queue'>) {
    const root = Stack.of(scope);
    const projectName = props.model.projectName;
    this.models = new Map(props.resources.map((q) => [q.name, q]));
    const toCreate = props.resources.filter((q) => !q.existingArn);
    const placed = placeInStacks(scope, 'Queues', 'SQS queues', redriveGroups(toCreate));
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;

    // Dead-letter queues first, so a queue can point at its DLQ's construct.
    for (const queue of redriveOrder(toCreate)) {
      const stack = this.stackOf.get(queue)!;
      const keyArn = queue.kmsKey !== undefined ? props.value('key', queue.kmsKey, 'Arn') : undefined;
      const properties: Record<string, unknown> = {
        ...(queue.kmsKey === undefined && queue.properties.KmsMasterKeyId === undefined && queue.properties.SqsManagedSseEnabled === undefined ? { SqsManagedSseEnabled: true } : {}),
        ...queue.properties,
        ...(keyArn ? { KmsMasterKeyId: keyArn.literal ?? importString(stack, keyArn.name, keyArn.value, root) } : {}),
        ...(queue.fifo ? { FifoQueue: true } : {}),
        Tags: [
          { Key: 'composex:project', Value: projectName },
          { Key: 'composex:queue', Value: queue.name },
          ...((queue.properties.Tags as unknown[] | undefined) ?? []),
        ],
      };
      if (queue.deadLetter) {
        const target = queue.deadLetter.queue !== undefined ? this.resources.get(queue.deadLetter.queue)!.getAtt('Arn').toString() : queue.deadLetter.arn!;
        properties.RedrivePolicy = { deadLetterTargetArn: target, maxReceiveCount: queue.deadLetter.maxReceiveCount };
      }
      const id = `${QUEUE.idPrefix}${queue.logicalId}`;
      const resource = new CfnResource(stack, id, { type: 'AWS::SQS::Queue', properties });
      recordRawProperties(this.rawProperties, resource, [QUEUE.key, queue.name, 'Properties'], queue.properties);
      // Messages are data: a stack deletion or a replacement leaves the queue in place.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(queue.name, resource);

      const queueArn = resource.getAtt('Arn').toString();
      // The topics subscribed to this queue, each with the subscription settings it declared.
      const subscriptions = props.model.resources.topic.flatMap((topic) =>
        topic.subscriptions
          .filter((s) => s.queue === queue.name)
          .map((s) => {
            const value = props.value('topic', topic.name, 'Arn');
            return { topic, subscription: s, arn: value.literal ?? importString(stack, value.name, value.value, root) };
          }),
      );
      new CfnResource(stack, `${id}Policy`, {
        type: 'AWS::SQS::QueuePolicy',
        properties: {
          Queues: [resource.ref],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              denyWithoutTls('sqs:*', queueArn),
              ...subscriptions.map(({ topic, arn }) => ({
                Sid: `AllowTopic${topic.logicalId}`,
                Effect: 'Allow',
                Principal: { Service: 'sns.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: { ArnEquals: { 'aws:SourceArn': arn } },
              })),
            ],
          },
        },
      });
      for (const { topic, subscription, arn } of subscriptions) {
        const subscriptionResource = new CfnResource(stack, `${id}SubscriptionTo${topic.logicalId}`, {
          type: 'AWS::SNS::Subscription',
          properties: { ...subscription.properties, TopicArn: arn, Endpoint: queueArn, Protocol: 'sqs' },
        });
        recordRawProperties(this.rawProperties, subscriptionResource, [TOPIC.key, topic.name, 'Properties', 'Subscription', subscription.index], subscription.properties);
      }
    }
  }

  /** A queue attribute (`Url`, `Arn`, `QueueName`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const queue = this.models.get(name);
    if (!queue) throw new Error(`internal: unknown queue '${name}'`);
    const outputName = valueName(QUEUE.idPrefix, queue.logicalId, attribute);
    if (queue.existingArn) {
      const arn = arnParts(queue.existingArn);
      const suffix = arn.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      const values: Record<string, string> = {
        Arn: queue.existingArn,
        QueueName: arn.resource,
        Url: `https://sqs.${arn.region}.${suffix}/${arn.account}/${arn.resource}`,
      };
      return literal(outputName, values[attribute]);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'Url' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(queue)!, outputName, inStack) };
  }
}

/** The last queue of a redrive chain (the one with no dead-letter queue of its own here). */
function chainEnd(queue: QueueModel, byName: ReadonlyMap<string, QueueModel>): string {
  let current = queue;
  const seen = new Set<string>();
  while (current.deadLetter?.queue !== undefined && byName.has(current.deadLetter.queue) && !seen.has(current.name)) {
    seen.add(current.name);
    current = byName.get(current.deadLetter.queue)!;
  }
  return current.name;
}

function redriveGroups(queues: readonly QueueModel[]): PlacementGroup<QueueModel>[] {
  const byName = new Map(queues.map((q) => [q.name, q]));
  const groups = new Map<string, QueueModel[]>();
  for (const q of queues) {
    const key = chainEnd(q, byName);
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  return [...groups.keys()].sort().map((key) => {
    const items = groups.get(key)!;
    const subscriptions = items.reduce((n, q) => n + q.subscribedTopics.length, 0);
    const keys = new Set(items.flatMap((q) => (q.kmsKey !== undefined ? [q.kmsKey] : []))).size;
    return {
      key,
      items,
      footprint: { resources: items.length * 2 + subscriptions, outputs: items.length * 3, parameters: subscriptions + keys },
    };
  });
}

/** Queues ordered so every dead-letter queue comes before the queues that use it. */
function redriveOrder(queues: readonly QueueModel[]): QueueModel[] {
  const byName = new Map(queues.map((q) => [q.name, q]));
  const out: QueueModel[] = [];
  const done = new Set<string>();
  const visit = (q: QueueModel) => {
    if (done.has(q.name)) return;
    done.add(q.name);
    const dlq = q.deadLetter?.queue !== undefined ? byName.get(q.deadLetter.queue) : undefined;
    if (dlq) visit(dlq);
    out.push(q);
  };
  for (const q of queues) visit(q);
  return out;
}
