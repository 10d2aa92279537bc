/**
 * x-kinesis in the resolve stage: mistakes and weakened defaults are errors at their position with
 * a hint (retention outside 24–8760 hours, shard count and stream mode that CloudFormation would
 * refuse, encryption other than KMS, an unknown x-kms key, ECS ComposeX's KCL helper, a Lookup that
 * needs AWS calls), and valid declarations become exactly the grants they say: the stream, its
 * fan-out consumers, and the KMS actions of the level on a customer key.
 */
import { KINESIS_ACCESS } from '../../src/resolve/resources/access';
import { errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;


describe('a provisioned stream without ShardCount', () => {
  test('gets 1 shard, as in ECS ComposeX, with a warning at StreamModeDetails (CX3349); ShardCount given: no warning', () => {
    const text = `${SERVICES}x-kinesis:\n  s:\n    Properties: {StreamModeDetails: {StreamMode: PROVISIONED}}\n    Services: {api: {Access: Producer}}\n  t:\n    Properties: {ShardCount: 3, StreamModeDetails: {StreamMode: PROVISIONED}}\n    Services: {api: {Access: Consumer}}\n`;
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    const at = pos(text, 'StreamModeDetails');
    expect(warnings.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['CX3349', at.line, at.column, "stream 's' is provisioned and gives no ShardCount: composex gives it 1 shard, as ECS ComposeX does (Kinesis needs the shard count of a provisioned stream)"],
    ]);
    expect(warnings[0].hint).toMatch(/ShardCount: 1 to keep this, or use StreamMode: ON_DEMAND/);
    expect(model!.resources.stream.map((s) => [s.name, s.properties.ShardCount])).toEqual([
      ['s', 1],
      ['t', 3],
    ]);
  });
});

describe('x-kinesis mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string?]>([
    [
      'retention under 24 hours',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {RetentionPeriodHours: 12}\n    Services: {api: {Access: Producer}}\n`,
      'CX3690',
      "RetentionPeriodHours of stream 's' must be a whole number of hours from 24 to 8760",
      '12}',
    ],
    [
      'retention over a year',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {RetentionPeriodHours: 8761}\n    Services: {api: {Access: Producer}}\n`,
      'CX3690',
      "RetentionPeriodHours of stream 's' must be a whole number of hours from 24 to 8760",
      '8761',
    ],
    [
      'ShardCount on an on-demand stream',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {ShardCount: 2, StreamModeDetails: {StreamMode: ON_DEMAND}}\n    Services: {api: {Access: Producer}}\n`,
      'CX3691',
      "stream 's' is on demand and sets ShardCount",
      'ShardCount',
    ],
    [
      'zero shards',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {ShardCount: 0}\n    Services: {api: {Access: Producer}}\n`,
      'CX3691',
      "ShardCount of stream 's' must be a whole number of at least 1",
      '0}',
    ],
    [
      'an unknown stream mode',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {StreamModeDetails: {StreamMode: SERVERLESS}}\n    Services: {api: {Access: Producer}}\n`,
      'CX3691',
      "StreamMode of stream 's' must be ON_DEMAND or PROVISIONED",
      'SERVERLESS',
    ],
    [
      'encryption other than KMS',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {StreamEncryption: {EncryptionType: NONE}}\n    Services: {api: {Access: Producer}}\n`,
      'CX3606',
      "stream 's' would not be encrypted with KMS",
      'NONE',
    ],
    [
      'an x-kms key that does not exist (did you mean)',
      `${SERVICES}x-kms:\n  events: {}\nx-kinesis:\n  s:\n    Properties: {StreamEncryption: {KeyId: x-kms::event}}\n    Services: {api: {Access: Producer}}\n`,
      'CX3603',
      "x-kinesis.s.Properties.StreamEncryption.KeyId names key 'event', which is not under x-kms",
      'x-kms::event',
      "did you mean 'events'?",
    ],
    [
      'an invalid stream name',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {Name: "my stream"}\n    Services: {api: {Access: Producer}}\n`,
      'CX3601',
      "'my stream' is not a valid stream name",
      '"my stream"',
    ],
    [
      'an unknown CloudFormation property (did you mean)',
      `${SERVICES}x-kinesis:\n  s:\n    Properties: {ShardCont: 2}\n    Services: {api: {Access: Producer}}\n`,
      'CX3605',
      "AWS::Kinesis::Stream has no property 'ShardCont'",
      'ShardCont',
      "did you mean 'ShardCount'?",
    ],
    [
      'an unknown access level (did you mean)',
      `${SERVICES}x-kinesis:\n  s:\n    Services: {api: {Access: Produce}}\n`,
      'CX3602',
      "'Produce' is not an access level of a Kinesis stream",
      'Produce}',
      "did you mean 'Producer'?",
    ],
    [
      'a wildcard as a level',
      `${SERVICES}x-kinesis:\n  s:\n    Services: {api: {Access: "kinesis:*"}}\n`,
      'CX3602',
      "'kinesis:*' is not an access level of a Kinesis stream",
      '"kinesis:*"',
    ],
    [
      "ECS ComposeX's KCL helper (DynamoDB and CloudWatch beyond the project)",
      `${SERVICES}x-kinesis:\n  s:\n    MacroParameters: {SetupIAMForKCL: {worker: true}}\n    Services: {api: {Access: Producer}}\n`,
      'CX3631',
      "MacroParameters.SetupIAMForKCL of stream 's' would grant DynamoDB and CloudWatch beyond this project's resources",
      'SetupIAMForKCL',
    ],
    [
      'a Lookup by tags without composex.lock.json',
      `${SERVICES}x-kinesis:\n  s:\n    Lookup: {Tags: [{name: s}]}\n    Services: {api: {Access: Consumer}}\n`,
      'CX3680',
      'x-kinesis.s Lookup needs composex.lock.json, which is not there (composex renders offline)',
      'Lookup',
    ],
    [
      'a Lookup by Arn and Name',
      `${SERVICES}x-kinesis:\n  s:\n    Lookup: {Arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/s", Name: s}\n    Services: {api: {Access: Consumer}}\n`,
      'CX3608',
      'an Arn names one stream: give it alone',
      'Arn',
    ],
    [
      'a Lookup ARN of another service',
      `${SERVICES}x-kinesis:\n  s:\n    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:s"}\n    Services: {api: {Access: Consumer}}\n`,
      'CX3608',
      "'arn:aws:sqs:eu-west-1:123456789012:s' is not the ARN of a Kinesis data stream",
      '"arn:aws:sqs',
    ],
  ])('%s', (_name, yaml, code, message, marker, ...rest) => expectOneError(yaml, code, message, marker, rest[0]));

  test('retention at both limits and a provisioned stream with shards are accepted', () => {
    for (const properties of ['{RetentionPeriodHours: 24}', '{RetentionPeriodHours: 8760}', '{ShardCount: 4, StreamModeDetails: {StreamMode: PROVISIONED}}', '{StreamModeDetails: {StreamMode: ON_DEMAND}}']) {
      expect(errorsOf(`${SERVICES}x-kinesis:\n  s:\n    Properties: ${properties}\n    Services: {api: {Access: Producer}}\n`).errors).toEqual([]);
    }
  });
});

