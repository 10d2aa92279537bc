/**
 * x-cognito_userpool in the templates: the pool (its Properties, deletion protection, Retain,
 * case-insensitive usernames by default, the composex tags), each family's exact statements on
 * the pool ARN, the pool id variable and the ReturnValues (ECS ComposeX's names too); and, in the
 * resolve stage, what Cognito refuses at create located where it is written (CX3840), Lookup
 * refused with what to write instead (CX3841), and an unused pool warned.
 */
import { USER_POOL_ACCESS } from '../../src/resolve/resources/cognito-access';
import { validateTemplates } from '../../src/render/validate';
import { DATA_BEARING_TYPES } from '../../src/deploy/plan';
import { loadAndCompile } from '../../src/compile';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';
import { pos } from '../resolve/fixtures';

describe('two pools, three services', () => {
  const { result, tracer } = (() => {
    const result = renderProject({
      cwd: projectDir({
        'compose.yaml': `
name: pools
services:
  api: {image: api}
  admin: {image: admin}
  bystander: {image: bystander}
x-cognito_userpool:
  users:
    Properties:
      UserPoolName: acme-users
      UsernameAttributes: [email]
      AutoVerifiedAttributes: [email]
      Schema: [{Name: tenant, AttributeDataType: String, Mutable: true}, {Name: email, Required: true}]
    Services:
      api: {Access: RO}
      admin: {Access: RW, ReturnValues: {UserPoolArn: USERS_ARN, ProviderURL: USERS_ISSUER}}
  staff:
    Properties: {DeletionProtection: INACTIVE, UsernameConfiguration: {CaseSensitive: true}}
    Settings: {EnvNames: [STAFF_POOL_ID]}
    Services:
      api: {Access: Auth}
`,
      }),
    });
    return { result, tracer: new Tracer(result.files) };
  })();
  const pairs = (actions: readonly string[], on: string) => actions.map((a) => `Allow ${a} on ${on}`);

  test('zero validator errors, no warning', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings.filter((w) => !w.includes('CX3701'))).toEqual([]); // CX3701: images from Docker Hub
  });

  test('each pool: its properties, deletion protection, Retain, case-insensitive usernames unless written, tags', () => {
    const pools = resourcesOf(result, 'AWS::Cognito::UserPool');
    expect(pools.map((p) => [p.file, p.id, p.resource.DeletionPolicy, p.resource.UpdateReplacePolicy])).toEqual([
      ['UserPools.json', 'UserPoolStaff', 'Retain', 'Retain'],
      ['UserPools.json', 'UserPoolUsers', 'Retain', 'Retain'],
    ]);
    expect(pools[1].resource.Properties).toEqual({
      UserPoolName: 'acme-users',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: true }, { Name: 'email', Required: true }],
      UsernameConfiguration: { CaseSensitive: false },
      DeletionProtection: 'ACTIVE',
      UserPoolTags: { 'composex:project': 'pools', 'composex:userPool': 'users' },
    });
    expect(pools[0].resource.Properties).toMatchObject({ DeletionProtection: 'INACTIVE', UsernameConfiguration: { CaseSensitive: true } });
    // No domain without an x-elbv2 target that authenticates through the pool.
    expect(resourcesOf(result, 'AWS::Cognito::UserPoolDomain')).toEqual([]);
  });

  test('api: RO on users, Auth on staff; the pool id in USERS and in the EnvNames', () => {
    expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual([...pairs(USER_POOL_ACCESS.RO.actions, 'userPool:users.Arn'), ...pairs(USER_POOL_ACCESS.Auth.actions, 'userPool:staff.Arn')].sort());
    expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['STAFF_POOL_ID=userPool:staff.Ref', 'USERS=userPool:users.Ref']);
  });

  test('admin: RW, explicit actions only; ReturnValues by ECS ComposeX names', () => {
    expect(USER_POOL_ACCESS.RW.actions.every((a) => /^cognito-idp:[A-Za-z]+$/.test(a))).toBe(true);
    expect(rolePairs(tracer, tracer.familyFile('Admin'), 'TaskRole')).toEqual(pairs(USER_POOL_ACCESS.RW.actions, 'userPool:users.Arn').sort());
    expect(containerVariables(tracer, tracer.familyFile('Admin'), 'admin')).toEqual(['USERS=userPool:users.Ref', 'USERS_ARN=userPool:users.Arn', 'USERS_ISSUER=userPool:users.ProviderURL']);
  });

  test('every retained resource is data-bearing: composex deploy refuses to replace a pool without --allow-replacement', () => {
    const retained = new Set(result.files.flatMap((f) => Object.values(f.template.Resources ?? {}).filter((r) => r.DeletionPolicy === 'Retain').map((r) => r.Type)));
    expect(retained.has('AWS::Cognito::UserPool')).toBe(true);
    expect([...retained].filter((t) => !(t in DATA_BEARING_TYPES))).toEqual([]);
  });

  test('a service not listed under a pool gets nothing of it', () => {
    expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole')).toEqual([]);
    expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
  });
});

test('refused where written: what Cognito refuses at create (CX3840), Lookup (CX3841); an unused pool is warned', () => {
  const text = [
    'services:',
    '  api: {image: api}',
    'x-cognito_userpool:',
    '  both:',
    '    Properties: {AliasAttributes: [email], UsernameAttributes: [email]}',
    '    Services: {api: {Access: RO}}',
    '  schema:',
    '    Properties:',
    '      UsernameAttributes: [nickname]',
    '      Schema:',
    '        - {Name: tenant, AttributeDataType: Text, Required: true}',
    '        - {Name: a-custom-attribute-name-too-long}',
    '      Colour: blue',
    '      UserPoolTags: [{Key: team, Value: identity}]',
    '    Services: {api: {Access: RO}}',
    '  existing:',
    '    Lookup: {Tags: [{application: grafana}]}',
    '    Services: {api: {Access: RO}}',
    '  level:',
    '    Services: {api: {Access: Admin}}',
    '  alone: {}',
    '',
  ].join('\n');
  const r = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
  const at = (needle: string, occurrence = 1) => {
    const p = pos(text, needle, occurrence);
    return `${p.line}:${p.column}`;
  };
  expect(r.diagnostics.filter((d) => d.code !== 'CX3701').map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`).sort()).toEqual(
    [
      `error CX3840 ${at('UsernameAttributes: [email]')}`,
      `error CX3840 ${at('nickname')}`,
      `error CX3840 ${at('Text')}`,
      `error CX3840 ${at('true}')}`,
      `error CX3840 ${at('a-custom-attribute-name-too-long')}`,
      `error CX3840 ${at('[{Key: team')}`,
      `error CX3605 ${at('Colour')}`,
      `error CX3841 ${at('Lookup')}`,
      `error CX3602 ${at('Admin')}`,
      `warning CX3612 ${at('alone')}`,
    ].sort(),
  );
  const lookup = r.diagnostics.find((d) => d.code === 'CX3841')!;
  expect(lookup.hint).toContain('UserPoolArn: arn:aws:cognito-idp:');
  expect(r.diagnostics.find((d) => d.message.includes('required'))!.message).toBe("custom attribute 'tenant' is required: Cognito refuses required custom attributes");
});
