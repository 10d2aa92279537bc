/**
 * `AuthenticateOidcConfig` / `AuthenticateCognitoConfig` on an `x-elbv2` listener target (ECS
 * ComposeX): the load balancer authenticates the user, then forwards. ECS ComposeX writes the
 * authenticate action with `Order: 1` and the forward with `Order: 2`, on the rule the target's
 * `access` makes (or on the listener's default actions for `access: /`); so does composex.
 *
 * What AWS documents and composex checks where it is written (CX3251–CX3253):
 * - "[HTTPS listeners] Information about an identity provider that is compliant with OpenID
 *   Connect" (ELB API, Action.AuthenticateOidcConfig / AuthenticateCognitoConfig): an
 *   authenticate action needs an HTTPS listener of an application load balancer.
 * - AWS::ElasticLoadBalancingV2::ListenerRule AuthenticateOidcConfig: Issuer,
 *   AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint and ClientId are required; the
 *   endpoints are "a full URL, including the HTTPS protocol, the domain, and the path"; ClientSecret
 *   is required when the rule is created (UseExistingClientSecret only helps an update of a rule
 *   that already has one, which a dynamic reference makes pointless: it is read at every deploy);
 *   AuthenticationRequestExtraParams holds at most 10 query parameters named `[a-zA-Z0-9]+`;
 *   OnUnauthenticatedRequest is deny, allow or authenticate; SessionTimeout at most 7 days.
 * - AuthenticateCognitoConfig: UserPoolArn, UserPoolClientId and UserPoolDomain are required.
 *   `UserPoolArn: x-cognito_userpool::<pool>` and `CreateCognitoClient` (ECS ComposeX) fill them
 *   from a pool and a client composex creates (src/resolve/elbv2-cognito.ts).
 *
 * The client secret never reaches a template: "You can use a dynamic reference for a secret in
 * any resource property" (Secrets Manager user guide, "Get an AWS Secrets Manager secret in an
 * AWS CloudFormation resource"), so a `{{resolve:secretsmanager:…}}` reference is written as it
 * is: CloudFormation resolves it at deploy time and never shows it. A value written literally (as
 * ECS ComposeX's use cases do) goes into a NoEcho root parameter that `composex deploy` fills
 * (CX3258, src/resolve/elbv2-client-secret.ts); another dynamic reference (`ssm`, `ssm-secure`)
 * is CX3253. No message or hint repeats the value. The other fields may be dynamic references too
 * (ECS ComposeX's documentation example keeps them all in one secret).
 */
import type { Path } from '../compose/source-map';
import type { Elbv2Authenticate, Elbv2Protocol, SecretModel } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { isPlainObject, type XObject } from './readers';
import { readSecret } from './secrets';
import { checkDomainPrefix, poolReference, readCreateCognitoClient, readPoolName } from './elbv2-cognito';
import { literalClientSecret, nameClientSecretParameter } from './elbv2-client-secret';

const AUTH_KEYS = ['AuthenticateOidcConfig', 'AuthenticateCognitoConfig'] as const;
const COMMON_KEYS = ['SessionCookieName', 'SessionTimeout', 'Scope', 'AuthenticationRequestExtraParams', 'OnUnauthenticatedRequest'];
const OIDC_REQUIRED = ['Issuer', 'AuthorizationEndpoint', 'TokenEndpoint', 'UserInfoEndpoint', 'ClientId', 'ClientSecret'];
const OIDC_URLS = ['Issuer', 'AuthorizationEndpoint', 'TokenEndpoint', 'UserInfoEndpoint'];
const COGNITO_REQUIRED = ['UserPoolArn', 'UserPoolClientId', 'UserPoolDomain'];
const ON_UNAUTHENTICATED = ['deny', 'allow', 'authenticate'] as const;
/** "The maximum duration of the authentication session, in seconds. The default is 604800 seconds (7 days)." */
const MAX_SESSION_TIMEOUT = 604800;
const MAX_EXTRA_PARAMS = 10;
const EXTRA_PARAM_NAME = /^[a-zA-Z0-9]+$/;
/** A CloudFormation dynamic reference to Secrets Manager: read at deploy time, never shown. */
const SECRETS_MANAGER_REFERENCE = /^\{\{resolve:secretsmanager:[^{}\s]+\}\}$/;
/** Any dynamic reference (`ssm`, `secretsmanager`): a value CloudFormation reads at deploy time. */
const DYNAMIC_REFERENCE = /^\{\{resolve:(?:ssm|secretsmanager):[^{}\s]+\}\}$/;
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/\S*)?$/;
const USER_POOL_ARN = /^arn:aws(?:-[a-z]+)*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9A-Za-z]+$/;

