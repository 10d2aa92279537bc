/**
 * x-neptune in the resolve stage: what Neptune would refuse (engine versions, instance classes,
 * parameter groups) and what would weaken the defaults are errors at their position with a hint; a
 * retired engine line, IAM authentication turned off, a service without data access and what
 * composex replaces are warnings there; valid declarations become clusters with the secure defaults,
 * one grant per consumer with exactly its level's actions, and ingress from the consuming families
 * on the port.
 */
import { brief, errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES, ruleStrings } from './fixtures';

const neptune = (properties = '{}', macro = '', services = 'Services: {api: {Access: {NeptuneDB: RW}}}') =>
  `${RESOURCE_SERVICES}x-neptune:\n  graph:\n    Properties: ${properties}\n${macro ? `    MacroParameters: ${macro}\n` : ''}    ${services}\n`;

describe('x-neptune: what Neptune would refuse is an error at the key, with a hint', () => {
  test.each<[string, string, string, string, string]>([
    ['a version of another form', neptune('{EngineVersion: "1.4"}'), 'CX3881', '"1.4" is not a Neptune engine version, which Neptune would refuse', '"1.4"'],
    ['a version YAML read as a number', neptune('{EngineVersion: 1.4}'), 'CX3881', '1.4 is not a Neptune engine version, which Neptune would refuse', '1.4}'],
    ['a class of another service', neptune('{}', '{Instances: [{DBInstanceClass: db.m5.large}]}'), 'CX3884', "'db.m5.large' is not a Neptune instance class (families: db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g, db.x2g, db.x2iedn, db.t3.medium, db.t4g.medium, db.serverless): Neptune would refuse to create the instance", 'db.m5.large'],
    ['a burstable class of another size', neptune('{}', '{Instances: [{DBInstanceClass: db.t4g.large}]}'), 'CX3884', "Neptune offers t4g instances in the medium size only, not 'db.t4g.large': Neptune would refuse to create the instance", 'db.t4g.large'],
    ['serverless without capacity', neptune('{}', '{Instances: [{DBInstanceClass: db.serverless}]}'), 'CX3884', 'a serverless instance needs the capacity of its cluster (Properties.ServerlessScalingConfiguration: {MinCapacity, MaxCapacity}): Neptune would refuse to create the instance', 'db.serverless'],
    ['an instance without class', neptune('{}', '{Instances: [{AutoMinorVersionUpgrade: true}]}'), 'CX3883', 'instance 1 of Instances gives no DBInstanceClass', '{AutoMinorVersionUpgrade'],
    ['no instance', neptune('{}', '{Instances: []}'), 'CX3883', 'a Neptune cluster has 1 to 16 instances (a primary and up to 15 replicas), and Instances lists 0', '[]'],
    ['a parameter group without Family', neptune('{}', '{DBClusterParameterGroup: {Parameters: {}}}'), 'CX3888', 'DBClusterParameterGroup gives no Family, which CloudFormation requires', 'DBClusterParameterGroup:'],
    ['a parameter group of another engine', neptune('{}', '{DBClusterParameterGroup: {Family: docdb5.0}}'), 'CX3888', "'docdb5.0' is not a Neptune parameter group family", 'docdb5.0'],
    ['two parameter groups', neptune('{DBClusterParameterGroupName: mine}', '{DBClusterParameterGroup: {Family: neptune1.4}}'), 'CX3888', 'a cluster has one parameter group: MacroParameters.DBClusterParameterGroup creates one, and Properties.DBClusterParameterGroupName names another', 'DBClusterParameterGroup:'],
    ['storage not encrypted', neptune('{StorageEncrypted: false}'), 'CX3606', "Neptune cluster 'graph' would not be encrypted at rest", 'false'],
    ['an unknown property (did you mean)', neptune('{IamAuthEnable: true}'), 'CX3605', "AWS::Neptune::DBCluster has no property 'IamAuthEnable'", 'IamAuthEnable'],
    ['a Lookup', `${RESOURCE_SERVICES}x-neptune:\n  graph:\n    Lookup: {Tags: [{project: graph}]}\n    Services: {api: {Access: {NeptuneDB: connect}}}\n`, 'CX3880', "x-neptune 'graph' names an existing Neptune cluster (Lookup), which composex does not look up: render makes no AWS call", 'Lookup'],
    ['Access written as a level', neptune('{}', '', 'Services: {api: {Access: RW}}'), 'CX3602', 'x-neptune Access is a mapping of NeptuneDB (data) and DBCluster (management) levels, not "RW"', 'RW}'],
    ['an unknown data level', neptune('{}', '', 'Services: {api: {Access: {NeptuneDB: Admin}}}'), 'CX3602', "'Admin' is not an access level of NeptuneDB", 'Admin'],
    ['an unknown access key', neptune('{}', '', 'Services: {api: {Access: {DBInstance: RO}}}'), 'CX3602', "'DBInstance' is not a Neptune access key", 'DBInstance'],
  ])('%s', (_name, yaml, code, message, marker) => expectOneError(yaml, code, message, marker));

  test('Access written as a level: the hint gives the mapping', () => {
    const { errors } = errorsOf(neptune('{}', '', 'Services: {api: {Access: connect}}'));
    expect(brief(errors).map((e) => e.hint)).toEqual(['write Access: {NeptuneDB: connect}']);
  });
});

