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
 * Diagnostic codes (CX1250–CX1264; CX1201… belong to schema validation):
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
import { isIP } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Diagnostic, error } from '../diagnostics';
import type { DependsOnConfig, EnvFileConfig, PortConfig, Protocol, ServiceVolumeConfig } from './types';
import type { Path, SourceMap } from './source-map';
import { isOverride, isPlainObject, isReset, OverrideTag } from './tags';
import { parseBytes, parseCpus, parseDuration, parseFileMode } from './units';
import { setOwn } from './yaml';

export interface CanonicalContext {
  /** Directory relative host paths resolve against (absolute). */
  readonly baseDir: string;
  /** The compose file, for diagnostics when the source map has no position. */
  readonly file: string;
  readonly sourceMap: SourceMap;
  /** Path of the service in the document, e.g. `['services', 'web']`. */
  readonly path: Path;
}

export interface CanonicalResult {
  readonly service: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Either a parsed value or what is wrong with the input and how to write it. */
export type Parsed<T> = { readonly value: T } | { readonly error: string; readonly hint: string };

export const CANONICAL_CODES = {
  port: 'CX1250',
  expose: 'CX1251',
  volume: 'CX1252',
  duration: 'CX1253',
  size: 'CX1254',
  cpus: 'CX1255',
  command: 'CX1256',
  healthcheck: 'CX1257',
  keyValue: 'CX1258',
  extraHosts: 'CX1259',
  ulimit: 'CX1260',
  fileMode: 'CX1261',
  boolean: 'CX1262',
  number: 'CX1263',
  type: 'CX1264',
} as const;
const C = CANONICAL_CODES;

/** Rewrites one service to canonical long syntax. Never mutates `raw`. */
export function canonicalService(name: string, raw: Record<string, unknown>, ctx: CanonicalContext): CanonicalResult {
  const walker = new Walker(name, ctx);
  const service = walker.children(raw, []) as Record<string, unknown>;
  return { service, diagnostics: walker.diagnostics };
}

// ---------------------------------------------------------------------------------------------
// The walker: applies RULES by path, handles tags, collects diagnostics.

/** Returned by a rule to leave the value out (it was invalid and has been reported). */
const DROP: unique symbol = Symbol('drop');

type Rule = (value: unknown, at: Path, w: Walker) => unknown;

class Walker {
  readonly diagnostics: Diagnostic[] = [];
  private quiet = 0;

  constructor(
    readonly service: string,
    readonly ctx: CanonicalContext,
  ) {}

  /** Canonical form of `value` found at `at` (a path inside the service). May return DROP. */
  visit(value: unknown, at: Path): unknown {
    if (isReset(value)) return value;
    if (isOverride(value)) {
      const inner = this.visit(value.value, at);
      return inner === DROP ? DROP : new OverrideTag(inner);
    }
    if (value === null || value === undefined) return value;
    const rule = ruleAt(at);
    if (rule) return rule(value, at, this);
    if (hasRulesBelow(at)) return this.children(value, at);
    return value;
  }

  /** A copy of a mapping or list with every child visited (invalid children left out). */
  children(value: unknown, at: Path): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const v = this.visit(item, [...at, i]);
        if (v !== DROP) out.push(v);
      });
      return out;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const v = this.visit(item, [...at, key]);
        if (v !== DROP) setOwn(out, key, v);
      }
      return out;
    }
    return value;
  }

  /** Reports a problem with the value at `at`. */
  report(code: string, at: Path, problem: string, hint: string): void {
    if (this.quiet > 0) return;
    const where = fieldName(at);
    const message = `service "${this.service}": ${where ? where + ': ' : ''}${problem}`;
    const loc = this.ctx.sourceMap.value([...this.ctx.path, ...at]);
    const d = error(code, message, loc, hint);
    this.diagnostics.push(loc ? d : { ...d, file: this.ctx.file });
  }

  /** Reports a value whose type the key does not take; returns DROP. */
  wrongType(at: Path, value: unknown, expected: string): typeof DROP {
    this.report(C.type, at, `expected ${expected}, got ${describe(value)}`, `see the Compose specification for "${fieldName(at)}"`);
    return DROP;
  }

  /** Runs `fn` without reporting (for the content of `!reset` entries, which is discarded). */
  quietly<T>(fn: () => T): T {
    this.quiet++;
    try {
      return fn();
    } finally {
      this.quiet--;
    }
  }
}

