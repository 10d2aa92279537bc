/**
 * Top-level, service and `deploy.update_config` `x-` keys: none is ignored in silence.
 *
 * For each key, in this order:
 * 1. a key composex reads at that level: the stage that owns it reads it;
 * 2. a key ECS ComposeX or Docker's ECS integration defines and composex does not implement
 *    (unsupported-x-keys.ts): an error saying what the deployment would lack (CX1430), or, when
 *    the user accepts rendering without it, a warning (CX1431);
 * 3. a key one edit away from one of those (Damerau-Levenshtein distance 1, or the same letters in
 *    another case: `x-sq`, `x-SQS`, `x-netwrok`): a warning with "did you mean" (CX1432);
 * 4. a key a few edits away (at most one per three letters after `x-`: `x-networking`, ECS
 *    ComposeX's own typo for `x-network`): a warning with "did you mean" (CX1426);
 * 5. any other `x-aws-*` key, in the namespace of Docker's ECS integration: a warning (CX1433);
 * 6. anything else is the user's own extension (an anchor such as `x-common`) and stays free.
 *
 * A key is the user's own, never a near miss (3, 4), when composex reads or refuses it at another
 * level (`x-ecs: &ecs` at the top level), when its value is a YAML anchor or came from one (`&x`,
 * `*x`, a `<<` merge), or when the same key is written at the top level and on a service (an
 * extension field used in both places).
 *
 * Which keys composex reads is given by the caller (the resolve stage owns them), so a resource
 * kind that lands in its registry is read here without a change.
 */
import { closest, Diagnostic, editDistance, error, suggestion, warning } from '../diagnostics';
import type { SourceMap, Path } from './source-map';
import type { ComposeProject } from './types';
import { UNSUPPORTED_KEYS_DOC, UNSUPPORTED_X_KEYS, type UnsupportedXKey, type XKeyLevel } from './unsupported-x-keys';

export const UNSUPPORTED_X_KEY = 'CX1430';
export const UNSUPPORTED_X_KEY_ALLOWED = 'CX1431';
export const NEAR_MISS_X_KEY = 'CX1432';
export const FAR_MISS_X_KEY = 'CX1426';
export const UNKNOWN_DOCKER_ECS_KEY = 'CX1433';

/** The `x-` keys composex reads, per level. */
export type ReadXKeys = Readonly<Record<XKeyLevel, readonly string[]>>;

export interface XKeyCheckOptions {
  /** Render without the keys composex does not implement: a warning each instead of an error. */
  readonly allowUnsupportedKeys?: boolean;
}

/** The CLI flag and the option name users pass, for messages. */
export const ALLOW_FLAG = '--allow-unsupported-keys';

export function checkXKeys(project: ComposeProject, read: ReadXKeys, options: XKeyCheckOptions = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Keys written both at the top level and on a service: an extension field of the user's.
  const topKeys = new Set(Object.keys(project.extensions));
  const serviceKeys = new Set(Object.values(project.services).flatMap((s) => Object.keys(s as object)));
  const shared = new Set([...topKeys].filter((k) => serviceKeys.has(k)));
  const check = (keys: readonly string[], level: XKeyLevel, base: Path, where: string) => {
    for (const key of [...keys].sort()) {
      if (!key.startsWith('x-')) continue;
      const own = shared.has(key) || project.sourceMap.anchored([...base, key]);
      const d = classify(key, level, read, options, project.sourceMap, [...base, key], where, own);
      if (d) diagnostics.push(d);
    }
  };
  check(Object.keys(project.extensions), 'top', [], '');
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name] as unknown as Record<string, unknown>;
    check(Object.keys(service), 'service', ['services', name], ` on service "${name}"`);
    const updateConfig = (service.deploy as { update_config?: unknown } | undefined)?.update_config;
    if (isRecord(updateConfig)) {
      check(Object.keys(updateConfig), 'update_config', ['services', name, 'deploy', 'update_config'], ` in deploy.update_config of service "${name}"`);
    }
  }
  return diagnostics;
}

