/**
 * `x-iam` on a service (ECS ComposeX shape): extra permissions for the family's task role.
 *
 *   x-iam:
 *     Policies: [{PolicyName: read-config, PolicyDocument: {Version: "2012-10-17", Statement: [...]}}]
 *     ManagedPolicyArns: [arn:aws:iam::aws:policy/..., developer]
 *     PermissionsBoundary: <policy ARN, or a policy name in the deploying account>
 *
 * A managed policy or boundary given by name (ECS ComposeX's "name / path of the policy", its
 * iam.rst: `developer`, `team/developer`) is the customer-managed policy of that name in the
 * deploying account: generate writes arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/<name>
 * (src/aws/family/iam.ts, `policyArn`). An AWS managed policy needs its ARN
 * (arn:aws:iam::aws:policy/…); a name that looks like one is warned (CX3404).
 *
 * Users may write what they need, but a wildcard in an Allow statement's Action or Resource is
 * flagged (CX3401) where it is written, and `NotAction` is refused (CX3402): composex promises that
 * every permission is an explicit list.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, isPlainObject, readList, readObject, readString } from './readers';

export interface LocatedPolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: unknown;
  readonly path: Path;
}

export interface IamSettings {
  readonly policies: readonly LocatedPolicy[];
  readonly managedPolicyArns: readonly string[];
  readonly permissionsBoundary?: string;
}

export const X_IAM_KEYS = ['ManagedPolicyArns', 'PermissionsBoundary', 'Policies'];
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
export const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/;
/**
 * A policy name, under an optional path (`team/developer`). IAM (CreatePolicy): PolicyName is
 * [\w+=,.@-]+, 1 to 128 characters; a path is at most 512 characters between slashes.
 */
const POLICY_PATH_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const POLICY_PATH_MAX = 512;
/**
 * Names of AWS managed policies people write without their ARN: most start with AWS or Amazon;
 * a few broad ones (IAM User Guide, "AWS managed policies for job functions") do not.
 */
const AWS_MANAGED_PREFIX = /^(AWS|Amazon)/;
const AWS_BROAD_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'SecurityAudit', 'ViewOnlyAccess'];

/**
 * The task role settings of a service: `x-iam`, and the keys of Docker's ECS integration that ECS
 * ComposeX merges into it ("Docker ECS Plugin support": "ECS ComposeX will not override what you
 * had defined and instead simply merge the two definitions"): `x-aws-role`, a policy document, is
 * one more inline policy (`XAwsRole`, as the integration generated the name); `x-aws-policies`,
 * managed policy ARNs, join `ManagedPolicyArns`.
 */
export function readIamSettings(ctx: ResolveContext, service: string): IamSettings {
  const settings = readXIam(ctx, service);
  const config = ctx.project.services[service];
  const policies = [...settings.policies];
  const managedPolicyArns = [...settings.managedPolicyArns];
  if (config[DOCKER_ROLE] !== undefined) {
    const at = ['services', service, DOCKER_ROLE];
    const document = readObject(ctx, config[DOCKER_ROLE], at, 'an IAM policy document {Version: "2012-10-17", Statement: [...]}');
    if (document && policies.some((p) => p.PolicyName === DOCKER_ROLE_POLICY)) {
      ctx.error(CODES.INVALID_IAM, `x-iam already has a policy named ${DOCKER_ROLE_POLICY}, the name x-aws-role's policy takes`, at, `rename the x-iam policy ${DOCKER_ROLE_POLICY}`, 'key');
    } else if (document && checkPolicyDocument(ctx, document, at)) {
      policies.push({ PolicyName: DOCKER_ROLE_POLICY, PolicyDocument: document, path: at });
    }
  }
  if (config[DOCKER_POLICIES] !== undefined) {
    const at = ['services', service, DOCKER_POLICIES];
    (readList(ctx, config[DOCKER_POLICIES], at, 'a list of managed policy ARNs') ?? []).forEach((item, i) => {
      const policy = readPolicyReference(ctx, item, [...at, i], 'managed policy');
      if (policy !== undefined && !managedPolicyArns.includes(policy)) managedPolicyArns.push(policy);
    });
  }
  return { ...settings, policies, managedPolicyArns };
}

export const DOCKER_ROLE = 'x-aws-role';
export const DOCKER_POLICIES = 'x-aws-policies';
/** The name of the inline policy `x-aws-role` becomes. */
export const DOCKER_ROLE_POLICY = 'XAwsRole';

