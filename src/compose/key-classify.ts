/**
 * Applies the key table of keys.ts to a service: a located error for each rejected key or value
 * (CX1301) and a warning for each ignored one (CX1302).
 */
import { Diagnostic, error, SourceLocation, warning } from '../diagnostics';
import { DEPLOY_KEYS, IGNORED_KEY, isRecord, KeyClass, KeyRule, REJECTED_KEY, SERVICE_KEYS } from './keys';
import type { Path, SourceMap } from './source-map';

/** A key's treatment for one value: the parts value rules found, or the key's own class. */
export interface Finding {
  /** Path of the offending part, relative to the key (empty for the whole value). */
  readonly at: Path;
  readonly class: KeyClass;
  readonly reason: string;
  readonly hint?: string;
}

export function classifyValue(rule: KeyRule, value: unknown): Finding[] {
  const found: Finding[] = [];
  for (const v of rule.values ?? []) {
    for (const at of v.find(value)) found.push({ at, class: v.class, reason: v.reason, ...(v.hint ? { hint: v.hint } : {}) });
  }
  if (found.length > 0) return found;
  return [{ at: [], class: rule.class, reason: rule.reason ?? rule.ecs ?? '', ...(rule.hint ? { hint: rule.hint } : {}) }];
}

/**
 * Reports every rejected (CX1301, error) and ignored (CX1302, warning) key of every service, with
 * its position. Works on raw or normalized services; `x-` keys and keys outside the table (such
 * as the normalized `name`) are left to other checks, and empty values say nothing.
 */
export function classifyServiceKeys(
  services: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  sourceMap: SourceMap,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (!isRecord(service)) continue;
    const base = ['services', name];
    for (const [key, value] of Object.entries(service)) {
      const rule = SERVICE_KEYS[key];
      if (!rule || isEmpty(value)) continue;
      report(diagnostics, name, [key], rule, value, base, sourceMap);
      if (key === 'deploy' && isRecord(value)) {
        for (const [sub, subValue] of Object.entries(value)) {
          const subRule = DEPLOY_KEYS[sub];
          if (subRule && !isEmpty(subValue)) report(diagnostics, name, ['deploy', sub], subRule, subValue, base, sourceMap);
        }
      }
    }
  }
  return diagnostics;
}

function report(out: Diagnostic[], service: string, keyPath: string[], rule: KeyRule, value: unknown, base: Path, sourceMap: SourceMap): void {
  for (const finding of classifyValue(rule, value)) {
    if (finding.class === 'mapped') continue;
    const subject = describePart([...keyPath, ...finding.at], valueAt(value, finding.at));
    const where: SourceLocation | undefined = sourceMap.key([...base, ...keyPath, ...finding.at]);
    if (finding.class === 'rejected') {
      out.push(error(REJECTED_KEY, `${subject} in service "${service}" cannot run on ECS: ${finding.reason}`, where, finding.hint));
    } else {
      out.push(warning(IGNORED_KEY, `${subject} in service "${service}" is ignored: ${finding.reason}`, where, finding.hint));
    }
  }
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
}

function valueAt(value: unknown, at: Path): unknown {
  let v = value;
  for (const p of at) v = Array.isArray(v) ? v[Number(p)] : isRecord(v) ? v[String(p)] : undefined;
  return v;
}

/** `network_mode: "host"`, `volumes[0]: "./data:/data"`, `deploy.resources.limits.pids`. */
function describePart(path: Path, value: unknown): string {
  let name = '';
  for (const p of path) name += typeof p === 'number' ? `[${p}]` : (name ? '.' : '') + p;
  if (typeof value === 'string') return `${name}: ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${name}: ${value}`;
  // A long-syntax mount reads best in its short form.
  if (isRecord(value) && typeof value.target === 'string') {
    return `${name}: ${JSON.stringify(typeof value.source === 'string' ? `${value.source}:${value.target}` : value.target)}`;
  }
  return name;
}
