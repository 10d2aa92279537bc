/**
 * `x-vpc.Endpoints.AwsServices` (ECS ComposeX's syntax and meaning): the VPC endpoints of the VPC
 * composex creates, read from the Network template; the resolve-level errors, each located.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import type { AppModel } from '../../src/resolve/model';
import { SUPPORTED_ENDPOINT_SERVICES } from '../../src/resolve/vpc-endpoints';
import { VPC_ENDPOINT_SERVICES } from '../../src/limits/vpc-endpoints';
import { brief, pos, resolve, resolveOk } from '../resolve/fixtures';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const WEB = 'services: {web: {image: web}}\n';

function render(model: AppModel): RenderResult {
  const result = renderModel(model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

function network(result: RenderResult): Resources {
  const file = result.files.find((f) => f.path === 'Network.json');
  if (!file) throw new Error(`no Network.json in ${result.files.map((f) => f.path).join(', ')}`);
  return file.template.Resources as Resources;
}

function ofType(resources: Resources, type: string): [string, Record<string, unknown>][] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}

/** The service of an endpoint's ServiceName (`Fn::Sub` of composex, `Fn::Join` of CDK's gateway endpoints). */
function serviceOf(name: unknown): string {
  const text = JSON.stringify(name);
  const sub = /com\.amazonaws\.\$\{AWS::Region\}\.([a-z0-9.-]+)/.exec(text);
  if (sub) return sub[1];
  const joined = /"\.([a-z0-9.-]+)"\]\]/.exec(text);
  if (joined) return joined[1];
  throw new Error(`cannot read the service of ${text}`);
}

function endpoints(resources: Resources): Record<string, Record<string, unknown>> {
  return Object.fromEntries(ofType(resources, 'AWS::EC2::VPCEndpoint').map(([, p]) => [serviceOf(p.ServiceName), p]));
}

