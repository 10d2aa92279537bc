/**
 * x-opensearch in the resolve stage: what OpenSearch Service would refuse (versions, instance types,
 * storage, zones, master users, log types) and what would weaken the domain (encryption off, TLS
 * below 1.2, an access policy for everyone) are errors at their position; a Lookup is refused with
 * what to write instead; valid declarations become domains with one grant per consumer (exact es:
 * actions per level) and ingress from exactly the consuming families on 443.
 */
import { brief, errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES, ruleStrings } from './fixtures';

const domain = (properties = '{}', macro = '', services = 'Services: {api: {Access: {Http: RW}}}') =>
  `${RESOURCE_SERVICES}x-opensearch:\n  search:\n    Properties: ${properties}\n${macro ? `    MacroParameters: ${macro}\n` : ''}    ${services}\n`;

describe('x-opensearch: what AWS would refuse, or what would weaken the domain, is an error at its place', () => {
  test.each<[string, string, string, string, string]>([
    ['a version that is no engine version', domain('{EngineVersion: "2.19"}'), 'CX3871', "'2.19' is not an OpenSearch Service engine version", '"2.19"'],
    ['OpenSearch 0.x', domain('{EngineVersion: OpenSearch_0.1}'), 'CX3871', 'OpenSearch 0.1 does not exist: OpenSearch versions start at 1.0', 'OpenSearch_0.1'],
    ['Elasticsearch before 6.0', domain('{EngineVersion: Elasticsearch_5.6}'), 'CX3871', 'Elasticsearch 5.6 cannot encrypt traffic between nodes (node-to-node encryption needs Elasticsearch 6.0 or later), which composex turns on', 'Elasticsearch_5.6'],
    ['an instance type of another service', domain('{ClusterConfig: {InstanceType: r6g.large}}'), 'CX3872', "'r6g.large' is not an OpenSearch Service instance type", 'r6g.large'],
    ['T2 with encryption at rest asked for', domain('{ClusterConfig: {InstanceType: t2.small.search}, EncryptionAtRestOptions: {Enabled: true}}'), 'CX3872', "domain 'search' asks for encryption at rest, which its M3, R3 or T2 instance type cannot have", 'EncryptionAtRestOptions'],
    ['M3 with fine-grained access control', domain('{ClusterConfig: {InstanceType: m3.large.search}}', '{GenerateMasterUserSecret: true}'), 'CX3872', "domain 'search' asks for fine-grained access control (it needs encryption at rest and node to node), which its M3, R3 or T2 instance type cannot have", 'GenerateMasterUserSecret'],
    ['EBS on an instance-store type', domain('{ClusterConfig: {InstanceType: i3.large.search}, EBSOptions: {EBSEnabled: true, VolumeSize: 10}}'), 'CX3873', 'i3.large.search keeps its data on the instance\'s own storage and takes no EBS volume', 'true'],
    ['no EBS on an EBS type', domain('{ClusterConfig: {InstanceType: r7g.large.search}, EBSOptions: {EBSEnabled: false}}'), 'CX3873', 'r7g.large.search needs an EBS volume for its data', 'false'],
    ['zone awareness with an odd count', domain('{ClusterConfig: {InstanceType: r7g.large.search, InstanceCount: 3, ZoneAwarenessEnabled: true}}'), 'CX3878', 'a domain with zone awareness over 2 zones spreads its data nodes evenly: InstanceCount 3 is not a multiple of 2', '3,'],
    ['encryption at rest off', domain('{EncryptionAtRestOptions: {Enabled: false}}'), 'CX3606', "OpenSearch domain 'search' would not be encrypted at rest", 'false'],
    ['HTTP allowed', domain('{DomainEndpointOptions: {EnforceHTTPS: false}}'), 'CX3606', "OpenSearch domain 'search' would accept plain HTTP", 'false'],
    ['TLS 1.0', domain('{DomainEndpointOptions: {TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07}}'), 'CX3606', "OpenSearch domain 'search' would accept TLS older than 1.2 (Policy-Min-TLS-1-0-2019-07)", 'Policy-Min-TLS-1-0-2019-07'],
    ['a KMS key of x-kms', domain('{EncryptionAtRestOptions: {KmsKeyId: "x-kms::keys"}}'), 'CX3650', 'x-opensearch.search.Properties.EncryptionAtRestOptions.KmsKeyId names an x-kms key, which composex reads only in x-sqs KmsMasterKeyId and x-kinesis StreamEncryption.KeyId', '"x-kms::keys"'],
    ['an access policy for everyone', domain('{AccessPolicies: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "es:*", Resource: "*"}]}}'), 'CX3875', "the access policy of 'search' allows everyone: any client that reaches the domain could read and change its data", '{AWS'],
    ['both master users', domain('{}', '{GenerateMasterUserSecret: true, CreateMasterUserRole: true}'), 'CX3876', "domain 'search' has one master user: GenerateMasterUserSecret (a user name and password) and CreateMasterUserRole (an IAM role) cannot both be true", 'CreateMasterUserRole'],
    ['a master role in the internal database', domain('{AdvancedSecurityOptions: {InternalUserDatabaseEnabled: true}}', '{CreateMasterUserRole: true}'), 'CX3876', "the master user of 'search' is an IAM role (CreateMasterUserRole), which the internal user database cannot hold", 'true}'],
    ['audit logs without fine-grained access control', domain('{}', '{CreateLogGroups: [AUDIT_LOGS], CreateLogGroupsResourcePolicy: true}'), 'CX3877', "AUDIT_LOGS of 'search' needs fine-grained access control, which this domain does not have", 'AUDIT_LOGS'],
    ['a retention CloudWatch does not have', domain('{}', '{CreateLogGroups: true, RetentionInDays: 10, CreateLogGroupsResourcePolicy: true}'), 'CX3877', '10 days is not a CloudWatch Logs retention', '10'],
    ['a domain name AWS refuses', domain('{DomainName: Search}'), 'CX3601', "'Search' is not an OpenSearch domain name", 'Search'],
    ['a Lookup', `${RESOURCE_SERVICES}x-opensearch:\n  search:\n    Lookup: {Tags: [{name: search}]}\n    Services: {api: {Access: {Http: RO}}}\n`, 'CX3870', "x-opensearch 'search' names an existing OpenSearch domain (Lookup), which composex does not look up: render makes no AWS call", 'Lookup'],
    ['a level name without its key', domain('{}', '', 'Services: {api: {Access: RW}}'), 'CX3602', 'Access to an OpenSearch domain is a mapping of Http and DBCluster levels', 'RW}'],
    ['an unknown access key', domain('{}', '', 'Services: {api: {Access: {IAM: RO}}}'), 'CX3602', "'IAM' is not an OpenSearch access key", 'IAM'],
    ['DBCluster RW', domain('{}', '', 'Services: {api: {Access: {DBCluster: RW}}}'), 'CX3602', "'RW' is not an access level of DBCluster", 'RW}'],
  ])('%s', (_name, yaml, code, message, marker) => expectOneError(yaml, code, message, marker));
});