/**
 * Reads a target's authenticate action. Returns `null` when it declares none, `undefined` after an
 * error (every problem of the target is reported).
 */
export function readAuthenticate(
  ctx: ResolveContext,
  entry: XObject,
  at: Path,
  listener: { readonly port: number; readonly protocol: Elbv2Protocol },
  type: 'application' | 'network',
): Elbv2Authenticate | null | undefined {
  const declared = AUTH_KEYS.filter((key) => entry[key] !== undefined);
  const createClient = entry.CreateCognitoClient;
  if (declared.length === 0 && createClient === undefined) return null;
  let ok = true;
  if (declared.length > 1) {
    ctx.error(CODES.ELBV2_AUTH_NOT_HTTPS, 'a target authenticates with one identity provider: it declares both AuthenticateOidcConfig and AuthenticateCognitoConfig', [...at, declared[1]], 'keep one of them (a Cognito user pool can federate an OIDC provider)', 'key');
    ok = false;
  }
  // CreateCognitoClient alone: ECS ComposeX authenticates with its default Cognito config.
  const key = declared[0] ?? 'AuthenticateCognitoConfig';
  const keyAt = declared.length > 0 ? [...at, key] : [...at, 'CreateCognitoClient'];
  if (type !== 'application' || listener.protocol !== 'HTTPS') {
    ctx.error(
      CODES.ELBV2_AUTH_NOT_HTTPS,
      `${declared.length > 0 ? key : 'CreateCognitoClient (authentication through the client)'} needs an HTTPS listener of an application load balancer (ELB authenticates users on HTTPS listeners only); listener ${listener.port} is ${listener.protocol}`,
      keyAt,
      type === 'application'
        ? `give listener ${listener.port} a certificate (Certificates: [{x-acm: <name>}] or [{Arn: arn:aws:acm:…}]) so that it is HTTPS, or move this target to an HTTPS listener`
        : 'use an application load balancer with an HTTPS listener',
      'key',
    );
    ok = false;
  }
  if (key === 'AuthenticateOidcConfig' && createClient !== undefined) {
    ctx.error(CODES.COGNITO_CLIENT_INVALID, 'CreateCognitoClient creates a Cognito app client, but this target authenticates with AuthenticateOidcConfig', [...at, 'CreateCognitoClient'], 'remove CreateCognitoClient, or authenticate with AuthenticateCognitoConfig', 'key');
    ok = false;
  }
  const path = keyAt;
  const body = declared.length > 0 ? entry[key] : DEFAULT_COGNITO_CONFIG;
  if (!isPlainObject(body)) {
    ctx.error(CODES.ELBV2_AUTH_INVALID, `${describePath(path)} must be a mapping of ${key === 'AuthenticateOidcConfig' ? 'Issuer, AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint, ClientId, ClientSecret' : 'UserPoolArn, UserPoolClientId, UserPoolDomain'}, …`, path, 'write the fields of the identity provider, as ELB names them');
    return undefined;
  }
  const client = createClient === undefined || key === 'AuthenticateOidcConfig' ? undefined : { raw: createClient, path: [...at, 'CreateCognitoClient'], port: listener.port };
  const read = key === 'AuthenticateOidcConfig' ? readOidc(ctx, body, path) : readCognito(ctx, body, path, client);
  return ok ? read : undefined;
}

/** ECS ComposeX's AuthenticateCognitoConfig for a CreateCognitoClient target without one (handle_cognito_pools). */
const DEFAULT_COGNITO_CONFIG = { OnUnauthenticatedRequest: 'authenticate', Scope: 'openid email profile' };

