/**
 * FireLens at the resolve stage: the log router a family gets (firelens-router.ts), each output's
 * options and the task-role statements it needs (firelens-outputs.ts), the diagnostics of
 * x-logging.FireLens; and ECS ComposeX's compute platform label (CX3952).
 */
import { classifyValue } from '../../src/compose/key-classify';
import { SERVICE_KEYS } from '../../src/compose/keys';
import { pos, resolve } from './fixtures';

const on = (x: string) => `services:\n  web:\n    image: web\n    ${x}\n`;

const routerOf = (yaml: string) => resolve(yaml).model?.families[0].logRouter;

describe('x-logging.FireLens and logging.driver awsfirelens (resolve)', () => {
  test('Shorthands.ReplaceAwsLogs: true: the container logs through the router to the family log group (cloudwatch output)', () => {
    const yaml = on('x-logging: {RetentionInDays: 7, FireLens: {Shorthands: {ReplaceAwsLogs: true}}}');
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics).toEqual([]);
    const family = model!.families[0];
    expect(family.logRetentionDays).toBe(7);
    expect(family.containers[0].firelens?.options).toEqual([
      { name: 'Name', value: { text: 'cloudwatch' } },
      { name: 'log_group_name', value: { ref: 'logGroup' } },
      { name: 'log_stream_prefix', value: { text: 'web' } },
      { name: 'region', value: { ref: 'region' } },
    ]);
    expect(family.containers[0].dependsOn).toEqual([{ containerName: 'log_router', condition: 'START' }]);
    expect(family.logRouter?.statements).toEqual([{ sid: 'FireLensCloudWatchLogs', actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], resources: [{ on: 'logGroup' }] }]);
  });

  test('Shorthands.ReplaceAwsLogs: false adds no router', () => {
    const { model, diagnostics } = resolve(on('x-logging: {FireLens: {Shorthands: {ReplaceAwsLogs: false}}}'));
    expect(diagnostics).toEqual([]);
    expect(model?.families[0].logRouter).toBeUndefined();
  });

  test('ReplaceAwsLogs on a container that already logs with awsfirelens is CX3951 at the key', () => {
    const yaml = on('logging: {driver: awsfirelens}\n    x-logging: {FireLens: {Shorthands: {ReplaceAwsLogs: true}}}');
    expect(resolve(yaml).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3951', pos(yaml, 'ReplaceAwsLogs').line, pos(yaml, 'ReplaceAwsLogs').column]]);
  });

  test.each<[string, string, unknown[]]>([
    ['cloudwatch (the Go plugin) to a named group, auto_create_group, log_retention_days', '{Name: cloudwatch, log_group_name: app-logs, auto_create_group: "true", log_retention_days: 7}', [{ sid: 'FireLensCloudWatchLogs', actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy'], resources: [{ on: 'arn', arn: 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:app-logs:*' }] }]],
    ['cloudwatch_logs (the C plugin) to the family log group', '{Name: cloudwatch_logs}', [{ sid: 'FireLensCloudWatchLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [{ on: 'logGroup' }] }]],
    ['firehose by name in a region', '{Name: firehose, delivery_stream: clicks, region: eu-west-1}', [{ sid: 'FireLensFirehose', actions: ['firehose:PutRecordBatch'], resources: [{ on: 'arn', arn: 'arn:${AWS::Partition}:firehose:eu-west-1:${AWS::AccountId}:deliverystream/clicks' }] }]],
    ['kinesis_streams (inferred from stream)', '{stream: events}', [{ sid: 'FireLensKinesis', actions: ['kinesis:PutRecords'], resources: [{ on: 'arn', arn: 'arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/events' }] }]],
    ['s3 (inferred from bucket), with a role to assume', '{bucket: archive, role_arn: "arn:aws:iam::123456789012:role/logs"}', [
      { sid: 'FireLensS3', actions: ['s3:PutObject'], resources: [{ on: 'arn', arn: 'arn:${AWS::Partition}:s3:::archive/*' }] },
      { sid: 'FireLensAssumeRole', actions: ['sts:AssumeRole'], resources: [{ on: 'arn', arn: 'arn:aws:iam::123456789012:role/logs' }] },
    ]],
  ])('awsfirelens %s: the task role statements name exactly that resource', (_name, options, statements) => {
    const yaml = on(`logging: {driver: awsfirelens, options: ${options}}`);
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics).toEqual([]);
    expect(model!.families[0].logRouter?.statements).toEqual(statements);
  });

  test('an output composex knows nothing of is passed on and warned (CX3953); options without a Name to infer are CX3954', () => {
    const datadog = on('logging: {driver: awsfirelens, options: {Name: datadog, Host: http-intake.logs.datadoghq.com}}');
    const r = resolve(datadog);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['CX3953', pos(datadog, 'datadog').line, pos(datadog, 'datadog').column]]);
    expect(r.model!.families[0].logRouter?.statements).toEqual([]);
    const none = on('logging: {driver: awsfirelens, options: {Match: "*"}}');
    expect(resolve(none).diagnostics.map((d) => d.code)).toEqual(['CX3954']);
  });

  test('x-kinesis_firehose:: of a stream not declared is CX3954 with a suggestion', () => {
    const yaml = on('logging: {driver: awsfirelens, options: {delivery_stream: "x-kinesis_firehose::nope"}}');
    expect(resolve(yaml).diagnostics.map((d) => d.code)).toEqual(['CX3954']);
  });

  test('FirelensConfiguration is not read (CX3950); a service port on 24224 clashes with the router (CX3955)', () => {
    expect(resolve(on('x-logging: {FireLens: {Shorthands: {FirelensConfiguration: {Type: fluentbit}}}}')).diagnostics.map((d) => d.code)).toEqual(['CX3950']);
    const clash = on('logging: {driver: awsfirelens}\n    expose: ["24224"]');
    expect(resolve(clash).diagnostics.map((d) => d.code)).toContain('CX3955');
  });

  test('the router: AWS for Fluent Bit pinned, 0.1 vCPU, 64 MiB (32 reserved), enable-ecs-log-metadata', () => {
    const router = routerOf(on('logging: {driver: awsfirelens}'));
    expect(router).toMatchObject({
      name: 'log_router',
      image: expect.stringMatching(/^public\.ecr\.aws\/aws-observability\/aws-for-fluent-bit:\d+\.\d+\.\d+$/),
      cpu: 102,
      memory: 64,
      memoryReservation: 32,
      firelensOptions: [{ name: 'enable-ecs-log-metadata', value: 'true' }],
      services: ['web'],
      mounts: [],
    });
  });

  test('Advanced: the router reads its configuration file (config-file-type file) from a volume the init container fills; memory from LogDriverBufferLimit', () => {
    const yaml = on('x-logging: {FireLens: {Advanced: {GracePeriod: 200, LogDriverBufferLimit: 134217728, ParserFiles: [/fluent-bit/parsers/parsers.conf], EnvironmentVariables: {LEVEL: debug}}}}');
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['CX3956', pos(yaml, '200').line, pos(yaml, '200').column],
      ['CX3958', pos(yaml, '/fluent-bit/parsers').line, pos(yaml, '/fluent-bit/parsers').column],
    ]);
    const family = model!.families[0];
    expect(family.logRouter).toMatchObject({
      memory: 128,
      firelensOptions: [
        { name: 'config-file-type', value: 'file' },
        { name: 'config-file-value', value: '/fluent-bit/etc/composex/firelens.conf' },
        { name: 'enable-ecs-log-metadata', value: 'true' },
      ],
      environment: [{ name: 'AWS_REGION', value: { ref: 'region' } }, { name: 'LEVEL', value: { text: 'debug' } }],
      mounts: [{ kind: 'secrets', containerPath: '/fluent-bit/etc/composex', readOnly: true }],
      waitsFor: family.secretsInit?.name,
      services: [],
    });
    expect(family.secrets).toEqual(['firelens:web']);
    const secret = model!.secrets.find((s) => s.name === 'firelens:web');
    expect(secret?.source).toEqual({ kind: 'content', content: '[SERVICE]\n    Flush 1\n    Grace 120\n\n[SERVICE]\n    Parsers_File /fluent-bit/parsers/parsers.conf\n' });
    expect(family.taskSize).toEqual({ cpu: 256, memory: 512 });
  });

  test('a SourceFile that cannot be read is CX3957; a service named log_router leaves the router log_router-2', () => {
    const yaml = on('x-logging: {FireLens: {Advanced: {SourceFile: missing.conf}}}');
    expect(resolve(yaml).diagnostics.map((d) => [d.code, d.line])).toEqual([['CX3957', pos(yaml, 'missing.conf').line]]);
    const named = 'services:\n  web:\n    image: web\n    logging: {driver: awsfirelens}\n    deploy: {labels: {ecs.task.family: app}}\n  log_router:\n    image: other\n    deploy: {labels: {ecs.task.family: app}}\n';
    const router = resolve(named).model!.families[0].logRouter;
    expect([router?.name, router?.services]).toEqual(['log_router-2', ['web']]);
  });

  test('an unknown key under FireLens is CX3301 with a suggestion', () => {
    const yaml = on('x-logging: {FireLens: {ShortHands: {ReplaceAwsLogs: true}}}');
    expect(resolve(yaml).diagnostics).toEqual([expect.objectContaining({ code: 'CX3301', ...pos(yaml, 'ShortHands'), hint: "did you mean 'Shorthands'?" })]);
  });
});

