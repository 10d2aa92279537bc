/**
 * `x-scaling` on a service (ECS ComposeX's syntax): the range of task counts Application Auto
 * Scaling keeps the family's ECS service in, target tracking on CPU and memory, and scheduled
 * changes of the range.
 *
 *   x-scaling:
 *     Range: "1-10"                 # min-max tasks; deploy.replicas, if set, is the starting count
 *     TargetScaling:
 *       CpuTarget: 70               # percent of the task's CPU, averaged over the service
 *       MemoryTarget: 80            # percent of its memory
 *       ScaleInCooldown: 300        # seconds (ECS ComposeX's default)
 *       ScaleOutCooldown: 60
 *       DisableScaleIn: false       # true: the policies only add tasks (scale-in protection)
 *       TgtTargetsCount: 1000       # requests per task per minute on its load balancer target groups (ALB)
 *     ScheduledActions:
 *       - {ScheduledActionName: office-hours, Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: Europe/Paris,
 *          ScalableTargetAction: {MinCapacity: 2, MaxCapacity: 10}}
 *
 * Docker's ECS integration wrote the same under `deploy.x-aws-autoscaling: {min, max, cpu | mem}`;
 * it is read as `x-scaling` (Range "min-max", CpuTarget / MemoryTarget), and `x-scaling` wins when
 * a service has both (a warning, as ECS ComposeX does).
 *
 * ECS ComposeX refuses `CpuTarget` and `MemoryTarget` together; composex accepts both and
 * Application Auto Scaling then scales out when either asks and in only when both allow it (AWS:
 * "Multiple target tracking scaling policies"). The scaling role is Application Auto Scaling's
 * service-linked role (AWSServiceRoleForApplicationAutoScaling_ECSService, created by AWS when the
 * first ECS scalable target is registered): composex creates no role for it.
 */
import type { Path } from '../compose/source-map';
import { MAX_DESIRED_COUNT } from '../limits/ecs';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { readFirstReleaseScaling } from './first-release-keys';
import { checkKeys, isPlainObject, readBoolean, readInteger, readList, readObject, readString } from './readers';

export interface ScheduledScaling {
  readonly name: string;
  readonly schedule: string;
  readonly timezone?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export interface ScalingSettings {
  readonly min: number;
  readonly max: number;
  readonly cpuTarget?: number;
  readonly memoryTarget?: number;
  /** `TgtTargetsCount`: ALB requests per target per minute (ALBRequestCountPerTarget). */
  readonly requestsPerTarget?: number;
  readonly scaleInCooldown: number;
  readonly scaleOutCooldown: number;
  readonly disableScaleIn: boolean;
  readonly scheduledActions: readonly ScheduledScaling[];
}

export const X_SCALING_KEYS = ['Range', 'TargetScaling', 'ScheduledActions'];
export const TARGET_SCALING_KEYS = ['CpuTarget', 'MemoryTarget', 'TgtTargetsCount', 'ScaleInCooldown', 'ScaleOutCooldown', 'DisableScaleIn'];
/** Largest TgtTargetsCount read: requests per target per minute (a target value is a double; this bounds typos). */
const MAX_REQUESTS_PER_TARGET = 1_000_000;
const SCHEDULED_ACTION_KEYS = ['ScheduledActionName', 'Schedule', 'Timezone', 'StartTime', 'EndTime', 'ScalableTargetAction'];
/** ECS ComposeX's defaults (its x-scaling schema). */
export const DEFAULT_SCALE_IN_COOLDOWN = 300;
export const DEFAULT_SCALE_OUT_COOLDOWN = 60;
const MAX_TASKS = MAX_DESIRED_COUNT;
/** Application Auto Scaling's schedule expressions. */
const SCHEDULE = /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^()]+\))$/;
/** ScheduledActionName: 1–256 characters, no colon or slash (AWS API reference). */
const ACTION_NAME = /^[^:/|]{1,256}$/;

export const DOCKER_AUTOSCALING = 'x-aws-autoscaling';
const DOCKER_AUTOSCALING_KEYS = ['min', 'max', 'cpu', 'mem'];

