/**
 * The generate stage's part of `x-secrets.LinksTo: [EcsTaskRole]`, from models built directly: the
 * task role of a family with `taskRoleSecrets` may read exactly those secrets (by ARN or name) and
 * decrypt with their keys through Secrets Manager only; a family without any gets no such statement.
 */
import { container, family, model } from './fixtures';
import { synth, type TemplateJson } from './helpers';
import type { SecretModel } from '../../src/resolve/model';

type Statement = { Sid: string; Effect: string; Action: unknown; Resource: unknown; Condition?: unknown };
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/token-AbCdEf';
const SECRETS: SecretModel[] = [
  { name: 'db', kind: 'external', ref: 'prod/db', jsonKeys: [], kmsKeyArn: KEY, taskRole: true, injected: false },
  { name: 'token', kind: 'external', ref: TOKEN_ARN, jsonKeys: [], varName: 'TOKEN', taskRole: true },
  { name: 'other', kind: 'external', ref: 'prod/other', jsonKeys: [], varName: 'OTHER' },
];

function taskStatements(templates: Map<string, TemplateJson>, stack: string): Statement[] {
  const props = templates.get(stack)!.Resources!.TaskRole.Properties!;
  return ((props.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
}

test('ReadSecrets on exactly the linked secrets, DecryptSecrets on their keys through Secrets Manager', () => {
  const { templates } = synth(
    model(
      [
        family('api', [container('api', { secrets: [{ name: 'TOKEN', secret: 'token' }] })], { secrets: ['token'], taskRoleSecrets: ['db', 'token'] }),
        family('web', [container('web', { secrets: [{ name: 'OTHER', secret: 'other' }] })], { secrets: ['other'] }),
      ],
      { secrets: SECRETS },
    ),
  );
  const api = taskStatements(templates, 'FamilyApi');
  const name = (suffix: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:secret:prod/db${suffix}`]],
  });
  expect(api.find((s) => s.Sid === 'ReadSecrets')).toEqual({
    Sid: 'ReadSecrets',
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: [name(''), name('-??????'), TOKEN_ARN, `${TOKEN_ARN}-??????`],
  });
  expect(api.find((s) => s.Sid === 'DecryptSecrets')).toEqual({
    Sid: 'DecryptSecrets',
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: [KEY],
    Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
  });
  // the secret web injects is its execution role's only
  expect(taskStatements(templates, 'FamilyWeb').map((s) => s.Sid)).not.toContain('ReadSecrets');
  expect(JSON.stringify(templates.get('FamilyWeb')!.Resources!.TaskRole)).not.toContain('prod/other');
});
