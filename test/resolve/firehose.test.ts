/**
 * x-kinesis_firehose in the resolve stage: what Firehose or CloudFormation would refuse is an error
 * (or, where composex can leave it out or raise it, a warning) at its position with a hint; the
 * references to the project's buckets, streams and keys, and what the delivery role reaches, are
 * exactly what the file names; Producer is exactly its two actions on the stream ARN.
 */
import { errorsOf, expectOneError, pos, resolve, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;
const BUCKET = 'x-s3:\n  archive: {}\n';
const STREAM = 'x-kinesis:\n  events: {}\n';
const ROLE = 'arn:aws:iam::123456789012:role/firehose';

const stream = (properties: string, extra = '') => `${SERVICES}${BUCKET}${STREAM}x-kinesis_firehose:\n  clicks:\n    Properties: ${properties}\n${extra}`;
const S3 = 'ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archive}';

describe('x-kinesis_firehose mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string]>([
    ['a Lookup by Tags', `${SERVICES}x-kinesis_firehose:\n  c:\n    Lookup: {Tags: [{Name: c}]}\n`, 'CX3890', "composex does not look up delivery streams by Tags: finding 'c' would need Firehose calls, which neither render nor composex lookup make", 'Lookup'],
    ['a reference to a bucket not declared', stream('{ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archiv}}'), 'CX3893', 'x-kinesis_firehose.clicks.Properties.ExtendedS3DestinationConfiguration.BucketARN names \'archiv\', which is not under x-s3', 'x-s3::archiv'],
    ['a reference where composex does not read one', stream(`{DeliveryStreamName: x-s3::archive, ${S3}}`), 'CX3893', "x-kinesis_firehose.clicks.Properties.DeliveryStreamName: 'x-s3::archive' is not a reference composex reads there", 'x-s3::archive,'],
    ['a kind in the wrong place', stream('{ExtendedS3DestinationConfiguration: {BucketARN: x-kinesis::events}}'), 'CX3893', "x-kinesis_firehose.clicks.Properties.ExtendedS3DestinationConfiguration.BucketARN: 'x-kinesis::events' is not a reference composex reads there", 'x-kinesis::events'],
    ['a Kinesis source without KinesisStreamAsSource', stream(`{${S3}, KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::events}}`), 'CX3898', "KinesisStreamSourceConfiguration of delivery stream 'clicks' needs DeliveryStreamType: KinesisStreamAsSource (it is DirectPut, the default)", 'KinesisStreamSourceConfiguration'],
    ['KinesisStreamAsSource without a source', stream(`{${S3}, DeliveryStreamType: KinesisStreamAsSource}`), 'CX3898', "delivery stream 'clicks' is of type KinesisStreamAsSource but names no source stream", 'KinesisStreamAsSource'],
    ['two destinations', stream(`{S3DestinationConfiguration: {BucketARN: x-s3::archive}, ${S3}}`), 'CX3898', "delivery stream 'clicks' has 2 destinations (S3DestinationConfiguration, ExtendedS3DestinationConfiguration): a delivery stream delivers to one", 'ExtendedS3'],
    ['a destination whose role composex does not build', stream(`{SplunkDestinationConfiguration: {HECEndpoint: "https://splunk:8088", HECEndpointType: Raw, S3Configuration: {BucketARN: "arn:aws:s3:::b", RoleARN: "${ROLE}"}}}`), 'CX3894', "composex creates the delivery role for S3 destinations and a Kinesis source only, not for SplunkDestinationConfiguration of delivery stream 'clicks'", 'SplunkDestinationConfiguration'],
    ['a kept role that is no role ARN', stream(`{ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archive, RoleARN: deliveryRoleArn}}`, '    MacroParameters: {DoNotOverrideIamRole: true}\n'), 'CX3892', "x-kinesis_firehose.clicks.Properties.ExtendedS3DestinationConfiguration.RoleARN 'deliveryRoleArn' is not an IAM role ARN, which Firehose refuses", 'deliveryRoleArn'],
    ['a key ARN with the AWS owned key type', stream(`{${S3}, DeliveryStreamEncryptionConfigurationInput: {KeyType: AWS_OWNED_CMK, KeyARN: "arn:aws:kms:eu-west-1:123456789012:key/abcd"}}`), 'CX3898', "delivery stream 'clicks' gives a KeyARN with KeyType AWS_OWNED_CMK: Firehose takes a key ARN only for CUSTOMER_MANAGED_CMK", 'AWS_OWNED_CMK'],
    ['a property the type lacks', stream(`{${S3}, StreamName: c}`), 'CX3605', "AWS::KinesisFirehose::DeliveryStream has no property 'StreamName'", 'StreamName'],
  ])('%s', (_what, yaml, code, message, marker) => {
    expectOneError(yaml, code, message, marker);
  });
});

