/**
 * x-scaling TargetScaling.TgtTargetsCount (ECS ComposeX's name): target tracking on the ALB's
 * requests per target, read from the rendered templates. The policy's resource label must be the
 * load balancer's and the target group's full names joined (Application Auto Scaling,
 * PredefinedMetricSpecification): traced through the nested stacks to those two attributes.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { Tracer } from '../helpers/trace';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

describe('TgtTargetsCount on a family behind the application load balancer', () => {
  const result = render(yaml`
    services:
      api:
        image: public.ecr.aws/a/api:1
        ports: ["80:8080", "8080:8081"]
        x-scaling:
          Range: "2-12"
          TargetScaling: {TgtTargetsCount: 500, CpuTarget: 75, ScaleInCooldown: 200}
      web:
        image: public.ecr.aws/a/web:1
        ports: [{target: 8000, published: "8000", app_protocol: http}]
  `);
  const tracer = new Tracer(result.files);
  const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy');
  const requests = policies.filter((p) => (p.resource.Properties!.TargetTrackingScalingPolicyConfiguration as { PredefinedMetricSpecification: { PredefinedMetricType: string } }).PredefinedMetricSpecification.PredefinedMetricType === 'ALBRequestCountPerTarget');

  test('one request policy per target group of the family, on its own target group', () => {
    expect(requests.map((p) => p.id).sort()).toEqual(['ScalingPolicyRequestsApiApi8080', 'ScalingPolicyRequestsApiApi8081']);
    for (const policy of requests) {
      const config = policy.resource.Properties!.TargetTrackingScalingPolicyConfiguration as Record<string, unknown>;
      expect([config.TargetValue, config.ScaleInCooldown, config.ScaleOutCooldown, config.DisableScaleIn]).toEqual([500, 200, 60, false]);
      const label = tracer.trace(policy.file, (config.PredefinedMetricSpecification as { ResourceLabel: unknown }).ResourceLabel);
      const port = policy.id.slice(-4);
      expect(label).toBe(`AWS::ElasticLoadBalancingV2::LoadBalancer:LoadBalancer.LoadBalancerFullName/AWS::ElasticLoadBalancingV2::TargetGroup:TargetGroupApiApi${port}.TargetGroupFullName`);
      expect(policy.resource.Properties!.ScalingTargetId).toEqual({ Ref: 'ScalableTarget' });
    }
    // CPU tracking stays next to it; the unscaled family gets no policy and no label output.
    expect(policies.map((p) => p.id).filter((id) => !id.startsWith('ScalingPolicyRequests'))).toEqual(['ScalingPolicyCpu']);
    const lbOutputs = Object.keys(result.files.find((f) => f.logicalId === 'LoadBalancerStack')!.template.Outputs ?? {});
    expect(lbOutputs.filter((o) => o.endsWith('Label')).sort()).toEqual(['TargetGroupApiApi8080Label', 'TargetGroupApiApi8081Label']);
  });

  test('the summary names it', () => {
    const model = loadAndCompile({ cwd: projectDir({ 'compose.yaml': 'services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ports: ["80:8080"]\n    x-scaling: {Range: "1-4", TargetScaling: {TgtTargetsCount: 900}}\n' }), env: { HOME: '/home/test' } }).model!;
    expect(formatSummary(model, renderModel(model))).toContain('  scaling: 1-4 tasks (starts with 1), 900 requests per task per minute');
  });
});

describe('TgtTargetsCount where there is no application load balancer target', () => {
  test.each([
    ['no published port', 'expose: ["8080"]'],
    ['behind a network load balancer (a TCP port makes the load balancer an NLB)', 'ports: ["7000:7000"]'],
  ])('%s: located error', (_name, ports) => {
    const text = `services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ${ports}\n    x-scaling:\n      Range: "1-4"\n      TargetScaling: {TgtTargetsCount: 900}\n`;
    const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }) });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX3320', 7, 23]]);
    expect(errors[0].message).toContain("family 'api' is no target of one");
  });

  test('a non-number is refused at the key', () => {
    const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': 'services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ports: ["80:8080"]\n    x-scaling: {Range: "1-4", TargetScaling: {TgtTargetsCount: lots}}\n' }) });
    // readInteger's own code for a value of the wrong type, at the value.
    expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column])).toEqual([['CX3302', 5, 64]]);
  });
});
