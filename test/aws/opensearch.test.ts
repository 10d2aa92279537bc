/**
 * x-opensearch domains in the templates: what composex keeps on (encryption at rest, node to node,
 * HTTPS with a TLS 1.2 policy), Retain on delete and replace, the VPC placement (one private subnet,
 * or one per zone with zone awareness) behind the domain's own group admitting only the consuming
 * families on 443 with no egress, the task role's `es:` actions of each level on the exact ARN or
 * `<arn>/*`, the variables ECS ComposeX names, the MacroParameters master user and log groups, and
 * nothing for a service that is not listed.
 */
import { validateTemplates } from '../../src/render/validate';
import { dataStoreNetworkViolations, encryptionViolations } from '../helpers/invariants';
import { projectDir } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: shop
services:
  api: {image: api}
  reports: {image: reports}
  indexer: {image: indexer}
  bystander: {image: bystander}
x-opensearch:
  search:
    Properties:
      EngineVersion: OpenSearch_2.19
      ClusterConfig: {InstanceType: r7g.large.search, InstanceCount: 2, ZoneAwarenessEnabled: true}
      EBSOptions: {EBSEnabled: true, VolumeSize: 20, VolumeType: gp3}
      DomainEndpointOptions: {TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07}
    MacroParameters:
      GenerateMasterUserSecret: true
      CreateLogGroups: [ES_APPLICATION_LOGS, AUDIT_LOGS]
      RetentionInDays: 14
      CreateLogGroupsResourcePolicy: true
    Services:
      api: {Access: {Http: RW, DBCluster: RO}}
      reports: {Access: {Http: RO}, ReturnValues: {Id: SEARCH_ID}}
  logs:
    Properties:
      ClusterConfig: {InstanceType: r6gd.large.search}
    MacroParameters:
      CreateMasterUserRole: true
      MasterUserRolePermissionsBoundary: boundaries/search
    Settings:
      EnvNames: [LOGS_DOMAIN]
    Services:
      indexer: {Access: {Http: RW}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

test('zero validator errors; encrypted, and each domain behind a group of its own that admits only its consumers on 443 and starts nothing', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(encryptionViolations(result.files)).toEqual([]);
  expect(dataStoreNetworkViolations(result.files)).toEqual([]);
  expect(ingressTriples(result).filter((t) => t.startsWith('OpenSearch'))).toEqual([
    'OpenSearch domain logs <- family indexer tcp/443',
    'OpenSearch domain search <- family api tcp/443',
    'OpenSearch domain search <- family reports tcp/443',
  ]);
});

test('the domain: encryption at rest, node to node, HTTPS only with TLS 1.2, Retain on delete and replace', () => {
  const domains = resourcesOf(result, 'AWS::OpenSearchService::Domain');
  expect(domains.map((d) => d.id)).toEqual(['OpenSearchLogs', 'OpenSearchSearch']);
  for (const { resource } of domains) {
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resource.Properties).toMatchObject({ EncryptionAtRestOptions: { Enabled: true }, NodeToNodeEncryptionOptions: { Enabled: true }, DomainEndpointOptions: { EnforceHTTPS: true } });
  }
  const [logs, search] = domains.map((d) => d.resource.Properties!);
  expect(logs.DomainEndpointOptions).toEqual({ EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' });
  expect(search.DomainEndpointOptions).toEqual({ EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' });
  // An instance-store type takes no EBS volume; an EBS type keeps the one written.
  expect(logs.EBSOptions).toBeUndefined();
  expect(search.EBSOptions).toEqual({ EBSEnabled: true, VolumeSize: 20, VolumeType: 'gp3' });
  expect(search.AccessPolicies).toBeUndefined();
});

test('VPC placement: one private subnet, or one per zone with zone awareness; the domain security group only', () => {
  const subnets = Object.fromEntries(
    resourcesOf(result, 'AWS::OpenSearchService::Domain').map(({ file, id, resource }) => {
      const vpc = resource.Properties!.VPCOptions as { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
      expect(vpc.SecurityGroupIds.map((g) => tracer.trace(file, g))).toEqual([`AWS::EC2::SecurityGroup:${id}SecurityGroup.GroupId`]);
      return [id, vpc.SubnetIds.map((s) => JSON.stringify(s))];
    }),
  );
  expect(subnets.OpenSearchLogs).toEqual(['{"Fn::Select":[0,{"Ref":"PrivateSubnetIds"}]}']);
  expect(subnets.OpenSearchSearch).toEqual(['{"Fn::Select":[0,{"Ref":"PrivateSubnetIds"}]}', '{"Fn::Select":[1,{"Ref":"PrivateSubnetIds"}]}']);
});

const arn = (name: string) => `opensearch:${name}.Arn`;

test('task roles: exactly the es: actions of each level, Http on <arn>/*, DBCluster on the ARN', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [
      ...['DescribeDomain', 'DescribeDomainAutoTunes', 'DescribeDomainConfig', 'ESCrossClusterGet', 'GetCompatibleVersions', 'GetUpgradeHistory', 'GetUpgradeStatus', 'ListPackagesForDomain', 'ListTags'].map((a) => `Allow es:${a} on ${arn('search')}`),
      ...['ESHttpDelete', 'ESHttpGet', 'ESHttpHead', 'ESHttpPatch', 'ESHttpPost', 'ESHttpPut'].map((a) => `Allow es:${a} on ${arn('search')}/*`),
    ].sort(),
  );
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'TaskRole')).toEqual(['ESHttpGet', 'ESHttpHead', 'ESHttpPost'].map((a) => `Allow es:${a} on ${arn('search')}/*`));
  expect(rolePairs(tracer, tracer.familyFile('Indexer'), 'TaskRole')).toHaveLength(6);
  expect(rolePairs(tracer, tracer.familyFile('Indexer'), 'TaskRole').every((p) => p.endsWith(`on ${arn('logs')}/*`))).toBe(true);
});

