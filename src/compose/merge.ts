/**
 * Merging of Compose documents (several `-f` files, override files, and `extends`), by the rules of
 * https://docs.docker.com/reference/compose-file/merge/ as compose-go implements them
 * (`override/merge.go`, `override/uncity.go`, `loader/reset.go`).
 *
 * The rules are data: `MERGE_RULES` maps a path pattern (`services.*.ports`) to the function that
 * merges the value found there. Paths with no rule get the default: mappings are merged key by key
 * (recursively), scalars and sequences are replaced by the override.
 *
 * Inputs have services already rewritten to canonical long syntax (`types.ts`), so the rules work
 * on one shape per key; the key/value and extra_hosts rules still accept the list syntax so that
 * top-level resources (which are not normalized before merging) merge correctly too.
 *
 * `!reset` (a `ResetTag`) on a key removes it from the result; `!override` (an `OverrideTag`)
 * replaces the base value whole. The result holds no marker and shares no object with its inputs.
 */
import type { Path } from './source-map';
import { isOverride, isPlainObject, isReset } from './tags';
import { setOwn } from './yaml';

/**
 * Merges the value `override` onto `base` at `path`. `base` is marker-free and owned by the merger
 * (it may be reused in the result); `override` may hold markers and must be copied. `base` is
 * `undefined` when the key is new. Returning `undefined` removes the key.
 */
export type MergeFn = (base: unknown, override: unknown, path: Path) => unknown;

type Mapping = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Entry points

/** Merges `override` onto `base` (two whole Compose documents). Pure: inputs are never mutated. */
export function mergeDocuments(base: unknown, override: unknown): unknown {
  return mergeAt([], plain(base), override) ?? {};
}

/** Merges one service onto another by the same rules (for `extends`: the local service overrides). */
export function mergeService(base: unknown, override: unknown): unknown {
  return mergeAt(SERVICE_PATH, plain(base), override) ?? {};
}

/** The path a lone service is merged at; the name segment matches any `*`. */
const SERVICE_PATH: Path = ['services', '*'];

// ---------------------------------------------------------------------------------------------
// Merge functions

/** The value of the override, whole (`command`, `entrypoint`, `healthcheck.test`, scalars). */
const replace: MergeFn = (_base, override) => plain(override);

/** Mappings merged key by key, recursively; a key only in one side is kept as it is. */
const mergeMapping: MergeFn = (base, override, path) => {
  if (!isPlainObject(override)) return plain(override);
  const out: Mapping = {};
  if (isPlainObject(base)) for (const k of Object.keys(base)) setOwn(out, k, base[k]);
  for (const k of Object.keys(override)) {
    const existing = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    const merged = mergeAt([...path, k], existing, override[k]);
    if (merged === undefined) delete out[k];
    else setOwn(out, k, merged);
  }
  return out;
};

/**
 * The default: mappings merged recursively, anything else replaced. An override of `null` keeps the
 * base (compose-go: "setting a list-or-mapping attribute to null leaves the base value in place").
 */
const mergeDefault: MergeFn = (base, override, path) => {
  if (override === null) return base === undefined ? null : base;
  if (isPlainObject(override) && (base === undefined || base === null || isPlainObject(base))) {
    return mergeMapping(base, override, path);
  }
  return plain(override);
};

/**
 * String mappings (`environment`, `labels`, `build.args`, …) merged per key, the override's value
 * replacing the base's even when it is `null` ("declared but unset" wins over a value). List syntax
 * (`KEY=value`) is accepted and turned into a mapping.
 */
const mergeKeyValue: MergeFn = (base, override) => {
  if (!isPlainObject(override) && !Array.isArray(override)) return plain(override);
  const out = toKeyValueMap(base);
  const entries = isPlainObject(override) ? override : toKeyValueMap(plain(override));
  for (const k of Object.keys(entries)) {
    const v = entries[k];
    if (isReset(v)) delete out[k];
    else setOwn(out, k, plain(v));
  }
  return out;
};

