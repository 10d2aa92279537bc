/**
 * A family scaled on an x-alarms alarm (`Services.<name>.Scaling`, resolved in
 * src/resolve/x-alarm-services.ts), as ECS ComposeX builds it (alarms_ecs.py
 * `handle_service_scaling`, ecs/service_scaling/helpers.py): in the family's stack, a step policy
 * setting the task count (ExactCapacity) from the step the metric falls in — the alarm's ALARM
 * action — and a step policy setting it to 0 — its OK action —, which Application Auto Scaling
 * raises to the scalable target's MinCapacity (the x-scaling minimum). The alarm itself is the
 * user's, built in alarms.ts.
 */
import type { NestedStack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type { AlarmModel, Family } from '../../resolve/model';
import { stepAdjustments, stepPolicies } from './queue-scaling';

/** PolicyName: 1–256 characters, unique per scalable target. */
const POLICY_NAME_MAX = 256;

/** The ARNs (Ref of a ScalingPolicy) of the two policies of one alarm, valid in the family's stack. */
export interface AlarmPolicies {
  readonly out: string;
  readonly in: string;
}

/** The policies of every alarm that scales `family`, by alarm name. */
export function alarmScaling(stack: NestedStack, family: Family, target: appscaling.CfnScalableTarget, alarms: readonly AlarmModel[]): Map<string, AlarmPolicies> {
  const out = new Map<string, AlarmPolicies>();
  for (const alarm of alarms) {
    const scaling = alarm.scaling?.find((s) => s.family === family.name)?.scaling;
    if (!scaling) continue;
    const id = `AlarmScaling${alarm.logicalId.replace(/^Alarm/, '')}`;
    // The steps are written relative to the alarm's threshold already (threshold 0).
    const { out: scaleOut, reset: scaleIn } = stepPolicies(stack, id, target, scaling, stepAdjustments(scaling), (direction) => policyName(family.name, alarm.name, direction));
    out.set(alarm.name, { out: scaleOut.ref, in: scaleIn.ref });
  }
  return out;
}

function policyName(family: string, alarm: string, direction: 'out' | 'in'): string {
  const suffix = `-alarm-${alarm}-${direction}`;
  return `${family.slice(0, POLICY_NAME_MAX - suffix.length)}${suffix}`.slice(0, POLICY_NAME_MAX);
}
