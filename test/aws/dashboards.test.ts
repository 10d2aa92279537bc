/**
 * x-dashboards in the templates: one AWS::CloudWatch::Dashboard per dashboard in the Dashboards
 * stack, named `<root stack name>--<key>`, whose body (evaluated as CloudFormation would pass the
 * values) is the JSON CloudWatch reads: the widgets of each family in the order written, their
 * ClusterName and ServiceName the cluster and the ECS service of that family (traced through the
 * stack outputs to the resources), and the LoadBalancer and TargetGroup of the target groups in
 * front of it (composex's application load balancer, or an x-elbv2 network load balancer).
 */
import { validateTemplates } from '../../src/render/validate';
import { evaluate } from '../helpers/evaluate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { Tracer } from '../helpers/trace';

type Widget = { type: string; x: number; y: number; width: number; height: number; properties: { markdown?: string; title?: string; region?: string; metrics?: unknown[][] } };

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

/** Each parameter of the Dashboards stack as `<Name>`, a label parameter as a label of the form AWS documents. */
function body(template: { Parameters?: Record<string, unknown> }, value: unknown): { start: string; widgets: Widget[] } {
  const parameters: Record<string, string> = { 'AWS::Region': 'eu-west-1' };
  for (const name of Object.keys(template.Parameters ?? {})) {
    parameters[name] = name.endsWith('Label') ? `app/lb-${name}/50dc6c495c0c9188/targetgroup/tg-${name}/73e2d6bc24d8a067` : `<${name}>`;
  }
  return JSON.parse(evaluate(value, parameters) as string);
}

/** `namespace metric dimension=value …` of every metric of the widgets, in order. */
const metricLines = (widgets: Widget[]) => widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => m.filter((p) => typeof p === 'string').join(' ')));