/** Logging: options are merged only when both sides name the same driver (or one names none). */
const mergeLogging: MergeFn = (base, override, path) => {
  if (isPlainObject(base) && isPlainObject(override)) {
    const baseDriver = base.driver;
    const overrideDriver = isOverride(override.driver) ? override.driver.value : override.driver;
    const bothNamed = baseDriver !== undefined && overrideDriver !== undefined && !isReset(override.driver);
    if (bothNamed && baseDriver !== overrideDriver) return plain(override);
  }
  return mergeDefault(base, override, path);
};

/** `extra_hosts` (`host → addresses`): per host, the union of the addresses, base first. */
const mergeExtraHosts: MergeFn = (base, override) => {
  const out: Mapping = {};
  const add = (hosts: Mapping) => {
    for (const host of Object.keys(hosts)) {
      const addresses = Object.prototype.hasOwnProperty.call(out, host) ? (out[host] as unknown[]) : [];
      const next = [...addresses];
      for (const a of asList(hosts[host])) if (!next.includes(a)) next.push(a);
      setOwn(out, host, next);
    }
  };
  if (!isPlainObject(override) && !Array.isArray(override)) return plain(override);
  add(toHostMap(base));
  add(toHostMap(plain(override)));
  // `host: !reset` drops the host's addresses from every file.
  if (isPlainObject(override)) for (const host of Object.keys(override)) if (isReset(override[host])) delete out[host];
  return out;
};

/**
 * A sequence whose items are identified by a key: the override's items are appended, and an item
 * whose key is already there replaces it in place (compose-go `EnforceUnicity`: base order first,
 * last definition wins). Items without a key (`keyOf` gives `undefined`) are always appended.
 * With `mergeItems`, an item replacing another is merged onto it rather than replacing it whole.
 */
function keyedSequence(keyOf: (item: unknown) => string | undefined, mergeItems = false): MergeFn {
  return (base, override, path) => {
    if (override !== undefined && override !== null && !Array.isArray(override)) return plain(override);
    const items = [...asList(base), ...asList(plain(override))];
    const out: unknown[] = [];
    const positions = new Map<string, number>();
    for (const item of items) {
      const key = keyOf(item);
      const at = key === undefined ? undefined : positions.get(key);
      if (at === undefined) {
        if (key !== undefined) positions.set(key, out.length);
        out.push(item);
      } else {
        out[at] = mergeItems ? mergeDefault(out[at], item, [...path, at]) : item;
      }
    }
    return out;
  };
}

/** Sequences whose equal items are meaningless twice (`cap_add`, `dns`, `profiles`, …). */
const appendUnique = keyedSequence(identity);

/** Sequences where order and repetition matter (lifecycle hooks): base items, then the override's. */
const append: MergeFn = (base, override) => {
  if (override !== undefined && override !== null && !Array.isArray(override)) return plain(override);
  return [...asList(base), ...asList(plain(override))];
};

// ---------------------------------------------------------------------------------------------
// Item keys (compose-go `uncity.go` indexers)

/** A published port is the same port when host IP, published port, target and protocol agree. */
function portKey(item: unknown): string | undefined {
  if (!isPlainObject(item)) return identity(item);
  const hostIp = item.host_ip ?? '0.0.0.0';
  return `${String(hostIp)}:${String(item.published ?? '')}:${String(item.target)}/${String(item.protocol ?? 'tcp')}`;
}

/** Mounts (volumes, devices) are identified by where they appear in the container. */
function targetKey(item: unknown): string | undefined {
  if (isPlainObject(item)) return typeof item.target === 'string' ? item.target : undefined;
  return identity(item);
}

/** Secrets and configs are identified by their mount path, defaulted as Compose does. */
function fileReferenceKey(defaultDir: string): (item: unknown) => string | undefined {
  return (item) => {
    if (!isPlainObject(item)) return `${defaultDir}/${String(item)}`;
    const target = item.target;
    if (typeof target === 'string') return target.startsWith('/') ? target : `${defaultDir}/${target}`;
    return `${defaultDir}/${String(item.source)}`;
  };
}

function envFileKey(item: unknown): string | undefined {
  if (isPlainObject(item)) return typeof item.path === 'string' ? item.path : undefined;
  return identity(item);
}

