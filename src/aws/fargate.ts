/**
 * Fargate: the table of valid task sizes, the smallest-fit chooser, container resources from
 * `deploy.resources`, and the checks of what Fargate cannot run.
 *
 * Diagnostic codes of the generate stage (CX4xxx):
 *   CX4001 error    `privileged: true` — Fargate never runs privileged containers
 *   CX4002 error    `cap_add` of anything but SYS_PTRACE
 *   CX4003 error    `stop_grace_period` above 120 s (ECS StopTimeout limit on Fargate)
 *   CX4004 error    a family's resources exceed the largest Fargate size (16 vCPU / 120 GiB)
 *   (bind mounts, anonymous volumes and x-iam wildcards are reported by resolve: CX3512-CX3514, CX3401)
 *   CX4006 error    a service without `image` (composex does not build images)
 *   CX4007 error    `platform` other than linux/amd64 or linux/arm64, or mixed in one family
 *   CX4008 error    linux/arm64 with the FARGATE_SPOT capacity provider (not offered by AWS)
 *   CX4009 warning  a sysctl Fargate does not allow (only namespaced kernel.*, fs.mqueue.*, net.*)
 *   CX4010 warning  `tmpfs`: mounted as an ephemeral task volume on disk (Fargate has no tmpfs)
 *   CX4011 warning  a logging driver other than awslogs: replaced by awslogs to the family log group
 *   CX4012 warning  a healthcheck value outside the ECS range: clamped
 *   CX4014 error    task storage (`x-ecs.EphemeralStorage`, `storage_opt.size`) outside 21–200 GiB
 *   CX4015 error    more than 5 load-balancer target groups on one family (ECS service limit)
 *   CX4016 error    a ulimit above what Fargate allows (nofile hard limit 1048576)
 *   CX4017 error    the project exceeds a CloudFormation limit composex cannot split around yet
 *                   (more than 90 named volumes — fewer with many subnets — or more than 190
 *                   created secrets)
 *   CX4018 error    `deploy.replicas` (or `scale`) above 5,000, the most tasks an ECS service runs
 *   CX4019 error    a ulimit name ECS does not know (core, cpu, data, fsize, locks, memlock, msgqueue,
 *                   nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)
 *   CX4020 error    a family's container definitions are larger than an ECS task definition may be
 *                   (64 KiB: environment, labels, commands, …)
 *   CX4021 error    a family's task role permissions exceed what IAM lets one role hold (x-iam
 *                   policies over 10,240 characters inline, or resource grants needing more than
 *                   the 10 managed policies a role takes)
 *   CX4022 error    `volumes_from` names a service outside the family (ECS shares volumes only
 *                   between the containers of one task)
 *   CX4023 error    `deploy.labels` that cannot tag the ECS service (more than 50, a key over 128 or a
 *                   value over 256 characters, a key starting with aws:)
 */
import type { ServiceConfig } from '../compose/types';
import { error, suggestion, warning, type Diagnostic, type SourceLocation } from '../diagnostics';
import type { AppModel, Family } from '../resolve/model';
import { fitsInline, INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, planTaskRolePolicies, policyChars, RESOLVED_REFERENCE_CHARS } from './policy-size';
import { familyResourceAccess } from './resources/grants';
import { serviceTags } from './service-tags';
import { taskRolePolicies } from './roles';

