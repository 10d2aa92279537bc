/**
 * The container ports each service declares (`ports[].target` and `expose`): the only ports any
 * ingress rule to it may open. Containers of one family share the task's network namespace, so
 * two of them declaring the same port is an error.
 *
 * Ports are read here once per service, in the typed form of `compose/transform/ports.ts`; the
 * load balancer reads the same values (`servicePorts`).
 */
import type { ServiceConfig } from '../compose/types';
import type { Path } from '../compose/source-map';
import { ExposedPorts, ServicePort, typedExpose, typedPorts } from '../compose/transform/ports';
import type { ContainerPort } from './model';
import type { Membership } from './families';
import { CODES } from './codes';
import { ResolveContext } from './context';

export interface DeclaredPort extends ContainerPort {
  /** Where it was declared, for diagnostics. */
  readonly path: Path;
}

/** `expose` ranges are expanded port by port; beyond this a range is surely a mistake. */
export const MAX_EXPOSE_RANGE = 100;

export interface TypedServicePorts {
  readonly ports: readonly ServicePort[];
  readonly expose: readonly ExposedPorts[];
}

/** Each service's ports, typed once and read by the ingress rules and the load balancer alike. */
const typed = new WeakMap<ServiceConfig, TypedServicePorts>();

export function servicePorts(config: ServiceConfig): TypedServicePorts {
  let ports = typed.get(config);
  if (!ports) typed.set(config, (ports = { ports: typedPorts(config.ports), expose: typedExpose(config.expose) }));
  return ports;
}

export function comparePorts(a: ContainerPort, b: ContainerPort): number {
  return (a.service < b.service ? -1 : a.service > b.service ? 1 : 0) || a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

/** Service → declared ports, deduplicated and sorted by port then protocol. */
export function declaredPorts(ctx: ResolveContext): Map<string, DeclaredPort[]> {
  const out = new Map<string, DeclaredPort[]>();
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const declared: DeclaredPort[] = [];
    const add = (port: number, protocol: DeclaredPort['protocol'], path: Path) => {
      if (!declared.some((p) => p.port === port && p.protocol === protocol)) declared.push({ service, port, protocol, path });
    };
    const { ports, expose } = servicePorts(config);
    for (const p of ports) add(p.target, p.protocol, ['services', service, 'ports', p.index, 'target']);
    expose.forEach(({ ports: { from, to }, protocol }, i) => {
      const path = ['services', service, 'expose', i];
      const raw = config.expose[i];
      // The loader accepts port 0 (Docker's "any port"), which no security group rule can open.
      if (from < 1) {
        ctx.error(
          CODES.INVALID_CONTAINER_PORT,
          `expose entry '${raw}' is not a valid port or range (1 to 65535, low-high)`,
          path,
          'write expose entries as "8080", "8080/udp" or a small range "8000-8010"',
        );
        return;
      }
      if (to - from + 1 > MAX_EXPOSE_RANGE) {
        ctx.error(
          CODES.INVALID_CONTAINER_PORT,
          `expose range '${raw}' has ${to - from + 1} ports; at most ${MAX_EXPOSE_RANGE} are opened one by one`,
          path,
          'expose only the ports the service really listens on',
        );
        return;
      }
      for (let port = from; port <= to; port++) add(port, protocol, path);
    });
    declared.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
    out.set(service, declared);
  }
  return out;
}

/** Every port of a family's services, sorted by service then port; reports clashes (CX3006). */
export function familyPorts(ctx: ResolveContext, membership: Membership, ports: ReadonlyMap<string, readonly DeclaredPort[]>): Map<string, DeclaredPort[]> {
  const out = new Map<string, DeclaredPort[]>();
  for (const [family, services] of membership.servicesOf) {
    const all: DeclaredPort[] = [];
    for (const service of services) {
      for (const port of ports.get(service) ?? []) {
        const clash = all.find((p) => p.port === port.port && p.protocol === port.protocol);
        if (clash) {
          ctx.error(
            CODES.FAMILY_PORT_CLASH,
            `services '${clash.service}' and '${service}' of family '${family}' both listen on ${port.port}/${port.protocol}; containers of one task share its network interface (first declared at ${ctx.where(clash.path)})`,
            port.path,
            'change one of the ports, or put the services in different families',
          );
          continue;
        }
        all.push(port);
      }
    }
    out.set(family, all.sort(comparePorts));
  }
  return out;
}
