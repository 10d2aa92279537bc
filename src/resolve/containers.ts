/**
 * One Compose service → one ECS container, in ECS terms (seconds, MiB, CPU units, sorted lists),
 * and the family-wide task settings its services decide together (size, architecture, storage,
 * deployment). What lives in other stacks — secret ARNs, EFS ids, the log group — is left to the
 * generate stage by name. Each helper below owns one field group; `ecs-check.ts` reports what
 * does not fit ECS.
 */
import type { DependsOnCondition, HealthcheckConfig, ServiceConfig } from '../compose/types';
import { parseBytes } from '../compose/units';
import { ALLOWED_ADDED_CAPABILITIES, capabilityName, HEALTHCHECK_BOUNDS, MAX_STOP_TIMEOUT, AWSLOGS_OPTIONS } from '../limits/ecs';
import { serviceArchitecture } from './runtime-platform';
import { chooseFargateSize, CpuArchitecture, FargateSize, LARGEST_FARGATE_SIZE } from '../limits/fargate';
import type { CloudwatchAgentModel, ContainerModel, Family, ContainerMount, ContainerPort, ContainerSecret, DeploymentSettings, SecretModel, XrayDaemonModel } from './model';
import { EMF_ENDPOINT, EMF_ENDPOINT_VARIABLE } from './cloudwatch-agent';
import { XRAY_DAEMON_ADDRESS, XRAY_DAEMON_ADDRESS_VARIABLE } from './x-xray';
import { type SecretsPlan, type ServiceSecretFiles } from './secret-files';
import { compareStrings } from './context';
import { portMappingName } from './names';
import { pullCredentials, PULL_CREDENTIALS } from './x-aws';
import type { DeploymentPercents } from './x-aws-percent';

export interface ContainerContext {
  /** The services of the container's family (volumes_from and depends_on stay inside it). */
  readonly members: ReadonlySet<string>;
  /** Services another service of the family waits for with `service_completed_successfully`. */
  readonly waitedFor: ReadonlySet<string>;
  /** The family's declared container ports. */
  readonly ports: readonly ContainerPort[];
  /** Top-level secrets of the model, by name. */
  readonly secrets: ReadonlyMap<string, SecretModel>;
  /** Named volumes of the model (EFS). */
  readonly volumes: ReadonlySet<string>;
  /** Secret files of each service (those that list secrets). */
  readonly secretFiles: ReadonlyMap<string, ServiceSecretFiles>;
  /** The family's secrets init container and each service's secret mounts. */
  readonly secretsPlan: SecretsPlan;
  /** Built images (`build:` without `image:`) by service: the root parameter and the ECR repository. */
  readonly built?: ReadonlyMap<string, { readonly parameter: string; readonly repository: string }>;
  /** Images pinned by digest (`x-ecr` / `x-docker_opts` InterpolateWithDigest, from the lock), by service. */
  readonly pinned?: ReadonlyMap<string, string>;
  /** The family's X-Ray daemon, when one of its services asks for it (x-xray). */
  readonly xray?: XrayDaemonModel;
  /** The family's CloudWatch agent, when one of its services asks for it (x-prometheus, x-monitoring). */
  readonly cloudwatchAgent?: CloudwatchAgentModel;
}

const DEPENDS_ON_CONDITION: Record<DependsOnCondition, 'START' | 'HEALTHY' | 'SUCCESS'> = {
  service_started: 'START',
  service_healthy: 'HEALTHY',
  service_completed_successfully: 'SUCCESS',
};

