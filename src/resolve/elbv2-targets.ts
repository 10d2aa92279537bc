/**
 * `x-elbv2.<lb>.Services`: the target groups of one load balancer, as ECS ComposeX writes them —
 * a mapping `<family>:<service>:<port>: {port, protocol, healthcheck, TargetGroupAttributes}`
 * (its current syntax) or a list of `{name: <family>:<service>, port, protocol, healthcheck}`
 * (its earlier one). Each entry is one target group (target type `ip`, as awsvpc tasks need)
 * sending to one container port of one service of one family.
 *
 * `healthcheck` is ECS ComposeX's short string
 * `port:protocol[:healthy:unhealthy:interval:timeout][:path:codes]` or the target group's own
 * HealthCheck* properties as a mapping. The ranges are those AWS documents for
 * AWS::ElasticLoadBalancingV2::TargetGroup (interval 5–300 s, timeout 2–120 s, thresholds 2–10,
 * path at most 1024 characters).
 */
import type { Path } from '../compose/source-map';
import type { Elbv2HealthCheck, Elbv2Protocol, Elbv2TargetGroup } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import type { Membership } from './families';
import type { DeclaredPort } from './ports';
import { checkKeys, isPlainObject, readObject, readString, type XObject } from './readers';

export const ALB_TARGET_PROTOCOLS: readonly Elbv2Protocol[] = ['HTTP', 'HTTPS'];
export const NLB_TARGET_PROTOCOLS: readonly Elbv2Protocol[] = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];
const SERVICE_KEYS = ['name', 'port', 'protocol', 'healthcheck', 'TargetGroupAttributes', 'ProtocolVersion'];
const HEALTH_CHECK_KEYS = [
  'HealthCheckEnabled',
  'HealthCheckIntervalSeconds',
  'HealthCheckPath',
  'HealthCheckPort',
  'HealthCheckProtocol',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
];
/** Health check protocols a target group accepts (ALB: HTTP/HTTPS; NLB: TCP/HTTP/HTTPS). */
const HEALTH_PROTOCOLS = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'HTTP', 'HTTPS'] } as const;
const HTTP_CODES = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;
/** Seconds ELB lets in-flight requests finish after a task deregisters (its default of 300 slows every deployment). */
export const DEFAULT_DEREGISTRATION_DELAY = '30';

/** A target group as declared: the model's, with the key listeners' `Targets` name and its place. */
export interface TargetDef extends Omit<Elbv2TargetGroup, 'id'> {
  /** `family:service:port`, the key listeners' `Targets` name. */
  readonly key: string;
  readonly path: Path;
}

interface Entry {
  readonly name: string;
  readonly body: XObject;
  readonly at: Path;
  readonly keyPath: Path;
  readonly fromList: boolean;
}

/**
 * Reads the `Services` of one load balancer; entries with a problem are reported and left out
 * (their names are in `failed`, so that listeners naming them say nothing more).
 */
export function readTargetDefs(
  ctx: ResolveContext,
  raw: unknown,
  path: Path,
  type: 'application' | 'network',
  membership: Membership,
  ports: ReadonlyMap<string, readonly DeclaredPort[]>,
  failed: Set<string>,
): TargetDef[] {
  if (raw === undefined) return [];
  const entries: Entry[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const body = readObject(ctx, item, [...path, i], '{name: <family>:<service>, port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}');
      if (!body) return;
      const name = readString(ctx, body.name, [...path, i, 'name'], '<family>:<service>');
      if (name !== undefined) entries.push({ name, body, at: [...path, i], keyPath: [...path, i, 'name'], fromList: true });
    });
  } else if (isPlainObject(raw)) {
    for (const [name, item] of Object.entries(raw)) {
      const body = readObject(ctx, item, [...path, name], '{port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}');
      if (body) entries.push({ name, body, at: [...path, name], keyPath: [...path, name], fromList: false });
    }
  } else {
    ctx.error(CODES.ELBV2_INVALID, `${describePath(path)} must be a mapping of <family>:<service>:<port> to its target group`, path, 'write Services: {app:app:8080: {port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}}');
    return [];
  }
  const out: TargetDef[] = [];
  const seen = new Map<string, Path>();
  for (const entry of entries) {
    const def = readTargetDef(ctx, entry, type, membership, ports);
    if (!def) {
      failed.add(entry.name);
      continue;
    }
    const earlier = seen.get(def.key);
    if (earlier) {
      ctx.error(CODES.ELBV2_UNKNOWN_TARGET, `${describePath(entry.keyPath)} repeats the target ${def.key} (first at ${ctx.where(earlier, 'key')})`, entry.keyPath, 'declare each family:service:port once', 'key');
      continue;
    }
    seen.set(def.key, entry.keyPath);
    out.push(def);
  }
  return out;
}

