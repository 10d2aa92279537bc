/**
 * Application Auto Scaling of a family's ECS service, from `x-scaling` (resolved in
 * src/resolve/x-scaling.ts): one scalable target on `ecs:service:DesiredCount` with the range and
 * the scheduled actions, and one target-tracking policy per tracked metric. A family scaled on a
 * queue (x-sqs `Scaling`) gets its alarm and two step policies: queue-scaling.ts; one scaled on an
 * x-alarms alarm, two step policies: alarm-scaling.ts.
 *
 * No `RoleARN`: Application Auto Scaling uses its service-linked role for ECS
 * (AWSServiceRoleForApplicationAutoScaling_ECSService), which AWS creates when the first ECS
 * scalable target is registered; composex creates no role that could do more.
 */
import { Fn, Token, type NestedStack, type Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Family } from '../../resolve/model';
import { importString } from '../stack-io';
import { labelledTargetGroups, type FamilyInputs } from './inputs';
import { queueScaling, type ScaledQueue } from './queue-scaling';

/** The metrics target tracking follows, by the x-scaling key that asks for each. */
const TRACKED = [
  { key: 'cpuTarget', id: 'ScalingPolicyCpu', metric: 'ECSServiceAverageCPUUtilization' },
  { key: 'memoryTarget', id: 'ScalingPolicyMemory', metric: 'ECSServiceAverageMemoryUtilization' },
] as const;

/**
 * `cluster`: the cluster name or ARN, valid in the root (`FamilyInputs.cluster`); `queue`: the
 * queue the family is scaled on, if any (its name already valid in `stack`).
 */
export function familyScaling(
  stack: NestedStack,
  family: Family,
  service: ecs.CfnService,
  cluster: string,
  root: Stack,
  queue?: ScaledQueue,
  targetGroups: FamilyInputs['targetGroups'] = [],
): appscaling.CfnScalableTarget | undefined {
  const scaling = family.scaling;
  if (!scaling) return undefined;
  const name = clusterName(cluster);
  // The service's own ClusterName parameter when it holds the name already.
  const clusterInStack = importString(stack, name === cluster ? 'ClusterName' : 'ClusterResourceName', name, root);
  const target = new appscaling.CfnScalableTarget(stack, 'ScalableTarget', {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    // service/<cluster name>/<service name>; the GetAtt also orders the target after the service.
    resourceId: Fn.join('/', ['service', clusterInStack, service.attrName]),
    minCapacity: scaling.min,
    maxCapacity: scaling.max,
    ...(scaling.scheduledActions.length > 0
      ? {
          scheduledActions: scaling.scheduledActions.map((a) => ({
            scheduledActionName: a.name,
            schedule: a.schedule,
            ...(a.timezone !== undefined ? { timezone: a.timezone } : {}),
            ...(a.startTime !== undefined ? { startTime: new Date(a.startTime) } : {}),
            ...(a.endTime !== undefined ? { endTime: new Date(a.endTime) } : {}),
            scalableTargetAction: {
              ...(a.minCapacity !== undefined ? { minCapacity: a.minCapacity } : {}),
              ...(a.maxCapacity !== undefined ? { maxCapacity: a.maxCapacity } : {}),
            },
          })),
        }
      : {}),
  });
  for (const { key, id, metric } of TRACKED) {
    const value = scaling[key];
    if (value === undefined) continue;
    new appscaling.CfnScalingPolicy(stack, id, {
      policyName: `${family.name}-${key === 'cpuTarget' ? 'cpu' : 'memory'}`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.ref,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: metric },
        targetValue: value,
        scaleInCooldown: scaling.scaleInCooldown,
        scaleOutCooldown: scaling.scaleOutCooldown,
        disableScaleIn: scaling.disableScaleIn,
      },
    });
  }
  // Requests per target: one policy per HTTP target group of the family (Application Auto Scaling
  // scales out when any policy asks and in only when all allow it).
  if (scaling.requestsPerTarget !== undefined) {
    // Two listeners may forward to one target group: one policy per group.
    const labelled = labelledTargetGroups(targetGroups);
    for (const tg of labelled) {
      const suffix = labelled.length > 1 ? tg.name.replace(/^TargetGroup/, '').replace(/Arn$/, '') : '';
      new appscaling.CfnScalingPolicy(stack, `ScalingPolicyRequests${suffix}`, {
        policyName: `${family.name}-requests${suffix ? `-${suffix}` : ''}`,
        policyType: 'TargetTrackingScaling',
        scalingTargetId: target.ref,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: importString(stack, tg.label.name, tg.label.value, root) },
          targetValue: scaling.requestsPerTarget,
          scaleInCooldown: scaling.scaleInCooldown,
          scaleOutCooldown: scaling.scaleOutCooldown,
          disableScaleIn: scaling.disableScaleIn,
        },
      });
    }
  }
  if (queue) queueScaling(stack, family, target, queue);
  return target;
}

/** The cluster's name: an existing cluster may be given by ARN (`arn:…:cluster/<name>`). */
export function clusterName(cluster: string): string {
  if (Token.isUnresolved(cluster)) return cluster;
  const arn = /^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\/(.+)$/.exec(cluster);
  return arn ? arn[1] : cluster;
}
