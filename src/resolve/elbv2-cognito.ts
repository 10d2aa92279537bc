/**
 * x-elbv2 authentication against an `x-cognito_userpool` pool, with ECS ComposeX's syntax and
 * meaning (elbv2_listener handle_cognito_pools):
 *
 *   Targets:
 *     - name: app:app:8080
 *       access: app.example.com/
 *       AuthenticateCognitoConfig:
 *         UserPoolArn: x-cognito_userpool::users     (ECS ComposeX also writes x-cognito::users)
 *         UserPoolDomain: acme-users                 (the pool's domain prefix, which composex creates)
 *         UserPoolClientId: 1example23456789         (or CreateCognitoClient below)
 *       CreateCognitoClient:                         (an AWS::Cognito::UserPoolClient for this target)
 *         UserPoolId: users
 *         AllowedOAuthScopes: [openid, email]
 *
 * ECS ComposeX reads any `UserPoolArn` starting with `x-cognito` as a pool name (the part after
 * the last `::`), and `CreateCognitoClient.UserPoolId` as a pool name; with `CreateCognitoClient`
 * and no `AuthenticateCognitoConfig` it authenticates with `OnUnauthenticatedRequest: authenticate`
 * and `Scope: openid email profile`. Its pool is always looked up, and the domain comes from the
 * lookup; composex creates the pool, so the domain prefix is written here and composex creates it
 * with the pool (CX3844 when missing, malformed or different for one pool).
 *
 * What ELB needs of the app client ("Prepare to use Amazon Cognito", ELB User Guide,
 * "Authenticate users using an Application Load Balancer"): a client secret, the authorization
 * code grant with the openid scope, and the callback URL
 * `https://<load balancer DNS name or your alias>/oauth2/idpresponse`. composex sets those where
 * the file leaves them out and refuses a value that turns one off (CX3843).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { isPlainObject, type XObject } from './readers';
import { CFN_PROPERTIES } from './resources/cfn-properties';
import { suggestion } from '../diagnostics';

export const COGNITO_POOLS_KEY = 'x-cognito_userpool';
/** "[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?" (CreateUserPoolDomain, Domain), and no reserved word. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = ['aws', 'amazon', 'cognito'];
/** A user pool id: `<region>_<id>` ("[\w-]+_[0-9a-zA-Z]+", CreateUserPoolClient UserPoolId). */
const POOL_ID = /^[a-z]{2}(?:-[a-z]+)+-\d+_[0-9a-zA-Z]+$/;

/** `x-cognito_userpool::users`, `x-cognito::users` → `users` (ECS ComposeX: `startswith("x-cognito")`, the part after `::`). */
export function poolReference(value: string): string | undefined {
  if (!value.startsWith('x-cognito')) return undefined;
  const parts = value.split('::');
  return parts.length > 1 ? parts[parts.length - 1] : undefined;
}

/** The pool `name` if the file declares it under x-cognito_userpool and composex creates it; else an error at `at`. */
export function readPoolName(ctx: ResolveContext, name: string, at: Path, written: string): string | undefined {
  const pools = ctx.project.extensions?.[COGNITO_POOLS_KEY];
  const declared = isPlainObject(pools) ? Object.keys(pools).sort() : [];
  if (!declared.includes(name)) {
    ctx.error(
      CODES.COGNITO_REFERENCE_INVALID,
      `${written} names user pool '${name}', which x-cognito_userpool does not declare`,
      at,
      declared.length > 0 ? suggestion(name, declared, 'user pool') : `declare it: x-cognito_userpool: {${name}: {Properties: {}}}, or write the ARN of an existing pool`,
    );
    return undefined;
  }
  const def = (pools as XObject)[name];
  if (isPlainObject(def) && def.Lookup !== undefined) return undefined; // refused at its Lookup (CX3841)
  return name;
}

/**
 * The app client `CreateCognitoClient` creates: its pool (an x-cognito_userpool pool, or the id of
 * an existing pool, `existing`), and its properties with what ELB needs.
 */
export interface CognitoClientRead {
  readonly pool: string;
  /** `UserPoolId: <region>_<id>`: a pool composex does not create (composex's; ECS ComposeX names x-cognito_userpool pools only). */
  readonly existing?: true;
  readonly properties: Record<string, unknown>;
}

