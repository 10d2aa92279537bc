/**
 * CX4021: IAM's limits on one role, estimated before anything is generated, from the very
 * statements the family stack will write (task-role-statements.ts: its volumes, the secrets linked
 * to its task role, its resource grants) and placed the way it will place them
 * (src/aws/family/iam.ts): x-iam inline, the other statements inline when they fit, else in
 * managed policies. Where generate writes a CloudFormation reference, the estimate writes a
 * placeholder that the sizer (src/limits/iam.ts) counts at the longest value it may resolve to, as
 * it counts the reference; so the estimate is an upper bound of what the rendered role holds.
 */
import { error, type Diagnostic, type SourceLocation } from '../diagnostics';
import { fitsInline, INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, policySizer, RESOLVED_REFERENCE_CHARS, type TaskRolePolicyPlan } from '../limits/iam';
import type { Family, ResourceGrant, ResourcesByKind, SecretModel, VolumeModel } from './model';
import { pascalCase } from './names';
import { taskRolePolicies } from './task-role';
import {
  grantStatements,
  statementResourceArn,
  taskRoleSecretStatements,
  taskRoleStatements,
  volumeMountStatements,
  type Pseudo,
  type ResourceValue,
  type Statement,
  type TaskRoleStatements,
} from './task-role-statements';

/**
 * A placeholder for a reference CloudFormation resolves (`Ref` of a parameter or of a pseudo
 * parameter), written inside strings as generate's tokens are; `toCfn` turns strings holding them
 * into `Ref` / `Fn::Join`, which the sizer counts.
 */
const MARK = '\u0000';
const reference = (name: string) => `${MARK}${name}${MARK}`;
const PSEUDO: Pseudo = { partition: reference('AWS::Partition'), region: reference('AWS::Region'), accountId: reference('AWS::AccountId') };
const PLACEHOLDER = new RegExp(`${MARK}([^${MARK}]*)${MARK}`, 'g');

function toCfn(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes(MARK)) return value;
    const parts = value.split(PLACEHOLDER).flatMap((part, i): unknown[] => (i % 2 === 1 ? [{ Ref: part }] : part === '' ? [] : [part]));
    return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
  }
  if (Array.isArray(value)) return value.map(toCfn);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCfn(v)]));
  return value;
}

const sizer = policySizer(toCfn);

/** What the check reads of the project besides the family. */
export interface TaskRoleInputs {
  readonly grants: readonly ResourceGrant[];
  readonly volumes: readonly VolumeModel[];
  readonly secrets: readonly SecretModel[];
  /** The project's resources: a looked-up one's ARN is written as it is (see `resourceValue`). */
  readonly resources?: ResourcesByKind;
}

/** The longest ARN a value holds (a looked-up resource's model holds its ARN), 0 when none. */
function longestArn(value: unknown): number {
  if (typeof value === 'string') return value.startsWith('arn:') ? value.length : 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => Math.max(n, longestArn(v)), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => Math.max(n, longestArn(v)), 0);
  return 0;
}

/**
 * The placeholder of an attribute of a resource: a reference (counted at its longest ARN), or, for
 * a resource whose model holds a longer ARN (generate writes a looked-up resource's values as
 * literals), a literal that long.
 */
function resourceValue(resources: ResourcesByKind | undefined): ResourceValue {
  const longest = new Map<string, number>();
  return (kind, resource, attribute) => {
    const key = `${kind}.${resource}`;
    let chars = longest.get(key);
    if (chars === undefined) {
      chars = longestArn((resources?.[kind] as readonly { name: string }[] | undefined)?.find((r) => r.name === resource));
      longest.set(key, chars);
    }
    return chars > RESOLVED_REFERENCE_CHARS ? 'a'.repeat(chars) : reference(`${key}.${attribute}`);
  };
}

