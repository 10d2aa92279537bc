/**
 * Five ECS ComposeX spellings its published examples write, which its current schemas refuse or
 * which composex refused (CX3301, CX3302, CX3303), read in one small project and checked in the
 * rendered templates: `x-logging.CreateLogGroup`, a `PolicyName` inside the `PolicyDocument`,
 * subnets as one comma-separated string, `Ingress.Services[].DependsOn`, `x-rds`
 * `Settings.EnvNames`. Rendered once, validated once; and ECS ComposeX's
 * use-cases/ecs/service_to_service_depend.yml, which renders now.
 */
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { at, BASE, located, render, Rendered, template } from './fixture-helpers';

const COMPOSE = yaml`
  services:
    app01:
      image: nginx
      expose: ["80"]
      x-logging:
        RetentionInDays: 14
        CreateLogGroup: False
      x-network:
        Ingress:
          Services:
            - Name: app03
              DependsOn: True
      x-iam:
        Policies:
          - PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: [cloudwatch:PutMetricData]
                  Resource: ["arn:aws:cloudwatch:eu-west-1:123456789012:metric/x"]
              PolicyName: AllowPublishToCw
    app03:
      image: nginx
      x-logging:
        CreateLogGroup: true
  x-vpc:
    Use:
      VpcId: vpc-02cdb0d58698cd10f
      AppSubnets: [subnet-05ac0a6a5dcb126c9, subnet-07afbd5c4bea83c86]
      StorageSubnets: 'subnet-0c71f6e048372710c, subnet-0dd3df2ee67021bd8'
      PublicSubnets: 'subnet-0a28abea71c010d8c,subnet-0d48c03966643eea6'
  x-rds:
    dbA:
      Properties:
        Engine: aurora-mysql
        EngineVersion: "8.0.mysql_aurora.3.05.2"
      Settings:
        EnvNames: [DBA]
      Services:
        app03:
          Access: RW
`;

let result: RenderResult;
let diagnostics: readonly Diagnostic[];

beforeAll(() => {
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const compiled = loadAndCompile({ cwd: dir, projectDirectory: dir, files: ['compose.yaml'], env: { HOME: '/home/test' } });
  diagnostics = compiled.diagnostics;
  if (!compiled.model) throw new Error(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  result = renderModel(compiled.model);
});

/** `CODE line:column` of each warning of the codes of this change. */
function warnings(): string[] {
  return diagnostics.filter((d) => d.severity === 'warning' && /^CX398[5-9]$/.test(d.code)).map((d) => `${d.code} ${d.line}:${d.column}`);
}

function familyResources(family: string): Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }> {
  const file = result.files.find((f) => f.path === `Family${family}.json`);
  if (!file) throw new Error(`no Family${family}.json in ${result.files.map((f) => f.path).join(', ')}`);
  return file.template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

test('every template passes the validator', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('each spelling is warned at its place', () => {
  expect(warnings()).toEqual([
    'CX3986 7:7', // CreateLogGroup: False
    'CX3987 21:13', // PolicyName inside the PolicyDocument
    'CX3985 25:7', // CreateLogGroup: true
    'CX3988 30:21', // StorageSubnets as a string
    'CX3988 31:20', // PublicSubnets as a string
  ]);
});

test('CreateLogGroup: each family keeps its log group, with the retention of the file', () => {
  const groups = resourcesOf(result, 'AWS::Logs::LogGroup').map((g) => [g.file, g.resource.Properties?.RetentionInDays]);
  expect(groups).toEqual([
    ['FamilyApp01.json', 14],
    ['FamilyApp03.json', 30],
  ]);
});

test("the PolicyName inside the PolicyDocument names app01's policy, and is no element of the document", () => {
  const roles = Object.values(familyResources('App01')).filter((r) => r.Type === 'AWS::IAM::Role');
  const policies = roles.flatMap((r) => (r.Properties?.Policies as { PolicyName: string; PolicyDocument: Record<string, unknown> }[] | undefined) ?? []);
  const policy = policies.find((p) => p.PolicyName === 'AllowPublishToCw');
  expect(policy?.PolicyDocument).toEqual({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: ['arn:aws:cloudwatch:eu-west-1:123456789012:metric/x'] }],
  });
});

