/**
 * x-elbv2 authentication against an x-cognito_userpool pool (ECS ComposeX's
 * `UserPoolArn: x-cognito::<pool>` and `CreateCognitoClient`): the pool's ARN in the
 * authenticate-cognito action, its domain prefix created with the pool, an app client created for
 * the target with what ELB needs (client secret, code grant, openid, the callback URLs of the load
 * balancer's DNS name and the target's host); and every refusal at its place (CX3841–CX3844).
 */
import type { RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { yaml } from '../helpers/project-dir';
import { Tracer } from '../helpers/trace';
import { withCallbackHosts } from '../../src/resolve/elbv2-authenticate';
import { buildGraph, edgeList } from '../../src/graph/graph';
import { at, atAfter, compileText, located, renderText } from './helpers';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const EXISTING = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';

const text = (pools: string, listeners: string) => yaml`
  name: cognito
  services:
    web:
      image: public.ecr.aws/nginx/nginx:1.27
      expose: ["8080"]
    admin:
      image: public.ecr.aws/nginx/nginx:1.27
      expose: ["9000"]
  x-cognito_userpool:
${pools}
  x-elbv2:
    public:
      Properties: {Scheme: internet-facing, Type: application}
      MacroParameters:
        Ingress: {ExtSources: [{IPv4: 0.0.0.0/0, Description: ANY}]}
      Listeners:
${listeners}
      Services:
        "web:web:8080": {port: 8080, protocol: HTTP}
        "admin:admin:9000": {port: 9000, protocol: HTTP}
`;

const listener = (port: number, target: string) => `        - Port: ${port}
          Protocol: HTTPS
          Certificates: [{Arn: "${CERT}"}]
          Targets:
${target}`;

function resourcesIn(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}

describe('a pool composex creates, named by two targets, one with a client created for it', () => {
  const compose = text(
    `    users:
      Properties: {UsernameAttributes: [email], AutoVerifiedAttributes: [email]}`,
    listener(
      443,
      `            - name: "web:web:8080"
              access: app.example.com/
              AuthenticateCognitoConfig:
                UserPoolArn: x-cognito_userpool::users
                UserPoolDomain: acme-login
                SessionTimeout: 3600
              CreateCognitoClient:
                UserPoolId: users
                AllowedOAuthScopes: [openid, email]
            - name: "admin:admin:9000"
              access: /admin/*
              AuthenticateCognitoConfig:
                UserPoolArn: x-cognito::users
                UserPoolClientId: 1example23456789
                UserPoolDomain: acme-login`,
    ) +
      '\n' +
      listener(
        8443,
        `            - name: "web:web:8080"
              AuthenticateCognitoConfig: {UserPoolDomain: acme-login}
              CreateCognitoClient:
                UserPoolId: x-cognito_userpool::users
                CallbackURLs: [https://app.example.com:8443/oauth2/idpresponse]`,
      ) +
      '\n' +
      listener(
        9443,
        `            - name: "admin:admin:9000"
              AuthenticateCognitoConfig: {UserPoolArn: "${EXISTING}", UserPoolDomain: shared-login}
              CreateCognitoClient: {UserPoolId: eu-west-1_AbCdEf123}`,
      ),
  );
  const result = renderText(compose);
  const tracer = new Tracer(result.files);
  const lb = resourcesIn(result, 'Elbv2Public.json');

  test('renders: no error, no unused-pool warning, zero validator errors', () => {
    expect(result.warnings.filter((w) => w !== 'CX3701')).toEqual([]);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('CreateCognitoClient in an existing pool (UserPoolId: <region>_<id>): the client in it, the action on its ARN and domain as written', () => {
    expect(lb.Listener9443CognitoClient.Properties!.UserPoolId).toBe('eu-west-1_AbCdEf123');
    const auth = (lb.Listener9443.Properties!.DefaultActions as { Type: string; AuthenticateCognitoConfig: Record<string, unknown> }[])[0];
    expect(auth.AuthenticateCognitoConfig).toEqual({ UserPoolArn: EXISTING, UserPoolClientId: { Ref: 'Listener9443CognitoClient' }, UserPoolDomain: 'shared-login' });
    // No domain is created for a pool composex does not create.
    expect(Object.values(resourcesIn(result, 'UserPools.json')).filter((r) => r.Type === 'AWS::Cognito::UserPoolDomain')).toHaveLength(1);
  });

  test('the access graph draws the load balancer authenticating users against the pool', () => {
    const { model } = compileText(compose);
    expect(edgeList(buildGraph(model!)).filter((e) => e.includes('userPool:'))).toEqual(['elbv2:public -> userPool:users [authenticates users]']);
  });

  test('the pool gets its domain prefix in its own stack', () => {
    const pools = resourcesIn(result, 'UserPools.json');
    expect(pools.UserPoolUsersDomain).toEqual({ Type: 'AWS::Cognito::UserPoolDomain', Properties: { Domain: 'acme-login', UserPoolId: { Ref: 'UserPoolUsers' } } });
  });

  test('the app client: in the pool, with a secret, the code grant, openid and the callback URLs of the load balancer and the target host', () => {
    const clients = Object.entries(lb).filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient');
    expect(clients.map(([id]) => id).sort()).toEqual(['Listener443Rule1CognitoClient', 'Listener8443CognitoClient', 'Listener9443CognitoClient']);
    const p = lb.Listener443Rule1CognitoClient.Properties!;
    expect(tracer.trace('Elbv2Public.json', p.UserPoolId)).toBe('userPool:users.Ref');
    expect({ ...p, UserPoolId: undefined, CallbackURLs: undefined }).toEqual({
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
      UserPoolId: undefined,
      CallbackURLs: undefined,
    });
    expect(p.CallbackURLs).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] }, '/oauth2/idpresponse']] }, 'https://app.example.com/oauth2/idpresponse']);
  });

  test('the rules authenticate against the pool ARN, with the created client or the one written', () => {
    const rules = Object.values(lb).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule');
    const configs = rules.map((r) => ((r.Properties!.Actions as { Type: string; AuthenticateCognitoConfig?: Record<string, unknown> }[]).find((a) => a.Type === 'authenticate-cognito'))!.AuthenticateCognitoConfig!);
    expect(configs.map((c) => [tracer.trace('Elbv2Public.json', c.UserPoolArn), c.UserPoolClientId, c.UserPoolDomain])).toEqual([
      ['userPool:users.Arn', { Ref: 'Listener443Rule1CognitoClient' }, 'acme-login'],
      ['userPool:users.Arn', '1example23456789', 'acme-login'],
    ]);
    expect(configs[0].SessionTimeout).toBe(3600);
  });

  test('CreateCognitoClient with an AuthenticateCognitoConfig giving only the domain: the given callback URLs kept, ELB\'s defaults', () => {
    expect(lb.Listener8443CognitoClient.Properties!.CallbackURLs).toEqual(['https://app.example.com:8443/oauth2/idpresponse']);
    const auth = (lb.Listener8443.Properties!.DefaultActions as { Type: string; Order: number }[])[0];
    expect(auth).toMatchObject({
      Type: 'authenticate-cognito',
      Order: 1,
      AuthenticateCognitoConfig: { UserPoolClientId: { Ref: 'Listener8443CognitoClient' }, UserPoolDomain: 'acme-login' },
    });
    expect(tracer.trace('Elbv2Public.json', (auth as unknown as { AuthenticateCognitoConfig: { UserPoolArn: unknown } }).AuthenticateCognitoConfig.UserPoolArn)).toBe('userPool:users.Arn');
  });
});