function readOidc(ctx: ResolveContext, body: XObject, path: Path): Elbv2Authenticate | undefined {
  const { fields, ok: read } = readFields(ctx, body, path, OIDC_REQUIRED, ['UseExistingClientSecret']);
  const common = readCommon(ctx, body, path);
  let ok = read && common !== undefined;
  if (body.UseExistingClientSecret !== undefined) {
    ctx.error(
      CODES.ELBV2_AUTH_INVALID,
      'UseExistingClientSecret only keeps the secret of a rule that exists; composex creates the rule with ClientSecret',
      [...path, 'UseExistingClientSecret'],
      'remove UseExistingClientSecret: ClientSecret, a Secrets Manager reference, is read again at every deploy',
      'key',
    );
    ok = false;
  }
  for (const name of OIDC_URLS) {
    const value = fields[name];
    if (value !== undefined && !DYNAMIC_REFERENCE.test(value) && !HTTPS_URL.test(value)) {
      ctx.error(CODES.ELBV2_AUTH_INVALID, `${name} ${JSON.stringify(value)} is not an https:// URL (ELB wants the full URL of the identity provider's endpoint)`, [...path, name], `write e.g. ${name}: https://login.example.com/${name === 'Issuer' ? '' : 'oauth2/…'}`);
      ok = false;
    }
  }
  const secret = fields.ClientSecret;
  const from = isPlainObject(body.ClientSecret) ? readSecretSource(ctx, body.ClientSecret, [...path, 'ClientSecret']) : undefined;
  if (from === null) ok = false;
  // Written in the file: kept out of the templates in a NoEcho root parameter (named once the load balancer is, CX3258).
  const literal = secret !== undefined && !secret.includes('{{resolve:') ? literalClientSecret(secret, [...path, 'ClientSecret']) : undefined;
  if (secret !== undefined && !literal && !SECRETS_MANAGER_REFERENCE.test(secret)) {
    // Never repeat the value: a malformed reference may hold the secret itself.
    ctx.error(
      CODES.ELBV2_AUTH_LITERAL_SECRET,
      'ClientSecret holds a dynamic reference ({{resolve:…}}) that is not a whole Secrets Manager reference: CloudFormation resolves Systems Manager secure strings (ssm-secure) only in the properties it lists, which ELB\'s ClientSecret is not, and a plain ssm parameter is no secret',
      [...path, 'ClientSecret'],
      'store the secret in Secrets Manager and write ClientSecret: "{{resolve:secretsmanager:<secret name or ARN>:SecretString:<JSON key>}}", or name a top-level secret that is in Secrets Manager: ClientSecret: {Secret: <secret>, JsonKey: <key>} (CloudFormation reads it at deploy time and never shows it)',
    );
    ok = false;
  }
  if (!ok || !common) return undefined;
  const field = (name: string): string => fields[name]!; // present: ok says every required field was read
  return {
    type: 'authenticate-oidc',
    issuer: field('Issuer'),
    authorizationEndpoint: field('AuthorizationEndpoint'),
    tokenEndpoint: field('TokenEndpoint'),
    userInfoEndpoint: field('UserInfoEndpoint'),
    clientId: field('ClientId'),
    // A Compose secret's reference is written once its Secrets Manager name is known (withClientSecrets).
    ...(from ? { clientSecret: '', clientSecretFrom: from } : literal ? { clientSecret: '', literalClientSecret: literal } : { clientSecret: field('ClientSecret') }),
    ...common,
  };
}

