/**
 * List and mapping rules of the canonical form: `KEY=VALUE` lists to mappings, `extra_hosts`,
 * `ulimits`, `networks`, `depends_on`, `env_file`, secret and config references, logging options.
 */
import type { DependsOnConfig, EnvFileConfig } from '../types';
import { CANONICAL_CODES as C } from '../codes';
import type { Path } from '../source-map';
import { isOverride, isPlainObject, isReset } from '../tags';
import { setOwn } from '../yaml';
import { toBoolean, toInteger } from './scalars';
import { resolveHostPath } from './paths';
import { DROP, eachEntry, eachItem, quote, Rule } from './walker';

export const stringOrList: Rule = (value, at, w) => {
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
        // Diagnostics about the entry find it by its name from now on.
        w.ctx.sourceMap.alias([...w.ctx.path, ...itemAt], [...w.ctx.path, ...at, key]);
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

export const environmentMap = keyValues(null, null);
export const labelMap = keyValues('', '');

/** `extra_hosts`: `host:ip` / `host=ip` list (`=` tried first) or mapping → host → IPs. */
export const extraHosts: Rule = (value, at, w) => {
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
export const ulimit: Rule = (value, at, w) => {
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
export const networks: Rule = (value, at, w) => {
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
export const dependsOn: Rule = (value, at, w) => {
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
export const envFiles: Rule = (value, at, w) => {
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
export const fileReference: Rule = (value, at, w) => {
  if (typeof value === 'string') return { source: value };
  if (isPlainObject(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a name or a mapping with a source');
};

/** `logging.options`: values to strings (the schema allows numbers); `null` is kept. */
export const loggingOptions: Rule = (value, at, w) => {
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a mapping');
  const out: Record<string, unknown> = {};
  eachEntry(value, at, out, (key, inner, _entryAt, wrap) => {
    setOwn(out, key, wrap(typeof inner === 'number' || typeof inner === 'boolean' ? String(inner) : inner));
  });
  return out;
};
