/**
 * A compose file with two x-elbv2 OIDC client secrets written in it (the listener's default action
 * and a rule), as ECS ComposeX's cognito use cases write one: for the render test
 * (test/ecs-composex/elbv2-literal-client-secret.test.ts) and the deploy test
 * (test/deploy/secret-parameters.test.ts).
 */
/** What must appear nowhere but in the compose file. */
export const DEFAULT_SECRET = 'Sup3rS3cretClientValue0123456789';
export const RULE_SECRET = 'An0therS3cretValue-x7';
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

/** A target's AuthenticateOidcConfig, indented as a key of a `Targets` entry. */
const oidc = (clientId: string, secret: string) =>
  [
    '            AuthenticateOidcConfig:',
    '              Issuer: https://login.example.com',
    '              AuthorizationEndpoint: https://login.example.com/oauth2/authorize',
    '              TokenEndpoint: https://login.example.com/oauth2/token',
    '              UserInfoEndpoint: https://login.example.com/oauth2/userinfo',
    `              ClientId: ${clientId}`,
    `              ClientSecret: "${secret}"`,
  ].join('\n');

export const COMPOSE = [
  'name: auth',
  'services:',
  '  web:',
  '    image: public.ecr.aws/nginx/nginx:1.27',
  '    expose: ["8080"]',
  '  admin:',
  '    image: public.ecr.aws/nginx/nginx:1.27',
  '    expose: ["9000"]',
  'x-elbv2:',
  '  public:',
  '    Properties: {Scheme: internet-facing, Type: application}',
  '    MacroParameters:',
  '      Ingress: {ExtSources: [{IPv4: 0.0.0.0/0, Description: ANY}]}',
  '    Listeners:',
  '      - Port: 443',
  '        Protocol: HTTPS',
  `        Certificates: [{Arn: "${CERT}"}]`,
  '        Targets:',
  '          - name: "web:web:8080"',
  oidc('app001', DEFAULT_SECRET),
  '          - name: "admin:admin:9000"',
  '            access: /admin',
  oidc('app002', RULE_SECRET),
  '    Services:',
  '      "web:web:8080": {port: 8080, protocol: HTTP}',
  '      "admin:admin:9000": {port: 9000, protocol: HTTP}',
  '',
].join('\n');

export const DEFAULT_PARAMETER = 'Elbv2PublicListener443ClientSecret';
export const RULE_PARAMETER = 'Elbv2PublicListener443Rule1ClientSecret';
