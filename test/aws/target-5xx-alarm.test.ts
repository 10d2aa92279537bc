/**
 * The predefined service alarm LoadBalancerTarget5xx and request-count scaling on x-elbv2 target
 * groups, read from the rendered templates. Both read an application load balancer's target
 * groups through their resource label (`app/<lb>/<id>/targetgroup/<tg>/<id>`, imported into the
 * family's stack); the alarm splits it into the LoadBalancer and TargetGroup dimensions of
 * AWS/ApplicationELB. The label is traced to the two FullName attributes, and the split is
 * evaluated on a label of the form AWS documents.
 */
import { loadAndCompile } from '../../src/compile';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { Tracer } from '../helpers/trace';
import { evaluate } from '../helpers/evaluate';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

interface MetricQuery {
  Id: string;
  Expression?: string;
  ReturnData: boolean;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Period: number; Stat: string };
}

describe('LoadBalancerTarget5xx on a family behind the default application load balancer', () => {
  const result = render(yaml`
    services:
      api:
        image: public.ecr.aws/a/api:1
        ports: ["80:8080", "8080:8081", {target: 8081, published: "9090", app_protocol: http}]
        x-alarms:
          Predefined:
            LoadBalancerTarget5xx:
              Topics: [{x-sns: alerts}]
              Settings: {Threshold: 2, EvaluationPeriods: 3, DatapointsToAlarm: 2}
      web:
        image: public.ecr.aws/a/web:1
        ports: [{target: 8000, published: "8000", app_protocol: http}]
    x-sns:
      alerts: {}
  `);
  const alarms = resourcesOf(result, 'AWS::CloudWatch::Alarm');
  const tracer = new Tracer(result.files);

  test('one alarm, in the family stack, with the declared settings and action', () => {
    expect(alarms.map((a) => [a.file, a.id])).toEqual([['FamilyApi.json', expect.stringMatching(/^Alarm/)]]);
    const p = alarms[0].resource.Properties!;
    expect([p.Threshold, p.EvaluationPeriods, p.DatapointsToAlarm, p.ComparisonOperator, p.TreatMissingData]).toEqual([2, 3, 2, 'GreaterThanThreshold', 'notBreaching']);
    expect(p.Period).toBeUndefined(); // it lives in each MetricStat
    expect((p.AlarmActions as unknown[]).map((a) => tracer.trace(alarms[0].file, a))).toEqual(['topic:alerts.Ref']);
  });

  const metrics = alarms[0].resource.Properties!.Metrics as MetricQuery[];

  test('two metrics per target group (the two listeners on 8081 share one), summed in the expression', () => {
    expect(metrics.map((m) => m.Id)).toEqual(['errors1', 'requests1', 'errors2', 'requests2', 'missing']);
    expect(metrics.filter((m) => m.MetricStat).map((m) => [m.MetricStat!.Metric.Namespace, m.MetricStat!.Metric.MetricName, m.MetricStat!.Stat, m.MetricStat!.Period, m.ReturnData])).toEqual([
      ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum', 60, false],
      ['AWS/ApplicationELB', 'RequestCount', 'Sum', 60, false],
      ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum', 60, false],
      ['AWS/ApplicationELB', 'RequestCount', 'Sum', 60, false],
    ]);
    expect(metrics[4]).toEqual({
      Id: 'missing',
      Expression: 'IF((FILL(requests1, 0) + FILL(requests2, 0)) > 0, 100 * (FILL(errors1, 0) + FILL(errors2, 0)) / (FILL(requests1, 0) + FILL(requests2, 0)), 0)',
      Label: 'percent of requests answered 5xx',
      ReturnData: true,
    });
  });

  test('the dimensions are the load balancer and the target group of the family, split from the label', () => {
    const file = alarms[0].file;
    const byGroup = new Map<string, string>();
    for (const m of metrics.filter((q) => q.MetricStat)) {
      const [lb, tg] = m.MetricStat!.Metric.Dimensions;
      expect([lb.Name, tg.Name]).toEqual(['LoadBalancer', 'TargetGroup']);
      // Every split reads one label parameter of the family stack, traced to the two full names.
      const ref = JSON.stringify(lb.Value).match(/"Ref":"([A-Za-z0-9]+)"/)![1];
      const traced = tracer.trace(file, { Ref: ref });
      const group = /TargetGroup:(TargetGroupApi\w+)\.TargetGroupFullName$/.exec(traced)![1];
      expect(traced).toBe(`AWS::ElasticLoadBalancingV2::LoadBalancer:LoadBalancer.LoadBalancerFullName/AWS::ElasticLoadBalancingV2::TargetGroup:${group}.TargetGroupFullName`);
      const label = `app/my-lb/50dc6c495c0c9188/targetgroup/${group.toLowerCase()}/73e2d6bc24d8a067`;
      expect(evaluate(lb.Value, { [ref]: label })).toBe('app/my-lb/50dc6c495c0c9188');
      expect(evaluate(tg.Value, { [ref]: label })).toBe(`targetgroup/${group.toLowerCase()}/73e2d6bc24d8a067`);
      byGroup.set(m.Id, group);
    }
    expect([...byGroup]).toEqual([
      ['errors1', 'TargetGroupApiApi8080'],
      ['requests1', 'TargetGroupApiApi8080'],
      ['errors2', 'TargetGroupApiApi8081'],
      ['requests2', 'TargetGroupApiApi8081'],
    ]);
  });

  test('the validator finds no error', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the unwatched family imports no label', () => {
    const web = result.files.find((f) => f.path === 'FamilyWeb.json')!;
    expect(Object.keys(web.template.Parameters ?? {}).filter((p) => p.endsWith('Label'))).toEqual([]);
  });
});