describe('x-kinesis_firehose warnings: what AWS would refuse, changed at its place', () => {
  test('a written RoleARN is replaced (CX3891); a small buffer with dynamic partitioning is raised to 64 MiB (CX3897)', () => {
    const yaml = stream(`{ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archive, RoleARN: "${ROLE}", BufferingHints: {SizeInMBs: 8, IntervalInSeconds: 60}, DynamicPartitioningConfiguration: {Enabled: true}}}`);
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.code.startsWith('CX389')).map((d) => [d.code, d.line, d.column])).toEqual([
      ['CX3891', pos(yaml, 'RoleARN').line, pos(yaml, 'RoleARN').column],
      ['CX3897', pos(yaml, '8,').line, pos(yaml, '8,').column],
    ]);
    const d = model!.resources.deliveryStream[0];
    expect((d.properties.ExtendedS3DestinationConfiguration as any).BufferingHints.SizeInMBs).toBe(64);
    expect(d.role!.configurations).toEqual(['ExtendedS3DestinationConfiguration']);
  });

  test('DoNotOverrideIamRole keeps the role written: no role is created, no warning', () => {
    const model = resolveOk(stream(`{ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archive, RoleARN: "${ROLE}"}}`, '    MacroParameters: {DoNotOverrideIamRole: [ExtendedS3DestinationConfiguration]}\n'));
    const d = model.resources.deliveryStream[0];
    expect(d.role).toBeUndefined();
    expect(d.references).toEqual([{ path: ['ExtendedS3DestinationConfiguration', 'BucketARN'], kind: 'bucket', name: 'archive' }]);
  });
});

describe('what a valid delivery stream resolves to', () => {
  test('Kinesis source, encrypted x-kms S3 objects and a Lambda processor: the role reaches exactly these; the bucket and stream count as used', () => {
    const lambda = 'arn:aws:lambda:eu-west-1:123456789012:function:transform';
    const yaml = `${SERVICES}x-kms:\n  objects: {}\n  records: {}\nx-s3:\n  archive: {}\nx-kinesis:\n  events:\n    Properties: {StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::records}}\nx-kinesis_firehose:\n  clicks:\n    Properties:\n      DeliveryStreamType: KinesisStreamAsSource\n      KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::events}\n      ExtendedS3DestinationConfiguration:\n        BucketARN: x-s3::archive\n        EncryptionConfiguration: {KMSEncryptionConfig: {AWSKMSKeyARN: x-kms::objects}}\n        ProcessingConfiguration: {Enabled: true, Processors: [{Type: Lambda, Parameters: [{ParameterName: LambdaArn, ParameterValue: "${lambda}"}]}]}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Used through the delivery stream: the bucket, the stream, the keys; and the delivery stream takes no producer.
    expect(diagnostics.filter((d) => d.code === 'CX3612')).toEqual([]);
    const d = model!.resources.deliveryStream[0];
    expect(d.kinesisSource).toBe(true);
    expect(d.role).toEqual({
      buckets: [{ kind: 'bucket', name: 'archive' }],
      bucketKeys: [{ kind: 'key', name: 'objects' }],
      sourceStream: { kind: 'stream', name: 'events' },
      sourceKey: { kind: 'key', name: 'records' },
      lambdas: [lambda],
      logGroups: [],
      configurations: ['KinesisStreamSourceConfiguration', 'ExtendedS3DestinationConfiguration'],
    });
    expect(d.logged).toEqual(['ExtendedS3DestinationConfiguration']);
  });

  test('Producer: firehose:PutRecord and PutRecordBatch on the stream ARN; the name in <NAME>, ReturnValues Arn', () => {
    const model = resolveOk(stream(`{${S3}}`, '    Services:\n      api: {Access: Producer, ReturnValues: {Arn: CLICKS_ARN}}\n'));
    const grants = model.grants.filter((g) => g.kind === 'deliveryStream');
    expect(grants.map((g) => ({ family: g.family, permissions: g.permissions, environment: g.environment }))).toEqual([
      {
        family: 'api',
        permissions: [{ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], scope: { on: 'resource' } }],
        environment: [
          { name: 'CLICKS', attribute: 'Name' },
          { name: 'CLICKS_ARN', attribute: 'Arn' },
        ],
      },
    ]);
  });

  test('an unknown level is refused with the one level there is', () => {
    const { errors } = errorsOf(stream(`{${S3}}`, '    Services:\n      api: {Access: Consumer}\n'));
    expect(errors.map((e) => e.hint).join()).toContain('Producer');
  });
});