describe('logging.driver awsfirelens (the key table)', () => {
  const logging = SERVICE_KEYS.logging;
  test('awsfirelens is mapped (through the log router); other drivers keep their rule', () => {
    expect(classifyValue(logging, { driver: 'awsfirelens', options: { Name: 'kinesis_firehose', delivery_stream: 's' } }).map((f) => f.class)).toEqual(['mapped']);
    expect(classifyValue(logging, { driver: 'json-file' }).map((f) => [f.at, f.class, f.reason.slice(0, 40)])).toEqual([[['driver'], 'ignored', 'composex sends container logs to CloudWa']]);
    expect(classifyValue(logging, { driver: 'awslogs' }).map((f) => f.class)).toEqual(['mapped']);
  });
});

test.each([
  ['EXTERNAL', 1],
  ['EC2', 1],
  ['FARGATE', 0],
])('deploy.labels.ecs.compute.platform: %s', (value, warned) => {
  const yaml = on(`deploy: {labels: {ecs.compute.platform: ${value}}}`);
  const { model, diagnostics } = resolve(yaml);
  expect(model).toBeDefined();
  expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`)).toEqual(warned ? [`warning CX3952 ${pos(yaml, value).line}:${pos(yaml, value).column}`] : []);
  if (warned) expect(diagnostics[0].message).toContain(`asks for the ${value} compute platform`);
});
