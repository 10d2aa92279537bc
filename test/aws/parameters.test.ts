/**
 * x-ssm_parameter in the templates: the parameter (type, value as given or read from a file and
 * transformed), each family's exact statements on the parameter ARN (no second slash for a name
 * starting with `/`), the name variable, a looked-up parameter on exactly its ARN; and the
 * refusals at their place: SecureString, a missing file, invalid JSON, a value over its tier.
 */
import { SSM_ACCESS } from '../../src/resolve/resources/access';
import { validateTemplates } from '../../src/render/validate';
import { loadAndCompile } from '../../src/compile';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const SETTINGS = JSON.stringify({ greeting: 'hello', limits: { upload: 10 } }, null, 2);

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'config/settings.json': SETTINGS,
      'compose.yaml': `
name: params
services:
  api: {image: api}
  admin: {image: admin}
  bystander: {image: bystander}
x-ssm_parameter:
  settings:
    Properties: {Name: /acme/settings, Type: String}
    MacroParameters: {FromFile: config/settings.json, ValidateJson: true, MinimizeJson: true}
    Services:
      api: {Access: RO}
      admin: {Access: RW, ReturnValues: {Arn: SETTINGS_ARN}}
  hosts:
    Properties: {Type: StringList, Value: "a.example.com,b.example.com"}
    Services:
      api: {Access: ROStrict}
  flags:
    Lookup: {Name: /shared/flags}
    Services:
      admin: {Access: ROStrict}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const pairs = (actions: readonly string[], on: string) => actions.map((a) => `Allow ${a} on ${on}`);

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('each parameter: its type and value (the file, checked and minimized as JSON)', () => {
  const params = resourcesOf(result, 'AWS::SSM::Parameter');
  expect(params.map((p) => [p.id, p.resource.Properties!.Type, p.resource.Properties!.Value, p.resource.Properties!.Name])).toEqual([
    ['ParameterHosts', 'StringList', 'a.example.com,b.example.com', undefined],
    ['ParameterSettings', 'String', JSON.stringify(JSON.parse(SETTINGS)), '/acme/settings'],
  ]);
});

test('api: RO on /acme/settings (one slash), ROStrict on a generated name (parameter/<name>), the names', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [
      ...pairs(SSM_ACCESS.RO.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/acme/settings'),
      ...pairs(SSM_ACCESS.ROStrict.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/parameter:hosts.Ref'),
    ].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['HOSTS=parameter:hosts.Ref', 'SETTINGS=parameter:settings.Ref']);
});

test('admin: RW adds PutParameter; the looked-up parameter on exactly its ARN', () => {
  expect(SSM_ACCESS.RW.actions).toEqual(['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:GetParameters', 'ssm:PutParameter']);
  expect(rolePairs(tracer, tracer.familyFile('Admin'), 'TaskRole')).toEqual(
    [
      ...pairs(SSM_ACCESS.RW.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/acme/settings'),
      ...pairs(SSM_ACCESS.ROStrict.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/shared/flags'),
    ].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Admin'), 'admin')).toEqual([
    'FLAGS=/shared/flags',
    'SETTINGS=parameter:settings.Ref',
    'SETTINGS_ARN=arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/acme/settings',
  ]);
});

test('a service not listed under a parameter gets nothing of it', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});

function findings(files: Record<string, string>) {
  const r = loadAndCompile({ cwd: projectDir(files), env: { HOME: '/home/test' } });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column, d.message]);
}

test('refused where written: SecureString, a missing file, invalid JSON, a value over its tier, Value with FromFile', () => {
  const big = 'x'.repeat(5000);
  expect(
    findings({
      'bad.json': '{"a": ',
      'compose.yaml': [
        'services:',
        '  api: {image: api}',
        'x-ssm_parameter:',
        '  secret:',
        '    Properties: {Type: SecureString, Value: hunter2}',
        '    Services: {api: {Access: RO}}',
        '  missing:',
        '    MacroParameters: {FromFile: nowhere.txt}',
        '    Services: {api: {Access: RO}}',
        '  broken:',
        '    MacroParameters: {FromFile: bad.json, ValidateJson: true}',
        '    Services: {api: {Access: RO}}',
        '  big:',
        `    Properties: {Value: ${big}}`,
        '    Services: {api: {Access: RO}}',
        '  advanced:',
        `    Properties: {Value: ${big}, Tier: Advanced}`,
        '    Services: {api: {Access: RO}}',
        '  both:',
        '    Properties: {Value: a}',
        '    MacroParameters: {FromFile: bad.json}',
        '    Services: {api: {Access: RO}}',
        '',
      ].join('\n'),
    }),
  ).toEqual([
    ['CX3651', 5, 24, "parameter 'secret' is a SecureString, which CloudFormation cannot create"],
    ['CX3652', 8, 33, "nowhere.txt (FromFile of parameter 'missing') does not exist"],
    ['CX3652', 11, 33, expect.stringMatching(/^the value of parameter 'broken' is not JSON: /)],
    ['CX3653', 14, 25, "the value of parameter 'big' is 5000 bytes: a Standard parameter holds at most 4096"],
    ['CX3652', 20, 18, "parameter 'both' has both Properties.Value and MacroParameters.FromFile"],
  ]);
});

describe('AWS SAM policy template names as access (ECS ComposeX imports them)', () => {
  const compose = (access: string) => `
