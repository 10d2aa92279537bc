/**
 * The container ports each service declares (`ports[].target` and `expose`): the only ports any
 * ingress rule to it may open. Containers of one family share the task's network namespace, so
 * two of them declaring the same port is an error.
 */
import type { Protocol } from '../compose/types';
import type { Path } from '../compose/source-map';
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

const EXPOSE = /^(\d+)(?:-(\d+))?(?:\/([A-Za-z]+))?$/;

export function comparePorts(a: ContainerPort, b: ContainerPort): number {
  return (a.service < b.service ? -1 : a.service > b.service ? 1 : 0) || a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

/** Service → declared ports, deduplicated and sorted by port then protocol. */
export function declaredPorts(ctx: ResolveContext): Map<string, DeclaredPort[]> {
  const out = new Map<string, DeclaredPort[]>();
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const ports: DeclaredPort[] = [];
    const add = (port: number, protocol: Protocol, path: Path) => {
      if (!ports.some((p) => p.port === port && p.protocol === protocol)) ports.push({ service, port, protocol, path });
    };
    (config.ports ?? []).forEach((p, i) => {
      const path = ['services', service, 'ports', i, 'target'];
      if (!Number.isInteger(p.target) || p.target < 1 || p.target > 65535) {
        ctx.error(CODES.INVALID_CONTAINER_PORT, `container port ${JSON.stringify(p.target)} is not a port number (1 to 65535)`, path, 'write the container port as a number such as 8080');
        return;
      }
      add(p.target, p.protocol === 'udp' ? 'udp' : 'tcp', path);
    });
    (config.expose ?? []).forEach((raw, i) => {
      const path = ['services', service, 'expose', i];
      const m = EXPOSE.exec(String(raw).trim());
      const hint = 'write expose entries as "8080", "8080/udp" or a small range "8000-8010"';
      if (!m) {
        ctx.error(CODES.INVALID_CONTAINER_PORT, `expose entry '${raw}' is not a port, port/protocol or port range`, path, hint);
        return;
      }
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      const protocol = (m[3] ?? 'tcp').toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp') {
        ctx.error(CODES.INVALID_CONTAINER_PORT, `expose entry '${raw}' uses protocol '${m[3]}'; ECS supports tcp and udp`, path, hint);
        return;
      }
      if (from < 1 || to > 65535 || to < from) {
        ctx.error(CODES.INVALID_CONTAINER_PORT, `expose entry '${raw}' is not a valid port or range (1 to 65535, low-high)`, path, hint);
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
    ports.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
    out.set(service, ports);
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
