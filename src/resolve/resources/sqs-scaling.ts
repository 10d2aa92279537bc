/**
 * `Scaling` on an x-sqs `Services` entry (ECS ComposeX's syntax): the family's task count follows
 * the queue's depth.
 *
 *   x-sqs:
 *     jobs:
 *       Services:
 *         worker:
 *           Access: Consumer
 *           Scaling:
 *             Steps:                               # messages visible → tasks
 *               - {LowerBound: 1, UpperBound: 100, Count: 1}
 *               - {LowerBound: 100, UpperBound: 1000, Count: 5}
 *               - {LowerBound: 1000, Count: 10}   # the last step is open
 *             ScaleOutCooldown: 60                 # seconds (default 60, as ECS ComposeX)
 *             ScaleInCooldown: 60
 *
 * The rules are Application Auto Scaling's for step adjustments ("The ranges of your step
 * adjustments can't overlap or have a gap"; "If one step adjustment has a positive upper bound,
 * then there must be a step adjustment with a null upper bound"): composex checks them here, at
 * the step, rather than letting CloudFormation fail the deployment.
 *
 * The family's range comes from its `x-scaling` (checked in `checkQueueScaling`, once the families'
 * settings are known): a queue never creates a range of its own.
 */
import type { Path } from '../../compose/source-map';
import type { QueueScaling, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { describePath, ResolveContext } from '../context';
import type { FamilySettings } from '../family-settings';
import type { Membership } from '../families';
import { MAX_DESIRED_COUNT } from '../../limits/ecs';
import { checkKeys, readInteger, readList, readObject } from '../readers';
import { withCurrentScalingSpelling } from './scaling-spelling';

export const QUEUE_SCALING_KEYS = ['Steps', 'ScaleInCooldown', 'ScaleOutCooldown'];
const STEP_KEYS = ['LowerBound', 'UpperBound', 'Count'];
/** ECS ComposeX's defaults for both cooldowns of queue scaling (its step policies). */
export const DEFAULT_QUEUE_SCALING_COOLDOWN = 60;
/** CloudWatch metrics hold numbers far above any queue depth; a bound is a message count. */
const MAX_BOUND = 1_000_000_000;
const MAX_COOLDOWN = 86_400;
const STEP_EXAMPLE = '{LowerBound: 1, UpperBound: 100, Count: 1}';

type Step = QueueScaling['steps'][number];

/**
 * How the steps are read. `queue` (x-sqs): bounds in messages, the alarm's threshold the first
 * LowerBound. `alarm` (x-alarms, ECS ComposeX's alarms_ecs.py and service_scaling/helpers.py): the
 * bounds are the step adjustments' own, relative to the threshold of the user's alarm; as there, an
 * UpperBound on the last step is removed (with a warning here) and LowerBound 0 means "at the
 * threshold" (ECS ComposeX raises it to 1, leaving [threshold, threshold + 1) without a step).
 */
export type StepUnit = 'queue' | 'alarm';

/** Reads `Scaling` of one Services entry; undefined (with errors) when it is malformed. */
export function readQueueScaling(ctx: ResolveContext, raw: unknown, path: Path, unit: StepUnit = 'queue'): QueueScaling | undefined {
  const written = readObject(ctx, raw, path, `{Steps: [${STEP_EXAMPLE}, {LowerBound: 100, Count: 5}]}`);
  if (!written) return undefined;
  const x = withCurrentScalingSpelling(ctx, written, path);
  checkKeys(ctx, x, path, QUEUE_SCALING_KEYS);
  const cooldown = (key: 'ScaleInCooldown' | 'ScaleOutCooldown') =>
    x[key] === undefined ? DEFAULT_QUEUE_SCALING_COOLDOWN : readInteger(ctx, x[key], [...path, key], 0, MAX_COOLDOWN);
  const scaleInCooldown = cooldown('ScaleInCooldown');
  const scaleOutCooldown = cooldown('ScaleOutCooldown');
  if (x.Steps === undefined) {
    ctx.error(CODES.INVALID_QUEUE_SCALING, `${describePath(path)} has no Steps`, path, `add Steps: a list of {LowerBound, UpperBound, Count} ${WORDS[unit].few}, such as [${STEP_EXAMPLE}, {LowerBound: 100, Count: 5}]`, 'key');
    return undefined;
  }
  const steps = readSteps(ctx, x.Steps, [...path, 'Steps'], unit);
  if (!steps || scaleInCooldown === undefined || scaleOutCooldown === undefined) return undefined;
  return { threshold: unit === 'queue' ? steps[0].lowerBound : 0, steps, scaleOutCooldown, scaleInCooldown, path };
}

const WORDS: Record<StepUnit, { readonly few: string; readonly deeper: string; readonly amount: string }> = {
  queue: { few: 'from the fewest messages to the most', deeper: 'a deeper queue would match no step', amount: 'messages' },
  alarm: { few: 'from the smallest distance above the alarm threshold to the largest', deeper: 'a metric further above the threshold would match no step', amount: 'metric − threshold' },
};

function readSteps(ctx: ResolveContext, raw: unknown, path: Path, unit: StepUnit): Step[] | undefined {
  const words = WORDS[unit];
  const list = readList(ctx, raw, path, `a list of steps such as [${STEP_EXAMPLE}, {LowerBound: 100, Count: 5}]`);
  if (!list) return undefined;
  if (list.length === 0) {
    ctx.error(CODES.INVALID_QUEUE_SCALING, `${describePath(path)} is empty`, path, `give at least one step, such as [{LowerBound: 1, Count: 1}]`);
    return undefined;
  }
  const read: (Step | undefined)[] = list.map((item, i) => readStep(ctx, item, [...path, i], unit));
  if (read.some((s) => s === undefined)) return undefined;
  const steps = read as Step[];
  let valid = true;
  steps.forEach((step, i) => {
    const at = [...path, i];
    if (i === 0) return;
    const previous = steps[i - 1];
    if (step.lowerBound <= previous.lowerBound) {
      ctx.error(
        CODES.INVALID_QUEUE_SCALING,
        `step ${i + 1} of ${describePath(path)} starts at LowerBound ${step.lowerBound}, not above step ${i}'s ${previous.lowerBound}: the steps are out of order`,
        [...at, 'LowerBound'],
        `write the steps ${words.few}, each starting where the one before ends`,
      );
      valid = false;
    } else if (previous.upperBound === undefined) {
      ctx.error(
        CODES.INVALID_QUEUE_SCALING,
        `step ${i} of ${describePath(path)} has no UpperBound, but only the last step may be open`,
        [...path, i - 1],
        `give step ${i} an UpperBound of ${step.lowerBound} (where the next step starts)`,
      );
      valid = false;
    } else if (step.lowerBound !== previous.upperBound) {
      const what = step.lowerBound < previous.upperBound ? 'overlaps the step before it' : 'leaves a gap after the step before it';
      ctx.error(
        CODES.INVALID_QUEUE_SCALING,
        `step ${i + 1} of ${describePath(path)} starts at LowerBound ${step.lowerBound} and ${what}, which ends at UpperBound ${previous.upperBound}`,
        [...at, 'LowerBound'],
        `start it at ${previous.upperBound}: Application Auto Scaling refuses steps that overlap or leave a gap`,
      );
      valid = false;
    }
  });
  const last = steps[steps.length - 1];
  if (valid && last.upperBound !== undefined && unit === 'alarm') {
    // Application Auto Scaling (StepAdjustment): "If one step adjustment has a positive upper bound,
    // then there must be a step adjustment with a null upper bound". ECS ComposeX removes the last
    // UpperBound ("The last upper bound shall not be set"); so does composex, saying so.
    ctx.warning(
      CODES.ALARM_SCALING_LAST_UPPER_BOUND,
      `the last step of ${describePath(path)} ends at UpperBound ${last.upperBound}, but Application Auto Scaling needs the last step open; as ECS ComposeX does, composex removes it: the step's Count also applies beyond ${last.upperBound} above the threshold`,
      [...path, steps.length - 1, 'UpperBound'],
      `remove UpperBound from the last step to say so, or add a step {LowerBound: ${last.upperBound}, Count: …} after it for a metric further above the threshold`,
      'key',
    );
    const { upperBound: _dropped, ...open } = last;
    steps[steps.length - 1] = open;
  } else if (valid && last.upperBound !== undefined) {
    ctx.error(
      CODES.INVALID_QUEUE_SCALING,
      `the last step of ${describePath(path)} ends at UpperBound ${last.upperBound}: ${words.deeper}`,
      [...path, steps.length - 1, 'UpperBound'],
      `remove UpperBound from the last step (it then covers ${last.lowerBound} messages and more), or add a step {LowerBound: ${last.upperBound}, Count: …} after it`,
      'key',
    );
    valid = false;
  }
  if (!valid) return undefined;
  if (steps[0].lowerBound === 0 && unit === 'queue') {
    // Sum of visible messages ≥ 0 always holds: the alarm would never leave ALARM, and the OK action
    // that scales the family in would never run. ECS ComposeX reads 0 as 1 (with a log line).
    const first = steps[0];
    if (first.upperBound === 1) {
      ctx.error(
        CODES.INVALID_QUEUE_SCALING,
        `the first step of ${describePath(path)} covers only an empty queue (LowerBound 0, UpperBound 1)`,
        [...path, 0],
        'start the first step at LowerBound: 1 (an empty queue scales the family in to its x-scaling minimum)',
      );
      return undefined;
    }
    ctx.warning(
      CODES.QUEUE_SCALING_ZERO_LOWER_BOUND,
      `the first step of ${describePath(path)} starts at LowerBound 0: an alarm on "0 messages or more" never clears, so the family would never scale in; composex reads it as 1`,
      [...path, 0, 'LowerBound'],
      'write LowerBound: 1 (an empty queue scales the family in to its x-scaling minimum, zero when the Range starts at 0)',
    );
    steps[0] = { ...first, lowerBound: 1 };
  }
  return steps;
}

function readStep(ctx: ResolveContext, raw: unknown, path: Path, unit: StepUnit): Step | undefined {
  const x = readObject(ctx, raw, path, STEP_EXAMPLE);
  if (!x) return undefined;
  const name = `step ${Number(path[path.length - 1]) + 1} of ${describePath(path.slice(0, -1))}`;
  checkKeys(ctx, x, path, STEP_KEYS);
  const missing = ['LowerBound', 'Count'].filter((k) => x[k] === undefined);
  if (missing.length > 0) {
    ctx.error(CODES.INVALID_QUEUE_SCALING, `${name} has no ${missing.join(' and no ')}`, path, `write each step as ${STEP_EXAMPLE} (UpperBound may be left out on the last one)`, 'key');
    return undefined;
  }
  const lowerBound = readInteger(ctx, x.LowerBound, [...path, 'LowerBound'], 0, MAX_BOUND);
  const upperBound = x.UpperBound === undefined ? undefined : readInteger(ctx, x.UpperBound, [...path, 'UpperBound'], 1, MAX_BOUND);
  // The range check against the family's x-scaling comes later (checkQueueScaling).
  const count = readInteger(ctx, x.Count, [...path, 'Count'], 0, MAX_DESIRED_COUNT);
  if (lowerBound === undefined || count === undefined || (x.UpperBound !== undefined && upperBound === undefined)) return undefined;
  if (upperBound !== undefined && upperBound <= lowerBound) {
    ctx.error(
      CODES.INVALID_QUEUE_SCALING,
      `${name} has UpperBound ${upperBound} not above its LowerBound ${lowerBound}`,
      [...path, 'UpperBound'],
      `a step covers LowerBound ≤ ${WORDS[unit].amount} < UpperBound: make UpperBound larger than LowerBound`,
    );
    return undefined;
  }
  return { lowerBound, ...(upperBound !== undefined ? { upperBound } : {}), count };
}

/** A step scaling of a family: by a queue (x-sqs `Scaling`) or by an alarm (x-alarms `Scaling`). */
export interface StepScaler {
  /** `queue 'jobs'`, `alarm 'backlog'`: what the messages call it. */
  readonly what: string;
  readonly family: string;
  readonly scaling: QueueScaling;
}

/** The x-sqs grants with `Scaling`, as step scalers. */
export function queueScalers(grants: readonly ResourceGrant[]): StepScaler[] {
  return grants.filter((g) => g.scaling).map((g) => ({ what: `queue '${g.resource}'`, family: g.family, scaling: g.scaling! }));
}

/**
 * What a step scaling (a queue's or an alarm's) needs from the family it scales: an ECS service, an
 * `x-scaling` Range that holds every step's Count, and no other policy setting the same count —
 * CloudWatch runs Auto Scaling actions again every period the alarm stays in its state (AWS:
 * "Except for Auto Scaling actions, the actions happen only on state transitions"), so a second
 * scaler's reset or a target-tracking policy would be undone every minute.
 */
export function checkQueueScaling(
  ctx: ResolveContext,
  scalers: readonly StepScaler[],
  membership: Membership,
  settings: ReadonlyMap<string, FamilySettings>,
  withoutService: { has(family: string): boolean },
): void {
  const scaledBy = new Map<string, StepScaler>();
  for (const scaler of scalers) {
    const { scaling, family, what } = scaler;
    const queue = what.startsWith('queue');
    const range = settings.get(family)?.scaling;
    const rangePath = rangeWrittenAt(ctx, membership, family);
    if (withoutService.has(family)) {
      ctx.error(
        CODES.QUEUE_SCALING_WITHOUT_RANGE,
        `${what} scales family '${family}', which has no ECS service (x-events DeleteDefaultService): there is no task count to change`,
        scaling.path,
        'remove Scaling from this entry (the family runs only as the tasks of its x-events rules)',
        'key',
      );
      continue;
    }
    if (!range) {
      const service = membership.servicesOf.get(family)?.[0] ?? family;
      const top = Math.max(...scaling.steps.map((s) => s.count));
      ctx.error(
        CODES.QUEUE_SCALING_WITHOUT_RANGE,
        `${what} scales family '${family}', which has no x-scaling Range to scale within`,
        scaling.path,
        `add x-scaling: {Range: "0-${top}"} to service '${service}' (0 lets ${queue ? 'an empty queue' : 'the alarm in OK'} scale it to zero tasks; a minimum of 1 keeps one task waiting)`,
        'key',
      );
      continue;
    }
    const low = Math.max(range.min, 1);
    scaling.steps.forEach((step, i) => {
      if (step.count >= low && step.count <= range.max) return;
      const where = rangePath ? ` (${ctx.where(rangePath, 'key')})` : '';
      ctx.error(
        CODES.QUEUE_SCALING_COUNT_OUTSIDE_RANGE,
        step.count === 0
          ? `step ${i + 1} of ${what} runs no task while ${what.startsWith('queue') ? 'messages wait: the queue would never drain' : 'the alarm is in ALARM'}`
          : `step ${i + 1} of ${what} asks for ${step.count} tasks, outside the x-scaling Range ${range.min}-${range.max} of family '${family}'${where}: Application Auto Scaling would keep ${step.count < low ? range.min : range.max}`,
        [...scaling.path, 'Steps', i, 'Count'],
        step.count > range.max
          ? `raise the Range maximum to ${step.count}, or lower Count to ${range.max}`
          : `set Count between ${low} and ${range.max}`,
      );
    });
    const earlier = scaledBy.get(family);
    if (earlier) {
      ctx.error(
        CODES.QUEUE_SCALING_CONFLICT,
        `family '${family}' is scaled on ${what} and on ${earlier.what} (${ctx.where(earlier.scaling.path, 'key')}): each alarm sets the task count every minute, so ${queue && earlier.what.startsWith('queue') ? 'an empty queue' : 'one in OK'} would undo the other's scale-out`,
        scaling.path,
        queue && earlier.what.startsWith('queue') ? 'scale the family on one queue (the one its work arrives on), and remove Scaling from the other entry' : 'scale the family on one queue or alarm (the one its work follows), and remove Scaling from the other entry',
        'key',
      );
      continue;
    }
    scaledBy.set(family, scaler);
    if (range.cpuTarget !== undefined || range.memoryTarget !== undefined || range.requestsPerTarget !== undefined) {
      ctx.error(
        CODES.QUEUE_SCALING_CONFLICT,
        `family '${family}' is scaled on ${what} and tracks ${range.cpuTarget !== undefined ? 'CPU' : range.memoryTarget !== undefined ? 'memory' : 'requests per target'}${rangePath ? ` (${ctx.where(rangePath, 'key')})` : ''}: while ${queue ? 'the queue is empty its alarm sets' : 'the alarm is OK it sets'} the minimum every minute, undoing the target tracking`,
        scaling.path,
        'keep only the Range of the family\'s x-scaling (remove TargetScaling, or cpu / mem of deploy.x-aws-autoscaling), or remove Scaling here',
        'key',
      );
    }
  }
}

/** Where the family's scaling is written: the first service's x-scaling, else its deploy.x-aws-autoscaling (several are merged: family-scaling.ts). */
function rangeWrittenAt(ctx: ResolveContext, membership: Membership, family: string): Path | undefined {
  for (const service of membership.servicesOf.get(family) ?? []) {
    const config = ctx.project.services[service];
    if (config['x-scaling'] !== undefined) return ['services', service, 'x-scaling'];
    if ((config.deploy as Record<string, unknown> | undefined)?.['x-aws-autoscaling'] !== undefined) return ['services', service, 'deploy', 'x-aws-autoscaling'];
  }
  return undefined;
}