function readCognito(ctx: ResolveContext, body: XObject, path: Path, createClient?: { raw: unknown; path: Path; port: number }): Elbv2Authenticate | undefined {
  const client = createClient ? readCreateCognitoClient(ctx, createClient.raw, createClient.path) : undefined;
  // With CreateCognitoClient, the pool and the client are the created ones (ECS ComposeX sets them).
  const optional = createClient ? ['UserPoolArn', 'UserPoolClientId', 'UserPoolDomain'] : [];
  const { fields, ok: read } = readFields(ctx, body, path, COGNITO_REQUIRED.filter((k) => !optional.includes(k)), optional);
  const common = readCommon(ctx, body, path);
  let ok = read && common !== undefined && (createClient === undefined || client !== undefined);
  const arn = typeof body.UserPoolArn === 'string' ? body.UserPoolArn : undefined;
  if (createClient && body.UserPoolArn !== undefined && arn === undefined) {
    // Beside CreateCognitoClient UserPoolArn is optional, so readFields did not check it.
    ctx.error(CODES.ELBV2_AUTH_INVALID, 'UserPoolArn must be a string', [...path, 'UserPoolArn'], 'write the ARN of the pool, or x-cognito_userpool::<pool>');
    ok = false;
  }
  const reference = arn !== undefined ? poolReference(arn) : undefined;
  let pool: string | undefined;
  if (reference !== undefined) {
    pool = readPoolName(ctx, reference, [...path, 'UserPoolArn'], `UserPoolArn ${arn}`);
    if (pool === undefined) ok = false;
  } else if (arn !== undefined && !USER_POOL_ARN.test(arn) && !DYNAMIC_REFERENCE.test(arn)) {
    ctx.error(
      CODES.ELBV2_AUTH_INVALID,
      `UserPoolArn ${JSON.stringify(arn)} is not the ARN of a Cognito user pool`,
      [...path, 'UserPoolArn'],
      'write arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>, or x-cognito_userpool::<pool> for a pool the file declares',
    );
    ok = false;
  }
  let domain = fields.UserPoolDomain;
  if (createClient && body.UserPoolClientId !== undefined) {
    ctx.error(CODES.COGNITO_CLIENT_INVALID, 'UserPoolClientId names a client, but CreateCognitoClient creates the one the load balancer uses', [...path, 'UserPoolClientId'], 'remove UserPoolClientId (or CreateCognitoClient, to use that client)', 'key');
    ok = false;
  }
  if (createClient && client?.existing) {
    // An existing pool: its ARN and domain are written, and the ARN must be that pool's.
    if (arn === undefined || !arn.endsWith(`:userpool/${client.pool}`)) {
      ctx.error(
        CODES.COGNITO_CLIENT_INVALID,
        arn === undefined ? `CreateCognitoClient creates the client in the existing pool ${client.pool}, whose ARN AuthenticateCognitoConfig does not give` : `UserPoolArn is not the ARN of pool ${client.pool}, where CreateCognitoClient creates the client`,
        arn === undefined ? path : [...path, 'UserPoolArn'],
        `write UserPoolArn: arn:aws:cognito-idp:<region>:<account>:userpool/${client.pool}`,
        arn === undefined ? 'key' : 'value',
      );
      ok = false;
    }
    if (body.UserPoolDomain === undefined) {
      ctx.error(CODES.COGNITO_DOMAIN_INVALID, `AuthenticateCognitoConfig gives no UserPoolDomain for the existing pool ${client.pool}`, path, "add UserPoolDomain: the pool's domain prefix (or its custom domain)", 'key');
      ok = false;
    } else if (typeof body.UserPoolDomain !== 'string' || body.UserPoolDomain.trim() === '') {
      ctx.error(CODES.COGNITO_DOMAIN_INVALID, 'UserPoolDomain must be a non-empty string', [...path, 'UserPoolDomain'], "write the pool's domain prefix, e.g. UserPoolDomain: acme-login");
      ok = false;
    } else {
      domain = body.UserPoolDomain;
    }
  } else if (createClient && client) {
    if (arn !== undefined && (reference === undefined || (pool !== undefined && pool !== client.pool))) {
      ctx.error(CODES.COGNITO_CLIENT_INVALID, `UserPoolArn names another pool than the one CreateCognitoClient creates the client in ('${client.pool}')`, [...path, 'UserPoolArn'], `remove UserPoolArn (the client's pool is used), or write UserPoolArn: x-cognito_userpool::${client.pool}`);
      ok = false;
    }
    pool = client.pool;
  }
  if (pool !== undefined) {
    // composex creates the pool, so it creates its domain: the prefix is written here.
    const raw = body.UserPoolDomain;
    if (raw === undefined) {
      ctx.error(
        CODES.COGNITO_DOMAIN_INVALID,
        `user pool '${pool}' is created by composex and has no domain yet: ELB sends users to the pool's domain to sign in`,
        path,
        `add UserPoolDomain: <prefix> to AuthenticateCognitoConfig (composex creates <prefix>.auth.<region>.amazoncognito.com for pool '${pool}')`,
        'key',
      );
      ok = false;
    } else if (typeof raw !== 'string' || !checkDomainPrefix(ctx, raw, [...path, 'UserPoolDomain'], pool)) {
      if (typeof raw !== 'string') ctx.error(CODES.COGNITO_DOMAIN_INVALID, 'UserPoolDomain must be a domain prefix', [...path, 'UserPoolDomain'], 'write e.g. UserPoolDomain: acme-login');
      ok = false;
    } else {
      domain = raw;
    }
  }
  if (!ok || !common) return undefined;
  return {
    type: 'authenticate-cognito',
    userPoolArn: pool !== undefined ? '' : (fields.UserPoolArn ?? arn!),
    userPoolClientId: client ? '' : fields.UserPoolClientId!,
    userPoolDomain: domain!,
    ...(pool !== undefined ? { userPool: pool } : {}),
    ...(client && createClient ? { client: { properties: client.properties, port: createClient.port, ...(client.existing ? { existingPoolId: client.pool } : {}) } } : {}),
    ...common,
  };
}

