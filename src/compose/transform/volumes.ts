/**
 * Volume and build rules of the canonical form: short-syntax volumes to long syntax, host paths
 * made absolute, build contexts resolved (`paths.ts`).
 */
import * as path from 'path';
import type { ServiceVolumeConfig } from '../types';
import { CANONICAL_CODES as C } from '../codes';
import { isPlainObject } from '../tags';
import { setOwn } from '../yaml';
import { labelMap } from './mappings';
import { resolveContext, resolveHostPath } from './paths';
import { DROP, Parsed, quote, Rule } from './walker';

const BIND_PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];
const CONSISTENCIES = ['consistent', 'cached', 'delegated'];
const VOLUME_SYNTAX = 'volumes are written [SOURCE:]CONTAINER_PATH[:OPTIONS], e.g. "db-data:/var/lib/data", "./src:/app:ro" or "/cache"';

/** A source that is a host path (bind mount) rather than a volume name (compose-go `isFilePath`). */
function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
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

export const volume: Rule = (value, at, w) => {
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

export const build: Rule = (value, at, w) => {
  if (typeof value === 'string') return { context: resolveContext(w.ctx.baseDir, value) };
  if (isPlainObject(value)) return w.children(value, at);
  return w.wrongType(at, value, 'a context path or a mapping');
};

export const buildContext: Rule = (value, at, w) => (typeof value === 'string' ? resolveContext(w.ctx.baseDir, value) : w.wrongType(at, value, 'a path'));

export const additionalContexts: Rule = (value, at, w) => {
  const map = labelMap(value, at, w);
  if (!isPlainObject(map)) return map;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) setOwn(out, k, typeof v === 'string' ? resolveContext(w.ctx.baseDir, v) : v);
  return out;
};
