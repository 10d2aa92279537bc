/**
 * Published ports → one internet-facing load balancer. Tasks are never reachable directly: each
 * published port is a listener forwarding to one family's container port, the load balancer's
 * group is open to the world on its listener ports only, and each family admits the load
 * balancer on the target port only.
 *
 * An ALB when every published port is HTTP (declared with `x-aws-protocol` / `app_protocol`, or
 * by convention container or host port 80 / 8080 over TCP), an NLB otherwise.
 *
 * A port published both as TCP and as UDP to the same container port of one service (`53:53/tcp`
 * and `53:53/udp`, a DNS server) is one `TCP_UDP` listener of the network load balancer: ELB allows
 * one listener per port, and a `TCP_UDP` listener carries both protocols to one `TCP_UDP` target
 * group (Elastic Load Balancing, "Listeners for your Network Load Balancers").
 *
 * Two Compose habits are made explicit:
 *  - `ports: ["80"]` (no host port: Compose publishes it on a random port of the host) has no
 *    load balancer equivalent and is not published: the port is a container port reachable by the
 *    services that declare they call it, as with `expose`, and a warning says so (CX3211).
 *    Publishing it on the same listener port instead would open to the internet a port the file
 *    never gave a number for, and two services with `ports: ["8080"]` would then clash.
 *  - a published port of a data store image (postgres, redis, … — `data/image-ports.ts`) is
 *    refused (CX3210) unless the service opts in with `x-network.PublicDataStore: true`: the
 *    listener would be open to 0.0.0.0/0, where `5432:5432` on a laptop only reaches the host.
 */
import type { Path } from '../compose/source-map';
import type { PortConfig } from '../compose/types';
import type { PortRange, ServicePort } from '../compose/transform/ports';
import { MAX_LISTENERS_PER_LOAD_BALANCER, MAX_LOAD_BALANCERS_PER_REGION } from '../limits/elb';
import type { CertificateRef, IngressRule, ListenerModel, LoadBalancerModel, LoadBalancerRef } from './model';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import { ListenerSplit, splitListeners } from './load-balancer-split';
import { withTls } from './load-balancer-tls';
import { servicePorts } from './ports';
import { imageDefault } from './data/image-ports';
import type { NetworkSettings } from './x-network';

export const WORLD_IPV4 = '0.0.0.0/0';
const CONVENTIONAL_HTTP_PORTS = [80, 8080];
const LOOPBACK = /^(127\.|::1$|\[::1\]$|localhost$)/;

interface Published {
  readonly service: string;
  readonly family: string;
  /** The listener port. */
  readonly port: number;
  readonly servicePort: ServicePort;
  readonly http: boolean;
  readonly path: Path;
  /** The same port published as TCP and as UDP to the same container port: one `TCP_UDP` listener. */
  readonly tcpUdp?: true;
}

/** The Compose entry, for the `x-aws-*` keys Docker's ECS integration puts on a port. */
function portConfig(ctx: ResolveContext, service: string, entry: ServicePort): PortConfig {
  return ctx.project.services[service].ports[entry.index];
}

function isHttp(entry: ServicePort, config: PortConfig, published: number): boolean {
  if (entry.protocol === 'udp') return false;
  const declared = config['x-aws-protocol'] ?? entry.appProtocol;
  if (typeof declared === 'string' && declared !== '') return declared.toLowerCase() === 'http';
  return CONVENTIONAL_HTTP_PORTS.includes(entry.target) || CONVENTIONAL_HTTP_PORTS.includes(published);
}

function formatRange({ from, to }: PortRange): string {
  return from === to ? String(from) : `${from}-${to}`;
}

