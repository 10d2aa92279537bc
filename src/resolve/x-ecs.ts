/**
 * `x-ecs` on a service (ECS ComposeX shape):
 *
 *   x-ecs:
 *     CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 3, Base?: 1}]
 *     EnableExecuteCommand: true
 *     EphemeralStorage: 30       # GiB of task storage (21–200), like storage_opt.size
 *     CpuArchitecture: ARM64     # the task definition's RuntimePlatform (X86_64 default), like platform: linux/arm64
 *     OperatingSystemFamily: LINUX  # or WINDOWS_SERVER_2019_CORE/_FULL, WINDOWS_SERVER_2022_CORE/_FULL
 *
 * `Weight` defaults to 1 (not ECS's 0) so a one-entry strategy does what it says. The strategies
 * and runtime platforms of a family's services are merged in family-strategy.ts and
 * runtime-platform.ts, as ECS ComposeX does.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { Code, CODES } from './codes';
import { describePath, ResolveContext } from './context';
import type { CpuArchitecture } from '../limits/fargate';
import { checkKeys, readBoolean, readInteger, readList, readObject, readString } from './readers';

export interface CapacityProviderItem {
  readonly capacityProvider: string;
  readonly weight: number;
  readonly base?: number;
}

export interface EcsSettings {
  /** In the order written (several Bases kept: the family merge keeps one). */
  readonly capacityProviderStrategy?: readonly CapacityProviderItem[];
  readonly enableExecuteCommand?: boolean;
  readonly cpuArchitecture?: CpuArchitecture;
  readonly operatingSystemFamily?: OperatingSystemFamily;
}

/** The operating systems Fargate runs (ECS RuntimePlatform.OperatingSystemFamily). */
export const OPERATING_SYSTEM_FAMILIES = ['LINUX', 'WINDOWS_SERVER_2019_CORE', 'WINDOWS_SERVER_2019_FULL', 'WINDOWS_SERVER_2022_CORE', 'WINDOWS_SERVER_2022_FULL'] as const;
export type OperatingSystemFamily = (typeof OPERATING_SYSTEM_FAMILIES)[number];
const CPU_ARCHITECTURES: readonly CpuArchitecture[] = ['X86_64', 'ARM64'];

/** The providers a composex cluster has (and the only ones Fargate tasks can use). */
export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
export const DEFAULT_CAPACITY_PROVIDER_STRATEGY: readonly CapacityProviderItem[] = [{ capacityProvider: 'FARGATE', weight: 1 }];

export const X_ECS_KEYS = ['CapacityProviderStrategy', 'CpuArchitecture', 'EnableExecuteCommand', 'EphemeralStorage', 'OperatingSystemFamily'];
export const CAPACITY_PROVIDER_KEYS = ['Base', 'CapacityProvider', 'Weight'];

export function readEcsSettings(ctx: ResolveContext, service: string): EcsSettings {
  const raw = ctx.project.services[service]['x-ecs'];
  if (raw === undefined) return {};
  const path = ['services', service, 'x-ecs'];
  const x = readObject(ctx, raw, path);
  if (!x) return {};
  checkKeys(ctx, x, path, X_ECS_KEYS);
  const out: { -readonly [K in keyof EcsSettings]: EcsSettings[K] } = {};
  const cpuArchitecture = oneOf(ctx, x.CpuArchitecture, [...path, 'CpuArchitecture'], CPU_ARCHITECTURES);
  if (cpuArchitecture) out.cpuArchitecture = cpuArchitecture;
  const operatingSystemFamily = oneOf(ctx, x.OperatingSystemFamily, [...path, 'OperatingSystemFamily'], OPERATING_SYSTEM_FAMILIES);
  if (operatingSystemFamily) out.operatingSystemFamily = operatingSystemFamily;
  if (x.EnableExecuteCommand !== undefined) {
    const v = readBoolean(ctx, x.EnableExecuteCommand, [...path, 'EnableExecuteCommand']);
    if (v !== undefined) out.enableExecuteCommand = v;
  }
  // The task storage size (GiB): its range is Fargate's, checked with the task size (CX4014).
  if (x.EphemeralStorage !== undefined) readInteger(ctx, x.EphemeralStorage, [...path, 'EphemeralStorage'], 1, 100_000);
  if (x.CapacityProviderStrategy !== undefined) {
    const strategy = readItems(ctx, x.CapacityProviderStrategy, [...path, 'CapacityProviderStrategy'], CODES.INVALID_CAPACITY_PROVIDERS, 1);
    if (strategy) out.capacityProviderStrategy = strategy;
  }
  return out;
}

/** One of `allowed` (CX3306 with a "did you mean" otherwise); `undefined` when not written. */
function oneOf<T extends string>(ctx: ResolveContext, raw: unknown, path: Path, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  const value = readString(ctx, raw, path, allowed.join(' or '));
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  ctx.error(CODES.INVALID_CAPACITY_PROVIDERS, `${describePath(path)} '${value}' is not one Fargate runs`, path, suggestion(value, allowed, 'value'));
  return undefined;
}

/**
 * A capacity provider strategy, sorted by provider: x-cluster's default (`code` CX3017,
 * `defaultWeight` 0 as in CloudFormation, which ECS ComposeX passes it to). ECS refuses a Base on
 * two providers of one strategy.
 */
export function readStrategy(ctx: ResolveContext, raw: unknown, path: Path, code: Code, defaultWeight: number): CapacityProviderItem[] | undefined {
  const items = readItems(ctx, raw, path, code, defaultWeight);
  if (!items) return undefined;
  if (items.filter((item) => (item.base ?? 0) > 0).length > 1) {
    ctx.error(code, `only one capacity provider of a strategy may have a Base`, path, `set Base on one provider, ${STRATEGY_HINT}`);
    return undefined;
  }
  return sortStrategy(items);
}

export function sortStrategy(items: readonly CapacityProviderItem[]): CapacityProviderItem[] {
  return [...items].sort((a, b) => (a.capacityProvider < b.capacityProvider ? -1 : a.capacityProvider > b.capacityProvider ? 1 : 0));
}

const STRATEGY_HINT = 'e.g. [{CapacityProvider: FARGATE, Weight: 1, Base: 1}, {CapacityProvider: FARGATE_SPOT, Weight: 3}]';

/**
 * The entries of a strategy in the order written (x-ecs: a missing Weight is 1). Several Bases are
 * kept: x-ecs strategies are merged per family (family-strategy.ts), which keeps one.
 */
function readItems(ctx: ResolveContext, raw: unknown, path: Path, code: Code, defaultWeight: number): CapacityProviderItem[] | undefined {
  const list = readList(ctx, raw, path, 'a list such as [{CapacityProvider: FARGATE_SPOT, Weight: 1}]');
  if (!list) return undefined;
  const hint = STRATEGY_HINT;
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
  if (items.every((item) => item.weight === 0)) {
    ctx.error(code, `at least one capacity provider needs a Weight above 0`, path, hint);
    return undefined;
  }
  return items;
}