/** The required string fields, after the keys are checked (a key with a stray quote is named as such). */
function readFields(ctx: ResolveContext, body: XObject, path: Path, required: readonly string[], extra: readonly string[]): { fields: Partial<Record<string, string>>; ok: boolean } {
  const allowed = [...required, ...COMMON_KEYS, ...extra];
  let ok = checkAuthKeys(ctx, body, path, allowed);
  const out: Record<string, string> = {};
  for (const name of required) {
    const value = body[name];
    if (value === undefined) {
      ctx.error(CODES.ELBV2_AUTH_INVALID, `${describePath(path)} has no ${name} (ELB requires it)`, path, `add ${name}`, 'key');
      ok = false;
    } else if (name === 'ClientSecret' && isPlainObject(value)) {
      continue; // {Secret: <name>, JsonKey}: readSecretSource
    } else if (typeof value !== 'string' || value.trim() === '') {
      // Not repeated: the field may be ClientSecret.
      ctx.error(CODES.ELBV2_AUTH_INVALID, `${name} must be a non-empty string`, [...path, name], `write ${name} as a string`);
      ok = false;
    } else {
      out[name] = value;
    }
  }
  return { fields: out, ok };
}

/**
 * Unknown keys, with ECS ComposeX's use cases in mind: they write
 * `AuthenticationRequestExtraParams":` (a stray quote in the key), which ECS ComposeX drops without
 * a word, so its rule sends no extra parameters. composex reads it the same way, left out, and
 * says so at the key (CX3256); any other unknown key is an error.
 */
