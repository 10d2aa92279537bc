/**
 * One Compose service → one ECS container definition. A table-driven mapping where the Compose
 * field maps to one ECS field; each helper below owns one field group.
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { DependsOnCondition, HealthcheckConfig, ServiceConfig } from '../compose/types';
import type { Family, SecretModel } from '../resolve/model';
import { AWSLOGS_OPTIONS, capabilityName, containerResources, HEALTHCHECK_BOUNDS, MAX_STOP_TIMEOUT, volumesFromEntry } from './fargate';
import { portMappingName } from './names';
import type { SecretReference } from './secrets';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface ContainerContext {
  readonly family: Family;
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
  /** False for containers another container waits for with `service_completed_successfully`. */
  readonly essential: boolean;
  readonly secret: (name: string) => { model: SecretModel; reference: SecretReference } | undefined;
  /** Task volume name of a named (EFS) volume; undefined if the volume is not one of the model's. */
  readonly efsVolumeName: (volume: string) => string | undefined;
  /** Variables from x- resources (queue URLs, topic ARNs, …), by container. */
  readonly resourceEnvironment?: (service: string) => readonly CfnTaskDefinition.KeyValuePairProperty[];
  /** ECS secrets from x- resources (database credentials), by container. */
  readonly resourceSecrets?: (service: string) => readonly CfnTaskDefinition.SecretProperty[];
}

export interface MappedContainer {
  readonly definition: ContainerDefinition;
  /** Task volumes without a source this container needs (tmpfs, anonymous volumes). */
  readonly ephemeralVolumes: readonly string[];
}

const DEPENDS_ON_CONDITION: Record<DependsOnCondition, 'START' | 'HEALTHY' | 'SUCCESS'> = {
  service_started: 'START',
  service_healthy: 'HEALTHY',
  service_completed_successfully: 'SUCCESS',
};

export function containerDefinition(service: ServiceConfig, ctx: ContainerContext): MappedContainer {
  const { mountPoints, ephemeralVolumes } = mounts(service, ctx);
  const resources = containerResources(service);
  const check = healthCheck(service.healthcheck);
  const linux = linuxParameters(service);
  const definition: ContainerDefinition = {
    name: service.name,
    image: service.image ?? '',
    essential: ctx.essential,
    ...(nonEmpty(service.command) ? { command: [...service.command!] } : {}),
    ...(nonEmpty(service.entrypoint) ? { entryPoint: [...service.entrypoint!] } : {}),
    ...(service.working_dir ? { workingDirectory: service.working_dir } : {}),
    ...(service.user ? { user: service.user } : {}),
    ...optional('environment', [...environment(service), ...(ctx.resourceEnvironment?.(service.name) ?? [])].sort(byName)),
    ...optional('secrets', [...secrets(service, ctx), ...(ctx.resourceSecrets?.(service.name) ?? [])].sort(byName)),
    ...(Object.keys(service.labels ?? {}).length > 0 ? { dockerLabels: sortedRecord(service.labels) } : {}),
    ...optional('portMappings', portMappings(service, ctx.family)),
    ...(check ? { healthCheck: check } : {}),
    ...optional('dependsOn', dependsOn(service, ctx.family)),
    ...optional('ulimits', ulimits(service)),
    ...optional('systemControls', systemControls(service)),
    ...(linux ? { linuxParameters: linux } : {}),
    ...(service.read_only !== undefined ? { readonlyRootFilesystem: service.read_only } : {}),
    ...(service.stdin_open !== undefined ? { interactive: service.stdin_open } : {}),
    ...(service.tty !== undefined ? { pseudoTerminal: service.tty } : {}),
    ...optional('volumesFrom', volumesFrom(service, ctx.family)),
    ...(service.stop_grace_period !== undefined
      ? { stopTimeout: Math.min(MAX_STOP_TIMEOUT, Math.max(0, Math.round(service.stop_grace_period))) }
      : {}),
    ...optional('mountPoints', mountPoints),
    ...(resources.cpu !== undefined ? { cpu: resources.cpu } : {}),
    ...(resources.memory !== undefined ? { memory: resources.memory } : {}),
    ...(resources.memoryReservation !== undefined ? { memoryReservation: resources.memoryReservation } : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        ...awslogsOptions(service),
        'awslogs-group': ctx.logGroupName,
        'awslogs-region': ctx.region,
        'awslogs-stream-prefix': service.logging?.options?.['awslogs-stream-prefix'] ?? service.name,
      },
    },
  };
  return { definition, ephemeralVolumes };
}

