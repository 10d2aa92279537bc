import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ComposeX } from '../../src/aws/construct';
import { DiagnosticError } from '../../src/diagnostics';
import { family, model, project, richModel, service } from './fixtures';

function userStack(): Stack {
  const app = new App({
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-creation-stack-traces': true },
  });
  return new Stack(app, 'UserStack');
}

describe('ComposeX construct', () => {
  test('in a user stack with their VPC and cluster: no Network or Cluster stack', () => {
    const stack = userStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const app = new ComposeX(stack, 'Shop', { project: richModel(), vpc, cluster });

    expect(app.stacks.network).toBeUndefined();
    expect(app.stacks.cluster).toBeUndefined();
    const template = Template.fromStack(stack).toJSON();
    const nested = Object.keys(template.Resources).filter((k) => template.Resources[k].Type === 'AWS::CloudFormation::Stack');
    expect(nested).not.toContain('NetworkStack');
    expect(nested).not.toContain('ClusterStack');
    expect(nested).toContain('FamilyApiStack');
    // The user's cluster has no default namespace: one is created next to it, for Service Connect.
    expect(Object.values(template.Resources).filter((r) => (r as { Type: string }).Type === 'AWS::ServiceDiscovery::HttpNamespace')).toHaveLength(1);
    // Values come from the user's constructs.
    expect(template.Resources.FamilyApiStack.Properties.Parameters.ClusterName).toEqual({ Ref: stack.getLogicalId(cluster.node.defaultChild as ecs.CfnCluster) });
  });

  test('exposes per service its task definition, service, task role and security group', () => {
    const stack = userStack();
    const app = new ComposeX(stack, 'Shop', { project: () => richModel() });
    expect(Object.keys(app.services).sort()).toEqual(['api', 'db', 'migrate', 'web', 'worker']);
    const api = app.services.api;
    expect(app.services.migrate).toBe(api); // same family
    expect(api.taskDefinition.cfnResourceType).toBe('AWS::ECS::TaskDefinition');
    expect(api.service.cfnResourceType).toBe('AWS::ECS::Service');
    expect(api.taskRole.cfnResourceType).toBe('AWS::IAM::Role');
    expect(api.securityGroup.cfnResourceType).toBe('AWS::EC2::SecurityGroup');

    // Escape hatch: an override lands in the family's template.
    api.taskDefinition.addPropertyOverride('PidMode', 'task');
    expect(Template.fromStack(api.stack).toJSON().Resources.TaskDefinition.Properties.PidMode).toBe('task');
  });

  test('resolves a loaded ComposeProject itself', () => {
    const stack = userStack();
    const web = service('web', { ports: [{ target: 80, published: '80', protocol: 'tcp' }] });
    const api = service('api', { expose: ['8080'] });
    const app = new ComposeX(stack, 'Shop', {
      project: project([api, { ...web, depends_on: { api: { condition: 'service_started', required: true, restart: false } } }]),
    });
    expect(Object.keys(app.families).sort()).toEqual(['api', 'web']);
    expect(app.stacks.loadBalancer).toBeDefined();
    const rules = [...app.stacks.networking.ingressRules.keys()].sort();
    expect(rules).toEqual(expect.arrayContaining(['IngressFamilyApiFromFamilyWebTcp8080', 'IngressFamilyWebFromLoadBalancerTcp80']));
  });

  test('projectName overrides the namespace name', () => {
    const stack = userStack();
    const app = new ComposeX(stack, 'Shop', { project: model([family('a', [service('a')])]), projectName: 'store' });
    const cluster = Template.fromStack(app.stacks.cluster!);
    cluster.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'store' });
  });

  test('throws a DiagnosticError listing every Fargate problem', () => {
    const stack = userStack();
    const bad = model([family('a', [service('a', { privileged: true, stop_grace_period: 500 })])]);
    let thrown: unknown;
    try {
      new ComposeX(stack, 'Shop', { project: bad });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DiagnosticError);
    expect((thrown as DiagnosticError).diagnostics.map((d) => d.code).sort()).toEqual(['CX4001', 'CX4003']);
  });
});