function readXIam(ctx: ResolveContext, service: string): IamSettings {
  const empty: IamSettings = { policies: [], managedPolicyArns: [] };
  const raw = ctx.project.services[service]['x-iam'];
  if (raw === undefined) return empty;
  const path = ['services', service, 'x-iam'];
  const x = readObject(ctx, raw, path);
  if (!x) return empty;
  checkKeys(ctx, x, path, X_IAM_KEYS);

  const policies: LocatedPolicy[] = [];
  if (x.Policies !== undefined) {
    const list = readList(ctx, x.Policies, [...path, 'Policies'], 'a list of {PolicyName, PolicyDocument}') ?? [];
    list.forEach((item, i) => {
      const at = [...path, 'Policies', i];
      const policy = readObject(ctx, item, at, '{PolicyName: name, PolicyDocument: {Version: "2012-10-17", Statement: [...]}}');
      if (!policy) return;
      checkKeys(ctx, policy, at, ['PolicyDocument', 'PolicyName']);
      const nested = nestedPolicyName(ctx, policy, at);
      const namePath = nested?.path ?? [...at, 'PolicyName'];
      const name = readString(ctx, nested ? nested.value : policy.PolicyName, namePath);
      if (name !== undefined && !POLICY_NAME.test(name)) {
        ctx.error(CODES.INVALID_IAM, `policy name '${name}' is not valid for IAM`, namePath, 'use at most 128 letters, digits and +=,.@_-');
        return;
      }
      const document = nested ? nested.document : readObject(ctx, policy.PolicyDocument, [...at, 'PolicyDocument'], 'an IAM policy document {Version, Statement}');
      if (name === undefined || !document) return;
      if (checkPolicyDocument(ctx, document, [...at, 'PolicyDocument'])) policies.push({ PolicyName: name, PolicyDocument: document, path: at });
    });
  }

  const managedPolicyArns: string[] = [];
  if (x.ManagedPolicyArns !== undefined) {
    const list = readList(ctx, x.ManagedPolicyArns, [...path, 'ManagedPolicyArns'], 'a list of policy ARNs or names') ?? [];
    list.forEach((item, i) => {
      const policy = readPolicyReference(ctx, item, [...path, 'ManagedPolicyArns', i], 'managed policy');
      if (policy !== undefined && !managedPolicyArns.includes(policy)) managedPolicyArns.push(policy);
    });
  }

  const permissionsBoundary = x.PermissionsBoundary === undefined ? undefined : readPolicyReference(ctx, x.PermissionsBoundary, [...path, 'PermissionsBoundary'], 'PermissionsBoundary');
  return { policies, managedPolicyArns, ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }) };
}

/**
 * A `PolicyName` written inside the `PolicyDocument` of a `Policies` entry, as ECS ComposeX's
 * published examples do (use-cases/prometheus/prometheus_enabled.yml, blog.features.x.yml): where
 * the entry has no `PolicyName` of its own it is the entry's name, read with a warning (CX3987),
 * and left out of the document, whose top level has only Version, Id and Statement in IAM's policy
 * grammar (IAM refuses another element; CloudFormation refuses a policy without PolicyName). With
 * both, the inner one is an error: IAM would refuse the document.
 */
function nestedPolicyName(ctx: ResolveContext, policy: Record<string, unknown>, at: Path): { value: unknown; path: Path; document: Record<string, unknown> } | undefined {
  const document = policy.PolicyDocument;
  if (!isPlainObject(document) || document.PolicyName === undefined) return undefined;
  const path = [...at, 'PolicyDocument', 'PolicyName'];
  if (policy.PolicyName !== undefined) {
    ctx.error(
      CODES.INVALID_IAM,
      'PolicyName inside a PolicyDocument is not an element of an IAM policy: IAM would refuse the document',
      path,
      `remove it: the policy is named by the PolicyName beside PolicyDocument (at ${ctx.where([...at, 'PolicyName'], 'key')})`,
      'key',
    );
    return undefined;
  }
  ctx.warning(
    CODES.IAM_POLICY_NAME_IN_DOCUMENT,
    `PolicyName is written inside the PolicyDocument: it is read as the policy's name (${JSON.stringify(document.PolicyName)}) and left out of the document, whose top level has only Version, Id and Statement (IAM would refuse it, and CloudFormation a policy without PolicyName)`,
    path,
    'move PolicyName up one level, beside PolicyDocument',
    'key',
  );
  const rest = Object.fromEntries(Object.entries(document).filter(([k]) => k !== 'PolicyName'));
  return { value: document.PolicyName, path, document: rest };
}

/**
 * A managed policy (or boundary) as x-iam takes it: a policy ARN, or the name (under an optional
 * path) of a policy in the deploying account, kept as written; undefined, with CX3403 at the value,
 * when it is neither.
 */
