/**
 * `x-elbv2::<lb>` and `x-elbv2::<lb>::<family>::<port>` as x-alarms dimension values (ECS
 * ComposeX's alarms_elbv2.py): the model, and the located findings when they name nothing.
 */
import { yaml } from '../helpers/project-dir';
import { at, atAfter, compileText, located } from '../dialect/helpers';

const text = (dimensions: string, namespace = 'AWS/NetworkELB') => yaml`
  name: lbalarms
  services:
    app:
      image: ghcr.io/example/app:1.0
      expose: ["5000"]
  x-elbv2:
    front:
      Properties: {Type: network}
      MacroParameters:
        Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}
      Listeners:
        - {Port: 8080, Protocol: TCP, Targets: [{name: "app:app"}]}
      Services:
        - {name: "app:app", port: 5000, protocol: TCP, healthcheck: "5000:TCP"}
  x-alarms:
    unhealthy:
      Properties:
        Namespace: ${namespace}
        MetricName: HealthyHostCount
        Statistic: Minimum
        Period: 60
        EvaluationPeriods: 1
        Threshold: 1
        ComparisonOperator: LessThanThreshold
        Dimensions:
          ${dimensions}
`;

const BOTH = '- {Name: LoadBalancer, Value: "x-elbv2::front"}\n          - {Name: TargetGroup, Value: "x-elbv2::front::app::5000"}';

describe('x-elbv2 references in alarm dimensions', () => {
  test('the load balancer and its target group, in the model', () => {
    const { model, diagnostics } = compileText(text(BOTH));
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics).filter((l) => /^CX333[89]/.test(l))).toEqual([]);
    const tg = model!.elbv2!.find((l) => l.name === 'front')!.targetGroups[0];
    expect(model!.alarms!.find((a) => a.name === 'unhealthy')!.dimensions).toEqual([
      { name: 'LoadBalancer', elbv2: { loadBalancer: 'front' } },
      { name: 'TargetGroup', elbv2: { loadBalancer: 'front', targetGroup: tg.id } },
    ]);
    expect(tg).toMatchObject({ family: 'app', containerPort: 5000 });
  });

  test('an unknown load balancer: CX3338 at the value, with did-you-mean', () => {
    const source = text('- {Name: LoadBalancer, Value: "x-elbv2::fornt"}');
    const { model, diagnostics } = compileText(source);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3338 ${at(source, '"x-elbv2::fornt"')}`]);
    expect(diagnostics.find((d) => d.code === 'CX3338')!.hint).toBe("did you mean 'front'?");
  });

  test('a target group the load balancer does not have: CX3338, naming the one it has', () => {
    const source = text('- {Name: TargetGroup, Value: "x-elbv2::front::app::5001"}');
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3338 ${at(source, '"x-elbv2::front::app::5001"')}`]);
    const d = diagnostics.find((x) => x.code === 'CX3338')!;
    expect(d.message).toContain("no target group for family 'app' on port 5001");
    expect(d.hint).toBe("did you mean 'x-elbv2::front::app::5000'?");
  });

  test.each([
    ['a target group as the LoadBalancer', '- {Name: LoadBalancer, Value: "x-elbv2::front::app::5000"}', '"x-elbv2::front::app::5000"'],
    ['a load balancer as the TargetGroup', '- {Name: TargetGroup, Value: "x-elbv2::front"}', '"x-elbv2::front"'],
    ['another dimension', '- {Name: AvailabilityZone, Value: "x-elbv2::front"}', '"x-elbv2::front"'],
  ])('%s: CX3338 at the value', (_what, dimensions, marker) => {
    const source = text(dimensions);
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3338 ${at(source, marker)}`]);
    expect(diagnostics.find((x) => x.code === 'CX3338')!.hint).toContain('a LoadBalancer dimension takes "x-elbv2::<load balancer>"');
  });

  test('another namespace than the load balancer publishes in: resolved, with warning CX3339 at the value', () => {
    const source = text('- {Name: LoadBalancer, Value: "x-elbv2::front"}', 'AWS/ApplicationELB');
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3339'))).toEqual([`CX3339 ${atAfter(source, 'Value: ', '"x-elbv2::front"')}`]);
    expect(diagnostics.find((x) => x.code === 'CX3339')!.hint).toBe('write Namespace: AWS/NetworkELB');
    expect(model!.alarms![0].dimensions).toEqual([{ name: 'LoadBalancer', elbv2: { loadBalancer: 'front' } }]);
    expect(diagnostics.find((x) => x.code === 'CX3339')!.message).not.toContain('keeps the text');
  });

  test('a namespace outside ELB\'s: the warning says ECS ComposeX would have kept the text', () => {
    const { diagnostics } = compileText(text('- {Name: LoadBalancer, Value: "x-elbv2::front"}', 'Custom/Health'));
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(diagnostics.find((x) => x.code === 'CX3339')!.message).toContain('ECS ComposeX resolves x-elbv2 only in AWS/ApplicationELB and AWS/NetworkELB alarms, and keeps the text as the value elsewhere');
  });

  test('a load balancer that has errors of its own: no second error at the alarm', () => {
    const source = text('- {Name: LoadBalancer, Value: "x-elbv2::front"}').replace('Type: network', 'Type: classic');
    const { diagnostics } = compileText(source);
    const errors = located(diagnostics, 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((l) => l.startsWith('CX3338'))).toEqual([]);
  });
});