test('subnets written as one comma-separated string are those subnets: the list parameters of the root stack', () => {
  const parameters = result.files[0].template.Parameters as Record<string, { Type: string; Default: string }>;
  expect(parameters.PublicSubnetIds).toEqual(expect.objectContaining({ Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-0a28abea71c010d8c,subnet-0d48c03966643eea6' }));
  expect(parameters.StorageSubnetIds).toEqual(expect.objectContaining({ Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-0c71f6e048372710c,subnet-0dd3df2ee67021bd8' }));
  // the database's subnet group takes them
  expect(resourcesOf(result, 'AWS::RDS::DBSubnetGroup').map((g) => g.resource.Properties?.SubnetIds)).toEqual([{ Ref: 'StorageSubnetIds' }]);
});

test("Ingress.Services DependsOn: app03's stack starts after app01's, as with depends_on", () => {
  const stacks = Object.entries(result.files[0].template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
  const app03 = stacks.find(([id]) => /App03/.test(id));
  const app01 = stacks.find(([id]) => /App01/.test(id));
  expect(app03 && app01).toBeTruthy();
  expect([app03![1].DependsOn].flat()).toContain(app01![0]);
  expect([app01![1].DependsOn].flat()).not.toContain(app03![0]);
});

test('x-rds Settings.EnvNames: DBA holds the whole credentials secret of dbA, beside the default secrets', () => {
  const task = Object.values(familyResources('App03')).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
  const container = (task.Properties?.ContainerDefinitions as { Name: string; Secrets?: { Name: string; ValueFrom: unknown }[] }[]).find((c) => c.Name === 'app03')!;
  const secrets = new Map((container.Secrets ?? []).map((s) => [s.Name, JSON.stringify(s.ValueFrom)]));
  expect([...secrets.keys()]).toEqual(['DBA', 'DB_A_DBNAME', 'DB_A_HOST', 'DB_A_PASSWORD', 'DB_A_PORT', 'DB_A_USERNAME']);
  // the whole secret (its ARN, no JSON key), where the others name a key of it
  expect(secrets.get('DBA')).toBe(JSON.stringify({ Ref: 'DatabaseDbASecretArn' }));
  expect(secrets.get('DB_A_PASSWORD')).toBe(JSON.stringify({ 'Fn::Join': ['', [{ Ref: 'DatabaseDbASecretArn' }, ':password::']] }));
});

describe("use-cases/ecs/service_to_service_depend.yml over blog.features.yml: app01's Ingress.Services DependsOn", () => {
  const FILE = 'use-cases/ecs/service_to_service_depend.yml';
  let published: Rendered;
  beforeAll(() => {
    published = render([BASE, FILE]);
  });

  test("renders, with the file's warnings: RetentionInDays 42 rounded, CreateLogGroup, app03's ExtSources, rproxy's empty x-network", () => {
    expect(located(published.diagnostics, 'warning', FILE)).toEqual([
      'CX3350 use-cases/ecs/service_to_service_depend.yml:10:24',
      'CX3985 use-cases/ecs/service_to_service_depend.yml:11:7',
      'CX3105 use-cases/ecs/service_to_service_depend.yml:26:19', // app03 open to 0.0.0.0/0
      'CX3350 use-cases/ecs/service_to_service_depend.yml:30:26',
      'CX3990 use-cases/ecs/service_to_service_depend.yml:38:5',
    ]);
  });

  test("app03 starts after app01's family (bignicefamily), so app01's link to app03 orders no start (CX3010 at it)", () => {
    const stacks = published.files[0].template.Resources ?? {};
    expect([stacks.FamilyApp03Stack.DependsOn].flat()).toContain('FamilyBignicefamilyStack');
    expect([stacks.FamilyBignicefamilyStack.DependsOn].flat()).not.toContain('FamilyApp03Stack');
    expect(located(published.diagnostics, 'warning', BASE)).toContain(at('CX3010', BASE, 'app03:dateteller'));
  });

  test("app03 may reach app01's family on its ports", () => {
    const rules = Object.values(template(published, 'Networking.json')).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress');
    const fromApp03 = rules.filter((r) => JSON.stringify(r.Properties).includes('FamilyApp03SecurityGroup') && JSON.stringify(r.Properties?.GroupId).includes('FamilyBignicefamily'));
    expect(fromApp03.map((r) => r.Properties?.Description)).toContain('x-network.Ingress.Services');
  });
});
