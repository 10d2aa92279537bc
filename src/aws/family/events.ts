/**
 * EventBridge rules that run a family's task (`x-events`, resolved in src/resolve/x-events.ts):
 * one `AWS::Events::Rule` per rule naming the family, in the family's stack, whose ECS target runs
 * the family's task definition with its security group, subnets and capacity provider strategy.
 *
 * The rule's role (assumed by events.amazonaws.com) may do exactly what EventBridge needs to start
 * that task (AWS: "Amazon ECS and EventBridge" / CloudWatch Events IAM role): `ecs:RunTask` on this
 * task definition (the family, any revision: a rule keeps working while a deployment registers the
 * next one) in this cluster only, and `iam:PassRole` on the family's task role and execution role,
 * passed to ECS tasks only.
 */
import { Fn, type NestedStack, type Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Family, ScheduledTaskModel } from '../../resolve/model';
import { pascalCase } from '../names';
import { serviceTrustPolicy } from '../roles';
import { importList, importString } from '../stack-io';
import { clusterName } from './scaling';
import type { FamilyInputs } from './inputs';

export interface ScheduledTaskParts {
  readonly taskDefinition: ecs.CfnTaskDefinition;
  /** Its `Family` (the task definition family name). */
  readonly taskDefinitionFamily: string;
  readonly taskRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
}

export function scheduledTaskRules(stack: NestedStack, family: Family, tasks: readonly ScheduledTaskModel[], inputs: FamilyInputs, parts: ScheduledTaskParts, root: Stack): void {
  if (tasks.length === 0) return;
  const name = clusterName(inputs.cluster);
  const cluster = importString(stack, name === inputs.cluster ? 'ClusterName' : 'ClusterResourceName', name, root);
  const clusterArn = Fn.sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}', { Cluster: cluster });
  const subnets = importList(stack, inputs.subnetIds.name, inputs.subnetIds.value, root);
  const securityGroup = importString(stack, inputs.securityGroupId.name, inputs.securityGroupId.value, root);
  // ecs:RunTask is authorized on the task definition ARN; `family:*` admits every revision of this family only.
  const taskDefinitionFamily = Fn.sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task-definition/${parts.taskDefinitionFamily}:*`);
  for (const task of tasks) {
    const id = pascalCase(task.rule);
    const role = new iam.CfnRole(stack, `EventsRole${id}`, {
      description: `composex: EventBridge rule ${task.rule} runs the task of family ${family.name}`,
      assumeRolePolicyDocument: serviceTrustPolicy('events.amazonaws.com'),
      policies: [
        {
          policyName: 'run-task',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'ecs:RunTask', Resource: taskDefinitionFamily, Condition: { ArnEquals: { 'ecs:cluster': clusterArn } } },
              {
                Effect: 'Allow',
                Action: 'iam:PassRole',
                Resource: [parts.taskRole.attrArn, parts.executionRole.attrArn],
                Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
              },
            ],
          },
        },
      ],
    });
    new events.CfnRule(stack, `Rule${id}`, {
      ...(task.ruleName !== undefined ? { name: task.ruleName } : {}),
      description: task.description ?? `composex: ${task.rule} runs ${family.name}`,
      state: task.enabled ? 'ENABLED' : 'DISABLED',
      ...(task.scheduleExpression !== undefined ? { scheduleExpression: task.scheduleExpression } : {}),
      ...(task.eventPattern !== undefined ? { eventPattern: task.eventPattern } : {}),
      targets: [
        {
          id: family.name.slice(0, 64),
          arn: clusterArn,
          roleArn: role.attrArn,
          ecsParameters: {
            taskDefinitionArn: parts.taskDefinition.ref,
            taskCount: task.taskCount,
            capacityProviderStrategy: family.capacityProviderStrategy.map((c) => ({
              capacityProvider: c.capacityProvider,
              weight: c.weight,
              ...(c.base !== undefined ? { base: c.base } : {}),
            })),
            networkConfiguration: {
              awsVpcConfiguration: { subnets, securityGroups: [securityGroup], assignPublicIp: family.assignPublicIp ? 'ENABLED' : 'DISABLED' },
            },
            enableExecuteCommand: family.enableExecuteCommand,
          },
        },
      ],
    });
  }
}
