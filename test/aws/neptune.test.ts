/**
 * x-neptune Neptune clusters in the templates: the cluster's protections (storage encrypted, IAM
 * database authentication, backups, Snapshot on deletion and replacement, deletion protection), its
 * instances (ECS ComposeX's default db.t3.medium, or MacroParameters.Instances), the parameter
 * group, the subnet group in the private subnets, the cluster's security group admitting only the
 * consuming families on its port and allowing no egress, each consumer's task role holding exactly
 * its level's neptune-db actions on arn:…:neptune-db:<region>:<account>:<ClusterResourceId>/*, its
 * variables, and nothing for a service that is not listed.
 */
import { validateTemplates } from '../../src/render/validate';
import { dataStoreNetworkViolations, securityViolations } from '../helpers/invariants';
import { projectDir } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: graphs
services:
  api: {image: api}
  reports: {image: reports}
  bystander: {image: bystander}
x-neptune:
  social:
    Properties: {}
    Services:
      api: {Access: {NeptuneDB: RW}}
      reports: {Access: {NeptuneDB: RO, DBCluster: RO}, ReturnValues: {DBClusterName: SOCIAL_CLUSTER}}
  fraud:
    Properties:
      EngineVersion: "1.4.5.1"
      DBPort: 8183
      BackupRetentionPeriod: 14
      ServerlessScalingConfiguration: {MinCapacity: 1, MaxCapacity: 8}
    MacroParameters:
      Instances:
        - DBInstanceClass: db.serverless
        - DBInstanceClass: db.r6g.large
          PreferredMaintenanceWindow: "sun:03:00-sun:04:00"
      DBClusterParameterGroup:
        Family: neptune1.4
        Parameters: {neptune_query_timeout: 120000}
    Services:
      reports: {Access: {NeptuneDB: connect}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

test('zero validator errors; the security invariants hold (data store groups, encryption, retention)', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(securityViolations(result.files)).toEqual([]);
  // The invariant is not vacuous here: it sees both clusters' groups.
  expect(resourcesOf(result, 'AWS::Neptune::DBCluster').every((c) => (c.resource.Properties!.VpcSecurityGroupIds as unknown[]).length === 1)).toBe(true);
  expect(dataStoreNetworkViolations(result.files)).toEqual([]);
});

