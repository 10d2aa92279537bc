/**
 * What ECS and Fargate accept in a task definition and a service, as data. The key classification
 * (src/compose/keys.ts) and the ECS check of the resolve stage (src/resolve/ecs-check.ts) read
 * these tables, so a rule is written once.
 */

/** ECS bounds of container health check fields (seconds, except retries). */
export const HEALTHCHECK_BOUNDS = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 120 },
  retries: { min: 1, max: 10 },
  start_period: { min: 0, max: 300 },
} as const;

/** Fargate's upper bound for a container's `StopTimeout`, seconds. */
export const MAX_STOP_TIMEOUT = 120;

/** Capabilities Fargate lets a container add. */
export const ALLOWED_ADDED_CAPABILITIES: readonly string[] = ['SYS_PTRACE'];

/** `SYS_PTRACE` for `CAP_SYS_PTRACE`; ECS takes capability names without the prefix. */
export function capabilityName(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

/** Fargate's highest `nofile` ulimit. */
export const MAX_NOFILE = 1048576;

/** The `name` values ECS accepts in a container's `ulimits`. */
export const ECS_ULIMIT_NAMES: readonly string[] = [
  'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
];

/** awslogs options a service may set; composex sets the group and region itself. */
export const AWSLOGS_OPTIONS: readonly string[] = ['awslogs-datetime-format', 'awslogs-multiline-pattern', 'awslogs-stream-prefix', 'max-buffer-size', 'mode'];

/** ECS service quota "tasks per service" (not adjustable). */
export const MAX_DESIRED_COUNT = 5000;

/** Load-balancer target groups one ECS service may register with. */
export const MAX_TARGET_GROUPS_PER_SERVICE = 5;

/** Tags on one ECS service, and their sizes. */
export const SERVICE_TAG_LIMITS = { count: 50, keyLength: 128, valueLength: 256 } as const;

/** ECS refuses a task definition larger than 64 KiB. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024;

/** Task storage (`EphemeralStorage`) Fargate accepts, GiB; 20 GiB without one. */
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;

/** The kernel parameters Fargate allows: the namespaced ones. */
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

/** ECS service quota "containers per task definition" (not adjustable). */
export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
