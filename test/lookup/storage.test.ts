/**
 * x-s3 Lookup by tags and x-dynamodb Lookup by tags or name: `composex lookup` finds the bucket
 * (with its default-encryption KMS key) and the table (with its stream), reading every page; render
 * grants on their exact ARNs, KMS actions on the bucket's customer key, the stream ARN as a value.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketEncryptionCommand, GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const s3 = mockClient(S3Client);
const dynamodb = mockClient(DynamoDBClient);
const ACCOUNT = '123456789012';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TABLE_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`;
const STREAM_ARN = `${TABLE_ARN}/stream/2026-11-30T00:00:00.000`;

const lockOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));

const COMPOSE = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-s3:
  uploads:
    Lookup: {Tags: [{app: shop}, {use: uploads}]}
    Services: {api: {Access: {objects: RW, bucket: ListOnly}}}
x-dynamodb:
  orders:
    Lookup: {Tags: {app: shop}}
    Services: {api: {Access: RW, ReturnValues: {StreamArn: ORDERS_STREAM}}}
`;

const table = (name: string, stream: boolean) => ({
  Table: {
    TableName: name,
    TableArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`,
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const }, LatestStreamArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}/stream/2026-11-30T00:00:00.000` } : {}),
  },
});

function answer(): void {
  s3.reset();
  dynamodb.reset();
  // Two pages of buckets; one without tags (NoSuchTagSet), one with only part of the tags.
  s3.on(ListBucketsCommand).resolvesOnce({ Buckets: [{ Name: 'shop-logs' }, { Name: 'untagged' }], ContinuationToken: 'p2' }).resolves({ Buckets: [{ Name: 'shop-uploads' }] });
  s3.on(GetBucketTaggingCommand, { Bucket: 'shop-logs' }).resolves({ TagSet: [{ Key: 'app', Value: 'shop' }, { Key: 'use', Value: 'logs' }] });
  s3.on(GetBucketTaggingCommand, { Bucket: 'untagged' }).rejects(Object.assign(new Error('The TagSet does not exist'), { name: 'NoSuchTagSet' }));
  s3.on(GetBucketTaggingCommand, { Bucket: 'shop-uploads' }).resolves({ TagSet: [{ Key: 'use', Value: 'uploads' }, { Key: 'app', Value: 'shop' }] });
  s3.on(GetBucketEncryptionCommand, { Bucket: 'shop-uploads' }).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN } }] },
  });
  // Two pages of tables; the tags of 'orders' come in two pages too.
  dynamodb.on(ListTablesCommand).resolvesOnce({ TableNames: ['billing'], LastEvaluatedTableName: 'billing' }).resolves({ TableNames: ['orders'] });
  dynamodb.on(DescribeTableCommand, { TableName: 'billing' }).resolves(table('billing', false));
  dynamodb.on(DescribeTableCommand, { TableName: 'orders' }).resolves(table('orders', true));
  dynamodb.on(ListTagsOfResourceCommand, { ResourceArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/billing` }).resolves({ Tags: [{ Key: 'app', Value: 'billing' }] });
  dynamodb
    .on(ListTagsOfResourceCommand, { ResourceArn: TABLE_ARN })
    .resolvesOnce({ Tags: [{ Key: 'team', Value: 'core' }], NextToken: 't2' })
    .resolves({ Tags: [{ Key: 'app', Value: 'shop' }] });
}

type Statement = { Action: string[]; Resource: unknown };

test('lookup pins the bucket (and its KMS key) and the table (and its stream); render grants on their exact ARNs', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(s3.commandCalls(ListBucketsCommand).length).toBe(2);
  expect(dynamodb.commandCalls(ListTablesCommand).length).toBe(2);
  expect(dynamodb.commandCalls(ListTagsOfResourceCommand, { ResourceArn: TABLE_ARN }).length).toBe(2);
  const lock = lockOf(dir);
  expect(lock.lookups['x-s3.uploads']).toMatchObject({ query: { kind: 'bucket', resource: { tags: { app: 'shop', use: 'uploads' } } }, answer: { name: 'shop-uploads', arn: 'arn:aws:s3:::shop-uploads', kmsKeyId: KEY_ARN } });
  expect(lock.lookups['x-dynamodb.orders']).toMatchObject({ query: { kind: 'table', resource: { tags: { app: 'shop' } } }, answer: { name: 'orders', arn: TABLE_ARN, streamArn: STREAM_ARN } });

  s3.reset();
  dynamodb.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(s3.calls().length + dynamodb.calls().length).toBe(0);
  const files = fs.readdirSync(path.join(dir, 'out'));
  expect(files.filter((f) => /^(Buckets|Tables)/.test(f))).toEqual([]); // nothing created
  const family = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'FamilyApi.json'), 'utf8'));
  const statements: Statement[] = Object.values(family.Resources as Record<string, { Type: string; Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } }>)
    .filter((res) => res.Type === 'AWS::IAM::Role')
    .flatMap((res) => (res.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement));
  const on = (arn: string) => statements.filter((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).includes(arn)).flatMap((s) => s.Action);
  expect(on('arn:aws:s3:::shop-uploads/*')).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
  expect(on('arn:aws:s3:::shop-uploads')).toEqual(expect.arrayContaining(['s3:ListBucket']));
  expect(on(KEY_ARN)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
  expect(on(TABLE_ARN)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']));
  const container = (Object.values(family.Resources as Record<string, { Type: string; Properties: { ContainerDefinitions?: { Environment: unknown[] }[] } }>).find((res) => res.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions!)[0];
  expect(container.Environment).toEqual(expect.arrayContaining([{ Name: 'UPLOADS', Value: 'shop-uploads' }, { Name: 'ORDERS', Value: 'orders' }, { Name: 'ORDERS_STREAM', Value: STREAM_ARN }]));
  expect(JSON.stringify(family)).not.toContain('shop-logs');
});

test('several buckets with the tags (CX6081), no table with the name (CX6080), at each Lookup', async () => {
  answer();
  s3.on(GetBucketTaggingCommand, { Bucket: 'shop-logs' }).resolves({ TagSet: [{ Key: 'app', Value: 'shop' }, { Key: 'use', Value: 'uploads' }] });
  dynamodb.on(DescribeTableCommand, { TableName: 'orders-v2' }).rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }));
  const dir = projectDir({ 'compose.yaml': COMPOSE.replace('Lookup: {Tags: {app: shop}}', 'Lookup: {Name: orders-v2}') });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:6:5: error CX6081: x-s3.uploads Lookup finds 2 buckets with tags app=shop, use=uploads, and needs exactly one');
  expect(r.stderr).toContain('- shop-logs (arn:aws:s3:::shop-logs) tags: app=shop, use=uploads');
  expect(r.stderr).toContain('- shop-uploads (arn:aws:s3:::shop-uploads) tags: app=shop, use=uploads');
  expect(r.stderr).toContain("compose.yaml:10:5: error CX6080: x-dynamodb.orders Lookup finds no table with name 'orders-v2'");
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});

test('a table by name without a stream: StreamArn is refused where it is asked for (CX3634)', async () => {
  answer();
  dynamodb.on(DescribeTableCommand, { TableName: 'billing' }).resolves(table('billing', false));
  const dir = projectDir({ 'compose.yaml': COMPOSE.replace('Lookup: {Tags: {app: shop}}', 'Lookup: {Name: billing}') });
  expect((await lookup(dir)).code).toBe(0);
  expect(lockOf(dir).lookups['x-dynamodb.orders']).toMatchObject({ query: { kind: 'table', resource: { name: 'billing' } }, answer: { name: 'billing' } });
  expect(lockOf(dir).lookups['x-dynamodb.orders'].answer.streamArn).toBeUndefined();
  expect(dynamodb.commandCalls(ListTablesCommand).length).toBe(0);
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(1);
  expect(rendered.stderr).toContain("error CX3634: return value 'StreamArn' does not exist here: the looked-up table has no stream");
});
