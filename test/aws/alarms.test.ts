/**
 * x-alarms read from the rendered templates: metric alarms with the declared metric, dimensions,
 * threshold and actions to x-sns topics; predefined alarms on a dead-letter queue, a database and
 * a service (Container Insights metric math in the family's stack); a composite alarm on the
 * others; no IAM role or policy for any of it; zero validator errors.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

const watched = yaml`
  services:
    worker:
      image: public.ecr.aws/a/worker:1
      x-alarms:
        Predefined:
          RunningTasksBelowDesired:
            Topics: [{x-sns: alerts, NotifyOn: alarm}]
            Settings: {EvaluationPeriods: 3}
  x-sqs:
    jobs:
      Properties: {RedrivePolicy: {deadLetterTargetArn: "x-sqs::jobs-dlq", maxReceiveCount: 5}}
      Services: {worker: {Access: Consumer}}
    jobs-dlq: {}
  x-sns:
    alerts: {}
  x-alarms:
    jobs-backlog:
      Properties:
        Namespace: AWS/SQS
        MetricName: ApproximateNumberOfMessagesVisible
        Dimensions: [{Name: QueueName, Value: "x-sqs::jobs"}]
        Statistic: Maximum
        Period: 300
        EvaluationPeriods: 2
        Threshold: 1000
        ComparisonOperator: GreaterThanThreshold
      Topics: [{x-sns: alerts}, {TopicArn: "arn:aws:sns:eu-west-1:123456789012:pager", NotifyOn: alarm}]
    jobs-dlq:
      MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs-dlq"}
      Topics: [{x-sns: alerts}]
    worker-cpu:
      Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 5, Threshold: 90, ComparisonOperator: GreaterThanThreshold}
      Services: {worker: {}}
      Topics: [{x-sns: alerts, NotifyOn: okay}]
    jobs-stuck:
      Properties: {AlarmRule: "ALARM(jobs-backlog) AND ALARM(jobs-dlq)", AlarmDescription: both}
      Topics: [{x-sns: alerts, NotifyOn: all}]
`;

describe('alarms', () => {
  const result = render(watched);
  const file = (logicalId: string) => result.files.find((f) => f.logicalId === logicalId)!;
  const alarm = (stack: string, id: string) => file(stack).template.Resources![id];
  const alertsArn = { Ref: 'TopicAlertsArn' };

  test('a metric alarm as declared, its dimension the queue name, its actions the topics', () => {
    expect(alarm('AlarmsStack', 'AlarmJobsBacklog')).toEqual({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { Ref: 'QueueJobsQueueName' } }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 2,
        Threshold: 1000,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [alertsArn, 'arn:aws:sns:eu-west-1:123456789012:pager'], // no NotifyOn: ALARM only, as in ECS ComposeX
      },
    });
  });

  test('the predefined dead-letter alarm: any visible message on the dead-letter queue', () => {
    expect(alarm('AlarmsStack', 'AlarmJobsDlq').Properties).toEqual({
      AlarmDescription: 'composex: a dead-letter queue holds messages (x-sqs::jobs-dlq)',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: [{ Name: 'QueueName', Value: { Ref: 'QueueJobsDlqQueueName' } }],
      AlarmActions: [alertsArn],
    });
  });

  test('a composite alarm on the two, by their ARNs', () => {
    expect(alarm('AlarmsStack', 'AlarmJobsStuck').Properties).toEqual({
      AlarmDescription: 'both',
      AlarmRule: { 'Fn::Sub': 'ALARM("${AlarmJobsBacklog.Arn}") AND ALARM("${AlarmJobsDlq.Arn}")' },
      AlarmActions: [alertsArn],
      OKActions: [alertsArn],
    });
  });

  test('service alarms live in the family stack, with its cluster and service', () => {
    const family = file('FamilyWorkerStack').template.Resources!;
    const ids = Object.keys(family).filter((id) => family[id].Type === 'AWS::CloudWatch::Alarm').sort();
    expect(ids).toEqual(['AlarmWorkerCpu', 'AlarmWorkerWorkerRunningTasksBelowDesired']);
    const ecsDimensions = [
      { Name: 'ClusterName', Value: { Ref: 'ClusterName' } },
      { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Service', 'Name'] } },
    ];
    expect(family.AlarmWorkerCpu.Properties).toMatchObject({ MetricName: 'CPUUtilization', Threshold: 90, Dimensions: ecsDimensions, OKActions: [alertsArn] });
    expect(family.AlarmWorkerCpu.Properties!.AlarmActions).toBeUndefined();
    const below = family.AlarmWorkerWorkerRunningTasksBelowDesired.Properties!;
    expect(below).toEqual({
      AlarmDescription: 'composex: the service runs fewer tasks than it wants (worker)',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 5,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      Metrics: [
        { Id: 'desired', MetricStat: { Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'DesiredTaskCount', Dimensions: ecsDimensions }, Period: 60, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'running', MetricStat: { Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Dimensions: ecsDimensions }, Period: 60, Stat: 'Minimum' }, ReturnData: false },
        { Id: 'missing', Expression: 'desired - running', Label: 'tasks missing', ReturnData: true },
      ],
      AlarmActions: [alertsArn],
    });
  });

  test('no role or policy is created for alarms: the same IAM resources as without them', () => {
    const plain = render(watched.replace(/x-alarms:[\s\S]*$/, '').replace(/ *x-alarms:\n(?: {8}.*\n)+/, ''));
    const iam = (r: typeof result) => [...resourcesOf(r, 'AWS::IAM::Role'), ...resourcesOf(r, 'AWS::IAM::Policy'), ...resourcesOf(r, 'AWS::IAM::ManagedPolicy'), ...resourcesOf(r, 'AWS::SNS::TopicPolicy')].map((x) => `${x.file}#${x.id}`).sort();
    expect(resourcesOf(plain, 'AWS::CloudWatch::Alarm')).toEqual([]);
    expect(iam(result)).toEqual(iam(plain));
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test('database alarms: CPU on the instance, free storage', () => {
  const result = render(yaml`
    services:
      api: {image: public.ecr.aws/a/api:1}
    x-rds:
      main:
        Properties: {Engine: postgres, EngineVersion: "16.4"}
        Services: {api: {Access: RW}}
    x-sns:
      alerts: {}
    x-alarms:
      db-cpu:
        MacroParameters: {Predefined: DatabaseHighCpu, Resource: "x-rds::main"}
        Properties: {Threshold: 90}
        Topics: [{x-sns: alerts}]
      db-storage:
        MacroParameters: {Predefined: DatabaseLowFreeStorage, Resource: "x-rds::main"}
        Topics: [{x-sns: alerts}]
  `);
  const alarms = result.files.find((f) => f.logicalId === 'AlarmsStack')!.template.Resources!;
  expect(alarms.AlarmDbCpu.Properties).toMatchObject({ Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Threshold: 90, Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: 'DatabaseMainDBInstanceIdentifier' } }] });
  expect(alarms.AlarmDbStorage.Properties).toMatchObject({ MetricName: 'FreeStorageSpace', Threshold: 2147483648, ComparisonOperator: 'LessThanThreshold' });
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});
