/**
 * `x-secrets.LinksTo` (ECS ComposeX's secrets.x-secrets.spec.json: EcsExecutionRole, EcsTaskRole):
 * EcsExecutionRole, composex's default, has ECS inject the secret (execution role); EcsTaskRole lets
 * the application read exactly that secret itself (task role: GetSecretValue, and kms:Decrypt
 * through Secrets Manager with a known KMS key). Without EcsExecutionRole the secret is not injected,
 * as in ECS ComposeX (its docs: "the secret won't be exposed to the service via environment
 * variable"; its code adds the ECS secret only for the execution role): no variable, no file, a
 * warning (CX3507). Read in the templates, each one through the bundled validator.
 */
import type { RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { at, compileText, located, renderText } from '../dialect/helpers';
import { atFixture, BASE, compileFixtures, locatedIn, renderFixtures, resourcesIn } from './secrets-iam-fixtures';

type Statement = { Sid: string; Action: unknown; Resource: unknown; Condition?: unknown };
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function family(result: RenderResult, file: string) {
  const r = resourcesIn(result, file);
  const statements = (role: string) =>
    ((r[role].Properties!.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  const containers = r.TaskDefinition.Properties!.ContainerDefinitions as { Name: string; Secrets?: unknown[]; MountPoints?: unknown[] }[];
  return { task: statements('TaskRole'), execution: statements('ExecutionRole'), containers, volumes: r.TaskDefinition.Properties!.Volumes };
}

function rendered(text: string) {
  const result = renderText(text);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** A name-given secret's ARN as the family stack writes it. */
const secretArn = (name: string, suffix = '') => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:secret:${name}${suffix}`]],
});
const sid = (statements: Statement[], id: string) => statements.find((s) => s.Sid === id);

describe("ECS ComposeX's documentation examples", () => {
  test('"Secret with assignment to Task and Execution Role (ARN)" over blog.features.yml: injected by ARN, and the task role may read that secret', () => {
    const file = 'docs/secrets-arn.yml';
    const result = renderFixtures([BASE, file]);
    expect(locatedIn(result.diagnostics, 'error')).toEqual([]);
    // abcd: {} and zyx: {} deliver nothing, as in ECS ComposeX (pinned in the published examples); nothing about john
    expect(locatedIn(result.diagnostics, 'warning', /^CX350[46-8]$/)).toEqual([atFixture('CX3504', file, 'abcd'), atFixture('CX3504', BASE, 'zyx: {}')]);
    const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:/secret/abcd';
    const { task, execution, containers } = family(result, 'FamilyApp03.json');
    expect(sid(task, 'ReadSecrets')).toEqual({ Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ARN, `${ARN}-??????`] });
    expect(sid(task, 'DecryptSecrets')).toBeUndefined();
    expect(sid(execution, 'ReadInjectedSecrets')!.Resource).toEqual([ARN, `${ARN}-??????`]);
    expect(containers.find((c) => c.Name === 'app03')!.Secrets).toEqual([{ Name: 'SOMETHING_GITHUB', ValueFrom: ARN }]);
    // the families that do not list john get nothing of it
    expect(JSON.stringify(resourcesIn(result, 'FamilyBignicefamily.json'))).not.toContain('secret/abcd');
  });

  test('"Allow the service containers to get the secret value from API call": the task role reads it, nothing is injected (CX3507 at LinksTo)', () => {
    const file = 'docs/howto-secrets-taskrole.yml';
    const result = renderFixtures([BASE, file]);
    expect(locatedIn(result.diagnostics, 'error')).toEqual([]);
    expect(locatedIn(result.diagnostics, 'warning', /^CX350[78]$/)).toEqual([atFixture('CX3507', file, 'LinksTo')]);
    const d = result.diagnostics.find((x) => x.code === 'CX3507')!;
    expect(d.message).toContain("'application' gets no file under /run/secrets and no variable for it");
    expect(d.hint).toBe('to also have it as the file /run/secrets/DB_SECRET (and VarName / JsonKeys variables), write LinksTo: [EcsExecutionRole, EcsTaskRole]');
    const { task, execution, containers, volumes } = family(result, 'FamilyApplication.json');
    const NAME = '/path/or/name/of/secrets/in/aws';
    expect(sid(task, 'ReadSecrets')).toEqual({ Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn(NAME), secretArn(NAME, '-??????')] });
    expect(sid(execution, 'ReadInjectedSecrets')).toBeUndefined();
    expect(containers.map((c) => c.Name)).toEqual(['application']); // no composex-secrets init container
    expect(containers[0].Secrets).toBeUndefined();
    expect(volumes).toBeUndefined();
  });

  test('"Secret Looked up from Tags and Name": refused for the lookup only (CX3680 at Lookup)', () => {
    const file = 'docs/secrets-lookup-jsonkeys.yml';
    const { model, diagnostics } = compileFixtures([BASE, file]);
    expect(model).toBeUndefined();
    expect(locatedIn(diagnostics, 'error')).toEqual([atFixture('CX3680', file, 'Lookup')]);
  });
});

const compose = (xSecrets: string, services = '    secrets: [db]\n') => `name: shop
services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
${services}secrets:
  db:
    x-secrets:
      Name: prod/db
${xSecrets}`;

describe('LinksTo', () => {
  test('[EcsExecutionRole] and [] are the default: the same templates as no LinksTo', () => {
    const plain = rendered(compose('      VarName: DB\n')).files.map((f) => f.content);
    expect(rendered(compose('      VarName: DB\n      LinksTo: [EcsExecutionRole]\n')).files.map((f) => f.content)).toEqual(plain);
    expect(rendered(compose('      VarName: DB\n      LinksTo: []\n')).files.map((f) => f.content)).toEqual(plain);
  });

  test('[EcsExecutionRole, EcsTaskRole] with a KMS key: injected (variable and file) and readable by the task role; both roles may decrypt through Secrets Manager only', () => {
    const text = compose(`      VarName: DB\n      KmsKeyId: ${KEY}\n      LinksTo: [EcsExecutionRole, EcsTaskRole]\n`);
    expect(located(compileText(text).diagnostics).filter((d) => d.startsWith('CX35'))).toEqual([]);
    const { task, execution, containers } = family(rendered(text), 'FamilyApi.json');
    expect(sid(task, 'ReadSecrets')!.Resource).toEqual([secretArn('prod/db'), secretArn('prod/db', '-??????')]);
    const viaSecretsManager = { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } };
    expect(sid(task, 'DecryptSecrets')).toEqual({ Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY], Condition: viaSecretsManager });
    expect(sid(execution, 'DecryptInjectedSecrets')!.Resource).toEqual([KEY]);
    expect(containers.find((c) => c.Name === 'api')!.Secrets).toEqual([{ Name: 'DB', ValueFrom: secretArn('prod/db') }]);
    expect(containers.map((c) => c.Name)).toContain('composex-secrets');
  });

  test('[EcsTaskRole] with a KMS key: only the task role reads and decrypts; VarName and JsonKeys set nothing (CX3508 at each)', () => {
    const text = compose(`      VarName: DB\n      JsonKeys: [{SecretKey: password}]\n      KmsKeyId: ${KEY}\n      LinksTo: [EcsTaskRole]\n`);
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'warning').filter((d) => /^CX350[78]/.test(d))).toEqual([`CX3508 ${at(text, 'VarName')}`, `CX3508 ${at(text, 'JsonKeys')}`, `CX3507 ${at(text, 'LinksTo')}`]);
    const { task, execution, containers } = family(rendered(text), 'FamilyApi.json');
    expect(sid(task, 'DecryptSecrets')!.Resource).toEqual([KEY]);
    expect(sid(execution, 'ReadInjectedSecrets')).toBeUndefined();
    expect(sid(execution, 'DecryptInjectedSecrets')).toBeUndefined();
    expect(containers.map((c) => [c.Name, c.Secrets])).toEqual([['api', undefined]]);
  });

  test('the task role of each family that lists the secret, and of no other', () => {
    const services = `    secrets: [db]
    deploy: {labels: {ecs.task.family: shop}}
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
    deploy: {labels: {ecs.task.family: shop}}
  other:
    image: public.ecr.aws/nginx/nginx:1.27
`;
    const text = compose('      LinksTo: [EcsTaskRole]\n', services);
    const result = rendered(text);
    expect(sid(family(result, 'FamilyShop.json').task, 'ReadSecrets')).toBeDefined();
    expect(JSON.stringify(resourcesIn(result, 'FamilyOther.json'))).not.toContain('prod/db');
    expect(compileText(text).model!.families.map((f) => [f.name, f.taskRoleSecrets])).toEqual([
      ['other', undefined],
      ['shop', ['db']],
    ]);
  });

  test.each([
    ['a role ECS ComposeX does not know, with the one meant', '[EcsTaskrole]', 'EcsTaskrole', "did you mean 'EcsTaskRole'?"],
    ['not a list', 'EcsTaskRole', 'EcsTaskRole', undefined],
  ])('%s: CX3502 / CX1xxx at the entry', (_, written, marker, hint) => {
    const text = compose(`      LinksTo: ${written}\n`);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line}:${d.column}`)).toEqual([at(text, marker)]);
    if (hint) expect(errors[0].hint).toBe(hint);
  });
});