test('the cluster: encrypted, IAM authentication, backups, deletion protection, Snapshot on deletion and replacement', () => {
  const clusters = resourcesOf(result, 'AWS::Neptune::DBCluster');
  expect(clusters.map((c) => c.id)).toEqual(['NeptuneFraud', 'NeptuneSocial']);
  for (const { file, id, resource } of clusters) {
    expect(resource.Properties).toMatchObject({ StorageEncrypted: true, IamAuthEnabled: true, DeletionProtection: true, CopyTagsToSnapshot: true });
    expect(resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(tracer.trace(file, resource.Properties!.DBSubnetGroupName)).toBe(`AWS::Neptune::DBSubnetGroup:${id}SubnetGroup.Ref`);
    expect((resource.Properties!.VpcSecurityGroupIds as unknown[]).map((g) => tracer.trace(file, g))).toEqual([`AWS::EC2::SecurityGroup:${id}SecurityGroup.GroupId`]);
  }
  const [fraud, social] = clusters.map((c) => c.resource.Properties!);
  expect(social).toMatchObject({ DBPort: 8182, BackupRetentionPeriod: 7 });
  expect(social.EngineVersion).toBeUndefined();
  expect(fraud).toMatchObject({ EngineVersion: '1.4.5.1', DBPort: 8183, BackupRetentionPeriod: 14, ServerlessScalingConfiguration: { MinCapacity: 1, MaxCapacity: 8 } });
  expect(fraud.Port).toBeUndefined();
});

test("instances: ECS ComposeX's default (one db.t3.medium), or MacroParameters.Instances; no deletion policy of their own", () => {
  const instances = resourcesOf(result, 'AWS::Neptune::DBInstance');
  expect(instances.map((i) => [i.id, tracer.trace(i.file, i.resource.Properties!.DBClusterIdentifier), i.resource.Properties!.DBInstanceClass])).toEqual([
    ['NeptuneFraudInstance1', 'neptune:fraud.Ref', 'db.serverless'],
    ['NeptuneFraudInstance2', 'neptune:fraud.Ref', 'db.r6g.large'],
    ['NeptuneSocialInstance1', 'neptune:social.Ref', 'db.t3.medium'],
  ]);
  expect(instances[1].resource.Properties).toMatchObject({ PreferredMaintenanceWindow: 'sun:03:00-sun:04:00', AutoMinorVersionUpgrade: true });
  for (const { resource } of instances) expect(resource.DeletionPolicy).toBeUndefined();
});

test('MacroParameters.DBClusterParameterGroup: created with a description and used by the cluster', () => {
  const groups = resourcesOf(result, 'AWS::Neptune::DBClusterParameterGroup');
  expect(groups.map((g) => [g.id, g.resource.Properties!.Family, g.resource.Properties!.Description, g.resource.Properties!.Parameters])).toEqual([
    ['NeptuneFraudParameterGroup', 'neptune1.4', 'composex: parameters of Neptune cluster fraud', { neptune_query_timeout: 120000 }],
  ]);
  const [fraud, social] = resourcesOf(result, 'AWS::Neptune::DBCluster');
  expect(tracer.trace(fraud.file, fraud.resource.Properties!.DBClusterParameterGroupName)).toBe('AWS::Neptune::DBClusterParameterGroup:NeptuneFraudParameterGroup.Ref');
  expect(social.resource.Properties!.DBClusterParameterGroupName).toBeUndefined();
});

test('the subnet groups are the private subnets', () => {
  const groups = resourcesOf(result, 'AWS::Neptune::DBSubnetGroup');
  expect(groups).toHaveLength(2);
  for (const { file, resource } of groups) expect(tracer.trace(file, resource.Properties!.SubnetIds)).toMatch(/PrivateSubnet/);
});

test('each cluster admits only its consumers, only on its port, and starts no connection', () => {
  expect(ingressTriples(result).filter((t) => t.startsWith('Neptune'))).toEqual([
    'Neptune cluster fraud <- family reports tcp/8183',
    'Neptune cluster social <- family api tcp/8182',
    'Neptune cluster social <- family reports tcp/8182',
  ]);
  const groups = resourcesOf(result, 'AWS::EC2::SecurityGroup').filter((g) => String(g.resource.Properties!.GroupDescription).includes('Neptune'));
  expect(groups.map((g) => g.id)).toEqual(['NeptuneFraudSecurityGroup', 'NeptuneSocialSecurityGroup']);
  for (const { resource } of groups) {
    expect(resource.Properties!.SecurityGroupEgress).toEqual([{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }]);
  }
});

/** The data resource of a cluster, as the tracer shows the ARN built in the Neptune stack. */
const data = (name: string) => `arn:AWS::Partition:neptune-db:AWS::Region:AWS::AccountId:neptune:${name}.ClusterResourceId/*`;

test("the task roles hold exactly their levels' actions, on the cluster's data resource (ClusterResourceId) and, for DBCluster, its ARN", () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual([
    `Allow neptune-db:DeleteDataViaQuery on ${data('social')}`,
    `Allow neptune-db:ReadDataViaQuery on ${data('social')}`,
    `Allow neptune-db:WriteDataViaQuery on ${data('social')}`,
  ]);
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'TaskRole')).toEqual([
    `Allow neptune-db:ReadDataViaQuery on ${data('social')}`,
    `Allow neptune-db:connect on ${data('fraud')}`,
    'Allow rds:DescribeDBClusters on arn:AWS::Partition:rds:AWS::Region:AWS::AccountId:cluster:neptune:social.Ref',
  ]);
  // No password: the execution role reads no secret of the clusters.
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'ExecutionRole').filter((p) => p.includes('secretsmanager:'))).toEqual([]);
});

test('consumers get <NAME>_ENDPOINT, _READ_ENDPOINT, _PORT, and their ReturnValues', () => {
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['SOCIAL_ENDPOINT=neptune:social.Endpoint', 'SOCIAL_PORT=neptune:social.Port', 'SOCIAL_READ_ENDPOINT=neptune:social.ReadEndpoint']);
  expect(containerVariables(tracer, tracer.familyFile('Reports'), 'reports')).toEqual([
    'FRAUD_ENDPOINT=neptune:fraud.Endpoint',
    'FRAUD_PORT=neptune:fraud.Port',
    'FRAUD_READ_ENDPOINT=neptune:fraud.ReadEndpoint',
    'SOCIAL_CLUSTER=neptune:social.Ref',
    'SOCIAL_ENDPOINT=neptune:social.Endpoint',
    'SOCIAL_PORT=neptune:social.Port',
    'SOCIAL_READ_ENDPOINT=neptune:social.ReadEndpoint',
  ]);
});

test('a service not listed under a cluster gets nothing of it', () => {
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
  expect(ingressTriples(result).filter((t) => t.includes('family bystander'))).toEqual([]);
});
