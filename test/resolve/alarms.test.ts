/** x-alarms read by resolve: where each alarm lives, its actions, and every malformed case located. */
import { pos, resolve, resolveOk } from './fixtures';

const base = `
services:
  api: {image: api}
x-sqs:
  jobs: {Properties: {RedrivePolicy: {deadLetterTargetArn: "x-sqs::dlq", maxReceiveCount: 3}}, Services: {api: {Access: Producer}}}
  dlq: {}
x-sns:
  alerts: {}
`;

describe('x-alarms', () => {
  test('a topic alarms notify is used (no CX3612); actions by NotifyOn; project alarms have no family', () => {
    const { model, diagnostics } = resolve(`${base}
x-alarms:
  dlq:
    MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::dlq"}
    Topics: [{x-sns: alerts, NotifyOn: okay}, alerts]
`);
    expect(diagnostics.map((d) => d.code)).toEqual([]);
    expect(model!.alarms!.map(({ name, logicalId, family, actions, dimensions }) => ({ name, logicalId, family, actions, dimensions }))).toEqual([
      {
        name: 'dlq',
        logicalId: 'AlarmDlq',
        family: undefined,
        actions: [
          { on: 'ok', topic: { sns: 'alerts' } },
          { on: 'alarm', topic: { sns: 'alerts' } }, // NotifyOn not written: ALARM only, as in ECS ComposeX
        ],
        dimensions: [{ name: 'QueueName', resource: { kind: 'queue', name: 'dlq', attribute: 'QueueName' } }],
      },
    ]);
  });

  test('Services: one alarm per family, in its stack, with the ECS dimensions', () => {
    const model = resolveOk(`${base}
x-alarms:
  cpu:
    Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: GreaterThanThreshold}
    Services: {api: {}}
`);
    expect(model.alarms!.map((a) => [a.family, a.dimensions])).toEqual([['api', [{ name: 'ClusterName', ecs: 'cluster' }, { name: 'ServiceName', ecs: 'service' }]]]);
  });

  const cases: [string, string, string, string, string][] = [
    ['a property composex sets', `{Properties: {AlarmActions: [x], Namespace: A, MetricName: B, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}}`, 'CX3342', 'x-alarms.a.Properties.AlarmActions is set by composex from Topics', 'AlarmActions'],
    ['an unknown property', `{Properties: {Treshold: 1, Namespace: A, MetricName: B, EvaluationPeriods: 1, ComparisonOperator: GreaterThanThreshold}}`, 'CX3342', "AWS::CloudWatch::Alarm has no property 'Treshold'", 'Treshold'],
    ['no threshold', `{Properties: {Namespace: A, MetricName: B, EvaluationPeriods: 1, ComparisonOperator: GreaterThanThreshold}}`, 'CX3342', 'x-alarms.a.Properties lacks Threshold: CloudWatch cannot evaluate the alarm', 'Properties: {Namespace: A, MetricName: B, EvaluationPeriods: 1, Comp'],
    ['nothing to watch', `{Topics: [{x-sns: alerts}]}`, 'CX3342', 'x-alarms.a has neither Properties nor MacroParameters: nothing says what it watches', 'a:'],
    ['an unknown topic', `{MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::dlq"}, Topics: [{x-sns: alert}]}`, 'CX3603', "x-sns has no topic 'alert'", 'alert}'],
    ['a bad NotifyOn', `{MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::dlq"}, Topics: [{x-sns: alerts, NotifyOn: always}]}`, 'CX3342', 'NotifyOn "always" is none of all, alarm, okay', 'always'],
    ['a queue that is no dead-letter queue', `{MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs"}}`, 'CX3342', "queue 'jobs' is no queue's dead-letter queue (RedrivePolicy), so 'DeadLetterQueueNotEmpty' would watch an ordinary queue", '"x-sqs::jobs"'],
    ['an unknown predefined alarm', `{MacroParameters: {Predefined: DLQNotEmpty, Resource: "x-sqs::dlq"}}`, 'CX3342', "'DLQNotEmpty' is not a predefined alarm of a resource", 'DLQNotEmpty'],
    ['a dimension naming an unknown queue', `{Properties: {Namespace: AWS/SQS, MetricName: B, Dimensions: [{Name: QueueName, Value: "x-sqs::job"}], EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}}`, 'CX3603', "x-sqs has no resource 'job'", '"x-sqs::job"'],
    ['scaling on the alarm without Steps', `{Properties: {Namespace: A, MetricName: B, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}, Services: {api: {Scaling: {}}}}`, 'CX3322', 'x-alarms.a.Services.api.Scaling has no Steps', 'Scaling'],
    ['a composite rule naming no alarm of x-alarms', `{Properties: {AlarmRule: "ALARM(other)"}}`, 'CX3342', "the rule refers to 'other', which is no x-alarms alarm of the Alarms stack", '"ALARM(other)"'],
  ];
  test.each(cases)('%s', (_name, alarm, code, message, marker) => {
    const yaml = `${base}x-alarms:\n  a: ${alarm}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    // CX3612: the topic no alarm of these cases notifies
    expect(diagnostics.filter((d) => d.code !== 'CX3612').map(({ code, message, line, column }) => ({ code, message, line, column }))).toEqual([{ code, message, ...(({ line, column }) => ({ line, column }))(pos(yaml, marker)) }]);
  });

  test('a topic on the AWS managed key is refused (CX3343), one on a customer key warned (CX3345)', () => {
    const alarm = `x-alarms:\n  a: {MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::dlq"}, Topics: [{x-sns: alerts}]}\n`;
    const managed = resolve(base.replace('alerts: {}', 'alerts: {Properties: {KmsMasterKeyId: alias/aws/sns}}') + alarm);
    expect(managed.diagnostics.map((d) => d.code)).toEqual(['CX3343']);
    const customer = resolve(base.replace('alerts: {}', 'alerts: {Properties: {KmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}') + alarm);
    expect(customer.model).toBeDefined();
    expect(customer.diagnostics.map((d) => d.code)).toEqual(['CX3345']);
    expect(customer.diagnostics[0].hint ?? '').toContain('cloudwatch.amazonaws.com');
  });

  test('a predefined service alarm with Container Insights off is refused (CX3344); unknown names have a did-you-mean', () => {
    const service = (alarms: string, extra = '') => `services:\n  api: {image: api, x-alarms: {Predefined: {${alarms}}}}\nx-sns:\n  alerts: {}\n${extra}`;
    const off = service('RunningTasksBelowDesired: {Topics: [{x-sns: alerts}]}', 'x-cluster: {ContainerInsights: false}\n');
    expect(resolve(off).diagnostics.map((d) => [d.code, d.line])).toEqual([['CX3344', pos(off, 'RunningTasksBelowDesired').line]]);
    const typo = service('RunningTaskBelowDesired: {}');
    const d = resolve(typo).diagnostics.filter((x) => x.code !== 'CX3612');
    expect(d.map((x) => [x.code, x.message, (x.hint ?? '').startsWith("did you mean 'RunningTasksBelowDesired'?")])).toEqual([['CX3342', "'RunningTaskBelowDesired' is not a predefined service alarm composex creates", true]]);
  });
});