function readTargetDef(
  ctx: ResolveContext,
  entry: Entry,
  type: 'application' | 'network',
  membership: Membership,
  ports: ReadonlyMap<string, readonly DeclaredPort[]>,
): TargetDef | undefined {
  const { body, at } = entry;
  checkKeys(ctx, body, at, entry.fromList ? SERVICE_KEYS : SERVICE_KEYS.filter((k) => k !== 'name'));
  const parts = entry.name.split(':');
  const [family, service, keyPort] = parts;
  const example = `${family ?? 'app'}:${service ?? family ?? 'app'}:8080`;
  if (parts.length < 2 || parts.length > 3 || !family || !service) {
    ctx.error(CODES.ELBV2_UNKNOWN_TARGET, `'${entry.name}' is not <family>:<service>:<port>`, entry.keyPath, `write the family, the service and its container port, e.g. ${example}`, 'key');
    return undefined;
  }
  const members = membership.servicesOf.get(family);
  if (!members) {
    ctx.unknownService(family, entry.keyPath, 'x-elbv2 target family', 'key', [...membership.servicesOf.keys()]);
    return undefined;
  }
  if (!members.includes(service)) {
    const families = membership.familiesOf.get(service) ?? [];
    ctx.error(
      CODES.ELBV2_UNKNOWN_TARGET,
      ctx.project.services[service] ? `service '${service}' is not in family '${family}'` : `family '${family}' has no service '${service}'`,
      entry.keyPath,
      families.length > 0 ? `write ${families[0]}:${service}${keyPort === undefined ? '' : `:${keyPort}`} (the family '${service}' runs in)` : `name one of the services of '${family}': ${members.join(', ')}`,
      'key',
    );
    return undefined;
  }
  let containerPort: number | undefined;
  if (body.port !== undefined) {
    if (typeof body.port !== 'number' || !Number.isInteger(body.port) || body.port < 1 || body.port > 65535) {
      ctx.error(CODES.ELBV2_INVALID, `${describePath([...at, 'port'])} must be a port number (1 to 65535)`, [...at, 'port'], 'write the container port traffic goes to, e.g. port: 8080');
      return undefined;
    }
    containerPort = body.port;
  }
  if (keyPort !== undefined) {
    const n = Number(keyPort);
    if (!/^\d+$/.test(keyPort) || n < 1 || n > 65535) {
      ctx.error(CODES.ELBV2_UNKNOWN_TARGET, `'${keyPort}' in '${entry.name}' is not a port number`, entry.keyPath, `write ${family}:${service}:<container port>`, 'key');
      return undefined;
    }
    if (containerPort !== undefined && containerPort !== n) {
      ctx.error(CODES.ELBV2_UNKNOWN_TARGET, `'${entry.name}' names port ${n} but its port is ${containerPort}`, [...at, 'port'], `make them the same container port (${family}:${service}:${containerPort})`);
      return undefined;
    }
    containerPort = n;
  }
  if (containerPort === undefined) {
    ctx.error(CODES.ELBV2_INVALID, `${describePath(at)} gives no port`, at, 'add port: <container port>', 'key');
    return undefined;
  }
  const protocol = readTargetProtocol(ctx, body.protocol, [...at, 'protocol'], type);
  if (!protocol) return undefined;
  const ipProtocol = protocol === 'UDP' ? 'udp' : 'tcp';
  const declared = ports.get(service) ?? [];
  if (!declared.some((p) => p.port === containerPort && (protocol === 'TCP_UDP' || p.protocol === ipProtocol))) {
    const listed = declared.map((p) => `${p.port}/${p.protocol}`).join(', ');
    ctx.error(
      CODES.ELBV2_UNKNOWN_TARGET,
      `service '${service}' declares no ${ipProtocol.toUpperCase()} port ${containerPort}${listed ? ` (it declares ${listed})` : ''}: the load balancer would send to a port the container does not open`,
      body.port !== undefined ? [...at, 'port'] : entry.keyPath,
      `add "${containerPort}${ipProtocol === 'udp' ? '/udp' : ''}" to the ports or expose of '${service}', or target a port it declares`,
      body.port !== undefined ? 'value' : 'key',
    );
    return undefined;
  }
  const healthCheck = readHealthCheck(ctx, body.healthcheck, [...at, 'healthcheck'], type, protocol);
  if (!healthCheck) return undefined;
  const attributes = readTargetGroupAttributes(ctx, body.TargetGroupAttributes, [...at, 'TargetGroupAttributes']);
  if (!attributes) return undefined;
  return { key: `${family}:${service}:${containerPort}`, family, service, containerPort, protocol, healthCheck, attributes, path: entry.keyPath };
}

