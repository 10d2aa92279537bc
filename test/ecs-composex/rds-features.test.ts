/**
 * x-rds `MacroParameters.RdsFeatures` and `PermissionsBoundary` (ECS ComposeX's rds.rst, "Example
 * with different bucket names syntax"): a role per feature that RDS of the account assumes, with
 * least-privilege access to the buckets listed, associated with the database for that feature;
 * engines without the feature, malformed entries and looked-up databases refused at the place.
 */
import { at, atAfter, compileText, located, renderText } from '../dialect/helpers';
import { dataStoreNetworkViolations, securityViolations } from '../helpers/invariants';
import { resourcesOf } from '../helpers/templates';
import { nameHash } from '../../src/resolve/names';
import { validateTemplates } from '../../src/render/validate';
import { locatedIn, renderFixtures, resourcesIn } from './secrets-iam-fixtures';

const BASE = 'use-cases/blog.features.yml';
const DOC = 'docs/rds-rdsfeatures.yml';
const OVERLAY = 'composex/rds-rdsfeatures.engine.yml';

const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const partitionArn = (rest: string) => join('arn:', { Ref: 'AWS::Partition' }, rest);

describe("ECS ComposeX's RdsFeatures example (docs/rds-rdsfeatures.yml, with an engine and bucket-01)", () => {
  const result = renderFixtures([BASE, DOC, OVERLAY]);
  const db = resourcesIn(result, 'Databases.json');

  test('renders with no error and no finding on the snippet', () => {
    expect(locatedIn(result.diagnostics, 'error')).toEqual([]);
    expect(locatedIn(result.diagnostics, 'warning').filter((l) => l.includes(DOC))).toEqual([]);
  });

  test("composex's security invariants hold in the database stack (every IAM statement scoped, no wildcard action, …)", () => {
    // The base (blog.features.yml) has findings of its own in its family and networking stacks.
    expect(securityViolations(result.files).filter((v) => v.startsWith('Databases'))).toEqual([]);
  });

  test('the cluster associates one role per feature, by FeatureName', () => {
    expect(db.DatabaseDbB.Type).toBe('AWS::RDS::DBCluster');
    expect(db.DatabaseDbB.Properties!.AssociatedRoles).toEqual([
      { FeatureName: 's3Import', RoleArn: { 'Fn::GetAtt': ['DatabaseDbBS3ImportRole', 'Arn'] } },
      { FeatureName: 's3Export', RoleArn: { 'Fn::GetAtt': ['DatabaseDbBS3ExportRole', 'Arn'] } },
    ]);
  });

  test('each role: only RDS of the account may assume it; the permissions boundary by name', () => {
    for (const id of ['DatabaseDbBS3ImportRole', 'DatabaseDbBS3ExportRole']) {
      const p = db[id].Properties!;
      expect(db[id].Type).toBe('AWS::IAM::Role');
      expect(p.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
      });
      expect(p.PermissionsBoundary).toEqual(join('arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/policy-name'));
    }
  });

  test('s3Import: ListBucket on the buckets (under the prefix only where the ARN names one), GetObject on the objects (the ARN prefix as written)', () => {
    const [policy] = db.DatabaseDbBS3ImportRole.Properties!.Policies as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[];
    expect(policy.PolicyName).toBe('s3Import');
    expect(policy.PolicyDocument.Statement).toEqual([
      { Sid: 'Buckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [{ Ref: 'BucketBucket01Arn' }, partitionArn(':s3:::bucket-name')] },
      { Sid: 'BucketPrefixes1', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::sacrificial-lamb', Condition: { StringLike: { 's3:prefix': ['folder/*'] } } },
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [join({ Ref: 'BucketBucket01Arn' }, '/*'), 'arn:aws:s3:::sacrificial-lamb/folder/*', partitionArn(':s3:::bucket-name/*')] },
    ]);
  });

  test('s3Export: PutObject and AbortMultipartUpload on the objects only', () => {
    const [policy] = db.DatabaseDbBS3ExportRole.Properties!.Policies as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[];
    expect(policy.PolicyName).toBe('s3Export');
    expect(policy.PolicyDocument.Statement).toEqual([
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:PutObject'], Resource: [join({ Ref: 'BucketBucket01Arn' }, '/*'), 'arn:aws:s3:::sacrificial-lamb/folder/*', partitionArn(':s3:::bucket-name/*')] },
    ]);
  });

  test("the x-s3 bucket's ARN reaches the database stack from the bucket stack's output", () => {
    const databases = resourcesOf(result, 'AWS::CloudFormation::Stack').find((s) => JSON.stringify(s.resource.Properties!.TemplateURL).includes('Databases'))!;
    const parameters = databases.resource.Properties!.Parameters as Record<string, unknown>;
    expect(parameters.BucketBucket01Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Buckets/), 'Outputs.BucketBucket01Arn'] });
  });
});

function project(rds: string, extra = '') {
  return `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  reports:
${rds}
    Services:
      api: {Access: RW}
x-s3:
  imports:
    Services:
      api: {Access: {objects: RW}}
${extra}`;
}

describe('RdsFeatures rendered from compose texts', () => {
  test('a postgres instance exporting to a KMS-encrypted x-s3 bucket: the role may use its key, through S3 only', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const text = project(
      `    Properties: {Engine: postgres, EngineVersion: "16.4"}
    MacroParameters:
      RdsFeatures:
        - Name: s3Export
          Resources: [x-s3::imports]`,
      `    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: "${key}"}
`,
    );
    const result = renderText(text);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(securityViolations(result.files)).toEqual([]);
    const [instance] = resourcesOf(result, 'AWS::RDS::DBInstance');
    expect(instance.resource.Properties!.AssociatedRoles).toEqual([{ FeatureName: 's3Export', RoleArn: { 'Fn::GetAtt': ['DatabaseReportsS3ExportRole', 'Arn'] } }]);
    const roles = resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id === 'DatabaseReportsS3ExportRole');
    expect(roles).toHaveLength(1);
    const p = roles[0].resource.Properties!;
    expect(p.PermissionsBoundary).toBeUndefined();
    const statements = (p.Policies as { PolicyDocument: { Statement: { Sid: string }[] } }[])[0].PolicyDocument.Statement;
    expect(statements.find((s) => s.Sid === 'BucketKeys')).toEqual({
      Sid: 'BucketKeys',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: [key],
      Condition: { StringEquals: { 'kms:ViaService': join('s3.', { Ref: 'AWS::Region' }, '.amazonaws.com') } },
    });
  });

  test('ListBucket: a bucket named whole is listed whole; a bucket named only by prefixes is listed under them (s3:prefix)', () => {
    const text = project(`    Properties: {Engine: postgres, EngineVersion: "16.4"}
    MacroParameters:
      RdsFeatures:
        - Name: s3Import
          Resources:
            - "arn:aws:s3:::shared/incoming/*"
            - shared/archive/2024/*
            - shared/more/*
            - whole/part/*
            - whole
            - "arn:aws:s3:::star/*"`);
    const result = renderText(text);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(securityViolations(result.files)).toEqual([]);
    const role = resourcesOf(result, 'AWS::IAM::Role').find((r) => r.id === 'DatabaseReportsS3ImportRole')!;
    const statements = (role.resource.Properties!.Policies as { PolicyDocument: { Statement: unknown[] } }[])[0].PolicyDocument.Statement;
    expect(statements).toEqual([
      { Sid: 'Buckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [partitionArn(':s3:::whole'), 'arn:aws:s3:::star'] },
      {
        Sid: 'BucketPrefixes1',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: 'arn:aws:s3:::shared',
        Condition: { StringLike: { 's3:prefix': ['incoming/*'] } },
      },
      {
        Sid: 'BucketPrefixes2',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: partitionArn(':s3:::shared'),
        Condition: { StringLike: { 's3:prefix': ['archive/2024/*', 'more/*'] } },
      },
      {
        Sid: 'Objects',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::shared/incoming/*', partitionArn(':s3:::shared/archive/2024/*'), partitionArn(':s3:::shared/more/*'), partitionArn(':s3:::whole/part/*'), partitionArn(':s3:::whole/*'), 'arn:aws:s3:::star/*'],
      },
    ]);
  });

  test("the database's security group lets RDS reach S3 over HTTPS (it allows nothing else out); without RdsFeatures, nothing", () => {
    const egressOf = (text: string) => resourcesOf(renderText(text), 'AWS::EC2::SecurityGroup').find((g) => g.id === 'DatabaseReportsSecurityGroup')!.resource.Properties!.SecurityGroupEgress;
    const withFeatures = renderText(
      project(`    Properties: {Engine: postgres, EngineVersion: "16.4"}
    MacroParameters:
      RdsFeatures:
        - Name: s3Import
          Resources: [x-s3::imports]`),
    );
    expect(dataStoreNetworkViolations(withFeatures.files)).toEqual([]);
    expect(resourcesOf(withFeatures, 'AWS::EC2::SecurityGroup').find((g) => g.id === 'DatabaseReportsSecurityGroup')!.resource.Properties!.SecurityGroupEgress).toEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to Amazon S3 (x-rds RdsFeatures)' },
    ]);
    expect(egressOf(project('    Properties: {Engine: postgres, EngineVersion: "16.4"}'))).toEqual([
      { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' },
    ]);
  });

  test('a database without RdsFeatures has no role and no AssociatedRoles', () => {
    const result = renderText(project('    Properties: {Engine: postgres, EngineVersion: "16.4"}'));
    expect(resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id.startsWith('Database'))).toEqual([]);
    expect(resourcesOf(result, 'AWS::RDS::DBInstance')[0].resource.Properties!.AssociatedRoles).toBeUndefined();
  });

  test("a feature already in Properties.AssociatedRoles: skipped with CX3648 at its Name, the user's role kept", () => {
    const text = project(`    Properties:
      Engine: aurora-postgresql
      EngineVersion: "16.4"
      AssociatedRoles: [{FeatureName: s3Import, RoleArn: "arn:aws:iam::123456789012:role/mine"}]
    MacroParameters:
      RdsFeatures:
        - Name: s3Import
          Resources: [x-s3::imports]
        - Name: s3Export
          Resources: [x-s3::imports]`);
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3648'))).toEqual([`CX3648 ${at(text, 's3Import', 2)}`]);
    const result = renderText(text);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties!.AssociatedRoles).toEqual([
      { FeatureName: 's3Import', RoleArn: 'arn:aws:iam::123456789012:role/mine' },
      { FeatureName: 's3Export', RoleArn: { 'Fn::GetAtt': ['DatabaseReportsS3ExportRole', 'Arn'] } },
    ]);
    expect(resourcesOf(result, 'AWS::IAM::Role').map((r) => r.id).filter((id) => id.startsWith('Database'))).toEqual(['DatabaseReportsS3ExportRole']);
  });
});

describe('Aurora MySQL: one role for its features, named by aws_default_s3_role in a cluster parameter group composex creates', () => {
  const aurora = (version: string, properties = '', features = `        - Name: s3Import
          Resources: [x-s3::imports, "arn:aws:s3:::shared/incoming/*"]
        - Name: s3Export
          Resources: [x-s3::imports]`) =>
    project(`    Properties:
      Engine: aurora-mysql
      EngineVersion: "${version}"${properties}
    MacroParameters:
      RdsFeatures:
${features}`);
  const policies = (role: { resource: { Properties?: Record<string, unknown> } }) =>
    Object.fromEntries((role.resource.Properties!.Policies as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[]).map((p) => [p.PolicyName, p.PolicyDocument.Statement]));

  test.each([
    ['8.0.mysql_aurora.3.08.0', 'aurora-mysql8.0'],
    ['8.0', 'aurora-mysql8.0'],
    ['5.7.mysql_aurora.2.12.4', 'aurora-mysql5.7'],
  ])('%s: the role is associated without FeatureName, and the group of family %s names it', (version, family) => {
    const result = renderText(aurora(version));
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(securityViolations(result.files)).toEqual([]);
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties!.AssociatedRoles).toEqual([{ RoleArn: { 'Fn::GetAtt': ['DatabaseReportsS3Role', 'Arn'] } }]);
    expect(cluster.resource.Properties!.DBClusterParameterGroupName).toEqual({ Ref: 'DatabaseReportsClusterParameterGroup' });
    const groups = resourcesOf(result, 'AWS::RDS::DBClusterParameterGroup');
    expect(groups.map((g) => g.id)).toEqual(['DatabaseReportsClusterParameterGroup']);
    expect(groups[0].resource.Properties).toMatchObject({
      Family: family,
      Parameters: { aws_default_s3_role: { 'Fn::GetAtt': ['DatabaseReportsS3Role', 'Arn'] } },
    });
    expect(resourcesOf(result, 'AWS::IAM::Role').map((r) => r.id).filter((id) => id.startsWith('Database'))).toEqual(['DatabaseReportsS3Role']);
  });

  test("the role holds each feature's policy: Aurora MySQL's minimum permissions for LOAD … FROM S3 and SELECT INTO OUTFILE S3", () => {
    const result = renderText(aurora('8.0.mysql_aurora.3.08.0'));
    const role = resourcesOf(result, 'AWS::IAM::Role').find((r) => r.id === 'DatabaseReportsS3Role')!;
    expect(role.resource.Properties!.AssumeRolePolicyDocument).toMatchObject({ Statement: [{ Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(policies(role)).toEqual({
      s3Import: [
        { Sid: 'Buckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [{ Ref: 'BucketImportsArn' }] },
        { Sid: 'BucketPrefixes1', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::shared', Condition: { StringLike: { 's3:prefix': ['incoming/*'] } } },
        { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: [join({ Ref: 'BucketImportsArn' }, '/*'), 'arn:aws:s3:::shared/incoming/*'] },
      ],
      s3Export: [
        { Sid: 'Buckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [{ Ref: 'BucketImportsArn' }] },
        {
          Sid: 'Objects',
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
          Resource: [join({ Ref: 'BucketImportsArn' }, '/*')],
        },
      ],
    });
  });

  test("one feature: the same one role (S3Role), after the user's own associated roles", () => {
    const text = aurora(
      '8.0.mysql_aurora.3.08.0',
      '\n      AssociatedRoles: [{RoleArn: "arn:aws:iam::123456789012:role/lambda-invoker"}]',
      '        - Name: s3Export\n          Resources: [x-s3::imports]',
    );
    const result = renderText(text);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties!.AssociatedRoles).toEqual([
      { RoleArn: 'arn:aws:iam::123456789012:role/lambda-invoker' },
      { RoleArn: { 'Fn::GetAtt': ['DatabaseReportsS3Role', 'Arn'] } },
    ]);
    expect(Object.keys(policies(resourcesOf(result, 'AWS::IAM::Role').find((r) => r.id === 'DatabaseReportsS3Role')!))).toEqual(['s3Export']);
  });

  test('without RdsFeatures: no parameter group, none named', () => {
    const result = renderText(project('    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.mysql_aurora.3.08.0"}'));
    expect(resourcesOf(result, 'AWS::RDS::DBClusterParameterGroup')).toEqual([]);
    expect(resourcesOf(result, 'AWS::RDS::DBCluster')[0].resource.Properties!.DBClusterParameterGroupName).toBeUndefined();
  });

  test("the user's own DBClusterParameterGroupName: CX3657 at it, saying what to set", () => {
    const text = aurora('8.0.mysql_aurora.3.08.0', '\n      DBClusterParameterGroupName: my-params');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3657 ${at(text, 'DBClusterParameterGroupName')}`]);
    const d = diagnostics.find((x) => x.code === 'CX3657')!;
    expect(d.message).toContain('aws_default_s3_role');
    expect(d.hint).toContain('remove DBClusterParameterGroupName: composex then creates the cluster\'s parameter group (family aurora-mysql8.0)');
  });

  test('x-tags reach the role and the parameter group', () => {
    const result = renderText(`${aurora('8.0.mysql_aurora.3.08.0')}x-tags:\n  team: data\n`);
    for (const id of ['DatabaseReportsS3Role', 'DatabaseReportsClusterParameterGroup']) {
      const [r] = [...resourcesOf(result, 'AWS::IAM::Role'), ...resourcesOf(result, 'AWS::RDS::DBClusterParameterGroup')].filter((x) => x.id === id);
      expect(r.resource.Properties!.Tags).toContainEqual({ Key: 'team', Value: 'data' });
    }
  });
});

describe('RdsFeatures refused, each at its place', () => {
  const features = (engine: string, entries: string) =>
    project(`    Properties: {Engine: ${engine}, EngineVersion: "${engine.includes('mysql') || engine === 'mariadb' ? (engine === 'aurora-mysql' ? '8.0.mysql_aurora.3.08.0' : engine === 'mariadb' ? '10.11.9' : '8.0.39') : '16.4'}"}
    MacroParameters:
      RdsFeatures:
${entries}`);

  test.each(['mysql', 'mariadb'])('%s has no s3Import feature: CX3647 at the Name, with what to do', (engine) => {
    const text = features(engine, '        - Name: s3Import\n          Resources: [x-s3::imports]');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3647 ${at(text, 's3Import')}`]);
    const d = diagnostics.find((x) => x.code === 'CX3647')!;
    expect(d.message).toBe(`${engine} has no s3Import feature, so database 'reports' cannot be given its role`);
    expect(d.hint).toContain('use aurora-mysql, postgres or aurora-postgresql');
  });

  test.each([
    ['a feature composex has no role for', '        - Name: Lambda\n          Resources: [x-s3::imports]', 'Lambda', "'Lambda' is not an RDS feature composex creates a role for"],
    ['a feature named twice', '        - Name: s3Import\n          Resources: [x-s3::imports]\n        - Name: s3Import\n          Resources: [x-s3::imports]', ['s3Import', 2], 'RdsFeatures names s3Import twice'],
    ['an x-s3 bucket the project does not declare', '        - Name: s3Import\n          Resources: [x-s3::import]', 'x-s3::import', "'import' is not an x-s3 bucket of this project"],
    ['an ARN that is not S3', '        - Name: s3Import\n          Resources: ["arn:aws:sqs:eu-west-1:123456789012:q"]', '"arn:aws:sqs', "'arn:aws:sqs:eu-west-1:123456789012:q' is not an S3 bucket or object ARN"],
    ['a bucket name S3 refuses', '        - Name: s3Import\n          Resources: [Not_A_Bucket]', 'Not_A_Bucket', "'Not_A_Bucket' is not an S3 bucket name"],
    ['empty Resources', '        - Name: s3Import\n          Resources: []', '[]', 'Resources is empty: the role would reach no bucket'],
  ] as const)('%s: CX3646 at it', (_, entries, marker, message) => {
    const text = features('postgres', entries);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    const where = typeof marker === 'string' ? at(text, marker) : at(text, marker[0], marker[1]);
    expect(located(diagnostics, 'error')).toEqual([`CX3646 ${where}`]);
    expect(diagnostics.find((x) => x.code === 'CX3646')!.message).toBe(message);
  });

  const versioned = (engine: string, version: string, feature: string) =>
    project(`    Properties: {Engine: ${engine}, EngineVersion: "${version}"}
    MacroParameters:
      RdsFeatures:
        - Name: ${feature}
          Resources: [x-s3::imports]`);

  test.each([
    ['postgres', '12.3', 's3Export', 'in 12, RDS has it from 12.4', '"12.4"'],
    ['postgres', '11.8', 's3Export', 'in 11, RDS has it from 11.9', '"11.9"'],
    ['postgres', '10.13', 's3Export', 'in 10, RDS has it from 10.14', '"10.14"'],
    ['postgres', '10.6', 's3Import', 'in 10, RDS has it from 10.7', '"10.7"'],
    ['postgres', '9.6.24', 's3Import', 'no postgres 9.6 version has it', 'a supported major version'],
    ['aurora-postgresql', '11.4', 's3Export', 'in 11, RDS has it from 11.6', '"11.6"'],
    ['aurora-postgresql', '10.7', 's3Export', 'in 10, RDS has it from 10.11', '"10.11"'],
  ])('%s %s has no %s yet: CX3656 at the Name, with the first version that has it', (engine, version, feature, why, fix) => {
    const text = versioned(engine, version, feature);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3656 ${atAfter(text, 'Name: ', feature)}`]);
    const d = diagnostics.find((x) => x.code === 'CX3656')!;
    expect(d.message).toBe(`${engine} ${version} has no ${feature} feature (${why}), so RDS would refuse to associate the role of database 'reports'`);
    expect(d.hint).toContain(fix);
  });

  test.each([
    ['postgres', '12.4', 's3Export'],
    ['postgres', '11.22', 's3Export'],
    ['postgres', '10.7', 's3Import'],
    ['postgres', '11', 's3Export'],
    ['postgres', '17.2', 's3Export'],
    ['aurora-postgresql', '11.4', 's3Import'],
    ['aurora-postgresql', '12.4', 's3Export'],
  ])('%s %s has %s (or its minor is not given, so RDS picks it): accepted', (engine, version, feature) => {
    const { model, diagnostics } = compileText(versioned(engine, version, feature));
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.resources.database[0].features!.map((f) => f.name)).toEqual([feature]);
  });

  test('the first version with s3Export renders the role and its association', () => {
    const result = renderText(versioned('postgres', '12.4', 's3Export'));
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(resourcesOf(result, 'AWS::RDS::DBInstance')[0].resource.Properties!.AssociatedRoles).toEqual([
      { FeatureName: 's3Export', RoleArn: { 'Fn::GetAtt': ['DatabaseReportsS3ExportRole', 'Arn'] } },
    ]);
  });

  test('an entry without Resources: CX3646 at the entry; without Name: at the entry', () => {
    const text = features('postgres', '        - Name: s3Import\n        - Resources: [x-s3::imports]');
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([`CX3646 ${at(text, 'Name: s3Import')}`, `CX3646 ${at(text, 'Resources: [x-s3')}`]);
  });

  test('a PermissionsBoundary that is no policy: CX3403 at it', () => {
    const text = project(`    Properties: {Engine: postgres, EngineVersion: "16.4"}
    MacroParameters:
      PermissionsBoundary: "not a policy"
      RdsFeatures:
        - Name: s3Import
          Resources: [x-s3::imports]`);
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([`CX3403 ${at(text, '"not a policy"')}`]);
  });

  test('PermissionsBoundary without RdsFeatures bounds no role: warning CX3649 at the key; nothing created', () => {
    const text = project(`    Properties: {Engine: postgres, EngineVersion: "16.4"}
    MacroParameters:
      PermissionsBoundary: policy-name`);
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3649'))).toEqual([`CX3649 ${at(text, 'PermissionsBoundary')}`]);
    expect(model!.resources.database[0].permissionsBoundary).toBeUndefined();
    expect(model!.resources.database[0].features).toBeUndefined();
  });

});

describe('logical ids of databases whose ids extend one another', () => {
  const two = (other: string, features = true) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  foo:
    Properties: {Engine: postgres, EngineVersion: "16.4"}
${features ? `    MacroParameters:
      RdsFeatures:
        - Name: s3Import
          Resources: [x-s3::imports]
` : ''}    Services:
      api: {Access: RW}
  ${other}:
    Properties: {Engine: postgres, EngineVersion: "16.4"}
    Services:
      api: {Access: RW}
x-s3:
  imports:
    Services:
      api: {Access: {objects: RW}}
`;
  const databaseIds = (result: ReturnType<typeof renderText>) => resourcesOf(result, 'AWS::RDS::DBInstance').map((r) => r.id).sort();

  test.each([
    ['foo-s3-import-role', 'the role of foo (DatabaseFooS3ImportRole)', 'FooS3ImportRole'],
    ['foo-secret', 'the secret of foo (DatabaseFooSecret)', 'FooSecret'],
  ])("'%s' beside 'foo' (CDK refused two constructs of one id): renders; its id, the longer, takes its name's hash where it meets %s", (other, _meets, plain) => {
    const result = renderText(two(other));
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const ids = Object.fromEntries(compileText(two(other)).model!.resources.database.map((d) => [d.name, d.logicalId]));
    expect(ids).toEqual({ foo: 'Foo', [other]: `${plain}${nameHash(other)}` });
    expect(databaseIds(result)).toEqual([`Database${plain}${nameHash(other)}`, 'DatabaseFoo'].sort());
    expect(resourcesOf(result, 'AWS::IAM::Role').map((r) => r.id).filter((id) => id.startsWith('Database'))).toEqual(['DatabaseFooS3ImportRole']);
  });

  test("'foo-instance' beside 'foo' (a postgres instance, no Instance1): no id meets, nothing renamed", () => {
    const result = renderText(two('foo-instance'));
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(databaseIds(result)).toEqual(['DatabaseFoo', 'DatabaseFooInstance']);
  });

  test("'foo-s3-import-role' beside a 'foo' without RdsFeatures meets no id of it: both keep their plain ids", () => {
    const model = compileText(two('foo-s3-import-role', false)).model!;
    expect(model.resources.database.map((d) => d.logicalId).sort()).toEqual(['Foo', 'FooS3ImportRole']);
  });

  test("Aurora MySQL 'foo' with RdsFeatures and 'foo-s3-role', 'foo-cluster-parameter-group': those take their name's hash", () => {
    const text = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  foo:
    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.mysql_aurora.3.08.0"}
    MacroParameters:
      RdsFeatures: [{Name: s3Import, Resources: [bucket-name]}]
  foo-s3-role:
    Properties: {Engine: postgres, EngineVersion: "16.4"}
  foo-cluster-parameter-group:
    Properties: {Engine: postgres, EngineVersion: "16.4"}
`;
    const ids = Object.fromEntries(compileText(text).model!.resources.database.map((d) => [d.name, d.logicalId]));
    expect(ids).toEqual({
      foo: 'Foo',
      'foo-s3-role': `FooS3Role${nameHash('foo-s3-role')}`,
      'foo-cluster-parameter-group': `FooClusterParameterGroup${nameHash('foo-cluster-parameter-group')}`,
    });
  });

  test("'fooS3Import' (the example of a name that reads like a role) meets no id of foo: both keep their plain ids", () => {
    const model = compileText(two('fooS3Import')).model!;
    expect(model.resources.database.map((d) => d.logicalId).sort()).toEqual(['Foo', 'FooS3Import']);
  });
});
