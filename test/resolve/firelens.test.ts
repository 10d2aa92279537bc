/**
 * FireLens: composex adds no log router, so `x-logging.FireLens` is checked and never applied
 * silently (CX3950 where its meaning would be lost, CX3951 where the logs still reach CloudWatch
 * Logs), `logging.driver: awsfirelens` is classified by its output (keys.ts), and ECS ComposeX's
 * compute platform label is warned about (CX3952).
 */
import { classifyValue } from '../../src/compose/key-classify';
import { SERVICE_KEYS } from '../../src/compose/keys';
import { pos, resolve } from './fixtures';

const on = (x: string) => `services:\n  web:\n    image: web\n    ${x}\n`;

describe('x-logging.FireLens', () => {
  test('Shorthands.ReplaceAwsLogs: true is a warning at the key; the service renders with awslogs', () => {
    const yaml = on('x-logging: {RetentionInDays: 7, FireLens: {Shorthands: {ReplaceAwsLogs: true}}}');
    const { model, diagnostics } = resolve(yaml);
    expect(model?.families[0].logRetentionDays).toBe(7);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3951',
        message:
          "x-logging.FireLens.Shorthands.ReplaceAwsLogs is not applied: composex does not add a FireLens log router (Fluent Bit), so the container keeps the awslogs driver; its logs still reach CloudWatch Logs, in the family's log group",
        ...pos(yaml, 'ReplaceAwsLogs'),
        hint: 'remove ReplaceAwsLogs: nothing changes',
      },
    ]);
  });

  test('Shorthands.ReplaceAwsLogs: false says nothing (nothing to apply)', () => {
    expect(resolve(on('x-logging: {FireLens: {Shorthands: {ReplaceAwsLogs: false}}}')).diagnostics).toEqual([]);
  });

  test.each<[string, string, string, string]>([
    ['Advanced', 'x-logging: {FireLens: {Advanced: {SourceFile: extra.conf, GracePeriod: 60}}}', 'Advanced', 'Advanced (GracePeriod, SourceFile)'],
    ['Shorthands.FirelensConfiguration', 'x-logging: {FireLens: {Shorthands: {FirelensConfiguration: {Type: fluentbit}}}}', 'FirelensConfiguration', "FirelensConfiguration (the log router's type and configuration file)"],
  ])('%s is an error at its key, with the way out', (_name, x, marker, what) => {
    const yaml = on(x);
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3950',
        message: `x-logging.FireLens.${what} configures a FireLens log router (Fluent Bit), which composex does not add: its configuration and outputs would be lost, and the logs would go to the family's CloudWatch log group instead`,
        ...pos(yaml, marker),
        hint: expect.stringContaining('add a CloudWatch Logs subscription filter on that log group yourself, or deploy this service with ECS ComposeX'),
      },
    ]);
  });

  test('an unknown key under FireLens is CX3301 with a suggestion', () => {
    const yaml = on('x-logging: {FireLens: {ShortHands: {ReplaceAwsLogs: true}}}');
    expect(resolve(yaml).diagnostics).toEqual([expect.objectContaining({ code: 'CX3301', ...pos(yaml, 'ShortHands'), hint: "did you mean 'Shorthands'?" })]);
  });
});

describe('logging.driver awsfirelens (the key table)', () => {
  const logging = SERVICE_KEYS.logging;
  test.each<[string, unknown, string]>([
    ['no options', { driver: 'awsfirelens' }, 'ignored'],
    ['Name: cloudwatch', { driver: 'awsfirelens', options: { Name: 'cloudwatch', log_group_name: 'g' } }, 'ignored'],
    ['Name: cloudwatch_logs', { driver: 'awsfirelens', options: { Name: 'cloudwatch_logs' } }, 'ignored'],
    ['Name: kinesis_firehose', { driver: 'awsfirelens', options: { Name: 'kinesis_firehose', delivery_stream: 's' } }, 'rejected'],
    ['options without Name', { driver: 'awsfirelens', options: { delivery_stream: 's' } }, 'rejected'],
  ])('%s: classified at the driver', (_name, value, cls) => {
    const found = classifyValue(logging, value);
    expect(found.map((f) => [f.at, f.class])).toEqual([[['driver'], cls]]);
    expect(found[0].reason).toContain('ECS FireLens needs a log router container');
  });

  test('other drivers keep their rule; awslogs is mapped', () => {
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