function readPublished(ctx: ResolveContext, membership: Membership, network: ReadonlyMap<string, NetworkSettings>): Published[] {
  const out: Published[] = [];
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const dataStore = imageDefault(config.image);
    for (const entry of servicePorts(config).ports) {
      const i = entry.index;
      if (!entry.published) {
        const port = `${entry.target}${entry.protocol === 'udp' ? '/udp' : ''}`;
        ctx.warning(
          CODES.CONTAINER_PORT_NOT_PUBLISHED,
          `port ${port} of '${service}' has no host port: Compose publishes it on a random host port, which a load balancer cannot do, so it is not published; only services that declare they call '${service}' reach it`,
          ['services', service, 'ports', i],
          `to publish it on the load balancer write "${entry.target}:${port}"; to keep it internal, move it to expose: ["${port}"]`,
        );
        continue;
      }
      // `mode: awsvpc` is ECS ComposeX's: there a port is the container's, and load balancers come
      // from x-elbv2 only. Putting composex's internet-facing load balancer in front of it would
      // expose what the file never exposed.
      if (config.ports[i]?.mode === 'awsvpc') {
        ctx.warning(
          CODES.AWSVPC_PORT_NOT_PUBLISHED,
          `port ${entry.target} of '${service}' has mode: awsvpc, ECS ComposeX's container port: as in ECS ComposeX, no load balancer is put in front of it; only services that declare they call '${service}' (and x-network Ingress) reach it`,
          ['services', service, 'ports', i, 'mode'],
          `to publish it on composex's load balancer, remove mode: awsvpc; to serve it from a load balancer of your own, declare it in x-elbv2; to say it is internal, move it to expose: ["${entry.target}"]`,
        );
        continue;
      }
      const path = ['services', service, 'ports', i, 'published'];
      const text = formatRange(entry.published);
      if (entry.hostIp !== undefined && LOOPBACK.test(entry.hostIp)) {
        ctx.warning(
          CODES.LOOPBACK_NOT_PUBLISHED,
          `port ${text} of '${service}' is bound to ${entry.hostIp}, which means "this machine only": it is not published on the load balancer`,
          ['services', service, 'ports', i],
          'remove host_ip to publish the port, or drop "published" to keep it internal',
        );
        continue;
      }
      if (entry.published.from !== entry.published.to) {
        ctx.error(
          CODES.PUBLISHED_PORT_RANGE,
          `'${service}' publishes the port range ${text}; a load balancer listener has exactly one port`,
          path,
          'publish each port on its own line (ports: ["8000:8000", "8001:8001"]), or use expose for ports only other services reach',
        );
        continue;
      }
      // The loader accepts host port 0 (Docker picks a free port); a listener needs a real one.
      const port = entry.published.from;
      if (port < 1) {
        ctx.error(CODES.INVALID_PUBLISHED_PORT, `published port '${text}' of '${service}' is not a port number (1 to 65535)`, path, 'write it as "published:target", e.g. "80:8080"');
        continue;
      }
      const families = familiesOf(membership, service);
      if (families.length > 1) {
        ctx.error(
          CODES.PUBLISHED_IN_SEVERAL_FAMILIES,
          `'${service}' publishes port ${port} but belongs to families ${families.join(', ')}; a listener forwards to one family`,
          path,
          `keep '${service}' in one family, or publish the port from a service that is`,
        );
        continue;
      }
      if (families.length === 0) continue; // its family name was invalid (already reported)
      if (dataStore?.dataStore && network.get(service)?.publicDataStore !== true) {
        ctx.error(
          CODES.DATA_STORE_PUBLISHED,
          `'${service}' runs ${dataStore.repository}, a data store, and publishes port ${port}: the load balancer listener would be open to the whole internet (0.0.0.0/0), not just to this machine as with docker compose`,
          path,
          `drop the host port so only services that declare they call '${service}' reach it (expose: ["${entry.target}"] with depends_on: [${service}] on the callers); to serve it to the internet on purpose, set x-network: {PublicDataStore: true} on '${service}'`,
        );
        continue;
      }
      out.push({ service, family: families[0], port, servicePort: entry, http: isHttp(entry, portConfig(ctx, service, entry), port), path });
    }
  }
  return out;
}

