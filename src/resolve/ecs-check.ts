/**
 * What ECS and Fargate (and the stacks composex builds) cannot run, checked once on the resolved
 * families against the tables of src/limits/. A key whose value alone decides (privileged,
 * cap_add, stop_grace_period, sysctls, platform, logging driver) is the key classification's
 * (src/compose/keys.ts, CX1301/CX1302), from the same tables; what needs the family, the project
 * or the grants is here.
 *
 * Diagnostic codes (CX40xx; CX4001–CX4003 and CX4009 were retired into the key classification):
 *   CX4004 error    a family's resources exceed the largest Fargate size (16 vCPU / 120 GiB)
 *   CX4006 error    a service without `image` or `build`
 *   CX4007 error    linux/amd64 and linux/arm64 mixed in one family
 *   CX4008 error    a Windows family (x-ecs.OperatingSystemFamily) with the FARGATE_SPOT capacity provider (not offered by AWS)
 *   CX4010 warning  `tmpfs`: mounted as an ephemeral task volume on disk (Fargate has no tmpfs)
 *   CX4011 warning  an awslogs option composex does not pass on
 *   CX4012 warning  a healthcheck value outside the ECS range: clamped
 *   CX4014 error    task storage (`x-ecs.EphemeralStorage`, `storage_opt.size`) outside 21–200 GiB
 *   CX4015 error    more than 5 load-balancer target groups on one family (ECS service limit)
 *   CX4016 error    a ulimit above what Fargate allows (nofile hard limit 1048576)
 *   CX4017 error    the project exceeds a CloudFormation limit composex cannot split around yet
 *                   (more than 90 named volumes — fewer with many subnets — or more than 190
 *                   created secrets)
 *   CX4018 error    `deploy.replicas` (or `scale`) above 5,000, the most tasks an ECS service runs
 *   CX4019 error    a ulimit name ECS does not know
 *   CX4020 error    a family's container definitions are larger than an ECS task definition may be
 *                   (64 KiB: environment, labels, commands, …)
 *   CX4021 error    a family's task role permissions exceed what IAM lets one role hold (x-iam
 *                   policies over 10,240 characters inline, or the statements composex adds —
 *                   resource grants, task-role secrets, EFS volumes — needing more than the 10
 *                   managed policies a role takes)
 *   CX4022 error    `volumes_from` names a service outside the family (ECS shares volumes only
 *                   between the containers of one task)
 *   CX4023 error    `deploy.labels` that cannot tag the ECS service (more than 50, a key over 128 or a
 *                   value over 256 characters, a key starting with aws:)
 *   CX4035 error    more than 10 containers in a family (ECS quota, not adjustable), the container
 *                   that writes secret files included
 */
import type { ServiceConfig } from '../compose/types';
import { error, suggestion, warning, type Diagnostic, type SourceLocation } from '../diagnostics';
import {
  AWSLOGS_OPTIONS,
  ECS_ULIMIT_NAMES,
  EPHEMERAL_STORAGE_GIB,
  HEALTHCHECK_BOUNDS,
  MAX_CONTAINERS_PER_TASK_DEFINITION,
  MAX_DESIRED_COUNT,
  MAX_NOFILE,
  MAX_TARGET_GROUPS_PER_SERVICE,
  MAX_TASK_DEFINITION_BYTES,
  SERVICE_TAG_LIMITS,
} from '../limits/ecs';
import { chooseFargateSize, cpuArchitecture, CpuArchitecture, LARGEST_FARGATE_SIZE } from '../limits/fargate';
import { MAX_CREATED_SECRETS, MAX_VOLUMES, STORAGE_STACK_RESOURCES } from '../limits/stacks';
import { familyEphemeralStorage, familyRequirement, storageRequests, volumesFromEntry } from './containers';
import type { Family, LoadBalancerModel, ResourceGrant, ResourcesByKind, SecretModel, VolumeModel, VpcSettings } from './model';
import { checkTaskRoleSize } from './task-role-size';

/** The resolved project as the check reads it. */
export interface EcsCheckInput {
  readonly families: readonly Family[];
  /** The Compose services of each family, by family name, sorted by service name. */
  readonly servicesOf: ReadonlyMap<string, readonly ServiceConfig[]>;
  readonly loadBalancer?: LoadBalancerModel;
  readonly vpc: VpcSettings;
  readonly volumes: readonly VolumeModel[];
  readonly secrets: readonly SecretModel[];
  readonly grants: readonly ResourceGrant[];
  /** The project's resources (the task role size check writes a looked-up one's ARN as it is). */
  readonly resources?: ResourcesByKind;
}

type Locate = (path: readonly (string | number)[], part?: 'key' | 'value') => SourceLocation | undefined;

