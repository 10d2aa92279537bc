/**
 * Canonical form of one service: every short syntax rewritten to its long form and every unit
 * converted, as compose-go does in `transform/*.go` (before merging) and in the decoding of its
 * `types` package. The input is one service's mapping, already interpolated and schema-valid; the
 * output has the shapes of `ServiceConfig` (types.ts) for every key it touches and keeps every
 * other key as it was, in the same order.
 *
 * Rules are data: `RULES` maps a path pattern inside the service (`ports`, `volumes.[]`,
 * `deploy.resources.*.memory`, …; `*` is any mapping key except `x-*`, `[]` any list index) to the
 * function that rewrites the value found there, the way compose-go's `transform/canonical.go`
 * does. A rule that produces a mapping calls `Walker.children` so deeper rules apply too.
 *
 * What this module deliberately does not do (the loader does it after merging, because a default
 * filled in here would win over a value from an earlier file): add `networks: {default: null}`,
 * empty lists or maps for absent keys, `build.context` when a build mapping has none, secret and
 * config targets, or the service `name`. It never reads files (env files are read by the loader).
 *
 * `!reset` / `!override` markers (tags.ts) may appear at any value; a `ResetTag` is passed through
 * unchanged in place, an `OverrideTag`'s inner value is canonicalized and re-wrapped. In a list
 * rewritten to a mapping (`environment: ["A=1"]`), a tagged entry keeps its tag on its key's value.
 *
 * An invalid value is reported and left out of the output (so the output always has the declared
 * shapes); every problem is reported, nothing throws.
 *
 * Differences from compose-go, on purpose:
 * - a string `command`/`entrypoint` with an unquoted shell operator (`&&`, `|`, `;`, `>`, …) is an
 *   error: go-shellwords stops at the operator and Compose silently runs only the words before it;
 * - unknown short-syntax volume options are an error (compose-go ignores them); `cached`,
 *   `delegated`, `consistent` become `consistency`;
 * - a port range expands in numeric order (compose-go sorts "10000/tcp" before "9999/tcp");
 * - `sctp` ports are rejected (ECS port mappings are tcp or udp);
 * - Windows paths (`C:\…`) are not recognized in volume short syntax.
 *
 * The rules live in `transform/`, one file per concern: `scalars.ts` (booleans, numbers, units),
 * `mappings.ts` (lists and mappings), `commands.ts` and `shell-words.ts`, `ports.ts`,
 * `volumes.ts` and `paths.ts`; `walker.ts` applies them.
 *
 * Diagnostic codes (CX1250–CX1264 in `codes.ts`; CX1201… belong to schema validation):
 * - CX1250 invalid port (`ports`)
 * - CX1251 invalid `expose` entry
 * - CX1252 invalid volume (short or long syntax)
 * - CX1253 invalid duration
 * - CX1254 invalid size (bytes)
 * - CX1255 invalid number of CPUs
 * - CX1256 a string `command` / `entrypoint` that cannot be split into arguments
 * - CX1257 invalid `healthcheck.test`
 * - CX1258 invalid `KEY=VALUE` entry (environment, labels, sysctls, build args, …)
 * - CX1259 invalid `extra_hosts` entry
 * - CX1260 invalid ulimit
 * - CX1261 invalid file mode
 * - CX1262 invalid boolean
 * - CX1263 invalid number
 * - CX1264 a value of a type the key does not accept (normally caught by the schema first)
 */
import type { Diagnostic } from '../diagnostics';
import type { Path } from './source-map';
import { command, healthcheck, healthcheckTest } from './transform/commands';
import { dependsOn, envFiles, environmentMap, extraHosts, fileReference, labelMap, loggingOptions, networks, stringOrList, ulimit } from './transform/mappings';
import { expose, ports } from './transform/ports';
import { deviceMapping, deviceRequest, gpus } from './transform/devices';
import { sizeText, toBoolean, toBytes, toCount, toCpus, toDuration, toFileMode, toFloat, toInteger, toSwapBytes, toText } from './transform/scalars';
import { additionalContexts, build, buildContext, volume } from './transform/volumes';
import { CanonicalContext, Rule, RuleTable, Walker } from './transform/walker';

// Moved to their own modules; re-exported so existing imports keep working.
export { CANONICAL_CODES } from './codes';
export { parsePortSpec } from './transform/ports';
export { splitShellWords } from './transform/shell-words';
export { resolveHostPath } from './transform/paths';
export { parseVolumeSpec } from './transform/volumes';
export type { CanonicalContext, Parsed } from './transform/walker';

