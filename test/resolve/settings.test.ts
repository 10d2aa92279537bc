import { pos, resolve, resolveOk } from './fixtures';

const WEB = `services: {web: {image: web}}\n`;

describe('x-vpc', () => {
  test.each<[string, string, unknown]>([
    ['absent: a new VPC with the defaults', '', { kind: 'new', maxAzs: 2, natGateways: 1, cidr: '10.0.0.0/16' }],
    ['new VPC settings', 'x-vpc: {MaxAzs: 3, NatGateways: 2, Cidr: 172.16.0.0/20}', { kind: 'new', maxAzs: 3, natGateways: 2, cidr: '172.16.0.0/20' }],
    ['ECS ComposeX Properties/VpcCidr/SingleNat: false', 'x-vpc: {MaxAzs: 3, Properties: {VpcCidr: 10.5.0.0/16, SingleNat: false}}', { kind: 'new', maxAzs: 3, natGateways: 3, cidr: '10.5.0.0/16' }],
    ['DisableNat', 'x-vpc: {Create: {DisableNat: true}}', { kind: 'new', maxAzs: 2, natGateways: 0, cidr: '10.0.0.0/16' }],
    [
      'an existing VPC',
      'x-vpc: {VpcId: vpc-0123456789abcdef0, PublicSubnets: [subnet-0000000a, subnet-0000000b], PrivateSubnets: [subnet-0000000c, subnet-0000000d], AvailabilityZones: [eu-west-1a, eu-west-1b]}',
      {
        kind: 'existing',
        vpcId: 'vpc-0123456789abcdef0',
        publicSubnetIds: ['subnet-0000000a', 'subnet-0000000b'],
        privateSubnetIds: ['subnet-0000000c', 'subnet-0000000d'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      },
    ],
    [
      'ECS ComposeX Use/AppSubnets, no public subnets needed',
      'x-vpc: {Use: {VpcId: vpc-0123abcd, AppSubnets: [subnet-0000000c]}}',
      { kind: 'existing', vpcId: 'vpc-0123abcd', publicSubnetIds: [], privateSubnetIds: ['subnet-0000000c'] },
    ],
  ])('%s', (_name, vpc, expected) => {
    expect(resolveOk(WEB + vpc).vpc).toEqual(expected);
  });

  test.each<[string, string, string, string, string, string, ('key' | 'value')?]>([
    ['unknown key', 'x-vpc: {MaxAz: 3}', 'CX3301', "unknown key 'MaxAz' in x-vpc", 'MaxAz', "did you mean 'MaxAzs'?"],
    ['MaxAzs out of range', 'x-vpc: {MaxAzs: 9}', 'CX3302', 'x-vpc.MaxAzs must be an integer from 1 to 6, not number 9', '9', 'write it as a whole number such as 1'],
    ['more NATs than AZs', 'x-vpc: {NatGateways: 3}', 'CX3302', 'x-vpc.NatGateways must be an integer from 0 to 2, not number 3', '3', 'write it as a whole number such as 0'],
    [
      'CIDR too small',
      'x-vpc: {Cidr: 10.0.0.0/28}',
      'CX3303',
      "x-vpc CIDR '10.0.0.0/28' must be an IPv4 block from /16 to /24",
      '10.0.0.0/28',
      'e.g. 10.0.0.0/16 (VPCs allow /16 to /28, and composex needs room for public and private subnets in each AZ)',
    ],
    ['CIDR with host bits', 'x-vpc: {Cidr: 10.0.0.1/16}', 'CX3303', "x-vpc CIDR '10.0.0.1/16' has host bits set", '10.0.0.1/16', "did you mean '10.0.0.0/16'?"],
    [
      'new and existing mixed',
      'x-vpc: {MaxAzs: 2, VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000c]}',
      'CX3303',
      'x-vpc mixes settings for a new VPC (MaxAzs) with an existing VPC (VpcId, PrivateSubnets)',
      'VpcId',
      'either describe the VPC to create, or give the IDs of an existing one',
    ],
    ['bad VPC id', 'x-vpc: {VpcId: vpc-12, PrivateSubnets: [subnet-0000000c]}', 'CX3303', "'vpc-12' is not a VPC id", 'vpc-12', 'a VPC id looks like vpc-0123456789abcdef0'],
    [
      'bad subnet id',
      'x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-zz]}',
      'CX3303',
      "'subnet-zz' in x-vpc.PrivateSubnets is not a valid id",
      'subnet-zz',
      'an id looks like subnet-0123456789abcdef0',
    ],
    ['no private subnets', 'x-vpc: {VpcId: vpc-0123abcd}', 'CX3303', 'x-vpc gives no PrivateSubnets, where the tasks run', 'x-vpc', 'add PrivateSubnets: [subnet-…, subnet-…]'],
    ['Lookup without subnets', 'x-vpc: {Lookup: {VpcId: {Tags: [{Name: main}]}}}', 'CX3303', 'x-vpc.Lookup does not say which subnets the tasks run in', 'Lookup', 'add AppSubnets: {Tags: [{tier: app}]}'],
    [
      'Lookup by tags without composex.lock.json',
      'x-vpc: {Lookup: {VpcId: {Tags: [{Name: main}]}, AppSubnets: {Tags: [{tier: app}]}}}',
      'CX3680',
      'x-vpc Lookup needs composex.lock.json, which is not there (composex renders offline)',
      'Lookup',
      'run `composex lookup` (with AWS credentials) and commit composex.lock.json; render then reads it offline',
    ],
    [
      'subnets not matching the zones',
      'x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000c, subnet-0000000d, subnet-0000000e], AvailabilityZones: [eu-west-1a, eu-west-1b]}',
      'CX3303',
      'x-vpc lists 3 PrivateSubnets for 2 AvailabilityZones; give the same number of subnets in each zone',
      '[subnet-0000000c',
      'list subnets in zone order, one (or the same number) per availability zone',
    ],
  ])('%s', (_name, vpc, code, message, marker, hint) => {
    const yaml = WEB + vpc;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });

  test('an existing VPC without public subnets cannot hold a load balancer', () => {
    const yaml = `
      services: {web: {image: web, ports: ["80:80"]}}
      x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000c]}
    `;
    expect(resolve(yaml).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3303',
        message: 'x-vpc gives no PublicSubnets, but published ports need an internet-facing load balancer in public subnets',
        ...pos(yaml, 'x-vpc'),
        hint: 'add PublicSubnets: [subnet-…, subnet-…]',
      },
    ]);
  });
});