export function readPolicyReference(ctx: ResolveContext, value: unknown, at: Path, what: string): string | undefined {
  const policy = readString(ctx, value, at, 'a policy ARN or name');
  if (policy === undefined) return undefined;
  if (policy.startsWith('arn:')) {
    if (POLICY_ARN.test(policy)) return policy;
    ctx.error(CODES.INVALID_IAM, `${what} '${policy}' is not an IAM policy ARN`, at, 'a managed policy ARN looks like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name');
    return undefined;
  }
  if (!POLICY_PATH_NAME.test(policy) || policy.length - policy.lastIndexOf('/') - 1 > 128 || policy.lastIndexOf('/') + 1 > POLICY_PATH_MAX) {
    ctx.error(
      CODES.INVALID_IAM,
      `${what} '${policy}' is neither a policy ARN nor a policy name`,
      at,
      'a policy name has at most 128 letters, digits and +=,.@_- (under a path: team/developer), and names the policy of the deploying account; or give the ARN, arn:aws:iam::123456789012:policy/name',
    );
    return undefined;
  }
  const name = policy.slice(policy.lastIndexOf('/') + 1);
  if (AWS_MANAGED_PREFIX.test(name) || AWS_BROAD_POLICIES.includes(name)) {
    ctx.warning(
      CODES.IAM_POLICY_NAME_OF_ACCOUNT,
      `${what} '${policy}' is a name: it is read as the policy of that name in the deploying account (arn:<partition>:iam::<account>:policy/${policy}), as ECS ComposeX reads a name, not as AWS's managed policy '${name}'`,
      at,
      `for AWS's managed policy write its ARN as the IAM console shows it (arn:aws:iam::aws:policy/…${name}); for your own policy of that name write its ARN, arn:aws:iam::<account>:policy/${policy}`,
    );
  }
  return policy;
}

/** Structural checks plus the wildcard / NotAction rules; false when the document is unusable. */
function checkPolicyDocument(ctx: ResolveContext, document: Record<string, unknown>, path: Path): boolean {
  const statementPath = [...path, 'Statement'];
  const raw = document.Statement;
  if (raw === undefined) {
    ctx.error(CODES.INVALID_IAM, `${describePath(path)} has no Statement`, path, 'add Statement: [{Effect: Allow, Action: [...], Resource: [...]}]');
    return false;
  }
  const statements: [unknown, Path][] = Array.isArray(raw) ? raw.map((s, i) => [s, [...statementPath, i]]) : [[raw, statementPath]];
  let ok = true;
  for (const [statement, at] of statements) {
    if (!isPlainObject(statement)) {
      ctx.error(CODES.INVALID_IAM, `${describePath(at)} is not a statement`, at, 'each statement is a mapping {Effect, Action, Resource}');
      ok = false;
      continue;
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      ctx.error(CODES.INVALID_IAM, `${describePath([...at, 'Effect'])} must be Allow or Deny`, [...at, 'Effect'], 'write Effect: Allow');
      ok = false;
    }
    if (statement.NotAction !== undefined) {
      ctx.error(
        CODES.IAM_NOT_ACTION,
        `${describePath(at)} uses NotAction, which grants or denies everything not listed; composex only accepts explicit action lists`,
        [...at, 'NotAction'],
        'list the actions the service needs under Action',
        'key',
      );
      ok = false;
    } else if (statement.Action === undefined) {
      ctx.error(CODES.INVALID_IAM, `${describePath(at)} has no Action`, at, 'list the actions the service needs under Action');
      ok = false;
    }
    if (statement.Resource === undefined && statement.NotResource === undefined) {
      const quoted = Object.keys(statement).find((k) => k.replace(/["']/g, '') === 'Resource');
      ctx.error(CODES.INVALID_IAM, `${describePath(at)} has no Resource`, at, quoted ? `its key ${JSON.stringify(quoted)} has a stray quote: write Resource` : 'list the ARNs the actions apply to under Resource');
      ok = false;
    }
    if (statement.Effect === 'Allow') {
      for (const field of ['Action', 'Resource'] as const) warnWildcards(ctx, statement[field], [...at, field], field);
    }
  }
  return ok;
}

function warnWildcards(ctx: ResolveContext, value: unknown, path: Path, field: 'Action' | 'Resource'): void {
  const items: [unknown, Path][] = Array.isArray(value) ? value.map((v, i) => [v, [...path, i]]) : [[value, path]];
  for (const [item, at] of items) {
    if (typeof item !== 'string' || !item.includes('*')) continue;
    ctx.warning(
      CODES.IAM_WILDCARD,
      `x-iam grants ${field} '${item}', a wildcard: the task role may do more than the service needs`,
      at,
      field === 'Action' ? 'list the exact actions, e.g. s3:GetObject' : 'name the exact ARNs the actions apply to',
    );
  }
}