/** A task size: CPU units (1024 = 1 vCPU) and memory in MiB. */
export interface FargateSize {
  readonly cpu: number;
  readonly memory: number;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * Valid Fargate (Linux) CPU/memory combinations, as AWS documents them: for each CPU value, the
 * memory values it accepts.
 */
export const FARGATE_CPU_MEMORY: ReadonlyArray<{ readonly cpu: number; readonly memory: readonly number[] }> = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

/** Hourly price weights (us-east-1, Linux/x86): one vCPU costs about as much as 9 GiB of memory. */
const PRICE_PER_VCPU = 0.04048;
const PRICE_PER_GIB = 0.004445;

function price(size: FargateSize): number {
  return (size.cpu / 1024) * PRICE_PER_VCPU + (size.memory / 1024) * PRICE_PER_GIB;
}

/** Every valid size, cheapest first (ties: fewer CPU units, then less memory). */
export const FARGATE_SIZES: readonly FargateSize[] = FARGATE_CPU_MEMORY.flatMap(({ cpu, memory }) =>
  memory.map((m) => ({ cpu, memory: m })),
).sort((a, b) => price(a) - price(b) || a.cpu - b.cpu || a.memory - b.memory);

export const LARGEST_FARGATE_SIZE: FargateSize = { cpu: 16384, memory: 122880 };

/**
 * The cheapest valid Fargate size with at least `cpu` units and `memory` MiB, or `undefined`
 * when nothing fits. With no requirement at all this is 256 / 512.
 */
export function chooseFargateSize(cpu: number, memory: number): FargateSize | undefined {
  return FARGATE_SIZES.find((s) => s.cpu >= cpu && s.memory >= memory);
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

/** What a family's containers need together: summed CPU units and summed memory (MiB). */
export function familyRequirement(family: Family): FargateSize {
  let cpu = 0;
  let memory = 0;
  for (const s of family.services) {
    const r = containerResources(s);
    cpu += r.cpu ?? 0;
    memory += Math.max(r.memory ?? 0, r.memoryReservation ?? 0);
  }
  return { cpu, memory };
}

/** The task size of a family: the cheapest fitting size, or the largest when nothing fits (CX4004). */
export function familyTaskSize(family: Family): FargateSize {
  const need = familyRequirement(family);
  return chooseFargateSize(need.cpu, need.memory) ?? LARGEST_FARGATE_SIZE;
}

export type CpuArchitecture = 'X86_64' | 'ARM64';

/** Compose `platform` → ECS CPU architecture; `undefined` for platforms Fargate cannot run. */
export function cpuArchitecture(platform: string): CpuArchitecture | undefined {
  const p = platform.toLowerCase();
  if (p === 'linux/amd64' || p === 'linux/x86_64') return 'X86_64';
  if (p === 'linux/arm64' || p === 'linux/arm64/v8' || p === 'linux/aarch64') return 'ARM64';
  return undefined;
}

/** The family's architecture: from the first service that declares a platform, default X86_64. */
export function familyArchitecture(family: Family): CpuArchitecture {
  for (const s of family.services) {
    if (s.platform) return cpuArchitecture(s.platform) ?? 'X86_64';
  }
  return 'X86_64';
}

/** ECS bounds of container health check fields (seconds, except retries). */
export const HEALTHCHECK_BOUNDS = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 120 },
  retries: { min: 1, max: 10 },
  start_period: { min: 0, max: 300 },
} as const;

export const MAX_STOP_TIMEOUT = 120;
export const ALLOWED_ADDED_CAPABILITIES: readonly string[] = ['SYS_PTRACE'];
const MAX_NOFILE = 1048576;
/** awslogs options a service may set; composex sets the group and region itself. */
export const AWSLOGS_OPTIONS: readonly string[] = ['awslogs-datetime-format', 'awslogs-multiline-pattern', 'awslogs-stream-prefix', 'max-buffer-size', 'mode'];
/** ECS service quota "tasks per service" (not adjustable). */
export const MAX_DESIRED_COUNT = 5000;
/** The `name` values ECS accepts in a container's `ulimits`. */
export const ECS_ULIMIT_NAMES: readonly string[] = [
  'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
];
/** ECS refuses a task definition larger than 64 KiB. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024;
/**
 * What a container definition costs beyond the user's values: name, image, log configuration,
 * resource intrinsics, port mappings… (generous: a family near the limit is refused early, not by
 * ECS in the middle of a deployment).
 */
const CONTAINER_OVERHEAD_BYTES = 2048;

/**
 * The size of one container definition, estimated from what the user writes into it: environment,
 * labels, command, entrypoint, healthcheck, extra hosts, plus a fixed overhead for what composex adds.
 */
export function containerDefinitionBytes(s: ServiceConfig): number {
  let bytes = CONTAINER_OVERHEAD_BYTES + (s.image?.length ?? 0);
  for (const [name, value] of Object.entries(s.environment ?? {})) {
    if (value !== null && value !== undefined) bytes += JSON.stringify({ name, value: String(value) }).length + 1;
  }
  for (const [name, value] of Object.entries(s.labels ?? {})) bytes += JSON.stringify(name).length + JSON.stringify(value).length + 2;
  for (const list of [s.command, s.entrypoint, s.healthcheck?.test, s.extra_hosts]) {
    if (list) bytes += JSON.stringify(list).length;
  }
  return bytes;
}
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;
/** Limits of what the Storage and Secrets stacks hold (two outputs per volume, one per secret). */
export const MAX_VOLUMES = 90;
export const MAX_CREATED_SECRETS = 190;

