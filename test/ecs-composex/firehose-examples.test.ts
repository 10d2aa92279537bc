/**
 * ECS ComposeX's x-kinesis_firehose use cases (use-cases/firehose/), over use-cases/blog.features.yml.
 * create_only.yml is refused only for its x-kms Lookup without a lock (its bucket's name expansions
 * without a BucketName expand nothing, as in ECS ComposeX: CX3899); with the key's lookup answered,
 * it renders: each delivery stream with the role Firehose assumes, reaching exactly the
 * project's bucket and source stream, and ad-hoc-testing may put records into the DirectPut stream
 * only. Where the file's values cannot work on AWS, a warning says so at the place.
 */
import type { LockFile } from '../../src/resolve/lock';
import { at, BASE, compile, located, Rendered, render, template } from './fixture-helpers';

const CREATE = 'use-cases/firehose/create_only.yml';
const LOOKUP = 'use-cases/firehose/lookup_only.yml';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LOCK: LockFile = {
  version: 1,
  lookups: { 'x-kms.stream-encryption-key': { query: { kind: 'key', resource: { tags: { ForLookup: 'true', usage: 'unknown' } } }, answer: { name: 'stream-key', arn: KEY_ARN }, takenAt: '2026-12-01T00:00:00.000Z' } },
};

const WARNINGS = [
  at('CX3897', CREATE, '16', 1, 'SizeInMBs: '),
  at('CX3891', CREATE, 'RoleARN', 1),
  at('CX3895', CREATE, 'DeliveryStreamEncryptionConfigurationInput', 2),
  at('CX3891', CREATE, 'RoleARN', 2),
  at('CX3891', CREATE, 'RoleARN', 3),
  at('CX3896', CREATE, 'Services', 2),
];
/** With the x-s3 bucket's name expansions, which expand nothing without a BucketName (CX3899), in file order. */
const ALL_WARNINGS = [...WARNINGS, at('CX3899', CREATE, 'ExpandRegionToBucket'), at('CX3899', CREATE, 'ExpandAccountIdToBucket')];