export function readScalingSettings(ctx: ResolveContext, service: string): ScalingSettings | undefined {
  const raw = ctx.project.services[service]['x-scaling'];
  const docker = (ctx.project.services[service].deploy as Record<string, unknown> | undefined)?.[DOCKER_AUTOSCALING];
  const dockerPath = ['services', service, 'deploy', DOCKER_AUTOSCALING];
  if (raw !== undefined && docker !== undefined) {
    ctx.warning(
      CODES.INVALID_SCALING,
      `service '${service}' has both x-scaling and deploy.${DOCKER_AUTOSCALING}; x-scaling is used`,
      dockerPath,
      `remove deploy.${DOCKER_AUTOSCALING} (Docker's ECS integration) and keep x-scaling`,
      'key',
    );
  }
  if (raw === undefined) return docker === undefined ? undefined : readDockerAutoscaling(ctx, docker, dockerPath);
  const path = ['services', service, 'x-scaling'];
  const written = readObject(ctx, raw, path, '{Range: "1-10", TargetScaling: {CpuTarget: 70}}');
  if (!written) return undefined;
  const x = readFirstReleaseScaling(ctx, written, path);
  checkKeys(ctx, x, path, X_SCALING_KEYS);
  const range = readRange(ctx, x.Range, [...path, 'Range']);
  if (!range) return undefined;
  const target = x.TargetScaling === undefined ? {} : readTargetScaling(ctx, x.TargetScaling, [...path, 'TargetScaling']);
  const scheduledActions = x.ScheduledActions === undefined ? [] : readScheduledActions(ctx, x.ScheduledActions, [...path, 'ScheduledActions']);
  if (!target || !scheduledActions) return undefined;
  return {
    ...range,
    ...(target.cpuTarget !== undefined ? { cpuTarget: target.cpuTarget } : {}),
    ...(target.memoryTarget !== undefined ? { memoryTarget: target.memoryTarget } : {}),
    ...(target.requestsPerTarget !== undefined ? { requestsPerTarget: target.requestsPerTarget } : {}),
    scaleInCooldown: target.scaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN,
    scaleOutCooldown: target.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN,
    disableScaleIn: target.disableScaleIn ?? false,
    scheduledActions,
  };
}

/** `deploy.x-aws-autoscaling: {min?: 1, max, cpu? | mem?}` (Docker's ECS integration). */
function readDockerAutoscaling(ctx: ResolveContext, raw: unknown, path: Path): ScalingSettings | undefined {
  const x = readObject(ctx, raw, path, '{min: 1, max: 10, cpu: 75}');
  if (!x) return undefined;
  checkKeys(ctx, x, path, DOCKER_AUTOSCALING_KEYS);
  if (x.max === undefined) {
    ctx.error(CODES.INVALID_SCALING, `${describePath(path)} has no max`, path, 'give the largest task count, e.g. {min: 1, max: 10, cpu: 75}', 'key');
    return undefined;
  }
  const min = x.min === undefined ? 1 : readInteger(ctx, x.min, [...path, 'min'], 0, MAX_TASKS);
  const max = readInteger(ctx, x.max, [...path, 'max'], 1, MAX_TASKS);
  const cpu = x.cpu === undefined ? undefined : readInteger(ctx, x.cpu, [...path, 'cpu'], 1, 100);
  const mem = x.mem === undefined ? undefined : readInteger(ctx, x.mem, [...path, 'mem'], 1, 100);
  if (min === undefined || max === undefined || (x.cpu !== undefined && cpu === undefined) || (x.mem !== undefined && mem === undefined)) return undefined;
  if (min > max) {
    ctx.error(CODES.INVALID_SCALING, `${describePath(path)} has min ${min} above max ${max}`, path, 'set min ≤ max', 'key');
    return undefined;
  }
  return {
    min,
    max,
    ...(cpu !== undefined ? { cpuTarget: cpu } : {}),
    ...(mem !== undefined ? { memoryTarget: mem } : {}),
    scaleInCooldown: DEFAULT_SCALE_IN_COOLDOWN,
    scaleOutCooldown: DEFAULT_SCALE_OUT_COOLDOWN,
    disableScaleIn: false,
    scheduledActions: [],
  };
}

