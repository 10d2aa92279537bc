/**
 * The normalized Compose project: every short syntax rewritten to its long form, every unit
 * converted (durations to seconds, sizes to bytes, cpus to a number), interpolation done, files
 * merged, `extends` and `include` resolved, disabled profiles removed. Later stages read only this.
 *
 * Field names follow the Compose specification so `composex config` prints what users wrote.
 * `x-` keys are kept where they were written (`XFields`).
 */
import type { SourceMap } from './source-map';

/** `x-` extension fields, allowed at every level and passed through untouched. */
export type XFields = { [key: `x-${string}`]: unknown };

export interface ComposeProject {
  readonly name: string;
  /** Absolute project directory (relative paths resolve against it). */
  readonly workingDir: string;
  /** Absolute paths of the compose files, in merge order. */
  readonly files: readonly string[];
  readonly services: Record<string, ServiceConfig>;
  readonly networks: Record<string, NetworkConfig>;
  readonly volumes: Record<string, VolumeConfig>;
  readonly secrets: Record<string, SecretConfig>;
  readonly configs: Record<string, ConfigConfig>;
  /** Top-level `x-` fields (`x-sqs`, `x-vpc`, …). */
  readonly extensions: Record<string, unknown>;
  /** Services removed because their profile is not active (names only). */
  readonly disabledServices: readonly string[];
  /** The environment interpolation used (process env over .env files); never printed. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where every key came from, for diagnostics of later stages. */
  readonly sourceMap: SourceMap;
  /**
   * What the loader found at each host path the project reads from when it is deployed (bind
   * mount sources, `file:` configs), by absolute path. Resolve decides from it whether a bind mount
   * is a single file; the loader is the stage that reads the file system. Absent: nothing known
   * (every such path is treated as missing).
   */
  readonly hostPaths?: Readonly<Record<string, HostPathInfo>>;
  /**
   * `depends_on` entries that order no start, as ECS ComposeX reads them where they would close a
   * start cycle with an entry a family name stands for (family-references.ts, CX1425): still a
   * declared call (access), not an order. Absent: none.
   */
  readonly unorderedDependsOn?: readonly { readonly service: string; readonly dependency: string }[];
}

/** A host path as the loader saw it: a regular file (with its size in bytes), a directory, something else, or nothing. */
export type HostPathInfo = { readonly kind: 'file'; readonly bytes: number } | { readonly kind: 'directory' | 'other' | 'missing' };

export type Protocol = 'tcp' | 'udp';

/** Port modes composex accepts: Swarm's two, and ECS ComposeX's `awsvpc`; on Fargate they mean the same. */
export const PORT_MODES = ['ingress', 'host', 'awsvpc'] as const;
export type PortMode = (typeof PORT_MODES)[number];

export interface PortConfig extends XFields {
  /** Container port. */
  target: number;
  /** Host port or range (`"8080"`, `"8000-8010"`); absent when not published. */
  published?: string;
  host_ip?: string;
  protocol: Protocol;
  mode?: PortMode;
  app_protocol?: string;
  name?: string;
}

export type VolumeType = 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface ServiceVolumeConfig extends XFields {
  type: VolumeType;
  /** Named volume, absolute host path (bind) or image; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: 'z' | 'Z' };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
}

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOnConfig {
  condition: DependsOnCondition;
  required: boolean;
  restart: boolean;
}

export interface HealthcheckConfig {
  /** `["NONE"]` when disabled; otherwise `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  test?: string[];
  disable?: boolean;
  /** Seconds. */
  interval?: number;
  timeout?: number;
  start_period?: number;
  start_interval?: number;
  retries?: number;
}

export interface ResourceSpec {
  /** Number of CPUs (e.g. 0.25). */
  cpus?: number;
  /** Bytes. */
  memory?: number;
  pids?: number;
}

