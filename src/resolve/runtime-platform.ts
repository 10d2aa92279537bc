/**
 * The task definition's RuntimePlatform, from `x-ecs.CpuArchitecture` / `x-ecs.OperatingSystemFamily`
 * (ECS ComposeX) and Compose's `platform` of a family's services. One task runs on one architecture
 * and one operating system: ECS ComposeX refuses services of a family that write different ones
 * (ecs_composex/ecs/ecs_family/task_runtime.py: "You cannot have multiple containers in the same
 * family run on different CPU architecture"; use-cases/ecs/negative_testing/services_multi_arch.yml,
 * services_multi_os.yml), and so does composex (CX3973, at the second one).
 *
 * Windows on Fargate (AWS, "Amazon ECS task definition differences for the Fargate launch type",
 * fargate-tasks-services.html; RuntimePlatform in the ECS and Batch API references; "AWS Fargate
 * capacity providers"): X86_64 only, a task of at least 1 vCPU (composex sizes the task so), no
 * FARGATE_SPOT (CX4008), and no linuxParameters, user, ulimits, readonlyRootFilesystem or EFS
 * volume. composex's own sidecars (secret files, X-Ray daemon, CloudWatch agent) are Linux
 * images, and so are the images it builds (`build:`). A Windows family that needs any of these is
 * refused at its OperatingSystemFamily (CX3974).
 */
import type { Path } from '../compose/source-map';
import type { ServiceConfig } from '../compose/types';
import { cpuArchitecture, CpuArchitecture } from '../limits/fargate';
import { CODES } from './codes';
import { ResolveContext } from './context';
import type { Membership } from './families';
import type { Family } from './model';
import { EcsSettings, OperatingSystemFamily } from './x-ecs';

/** CPU units of the smallest Windows task on Fargate (1 vCPU). */
export const WINDOWS_MINIMUM_CPU = 1024;

interface Written<T> {
  readonly service: string;
  readonly value: T;
  readonly path: Path;
  /** Written under x-ecs (ECS ComposeX's key), not Compose's `platform`. */
  readonly xEcs: boolean;
}

/** The architecture a service asks for: x-ecs.CpuArchitecture, else its Compose platform. */
export function serviceArchitecture(s: ServiceConfig): CpuArchitecture | undefined {
  const x = s['x-ecs'] as Record<string, unknown> | undefined;
  const written = x && typeof x === 'object' ? x.CpuArchitecture : undefined;
  if (written === 'X86_64' || written === 'ARM64') return written;
  return s.platform ? cpuArchitecture(s.platform) : undefined;
}

/**
 * Per family, the operating system its services ask for (LINUX when none does), with where it is
 * written; services that disagree on it or on their architecture are refused (CX3973).
 */
export function familyOperatingSystems(ctx: ResolveContext, membership: Membership, ecs: (service: string) => EcsSettings): Map<string, Written<OperatingSystemFamily> | undefined> {
  const out = new Map<string, Written<OperatingSystemFamily> | undefined>();
  for (const [family, services] of membership.servicesOf) {
    const architectures = services.flatMap((service): Written<CpuArchitecture>[] => {
      const x = ecs(service).cpuArchitecture;
      const platform = ctx.project.services[service].platform;
      const fromPlatform = platform ? cpuArchitecture(platform) : undefined;
      return [
        ...(x ? [{ service, value: x, path: ['services', service, 'x-ecs', 'CpuArchitecture'], xEcs: true }] : []),
        ...(fromPlatform ? [{ service, value: fromPlatform, path: ['services', service, 'platform'], xEcs: false }] : []),
      ];
    });
    refuseDisagreement(ctx, family, 'CPU architecture', architectures);
    const systems = services.flatMap((service): Written<OperatingSystemFamily>[] => {
      const os = ecs(service).operatingSystemFamily;
      return os ? [{ service, value: os, path: ['services', service, 'x-ecs', 'OperatingSystemFamily'], xEcs: true }] : [];
    });
    refuseDisagreement(ctx, family, 'operating system', systems);
    out.set(family, systems[0]);
  }
  return out;
}

/** Two values written for a family (two `platform`s are CX4007, at generate). */
function refuseDisagreement<T>(ctx: ResolveContext, family: string, what: string, written: readonly Written<T>[]): void {
  const [first] = written;
  for (const other of written.slice(1)) {
    if (other.value === first.value || (!other.xEcs && !first.xEcs)) continue;
    ctx.error(
      CODES.FAMILY_PLATFORM_CONFLICT,
      `'${other.service}' asks for ${what} ${String(other.value)}, but '${first.service}' of the same family '${family}' asks for ${String(first.value)} (${ctx.where(first.path, 'key')}): one task runs on one ${what} (ECS ComposeX refuses it too)`,
      other.path,
      `write the same ${what} on every service of the family, or put '${other.service}' in a family of its own`,
      'key',
    );
    return;
  }
}

/** Windows families: what Fargate's Windows platform cannot run (CX3974), at OperatingSystemFamily. */
export function checkWindowsFamilies(ctx: ResolveContext, families: readonly Family[], osOf: ReadonlyMap<string, Written<OperatingSystemFamily> | undefined>): void {
  for (const family of families) {
    const os = osOf.get(family.name);
    if (!os || os.value === 'LINUX') continue;
    const reasons = [
      family.cpuArchitecture === 'ARM64' ? 'the ARM64 architecture (Windows tasks run on X86_64 only)' : '',
      family.volumes.length > 0 ? `named volumes (EFS: ${family.volumes.join(', ')})` : '',
      family.secretsInit ? 'secret files (their init container is a Linux image)' : '',
      family.xray ? 'x-xray (the X-Ray daemon sidecar is a Linux image)' : '',
      family.cloudwatchAgent ? 'x-prometheus / x-monitoring (the CloudWatch agent sidecar is a Linux image)' : '',
      ...family.containers.map((c) => c.built && `build: of '${c.name}' (composex builds Linux images)`),
      ...family.containers.map((c) => linuxOnly(c) && `Linux-only settings of '${c.name}' (${linuxOnly(c)})`),
    ].filter(Boolean);
    if (reasons.length === 0) continue;
    ctx.error(
      CODES.WINDOWS_UNSUPPORTED,
      `family '${family.name}' runs ${os.value} on Fargate, which cannot run ${reasons.join('; ')}: ECS would refuse the task definition or its tasks would not start`,
      os.path,
      'remove those settings from the family, or run it on LINUX',
      'key',
    );
  }
}

/** The container settings ECS takes for Linux containers only (the task definition's linuxParameters and others). */
function linuxOnly(c: Family['containers'][number]): string {
  return [
    c.user !== undefined ? 'user' : '',
    c.ulimits.length > 0 ? 'ulimits' : '',
    c.systemControls.length > 0 ? 'sysctls' : '',
    (c.capabilities?.add?.length ?? 0) + (c.capabilities?.drop?.length ?? 0) > 0 ? 'cap_add / cap_drop' : '',
    c.initProcessEnabled ? 'init' : '',
    c.readonlyRootFilesystem ? 'read_only' : '',
  ]
    .filter(Boolean)
    .join(', ');
}
