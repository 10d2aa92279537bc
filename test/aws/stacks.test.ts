import { dirname, join } from 'path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

// The validator ships inside aws-cdk-lib (not a dependency of its own).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CompositeEngine, TemplateContent } = require(
  join(dirname(require.resolve('aws-cdk-lib/package.json')), 'node_modules/@aws/cloudformation-validate'),
) as {
  CompositeEngine: new () => { validateTemplate(t: unknown): { diagnostics: { severity: string; ruleId: string; message: string }[] }; free(): void };
  TemplateContent: new (text: string, name: string) => unknown;
};
import type { AppModel } from '../../src/resolve/model';
import { MAX_FAMILIES_IN_ROOT } from '../../src/aws/app';
import { container, family, familyIngress, model, richModel, testStack } from './fixtures';
import { resourcesOfType, synth, type TemplateJson } from './helpers';

describe('the stacks of the rich project', () => {
  const { templates } = synth(richModel());
  const root = templates.get('Root')!;

  test('root holds the nested stacks under fixed logical IDs', () => {
    expect(
      Object.entries(root.Resources!)
        .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
        .map(([id]) => id)
        .sort(),
    ).toEqual([
      'ClusterStack',
      'FamilyApiStack',
      'FamilyDbStack',
      'FamilyWebStack',
      'FamilyWorkerStack',
      'LoadBalancerStack',
      'NetworkStack',
      'NetworkingStack',
      'SecretsStack',
      'StorageStack',
    ]);
  });

  test('new VPC: 2 AZs, public + private subnets, one NAT, an S3 gateway endpoint', () => {
    const net = templates.get('Network')!;
    const subnets = resourcesOfType(new Map([['n', net]]), 'AWS::EC2::Subnet');
    expect(subnets).toHaveLength(4);
    expect(resourcesOfType(new Map([['n', net]]), 'AWS::EC2::NatGateway')).toHaveLength(1);
    const endpoints = resourcesOfType(new Map([['n', net]]), 'AWS::EC2::VPCEndpoint');
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0].props.VpcEndpointType ?? 'Gateway').toBe('Gateway');
    expect(JSON.stringify(endpoints[0].props.ServiceName)).toContain('.s3');
    // No Lambda-backed custom resources, nothing nobody asked for.
    expect(Object.values(net.Resources!).map((r) => r.Type).filter((t) => t.startsWith('Custom::') || t.startsWith('AWS::Lambda'))).toEqual([]);
    expect(Object.keys(net.Outputs!).sort()).toEqual(['PrivateSubnetIds', 'PublicSubnetIds', 'VpcId']);
  });

  test('cluster: Container Insights, FARGATE and FARGATE_SPOT, a namespace named after the project', () => {
    const t = new Map([['c', templates.get('Cluster')!]]);
    expect(resourcesOfType(t, 'AWS::ECS::Cluster')[0].props.ClusterSettings).toEqual([{ Name: 'containerInsights', Value: 'enabled' }]);
    expect(resourcesOfType(t, 'AWS::ECS::ClusterCapacityProviderAssociations')[0].props.CapacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(resourcesOfType(t, 'AWS::ServiceDiscovery::HttpNamespace')[0].props.Name).toBe('shop');
  });

  test('EFS: encrypted, retained, an access point, a mount target per private subnet', () => {
    const storage = templates.get('Storage')!;
    const fs = storage.Resources!.FileSystemPgdata;
    expect(fs.Type).toBe('AWS::EFS::FileSystem');
    expect(fs.Properties!.Encrypted).toBe(true);
    expect(fs.DeletionPolicy).toBe('Retain');
    expect(fs.UpdateReplacePolicy).toBe('Retain');
    expect(fs.Properties!.BackupPolicy).toEqual({ Status: 'ENABLED' });
    // EFS's default policy admits any client anonymously; this one allows nobody by itself (the
    // task roles' own policies grant the mount) and denies every client action without TLS or
    // from outside a mount target.
    const actions = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'];
    expect(fs.Properties!.FileSystemPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: actions, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'DenyOutsideMountTargets', Effect: 'Deny', Principal: { AWS: '*' }, Action: actions, Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } } },
      ],
    });
    expect(JSON.stringify(fs.Properties!.FileSystemPolicy)).not.toContain('"Allow"');
    // no POSIX user enforced (the db container declares no user): root owns the directory
    expect(storage.Resources!.AccessPointPgdata.Properties!.PosixUser).toBeUndefined();
    expect(storage.Resources!.AccessPointPgdata.Properties!.RootDirectory).toEqual({ Path: '/data', CreationInfo: { OwnerUid: '0', OwnerGid: '0', Permissions: '755' } });
    expect(storage.Resources!.AccessPointPgdata.Type).toBe('AWS::EFS::AccessPoint');
    const mountTargets = resourcesOfType(new Map([['s', storage]]), 'AWS::EFS::MountTarget');
    expect(mountTargets.map((m) => m.id)).toEqual(['MountTargetPgdata1', 'MountTargetPgdata2']);
    for (const m of mountTargets) expect(m.props.SecurityGroups).toEqual([{ Ref: 'VolumePgdataSecurityGroupId' }]);
  });

  test('created secret: no value in the template; external secrets create nothing', () => {
    const secrets = resourcesOfType(templates, 'AWS::SecretsManager::Secret');
    expect(secrets.map((s) => s.id)).toEqual(['SecretDbPassword']);
    expect(secrets[0].props.SecretString).toBeUndefined();
    expect(secrets[0].props.GenerateSecretString).toBeUndefined();
    expect(secrets[0].resource.DeletionPolicy).toBe('Retain');
    // The ARN travels as a NoEcho parameter (validators flag parameters named like passwords).
    expect(templates.get('FamilyApi')!.Parameters!.SecretDbPasswordArn).toEqual({ Type: 'String', NoEcho: true });
  });

  test('load balancer: internet-facing ALB in public subnets, a listener, an ip target group with health check', () => {
    const lb = new Map([['lb', templates.get('LoadBalancer')!]]);
    expect(resourcesOfType(lb, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0].props).toMatchObject({
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: { Ref: 'PublicSubnetIds' },
      SecurityGroups: [{ Ref: 'LoadBalancerSecurityGroupId' }],
    });
    expect(resourcesOfType(lb, 'AWS::ElasticLoadBalancingV2::Listener')[0].props).toMatchObject({
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupWebWeb80' } }],
    });
    expect(resourcesOfType(lb, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0].props).toMatchObject({
      TargetType: 'ip',
      Port: 80,
      Protocol: 'HTTP',
      HealthCheckPath: '/healthz',
      VpcId: { Ref: 'VpcId' },
      // a short deregistration delay (ELB's default, 300 s, slows every deployment)
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    });
    expect(resourcesOfType(lb, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0].props.LoadBalancerAttributes).toEqual([
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    ]);
  });

  test('every template passes the CloudFormation validator with no error', () => {
    const engine = new CompositeEngine();
    try {
      const errors: string[] = [];
      for (const [name, t] of templates) {
        const report = engine.validateTemplate(new TemplateContent(JSON.stringify(t), name));
        for (const d of report.diagnostics) {
          if (String(d.severity).toUpperCase().startsWith('ERR')) errors.push(`${name}: ${d.ruleId} ${d.message}`);
        }
      }
      expect(errors).toEqual([]);
    } finally {
      engine.free();
    }
  });
});