/** `ports[0].target`, `deploy.resources.limits.memory` */
function fieldName(at: Path): string {
  let out = '';
  for (const p of at) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/** A value quoted for a message: strings in double quotes (shortened), others as written. */
function quote(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const short = value.length > 120 ? value.slice(0, 117) + '…' : value;
  return JSON.stringify(short);
}

/**
 * Calls `fn` for each list item with its tag unwrapped; `wrap` puts a result back under the same
 * tag (an `!override` item's value is re-wrapped; a `!reset` item is returned as it was). A rule
 * producing a list passes a `!reset` item through (`reset` is true); a rule producing a mapping
 * still needs the item's key, so `fn` also runs on a `!reset` item's content, without reporting.
 */
function eachItem(
  w: Walker,
  items: readonly unknown[],
  at: Path,
  fn: (inner: unknown, itemAt: Path, wrap: (v: unknown) => unknown, reset: boolean) => void,
): void {
  items.forEach((item, i) => {
    const itemAt = [...at, i];
    if (isReset(item)) w.quietly(() => fn(item.original, itemAt, () => item, true));
    else if (isOverride(item)) fn(item.value, itemAt, (v) => new OverrideTag(v), false);
    else fn(item, itemAt, (v) => v, false);
  });
}

/**
 * Calls `fn` for each entry of a mapping with its tag unwrapped; `fn` sets the entry's canonical
 * value in `out` through `wrap`. A `!reset` entry is copied to `out` as it was.
 */
function eachEntry(
  map: Record<string, unknown>,
  at: Path,
  out: Record<string, unknown>,
  fn: (key: string, inner: unknown, entryAt: Path, wrap: (v: unknown) => unknown) => void,
): void {
  for (const [key, item] of Object.entries(map)) {
    const entryAt = [...at, key];
    if (isReset(item)) setOwn(out, key, item);
    else if (isOverride(item)) fn(key, item.value, entryAt, (v) => new OverrideTag(v));
    else fn(key, item, entryAt, (v) => v);
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars: booleans, numbers, units.

/** YAML 1.1 booleans, as compose-go's interpolation casts them (`toBoolean`). */
const BOOLEANS: Readonly<Record<string, boolean>> = {
  y: true,
  yes: true,
  true: true,
  on: true,
  n: false,
  no: false,
  false: false,
  off: false,
};

const toBoolean: Rule = (value, at, w) => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const b = BOOLEANS[value.toLowerCase()];
    if (b !== undefined) return b;
  }
  w.report(C.boolean, at, `${quote(value)} is not a boolean`, 'write true or false');
  return DROP;
};

const toInteger: Rule = (value, at, w) => {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  w.report(C.number, at, `${quote(value)} is not a whole number`, 'write an integer, e.g. 3');
  return DROP;
};

/** A count of things (replicas, scale): a whole number, 0 or more. */
const toCount: Rule = (value, at, w) => {
  const n = toInteger(value, at, w);
  if (n === DROP || (n as number) >= 0) return n;
  w.report(C.number, at, `${quote(value)} is negative; a count is 0 or more`, 'write 0 to run no task, or a positive number');
  return DROP;
};

const toFloat: Rule = (value, at, w) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(value)) return Number(value);
  w.report(C.number, at, `${quote(value)} is not a number`, 'write a number, e.g. 0.5');
  return DROP;
};

const toText: Rule = (value, at, w) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return w.wrongType(at, value, 'a string');
};

const DURATION_HINT = 'write a duration with a unit, e.g. "30s", "1m30s", "500ms" or "1h" (units: ns, us, ms, s, m, h, d, w)';

const toDuration: Rule = (value, at, w) => {
  if (typeof value !== 'string' && typeof value !== 'number') return w.wrongType(at, value, 'a duration such as "30s"');
  const seconds = parseDuration(value);
  if (seconds === undefined) {
    const bare = typeof value === 'number' || /^[+-]?[0-9.]+$/.test(value);
    w.report(C.duration, at, `invalid duration ${quote(value)}${bare ? ': the unit is missing' : ''}`, DURATION_HINT);
    return DROP;
  }
  if (seconds < 0) {
    w.report(C.duration, at, `the duration ${quote(value)} is negative`, DURATION_HINT);
    return DROP;
  }
  return seconds;
};

const SIZE_HINT = 'write a size in bytes or with a unit, e.g. "512m", "1g", "1.5G", "64000k" (k, m, g, t, p are powers of 1024)';

const toBytes: Rule = (value, at, w) => {
  if (typeof value !== 'string' && typeof value !== 'number') return w.wrongType(at, value, 'a size such as "512m"');
  const bytes = parseBytes(value);
  if (bytes === undefined) {
    w.report(C.size, at, `invalid size ${quote(value)}`, SIZE_HINT);
    return DROP;
  }
  return bytes;
};

/** `memswap_limit` also takes -1, "unlimited swap". */
const toSwapBytes: Rule = (value, at, w) => (value === -1 || value === '-1' ? -1 : toBytes(value, at, w));

const toCpus: Rule = (value, at, w) => {
  const cpus = typeof value === 'string' || typeof value === 'number' ? parseCpus(value) : undefined;
  if (cpus === undefined) {
    w.report(C.cpus, at, `invalid number of CPUs ${quote(value)}`, 'write a non-negative number of CPUs, e.g. 0.25, 1 or "2"');
    return DROP;
  }
  return cpus;
};