export interface CanonicalResult {
  readonly service: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Rewrites one service to canonical long syntax. Never mutates `raw`. */
export function canonicalService(name: string, raw: Record<string, unknown>, ctx: CanonicalContext): CanonicalResult {
  const walker = new Walker(name, ctx, RULE_TABLE);
  const service = walker.children(raw, []) as Record<string, unknown>;
  return { service, diagnostics: walker.diagnostics };
}

// The rule table: path inside a service → rule. `*` is any mapping key but `x-*`, `[]` any index.

export const RULES: ReadonlyArray<readonly [pattern: string, rule: Rule]> = [
  // shell words
  ['command', command],
  ['entrypoint', command],
  // a string is a one-item list
  ['dns', stringOrList],
  ['dns_search', stringOrList],
  ['tmpfs', stringOrList],
  ['cap_add', stringOrList],
  ['cap_drop', stringOrList],
  // KEY=VALUE lists to mappings
  ['environment', environmentMap],
  ['labels', labelMap],
  ['annotations', labelMap],
  ['sysctls', labelMap],
  ['extra_hosts', extraHosts],
  ['ulimits.*', ulimit],
  // references to other things
  ['depends_on', dependsOn],
  ['depends_on.*.required', toBoolean],
  ['depends_on.*.restart', toBoolean],
  ['networks', networks],
  ['networks.*.priority', toInteger],
  ['networks.*.gw_priority', toInteger],
  ['env_file', envFiles],
  ['secrets.[]', fileReference],
  ['secrets.[].mode', toFileMode],
  ['secrets.[].uid', toText],
  ['secrets.[].gid', toText],
  ['configs.[]', fileReference],
  ['configs.[].mode', toFileMode],
  ['configs.[].uid', toText],
  ['configs.[].gid', toText],
  // ports and volumes
  ['ports', ports],
  ['expose', expose],
  ['volumes.[]', volume],
  ['volumes.[].read_only', toBoolean],
  ['volumes.[].bind.create_host_path', toBoolean],
  ['volumes.[].volume.nocopy', toBoolean],
  ['volumes.[].volume.labels', labelMap],
  ['volumes.[].tmpfs.size', toBytes],
  ['volumes.[].tmpfs.mode', toFileMode],
  // healthcheck
  ['healthcheck', healthcheck],
  ['healthcheck.test', healthcheckTest],
  ['healthcheck.interval', toDuration],
  ['healthcheck.timeout', toDuration],
  ['healthcheck.start_period', toDuration],
  ['healthcheck.start_interval', toDuration],
  ['healthcheck.retries', toInteger],
  ['healthcheck.disable', toBoolean],
  // resources
  ['cpus', toCpus],
  ['mem_limit', toBytes],
  ['mem_reservation', toBytes],
  ['memswap_limit', toSwapBytes],
  ['shm_size', toBytes],
  // storage options stay strings, as compose-go keeps them (map[string]string): "20G", not bytes
  ['storage_opt.size', sizeText],
  // devices and GPUs
  ['devices.[]', deviceMapping],
  ['gpus', gpus],
  ['gpus.[]', deviceRequest],
  ['deploy.resources.reservations.devices.[]', deviceRequest],
  // lifecycle hooks: shell words and KEY=VALUE lists, like the service's own command and environment
  ['post_start.[].command', command],
  ['post_start.[].environment', environmentMap],
  ['post_start.[].privileged', toBoolean],
  ['pre_stop.[].command', command],
  ['pre_stop.[].environment', environmentMap],
  ['pre_stop.[].privileged', toBoolean],
  ['stop_grace_period', toDuration],
  // deploy
  ['deploy.replicas', toCount],
  ['deploy.labels', labelMap],
  ['deploy.resources.*.cpus', toCpus],
  ['deploy.resources.*.memory', toBytes],
  ['deploy.resources.*.pids', toInteger],
  ['deploy.update_config.parallelism', toInteger],
  ['deploy.update_config.delay', toDuration],
  ['deploy.update_config.monitor', toDuration],
  ['deploy.update_config.max_failure_ratio', toFloat],
  ['deploy.rollback_config.parallelism', toInteger],
  ['deploy.rollback_config.delay', toDuration],
  ['deploy.rollback_config.monitor', toDuration],
  ['deploy.rollback_config.max_failure_ratio', toFloat],
  ['deploy.restart_policy.delay', toDuration],
  ['deploy.restart_policy.window', toDuration],
  ['deploy.restart_policy.max_attempts', toInteger],
  ['deploy.placement.max_replicas_per_node', toInteger],
  // build
  ['build', build],
  ['build.context', buildContext],
  ['build.args', environmentMap],
  ['build.labels', labelMap],
  ['build.additional_contexts', additionalContexts],
  ['build.extra_hosts', extraHosts],
  ['build.shm_size', toBytes],
  ['build.ulimits.*', ulimit],
  ['build.secrets.[]', fileReference],
  ['build.secrets.[].mode', toFileMode],
  ['build.no_cache', toBoolean],
  ['build.pull', toBoolean],
  ['build.privileged', toBoolean],
  // logging
  ['logging.options', loggingOptions],
  // booleans and numbers that may be written as strings (compose-go's interpolation type casts)
  ['init', toBoolean],
  ['privileged', toBoolean],
  ['read_only', toBoolean],
  ['stdin_open', toBoolean],
  ['tty', toBoolean],
  ['oom_kill_disable', toBoolean],
  ['pids_limit', toInteger],
  ['scale', toCount],
  ['cpu_count', toInteger],
  ['cpu_percent', toFloat],
  ['cpu_shares', toInteger],
  ['cpu_quota', toInteger],
  ['cpu_period', toInteger],
  ['oom_score_adj', toInteger],
  ['mem_swappiness', toInteger],
];

const COMPILED = RULES.map(([pattern, rule]) => ({ segments: pattern.split('.'), rule }));

function segmentMatches(pattern: string, segment: string | number): boolean {
  if (pattern === '[]') return typeof segment === 'number';
  if (typeof segment === 'number') return false;
  if (pattern === '*') return !segment.startsWith('x-');
  return pattern === segment;
}

function prefixMatches(segments: readonly string[], at: Path): boolean {
  for (let i = 0; i < at.length; i++) if (!segmentMatches(segments[i], at[i])) return false;
  return true;
}

function ruleAt(at: Path): Rule | undefined {
  return COMPILED.find((r) => r.segments.length === at.length && prefixMatches(r.segments, at))?.rule;
}

function hasRulesBelow(at: Path): boolean {
  return COMPILED.some((r) => r.segments.length > at.length && prefixMatches(r.segments, at));
}

const RULE_TABLE: RuleTable = { ruleAt, hasRulesBelow };