function readTargetProtocol(ctx: ResolveContext, raw: unknown, path: Path, type: 'application' | 'network'): Elbv2Protocol | undefined {
  const allowed = type === 'application' ? ALB_TARGET_PROTOCOLS : NLB_TARGET_PROTOCOLS;
  if (raw === undefined) return allowed[0];
  if (typeof raw !== 'string' || !allowed.includes(raw as Elbv2Protocol)) {
    ctx.error(CODES.ELBV2_INVALID, `target protocol ${JSON.stringify(raw)} is not one an ${type} load balancer's target group takes (${allowed.join(', ')})`, path, `write protocol: ${allowed[0]}`);
    return undefined;
  }
  return raw as Elbv2Protocol;
}

function defaultHealthCheck(protocol: Elbv2Protocol): Elbv2HealthCheck {
  if (protocol === 'HTTP' || protocol === 'HTTPS') return { protocol, path: '/', matcher: '200-399' };
  return { protocol: 'TCP' };
}

function readHealthCheck(ctx: ResolveContext, raw: unknown, path: Path, type: 'application' | 'network', protocol: Elbv2Protocol): Elbv2HealthCheck | undefined {
  if (raw === undefined) return defaultHealthCheck(protocol);
  const bad = (message: string, hint: string): undefined => {
    ctx.error(CODES.ELBV2_HEALTH_CHECK_INVALID, message, path, hint);
    return undefined;
  };
  let check: Elbv2HealthCheck;
  if (typeof raw === 'string') {
    const parsed = parseHealthCheckString(raw);
    if (!parsed) return bad(`health check '${raw}' is not port:protocol[:healthy:unhealthy:interval:timeout][:path:codes]`, 'write e.g. "8080:HTTP:/health:200" or "8080:TCP:3:3:15:5"');
    const { codesFirst, ...read } = parsed;
    if (codesFirst) {
      ctx.warning(
        CODES.ELBV2_HEALTH_CHECK_CODES_FIRST,
        `health check '${raw}' gives the codes before the path: read as path ${read.path} answering ${read.matcher}. ECS ComposeX's pattern skips this part and checks / for ELB's default codes`,
        path,
        `write '${raw.slice(0, raw.length - `${read.matcher}:${read.path}`.length)}${read.path}:${read.matcher}'`,
      );
    }
    check = read;
  } else if (isPlainObject(raw)) {
    checkKeys(ctx, raw, path, HEALTH_CHECK_KEYS);
    if (raw.HealthCheckEnabled === false || raw.HealthCheckEnabled === 'false') {
      return bad('health checks cannot be turned off for a target group of ip targets (AWS requires them)', 'remove HealthCheckEnabled');
    }
    const matcher = isPlainObject(raw.Matcher) ? raw.Matcher.HttpCode : undefined;
    check = {
      protocol: (raw.HealthCheckProtocol as Elbv2Protocol | undefined) ?? defaultHealthCheck(protocol).protocol,
      ...(raw.HealthCheckPort !== undefined ? { port: raw.HealthCheckPort as number } : {}),
      ...(raw.HealthCheckPath !== undefined ? { path: raw.HealthCheckPath as string } : {}),
      ...(matcher !== undefined ? { matcher: matcher as string } : {}),
      ...(raw.HealthyThresholdCount !== undefined ? { healthyThreshold: raw.HealthyThresholdCount as number } : {}),
      ...(raw.UnhealthyThresholdCount !== undefined ? { unhealthyThreshold: raw.UnhealthyThresholdCount as number } : {}),
      ...(raw.HealthCheckIntervalSeconds !== undefined ? { intervalSeconds: raw.HealthCheckIntervalSeconds as number } : {}),
      ...(raw.HealthCheckTimeoutSeconds !== undefined ? { timeoutSeconds: raw.HealthCheckTimeoutSeconds as number } : {}),
    };
    if (check.protocol !== 'TCP' && check.path === undefined) check = { ...check, path: '/' };
  } else {
    return bad('healthcheck must be a string such as "8080:HTTP:/health:200" or a mapping of HealthCheck* properties', 'write healthcheck: "8080:HTTP:/health:200"');
  }
  const protocols: readonly string[] = HEALTH_PROTOCOLS[type];
  if (!protocols.includes(check.protocol)) return bad(`health check protocol ${check.protocol} is not one an ${type} load balancer's target group takes (${protocols.join(', ')})`, `use ${protocols.join(' or ')}`);
  if (check.port !== undefined && (!Number.isInteger(check.port) || check.port < 1 || check.port > 65535)) return bad(`health check port ${check.port} is not a port number`, 'give a port from 1 to 65535, or leave it out for the traffic port');
  const http = check.protocol === 'HTTP' || check.protocol === 'HTTPS';
  if (!http && (check.path !== undefined || check.matcher !== undefined)) return bad(`a ${check.protocol} health check has no path or HTTP codes`, 'use HTTP as the health check protocol, or drop the path');
  if (check.path !== undefined && (typeof check.path !== 'string' || !check.path.startsWith('/') || check.path.length > 1024)) return bad(`health check path ${JSON.stringify(check.path)} must start with '/' (at most 1024 characters)`, "write a path such as '/health'");
  if (check.matcher !== undefined && (typeof check.matcher !== 'string' || !HTTP_CODES.test(check.matcher))) return bad(`health check codes ${JSON.stringify(check.matcher)} are not HTTP codes such as 200, 200,202 or 200-299`, 'write e.g. 200-299');
  for (const [value, name, min, max] of [
    [check.healthyThreshold, 'healthy threshold', 2, 10],
    [check.unhealthyThreshold, 'unhealthy threshold', 2, 10],
    [check.intervalSeconds, 'interval', 5, 300],
    [check.timeoutSeconds, 'timeout', 2, 120],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) return bad(`health check ${name} ${value} is outside ${min}–${max} (the target group's range)`, `use a whole number from ${min} to ${max}`);
  }
  if (check.intervalSeconds !== undefined && check.timeoutSeconds !== undefined && check.timeoutSeconds >= check.intervalSeconds) {
    return bad(`health check timeout ${check.timeoutSeconds}s is not shorter than its interval ${check.intervalSeconds}s`, 'make the timeout shorter than the interval');
  }
  return check;
}

