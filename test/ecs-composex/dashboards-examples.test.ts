/**
 * ECS ComposeX's x-dashboards use case (use-cases/dashboards/simple.yaml) over
 * use-cases/blog.features.yml, as its tests combine them: the dashboard `all-services` names the
 * service app03 and the family bignicefamily (app01 and rproxy); it renders without a warning of
 * its own, and its body shows app03's then bignicefamily's ECS service, by the names
 * CloudFormation gives them (outputs of the two family stacks).
 */
import { evaluate } from '../helpers/evaluate';
import { Tracer } from '../helpers/trace';
import { BASE, render, template } from './fixture-helpers';

const FILE = 'use-cases/dashboards/simple.yaml';

describe('use-cases/dashboards/simple.yaml', () => {
  const result = render([BASE, FILE]);
  const tracer = new Tracer(result.files);
  const dashboards = template(result, 'Dashboards.json');

  test('no warning at the use case', () => {
    expect(result.warnings.filter((w) => w.includes(FILE))).toEqual([]);
  });

  test('one dashboard, named <root stack>--all-services', () => {
    expect(Object.entries(dashboards).map(([id, r]) => [id, r.Type])).toEqual([['DashboardAllServices', 'AWS::CloudWatch::Dashboard']]);
    expect(tracer.trace('Dashboards.json', dashboards.DashboardAllServices.Properties!.DashboardName)).toBe('AWS::StackName--all-services');
  });

  test('the body: app03, then bignicefamily, each metric on the cluster and the ECS service of its family', () => {
    const parameters = Object.fromEntries(Object.keys(tracer.template('Dashboards.json').Parameters ?? {}).map((p) => [p, `<${p}>`]));
    const body = JSON.parse(evaluate(dashboards.DashboardAllServices.Properties!.DashboardBody, { ...parameters, 'AWS::Region': 'eu-west-1' }) as string) as {
      start: string;
      widgets: { type: string; properties: { markdown?: string; metrics?: string[][] } }[];
    };
    expect(body.start).toBe('-PT12H');
    expect(body.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown)).toEqual(['# Service app03', '# Service bignicefamily (app01, rproxy)']);
    const services = body.widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => `${m[3]} ${m[5]}`));
    expect(services).toEqual([...Array(11).fill('<ClusterName> <FamilyApp03ServiceName>'), ...Array(11).fill('<ClusterName> <FamilyBignicefamilyServiceName>')]);
    const root = result.files.find((f) => f.template.Resources?.DashboardsStack)!.template;
    for (const family of ['App03', 'Bignicefamily']) {
      expect(tracer.trace('Dashboards.json', { Ref: `Family${family}ServiceName` })).toBe('AWS::ECS::Service:Service.Name');
      expect((root.Resources!.DashboardsStack.Properties!.Parameters as Record<string, unknown>)[`Family${family}ServiceName`]).toEqual({
        'Fn::GetAtt': [`Family${family}Stack`, `Outputs.Family${family}ServiceName`],
      });
    }
  });
});