describe('x-cluster', () => {
  test('an existing cluster: one warning that it needs the capacity providers the services use', () => {
    const yaml = `services:\n  web: {image: web}\n  spot: {image: w, x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT}]}}\nx-cluster: {Name: prod}\n`;
    const warnings = resolve(yaml).diagnostics.filter((d) => d.code === 'CX3307');
    expect(warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        ...pos(yaml, 'x-cluster'),
        message: "the services run with a capacity provider strategy (FARGATE, FARGATE_SPOT); the existing cluster 'prod' must have these capacity providers associated, or creating the ECS services fails",
      }),
    ]);
    expect(warnings[0].hint).toContain('aws ecs put-cluster-capacity-providers --cluster prod');
    expect(resolve(WEB).diagnostics.filter((d) => d.code === 'CX3307')).toEqual([]);
  });

  test.each<[string, string, unknown]>([
    ['absent: new, Container Insights on', '', { kind: 'new', containerInsights: true }],
    ['ContainerInsights: false', 'x-cluster: {ContainerInsights: false}', { kind: 'new', containerInsights: false }],
    ['Name', 'x-cluster: {Name: prod}', { kind: 'existing', clusterName: 'prod' }],
    ['ClusterName', 'x-cluster: {ClusterName: prod}', { kind: 'existing', clusterName: 'prod' }],
    ['Use (ECS ComposeX)', 'x-cluster: {Use: prod}', { kind: 'existing', clusterName: 'prod' }],
    ['Lookup: name', 'x-cluster: {Lookup: prod}', { kind: 'existing', clusterName: 'prod' }],
    ['Lookup: {ClusterName}', 'x-cluster: {Lookup: {ClusterName: prod}}', { kind: 'existing', clusterName: 'prod' }],
    [
      'an ARN',
      'x-cluster: {Name: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"}',
      { kind: 'existing', clusterName: 'prod', clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' },
    ],
  ])('%s', (_name, cluster, expected) => {
    expect(resolveOk(WEB + cluster).cluster).toEqual(expected);
  });

  test.each<[string, string, string, string, string, string]>([
    ['unknown key', 'x-cluster: {Nmae: prod}', 'CX3301', "unknown key 'Nmae' in x-cluster", 'Nmae', "did you mean 'Name'?"],
    ['invalid name', 'x-cluster: {Name: "my cluster"}', 'CX3304', "'my cluster' is neither an ECS cluster name nor a cluster ARN", '"my cluster"', 'a name has letters, digits, - and _ (at most 255); an ARN looks like arn:aws:ecs:eu-west-1:123456789012:cluster/name'],
    ['named twice', 'x-cluster: {Name: a, Use: b}', 'CX3304', 'x-cluster names the cluster 2 times (Name, Use)', 'Use', 'keep one: x-cluster: {Name: my-cluster}'],
    [
      'Lookup by tags without composex.lock.json',
      'x-cluster: {Lookup: {Tags: [{name: x}]}}',
      'CX3680',
      'x-cluster Lookup needs composex.lock.json, which is not there (composex renders offline)',
      'Lookup',
      'run `composex lookup` (with AWS credentials) and commit composex.lock.json; render then reads it offline',
    ],
    [
      'a Properties key composex does not set',
      'x-cluster: {Properties: {Configuration: {}}}',
      'CX3017',
      'x-cluster.Properties.Configuration is not supported',
      'Configuration',
      'composex does not configure ECS Exec logging or managed storage on the cluster: remove Configuration (ECS Exec itself is x-ecs.EnableExecuteCommand on a service)',
    ],
    [
      'ContainerInsights on an existing cluster',
      'x-cluster: {Name: prod, ContainerInsights: true}',
      'CX3304',
      'x-cluster.ContainerInsights only applies to a cluster composex creates, not an existing one',
      'ContainerInsights',
      'turn Container Insights on or off on the existing cluster itself',
    ],
  ])('%s', (_name, cluster, code, message, marker, hint) => {
    const yaml = WEB + cluster;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.code !== 'CX3307')).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });
});

