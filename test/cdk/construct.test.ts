import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ComposeX } from '../../src/cdk/construct';
import { Annotations } from 'aws-cdk-lib/assertions';
import { loadProject } from '../../src/compose/load';
import { formatLock, LockFile, parseLock } from '../../src/resolve/lock';
import { container, family, model, richModel } from '../aws/fixtures';
import { projectDir, yaml } from '../helpers/project-dir';

function userStack(): Stack {
  const app = new App({
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-creation-stack-traces': true },
  });
  return new Stack(app, 'UserStack');
}

describe('ComposeX construct', () => {
  test("import { ComposeX } from 'composex' is the construct", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../src').ComposeX).toBe(ComposeX);
  });

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
    expect(api.cfn.taskDefinition.cfnResourceType).toBe('AWS::ECS::TaskDefinition');
    expect(api.cfn.service!.cfnResourceType).toBe('AWS::ECS::Service');
    expect(api.cfn.taskRole.cfnResourceType).toBe('AWS::IAM::Role');
    expect(api.cfn.securityGroup.cfnResourceType).toBe('AWS::EC2::SecurityGroup');
    expect(api.stack.resolve(api.taskRole.roleName)).toEqual({ Ref: 'TaskRole' });

    // Escape hatch: an override of a property composex did not set lands in the family's template.
    api.cfn.taskDefinition.addPropertyOverride('EnableFaultInjection', true);
    expect(Template.fromStack(api.stack).toJSON().Resources.TaskDefinition.Properties.EnableFaultInjection).toBe(true);
  });

  test('resolves a loaded ComposeProject itself', () => {
    const stack = userStack();
    const dir = projectDir({
      'compose.yaml': yaml`
        services:
          web: {image: nginx:1.27, ports: ["80:80"], depends_on: [api]}
          api: {image: nginx:1.27, expose: ["8080"]}
      `,
    });
    const { project } = loadProject({ files: [`${dir}/compose.yaml`], env: {} });
    const app = new ComposeX(stack, 'Shop', { project: project! });
    expect(Object.keys(app.families).sort()).toEqual(['api', 'web']);
    expect(app.stacks.loadBalancer).toBeDefined();
    const rules = [...app.stacks.networking.ingressRules.keys()].sort();
    expect(rules).toEqual(expect.arrayContaining(['IngressFamilyApiFromFamilyWebTcp8080', 'IngressFamilyWebFromLoadBalancerTcp80']));
  });

  test('a Lookup is answered from composex.lock.json next to the files (or the lock given); synth calls no AWS', () => {
    const compose = yaml`
      services:
        api: {image: nginx:1.27}
      x-cluster:
        Lookup: {Tags: {team: core}}
    `;
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/core';
    const lock = formatLock({ 'x-cluster': { query: { kind: 'cluster', cluster: { tags: { team: 'core' } } }, answer: { clusterName: 'core', clusterArn: arn }, takenAt: '2026-12-01T00:00:00.000Z' } });
    const dir = projectDir({ 'compose.yaml': compose, 'composex.lock.json': lock });
    const app = new ComposeX(userStack(), 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    expect(app.model.cluster).toEqual({ kind: 'existing', clusterName: 'core', clusterArn: arn });
    const bare = projectDir({ 'compose.yaml': compose });
    const bareStack = userStack();
    new ComposeX(bareStack, 'Shop', { files: [`${bare}/compose.yaml`], load: { env: {} } });
    expect(Annotations.fromStack(bareStack).findError('*', Match.stringLikeRegexp('CX3680.*x-cluster Lookup needs composex\\.lock\\.json'))).toHaveLength(1);
    const parsed = parseLock(lock, 'composex.lock.json');
    const { project } = loadProject({ files: [`${bare}/compose.yaml`], env: {} });
    expect(new ComposeX(userStack(), 'Shop', { project: project!, lock: parsed as LockFile }).model.cluster).toMatchObject({ clusterName: 'core' });
  });

  test('projectName overrides the namespace name', () => {
    const stack = userStack();
    const app = new ComposeX(stack, 'Shop', { project: model([family('a', [container('a')])]), projectName: 'store' });
    const cluster = Template.fromStack(app.stacks.cluster!);
    cluster.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'store' });
  });

  test('adds an error annotation for every problem ECS cannot run, each once, located in the file', () => {
    const dir = projectDir({
      'compose.yaml': yaml`
        services:
          a: {image: nginx:1.27, privileged: true, stop_grace_period: 500s, deploy: {replicas: 6000}}
      `,
    });
    const stack = userStack();
    const app = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((e) => String(e.entry.data));
    expect(errors.map((e) => `${e.match(/CX\d{4}/)![0]}:${e.match(/compose\.yaml:(\d+)/)![1]}`).sort()).toEqual(['CX1301:2', 'CX1301:2', 'CX4018:2']);
    expect(app.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(3);
  });

  test('x-vpc and x-cluster beside the app\'s vpc and cluster: CX5117 at each key, and the app\'s VPC is the one used (no VPC endpoint created)', () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        a: {image: nginx:1.27}
      x-vpc:
        Properties:
          Endpoints: {AwsServices: [{service: ecr.dkr}]}
      x-cluster:
        ContainerInsights: false
    ` });
    const stack = userStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const app = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, vpc, cluster });
    const found = app.diagnostics.filter((d) => d.code === 'CX5117').map((d) => [d.severity, d.line, d.column, d.message.split(':')[0]]);
    expect(found).toEqual([
      ['warning', 3, 1, 'x-vpc is not used'],
      ['warning', 6, 1, 'x-cluster is not used'],
    ]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CX5117'))).toHaveLength(2);
    expect(app.stacks.network).toBeUndefined();
    const all = [Template.fromStack(stack), ...Object.values(app.families).map((f) => Template.fromStack(f.stack))].map((t) => JSON.stringify(t.toJSON()));
    expect(all.some((t) => t.includes('AWS::EC2::VPCEndpoint'))).toBe(false);

    // Without the app's vpc and cluster: no warning.
    const bare = new ComposeX(userStack(), 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    expect(bare.diagnostics.filter((d) => d.code === 'CX5117')).toEqual([]);
  });

  test("x-vpc's extra subnet groups beside the app's vpc: CX5117, and the family of the group's network runs in the app VPC's private subnets", () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        a: {image: nginx:1.27, networks: [internal]}
      networks:
        internal: {x-vpc: Internal}
      x-vpc:
        Use:
          VpcId: vpc-0a1b2c3d4e5f67890
          AppSubnets: [subnet-0a1b2c3d4e5f67891]
          Internal: [subnet-0a1b2c3d4e5f67897]
    ` });
    const stack = userStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
    const app = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, vpc });
    expect(app.diagnostics.filter((d) => d.code === 'CX5117').map((d) => d.message.split(':')[0])).toEqual(['x-vpc is not used']);
    const family = JSON.stringify(Template.fromStack(app.stacks.families.get('a')!).toJSON());
    expect(family).toContain('"Subnets":{"Ref":"PrivateSubnetIds"}');
    expect(family).not.toContain('SubnetsInternal');
  });

  test('a warning is attached to the construct once', () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        a: {image: nginx:1.27, tmpfs: [/tmp]}
    ` });
    const stack = userStack();
    new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CX4010'));
    expect(warnings).toHaveLength(1);
  });

  test('an x- key composex does not implement throws, unless allowUnsupportedKeys accepts synthesizing without it (then a warning)', () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        a: {image: nginx:1.27, x-aws-autoscaling: {max: 3}}
    ` });
    const refused = userStack();
    new ComposeX(refused, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    expect(Annotations.fromStack(refused).findError('*', Match.stringLikeRegexp('CX1430.*x-aws-autoscaling on service "a"'))).toHaveLength(1);
    const stack = userStack();
    const app = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, allowUnsupportedKeys: true });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CX1431'))).toHaveLength(1);
    // Nothing added for it: the task runs the one container the file declares.
    const task = Template.fromStack(app.stacks.families.get('a')!).findResources('AWS::ECS::TaskDefinition');
    const containers = Object.values(task)[0].Properties.ContainerDefinitions as { Name: string }[];
    expect(containers.map((c) => c.Name)).toEqual(['a']);
  });

  test('a note (info) is attached as an info, not a warning (which would fail cdk synth --strict)', () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        api: {image: public.ecr.aws/docker/library/python:3.12, depends_on: [db]}
        db: {image: public.ecr.aws/docker/library/postgres:16}
    ` });
    const stack = userStack();
    new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('CX3110'))).toHaveLength(1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CX3110'))).toHaveLength(0);
  });
});
