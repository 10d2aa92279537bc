/**
 * x-docdb DocumentDB clusters in the templates: the cluster's protections (storage encrypted, the
 * master password from Secrets Manager, backups, Snapshot on deletion), its instances (ECS
 * ComposeX's default db.t3.medium, or MacroParameters.Instances), the parameter group, the subnet
 * group in the private subnets, the cluster's security group admitting only the consuming families
 * on its port, the ECS secrets and variables of each consumer, the task role's
 * rds:DescribeDBClusters for `{DBCluster: RO}` on the cluster's ARN, and nothing for a service that
 * is not listed.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: documents
services:
  api: {image: api}
  worker: {image: worker}
  reports: {image: reports}
  bystander: {image: bystander}
x-cloudmap:
  private: {ZoneName: documents.internal}
x-docdb:
  catalog:
    Properties: {}
    Settings:
      EnvNames: [CATALOG_JSON]
      x-cloudmap: private
    Services:
      api: {Access: RW}
      worker:
  orders:
    Properties:
      EngineVersion: "5.0.0"
      Port: 27018
      BackupRetentionPeriod: 14
      MasterUsername: orders
    MacroParameters:
      Instances:
        - DBInstanceClass: db.r6g.large
        - DBInstanceClass: db.r6g.large
          PreferredMaintenanceWindow: "sun:03:00-sun:04:00"
      DBClusterParameterGroup:
        Family: docdb5.0
        Description: orders parameters
        Parameters: {ttl_monitor: enabled}
    Services:
      reports:
        Access: {DBCluster: RO}
        ReturnValues: {ReadEndpoint: ORDERS_READER, DBClusterName: ORDERS_CLUSTER}
        SecretsMappings:
          Mappings: [{SecretKey: host, VarName: MONGO_HOST}, {SecretKey: password, VarName: MONGO_PASSWORD}]
        GrantTaskAccess: true
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('the cluster: storage encrypted, the master password from Secrets Manager, backups, Snapshot on deletion', () => {
  const clusters = resourcesOf(result, 'AWS::DocDB::DBCluster');
  expect(clusters.map((c) => c.id)).toEqual(['DocDbCatalog', 'DocDbOrders']);
  for (const { file, id, resource } of clusters) {
    const p = resource.Properties!;
    expect(p).toMatchObject({ StorageEncrypted: true, DeletionProtection: true, CopyTagsToSnapshot: true });
    expect(tracer.trace(file, p.MasterUserPassword)).toBe(`{{resolve:secretsmanager:AWS::SecretsManager::Secret:${id}Secret.Ref:SecretString:password}}`);
    expect(resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(tracer.trace(file, p.DBSubnetGroupName)).toBe(`AWS::DocDB::DBSubnetGroup:${id}SubnetGroup.Ref`);
    expect((p.VpcSecurityGroupIds as unknown[]).map((g) => tracer.trace(file, g))).toEqual([`AWS::EC2::SecurityGroup:${id}SecurityGroup.GroupId`]);
  }
  const [catalog, orders] = clusters.map((c) => c.resource.Properties!);
  expect(catalog).toMatchObject({ MasterUsername: 'dbadmin', Port: 27017, BackupRetentionPeriod: 7 });
  expect(catalog.EngineVersion).toBeUndefined();
  expect(orders).toMatchObject({ EngineVersion: '5.0.0', MasterUsername: 'orders', Port: 27018, BackupRetentionPeriod: 14 });
});

test('the credentials secret: generated without / " @ (DocumentDB refuses them), retained, attached to the cluster', () => {
  const secrets = resourcesOf(result, 'AWS::SecretsManager::Secret').filter((s) => s.id.startsWith('DocDb'));
  expect(secrets.map((s) => s.id)).toEqual(['DocDbCatalogSecret', 'DocDbOrdersSecret']);
  for (const { resource } of secrets) {
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const generate = resource.Properties!.GenerateSecretString as Record<string, unknown>;
    expect(generate).toMatchObject({ GenerateStringKey: 'password', PasswordLength: 32 });
    for (const c of ['/', '"', '@']) expect(generate.ExcludeCharacters).toContain(c);
  }
  expect(secrets.map((s) => JSON.parse(String((s.resource.Properties!.GenerateSecretString as Record<string, unknown>).SecretStringTemplate)))).toEqual([{ username: 'dbadmin' }, { username: 'orders' }]);
  const attachments = resourcesOf(result, 'AWS::SecretsManager::SecretTargetAttachment').filter((a) => a.id.startsWith('DocDb'));
  expect(attachments.map((a) => [tracer.trace(a.file, a.resource.Properties!.SecretId), tracer.trace(a.file, a.resource.Properties!.TargetId), a.resource.Properties!.TargetType])).toEqual([
    ['AWS::SecretsManager::Secret:DocDbCatalogSecret.Ref', 'docdb:catalog.Ref', 'AWS::DocDB::DBCluster'],
    ['AWS::SecretsManager::Secret:DocDbOrdersSecret.Ref', 'docdb:orders.Ref', 'AWS::DocDB::DBCluster'],
  ]);
});

test("instances: ECS ComposeX's default (one db.t3.medium), or MacroParameters.Instances with their properties", () => {
  const instances = resourcesOf(result, 'AWS::DocDB::DBInstance');
  expect(instances.map((i) => [i.id, tracer.trace(i.file, i.resource.Properties!.DBClusterIdentifier), i.resource.Properties!.DBInstanceClass])).toEqual([
    ['DocDbCatalogInstance1', 'docdb:catalog.Ref', 'db.t3.medium'],
    ['DocDbOrdersInstance1', 'docdb:orders.Ref', 'db.r6g.large'],
    ['DocDbOrdersInstance2', 'docdb:orders.Ref', 'db.r6g.large'],
  ]);
  expect(instances[2].resource.Properties).toMatchObject({ PreferredMaintenanceWindow: 'sun:03:00-sun:04:00', AutoMinorVersionUpgrade: true });
});

test('MacroParameters.DBClusterParameterGroup: created with the cluster and used by it', () => {
  const groups = resourcesOf(result, 'AWS::DocDB::DBClusterParameterGroup');
  expect(groups.map((g) => [g.id, g.resource.Properties!.Family, g.resource.Properties!.Description, g.resource.Properties!.Parameters])).toEqual([['DocDbOrdersParameterGroup', 'docdb5.0', 'orders parameters', { ttl_monitor: 'enabled' }]]);
  const [catalog, orders] = resourcesOf(result, 'AWS::DocDB::DBCluster');
  expect(tracer.trace(orders.file, orders.resource.Properties!.DBClusterParameterGroupName)).toBe('AWS::DocDB::DBClusterParameterGroup:DocDbOrdersParameterGroup.Ref');
  // Without one, the cluster has the default group of its version, whose tls is enabled.
  expect(catalog.resource.Properties!.DBClusterParameterGroupName).toBeUndefined();
});

test('the subnet groups are the private subnets', () => {
  const groups = resourcesOf(result, 'AWS::DocDB::DBSubnetGroup');
  expect(groups).toHaveLength(2);
  for (const { file, resource } of groups) {
    expect(tracer.trace(file, resource.Properties!.SubnetIds)).toMatch(/PrivateSubnet/);
    expect(tracer.trace(file, resource.Properties!.SubnetIds)).not.toMatch(/PublicSubnet/);
  }
});

test('each cluster admits only its consumers, only on its port, and starts no connection', () => {
  expect(ingressTriples(result).filter((t) => t.startsWith('DocumentDB'))).toEqual([
    'DocumentDB cluster catalog <- family api tcp/27017',
    'DocumentDB cluster catalog <- family worker tcp/27017',
    'DocumentDB cluster orders <- family reports tcp/27018',
  ]);
  const groups = resourcesOf(result, 'AWS::EC2::SecurityGroup').filter((g) => String(g.resource.Properties!.GroupDescription).includes('DocumentDB'));
  expect(groups.map((g) => g.id)).toEqual(['DocDbCatalogSecurityGroup', 'DocDbOrdersSecurityGroup']);
  for (const { resource } of groups) {
    expect(resource.Properties!.SecurityGroupEgress).toEqual([{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }]);
  }
});

const secret = (id: string, key: string) => `AWS::SecretsManager::Secret:${id}Secret.Ref:${key}::`;

test('consumers get the credentials as ECS secrets (<NAME>_HOST, _PORT, _USERNAME, _PASSWORD), read by the execution role only', () => {
  for (const family of ['Api', 'Worker']) {
    // Settings.EnvNames: the whole secret (its JSON), as ECS ComposeX exposes it.
    expect(containerVariables(tracer, tracer.familyFile(family), family.toLowerCase())).toEqual([
      ...['HOST', 'PASSWORD', 'PORT', 'USERNAME'].map((k) => `CATALOG_${k}<-${secret('DocDbCatalog', k.toLowerCase())}`),
      'CATALOG_JSON<-AWS::SecretsManager::Secret:DocDbCatalogSecret.Ref',
    ].sort());
    expect(rolePairs(tracer, tracer.familyFile(family), 'TaskRole')).toEqual([]);
    expect(rolePairs(tracer, tracer.familyFile(family), 'ExecutionRole').filter((p) => p.includes('secretsmanager:'))).toEqual(['Allow secretsmanager:GetSecretValue on AWS::SecretsManager::Secret:DocDbCatalogSecret.Ref']);
  }
});

test('SecretsMappings, ReturnValues, GrantTaskAccess and {DBCluster: RO} (rds:DescribeDBClusters on the cluster ARN)', () => {
  expect(containerVariables(tracer, tracer.familyFile('Reports'), 'reports')).toEqual([
    `MONGO_HOST<-${secret('DocDbOrders', 'host')}`,
    `MONGO_PASSWORD<-${secret('DocDbOrders', 'password')}`,
    'ORDERS_CLUSTER=docdb:orders.Ref',
    'ORDERS_READER=docdb:orders.ReadEndpoint',
    'ORDERS_SECRET_ARN=AWS::SecretsManager::Secret:DocDbOrdersSecret.Ref',
  ]);
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'TaskRole')).toEqual([
    'Allow rds:DescribeDBClusters on arn:AWS::Partition:rds:AWS::Region:AWS::AccountId:cluster:docdb:orders.Ref',
    'Allow secretsmanager:DescribeSecret on AWS::SecretsManager::Secret:DocDbOrdersSecret.Ref',
    'Allow secretsmanager:GetSecretValue on AWS::SecretsManager::Secret:DocDbOrdersSecret.Ref',
  ]);
});

test('a service not listed under a cluster gets nothing of it', () => {
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'ExecutionRole').filter((p) => p.includes('secretsmanager:'))).toEqual([]);
  expect(ingressTriples(result).filter((t) => t.includes('family bystander'))).toEqual([]);
});

test('Settings.x-cloudmap: the cluster registered as a database, a CNAME <name>.<zone> to its endpoint', () => {
  const services = resourcesOf(result, 'AWS::ServiceDiscovery::Service');
  expect(services.map((s) => [s.resource.Properties!.Name, (s.resource.Properties!.DnsConfig as Record<string, unknown>).DnsRecords])).toEqual([['catalog', [{ Type: 'CNAME', TTL: 15 }]]]);
  const [instance] = resourcesOf(result, 'AWS::ServiceDiscovery::Instance');
  expect(tracer.trace(instance.file, (instance.resource.Properties!.InstanceAttributes as Record<string, unknown>).AWS_INSTANCE_CNAME)).toBe('docdb:catalog.Endpoint');
});
