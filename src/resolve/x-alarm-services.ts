/**
 * `Services` of a top-level x-alarms entry, as ECS ComposeX means it: the services (or families)
 * the alarm acts on, each with its `Scaling` (ECS ComposeX's alarms/alarms_ecs.py
 * `handle_service_scaling`: a step scaling policy as the ALARM action, a policy back to the minimum
 * as the OK action) and an `Access` that grants nothing (its `handle_services_alarm_access` is
 * empty; the published examples write `Access: NA`).
 *
 *   x-alarms:
 *     lag:
 *       Properties: {Namespace: lag-metrics, MetricName: TotalLag, …, Threshold: 1, ComparisonOperator: GreaterThanOrEqualToThreshold}
 *       Services:
 *         consumer:
 *           Access: NA
 *           Scaling:
 *             ScaleInCooldown: 60
 *             Steps:                      # relative to the threshold: metric − Threshold
 *               - {LowerBound: 0, UpperBound: 1000, Count: 1}
 *               - {LowerBound: 1000, Count: 3}
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { QueueScaling } from './model';
import { checkKeys, isPlainObject, readObject, readString } from './readers';
import { readQueueScaling } from './resources/sqs-scaling';

export const ALARM_SERVICE_KEYS = ['Access', 'Scaling'];
/**
 * The list form's own spelling, as the other kinds' list form takes it (resources/common.ts):
 * `[{name: api, access: NA, scaling: {...}}]`.
 */
const LIST_FORM_KEYS = ['access', 'scaling'];
/** The one access an alarm's service entry can have: none (ECS ComposeX's `NA`). */
const NO_ACCESS = 'NA';

export interface AlarmServiceEntry {
  /** The service or family name as written, and where. */
  readonly name: string;
  readonly path: Path;
  /** The families it stands for (a service in several families: each). */
  readonly families: readonly string[];
  readonly scaling?: QueueScaling;
}

/** `Services: {name: {Access, Scaling}}` or ECS ComposeX's list `[{Name: name, …}]`. */
export function readAlarmServices(ctx: ResolveContext, raw: unknown, path: Path, membership: Membership): AlarmServiceEntry[] | undefined {
  const written: { name: string; path: Path; entry: Record<string, unknown> }[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const obj = readObject(ctx, item, [...path, i], '{Name: api}');
      if (!obj) return;
      checkKeys(ctx, obj, [...path, i], ['Name', 'name', ...ALARM_SERVICE_KEYS, ...LIST_FORM_KEYS.filter((k) => obj[capitalized(k)] === undefined)]);
      const name = readString(ctx, obj.Name ?? obj.name, [...path, i, obj.Name !== undefined ? 'Name' : 'name'], 'the service or family');
      if (name !== undefined) written.push({ name, path: [...path, i], entry: listFormEntry(ctx, obj, [...path, i]) });
    });
  } else {
    const obj = readObject(ctx, raw, path, '{api: {Scaling: {Steps: [...]}}}');
    if (!obj) return undefined;
    for (const name of Object.keys(obj)) {
      const entry = obj[name] ?? {};
      if (!isPlainObject(entry)) {
        readObject(ctx, entry, [...path, name], '{Scaling: {Steps: [...]}}');
        continue;
      }
      checkKeys(ctx, entry, [...path, name], ALARM_SERVICE_KEYS);
      written.push({ name, path: [...path, name], entry });
    }
  }
  const out: AlarmServiceEntry[] = [];
  let valid = true;
  for (const { name, path: at, entry } of written) {
    const families = membership.servicesOf.has(name) ? [name] : familiesOf(membership, name);
    if (families.length === 0) {
      ctx.unknownService(name, at, 'x-alarms Services entry', Array.isArray(raw) ? 'value' : 'key', [...membership.servicesOf.keys()]);
      valid = false;
      continue;
    }
    if (entry.Access !== undefined && entry.Access !== NO_ACCESS) {
      ctx.warning(
        CODES.ALARM_ACCESS_IGNORED,
        `${describePath([...at, 'Access'])} is ${JSON.stringify(entry.Access)}, but an alarm gives a service no IAM access (ECS ComposeX ignores it too): nothing is granted`,
        [...at, 'Access'],
        `write Access: ${NO_ACCESS}, or remove it`,
      );
    }
    let scaling: QueueScaling | undefined;
    if (entry.Scaling !== undefined) {
      scaling = readQueueScaling(ctx, entry.Scaling, [...at, 'Scaling'], 'alarm');
      if (!scaling) {
        valid = false;
        continue;
      }
    }
    out.push({ name, path: at, families: [...families].sort(), ...(scaling ? { scaling } : {}) });
  }
  return valid ? out : undefined;
}

const capitalized = (key: string) => key[0].toUpperCase() + key.slice(1);

/** A list-form entry with `access` / `scaling` read as `Access` / `Scaling` (positions kept); with both spellings the lower-case key is unknown (CX3301). */
function listFormEntry(ctx: ResolveContext, obj: Record<string, unknown>, path: Path): Record<string, unknown> {
  const out = { ...obj };
  for (const key of LIST_FORM_KEYS) {
    const current = capitalized(key);
    if (obj[key] === undefined || obj[current] !== undefined) continue;
    out[current] = obj[key];
    delete out[key];
    ctx.project.sourceMap.aliasTree([...path, key], [...path, current]);
  }
  return out;
}
