/**
 * The names a family answers to over Service Connect: its services' names, the aliases other
 * services give them in `links: [service:alias]`, and their network `aliases`.
 */
import { compareStrings, ResolveContext } from './context';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';

export function familyDnsNames(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[]): Map<string, string[]> {
  const names = new Map<string, Set<string>>();
  const add = (service: string, name: string) => {
    for (const family of familiesOf(membership, service)) names.set(family, (names.get(family) ?? new Set()).add(name));
  };
  for (const service of ctx.serviceNames) {
    add(service, service);
    for (const config of Object.values(ctx.project.services[service].networks ?? {})) {
      for (const alias of config?.aliases ?? []) add(service, alias);
    }
  }
  for (const edge of edges) if (edge.kind === 'links' && edge.alias) add(edge.callee, edge.alias);
  return new Map([...names].map(([family, set]) => [family, [...set].sort(compareStrings)]));
}
