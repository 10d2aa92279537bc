/**
 * x-sqs / x-sns Lookup by tags or name: `composex lookup` finds the queue (its ARN, URL and KMS key)
 * and the topic, and render grants on their exact ARNs, with KMS permissions on the queue's key.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const ACCOUNT = '123456789012';
const URL_JOBS = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`;
const URL_OTHER = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/other`;
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const COMPOSE = `services:
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
x-sqs:
  jobs:
    Lookup: {Tags: [{app: shop}]}
    Services: {worker: {Access: RWMessages}}
x-sns:
  orders:
    Lookup: {Name: orders}
    Services: {worker: {Access: Publish}}
`;

function answer(): void {
  sqs.reset();
  sns.reset();
  // Two pages of queues; only one carries app=shop.
  sqs.on(ListQueuesCommand).resolvesOnce({ QueueUrls: [URL_OTHER], NextToken: 'p2' }).resolves({ QueueUrls: [URL_JOBS] });
  sqs.on(ListQueueTagsCommand, { QueueUrl: URL_JOBS }).resolves({ Tags: { app: 'shop' } });
  sqs.on(ListQueueTagsCommand, { QueueUrl: URL_OTHER }).resolves({ Tags: { app: 'billing' } });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: URL_JOBS }).resolves({ Attributes: { QueueArn: QUEUE_ARN, KmsMasterKeyId: KEY_ARN } });
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders-dlq` }, { TopicArn: TOPIC_ARN }] });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC_ARN } });
}

test('lookup pins the queue (ARN, URL, KMS key) and the topic; render grants on their exact ARNs', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await runCli(['lookup', '--region', 'eu-west-1'], dir, env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  expect(lock.lookups['x-sqs.jobs']).toMatchObject({ query: { kind: 'queue', resource: { tags: { app: 'shop' } } }, answer: { name: 'jobs', arn: QUEUE_ARN, url: URL_JOBS, kmsKeyId: KEY_ARN } });
  expect(lock.lookups['x-sns.orders']).toMatchObject({ query: { kind: 'topic', resource: { name: 'orders' } }, answer: { name: 'orders', arn: TOPIC_ARN } });
  expect(sqs.commandCalls(ListQueuesCommand).length).toBe(2);

  sqs.reset();
  sns.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(sqs.calls().length + sns.calls().length).toBe(0);
  const family = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'FamilyWorker.json'), 'utf8'));
  type Statement = { Action: string[]; Resource: unknown };
  const statements = Object.values(family.Resources as Record<string, { Type: string; Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } }>)
    .filter((res) => res.Type === 'AWS::IAM::Role')
    .flatMap((res) => (res.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement));
  const on = (arn: string) => statements.filter((s) => JSON.stringify(s.Resource).includes(arn)).flatMap((s) => s.Action);
  expect(on(QUEUE_ARN)).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage']));
  expect(on(TOPIC_ARN)).toEqual(['sns:Publish']);
  expect(on(KEY_ARN)).toEqual(expect.arrayContaining(['kms:Decrypt']));
  expect(JSON.stringify(family)).not.toContain('orders-dlq');
  expect(JSON.stringify(family)).toContain(URL_JOBS); // the queue's URL for the worker
});

test('several queues with the tags: CX6081 listing them; a changed query: CX3681 at render', async () => {
  answer();
  sqs.on(ListQueueTagsCommand, { QueueUrl: URL_OTHER }).resolves({ Tags: { app: 'shop' } });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: URL_OTHER }).resolves({ Attributes: { QueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:other` } });
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await runCli(['lookup', '--region', 'eu-west-1'], dir, env);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:6:5: error CX6081: x-sqs.jobs Lookup finds 2 queues with tags app=shop');
  expect(r.stderr).toContain(`- jobs (${QUEUE_ARN}) tags: app=shop`);
  expect(r.stderr).toContain(`- other (arn:aws:sqs:eu-west-1:${ACCOUNT}:other) tags: app=shop`);

  answer();
  expect((await runCli(['lookup', '--region', 'eu-west-1'], dir, env)).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE.replace('{Name: orders}', '{Name: payments}'));
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(1);
  expect(rendered.stderr).toContain('compose.yaml:10:5: error CX3681: x-sns.orders Lookup changed since composex.lock.json was written');
  expect(rendered.stderr).toContain('run `composex lookup`');
});