describe('x-elbv2 application load balancers: 5xx alarm and request-count scaling', () => {
  const result = render(yaml`
    services:
      app:
        image: public.ecr.aws/a/app:1
        ports: ["8080:8080"]
        x-scaling: {Range: "1-6", TargetScaling: {TgtTargetsCount: 300}}
        x-alarms: {Predefined: {LoadBalancerTarget5xx: {}}}
    x-elbv2:
      public:
        Properties: {Scheme: internet-facing, Type: application}
        MacroParameters:
          Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}
        Listeners:
          - Port: 80
            Protocol: HTTP
            Targets: [{name: "app:app:8080", access: /}]
        Services:
          "app:app:8080": {port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}
  `);
  const tracer = new Tracer(result.files);
  const expected = 'AWS::ElasticLoadBalancingV2::LoadBalancer:LoadBalancer.LoadBalancerFullName/AWS::ElasticLoadBalancingV2::TargetGroup:TargetGroupAppApp8080.TargetGroupFullName';

  test('the scaling policy tracks requests per target of the x-elbv2 target group', () => {
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policies).toHaveLength(1);
    const config = policies[0].resource.Properties!.TargetTrackingScalingPolicyConfiguration as { TargetValue: number; PredefinedMetricSpecification: { PredefinedMetricType: string; ResourceLabel: unknown } };
    expect([config.PredefinedMetricSpecification.PredefinedMetricType, config.TargetValue]).toEqual(['ALBRequestCountPerTarget', 300]);
    expect(tracer.trace(policies[0].file, config.PredefinedMetricSpecification.ResourceLabel)).toBe(expected);
    // The label is the x-elbv2 stack's output.
    expect(Object.keys(result.files.find((f) => f.path === 'Elbv2Public.json')!.template.Outputs ?? {})).toContain('TargetGroupAppApp8080Label');
  });

  test('the validator finds no error', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the alarm reads the same target group', () => {
    const alarms = resourcesOf(result, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(1);
    const metrics = alarms[0].resource.Properties!.Metrics as MetricQuery[];
    expect(metrics.map((m) => m.Id)).toEqual(['errors1', 'requests1', 'missing']);
    const ref = JSON.stringify(metrics[0].MetricStat!.Metric.Dimensions[1].Value).match(/"Ref":"([A-Za-z0-9]+)"/)![1];
    expect(tracer.trace(alarms[0].file, { Ref: ref })).toBe(expected);
    expect(alarms[0].resource.Properties!.Threshold).toBe(5);
  });
});

test('at ECS\'s most, 5 target groups per service: 10 metrics, what CloudWatch takes in one alarm', () => {
  const ports = [8080, 8081, 8082, 8083, 8084].map((p, i) => `{target: ${p}, published: "${9000 + i}", app_protocol: http}`).join(', ');
  const result = render(`services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ports: [${ports}]\n    x-alarms: {Predefined: {LoadBalancerTarget5xx: {}}}\n`);
  const [alarm] = resourcesOf(result, 'AWS::CloudWatch::Alarm');
  const metrics = alarm.resource.Properties!.Metrics as MetricQuery[];
  // PutMetricAlarm: at most 10 queries with a MetricStat and 10 with an Expression.
  expect(metrics.filter((m) => m.MetricStat)).toHaveLength(10);
  expect(metrics.filter((m) => m.Expression)).toHaveLength(1);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

describe('LoadBalancerTarget5xx where there is no application load balancer target', () => {
  test.each([
    ['no published port', 'expose: ["8080"]'],
    ['behind a network load balancer (a TCP port makes the load balancer an NLB)', 'ports: ["7000:7000"]'],
  ])('%s: located error', (_name, ports) => {
    const text = `services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ${ports}\n    x-alarms:\n      Predefined:\n        LoadBalancerTarget5xx: {}\n`;
    const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }) });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX3342', 7, 9]]);
    expect(errors[0].message).toContain("family 'api' is no target of one");
    expect(errors[0].hint).toContain('x-elbv2');
  });

  test('a threshold out of range is refused at the value', () => {
    const text = 'services:\n  api:\n    image: public.ecr.aws/a/api:1\n    ports: ["80:8080"]\n    x-alarms: {Predefined: {LoadBalancerTarget5xx: {Settings: {Threshold: -1}}}}\n';
    const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }) });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX3302']);
  });
});
