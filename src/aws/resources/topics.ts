/**
 * `x-sns` topics: `AWS::SNS::Topic`, encrypted with the AWS managed key (`alias/aws/sns`) unless a
 * key is given, retained on delete and on replacement. Subscriptions are created next to the
 * queues they deliver to (see queues.ts).
 */
import { CfnDeletionPolicy, CfnResource, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TopicModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';

const TOPIC = resourceSpec('topic');

export const DEFAULT_TOPIC_KEY = 'alias/aws/sns';

export class Topics implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<TopicModel, NestedStack>;
  private readonly models: Map<string, TopicModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'topic'>) {
    this.models = new Map(props.resources.map((t) => [t.name, t]));
    const created = props.resources.filter((t) => !t.existingArn);
    const placed = placeInStacks(
      scope,
      'Topics',
      'SNS topics',
      created.map((t) => ({ key: t.name, items: [t], footprint: { resources: 1, outputs: 2, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const topic of created) {
      const resource = new CfnResource(this.stackOf.get(topic)!, `${TOPIC.idPrefix}${topic.logicalId}`, {
        type: 'AWS::SNS::Topic',
        properties: {
          KmsMasterKeyId: DEFAULT_TOPIC_KEY,
          ...topic.properties,
          ...(topic.fifo ? { FifoTopic: true } : {}),
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:topic', Value: topic.name },
            ...((topic.properties.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, [TOPIC.key, topic.name, 'Properties'], topic.properties);
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(topic.name, resource);
    }
  }

  /** A topic attribute (`Arn`, `TopicName`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const topic = this.models.get(name);
    if (!topic) throw new Error(`internal: unknown topic '${name}'`);
    const outputName = valueName(TOPIC.idPrefix, topic.logicalId, attribute);
    if (topic.existingArn) {
      return literal(outputName, attribute === 'Arn' ? topic.existingArn : arnParts(topic.existingArn).resource);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'Arn' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(topic)!, outputName, inStack) };
  }
}