const toFileMode: Rule = (value, at, w) => {
  const mode = typeof value === 'string' || typeof value === 'number' ? parseFileMode(value) : undefined;
  if (mode === undefined) {
    w.report(C.fileMode, at, `invalid file mode ${quote(value)}`, 'write the mode in octal as a string, e.g. "0440" (at most "7777")');
    return DROP;
  }
  return mode;
};

// ---------------------------------------------------------------------------------------------
// Lists and mappings.

const stringOrList: Rule = (value, at, w) => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a string or a list of strings');
};

/**
 * `list_or_dict` to a mapping of strings. From a list, `KEY=VALUE` splits at the first `=`; a bare
 * `KEY` maps to `bare` (`null` for environment and build args: "take it from the environment";
 * `""` for labels and sysctls, as compose-go). Mapping values become strings; `null` maps to
 * `nullValue`.
 */
function keyValues(bare: string | null, nullValue: string | null): Rule {
  return (value, at, w) => {
    const out: Record<string, unknown> = {};
    if (Array.isArray(value)) {
      eachItem(w, value, at, (inner, itemAt, wrap) => {
        if (typeof inner !== 'string' && typeof inner !== 'number' && typeof inner !== 'boolean') {
          w.wrongType(itemAt, inner, 'a "KEY=VALUE" string');
          return;
        }
        const text = String(inner);
        const eq = text.indexOf('=');
        const key = eq < 0 ? text : text.slice(0, eq);
        if (key === '') {
          w.report(C.keyValue, itemAt, `${quote(text)} has no name before "="`, 'write "NAME=value", or "NAME" alone');
          return;
        }
        setOwn(out, key, wrap(eq < 0 ? bare : text.slice(eq + 1)));
      });
      return out;
    }
    if (isPlainObject(value)) {
      eachEntry(value, at, out, (key, inner, entryAt, wrap) => {
        if (inner === null || inner === undefined) setOwn(out, key, wrap(nullValue));
        else if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') setOwn(out, key, wrap(String(inner)));
        else w.wrongType(entryAt, inner, 'a string, number or boolean');
      });
      return out;
    }
    return w.wrongType(at, value, 'a mapping or a list of "KEY=VALUE" strings');
  };
}

const environmentMap = keyValues(null, null);
const labelMap = keyValues('', '');

/** `extra_hosts`: `host:ip` / `host=ip` list (`=` tried first) or mapping → host → IPs. */
const extraHosts: Rule = (value, at, w) => {
  const out: Record<string, unknown> = {};
  const add = (host: string, ips: string[], itemAt: Path, wrap: (v: unknown) => unknown): void => {
    if (host === '' || /[:=]/.test(host)) {
      w.report(C.extraHosts, itemAt, `bad host name ${quote(host)}`, 'write "hostname=ip" or "hostname:ip", e.g. "db.local=10.0.0.5"');
      return;
    }
    const clean = ips.map((ip) => (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip));
    const previous = Object.prototype.hasOwnProperty.call(out, host) ? out[host] : undefined;
    setOwn(out, host, wrap(Array.isArray(previous) ? [...(previous as string[]), ...clean] : clean));
  };
  if (Array.isArray(value)) {
    eachItem(w, value, at, (inner, itemAt, wrap) => {
      if (typeof inner !== 'string') {
        w.wrongType(itemAt, inner, 'a "hostname=ip" string');
        return;
      }
      const sep = ['=', ':'].map((s) => inner.indexOf(s)).find((i) => i >= 0);
      if (sep === undefined) {
        w.report(C.extraHosts, itemAt, `${quote(inner)} has no IP address`, 'write "hostname=ip" or "hostname:ip", e.g. "db.local=10.0.0.5"');
        return;
      }
      add(inner.slice(0, sep), inner.slice(sep + 1).split(','), itemAt, wrap);
    });
    return out;
  }
  if (isPlainObject(value)) {
    eachEntry(value, at, out, (host, inner, entryAt, wrap) => {
      if (inner === null || inner === undefined) add(host, [''], entryAt, wrap);
      else if (typeof inner === 'string') add(host, [inner], entryAt, wrap);
      else if (Array.isArray(inner)) add(host, inner.map(String), entryAt, wrap);
      else w.wrongType(entryAt, inner, 'an IP address or a list of them');
    });
    return out;
  }
  return w.wrongType(at, value, 'a list of "hostname=ip" strings or a mapping');
};

/** `ulimits.<name>`: a single number is both limits. */
const ulimit: Rule = (value, at, w) => {
  if (typeof value === 'number' || typeof value === 'string') {
    const n = toInteger(value, at, w);
    return n === DROP ? DROP : { soft: n, hard: n };
  }
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a number or a mapping with soft and hard');
  const out = w.children(value, at) as Record<string, unknown>;
  for (const key of ['soft', 'hard']) {
    if (!Object.prototype.hasOwnProperty.call(out, key) || isReset(out[key]) || isOverride(out[key])) continue;
    const n = toInteger(out[key], [...at, key], w);
    if (n === DROP) return DROP;
    setOwn(out, key, n);
  }
  if (typeof out.soft === 'number' && typeof out.hard === 'number' && out.soft > out.hard) {
    w.report(C.ulimit, at, `the soft limit ${out.soft} is above the hard limit ${out.hard}`, 'the soft limit must be less than or equal to the hard limit');
    return DROP;
  }
  return out;
};