/** Errors for what cannot deploy, warnings where the mapping changes behaviour. Never throws. */
export function checkEcs(input: EcsCheckInput, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (service: string, ...key: (string | number)[]) => locate(['services', service, ...key]);
  const keyAt = (service: string, ...key: (string | number)[]) => locate(['services', service, ...key], 'key');
  // Grants and listeners by family, in their order: one pass each instead of one per family.
  const grantsOf = groupBy(input.grants, (g) => g.family);
  const listenersOf = groupBy(input.loadBalancer?.listeners ?? [], (l) => l.target.family);

  for (const family of input.families) {
    const services = input.servicesOf.get(family.name) ?? [];
    const first = services[0]?.name ?? family.name;
    for (const s of services) checkService(s, at, keyAt, out);
    checkPlatforms(family, services, first, at, out);
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
    checkEcsLimits(family, services, first, at, out);
    const iamOwner = services.find((s) => s['x-iam'] !== undefined)?.name ?? first;
    out.push(...checkTaskRoleSize(family, { grants: grantsOf.get(family.name) ?? [], volumes: input.volumes, secrets: input.secrets, ...(input.resources ? { resources: input.resources } : {}) }, keyAt(iamOwner, 'x-iam')));
    const storage = familyEphemeralStorage(services);
    if (storage !== undefined && (storage < EPHEMERAL_STORAGE_GIB.min || storage > EPHEMERAL_STORAGE_GIB.max)) {
      const request = services.flatMap((s) => storageRequests(s).map((r) => ({ service: s.name, ...r }))).find((r) => r.gib === storage);
      out.push(
        error(
          'CX4014',
          `the task storage of family '${family.name}' is ${storage} GiB (x-ecs.EphemeralStorage or storage_opt.size); Fargate accepts ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max}`,
          (request ? at(request.service, ...request.key) : undefined) ?? at(first),
          'omit it for the default 20 GiB, or use a value in range',
        ),
      );
    }
    const targets = new Set((listenersOf.get(family.name) ?? []).map((l) => `${l.target.service}:${l.target.containerPort}:${l.protocol}`));
    if (targets.size > MAX_TARGET_GROUPS_PER_SERVICE) {
      out.push(
        error(
          'CX4015',
          `family '${family.name}' is the target of ${targets.size} load-balancer target groups; an ECS service takes at most ${MAX_TARGET_GROUPS_PER_SERVICE}`,
          at(first, 'ports'),
          'publish fewer distinct container ports of this family',
        ),
      );
    }
  }
  checkStackCapacity(input, locate, out);
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function checkPlatforms(family: Family, services: readonly ServiceConfig[], first: string, at: (service: string, ...key: (string | number)[]) => SourceLocation | undefined, out: Diagnostic[]): void {
  const architectures = new Set<CpuArchitecture>();
  for (const s of services) {
    const arch = s.platform ? cpuArchitecture(s.platform) : undefined;
    if (arch) architectures.add(arch);
  }
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
  // FARGATE_SPOT runs Linux tasks, X86_64 and (platform version 1.4.0, composex's LATEST) ARM64, not
  // Windows ones (ECS API reference, CapacityProviderStrategyItem; "AWS Fargate capacity providers").
  if (family.operatingSystemFamily !== undefined && family.capacityProviderStrategy.some((c) => c.capacityProvider === 'FARGATE_SPOT')) {
    out.push(
      error(
        'CX4008',
        `family '${family.name}' runs ${family.operatingSystemFamily}, which FARGATE_SPOT does not offer`,
        at(first, 'x-ecs'),
        'use the FARGATE capacity provider for Windows tasks',
      ),
    );
  }
}

/**
 * The Storage stack holds, per volume, a file system, an access point and a mount target per
 * storage (else private) subnet (500 resources), and outputs two ids (200 outputs); the Secrets stack one output
 * per created secret.
 */
function checkStackCapacity(input: EcsCheckInput, locate: Locate, out: Diagnostic[]): void {
  const subnets = input.vpc.kind === 'new' ? input.vpc.maxAzs : (input.vpc.storageSubnetIds ?? input.vpc.privateSubnetIds).length;
  const maxVolumes = Math.min(MAX_VOLUMES, Math.floor(STORAGE_STACK_RESOURCES / (2 + Math.max(1, subnets))));
  if (input.volumes.length > maxVolumes) {
    out.push(
      error(
        'CX4017',
        `the project mounts ${input.volumes.length} named volumes; with ${subnets} subnets for EFS mount targets composex supports at most ${maxVolumes} in one project`,
        locate(['volumes']),
      ),
    );
  }
  const created = input.secrets.filter((s) => s.kind === 'created').length;
  if (created > MAX_CREATED_SECRETS) {
    out.push(
      error(
        'CX4017',
        `the project creates ${created} secrets; composex supports at most ${MAX_CREATED_SECRETS} in one project`,
        locate(['secrets']),
        'declare some of them as external secrets',
      ),
    );
  }
}

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

/** What ECS limits per service and task definition: tasks, definition size, volumes_from, tags. */
function checkEcsLimits(
  family: Family,
  services: readonly ServiceConfig[],
  first: string,
  at: (service: string, ...key: (string | number)[]) => SourceLocation | undefined,
  out: Diagnostic[],
): void {
  if (family.desiredCount > MAX_DESIRED_COUNT) {
    const service = services.find((s) => s.deploy?.replicas === family.desiredCount)?.name ?? first;
    out.push(
      error(
        'CX4018',
        `family '${family.name}' asks for ${family.desiredCount} tasks; an ECS service runs at most ${MAX_DESIRED_COUNT}`,
        at(service, 'deploy', 'replicas'),
        `use ${MAX_DESIRED_COUNT} or fewer replicas (or larger tasks)`,
      ),
    );
  }
  // ECS quota "containers per task definition": 10, not adjustable; the secrets init container, the X-Ray daemon and the CloudWatch agent count.
  const containers = family.containers.length + (family.secretsInit ? 1 : 0) + (family.xray ? 1 : 0) + (family.cloudwatchAgent ? 1 : 0);
  if (containers > MAX_CONTAINERS_PER_TASK_DEFINITION) {
    const last = services[services.length - 1]?.name ?? first;
    out.push(
      error(
        'CX4035',
        `family '${family.name}' has ${containers} containers${family.secretsInit ? ` (its services and the container '${family.secretsInit.name}' that writes their secret files)` : ''}${family.xray ? ` (with the X-Ray daemon '${family.xray.name}')` : ''}${family.cloudwatchAgent ? ` (with the CloudWatch agent '${family.cloudwatchAgent.name}')` : ''}; an ECS task definition holds at most ${MAX_CONTAINERS_PER_TASK_DEFINITION}`,
        at(last, 'deploy', 'labels'),
        'split the family: give some of its services another ecs.task.family',
      ),
    );
  }
  const sizes = services.map((s) => ({ service: s.name, bytes: containerDefinitionBytes(s) }));
  // the secrets init container: its variables, mounts and a script line or three per file
  const initBytes = family.secretsInit ? CONTAINER_OVERHEAD_BYTES + JSON.stringify(family.secretsInit).length * 2 : 0;
  const size = sizes.reduce((sum, s) => sum + s.bytes, initBytes);
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
  const members = new Set(services.map((s) => s.name));
  for (const s of services) {
    (s.volumes_from ?? []).forEach((entry, i) => {
      const { sourceContainer: source } = volumesFromEntry(entry);
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
  const tags = family.tags;
  const badTag = tags.find((t) => t.key.length > SERVICE_TAG_LIMITS.keyLength || t.value.length > SERVICE_TAG_LIMITS.valueLength || /^aws:/i.test(t.key));
  if (tags.length > SERVICE_TAG_LIMITS.count || badTag) {
    const owner = services.find((s) => Object.keys(s.deploy?.labels ?? {}).some((k) => k !== 'ecs.task.family'))?.name ?? first;
    out.push(
      error(
        'CX4023',
        badTag
          ? `deploy.labels '${badTag.key.slice(0, 40)}' cannot tag the ECS service of family '${family.name}' (keys: at most ${SERVICE_TAG_LIMITS.keyLength} characters, not starting with aws:; values: at most ${SERVICE_TAG_LIMITS.valueLength})`
          : `family '${family.name}' has ${tags.length} deploy.labels; an ECS service takes at most ${SERVICE_TAG_LIMITS.count} tags`,
        at(owner, 'deploy', 'labels'),
        'shorten or remove labels under deploy.labels (labels under the service itself become Docker labels, which have no such limit)',
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
  // A service with `build:` and no image is built by composex (resolve/built-images.ts).
  if (!s.image && s.build === undefined) {
    out.push(
      error(
        'CX4006',
        `service '${s.name}' has no image`,
        at(s.name, 'image'),
        'set `image:` to the image to run, or give the service a `build:` context for composex to build and push to ECR',
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
    out.push(warning('CX4010', `tmpfs ${t} of service '${s.name}' becomes an ephemeral task volume: Fargate does not support tmpfs mounts`, at(s.name, 'tmpfs', i)));
  });
  const driver = s.logging?.driver;
  if (!driver || driver === 'awslogs') {
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
        out.push(warning('CX4012', `healthcheck ${key} of service '${s.name}' is ${v}; ECS accepts ${b.min} to ${b.max} and it is clamped`, at(s.name, 'healthcheck', key)));
      }
    }
  }
  for (const name of Object.keys(s.ulimits ?? {}).sort()) {
    if (!ECS_ULIMIT_NAMES.includes(name)) {
      out.push(error('CX4019', `ulimit ${name} of service '${s.name}' is not one ECS knows`, keyAt(s.name, 'ulimits', name), suggestion(name, ECS_ULIMIT_NAMES, 'ulimit')));
    }
  }
  const nofile = s.ulimits?.nofile;
  if (nofile && Math.max(nofile.soft, nofile.hard) > MAX_NOFILE) {
    out.push(error('CX4016', `ulimit nofile of service '${s.name}' exceeds ${MAX_NOFILE}, the Fargate maximum`, at(s.name, 'ulimits', 'nofile')));
  }
}
