/**
 * Small hand-built construct trees for the render tests: a root stack with nested stacks holding
 * an SQS queue and SNS topics, wired by cross-stack references (so CDK adds parameters and outputs),
 * and one nested stack inside another.
 */
import { CfnParameter, NestedStack, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 *   root            parameter RetentionSeconds
 *   ├─ Family-Api   SQS queue (retention from the root parameter)
 *   └─ Topics       SNS topic named after the queue (a cross-stack reference)
 *      └─ Inner     SNS topic named after Topics' topic (a reference into a grandchild)
 */
export function buildSample(root: Stack): void {
  const retention = new CfnParameter(root, 'RetentionSeconds', { type: 'Number', default: 345600 });
  const api = new NestedStack(root, 'Family-Api', { description: 'queues' });
  const queue = new sqs.CfnQueue(api, 'Queue', { messageRetentionPeriod: retention.valueAsNumber });
  const topics = new NestedStack(root, 'Topics');
  const topic = new sns.CfnTopic(topics, 'Topic', { displayName: queue.attrQueueName });
  const inner = new NestedStack(topics, 'Inner');
  new sns.CfnTopic(inner, 'Topic', { displayName: topic.attrTopicName });
}

/** Like `buildSample`, with a string CloudFormation YAML 1.1 would misread if it were not quoted. */
export function buildWithTrickyStrings(root: Stack): void {
  buildSample(root);
  const extra = new NestedStack(root, 'Extra');
  new sns.CfnTopic(extra, 'Topic', {
    displayName: 'yes',
    topicName: 'on',
    tags: [
      { key: 'Version', value: '2012-10-17' },
      { key: 'Ratio', value: '1:20' },
      { key: 'Separator', value: '=' },
      { key: 'Merge', value: '<<' },
      { key: 'Null', value: '~' },
    ],
  });
  new sqs.CfnQueue(extra, 'Queue', { queueName: '0755' });
  root.templateOptions.description = 'line one\nline two';
}