/** `SYS_PTRACE` for `CAP_SYS_PTRACE`; ECS takes capability names without the prefix. */
export function capabilityName(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}

const NAMESPACED_KERNEL_SYSCTLS = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
]);

export function isFargateSysctl(name: string): boolean {
  return NAMESPACED_KERNEL_SYSCTLS.has(name) || name.startsWith('fs.mqueue.') || name.startsWith('net.');
}

/** What a service asks of the task storage, in GiB, and under which key. */
function storageRequests(s: ServiceConfig): { readonly gib: number; readonly key: readonly string[] }[] {
  const out: { gib: number; key: string[] }[] = [];
  const value = xEcs(s)?.EphemeralStorage;
  const asked = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
  if (asked !== undefined) out.push({ gib: asked, key: ['x-ecs', 'EphemeralStorage'] });
  const bytes = s.storage_opt?.size;
  if (typeof bytes === 'number') out.push({ gib: Math.ceil(bytes / 1024 ** 3), key: ['storage_opt', 'size'] });
  return out;
}

/**
 * The task storage (GiB) of a family: the largest any of its services asks for, with
 * `x-ecs.EphemeralStorage` or `storage_opt.size` (rounded up to whole GiB).
 */
export function familyEphemeralStorage(family: Family): number | undefined {
  const sizes = family.services.flatMap((s) => storageRequests(s).map((r) => r.gib));
  return sizes.length > 0 ? Math.max(...sizes) : undefined;
}

/** Where the service that asks for `storage` GiB says so. */
function storageAt(family: Family, storage: number, at: (service: string, ...key: (string | number)[]) => SourceLocation | undefined): SourceLocation | undefined {
  for (const s of family.services) {
    const request = storageRequests(s).find((r) => r.gib === storage);
    if (request) return at(s.name, ...request.key);
  }
  return undefined;
}

function xEcs(service: ServiceConfig): Record<string, unknown> | undefined {
  const x = service['x-ecs'];
  return x && typeof x === 'object' ? (x as Record<string, unknown>) : undefined;
}

/**
 * Everything Fargate (and the stacks composex builds) cannot do with this model, as diagnostics:
 * errors for what cannot deploy, warnings where the mapping changes behaviour. Never throws.
 */
