/**
 * The handles the ComposeX construct gives a CDK app: CDK's own interfaces (IRole, IGrantable,
 * ISecurityGroup, IConnectable), typed service names, the load balancer and its listeners, and
 * escape hatches that cannot silently overwrite what composex set.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ComposeX } from '../../src';
import { projectDir, yaml } from '../helpers/project-dir';

const COMPOSE = yaml`
  services:
    web: {image: nginx:1.27, ports: ["80:80"], depends_on: [api]}
    api: {image: nginx:1.27, expose: ["8080"]}
    worker: {image: nginx:1.27}
`;

function app(): App {
  return new App({ analyticsReporting: false, builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-creation-stack-traces': true } });
}

function shopIn(stack: Stack, compose = COMPOSE) {
  const dir = projectDir({ 'compose.yaml': compose });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
  const shop = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, vpc, serviceNames: ['api', 'web', 'worker'] });
  return { shop, vpc, dir };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
const ofType = (stack: Stack, type: string) => Object.entries(Template.fromStack(stack).toJSON().Resources as Resources).filter(([, r]) => r.Type === type);

describe('grants on the task role', () => {
  test('a service is an IGrantable: a grant adds a policy on its task role, in its stack, and its ECS service waits for it', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    const bucket = new s3.Bucket(stack, 'Uploads');
    bucket.grantRead(shop.services.api);
    const policies = ofType(shop.services.api.stack, 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    const [id, policy] = policies[0];
    expect(policy.Properties.Roles).toEqual([{ Ref: 'TaskRole' }]);
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('s3:GetObject*');
    const service = ofType(shop.services.api.stack, 'AWS::ECS::Service')[0][1];
    expect(service.DependsOn).toContain(id);
    // Other families get nothing.
    expect(ofType(shop.services.worker.stack, 'AWS::IAM::Policy')).toEqual([]);
  });

  test('taskRole(name), grant(name, fn) and the handle’s grant(fn) reach the same role', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    const queue = new sqs.Queue(stack, 'Jobs');
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:news';
    expect(shop.taskRole('worker')).toBe(shop.services.worker.taskRole);
    shop.grant('worker', (role) => queue.grantConsumeMessages(role));
    shop.services.worker.grant((role) => role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topicArn] })));
    const documents = ofType(shop.services.worker.stack, 'AWS::IAM::Policy').map(([, p]) => JSON.stringify(p.Properties.PolicyDocument));
    expect(documents).toHaveLength(1);
    expect(documents[0]).toContain('sqs:ReceiveMessage');
    expect(documents[0]).toContain(topicArn);
  });

  test('the execution role is not mutable: a grant to it adds nothing', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    new s3.Bucket(stack, 'Uploads').grantRead(shop.services.api.executionRole);
    expect(ofType(shop.services.api.stack, 'AWS::IAM::Policy')).toEqual([]);
  });
});

describe('security groups and connections', () => {
  test('a service is an IConnectable: the ingress rule names the family’s own group; its single port is the default port', () => {
    const stack = new Stack(app(), 'User');
    const { shop, vpc } = shopIn(stack);
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    db.connections.allowFrom(shop.services.api, ec2.Port.tcp(5432));
    const rules = ofType(stack, 'AWS::EC2::SecurityGroupIngress');
    expect(rules).toHaveLength(1);
    expect(rules[0][1].Properties).toMatchObject({ FromPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': ['NetworkingStack', 'Outputs.FamilyApiSecurityGroupId'] } });
    expect(shop.services.api.connections.defaultPort?.toString()).toBe('8080');
    expect(shop.services.worker.connections.defaultPort).toBeUndefined();
    expect(shop.services.api.securityGroup.securityGroupId).toBe(shop.services.api.connections.securityGroups[0].securityGroupId);
  });

  test('a user’s resource may open the family to itself: the rule lands in the user’s stack, on the family’s group', () => {
    const stack = new Stack(app(), 'User');
    const { shop, vpc } = shopIn(stack);
    const bastion = new ec2.SecurityGroup(stack, 'Bastion', { vpc });
    shop.services.api.connections.allowDefaultPortFrom(bastion);
    const rule = ofType(stack, 'AWS::EC2::SecurityGroupIngress')[0][1];
    expect(rule.Properties).toMatchObject({ FromPort: 8080, ToPort: 8080, GroupId: { 'Fn::GetAtt': ['NetworkingStack', 'Outputs.FamilyApiSecurityGroupId'] } });
  });
});

describe('the ECS service', () => {
  test('ecsService() is an ecs.IBaseService in the app’s stack, with the ARN and name read from the family’s stack', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    const service = shop.services.api.ecsService()!;
    expect(shop.services.api.ecsService()).toBe(service);
    expect(stack.resolve(service.serviceArn)).toEqual({ 'Fn::GetAtt': ['FamilyApiStack', 'Outputs.CdkServiceArn'] });
    expect(service.cluster.clusterName).toBe(shop.stacks.clusterRefs.clusterName);
    expect(stack.resolve(shop.services.api.serviceName)).toEqual({ 'Fn::GetAtt': ['FamilyApiStack', 'Outputs.CdkServiceName'] });
  });

  test('without the app’s cluster or VPC there is no ecs.ICluster to give it: CX5116', () => {
    const stack = new Stack(app(), 'User');
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    const shop = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    expect(() => shop.services.api.ecsService()).toThrow(/CX5116: ecsService\(\) of 'api' needs the cluster as an ecs.ICluster: pass `cluster` or `vpc`/);
    expect(stack.resolve(shop.services.api.serviceArn)).toEqual({ 'Fn::GetAtt': ['FamilyApiStack', 'Outputs.CdkServiceArn'] });
  });
});

describe('the load balancer and its listeners', () => {
  test('exposed with their ARNs, the DNS name and hosted zone, and a connections handle', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    const lb = shop.loadBalancer!;
    expect(lb.type).toBe('application');
    expect(shop.loadBalancers).toEqual([lb]);
    expect(Object.keys(lb.listeners)).toEqual(['HTTP/80']);
    expect(lb.listener(80)).toBe(lb.listeners['HTTP/80']);
    expect(() => lb.listener(443)).toThrow(/CX5114: the load balancer has no listener on 443; its listeners: HTTP\/80/);
    const record = { dns: lb.loadBalancerDnsName, zone: lb.loadBalancerCanonicalHostedZoneId, listener: lb.listener(80).listenerArn };
    new iam.CfnUser(stack, 'ReadsThem', { path: '/', userName: `${record.dns}-${record.zone}-${record.listener}` });
    const user = JSON.stringify(ofType(stack, 'AWS::IAM::User')[0][1].Properties);
    for (const output of ['LoadBalancerDnsName', 'CdkLoadBalancerCanonicalHostedZoneId', 'CdkListener80Arn']) expect(user).toContain(`Outputs.${output}`);
    expect(Object.keys(Template.fromStack(lb.stack).toJSON().Outputs)).toEqual(expect.arrayContaining(['CdkListener80Arn', 'CdkLoadBalancerCanonicalHostedZoneId']));
  });

  test("a connection the app adds from the load balancer gets its egress rule (its group sends only to its targets)", () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    const other = new ec2.SecurityGroup(stack, 'Other', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'OtherVpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'] }) });
    shop.loadBalancer!.connections.allowTo(other, ec2.Port.tcp(9443));
    const egress = ofType(stack, 'AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties as Record<string, unknown>);
    expect(egress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 9443, ToPort: 9443, DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Other/), 'GroupId'] } })]);
  });

  test('a project without published ports has none', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack, yaml`
      services:
        worker: {image: nginx:1.27}
    `);
    expect(shop.loadBalancer).toBeUndefined();
    expect(shop.loadBalancers).toEqual([]);
  });
});

describe('escape hatches cannot silently overwrite what composex set', () => {
  test('override adds a property composex did not set; replacing one it set throws CX5112 unless { replace: true }', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    shop.services.api.override('service', 'AvailabilityZoneRebalancing', 'ENABLED');
    expect(() => shop.services.api.override('service', 'DesiredCount', 5)).toThrow(/CX5112: AWS::ECS::Service .*FamilyApi\/Service: composex set DesiredCount/);
    expect(() => shop.services.api.override('taskDefinition', 'TaskRoleArn', 'arn:aws:iam::123456789012:role/x')).toThrow(/CX5112/);
    shop.services.api.override('service', 'DesiredCount', 5, { replace: true });
    const service = ofType(shop.services.api.stack, 'AWS::ECS::Service')[0][1];
    expect(service.Properties).toMatchObject({ AvailabilityZoneRebalancing: 'ENABLED', DesiredCount: 5 });
  });

  test('an override on the L1 itself of a property composex set fails synthesis with CX5113; a deletion too', () => {
    const overridden = new Stack(app(), 'User');
    shopIn(overridden).shop.services.web.cfn.service!.addPropertyOverride('LoadBalancers', []);
    expect(() => Template.fromStack(overridden)).toThrow(/CX5113: AWS::ECS::Service .*FamilyWeb\/Service: LoadBalancers, which composex set, was changed/);
    const deleted = new Stack(app(), 'User');
    shopIn(deleted).shop.services.api.cfn.taskRole.addPropertyDeletionOverride('AssumeRolePolicyDocument');
    expect(() => Template.fromStack(deleted)).toThrow(/CX5113: AWS::IAM::Role .*: AssumeRolePolicyDocument, which composex set, was removed/);
    const listener = new Stack(app(), 'User');
    shopIn(listener).shop.loadBalancer!.listener(80).cfn.addPropertyOverride('Port', 8081);
    expect(() => Template.fromStack(listener)).toThrow(/CX5113: AWS::ElasticLoadBalancingV2::Listener .*: Port/);
  });

  test('a family that only runs as tasks of x-events rules has no service to override (CX5111) and no service ARN', () => {
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        report: {image: nginx:1.27}
      x-events:
        nightly:
          Properties: {ScheduleExpression: "cron(0 2 * * ? *)"}
          Services:
            report: {TaskCount: 1, DeleteDefaultService: true}
    ` });
    const shop = new ComposeX(new Stack(app(), 'User'), 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, serviceNames: ['report'] });
    const report = shop.service('report');
    expect(report.cfn.service).toBeUndefined();
    expect(report.serviceArn).toBeUndefined();
    expect(() => report.override('service', 'DesiredCount', 1)).toThrow("CX5111: family 'report' has no service (it runs only as tasks of x-events rules)");
    report.override('taskDefinition', 'EnableFaultInjection', true);
    expect(ofType(report.stack, 'AWS::ECS::TaskDefinition')[0][1].Properties.EnableFaultInjection).toBe(true);
  });

  test('what composex did not set, and tags, are the app’s own: synthesis passes', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    shop.services.api.cfn.service!.addPropertyOverride('AvailabilityZoneRebalancing', 'DISABLED');
    Tags.of(stack).add('team', 'shop');
    const service = ofType(shop.services.api.stack, 'AWS::ECS::Service')[0][1];
    expect(service.Properties.AvailabilityZoneRebalancing).toBe('DISABLED');
    expect(service.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'shop' }]));
  });
});

describe('typed service names', () => {
  test('serviceNames types `services`; service(name) names the closest one for a wrong name', () => {
    const stack = new Stack(app(), 'User');
    const { shop } = shopIn(stack);
    expect(shop.services.api.familyName).toBe('api');
    // @ts-expect-error 'apii' is not one of serviceNames
    expect(shop.services.apii).toBeUndefined();
    // @ts-expect-error 'apii' is not one of serviceNames
    expect(() => shop.service('apii')).toThrow("CX5115: the compose project has no service 'apii'; did you mean 'api'?");
    expect(shop.service('web').serviceNames).toEqual(['web']);
  });

  test('a name in serviceNames that the compose file lacks is an error annotation (CX5115)', () => {
    const stack = new Stack(app(), 'User');
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, serviceNames: ['api', 'wrker'] });
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('CX5115'));
    expect(errors).toHaveLength(1);
    expect(errors[0].entry.data).toMatch(/compose\.yaml: error CX5115: serviceNames lists 'wrker', which the compose file does not define\n {2}hint: did you mean 'worker'\?/);
  });
});

describe('a compose file with errors', () => {
  test('each error is an annotation located in the file, without a stack trace; the app runs on with stand-ins', () => {
    const stack = new Stack(app(), 'User');
    const dir = projectDir({ 'compose.yaml': yaml`
      services:
        api: {image: nginx:1.27, privileged: true, deploy: {replicas: 6000}}
    ` });
    const shop = new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} }, serviceNames: ['api'] });
    // The app's own code still runs: grants and connections are accepted, nothing is generated.
    new s3.Bucket(stack, 'B').grantRead(shop.services.api);
    shop.services.api.connections.allowToAnyIpv4(ec2.Port.tcp(443));
    expect(() => shop.services.api.cfn).toThrow(/CX5110: 'api' was not generated: .*compose\.yaml has errors/);
    expect(() => shop.model).toThrow(/CX5110: nothing was generated/);
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((e) => String(e.entry.data));
    expect(errors.map((e) => e.match(/CX\d{4}/)![0]).sort()).toEqual(['CX1301', 'CX4018']);
    for (const e of errors) {
      expect(e).toMatch(/compose\.yaml:2:\d+: error CX\d{4}: /);
      expect(e).not.toMatch(/\n\s+at /);
    }
    expect(ofType(stack, 'AWS::CloudFormation::Stack')).toEqual([]);
    expect(shop.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(2);
  });

  test('an unreadable file (load error) is an error annotation as well', () => {
    const stack = new Stack(app(), 'User');
    const dir = projectDir({ 'compose.yaml': 'services: [\n' });
    new ComposeX(stack, 'Shop', { files: [`${dir}/compose.yaml`], load: { env: {} } });
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('compose\\.yaml:\\d+:\\d+: error CX1'));
    expect(errors.length).toBeGreaterThan(0);
  });
});
