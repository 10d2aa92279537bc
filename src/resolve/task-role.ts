/**
 * What a family's task role holds, before any CloudFormation value exists: the inline policies
 * (`x-iam` as written, ECS Exec when enabled) and the statements of its resource grants, each
 * action list on the resources granted it. The generate stage turns the resource references into
 * ARNs; the resolve stage's size check (task-role-size.ts) counts them at their longest.
 */
import type { Family, GrantScope, ResourceGrant, ResourceKind } from './model';
import { AGENT_POLICY_PLACEHOLDERS, AgentPolicyRefs, cloudwatchAgentPolicy } from './cloudwatch-agent-policy';
import { fireLensPolicy, LOG_GROUP_ARN_PLACEHOLDER } from './firelens-policy';
import { EXEC_LOGGING_PLACEHOLDERS, ExecLoggingRefs, executeCommandPolicy } from './exec-logging-policy';

export { EXECUTE_COMMAND_ACTIONS } from './exec-logging-policy';

/**
 * What the X-Ray daemon calls (AWS managed policy AWSXRayDaemonWriteAccess, whose actions these
 * are). X-Ray supports no resource-level permissions for them (Service Authorization Reference,
 * "Actions defined by AWS X-Ray": no resource type for PutTraceSegments, PutTelemetryRecords,
 * GetSamplingRules, GetSamplingTargets, GetSamplingStatisticSummaries), so the resource is "*".
 */
export const XRAY_DAEMON_ACTIONS = [
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/**
 * The task role's inline policies: `x-iam` Policies as written, ECS Exec when enabled (with the
 * cluster's ECS Exec logging resources on `execLogging`'s ARNs), the X-Ray
 * daemon's actions with x-xray, the CloudWatch agent's with x-prometheus / x-monitoring (on `agent`'s
 * resources; by default placeholders of their longest, for the size check).
 */
export function taskRolePolicies(
  family: Family,
  agent: AgentPolicyRefs = AGENT_POLICY_PLACEHOLDERS,
  logGroupArn: unknown = LOG_GROUP_ARN_PLACEHOLDER,
  execLogging: ExecLoggingRefs | null = EXEC_LOGGING_PLACEHOLDERS,
): { PolicyName: string; PolicyDocument: unknown }[] {
  const policies = family.iam.policies.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument }));
  const exec = executeCommandPolicy(family, execLogging);
  if (exec) policies.push(exec);
  if (family.xray) {
    policies.push({
      PolicyName: 'ComposeXXRayDaemon',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'XRayDaemon', Effect: 'Allow', Action: XRAY_DAEMON_ACTIONS, Resource: '*' }],
      },
    });
  }
  if (family.cloudwatchAgent) policies.push(cloudwatchAgentPolicy(family.cloudwatchAgent, agent));
  if (family.logRouter && family.logRouter.statements.length > 0) policies.push(fireLensPolicy(family.logRouter.statements, logGroupArn));
  return policies;
}

/** What a statement applies to: an attribute of a resource, a literal ARN, or a database user. */
export type StatementResource =
  | { readonly on: 'attribute'; readonly kind: ResourceKind; readonly resource: string; readonly attribute: string; readonly suffix?: string }
  | { readonly on: 'arn'; readonly arn: string }
  /** `rds-db:connect` for one user of the database (by its `ResourceId`). */
  | { readonly on: 'dbUser'; readonly kind: ResourceKind; readonly resource: string; readonly user: string };

export interface ResourceStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly StatementResource[];
}

/** What a permission of a grant applies to. */
export function statementResource(grant: ResourceGrant, scope: GrantScope): StatementResource {
  return scope.on === 'resource'
    ? { on: 'attribute', kind: grant.kind, resource: grant.resource, attribute: scope.attribute ?? 'Arn', ...(scope.suffix ? { suffix: scope.suffix } : {}) }
    : scope.on === 'secret'
      ? { on: 'attribute', kind: grant.kind, resource: grant.resource, attribute: 'SecretArn' }
      : scope.on === 'kmsKey'
        ? { on: 'arn', arn: scope.keyArn }
        : scope.on === 'key'
          ? { on: 'attribute', kind: 'key', resource: scope.key, attribute: 'Arn' }
          : { on: 'dbUser', kind: grant.kind, resource: grant.resource, user: scope.user };
}

/**
 * One statement per distinct action list, with every resource granted it, sorted by actions:
 * merging keeps the role's policies small (IAM allows 10,240 characters per role) when a family
 * uses many resources.
 */
export function resourceStatements(grants: readonly ResourceGrant[]): ResourceStatement[] {
  const byActions = new Map<string, { actions: readonly string[]; resources: Map<string, StatementResource> }>();
  for (const grant of grants) {
    for (const permission of grant.permissions) {
      if (permission.actions.length === 0) continue;
      const resource = statementResource(grant, permission.scope);
      const key = permission.actions.join(',');
      const entry = byActions.get(key) ?? { actions: permission.actions, resources: new Map() };
      const id = JSON.stringify(resource);
      if (!entry.resources.has(id)) entry.resources.set(id, resource);
      byActions.set(key, entry);
    }
  }
  return [...byActions.keys()].sort().map((key, i) => {
    const { actions, resources } = byActions.get(key)!;
    return { sid: `Resources${i + 1}`, actions, resources: [...resources.values()] };
  });
}

/** A statement as IAM reads it, with `arn` giving each resource's value. */
export function statementDocument(statement: ResourceStatement, arn: (resource: StatementResource) => unknown): Record<string, unknown> {
  const { sid, actions, resources } = statement;
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : [...actions],
    Resource: resources.length === 1 ? arn(resources[0]) : resources.map(arn),
  };
}