function healthCheckPath(ctx: ResolveContext, entry: Published): string | undefined {
  const onPort = portConfig(ctx, entry.service, entry.servicePort)['x-aws-healthcheck-path'];
  const onService = ctx.project.services[entry.service]['x-aws-healthcheck-path'];
  const path: Path = onPort !== undefined ? ['services', entry.service, 'ports', entry.servicePort.index, 'x-aws-healthcheck-path'] : ['services', entry.service, 'x-aws-healthcheck-path'];
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

/** `certificates`: `x-load-balancer`'s (load-balancer-tls.ts), for the listener of port 443. */
export function resolveLoadBalancer(
  ctx: ResolveContext,
  membership: Membership,
  network: ReadonlyMap<string, NetworkSettings> = new Map(),
  certificates?: readonly CertificateRef[],
): LoadBalancerResolution {
  const published = mergeTcpUdp(ctx, readPublished(ctx, membership, network));
  if (published.length === 0) {
    // Certificates with nothing published: reported as unused.
    withTls(ctx, [], certificates, () => []);
    return { ingress: [] };
  }

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
        // ECS ComposeX files publish one port on several services: with x-elbv2, published ports are
        // container ports and the load balancers come from x-elbv2 (this function is not called then).
        'publish a different host port for one of them, e.g. "8081:8080" (a file written for ECS ComposeX with x-elbv2 publishes container ports there; without x-elbv2, each published port is a listener of one load balancer)',
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
        `port ${httpPort.port} of '${httpPort.service}' looks like HTTP, but port ${other.port} of '${other.service}' is ${other.servicePort.protocol.toUpperCase()}, so one network load balancer serves both and forwards HTTP as plain TCP`,
        httpPort.path,
        `for path routing and HTTP health checks publish only HTTP ports; to accept plain TCP here, mark port ${httpPort.port} with x-aws-protocol: tcp`,
      );
    }
  }

  const listeners: ListenerModel[] = [];
  const entryOf = new Map<number, Published>(); // by listener port (unique here)
  for (const entry of published) {
    if ((byPort.get(entry.port) ?? []).length > 1) continue;
    const protocol = type === 'application' ? 'HTTP' : entry.tcpUdp ? 'TCP_UDP' : entry.servicePort.protocol === 'udp' ? 'UDP' : 'TCP';
    const healthPath = protocol === 'HTTP' ? healthCheckPath(ctx, entry) : undefined;
    const listener: ListenerModel = {
      port: entry.port,
      protocol,
      target: { family: entry.family, service: entry.service, containerPort: entry.servicePort.target },
      ...(healthPath === undefined ? {} : { healthCheckPath: healthPath }),
    };
    listeners.push(listener);
    entryOf.set(entry.port, entry);
  }
  listeners.sort((a, b) => a.port - b.port);

  const split = splitListeners(withTls(ctx, listeners, certificates, (l) => entryOf.get(l.port)!.path));
  reportSplitProblems(ctx, split, (l) => entryOf.get(l.port)!);
  const ingress: IngressRule[] = [];
  for (const listener of split.listeners) {
    const entry = entryOf.get(listener.port)!;
    const lb: LoadBalancerRef = listener.loadBalancer ? { kind: 'loadBalancer', index: listener.loadBalancer } : { kind: 'loadBalancer' };
    const reason = `published: ${entry.port}`;
    for (const ipProtocol of entry.tcpUdp ? (['tcp', 'udp'] as const) : [entry.servicePort.protocol]) {
      ingress.push(
        { source: { kind: 'cidr', cidr: WORLD_IPV4 }, target: lb, protocol: ipProtocol, fromPort: entry.port, toPort: entry.port, reason },
        { source: lb, target: { kind: 'family', family: entry.family }, protocol: ipProtocol, fromPort: entry.servicePort.target, toPort: entry.servicePort.target, reason },
      );
    }
  }
  const loadBalancer: LoadBalancerModel = { type, listeners: split.listeners, ...(split.count > 1 ? { count: split.count } : {}) };
  return { loadBalancer, ingress };
}