export function checkFargate(model: AppModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (service: string, ...key: (string | number)[]): SourceLocation | undefined =>
    model.project.sourceMap.value(['services', service, ...key]);
  const keyAt = (service: string, ...key: (string | number)[]): SourceLocation | undefined =>
    model.project.sourceMap.key(['services', service, ...key]);

  for (const family of model.families) {
    const architectures = new Set<CpuArchitecture>();
    for (const s of family.services) {
      checkService(s, at, keyAt, out);
      if (s.platform) {
        const arch = cpuArchitecture(s.platform);
        if (arch) architectures.add(arch);
      }
    }
    const first = family.services[0]?.name ?? family.name;
    if (architectures.size > 1) {
      out.push(
        error(
          'CX4007',
          `family '${family.name}' mixes platforms linux/amd64 and linux/arm64; one task runs on one architecture`,
          at(first, 'platform'),
          'use the same platform for every service of the family, or put them in separate families',
        ),
      );
    }
    if (
      familyArchitecture(family) === 'ARM64' &&
      family.capacityProviderStrategy.some((c) => c.capacityProvider === 'FARGATE_SPOT')
    ) {
      out.push(
        error(
          'CX4008',
          `family '${family.name}' runs on linux/arm64, which FARGATE_SPOT does not offer`,
          at(first, 'x-ecs'),
          'use the FARGATE capacity provider for arm64 tasks, or platform linux/amd64',
        ),
      );
    }
    const need = familyRequirement(family);
    if (!chooseFargateSize(need.cpu, need.memory)) {
      out.push(
        error(
          'CX4004',
          `family '${family.name}' needs ${need.cpu} CPU units and ${need.memory} MiB, more than the largest Fargate task ` +
            `(${LARGEST_FARGATE_SIZE.cpu} units / ${LARGEST_FARGATE_SIZE.memory} MiB)`,
          at(first, 'deploy', 'resources'),
          'lower deploy.resources of its services, or split the family',
        ),
      );
    }
    checkEcsLimits(family, first, at, out);
    checkTaskRoleSize(model, family, keyAt(family.services.find((s) => s['x-iam'] !== undefined)?.name ?? first, 'x-iam'), out);
    const storage = familyEphemeralStorage(family);
    if (storage !== undefined && (storage < EPHEMERAL_STORAGE_GIB.min || storage > EPHEMERAL_STORAGE_GIB.max)) {
      out.push(
        error(
          'CX4014',
          `the task storage of family '${family.name}' is ${storage} GiB (x-ecs.EphemeralStorage or storage_opt.size); Fargate accepts ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max}`,
          storageAt(family, storage, at) ?? at(first),
          'omit it for the default 20 GiB, or use a value in range',
        ),
      );
    }
    const targets = new Set(
      (model.loadBalancer?.listeners ?? [])
        .filter((l) => l.target.family === family.name)
        .map((l) => `${l.target.service}:${l.target.containerPort}:${l.protocol}`),
    );
    if (targets.size > 5) {
      out.push(
        error(
          'CX4015',
          `family '${family.name}' is the target of ${targets.size} load-balancer target groups; an ECS service takes at most 5`,
          at(first, 'ports'),
          'publish fewer distinct container ports of this family',
        ),
      );
    }
  }

  // The Storage stack holds, per volume, a file system, an access point and a mount target per
  // private subnet (500 resources), and outputs two ids (200 outputs).
  const subnets = model.vpc.kind === 'new' ? model.vpc.maxAzs : model.vpc.privateSubnetIds.length;
  const maxVolumes = Math.min(MAX_VOLUMES, Math.floor(490 / (2 + Math.max(1, subnets))));
  if (model.volumes.length > maxVolumes) {
    out.push(
      error(
        'CX4017',
        `the project mounts ${model.volumes.length} named volumes; with ${subnets} private subnets composex supports at most ${maxVolumes} in one project`,
        model.project.sourceMap.value(['volumes']),
      ),
    );
  }
  const created = model.secrets.filter((s) => s.kind === 'created').length;
  if (created > MAX_CREATED_SECRETS) {
    out.push(
      error(
        'CX4017',
        `the project creates ${created} secrets; composex supports at most ${MAX_CREATED_SECRETS} in one project`,
        model.project.sourceMap.value(['secrets']),
        'declare some of them as external secrets',
      ),
    );
  }
  return out;
}

/** A `volumes_from` entry: `service` or `service:ro` / `service:rw`. */
export function volumesFromEntry(entry: string): { readonly source: string; readonly readOnly: boolean } {
  const [source, mode] = entry.split(':');
  return { source, readOnly: mode === 'ro' };
}

