/**
 * x-docdb in the resolve stage: what DocumentDB would refuse (engine versions, instance classes, a
 * reserved master user name, parameter groups of another family) and what would weaken the
 * defaults are errors at their position with a hint; what composex replaces or reads differently
 * from ECS ComposeX is a warning there; valid declarations become clusters with the secure
 * defaults, one grant per consumer and ingress from exactly the consuming families on the port.
 */
import { brief, errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES, ruleStrings } from './fixtures';

const docdb = (properties = '{}', macro = '', services = 'Services: {api: {Access: RW}}') =>
  `${RESOURCE_SERVICES}x-docdb:\n  docs:\n    Properties: ${properties}\n${macro ? `    MacroParameters: ${macro}\n` : ''}    ${services}\n`;

describe('x-docdb: what DocumentDB would refuse is an error at the key, with a hint', () => {
  test.each<[string, string, string, string, string]>([
    ['an engine version DocumentDB does not have', docdb('{EngineVersion: "6.0.0"}'), 'CX3820', "'6.0.0' is not an engine version of DocumentDB, which would refuse to create the cluster", '"6.0.0"'],
    ['a major version alone', docdb('{EngineVersion: "5.0"}'), 'CX3820', "'5.0' is not an engine version of DocumentDB, which would refuse to create the cluster", '"5.0"'],
    ['a version YAML read as a number', docdb('{EngineVersion: 5.0}'), 'CX3820', 'EngineVersion is written as a number (5); DocumentDB versions are written "5.0.0"', '5.0}'],
    ['a class of another service', docdb('{}', '{Instances: [{DBInstanceClass: db.m5.large}]}'), 'CX3821', "'db.m5.large' is not a DocumentDB instance class (families: db.r5, db.r6g, db.r6gd, db.r8g, db.t3.medium, db.t4g.medium, db.serverless): DocumentDB would refuse to create the instance", 'db.m5.large'],
    ['a burstable class of another size', docdb('{}', '{Instances: [{DBInstanceClass: db.t3.large}]}'), 'CX3821', "DocumentDB offers t3 instances in the medium size only, not 'db.t3.large': DocumentDB would refuse to create the instance", 'db.t3.large'],
    ['db.r4 on 5.0', docdb('{EngineVersion: "5.0.0"}', '{Instances: [{DBInstanceClass: db.r4.large}]}'), 'CX3821', 'db.r4 instances (previous generation) run DocumentDB 3.6 only, and the cluster is 5.0.0: DocumentDB would refuse to create the instance', 'db.r4.large'],
    ['serverless without capacity', docdb('{EngineVersion: "5.0.0"}', '{Instances: [{DBInstanceClass: db.serverless}]}'), 'CX3821', 'a serverless instance needs the capacity of its cluster (Properties.ServerlessV2ScalingConfiguration: {MinCapacity, MaxCapacity}): DocumentDB would refuse to create the instance', 'db.serverless'],
    ['the reserved master user name', docdb('{MasterUsername: admin}'), 'CX3822', "'admin' is a user name DocumentDB reserves, and it would refuse to create the cluster", 'admin'],
    ['a master user name with _', docdb('{MasterUsername: app_user}'), 'CX3822', "'app_user' is not a DocumentDB master user name, which DocumentDB would refuse", 'app_user'],
    ['an instance without class', docdb('{}', '{Instances: [{AutoMinorVersionUpgrade: true}]}'), 'CX3823', 'instance 1 of Instances gives no DBInstanceClass', '{AutoMinorVersionUpgrade'],
    ['no instance', docdb('{}', '{Instances: []}'), 'CX3823', 'a DocumentDB cluster has 1 to 16 instances (a primary and up to 15 replicas), and Instances lists 0', '[]'],
    ['a parameter group of another family', docdb('{EngineVersion: "4.0.0"}', '{DBClusterParameterGroup: {Family: docdb5.0, Description: d, Parameters: {}}}'), 'CX3824', "parameter group family 'docdb5.0' is not the family of DocumentDB 4.0.0 ('docdb4.0'): DocumentDB would refuse the cluster", 'docdb5.0'],
    ['a parameter group without EngineVersion', docdb('{}', '{DBClusterParameterGroup: {Family: docdb4.0, Description: d, Parameters: {}}}'), 'CX3824', "a docdb4.0 parameter group needs a cluster of that version, and 'docs' gives no EngineVersion (DocumentDB would create its default version)", 'docdb4.0'],
    ['two parameter groups', docdb('{EngineVersion: "5.0.0", DBClusterParameterGroupName: mine}', '{DBClusterParameterGroup: {Family: docdb5.0, Description: d, Parameters: {}}}'), 'CX3824', 'a cluster has one parameter group: MacroParameters.DBClusterParameterGroup creates one, and Properties.DBClusterParameterGroupName names another', 'DBClusterParameterGroup:'],
    ['storage not encrypted', docdb('{StorageEncrypted: false}'), 'CX3606', "DocumentDB cluster 'docs' would not be encrypted at rest", 'false'],
    ['an unknown property (did you mean)', docdb('{EngineVersions: "5.0.0"}'), 'CX3605', "AWS::DocDB::DBCluster has no property 'EngineVersions'", 'EngineVersions'],
    ['an instance linked elsewhere', docdb('{}', '{Instances: [{DBInstanceClass: db.r6g.large, DBClusterIdentifier: other}]}'), 'CX3606', 'x-docdb.docs.MacroParameters.Instances[0].DBClusterIdentifier is set by composex', 'DBClusterIdentifier'],
    ['a KMS key of x-kms', docdb('{KmsKeyId: "x-kms::docs"}'), 'CX3650', 'x-docdb.docs.Properties.KmsKeyId names an x-kms key, which composex reads only in x-sqs KmsMasterKeyId and x-kinesis StreamEncryption.KeyId', '"x-kms::docs"'],
    ['a Lookup', `${RESOURCE_SERVICES}x-docdb:\n  docs:\n    Lookup: {cluster: {Name: docs}}\n    Services: {api: {}}\n`, 'CX3826', "x-docdb 'docs' names an existing DocumentDB cluster (Lookup), which composex does not look up: render makes no AWS call", 'Lookup'],
    ['an unknown access level', docdb('{}', '', 'Services: {api: {Access: Admin}}'), 'CX3602', "'Admin' is not an access level of a DocumentDB cluster", 'Admin'],
    ['an unknown access key', docdb('{}', '', 'Services: {api: {Access: {DBInstance: RO}}}'), 'CX3602', "'DBInstance' is not a DocumentDB access key", 'DBInstance'],
    ['a key the secret does not have', docdb('{}', '', 'Services: {api: {SecretsMappings: {Mappings: {dbname: DB}}}}'), 'CX3601', "'dbname' is not a key of the DocumentDB credentials secret", 'DB}'],
    ['a return value the cluster does not have', docdb('{}', '', 'Services: {api: {ReturnValues: {Arn: DOCS_ARN}}}'), 'CX3601', "'Arn' is not a return value of this resource", 'Arn'],
  ])('%s', (_name, yaml, code, message, marker) => expectOneError(yaml, code, message, marker));
});