export interface DeployConfig extends XFields {
  mode?: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  replicas?: number;
  labels?: Record<string, string>;
  resources?: { limits?: ResourceSpec; reservations?: ResourceSpec & { devices?: unknown[]; generic_resources?: unknown[] } };
  update_config?: UpdateConfig;
  rollback_config?: UpdateConfig;
  restart_policy?: { condition?: string; delay?: number; max_attempts?: number; window?: number };
  placement?: { constraints?: string[]; preferences?: { spread: string }[]; max_replicas_per_node?: number };
  endpoint_mode?: string;
}

export interface UpdateConfig {
  parallelism?: number;
  /** Seconds. */
  delay?: number;
  failure_action?: string;
  monitor?: number;
  max_failure_ratio?: number;
  order?: 'start-first' | 'stop-first';
}

export interface ServiceNetworkConfig extends XFields {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
}

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface EnvFileConfig {
  /** Absolute path. */
  path: string;
  required: boolean;
  format?: string;
}

export interface LoggingConfig {
  driver?: string;
  options?: Record<string, string>;
}

export interface BuildConfig extends XFields {
  context: string;
  dockerfile?: string;
  args?: Record<string, string | null>;
  target?: string;
  [key: string]: unknown;
}

export interface UlimitConfig {
  soft: number;
  hard: number;
}

/**
 * One service, normalized. Keys not listed here (the rarer Compose keys) are still present with
 * their validated value; the key classification (`keys.ts`) says what the compiler does with each.
 */
export interface ServiceConfig extends XFields {
  /** The service's name (its key under `services`). */
  name: string;
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  working_dir?: string;
  user?: string;
  /** Environment after env_file and environment are combined; `null` = declared but unset. */
  environment: Record<string, string | null>;
  env_file?: EnvFileConfig[];
  labels: Record<string, string>;
  ports: PortConfig[];
  expose: string[];
  volumes: ServiceVolumeConfig[];
  depends_on: Record<string, DependsOnConfig>;
  links: string[];
  /** Networks the service is attached to (`default` when none is declared). */
  networks: Record<string, ServiceNetworkConfig | null>;
  secrets: FileReference[];
  configs: FileReference[];
  healthcheck?: HealthcheckConfig;
  deploy?: DeployConfig;
  logging?: LoggingConfig;
  ulimits?: Record<string, UlimitConfig>;
  sysctls?: Record<string, string>;
  cap_add?: string[];
  cap_drop?: string[];
  init?: boolean;
  read_only?: boolean;
  stdin_open?: boolean;
  tty?: boolean;
  /** `service` or `service:ro` (`container:…` is rejected before this). */
  volumes_from?: string[];
  privileged?: boolean;
  /** Seconds. */
  stop_grace_period?: number;
  stop_signal?: string;
  tmpfs?: string[];
  platform?: string;
  /** Top-level shortcuts normalized: `cpus`, `mem_limit`, `mem_reservation` (bytes). */
  cpus?: number;
  mem_limit?: number;
  mem_reservation?: number;
  shm_size?: number;
  /** `size` as written ("20G", as compose-go keeps it); other options are ignored with a warning. */
  storage_opt?: { size?: string } & Record<string, unknown>;
  network_mode?: string;
  profiles?: string[];
  restart?: string;
  container_name?: string;
  hostname?: string;
  extra_hosts?: Record<string, string[]>;
  dns?: string[];
  [key: string]: unknown;
}

export interface NetworkConfig extends XFields {
  name?: string;
  driver?: string;
  external?: boolean;
  internal?: boolean;
  [key: string]: unknown;
}

export interface VolumeConfig extends XFields {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface SecretConfig extends XFields {
  name?: string;
  /** Absolute path, for `file:` secrets. The file is never read at render time. */
  file?: string;
  /** Variable name, for `environment:` secrets. */
  environment?: string;
  external?: boolean;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface ConfigConfig extends XFields {
  name?: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  [key: string]: unknown;
}