/** The awslogs options of `logging.options` composex passes on (the others are warned about: CX4011). */
function awslogsOptions(service: ServiceConfig): Record<string, string> {
  if (service.logging?.driver !== undefined && service.logging.driver !== 'awslogs') return {};
  const options = service.logging?.options ?? {};
  return Object.fromEntries(Object.keys(options).filter((k) => AWSLOGS_OPTIONS.includes(k)).sort().map((k) => [k, String(options[k])]));
}

/** `volumes_from: [side, other:ro]` → the containers of the same task whose volumes it mounts. */
function volumesFrom(service: ServiceConfig, family: Family): CfnTaskDefinition.VolumeFromProperty[] {
  const members = new Set(family.services.map((s) => s.name));
  return (service.volumes_from ?? []).flatMap((entry) => {
    const { source, readOnly } = volumesFromEntry(entry);
    // Another family's service is reported by checkFargate (CX4022) and left out here.
    return members.has(source) ? [{ sourceContainer: source, readOnly }] : [];
  });
}

function nonEmpty(list: readonly string[] | null | undefined): boolean {
  return Array.isArray(list) && list.length > 0;
}

function optional<K extends string, T>(key: K, list: readonly T[]): { [P in K]?: T[] } {
  return (list.length > 0 ? { [key]: [...list] } : {}) as { [P in K]?: T[] };
}

