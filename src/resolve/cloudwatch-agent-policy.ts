/**
 * What the CloudWatch agent sidecar (cloudwatch-agent.ts) calls, as the task role's inline policy
 * `ComposeXCloudWatchAgent`, on the exact resources where IAM allows it:
 *
 * - Prometheus (CloudWatch "Install the CloudWatch agent with Prometheus metrics collection on
 *   Amazon ECS clusters" and its autodiscovery guide): the agent writes its EMF logs to
 *   `/aws/ecs/containerinsights/<cluster>/prometheus`, which it creates on first use; it finds the
 *   family's tasks with `ecs:ListTasks` and `ecs:DescribeTasks` (limited to the cluster by the
 *   `ecs:cluster` condition key, which both support) and reads their task definitions with
 *   `ecs:DescribeTaskDefinition` (no resource-level permission: "*"). AWS's list also names
 *   `ec2:DescribeInstances` and `ecs:DescribeContainerInstances` (EC2 tasks only: composex runs
 *   Fargate) and `ecs:ListServices` / `ecs:DescribeServices` (service-name discovery, which
 *   composex does not configure): not granted.
 * - EMF: the agent writes the services' EMF logs to the family's log group (the services get
 *   `AWS_EMF_LOG_GROUP_NAME`) and to the groups a service names itself, creating those.
 *
 * No `cloudwatch:PutMetricData`: CloudWatch extracts the metrics from the EMF logs.
 */
import type { CloudwatchAgentModel } from './model';

export interface AgentPolicyRefs {
  /** The pseudo parameters ARNs are built from (task-role-statements.ts `Pseudo`). */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The cluster's name and ARN, valid in the family stack. */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** The family log group's ARN (`…:log-group:<name>:*`). */
  readonly familyLogGroupArn: string;
}

/** Placeholders as long as real values get, for the resolve stage's policy size check. */
export const AGENT_POLICY_PLACEHOLDERS: AgentPolicyRefs = {
  partition: 'aws-us-gov',
  region: 'ap-southeast-3',
  accountId: '123456789012',
  clusterName: 'x'.repeat(255),
  clusterArn: `arn:aws-us-gov:ecs:ap-southeast-3:123456789012:cluster/${'x'.repeat(255)}`,
  familyLogGroupArn: `arn:aws-us-gov:logs:ap-southeast-3:123456789012:log-group:${'x'.repeat(128)}:*`,
};

export const PROMETHEUS_LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'];
export const ECS_DISCOVERY_ACTIONS = ['ecs:DescribeTasks', 'ecs:ListTasks'];
export const TASK_DEFINITION_ACTIONS = ['ecs:DescribeTaskDefinition'];
export const EMF_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'];

function logGroupArns(name: string, r: AgentPolicyRefs): string[] {
  const arn = `arn:${r.partition}:logs:${r.region}:${r.accountId}:log-group:${name}`;
  return [arn, `${arn}:*`];
}

/** The agent's policy document. */
export function cloudwatchAgentPolicy(agent: CloudwatchAgentModel, r: AgentPolicyRefs): { PolicyName: string; PolicyDocument: unknown } {
  const statements: Record<string, unknown>[] = [];
  if (agent.prometheus) {
    statements.push(
      { Sid: 'PrometheusLogs', Effect: 'Allow', Action: PROMETHEUS_LOG_ACTIONS, Resource: logGroupArns(`/aws/ecs/containerinsights/${r.clusterName}/prometheus`, r) },
      { Sid: 'EcsTaskDiscovery', Effect: 'Allow', Action: ECS_DISCOVERY_ACTIONS, Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': r.clusterArn } } },
      { Sid: 'EcsTaskDefinitions', Effect: 'Allow', Action: TASK_DEFINITION_ACTIONS, Resource: '*' },
    );
  }
  if (agent.emf) {
    statements.push({ Sid: 'EmfLogs', Effect: 'Allow', Action: EMF_LOG_ACTIONS, Resource: r.familyLogGroupArn });
    if (agent.emfLogGroups.length > 0) {
      statements.push({ Sid: 'EmfNamedLogGroups', Effect: 'Allow', Action: ['logs:CreateLogGroup', ...EMF_LOG_ACTIONS], Resource: agent.emfLogGroups.flatMap((g) => logGroupArns(g, r)) });
    }
  }
  return { PolicyName: 'ComposeXCloudWatchAgent', PolicyDocument: { Version: '2012-10-17', Statement: statements } };
}
