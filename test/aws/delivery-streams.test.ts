/**
 * x-kinesis_firehose delivery streams in the templates: the role Firehose assumes reaches exactly
 * the buckets, keys (through S3 or Kinesis only), source stream, processor function and log
 * streams the file names; a role the user keeps is used as written and none is created; a DirectPut
 * stream without a key is encrypted with Firehose's AWS owned key; producers get exactly
 * firehose:PutRecord and PutRecordBatch on the stream ARN (a looked-up one too) and its name.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const SHARED = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/shared';
const LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:transform';
const KEPT_ROLE = 'arn:aws:iam::123456789012:role/my-firehose';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: delivery
services:
  api: {image: api}
  worker: {image: worker}
x-kms:
  objects: {}
  records: {}
x-s3:
  archive: {}
x-kinesis:
  events:
    Properties: {StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::records}}
x-kinesis_firehose:
  clicks:
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: x-s3::archive
        EncryptionConfiguration: {KMSEncryptionConfig: {AWSKMSKeyARN: x-kms::objects}}
        ProcessingConfiguration: {Enabled: true, Processors: [{Type: Lambda, Parameters: [{ParameterName: LambdaArn, ParameterValue: "${LAMBDA}"}]}]}
    Services:
      api: {Access: Producer, ReturnValues: {Arn: CLICKS_ARN}}
  from-events:
    Properties:
      DeliveryStreamType: KinesisStreamAsSource
      KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::events}
      S3DestinationConfiguration:
        BucketARN: x-s3::archive
        CloudWatchLoggingOptions: {Enabled: true, LogGroupName: own-logs, LogStreamName: s3}
    MacroParameters:
      x-iam: {PermissionsBoundary: boundary}
  kept:
    Properties:
      ExtendedS3DestinationConfiguration: {BucketARN: "arn:aws:s3:::elsewhere", RoleARN: "${KEPT_ROLE}"}
    MacroParameters: {DoNotOverrideIamRole: true}
  shared:
    Lookup: {Arn: "${SHARED}"}
    Services:
      worker: {Access: Producer}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const FILE = 'DeliveryStreams.json';
const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
// Written out here, independently of the source (Amazon Data Firehose Developer Guide, "Controlling access").
const S3 = ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'];
const KINESIS = ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
const PRODUCER = ['firehose:PutRecord', 'firehose:PutRecordBatch'];
const resource = (id: string) => resourcesOf(result, 'AWS::KinesisFirehose::DeliveryStream').find((r) => r.id === id)!.resource;
const statements = (roleId: string) => ((tracer.template(FILE).Resources![roleId].Properties as any).Policies[0].PolicyDocument.Statement as Record<string, unknown>[]);

test('zero validator errors, no firehose warning', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.warnings.filter((code) => code.startsWith('CX389'))).toEqual([]);
});

test('clicks: the role writes to the bucket, uses its key through S3 for the bucket only, invokes the processor, logs errors', () => {
  expect(rolePairs(tracer, FILE, 'DeliveryStreamClicksRole')).toEqual(
    [
      ...on(S3, 'bucket:archive.Arn'),
      ...on(S3, 'bucket:archive.Arn/*'),
      ...on(['kms:Decrypt', 'kms:GenerateDataKey'], 'key:objects.Arn'),
      ...on(['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'], LAMBDA),
      ...on(['logs:PutLogEvents'], 'arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:log-group:AWS::Logs::LogGroup:DeliveryStreamClicksLogGroup.Ref:log-stream:*'),
    ].sort(),
  );
  const keys = statements('DeliveryStreamClicksRole').find((s) => s.Sid === 'S3DestinationKeys')!;
  expect(tracer.trace(FILE, (keys.Condition as any).StringEquals['kms:ViaService'])).toBe('s3.AWS::Region.amazonaws.com');
  expect(tracer.trace(FILE, (keys.Condition as any).StringLike['kms:EncryptionContext:aws:s3:arn'])).toBe('bucket:archive.Arn,bucket:archive.Arn/*');
  const p = resource('DeliveryStreamClicks').Properties as any;
  expect(tracer.trace(FILE, p.ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN)).toBe('key:objects.Arn');
  expect(p.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'AWS_OWNED_CMK' });
});

test('from-events: reads the stream, decrypts its key through Kinesis only, logs to the group it names; its permissions boundary', () => {
  expect(rolePairs(tracer, FILE, 'DeliveryStreamFromEventsRole')).toEqual(
    [
      ...on(S3, 'bucket:archive.Arn'),
      ...on(S3, 'bucket:archive.Arn/*'),
      ...on(KINESIS, 'stream:events.Arn'),
      ...on(['kms:Decrypt'], 'key:records.Arn'),
      ...on(['logs:PutLogEvents'], 'arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:log-group:own-logs:log-stream:*'),
    ].sort(),
  );
  const key = statements('DeliveryStreamFromEventsRole').find((s) => s.Sid === 'KinesisSourceKey')!;
  expect(tracer.trace(FILE, (key.Condition as any).StringEquals['kms:ViaService'])).toBe('kinesis.AWS::Region.amazonaws.com');
  const role = tracer.template(FILE).Resources!.DeliveryStreamFromEventsRole.Properties as any;
  expect(tracer.trace(FILE, role.PermissionsBoundary)).toBe('arn:AWS::Partition:iam::AWS::AccountId:policy/boundary');
  const p = resource('DeliveryStreamFromEvents').Properties as any;
  expect(p.S3DestinationConfiguration.CloudWatchLoggingOptions).toEqual({ Enabled: true, LogGroupName: 'own-logs', LogStreamName: 's3' });
  expect(p.DeliveryStreamEncryptionConfigurationInput).toBeUndefined();
  expect(tracer.template(FILE).Resources!.DeliveryStreamFromEventsLogGroup).toBeUndefined();
});

test('kept: the role written, no role or log group created', () => {
  const p = resource('DeliveryStreamKept').Properties as any;
  expect(p.ExtendedS3DestinationConfiguration).toEqual({ BucketARN: 'arn:aws:s3:::elsewhere', RoleARN: KEPT_ROLE });
  const ids = Object.keys(tracer.template(FILE).Resources!);
  expect(ids.filter((id) => id.startsWith('DeliveryStreamKept'))).toEqual(['DeliveryStreamKept']);
});

test('producers: exactly PutRecord and PutRecordBatch on the stream ARN, and its name; nothing else of firehose', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole').filter((p) => p.includes('firehose:'))).toEqual(on(PRODUCER, 'deliveryStream:clicks.Arn'));
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['CLICKS=deliveryStream:clicks.Ref', 'CLICKS_ARN=deliveryStream:clicks.Arn']);
  expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole').filter((p) => p.includes('firehose:'))).toEqual(on(PRODUCER, SHARED));
  expect(containerVariables(tracer, tracer.familyFile('Worker'), 'worker')).toEqual(['SHARED=shared']);
});
