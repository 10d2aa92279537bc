/**
 * x-ssm_parameter in the resolve stage: the value transformations (YAML to JSON, base64, a list as
 * a StringList), Lookup by name and by ARN (the name read back from the ARN, with or without a
 * hierarchy), and the refusals at their place: names AWS refuses, a type or tier that does not
 * exist, a file outside the project.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { projectDir } from '../helpers/project-dir';
import { pos, resolve } from './fixtures';

function compiled(files: Record<string, string>) {
  return loadAndCompile({ cwd: projectDir(files), env: { HOME: '/home/test' } });
}

test('values: YAML rendered to JSON, base64, a YAML list as a StringList', () => {
  const r = compiled({
    'conf/app.yaml': 'a: 1\nb: [x, y]\n',
    'compose.yaml': `
services:
  api: {image: api}
x-ssm_parameter:
  app:
    MacroParameters: {FromFile: conf/app.yaml, ValidateYaml: true, RenderToJson: true}
    Services: {api: {Access: RO}}
  encoded:
    Properties: {Value: "héllo"}
    MacroParameters: {EncodeToBase64: true}
    Services: {api: {Access: RO}}
  hosts:
    Properties: {Type: StringList, Value: [a.example.com, b.example.com]}
    Services: {api: {Access: RO}}
`,
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.model!.resources.parameter.map((p) => [p.name, p.value, p.properties.Type])).toEqual([
    ['app', '{"a":1,"b":["x","y"]}', 'String'],
    ['encoded', Buffer.from('héllo').toString('base64'), 'String'],
    ['hosts', 'a.example.com,b.example.com', 'StringList'],
  ]);
});

test('Lookup by name or ARN: the name, and the ARN as given', () => {
  const { model, diagnostics } = resolve(`
services:
  api: {image: api}
x-ssm_parameter:
  flat:
    Lookup: {Arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/flags"}
    Services: {api: {Access: RO}}
  nested:
    Lookup: {Arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/shared/flags"}
    Services: {api: {Access: RO}}
  named:
    Lookup: {Name: /shared/other}
    Services: {api: {Access: RO}}
`);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(model!.resources.parameter.map((p) => [p.name, p.existing, p.parameterName, p.existingArn])).toEqual([
    ['flat', true, 'flags', 'arn:aws:ssm:eu-west-1:123456789012:parameter/flags'],
    ['named', true, '/shared/other', undefined],
    ['nested', true, '/shared/flags', 'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/flags'],
  ]);
});

test('refused where written: reserved and unqualified names, an unknown type and tier, a Lookup with both Name and Arn', () => {
  const yaml = `
services:
  api: {image: api}
x-ssm_parameter:
  a:
    Properties: {Name: ssm-config, Value: x}
  b:
    Properties: {Name: app/config, Value: x}
  c:
    Properties: {Type: Json, Tier: Premium, Value: x}
  d:
    Lookup: {Name: /x, Arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/x"}
`;
  const { diagnostics } = resolve(yaml);
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.message, d.hint])).toEqual([
    ['CX3601', pos(yaml, 'ssm-config').line, "'ssm-config' is not a valid parameter name", 'names starting with aws or ssm are reserved'],
    ['CX3601', pos(yaml, 'app/config').line, "'app/config' is not a valid parameter name", 'a name in a hierarchy starts with /: /app/config'],
    ['CX3601', pos(yaml, 'Json').line, "'Json' is not a parameter type", 'String or StringList (String when not given)'],
    ['CX3601', pos(yaml, 'Premium').line, "'Premium' is not a parameter tier", 'Standard (the default), Advanced or Intelligent-Tiering'],
    ['CX3608', pos(yaml, 'Lookup: {Name: /x').line, "Lookup of 'd' must give either Name or Arn", expect.stringContaining('composex renders offline')],
  ]);
});

test('a file reached through a link out of the project is refused (CX3652)', () => {
  const dir = projectDir({
    'compose.yaml': `
services:
  api: {image: api}
x-ssm_parameter:
  leak:
    MacroParameters: {FromFile: link.txt}
    Services: {api: {Access: RO}}
`,
  });
  const outside = fs.mkdtempSync(path.join(path.dirname(dir), 'outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'not for a template');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
  const r = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message])).toEqual([
    ['CX3652', "link.txt (FromFile of parameter 'leak') is outside the project directory"],
  ]);
  fs.rmSync(outside, { recursive: true, force: true });
});