describe('dashboards over composex load balancer', () => {
  const result = render(yaml`
    name: shop
    services:
      web: {image: public.ecr.aws/a/web:1, ports: ["80:8080"]}
      api: {image: public.ecr.aws/a/api:1, deploy: {labels: {ecs.task.family: backend}}}
      worker: {image: public.ecr.aws/a/worker:1, deploy: {labels: {ecs.task.family: backend}}}
      batch: {image: public.ecr.aws/a/batch:1}
    x-dashboards:
      ops:
        Type: cloudwatch
        Services: {web: {UsePredefinedMetrics: true}, backend: {}, worker: {}}
      nightly:
        Settings: {start: -P1D}
        Services: {batch: {}}
  `);
  const tracer = new Tracer(result.files);
  const dashboards = resourcesOf(result, 'AWS::CloudWatch::Dashboard');
  const file = dashboards[0]?.file;
  const template = tracer.template(file);

  test('one dashboard per key, in the Dashboards stack, named <root stack>--<key>', () => {
    expect(dashboards.map((d) => [d.file, d.id])).toEqual([
      ['Dashboards.json', 'DashboardNightly'],
      ['Dashboards.json', 'DashboardOps'],
    ]);
    expect(dashboards.map((d) => tracer.trace(d.file, d.resource.Properties!.DashboardName))).toEqual(['AWS::StackName--nightly', 'AWS::StackName--ops']);
    const root = result.files.find((f) => f.template.Resources?.DashboardsStack)!;
    expect(root.template.Resources!.DashboardsStack.Properties!.Parameters).toMatchObject({ RootStackName: { Ref: 'AWS::StackName' } });
  });

  test('the body: start, then a section per family in the order written (backend once), each metric widget with region', () => {
    const ops = body(template, dashboards[1].resource.Properties!.DashboardBody);
    expect(ops.start).toBe('-PT12H');
    expect(ops.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown)).toEqual(['# Service web', '# Service backend (api, worker)']);
    expect(ops.widgets.filter((w) => w.type === 'metric').every((w) => w.properties.region === 'eu-west-1')).toBe(true);
    expect(body(template, dashboards[0].resource.Properties!.DashboardBody).start).toBe('-P1D');
  });

  test('ClusterName and ServiceName are the cluster and the ECS service of each family', () => {
    const ops = body(template, dashboards[1].resource.Properties!.DashboardBody);
    const lines = metricLines(ops.widgets);
    expect(lines.filter((l) => l.startsWith('AWS/ECS'))).toEqual([
      'AWS/ECS CPUUtilization ClusterName <ClusterName> ServiceName <FamilyWebServiceName>',
      'AWS/ECS MemoryUtilization ClusterName <ClusterName> ServiceName <FamilyWebServiceName>',
      'AWS/ECS CPUUtilization ClusterName <ClusterName> ServiceName <FamilyBackendServiceName>',
      'AWS/ECS MemoryUtilization ClusterName <ClusterName> ServiceName <FamilyBackendServiceName>',
    ]);
    expect(lines.filter((l) => l.startsWith('ECS/ContainerInsights'))).toHaveLength(18);
    // The parameters, traced to the resources: the cluster, and each family stack's ECS service name.
    expect(tracer.trace(file, { Ref: 'ClusterName' })).toBe('AWS::ECS::Cluster:Cluster.Ref');
    for (const family of ['Web', 'Backend']) {
      const passed = (tracer.template('shop.json').Resources!.DashboardsStack.Properties!.Parameters as Record<string, unknown>)[`Family${family}ServiceName`];
      expect(passed).toEqual({ 'Fn::GetAtt': [`Family${family}Stack`, `Outputs.Family${family}ServiceName`] });
      expect(tracer.template(`Family${family}.json`).Outputs![`Family${family}ServiceName`]).toMatchObject({ Value: { 'Fn::GetAtt': ['Service', 'Name'] } });
      expect(tracer.template(`Family${family}.json`).Resources!.Service.Type).toBe('AWS::ECS::Service');
    }
  });

  test('the target group in front of web: requests, errors, response time and targets, on its load balancer and target group', () => {
    const ops = body(template, dashboards[1].resource.Properties!.DashboardBody);
    const elb = metricLines(ops.widgets).filter((l) => l.startsWith('AWS/ApplicationELB'));
    const label = Object.keys(template.Parameters!).find((p) => p.endsWith('Label'))!;
    const dims = `LoadBalancer app/lb-${label}/50dc6c495c0c9188 TargetGroup targetgroup/tg-${label}/73e2d6bc24d8a067`;
    expect(elb).toEqual(['RequestCount', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'TargetResponseTime', 'HealthyHostCount', 'UnHealthyHostCount'].map((m) => `AWS/ApplicationELB ${m} ${dims}`));
    expect(tracer.trace(file, { Ref: label })).toMatch(/^AWS::ElasticLoadBalancingV2::LoadBalancer:LoadBalancer\.LoadBalancerFullName\/AWS::ElasticLoadBalancingV2::TargetGroup:TargetGroupWebWeb8080\w*\.TargetGroupFullName$/);
  });

  test('the rendered templates pass the validator; Container Insights is on (no CX3915)', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings).not.toContain('CX3915');
  });
});

describe('dashboards over an x-elbv2 network load balancer', () => {
  const result = render(yaml`
    services:
      app: {image: public.ecr.aws/a/app:1, ports: ["8080:8080"]}
    x-elbv2:
      public:
        Properties: {Scheme: internet-facing, Type: network}
        MacroParameters:
          Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}
        Listeners:
          - Port: 80
            Protocol: TCP
            Targets: [{name: "app:app:8080"}]
        Services:
          "app:app:8080": {port: 8080, protocol: TCP, healthcheck: "8080:TCP"}
    x-dashboards:
      app:
        Services: {app: {}}
  `);
  const tracer = new Tracer(result.files);
  const dashboards = resourcesOf(result, 'AWS::CloudWatch::Dashboard');

  test('the targets widget reads AWS/NetworkELB, on the x-elbv2 load balancer and target group', () => {
    const file = dashboards[0].file;
    const template = tracer.template(file);
    const parsed = body(template, dashboards[0].resource.Properties!.DashboardBody);
    const label = Object.keys(template.Parameters!).find((p) => p.endsWith('Label'))!;
    expect(metricLines(parsed.widgets).filter((l) => l.includes('ELB'))).toEqual(
      ['HealthyHostCount', 'UnHealthyHostCount'].map((m) => `AWS/NetworkELB ${m} LoadBalancer app/lb-${label}/50dc6c495c0c9188 TargetGroup targetgroup/tg-${label}/73e2d6bc24d8a067`),
    );
    expect(tracer.trace(file, { Ref: label })).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer:LoadBalancer.LoadBalancerFullName/AWS::ElasticLoadBalancingV2::TargetGroup:TargetGroupAppApp8080.TargetGroupFullName');
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