export function containerModel(service: ServiceConfig, ctx: ContainerContext): ContainerModel {
  const resources = containerResources(service);
  const check = healthCheck(service.healthcheck);
  // Fargate adds only SYS_PTRACE (AWS: KernelCapabilities); the others were warned about (CX1302).
  const add = [...new Set((service.cap_add ?? []).map(capabilityName))].filter((c) => ALLOWED_ADDED_CAPABILITIES.includes(c)).sort();
  const drop = [...new Set((service.cap_drop ?? []).map(capabilityName))].sort();
  const repositoryCredentials = pullCredentials(service[PULL_CREDENTIALS], new Set(ctx.secrets.keys()));
  const secretMounts = ctx.secretsPlan.mounts.get(service.name) ?? [];
  const init = ctx.secretsPlan.init;
  const xray = ctx.xray?.services.includes(service.name) ? ctx.xray : undefined;
  const agent = ctx.cloudwatchAgent?.services.includes(service.name) ? ctx.cloudwatchAgent : undefined;
  const withXray = xray ? withDefault(environment(service), XRAY_DAEMON_ADDRESS_VARIABLE, XRAY_DAEMON_ADDRESS) : environment(service);
  const built = ctx.built?.get(service.name);
  return {
    name: service.name,
    image: ctx.pinned?.get(service.name) ?? service.image ?? '',
    ...(built ? { built } : {}),
    ...(repositoryCredentials !== undefined ? { repositoryCredentials } : {}),
    essential: !ctx.waitedFor.has(service.name),
    ...(nonEmpty(service.command) ? { command: [...service.command!] } : {}),
    ...(nonEmpty(service.entrypoint) ? { entryPoint: [...service.entrypoint!] } : {}),
    ...(service.working_dir ? { workingDirectory: service.working_dir } : {}),
    ...(service.user ? { user: service.user } : {}),
    environment: agent?.emf ? withDefault(withXray, EMF_ENDPOINT_VARIABLE, EMF_ENDPOINT) : withXray,
    secrets: secrets(service, ctx.secrets),
    secretFiles: ctx.secretFiles.get(service.name)?.files ?? [],
    dockerLabels: Object.fromEntries(Object.keys(service.labels ?? {}).sort().map((k) => [k, service.labels[k]])),
    portMappings: ctx.ports
      .filter((p) => p.service === service.name)
      .map((p) => ({ containerPort: p.port, protocol: p.protocol, name: portMappingName(p.service, p.port, p.protocol) })),
    ...(check ? { healthCheck: check } : {}),
    dependsOn: [
      // the secret files exist before the container starts
      ...(init && secretMounts.length > 0 ? [{ containerName: init.name, condition: 'SUCCESS' as const }] : []),
      // the X-Ray daemon listens before the service sends its first segment
      ...(xray ? [{ containerName: xray.name, condition: 'START' as const }] : []),
      // the CloudWatch agent takes EMF logs before the service sends its first (ECS ComposeX: a dependency of every service)
      ...(agent ? [{ containerName: agent.name, condition: 'START' as const }] : []),
      ...Object.keys(service.depends_on ?? {})
        .filter((name) => ctx.members.has(name) && name !== service.name)
        .map((name) => ({ containerName: name, condition: DEPENDS_ON_CONDITION[service.depends_on[name].condition] })),
    ].sort((a, b) => compareStrings(a.containerName, b.containerName)),
    ulimits: Object.keys(service.ulimits ?? {})
      .sort()
      .map((name) => ({ name, softLimit: service.ulimits![name].soft, hardLimit: service.ulimits![name].hard })),
    systemControls: Object.keys(service.sysctls ?? {})
      .sort()
      .map((namespace) => ({ namespace, value: String(service.sysctls![namespace]) })),
    ...(add.length > 0 || drop.length > 0 ? { capabilities: { ...(add.length > 0 ? { add } : {}), ...(drop.length > 0 ? { drop } : {}) } } : {}),
    ...(service.init !== undefined ? { initProcessEnabled: service.init } : {}),
    ...(service.read_only !== undefined ? { readonlyRootFilesystem: service.read_only } : {}),
    ...(service.stdin_open !== undefined ? { interactive: service.stdin_open } : {}),
    ...(service.tty !== undefined ? { pseudoTerminal: service.tty } : {}),
    // Another family's service is reported by the ECS check (CX4022) and left out here.
    volumesFrom: (service.volumes_from ?? []).map(volumesFromEntry).filter((v) => ctx.members.has(v.sourceContainer)),
    ...(service.stop_grace_period !== undefined ? { stopTimeout: Math.min(MAX_STOP_TIMEOUT, Math.max(0, Math.round(service.stop_grace_period))) } : {}),
    mounts: [...mounts(service, ctx.volumes), ...secretMounts],
    ...(resources.cpu !== undefined ? { cpu: resources.cpu } : {}),
    ...(resources.memory !== undefined ? { memory: resources.memory } : {}),
    ...(resources.memoryReservation !== undefined ? { memoryReservation: resources.memoryReservation } : {}),
    logOptions: awslogsOptions(service),
    logStreamPrefix: service.logging?.options?.['awslogs-stream-prefix'] ?? service.name,
  };
}

function nonEmpty(list: readonly string[] | null | undefined): boolean {
  return Array.isArray(list) && list.length > 0;
}