/** Devices in string form are `host[:container[:permissions]]`; the container path identifies them. */
function deviceKey(item: unknown): string | undefined {
  if (typeof item === 'string') {
    const parts = item.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return targetKey(item);
}

/** tmpfs mounts (`/path[:options]`) are identified by their path. */
function tmpfsKey(item: unknown): string | undefined {
  return typeof item === 'string' ? item.split(':')[0] : identity(item);
}

function subnetKey(item: unknown): string | undefined {
  return isPlainObject(item) && typeof item.subnet === 'string' ? item.subnet : undefined;
}

/** Equal values get equal keys (mapping keys sorted, so `{a,b}` equals `{b,a}`). */
function identity(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  return JSON.stringify(item, (_k, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

// ---------------------------------------------------------------------------------------------
// The rules

const secretKey = fileReferenceKey('/run/secrets');
const configKey = fileReferenceKey('');

/**
 * Path pattern → merge function. `*` matches any one key; the most specific pattern (most literal
 * segments) wins. Anything not listed: mappings merge recursively, everything else is replaced.
 */
export const MERGE_RULES: readonly (readonly [pattern: string, merge: MergeFn])[] = [
  // Shell commands are replaced, never appended (merge.md "Exceptions").
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],

  // String mappings merged per key, the override winning.
  ['services.*.environment', mergeKeyValue],
  ['services.*.labels', mergeKeyValue],
  ['services.*.annotations', mergeKeyValue],
  ['services.*.sysctls', mergeKeyValue],
  ['services.*.storage_opt', mergeKeyValue],
  ['services.*.deploy.labels', mergeKeyValue],
  ['services.*.build.args', mergeKeyValue],
  ['services.*.build.labels', mergeKeyValue],
  ['services.*.build.additional_contexts', mergeKeyValue],
  ['networks.*.labels', mergeKeyValue],
  ['networks.*.driver_opts', mergeKeyValue],
  ['networks.*.ipam.options', mergeKeyValue],
  ['volumes.*.labels', mergeKeyValue],
  ['volumes.*.driver_opts', mergeKeyValue],
  ['secrets.*.labels', mergeKeyValue],
  ['configs.*.labels', mergeKeyValue],
  // Each limit (`nofile: {soft, hard}`) is replaced whole.
  ['services.*.ulimits', mergeKeyValue],

  // Mappings of named entries merged per entry (recursively).
  ['services.*.depends_on', mergeMapping],
  ['services.*.networks', mergeMapping],
  ['services.*.logging', mergeLogging],
  ['services.*.extra_hosts', mergeExtraHosts],
  ['services.*.build.extra_hosts', mergeExtraHosts],

  // Unique resources: merged by their key, the override's definition winning in place.
  ['services.*.ports', keyedSequence(portKey)],
  ['services.*.volumes', keyedSequence(targetKey)],
  ['services.*.secrets', keyedSequence(secretKey)],
  ['services.*.configs', keyedSequence(configKey)],
  ['services.*.env_file', keyedSequence(envFileKey)],
  ['services.*.devices', keyedSequence(deviceKey)],
  ['services.*.tmpfs', keyedSequence(tmpfsKey)],
  ['networks.*.ipam.config', keyedSequence(subnetKey, true)],

  // Sets: appended, each value once.
  ['services.*.expose', appendUnique],
  ['services.*.dns', appendUnique],
  ['services.*.dns_search', appendUnique],
  ['services.*.dns_opt', appendUnique],
  ['services.*.cap_add', appendUnique],
  ['services.*.cap_drop', appendUnique],
  ['services.*.security_opt', appendUnique],
  ['services.*.profiles', appendUnique],
  ['services.*.links', appendUnique],
  ['services.*.external_links', appendUnique],
  ['services.*.group_add', appendUnique],
  ['services.*.volumes_from', appendUnique],
  ['services.*.device_cgroup_rules', appendUnique],
  ['services.*.label_file', appendUnique],
  ['services.*.networks.*.aliases', appendUnique],
  ['services.*.networks.*.link_local_ips', appendUnique],
  ['services.*.build.tags', appendUnique],
  ['services.*.build.cache_from', appendUnique],
  ['services.*.build.cache_to', appendUnique],
  ['services.*.build.platforms', appendUnique],
  ['services.*.deploy.placement.constraints', appendUnique],

  // Ordered lists: appended as they are.
  ['services.*.post_start', append],
  ['services.*.pre_stop', append],
];

interface CompiledRule {
  readonly segments: readonly string[];
  readonly specificity: number;
  readonly merge: MergeFn;
}

/** Rules indexed by their last segment (`*` included), so a lookup only tries a few. */
const RULES_BY_LAST_SEGMENT: ReadonlyMap<string, readonly CompiledRule[]> = (() => {
  const index = new Map<string, CompiledRule[]>();
  for (const [pattern, merge] of MERGE_RULES) {
    const segments = pattern.split('.');
    const rule = { segments, specificity: segments.filter((s) => s !== '*').length, merge };
    const last = segments[segments.length - 1];
    index.set(last, [...(index.get(last) ?? []), rule]);
  }
  return index;
})();

/** The merge function for `path`: the most specific matching rule, else the default. */
export function ruleFor(path: Path): MergeFn {
  if (path.length === 0) return mergeDefault;
  const last = String(path[path.length - 1]);
  const candidates = [...(RULES_BY_LAST_SEGMENT.get(last) ?? []), ...(RULES_BY_LAST_SEGMENT.get('*') ?? [])];
  let best: CompiledRule | undefined;
  for (const rule of candidates) {
    if (rule.segments.length !== path.length) continue;
    if (!rule.segments.every((s, i) => s === '*' || s === String(path[i]))) continue;
    if (!best || rule.specificity > best.specificity) best = rule;
  }
  return best?.merge ?? mergeDefault;
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/** Merges at `path`, consuming the markers first: `!reset` removes, `!override` replaces whole. */
function mergeAt(path: Path, base: unknown, override: unknown): unknown {
  if (isReset(override)) return undefined;
  if (isOverride(override)) return plain(override.value);
  const merge = ruleFor(path);
  // `null` leaves the base in place, except where the rule is to replace.
  if (override === null && merge !== replace) return base === undefined ? null : base;
  return merge(base, override, path);
}

/**
 * A marker-free deep copy: `!reset` entries disappear (`undefined` when the value itself is one),
 * `!override` unwraps. Like `stripTags`, but writes keys with `setOwn` (a `__proto__` key stays data).
 */
function plain(value: unknown): unknown {
  if (isReset(value)) return undefined;
  if (isOverride(value)) return plain(value.value);
  if (Array.isArray(value)) return value.filter((v) => !isReset(v)).map(plain);
  if (isPlainObject(value)) {
    const out: Mapping = {};
    for (const k of Object.keys(value)) {
      const v = plain(value[k]);
      if (v !== undefined) setOwn(out, k, v);
    }
    return out;
  }
  return value;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}

/** `KEY=value` / `KEY` list items (or a mapping, copied) → a mapping; `KEY` alone maps to `null`. */
function toKeyValueMap(value: unknown): Mapping {
  const out: Mapping = {};
  if (isPlainObject(value)) {
    for (const k of Object.keys(value)) setOwn(out, k, value[k]);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq < 0) setOwn(out, text, null);
      else setOwn(out, text.slice(0, eq), text.slice(eq + 1));
    }
  }
  return out;
}

/** `extra_hosts` as `host → addresses`, from the mapping or the `host=ip` / `host:ip` list form. */
function toHostMap(value: unknown): Mapping {
  const out: Mapping = {};
  const add = (host: string, addresses: unknown[]) => {
    const existing = Object.prototype.hasOwnProperty.call(out, host) ? (out[host] as unknown[]) : [];
    setOwn(out, host, [...existing, ...addresses]);
  };
  if (isPlainObject(value)) {
    for (const host of Object.keys(value)) add(host, asList(value[host]));
  } else if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const sep = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
      if (sep < 0) add(text, []);
      else add(text.slice(0, sep), [text.slice(sep + 1)]);
    }
  }
  return out;
}
