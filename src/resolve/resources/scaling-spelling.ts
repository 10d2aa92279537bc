/**
 * ECS ComposeX's older spelling of step scaling (x-sqs and x-alarms `Services` entries), read as
 * today's with a warning (CX3329) that shows the entry in today's spelling:
 *
 *   scaling:                          Scaling:
 *     steps:                            Steps:
 *       - lower_bound: 0                  - LowerBound: 0
 *         upper_bound: 10                   UpperBound: 10
 *         count: 1                          Count: 1
 *
 * ECS ComposeX read exactly `steps`, `lower_bound`, `upper_bound` and `count` before it moved to
 * `Steps`, `LowerBound`, `UpperBound`, `Count` (ecs_composex/ecs/ecs_scaling.py at 020401e1,
 * `allowed_keys = ["lower_bound", "upper_bound", "count"]`); its sqs.rst "Scaling Syntax" still
 * shows them. Its published use-cases also write `scaling_in_cooldown` and `scaling_out_cooldown`,
 * which no ECS ComposeX version read (its step policies then had Application Auto Scaling's
 * default cooldown, 300 seconds: StepScalingPolicyConfiguration "If not specified, the default
 * value is 300"); composex reads them as what they say, `ScaleInCooldown` and `ScaleOutCooldown`,
 * and the warning says that ECS ComposeX did not.
 *
 * A key written in both spellings is left as written: the older one is then an unknown key
 * (CX3301, with "did you mean").
 */
import type { Path } from '../../compose/source-map';
import { CODES } from '../codes';
import { describePath, ResolveContext } from '../context';
import { isPlainObject, XObject } from '../readers';

/** Older key → today's, in `Scaling`. */
const OLDER_SCALING_KEYS: Readonly<Record<string, string>> = { steps: 'Steps' };
/** Keys no ECS ComposeX version read, whose meaning is plain: read as today's key. */
const UNREAD_SCALING_KEYS: Readonly<Record<string, string>> = { scaling_in_cooldown: 'ScaleInCooldown', scaling_out_cooldown: 'ScaleOutCooldown' };
/** Older key → today's, in each step. */
const OLDER_STEP_KEYS: Readonly<Record<string, string>> = { lower_bound: 'LowerBound', upper_bound: 'UpperBound', count: 'Count' };

/**
 * `Scaling` with its older keys renamed (positions kept through the source map), and the warning
 * that says so; the object itself when it has none.
 */
export function withCurrentScalingSpelling(ctx: ResolveContext, scaling: XObject, path: Path): XObject {
  const renamed: string[] = [];
  const unread: string[] = [];
  const out = rename(ctx, scaling, path, { ...OLDER_SCALING_KEYS, ...UNREAD_SCALING_KEYS }, (from) => (from in UNREAD_SCALING_KEYS ? unread : renamed).push(from));
  if (Array.isArray(out.Steps)) {
    const stepsPath = [...path, 'Steps'];
    out.Steps = out.Steps.map((step, i) => (isPlainObject(step) ? rename(ctx, step, [...stepsPath, i], OLDER_STEP_KEYS, (from) => renamed.push(from)) : step));
  }
  if (renamed.length === 0 && unread.length === 0) return scaling;
  const older = [...new Set(renamed)];
  const said = [
    ...(older.length > 0 ? [`ECS ComposeX's older spelling ${older.join(', ')}: read as ${older.map((k) => OLDER_SCALING_KEYS[k] ?? OLDER_STEP_KEYS[k]).join(', ')}`] : []),
    ...(unread.length > 0
      ? [`${unread.join(' and ')}, which ECS ComposeX never read (its step policies kept Application Auto Scaling's default cooldown, 300 seconds): read as ${unread.map((k) => UNREAD_SCALING_KEYS[k]).join(' and ')}`]
      : []),
  ];
  ctx.warning(CODES.SCALING_OLDER_SPELLING, `${describePath(path)} is written with ${said.join('; and ')}`, path, `write it as Scaling: ${flow(out)}`, 'key');
  return out;
}

function rename(ctx: ResolveContext, obj: XObject, path: Path, table: Readonly<Record<string, string>>, note: (from: string) => void): XObject {
  if (!Object.keys(obj).some((k) => table[k] !== undefined && obj[table[k]] === undefined)) return obj;
  const out: XObject = {};
  for (const [key, value] of Object.entries(obj)) {
    const current = table[key];
    if (current === undefined || obj[current] !== undefined) {
      out[key] = value;
      continue;
    }
    out[current] = value;
    ctx.project.sourceMap.aliasTree([...path, key], [...path, current]);
    note(key);
  }
  return out;
}

/** A value in YAML flow style, for the hint. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
  return typeof value === 'string' && !/^[\w./-]+$/.test(value) ? JSON.stringify(value) : String(value);
}
