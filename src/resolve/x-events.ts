/**
 * `x-events` (ECS ComposeX's syntax): EventBridge rules that run a family's task on a schedule or
 * on matching events.
 *
 *   x-events:
 *     nightly-report:
 *       Properties:
 *         ScheduleExpression: "cron(0 2 * * ? *)"    # and/or EventPattern: {...}
 *         Description: the nightly report             # optional; State: ENABLED | DISABLED
 *         Name: nightly-report                        # optional: the rule's name (one family only)
 *       Services:
 *         report: {TaskCount: 1, DeleteDefaultService: true}   # a family, or a service's family
 *
 * Each (rule, family) pair becomes one rule in the family's stack, whose target runs the family's
 * task definition with its own task role, security group and subnets; the rule's role may run
 * exactly that task definition in exactly that cluster and pass exactly its two roles.
 * `DeleteDefaultService: true` leaves the family without an ECS service (it only runs when the
 * rule fires). Tasks started by a rule are not ECS service tasks, so they get no Service Connect
 * (AWS: "Only the tasks that Amazon ECS services create are supported with Service Connect"):
 * a scheduled family that calls other families by name is warned about (CX3333).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { IngressRule, ScheduledTaskModel } from './model';
import { checkKeys, isPlainObject, readBoolean, readInteger, readList, readObject, readString } from './readers';

export const X_EVENTS_KEYS = ['Properties', 'Services', 'Settings', 'MacroParameters'];
export const EVENT_PROPERTY_KEYS = ['ScheduleExpression', 'EventPattern', 'Description', 'State', 'Name'];
export const EVENT_SERVICE_KEYS = ['TaskCount', 'DeleteDefaultService'];
/** Properties of AWS::Events::Rule composex sets itself. */
const MANAGED_PROPERTIES = ['Targets', 'RoleArn', 'EventBusName'];
/** EventBridge schedule expressions (rate needs a whole number of minutes, hours or days). */
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\((\S+ ){5}\S+\))$/;
/** RunTask starts at most 10 tasks per call (ECS API reference, RunTask count). */
const MAX_TASK_COUNT = 10;
/**
 * EventBridge rule names: 1–64 of [.\-_A-Za-z0-9] (EventBridge API reference, PutRule `Name`:
 * length 1–64, pattern `[\.\-_A-Za-z0-9]+`; AWS::Events::Rule `Name` takes the same).
 */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export interface EventsResult {
  readonly scheduledTasks: readonly ScheduledTaskModel[];
  /** Families that get no ECS service (`DeleteDefaultService: true`), with where it was asked. */
  readonly withoutService: ReadonlyMap<string, Path>;
}

export function readEvents(ctx: ResolveContext, membership: Membership): EventsResult {
  const raw = ctx.project.extensions['x-events'];
  const scheduledTasks: ScheduledTaskModel[] = [];
  const withoutService = new Map<string, Path>();
  if (raw === undefined) return { scheduledTasks, withoutService };
  // A rule's name is unique per event bus (the default one here), account and Region.
  const ruleNames = new Map<string, Path>();
  const top = readObject(ctx, raw, ['x-events'], '{nightly: {Properties: {ScheduleExpression: "cron(0 2 * * ? *)"}, Services: {report: {TaskCount: 1}}}}');
  if (!top) return { scheduledTasks, withoutService };
  for (const name of Object.keys(top).sort(compareStrings)) {
    const path = ['x-events', name];
    const rule = readObject(ctx, top[name], path, '{Properties: {ScheduleExpression: "rate(1 hour)"}, Services: {report: {TaskCount: 1}}}');
    if (!rule) continue;
    checkKeys(ctx, rule, path, X_EVENTS_KEYS);
    if (!RULE_NAME.test(name)) {
      ctx.error(CODES.INVALID_EVENT_RULE, `x-events name '${name}' cannot name an EventBridge rule (letters, digits, '.', '-', '_', at most 64)`, path, 'rename it', 'key');
      continue;
    }
    const properties = readProperties(ctx, rule.Properties, [...path, 'Properties']);
    const targets = readTargets(ctx, rule.Services, [...path, 'Services'], membership);
    if (!properties || !targets) continue;
    const named = properties.ruleName === undefined ? undefined : checkNamedRule(ctx, name, properties.ruleName, targets, ruleNames, [...path, 'Properties', 'Name']);
    const { ruleName: _taken, ...unnamed } = properties;
    for (const target of targets) {
      scheduledTasks.push({ rule: name, family: target.family, ...(named === target.family ? properties : unnamed), taskCount: target.taskCount, path: target.path });
      if (target.deleteService) withoutService.set(target.family, target.path);
    }
  }
  return { scheduledTasks: scheduledTasks.sort((a, b) => compareStrings(a.family, b.family) || compareStrings(a.rule, b.rule)), withoutService };
}