function byName<T extends { name?: string }>(a: T, b: T): number {
  const x = a.name ?? '';
  const y = b.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** Sorted by name so a reordered compose file gives the same task definition; unset values omitted. */
export function environment(service: ServiceConfig): CfnTaskDefinition.KeyValuePairProperty[] {
  return Object.keys(service.environment ?? {})
    .sort()
    .filter((name) => service.environment[name] !== null && service.environment[name] !== undefined)
    .map((name) => ({ name, value: String(service.environment[name]) }));
}

/**
 * A secret becomes a variable holding its whole value (`x-secrets.VarName`, default the name in
 * upper snake case) plus one per JSON key; ECS reads JSON keys with `<arn>:<key>::`.
 */
function secrets(service: ServiceConfig, ctx: ContainerContext): CfnTaskDefinition.SecretProperty[] {
  const out = new Map<string, string>();
  for (const ref of service.secrets ?? []) {
    const found = ctx.secret(ref.source);
    if (!found) continue;
    const { model, reference } = found;
    if (!out.has(model.varName)) out.set(model.varName, reference.valueFrom);
    for (const key of model.jsonKeys) {
      if (!out.has(key.varName)) out.set(key.varName, `${reference.valueFrom}:${key.key}::`);
    }
  }
  return [...out.entries()].map(([name, valueFrom]) => ({ name, valueFrom })).sort(byName);
}

/** The service's declared container ports, named for Service Connect (`api-8080`). */
function portMappings(service: ServiceConfig, family: Family): CfnTaskDefinition.PortMappingProperty[] {
  return family.ports
    .filter((p) => p.service === service.name)
    .map((p) => ({ containerPort: p.port, protocol: p.protocol, name: portMappingName(p.service, p.port, p.protocol) }));
}

function clamp(value: number, bounds: { min: number; max: number }): number {
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
}

/** `CMD` / `CMD-SHELL` tests with durations in seconds; disabled checks and `NONE` give none. */
export function healthCheck(hc: HealthcheckConfig | undefined): CfnTaskDefinition.HealthCheckProperty | undefined {
  if (!hc || hc.disable || !hc.test || hc.test.length === 0 || hc.test[0] === 'NONE') return undefined;
  const command = hc.test[0] === 'CMD' || hc.test[0] === 'CMD-SHELL' ? [...hc.test] : ['CMD-SHELL', hc.test.join(' ')];
  return {
    command,
    ...(hc.interval !== undefined ? { interval: clamp(hc.interval, HEALTHCHECK_BOUNDS.interval) } : {}),
    ...(hc.timeout !== undefined ? { timeout: clamp(hc.timeout, HEALTHCHECK_BOUNDS.timeout) } : {}),
    ...(hc.retries !== undefined ? { retries: clamp(hc.retries, HEALTHCHECK_BOUNDS.retries) } : {}),
    ...(hc.start_period !== undefined ? { startPeriod: clamp(hc.start_period, HEALTHCHECK_BOUNDS.start_period) } : {}),
  };
}

/** `depends_on` on containers of the same task; across families it orders stacks instead. */
function dependsOn(service: ServiceConfig, family: Family): CfnTaskDefinition.ContainerDependencyProperty[] {
  const inFamily = new Set(family.services.map((s) => s.name));
  return Object.keys(service.depends_on ?? {})
    .sort()
    .filter((name) => inFamily.has(name) && name !== service.name)
    .map((name) => ({ containerName: name, condition: DEPENDS_ON_CONDITION[service.depends_on[name].condition] }));
}

/** Containers that another container of the family waits for to exit successfully. */
export function completionTargets(family: Family): Set<string> {
  const out = new Set<string>();
  for (const s of family.services) {
    for (const [name, dep] of Object.entries(s.depends_on ?? {})) {
      if (dep.condition === 'service_completed_successfully') out.add(name);
    }
  }
  return out;
}

function ulimits(service: ServiceConfig): CfnTaskDefinition.UlimitProperty[] {
  return Object.keys(service.ulimits ?? {})
    .sort()
    .map((name) => ({ name, softLimit: service.ulimits![name].soft, hardLimit: service.ulimits![name].hard }));
}

function systemControls(service: ServiceConfig): CfnTaskDefinition.SystemControlProperty[] {
  return Object.keys(service.sysctls ?? {})
    .sort()
    .map((namespace) => ({ namespace, value: String(service.sysctls![namespace]) }));
}

/**
 * cap_add / cap_drop and init. (Compose `tmpfs` is not here: Fargate rejects
 * `LinuxParameters.Tmpfs`; it becomes an ephemeral task volume, see `mounts`.)
 */
function linuxParameters(service: ServiceConfig): CfnTaskDefinition.LinuxParametersProperty | undefined {
  const add = [...new Set((service.cap_add ?? []).map(capabilityName))].sort();
  const drop = [...new Set((service.cap_drop ?? []).map(capabilityName))].sort();
  const params: CfnTaskDefinition.LinuxParametersProperty = {
    ...(add.length > 0 || drop.length > 0
      ? { capabilities: { ...(add.length > 0 ? { add } : {}), ...(drop.length > 0 ? { drop } : {}) } }
      : {}),
    ...(service.init !== undefined ? { initProcessEnabled: service.init } : {}),
  };
  return Object.keys(params).length > 0 ? params : undefined;
}

/** Task volume name for scratch space of a service (tmpfs or anonymous volume). */
export function ephemeralVolumeName(service: string, index: number): string {
  return `scratch-${service.replace(/[^A-Za-z0-9_-]/g, '-')}-${index + 1}`.slice(0, 255);
}

/**
 * Named volumes mount their EFS volume; tmpfs mounts and anonymous volumes mount a task volume
 * without a source (an empty directory on the task's ephemeral storage). Bind mounts are
 * rejected by `checkFargate` and skipped here.
 */
function mounts(
  service: ServiceConfig,
  ctx: ContainerContext,
): { mountPoints: CfnTaskDefinition.MountPointProperty[]; ephemeralVolumes: string[] } {
  const mountPoints: CfnTaskDefinition.MountPointProperty[] = [];
  const ephemeralVolumes: string[] = [];
  const scratch = (containerPath: string, readOnly: boolean) => {
    const name = ephemeralVolumeName(service.name, ephemeralVolumes.length);
    ephemeralVolumes.push(name);
    mountPoints.push({ sourceVolume: name, containerPath, readOnly });
  };
  for (const v of service.volumes ?? []) {
    if (v.type === 'volume' && v.source) {
      const name = ctx.efsVolumeName(v.source);
      if (name) mountPoints.push({ sourceVolume: name, containerPath: v.target, readOnly: v.read_only ?? false });
    } else if (v.type === 'tmpfs' || (v.type === 'volume' && !v.source)) {
      scratch(v.target, v.read_only ?? false);
    }
  }
  for (const t of service.tmpfs ?? []) scratch(t.split(':')[0], false);
  return { mountPoints, ephemeralVolumes };
}
