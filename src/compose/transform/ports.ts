/**
 * Port syntax (`ports`, `expose`) as compose-go and docker/go-connections parse it, and the rules
 * of the canonical form that rewrite it to long syntax.
 */
import { isIP } from 'net';
import type { PortConfig, Protocol } from '../types';
import { CANONICAL_CODES as C } from '../codes';
import type { Path } from '../source-map';
import { isOverride, isPlainObject, isReset } from '../tags';
import { setOwn } from '../yaml';
import { eachItem, Parsed, quote, Rule, Walker } from './walker';

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
