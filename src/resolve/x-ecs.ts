/**
 * `x-ecs` on a service (ECS ComposeX shape):
 *
 *   x-ecs:
 *     CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 3, Base?: 1}]
 *     EnableExecuteCommand: true
 *     EphemeralStorage: 30       # GiB of task storage (21–200), like storage_opt.size
 *
 * `Weight` defaults to 1 (not ECS's 0) so a one-entry strategy does what it says.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { Code, CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, readBoolean, readInteger, readList, readObject, readString } from './readers';

export interface CapacityProviderItem {
  readonly capacityProvider: string;
  readonly weight: number;
  readonly base?: number;
}

export interface EcsSettings {
  readonly capacityProviderStrategy?: readonly CapacityProviderItem[];
  readonly enableExecuteCommand?: boolean;
}

/** The providers a composex cluster has (and the only ones Fargate tasks can use). */
export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
export const DEFAULT_CAPACITY_PROVIDER_STRATEGY: readonly CapacityProviderItem[] = [{ capacityProvider: 'FARGATE', weight: 1 }];

export const X_ECS_KEYS = ['CapacityProviderStrategy', 'EnableExecuteCommand', 'EphemeralStorage'];
export const CAPACITY_PROVIDER_KEYS = ['Base', 'CapacityProvider', 'Weight'];

export function readEcsSettings(ctx: ResolveContext, service: string): EcsSettings {
  const raw = ctx.project.services[service]['x-ecs'];
  if (raw === undefined) return {};
  const path = ['services', service, 'x-ecs'];
  const x = readObject(ctx, raw, path);
  if (!x) return {};
  checkKeys(ctx, x, path, X_ECS_KEYS);
  const out: { capacityProviderStrategy?: CapacityProviderItem[]; enableExecuteCommand?: boolean } = {};
  if (x.EnableExecuteCommand !== undefined) {
    const v = readBoolean(ctx, x.EnableExecuteCommand, [...path, 'EnableExecuteCommand']);
    if (v !== undefined) out.enableExecuteCommand = v;
  }
  // The task storage size (GiB): its range is Fargate's, checked with the task size (CX4014).
  if (x.EphemeralStorage !== undefined) readInteger(ctx, x.EphemeralStorage, [...path, 'EphemeralStorage'], 1, 100_000);
  if (x.CapacityProviderStrategy !== undefined) {
    const strategy = readStrategy(ctx, x.CapacityProviderStrategy, [...path, 'CapacityProviderStrategy']);
    if (strategy) out.capacityProviderStrategy = strategy;
  }
  return out;
}

/**
 * A capacity provider strategy, sorted by provider: x-ecs's (a missing Weight is 1), or x-cluster's
 * default (`code` CX3017, `defaultWeight` 0 as in CloudFormation, which ECS ComposeX passes it to).
 */
export function readStrategy(ctx: ResolveContext, raw: unknown, path: Path, code: Code = CODES.INVALID_CAPACITY_PROVIDERS, defaultWeight = 1): CapacityProviderItem[] | undefined {
  const list = readList(ctx, raw, path, 'a list such as [{CapacityProvider: FARGATE_SPOT, Weight: 1}]');
  if (!list) return undefined;
  const hint = 'e.g. [{CapacityProvider: FARGATE, Weight: 1, Base: 1}, {CapacityProvider: FARGATE_SPOT, Weight: 3}]';
  if (list.length === 0) {
    ctx.error(code, `${describePath(path)} is empty`, path, `list at least one provider, ${hint}`);
    return undefined;
  }
  const items: CapacityProviderItem[] = [];
  let valid = true;
  list.forEach((entry, i) => {
    const at = [...path, i];
    const item = readObject(ctx, entry, at, '{CapacityProvider: FARGATE_SPOT, Weight: 1}');
    if (!item) return void (valid = false);
    checkKeys(ctx, item, at, CAPACITY_PROVIDER_KEYS);
    const provider = readString(ctx, item.CapacityProvider, [...at, 'CapacityProvider'], 'FARGATE or FARGATE_SPOT');
    const weight = item.Weight === undefined ? defaultWeight : readInteger(ctx, item.Weight, [...at, 'Weight'], 0, 1000);
    const base = item.Base === undefined ? undefined : readInteger(ctx, item.Base, [...at, 'Base'], 0, 100000);
    if (provider === undefined || weight === undefined || (item.Base !== undefined && base === undefined)) return void (valid = false);
    if (!FARGATE_PROVIDERS.includes(provider)) {
      ctx.error(
        code,
        `capacity provider '${provider}' is not available to Fargate tasks`,
        [...at, 'CapacityProvider'],
        suggestion(provider, FARGATE_PROVIDERS, 'capacity provider'),
      );
      return void (valid = false);
    }
    if (items.some((other) => other.capacityProvider === provider)) {
      ctx.error(code, `capacity provider '${provider}' is listed twice`, [...at, 'CapacityProvider'], 'list each provider once');
      return void (valid = false);
    }
    items.push({ capacityProvider: provider, weight, ...(base === undefined ? {} : { base }) });
  });
  if (!valid) return undefined;
  if (items.filter((item) => (item.base ?? 0) > 0).length > 1) {
    ctx.error(code, `only one capacity provider of a strategy may have a Base`, path, `set Base on one provider, ${hint}`);
    return undefined;
  }
  if (items.every((item) => item.weight === 0)) {
    ctx.error(code, `at least one capacity provider needs a Weight above 0`, path, hint);
    return undefined;
  }
  return items.sort((a, b) => (a.capacityProvider < b.capacityProvider ? -1 : a.capacityProvider > b.capacityProvider ? 1 : 0));
}