function readRange(ctx: ResolveContext, raw: unknown, path: Path): { min: number; max: number } | undefined {
  const hint = 'write Range as "<min>-<max>" task counts, such as "1-10"';
  if (raw === undefined) {
    ctx.error(CODES.INVALID_SCALING, `${describePath(path.slice(0, -1))} has no Range`, path.slice(0, -1), hint, 'key');
    return undefined;
  }
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(String(raw));
  if (typeof raw === 'object' || !m) {
    ctx.error(CODES.INVALID_SCALING, `${describePath(path)} ${JSON.stringify(raw)} is not a range of task counts`, path, hint);
    return undefined;
  }
  const [min, max] = [Number(m[1]), Number(m[2])];
  if (max < 1 || min > max || max > MAX_TASKS) {
    ctx.error(
      CODES.INVALID_SCALING,
      `${describePath(path)} "${String(raw).trim()}" ${max < 1 ? 'allows no task at all' : min > max ? 'has its minimum above its maximum' : `goes above the ${MAX_TASKS} tasks an ECS service can run`}`,
      path,
      hint,
    );
    return undefined;
  }
  return { min, max };
}

interface TargetSettings {
  cpuTarget?: number;
  memoryTarget?: number;
  requestsPerTarget?: number;
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
  disableScaleIn?: boolean;
}

function readTargetScaling(ctx: ResolveContext, raw: unknown, path: Path): TargetSettings | undefined {
  const x = readObject(ctx, raw, path, '{CpuTarget: 70}');
  if (!x) return undefined;
  checkKeys(ctx, x, path, TARGET_SCALING_KEYS);
  const out: TargetSettings = {};
  let valid = true;
  const percent = (key: 'CpuTarget' | 'MemoryTarget') => {
    if (x[key] === undefined) return undefined;
    const v = readInteger(ctx, x[key], [...path, key], 1, 100);
    if (v === undefined) valid = false;
    return v;
  };
  const seconds = (key: 'ScaleInCooldown' | 'ScaleOutCooldown') => {
    if (x[key] === undefined) return undefined;
    const v = readInteger(ctx, x[key], [...path, key], 0, 86_400);
    if (v === undefined) valid = false;
    return v;
  };
  out.cpuTarget = percent('CpuTarget');
  out.memoryTarget = percent('MemoryTarget');
  if (x.TgtTargetsCount !== undefined) {
    out.requestsPerTarget = readInteger(ctx, x.TgtTargetsCount, [...path, 'TgtTargetsCount'], 1, MAX_REQUESTS_PER_TARGET);
    if (out.requestsPerTarget === undefined) valid = false;
  }
  out.scaleInCooldown = seconds('ScaleInCooldown');
  out.scaleOutCooldown = seconds('ScaleOutCooldown');
  if (x.DisableScaleIn !== undefined) {
    out.disableScaleIn = readBoolean(ctx, x.DisableScaleIn, [...path, 'DisableScaleIn']);
    if (out.disableScaleIn === undefined) valid = false;
  }
  const misspelt = Object.keys(x).some((k) => !TARGET_SCALING_KEYS.includes(k));
  if (valid && !misspelt && out.cpuTarget === undefined && out.memoryTarget === undefined && out.requestsPerTarget === undefined) {
    // ECS ComposeX (ecs_composex/ecs/service_scaling/__init__.py, ServiceScaling) keeps TargetScaling
    // only when it has CpuTarget, MemoryTarget or TgtTargetsCount: without one there is no target
    // tracking policy, and DisableScaleIn / the cooldowns apply to nothing. Same here, said.
    const settings = Object.keys(x).sort();
    ctx.warning(
      CODES.TARGET_SCALING_TRACKS_NOTHING,
      `${describePath(path)} tracks nothing (no CpuTarget, MemoryTarget or TgtTargetsCount): as in ECS ComposeX, no target tracking policy is created${settings.length > 0 ? `, and ${settings.join(', ')} ${settings.length > 1 ? 'apply' : 'applies'} to nothing` : ''}; the service keeps its Range and any ScheduledActions`,
      path,
      "to scale on load, add CpuTarget: 70 (percent of the tasks' CPU), MemoryTarget: 80 or TgtTargetsCount: 1000 (requests per task per minute on an ALB); otherwise remove TargetScaling",
      'key',
    );
    return {};
  }
  return valid ? out : undefined;
}

