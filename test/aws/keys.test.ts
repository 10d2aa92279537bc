/**
 * x-kms keys in the templates: the key (symmetric, rotation on, 30 days pending window, Retain),
 * its alias, the default key policy (the account, so IAM decides) plus SNS for exactly the topics
 * delivering to a queue the key encrypts; each family's exact statements for its level on the key
 * ARN; a queue encrypted with the key gives its consumers the queue level's KMS actions on it; a
 * looked-up key on exactly its ARN; nothing for a service that is not listed.
 */
import { KMS_ACCESS, SQS_ACCESS } from '../../src/resolve/resources/access';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const LEGACY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: keys
services:
  api: {image: api}
  worker: {image: worker}
  crypto: {image: crypto}
  bystander: {image: bystander}
x-kms:
  jobs: {}
  vault:
    Properties: {Description: application envelope keys, PendingWindowInDays: 14}
    Settings: {Alias: alias/acme/vault}
    Services:
      crypto: {Access: DataKeys, ReturnValues: {AliasName: VAULT_ALIAS}}
  legacy:
    Lookup: {Arn: "${LEGACY}"}
    Services:
      crypto: {Access: DecryptOnly}
x-sqs:
  jobs:
    Properties: {KmsMasterKeyId: x-kms::jobs}
    Services:
      api: {Access: Producer}
      worker: {Access: Consumer}
x-sns:
  events:
    Properties:
      Subscription: [{Endpoint: x-sqs::jobs, Protocol: sqs}]
    Services:
      api: {Access: Publish}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const pairs = (actions: readonly string[], on: string) => actions.map((a) => `Allow ${a} on ${on}`);

test('renders without warnings about the subscribed queue, and zero validator errors', () => {
  expect(result.warnings.filter((code) => code === 'CX3622' || code === 'CX3612')).toEqual([]);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('each created key is symmetric, rotated, deleted only after 30 days (unless set), and retained', () => {
  const keys = resourcesOf(result, 'AWS::KMS::Key');
  expect(keys.map((k) => k.id)).toEqual(['KeyJobs', 'KeyVault']);
  for (const { resource } of keys) {
    expect(resource.Properties).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', EnableKeyRotation: true });
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  }
  expect(keys[0].resource.Properties!.PendingWindowInDays).toBe(30);
  expect(keys[1].resource.Properties).toMatchObject({ PendingWindowInDays: 14, Description: 'application envelope keys' });
});

test('aliases: alias/<project>/<name> by default, Settings.Alias as written', () => {
  const aliases = resourcesOf(result, 'AWS::KMS::Alias');
  expect(aliases.map((a) => [a.resource.Properties!.AliasName, tracer.trace(a.file, a.resource.Properties!.TargetKeyId)])).toEqual([
    ['alias/keys/jobs', 'key:jobs.Ref'],
    ['alias/acme/vault', 'key:vault.Ref'],
  ]);
});

test('key policy: the account (IAM decides), and SNS only for the topic delivering to the queue the key encrypts', () => {
  const [jobs, vault] = resourcesOf(result, 'AWS::KMS::Key');
  const statements = (k: typeof jobs) => (k.resource.Properties!.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
  const root = { Sid: 'AccountUsesIamPolicies', Effect: 'Allow', Principal: { AWS: 'arn:AWS::Partition:iam::AWS::AccountId:root' }, Action: 'kms:*', Resource: '*' };
  const traced = (k: typeof jobs) => statements(k).map((s) => JSON.parse(JSON.stringify(s), (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) && (v['Fn::Join'] || v.Ref || v['Fn::GetAtt']) ? tracer.trace(k.file, v) : v)));
  expect(traced(vault)).toEqual([root]);
  expect(traced(jobs)).toEqual([
    root,
    {
      Sid: 'SnsDeliversToEncryptedQueues',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { ArnEquals: { 'aws:SourceArn': 'topic:events.Ref' } },
    },
  ]);
});

test('the queue is encrypted with the x-kms key, and its producer and consumer get the queue level KMS actions on it', () => {
  const [queue] = resourcesOf(result, 'AWS::SQS::Queue');
  expect(tracer.trace(queue.file, queue.resource.Properties!.KmsMasterKeyId)).toBe('key:jobs.Arn');
  expect(queue.resource.Properties!.SqsManagedSseEnabled).toBeUndefined();
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [...pairs(SQS_ACCESS.Producer.actions, 'queue:jobs.Arn'), ...pairs(SQS_ACCESS.Producer.kmsActions, 'key:jobs.Arn'), 'Allow sns:Publish on topic:events.Ref'].sort(),
  );
  expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole')).toEqual([...pairs(SQS_ACCESS.Consumer.actions, 'queue:jobs.Arn'), 'Allow kms:Decrypt on key:jobs.Arn'].sort());
});

test('crypto: DataKeys on the created key, DecryptOnly on exactly the looked-up key ARN, the ARN and alias variables', () => {
  expect(KMS_ACCESS.DataKeys.actions).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext']);
  expect(rolePairs(tracer, tracer.familyFile('Crypto'), 'TaskRole')).toEqual([...pairs(KMS_ACCESS.DataKeys.actions, 'key:vault.Arn'), `Allow kms:Decrypt on ${LEGACY}`].sort());
  expect(containerVariables(tracer, tracer.familyFile('Crypto'), 'crypto')).toEqual([`LEGACY=${LEGACY}`, 'VAULT=key:vault.Arn', 'VAULT_ALIAS=alias/acme/vault']);
});

test('every level is explicit actions, never a wildcard', () => {
  for (const level of Object.values(KMS_ACCESS)) for (const a of level.actions) expect(a).toMatch(/^kms:[A-Za-z]+$/);
  expect(KMS_ACCESS.EncryptDecrypt.actions).not.toContain('kms:CreateGrant');
});

test('a service not listed under a key gets nothing of it', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});