describe('x-ecs and x-logging', () => {
  const on = (x: string) => `services:\n  web:\n    image: web\n    ${x}\n`;
  test.each<[string, string, string, string, string, string]>([
    ['unknown x-ecs key', on('x-ecs: {EnableExecCommand: true}'), 'CX3301', "unknown key 'EnableExecCommand' in services.web.x-ecs", 'EnableExecCommand', "did you mean 'EnableExecuteCommand'?"],
    ['wrong type', on('x-ecs: {EnableExecuteCommand: "yes"}'), 'CX3302', 'services.web.x-ecs.EnableExecuteCommand must be true or false, not string "yes"', '"yes"', 'write it as true or false (unquoted)'],
    [
      'a provider Fargate cannot use',
      on('x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOTS}]}'),
      'CX3306',
      "capacity provider 'FARGATE_SPOTS' is not available to Fargate tasks",
      'FARGATE_SPOTS',
      "did you mean 'FARGATE_SPOT'?",
    ],
    [
      'all weights zero',
      on('x-ecs: {CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 0}]}'),
      'CX3306',
      'at least one capacity provider needs a Weight above 0',
      '[{CapacityProvider',
      'e.g. [{CapacityProvider: FARGATE, Weight: 1, Base: 1}, {CapacityProvider: FARGATE_SPOT, Weight: 3}]',
    ],
    [
      'a task storage size that is not a number',
      on('x-ecs: {EphemeralStorage: 30G}'),
      'CX3302',
      'services.web.x-ecs.EphemeralStorage must be an integer from 1 to 100000, not string "30G"',
      '30G',
      'write it as a whole number such as 1',
    ],
    [
      'a retention that is not a whole number of days',
      on('x-logging: {RetentionInDays: 1.5}'),
      'CX3305',
      'x-logging.RetentionInDays 1.5 is not a whole number of days',
      '1.5',
      'write a number of days CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });

  test('x-ecs.EphemeralStorage is accepted (its range is checked with the task size, CX4014)', () => {
    const { model, diagnostics } = resolve(on('x-ecs: {EphemeralStorage: 30}'));
    expect(diagnostics).toEqual([]);
    expect(model).toBeDefined();
  });
});
