/**
 * x-elbv2 targets that authenticate users (ECS ComposeX's AuthenticateOidcConfig /
 * AuthenticateCognitoConfig): the authenticate action (Order 1) before the forward (Order 2), on
 * the listener's default actions or on the target's rule; HTTPS listeners only; the OIDC client
 * secret only as a Secrets Manager dynamic reference, never in a template or a message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';
import type { RenderResult } from '../../src/render/render';
import { codeFrame, formatDiagnostic } from '../../src/diagnostics';
import { loadAndCompile } from '../../src/compile';
import { validateTemplates } from '../../src/render/validate';
import { at, compileText, located, renderText } from './helpers';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const SECRET_REF = '{{resolve:secretsmanager:/oidc/app:SecretString:ClientSecret}}';
const POOL = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';
/** A literal secret: must appear nowhere but in the compose text. */
const LITERAL = 'Sup3rS3cretClientValue0123456789';

const OIDC = `
                Issuer: https://login.example.com
                AuthorizationEndpoint: https://login.example.com/oauth2/authorize
                TokenEndpoint: https://login.example.com/oauth2/token
                UserInfoEndpoint: https://login.example.com/oauth2/userinfo
                ClientId: app001`;

const text = (listener: string, targets: string) => yaml`
  name: auth
  services:
    web:
      image: public.ecr.aws/nginx/nginx:1.27
      expose: ["8080"]
    admin:
      image: public.ecr.aws/nginx/nginx:1.27
      expose: ["9000"]
  x-elbv2:
    public:
      Properties: {Scheme: internet-facing, Type: application}
      MacroParameters:
        Ingress: {ExtSources: [{IPv4: 0.0.0.0/0, Description: ANY}]}
      Listeners:
        - ${listener}
          Targets:
${targets}
      Services:
        "web:web:8080": {port: 8080, protocol: HTTP}
        "admin:admin:9000": {port: 9000, protocol: HTTP}
`;

const HTTPS = `Port: 443
          Protocol: HTTPS
          Certificates: [{Arn: "${CERT}"}]`;

function resources(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}