function readScheduledActions(ctx: ResolveContext, raw: unknown, path: Path): ScheduledScaling[] | undefined {
  const list = readList(ctx, raw, path, 'a list of {ScheduledActionName, Schedule, ScalableTargetAction: {MinCapacity, MaxCapacity}}');
  if (!list) return undefined;
  const out: ScheduledScaling[] = [];
  let valid = true;
  const names = new Set<string>();
  list.forEach((entry, i) => {
    const at = [...path, i];
    const x = readObject(ctx, entry, at, '{ScheduledActionName: nightly, Schedule: "cron(0 20 * * ? *)", ScalableTargetAction: {MaxCapacity: 2}}');
    if (!x) return void (valid = false);
    checkKeys(ctx, x, at, SCHEDULED_ACTION_KEYS);
    const name = readString(ctx, x.ScheduledActionName, [...at, 'ScheduledActionName'], 'a name such as office-hours');
    const schedule = readString(ctx, x.Schedule, [...at, 'Schedule'], 'cron(0 8 ? * MON-FRI *), rate(1 day) or at(2027-01-01T00:00:00)');
    if (name === undefined || schedule === undefined) return void (valid = false);
    if (!ACTION_NAME.test(name) || names.has(name)) {
      ctx.error(
        CODES.INVALID_SCALING,
        names.has(name) ? `scheduled action '${name}' is declared twice` : `'${name}' is not a scheduled action name (1 to 256 characters, no ':', '/' or '|')`,
        [...at, 'ScheduledActionName'],
        'give each scheduled action of the service its own name',
      );
      return void (valid = false);
    }
    names.add(name);
    const expression = SCHEDULE.test(schedule.trim()) ? schedule.trim() : readableRate(ctx, schedule, [...at, 'Schedule']);
    if (expression === undefined) {
      ctx.error(
        CODES.INVALID_SCALING,
        `Schedule ${JSON.stringify(schedule)} is not an Application Auto Scaling schedule expression`,
        [...at, 'Schedule'],
        'write cron(minutes hours day-of-month month day-of-week year), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)',
      );
      return void (valid = false);
    }
    const action = isPlainObject(x.ScalableTargetAction) ? x.ScalableTargetAction : readObject(ctx, x.ScalableTargetAction, [...at, 'ScalableTargetAction'], '{MinCapacity: 2, MaxCapacity: 10}');
    if (!action) return void (valid = false);
    checkKeys(ctx, action, [...at, 'ScalableTargetAction'], ['MinCapacity', 'MaxCapacity']);
    const min = action.MinCapacity === undefined ? undefined : readInteger(ctx, action.MinCapacity, [...at, 'ScalableTargetAction', 'MinCapacity'], 0, MAX_TASKS);
    const max = action.MaxCapacity === undefined ? undefined : readInteger(ctx, action.MaxCapacity, [...at, 'ScalableTargetAction', 'MaxCapacity'], 0, MAX_TASKS);
    if ((action.MinCapacity !== undefined && min === undefined) || (action.MaxCapacity !== undefined && max === undefined)) return void (valid = false);
    if ((min === undefined && max === undefined) || (min !== undefined && max !== undefined && min > max)) {
      ctx.error(
        CODES.INVALID_SCALING,
        min === undefined ? `scheduled action '${name}' changes nothing: it sets neither MinCapacity nor MaxCapacity` : `scheduled action '${name}' sets MinCapacity ${min} above MaxCapacity ${max}`,
        [...at, 'ScalableTargetAction'],
        'set MinCapacity and/or MaxCapacity, with MinCapacity ≤ MaxCapacity',
      );
      return void (valid = false);
    }
    const timezone = x.Timezone === undefined ? undefined : readString(ctx, x.Timezone, [...at, 'Timezone'], 'an IANA time zone such as Europe/Paris');
    const time = (key: 'StartTime' | 'EndTime') => {
      if (x[key] === undefined) return undefined;
      const value = timestamp(x[key]);
      if (value === undefined) {
        ctx.error(CODES.INVALID_SCALING, `${key} ${JSON.stringify(x[key])} is not a date and time`, [...at, key], 'write it as 2027-01-31T08:00:00Z (UTC when no offset is given)');
        valid = false;
      }
      return value;
    };
    const [startTime, endTime] = [time('StartTime'), time('EndTime')];
    out.push({
      name,
      schedule: expression,
      ...(timezone !== undefined ? { timezone } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(min !== undefined ? { minCapacity: min } : {}),
      ...(max !== undefined ? { maxCapacity: max } : {}),
    });
  });
  return valid ? out : undefined;
}

/**
 * A rate written with a unit Application Auto Scaling does not take but that means one thing
 * (`rate(1h)`, `rate(30 min)`, ECS ComposeX's use-case `blog.features.yml` writes `rate(1h)`), as
 * the expression AWS takes, with a warning (CX3327). AWS (PutScheduledAction, Schedule): "For rate
 * expressions, value is a positive integer and unit is minute | minutes | hour | hours | day |
 * days"; the canonical form uses the singular for 1 and the plural otherwise. Anything else
 * (`rate(1 month)`, `rate(0h)`, `rate(1.5h)`) stays an error.
 */
function readableRate(ctx: ResolveContext, written: string, path: Path): string | undefined {
  const m = /^rate\(\s*(\d+)\s*([A-Za-z]+)\s*\)$/.exec(written.trim());
  const unit = m ? RATE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) < 1) return undefined;
  const value = Number(m[1]);
  const expression = `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
  ctx.warning(
    CODES.SCHEDULE_RATE_REWRITTEN,
    `Schedule ${JSON.stringify(written)} is not an Application Auto Scaling rate (its units are minute(s), hour(s), day(s)): read as "${expression}"`,
    path,
    `write Schedule: "${expression}"`,
  );
  return expression;
}

/** Abbreviations and spellings of the three units a rate takes (lower case) → the unit. */
const RATE_UNITS: Readonly<Record<string, 'minute' | 'hour' | 'day'>> = {
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
};

/** An ISO 8601 date and time as UTC ISO text (no offset means UTC, never the machine's zone). */
function timestamp(raw: unknown): string | undefined {
  const text = raw instanceof Date ? raw.toISOString() : String(raw).trim();
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return undefined;
  const date = new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * `TgtTargetsCount` tracks ALBRequestCountPerTarget, a metric of an application load balancer's
 * target group: the family must be a target of composex's default load balancer through an HTTP
 * listener or of an x-elbv2 application load balancer (an NLB has no request count). Called once
 * the load balancers are resolved.
 */
export function checkRequestScaling(
  ctx: ResolveContext,
  servicesOf: ReadonlyMap<string, readonly string[]>,
  scalingOf: (service: string) => ScalingSettings | undefined,
  albTargets: ReadonlySet<string>,
): void {
  for (const [family, services] of servicesOf) {
    if (albTargets.has(family)) continue;
    for (const service of services) {
      if (scalingOf(service)?.requestsPerTarget === undefined) continue;
      ctx.error(
        CODES.INVALID_SCALING,
        `TgtTargetsCount scales on requests per target of an application load balancer, but family '${family}' is no target of one`,
        ['services', service, 'x-scaling', 'TargetScaling', 'TgtTargetsCount'],
        "publish an HTTP port of the family (ports: [\"80:8080\"], every published port of the project HTTP, so that the load balancer is an ALB) or route to it from an x-elbv2 application load balancer; or scale on CpuTarget / MemoryTarget",
        'key',
      );
    }
  }
}

/** Family → where each of its services asks for scaling (`x-scaling`, or Docker's `deploy.x-aws-autoscaling`). */
export function scalingPathsByFamily(
  ctx: ResolveContext,
  servicesOf: ReadonlyMap<string, readonly string[]>,
  scalingOf: (service: string) => ScalingSettings | undefined,
): Map<string, Path[]> {
  const out = new Map<string, Path[]>();
  for (const [family, services] of servicesOf) {
    const paths = services
      .filter((service) => scalingOf(service) !== undefined)
      .map((service) => scalingPath(ctx, service));
    if (paths.length > 0) out.set(family, paths);
  }
  return out;
}

/** Where a service asks for scaling: its x-scaling, else Docker's deploy.x-aws-autoscaling. */
export function scalingPath(ctx: ResolveContext, service: string): Path {
  return ctx.project.services[service]['x-scaling'] !== undefined ? ['services', service, 'x-scaling'] : ['services', service, 'deploy', DOCKER_AUTOSCALING];
}
