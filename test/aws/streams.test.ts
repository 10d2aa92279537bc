/**
 * x-kinesis streams in the templates: on demand by default (provisioned with ShardCount), KMS
 * encryption with the AWS managed key or the x-kms key named, retention as written, Retain; each
 * family's exact task-role statements for its level (the stream ARN, the enhanced fan-out actions
 * on `stream/<name>/consumer/*`), the KMS actions of the level on a customer key, the variables, a
 * looked-up stream granted on exactly its ARN, and nothing for a service that is not listed.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const LEGACY = 'arn:aws:kinesis:eu-west-1:123456789012:stream/legacy-clicks';
const LEGACY_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: streams
services:
  api: {image: api}
  worker: {image: worker}
  admin: {image: admin}
  bystander: {image: bystander}
x-kms:
  events: {}
x-kinesis:
  events:
    Properties:
      RetentionPeriodHours: 48
      StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::events}
    Services:
      api: {Access: Producer}
      worker: {Access: Consumer, ReturnValues: {Arn: EVENTS_ARN}}
      admin: {Access: PowerUser}
  clicks:
    Properties: {ShardCount: 2}
    Services:
      api: {Access: Producer}
  audit:
    Properties:
      StreamEncryption: {KeyId: "${LEGACY_KEY}"}
    Services:
      worker: {Access: Consumer}
  legacy:
    Lookup: {Arn: "${LEGACY}"}
    Services:
      worker: {Access: Consumer, ReturnValues: {StreamId: LEGACY_NAME}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
// Written out here, independently of src/resolve/resources/access.ts.
const DESCRIBE = ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards'];
const PUT = ['kinesis:PutRecord', 'kinesis:PutRecords'];
const GET = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListStreamConsumers', 'kinesis:RegisterStreamConsumer'];
const FAN_OUT = ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'];
const MANAGE = [
  'kinesis:AddTagsToStream', 'kinesis:DeregisterStreamConsumer', 'kinesis:DisableEnhancedMonitoring', 'kinesis:EnableEnhancedMonitoring', 'kinesis:IncreaseStreamRetentionPeriod',
  'kinesis:ListTagsForStream', 'kinesis:MergeShards', 'kinesis:RemoveTagsFromStream', 'kinesis:SplitShard', 'kinesis:UpdateShardCount',
];

test('zero validator errors, no warning about the resources', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.warnings.filter((code) => code.startsWith('CX36'))).toEqual([]);
});

test('streams: on demand unless ShardCount, KMS with the AWS managed key or the named one, retention as written, retained', () => {
  const streams = resourcesOf(result, 'AWS::Kinesis::Stream');
  expect(streams.map((s) => s.id)).toEqual(['StreamAudit', 'StreamClicks', 'StreamEvents']);
  const [audit, clicks, events] = streams;
  for (const { resource } of streams) expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  expect(events.resource.Properties).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 48 });
  expect(events.resource.Properties!.ShardCount).toBeUndefined();
  expect(tracer.trace(events.file, (events.resource.Properties!.StreamEncryption as Record<string, unknown>).KeyId)).toBe('key:events.Arn');
  expect((events.resource.Properties!.StreamEncryption as Record<string, unknown>).EncryptionType).toBe('KMS');
  expect(clicks.resource.Properties).toMatchObject({ ShardCount: 2, StreamModeDetails: { StreamMode: 'PROVISIONED' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
  expect(clicks.resource.Properties!.RetentionPeriodHours).toBeUndefined();
  expect(audit.resource.Properties).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: LEGACY_KEY } });
});

test('api: Producer on events (and its key: GenerateDataKey) and on clicks (AWS managed key: no KMS), nothing else', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [...on([...DESCRIBE, ...PUT], 'stream:events.Arn'), ...on([...DESCRIBE, ...PUT], 'stream:clicks.Arn'), ...on(['kms:GenerateDataKey'], 'key:events.Arn')].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['CLICKS=stream:clicks.Ref', 'EVENTS=stream:events.Ref']);
});

test('worker: Consumer on the stream, fan-out on its consumers, Decrypt on each customer key, the looked-up stream on exactly its ARN', () => {
  expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole')).toEqual(
    [
      ...on([...DESCRIBE, ...GET], 'stream:events.Arn'),
      ...on(FAN_OUT, 'stream:events.Arn/consumer/*'),
      ...on([...DESCRIBE, ...GET], 'stream:audit.Arn'),
      ...on(FAN_OUT, 'stream:audit.Arn/consumer/*'),
      ...on([...DESCRIBE, ...GET], LEGACY),
      ...on(FAN_OUT, `${LEGACY}/consumer/*`),
      ...on(['kms:Decrypt'], 'key:events.Arn'),
      ...on(['kms:Decrypt'], LEGACY_KEY),
    ].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Worker'), 'worker')).toEqual([
    'AUDIT=stream:audit.Ref',
    'EVENTS=stream:events.Ref',
    'EVENTS_ARN=stream:events.Arn',
    'LEGACY=legacy-clicks',
    'LEGACY_NAME=legacy-clicks',
  ]);
});

test('admin: PowerUser, with both KMS actions on the key; never CreateStream, DeleteStream, encryption or resource-policy actions', () => {
  const pairs = rolePairs(tracer, tracer.familyFile('Admin'), 'TaskRole');
  expect(pairs).toEqual(
    [
      ...on([...DESCRIBE, ...PUT, ...GET, ...MANAGE], 'stream:events.Arn'),
      ...on([...FAN_OUT, 'kinesis:DeregisterStreamConsumer'], 'stream:events.Arn/consumer/*'),
      ...on(['kms:Decrypt', 'kms:GenerateDataKey'], 'key:events.Arn'),
    ].sort(),
  );
  for (const forbidden of ['CreateStream', 'DeleteStream', 'StopStreamEncryption', 'StartStreamEncryption', 'PutResourcePolicy', 'DeleteResourcePolicy', 'DecreaseStreamRetentionPeriod', 'UpdateStreamMode']) {
    expect(pairs.filter((p) => p.includes(`kinesis:${forbidden} `))).toEqual([]);
  }
});

test('a service not listed under a stream gets nothing of it', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole').filter((p) => p.includes('kinesis:') || p.includes('kms:'))).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});

test('the render summary lists each family its stream permissions and variables', () => {
  const dir = projectDir({
    'compose.yaml': `
name: summary
services:
  api: {image: api}
x-kinesis:
  events:
    Services: {api: {Access: Producer}}
`,
  });
  const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const text = formatSummary(compiled.model!, renderModel(compiled.model!));
  expect(text).toContain('    TaskRole: Allow kinesis:DescribeStream, kinesis:DescribeStreamSummary, kinesis:ListShards, kinesis:PutRecord, kinesis:PutRecords on ${StreamEventsArn}');
  expect(text).toContain('    x-kinesis events: Producer; EVENTS=Name in api');
});