test('CreateCognitoClient alone (ECS ComposeX\'s documentation): the created pool has no domain to create (CX3844)', () => {
  const ecsComposeX = text('    users: {}', listener(443, `            - name: "web:web:8080"\n              CreateCognitoClient: {UserPoolId: users}`));
  const r = compileText(ecsComposeX);
  expect(located(r.diagnostics, 'error')).toEqual([`CX3844 ${at(ecsComposeX, 'CreateCognitoClient')}`]);
});

test('refused where written: pools, domains and clients ELB or Cognito would refuse', () => {
  const target = (body: string) => `            - name: "web:web:8080"\n${body}`;
  const compose = text(
    `    users: {}
    other: {}
    looked-up:
      Lookup: {Tags: [{application: grafana}]}`,
    [
      listener(8441, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::nobody", UserPoolClientId: abc, UserPoolDomain: acme}')),
      listener(8442, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::looked-up", UserPoolClientId: abc, UserPoolDomain: acme}')),
      listener(8443, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::other", UserPoolClientId: abc, UserPoolDomain: my-cognito-login}')),
      listener(8444, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::other", UserPoolClientId: abc, UserPoolDomain: login.example.com}')),
      listener(8445, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::users", UserPoolClientId: abc, UserPoolDomain: first}')),
      listener(8446, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::users", UserPoolClientId: abc, UserPoolDomain: second}')),
      listener(8447, target('              AuthenticateCognitoConfig: {UserPoolDomain: first, UserPoolClientId: abc}\n              CreateCognitoClient: {UserPoolId: users, GenerateSecret: false, AllowedOAuthFlows: [implicit], Colour: blue}')),
      listener(8448, target('              AuthenticateCognitoConfig: {UserPoolArn: "x-cognito::other", UserPoolDomain: first}\n              CreateCognitoClient: {UserPoolId: users}')),
      listener(8449, target('              AuthenticateCognitoConfig: {UserPoolDomain: first}\n              CreateCognitoClient: {UserPoolId: users, CallbackURLs: [https://app.example.com/callback]}')),
      listener(8450, target('              AuthenticateCognitoConfig: {UserPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Other", UserPoolDomain: shared}\n              CreateCognitoClient: {UserPoolId: eu-west-1_AbCdEf123}')),
      listener(8452, target('              AuthenticateCognitoConfig: {UserPoolArn: 1234, UserPoolDomain: first}\n              CreateCognitoClient: {UserPoolId: users}')),
      listener(8451, target('              AuthenticateCognitoConfig: {UserPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"}\n              CreateCognitoClient: {UserPoolId: eu-west-1_AbCdEf123}')),
    ].join('\n'),
  );
  const r = compileText(compose);
  expect(located(r.diagnostics, 'error').sort()).toEqual(
    [
      `CX3842 ${at(compose, '"x-cognito::nobody')}`,
      `CX3841 ${at(compose, 'Lookup')}`,
      `CX3844 ${at(compose, 'my-cognito-login')}`,
      `CX3844 ${at(compose, 'login.example.com')}`,
      `CX3844 ${at(compose, 'second')}`,
      `CX3843 ${atAfter(compose, '{UserPoolDomain: first, ', 'UserPoolClientId')}`,
      `CX3843 ${at(compose, 'false')}`,
      `CX3843 ${at(compose, '[implicit]')}`,
      `CX3843 ${at(compose, 'Colour')}`,
      `CX3843 ${atAfter(compose, '{UserPoolArn: ', '"x-cognito::other", UserPoolDomain: first}')}`,
      `CX3843 ${at(compose, '[https://app.example.com/callback]')}`,
      `CX3252 ${atAfter(compose, 'UserPoolArn: ', '1234,')}`,
      `CX3843 ${at(compose, '"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Other"')}`,
      `CX3844 ${at(compose, 'AuthenticateCognitoConfig: {UserPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"}')}`,
    ].sort(),
  );
  const messages = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  expect(messages).toContain("UserPoolDomain 'my-cognito-login' contains 'cognito', which Cognito reserves in domain prefixes");
  expect(messages).toContain("user pool 'users' is given domain 'second' here and 'first' at compose.yaml:" + at(compose, 'first') + ': a pool has one domain prefix');
});

test('callback hosts: the target\'s exact hosts, not its wildcard patterns; none when the client has CallbackURLs', () => {
  const auth = { type: 'authenticate-cognito', userPoolArn: '', userPoolClientId: '', userPoolDomain: 'acme-login', userPool: 'users', client: { properties: {}, port: 443 } } as const;
  const hostsOf = (a: ReturnType<typeof withCallbackHosts>) => (a.type === 'authenticate-cognito' ? a.client?.callbackHosts : undefined);
  expect(hostsOf(withCallbackHosts(auth, { hosts: ['app.example.com', '*.example.com', 'api?.example.com'] }))).toEqual(['app.example.com']);
  expect(hostsOf(withCallbackHosts(auth, 'default'))).toEqual([]);
  expect(hostsOf(withCallbackHosts({ ...auth, client: { properties: { CallbackURLs: ['https://a/oauth2/idpresponse'] }, port: 443 } }, { hosts: ['app.example.com'] }))).toBeUndefined();
});
