/**
 * Port syntax (`ports`, `expose`) as compose-go and docker/go-connections parse it, and the rules
 * of the canonical form that rewrite it to long syntax.
 */
import { isIP } from 'net';
import { PORT_MODES } from '../types';
import type { PortConfig, PortMode, Protocol } from '../types';
import { CANONICAL_CODES as C } from '../codes';
import type { Path } from '../source-map';
import { isOverride, isPlainObject, isReset, OverrideTag } from '../tags';
import { setOwn } from '../yaml';
import { eachItem, Parsed, quote, Rule, Walker } from './walker';

const PORT_SYNTAX = 'ports are written [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "80", "8080:80", "127.0.0.1:8080:80", "8000-8010:8000-8010" or "53:53/udp"';

type PortNumber = number | 'nan' | 'range';

function portNumber(text: string): PortNumber {
  if (!/^[0-9]+$/.test(text)) return 'nan';
  const n = Number(text);
  return n <= 65535 ? n : 'range';
}

/** A range of ports; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** `"8000"` or `"8000-8010"` (docker/go-connections `ParsePortRange`). */
export function parsePortRange(text: string, what: string): Parsed<PortRange> {
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
  return { value: { from: s, to: e } };
}

export function parseProtocol(text: string): Parsed<Protocol> {
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
  const { from: start, to: end } = range.value;
  if (start === 0) return { error: `port ${quote(spec)}: container port 0 is not a port a container can listen on`, hint: PORT_SYNTAX };

  let hostStart = 0;
  let hostEnd = 0;
  if (host !== '') {
    const hostRange = parsePortRange(host, 'host port');
    if ('error' in hostRange) return { error: `port ${quote(spec)}: ${hostRange.error}`, hint: hostRange.hint };
    ({ from: hostStart, to: hostEnd } = hostRange.value);
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

/** Returned by a check of `longPort` for a value it reported. */
const INVALID: unique symbol = Symbol('invalid');

/**
 * Checks one key of a long-syntax port. An `!override` value is checked like a plain one and
 * keeps its tag (so no unchecked value reaches the merged project); a `!reset` one is kept: it
 * removes the key when files are merged.
 */
function checkKey(value: unknown, check: (inner: unknown) => unknown): unknown {
  if (isReset(value)) return value;
  if (isOverride(value)) {
    const inner = check(value.value);
    return inner === INVALID ? INVALID : new OverrideTag(inner);
  }
  return check(value);
}

/** Long-syntax port: target to a number, published to a string, protocol and mode defaulted. */
function longPort(value: Record<string, unknown>, at: Path, w: Walker): PortConfig | undefined {
  const bad = (key: string, problem: string, hint = PORT_SYNTAX): typeof INVALID => {
    w.report(C.port, [...at, key], problem, hint);
    return INVALID;
  };
  const out: Record<string, unknown> = {};
  if (value.name !== undefined) out.name = value.name;

  // Swarm reads "ingress" and "host"; ECS ComposeX files write "awsvpc" (the network mode of every
  // Fargate task). On Fargate all three mean the same: the task's own interface, behind the load
  // balancer when the port is published.
  const mode = checkKey(value.mode ?? 'ingress', (m) =>
    PORT_MODES.includes(m as PortMode)
      ? m
      : bad('mode', `port mode ${quote(m)} is not one of "ingress", "host" or "awsvpc"`, 'write mode: ingress (the default), mode: host or mode: awsvpc (ECS ComposeX); on Fargate they mean the same'),
  );
  if (mode === INVALID) return undefined;
  out.mode = mode;

  if (value.host_ip !== undefined && value.host_ip !== null) {
    const hostIp = checkKey(value.host_ip, (ip) =>
      typeof ip === 'string' && isIP(ip) !== 0 ? ip : bad('host_ip', `host_ip ${quote(ip)} is not an IP address`, 'write an IPv4 or IPv6 address, e.g. 127.0.0.1'),
    );
    if (hostIp === INVALID) return undefined;
    out.host_ip = hostIp;
  }

  if (isReset(value.target)) {
    bad('target', 'the container port (target) cannot be reset: every port has one', 'to drop inherited ports, reset the whole list (ports: !reset []) and list the ports again');
    return undefined;
  }
  const target = checkKey(value.target, (t) => {
    const n = typeof t === 'number' ? (Number.isInteger(t) ? t : NaN) : typeof t === 'string' ? portNumber(t) : NaN;
    if (typeof n !== 'number' || Number.isNaN(n) || n < 1 || n > 65535) {
      return bad('target', `target ${quote(t)} is not a container port (1-65535)`, 'write the port the container listens on, e.g. target: 80');
    }
    return n;
  });
  if (target === INVALID) return undefined;
  out.target = target;

  if (value.published !== undefined && value.published !== null && value.published !== '') {
    const published = checkKey(value.published, (p) => {
      if (p === undefined || p === null || p === '') return p; // `!override ""`: no longer published
      const text = typeof p === 'number' ? String(p) : p;
      if (typeof text !== 'string') return bad('published', `published ${quote(p)} is not a port`);
      const range = parsePortRange(text, 'published port');
      return 'error' in range ? bad('published', range.error, range.hint) : text;
    });
    if (published === INVALID) return undefined;
    out.published = published;
  }

  const protocol = checkKey(value.protocol ?? 'tcp', (p) => {
    const parsed = typeof p === 'string' ? parseProtocol(p) : undefined;
    if (!parsed || 'error' in parsed) {
      return bad('protocol', `port protocol ${quote(p)} is not supported`, parsed && 'error' in parsed ? parsed.hint : 'write tcp or udp');
    }
    return parsed.value;
  });
  if (protocol === INVALID) return undefined;
  out.protocol = protocol;
  if (value.app_protocol !== undefined) out.app_protocol = value.app_protocol;

  const known = new Set(['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol']);
  for (const [k, v] of Object.entries(value)) if (!known.has(k)) setOwn(out, k, v);
  return out as unknown as PortConfig;
}

/** `ports`: one list in, one list out (a range expands to several entries). */
export const ports: Rule = (value, at, w) => {
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

const EXPOSE_SYNTAX = 'write PORT[-PORT][/PROTOCOL], e.g. "3000", "8000-8010" or "53/udp"';

/** An `expose` entry: `"3000"`, `"8000-8010"`, `"53/udp"`. */
export function parseExposeSpec(text: string): Parsed<ExposedPorts> {
  const slash = text.indexOf('/');
  const range = parsePortRange(slash < 0 ? text : text.slice(0, slash), 'exposed port');
  if ('error' in range) return { error: range.error, hint: EXPOSE_SYNTAX };
  if (slash < 0) return { value: { ports: range.value, protocol: 'tcp' } };
  const proto = parseProtocol(text.slice(slash + 1));
  if ('error' in proto) return { error: `exposed port ${quote(text)} ${proto.error}`, hint: proto.hint };
  return { value: { ports: range.value, protocol: proto.value } };
}

/** `expose`: strings, `"3000"`, `"8000-8010"`, `"53/udp"`. */
export const expose: Rule = (value, at, w) => {
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
    const parsed = parseExposeSpec(text);
    if ('error' in parsed) {
      w.report(C.expose, itemAt, parsed.error, parsed.hint);
      return;
    }
    out.push(wrap(text));
  });
  return out;
};

// ---------------------------------------------------------------------------------------------
// Typed form. Compose keeps `published` and `expose` as strings (`composex config` prints them
// so); later stages read ports in this form instead, built from the merged project, whose every
// port the rules above have checked.

/** One `ports` entry in typed form. */
export interface ServicePort {
  /** Position in the service's `ports`, for diagnostics. */
  readonly index: number;
  /** Container port. */
  readonly target: number;
  readonly protocol: Protocol;
  /** Host port or range; absent when the port is not published. */
  readonly published?: PortRange;
  readonly hostIp?: string;
  /** `app_protocol` (e.g. `http`), when given. */
  readonly appProtocol?: string;
}

/** One `expose` entry in typed form. */
export interface ExposedPorts {
  readonly ports: PortRange;
  readonly protocol: Protocol;
}

/** The merged `ports` of a service in typed form. */
export function typedPorts(ports: readonly PortConfig[]): ServicePort[] {
  return ports.map((port, index) => {
    // `published: !override ""` (or null) in a later file unpublishes the port.
    const publishedText: string | null | undefined = port.published;
    const published = publishedText === undefined || publishedText === null || publishedText === '' ? undefined : checked(parsePortRange(publishedText, 'published port'));
    return {
      index,
      target: port.target,
      // A `!reset` protocol leaves the key out: Compose's default applies.
      protocol: port.protocol ?? 'tcp',
      ...(published ? { published } : {}),
      ...(port.host_ip !== undefined ? { hostIp: port.host_ip } : {}),
      ...(typeof port.app_protocol === 'string' ? { appProtocol: port.app_protocol } : {}),
    };
  });
}

/** The merged `expose` of a service in typed form (one entry per entry, ranges kept). */
export function typedExpose(expose: readonly string[]): ExposedPorts[] {
  return expose.map((text) => checked(parseExposeSpec(String(text))));
}

/** The value of a parse the loader has already checked; anything else is a bug in composex. */
function checked<T>(parsed: Parsed<T>): T {
  if ('error' in parsed) throw new Error(`composex: a port the loader should have rejected reached a later stage: ${parsed.error}`);
  return parsed.value;
}
