/**
 * x-scaling read from the rendered templates: the scalable target on the family's ECS service with
 * the declared range and scheduled actions, one target-tracking policy per metric, no IAM role
 * created for scaling (the service-linked role is AWS's), and the summary line.
 */
import { loadAndCompile } from '../../src/compile';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

const scaled = yaml`
  services:
    api:
      image: public.ecr.aws/a/api:1
      ports: ["80:8080"]
      deploy: {replicas: 2}
      x-scaling:
        Range: "1-10"
        TargetScaling: {CpuTarget: 70, MemoryTarget: 80, ScaleInCooldown: 120, DisableScaleIn: true}
        ScheduledActions:
          - {ScheduledActionName: office, Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: Europe/Paris, ScalableTargetAction: {MinCapacity: 2}}
    web:
      image: public.ecr.aws/a/web:1
      expose: ["80"]
`;

describe('a scaled family', () => {
  const result = render(scaled);
  const familyFile = (id: string) => result.files.find((f) => f.logicalId === `Family${id}Stack`)!;

  test('one scalable target on the ECS service, with the range and the scheduled actions; no role named', () => {
    const targets = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(targets.map((t) => t.file)).toEqual([familyFile('Api').path]);
    expect(targets[0].resource.Properties).toEqual({
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: { 'Fn::Join': ['/', ['service', { Ref: 'ClusterName' }, { 'Fn::GetAtt': ['Service', 'Name'] }]] },
      MinCapacity: 1,
      MaxCapacity: 10,
      ScheduledActions: [
        { ScheduledActionName: 'office', Schedule: 'cron(0 8 ? * MON-FRI *)', Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: 2 } },
      ],
    });
    // the service starts with deploy.replicas and runs in the cluster the target names
    const service = resourcesOf(result, 'AWS::ECS::Service').find((s) => s.file === familyFile('Api').path)!;
    expect(service.resource.Properties!.DesiredCount).toBe(2);
    expect(service.resource.Properties!.Cluster).toEqual({ Ref: 'ClusterName' });
  });

  test('a target-tracking policy per metric, with the declared targets, cooldowns and scale-in protection', () => {
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').map((p) => p.resource.Properties!);
    expect(policies).toEqual([
      {
        PolicyName: 'api-cpu',
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: 'ScalableTarget' },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 70,
          ScaleInCooldown: 120,
          ScaleOutCooldown: 60,
          DisableScaleIn: true,
        },
      },
      {
        PolicyName: 'api-memory',
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: 'ScalableTarget' },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
          TargetValue: 80,
          ScaleInCooldown: 120,
          ScaleOutCooldown: 60,
          DisableScaleIn: true,
        },
      },
    ]);
  });

  test('scaling creates no IAM role: the same roles as without x-scaling', () => {
    const plain = render(scaled.replace(/ {4}x-scaling:[\s\S]*?(?= {2}web:)/, ''));
    expect(resourcesOf(plain, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
    const roles = (r: typeof result) => resourcesOf(r, 'AWS::IAM::Role').map((x) => `${x.file}#${x.id}`).sort();
    expect(roles(result)).toEqual(roles(plain));
  });

  test('the summary says how the family scales', () => {
    const dir = projectDir({ 'compose.yaml': scaled });
    const model = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } }).model!;
    expect(formatSummary(model, result)).toContain('  scaling: 1-10 tasks (starts with 2), CPU 70%, memory 80%, scale-in disabled, 1 scheduled action');
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test('an existing cluster given by ARN: the scalable target names the cluster by its name', () => {
  const result = render(yaml`
    x-cluster:
      Name: arn:aws:ecs:eu-west-1:123456789012:cluster/shared
    services:
      api: {image: public.ecr.aws/a/api:1, x-scaling: {Range: "1-3", TargetScaling: {CpuTarget: 50}}}
  `);
  const family = result.files.find((f) => f.logicalId === 'FamilyApiStack')!;
  const target = Object.values(family.template.Resources!).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')!;
  expect(target.Properties!.ResourceId).toEqual({ 'Fn::Join': ['/', ['service', { Ref: 'ClusterResourceName' }, { 'Fn::GetAtt': ['Service', 'Name'] }]] });
  const root = result.files.find((f) => f.template.Resources?.FamilyApiStack)!;
  const parameters = (root.template.Resources!.FamilyApiStack.Properties as { Parameters: Record<string, unknown> }).Parameters;
  expect(parameters.ClusterResourceName).toBe('shared');
  expect(parameters.ClusterName).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/shared');
});
