/**
 * x-rds Lookup: `composex lookup` finds an Aurora cluster or a DB instance (by tags, name or ARN)
 * with its endpoint, port, security groups and master user secret (and its KMS key); render then
 * uses it like a created database: ingress on its security group from each consuming family,
 * endpoint variables, credentials from its secret, and nothing created for the database.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const rds = mockClient(RDSClient);
const sm = mockClient(SecretsManagerClient);

const ACCOUNT = '123456789012';
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders`;
const INSTANCE_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:legacy`;
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!cluster-1234-AbCdEf`;
const OTHER_SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shared/legacy-XyZ123`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SG = 'sg-0aaaaaaaaaaaaaaaa';
const ADDRESS = 'orders.cluster-abc.eu-west-1.rds.amazonaws.com';


const COMPOSE = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
  reports:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  orders:
    Lookup:
      cluster: {Tags: [{app: shop}]}
    Services:
      api: {Access: RW}
      reports:
        Access: {DBCluster: RO}
        GrantTaskAccess: true
        ReturnValues: {ReadEndpoint.Address: ORDERS_READER}
`;

const cluster = (id: string, app: string, extra: Record<string, unknown> = {}) => ({
  DBClusterIdentifier: id,
  DBClusterArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:${id}`,
  DbClusterResourceId: `cluster-${id.toUpperCase()}`,
  Engine: 'aurora-postgresql',
  EngineVersion: '16.4',
  Endpoint: `${id}.cluster-abc.eu-west-1.rds.amazonaws.com`,
  ReaderEndpoint: `${id}.cluster-ro-abc.eu-west-1.rds.amazonaws.com`,
  Port: 5432,
  VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: 'active' }, { VpcSecurityGroupId: 'sg-0bbbbbbbbbbbbbbbb', Status: 'active' }],
  DatabaseName: 'orders',
  MasterUsername: 'postgres',
  IAMDatabaseAuthenticationEnabled: false,
  DeletionProtection: true,
  BackupRetentionPeriod: 7,
  DBClusterMembers: [{ DBInstanceIdentifier: `${id}-1` }, { DBInstanceIdentifier: `${id}-2` }],
  TagList: [{ Key: 'app', Value: app }],
  MasterUserSecret: { SecretArn: SECRET_ARN, SecretStatus: 'active', KmsKeyId: KEY_ARN },
  ...extra,
});

function answer(): void {
  rds.reset();
  sm.reset();
  // Two pages: a Neptune cluster with the tags (not an x-rds engine), another app's cluster, then ours.
  rds
    .on(DescribeDBClustersCommand)
    .resolvesOnce({ DBClusters: [cluster('graph', 'shop', { Engine: 'neptune' }), cluster('billing', 'billing')], Marker: 'p2' })
    .resolves({ DBClusters: [cluster('orders', 'shop')] });
  sm.on(DescribeSecretCommand, { SecretId: SECRET_ARN }).resolves({ ARN: SECRET_ARN, Name: 'rds!cluster-1234', KmsKeyId: KEY_ARN });
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
const read = (dir: string, file: string): Template => JSON.parse(fs.readFileSync(path.join(dir, 'out', file), 'utf8'));
const templates = (dir: string) =>
  fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.json') && f !== 'manifest.json').map((f) => read(dir, f));
type Statement = { Action: string[]; Resource: unknown; Condition?: unknown };
function statements(t: Template, role: 'TaskRole' | 'ExecutionRole'): Statement[] {
  return Object.entries(t.Resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Role' && id.includes(role))
    .flatMap(([, r]) => ((r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement));
}
const actionsOn = (list: Statement[], arn: string) => list.filter((s) => JSON.stringify(s.Resource).includes(arn)).flatMap((s) => s.Action).sort();

test('lookup pins the cluster (endpoint, port, security groups, master secret and key); render uses it like a created one', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(rds.commandCalls(DescribeDBClustersCommand).length).toBe(2);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  expect(lock.lookups['x-rds.orders'].query).toEqual({ kind: 'database', type: 'cluster', database: { tags: { app: 'shop' } } });
  expect(lock.lookups['x-rds.orders'].answer).toEqual({
    type: 'cluster',
    identifier: 'orders',
    arn: CLUSTER_ARN,
    resourceId: 'cluster-ORDERS',
    engine: 'aurora-postgresql',
    engineVersion: '16.4',
    address: ADDRESS,
    readerAddress: 'orders.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    securityGroupIds: [SG, 'sg-0bbbbbbbbbbbbbbbb'],
    databaseName: 'orders',
    masterUsername: 'postgres',
    iamAuthentication: false,
    deletionProtection: true,
    backupRetentionDays: 7,
    instances: 2,
    secret: { arn: SECRET_ARN, name: 'rds!cluster-1234', kmsKeyId: KEY_ARN, managedByRds: true },
  });

  rds.reset();
  sm.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(rds.calls().length + sm.calls().length).toBe(0);

  // Nothing is created for the database: no RDS resource, no database secret, no database security group.
  const all = templates(dir);
  const types = all.flatMap((t) => Object.values(t.Resources).map((res) => res.Type));
  expect(types.filter((t) => t.startsWith('AWS::RDS::') || t === 'AWS::SecretsManager::Secret')).toEqual([]);
  expect(fs.existsSync(path.join(dir, 'out', 'Databases.json'))).toBe(false);

  // Ingress on the looked-up security group, on the database port, from each consuming family.
  const rules = all.flatMap((t) => Object.values(t.Resources).filter((res) => res.Type === 'AWS::EC2::SecurityGroupIngress')).map((res) => res.Properties);
  const onDb = rules.filter((p) => p.GroupId === SG);
  expect(onDb).toHaveLength(2);
  for (const p of onDb) expect(p).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
  expect(onDb.map((p) => JSON.stringify(p.SourceSecurityGroupId)).sort()).toEqual([expect.stringContaining('FamilyApi'), expect.stringContaining('FamilyReports')]);
  expect(JSON.stringify(all)).not.toContain('sg-0bbbbbbbbbbbbbbbb');

  // api: endpoint as plain variables, credentials as ECS secrets of the managed secret; the
  // execution role reads exactly that secret and decrypts with its key through Secrets Manager.
  const api = read(dir, 'FamilyApi.json');
  const container = (Object.values(api.Resources).find((res) => res.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions as Record<string, unknown>[])[0];
  expect(container.Environment).toEqual(
    expect.arrayContaining([
      { Name: 'ORDERS_HOST', Value: ADDRESS },
      { Name: 'ORDERS_PORT', Value: '5432' },
      { Name: 'ORDERS_DBNAME', Value: 'orders' },
    ]),
  );
  expect(container.Secrets).toEqual([
    { Name: 'ORDERS_PASSWORD', ValueFrom: `${SECRET_ARN}:password::` },
    { Name: 'ORDERS_USERNAME', ValueFrom: `${SECRET_ARN}:username::` },
  ]);
  const execution = statements(api, 'ExecutionRole');
  expect(actionsOn(execution, SECRET_ARN)).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
  expect(execution.find((s) => JSON.stringify(s.Resource).includes(KEY_ARN))).toMatchObject({ Action: ['kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': expect.anything() } } });
  expect(actionsOn(statements(api, 'TaskRole'), SECRET_ARN)).toEqual([]);

  // reports: describe on the exact cluster ARN; GrantTaskAccess: the secret and its key on the task role.
  const reports = read(dir, 'FamilyReports.json');
  const task = statements(reports, 'TaskRole');
  expect(actionsOn(task, CLUSTER_ARN)).toEqual(expect.arrayContaining(['rds:DescribeDBClusters']));
  expect(actionsOn(task, SECRET_ARN)).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  expect(actionsOn(task, KEY_ARN)).toEqual(['kms:Decrypt']);
  const reportsEnv = (Object.values(reports.Resources).find((res) => res.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions as Record<string, unknown>[])[0].Environment;
  expect(reportsEnv).toEqual(expect.arrayContaining([{ Name: 'ORDERS_READER', Value: 'orders.cluster-ro-abc.eu-west-1.rds.amazonaws.com' }, { Name: 'ORDERS_SECRET_ARN', Value: SECRET_ARN }]));
});

test('a DB instance by name with a named secret: DescribeDBInstances by identifier, ListSecrets by exact name', async () => {
  rds.reset();
  sm.reset();
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'legacy' }).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: 'legacy',
        DBInstanceArn: INSTANCE_ARN,
        DbiResourceId: 'db-LEGACY',
        Engine: 'mysql',
        EngineVersion: '8.0.39',
        Endpoint: { Address: 'legacy.abc.eu-west-1.rds.amazonaws.com', Port: 3306 },
        VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: 'active' }],
        MasterUsername: 'admin',
        DBInstanceClass: 'db.t4g.micro',
        TagList: [],
      },
    ],
  });
  sm.on(ListSecretsCommand, { Filters: [{ Key: 'name', Values: ['shared/legacy'] }] }).resolves({
    SecretList: [
      { Name: 'shared/legacy-old', ARN: `${OTHER_SECRET_ARN}old` },
      { Name: 'shared/legacy', ARN: OTHER_SECRET_ARN },
    ],
  });
  const compose = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  legacy:
    Lookup:
      db: {Name: legacy}
      secret: {Name: shared/legacy}
    Services:
      api:
        Access: RW
        SecretsMappings: {Mappings: {host: MYSQL_HOST, port: MYSQL_PORT, username: MYSQL_USER, password: MYSQL_PASSWORD}}
`;
  const dir = projectDir({ 'compose.yaml': compose });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  const answered = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-rds.legacy'].answer;
  expect(answered).toMatchObject({ type: 'instance', identifier: 'legacy', port: 3306, instanceClass: 'db.t4g.micro', secret: { arn: OTHER_SECRET_ARN, name: 'shared/legacy', managedByRds: false } });
  expect(answered.databaseName).toBeUndefined();

  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  const api = read(dir, 'FamilyApi.json');
  const container = (Object.values(api.Resources).find((res) => res.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions as Record<string, unknown>[])[0];
  expect(container.Environment).toEqual(expect.arrayContaining([{ Name: 'MYSQL_HOST', Value: 'legacy.abc.eu-west-1.rds.amazonaws.com' }, { Name: 'MYSQL_PORT', Value: '3306' }]));
  expect(container.Secrets).toEqual([
    { Name: 'MYSQL_PASSWORD', ValueFrom: `${OTHER_SECRET_ARN}:password::` },
    { Name: 'MYSQL_USER', ValueFrom: `${OTHER_SECRET_ARN}:username::` },
  ]);
  // No customer key on the secret: no KMS statement.
  expect(JSON.stringify(statements(api, 'ExecutionRole'))).not.toContain('kms:');
  const rule = templates(dir).flatMap((t) => Object.values(t.Resources)).find((res) => res.Type === 'AWS::EC2::SecurityGroupIngress' && res.Properties.GroupId === SG);
  expect(rule?.Properties).toMatchObject({ FromPort: 3306, ToPort: 3306 });
});

test('none (CX6080) and several (CX6081) at the Lookup; an Aurora member instance is not a DB instance', async () => {
  rds.reset();
  sm.reset();
  rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('DBInstance legacy not found.'), { name: 'DBInstanceNotFoundFault' }));
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('orders', 'shop'), cluster('orders-copy', 'shop')] });
  const compose = `services:
  api:
    image: x
x-rds:
  legacy:
    Lookup: {db: {Name: legacy}}
    Services: {api: {Access: RW}}
  orders:
    Lookup: {cluster: {Tags: {app: shop}}}
    Services: {api: {Access: RW}}
`;
  const dir = projectDir({ 'compose.yaml': compose });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("compose.yaml:6:5: error CX6080: x-rds.legacy Lookup finds no RDS DB instance with name 'legacy'");
  expect(r.stderr).toContain('compose.yaml:9:5: error CX6081: x-rds.orders Lookup finds 2 RDS DB clusters with tags app=shop, and needs exactly one');
  expect(r.stderr).toContain(`- orders (${CLUSTER_ARN}) tags: app=shop`);
  expect(r.stderr).toContain(`- orders-copy (arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders-copy) tags: app=shop`);
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);

  // By tags, instances that belong to a cluster are left out (they are reached through it).
  rds.reset();
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-1', DBClusterIdentifier: 'orders', Engine: 'aurora-postgresql', TagList: [{ Key: 'app', Value: 'shop' }] }] });
  const byTags = projectDir({ 'compose.yaml': 'services:\n  api:\n    image: x\nx-rds:\n  orders:\n    Lookup: {db: {Tags: {app: shop}}}\n    Services: {api: {Access: RW}}\n' });
  const none = await lookup(byTags);
  expect(none.stderr).toContain('error CX6080: x-rds.orders Lookup finds no RDS DB instance with tags app=shop');
});

test('Name and Tags together (ECS ComposeX): the named cluster must carry the tags', async () => {
  answer();
  rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'orders' }).resolves({ DBClusters: [cluster('orders', 'billing')] });
  const dir = projectDir({ 'compose.yaml': 'services:\n  api:\n    image: x\nx-rds:\n  orders:\n    Lookup: {cluster: {Name: orders, Tags: [{app: shop}]}}\n    Services: {api: {Access: RW}}\n' });
  const r = await lookup(dir);
  expect(r.stderr).toContain("error CX6080: x-rds.orders Lookup finds no RDS DB cluster with name 'orders' and tags app=shop");
});

test("the database's VPC is pinned (an instance's subnet group, a cluster's by DescribeDBSubnetGroups); render refuses services in another VPC (CX3685)", async () => {
  answer();
  rds.reset();
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('orders', 'shop', { DBSubnetGroup: 'shared-db' })] });
  rds.on(DescribeDBSubnetGroupsCommand, { DBSubnetGroupName: 'shared-db' }).resolves({ DBSubnetGroups: [{ DBSubnetGroupName: 'shared-db', VpcId: 'vpc-0fedcba9876543210' }] });
  sm.on(DescribeSecretCommand, { SecretId: SECRET_ARN }).resolves({ ARN: SECRET_ARN, Name: 'rds!cluster-1234', KmsKeyId: KEY_ARN });
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-rds.orders'].answer.vpcId).toBe('vpc-0fedcba9876543210');
  // The project creates its own VPC (no x-vpc): nothing connects it to the database's.
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(1);
  expect(rendered.stderr).toContain("compose.yaml:8:5: error CX3685: database 'orders' (orders) is in vpc-0fedcba9876543210, and x-vpc creates a new VPC for the services");

  rds.reset();
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'legacy', DBInstanceArn: INSTANCE_ARN, Engine: 'mysql', Endpoint: { Address: 'a', Port: 3306 }, VpcSecurityGroups: [{ VpcSecurityGroupId: SG }], DBSubnetGroup: { VpcId: 'vpc-0123456789abcdef0' }, TagList: [] }],
  });
  const instance = projectDir({ 'compose.yaml': 'services:\n  api:\n    image: x\nx-rds:\n  legacy:\n    Lookup: {db: {Name: legacy}}\n    Services: {api: {Access: RW}}\n' });
  expect((await lookup(instance)).stderr).toBe('');
  expect(JSON.parse(fs.readFileSync(path.join(instance, 'composex.lock.json'), 'utf8')).lookups['x-rds.legacy'].answer.vpcId).toBe('vpc-0123456789abcdef0');
  expect(rds.commandCalls(DescribeDBSubnetGroupsCommand)).toHaveLength(0);
});