describe('network load balancer', () => {
  test('TCP and UDP listeners, TCP health checks', () => {
    const m = model([family('dns', [container('dns')], { ports: [{ service: 'dns', port: 53, protocol: 'udp' }, { service: 'dns', port: 53, protocol: 'tcp' }] })], {
      loadBalancer: {
        type: 'network',
        listeners: [
          { port: 53, protocol: 'UDP', target: { family: 'dns', service: 'dns', containerPort: 53 } },
          { port: 5353, protocol: 'TCP', target: { family: 'dns', service: 'dns', containerPort: 53 } },
        ],
      },
    });
    const { templates } = synth(m);
    const lb = templates.get('LoadBalancer')!;
    expect(lb.Resources!.LoadBalancer.Properties!.Type).toBe('network');
    // cross-zone on: off by default on an NLB, where a zone without tasks would answer nothing
    expect(lb.Resources!.LoadBalancer.Properties!.LoadBalancerAttributes).toEqual([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]);
    for (const id of ['TargetGroupDnsDns53', 'TargetGroupDnsDns53Udp']) {
      expect(lb.Resources![id].Properties!.TargetGroupAttributes).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]);
    }
    expect(Object.keys(lb.Resources!).sort()).toEqual(['ListenerUdp53', 'Listener5353', 'LoadBalancer', 'TargetGroupDnsDns53', 'TargetGroupDnsDns53Udp'].sort());
    expect(lb.Resources!.TargetGroupDnsDns53Udp.Properties).toMatchObject({ Protocol: 'UDP', HealthCheckProtocol: 'TCP', TargetType: 'ip' });
    expect(templates.get('FamilyDns')!.Resources!.Service.Properties!.LoadBalancers).toEqual([
      { ContainerName: 'dns', ContainerPort: 53, TargetGroupArn: { Ref: 'TargetGroupDnsDns53UdpArn' } },
      { ContainerName: 'dns', ContainerPort: 53, TargetGroupArn: { Ref: 'TargetGroupDnsDns53Arn' } },
    ]);
  });
});