/** What ECS limits per service and task definition: tasks, definition size, volumes_from, tags. */
function checkEcsLimits(
  family: Family,
  first: string,
  at: (service: string, ...key: (string | number)[]) => SourceLocation | undefined,
  out: Diagnostic[],
): void {
  if (family.desiredCount > MAX_DESIRED_COUNT) {
    const service = family.services.find((s) => s.deploy?.replicas === family.desiredCount)?.name ?? first;
    out.push(
      error(
        'CX4018',
        `family '${family.name}' asks for ${family.desiredCount} tasks; an ECS service runs at most ${MAX_DESIRED_COUNT}`,
        at(service, 'deploy', 'replicas'),
        `use ${MAX_DESIRED_COUNT} or fewer replicas (or larger tasks)`,
      ),
    );
  }
  const sizes = family.services.map((s) => ({ service: s.name, bytes: containerDefinitionBytes(s) }));
  const size = sizes.reduce((sum, s) => sum + s.bytes, 0);
  if (size > MAX_TASK_DEFINITION_BYTES) {
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    out.push(
      error(
        'CX4020',
        `the task definition of family '${family.name}' would be about ${Math.ceil(size / 1024)} KiB; ECS accepts at most ${MAX_TASK_DEFINITION_BYTES / 1024} KiB`,
        at(largest.service, 'environment'),
        `service '${largest.service}' is the largest part (about ${Math.ceil(largest.bytes / 1024)} KiB): move values out of environment and labels (into the image or a file the container reads), or split the family`,
      ),
    );
  }
  const members = new Set(family.services.map((s) => s.name));
  for (const s of family.services) {
    (s.volumes_from ?? []).forEach((entry, i) => {
      const { source } = volumesFromEntry(entry);
      if (members.has(source)) return;
      out.push(
        error(
          'CX4022',
          `service '${s.name}' takes the volumes of '${source}', which is not in its family '${family.name}'`,
          at(s.name, 'volumes_from', i),
          `put both in one family (deploy.labels: {ecs.task.family: ${family.name}}), or share a named volume (EFS) instead`,
        ),
      );
    });
  }
  const tags = serviceTags(family);
  const badTag = tags.find((t) => t.key.length > 128 || t.value.length > 256 || /^aws:/i.test(t.key));
  if (tags.length > 50 || badTag) {
    const owner = family.services.find((s) => Object.keys(s.deploy?.labels ?? {}).some((k) => k !== 'ecs.task.family'))?.name ?? first;
    out.push(
      error(
        'CX4023',
        badTag
          ? `deploy.labels '${badTag.key.slice(0, 40)}' cannot tag the ECS service of family '${family.name}' (keys: at most 128 characters, not starting with aws:; values: at most 256)`
          : `family '${family.name}' has ${tags.length} deploy.labels; an ECS service takes at most 50 tags`,
        at(owner, 'deploy', 'labels'),
        'shorten or remove labels under deploy.labels (labels under the service itself become Docker labels, which have no such limit)',
      ),
    );
  }
}

/** IAM's limits on one role, estimated the way the family stack will write the policies. */
function checkTaskRoleSize(model: AppModel, family: Family, where: SourceLocation | undefined, out: Diagnostic[]): void {
  const userPolicies = taskRolePolicies(family);
  const userChars = userPolicies.reduce((n, p) => n + p.PolicyName.length + policyChars(p.PolicyDocument), 0);
  if (!fitsInline(userChars)) {
    out.push(
      error(
        'CX4021',
        `the x-iam policies of family '${family.name}' hold about ${userChars} characters; IAM allows ${INLINE_POLICIES_LIMIT} of inline policy per role`,
        where,
        'shorten them (wildcards on a prefix, fewer statements), or create a managed policy and list it under x-iam.ManagedPolicyArns',
      ),
    );
    return;
  }
  const grants = model.grants.filter((g) => g.family === family.name);
  if (grants.length === 0) return;
  // Each reference a distinct string as long as its longest resolved ARN, as the family stack counts it.
  const access = familyResourceAccess(grants, (kind, resource, attribute) => `${kind}/${resource}/${attribute}`.padEnd(RESOLVED_REFERENCE_CHARS - 2, '.'));
  const plan = planTaskRolePolicies(userPolicies, access.statements);
  const room = MANAGED_POLICIES_PER_ROLE - family.iam.managedPolicyArns.length;
  if (plan.managed.length > room) {
    out.push(
      error(
        'CX4021',
        `family '${family.name}' is granted ${grants.length} resources, more than its task role can hold: ${plan.managed.length} managed policies needed, room for ${room}`,
        where,
        'split the family, or grant fewer resources to it (a service used by many resources could be its own family)',
      ),
    );
  }
}