describe('x-kinesis grants', () => {
  test('each level on the stream and its fan-out consumers; the stream name in <NAME>', () => {
    const model = resolveOk(`${SERVICES}x-kinesis:\n  events:\n    Services:\n      api: {Access: Producer}\n      jobs: {Access: Consumer, ReturnValues: {Arn: EVENTS_ARN, StreamId: EVENTS_NAME}}\n`);
    const [api, jobs] = model.grants;
    expect(api).toMatchObject({
      kind: 'stream',
      family: 'api',
      access: 'Producer',
      permissions: [{ scope: { on: 'resource' }, actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'] }],
      environment: [{ name: 'EVENTS', attribute: 'Name' }],
    });
    expect(jobs).toMatchObject({
      family: 'jobs',
      services: ['cron', 'worker'],
      permissions: [
        { scope: { on: 'resource' }, actions: KINESIS_ACCESS.Consumer.on![''] },
        { scope: { on: 'resource', suffix: '/consumer/*' }, actions: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'] },
      ],
      environment: [
        { name: 'EVENTS', attribute: 'Name' },
        { name: 'EVENTS_ARN', attribute: 'Arn' },
        { name: 'EVENTS_NAME', attribute: 'Name' },
      ],
    });
    expect(model.resources.stream[0]).toMatchObject({ name: 'events', properties: {} });
  });

  test('an x-kms key: kept as the stream key (not in its properties), the level KMS actions on it, the key is not unused', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-kms:\n  k: {}\nx-kinesis:\n  events:\n    Properties: {StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::k}}\n    Services:\n      api: {Access: Producer}\n      jobs: {Access: Consumer}\n`);
    expect(warnings).toEqual([]);
    expect(model!.resources.stream[0]).toMatchObject({ kmsKey: 'k', properties: { StreamEncryption: { EncryptionType: 'KMS' } } });
    const kms = (g: NonNullable<typeof model>['grants'][number]) => g.permissions.filter((p) => p.scope.on === 'key');
    expect(model!.grants.map((g) => [g.family, kms(g)])).toEqual([
      ['api', [{ scope: { on: 'key', key: 'k' }, actions: ['kms:GenerateDataKey'] }]],
      ['jobs', [{ scope: { on: 'key', key: 'k' }, actions: ['kms:Decrypt'] }]],
    ]);
  });

  test('the AWS managed key needs no KMS permission; a key alias cannot be scoped (CX3614)', () => {
    const managed = resolveOk(`${SERVICES}x-kinesis:\n  s:\n    Properties: {StreamEncryption: {KeyId: alias/aws/kinesis}}\n    Services: {api: {Access: Producer}}\n`);
    expect(managed.grants[0].permissions.map((p) => p.scope.on)).toEqual(['resource']);
    const yaml = `${SERVICES}x-kinesis:\n  s:\n    Properties: {StreamEncryption: {KeyId: alias/mine}}\n    Services: {api: {Access: Producer}}\n`;
    const { warnings } = errorsOf(yaml);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['CX3614', pos(yaml, 'alias/mine').line]]);
  });

  test('the ECS ComposeX list form and Settings.EnvNames; a stream nobody uses is warned about', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-kinesis:\n  a:\n    Settings: {EnvNames: [STREAM_A]}\n    Services: [{name: api, access: Producer}]\n  b:\n    Properties: {ShardCount: 1}\n`);
    expect(model!.grants.map((g) => [g.resource, g.family, g.access, g.environment])).toEqual([['a', 'api', 'Producer', [{ name: 'STREAM_A', attribute: 'Name' }]]]);
    expect(warnings.map((w) => w.message)).toEqual(["no service may use stream 'b'"]);
  });

  test('a looked-up stream by ARN', () => {
    const model = resolveOk(`${SERVICES}x-kinesis:\n  legacy:\n    Lookup: {Arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/legacy"}\n    Services: {api: {Access: Consumer}}\n`);
    expect(model.resources.stream[0]).toMatchObject({ name: 'legacy', existingArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/legacy' });
  });
});
