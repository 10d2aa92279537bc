/**
 * Ports a service listens on without declaring them. In Compose every container on a network
 * reaches every port of every other, so `db: {image: postgres:16}` with `depends_on: [db]` works
 * on a laptop without `expose`. Here a security group opens only declared ports, so such a service
 * would be unreachable without a word. When others must reach a service (a `depends_on` / `links`
 * edge from another family that shares a network, or `x-network.Ingress`) and it declares no
 * port:
 *
 *  - its image is in the table of `data/image-ports.ts`: the image's default ports are used as if
 *    declared with `expose` (container port mappings, Service Connect, ingress rules), with a note
 *    (CX3110, info) that names the image, the ports and the `expose` line that makes it explicit;
 *  - otherwise, for `depends_on` (links and Ingress.Services already warn, CX3104): a warning
 *    (CX3111) with the `expose` fix when the caller also names the service as a host in its
 *    environment or command (`references.ts`), which shows it means to connect. A bare
 *    `depends_on` is also Compose's start-order tool (a job that waits for another), so without
 *    such a reference nothing is said. A `depends_on` with `condition:
 *    service_completed_successfully` waits for a one-shot job, which nobody connects to.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { imageDefault } from './data/image-ports';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';
import { shareNetwork } from './network-scope';
import { servicesNamedBy } from './references';
import type { DeclaredPort } from './ports';
import type { NetworkSettings } from './x-network';

type Ports = ReadonlyMap<string, readonly DeclaredPort[]>;

/** An edge that would open the callee's ports to another family, if it had any. */
function reachingEdges(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[], networks: ReadonlyMap<string, readonly string[]>, callee: string): ServiceEdge[] {
  const calleeFamilies = familiesOf(membership, callee);
  return edges.filter((edge) => {
    if (edge.callerFamilies.every((f) => calleeFamilies.includes(f))) return false; // same task: localhost
    if (!edge.callers.some((caller) => shareNetwork(networks, caller, callee))) return false;
    if (edge.kind === 'depends_on') {
      const condition = ctx.project.services[edge.callers[0]].depends_on?.[callee]?.condition;
      if (condition === 'service_completed_successfully') return false;
    }
    return true;
  });
}

function describeEdges(edges: readonly ServiceEdge[]): string {
  const callers = [...new Set(edges.flatMap((e) => e.callers))].map((c) => `'${c}'`);
  const kinds = [...new Set(edges.map((e) => e.kind))];
  return `${callers.join(', ')} (${kinds.join(', ')})`;
}

/**
 * The declared ports, plus the image default ports of every service others must reach that
 * declares none. Reports CX3110 and CX3111.
 */
export function withImageDefaultPorts(
  ctx: ResolveContext,
  membership: Membership,
  declared: Ports,
  edges: readonly ServiceEdge[],
  networks: ReadonlyMap<string, readonly string[]>,
  network: ReadonlyMap<string, NetworkSettings>,
): Map<string, DeclaredPort[]> {
  const out = new Map([...declared].map(([service, ports]) => [service, [...ports]]));
  const edgesTo = new Map<string, ServiceEdge[]>();
  for (const edge of edges) edgesTo.set(edge.callee, [...(edgesTo.get(edge.callee) ?? []), edge]);
  for (const service of ctx.serviceNames) {
    if ((declared.get(service) ?? []).length > 0) continue;
    const reaching = reachingEdges(ctx, membership, edgesTo.get(service) ?? [], networks, service);
    const settings = network.get(service);
    const sources = settings ? settings.extSources.length + settings.awsSources.length + (settings.myself ? 1 : 0) : 0;
    if (reaching.length === 0 && sources === 0) continue;
    const image = ctx.project.services[service].image;
    const known = imageDefault(image);
    if (known) {
      const path: Path = ['services', service, 'image'];
      out.set(service, known.ports.map((port) => ({ service, port, protocol: 'tcp' as const, path })));
      const ports = known.ports.join(', ');
      const who = reaching.length > 0 ? describeEdges(reaching) : 'its x-network.Ingress sources';
      ctx.info(
        CODES.IMAGE_DEFAULT_PORTS,
        `'${service}' declares no ports; its image ${known.repository} listens on ${ports} by default, so ${known.ports.length === 1 ? 'that port is' : 'those ports are'} opened to ${who}`,
        path,
        `declare ${known.ports.length === 1 ? 'it' : 'them'} to make this explicit: expose: [${known.ports.map((p) => `"${p}"`).join(', ')}]`,
      );
      continue;
    }
    for (const edge of reaching) {
      if (edge.kind !== 'depends_on') continue; // links and Ingress.Services: CX3104 (ingress.ts)
      const caller = edge.callers[0];
      if (reaching.some((e) => e.kind === 'links' && e.callers[0] === caller)) continue;
      const named = servicesNamedBy(ctx, membership, edges, caller).find((n) => n.callee === service);
      if (!named) continue;
      ctx.warning(
        CODES.CALLEE_PORT_UNKNOWN,
        `'${caller}' depends on '${service}' and its ${named.what} names it as a host, but '${service}' declares no ports (ports or expose) and composex does not know the port of its image${typeof image === 'string' && image !== '' ? ` ${image}` : ''}, so no port is opened`,
        edge.path,
        `declare the port '${service}' listens on, e.g. expose: ["8080"]`,
        edge.anchor,
      );
    }
  }
  return out;
}