test("variables as ECS ComposeX names them: <NAME> (the domain name), <NAME>_Arn, <NAME>_DomainEndpoint; EnvNames and ReturnValues", () => {
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['SEARCH=opensearch:search.Ref', 'SEARCH_Arn=opensearch:search.Arn', 'SEARCH_DomainEndpoint=opensearch:search.DomainEndpoint']);
  expect(containerVariables(tracer, tracer.familyFile('Reports'), 'reports')).toEqual([
    'SEARCH=opensearch:search.Ref',
    'SEARCH_Arn=opensearch:search.Arn',
    'SEARCH_DomainEndpoint=opensearch:search.DomainEndpoint',
    'SEARCH_ID=opensearch:search.Id',
  ]);
  expect(containerVariables(tracer, tracer.familyFile('Indexer'), 'indexer')).toEqual(['LOGS_DOMAIN=opensearch:logs.Ref', 'LOGS_DOMAIN_Arn=opensearch:logs.Arn', 'LOGS_DOMAIN_DomainEndpoint=opensearch:logs.DomainEndpoint']);
});

test('a service not listed under a domain gets nothing of it', () => {
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
  expect(ingressTriples(result).filter((t) => t.includes('family bystander'))).toEqual([]);
});

test('GenerateMasterUserSecret: a retained secret in the internal user database; CreateMasterUserRole: a role the account assumes over TLS, bounded', () => {
  const [logs, search] = resourcesOf(result, 'AWS::OpenSearchService::Domain');
  const security = search.resource.Properties!.AdvancedSecurityOptions as Record<string, Record<string, unknown>>;
  expect(security).toMatchObject({ Enabled: true, InternalUserDatabaseEnabled: true });
  expect(tracer.trace(search.file, security.MasterUserOptions.MasterUserPassword)).toBe('{{resolve:secretsmanager:AWS::SecretsManager::Secret:OpenSearchSearchMasterUserSecret.Ref:SecretString:password}}');
  const [secret] = resourcesOf(result, 'AWS::SecretsManager::Secret').filter((s) => s.id === 'OpenSearchSearchMasterUserSecret');
  expect(secret.resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  expect(secret.resource.Properties!.GenerateSecretString).toMatchObject({ GenerateStringKey: 'password', PasswordLength: 32, RequireEachIncludedType: true });

  const roleSecurity = logs.resource.Properties!.AdvancedSecurityOptions as Record<string, Record<string, unknown>>;
  expect(roleSecurity).toMatchObject({ Enabled: true, InternalUserDatabaseEnabled: false });
  expect(tracer.trace(logs.file, roleSecurity.MasterUserOptions.MasterUserARN)).toBe('AWS::IAM::Role:OpenSearchLogsMasterUserRole.Arn');
  const [role] = resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id === 'OpenSearchLogsMasterUserRole');
  const trust = (role.resource.Properties!.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
  expect(trust).toHaveLength(1);
  expect(tracer.trace(role.file, (trust[0].Principal as Record<string, unknown>).AWS)).toBe('arn:AWS::Partition:iam::AWS::AccountId:root');
  expect(trust[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'true' } });
  expect(tracer.trace(role.file, role.resource.Properties!.PermissionsBoundary)).toBe('arn:AWS::Partition:iam::AWS::AccountId:policy/boundaries/search');
});

test('CreateLogGroups: a group per log type, published to; the resource policy exists before the domain and names only them', () => {
  const [, search] = resourcesOf(result, 'AWS::OpenSearchService::Domain');
  const groups = resourcesOf(result, 'AWS::Logs::LogGroup').filter((g) => g.id.startsWith('OpenSearch'));
  expect(groups.map((g) => [g.id, g.resource.Properties!.RetentionInDays])).toEqual([
    ['OpenSearchSearchEsApplicationLogsLogGroup', 14],
    ['OpenSearchSearchAuditLogsLogGroup', 14],
  ]);
  const options = search.resource.Properties!.LogPublishingOptions as Record<string, { Enabled: boolean; CloudWatchLogsLogGroupArn: unknown }>;
  expect(Object.entries(options).map(([k, v]) => [k, v.Enabled, tracer.trace(search.file, v.CloudWatchLogsLogGroupArn)])).toEqual([
    ['ES_APPLICATION_LOGS', true, 'AWS::Logs::LogGroup:OpenSearchSearchEsApplicationLogsLogGroup.Arn'],
    ['AUDIT_LOGS', true, 'AWS::Logs::LogGroup:OpenSearchSearchAuditLogsLogGroup.Arn'],
  ]);
  const [policy] = resourcesOf(result, 'AWS::Logs::ResourcePolicy');
  expect(policy.id).toBe('OpenSearchSearchLogsPolicy');
  expect(search.resource.DependsOn).toContain('OpenSearchSearchLogsPolicy');
  const document = JSON.stringify(policy.resource.Properties!.PolicyDocument);
  expect(document).toContain('es.amazonaws.com');
  expect(document).toContain('OpenSearchSearchEsApplicationLogsLogGroup');
  expect(document).toContain('OpenSearchSearchAuditLogsLogGroup');
  expect(document).toContain('aws:SourceAccount');
});
