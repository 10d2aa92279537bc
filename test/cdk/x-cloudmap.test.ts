/** `x-cloudmap` with the CDK construct and the user's own VPC and cluster (issue 13 item 5). */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ComposeX } from '../../src/cdk/construct';
import { loadProject } from '../../src/compose/load';
import { projectDir, yaml } from '../helpers/project-dir';

function synth(top: string) {
  const app = new App({ analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'UserStack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const dir = projectDir({ 'compose.yaml': `${top}services:\n  web: {image: public.ecr.aws/nginx/nginx:1, expose: ["80"]}\n` });
  const { project } = loadProject({ files: [`${dir}/compose.yaml`], env: {} });
  const composex = new ComposeX(stack, 'Shop', { project: project!, vpc, cluster });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  return { stack, vpc, composex, template };
}

const ofType = (t: ReturnType<typeof synth>['template'], type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

test('a declared namespace is created in the user stack, in the user VPC, and the services use it', () => {
  const { stack, vpc, template } = synth('x-cloudmap:\n  ns: {ZoneName: shop.internal}\n');
  expect(ofType(template, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
  const [[id, ns]] = ofType(template, 'AWS::ServiceDiscovery::PrivateDnsNamespace');
  expect(ns.Properties!.Name).toBe('shop.internal');
  expect(ns.Properties!.Vpc).toEqual({ Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) });
  expect((template.Resources.FamilyWebStack.Properties!.Parameters as Record<string, unknown>).NamespaceArn).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
});

test('an existing namespace by ARN: nothing created, the ARN passed to the services', () => {
  const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdefghij012345';
  const { template } = synth(yaml`
    x-cloudmap:
      ns:
        Lookup: {Arn: "${arn}"}
  `);
  expect(ofType(template, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
  expect(ofType(template, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toEqual([]);
  expect((template.Resources.FamilyWebStack.Properties!.Parameters as Record<string, unknown>).NamespaceArn).toBe(arn);
});
