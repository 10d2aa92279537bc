/**
 * Compose networks decide who may be granted to whom: two services that share no network could
 * not talk under `docker compose up`, so composex will not open a path between them either.
 * A service without `networks` is on `default`.
 */
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';

export const DEFAULT_NETWORK = 'default';

/** Service → the networks it is attached to, sorted; unknown networks are reported (CX3101). */
export function serviceNetworks(ctx: ResolveContext): Map<string, string[]> {
  const declared = Object.keys(ctx.project.networks ?? {});
  const known = new Set([...declared, DEFAULT_NETWORK]);
  const out = new Map<string, string[]>();
  for (const service of ctx.serviceNames) {
    const names = Object.keys(ctx.project.services[service].networks ?? {});
    for (const name of names) {
      if (!known.has(name)) {
        ctx.error(
          CODES.UNKNOWN_NETWORK,
          `service '${service}' is attached to network '${name}', which is not declared under top-level networks`,
          ['services', service, 'networks', name],
          suggestion(name, [...known].sort(compareStrings), 'network'),
          'key',
        );
      }
    }
    out.set(service, names.length === 0 ? [DEFAULT_NETWORK] : [...names].sort(compareStrings));
  }
  return out;
}

export function shareNetwork(networks: ReadonlyMap<string, readonly string[]>, a: string, b: string): boolean {
  const ofB = networks.get(b) ?? [];
  return (networks.get(a) ?? []).some((n) => ofB.includes(n));
}

/** `'web' (networks: front) and 'db' (networks: back)` */
export function describeNetworks(networks: ReadonlyMap<string, readonly string[]>, services: readonly string[]): string {
  return services.map((s) => `'${s}' (networks: ${(networks.get(s) ?? []).join(', ')})`).join(' and ');
}
