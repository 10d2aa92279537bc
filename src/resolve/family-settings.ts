/**
 * Family-wide settings taken from the `x-` fields of its services. One ECS service runs the whole
 * family, so a setting written on several of its services must agree (CX3005 names both); one
 * service writing it is enough. IAM is the exception: policies and managed policies add up; so are
 * the capacity provider strategy (family-strategy.ts) and x-scaling (family-scaling.ts), merged as
 * ECS ComposeX merges them, with a warning.
 */
import type { Path } from '../compose/source-map';
import type { FamilyIam } from './model';
import type { Membership } from './families';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { CapacityProviderItem, DEFAULT_CAPACITY_PROVIDER_STRATEGY, EcsSettings } from './x-ecs';
import { familyStrategy } from './family-strategy';
import { familyScaling } from './family-scaling';
import { scalingPath } from './x-scaling';
import { DEFAULT_LOG_RETENTION_DAYS, LoggingSettings } from './x-logging';
import type { IamSettings } from './x-iam';
import type { NetworkSettings } from './x-network';
import type { ScalingSettings } from './x-scaling';
import type { MonitoringSetting } from './x-monitoring';
import type { PrometheusSetting } from './x-prometheus';

export interface ServiceSettings {
  readonly network: NetworkSettings;
  readonly ecs: EcsSettings;
  readonly logging: LoggingSettings;
  readonly iam: IamSettings;
  readonly scaling: ScalingSettings | undefined;
  /** `x-xray`: the daemon image the service asks for. */
  readonly xray: { readonly image: string } | undefined;
  /** `x-prometheus` and `x-monitoring`: what the service asks of the CloudWatch agent. */
  readonly prometheus?: PrometheusSetting;
  readonly monitoring?: MonitoringSetting;
}

export interface FamilySettings {
  readonly desiredCount: number;
  /** `x-scaling` of its services, merged (family-scaling.ts). */
  readonly scaling?: ScalingSettings;
  readonly assignPublicIp: boolean;
  readonly capacityProviderStrategy: readonly CapacityProviderItem[];
  readonly enableExecuteCommand: boolean;
  readonly logRetentionDays: number;
  readonly iam: FamilyIam;
  /** The X-Ray daemon image its services ask for with `x-xray` (they must agree). */
  readonly xrayImage?: string;
}

interface Candidate<T> {
  readonly service: string;
  readonly value: T;
  readonly path: Path;
}

/** The one value the family's services agree on, or `fallback`; disagreement is CX3005. */
function agree<T>(ctx: ResolveContext, family: string, candidates: readonly Candidate<T>[], fallback: T): T {
  if (candidates.length === 0) return fallback;
  const first = candidates[0];
  for (const other of candidates.slice(1)) {
    if (JSON.stringify(other.value) === JSON.stringify(first.value)) continue;
    const setting = describePath(other.path.slice(2));
    ctx.error(
      CODES.FAMILY_SETTINGS_CONFLICT,
      `services '${first.service}' and '${other.service}' of family '${family}' set ${setting} differently (${JSON.stringify(first.value)} at ${ctx.where(first.path)}, ${JSON.stringify(other.value)} here); one ECS service runs the whole family`,
      other.path,
      `make them equal, or set ${setting} on one service of the family only`,
    );
  }
  return first.value;
}

function collect<T>(services: readonly string[], read: (service: string) => T | undefined, path: (service: string) => Path): Candidate<T>[] {
  const out: Candidate<T>[] = [];
  for (const service of services) {
    const value = read(service);
    if (value !== undefined) out.push({ service, value, path: path(service) });
  }
  return out;
}

