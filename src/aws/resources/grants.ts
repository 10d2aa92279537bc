/**
 * A family's grants → what its stack holds: the task role policy (each grant's actions on the
 * exact ARN), the variables and ECS secrets of each container, and the database secrets the
 * execution role may read to inject them.
 *
 * Statements with the same actions are merged into one with several resources, which keeps the
 * role's inline policies small (IAM allows 10,240 characters per role) when a family uses many
 * resources.
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { ResourceGrant, ResourceKind } from '../../resolve/model';
import { statementResource, type StatementResource } from '../../resolve/task-role';
import { grantStatements, statementResourceArn } from '../../resolve/task-role-statements';
import { PSEUDO } from '../pseudo';
import type { StackValue } from './values';

/** Where values of resources come from (valid in the root), by kind, resource and attribute. */
export type ResourceValues = (kind: ResourceKind, resource: string, attribute: string) => StackValue;

/**
 * Which values a grant needs (of its resource, or of the x-kms key that encrypts it), and whether
 * each is a secret ARN (passed NoEcho).
 */
export function grantValues(grant: ResourceGrant): { kind: ResourceKind; resource: string; attribute: string; secret: boolean }[] {
  const out = new Map<string, { kind: ResourceKind; resource: string; attribute: string; secret: boolean }>();
  const add = (attribute: string, secret: boolean, kind: ResourceKind = grant.kind, resource = grant.resource) =>
    out.set(`${kind}\0${resource}\0${attribute}`, { kind, resource, attribute, secret });
  for (const p of grant.permissions) {
    if (p.scope.on === 'resource') add(p.scope.attribute ?? 'Arn', false);
    if (p.scope.on === 'secret') add('SecretArn', true);
    if (p.scope.on === 'dbUser') add('ResourceId', false);
    if (p.scope.on === 'key') add('Arn', false, 'key', p.scope.key);
  }
  for (const e of grant.environment) if (e.attribute !== undefined) add(e.attribute, e.attribute.endsWith('SecretArn'));
  for (const s of grant.secrets) add(s.secret === 'credentials' ? 'SecretArn' : 'ConnectionSecretArn', true);
  // A queue that scales the family: its alarm's QueueName dimension.
  if (grant.scaling) add('QueueName', false);
  return [...out.values()];
}

export interface FamilyResourceAccess {
  /** Task role statements (empty when the family has no grant). */
  readonly statements: Record<string, unknown>[];
  readonly environment: ReadonlyMap<string, CfnTaskDefinition.KeyValuePairProperty[]>;
  readonly secrets: ReadonlyMap<string, CfnTaskDefinition.SecretProperty[]>;
  /** Secrets the execution role reads to inject them. */
  readonly executionSecretArns: readonly string[];
}

/**
 * `valueIn(kind, resource, attribute)` gives a value valid in the family stack (a parameter or a
 * literal).
 */
export function familyResourceAccess(
  grants: readonly ResourceGrant[],
  valueIn: (kind: ResourceKind, resource: string, attribute: string) => string,
): FamilyResourceAccess {
  const environment = new Map<string, CfnTaskDefinition.KeyValuePairProperty[]>();
  const secrets = new Map<string, CfnTaskDefinition.SecretProperty[]>();
  const executionSecretArns: string[] = [];
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  // A service named under a resource both itself and through its family (ECS ComposeX's
  // `Services: [{name: rproxy}, {name: youtoo}]`) is granted twice: its variables are set once.
  // Another setter of the same name is refused in resolve (CX3607).
  const set = new Set<string>();
  const once = (service: string, name: string) => !set.has(`${service}\0${name}`) && set.add(`${service}\0${name}`) !== undefined;

  // Each reference resolved once, in declaration order (the family stack declares its parameters
  // in the order they are first asked for).
  const resolved = new Map<string, string>();
  const arn = (r: StatementResource): string => {
    const key = JSON.stringify(r);
    let v = resolved.get(key);
    if (v === undefined) {
      v = statementResourceArn(r, valueIn, PSEUDO);
      resolved.set(key, v);
    }
    return v;
  };
  for (const grant of grants) {
    const value = (attribute: string) => valueIn(grant.kind, grant.resource, attribute);
    for (const p of grant.permissions) if (p.actions.length > 0) arn(statementResource(grant, p.scope));
    for (const service of grant.services) {
      for (const e of grant.environment) if (once(service, e.name)) push(environment, service, { name: e.name, value: e.attribute === undefined ? e.value : value(e.attribute) });
      for (const s of grant.secrets) {
        if (!once(service, s.name)) continue;
        const arn = value(s.secret === 'credentials' ? 'SecretArn' : 'ConnectionSecretArn');
        push(secrets, service, { name: s.name, valueFrom: s.secret === 'credentials' && s.jsonKey !== undefined ? `${arn}:${s.jsonKey}::` : arn });
        if (!executionSecretArns.includes(arn)) executionSecretArns.push(arn);
      }
    }
  }
  const statements = grantStatements(grants, arn);
  return { statements, environment, secrets, executionSecretArns };
}