describe('use-cases/firehose/create_only.yml', () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, CREATE], { lock: LOCK });
  });

  test('as published: refused only for the x-kms Lookup (CX3680); the firehose warnings at their places', () => {
    const { model, diagnostics } = compile([BASE, CREATE]);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([at('CX3680', CREATE, 'Lookup')]);
    expect(located(diagnostics, 'warning', CREATE).filter((w) => w.startsWith('CX389'))).toEqual(ALL_WARNINGS);
    const notArn = diagnostics.filter((d) => d.code === 'CX3891')[2];
    expect(notArn.message).toContain("'deliveryRoleArn' is not an IAM role ARN");
    expect(notArn.hint).toContain('DoNotOverrideIamRole: [ExtendedS3DestinationConfiguration]');
  });

  test('with the key looked up: it renders, with the same warnings, and the name expansions of the bucket without a name at each (CX3899)', () => {
    expect(result.warnings.filter((w) => w.startsWith('CX389'))).toEqual(ALL_WARNINGS);
  });

  test('the DirectPut stream: the project bucket, the looked-up key as its customer managed key, a 64 MiB buffer, the role composex creates', () => {
    const r = template(result, 'DeliveryStreams.json');
    const p = r.DeliveryStreamStreamToS3DirectPut.Properties as Record<string, any>;
    expect(p.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyARN: KEY_ARN, KeyType: 'CUSTOMER_MANAGED_CMK' });
    const s3 = p.ExtendedS3DestinationConfiguration;
    expect(s3.BucketARN).toEqual({ Ref: 'BucketDeliveryStreamOutputBucketArn' });
    expect(s3.BufferingHints).toEqual({ SizeInMBs: 64, IntervalInSeconds: 30 });
    expect(s3.RoleARN).toEqual({ 'Fn::GetAtt': ['DeliveryStreamStreamToS3DirectPutRole', 'Arn'] });
    expect(s3.CloudWatchLoggingOptions).toEqual({ Enabled: true, LogGroupName: { Ref: 'DeliveryStreamStreamToS3DirectPutLogGroup' }, LogStreamName: { Ref: 'DeliveryStreamStreamToS3DirectPutLogStream' } });
    expect(r.DeliveryStreamStreamToS3DirectPut.DeletionPolicy).toBeUndefined();
  });

  test('the Kinesis-source stream: no server-side encryption, both RoleARNs the role composex creates, which reads exactly the source stream', () => {
    const r = template(result, 'DeliveryStreams.json');
    const p = r.DeliveryStreamStreamToS3.Properties as Record<string, any>;
    expect(p.DeliveryStreamEncryptionConfigurationInput).toBeUndefined();
    const role = { 'Fn::GetAtt': ['DeliveryStreamStreamToS3Role', 'Arn'] };
    expect(p.KinesisStreamSourceConfiguration).toEqual({ KinesisStreamARN: { Ref: 'StreamStreamSourceArn' }, RoleARN: role });
    expect(p.ExtendedS3DestinationConfiguration.RoleARN).toEqual(role);
    const statements = (r.DeliveryStreamStreamToS3Role.Properties as any).Policies[0].PolicyDocument.Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['S3Destination', 'KinesisSource', 'ErrorLogs']);
    expect(statements[0].Action).toEqual(['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject']);
    expect(statements[0].Resource).toEqual([{ Ref: 'BucketDeliveryStreamOutputBucketArn' }, { 'Fn::Join': ['', [{ Ref: 'BucketDeliveryStreamOutputBucketArn' }, '/*']] }]);
    expect(statements[1]).toEqual({ Sid: 'KinesisSource', Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'], Resource: { Ref: 'StreamStreamSourceArn' } });
    expect(statements[2].Action).toEqual(['logs:PutLogEvents']);
  });

  test('the role trusts Firehose for this account only', () => {
    const r = template(result, 'DeliveryStreams.json');
    expect((r.DeliveryStreamStreamToS3DirectPutRole.Properties as any).AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } } },
    ]);
  });

  test('the bucket and the source stream come from their stacks (so they exist first)', () => {
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!.template.Resources!;
    const stack = Object.values(root).find((r) => JSON.stringify(r).includes('DeliveryStreams.json'))!;
    const parameters = JSON.stringify((stack.Properties as Record<string, unknown>).Parameters);
    expect(parameters).toContain('Outputs.BucketDeliveryStreamOutputBucketArn');
    expect(parameters).toContain('Outputs.StreamStreamSourceArn');
  });

  test('ad-hoc-testing: firehose:PutRecord and PutRecordBatch on the DirectPut stream only, and its name in STREAM_TO_S3_DIRECT_PUT', () => {
    const family = JSON.stringify(template(result, 'FamilyAdHocTesting.json'));
    const statements = Object.values(template(result, 'FamilyAdHocTesting.json'))
      .filter((r) => r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => JSON.stringify(r.Properties).match(/\{"Sid":"[^"]*","Effect":"Allow","Action":\["firehose:[^\]]*\][^}]*\}/g) ?? []);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('"Action":["firehose:PutRecord","firehose:PutRecordBatch"]');
    expect(statements[0]).toContain('DeliveryStreamStreamToS3DirectPutArn');
    expect(family).not.toContain('DeliveryStreamStreamToS3Arn');
    expect(family).toContain('"Name":"STREAM_TO_S3_DIRECT_PUT"');
    expect(family).not.toContain('"Name":"STREAM_TO_S3"');
  });
});

test('use-cases/firehose/lookup_only.yml: refused only at the Lookup by Tags (CX3890), which says to give the ARN', () => {
  const { model, diagnostics } = compile([BASE, LOOKUP]);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error')).toEqual([at('CX3890', LOOKUP, 'Lookup')]);
  expect(diagnostics.find((d) => d.code === 'CX3890')!.hint).toContain('Lookup: {Arn: arn:aws:firehose:');
});