/** `CreateCognitoClient`: an AWS::Cognito::UserPoolClient ELB can use. `undefined` after an error. */
export function readCreateCognitoClient(ctx: ResolveContext, raw: unknown, path: Path): CognitoClientRead | undefined {
  if (!isPlainObject(raw)) {
    ctx.error(CODES.COGNITO_CLIENT_INVALID, 'CreateCognitoClient must be a mapping of AWS::Cognito::UserPoolClient properties', path, 'write e.g. CreateCognitoClient: {UserPoolId: <x-cognito_userpool name>, AllowedOAuthScopes: [openid, email]}');
    return undefined;
  }
  let ok = true;
  const bad = (key: string, message: string, hint: string, where: 'key' | 'value' = 'value'): void => {
    ctx.error(CODES.COGNITO_CLIENT_INVALID, message, key === '' ? path : [...path, key], hint, where);
    ok = false;
  };
  const known = CFN_PROPERTIES['AWS::Cognito::UserPoolClient'];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) bad(key, `AWS::Cognito::UserPoolClient has no property '${key}'`, suggestion(key, known, 'property'), 'key');
  }
  let pool: string | undefined;
  let existing = false;
  if (raw.UserPoolId === undefined) bad('', 'CreateCognitoClient has no UserPoolId (the x-cognito_userpool pool the client is created in)', 'add UserPoolId: <x-cognito_userpool name>', 'key');
  else if (typeof raw.UserPoolId !== 'string') bad('UserPoolId', 'UserPoolId must be the name of an x-cognito_userpool pool', 'write UserPoolId: <x-cognito_userpool name>');
  else if (POOL_ID.test(raw.UserPoolId) && poolReference(raw.UserPoolId) === undefined) {
    // The id of an existing pool (`eu-west-1_AbCdEf123`): the client is created in it.
    pool = raw.UserPoolId;
    existing = true;
  } else {
    pool = readPoolName(ctx, poolReference(raw.UserPoolId) ?? raw.UserPoolId, [...path, 'UserPoolId'], 'CreateCognitoClient.UserPoolId');
    if (pool === undefined) ok = false;
  }
  // "an app client with a client secret": ELB authenticates to the token endpoint with it.
  if (raw.GenerateSecret !== undefined && raw.GenerateSecret !== true && raw.GenerateSecret !== 'true') {
    bad('GenerateSecret', 'GenerateSecret is off: the load balancer signs in to Cognito with the client secret, so ELB needs a client that has one', 'remove GenerateSecret (composex sets true) or write GenerateSecret: true');
  }
  if (raw.AllowedOAuthFlowsUserPoolClient !== undefined && raw.AllowedOAuthFlowsUserPoolClient !== true && raw.AllowedOAuthFlowsUserPoolClient !== 'true') {
    bad('AllowedOAuthFlowsUserPoolClient', 'AllowedOAuthFlowsUserPoolClient is off: the client could not use the OAuth flows ELB signs users in with', 'remove it (composex sets true) or write AllowedOAuthFlowsUserPoolClient: true');
  }
  const mustList = (key: string, needed: string, why: string): void => {
    const value = raw[key];
    if (value === undefined) return;
    if (!Array.isArray(value) || !value.includes(needed)) bad(key, `${key} has no ${needed}: ${why}`, `add ${needed} to ${key} (composex writes [${needed}] when ${key} is left out)`);
  };
  mustList('AllowedOAuthFlows', 'code', 'ELB signs users in with the authorization code grant');
  mustList('AllowedOAuthScopes', 'openid', 'ELB reads the user\'s claims from the ID token, which Cognito issues for the openid scope');
  if (raw.CallbackURLs !== undefined) {
    const urls = raw.CallbackURLs;
    if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string')) bad('CallbackURLs', 'CallbackURLs must be a list of URLs', 'write e.g. CallbackURLs: [https://app.example.com/oauth2/idpresponse], or leave it out: composex writes the load balancer\'s');
    else if (!urls.some((u) => /^https:\/\/[^/]+\/oauth2\/idpresponse$/.test(String(u)))) {
      bad('CallbackURLs', 'no CallbackURLs entry is https://<host>/oauth2/idpresponse, where ELB has Cognito send the user back: the sign-in would end in a Cognito error', 'add https://<the name users type>/oauth2/idpresponse, or leave CallbackURLs out: composex writes the load balancer\'s DNS name and the target\'s hosts');
    }
  }
  if (!ok || pool === undefined) return undefined;
  const { UserPoolId: _pool, ...rest } = raw;
  return {
    pool,
    ...(existing ? { existing: true as const } : {}),
    properties: {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['COGNITO'],
      ...rest,
    },
  };
}