/** `networks: [a, b]` → `{a: null, b: null}`. */
const networks: Rule = (value, at, w) => {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    eachItem(w, value, at, (inner, itemAt, wrap) => {
      if (typeof inner === 'string') setOwn(out, inner, wrap(null));
      else w.wrongType(itemAt, inner, 'a network name');
    });
    return out;
  }
  if (isPlainObject(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a list of network names or a mapping');
};

/** `depends_on`: list → mapping; every entry gets condition, required and restart. */
const dependsOn: Rule = (value, at, w) => {
  const out: Record<string, unknown> = {};
  const entry = (given: Record<string, unknown>): Record<string, unknown> => {
    const e: Record<string, unknown> = {
      condition: 'service_started' satisfies DependsOnConfig['condition'],
      required: true,
      restart: false,
    };
    for (const [k, v] of Object.entries(given)) setOwn(e, k, v);
    return e;
  };
  if (Array.isArray(value)) {
    eachItem(w, value, at, (inner, itemAt, wrap) => {
      if (typeof inner === 'string') setOwn(out, inner, wrap(entry({})));
      else w.wrongType(itemAt, inner, 'a service name');
    });
    return out;
  }
  if (isPlainObject(value)) {
    eachEntry(value, at, out, (name, inner, entryAt, wrap) => {
      if (inner === null || inner === undefined) setOwn(out, name, wrap(entry({})));
      else if (isPlainObject(inner)) setOwn(out, name, wrap(entry(w.children(inner, entryAt) as Record<string, unknown>)));
      else w.wrongType(entryAt, inner, 'a mapping with a condition');
    });
    return out;
  }
  return w.wrongType(at, value, 'a list of service names or a mapping');
};

/** `env_file`: a path or a list of paths or `{path, required, format}` → `EnvFileConfig[]`. */
const envFiles: Rule = (value, at, w) => {
  const one = (inner: unknown, itemAt: Path): EnvFileConfig | undefined => {
    if (typeof inner === 'string') return { path: resolveHostPath(w.ctx.baseDir, inner), required: true };
    if (!isPlainObject(inner)) {
      w.wrongType(itemAt, inner, 'a path or a mapping with a path');
      return undefined;
    }
    if (typeof inner.path !== 'string') {
      w.wrongType([...itemAt, 'path'], inner.path, 'a path');
      return undefined;
    }
    let required: unknown = true;
    if (inner.required !== undefined && inner.required !== null) {
      required = toBoolean(inner.required, [...itemAt, 'required'], w);
      if (required === DROP) return undefined;
    }
    const out: Record<string, unknown> = { path: resolveHostPath(w.ctx.baseDir, inner.path), required };
    for (const [k, v] of Object.entries(inner)) if (k !== 'path' && k !== 'required') setOwn(out, k, v);
    return out as unknown as EnvFileConfig;
  };
  if (typeof value === 'string') return [one(value, at)];
  if (!Array.isArray(value)) return w.wrongType(at, value, 'a path or a list of paths');
  const out: unknown[] = [];
  eachItem(w, value, at, (inner, itemAt, wrap, reset) => {
    if (reset) {
      out.push(wrap(inner));
      return;
    }
    const file = one(inner, itemAt);
    if (file) out.push(wrap(file));
  });
  return out;
};

/** `secrets` / `configs` items: `"name"` → `{source: "name"}`. */
const fileReference: Rule = (value, at, w) => {
  if (typeof value === 'string') return { source: value };
  if (isPlainObject(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a name or a mapping with a source');
};

/** `logging.options`: values to strings (the schema allows numbers); `null` is kept. */
const loggingOptions: Rule = (value, at, w) => {
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a mapping');
  const out: Record<string, unknown> = {};
  eachEntry(value, at, out, (key, inner, _entryAt, wrap) => {
    setOwn(out, key, wrap(typeof inner === 'number' || typeof inner === 'boolean' ? String(inner) : inner));
  });
  return out;
};

// ---------------------------------------------------------------------------------------------
// Commands and healthchecks.

const command: Rule = (value, at, w) => {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
  if (typeof value !== 'string') return w.wrongType(at, value, 'a string or a list of strings');
  const parsed = splitShellWords(value);
  if ('error' in parsed) {
    w.report(C.command, at, `${quote(value)} ${parsed.error}`, parsed.hint);
    return DROP;
  }
  return parsed.value;
};

const HEALTHCHECK_KINDS = ['NONE', 'CMD', 'CMD-SHELL'];

const healthcheck: Rule = (value, at, w) => {
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a mapping');
  const out = w.children(value, at) as Record<string, unknown>;
  if (out.disable === true) setOwn(out, 'test', ['NONE']);
  return out;
};

const healthcheckTest: Rule = (value, at, w) => {
  if (typeof value === 'string') return ['CMD-SHELL', value];
  if (!Array.isArray(value)) return w.wrongType(at, value, 'a string or a list of strings');
  const test = value.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
  if (test.length > 0 && !HEALTHCHECK_KINDS.includes(test[0] as string)) {
    w.report(
      C.healthcheck,
      at,
      `the test list must start with "CMD", "CMD-SHELL" or "NONE", not ${quote(test[0])}`,
      'write ["CMD", "curl", "-f", "http://localhost"] to run a program, ["CMD-SHELL", "curl -f http://localhost || exit 1"] or a plain string to run a shell command',
    );
    return DROP;
  }
  return test;
};

/**
 * Splits a command string into words the way compose-go does (github.com/mattn/go-shellwords
 * v1.0.12, without environment or backquote expansion): blanks separate words; single quotes
 * keep everything literally; anywhere else a backslash makes the next character literal and is
 * dropped (`\"` is `"`, `\t` is `t`, `\ ` joins words); `""` is an empty word; backquotes and
 * `$(…)` are kept literally, blanks included, as part of a word.
 *
 * Where go-shellwords silently stops at an unquoted `;`, `&`, `|`, `<` or `>` (so Compose runs
 * only the words before it), this reports an error: the user wanted a shell.
 */
export function splitShellWords(line: string): Parsed<string[]> {
  const words: string[] = [];
  let buf = '';
  let inWord = false;
  let escaped = false;
  let single = false;
  let double = false;
  let backquote = false;
  let dollar = false;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const r = chars[i];
    if (escaped) {
      escaped = false;
      buf += r;
      inWord = true;
      continue;
    }
    if (r === '\\') {
      if (single) buf += r;
      else escaped = true;
      continue;
    }
    if (r === ' ' || r === '\t' || r === '\r' || r === '\n') {
      if (single || double || backquote || dollar) buf += r;
      else if (inWord) {
        words.push(buf);
        buf = '';
        inWord = false;
      }
      continue;
    }
    const quoted = single || double || backquote || dollar;
    switch (r) {
      case '`':
        if (!single && !double && !dollar) backquote = !backquote;
        break;
      case '(':
        if (!single && !double && !backquote) {
          if (dollar || !buf.endsWith('$')) {
            return { error: 'has an unquoted "("', hint: 'quote it (\'(\') or write the command as a list: ["prog", "arg"]' };
          }
          dollar = true;
        }
        break;
      case ')':
        if (!single && !double && !backquote) {
          if (!dollar) return { error: 'has an unquoted ")"', hint: 'quote it (\')\') or write the command as a list: ["prog", "arg"]' };
          dollar = false;
        }
        break;
      case '"':
        if (!single && !dollar && !backquote) {
          if (double) inWord = true;
          double = !double;
          continue;
        }
        break;
      case "'":
        if (!double && !dollar && !backquote) {
          if (single) inWord = true;
          single = !single;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!quoted) {
          let op = r;
          while (i + op.length < chars.length && ';&|<>'.includes(chars[i + op.length])) op += chars[i + op.length];
          return {
            error: `uses the shell operator "${op}", but a string command is split into arguments, not run by a shell (Compose would silently drop everything from "${op}" on)`,
            hint: `run it through a shell: ["sh", "-c", ${JSON.stringify(line)}], or quote the "${op}" if it is a literal argument`,
          };
        }
        break;
    }
    inWord = true;
    buf += r;
  }
  const open = escaped
    ? 'ends with a lone backslash'
    : single
      ? "has a single quote (') that is not closed"
      : double
        ? 'has a double quote (") that is not closed'
        : backquote
          ? 'has a backquote (`) that is not closed'
          : dollar
            ? 'has a "$(" that is not closed'
            : undefined;
  if (open) return { error: open, hint: 'close every quote, or write the command as a list: ["prog", "arg with spaces"]' };
  if (inWord) words.push(buf);
  return { value: words };
}

// ---------------------------------------------------------------------------------------------
// Ports and expose.

const PORT_SYNTAX = 'ports are written [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "80", "8080:80", "127.0.0.1:8080:80", "8000-8010:8000-8010" or "53:53/udp"';

type PortNumber = number | 'nan' | 'range';

function portNumber(text: string): PortNumber {
  if (!/^[0-9]+$/.test(text)) return 'nan';
  const n = Number(text);
  return n <= 65535 ? n : 'range';
}

/** `"8000"` or `"8000-8010"` (docker/go-connections `ParsePortRange`). */
function parsePortRange(text: string, what: string): Parsed<[number, number]> {
  const parts = text.split('-');
  if (parts.length > 2) return { error: `${what} ${quote(text)} is not a port or a range of ports`, hint: PORT_SYNTAX };
  const start = portNumber(parts[0]);
  const end = parts.length === 2 ? portNumber(parts[1]) : start;
  for (const p of [start, end]) {
    if (p === 'nan') return { error: `${what} ${quote(text)} is not a port or a range of ports`, hint: PORT_SYNTAX };
    if (p === 'range') return { error: `${what} ${quote(text)} is out of range: ports go from 0 to 65535`, hint: PORT_SYNTAX };
  }
  const [s, e] = [start as number, end as number];
  if (e < s) return { error: `${what} range ${quote(text)} ends before it starts`, hint: `write the lower port first, e.g. "${e}-${s}"` };
  return { value: [s, e] };
}

function parseProtocol(text: string): Parsed<Protocol> {
  const proto = text.toLowerCase();
  if (proto === 'tcp' || proto === 'udp') return { value: proto };
  if (proto === 'sctp') return { error: 'uses protocol "sctp", which ECS port mappings do not support', hint: 'use tcp or udp' };
  return { error: `has an unknown protocol ${quote(text)}`, hint: 'the protocol is tcp (the default) or udp, e.g. "53:53/udp"' };
}

/**
 * Parses a short-syntax port (`"[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"`) as compose-go's
 * `types.ParsePortConfig` / docker/go-connections `nat.ParsePortSpec` do: a container range
 * expands to one entry per port; a host range with a single container port stays a range
 * (`published: "9090-9091"`, Docker picks one).
 */
export function parsePortSpec(spec: string): Parsed<PortConfig[]> {
  const parts = spec.split(':');
  const n = parts.length;
  const container = parts[n - 1];
  const host = n >= 2 ? parts[n - 2] : '';
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';

  const slash = container.indexOf('/');
  const containerPort = slash < 0 ? container : container.slice(0, slash);
  const proto = parseProtocol(slash < 0 ? 'tcp' : container.slice(slash + 1));
  if ('error' in proto) return { error: `port ${quote(spec)} ${proto.error}`, hint: proto.hint };
  if (containerPort === '') return { error: `port ${quote(spec)} has no container port`, hint: PORT_SYNTAX };

  if (ip.startsWith('[')) {
    if (!ip.endsWith(']') || ip.length < 3) return { error: `port ${quote(spec)} has an invalid IP address ${quote(ip)}`, hint: PORT_SYNTAX };
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && isIP(ip) === 0) {
    return { error: `port ${quote(spec)} has an invalid IP address ${quote(ip)}`, hint: 'write an IPv4 address, or an IPv6 address in brackets: "[::1]:8080:80"' };
  }

  const range = parsePortRange(containerPort, 'container port');
  if ('error' in range) return { error: `port ${quote(spec)}: ${range.error}`, hint: range.hint };
  const [start, end] = range.value;
  if (start === 0) return { error: `port ${quote(spec)}: container port 0 is not a port a container can listen on`, hint: PORT_SYNTAX };

  let hostStart = 0;
  let hostEnd = 0;
  if (host !== '') {
    const hostRange = parsePortRange(host, 'host port');
    if ('error' in hostRange) return { error: `port ${quote(spec)}: ${hostRange.error}`, hint: hostRange.hint };
    [hostStart, hostEnd] = hostRange.value;
    if (end - start !== hostEnd - hostStart && end !== start) {
      return {
        error: `port ${quote(spec)}: the host range ${host} has ${hostEnd - hostStart + 1} ports but the container range ${containerPort} has ${end - start + 1}`,
        hint: `give both ranges the same length, e.g. "${hostStart}-${hostStart + end - start}:${start}-${end}"`,
      };
    }
  }

  const count = end - start + 1;
  const ports: PortConfig[] = [];
  for (let i = 0; i < count; i++) {
    let published: string | undefined;
    if (host !== '') published = count === 1 && hostStart !== hostEnd ? `${hostStart}-${hostEnd}` : String(hostStart + i);
    ports.push({
      mode: 'ingress',
      ...(ip !== '' ? { host_ip: ip } : {}),
      target: start + i,
      ...(published !== undefined ? { published } : {}),
      protocol: proto.value,
    });
  }
  return { value: ports };
}

/** Long-syntax port: target to a number, published to a string, protocol and mode defaulted. */
function longPort(value: Record<string, unknown>, at: Path, w: Walker): PortConfig | undefined {
  const tagged = (v: unknown) => isReset(v) || isOverride(v);
  const bad = (key: string, problem: string, hint = PORT_SYNTAX) => {
    w.report(C.port, [...at, key], problem, hint);
    return undefined;
  };
  const out: Record<string, unknown> = {};
  if (value.name !== undefined) out.name = value.name;

  let mode: unknown = value.mode ?? 'ingress';
  if (!tagged(mode) && mode !== 'ingress' && mode !== 'host') return bad('mode', `port mode ${quote(mode)} is neither "ingress" nor "host"`, 'write mode: ingress (the default) or mode: host');
  out.mode = mode;

  const hostIp = value.host_ip;
  if (hostIp !== undefined && hostIp !== null) {
    if (!tagged(hostIp) && (typeof hostIp !== 'string' || isIP(hostIp) === 0)) {
      return bad('host_ip', `host_ip ${quote(hostIp)} is not an IP address`, 'write an IPv4 or IPv6 address, e.g. 127.0.0.1');
    }
    out.host_ip = hostIp;
  }

  let target = value.target;
  if (!tagged(target)) {
    const n = typeof target === 'number' ? (Number.isInteger(target) ? target : NaN) : typeof target === 'string' ? portNumber(target) : NaN;
    if (typeof n !== 'number' || Number.isNaN(n) || n < 1 || n > 65535) {
      return bad('target', `target ${quote(target)} is not a container port (1-65535)`, 'write the port the container listens on, e.g. target: 80');
    }
    target = n;
  }
  out.target = target;

  const published = value.published;
  if (published !== undefined && published !== null && published !== '') {
    if (!tagged(published)) {
      const text = typeof published === 'number' ? String(published) : published;
      if (typeof text !== 'string') return bad('published', `published ${quote(published)} is not a port`);
      const range = parsePortRange(text, 'published port');
      if ('error' in range) return bad('published', range.error, range.hint);
      out.published = text;
    } else out.published = published;
  }

  let protocol: unknown = value.protocol ?? 'tcp';
  if (!tagged(protocol)) {
    const parsed = typeof protocol === 'string' ? parseProtocol(protocol) : undefined;
    if (!parsed || 'error' in parsed) {
      return bad('protocol', `port protocol ${quote(protocol)} is not supported`, parsed && 'error' in parsed ? parsed.hint : 'write tcp or udp');
    }
    protocol = parsed.value;
  }
  out.protocol = protocol;
  if (value.app_protocol !== undefined) out.app_protocol = value.app_protocol;

  const known = new Set(['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol']);
  for (const [k, v] of Object.entries(value)) if (!known.has(k)) setOwn(out, k, v);
  return out as unknown as PortConfig;
}

/** `ports`: one list in, one list out (a range expands to several entries). */
const ports: Rule = (value, at, w) => {
  if (!Array.isArray(value)) return w.wrongType(at, value, 'a list of ports');
  const out: unknown[] = [];
  eachItem(w, value, at, (inner, itemAt, wrap, reset) => {
    if (reset) {
      out.push(wrap(inner));
      return;
    }
    let entries: PortConfig[] = [];
    if (typeof inner === 'number') {
      const parsed = Number.isInteger(inner) ? parsePortSpec(String(inner)) : { error: `port ${inner} is not a whole number`, hint: PORT_SYNTAX };
      if ('error' in parsed) w.report(C.port, itemAt, parsed.error, parsed.hint);
      else entries = parsed.value;
    } else if (typeof inner === 'string') {
      const parsed = parsePortSpec(inner);
      if ('error' in parsed) w.report(C.port, itemAt, parsed.error, parsed.hint);
      else entries = parsed.value;
    } else if (isPlainObject(inner)) {
      const port = longPort(inner, itemAt, w);
      if (port) entries = [port];
    } else {
      w.wrongType(itemAt, inner, 'a port string, a number or a mapping');
    }
    for (const e of entries) out.push(wrap(e));
  });
  return out;
};

/** `expose`: strings, `"3000"`, `"8000-8010"`, `"53/udp"`. */
const expose: Rule = (value, at, w) => {
  if (!Array.isArray(value)) return w.wrongType(at, value, 'a list of ports');
  const out: unknown[] = [];
  eachItem(w, value, at, (inner, itemAt, wrap, reset) => {
    if (reset) {
      out.push(wrap(inner));
      return;
    }
    if (typeof inner !== 'string' && typeof inner !== 'number') {
      w.wrongType(itemAt, inner, 'a port');
      return;
    }
    const text = String(inner);
    const hint = 'write PORT[-PORT][/PROTOCOL], e.g. "3000", "8000-8010" or "53/udp"';
    const slash = text.indexOf('/');
    const range = parsePortRange(slash < 0 ? text : text.slice(0, slash), 'exposed port');
    if ('error' in range) {
      w.report(C.expose, itemAt, range.error, hint);
      return;
    }
    if (slash >= 0) {
      const proto = parseProtocol(text.slice(slash + 1));
      if ('error' in proto) {
        w.report(C.expose, itemAt, `exposed port ${quote(text)} ${proto.error}`, proto.hint);
        return;
      }
    }
    out.push(wrap(text));
  });
  return out;
};

// ---------------------------------------------------------------------------------------------
// Volumes, paths, build.

const BIND_PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];
const CONSISTENCIES = ['consistent', 'cached', 'delegated'];
const VOLUME_SYNTAX = 'volumes are written [SOURCE:]CONTAINER_PATH[:OPTIONS], e.g. "db-data:/var/lib/data", "./src:/app:ro" or "/cache"';

/** A source that is a host path (bind mount) rather than a volume name (compose-go `isFilePath`). */
function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

/** A host path made absolute: `~` is the home directory, relative paths resolve against `baseDir`. */
export function resolveHostPath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

/** Build contexts may be URLs (`https://…`, `git@…`) or references (`docker-image://…`, `service:x`). */
function resolveContext(baseDir: string, p: string): string {
  if (p === '' || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p) || /^(git@|github\.com\/|service:)/.test(p)) return p;
  return resolveHostPath(baseDir, p);
}

