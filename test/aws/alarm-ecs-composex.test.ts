/**
 * x-alarms as ECS ComposeX means it, read from the rendered templates: `Services.<name>.Scaling`
 * (two step policies in the family's stack, the alarm's ALARM and OK actions in the Alarms stack
 * through the family stack's outputs), `MacroParameters.ServiceName` (the family's cluster and
 * service names passed to the Alarms stack) and `MacroParameters.CompositeExpression` (a composite
 * alarm on the others' ARNs); zero validator errors.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

const text = yaml`
  services:
    consumer:
      image: public.ecr.aws/a/consumer:1
      x-scaling: {Range: "1-10"}
    api:
      image: public.ecr.aws/a/api:1
  x-alarms:
    lag:
      Properties:
        Namespace: lag-metrics
        MetricName: TotalLag
        Dimensions: [{Name: ConsumerGroup, Value: consumer01}]
        Statistic: Sum
        Period: 60
        EvaluationPeriods: 5
        Threshold: 5
        ComparisonOperator: GreaterThanOrEqualToThreshold
      Topics: [{TopicArn: "arn:aws:sns:eu-west-1:123456789012:pager", NotifyOn: alarm}]
      Services:
        consumer:
          Access: NA
          Scaling:
            ScaleInCooldown: 120
            Steps:
              - {LowerBound: 0, UpperBound: 1000, Count: 1}
              - {LowerBound: 1000, UpperBound: 10000, Count: 3}
    api-cpu:
      Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 5, Threshold: 80, ComparisonOperator: GreaterThanThreshold}
      MacroParameters: {ServiceName: api}
    both:
      MacroParameters:
        CompositeExpression: ALARM(lag) and (OK(api-cpu) or INSUFFICIENT_DATA(api-cpu))
      Topics: [{TopicArn: "arn:aws:sns:eu-west-1:123456789012:pager"}]
`;

describe('x-alarms Scaling, ServiceName and CompositeExpression', () => {
  const result = renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
  const file = (logicalId: string) => result.files.find((f) => f.logicalId === logicalId)!;
  const resources = (logicalId: string) => file(logicalId).template.Resources as Record<string, any>;
  const root = result.files.find((f) => f.path.endsWith('.json') && f.logicalId === undefined) ?? result.files[0];

  test('every template passes the validator', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the family stack holds the two step policies on its scalable target: steps relative to the threshold, the last one open', () => {
    const family = resources('FamilyConsumerStack');
    expect(family.AlarmScalingLagOutPolicy).toEqual({
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: 'consumer-alarm-lag-out',
        PolicyType: 'StepScaling',
        ScalingTargetId: { Ref: 'ScalableTarget' },
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ExactCapacity',
          Cooldown: 60,
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 1000, ScalingAdjustment: 1 },
            { MetricIntervalLowerBound: 1000, ScalingAdjustment: 3 },
          ],
        },
      },
    });
    expect(family.AlarmScalingLagInPolicy.Properties.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ExactCapacity',
      Cooldown: 120,
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }],
    });
    const outputs = file('FamilyConsumerStack').template.Outputs as Record<string, { Value: unknown }>;
    expect(outputs.FamilyConsumerAlarmLagScaleOutPolicy.Value).toEqual({ Ref: 'AlarmScalingLagOutPolicy' });
    expect(outputs.FamilyConsumerAlarmLagScaleInPolicy.Value).toEqual({ Ref: 'AlarmScalingLagInPolicy' });
  });

  test('the alarm is the declared one, in the Alarms stack, its actions the policies (and the topic on ALARM)', () => {
    const alarm = resources('AlarmsStack').AlarmLag;
    expect(alarm.Properties.Dimensions).toEqual([{ Name: 'ConsumerGroup', Value: 'consumer01' }]);
    expect(alarm.Properties.Threshold).toBe(5);
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: 'FamilyConsumerAlarmLagScaleOutPolicy' }, 'arn:aws:sns:eu-west-1:123456789012:pager']);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: 'FamilyConsumerAlarmLagScaleInPolicy' }]);
    const alarmsStack = Object.values(root.template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::CloudFormation::Stack' && JSON.stringify(r).includes('FamilyConsumerAlarmLagScaleOutPolicy'))!;
    expect(alarmsStack.Properties.Parameters.FamilyConsumerAlarmLagScaleOutPolicy).toEqual({ 'Fn::GetAtt': ['FamilyConsumerStack', 'Outputs.FamilyConsumerAlarmLagScaleOutPolicy'] });
  });

  test('ServiceName: the ClusterName and ServiceName of the family, passed to the Alarms stack', () => {
    expect(resources('AlarmsStack').AlarmApiCpu.Properties.Dimensions).toEqual([
      { Name: 'ClusterName', Value: { Ref: 'ClusterName' } },
      { Name: 'ServiceName', Value: { Ref: 'FamilyApiServiceName' } },
    ]);
    expect((file('FamilyApiStack').template.Outputs as Record<string, { Value: unknown }>).FamilyApiServiceName.Value).toEqual({ 'Fn::GetAtt': ['Service', 'Name'] });
  });

  test('CompositeExpression: a composite alarm on the ARNs of the two, in CloudWatch spelling', () => {
    expect(resources('AlarmsStack').AlarmBoth).toEqual({
      Type: 'AWS::CloudWatch::CompositeAlarm',
      Properties: {
        AlarmRule: { 'Fn::Sub': 'ALARM("${AlarmLag.Arn}") AND (OK("${AlarmApiCpu.Arn}") OR INSUFFICIENT_DATA("${AlarmApiCpu.Arn}"))' },
        AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:pager'], // no NotifyOn: ALARM only, as in ECS ComposeX
      },
    });
  });

  test('the warnings say where the meaning differs from ECS ComposeX: the removed UpperBound (CX3352), the kept Scaling and Topics of an alarm a composite names (CX3354)', () => {
    expect(result.warnings.filter((c) => c.startsWith('CX335')).sort()).toEqual(['CX3352', 'CX3354']);
  });
});