describe('x-docdb: what composex replaces or reads differently is a warning at the key', () => {
  test('MasterUserPassword, DBSubnetGroupName and VpcSecurityGroupIds are replaced, the password never repeated', () => {
    const yaml = docdb('{MasterUserPassword: "hunter2-but-longer", DBSubnetGroupName: String, VpcSecurityGroupIds: [sg-0123456789abcdef0]}');
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    expect(brief(warnings).map((w) => [w.code, w.line, w.column])).toEqual([
      ['CX3827', pos(yaml, 'MasterUserPassword').line, pos(yaml, 'MasterUserPassword').column],
      ['CX3827', pos(yaml, 'DBSubnetGroupName').line, pos(yaml, 'DBSubnetGroupName').column],
      ['CX3827', pos(yaml, 'VpcSecurityGroupIds').line, pos(yaml, 'VpcSecurityGroupIds').column],
    ]);
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
    expect(model!.resources.docdb[0].properties).toEqual({});
  });

  test('a parameter group with tls: disabled is kept, with a warning at tls', () => {
    const yaml = docdb('{EngineVersion: "4.0.0"}', '{DBClusterParameterGroup: {Family: docdb4.0, Description: d, Parameters: {tls: disabled, ttl_monitor: enabled}}}');
    const { model, warnings } = errorsOf(yaml);
    expect(brief(warnings).map((w) => [w.code, w.line, w.column, w.message])).toEqual([
      ['CX3825', pos(yaml, 'disabled').line, pos(yaml, 'disabled').column, "DocumentDB cluster 'docs' accepts connections in plain text (inside the VPC): its parameter group sets tls: disabled, where DocumentDB requires TLS by default"],
    ]);
    expect(model!.resources.docdb[0].parameterGroup).toEqual({ Family: 'docdb4.0', Description: 'd', Parameters: { tls: 'disabled', ttl_monitor: 'enabled' } });
  });

  test('Settings.Subnets is not applied; RO is not enforced', () => {
    const yaml = `${RESOURCE_SERVICES}x-docdb:\n  docs:\n    Settings: {Subnets: AppSubnets}\n    Services: {api: {Access: RO}}\n`;
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    expect(brief(warnings).map((w) => [w.code, w.line, w.column])).toEqual([
      ['CX3828', pos(yaml, 'Subnets').line, pos(yaml, 'Subnets').column],
      ['CX3613', pos(yaml, 'RO').line, pos(yaml, 'RO').column],
    ]);
  });
});

