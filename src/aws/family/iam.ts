/**
 * A family's two roles: the execution role ECS starts its tasks with, and the task role its
 * application runs as (policy documents in ../roles.ts). Past IAM's inline limit, the task role's
 * resource statements go to managed policies attached to it alone.
 */
import { Aws, type NestedStack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Family } from '../../resolve/model';
import { policySizerIn } from '../policy-size';
import { ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicies } from '../roles';
import type { AgentPolicyRefs } from '../../resolve/cloudwatch-agent-policy';
import type { ExecLoggingRefs } from '../../resolve/exec-logging-policy';

export function executionRole(
  stack: NestedStack,
  projectName: string,
  family: Family,
  inputs: { readonly logGroupArn: string; readonly secretResources: readonly string[]; readonly secretKeyArns: readonly string[]; readonly repositoryArns: readonly string[] },
): iam.CfnRole {
  return new iam.CfnRole(stack, 'ExecutionRole', {
    description: `composex ${projectName}: ECS starts tasks of ${family.name} with this role`,
    assumeRolePolicyDocument: ecsTasksTrustPolicy(),
    policies: [
      {
        policyName: 'TaskExecution',
        policyDocument: executionRolePolicy({ images: family.containers.map((c) => c.image), ...inputs }),
      },
    ],
  });
}

export function taskRole(
  stack: NestedStack,
  projectName: string,
  family: Family,
  resourceStatements: readonly Record<string, unknown>[],
  /** Where the CloudWatch agent writes and discovers (x-prometheus, x-monitoring), valid in `stack`. */
  agentRefs: AgentPolicyRefs | undefined,
  /** The family's log group ARN, valid in `stack` (where the FireLens log router writes). */
  logGroupArn: string | undefined,
  /** The cluster's ECS Exec logging resources (x-cluster.MacroParameters), valid in `stack`. */
  execRefs: ExecLoggingRefs | undefined,
): { role: iam.CfnRole; managedPolicies: iam.CfnManagedPolicy[] } {
  // undefined arguments take the defaults (placeholders), which only a family without the sidecar meets
  const policies = taskRolePolicies(family, agentRefs, logGroupArn, execRefs ?? null);
  const plan = policySizerIn(stack).planTaskRolePolicies(policies, resourceStatements);
  if (resourceStatements.length > 0 && plan.inline) {
    policies.push({ PolicyName: 'ComposeXResources', PolicyDocument: { Version: '2012-10-17', Statement: resourceStatements } });
  }
  const role = new iam.CfnRole(stack, 'TaskRole', {
    description: `composex ${projectName}: the application role of ${family.name}`,
    assumeRolePolicyDocument: ecsTasksTrustPolicy(),
    ...(policies.length > 0 ? { policies: policies.map((p) => ({ policyName: p.PolicyName, policyDocument: p.PolicyDocument })) } : {}),
    ...(family.iam.managedPolicyArns.length > 0 ? { managedPolicyArns: family.iam.managedPolicyArns.map(policyArn) } : {}),
    ...(family.iam.permissionsBoundary ? { permissionsBoundary: policyArn(family.iam.permissionsBoundary) } : {}),
  });
  const managedPolicies = plan.managed.map(
    (statements, i) =>
      new iam.CfnManagedPolicy(stack, `TaskRoleResources${i + 1}`, {
        description: `composex ${projectName}: resources ${family.name} may use (${i + 1} of ${plan.managed.length})`,
        roles: [role.ref],
        policyDocument: { Version: '2012-10-17', Statement: statements },
      }),
  );
  return { role, managedPolicies };
}

/** A managed policy ARN as given, or a policy name of the deploying account made into its ARN. */
export function policyArn(arnOrName: string): string {
  return arnOrName.startsWith('arn:') ? arnOrName : `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${arnOrName}`;
}