describe('x-neptune: warnings at the key', () => {
  test('a retired engine line is left out (CX3882); IamAuthEnabled: false is kept and warned (CX3885); replaced properties (CX3886); Settings.Subnets (CX3889)', () => {
    const yaml = `${RESOURCE_SERVICES}x-neptune:\n  graph:\n    Properties: {EngineVersion: 1.1.0.0, IamAuthEnabled: false, DBSubnetGroupName: mine, VpcSecurityGroupIds: [sg-0123456789abcdef0]}\n    Settings: {Subnets: AppSubnets}\n    Services: {api: {Access: {NeptuneDB: connect}}}\n`;
    const { model, warnings } = errorsOf(yaml);
    expect(brief(warnings).map((w) => [w.code, w.line, w.column])).toEqual(
      [
        ['CX3882', pos(yaml, '1.1.0.0')],
        ['CX3885', pos(yaml, 'IamAuthEnabled')],
        ['CX3886', pos(yaml, 'DBSubnetGroupName')],
        ['CX3886', pos(yaml, 'VpcSecurityGroupIds')],
        ['CX3889', pos(yaml, 'Subnets')],
      ].map(([code, p]) => [code, (p as { line: number }).line, (p as { column: number }).column]),
    );
    const [cluster] = model!.resources.neptune;
    expect(cluster.engineVersion).toBeUndefined();
    expect(cluster.iamAuth).toBe(false);
    expect(cluster.properties).toEqual({});
  });

  test('a service without NeptuneDB reaches the port but has no data access (CX3887); without IAM authentication, no warning', () => {
    const yaml = neptune('{}', '', 'Services: {api: {Access: {DBCluster: RO}}, jobs: null}');
    const { model, warnings } = errorsOf(yaml);
    expect(brief(warnings).map((w) => [w.code, w.line, w.column])).toEqual([
      ['CX3887', pos(yaml, 'Access: {DBCluster').line, pos(yaml, 'Access: {DBCluster').column],
      ['CX3887', pos(yaml, 'jobs: null').line, pos(yaml, 'jobs: null').column],
    ]);
    expect(model!.grants.filter((g) => g.kind === 'neptune').map((g) => [g.family, g.access, g.permissions])).toEqual([
      ['api', 'DBCluster: RO', [{ scope: { on: 'resource' }, actions: ['rds:DescribeDBClusters'] }]],
      ['jobs', 'network', []],
    ]);
    expect(errorsOf(neptune('{IamAuthEnabled: false}', '', 'Services: {jobs: null}')).warnings.map((w) => w.code)).toEqual(['CX3885']);
  });
});