type RuleProperties = Pick<ScheduledTaskModel, 'scheduleExpression' | 'eventPattern' | 'description' | 'ruleName' | 'enabled'>;

/**
 * `Properties.Name` names one AWS::Events::Rule, and composex writes one rule per family the entry
 * runs (each in its family's stack). Returns the family whose rule takes the name, if any.
 *
 * - An entry of several families (ECS ComposeX: one rule with a target per family): the first
 *   family's rule takes the name, the others' are created under names CloudFormation generates,
 *   with a warning (CX3335); each runs on the same schedule or pattern, so their tasks start as
 *   the one rule's targets would.
 * - A name an earlier entry took is left out with a warning (CX3335), as for SSM parameters
 *   (CX3625): EventBridge would refuse the second rule, and the rule is the same under a name
 *   CloudFormation generates.
 */
function checkNamedRule(ctx: ResolveContext, entry: string, ruleName: string, targets: readonly Target[], ruleNames: Map<string, Path>, path: Path): string | undefined {
  const families = [...new Set(targets.map((t) => t.family))];
  const first = ruleNames.get(ruleName);
  if (first) {
    ctx.warning(
      CODES.EVENT_RULE_NAME_LEFT_OUT,
      `the rule name '${ruleName}' is already taken at ${ctx.where(first)}, and EventBridge rule names are unique per event bus: CloudFormation would fail on this rule. It is created without this Name, under a name CloudFormation generates`,
      path,
      'give each x-events entry its own Name, or remove Name',
    );
    return undefined;
  }
  ruleNames.set(ruleName, path);
  if (families.length > 1) {
    ctx.warning(
      CODES.EVENT_RULE_NAME_LEFT_OUT,
      `x-events '${entry}' is named '${ruleName}' and runs ${families.length} families (${families.join(', ')}): composex writes one rule per family, and one name names one rule, so the rule of '${families[0]}' is named '${ruleName}' and that of ${families.slice(1).map((f) => `'${f}'`).join(', ')} ${families.length > 2 ? 'are each' : 'is'} created under a name CloudFormation generates; each runs on the same schedule or event pattern, as ECS ComposeX's one rule with a target per family`,
      path,
      'split it into one x-events entry per family, each with its own Name, or remove Name',
    );
  }
  return families[0];
}

