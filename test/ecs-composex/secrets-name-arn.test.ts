/**
 * `x-secrets.Name` given an ARN (ECS ComposeX's "Secret with assignment to Task and Execution Role
 * (ARN)"): ECS ComposeX reads a Name starting with `arn:` as the secret's ARN; a secret name cannot
 * hold ':', so composex reads it as `Arn` — the same templates, no warning. A malformed ARN is
 * CX3502 at the Name.
 */
import { validateTemplates } from '../../src/render/validate';
import { at, compileText, located, renderText } from '../dialect/helpers';
import { resourcesIn } from './secrets-iam-fixtures';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:/secret/abcd';
const compose = (key: string, value = ARN) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    secrets: [john]
secrets:
  john:
    x-secrets:
      ${key}: ${value}
      VarName: JOHN
`;

function rendered(text: string) {
  const result = renderText(text);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const family = resourcesIn(result, 'FamilyApi.json');
  const container = (family.TaskDefinition.Properties!.ContainerDefinitions as { Name: string; Secrets?: unknown[] }[]).find((c) => c.Name === 'api')!;
  const exec = (family.ExecutionRole.Properties!.Policies as { PolicyDocument: { Statement: { Sid: string }[] } }[])[0].PolicyDocument.Statement;
  return { secrets: container.Secrets, read: exec.find((s) => s.Sid === 'ReadInjectedSecrets') };
}

test('Name: <ARN> is the secret of that ARN, as Arn: <ARN> is; no warning', () => {
  const byName = compileText(compose('Name'));
  expect(located(byName.diagnostics).filter((d) => /^CX35/.test(d))).toEqual([]);
  expect(byName.model!.secrets).toEqual([{ name: 'john', kind: 'external', ref: ARN, jsonKeys: [], varName: 'JOHN' }]);
  expect(byName.model!.secrets).toEqual(compileText(compose('Arn')).model!.secrets);
});

test('the templates: the container reads the ARN, the execution role may read exactly that secret', () => {
  const { secrets, read } = rendered(compose('Name'));
  expect(secrets).toEqual([{ Name: 'JOHN', ValueFrom: ARN }]);
  expect(read).toEqual({ Sid: 'ReadInjectedSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ARN, `${ARN}-??????`] });
  expect(rendered(compose('Arn'))).toEqual(rendered(compose('Name')));
});

test.each([
  ['another service', 'arn:aws:ssm:eu-west-1:123456789012:parameter/x'],
  ['no account', 'arn:aws:secretsmanager:eu-west-1::secret:x'],
])('a Name starting with arn: that is no secret ARN (%s): CX3502 at the Name', (_, value) => {
  const text = compose('Name', value);
  const { model, diagnostics } = compileText(text);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error')).toEqual([`CX3502 ${at(text, value)}`]);
  expect(diagnostics.find((d) => d.code === 'CX3502')!.message).toBe(`'${value}' is not a Secrets Manager secret ARN`);
});

test('a name with a colon that is not an ARN stays a bad name (CX3502)', () => {
  const text = compose('Name', 'prod:db');
  const d = compileText(text).diagnostics.find((x) => x.code === 'CX3502')!;
  expect(d.message).toBe("'prod:db' is not a Secrets Manager secret name");
});