describe('x-neptune clusters and grants', () => {
  test("defaults: port 8182, IAM authentication, one db.t3.medium (ECS ComposeX's), backups 7 days, deletion protection; ingress from the consuming families only", () => {
    const model = resolveOk(neptune('{}', '', 'Services: {api: {Access: {NeptuneDB: RW}}, jobs: {Access: {NeptuneDB: RO}}}'));
    expect(model.resources.neptune).toEqual([
      expect.objectContaining({ name: 'graph', port: 8182, iamAuth: true, backupRetentionDays: 7, deletionProtection: true, instances: [{ instanceClass: 'db.t3.medium', properties: {} }], consumers: ['api', 'jobs'] }),
    ]);
    expect(ruleStrings(model).filter((r) => r.includes('neptune'))).toEqual(['api -> neptune:graph tcp/8182 (x-neptune: graph)', 'jobs -> neptune:graph tcp/8182 (x-neptune: graph)']);
    const data = { on: 'resource', attribute: 'DataArn', suffix: '/*' };
    expect(model.grants.filter((g) => g.kind === 'neptune').map((g) => [g.family, g.access, g.services, g.permissions, g.environment.map((e) => `${e.name}=${e.attribute}`)])).toEqual([
      ['api', 'NeptuneDB: RW', ['api'], [{ scope: data, actions: ['neptune-db:DeleteDataViaQuery', 'neptune-db:ReadDataViaQuery', 'neptune-db:WriteDataViaQuery'] }], ['GRAPH_ENDPOINT=Endpoint', 'GRAPH_READ_ENDPOINT=ReadEndpoint', 'GRAPH_PORT=Port']],
      ['jobs', 'NeptuneDB: RO', ['cron', 'worker'], [{ scope: data, actions: ['neptune-db:ReadDataViaQuery'] }], ['GRAPH_ENDPOINT=Endpoint', 'GRAPH_READ_ENDPOINT=ReadEndpoint', 'GRAPH_PORT=Port']],
    ]);
  });

  test('the list form, {NeptuneDB: connect, DBCluster: RO}, DBPort, a supported version, Instances and ReturnValues (ECS ComposeX names)', () => {
    const model = resolveOk(
      `${RESOURCE_SERVICES}x-neptune:\n  graph:\n    Properties: {EngineVersion: "1.4.5.1", DBPort: 8183, BackupRetentionPeriod: 14}\n    MacroParameters: {Instances: [{DBInstanceClass: db.r6g.large, PreferredMaintenanceWindow: "sun:03:00-sun:04:00"}, {DBInstanceClass: db.r6g.large}]}\n    Services:\n      - name: api\n        access: {NeptuneDB: connect, DBCluster: RO}\n`,
    );
    const [cluster] = model.resources.neptune;
    expect(cluster).toMatchObject({ engineVersion: '1.4.5.1', port: 8183, backupRetentionDays: 14, properties: {} });
    expect(cluster.instances.map((i) => [i.instanceClass, i.properties])).toEqual([
      ['db.r6g.large', { PreferredMaintenanceWindow: 'sun:03:00-sun:04:00' }],
      ['db.r6g.large', {}],
    ]);
    const [grant] = model.grants.filter((g) => g.kind === 'neptune');
    expect(grant.access).toBe('DBCluster: RO, NeptuneDB: connect');
    expect(grant.permissions).toEqual([
      { scope: { on: 'resource' }, actions: ['rds:DescribeDBClusters'] },
      { scope: { on: 'resource', attribute: 'DataArn', suffix: '/*' }, actions: ['neptune-db:connect'] },
    ]);
    expect(grant.port).toBe(8183);
    const returned = resolveOk(neptune('{}', '', 'Services: {api: {Access: {NeptuneDB: RO}, ReturnValues: {DBClusterName: GRAPH_ID, Endpoint: GRAPH_ENDPOINT}}}')).grants.find((g) => g.kind === 'neptune')!;
    expect(returned.environment.map((e) => `${e.name}=${e.attribute}`)).toEqual(['GRAPH_READ_ENDPOINT=ReadEndpoint', 'GRAPH_PORT=Port', 'GRAPH_ID=DBClusterIdentifier', 'GRAPH_ENDPOINT=Endpoint']);
  });

  test('a Neptune subnet group covers two availability zones, as an RDS one (CX3620)', () => {
    const yaml = `${neptune()}x-vpc: {MaxAzs: 1}\n`;
    const { errors } = errorsOf(yaml);
    expect(brief(errors).map((e) => [e.code, e.line, e.column])).toEqual([['CX3620', pos(yaml, '1}').line, pos(yaml, '1}').column]]);
  });
});
