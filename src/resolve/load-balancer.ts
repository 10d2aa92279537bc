/**
 * Published ports → one internet-facing load balancer. Tasks are never reachable directly: each
 * published port is a listener forwarding to one family's container port, the load balancer's
 * group is open to the world on its listener ports only, and each family admits the load
 * balancer on the target port only.
 *
 * An ALB when every published port is HTTP (declared with `x-aws-protocol` / `app_protocol`, or
 * by convention container or host port 80 / 8080 over TCP), an NLB otherwise.
 */
import type { Path } from '../compose/source-map';
import type { PortConfig } from '../compose/types';
import type { IngressRule, ListenerModel, LoadBalancerModel } from './model';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { familiesOf, Membership } from './families';

export const WORLD_IPV4 = '0.0.0.0/0';
const CONVENTIONAL_HTTP_PORTS = [80, 8080];
const LOOPBACK = /^(127\.|::1$|\[::1\]$|localhost$)/;

interface Published {
  readonly service: string;
  readonly family: string;
  readonly port: number;
  readonly config: PortConfig;
  readonly http: boolean;
  readonly path: Path;
}

function isHttp(port: PortConfig, published: number): boolean {
  if (port.protocol === 'udp') return false;
  const declared = port['x-aws-protocol'] ?? port.app_protocol;
  if (typeof declared === 'string' && declared !== '') return declared.toLowerCase() === 'http';
  return CONVENTIONAL_HTTP_PORTS.includes(port.target) || CONVENTIONAL_HTTP_PORTS.includes(published);
}

function readPublished(ctx: ResolveContext, membership: Membership): Published[] {
  const out: Published[] = [];
  for (const service of ctx.serviceNames) {
    (ctx.project.services[service].ports ?? []).forEach((config, i) => {
      if (config.published === undefined || config.published === null || config.published === '') return;
      const path = ['services', service, 'ports', i, 'published'];
      const text = String(config.published).trim();
      if (config.host_ip !== undefined && LOOPBACK.test(config.host_ip)) {
        ctx.warning(
          CODES.LOOPBACK_NOT_PUBLISHED,
          `port ${text} of '${service}' is bound to ${config.host_ip}, which means "this machine only": it is not published on the load balancer`,
          ['services', service, 'ports', i],
          'remove host_ip to publish the port, or drop "published" to keep it internal',
        );
        return;
      }
      const range = /^(\d+)-(\d+)$/.exec(text);
      if (range && range[1] !== range[2]) {
        ctx.error(
          CODES.PUBLISHED_PORT_RANGE,
          `'${service}' publishes the port range ${text}; a load balancer listener has exactly one port`,
          path,
          'publish each port on its own line (ports: ["8000:8000", "8001:8001"]), or use expose for ports only other services reach',
        );
        return;
      }
      const port = Number(range ? range[1] : text);
      if (!/^\d+$/.test(range ? range[1] : text) || port < 1 || port > 65535) {
        ctx.error(CODES.INVALID_PUBLISHED_PORT, `published port '${text}' of '${service}' is not a port number (1 to 65535)`, path, 'write it as "published:target", e.g. "80:8080"');
        return;
      }
      const families = familiesOf(membership, service);
      if (families.length > 1) {
        ctx.error(
          CODES.PUBLISHED_IN_SEVERAL_FAMILIES,
          `'${service}' publishes port ${port} but belongs to families ${families.join(', ')}; a listener forwards to one family`,
          path,
          `keep '${service}' in one family, or publish the port from a service that is`,
        );
        return;
      }
      if (families.length === 0) return; // its family name was invalid (already reported)
      out.push({ service, family: families[0], port, config, http: isHttp(config, port), path });
    });
  }
  return out;
}

function healthCheckPath(ctx: ResolveContext, entry: Published, index: number): string | undefined {
  const onPort = entry.config['x-aws-healthcheck-path'];
  const onService = ctx.project.services[entry.service]['x-aws-healthcheck-path'];
  const path: Path = onPort !== undefined ? ['services', entry.service, 'ports', index, 'x-aws-healthcheck-path'] : ['services', entry.service, 'x-aws-healthcheck-path'];
  const value = onPort ?? onService ?? '/';
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 1024) {
    ctx.error(CODES.INVALID_HEALTHCHECK_PATH, `health check path ${JSON.stringify(value)} of '${entry.service}' must start with '/' (at most 1024 characters)`, path, "write a path such as '/health'");
    return undefined;
  }
  return value;
}

export interface LoadBalancerResolution {
  readonly loadBalancer?: LoadBalancerModel;
  readonly ingress: readonly IngressRule[];
}

export function resolveLoadBalancer(ctx: ResolveContext, membership: Membership): LoadBalancerResolution {
  const published = readPublished(ctx, membership);
  if (published.length === 0) return { ingress: [] };

  const byPort = new Map<number, Published[]>();
  for (const entry of published) byPort.set(entry.port, [...(byPort.get(entry.port) ?? []), entry]);
  for (const [port, entries] of byPort) {
    if (entries.length < 2) continue;
    for (const entry of entries) {
      const others = entries.filter((e) => e !== entry).map((e) => `'${e.service}' at ${ctx.where(e.path)}`);
      ctx.error(
        CODES.PUBLISHED_PORT_TWICE,
        `port ${port} is published by '${entry.service}' and also by ${others.join(', ')}; the load balancer has one listener per port`,
        entry.path,
        'publish a different host port for one of them, e.g. "8081:8080"',
      );
    }
  }

  const type = published.every((p) => p.http) ? 'application' : 'network';
  if (type === 'network') {
    const httpPort = published.find((p) => p.http);
    const other = published.find((p) => !p.http)!;
    if (httpPort) {
      ctx.warning(
        CODES.HTTP_ON_NLB,
        `port ${httpPort.port} of '${httpPort.service}' looks like HTTP, but port ${other.port} of '${other.service}' is ${other.config.protocol.toUpperCase()}, so one network load balancer serves both and forwards HTTP as plain TCP`,
        httpPort.path,
        `for path routing and HTTP health checks publish only HTTP ports; to accept plain TCP here, mark port ${httpPort.port} with x-aws-protocol: tcp`,
      );
    }
  }

  const listeners: ListenerModel[] = [];
  const ingress: IngressRule[] = [];
  for (const entry of published) {
    if ((byPort.get(entry.port) ?? []).length > 1) continue;
    const index = Number(entry.path[3]);
    const protocol = type === 'application' ? 'HTTP' : entry.config.protocol === 'udp' ? 'UDP' : 'TCP';
    const healthPath = protocol === 'HTTP' ? healthCheckPath(ctx, entry, index) : undefined;
    listeners.push({
      port: entry.port,
      protocol,
      target: { family: entry.family, service: entry.service, containerPort: entry.config.target },
      ...(healthPath === undefined ? {} : { healthCheckPath: healthPath }),
    });
    const ipProtocol = entry.config.protocol === 'udp' ? 'udp' : 'tcp';
    const reason = `published: ${entry.port}`;
    ingress.push(
      { source: { kind: 'cidr', cidr: WORLD_IPV4 }, target: { kind: 'loadBalancer' }, protocol: ipProtocol, fromPort: entry.port, toPort: entry.port, reason },
      { source: { kind: 'loadBalancer' }, target: { kind: 'family', family: entry.family }, protocol: ipProtocol, fromPort: entry.config.target, toPort: entry.config.target, reason },
    );
  }
  listeners.sort((a, b) => a.port - b.port);
  return { loadBalancer: { type, listeners }, ingress };
}