/** The route tables of the subnets whose logical ids `subnetIds` names (as Refs). */
function routeTablesOf(resources: Resources, subnetRefs: unknown[]): unknown[] {
  const subnets = new Set(subnetRefs.map((r) => (r as { Ref: string }).Ref));
  return ofType(resources, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter(([, p]) => subnets.has((p.SubnetId as { Ref: string }).Ref))
    .map(([, p]) => p.RouteTableId);
}

describe('use-cases/dynamodb/table.yml over the base: s3, ecr.dkr, ecr.api', () => {
  const compiled = loadAndCompile(
    { cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', 'use-cases/dynamodb/table.yml'], env: { HOME: '/home/test' } },
    {},
  );
  const result = render(compiled.model!);
  const net = network(result);
  const byService = endpoints(net);
  const privateSubnets = ofType(net, 'AWS::EC2::Subnet').filter(([, p]) => p.MapPublicIpOnLaunch === false && JSON.stringify(p.Tags).includes('Private'));

  test('one endpoint per service: s3 the gateway composex always has, ecr.dkr and ecr.api interfaces', () => {
    expect(Object.keys(byService).sort()).toEqual(['ecr.api', 'ecr.dkr', 's3']);
    expect(byService.s3.VpcEndpointType ?? 'Gateway').toBe('Gateway');
    expect(byService['ecr.api'].VpcEndpointType).toBe('Interface');
    expect(byService['ecr.dkr'].VpcEndpointType).toBe('Interface');
    expect(byService['ecr.api'].ServiceName).toEqual({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.ecr.api' });
  });

  test('the s3 gateway is on the route tables of the task subnets', () => {
    const taskSubnets = (byService['ecr.api'].SubnetIds as unknown[]);
    expect((byService.s3.RouteTableIds as unknown[]).sort()).toEqual(routeTablesOf(net, taskSubnets).sort());
  });

  test('interface endpoints: private DNS, in the task subnets (one per zone), behind the endpoints group', () => {
    // SingleNat: false: a NAT per zone; the tasks' subnets are the private ones (two zones)
    expect(privateSubnets).toHaveLength(2);
    const zones = privateSubnets.map(([, p]) => JSON.stringify(p.AvailabilityZone));
    expect(new Set(zones).size).toBe(2);
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!;
    expect(JSON.stringify(root.template)).toContain('PrivateSubnetIds');
    for (const service of ['ecr.api', 'ecr.dkr']) {
      expect(byService[service]).toMatchObject({ PrivateDnsEnabled: true, SecurityGroupIds: [{ 'Fn::GetAtt': ['EndpointsSecurityGroup', 'GroupId'] }] });
      expect((byService[service].SubnetIds as { Ref: string }[]).map((r) => r.Ref).sort()).toEqual(privateSubnets.map(([id]) => id).sort());
    }
  });

  test('the endpoints group admits TCP 443 from the VPC CIDR only, and starts nothing', () => {
    expect(net.EndpointsSecurityGroup.Properties!.SecurityGroupIngress).toBeUndefined();
    expect(net.EndpointsSecurityGroup.Properties!.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
    const rules = ofType(net, 'AWS::EC2::SecurityGroupIngress');
    expect(rules).toEqual([
      [
        'EndpointsSecurityGroupHttpsFromVpc',
        {
          GroupId: { 'Fn::GetAtt': ['EndpointsSecurityGroup', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          CidrIp: '172.23.0.0/24',
          Description: 'HTTPS to the VPC endpoints from the VPC',
        },
      ],
    ]);
  });

  test("the VPC resolves names (private DNS needs DNS support and hostnames)", () => {
    const [[, vpc]] = ofType(net, 'AWS::EC2::VPC');
    expect(vpc).toMatchObject({ CidrBlock: '172.23.0.0/24', EnableDnsHostnames: true, EnableDnsSupport: true });
  });
});

describe('x-vpc Endpoints, rendered', () => {
  test('dynamodb is a gateway on the task route tables beside s3; logs, secretsmanager interfaces; no NAT: isolated task subnets', () => {
    const model = resolveOk(
      WEB +
        'x-vpc:\n  Properties:\n    DisableNat: true\n    Endpoints:\n      AwsServices:\n        - service: dynamodb\n        - service: logs\n        - service: secretsmanager\n        - service: ecs-agent\n',
    );
    expect(model.vpc).toMatchObject({
      endpoints: [
        { service: 'dynamodb', type: 'Gateway' },
        { service: 'logs', type: 'Interface' },
        { service: 'secretsmanager', type: 'Interface' },
        { service: 'ecs-agent', type: 'Interface' },
      ],
    });
    const net = network(render(model));
    const byService = endpoints(net);
    expect(Object.keys(byService).sort()).toEqual(['dynamodb', 'ecs-agent', 'logs', 's3', 'secretsmanager']);
    expect(byService.dynamodb.VpcEndpointType ?? 'Gateway').toBe('Gateway');
    expect(byService.dynamodb.RouteTableIds).toEqual(byService.s3.RouteTableIds);
    const taskSubnets = byService.logs.SubnetIds as unknown[];
    expect(taskSubnets).toHaveLength(2);
    expect((byService.dynamodb.RouteTableIds as unknown[]).sort()).toEqual(routeTablesOf(net, taskSubnets).sort());
    expect(ofType(net, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType(net, 'AWS::EC2::SecurityGroupIngress').map(([, p]) => p.CidrIp)).toEqual(['10.0.0.0/16']);
  });

  test('without Endpoints: the S3 gateway only, no endpoint security group', () => {
    const net = network(render(resolveOk(WEB)));
    expect(Object.keys(endpoints(net))).toEqual(['s3']);
    expect(ofType(net, 'AWS::EC2::SecurityGroup')).toEqual([]);
  });

  test('MaxAzs 3: one interface network interface per zone, three subnets', () => {
    const net = network(render(resolveOk(WEB + 'x-vpc: {MaxAzs: 3, Endpoints: {AwsServices: [{service: sts}]}}\n')));
    expect(endpoints(net).sts.SubnetIds).toHaveLength(3);
  });
});

describe('x-vpc Endpoints, refused where it is wrong, each place located', () => {
  const cases: [string, string, string, string, string, RegExp][] = [
    ['an unknown service', 'x-vpc: {Properties: {Endpoints: {AwsServices: [{service: ecr.dockr}]}}}', 'CX3014', 'ecr.dockr', "'ecr.dockr' is not a service composex creates a VPC endpoint for", /did you mean 'ecr.dkr'\?/],
    ['a full service name', 'x-vpc: {Endpoints: {AwsServices: [{service: com.amazonaws.eu-west-1.logs}]}}', 'CX3014', 'com.amazonaws', "'com.amazonaws.eu-west-1.logs' is not a service composex creates a VPC endpoint for", /after com\.amazonaws\.<region>\./],
    ['a service twice', 'x-vpc: {Endpoints: {AwsServices: [{service: logs}, {service: logs}]}}', 'CX3015', 'logs}]', "x-vpc Endpoints lists 'logs' twice (also at compose.yaml:2:45)", /keep one entry/],
    ['a string entry', 'x-vpc: {Endpoints: {AwsServices: [logs]}}', 'CX3013', 'logs', "x-vpc Endpoints entry 'logs' must be a mapping", /- service: logs/],
    ['AwsServices not a list', 'x-vpc: {Endpoints: {AwsServices: logs}}', 'CX3013', 'logs', 'x-vpc.Endpoints.AwsServices must be a list of {service: name}', /AwsServices: \[\{service: ecr\.api\}/],
    ['an entry without service', 'x-vpc: {Endpoints: {AwsServices: [{name: logs}]}}', 'CX3013', '{name', 'an x-vpc Endpoints entry names no service', /- service: ecr\.api \(its only key is service, not name\)/],
    [
      'Endpoints beside an existing VPC',
      'x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000c], Endpoints: {AwsServices: [{service: logs}]}}',
      'CX3016',
      'Endpoints',
      'x-vpc Endpoints creates VPC endpoints in a VPC composex creates, but this x-vpc names an existing VPC',
      /create the endpoints where that VPC is managed/,
    ],
    [
      'Endpoints in Properties beside Use',
      'x-vpc: {Use: {VpcId: vpc-0123abcd, AppSubnets: [subnet-0000000c]}, Properties: {Endpoints: {AwsServices: [{service: logs}]}}}',
      'CX3016',
      'Endpoints',
      'x-vpc Endpoints creates VPC endpoints in a VPC composex creates, but this x-vpc names an existing VPC',
      /remove Endpoints/,
    ],
    [
      'Endpoints in Properties beside Lookup',
      'x-vpc: {Lookup: {VpcId: {Identifier: vpc-0123abcd}, AppSubnets: {Tags: [{tier: app}]}}, Properties: {Endpoints: {AwsServices: [{service: logs}]}}}',
      'CX3016',
      'Endpoints',
      'x-vpc Endpoints creates VPC endpoints in a VPC composex creates, but this x-vpc names an existing VPC',
      /remove Endpoints/,
    ],
  ];
  test.each(cases)('%s', (_name, vpc, code, marker, message, hint) => {
    const yaml = WEB + vpc;
    const errors = brief(resolve(yaml).diagnostics).filter((d) => d.severity === 'error' && d.code !== 'CX3680');
    const at = pos(yaml, marker);
    expect(errors).toEqual([{ code, severity: 'error', line: at.line, column: at.column, message, hint: expect.stringMatching(hint) }]);
  });

  test('an unknown key in an entry is an unknown x- key, with "did you mean"', () => {
    const yaml = WEB + 'x-vpc: {Endpoints: {AwsServices: [{service: logs, sevice: kms}]}}';
    const errors = brief(resolve(yaml).diagnostics).filter((d) => d.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'CX3301', line: 2, column: pos(yaml, 'sevice').column, hint: "did you mean 'service'?" })]);
  });
});

test('docs/x-keys.md lists exactly the services of src/limits/vpc-endpoints.ts, with their types', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'x-keys.md'), 'utf8');
  const paragraph = /Services accepted: (.*?)\n\(interface\)/s.exec(text)![1];
  const [gateways, interfaces] = paragraph.split('(gateway);').map((part) => [...part.matchAll(/`([a-z0-9.-]+)`/g)].map((m) => m[1]));
  expect(gateways.sort()).toEqual(SUPPORTED_ENDPOINT_SERVICES.filter((s) => VPC_ENDPOINT_SERVICES[s].type === 'Gateway'));
  expect(interfaces.sort()).toEqual(SUPPORTED_ENDPOINT_SERVICES.filter((s) => VPC_ENDPOINT_SERVICES[s].type === 'Interface'));
});
