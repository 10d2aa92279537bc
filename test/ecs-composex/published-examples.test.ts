/**
 * ECS ComposeX's published example files (test/fixtures/ecs-composex, MPL-2.0, each with its
 * source URL), rendered as ECS ComposeX's own tests combine them: a use-case file over its base
 * file `use-cases/blog.features.yml`. Each one renders (the templates read for a few facts), or
 * is refused only for a Lookup (`composex lookup`); every error and every warning the tests name is pinned at its file:line:column, so a new refusal
 * fails here. The documentation pages' snippets are in documentation-snippets.test.ts. docs/migration.md ("ECS
 * ComposeX's published examples") lists the outcomes and why.
 */
import { resourcesOf } from '../helpers/templates';
import { SSM_ACCESS } from '../../src/resolve/resources/access';
import { at, BASE, compile, located, render, template } from './fixture-helpers';

describe('use-cases/blog.features.yml, the base of every use case', () => {
  test('unchanged: renders; what ECS ComposeX reads its own way is said at each place', () => {
    const { model, diagnostics } = compile([BASE]);
    expect(located(diagnostics)).toEqual([]);
    expect(model).toBeDefined();
    const said = (codes: readonly string[]) => located(diagnostics, 'warning').filter((l) => codes.includes(l.split(' ')[0])).sort();
    expect(said(['CX3504', 'CX3505', 'CX3327', 'CX3328'])).toEqual(
      [
        // the empty secrets beside john's x-secrets deliver nothing, as in ECS ComposeX: at each secret and each use
        at('CX3504', BASE, 'abcd'),
        at('CX3504', BASE, 'zyx'),
        at('CX3505', BASE, 'zyx', 1, '      - '),
        at('CX3505', BASE, 'zyx', 2, '      - '),
        at('CX3505', BASE, 'abcd', 1, '      - '),
        at('CX3505', BASE, 'zyx', 3, '      - '),
        // "rate(1h)" read as "rate(1 hour)"; DisableScaleIn alone tracks nothing (no policy, as in ECS ComposeX)
        at('CX3327', BASE, 'rate(1h)', 1),
        at('CX3327', BASE, 'rate(1h)', 2),
        at('CX3327', BASE, 'rate(1h)', 3),
        at('CX3328', BASE, 'TargetScaling'),
      ].sort(),
    );
  });

  test('its ports (mode: awsvpc) are container ports, as in ECS ComposeX: a warning at each mode, no load balancer', () => {
    const { diagnostics } = compile([BASE]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3250')).sort()).toEqual(
      [at('CX3250', BASE, 'awsvpc', 1), at('CX3250', BASE, 'awsvpc', 2), at('CX3250', BASE, 'awsvpc', 3), at('CX3250', BASE, 'awsvpc', 4)].sort(),
    );
    expect(diagnostics.filter((d) => d.code === 'CX3201' || d.code === 'CX3204')).toEqual([]);
  });

  test('renders; families, x-xray, x-logging, x-iam, x-network, x-scaling, secrets, x-tags read from the templates', () => {
    const result = render([BASE]);
    const stacks = result.files.map((f) => f.path);
    expect(stacks).toEqual(expect.arrayContaining(['FamilyBignicefamily.json', 'FamilyYoutoo.json', 'FamilyApp03.json']));
    expect(stacks).not.toContain('LoadBalancer.json'); // no published port is left
    // rproxy runs in both families; x-xray: true adds the daemon beside it; only app03 gets a secret (john's), as a file
    const containers = (file: string) =>
      resourcesOf(result, 'AWS::ECS::TaskDefinition')
        .filter((r) => r.file === file)
        .flatMap(({ resource }) => (resource.Properties!.ContainerDefinitions as { Name: string }[]).map((c) => c.Name));
    expect(containers('FamilyBignicefamily.json').sort()).toEqual(['app01', 'rproxy', 'xray-daemon']);
    expect(containers('FamilyYoutoo.json').sort()).toEqual(['app02', 'rproxy', 'xray-daemon']);
    expect(containers('FamilyApp03.json').sort()).toEqual(['app03', 'composex-secrets']);
    const definitions = JSON.stringify(resourcesOf(result, 'AWS::ECS::TaskDefinition'));
    expect(definitions).toContain('SOMETHING_GITHUB'); // john's VarName
    expect(definitions).not.toMatch(/zyx|abcd/); // the empty secrets deliver nothing
    // x-scaling: app01's three scheduled actions at "rate(1 hour)"; app02 scales in its Range, with no target tracking policy
    const target = (file: string) => resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalableTarget').find((r) => r.file === file)?.resource.Properties;
    expect((target('FamilyBignicefamily.json')!.ScheduledActions as { Schedule: string }[]).map((a) => a.Schedule)).toEqual(['rate(1 hour)', 'rate(1 hour)', 'rate(1 hour)']);
    expect(target('FamilyYoutoo.json')).toMatchObject({ MinCapacity: 1, MaxCapacity: 5 });
    expect(resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((r) => r.file === 'FamilyYoutoo.json')).toEqual([]);
    // x-logging RetentionInDays 1337 rounded to a value CloudWatch accepts (CX3350)
    const groups = resourcesOf(result, 'AWS::Logs::LogGroup').map(({ file, resource }) => `${file} ${String(resource.Properties!.RetentionInDays)}`);
    expect(groups).toEqual(expect.arrayContaining(['FamilyBignicefamily.json 1096', 'FamilyApp03.json 30']));
    // youtoo waits for bignicefamily (app02 depends on app01 and on the family), not the reverse
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!;
    const dependsOn = (id: string) => [root.template.Resources?.[id]?.DependsOn ?? []].flat();
    expect(dependsOn('FamilyYoutooStack')).toContain('FamilyBignicefamilyStack');
    expect(dependsOn('FamilyBignicefamilyStack')).not.toContain('FamilyYoutooStack');
    // x-tags on the family's resources
    const tags = (resourcesOf(result, 'AWS::ECS::Service')[0].resource.Properties!.Tags as { Key: string; Value: string }[]) ?? [];
    expect(tags).toContainEqual({ Key: 'costcentre', Value: 'lambda' });
    // x-iam Policies and ManagedPolicyArns on the task role
    const roles = resourcesOf(result, 'AWS::IAM::Role').filter(({ file }) => file === 'FamilyBignicefamily.json');
    expect(JSON.stringify(roles)).toContain('cloudwatch:PutMetricData');
    expect(JSON.stringify(roles)).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(result.warnings).toEqual(expect.arrayContaining([at('CX3350', BASE, '1337')]));
    // app03's x-aws-min_percent: 50 / x-aws-max_percent: 150 (Docker's ECS integration): its deployment configuration
    const deployment = (file: string) => resourcesOf(result, 'AWS::ECS::Service').find((r) => r.file === file)!.resource.Properties!.DeploymentConfiguration;
    expect(deployment('FamilyApp03.json')).toMatchObject({ MinimumHealthyPercent: 50, MaximumPercent: 150 });
    expect(deployment('FamilyYoutoo.json')).toMatchObject({ MinimumHealthyPercent: 0, MaximumPercent: 100 }); // read-write volume: stop-first
  });
});

