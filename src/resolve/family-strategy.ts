/**
 * The capacity provider strategy of a family's ECS service, from the `x-ecs.CapacityProviderStrategy`
 * of its services, merged as ECS ComposeX documents it (docs/syntax/compose_x/ecs.details/ecs.rst,
 * "Merged definitions"; ecs_composex/ecs/service_compute/helpers.py, merge_capacity_providers):
 *
 * - every provider any service lists, with the largest Base and the largest Weight written for it
 *   (ECS ComposeX's code means the same, though it keeps the first service's values for a provider);
 * - a Base on one provider only, as ECS requires: the first provider written with a Base keeps it,
 *   the others lose theirs (ECS ComposeX deletes them with a warning; so does composex, CX3971);
 * - a family none of whose services writes one runs with the cluster's default.
 *
 * A service whose own strategy is not the family's is told at its CapacityProviderStrategy (CX3970).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { CapacityProviderItem, sortStrategy } from './x-ecs';

interface Written {
  readonly service: string;
  readonly strategy: readonly CapacityProviderItem[];
}

interface Merged {
  base: number;
  weight: number;
  /** The service and entry the Base was taken from (to locate a dropped one). */
  baseFrom?: Path;
  /** Its Base was dropped: written without one (ECS takes a Base on one provider only). */
  dropped?: boolean;
}

const strategyPath = (service: string): Path => ['services', service, 'x-ecs', 'CapacityProviderStrategy'];

export function familyStrategy(ctx: ResolveContext, family: string, written: readonly Written[], fallback: readonly CapacityProviderItem[]): readonly CapacityProviderItem[] {
  if (written.length === 0) return fallback;
  const byProvider = new Map<string, Merged>();
  for (const { service, strategy } of written) {
    strategy.forEach((item, i) => {
      const seen = byProvider.get(item.capacityProvider) ?? { base: 0, weight: 0 };
      const base = item.base ?? 0;
      if (base > seen.base) {
        seen.base = base;
        seen.baseFrom = [...strategyPath(service), i, 'Base'];
      }
      seen.weight = Math.max(seen.weight, item.weight);
      byProvider.set(item.capacityProvider, seen);
    });
  }
  const withBase = [...byProvider].filter(([, m]) => m.base > 0);
  const [kept] = withBase;
  for (const [provider, merged] of withBase.slice(1)) {
    ctx.warning(
      CODES.STRATEGY_BASE_DROPPED,
      `${written.length > 1 ? `the services of family '${family}' give` : `service '${written[0].service}' gives`} a Base to ${kept[0]} and to ${provider}; ECS takes a Base on one provider of a strategy only: as ECS ComposeX does, ${kept[0]} keeps Base ${kept[1].base} and ${provider} runs without its Base ${merged.base}`,
      merged.baseFrom!,
      `remove Base from ${provider} (its Weight still shares the tasks above ${kept[0]}'s Base)`,
      'key',
    );
    merged.base = 0;
    merged.dropped = true;
  }
  const strategy = sortStrategy(
    [...byProvider].map(([capacityProvider, m]) => ({ capacityProvider, weight: m.weight, ...(m.base > 0 || (!m.dropped && hasZeroBase(written, capacityProvider)) ? { base: m.base } : {}) })),
  );
  if (written.length > 1) {
    for (const { service, strategy: own } of written) {
      if (JSON.stringify(sortStrategy(own)) === JSON.stringify(strategy)) continue;
      ctx.warning(
        CODES.FAMILY_STRATEGY_MERGED,
        `one ECS service runs family '${family}' (${written.map((w) => w.service).join(', ')}), with the strategy merged from its services as ECS ComposeX does (every provider listed, its largest Base and Weight): ${describe(strategy)}; '${service}' wrote ${describe(own)}`,
        strategyPath(service),
        'write the same CapacityProviderStrategy on every service of the family, or on one of them only',
        'key',
      );
    }
  }
  return strategy;
}

/** A Base of 0 written for the provider (kept, so a one-service strategy renders as written). */
function hasZeroBase(written: readonly Written[], provider: string): boolean {
  return written.some((w) => w.strategy.some((item) => item.capacityProvider === provider && item.base !== undefined));
}

function describe(strategy: readonly CapacityProviderItem[]): string {
  return strategy.map((item) => `${item.capacityProvider} Weight ${item.weight}${item.base ? ` Base ${item.base}` : ''}`).join(', ');
}
