/**
 * A family's grants → what its stack holds: the task role policy (each grant's actions on the
 * exact ARN), the variables and ECS secrets of each container, and the database secrets the
 * execution role may read to inject them.
 *
 * Statements with the same actions are merged into one with several resources, which keeps the
 * role's inline policies small (IAM allows 10,240 characters per role) when a family uses many
 * resources.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { ResourceGrant, ResourceKind } from '../../resolve/model';
import type { StackValue } from './values';

/** Where values of resources come from (valid in the root), by kind, resource and attribute. */
export type ResourceValues = (kind: ResourceKind, resource: string, attribute: string) => StackValue;

/** Which values a grant needs, and whether each is a secret ARN (passed NoEcho). */
export function grantValues(grant: ResourceGrant): { attribute: string; secret: boolean }[] {
  const out = new Map<string, boolean>();
  for (const p of grant.permissions) {
    if (p.scope.on === 'resource') out.set('Arn', false);
    if (p.scope.on === 'secret') out.set('SecretArn', true);
    if (p.scope.on === 'dbUser') out.set('ResourceId', false);
  }
  for (const e of grant.environment) out.set(e.attribute, e.attribute.endsWith('SecretArn'));
  for (const s of grant.secrets) out.set(s.secret === 'credentials' ? 'SecretArn' : 'ConnectionSecretArn', true);
  return [...out].map(([attribute, secret]) => ({ attribute, secret }));
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
  const byActions = new Map<string, { actions: readonly string[]; resources: string[] }>();
  const environment = new Map<string, CfnTaskDefinition.KeyValuePairProperty[]>();
  const secrets = new Map<string, CfnTaskDefinition.SecretProperty[]>();
  const executionSecretArns: string[] = [];
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);

  for (const grant of grants) {
    const value = (attribute: string) => valueIn(grant.kind, grant.resource, attribute);
    for (const permission of grant.permissions) {
      if (permission.actions.length === 0) continue;
      const scope = permission.scope;
      const resource =
        scope.on === 'resource'
          ? value('Arn')
          : scope.on === 'secret'
            ? value('SecretArn')
            : scope.on === 'kmsKey'
              ? scope.keyArn
              : Fn.join('', ['arn:', Aws.PARTITION, ':rds-db:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':dbuser:', value('ResourceId'), `/${scope.user}`]);
      const key = permission.actions.join(',');
      const entry = byActions.get(key) ?? { actions: permission.actions, resources: [] };
      if (!entry.resources.includes(resource)) entry.resources.push(resource);
      byActions.set(key, entry);
    }
    for (const service of grant.services) {
      for (const e of grant.environment) push(environment, service, { name: e.name, value: value(e.attribute) });
      for (const s of grant.secrets) {
        const arn = value(s.secret === 'credentials' ? 'SecretArn' : 'ConnectionSecretArn');
        push(secrets, service, { name: s.name, valueFrom: s.secret === 'credentials' ? `${arn}:${s.jsonKey}::` : arn });
        if (!executionSecretArns.includes(arn)) executionSecretArns.push(arn);
      }
    }
  }
  const statements = [...byActions.keys()].sort().map((key, i) => {
    const { actions, resources } = byActions.get(key)!;
    return {
      Sid: `Resources${i + 1}`,
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0] : [...actions],
      Resource: resources.length === 1 ? resources[0] : resources,
    };
  });
  return { statements, environment, secrets, executionSecretArns };
}
