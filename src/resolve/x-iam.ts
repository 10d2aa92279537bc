/**
 * `x-iam` on a service (ECS ComposeX shape): extra permissions for the family's task role.
 *
 *   x-iam:
 *     Policies: [{PolicyName: read-config, PolicyDocument: {Version: "2012-10-17", Statement: [...]}}]
 *     ManagedPolicyArns: [arn:aws:iam::aws:policy/...]
 *     PermissionsBoundary: <policy ARN, or a policy name in the deploying account>
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

export function readIamSettings(ctx: ResolveContext, service: string): IamSettings {
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
      const name = readString(ctx, policy.PolicyName, [...at, 'PolicyName']);
      if (name !== undefined && !POLICY_NAME.test(name)) {
        ctx.error(CODES.INVALID_IAM, `policy name '${name}' is not valid for IAM`, [...at, 'PolicyName'], 'use at most 128 letters, digits and +=,.@_-');
        return;
      }
      const document = readObject(ctx, policy.PolicyDocument, [...at, 'PolicyDocument'], 'an IAM policy document {Version, Statement}');
      if (name === undefined || !document) return;
      if (checkPolicyDocument(ctx, document, [...at, 'PolicyDocument'])) policies.push({ PolicyName: name, PolicyDocument: document, path: at });
    });
  }

  const managedPolicyArns: string[] = [];
  if (x.ManagedPolicyArns !== undefined) {
    const list = readList(ctx, x.ManagedPolicyArns, [...path, 'ManagedPolicyArns'], 'a list of policy ARNs') ?? [];
    list.forEach((item, i) => {
      const at = [...path, 'ManagedPolicyArns', i];
      const arn = readString(ctx, item, at, 'a policy ARN');
      if (arn === undefined) return;
      if (!POLICY_ARN.test(arn)) {
        ctx.error(CODES.INVALID_IAM, `'${arn}' is not an IAM policy ARN`, at, 'a managed policy ARN looks like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name');
        return;
      }
      if (!managedPolicyArns.includes(arn)) managedPolicyArns.push(arn);
    });
  }

  let permissionsBoundary: string | undefined;
  if (x.PermissionsBoundary !== undefined) {
    const at = [...path, 'PermissionsBoundary'];
    const boundary = readString(ctx, x.PermissionsBoundary, at, 'a policy ARN or name');
    if (boundary !== undefined) {
      if (POLICY_ARN.test(boundary) || POLICY_NAME.test(boundary)) permissionsBoundary = boundary;
      else ctx.error(CODES.INVALID_IAM, `PermissionsBoundary '${boundary}' is neither a policy ARN nor a policy name`, at, 'give arn:aws:iam::123456789012:policy/name, or the name of a policy in the deploying account');
    }
  }
  return { policies, managedPolicyArns, ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }) };
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
      ctx.error(CODES.INVALID_IAM, `${describePath(at)} has no Resource`, at, 'list the ARNs the actions apply to under Resource');
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