describe('x-elbv2 authentication rendered', () => {
  const compose = text(
    HTTPS,
    `            - name: "web:web:8080"
              access: /
              AuthenticateOidcConfig:${OIDC}
                ClientSecret: "${SECRET_REF}"
                SessionCookieName: my-cookie
                SessionTimeout: 3600
                Scope: openid email
                AuthenticationRequestExtraParams: {prompt: login, display: page}
                OnUnauthenticatedRequest: deny
            - name: "admin:admin:9000"
              access: /admin/*
              AuthenticateCognitoConfig:
                UserPoolArn: "${POOL}"
                UserPoolClientId: 1example23456789
                UserPoolDomain: auth-example
                SessionTimeout: 600`,
  );
  const result = renderText(compose);
  const lb = resources(result, 'Elbv2Public.json');

  test('access /: the listener authenticates with OIDC (Order 1), then forwards (Order 2)', () => {
    expect(lb.Listener443.Properties!.DefaultActions).toEqual([
      {
        Type: 'authenticate-oidc',
        Order: 1,
        AuthenticateOidcConfig: {
          Issuer: 'https://login.example.com',
          AuthorizationEndpoint: 'https://login.example.com/oauth2/authorize',
          TokenEndpoint: 'https://login.example.com/oauth2/token',
          UserInfoEndpoint: 'https://login.example.com/oauth2/userinfo',
          ClientId: 'app001',
          ClientSecret: SECRET_REF,
          SessionCookieName: 'my-cookie',
          SessionTimeout: '3600',
          Scope: 'openid email',
          AuthenticationRequestExtraParams: { display: 'page', prompt: 'login' },
          OnUnauthenticatedRequest: 'deny',
        },
      },
      { Type: 'forward', Order: 2, TargetGroupArn: { Ref: 'TargetGroupWebWeb8080' } },
    ]);
  });

  test('a rule: its conditions, then Cognito (Order 1) and the forward (Order 2)', () => {
    expect(lb.Listener443Rule1.Properties).toMatchObject({
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/*'] } }],
      Actions: [
        {
          Type: 'authenticate-cognito',
          Order: 1,
          AuthenticateCognitoConfig: { UserPoolArn: POOL, UserPoolClientId: '1example23456789', UserPoolDomain: 'auth-example', SessionTimeout: 600 },
        },
        { Type: 'forward', Order: 2, TargetGroupArn: { Ref: 'TargetGroupAdminAdmin9000' } },
      ],
    });
  });

  test("the load balancer's security group may reach the identity provider's endpoints on 443, and otherwise only its targets", () => {
    const networking = result.files.filter((f) => /^Networking/.test(f.path)).flatMap((f) => Object.values(f.template.Resources ?? {}));
    const groups = networking.filter((r) => r.Type === 'AWS::EC2::SecurityGroup' && String(r.Properties?.GroupDescription).includes('load balancer public'));
    expect(groups).toHaveLength(1);
    const egress = groups[0].Properties!.SecurityGroupEgress as { IpProtocol: string; CidrIp?: string; FromPort?: number; ToPort?: number }[];
    expect(egress).toEqual([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS to the identity provider (authenticate actions)' }]);
    // Besides that, only its targets, on their ports.
    const rules = networking.filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress').map((r) => r.Properties!);
    expect(rules.map((r) => [JSON.stringify(r.DestinationSecurityGroupId), r.IpProtocol, r.FromPort])).toEqual([
      [JSON.stringify({ 'Fn::GetAtt': ['FamilyAdminSecurityGroup', 'GroupId'] }), 'tcp', 9000],
      [JSON.stringify({ 'Fn::GetAtt': ['FamilyWebSecurityGroup', 'GroupId'] }), 'tcp', 8080],
    ]);
  });
});

describe('x-elbv2 authentication rendered: templates valid, no literal anywhere', () => {
  test('every template passes the validator', () => {
    const compose = text(HTTPS, `            - name: "web:web:8080"\n              access: /app/*\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: "${SECRET_REF}"`);
    const result = renderText(compose);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const rule = resources(result, 'Elbv2Public.json').Listener443Rule1.Properties!;
    expect((rule.Actions as { Type: string; Order: number }[]).map((a) => [a.Type, a.Order])).toEqual([['authenticate-oidc', 1], ['forward', 2]]);
  });
});

describe('x-elbv2 authentication diagnostics', () => {
  const errors = (compose: string) => {
    const { model, diagnostics } = compileText(compose);
    expect(model).toBeUndefined();
    return diagnostics.filter((d) => d.severity === 'error');
  };

  test('a literal ClientSecret: CX3253 at the value; the value is in no message, hint or code frame', () => {
    const compose = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: ${LITERAL}`);
    const found = errors(compose);
    expect(located(found)).toEqual([`CX3253 ${at(compose, LITERAL)}`]);
    expect(JSON.stringify(compileText(compose).diagnostics)).not.toContain(LITERAL);
    const printed = found.map((d) => formatDiagnostic(d, { sources: new Map([[d.file!, readFileSync(d.file!, 'utf8')]]) })).join('\n');
    expect(printed).toContain('ClientSecret');
    expect(printed).not.toContain(LITERAL);
    expect(found[0].hint).toContain('{{resolve:secretsmanager:');
  });

  test('an SSM reference is not a Secrets Manager reference either', () => {
    const ssm = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: "{{resolve:ssm:/oidc/secret}}"`);
    expect(located(errors(ssm))).toEqual([`CX3253 ${at(ssm, '"{{resolve:ssm')}`]);
  });

  test('OIDC on an HTTP listener: CX3251 at the key, naming the listener', () => {
    const compose = text('Port: 80\n          Protocol: HTTP', `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: "${SECRET_REF}"`);
    const found = errors(compose);
    expect(located(found)).toEqual([`CX3251 ${at(compose, 'AuthenticateOidcConfig')}`]);
    expect(found[0].message).toBe('AuthenticateOidcConfig needs an HTTPS listener of an application load balancer (ELB authenticates users on HTTPS listeners only); listener 80 is HTTP');
  });

  test('missing required fields, endpoints that are not https://, bad ranges: CX3252 at each', () => {
    const compose = text(
      HTTPS,
      `            - name: "web:web:8080"
              AuthenticateOidcConfig:
                Issuer: http://login.example.com
                AuthorizationEndpoint: https://login.example.com/authorize
                TokenEndpoint: https://login.example.com/token
                ClientId: app001
                ClientSecret: "${SECRET_REF}"
                SessionTimeout: 700000
                OnUnauthenticatedRequest: redirect
                UseExistingClientSecret: true`,
    );
    expect(located(errors(compose)).sort()).toEqual(
      [
        `CX3252 ${at(compose, 'AuthenticateOidcConfig')}`,
        `CX3252 ${at(compose, 'http://')}`,
        `CX3252 ${at(compose, '700000')}`,
        `CX3252 ${at(compose, 'redirect')}`,
        `CX3252 ${at(compose, 'UseExistingClientSecret')}`,
      ].sort(),
    );
  });

  test('Cognito: an x-cognito:: pool the file does not declare (CX3842), a missing domain, a user pool ARN that is not one', () => {
    const compose = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateCognitoConfig:\n                UserPoolArn: x-cognito::cognito-test\n                UserPoolClientId: abc`);
    const found = errors(compose);
    expect(located(found).sort()).toEqual([`CX3252 ${at(compose, 'AuthenticateCognitoConfig:')}`, `CX3842 ${at(compose, 'x-cognito::')}`].sort());
    expect(found.find((d) => d.code === 'CX3842')!.message).toBe("UserPoolArn x-cognito::cognito-test names user pool 'cognito-test', which x-cognito_userpool does not declare");
    const notArn = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateCognitoConfig: {UserPoolArn: my-pool, UserPoolClientId: abc, UserPoolDomain: auth}`);
    expect(located(errors(notArn))).toEqual([`CX3252 ${at(notArn, 'my-pool')}`]);
  });

  test('both identity providers on one target: CX3251 at the second', () => {
    const compose = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: "${SECRET_REF}"\n              AuthenticateCognitoConfig: {UserPoolArn: "${POOL}", UserPoolClientId: abc, UserPoolDomain: auth}`);
    expect(located(errors(compose))).toEqual([`CX3251 ${at(compose, 'AuthenticateCognitoConfig')}`]);
  });
});

describe("ECS ComposeX's documentation example (elbv2.rst, \"ELBv2 with\")", () => {
  const DIR = join(__dirname, '..', 'fixtures', 'ecs-composex');
  const FILE = 'docs/elbv2-oidc.yml';
  const { model, diagnostics } = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', FILE], env: { HOME: '/home/test' } });
  const source = readFileSync(join(DIR, FILE), 'utf8');
  const mine = diagnostics.filter((d) => d.severity === 'error' && d.file === join(DIR, FILE));

  test('refused for an HTTP listener (CX3251 at AuthenticateOidcConfig) only; the key with a stray quote is left out, as ECS ComposeX ignores it (CX3256)', () => {
    expect(model).toBeUndefined();
    expect(located(mine)).toEqual([`CX3251 ${at(source, 'AuthenticateOidcConfig')}`]);
    expect(mine.map((d) => d.message)).toEqual([
      'AuthenticateOidcConfig needs an HTTPS listener of an application load balancer (ELB authenticates users on HTTPS listeners only); listener 8081 is HTTP',
    ]);
    const stray = diagnostics.filter((d) => d.code === 'CX3256' && d.file === join(DIR, FILE));
    expect(located(stray)).toEqual([`CX3256 ${at(source, 'AuthenticationRequestExtraParams"')}`]);
    expect(stray[0]).toMatchObject({
      severity: 'warning',
      message: 'key \'AuthenticationRequestExtraParams"\' has a stray quote: it is not AuthenticationRequestExtraParams, so ECS ComposeX ignores it, and composex leaves it out too: the rule sends none of its values',
    });
  });

  test('with a certificate on its listener and the stray quotes removed, it renders: authenticate with every field a dynamic reference, then forward', () => {
    const fixed = source
      .replace('AuthenticationRequestExtraParams":', 'AuthenticationRequestExtraParams:')
      .replace('display":', 'display:')
      .replace('prompt":', 'prompt:')
      .replace(/- Port: 8081\n( +)Protocol: HTTP/, (_all, indent: string) => `- Port: 8081\n${indent}Protocol: HTTPS\n${indent}Certificates: [{Arn: "${CERT}"}]`);
    const dir = projectDir({ 'base.yml': readFileSync(join(DIR, 'use-cases/blog.features.yml'), 'utf8'), 'oidc.yml': fixed });
    const result = renderProject({ cwd: dir, projectDirectory: dir, files: ['base.yml', 'oidc.yml'] });
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const lb = resources(result, 'Elbv2AuthLb.json');
    const actions = lb.Listener8081.Properties!.DefaultActions as { Type: string; Order: number; AuthenticateOidcConfig?: Record<string, unknown> }[];
    expect(actions.map((a) => [a.Type, a.Order])).toEqual([['authenticate-oidc', 1], ['forward', 2]]);
    expect(actions[0].AuthenticateOidcConfig).toMatchObject({
      Issuer: '{{resolve:secretsmanager:/oidc/azuread/app001:SecretString:Issuer}}',
      ClientSecret: '{{resolve:secretsmanager:/oidc/azuread/app001:SecretString:ClientSecret}}',
      AuthenticationRequestExtraParams: { display: 'page', prompt: 'login' },
      OnUnauthenticatedRequest: 'deny',
      SessionTimeout: '3600',
    });
    // The other listener, without authentication, forwards alone.
    expect(lb.Listener8080.Properties!.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: expect.anything() }]);
  });
});

describe('code frames never show a literal ClientSecret', () => {
  const source = [
    '      ClientId: app001',
    `      ClientSecret: "${LITERAL}"`,
    `      other: {ClientSecret: ${LITERAL}, ClientId: x}`,
    `      ClientSecret: "${SECRET_REF}"`,
  ].join('\n');

  test('on the line of an error and on a neighbouring one; a dynamic reference is shown', () => {
    const neighbour = codeFrame(source, 1, 7);
    expect(neighbour).toContain('ClientId: app001');
    expect(neighbour).toContain('ClientSecret: ***');
    const all = [1, 2, 3, 4].map((line) => codeFrame(source, line, 1)).join('\n');
    expect(all).not.toContain(LITERAL);
    expect(all).toContain('{ClientSecret: ***, ClientId: x}');
    expect(codeFrame(source, 4, 1)).toContain(SECRET_REF);
  });
});

test('a listener refused for its authentication does not make its targets "in no listener\'s Targets" (no CX3240)', () => {
  const compose = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: ${LITERAL}`);
  const { diagnostics } = compileText(compose);
  expect(diagnostics.filter((d) => d.code === 'CX3240')).toEqual([]);
});

test('an HTTP listener with certificates is HTTPS (CX3238, as ECS ComposeX upgrades it), so it authenticates', () => {
  const compose = text(`Port: 443\n          Protocol: HTTP\n          Certificates: [{Arn: "${CERT}"}]`, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: "${SECRET_REF}"`);
  const { model, diagnostics } = compileText(compose);
  expect(located(diagnostics, 'error')).toEqual([]);
  expect(located(diagnostics, 'warning')).toEqual([`CX3238 ${at(compose, 'HTTP\n')}`, `CX3240 ${at(compose, '"admin:admin:9000"')}`]);
  expect(model!.elbv2![0].listeners[0]).toMatchObject({ protocol: 'HTTPS', defaultAuthenticate: { type: 'authenticate-oidc', clientSecret: SECRET_REF } });
});

describe('ClientSecret: {Secret: <top-level secret>, JsonKey}', () => {
  const withSecrets = (clientSecret: string, secrets: string) => `${text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateOidcConfig:${OIDC}\n                ClientSecret: ${clientSecret}`)}\nsecrets:\n${secrets}\n`;

  test('a secret in Secrets Manager (x-secrets Name, or external): its dynamic reference, the JSON key if given', () => {
    const compose = withSecrets('{Secret: oidc, JsonKey: ClientSecret}', '  oidc:\n    x-secrets: {Name: /oidc/app001}');
    const { model, diagnostics } = compileText(compose);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.elbv2![0].listeners[0].defaultAuthenticate).toMatchObject({ clientSecret: '{{resolve:secretsmanager:/oidc/app001:SecretString:ClientSecret}}', clientSecretFrom: { secret: 'oidc', jsonKey: 'ClientSecret' } });
    const result = renderText(compose);
    const actions = resources(result, 'Elbv2Public.json').Listener443.Properties!.DefaultActions as { AuthenticateOidcConfig?: { ClientSecret: string } }[];
    expect(actions[0].AuthenticateOidcConfig!.ClientSecret).toBe('{{resolve:secretsmanager:/oidc/app001:SecretString:ClientSecret}}');

    const external = compileText(withSecrets('{Secret: oidc}', '  oidc: {external: true, name: prod/oidc}'));
    expect(located(external.diagnostics, 'error')).toEqual([]);
    expect(external.model!.elbv2![0].listeners[0].defaultAuthenticate).toMatchObject({ clientSecret: '{{resolve:secretsmanager:prod/oidc:SecretString}}' });
  });

  test('a secret no service lists is still read: its own mistakes are reported', () => {
    const compose = withSecrets('{Secret: oidc}', '  oidc:\n    x-secrets: {Name: "not a name"}');
    const { model, diagnostics } = compileText(compose);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX3502']);
  });

  test('an undeclared secret, or one composex creates from a file: CX3254 at Secret', () => {
    const unknown = withSecrets('{Secret: nope}', '  oidc: {external: true}');
    expect(located(compileText(unknown).diagnostics, 'error')).toEqual([`CX3254 ${at(unknown, 'nope')}`]);
    const created = withSecrets('{Secret: oidc}', '  oidc: {file: ./oidc.txt}');
    const found = compileText(created, { 'oidc.txt': 'x' }).diagnostics.filter((d) => d.severity === 'error');
    expect(located(found)).toEqual([`CX3254 ${at(created, 'oidc}')}`]);
    expect(found[0].message).toBe("secret 'oidc' is created by composex and filled at deploy, after the load balancer's stack reads it");
  });
});

test("query parameter names with a stray quote (ECS ComposeX's use cases: display\": \"page\"): CX3252 at each name", () => {
  const compose = text(HTTPS, `            - name: "web:web:8080"\n              AuthenticateCognitoConfig:\n                UserPoolArn: "${POOL}"\n                UserPoolClientId: abc\n                UserPoolDomain: auth\n                AuthenticationRequestExtraParams:\n                  display": "page"\n                  prompt": "login"`);
  const found = compileText(compose).diagnostics.filter((d) => d.severity === 'error');
  expect(located(found)).toEqual([`CX3252 ${at(compose, 'display"')}`, `CX3252 ${at(compose, 'prompt"')}`]);
  expect(found.map((d) => d.hint)).toEqual(['write display: (the name has a stray quote)', 'write prompt: (the name has a stray quote)']);
});