export function resolveFamilySettings(
  ctx: ResolveContext,
  membership: Membership,
  settings: ReadonlyMap<string, ServiceSettings>,
  /** The strategy of a family none of whose services sets one: the cluster's default. */
  defaultStrategy: readonly CapacityProviderItem[] = DEFAULT_CAPACITY_PROVIDER_STRATEGY,
): Map<string, FamilySettings> {
  const out = new Map<string, FamilySettings>();
  for (const [family, services] of membership.servicesOf) {
    const of = (service: string) => settings.get(service)!;
    const scaling = familyScaling(
      ctx,
      family,
      services.flatMap((service) => {
        const written = of(service).scaling;
        return written ? [{ service, scaling: written, path: scalingPath(ctx, service) }] : [];
      }),
    );
    const desiredCount = startingCount(ctx, family, services, scaling);
    const assignPublicIp = agree(
      ctx,
      family,
      collect(services, (s) => of(s).network.assignPublicIp, (s) => ['services', s, 'x-network', 'AssignPublicIp']),
      false,
    );
    const capacityProviderStrategy = familyStrategy(
      ctx,
      family,
      services.flatMap((service) => {
        const strategy = of(service).ecs.capacityProviderStrategy;
        return strategy ? [{ service, strategy }] : [];
      }),
      defaultStrategy,
    );
    const enableExecuteCommand = agree(
      ctx,
      family,
      collect(services, (s) => of(s).ecs.enableExecuteCommand, (s) => ['services', s, 'x-ecs', 'EnableExecuteCommand']),
      false,
    );
    const logRetentionDays = agree(
      ctx,
      family,
      collect(services, (s) => of(s).logging.retentionInDays, (s) => ['services', s, 'x-logging', 'RetentionInDays']),
      DEFAULT_LOG_RETENTION_DAYS,
    );
    const permissionsBoundary = agree<string | undefined>(
      ctx,
      family,
      collect(services, (s) => of(s).iam.permissionsBoundary, (s) => ['services', s, 'x-iam', 'PermissionsBoundary']),
      undefined,
    );
    const xrayImage = agree<string | undefined>(
      ctx,
      family,
      collect(services, (s) => of(s).xray?.image, (s) => ['services', s, 'x-xray']),
      undefined,
    );
    out.set(family, {
      desiredCount,
      ...(xrayImage !== undefined ? { xrayImage } : {}),
      ...(scaling ? { scaling } : {}),
      assignPublicIp,
      capacityProviderStrategy,
      enableExecuteCommand,
      logRetentionDays,
      iam: {
        policies: mergePolicies(ctx, family, services.map((s) => ({ service: s, iam: of(s).iam }))),
        managedPolicyArns: [...new Set(services.flatMap((s) => of(s).iam.managedPolicyArns))].sort(compareStrings),
        ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
      },
    });
  }
  return out;
}

/**
 * The task count the ECS service starts with: `deploy.replicas` (the largest of the family's), and
 * with `x-scaling` the range's minimum when no replicas are given, never below one task (a
 * service with no task has no CPU or memory metric to scale out on); replicas outside the range
 * would be undone by Application Auto Scaling at once (CX3321).
 */
function startingCount(ctx: ResolveContext, family: string, services: readonly string[], scaling: ScalingSettings | undefined): number {
  const replicas = services.flatMap((s) => {
    const n = ctx.project.services[s].deploy?.replicas;
    return n === undefined ? [] : [{ service: s, n }];
  });
  const asked = replicas.length === 0 ? undefined : replicas.reduce((a, b) => (b.n > a.n ? b : a));
  if (!scaling) return asked?.n ?? 1;
  if (asked === undefined) return Math.max(scaling.min, 1);
  if (asked.n < scaling.min || asked.n > scaling.max) {
    ctx.error(
      CODES.SCALING_REPLICAS_CONFLICT,
      `deploy.replicas ${asked.n} of '${asked.service}' lies outside the x-scaling Range ${scaling.min}-${scaling.max} of family '${family}': Application Auto Scaling would move it into the range at once`,
      ['services', asked.service, 'deploy', 'replicas'],
      `set deploy.replicas between ${scaling.min} and ${scaling.max} (the count the service starts with), or remove it to start at ${Math.max(scaling.min, 1)}`,
    );
  }
  return asked.n;
}

/** Policies of all services, by name; the same name with two different documents is CX3005. */
function mergePolicies(ctx: ResolveContext, family: string, sources: readonly { service: string; iam: IamSettings }[]): FamilyIam['policies'] {
  const byName = new Map<string, { service: string; document: unknown; path: Path }>();
  for (const { service, iam } of sources) {
    for (const policy of iam.policies) {
      const seen = byName.get(policy.PolicyName);
      if (!seen) {
        byName.set(policy.PolicyName, { service, document: policy.PolicyDocument, path: policy.path });
      } else if (JSON.stringify(seen.document) !== JSON.stringify(policy.PolicyDocument)) {
        ctx.error(
          CODES.FAMILY_SETTINGS_CONFLICT,
          `family '${family}' gets two different x-iam policies named '${policy.PolicyName}' (from '${seen.service}' at ${ctx.where(seen.path)} and from '${service}')`,
          [...policy.path, 'PolicyName'],
          'give the policies different names, or make them identical',
        );
      }
    }
  }
  return [...byName.keys()].sort(compareStrings).map((name) => ({ PolicyName: name, PolicyDocument: byName.get(name)!.document }));
}