describe('use cases that render over the unchanged base', () => {
  test('elbv2/create_only.yml: renders without --allow-unsupported-keys; x-dns.PublicZone is the existing zone it names (Use), nothing created; the load balancers as declared', () => {
    const file = 'use-cases/elbv2/create_only.yml';
    expect(located(compile([BASE, file]).diagnostics)).toEqual([]);
    const result = render([BASE, file]);
    expect(result.warnings.filter((w) => /^CX(143[01]|326[6-9]|3270)/.test(w))).toEqual([]);
    // x-dns.PublicZone {Name, Use}: an existing zone by id, as an x-route53 zone with its HostedZoneId
    expect(resourcesOf(result, 'AWS::Route53::HostedZone')).toEqual([]);
    expect(Object.keys(result.files.find((f) => f.path === 'ecs-composex.json')!.template.Parameters ?? {}).filter((p) => p.startsWith('HostedZone'))).toEqual([]);
    const lbA = template(result, 'Elbv2LbA.json');
    // Protocol HTTP with Certificates: HTTPS (ECS ComposeX's meaning), the modern TLS policy
    const listener = (r: typeof lbA, port: number) => Object.values(r).find((x) => x.Type === 'AWS::ElasticLoadBalancingV2::Listener' && x.Properties!.Port === port)!.Properties!;
    expect(listener(lbA, 443)).toMatchObject({ Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(listener(lbA, 80).DefaultActions).toEqual([expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443' }) })]);
    // the second certificate of 8080 is a ListenerCertificate (a listener's Certificates takes one)
    expect(listener(lbA, 8080).Certificates).toHaveLength(1);
    expect(lbA.Listener8080Certificate2.Properties!.Certificates).toEqual([{ CertificateArn: 'arn:aws:acm:eu-west-1:012345678912:certificate/102402a1-d0d2-46ff-b26b-33008f072ee8' }]);
    // cross_zone: True on an application load balancer is what an ALB does anyway: no attribute
    const attributes = Object.values(lbA).find((x) => x.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!.Properties!.LoadBalancerAttributes as { Key: string }[];
    expect(attributes.map((a) => a.Key)).not.toContain('load_balancing.cross_zone.enabled');
    const lbC = template(result, 'Elbv2LbC.json');
    expect(listener(lbC, 8080).Protocol).toBe('TCP');
    expect(listener(lbC, 8081)).toMatchObject({ Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(resourcesOf(result, 'AWS::CertificateManager::Certificate').map(({ resource }) => resource.Properties!.DomainName)).toEqual(['test.lambda-my-aws.io']);
  });

  test('sqs/simple_queue.yml: five queues, EnvNames, the FIFO queue, step scaling of app03 on queueE (list-form `scaling`)', () => {
    const file = 'use-cases/sqs/simple_queue.yml';
    const result = render([BASE, file]);
    const queues = resourcesOf(result, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(5);
    expect(queues.filter(({ resource }) => resource.Properties!.FifoQueue === true)).toHaveLength(1);
    const variables = resourcesOf(result, 'AWS::ECS::TaskDefinition').flatMap(({ resource }) =>
      (resource.Properties!.ContainerDefinitions as { Environment?: { Name: string }[] }[]).flatMap((c) => (c.Environment ?? []).map((e) => e.Name)),
    );
    expect(variables).toEqual(expect.arrayContaining(['queueb', 'FIFO_QUEUE', 'QUEUE_D', 'QUEUE_E']));
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter(({ resource }) => resource.Properties!.PolicyType === 'StepScaling');
    expect(policies.map(({ file: f }) => f)).toEqual(['FamilyApp03.json', 'FamilyApp03.json']); // out and in
    // the first step's LowerBound 0 is read as 1, said at the value
    expect(result.warnings).toContain(at('CX3326', file, '0', 1, 'LowerBound: '));
  });

  test('sns/simple_sns.yml: the topic; app01 (in bignicefamily) and youtoo may publish', () => {
    const result = render([BASE, 'use-cases/sns/simple_sns.yml']);
    expect(resourcesOf(result, 'AWS::SNS::Topic')).toHaveLength(1);
    const publishers = resourcesOf(result, 'AWS::IAM::Role').filter(({ resource }) => JSON.stringify(resource).includes('sns:Publish')).map(({ file }) => file);
    expect(publishers.sort()).toEqual(['FamilyBignicefamily.json', 'FamilyYoutoo.json']);
  });

  test('ssm/simple_parameter.yml: five parameters; the second and third named /some/yet-other-parameter get a name from CloudFormation (CX3625 at each Name); access SSMParameterReadPolicy (AWS SAM) is RO, with exactly its actions', () => {
    const file = 'use-cases/ssm/simple_parameter.yml';
    const result = render([BASE, file]);
    expect(result.warnings.filter((w) => w.startsWith('CX3625'))).toEqual([at('CX3625', file, '/some/yet-other-parameter', 2), at('CX3625', file, '/some/yet-other-parameter', 3)]);
    const parameters = resourcesOf(result, 'AWS::SSM::Parameter').map(({ resource }) => [(resource.Properties!.Tags as Record<string, string>)['composex:parameter'], resource.Properties!.Name]);
    expect(parameters).toEqual([
      ['parameterA', '/some/parameter'],
      ['parameterB', '/some/other-parameter'],
      ['parameterC', '/some/yet-other-parameter'],
      ['parameterD', undefined],
      ['parameterS', undefined],
    ]);
    const statements = (family: string) =>
      resourcesOf(result, 'AWS::IAM::Policy')
        .concat(resourcesOf(result, 'AWS::IAM::Role'))
        .filter(({ file: f }) => f === family)
        .flatMap(({ resource }) => JSON.stringify(resource).match(/"ssm:[A-Za-z]+"/g) ?? []);
    // youtoo: SSMParameterReadPolicy on parameterC, D and S; rproxy (in youtoo too): RO on the same
    expect([...new Set(statements('FamilyYoutoo.json'))].sort()).toEqual(SSM_ACCESS.RO.actions.map((a) => `"${a}"`));
    expect(statements('FamilyBignicefamily.json')).toContain('"ssm:PutParameter"'); // RW on parameterB
    // the generated names reach the services: the ARN in the policy and the variable are the parameter's Ref
    const stack = template(result, 'Parameters.json');
    const outputs = result.files.find((f) => f.path === 'Parameters.json')!.template.Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ParameterParameterDArn.Value)).toContain('{"Ref":"ParameterParameterD"}');
    expect(outputs.ParameterParameterDName.Value).toEqual({ Ref: 'ParameterParameterD' });
    expect(stack.ParameterParameterD.Properties!.Name).toBeUndefined();
    // rproxy is granted the parameters itself and through youtoo: each variable once
    const rproxy = resourcesOf(result, 'AWS::ECS::TaskDefinition')
      .filter(({ file: f }) => f === 'FamilyYoutoo.json')
      .flatMap(({ resource }) => resource.Properties!.ContainerDefinitions as { Name: string; Environment?: { Name: string; Value: unknown }[] }[])
      .find((c) => c.Name === 'rproxy')!;
    expect(rproxy.Environment!.filter((e) => /param/i.test(e.Name))).toEqual([
      { Name: 'FIFO_parameter', Value: { Ref: 'ParameterParameterCName' } },
      { Name: 'YAML_CONVERTED_PARAM', Value: { Ref: 'ParameterParameterSName' } },
      { Name: 'YAML_PARAM', Value: { Ref: 'ParameterParameterDName' } },
    ]);
  });

  test('rds/rds_basic.yml: dbB exports no logs, its audit and general left out (CX3623 at each); its MasterUserPassword ignored (CX3609), the password generated', () => {
    const file = 'use-cases/rds/rds_basic.yml';
    const result = render([BASE, file]);
    expect(result.warnings.filter((w) => /^CX36(09|23)/.test(w)).sort()).toEqual([at('CX3623', file, 'audit'), at('CX3623', file, 'general'), at('CX3609', file, 'MasterUserPassword')].sort());
    const clusters = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(clusters).toHaveLength(2);
    const dbB = clusters.find(({ resource }) => resource.Properties!.DatabaseName === 'dbname')!;
    expect(dbB.resource.Properties!.EnableCloudwatchLogsExports).toBeUndefined();
    expect(dbB.resource.Properties).toMatchObject({ Engine: 'aurora-postgresql', EngineVersion: '12.7', EnableHttpEndpoint: true, EnableIAMDatabaseAuthentication: true });
    expect(JSON.stringify(dbB.resource.Properties!.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(result.files.map((f) => f.template))).not.toContain('"MasterUserPassword":"dummy"');
  });

  test('alarms/create_only.yml: the composite alarm notifies nobody, its TopicArn ...:topic/sometopic left out (CX3336 at it); Scaling, ServiceName and CompositeExpression read (alarms-create-only.test.ts)', () => {
    const file = 'use-cases/alarms/create_only.yml';
    const result = render([BASE, file]);
    expect(result.warnings.filter((w) => w.startsWith('CX3336'))).toEqual([at('CX3336', file, 'arn:aws:sns')]);
    const alarms = template(result, 'Alarms.json');
    expect(Object.keys(alarms).sort()).toEqual(['AlarmAlarm01', 'AlarmCompositeAlarm', 'AlarmServiceAlarm']);
    expect(alarms.AlarmCompositeAlarm.Properties!.AlarmActions).toBeUndefined();
    expect(JSON.stringify(result.files.map((f) => f.template))).not.toContain('sometopic');
  });

  test('events/simple.yml: the rule named "demo" (Properties.Name) runs app03, which has no ECS service; its x-scaling (from the base) ignored, as in ECS ComposeX (CX3334)', () => {
    const result = render([BASE, 'use-cases/events/simple.yml']);
    const rules = resourcesOf(result, 'AWS::Events::Rule');
    expect(rules.map(({ file, resource }) => [file, resource.Properties!.Name, resource.Properties!.ScheduleExpression])).toEqual([['FamilyApp03.json', 'demo', 'rate(2 minutes)']]);
    expect(resourcesOf(result, 'AWS::ECS::Service').filter(({ file }) => file === 'FamilyApp03.json')).toEqual([]);
    expect(resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalableTarget').filter(({ file }) => file === 'FamilyApp03.json')).toEqual([]);
    expect(result.warnings.filter((w) => w.startsWith('CX3334'))).toEqual([at('CX3334', BASE, 'x-scaling', 3)]);
  });

  test('kinesis/create_only.yml: stream-02 is PROVISIONED without ShardCount: 1 shard, as ECS ComposeX did, said at its StreamModeDetails (CX3349)', () => {
    const file = 'use-cases/kinesis/create_only.yml';
    const result = render([BASE, file]);
    const streams = resourcesOf(result, 'AWS::Kinesis::Stream');
    const stream02 = streams.find(({ resource }) => resource.Properties!.Name === 'stream-02')!;
    expect(stream02.resource.Properties).toMatchObject({ ShardCount: 1, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    expect(result.warnings).toContain(at('CX3349', file, 'StreamModeDetails'));
    expect(result.warnings.filter((w) => w.startsWith('CX3349'))).toHaveLength(1);
  });

  test('elasticache/create_only.yml: Memcached 1.6.6 without encryption in transit (CX3673 at the version), cache03 in composex\'s subnet group (CX3676)', () => {
    const file = 'use-cases/elasticache/create_only.yml';
    const result = render([BASE, file]);
    expect(result.warnings.filter((w) => /^CX367/.test(w))).toEqual([at('CX3673', file, '1.6.6'), at('CX3676', file, 'CacheSubnetGroupName')]);
    const [memcached] = resourcesOf(result, 'AWS::ElastiCache::CacheCluster');
    expect(memcached.resource.Properties).toMatchObject({ Engine: 'memcached', EngineVersion: '1.6.6' });
    expect(memcached.resource.Properties!.TransitEncryptionEnabled).toBeUndefined();
    const groups = resourcesOf(result, 'AWS::ElastiCache::ReplicationGroup');
    expect(groups).toHaveLength(2);
    for (const { resource } of groups) {
      expect(resource.Properties).toMatchObject({ TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true });
      expect(resource.Properties!.CacheSubnetGroupName).toEqual({ Ref: expect.stringMatching(/SubnetGroup$/) });
    }
  });

  test('the x-cloudmap documentation (Use with services): Port 43, not a container port, is ignored (CX3271 at it); serviceA is in the namespace', () => {
    const file = 'docs/cloudmap-services.yml';
    const result = render([file, 'composex/cloudmap-services.image.yml']);
    expect(result.warnings.filter((w) => w.startsWith('CX3271'))).toEqual([at('CX3271', file, '43 #')]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['testing.cluster']);
  });

  test('dynamodb/table.yml: the table; x-vpc Endpoints: the S3 gateway, ecr.dkr and ecr.api interface endpoints in the VPC created (test/ecs-composex/vpc-endpoints.test.ts reads the rest)', () => {
    // Its services section moves rproxy to bignicefamily only, whose name app02 depends on: rproxy's
    // depends_on app02 orders no start, as in ECS ComposeX (CX1425, family-depends-on-cycle.test.ts)
    const file = 'use-cases/dynamodb/table.yml';
    const result = render([BASE, file]);
    expect(resourcesOf(result, 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(result.warnings).toContain(at('CX1425', BASE, 'app02', 1, '- '));
    expect(result.warnings.filter((w) => w.includes(file))).toEqual([]);
    // com.amazonaws.${AWS::Region}.<service> (Fn::Sub), or CDK's Fn::Join for the S3 gateway
    const service = (name: unknown) => /(?:Region\}|")\.([a-z0-9.-]+)"/.exec(JSON.stringify(name))![1];
    const endpoints = resourcesOf(result, 'AWS::EC2::VPCEndpoint').map(({ file: f, resource }) => [f, resource.Properties!.VpcEndpointType ?? 'Gateway', service(resource.Properties!.ServiceName)]);
    expect(endpoints.sort()).toEqual([
      ['Network.json', 'Gateway', 's3'],
      ['Network.json', 'Interface', 'ecr.api'],
      ['Network.json', 'Interface', 'ecr.dkr'],
    ]);
  });

  test('kms/simple_kms.yml: two keys with their aliases', () => {
    const result = render([BASE, 'use-cases/kms/simple_kms.yml']);
    expect(resourcesOf(result, 'AWS::KMS::Key')).toHaveLength(2);
    expect(resourcesOf(result, 'AWS::KMS::Alias')).toHaveLength(2);
  });

  test("docs/acm.yml (x-acm's documentation example): the certificate, validated by DNS in the zone given", () => {
    const result = render([BASE, 'docs/acm.yml']);
    const [cert] = resourcesOf(result, 'AWS::CertificateManager::Certificate');
    expect(cert.resource.Properties).toMatchObject({ DomainName: 'test.lambda-my-aws.io', ValidationMethod: 'DNS' });
    expect(JSON.stringify(cert.resource.Properties!.DomainValidationOptions)).toContain('ZABCDEFGHIS0123');
  });

  test("docs/route53-acm.yml (x-route53's documentation example): the zone a root parameter (Lookup: true), the certificate validated in it", () => {
    const result = render([BASE, 'docs/route53-acm.yml']);
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!;
    expect(Object.keys(root.template.Parameters ?? {}).filter((p) => p.startsWith('HostedZone'))).toHaveLength(1);
    const [cert] = resourcesOf(result, 'AWS::CertificateManager::Certificate');
    expect(cert.resource.Properties).toMatchObject({ DomainName: 'test.compose-x.io', SubjectAlternativeNames: ['someother.test.compose-x.io'] });
  });
});

describe('use cases refused only for a Lookup: composex lookup answers it', () => {
  test('kms/create_and_lookup.yml: CX3680 at the Lookup of keyC, nothing else', () => {
    const file = 'use-cases/kms/create_and_lookup.yml';
    const { model, diagnostics } = compile([BASE, file]);
    expect(model).toBeUndefined();
    expect(located(diagnostics)).toEqual([at('CX3680', file, 'Lookup')]);
    expect(diagnostics.find((d) => d.code === 'CX3680')!.hint).toMatch(/composex lookup/);
  });

  test.each([
    ['use-cases/sns/create_and_lookup.yml', 1],
    ['use-cases/s3/lookup_only.yml', 2],
  ])('%s: CX3680 at each Lookup, nothing else', (file, lookups) => {
    const { model, diagnostics } = compile([BASE, file]);
    expect(model).toBeUndefined();
    expect(located(diagnostics)).toEqual(Array.from({ length: lookups }, (_, i) => at('CX3680', file, 'Lookup:', i + 1)));
  });
});

/**
 * The other use cases ECS ComposeX's documentation includes; what each reads is tested in the file
 * named (test/ecs-composex/), here that it renders unchanged and passes the validator.
 */
describe('more use cases the documentation includes, rendered unchanged', () => {
  test.each([
    ['use-cases/dynamodb/table_with_gsi.yml', 'resource-access-dialect.test.ts'],
    ['use-cases/dynamodb/table_with_gsi_autoscaling.yml', 'dynamodb-scaling.test.ts'],
    ['use-cases/alarms/create_only.with_topics.yml', 'alarms-with-topics.test.ts'],
    ['use-cases/elbv2/create_only_with_alarms.yml', 'elbv2-alarms.test.ts'],
    ['use-cases/s3/full_s3_bucket_properties.yml', 'resource-access-dialect.test.ts'],
  ])('%s (%s)', (file) => {
    const result = render([BASE, file]);
    expect(result.files.length).toBeGreaterThan(0);
  });
});
