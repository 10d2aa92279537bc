/**
 * A queue an x-sns topic delivers to must be encrypted with a key SNS may use: the AWS managed key
 * alias/aws/sqs never lets SNS in (CX3621, an error), a customer key must (CX3622, a warning with
 * the key policy statement); SQS-managed encryption (the default) needs nothing.
 */
import { pos, resolve } from './fixtures';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const STATEMENT = '{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":["kms:GenerateDataKey*","kms:Decrypt"],"Resource":"*"}';

function project(queueProperties: string, subscribed = true): string {
  return `services:
  api: {image: api}
  worker: {image: worker}
x-sqs:
  jobs:
    Properties: ${queueProperties}
    Services: {worker: {Access: Consumer}}
x-sns:
  events:
    Properties: {Subscription: [${subscribed ? '{Endpoint: "x-sqs::jobs", Protocol: sqs}' : ''}]}
    Services: {api: {Access: Publish}}
  audit:
    Properties: {Subscription: [${subscribed ? '{Endpoint: "x-sqs::jobs"}' : ''}]}
    Services: {api: {Access: Publish}}
`;
}

describe('queues subscribed to a topic', () => {
  test.each([['alias/aws/sqs'], ['arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs']])('the AWS managed key %s: CX3621 at KmsMasterKeyId', (key) => {
    const yaml = project(`{KmsMasterKeyId: "${key}"}`);
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3621',
        message: `queue 'jobs' is encrypted with the AWS managed key ${key}, which SNS cannot use: topics 'audit', 'events' could not deliver to it, and SNS drops the messages without an error`,
        ...pos(yaml, `"${key}"`),
        hint: `remove KmsMasterKeyId (composex then encrypts the queue with SQS-managed keys, SSE-SQS, which SNS delivers to), or use a customer managed key whose key policy has ${STATEMENT}`,
      },
    ]);
  });

  test('a customer key: CX3622, a warning whose hint has the key policy statement SNS needs', () => {
    const yaml = project(`{KmsMasterKeyId: "${KEY}"}`);
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3622',
        message: "topics 'audit', 'events' deliver to queue 'jobs', encrypted with a KMS key: unless the key policy lets SNS use the key, SNS drops the messages without an error",
        ...pos(yaml, `"${KEY}"`),
        hint: `make sure the key policy of ${KEY} has ${STATEMENT} (composex cannot read a key policy offline), or remove KmsMasterKeyId to use SQS-managed keys (SSE-SQS)`,
      },
    ]);
  });

  test.each([
    ['SQS-managed encryption, the default', '{}'],
    ['SQS-managed encryption, explicit', '{SqsManagedSseEnabled: true}'],
  ])('%s: nothing to say', (_name, properties) => {
    const { model, diagnostics } = resolve(project(properties));
    expect(diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });

  test('the AWS managed key on a queue no topic delivers to is fine (services use it through IAM), and is not warned about as an unscoped key', () => {
    const { model, diagnostics } = resolve(project('{KmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs"}', false));
    expect(diagnostics.filter((d) => d.code !== 'CX3612')).toEqual([]);
    expect(model!.grants.find((g) => g.resource === 'jobs')!.permissions.map((p) => p.scope.on)).toEqual(['resource']);
  });
});