function classify(
  key: string,
  level: XKeyLevel,
  read: ReadXKeys,
  options: XKeyCheckOptions,
  sourceMap: SourceMap,
  path: Path,
  where: string,
  own: boolean,
): Diagnostic | undefined {
  if (read[level].includes(key)) return undefined;
  const at = sourceMap.key(path);
  const row = UNSUPPORTED_X_KEYS.find((r) => r.key === key && r.level === level);
  if (row) return unsupported(row, options, at, where);

  // A key composex reads or refuses at another level (`x-ecs: &ecs` at the top level) is an
  // anchor of the user's, not a typo of a key of this level (x-efs).
  if (own || LEVELS.some((other) => read[other].includes(key) || UNSUPPORTED_X_KEYS.some((r) => r.key === key && r.level === other))) {
    return key.startsWith('x-aws-') ? unknownDockerKey(key, where, at) : undefined;
  }
  // Keys composex reads first, then the ones it refuses; the same letters in another case first.
  const candidates = [
    ...[...read[level]].sort(),
    ...UNSUPPORTED_X_KEYS.filter((r) => r.level === level && !read[level].includes(r.key))
      .map((r) => r.key)
      .sort(),
  ];
  // Every key composex reads that is as near (`x-sq`: `x-s3` or `x-sqs`), else the first refused one.
  const sameLetters = candidates.find((c) => c.toLowerCase() === key.toLowerCase());
  const nearRead = [...read[level]].sort().filter((c) => nearMiss(key, c));
  const nears = sameLetters ? [sameLetters] : nearRead.length > 0 ? nearRead : candidates.filter((c) => nearMiss(key, c)).slice(0, 1);
  if (nears.length > 0) {
    const near = nears[0];
    const unimplemented = !read[level].includes(near);
    const named = nears.map((n) => `\`${n}\``).join(' or ');
    return warning(
      NEAR_MISS_X_KEY,
      `${key}${where} is not a key composex reads; did you mean ${named}?${unimplemented ? ` (a key of ${rowOf(near, level).tool} that composex does not implement)` : ''}`,
      at,
      `rename it to ${nears.join(' or ')}; if it is an extension of your own, give it a name further from ${nears.join(' and ')}: as written, nothing reads it`,
    );
  }
  const far = fewEditsAway(key, candidates);
  if (far) {
    const unimplemented = !read[level].includes(far);
    return warning(
      FAR_MISS_X_KEY,
      `${key}${where} is not a key composex reads: what it holds is ignored; ${suggestion(key, [far], 'key')}${unimplemented ? ` (a key of ${rowOf(far, level).tool} that composex does not implement)` : ''}`,
      at,
      `rename it to ${far}; if it is an extension of your own, give it an anchor (${key}: &name) or a name further from ${far}`,
    );
  }
  return key.startsWith('x-aws-') ? unknownDockerKey(key, where, at) : undefined;
}

const LEVELS: readonly XKeyLevel[] = ['top', 'service', 'update_config'];

function unknownDockerKey(key: string, where: string, at: ReturnType<SourceMap['key']>): Diagnostic {
  return warning(
    UNKNOWN_DOCKER_ECS_KEY,
    `${key}${where} is in the namespace of Docker's ECS integration, but is not one of its keys composex reads here; it is ignored`,
    at,
    `composex reads x-aws-cluster at the top level, x-aws-protocol and x-aws-healthcheck-path on ports, x-aws-healthcheck-path, x-aws-pull_credentials, x-aws-role, x-aws-policies, x-aws-logs_retention, x-aws-min_percent and x-aws-max_percent on services (the last two also in deploy.update_config); see ${UNSUPPORTED_KEYS_DOC}`,
  );
}

function unsupported(row: UnsupportedXKey, options: XKeyCheckOptions, at: ReturnType<SourceMap['key']>, where: string): Diagnostic {
  const consequence = `without it, ${row.missing}`;
  const instead = row.instead ? `use ${row.instead}, or ` : '';
  if (options.allowUnsupportedKeys) {
    return warning(
      UNSUPPORTED_X_KEY_ALLOWED,
      `${row.key}${where} (${row.tool}) is not implemented by composex and is left out (${ALLOW_FLAG}): ${consequence}`,
      at,
      `${instead}remove it once the deployment does not need it; implementing it in composex: ${row.tracked} (${UNSUPPORTED_KEYS_DOC})`,
    );
  }
  return error(
    UNSUPPORTED_X_KEY,
    `${row.key}${where} is a key of ${row.tool} that composex does not implement: ${consequence}`,
    at,
    `${instead}remove it, or pass ${ALLOW_FLAG} (allowUnsupportedKeys in the library and the CDK construct) to render without it; if it is an extension of your own, rename it. Implementing it in composex: ${row.tracked}; see ${UNSUPPORTED_KEYS_DOC}`,
  );
}

function rowOf(key: string, level: XKeyLevel): UnsupportedXKey {
  return UNSUPPORTED_X_KEYS.find((r) => r.key === key && r.level === level) as UnsupportedXKey;
}

/**
 * The closest candidate (diagnostics' `closest`, the engine of "did you mean") when it is at most
 * one edit per three letters after `x-` away: `x-networking` → `x-network` (3 edits, 10 letters),
 * but not `x-env` → `x-efs` (2 edits, 3 letters), a common anchor name.
 */
export function fewEditsAway(key: string, candidates: readonly string[]): string | undefined {
  const near = closest(key, candidates);
  if (!near) return undefined;
  const limit = Math.max(1, Math.floor((key.length - 2) / 3));
  return editDistance(key.toLowerCase(), near.toLowerCase()) <= limit ? near : undefined;
}

/** One edit away (insertion, deletion, substitution, or two neighbours swapped), or equal ignoring case. */
export function nearMiss(key: string, candidate: string): boolean {
  if (key === candidate) return false;
  if (key.toLowerCase() === candidate.toLowerCase()) return true;
  return withinOneEdit(key, candidate);
}

/** Damerau-Levenshtein (optimal string alignment) distance ≤ 1. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // one transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // one deletion / insertion
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