/** `path.Clean` for a container path (no trailing slash). */
function cleanTarget(target: string): string {
  if (target === '') return '';
  const clean = path.posix.normalize(target);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/**
 * Parses a short-syntax volume (`"name:/path:ro"`, `"./rel:/path:rw,z"`, `"/path"`) as compose-go's
 * `format.ParseVolume`: a source starting with `.`, `/` or `~` is a bind mount (its host path
 * made absolute, `create_host_path: true` as docker-compose v1 did); any other source is a named
 * volume; no source is an anonymous volume.
 */
export function parseVolumeSpec(spec: string, baseDir: string): Parsed<ServiceVolumeConfig> {
  if (spec === '') return { error: 'the volume is empty', hint: VOLUME_SYNTAX };
  const parts = spec.length <= 2 ? [spec] : spec.split(':');
  if (parts.some((p) => p === '')) return { error: `volume ${quote(spec)} has an empty part between colons`, hint: VOLUME_SYNTAX };
  if (parts.length > 3) return { error: `volume ${quote(spec)} has too many colons`, hint: VOLUME_SYNTAX };
  const [source, target, options] = parts.length === 1 ? [undefined, parts[0], undefined] : parts;

  let readOnly = false;
  let consistency: string | undefined;
  let nocopy = false;
  const bind: { propagation?: string; create_host_path?: boolean; selinux?: 'z' | 'Z' } = {};
  for (const option of options === undefined ? [] : options.split(',')) {
    if (option === 'ro') readOnly = true;
    else if (option === 'rw') readOnly = false;
    else if (option === 'nocopy') nocopy = true;
    else if (option === 'z' || option === 'Z') bind.selinux = option;
    else if (BIND_PROPAGATIONS.includes(option)) bind.propagation = option;
    else if (CONSISTENCIES.includes(option)) consistency = option;
    else {
      return {
        error: `volume ${quote(spec)} has an unknown option ${quote(option)}`,
        hint: `options are ro, rw, nocopy, z, Z, ${BIND_PROPAGATIONS.join(', ')}, ${CONSISTENCIES.join(', ')}; separate several with commas: "./src:/app:ro,z"`,
      };
    }
  }

  const cleaned = cleanTarget(target!);
  if (!cleaned.startsWith('/')) {
    return { error: `volume ${quote(spec)}: the container path ${quote(target)} is not absolute`, hint: VOLUME_SYNTAX };
  }
  const isBind = source !== undefined && isHostPath(source);
  const out: ServiceVolumeConfig = {
    type: isBind ? 'bind' : 'volume',
    ...(source !== undefined ? { source: isBind ? resolveHostPath(baseDir, source) : source } : {}),
    target: cleaned,
    ...(readOnly ? { read_only: true } : {}),
    ...(consistency ? { consistency } : {}),
  };
  if (isBind) out.bind = { ...bind, create_host_path: true };
  else if (bind.selinux || bind.propagation) out.bind = bind;
  if (!isBind || nocopy) out.volume = nocopy ? { nocopy: true } : {};
  return { value: out };
}

const volume: Rule = (value, at, w) => {
  if (typeof value === 'string') {
    const parsed = parseVolumeSpec(value, w.ctx.baseDir);
    if ('error' in parsed) {
      w.report(C.volume, at, parsed.error, parsed.hint);
      return DROP;
    }
    return parsed.value;
  }
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a volume string or a mapping');
  const out = w.children(value, at) as Record<string, unknown>;
  if (out.type === 'bind' && typeof out.source === 'string' && out.source !== '') setOwn(out, 'source', resolveHostPath(w.ctx.baseDir, out.source));
  if (typeof out.target === 'string' && out.type !== 'npipe' && !out.target.startsWith('/')) {
    w.report(C.volume, [...at, 'target'], `the container path ${quote(out.target)} is not absolute`, 'write the path inside the container from the root, e.g. target: /data');
    return DROP;
  }
  return out;
};

const build: Rule = (value, at, w) => {
  if (typeof value === 'string') return { context: resolveContext(w.ctx.baseDir, value) };
  if (isPlainObject(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a context path or a mapping');
};

const buildContext: Rule = (value, at, w) => (typeof value === 'string' ? resolveContext(w.ctx.baseDir, value) : w.wrongType(at, value, 'a path'));

const additionalContexts: Rule = (value, at, w) => {
  const map = labelMap(value, at, w);
  if (!isPlainObject(map)) return map;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) setOwn(out, k, typeof v === 'string' ? resolveContext(w.ctx.baseDir, v) : v);
  return out;
};

// ---------------------------------------------------------------------------------------------
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
  ['storage_opt.size', toBytes],
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