/**
 * Two entries publishing one port, one TCP and one UDP, to the same container port of the same
 * service become one entry (`tcpUdp`). TCP and UDP of one port sent to different services or
 * container ports cannot share the listener's one target group: CX3212 at the UDP entry, and both
 * are left out (so CX3201 does not report them again). Other repetitions are CX3201's.
 */
function mergeTcpUdp(ctx: ResolveContext, published: readonly Published[]): Published[] {
  const byPort = new Map<number, Published[]>();
  for (const entry of published) byPort.set(entry.port, [...(byPort.get(entry.port) ?? []), entry]);
  const out: Published[] = [];
  for (const entry of published) {
    const entries = byPort.get(entry.port)!;
    const tcp = entries.filter((e) => e.servicePort.protocol === 'tcp');
    const udp = entries.filter((e) => e.servicePort.protocol === 'udp');
    if (entries.length !== 2 || tcp.length !== 1 || udp.length !== 1) {
      out.push(entry);
      continue;
    }
    if (entry !== tcp[0]) continue; // the pair is written once, from its TCP entry
    if (tcp[0].service === udp[0].service && tcp[0].servicePort.target === udp[0].servicePort.target) {
      out.push({ ...tcp[0], http: false, tcpUdp: true });
      continue;
    }
    ctx.error(
      CODES.TCP_UDP_TARGETS_DIFFER,
      `port ${entry.port} is published as UDP to ${udp[0].servicePort.target}/udp of '${udp[0].service}' and as TCP to ${tcp[0].servicePort.target}/tcp of '${tcp[0].service}' (${ctx.where(tcp[0].path)}); a network load balancer has one listener per port, and a TCP_UDP listener forwards both protocols to one container port of one service`,
      udp[0].path,
      tcp[0].service === udp[0].service
        ? `send both to the same container port ("${entry.port}:${tcp[0].servicePort.target}/tcp" and "${entry.port}:${tcp[0].servicePort.target}/udp"), or publish one of them on another host port`
        : `publish one of them on another host port, e.g. "${entry.port + 10000}:${udp[0].servicePort.target}/udp"`,
    );
  }
  return out;
}

/**
 * CX3222: one container port published on more host ports than one load balancer has listeners
 * (a target group belongs to one load balancer). CX3221 (warning): more load balancers than the
 * default per-Region quota.
 */
function reportSplitProblems(ctx: ResolveContext, split: ListenerSplit, entryOf: (l: ListenerModel) => Published): void {
  for (const unit of split.oversized) {
    const entry = entryOf(unit[0]);
    ctx.error(
      CODES.TARGET_PUBLISHED_TOO_OFTEN,
      `container port ${entry.servicePort.target} of '${entry.service}' is published on ${unit.length} host ports; its target group belongs to one load balancer, which has at most ${MAX_LISTENERS_PER_LOAD_BALANCER} listeners (ELB quota "Listeners per load balancer")`,
      entry.path,
      `publish it on at most ${MAX_LISTENERS_PER_LOAD_BALANCER} host ports, or listen on further container ports and publish those`,
    );
  }
  if (split.count > MAX_LOAD_BALANCERS_PER_REGION) {
    const first = split.listeners.find((l) => (l.loadBalancer ?? 0) >= MAX_LOAD_BALANCERS_PER_REGION)!;
    ctx.warning(
      CODES.LOAD_BALANCERS_OVER_QUOTA,
      `the ${split.listeners.length} published ports need ${split.count} load balancers of at most ${MAX_LISTENERS_PER_LOAD_BALANCER} listeners; the ELB quota "load balancers per Region" is ${MAX_LOAD_BALANCERS_PER_REGION} by default, so port ${first.port} and the ports after it deploy only where that quota was raised`,
      entryOf(first).path,
      `publish fewer ports (use expose for ports only other services reach), or raise the quota in Service Quotas (Elastic Load Balancing) before deploying`,
    );
  }
}
