/**
 * A family scaled on the depth of a queue (x-sqs `Scaling`, resolved in
 * src/resolve/resources/sqs-scaling.ts), as ECS ComposeX builds it: a CloudWatch alarm on the
 * queue's `ApproximateNumberOfMessagesVisible` whose ALARM action is a step policy setting the
 * task count (ExactCapacity) from the step the depth falls in, and whose OK and INSUFFICIENT_DATA
 * actions are a step policy setting it to 0 — which Application Auto Scaling raises to the
 * scalable target's MinCapacity: zero tasks only when the x-scaling Range starts at 0.
 */
import type { NestedStack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Family, QueueScaling } from '../../resolve/model';

export interface ScaledQueue {
  /** The x-sqs name and the queue's logical id (`Jobs`). */
  readonly name: string;
  readonly logicalId: string;
  /** The queue's name (the metric's `QueueName` dimension), valid in the family stack. */
  readonly queueName: string;
  readonly scaling: QueueScaling;
}

/** PolicyName: 1–256 characters, unique per scalable target. */
const POLICY_NAME_MAX = 256;

export function queueScaling(stack: NestedStack, family: Family, target: appscaling.CfnScalableTarget, queue: ScaledQueue): void {
  const { scaling } = queue;
  const id = `QueueScaling${queue.logicalId}`;
  const { out, reset } = stepPolicies(stack, id, target, scaling, stepAdjustments(scaling), (direction) => policyName(family.name, queue.name, direction));
  new cloudwatch.CfnAlarm(stack, `${id}Alarm`, {
    alarmDescription: `composex: tasks of family ${family.name} from the visible messages of queue ${queue.name}`,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: [{ name: 'QueueName', value: queue.queueName }],
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: scaling.threshold,
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    // Ref of an AWS::ApplicationAutoScaling::ScalingPolicy is its ARN, what alarm actions take.
    alarmActions: [out.ref],
    okActions: [reset.ref],
    insufficientDataActions: [reset.ref],
  });
}

/**
 * The steps are written in messages; a step adjustment's bounds are "the difference between the
 * alarm threshold and the CloudWatch metric" (AWS, StepAdjustment), so each bound is shifted by the
 * threshold: the first step starts at 0 and the last one stays open (no upper bound).
 */
export function stepAdjustments(scaling: QueueScaling): appscaling.CfnScalingPolicy.StepAdjustmentProperty[] {
  return scaling.steps.map((step) => ({
    metricIntervalLowerBound: step.lowerBound - scaling.threshold,
    ...(step.upperBound !== undefined ? { metricIntervalUpperBound: step.upperBound - scaling.threshold } : {}),
    scalingAdjustment: step.count,
  }));
}

/**
 * The two step policies of an alarm that scales a family: `out` sets the task count (ExactCapacity)
 * from the step the metric falls in (the alarm's ALARM action); `reset` sets it to 0 — in OK the
 * metric is at or below the threshold, so the difference is negative: one step, open below — which
 * Application Auto Scaling raises to the scalable target's MinCapacity. Logical ids
 * `<id>OutPolicy` and `<id>InPolicy`.
 */
export function stepPolicies(
  stack: NestedStack,
  id: string,
  target: appscaling.CfnScalableTarget,
  scaling: Pick<QueueScaling, 'scaleOutCooldown' | 'scaleInCooldown'>,
  outSteps: appscaling.CfnScalingPolicy.StepAdjustmentProperty[],
  name: (direction: 'out' | 'in') => string,
): { out: appscaling.CfnScalingPolicy; reset: appscaling.CfnScalingPolicy } {
  const policy = (direction: 'out' | 'in', cooldown: number | undefined, stepAdjustments: appscaling.CfnScalingPolicy.StepAdjustmentProperty[]) =>
    new appscaling.CfnScalingPolicy(stack, `${id}${direction === 'out' ? 'Out' : 'In'}Policy`, {
      policyName: name(direction),
      policyType: 'StepScaling',
      scalingTargetId: target.ref,
      stepScalingPolicyConfiguration: { adjustmentType: 'ExactCapacity', cooldown, stepAdjustments },
    });
  return {
    out: policy('out', scaling.scaleOutCooldown, outSteps),
    reset: policy('in', scaling.scaleInCooldown, [{ metricIntervalUpperBound: 0, scalingAdjustment: 0 }]),
  };
}

function policyName(family: string, queue: string, direction: 'out' | 'in'): string {
  const suffix = `-queue-${queue}-${direction}`;
  return `${family.slice(0, POLICY_NAME_MAX - suffix.length)}${suffix}`;
}