name: sam
services:
  api: {image: api}
x-ssm_parameter:
  settings:
    Properties: {Name: /acme/settings, Type: String, Value: "on"}
    Services:
      api: {Access: ${access}}
`;

  test.each(['SSMParameterReadPolicy', 'SSMParameterWithSlashPrefixReadPolicy'])('%s: RO, with exactly its actions on the parameter (no DescribeParameters on *)', (name) => {
    const rendered = renderProject({ cwd: projectDir({ 'compose.yaml': compose(name) }) });
    const traced = new Tracer(rendered.files);
    expect(rolePairs(traced, traced.familyFile('Api'), 'TaskRole')).toEqual(
      pairs(SSM_ACCESS.RO.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/acme/settings').sort(),
    );
    expect(JSON.stringify(rendered.files.map((f) => f.template))).not.toContain('ssm:DescribeParameters');
  });

  test('another SAM name is no access level of a parameter (CX3602, at the name)', () => {
    expect(findings({ 'compose.yaml': compose('S3ReadPolicy') })).toEqual([['CX3602', 9, 21, "'S3ReadPolicy' is not an access level of an SSM parameter"]]);
  });
});

test('two parameters with one Name: the second is created without Name (CX3625 at it); its service gets the generated name and exactly its ARN', () => {
  const files = {
    'compose.yaml': ['services:', '  api: {image: api}', 'x-ssm_parameter:', '  a:', '    Properties: {Name: /acme/x, Value: "1"}', '    Services: {api: {Access: RO}}', '  b:', '    Properties: {Name: /acme/x, Value: "2"}', '    Services: {api: {Access: RO}}', ''].join('\n'),
  };
  expect(findings(files)).toEqual([]);
  const warnings = loadAndCompile({ cwd: projectDir(files), env: { HOME: '/home/test' } }).diagnostics.filter((d) => d.code === 'CX3625');
  expect(warnings.map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 8, 24]]);
  expect(warnings[0].message).toContain("parameters 'a' and 'b' are both named '/acme/x' (compose.yaml:5:24)");
  expect(warnings[0].message).toContain('ParameterAlreadyExists');
  const rendered = renderProject({ cwd: projectDir(files) });
  expect(validateTemplates(rendered.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(resourcesOf(rendered, 'AWS::SSM::Parameter').map((p) => [p.id, p.resource.Properties!.Name, p.resource.Properties!.Value])).toEqual([
    ['ParameterA', '/acme/x', '1'],
    ['ParameterB', undefined, '2'],
  ]);
  const traced = new Tracer(rendered.files);
  expect(rolePairs(traced, traced.familyFile('Api'), 'TaskRole')).toEqual(
    [
      ...pairs(SSM_ACCESS.RO.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/acme/x'),
      ...pairs(SSM_ACCESS.RO.actions, 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/parameter:b.Ref'),
    ].sort(),
  );
  expect(containerVariables(traced, traced.familyFile('Api'), 'api')).toEqual(['A=parameter:a.Ref', 'B=parameter:b.Ref']);
});