/** ECS ComposeX's short form: `port:protocol[:healthy:unhealthy:interval:timeout][:path:codes]`. */
/**
 * `port:protocol[:healthy:unhealthy:interval:timeout][:<health>]`, where `<health>` is, as ECS
 * ComposeX reads it, `/path:codes`, `/:codes` (the default path) or `codes` alone. `codes:/path`
 * (the codes first, as ECS ComposeX's cognito documentation example writes it) is read as
 * `/path:codes`, flagged `codesFirst` for a warning: ECS ComposeX's pattern skips it and checks `/`
 * for ELB's default codes, which is not what the file asks for.
 */
export function parseHealthCheckString(text: string): (Elbv2HealthCheck & { codesFirst?: true }) | undefined {
  const [port, protocol, ...rest] = text.split(':');
  if (!/^\d+$/.test(port ?? '') || !['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'].includes(protocol ?? '')) return undefined;
  const ping = rest.length >= 4 && rest.slice(0, 4).every((n) => /^\d+$/.test(n)) ? rest.slice(0, 4).map(Number) : undefined;
  const health = ping ? rest.slice(4) : rest;
  const isPath = (v: string) => v.startsWith('/');
  const isCodes = (v: string) => /^\d/.test(v);
  let http: { path: string; matcher: string; codesFirst?: true } | undefined;
  if (health.length === 2 && isPath(health[0])) http = { path: health[0], matcher: health[1] };
  else if (health.length === 2 && isCodes(health[0]) && isPath(health[1])) http = { path: health[1], matcher: health[0], codesFirst: true };
  else if (health.length === 1 && isCodes(health[0])) http = { path: '/', matcher: health[0] };
  else if (health.length !== 0) return undefined;
  const [healthy, unhealthy, interval, timeout] = ping ?? [];
  return {
    protocol: protocol as Elbv2Protocol,
    port: Number(port),
    ...(ping ? { healthyThreshold: healthy, unhealthyThreshold: unhealthy, intervalSeconds: interval, timeoutSeconds: timeout } : {}),
    ...(http ? http : protocol === 'HTTP' || protocol === 'HTTPS' ? { path: '/', matcher: '200-399' } : {}),
  };
}

function readTargetGroupAttributes(ctx: ResolveContext, raw: unknown, path: Path): { key: string; value: string }[] | undefined {
  const out = new Map<string, string>([['deregistration_delay.timeout_seconds', DEFAULT_DEREGISTRATION_DELAY]]);
  if (raw === undefined) return [...out].map(([key, value]) => ({ key, value }));
  const pairs: [string, unknown, Path][] = Array.isArray(raw)
    ? raw.map((item, i) => (isPlainObject(item) ? [String(item.Key), item.Value, [...path, i]] : ['', undefined, [...path, i]]))
    : isPlainObject(raw)
      ? Object.entries(raw).map(([k, v]) => [k, v, [...path, k]])
      : [['', undefined, path]];
  for (const [key, value, at] of pairs) {
    if (!/^[a-z0-9._]+$/.test(key) || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) {
      ctx.error(CODES.ELBV2_INVALID, `${describePath(at)} is not a target group attribute (Key and Value)`, at, 'write [{Key: deregistration_delay.timeout_seconds, Value: "30"}] or {deregistration_delay.timeout_seconds: "30"}');
      return undefined;
    }
    out.set(key, String(value));
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value }));
}