function readProperties(ctx: ResolveContext, raw: unknown, path: Path): RuleProperties | undefined {
  const hint = 'give ScheduleExpression: "cron(0 2 * * ? *)" or "rate(1 hour)", or an EventPattern';
  if (raw === undefined) {
    ctx.error(CODES.INVALID_EVENT_RULE, `${describePath(path.slice(0, -1))} has no Properties: nothing says when it runs`, path.slice(0, -1), hint, 'key');
    return undefined;
  }
  const p = readObject(ctx, raw, path);
  if (!p) return undefined;
  let valid = true;
  for (const key of Object.keys(p)) {
    if (MANAGED_PROPERTIES.includes(key)) {
      ctx.error(CODES.INVALID_EVENT_RULE, `${describePath([...path, key])} is set by composex`, [...path, key], 'remove it: the rule runs the task of each family under Services, in the project\'s cluster, on the default event bus', 'key');
      valid = false;
    } else if (!EVENT_PROPERTY_KEYS.includes(key)) {
      ctx.error(CODES.UNKNOWN_X_KEY, `unknown key '${key}' in ${describePath(path)}`, [...path, key], suggestion(key, EVENT_PROPERTY_KEYS, 'key'), 'key');
      valid = false;
    }
  }
  const schedule = p.ScheduleExpression === undefined ? undefined : readString(ctx, p.ScheduleExpression, [...path, 'ScheduleExpression']);
  if (schedule !== undefined && !SCHEDULE.test(schedule.trim())) {
    ctx.error(
      CODES.INVALID_EVENT_RULE,
      `ScheduleExpression ${JSON.stringify(schedule)} is not an EventBridge schedule`,
      [...path, 'ScheduleExpression'],
      'write rate(<n> minutes|hours|days) or cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 2 * * ? *)',
    );
    valid = false;
  }
  const pattern = p.EventPattern === undefined ? undefined : isPlainObject(p.EventPattern) && Object.keys(p.EventPattern).length > 0 ? p.EventPattern : undefined;
  if (p.EventPattern !== undefined && pattern === undefined) {
    ctx.error(CODES.INVALID_EVENT_RULE, `${describePath([...path, 'EventPattern'])} must be a non-empty mapping`, [...path, 'EventPattern'], 'e.g. EventPattern: {source: [aws.s3], detail-type: [Object Created]}');
    valid = false;
  }
  if (valid && schedule === undefined && pattern === undefined) {
    ctx.error(CODES.INVALID_EVENT_RULE, `${describePath(path)} has neither ScheduleExpression nor EventPattern: the rule would never run`, path, hint, 'key');
    valid = false;
  }
  const description = p.Description === undefined ? undefined : readString(ctx, p.Description, [...path, 'Description']);
  const written = p.Name === undefined ? undefined : readString(ctx, p.Name, [...path, 'Name'], 'nightly-report');
  // A name EventBridge would refuse is left out, as ECS ComposeX's documented example writes one
  // (a space): the rule is the same, under a name CloudFormation generates.
  const ruleName = written !== undefined && RULE_NAME.test(written) ? written : undefined;
  if (written !== undefined && ruleName === undefined) {
    ctx.warning(
      CODES.EVENT_RULE_NAME_LEFT_OUT,
      `Name '${written}' cannot name an EventBridge rule (${written.length > 64 ? `${written.length} characters, at most 64` : "letters, digits, '.', '-' and '_' only"}): EventBridge would refuse it at deploy time. The rule is created without this Name, under a name CloudFormation generates`,
      [...path, 'Name'],
      "write 1 to 64 letters, digits, '.', '-' or '_' (such as nightly-report), or remove Name",
    );
  }
  if (p.Name !== undefined && written === undefined) valid = false;
  const state = p.State === undefined ? 'ENABLED' : readString(ctx, p.State, [...path, 'State']);
  if (state !== undefined && state !== 'ENABLED' && state !== 'DISABLED') {
    ctx.error(CODES.INVALID_EVENT_RULE, `State '${state}' is neither ENABLED nor DISABLED`, [...path, 'State'], 'write ENABLED or DISABLED');
    valid = false;
  }
  if (!valid || state === undefined || (p.Description !== undefined && description === undefined)) return undefined;
  return {
    ...(schedule !== undefined ? { scheduleExpression: schedule.trim() } : {}),
    ...(pattern !== undefined ? { eventPattern: pattern } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(ruleName !== undefined ? { ruleName } : {}),
    enabled: state === 'ENABLED',
  };
}

interface Target {
  readonly family: string;
  readonly taskCount: number;
  readonly deleteService: boolean;
  readonly path: Path;
}

/** `Services: {name: {TaskCount, DeleteDefaultService}}`, or ECS ComposeX's older list `[{name, TaskCount, …}]`. */
function readTargets(ctx: ResolveContext, raw: unknown, path: Path, membership: Membership): Target[] | undefined {
  if (raw === undefined) {
    ctx.error(CODES.INVALID_EVENT_RULE, `${describePath(path.slice(0, -1))} has no Services: the rule would run nothing`, path.slice(0, -1), 'add Services: {<family or service>: {TaskCount: 1}}', 'key');
    return undefined;
  }
  const entries: { name: string; value: unknown; path: Path }[] = [];
  if (Array.isArray(raw)) {
    const list = readList(ctx, raw, path)!;
    list.forEach((item, i) => {
      const obj = readObject(ctx, item, [...path, i], '{name: report, TaskCount: 1}');
      if (!obj) return;
      const name = readString(ctx, obj.name, [...path, i, 'name'], 'the family or service to run');
      if (name === undefined) return;
      const { name: _ignored, ...rest } = obj;
      entries.push({ name, value: rest, path: [...path, i] });
    });
  } else {
    const obj = readObject(ctx, raw, path, '{report: {TaskCount: 1}}');
    if (!obj) return undefined;
    for (const name of Object.keys(obj)) entries.push({ name, value: obj[name], path: [...path, name] });
  }
  const out: Target[] = [];
  let valid = true;
  for (const entry of entries) {
    const families = membership.servicesOf.has(entry.name) ? [entry.name] : familiesOf(membership, entry.name);
    if (families.length === 0) {
      ctx.unknownService(entry.name, entry.path, 'x-events Services entry', Array.isArray(raw) ? 'value' : 'key', [...membership.servicesOf.keys()]);
      valid = false;
      continue;
    }
    if (families.length > 1) {
      ctx.error(CODES.INVALID_EVENT_RULE, `service '${entry.name}' is in several families (${families.join(', ')}): which task should the rule run?`, entry.path, `name one of the families instead`, 'key');
      valid = false;
      continue;
    }
    const settings = readObject(ctx, entry.value ?? {}, entry.path, '{TaskCount: 1, DeleteDefaultService: false}');
    if (!settings) {
      valid = false;
      continue;
    }
    checkKeys(ctx, settings, entry.path, EVENT_SERVICE_KEYS);
    const taskCount = settings.TaskCount === undefined ? 1 : readInteger(ctx, settings.TaskCount, [...entry.path, 'TaskCount'], 1, MAX_TASK_COUNT);
    const deleteService = settings.DeleteDefaultService === undefined ? false : readBoolean(ctx, settings.DeleteDefaultService, [...entry.path, 'DeleteDefaultService']);
    if (taskCount === undefined || deleteService === undefined) {
      valid = false;
      continue;
    }
    out.push({ family: families[0], taskCount, deleteService, path: entry.path });
  }
  return valid ? out : undefined;
}

/**
 * What a family run by a rule cannot have: a family without an ECS service cannot be behind the
 * load balancer (CX3331); its x-scaling is ignored, as ECS ComposeX ignores it (CX3334, said at each
 * x-scaling of the family); one that others call is not reachable when it only runs as a task
 * (CX3332); a scheduled task that calls other families cannot use Service Connect (CX3333).
 */
export function checkScheduledFamilies(
  ctx: ResolveContext,
  events: EventsResult,
  ingress: readonly IngressRule[],
  publishedFamilies: ReadonlySet<string>,
  scalingPaths: ReadonlyMap<string, readonly Path[]>,
): void {
  for (const [family, path] of events.withoutService) {
    if (publishedFamilies.has(family)) {
      ctx.error(
        CODES.SCHEDULED_FAMILY_NEEDS_SERVICE,
        `family '${family}' would have no ECS service (DeleteDefaultService), but it publishes ports behind the load balancer, which needs a running service`,
        [...path, 'DeleteDefaultService'],
        'remove its published ports (use expose), or keep the service',
      );
    }
    // ECS ComposeX (ecs_composex/events/events_ecs.py, define_service_targets) deletes the ECS
    // service, then its scalable target and scaling policies ("Target for event ... also had
    // scaling rules. Deleting"): a family that only runs when the rule fires has nothing to scale.
    for (const at of scalingPaths.get(family) ?? []) {
      ctx.warning(
        CODES.SCHEDULED_FAMILY_SCALING_IGNORED,
        `${describePath(at)} is ignored: family '${family}' has no ECS service (DeleteDefaultService: true at ${describePath(path)}), so there is nothing to scale; as in ECS ComposeX, no scalable target, scaling policy or scheduled action is created, and each time the rule fires it starts its TaskCount of tasks`,
        at,
        `remove x-scaling from '${at[1]}', or keep the family's ECS service (DeleteDefaultService: false) to scale it`,
        'key',
      );
    }
    const callers = [...new Set(ingress.filter((r) => r.target.kind === 'family' && r.target.family === family && r.source.kind === 'family').map((r) => (r.source.kind === 'family' ? r.source.family : '')))].sort(compareStrings);
    if (callers.length > 0) {
      ctx.warning(
        CODES.SCHEDULED_FAMILY_CALLED,
        `family '${family}' has no ECS service (DeleteDefaultService), yet ${callers.map((c) => `'${c}'`).join(', ')} may call it: a task a rule starts is not in Service Connect, so its name does not resolve`,
        [...path, 'DeleteDefaultService'],
        `remove the calls (depends_on, links, x-network ingress) to '${family}', or keep its service`,
      );
    }
  }
  const seen = new Set<string>();
  for (const task of events.scheduledTasks) {
    if (seen.has(task.family)) continue;
    seen.add(task.family);
    const callees = [...new Set(ingress.filter((r) => r.source.kind === 'family' && r.source.family === task.family && r.target.kind === 'family').map((r) => (r.target.kind === 'family' ? r.target.family : '')))].sort(compareStrings);
    if (callees.length === 0) continue;
    ctx.warning(
      CODES.SCHEDULED_TASK_NO_SERVICE_CONNECT,
      `the tasks rule '${task.rule}' starts for family '${task.family}' are not ECS service tasks, so they get no Service Connect: the names of ${callees.map((c) => `'${c}'`).join(', ')} do not resolve in them`,
      task.path,
      'have the task reach those services another way (a load balancer, an x- resource such as a queue), or let an ECS service of the family do the calls',
      'key',
    );
  }
}