describe('x-opensearch domains and grants', () => {
  test('one subnet by default, no EBS volume given: a 10 GiB gp3 one; ingress on 443 from the consuming families only', () => {
    const model = resolveOk(domain('{}', '', 'Services: {api: {Access: {Http: RW, DBCluster: RO}}, jobs: {Access: {Http: RO}}}'));
    expect(model.resources.opensearch).toEqual([expect.objectContaining({ name: 'search', zoneCount: 1, logGroups: [], consumers: ['api', 'jobs'], properties: { EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 10 } } })]);
    expect(ruleStrings(model).filter((r) => r.includes('opensearch'))).toEqual(['api -> opensearch:search tcp/443 (x-opensearch: search)', 'jobs -> opensearch:search tcp/443 (x-opensearch: search)']);
    const grants = model.grants.filter((g) => g.kind === 'opensearch');
    expect(grants.map((g) => [g.family, g.access, g.permissions])).toEqual([
      ['api', 'DBCluster: RO, Http: RW', [
        { scope: { on: 'resource' }, actions: ['es:DescribeDomain', 'es:DescribeDomainAutoTunes', 'es:DescribeDomainConfig', 'es:ESCrossClusterGet', 'es:GetCompatibleVersions', 'es:GetUpgradeHistory', 'es:GetUpgradeStatus', 'es:ListPackagesForDomain', 'es:ListTags'] },
        { scope: { on: 'resource', suffix: '/*' }, actions: ['es:ESHttpDelete', 'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPatch', 'es:ESHttpPost', 'es:ESHttpPut'] },
      ]],
      ['jobs', 'Http: RO', [{ scope: { on: 'resource', suffix: '/*' }, actions: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'] }]],
    ]);
    expect(grants[0].environment.map((e) => `${e.name}=${e.attribute}`)).toEqual(['SEARCH=DomainName', 'SEARCH_Arn=Arn', 'SEARCH_DomainEndpoint=DomainEndpoint']);
  });

  test('warned: VPCOptions replaced, Http RO not enforced by IAM, a deny-everyone policy over listed services, other Settings.Subnets, no log resource policy', () => {
    const yaml = domain(
      '{VPCOptions: {SubnetIds: [subnet-1]}, AccessPolicies: {Statement: [{Effect: Deny, Principal: "*", Action: "es:*", Resource: "*"}]}}',
      '{CreateLogGroups: [SEARCH_SLOW_LOGS]}',
      'Settings: {Subnets: AppSubnets}\n    Services: {api: {Access: {Http: RO}}}',
    );
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    expect(brief(warnings).map((w) => [w.code, w.line, w.column])).toEqual(
      [
        ['CX3613', pos(yaml, 'RO}').line, pos(yaml, 'RO}').column],
        ['CX3874', pos(yaml, 'VPCOptions').line, pos(yaml, 'VPCOptions').column],
        ['CX3875', pos(yaml, '"*", Action').line, pos(yaml, '"*", Action').column],
        ['CX3877', pos(yaml, 'CreateLogGroups').line, pos(yaml, 'CreateLogGroups').column],
        ['CX3879', pos(yaml, 'Subnets').line, pos(yaml, 'Subnets').column],
      ].sort((a, b) => (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number)),
    );
    expect(model!.resources.opensearch[0].properties.VPCOptions).toBeUndefined();
  });

  test('warned: an instance type that cannot encrypt (the domain unencrypted), a size AWS lacks (the family\'s large), a domain name taken (a generated one)', () => {
    const yaml = `${RESOURCE_SERVICES}x-opensearch:
  first:
    Properties: {DomainName: search, ClusterConfig: {InstanceType: t2.small.search, DedicatedMasterType: m5.medium.search}}
    Services: {api: {Access: {Http: RO}}}
  second:
    Properties: {DomainName: search}
    Services: {api: {Access: {Http: RO}}}
`;
    const { model, warnings } = errorsOf(yaml);
    expect(brief(warnings).filter((w) => w.code !== 'CX3613').map((w) => [w.code, w.line, w.column, w.message])).toEqual([
      ['CX3869', pos(yaml, 't2.small').line, pos(yaml, 't2.small').column, 't2.small.search cannot encrypt data at rest nor between nodes (AWS: M3, R3 and T2 instance types do not support encryption): the domain is created unencrypted, where composex encrypts every other domain'],
      ['CX3868', pos(yaml, 'm5.medium').line, pos(yaml, 'm5.medium').column, 'm5.medium.search does not exist (M5 instances of OpenSearch Service start at large), and AWS would refuse the domain: it is created with m5.large.search, the smallest of its family'],
      ['CX3941', pos(yaml, 'DomainName: search}').line, pos(yaml, 'DomainName: search}').column + 'DomainName: '.length, expect.stringContaining("two domains are named 'search'")],
    ]);
    const [first, second] = model!.resources.opensearch;
    expect(first).toMatchObject({ unencrypted: true, properties: { DomainName: 'search', ClusterConfig: { InstanceType: 't2.small.search', DedicatedMasterType: 'm5.large.search' } } });
    expect(second.unencrypted).toBeUndefined();
    expect(second.properties).not.toHaveProperty('DomainName');
  });

  test('zone awareness: as many subnets as AvailabilityZoneCount (2 by default)', () => {
    const model = resolveOk(`${domain('{ClusterConfig: {InstanceType: r7g.large.search, InstanceCount: 6, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: {AvailabilityZoneCount: 3}}}')}x-vpc: {MaxAzs: 3}\n`);
    expect(model.resources.opensearch[0].zoneCount).toBe(3);
  });

  test('more zones than the VPC has subnets: refused at ZoneAwarenessEnabled', () => {
    const yaml = `${domain('{ClusterConfig: {InstanceType: r7g.large.search, InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: {AvailabilityZoneCount: 3}}}')}x-vpc: {MaxAzs: 2}\n`;
    const { model, errors } = errorsOf(yaml);
    expect(model).toBeUndefined();
    expect(brief(errors).map((e) => [e.code, e.line, e.column, e.message])).toEqual([
      ['CX3878', pos(yaml, 'ZoneAwarenessEnabled').line, pos(yaml, 'ZoneAwarenessEnabled').column, "OpenSearch domain 'search' spans 3 availability zones and takes a subnet in each, but x-vpc.MaxAzs is 2"],
    ]);
  });
});
