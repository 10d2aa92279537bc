/**
 * Service → service declarations, checked: `depends_on` and `links` on the caller,
 * `x-network.Ingress.Services` on the callee. Unknown names are reported here (with "did you
 * mean"); `ingress.ts` decides which declarations open a port.
 */
import type { Path } from '../compose/source-map';
import type { Anchor } from './context';
import { ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { IngressServiceRef, NetworkSettings } from './x-network';

export type EdgeKind = 'depends_on' | 'links' | 'x-network.Ingress.Services';

export interface ServiceEdge {
  readonly kind: EdgeKind;
  /** The service being reached. */
  readonly callee: string;
  /** The services doing the reaching (one, or every service of a family named in Ingress.Services). */
  readonly callers: readonly string[];
  /** Their families. */
  readonly callerFamilies: readonly string[];
  /** The name as written (a service, or for Ingress.Services possibly a family). */
  readonly written: string;
  /** `links: service:alias` */
  readonly alias?: string;
  readonly path: Path;
  readonly anchor: Anchor;
  /** An Ingress.Services entry with `DependsOn: true`: a required start order, as depends_on's; where it is written. */
  readonly dependsOn?: Path;
}

export function serviceEdges(ctx: ResolveContext, membership: Membership, network: ReadonlyMap<string, NetworkSettings>): ServiceEdge[] {
  const edges: ServiceEdge[] = [];
  const isService = (name: string) => Object.prototype.hasOwnProperty.call(ctx.project.services, name);
  for (const caller of ctx.serviceNames) {
    const service = ctx.project.services[caller];
    const callerFamilies = familiesOf(membership, caller);
    // The loader checks depends_on targets too; checked again so resolve never trusts a name.
    for (const callee of Object.keys(service.depends_on ?? {}).sort()) {
      const path = ['services', caller, 'depends_on', callee];
      if (!isService(callee)) ctx.unknownService(callee, path, `depends_on`, 'key');
      else edges.push({ kind: 'depends_on', callee, callers: [caller], callerFamilies, written: callee, path, anchor: 'key' });
    }
    (service.links ?? []).forEach((link, i) => {
      const [callee, alias] = String(link).split(':', 2);
      const path = ['services', caller, 'links', i];
      if (!isService(callee)) ctx.unknownService(callee, path, 'links');
      else edges.push({ kind: 'links', callee, callers: [caller], callerFamilies, written: callee, ...(alias ? { alias } : {}), path, anchor: 'value' });
    });
  }
  const familyNames = [...membership.servicesOf.keys()];
  for (const callee of ctx.serviceNames) {
    for (const ref of network.get(callee)?.services ?? []) {
      // A service name wins over a family of the same name (a service's default family is its own name).
      if (isService(ref.name)) {
        edges.push({ kind: 'x-network.Ingress.Services', callee, callers: [ref.name], callerFamilies: familiesOf(membership, ref.name), written: ref.name, path: ref.path, anchor: 'value', ...dependsOn(ref) });
      } else if (membership.servicesOf.has(ref.name)) {
        edges.push({ kind: 'x-network.Ingress.Services', callee, callers: membership.servicesOf.get(ref.name)!, callerFamilies: [ref.name], written: ref.name, path: ref.path, anchor: 'value', ...dependsOn(ref) });
      } else {
        ctx.unknownService(ref.name, ref.path, 'x-network.Ingress.Services', 'value', familyNames);
      }
    }
  }
  return edges;
}

function dependsOn(ref: IngressServiceRef): { dependsOn?: Path } {
  return ref.dependsOn ? { dependsOn: ref.dependsOn } : {};
}
