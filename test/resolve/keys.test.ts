/**
 * x-kms in the resolve stage: the model (alias, SNS topics the key policy admits, the queue's key),
 * the grants (the key's level; a queue's consumers its KMS actions on the key), and the findings at
 * their place: a looked-up key keeps CX3622 for a subscribed queue (its policy is not composex's),
 * a Lookup by alias, an alias used twice, a pending window out of range, an unknown level.
 */
import { KMS_ACCESS, SQS_ACCESS } from '../../src/resolve/resources/access';
import { pos, resolve, resolveOk } from './fixtures';

const LEGACY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('a created key: the alias, the topics SNS may use it for, the queue it encrypts, the grants', () => {
  const model = resolveOk(`
name: shop
services:
  api: {image: api}
  worker: {image: worker}
x-kms:
  jobs:
    Services: {api: {Access: EncryptOnly}}
x-sqs:
  jobs:
    Properties: {KmsMasterKeyId: "x-kms::jobs::Arn"}
    Services: {worker: {Access: Consumer}}
  plain:
    Services: {worker: {Access: Consumer}}
x-sns:
  orders:
    Properties: {Subscription: [{Endpoint: "x-sqs::jobs", Protocol: sqs}, {Endpoint: "x-sqs::plain", Protocol: sqs}]}
    Services: {api: {Access: Publish}}
  refunds:
    Properties: {Subscription: [{Endpoint: "x-sqs::jobs", Protocol: sqs}]}
    Services: {api: {Access: Publish}}
`);
  expect(model.resources.key).toEqual([{ name: 'jobs', logicalId: 'Jobs', properties: {}, alias: 'alias/shop/jobs', snsTopics: ['orders', 'refunds'] }]);
  expect(model.resources.queue.map((q) => [q.name, q.kmsKey, q.properties])).toEqual([
    ['jobs', 'jobs', {}],
    ['plain', undefined, {}],
  ]);
  expect(model.grants.filter((g) => g.kind === 'key').map((g) => [g.family, g.permissions])).toEqual([['api', [{ scope: { on: 'resource' }, actions: KMS_ACCESS.EncryptOnly.actions }]]]);
  const worker = model.grants.filter((g) => g.family === 'worker').map((g) => [g.kind, g.resource, g.permissions]);
  expect(worker).toEqual([
    ['queue', 'jobs', [{ scope: { on: 'resource' }, actions: SQS_ACCESS.Consumer.actions }, { scope: { on: 'key', key: 'jobs' }, actions: ['kms:Decrypt'] }]],
    ['queue', 'plain', [{ scope: { on: 'resource' }, actions: SQS_ACCESS.Consumer.actions }]],
  ]);
});

test('a looked-up key encrypting a subscribed queue: the grant on its ARN, and CX3622 (its key policy is not composex’s)', () => {
  const yaml = `
services:
  api: {image: api}
x-kms:
  legacy:
    Lookup: {Arn: "${LEGACY}"}
x-sqs:
  jobs:
    Properties: {KmsMasterKeyId: x-kms::legacy}
    Services: {api: {Access: Consumer}}
x-sns:
  orders:
    Properties: {Subscription: [{Endpoint: "x-sqs::jobs"}]}
    Services: {api: {Access: Publish}}
`;
  const { model, diagnostics } = resolve(yaml);
  expect(model!.resources.key).toEqual([{ name: 'legacy', logicalId: 'Legacy', properties: {}, existingArn: LEGACY, snsTopics: [] }]);
  expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3622', pos(yaml, 'x-kms::legacy').line, pos(yaml, 'x-kms::legacy').column]]);
  expect(diagnostics[0].hint).toContain(LEGACY);
});

test('refused where written: Lookup by alias, an alias given twice, PendingWindowInDays out of range, ReturnValues AliasName of a looked-up key', () => {
  const yaml = `
name: shop
services:
  api: {image: api}
x-kms:
  a:
    Settings: {Alias: shared}
    Services: {api: {Access: DecryptOnly}}
  b:
    Properties: {PendingWindowInDays: 3}
    Settings: {Alias: alias/shop/shared}
    Services: {api: {Access: DecryptOnly}}
  c:
    Lookup: {Arn: "arn:aws:kms:eu-west-1:123456789012:alias/legacy"}
  d:
    Lookup: {Arn: "${LEGACY}"}
    Services: {api: {Access: SQS, ReturnValues: {AliasName: D_ALIAS}}}
`;
  const { model, diagnostics } = resolve(yaml);
  expect(model).toBeUndefined();
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.message])).toEqual([
    ['CX3601', pos(yaml, 'PendingWindowInDays: 3').line, "PendingWindowInDays of key 'b' must be a whole number of days from 7 to 30"],
    ['CX3601', pos(yaml, 'alias/shop/shared').line, "alias 'alias/shop/shared' is given to two keys"],
    ['CX3608', pos(yaml, 'alias/legacy').line, "'arn:aws:kms:eu-west-1:123456789012:alias/legacy' is not the ARN of a KMS key"],
    ['CX3634', pos(yaml, 'AliasName: D_ALIAS').line, "return value 'AliasName' does not exist here: composex creates no alias for a looked-up key"],
  ]);
});

test('an x-kms reference where composex does not read one is refused at the value (CX3650), not passed to CloudFormation', () => {
  const yaml = `
services:
  api: {image: api}
x-kms:
  vault: {}
x-sns:
  events:
    Properties: {KmsMasterKeyId: x-kms::vault}
    Services: {api: {Access: Publish}}
x-s3:
  files:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: "x-kms::vault"}}]
    Services: {api: {Access: {objects: RW}}}
x-dynamodb:
  items:
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: x-kms::vault}
    Services: {api: {Access: RW}}
`;
  const { diagnostics } = resolve(yaml);
  expect(diagnostics.filter((d) => d.code === 'CX3650').map((d) => [d.line, d.column])).toEqual([
    [pos(yaml, 'x-kms::vault}').line, pos(yaml, 'x-kms::vault}').column],
    [pos(yaml, '"x-kms::vault"').line, pos(yaml, '"x-kms::vault"').column],
    [pos(yaml, 'x-kms::vault}', 2).line, pos(yaml, 'x-kms::vault}', 2).column],
  ]);
});
