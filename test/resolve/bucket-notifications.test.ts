/**
 * x-s3 NotificationConfiguration destinations (CX3654): S3 validates at create time that it may
 * deliver to each one, which composex cannot check offline; one warning per destination, at its
 * ARN, naming the action and the principal the destination's policy must allow.
 */
import { errorsOf, pos, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;

test('a topic, a queue and a function: one warning each at the ARN; the bucket renders as written', () => {
  const yaml = `${SERVICES}x-s3:
  uploads:
    Properties:
      BucketName: acme-uploads
      NotificationConfiguration:
        TopicConfigurations: [{Topic: "arn:aws:sns:eu-west-1:123456789012:uploads", Event: "s3:ObjectCreated:*"}]
        QueueConfigurations: [{Queue: "arn:aws:sqs:eu-west-1:123456789012:scan", Event: "s3:ObjectCreated:*"}]
        LambdaConfigurations: [{Function: "arn:aws:lambda:eu-west-1:123456789012:function:thumb", Event: "s3:ObjectCreated:*"}]
    Services: {api: {Access: {objects: RW}}}
`;
  const { model, errors, warnings } = errorsOf(yaml);
  expect(errors).toEqual([]);
  const found = warnings.filter((w) => w.code === 'CX3654');
  expect(found.map((w) => ({ file: w.file, line: w.line, column: w.column }))).toEqual([pos(yaml, '"arn:aws:sns'), pos(yaml, '"arn:aws:sqs'), pos(yaml, '"arn:aws:lambda')]);
  expect(found.map((w) => w.message.match(/call ([a-z]+:[A-Za-z]+)/)![1])).toEqual(['sns:Publish', 'sqs:SendMessage', 'lambda:InvokeFunction']);
  expect(found[0].hint).toContain('aws:SourceArn arn:aws:s3:::acme-uploads');
  expect(model!.resources.bucket[0].properties.NotificationConfiguration).toBeDefined();
});

test('EventBridge notifications (no destination policy to check) and no notifications: no warning', () => {
  const yaml = `${SERVICES}x-s3:\n  uploads:\n    Properties:\n      NotificationConfiguration: {EventBridgeConfiguration: {EventBridgeEnabled: true}}\n    Services: {api: {Access: {objects: RW}}}\n  plain:\n    Services: {api: {Access: {objects: RO}}}\n`;
  expect(errorsOf(yaml).warnings.filter((w) => w.code === 'CX3654')).toEqual([]);
});