export function isDomainPrefix(domain: string): boolean {
  return DOMAIN_PREFIX.test(domain) && !RESERVED_IN_PREFIX.some((w) => domain.includes(w));
}

/** `UserPoolDomain` for a pool composex creates: a domain prefix it creates with the pool. */
export function checkDomainPrefix(ctx: ResolveContext, domain: string, at: Path, pool: string): boolean {
  const reserved = RESERVED_IN_PREFIX.find((w) => domain.includes(w));
  if (DOMAIN_PREFIX.test(domain) && reserved === undefined) return true;
  ctx.error(
    CODES.COGNITO_DOMAIN_INVALID,
    reserved !== undefined
      ? `UserPoolDomain '${domain}' contains '${reserved}', which Cognito reserves in domain prefixes`
      : domain.includes('.')
        ? `UserPoolDomain '${domain}' is a custom domain: composex creates user pool '${pool}' and gives it a prefix domain (<prefix>.auth.<region>.amazoncognito.com); a custom domain needs an ACM certificate in us-east-1`
        : `UserPoolDomain '${domain}' is not a Cognito domain prefix (lowercase letters, digits and -, at most 63, not starting or ending with -)`,
    at,
    'write a prefix of your own, e.g. UserPoolDomain: acme-login (it must be free in the Region)',
  );
  return false;
}

/**
 * The domain prefix each pool gets from the x-elbv2 targets that authenticate against it, with
 * the load balancers that do: read from the file as written (x-elbv2 is resolved before the
 * pools; its own checks report every mistake). A pool has one prefix domain: a second, different
 * prefix for it is CX3844.
 */
export function poolUsesByLoadBalancers(ctx: ResolveContext): Map<string, { loadBalancers: string[]; domain?: { value: string; path: Path } }> {
  const out = new Map<string, { loadBalancers: string[]; domain?: { value: string; path: Path } }>();
  const lbs = ctx.project.extensions?.['x-elbv2'];
  if (!isPlainObject(lbs)) return out;
  for (const lbName of Object.keys(lbs).sort()) {
    const lb = lbs[lbName];
    const listeners = isPlainObject(lb) && Array.isArray(lb.Listeners) ? lb.Listeners : [];
    listeners.forEach((listener, li) => {
      const targets = isPlainObject(listener) && Array.isArray(listener.Targets) ? listener.Targets : [];
      targets.forEach((target, ti) => {
        if (!isPlainObject(target)) return;
        const at: Path = ['x-elbv2', lbName, 'Listeners', li, 'Targets', ti];
        const config = isPlainObject(target.AuthenticateCognitoConfig) ? target.AuthenticateCognitoConfig : undefined;
        const client = isPlainObject(target.CreateCognitoClient) ? target.CreateCognitoClient : undefined;
        const fromArn = typeof config?.UserPoolArn === 'string' ? poolReference(config.UserPoolArn) : undefined;
        const fromClient = typeof client?.UserPoolId === 'string' && !POOL_ID.test(client.UserPoolId) ? (poolReference(client.UserPoolId) ?? client.UserPoolId) : undefined;
        const pool = fromClient ?? fromArn;
        if (pool === undefined) return;
        const use = out.get(pool) ?? { loadBalancers: [] };
        if (!use.loadBalancers.includes(lbName)) use.loadBalancers.push(lbName);
        const domain = config?.UserPoolDomain;
        // A malformed prefix is reported where it is read (checkDomainPrefix), not compared.
        if (typeof domain === 'string' && isDomainPrefix(domain)) {
          const path = [...at, 'AuthenticateCognitoConfig', 'UserPoolDomain'];
          if (use.domain === undefined) use.domain = { value: domain, path };
          else if (use.domain.value !== domain) {
            ctx.error(
              CODES.COGNITO_DOMAIN_INVALID,
              `user pool '${pool}' is given domain '${domain}' here and '${use.domain.value}' at ${ctx.where(use.domain.path)}: a pool has one domain prefix`,
              path,
              `write UserPoolDomain: ${use.domain.value} for every target of pool '${pool}'`,
            );
          }
        }
        out.set(pool, use);
      });
    });
  }
  return out;
}