function checkService(
  s: ServiceConfig,
  at: (service: string, ...key: (string | number)[]) => SourceLocation | undefined,
  keyAt: (service: string, ...key: (string | number)[]) => SourceLocation | undefined,
  out: Diagnostic[],
): void {
  if (!s.image) {
    out.push(
      error(
        'CX4006',
        `service '${s.name}' has no image; composex does not build images`,
        at(s.name, s.build ? 'build' : 'image'),
        'build and push the image (e.g. to ECR), then set `image:` to its URI',
      ),
    );
  }
  if (s.privileged) {
    out.push(
      error('CX4001', `service '${s.name}' is privileged; Fargate does not run privileged containers`, at(s.name, 'privileged'), 'remove `privileged: true`; add only the capability it needs (Fargate allows SYS_PTRACE)'),
    );
  }
  (s.cap_add ?? []).forEach((cap, i) => {
    if (!ALLOWED_ADDED_CAPABILITIES.includes(capabilityName(cap))) {
      out.push(
        error(
          'CX4002',
          `service '${s.name}' adds capability ${cap}; Fargate allows adding only SYS_PTRACE`,
          at(s.name, 'cap_add', i),
          'remove it from cap_add',
        ),
      );
    }
  });
  if (s.stop_grace_period !== undefined && s.stop_grace_period > MAX_STOP_TIMEOUT) {
    out.push(
      error(
        'CX4003',
        `stop_grace_period of service '${s.name}' is ${s.stop_grace_period}s; ECS on Fargate waits at most ${MAX_STOP_TIMEOUT}s`,
        at(s.name, 'stop_grace_period'),
        `use ${MAX_STOP_TIMEOUT}s or less`,
      ),
    );
  }
  s.volumes.forEach((v, i) => {
    if (v.type === 'tmpfs') {
      out.push(
        warning(
          'CX4010',
          `tmpfs ${v.target} of service '${s.name}' becomes an ephemeral task volume (task storage on disk, not memory): Fargate does not support tmpfs mounts`,
          at(s.name, 'volumes', i),
        ),
      );
    }
  });
  (s.tmpfs ?? []).forEach((t, i) => {
    out.push(
      warning(
        'CX4010',
        `tmpfs ${t} of service '${s.name}' becomes an ephemeral task volume: Fargate does not support tmpfs mounts`,
        at(s.name, 'tmpfs', i),
      ),
    );
  });
  for (const name of Object.keys(s.sysctls ?? {}).sort()) {
    if (!isFargateSysctl(name)) {
      out.push(
        warning(
          'CX4009',
          `sysctl ${name} of service '${s.name}' is not one Fargate allows; the task may fail to start`,
          at(s.name, 'sysctls', name),
          'Fargate allows namespaced sysctls only: kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*',
        ),
      );
    }
  }
  const driver = s.logging?.driver;
  if (driver && driver !== 'awslogs') {
    out.push(
      warning(
        'CX4011',
        `logging driver '${driver}' of service '${s.name}' is replaced by awslogs to the family's log group`,
        at(s.name, 'logging', 'driver'),
      ),
    );
  } else {
    for (const option of Object.keys(s.logging?.options ?? {}).sort()) {
      if (AWSLOGS_OPTIONS.includes(option)) continue;
      out.push(
        warning(
          'CX4011',
          `awslogs option '${option}' of service '${s.name}' is not used: composex sends the logs to the family's log group`,
          at(s.name, 'logging', 'options', option),
          `options composex passes on: ${AWSLOGS_OPTIONS.join(', ')}`,
        ),
      );
    }
  }
  const hc = s.healthcheck;
  if (hc && !hc.disable) {
    for (const key of ['interval', 'timeout', 'retries', 'start_period'] as const) {
      const v = hc[key];
      const b = HEALTHCHECK_BOUNDS[key];
      if (v !== undefined && (v < b.min || v > b.max)) {
        out.push(
          warning(
            'CX4012',
            `healthcheck ${key} of service '${s.name}' is ${v}; ECS accepts ${b.min} to ${b.max} and it is clamped`,
            at(s.name, 'healthcheck', key),
          ),
        );
      }
    }
  }
  for (const name of Object.keys(s.ulimits ?? {}).sort()) {
    if (!ECS_ULIMIT_NAMES.includes(name)) {
      out.push(
        error(
          'CX4019',
          `ulimit ${name} of service '${s.name}' is not one ECS knows`,
          keyAt(s.name, 'ulimits', name),
          suggestion(name, ECS_ULIMIT_NAMES, 'ulimit'),
        ),
      );
    }
  }
  const nofile = s.ulimits?.nofile;
  if (nofile && Math.max(nofile.soft, nofile.hard) > MAX_NOFILE) {
    out.push(
      error('CX4016', `ulimit nofile of service '${s.name}' exceeds ${MAX_NOFILE}, the Fargate maximum`, at(s.name, 'ulimits', 'nofile')),
    );
  }
}
