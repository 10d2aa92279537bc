/**
 * Queue-depth scaling (x-sqs `Scaling`) read from the rendered templates: the alarm on the queue's
 * visible messages in the scaled family's stack, the step policy its ALARM action runs (the steps
 * shifted by the threshold, as AWS defines step bounds), the reset policy of its OK and
 * INSUFFICIENT_DATA actions, both on the family's scalable target, and the queue name passed in.
 */
import { loadAndCompile } from '../../src/compile';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

const project = yaml`
  services:
    api:
      image: public.ecr.aws/a/api:1
    worker:
      image: public.ecr.aws/a/worker:1
      x-scaling: {Range: "0-10"}
  x-sqs:
    jobs:
      Services:
        api: {Access: Producer}
        worker:
          Access: Consumer
          Scaling:
            Steps:
              - {LowerBound: 5, UpperBound: 100, Count: 1}
              - {LowerBound: 100, UpperBound: 1000, Count: 4}
              - {LowerBound: 1000, Count: 10}
            ScaleOutCooldown: 30
            ScaleInCooldown: 600
`;

describe('a worker scaled on its queue', () => {
  const result = render(project);
  const workerFile = result.files.find((f) => f.logicalId === 'FamilyWorkerStack')!;
  const resources = workerFile.template.Resources!;

  test('the alarm watches the visible messages of the queue, by its name, from the first step', () => {
    expect(resourcesOf(result, 'AWS::CloudWatch::Alarm').map((a) => `${a.file}#${a.id}`)).toEqual([`${workerFile.path}#QueueScalingJobsAlarm`]);
    expect(resources.QueueScalingJobsAlarm.Properties).toEqual({
      AlarmDescription: 'composex: tasks of family worker from the visible messages of queue jobs',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { Ref: 'QueueJobsQueueName' } }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5,
      TreatMissingData: 'notBreaching',
      ActionsEnabled: true,
      AlarmActions: [{ Ref: 'QueueScalingJobsOutPolicy' }],
      OKActions: [{ Ref: 'QueueScalingJobsInPolicy' }],
      InsufficientDataActions: [{ Ref: 'QueueScalingJobsInPolicy' }],
    });
  });

  test('the queue name comes from the queue stack, through the root', () => {
    const root = result.files.find((f) => f.template.Resources?.FamilyWorkerStack)!;
    const parameters = (root.template.Resources!.FamilyWorkerStack.Properties as { Parameters: Record<string, unknown> }).Parameters;
    expect(JSON.stringify(parameters.QueueJobsQueueName)).toMatch(/QueueJobsQueueName/);
    expect((workerFile.template.Parameters as Record<string, unknown>).QueueJobsQueueName).toEqual({ Type: 'String' });
    const queueFile = result.files.find((f) => f.template.Resources?.QueueJobs)!;
    expect((queueFile.template.Outputs as Record<string, { Value: unknown }>).QueueJobsQueueName.Value).toEqual({ 'Fn::GetAtt': ['QueueJobs', 'QueueName'] });
  });

  test('scale out: ExactCapacity from the step the depth falls in, bounds relative to the threshold', () => {
    expect(resources.QueueScalingJobsOutPolicy.Properties).toEqual({
      PolicyName: 'worker-queue-jobs-out',
      PolicyType: 'StepScaling',
      ScalingTargetId: { Ref: 'ScalableTarget' },
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ExactCapacity',
        Cooldown: 30,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 95, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 95, MetricIntervalUpperBound: 995, ScalingAdjustment: 4 },
          { MetricIntervalLowerBound: 995, ScalingAdjustment: 10 },
        ],
      },
    });
  });

  test('scale in: the reset to the range minimum (0 here), on the same scalable target', () => {
    expect(resources.QueueScalingJobsInPolicy.Properties).toEqual({
      PolicyName: 'worker-queue-jobs-in',
      PolicyType: 'StepScaling',
      ScalingTargetId: { Ref: 'ScalableTarget' },
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ExactCapacity',
        Cooldown: 600,
        StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }],
      },
    });
    expect(resources.ScalableTarget.Properties).toMatchObject({ MinCapacity: 0, MaxCapacity: 10 });
  });

  test('only the scaled family gets policies; the producer none', () => {
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').map((p) => `${p.file}#${p.id}`).sort();
    expect(policies).toEqual([`${workerFile.path}#QueueScalingJobsInPolicy`, `${workerFile.path}#QueueScalingJobsOutPolicy`].sort());
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test('a looked-up queue: its name from the ARN, written in the alarm; cooldowns default to 60', () => {
  const result = render(yaml`
    services:
      worker: {image: public.ecr.aws/a/worker:1, x-scaling: {Range: "1-3"}}
    x-sqs:
      legacy:
        Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:legacy-jobs.fifo"}
        Services:
          worker: {Access: Consumer, Scaling: {Steps: [{LowerBound: 1, UpperBound: 20, Count: 2}, {LowerBound: 20, Count: 3}]}}
  `);
  const worker = result.files.find((f) => f.logicalId === 'FamilyWorkerStack')!.template.Resources!;
  const alarm = worker.QueueScalingLegacyAlarm.Properties as Record<string, unknown>;
  expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: 'legacy-jobs.fifo' }]);
  expect(alarm.Threshold).toBe(1);
  expect((worker.QueueScalingLegacyOutPolicy.Properties as Record<string, Record<string, unknown>>).StepScalingPolicyConfiguration).toEqual({
    AdjustmentType: 'ExactCapacity',
    Cooldown: 60,
    StepAdjustments: [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 19, ScalingAdjustment: 2 },
      { MetricIntervalLowerBound: 19, ScalingAdjustment: 3 },
    ],
  });
  expect((worker.QueueScalingLegacyInPolicy.Properties as Record<string, Record<string, unknown>>).StepScalingPolicyConfiguration.Cooldown).toBe(60);
  // a minimum of 1: the reset asks for 0 and Application Auto Scaling keeps the target's MinCapacity
  expect(worker.ScalableTarget.Properties).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});