describe('existing VPC and cluster', () => {
  const m: AppModel = {
    ...richModel(),
    vpc: {
      kind: 'existing',
      vpcId: 'vpc-0abc',
      publicSubnetIds: ['subnet-p1', 'subnet-p2'],
      privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    },
    cluster: { kind: 'existing', clusterName: 'prod' },
  };
  const { templates } = synth(m);
  const root = templates.get('Root')!;

  test('VPC and subnets are root parameters defaulting to x-vpc; no Network stack, no lookup', () => {
    expect(root.Parameters!.VpcId).toMatchObject({ Type: 'AWS::EC2::VPC::Id', Default: 'vpc-0abc' });
    expect(root.Parameters!.PrivateSubnetIds).toMatchObject({ Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-a,subnet-b,subnet-c' });
    expect(root.Parameters!.PublicSubnetIds).toMatchObject({ Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-p1,subnet-p2' });
    expect(templates.has('Network')).toBe(false);
    expect(root.Resources!.FamilyApiStack.Properties!.Parameters).toMatchObject({
      PrivateSubnetIds: { 'Fn::Join': [',', { Ref: 'PrivateSubnetIds' }] },
    });
    // one mount target per given private subnet
    expect(resourcesOfType(new Map([['s', templates.get('Storage')!]]), 'AWS::EFS::MountTarget')).toHaveLength(3);
  });

  test('existing cluster by name: no cluster resource, the namespace only', () => {
    const cluster = templates.get('Cluster')!;
    expect(Object.values(cluster.Resources!).map((r) => r.Type)).toEqual(['AWS::ServiceDiscovery::HttpNamespace']);
    expect(root.Resources!.FamilyApiStack.Properties!.Parameters).toMatchObject({ ClusterName: 'prod' });
  });
});

describe('stability', () => {
  function ids(templates: Map<string, TemplateJson>): Map<string, string[]> {
    return new Map(
      [...templates].map(([name, t]) => [
        name,
        [
          ...Object.keys(t.Resources ?? {}).map((k) => `resource ${k}`),
          ...Object.keys(t.Parameters ?? {}).map((k) => `parameter ${k}`),
          ...Object.keys(t.Outputs ?? {}).map((k) => `output ${k}`),
        ],
      ]),
    );
  }

  test('adding a service leaves every existing logical ID (and unrelated family template) unchanged', () => {
    const before = synth(richModel()).templates;
    const base = richModel();
    // A family that sorts first, with its own volume and an edge to an existing family.
    const extra = family('aaa', [container('aaa', { mounts: [{ kind: 'volume', volume: 'aaa-data', containerPath: '/d', readOnly: false }] })], { volumes: ['aaa-data'] });
    const after = synth({
      ...base,
      families: [extra, ...base.families],
      ingress: [...base.ingress, familyIngress('aaa', 'api', 8080), { source: { kind: 'family', family: 'aaa' }, target: { kind: 'volume', volume: 'aaa-data' }, protocol: 'tcp', fromPort: 2049, toPort: 2049, reason: 'volumes: aaa-data' }],
      volumes: [{ name: 'aaa-data', families: ['aaa'] }, ...base.volumes],
    }).templates;
    const idsAfter = ids(after);
    for (const [name, list] of ids(before)) {
      expect({ name, missing: list.filter((id) => !(idsAfter.get(name) ?? []).includes(id)) }).toEqual({ name, missing: [] });
    }
    for (const f of ['FamilyApi', 'FamilyDb', 'FamilyWeb', 'FamilyWorker']) expect(after.get(f)).toEqual(before.get(f));
    expect(after.has('FamilyAaa')).toBe(true);
  });

  test('the same model gives identical templates', () => {
    const a = synth(richModel()).templates;
    const b = synth(richModel()).templates;
    expect(JSON.stringify([...b])).toEqual(JSON.stringify([...a]));
  });
});

describe('scale', () => {
  test(`past ${MAX_FAMILIES_IN_ROOT} families, family stacks are grouped and every template stays within limits`, () => {
    const n = MAX_FAMILIES_IN_ROOT + 20;
    const names = Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
    const m = model(
      names.map((name) => family(name, [container(name)], { ports: [{ service: name, port: 8080, protocol: 'tcp' }] })),
      { ingress: names.slice(1).map((name) => familyIngress(name, names[0], 8080)) },
    );
    const { stacks, templates } = synth(m);
    expect(stacks.familyGroups.length).toBeGreaterThan(1);
    const root = templates.get('Root')!;
    expect(Object.keys(root.Resources!).filter((k) => k.startsWith('Family')).length).toBe(0);
    for (const [name, t] of templates) {
      const counts = [Object.keys(t.Parameters ?? {}).length, Object.keys(t.Outputs ?? {}).length, Object.keys(t.Resources ?? {}).length];
      expect({ name, ok: counts[0] <= 200 && counts[1] <= 200 && counts[2] <= 500 }).toEqual({ name, ok: true });
    }
    // A family in a group still gets its values, passed through the group stack by name.
    const group = stacks.families.get(names[7])!.nestedStackParent!;
    const groupTemplate = templates.get(group.node.id)!;
    expect(Object.keys(groupTemplate.Parameters!)).toEqual(expect.arrayContaining(['ClusterName', 'NamespaceArn', 'PrivateSubnetIds']));
  });
});

describe('user-provided VPC (CDK)', () => {
  test('no Network stack and no VPC parameters', () => {
    const inOwnStack = testStack();
    const userVpc = ec2.Vpc.fromVpcAttributes(inOwnStack, 'Imported', {
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-p1', 'subnet-p2'],
      privateSubnetIds: ['subnet-a', 'subnet-b'],
    });
    const { templates } = synth(richModel(), { vpc: userVpc }, inOwnStack);
    expect(templates.has('Network')).toBe(false);
    expect(templates.get('Root')!.Parameters?.VpcId).toBeUndefined();
    expect(templates.get('Root')!.Resources!.NetworkingStack.Properties!.Parameters).toMatchObject({ VpcId: 'vpc-1' });
  });
});