function checkAuthKeys(ctx: ResolveContext, body: XObject, path: Path, allowed: readonly string[]): boolean {
  let ok = true;
  for (const key of Object.keys(body)) {
    if (allowed.includes(key)) continue;
    const unquoted = key.replace(/^["']+|["']+$/g, '');
    if (unquoted !== key && allowed.includes(unquoted)) {
      ctx.warning(
        CODES.ELBV2_AUTH_STRAY_QUOTE,
        `key '${key}' has a stray quote: it is not ${unquoted}, so ECS ComposeX ignores it, and composex leaves it out too: the rule sends none of its values`,
        [...path, key],
        `write ${unquoted}: without the quote to send them`,
        'key',
      );
    } else {
      ok = false;
      ctx.error(CODES.ELBV2_AUTH_INVALID, `unknown key '${key}' in ${describePath(path)}`, [...path, key], `use one of: ${allowed.join(', ')}`, 'key');
    }
  }
  return ok;
}

type Common = Omit<Extract<Elbv2Authenticate, { type: 'authenticate-oidc' }>, 'type' | 'issuer' | 'authorizationEndpoint' | 'tokenEndpoint' | 'userInfoEndpoint' | 'clientId' | 'clientSecret'>;

function readCommon(ctx: ResolveContext, body: XObject, path: Path): Common | undefined {
  let ok = true;
  const bad = (key: string, message: string, hint: string, at: Path = [...path, key], where: 'key' | 'value' = 'value'): void => {
    ctx.error(CODES.ELBV2_AUTH_INVALID, message, at, hint, where);
    ok = false;
  };
  const out: { -readonly [K in keyof Common]: Common[K] } = {};
  for (const key of ['SessionCookieName', 'Scope'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '') bad(key, `${key} must be a non-empty string`, key === 'Scope' ? 'write e.g. Scope: openid email' : 'write e.g. SessionCookieName: AWSELBAuthSessionCookie');
    else if (key === 'Scope') out.scope = value;
    else out.sessionCookieName = value;
  }
  const timeout = body.SessionTimeout;
  if (timeout !== undefined) {
    const n = typeof timeout === 'string' && /^\d+$/.test(timeout) ? Number(timeout) : timeout;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SESSION_TIMEOUT) bad('SessionTimeout', `SessionTimeout ${JSON.stringify(timeout)} is not a number of seconds from 1 to ${MAX_SESSION_TIMEOUT} (7 days)`, 'write e.g. SessionTimeout: 3600');
    else out.sessionTimeout = n;
  }
  const on = body.OnUnauthenticatedRequest;
  if (on !== undefined) {
    if (typeof on !== 'string' || !(ON_UNAUTHENTICATED as readonly string[]).includes(on)) bad('OnUnauthenticatedRequest', `OnUnauthenticatedRequest ${JSON.stringify(on)} is not one of ${ON_UNAUTHENTICATED.join(', ')}`, 'write OnUnauthenticatedRequest: authenticate (ELB\'s default), deny or allow');
    else out.onUnauthenticatedRequest = on as (typeof ON_UNAUTHENTICATED)[number];
  }
  const extra = body.AuthenticationRequestExtraParams;
  if (extra !== undefined) {
    const epath = [...path, 'AuthenticationRequestExtraParams'];
    if (!isPlainObject(extra)) {
      bad('AuthenticationRequestExtraParams', 'AuthenticationRequestExtraParams must be a mapping of query parameter names to values', 'write e.g. AuthenticationRequestExtraParams: {prompt: login}');
    } else {
      const params: { name: string; value: string }[] = [];
      for (const [name, value] of Object.entries(extra)) {
        if (!EXTRA_PARAM_NAME.test(name)) {
          const unquoted = name.replace(/["']/g, '');
          bad(name, `query parameter name '${name}' is not letters and digits (ELB's pattern [a-zA-Z0-9]+)`, EXTRA_PARAM_NAME.test(unquoted) ? `write ${unquoted}: (the name has a stray quote)` : 'name the parameter with letters and digits only', [...epath, name], 'key');
        } else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          bad(name, `query parameter ${name} must have a string value`, `write ${name}: "<value>"`, [...epath, name]);
        } else {
          params.push({ name, value: String(value) });
        }
      }
      if (params.length > MAX_EXTRA_PARAMS) bad('AuthenticationRequestExtraParams', `AuthenticationRequestExtraParams has ${params.length} parameters; ELB sends at most ${MAX_EXTRA_PARAMS}`, `keep ${MAX_EXTRA_PARAMS} or fewer`, epath, 'key');
      if (params.length > 0) out.extraParams = params.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
  }
  return ok ? out : undefined;
}

/**
 * `ClientSecret: {Secret: <top-level secret>, JsonKey: <key>}`: a Compose secret that already is in
 * Secrets Manager (`x-secrets` or `external: true`, as src/resolve/secrets.ts reads them). A secret
 * composex creates from a `file:` or an `environment:` gets its value at deploy, after the stack
 * that would read it: refused (CX3254). Returns `null` after an error.
 */
function readSecretSource(ctx: ResolveContext, raw: XObject, path: Path): { secret: string; jsonKey?: string } | null {
  let ok = checkAuthKeys(ctx, raw, path, ['Secret', 'JsonKey']);
  const name = raw.Secret;
  const defined = ctx.project.secrets ?? {};
  if (typeof name !== 'string' || !(name in defined)) {
    const names = Object.keys(defined).sort();
    ctx.error(
      CODES.ELBV2_AUTH_SECRET_INVALID,
      name === undefined ? 'ClientSecret names no Secret' : `ClientSecret names secret ${JSON.stringify(name)}, which the top-level secrets do not declare`,
      name === undefined ? path : [...path, 'Secret'],
      names.length > 0 ? `name one of: ${names.join(', ')}` : 'declare it under secrets: with x-secrets: {Name: <Secrets Manager name>}',
      name === undefined ? 'key' : 'value',
    );
    return null;
  }
  const config = defined[name] as Record<string, unknown> | undefined;
  if (!config || (config['x-secrets'] === undefined && config.external !== true)) {
    ctx.error(
      CODES.ELBV2_AUTH_SECRET_INVALID,
      `secret '${name}' is created by composex and filled at deploy, after the load balancer's stack reads it`,
      [...path, 'Secret'],
      `keep the client secret in Secrets Manager and give secret '${name}' x-secrets: {Name: <its name or ARN>} (or external: true)`,
    );
    ok = false;
  }
  const jsonKey = raw.JsonKey;
  if (jsonKey !== undefined && (typeof jsonKey !== 'string' || !/^[\w.-]+$/.test(jsonKey))) {
    ctx.error(CODES.ELBV2_AUTH_SECRET_INVALID, 'JsonKey must be the name of a key of the JSON secret', [...path, 'JsonKey'], 'write e.g. JsonKey: ClientSecret, or leave it out for the whole secret string');
    ok = false;
  }
  return ok ? { secret: name, ...(typeof jsonKey === 'string' ? { jsonKey } : {}) } : null;
}

/**
 * Writes the dynamic reference of each `ClientSecret: {Secret: …}` once the secrets are resolved:
 * `{{resolve:secretsmanager:<name or ARN>:SecretString[:<JsonKey>]}}`; names the root parameter
 * of each client secret written in the file, now that the load balancers are named (CX3258).
 */
export function withClientSecrets<
  L extends {
    readonly name: string;
    readonly logicalId: string;
    readonly listeners: readonly { readonly port: number; readonly defaultAuthenticate?: Elbv2Authenticate; readonly rules: readonly { readonly priority: number; readonly authenticate?: Elbv2Authenticate }[] }[];
  },
>(
  ctx: ResolveContext,
  loadBalancers: readonly L[],
  secrets: readonly SecretModel[],
): L[] {
  const refs = new Map(secrets.map((s) => [s.name, s.ref]));
  const refOf = (name: string): string | undefined => {
    // A secret no service lists was not read with the others: read its definition now (once).
    if (!refs.has(name)) refs.set(name, readSecret(ctx, name)?.ref);
    return refs.get(name);
  };
  const fill = (auth: Elbv2Authenticate): Elbv2Authenticate => {
    if (auth.type !== 'authenticate-oidc' || !auth.clientSecretFrom) return auth;
    const ref = refOf(auth.clientSecretFrom.secret);
    if (ref === undefined) return auth; // the secret's own error was reported: there is no model
    const key = auth.clientSecretFrom.jsonKey;
    return { ...auth, clientSecret: `{{resolve:secretsmanager:${ref}:SecretString${key ? `:${key}` : ''}}}` };
  };
  return loadBalancers.map((lb) => ({
    ...lb,
    listeners: lb.listeners.map((l) => ({
      ...l,
      ...(l.defaultAuthenticate ? { defaultAuthenticate: nameClientSecretParameter(ctx, fill(l.defaultAuthenticate), lb, l.port) } : {}),
      rules: l.rules.map((r) => (r.authenticate ? { ...r, authenticate: nameClientSecretParameter(ctx, fill(r.authenticate), lb, l.port, r.priority) } : r)),
    })),
  }));
}

/**
 * A client composex creates without `CallbackURLs` gets the load balancer's: its DNS name, the
 * target's hosts (`access: app.example.com/…`) and the x-elbv2 aliases (generate adds the DNS name
 * and aliases).
 */
export function withCallbackHosts(auth: Elbv2Authenticate, access: { readonly hosts?: readonly string[] } | 'default'): Elbv2Authenticate {
  if (auth.type !== 'authenticate-cognito' || !auth.client || auth.client.properties.CallbackURLs !== undefined) return auth;
  // A host pattern with a wildcard names no host a user is sent back to: Cognito takes exact callback URLs.
  const hosts = access === 'default' ? [] : (access.hosts ?? []).filter((h) => !/[*?]/.test(h));
  return { ...auth, client: { ...auth.client, callbackHosts: hosts } };
}