/** A sidecar's address for its clients (the X-Ray daemon's, the CloudWatch agent's), unless the service sets it itself. */
function withDefault(variables: { name: string; value: string }[], name: string, value: string): { name: string; value: string }[] {
  if (variables.some((v) => v.name === name)) return variables;
  return [...variables, { name, value }].sort((a, b) => compareStrings(a.name, b.name));
}

/** Sorted by name so a reordered compose file gives the same task definition; unset values omitted. */
function environment(service: ServiceConfig): { name: string; value: string }[] {
  return Object.keys(service.environment ?? {})
    .sort()
    .filter((name) => service.environment[name] !== null && service.environment[name] !== undefined)
    .map((name) => ({ name, value: String(service.environment[name]) }));
}

/**
 * A secret is a variable only where `x-secrets` asks for one: its whole value (`VarName`) and one
 * per JSON key (`JsonKeys`); the first secret to set a variable wins. Sorted by name. (Every secret
 * is also a file: `secretFiles`.)
 */
function secrets(service: ServiceConfig, models: ReadonlyMap<string, SecretModel>): ContainerSecret[] {
  const out = new Map<string, ContainerSecret>();
  for (const ref of service.secrets ?? []) {
    const model = models.get(ref.source);
    if (!model) continue;
    if (model.varName !== undefined && !out.has(model.varName)) out.set(model.varName, { name: model.varName, secret: model.name });
    for (const key of model.jsonKeys) {
      if (!out.has(key.varName)) out.set(key.varName, { name: key.varName, secret: model.name, jsonKey: key.key });
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(a.name, b.name));
}

/** The awslogs options of `logging.options` composex passes on (the others are warned about: CX4011). */
function awslogsOptions(service: ServiceConfig): Record<string, string> {
  if (service.logging?.driver !== undefined && service.logging.driver !== 'awslogs') return {};
  const options = service.logging?.options ?? {};
  return Object.fromEntries(Object.keys(options).filter((k) => AWSLOGS_OPTIONS.includes(k)).sort().map((k) => [k, String(options[k])]));
}

/** A `volumes_from` entry: `service` or `service:ro` / `service:rw`. */
export function volumesFromEntry(entry: string): { readonly sourceContainer: string; readonly readOnly: boolean } {
  const [source, mode] = entry.split(':');
  return { sourceContainer: source, readOnly: mode === 'ro' };
}

function clamp(value: number, bounds: { min: number; max: number }): number {
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
}

/** `CMD` / `CMD-SHELL` tests with durations in seconds; disabled checks and `NONE` give none. */
export function healthCheck(hc: HealthcheckConfig | undefined): ContainerModel['healthCheck'] {
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

/** Services of a family that another one of it waits for to exit successfully. */
export function completionTargets(services: readonly ServiceConfig[]): Set<string> {
  const out = new Set<string>();
  for (const s of services) {
    for (const [name, dep] of Object.entries(s.depends_on ?? {})) {
      if (dep.condition === 'service_completed_successfully') out.add(name);
    }
  }
  return out;
}

/** Task volume name for scratch space of a service (tmpfs or anonymous volume). */
export function scratchVolumeName(service: string, index: number): string {
  return `scratch-${service.replace(/[^A-Za-z0-9_-]/g, '-')}-${index + 1}`.slice(0, 255);
}

/**
 * Named volumes mount their EFS volume; tmpfs mounts and anonymous volumes mount a task volume
 * without a source (an empty directory on the task's ephemeral storage). Bind mounts are
 * refused by the key classification and skipped here.
 */
function mounts(service: ServiceConfig, volumes: ReadonlySet<string>): ContainerMount[] {
  const out: ContainerMount[] = [];
  let scratch = 0;
  const addScratch = (containerPath: string, readOnly: boolean) => out.push({ kind: 'scratch', name: scratchVolumeName(service.name, scratch++), containerPath, readOnly });
  for (const v of service.volumes ?? []) {
    if (v.type === 'volume' && v.source) {
      if (volumes.has(v.source)) out.push({ kind: 'volume', volume: v.source, containerPath: v.target, readOnly: v.read_only ?? false });
    } else if (v.type === 'tmpfs' || (v.type === 'volume' && !v.source)) {
      addScratch(v.target, v.read_only ?? false);
    }
  }
  for (const t of service.tmpfs ?? []) addScratch(t.split(':')[0], false);
  return out;
}

/** A container's resources in ECS units. */
export interface ContainerResources {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu?: number;
  /** Hard memory limit, MiB. */
  readonly memory?: number;
  /** Soft memory reservation, MiB. */
  readonly memoryReservation?: number;
}

const MIB = 1024 * 1024;

/**
 * `deploy.resources.limits` (or the `cpus` / `mem_limit` shortcuts) become the container's CPU and
 * hard memory limit; `reservations` (or `mem_reservation`) its soft memory reservation. CPU falls
 * back to the reservation when no limit is given.
 */
export function containerResources(service: ServiceConfig): ContainerResources {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const cpus = limits?.cpus ?? service.cpus ?? reservations?.cpus;
  const memory = limits?.memory ?? service.mem_limit;
  const reservation = reservations?.memory ?? service.mem_reservation;
  return {
    ...(cpus !== undefined && cpus > 0 ? { cpu: Math.max(1, Math.round(cpus * 1024)) } : {}),
    ...(memory !== undefined && memory > 0 ? { memory: Math.ceil(memory / MIB) } : {}),
    ...(reservation !== undefined && reservation > 0 ? { memoryReservation: Math.ceil(reservation / MIB) } : {}),
  };
}

/** The CPU and memory one container definition asks for (the fields ECS reads for the task size). */
export interface ContainerSize {
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
}

/** What the task size is read from: the containers its task definition holds, and no other. */
export type TaskContainers = Pick<Family, 'containers' | 'secretsInit' | 'xray' | 'cloudwatchAgent'>;

/**
 * Every container definition of the family's task definition, as generate writes it
 * (src/aws/family/index.ts): one per service, the secrets init container when one is planned
 * (a service has secret or configuration files to write: a secret linked to the task role only is
 * not injected, so it plans none), the X-Ray daemon and the CloudWatch agent when a service asks for them.
 */
export function taskContainerSizes(family: TaskContainers): ContainerSize[] {
  return [
    ...family.containers,
    // a memory limit, no CPU: it runs for a moment, and a reservation would round tasks whose
    // containers fill a Fargate CPU size up to the next one
    ...(family.secretsInit ? [{ memory: family.secretsInit.memory }] : []),
    ...(family.xray ? [{ cpu: family.xray.cpu, memoryReservation: family.xray.memoryReservation }] : []),
    ...(family.cloudwatchAgent ? [{ cpu: family.cloudwatchAgent.cpu, memoryReservation: family.cloudwatchAgent.memoryReservation }] : []),
  ];
}

/**
 * What a family's containers need together: summed CPU units and summed memory (MiB), each
 * container counted at its memory limit or reservation, whichever is larger (ECS requires the task
 * memory to hold every container's limit).
 */
export function familyRequirement(family: TaskContainers): FargateSize {
  let cpu = 0;
  let memory = 0;
  for (const c of taskContainerSizes(family)) {
    cpu += c.cpu ?? 0;
    memory += Math.max(c.memory ?? 0, c.memoryReservation ?? 0);
  }
  return { cpu, memory };
}

/**
 * The task size of a family: the cheapest fitting size, or the largest when nothing fits (CX4004).
 * `minimumCpu`: Windows tasks on Fargate take at least 1 vCPU (1024 units).
 */
export function familyTaskSize(family: TaskContainers, minimumCpu = 0): FargateSize {
  const need = familyRequirement(family);
  return chooseFargateSize(Math.max(need.cpu, minimumCpu), need.memory) ?? LARGEST_FARGATE_SIZE;
}

/**
 * The family's architecture: from the first service that asks for one (x-ecs.CpuArchitecture, else
 * platform; services that disagree are refused: CX3973, CX4007), default X86_64.
 */
export function familyArchitecture(services: readonly ServiceConfig[]): CpuArchitecture {
  for (const s of services) {
    const arch = serviceArchitecture(s);
    if (arch) return arch;
    if (s.platform) return 'X86_64';
  }
  return 'X86_64';
}

/** What a service asks of the task storage, in GiB, and under which key. */
export function storageRequests(s: ServiceConfig): { readonly gib: number; readonly key: readonly string[] }[] {
  const out: { gib: number; key: string[] }[] = [];
  const x = s['x-ecs'];
  const value = x && typeof x === 'object' ? (x as Record<string, unknown>).EphemeralStorage : undefined;
  const asked = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
  if (asked !== undefined) out.push({ gib: asked, key: ['x-ecs', 'EphemeralStorage'] });
  // Compose keeps storage options as written ("20G"); the load stage checked the size parses.
  const size = s.storage_opt?.size;
  const bytes = size === undefined ? undefined : parseBytes(size);
  if (bytes !== undefined) out.push({ gib: Math.ceil(bytes / 1024 ** 3), key: ['storage_opt', 'size'] });
  return out;
}

/**
 * The task storage (GiB) of a family: the largest any of its services asks for, with
 * `x-ecs.EphemeralStorage` or `storage_opt.size` (rounded up to whole GiB).
 */
export function familyEphemeralStorage(services: readonly ServiceConfig[]): number | undefined {
  const sizes = services.flatMap((s) => storageRequests(s).map((r) => r.gib));
  return sizes.length > 0 ? Math.max(...sizes) : undefined;
}

/**
 * `deploy.update_config.order` of the family's first service that sets one: `start-first` keeps
 * every task serving during a deployment (200/100), `stop-first` replaces tasks in place (100/0).
 * Without one, the ECS default rolling update (200/100) — unless the family mounts a named (EFS)
 * volume read-write: then stop-first, so an old and a new task never write the same files at once
 * (`start-first` written in the file still wins). `x-aws-min_percent` / `x-aws-max_percent`
 * (Docker's ECS integration), when written, set the percentages themselves (`percents`).
 * `failure_action`: rollback (the default) rolls a
 * failing deployment back; pause stops it where it is; continue lets it go on (no circuit breaker).
 */
export function familyDeployment(
  services: readonly ServiceConfig[],
  namedVolumes: ReadonlySet<string> = new Set(),
  percents?: DeploymentPercents,
): DeploymentSettings {
  const order = services.map((s) => s.deploy?.update_config?.order).find((o) => o !== undefined);
  const written = [...new Set(services.flatMap((s) => writableVolumes(s, namedVolumes)))].sort();
  // x-aws-min_percent / x-aws-max_percent, as written, win like an order does (x-aws-percent.ts
  // refuses them beside an order)
  const stopFirstReason = percents
    ? percents.maximumPercent === 100 && percents.minimumHealthyPercent === 0
      ? percents.written
      : undefined
    : order === 'stop-first'
      ? 'deploy.update_config.order: stop-first'
      : order === undefined && written.length > 0
        ? `read-write volume ${written.join(', ')}: no two writers`
        : undefined;
  const [maximumPercent, minimumHealthyPercent] = percents
    ? [percents.maximumPercent, percents.minimumHealthyPercent]
    : stopFirstReason !== undefined
      ? [100, 0]
      : [200, 100];
  const action = services.map((s) => s.deploy?.update_config?.failure_action).find((a) => a !== undefined) ?? 'rollback';
  return {
    maximumPercent,
    minimumHealthyPercent,
    circuitBreaker: { enable: action !== 'continue', rollback: action === 'rollback' },
    ...(stopFirstReason !== undefined ? { stopFirstReason } : {}),
  };
}

/** Named (EFS) volumes a service mounts read-write. */
export function writableVolumes(service: ServiceConfig, namedVolumes: ReadonlySet<string>): string[] {
  return (service.volumes ?? []).filter((v) => v.type === 'volume' && v.source && namedVolumes.has(v.source) && !v.read_only).map((v) => v.source!);
}

/** Seconds ECS ignores failed load balancer health checks of a new task when no `start_period` says otherwise. */
export const DEFAULT_LOAD_BALANCER_GRACE_SECONDS = 60;

/**
 * How long the load balancer's failed health checks are ignored after a task starts: the longest
 * healthcheck `start_period` of the family, as its own container health check does; for a family
 * behind the load balancer that declares none, 60 s, so a task that takes a while to listen is not
 * killed before it could answer. 0 (none) for a family no load balancer sends traffic to.
 */
export function familyGracePeriod(services: readonly ServiceConfig[], behindLoadBalancer: boolean): number {
  if (!behindLoadBalancer) return 0;
  const declared = services.filter((s) => !s.healthcheck?.disable && s.healthcheck?.start_period !== undefined);
  if (declared.length === 0) return DEFAULT_LOAD_BALANCER_GRACE_SECONDS;
  return Math.max(0, ...declared.map((s) => Math.round(s.healthcheck!.start_period!)));
}

/** `deploy.labels` other than `ecs.task.family` tag the ECS service (sorted; the first service of the family wins a key). */
export function familyServiceTags(services: readonly ServiceConfig[]): { key: string; value: string }[] {
  const tags = new Map<string, string>();
  for (const s of services) {
    for (const [key, value] of Object.entries(s.deploy?.labels ?? {})) {
      if (key !== 'ecs.task.family' && !tags.has(key)) tags.set(key, String(value));
    }
  }
  return [...tags.keys()].sort().map((key) => ({ key, value: tags.get(key)! }));
}