export interface TaskRoleEstimate {
  /** Characters of the inline policies the family's `x-iam` (and ECS Exec, X-Ray) give it, names included. */
  readonly userChars: number;
  /** The statements beyond them, by kind, as generate writes them (placeholders for references). */
  readonly statements: TaskRoleStatements;
  readonly plan: TaskRolePolicyPlan;
  /** Characters of the inline policies in all, and of each managed policy of the plan. */
  readonly inlineChars: number;
  readonly managedChars: readonly number[];
}

/**
 * The statements of a family's task role and their place, counted as IAM will count them. A
 * volume's part of the Sid (generate's identifier of it: its PascalCase name, with a hash of six
 * characters when two names collide, `N` before a leading digit) is counted at its longest.
 */
export function estimateTaskRole(family: Family, inputs: TaskRoleInputs): TaskRoleEstimate {
  const userPolicies = taskRolePolicies(family);
  const userChars = userPolicies.reduce((n, p) => n + p.PolicyName.length + sizer.policyChars(p.PolicyDocument), 0);
  const known = new Set(inputs.volumes.map((v) => v.name));
  const value = resourceValue(inputs.resources);
  const statements: TaskRoleStatements = {
    volumes: volumeMountStatements(
      family,
      inputs.volumes,
      (volume) =>
        known.has(volume)
          ? { id: 'V'.repeat(pascalCase(volume).length + 7), fileSystemId: reference(`FileSystem.${volume}`), accessPointId: reference(`AccessPoint.${volume}`) }
          : undefined,
      PSEUDO,
    ),
    secrets: taskRoleSecretStatements(family, inputs.secrets, PSEUDO),
    resources: grantStatements(inputs.grants, (r) => statementResourceArn(r, value, PSEUDO)),
  };
  const all: Statement[] = taskRoleStatements(statements);
  const plan = sizer.planTaskRolePolicies(userPolicies, all);
  const document = (list: readonly Statement[]) => sizer.policyChars({ Version: '2012-10-17', Statement: list });
  const inlineChars = userChars + (plan.inline && all.length > 0 ? 'ComposeXResources'.length + document(all) : 0);
  return { userChars, statements, plan, inlineChars, managedChars: plan.managed.map(document) };
}

export function checkTaskRoleSize(family: Family, inputs: TaskRoleInputs, where: SourceLocation | undefined): Diagnostic[] {
  const estimate = estimateTaskRole(family, inputs);
  if (!fitsInline(estimate.userChars)) {
    return [
      error(
        'CX4021',
        `the x-iam policies of family '${family.name}' hold about ${estimate.userChars} characters; IAM allows ${INLINE_POLICIES_LIMIT} of inline policy per role`,
        where,
        'shorten them (wildcards on a prefix, fewer statements), or create a managed policy and list it under x-iam.ManagedPolicyArns',
      ),
    ];
  }
  const room = MANAGED_POLICIES_PER_ROLE - family.iam.managedPolicyArns.length;
  if (estimate.plan.managed.length <= room) return [];
  const { volumes, secrets } = estimate.statements;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const held = [
    inputs.grants.length > 0 ? count(inputs.grants.length, 'resource grant') : undefined,
    volumes.length > 0 ? `${count(volumes.length, 'volume')} to mount` : undefined,
    secrets.length > 0 ? `${count(family.taskRoleSecrets?.length ?? 0, 'secret')} linked to it (LinksTo: [EcsTaskRole])` : undefined,
  ].filter((s): s is string => s !== undefined);
  const list = held.length > 1 ? `${held.slice(0, -1).join(', ')} and ${held[held.length - 1]}` : held[0];
  return [
    error(
      'CX4021',
      `the task role of family '${family.name}' cannot hold the statements of its ${list}: ${estimate.plan.managed.length} managed policies of at most ${MANAGED_POLICY_LIMIT} characters needed, room for ${room}`,
      where,
      'split the family, or give it fewer resources, volumes or task-role secrets (a service that uses many of them could be its own family)',
    ),
  ];
}