describe('x-docdb clusters and grants', () => {
  test('defaults: port 27017, dbadmin, one db.t3.medium, backups 7 days, deletion protection; ingress from the consuming families only', () => {
    const model = resolveOk(docdb('{}', '', 'Services: {api: {Access: RW}, jobs: null}'));
    expect(model.resources.docdb).toEqual([
      expect.objectContaining({ name: 'docs', port: 27017, masterUsername: 'dbadmin', backupRetentionDays: 7, deletionProtection: true, instances: [{ instanceClass: 'db.t3.medium', properties: {} }], consumers: ['api', 'jobs'] }),
    ]);
    expect(model.resources.docdb[0].engineVersion).toBeUndefined();
    expect(ruleStrings(model).filter((r) => r.includes('docdb'))).toEqual(['api -> docdb:docs tcp/27017 (x-docdb: docs)', 'jobs -> docdb:docs tcp/27017 (x-docdb: docs)']);
    const grants = model.grants.filter((g) => g.kind === 'docdb');
    expect(grants.map((g) => [g.family, g.access, g.services, g.permissions, g.secrets.map((s) => s.name)])).toEqual([
      ['api', 'RW', ['api'], [], ['DOCS_HOST', 'DOCS_PORT', 'DOCS_USERNAME', 'DOCS_PASSWORD']],
      ['jobs', 'RW', ['cron', 'worker'], [], ['DOCS_HOST', 'DOCS_PORT', 'DOCS_USERNAME', 'DOCS_PASSWORD']],
    ]);
  });

  test('{DBCluster: RO}: rds:DescribeDBClusters on the cluster; PrefixWithDbName renames the variables', () => {
    const model = resolveOk(docdb('{EngineVersion: "8.0.0", Port: 27018}', '', 'Services: {api: {Access: {DBCluster: RO}, SecretsMappings: {PrefixWithDbName: MONGO}}}'));
    const [grant] = model.grants.filter((g) => g.kind === 'docdb');
    expect(grant.access).toBe('DBCluster: RO');
    expect(grant.permissions).toEqual([{ scope: { on: 'resource' }, actions: ['rds:DescribeDBClusters'] }]);
    expect(grant.secrets.map((s) => s.name)).toEqual(['MONGO_HOST', 'MONGO_PORT', 'MONGO_USERNAME', 'MONGO_PASSWORD']);
    expect(grant.port).toBe(27018);
  });
});

describe('x-docdb: a DocumentDB subnet group covers two availability zones, as an RDS one', () => {
  test('a new VPC of one zone is refused at MaxAzs, naming the clusters beside the x-rds databases', () => {
    const yaml = `${RESOURCE_SERVICES}x-rds:\n  main:\n    Properties: {Engine: postgres, EngineVersion: "16"}\n    Services: {api: {Access: RW}}\nx-docdb:\n  docs:\n    Services: {api: {}}\nx-vpc: {MaxAzs: 1}\n`;
    const { model, errors } = errorsOf(yaml);
    expect(model).toBeUndefined();
    expect(brief(errors).map((e) => [e.code, e.line, e.column, e.message])).toEqual([
      ['CX3620', pos(yaml, '1}').line, pos(yaml, '1}').column, "x-vpc.MaxAzs is 1, but databases 'main' (x-rds) and 'docs' (x-docdb) need private subnets in two availability zones: a DB subnet group (RDS, DocumentDB) must cover at least two availability zones, even for a Single-AZ database"],
    ]);
  });
});
