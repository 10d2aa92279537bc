/**
 * ECS ComposeX's use-cases/elbv2/create_only_with_alarms.yml, unchanged, over its base
 * blog.features.yml: its two alarms name their load balancer and target group as
 * `x-elbv2::lbC` and `x-elbv2::lbC::app03::5000` (ECS ComposeX's alarms_elbv2.py): the Alarms
 * stack gets the load balancers' LoadBalancerFullName and the target group's TargetGroupFullName,
 * outputs of their x-elbv2 stacks passed as parameters; every template passes the validator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const FILE = 'use-cases/elbv2/create_only_with_alarms.yml';

describe('use-cases/elbv2/create_only_with_alarms.yml', () => {
  const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', FILE], env: { HOME: '/home/test' } });
  const file = (name: string) => result.files.find((f) => f.path === name)!.template as Record<string, any>;
  const result = renderModel(compiled.model!);

  test('it compiles, with no finding on its alarms', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const original = fs.readFileSync(path.join(DIR, FILE), 'utf8');
    const alarmsFrom = original.slice(0, original.indexOf('x-alarms:')).split('\n').length;
    expect(compiled.diagnostics.filter((d) => d.file?.endsWith(FILE) && d.line! >= alarmsFrom)).toEqual([]);
  });

  test('the dimensions are the full names, outputs of the x-elbv2 stacks; validator clean', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const alarms = file('Alarms.json');
    expect(alarms.Resources.AlarmLbcTgtIssues.Properties.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: { Ref: 'Elbv2LbCLoadBalancerFullName' } },
      { Name: 'TargetGroup', Value: { Ref: 'Elbv2LbCTargetGroupApp03App035000FullName' } },
    ]);
    expect(alarms.Resources.AlarmLbaOnlyIssues.Properties.Dimensions).toEqual([{ Name: 'LoadBalancer', Value: { Ref: 'Elbv2LbALoadBalancerFullName' } }]);
    expect(Object.keys(alarms.Parameters).sort()).toEqual(['Elbv2LbALoadBalancerFullName', 'Elbv2LbCLoadBalancerFullName', 'Elbv2LbCTargetGroupApp03App035000FullName']);

    const root = result.files.find((f) => f.logicalId === undefined)!.template as Record<string, any>;
    const parameters = (root.Resources.AlarmsStack as Record<string, any>).Properties.Parameters;
    expect(parameters.Elbv2LbALoadBalancerFullName).toEqual({ 'Fn::GetAtt': ['Elbv2LbAStack', 'Outputs.LoadBalancerFullName'] });
    expect(parameters.Elbv2LbCLoadBalancerFullName).toEqual({ 'Fn::GetAtt': ['Elbv2LbCStack', 'Outputs.LoadBalancerFullName'] });
    expect(parameters.Elbv2LbCTargetGroupApp03App035000FullName).toEqual({ 'Fn::GetAtt': ['Elbv2LbCStack', 'Outputs.TargetGroupApp03App035000FullName'] });

    const lbC = file('Elbv2LbC.json');
    expect(lbC.Outputs.LoadBalancerFullName.Value).toEqual({ 'Fn::GetAtt': ['LoadBalancer', 'LoadBalancerFullName'] });
    expect(lbC.Outputs.TargetGroupApp03App035000FullName.Value).toEqual({ 'Fn::GetAtt': ['TargetGroupApp03App035000', 'TargetGroupFullName'] });
    expect(lbC.Resources.TargetGroupApp03App035000.Properties.Port).toBe(5000);
    expect(file('Elbv2LbA.json').Outputs.LoadBalancerFullName.Value).toEqual({ 'Fn::GetAtt': ['LoadBalancer', 'LoadBalancerFullName'] });
  });
});
