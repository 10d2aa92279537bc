/**
 * The scaling of a family's ECS service, from the `x-scaling` (or Docker's
 * `deploy.x-aws-autoscaling`) of its services, merged as ECS ComposeX does
 * (ecs_composex/ecs/service_scaling/helpers.py, merge_family_services_scaling;
 * docs/syntax/compose_x/ecs.details/scaling.rst: "If you define multiple services within the same
 * family, the lowest value for CPU/RAM and highest for scale in/out are used"):
 *
 * - Range: the lowest minimum and the highest maximum written;
 * - CpuTarget, MemoryTarget, TgtTargetsCount: the lowest written (the family scales out as soon
 *   as its most demanding service asks);
 * - ScaleInCooldown, ScaleOutCooldown: the longest written by a service that tracks something (its
 *   documentation; they apply to target tracking only);
 * - DisableScaleIn: true when a service that tracks something sets it (its code: "At least one
 *   service enabled DisableScaleIn. Enabling for all");
 * - ScheduledActions: every service's (one name written twice differently is CX3005).
 *
 * ECS ComposeX's code keeps the first service's target and its own default cooldowns (a key check
 * that never matches); composex takes what its documentation and its code's intent say, and tells
 * each service whose own x-scaling is not the family's at its x-scaling (CX3972).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { DEFAULT_SCALE_IN_COOLDOWN, DEFAULT_SCALE_OUT_COOLDOWN, ScalingSettings, ScheduledScaling } from './x-scaling';

interface Written {
  readonly service: string;
  readonly scaling: ScalingSettings;
  readonly path: Path;
}

const tracks = (s: ScalingSettings) => s.cpuTarget !== undefined || s.memoryTarget !== undefined || s.requestsPerTarget !== undefined;

function lowest(values: readonly (number | undefined)[]): number | undefined {
  const given = values.filter((v): v is number => v !== undefined);
  return given.length === 0 ? undefined : Math.min(...given);
}

export function familyScaling(ctx: ResolveContext, family: string, written: readonly Written[]): ScalingSettings | undefined {
  if (written.length === 0) return undefined;
  if (written.length === 1) return written[0].scaling;
  const all = written.map((w) => w.scaling);
  const tracking = all.filter(tracks);
  const cpuTarget = lowest(all.map((s) => s.cpuTarget));
  const memoryTarget = lowest(all.map((s) => s.memoryTarget));
  const requestsPerTarget = lowest(all.map((s) => s.requestsPerTarget));
  const merged: ScalingSettings = {
    min: Math.min(...all.map((s) => s.min)),
    max: Math.max(...all.map((s) => s.max)),
    ...(cpuTarget !== undefined ? { cpuTarget } : {}),
    ...(memoryTarget !== undefined ? { memoryTarget } : {}),
    ...(requestsPerTarget !== undefined ? { requestsPerTarget } : {}),
    scaleInCooldown: tracking.length === 0 ? DEFAULT_SCALE_IN_COOLDOWN : Math.max(...tracking.map((s) => s.scaleInCooldown)),
    scaleOutCooldown: tracking.length === 0 ? DEFAULT_SCALE_OUT_COOLDOWN : Math.max(...tracking.map((s) => s.scaleOutCooldown)),
    disableScaleIn: tracking.some((s) => s.disableScaleIn),
    scheduledActions: scheduledActions(ctx, family, written),
  };
  for (const { service, scaling, path } of written) {
    if (describe(scaling) === describe(merged)) continue;
    ctx.warning(
      CODES.FAMILY_SCALING_MERGED,
      `one ECS service runs family '${family}' (${written.map((w) => w.service).join(', ')}), scaled as ECS ComposeX merges its services' scaling (the lowest minimum and highest maximum, the lowest targets, the longest cooldowns): ${describe(merged)}; '${service}' wrote ${describe(scaling)}`,
      path,
      'write the same x-scaling on every service of the family, or on one of them only',
      'key',
    );
  }
  return merged;
}

/** Every service's scheduled actions, by name; the same name with two different actions is CX3005. */
function scheduledActions(ctx: ResolveContext, family: string, written: readonly Written[]): ScheduledScaling[] {
  const byName = new Map<string, { service: string; action: ScheduledScaling }>();
  for (const { service, scaling, path } of written) {
    scaling.scheduledActions.forEach((action, i) => {
      const seen = byName.get(action.name);
      if (!seen) return void byName.set(action.name, { service, action });
      if (JSON.stringify(seen.action) === JSON.stringify(action)) return;
      ctx.error(
        CODES.FAMILY_SETTINGS_CONFLICT,
        `services '${seen.service}' and '${service}' of family '${family}' write two different scheduled actions named '${action.name}'; one ECS service runs the family, and its scalable target takes one action of a name`,
        [...path, 'ScheduledActions', i, 'ScheduledActionName'],
        'give the actions different names, or make them identical',
      );
    });
  }
  return [...byName.values()].map((v) => v.action);
}

/** What the family's scaling does, in words (also the comparison of a service's with the family's). */
function describe(s: ScalingSettings): string {
  const targets = [
    s.cpuTarget !== undefined ? `CpuTarget ${s.cpuTarget}` : '',
    s.memoryTarget !== undefined ? `MemoryTarget ${s.memoryTarget}` : '',
    s.requestsPerTarget !== undefined ? `TgtTargetsCount ${s.requestsPerTarget}` : '',
  ].filter(Boolean);
  const tracking = targets.length === 0 ? 'no target tracking' : `${targets.join(', ')}, ScaleInCooldown ${s.scaleInCooldown}, ScaleOutCooldown ${s.scaleOutCooldown}${s.disableScaleIn ? ', DisableScaleIn' : ''}`;
  return `Range ${s.min}-${s.max}, ${tracking}`;
}
