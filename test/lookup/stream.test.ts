/**
 * x-kinesis Lookup by tags or name: `composex lookup` finds the stream (ListStreams read whole and
 * ListTagsForResource, or DescribeStreamSummary by name) and the customer-managed key of its
 * encryption; render grants each consumer its level on the exact stream ARN and the KMS actions of
 * its level on that key, as for a key ARN in StreamEncryption.KeyId.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-kinesis';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const kinesis = mockClient(KinesisClient);
const kms = mockClient(KMSClient);

const ACCOUNT = '123456789012';
const arnOf = (name: string) => `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/${name}`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const summary = (name: string, keyId?: string) => ({
  StreamDescriptionSummary: {
    StreamName: name,
    StreamARN: arnOf(name),
    StreamStatus: 'ACTIVE' as const,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date(0),
    EnhancedMonitoring: [],
    OpenShardCount: 1,
    ...(keyId ? { EncryptionType: 'KMS' as const, KeyId: keyId } : { EncryptionType: 'NONE' as const }),
  },
});

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
const read = (dir: string, file: string): Template => JSON.parse(fs.readFileSync(path.join(dir, 'out', file), 'utf8'));
type Statement = { Action: string[]; Resource: unknown };
const taskStatements = (t: Template): Statement[] =>
  Object.entries(t.Resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Role' && id.includes('TaskRole'))
    .flatMap(([, r]) => ((r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement));
const actionsOn = (list: Statement[], arn: string) => list.filter((s) => JSON.stringify(s.Resource).includes(arn)).flatMap((s) => s.Action).sort();
const environment = (t: Template) => (Object.values(t.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions as { Environment?: unknown[] }[])[0].Environment;

const COMPOSE = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
  web:
    image: public.ecr.aws/nginx/nginx:1.27
x-kinesis:
  events:
    Lookup: {Tags: [{app: shop}]}
    Services:
      api: {Access: Producer}
      worker: {Access: Consumer, ReturnValues: {Arn: EVENTS_ARN}}
`;

test('by tags over two pages: the stream ARN and its key (an alias resolved to the key ARN); grants on exactly them', async () => {
  kinesis.reset();
  kms.reset();
  kinesis
    .on(ListStreamsCommand)
    .resolvesOnce({ StreamNames: ['clicks'], StreamSummaries: [{ StreamName: 'clicks', StreamARN: arnOf('clicks'), StreamStatus: 'ACTIVE', StreamCreationTimestamp: new Date(0) }], HasMoreStreams: true, NextToken: 'p2' })
    .resolves({ StreamNames: ['events'], StreamSummaries: [{ StreamName: 'events', StreamARN: arnOf('events'), StreamStatus: 'ACTIVE', StreamCreationTimestamp: new Date(0) }], HasMoreStreams: false });
  kinesis.on(ListTagsForResourceCommand, { ResourceARN: arnOf('clicks') }).resolves({ Tags: [{ Key: 'app', Value: 'ads' }] });
  kinesis.on(ListTagsForResourceCommand, { ResourceARN: arnOf('events') }).resolves({ Tags: [{ Key: 'app', Value: 'shop' }] });
  kinesis.on(DescribeStreamSummaryCommand).resolves(summary('events', 'alias/shop-events'));
  kms.on(DescribeKeyCommand, { KeyId: 'alias/shop-events' }).resolves({ KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN, KeyManager: 'CUSTOMER' } });
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(kinesis.commandCalls(ListStreamsCommand)).toHaveLength(2);
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-kinesis.events'];
  expect(entry.query).toEqual({ kind: 'stream', resource: { tags: { app: 'shop' } } });
  expect(entry.answer).toEqual({ name: 'events', arn: arnOf('events'), kmsKeyId: KEY_ARN });

  kinesis.reset();
  kms.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(kinesis.calls().length + kms.calls().length).toBe(0);
  expect(fs.existsSync(path.join(dir, 'out', 'Streams.json'))).toBe(false);

  const api = taskStatements(read(dir, 'FamilyApi.json'));
  const worker = taskStatements(read(dir, 'FamilyWorker.json'));
  expect(actionsOn(api, arnOf('events'))).toEqual(expect.arrayContaining(['kinesis:PutRecord', 'kinesis:PutRecords']));
  expect(actionsOn(api, KEY_ARN)).toEqual(['kms:GenerateDataKey']);
  expect(actionsOn(worker, arnOf('events'))).toEqual(expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator']));
  expect(actionsOn(worker, KEY_ARN)).toEqual(['kms:Decrypt']);
  expect(JSON.stringify(taskStatements(read(dir, 'FamilyWeb.json')))).not.toContain('kinesis');
  expect(JSON.stringify(read(dir, 'FamilyWeb.json'))).not.toContain(KEY_ARN);
  expect(environment(read(dir, 'FamilyWorker.json'))).toEqual(expect.arrayContaining([{ Name: 'EVENTS', Value: 'events' }, { Name: 'EVENTS_ARN', Value: arnOf('events') }]));
});

test('by name: DescribeStreamSummary; the AWS managed key needs no KMS permission', async () => {
  kinesis.reset();
  kms.reset();
  kinesis.on(DescribeStreamSummaryCommand).resolves(summary('events', 'alias/aws/kinesis'));
  const dir = projectDir({ 'compose.yaml': COMPOSE.replace('Lookup: {Tags: [{app: shop}]}', 'Lookup: {Name: events}') });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(kinesis.commandCalls(ListStreamsCommand)).toHaveLength(0);
  expect(kinesis.commandCalls(DescribeStreamSummaryCommand)[0].args[0].input).toEqual({ StreamName: 'events' });
  expect(kms.calls()).toHaveLength(0);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-kinesis.events'].answer).toEqual({ name: 'events', arn: arnOf('events') });
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(JSON.stringify(taskStatements(read(dir, 'FamilyApi.json')))).not.toContain('kms:');
});

test('none (CX6080) and several (CX6081) at the Lookup; a stale lock is CX3681 at render', async () => {
  kinesis.reset();
  kms.reset();
  kinesis.on(DescribeStreamSummaryCommand).rejects(Object.assign(new Error('Stream missing under account 123456789012 not found.'), { name: 'ResourceNotFoundException' }));
  kinesis.on(ListStreamsCommand).resolves({
    StreamNames: ['a', 'b'],
    StreamSummaries: [
      { StreamName: 'a', StreamARN: arnOf('a'), StreamStatus: 'ACTIVE', StreamCreationTimestamp: new Date(0) },
      { StreamName: 'b', StreamARN: arnOf('b'), StreamStatus: 'ACTIVE', StreamCreationTimestamp: new Date(0) },
    ],
    HasMoreStreams: false,
  });
  kinesis.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'app', Value: 'shop' }] });
  const compose = `services:\n  api:\n    image: x\nx-kinesis:\n  missing:\n    Lookup: {Name: missing}\n    Services: {api: {Access: Consumer}}\n  events:\n    Lookup: {Tags: [{app: shop}]}\n    Services: {api: {Access: Consumer}}\n`;
  const dir = projectDir({ 'compose.yaml': compose });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("compose.yaml:6:5: error CX6080: x-kinesis.missing Lookup finds no Kinesis data stream with name 'missing'");
  expect(r.stderr).toContain('compose.yaml:9:5: error CX6081: x-kinesis.events Lookup finds 2 Kinesis data streams with tags app=shop, and needs exactly one');
  expect(r.stderr).toContain(`- a (${arnOf('a')}) tags: app=shop`);
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);

  // A lock answering another query: render refuses it at the Lookup.
  fs.writeFileSync(
    path.join(dir, 'composex.lock.json'),
    JSON.stringify({
      version: 1,
      lookups: {
        'x-kinesis.events': { query: { kind: 'stream', resource: { tags: { app: 'ads' } } }, answer: { name: 'a', arn: arnOf('a') }, takenAt: '2026-12-01T00:00:00.000Z' },
        'x-kinesis.missing': { query: { kind: 'stream', resource: { name: 'missing' } }, answer: { name: 'missing', arn: arnOf('missing') }, takenAt: '2026-12-01T00:00:00.000Z' },
      },
    }),
  );
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(1);
  expect(rendered.stderr).toContain('compose.yaml:9:5: error CX3681: x-kinesis.events Lookup changed since composex.lock.json was written');
});
