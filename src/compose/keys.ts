/**
 * The classification of every Compose service key, in one table: what composex does with it.
 *
 * - **mapped**: it becomes part of the deployment (`ecs` says what it becomes);
 * - **ignored**: it has no meaning on ECS; using it gives a warning with the `reason`;
 * - **rejected**: ECS cannot honour it and the application would not work as written; using it is
 *   an error that says why and what to do instead (`hint`).
 *
 * Some keys depend on their value (`network_mode: host` is rejected, `network_mode: bridge` only
 * ignored; `privileged: false` is fine): `values` lists those cases. When a value rule finds
 * something it speaks for that part of the value; when none does, the key's own class applies.
 *
 * The table is the source of docs/compose-support.md (`renderSupportTable`, keys-doc.ts), is applied
 * to each service by key-classify.ts, and is checked against
 * the schema's service properties by the tests, so a key cannot be added to one and not the other.
 */
import { isFargateSysctl } from '../limits/ecs';
import { cpuArchitecture } from '../limits/fargate';
import type { Path } from './source-map';
import { addableOnFargate, AWSVPC_DNS, CPU_TUNING, DNS_HINT, durationSeconds, entries, firelensDriver, hostGateway, isFalse, isRecord, MAX_STOP_TIMEOUT_SECONDS, mountType, NO_LIFECYCLE_HOOKS, NO_SWAP, oneOf, presentKeys, sysctlName, whole } from './key-predicates';

export { durationSeconds, isRecord, MAX_STOP_TIMEOUT_SECONDS, mountType } from './key-predicates';

export const REJECTED_KEY = 'CX1301';
export const IGNORED_KEY = 'CX1302';

export type KeyClass = 'mapped' | 'ignored' | 'rejected';

/** A value-dependent case of a key. */
export interface ValueRule {
  /** Which values, for the docs: "`host`", "bind mounts". */
  readonly when: string;
  /** The offending parts of the key's value, as paths relative to it; none when the rule does not apply. */
  readonly find: (value: unknown) => readonly Path[];
  readonly class: KeyClass;
  /** For `mapped`: what it becomes; otherwise why it is ignored or rejected. */
  readonly reason: string;
  readonly hint?: string;
}

export interface KeyRule {
  readonly class: KeyClass;
  /** What a mapped key becomes, e.g. `ContainerDefinition.Image`. */
  readonly ecs?: string;
  /** Why an ignored or rejected key is not honoured. */
  readonly reason?: string;
  /** What to do instead (shown with the diagnostic). */
  readonly hint?: string;
  /** Value-dependent cases, checked in order. */
  readonly values?: readonly ValueRule[];
}


/**
 * Every key of a Compose service. Keep alphabetical; `deploy` has its own table (DEPLOY_KEYS).
 */
export const SERVICE_KEYS: Readonly<Record<string, KeyRule>> = {
  annotations: { class: 'ignored', reason: 'OCI annotations have no ECS equivalent; use labels, which become Docker labels.' },
  attach: { class: 'ignored', reason: 'it only chooses which logs `docker compose up` prints; on ECS every container logs to CloudWatch.' },
  blkio_config: { class: 'ignored', reason: 'ECS has no block I/O weights or limits.' },
  build: {
    class: 'mapped',
    ecs:
      'without `image`: an ECR repository of the root stack (scan on push, immutable tags, the last 30 images kept, Retain) and a root parameter `<Service>Image` → ContainerDefinition.Image (default: the repository image tagged with the content tag of the build inputs at render, the tag `composex push` gives them); `composex build` / `push` / `deploy` run `docker buildx build` with `context`, `dockerfile`, `dockerfile_inline`, `args`, `target`, `platforms`, `secrets`, `ssh`, `cache_from`, `cache_to`, `labels`, `additional_contexts`, `network`, `no_cache`, `pull`, and deploy the pushed digest. With `image`: the image runs as named (CX3540)',
    values: [
      {
        when: '`tags`, `extra_hosts`, `shm_size`, `ulimits`, `isolation`, `privileged`, `entitlements`, `no_cache_filter`, `provenance`, `sbom`',
        find: presentKeys(['tags', 'extra_hosts', 'shm_size', 'ulimits', 'isolation', 'privileged', 'entitlements', 'no_cache_filter', 'provenance', 'sbom']),
        class: 'ignored',
        reason: 'composex build does not pass it to docker buildx build: images are tagged by content in the ECR repository, and the build runs with Docker\'s defaults for the rest.',
        hint: 'remove it, or build and push the image yourself and name it with image:',
      },
    ],
  },
  cap_add: {
    class: 'mapped',
    ecs: 'ContainerDefinition.LinuxParameters.Capabilities.Add (SYS_PTRACE)',
    values: [
      {
        // AWS (ECS KernelCapabilities.add): "Tasks launched on Fargate only support adding the
        // SYS_PTRACE kernel capability". ECS ComposeX files add others (its use-cases do); the
        // task still starts without them, so each is dropped with a warning at its entry.
        when: 'any capability other than `SYS_PTRACE`',
        find: entries((v) => !addableOnFargate(v)),
        class: 'ignored',
        reason: 'Fargate lets a container add only the SYS_PTRACE capability; the container runs without this one (a call that needs it fails with EPERM).',
        hint: 'remove the capability; if the program cannot run without it, run that work outside Fargate',
      },
    ],
  },
  cap_drop: { class: 'mapped', ecs: 'ContainerDefinition.LinuxParameters.Capabilities.Drop (Fargate accepts any drop)' },
  cgroup: {
    class: 'rejected',
    reason: "Fargate containers cannot join the host's cgroup namespace.",
    hint: 'remove cgroup',
    values: [{ when: '`private`', find: whole(oneOf('private')), class: 'mapped', reason: 'the default: each container has a private cgroup namespace' }],
  },
  cgroup_parent: { class: 'ignored', reason: 'ECS and Fargate place containers in cgroups themselves.' },
  command: { class: 'mapped', ecs: 'ContainerDefinition.Command' },
  configs: {
    class: 'mapped',
    ecs:
      'files at the target (give one: Compose\'s default /<name> is a file directly in /, where ECS cannot mount a volume; CX3532), with mode, uid and gid: one Secrets Manager secret per config (file, content or environment, at most 64 KiB, checked at render), its value set by composex deploy; the family\'s init container writes it into a task volume the service mounts read-only, as for secrets (the volume hides what the image has in that directory: CX3533)',
  },
  container_name: { class: 'ignored', reason: 'ECS names each container after its service.' },
  cpu_count: { class: 'ignored', reason: CPU_TUNING },
  cpu_percent: { class: 'ignored', reason: CPU_TUNING },
  cpu_period: { class: 'ignored', reason: CPU_TUNING },
  cpu_quota: { class: 'ignored', reason: CPU_TUNING },
  cpu_rt_period: { class: 'ignored', reason: CPU_TUNING },
  cpu_rt_runtime: { class: 'ignored', reason: CPU_TUNING },
  cpu_shares: { class: 'ignored', reason: CPU_TUNING },
  cpus: { class: 'mapped', ecs: 'ContainerDefinition.Cpu (vCPUs × 1024); counted into the task size' },
  cpuset: { class: 'ignored', reason: 'Fargate does not pin containers to CPUs.' },
  credential_spec: {
    class: 'rejected',
    reason: 'composex does not set up gMSA credential specs (Active Directory identities).',
    hint: 'authenticate through the task role (x-iam)',
  },
  depends_on: {
    class: 'mapped',
    ecs: 'ContainerDefinition.DependsOn (START / HEALTHY / SUCCESS) inside a family; across families, stack order and security-group ingress to the dependency. A service waited for with `service_completed_successfully` runs to completion as a non-essential container of each waiting task (so once per task start); waited for from another family it is refused (CX3011) with the `ecs.task.family` list that puts it there. A family name (ECS ComposeX) stands for its services; an entry naming a service of another family that would close a start cycle with such an entry orders no start, as in ECS ComposeX (CX1425)',
  },
  deploy: { class: 'mapped', ecs: 'the ECS service and task sizes; see the `deploy` table' },
  develop: { class: 'ignored', reason: 'it configures `docker compose watch`, a development workflow.' },
  device_cgroup_rules: { class: 'ignored', reason: 'Fargate exposes no host devices, so the rules would have nothing to allow.' },
  devices: {
    class: 'rejected',
    reason: 'Fargate exposes no host devices to containers.',
    hint: 'remove devices; hardware access needs EC2 instances, which composex does not manage',
  },
  dns: {
    class: 'rejected',
    reason: AWSVPC_DNS,
    hint: DNS_HINT,
    values: [
      {
        // `dns: ""` (often `dns: ${DNS:-}`) names no server: Compose keeps it as [""], nothing to refuse.
        when: '`""` (no server)',
        find: whole((v) => v === '' || (Array.isArray(v) && v.length > 0 && v.every((x) => x === ''))),
        class: 'ignored',
        reason: 'it names no DNS server; tasks use the VPC resolver.',
      },
    ],
  },
  dns_opt: { class: 'ignored', reason: 'resolver options cannot be set per container in awsvpc network mode.' },
  dns_search: { class: 'rejected', reason: AWSVPC_DNS, hint: 'use fully qualified names, or ' + DNS_HINT },
  domainname: { class: 'ignored', reason: 'ECS sets the host and domain name of tasks in awsvpc network mode itself.' },
  entrypoint: { class: 'mapped', ecs: 'ContainerDefinition.EntryPoint' },
  env_file: { class: 'mapped', ecs: 'read when loading and merged into ContainerDefinition.Environment' },
  environment: { class: 'mapped', ecs: 'ContainerDefinition.Environment (sorted by name); a task definition holds at most 64 KiB (CX4020)' },
  expose: {
    class: 'mapped',
    ecs: 'ContainerDefinition.PortMappings (not published); the ports callers are granted ingress on. A service others reach with neither ports nor expose gets the default port of its image when composex knows it (postgres 5432, redis 6379, …; a note, CX3110)',
  },
  extends: { class: 'mapped', ecs: "resolved when loading: the service starts from the other service's keys" },
  external_links: {
    class: 'rejected',
    reason: 'ECS cannot link containers from outside the project.',
    hint: 'reach the other system by a DNS name and allow its traffic with x-network.Ingress',
  },
  extra_hosts: {
    class: 'rejected',
    reason: 'ECS cannot add /etc/hosts entries to tasks in awsvpc network mode (all Fargate tasks).',
    hint: 'reach other services by their Compose names (Service Connect), or give the name a Route 53 private record',
    values: [
      {
        when: 'entries pointing at `host-gateway`',
        find: entries(hostGateway),
        class: 'ignored',
        reason: 'there is no Docker host to reach on Fargate.',
      },
      {
        when: 'any other entry',
        find: entries((v) => !hostGateway(v)),
        class: 'rejected',
        reason: 'ECS cannot add /etc/hosts entries to tasks in awsvpc network mode (all Fargate tasks).',
        hint: 'reach other services by their Compose names (Service Connect), or give the name a Route 53 private record',
      },
    ],
  },
  gpus: {
    class: 'rejected',
    reason: 'Fargate offers no GPUs.',
    hint: 'remove gpus; GPU workloads need EC2 capacity, which composex does not manage',
  },
  group_add: { class: 'ignored', reason: 'ECS cannot add supplementary groups; set user to "uid:gid" if one group is enough.' },
  healthcheck: { class: 'mapped', ecs: 'ContainerDefinition.HealthCheck (durations in seconds; CMD / CMD-SHELL; disable); start_period is also the ECS service HealthCheckGracePeriodSeconds behind a load balancer (default 60 there)' },
  hostname: {
    class: 'ignored',
    reason: 'ECS does not set container host names in awsvpc network mode; other services reach this one by its Compose name.',
  },
  image: { class: 'mapped', ecs: 'ContainerDefinition.Image' },
  init: { class: 'mapped', ecs: 'ContainerDefinition.LinuxParameters.InitProcessEnabled' },
  ipc: {
    class: 'rejected',
    reason: 'Fargate containers cannot share IPC namespaces with the host or with each other.',
    hint: 'remove ipc',
    values: [{ when: '`private`, `none`', find: whole(oneOf('private', 'none')), class: 'mapped', reason: 'the default: each container has its own IPC namespace' }],
  },
  isolation: { class: 'ignored', reason: 'it selects Windows container isolation; composex runs Linux containers.' },
  label_file: { class: 'ignored', reason: 'composex does not read label files; write the labels under labels.' },
  labels: { class: 'mapped', ecs: 'ContainerDefinition.DockerLabels' },
  links: {
    class: 'mapped',
    ecs: 'declares that this service calls the linked one: security-group ingress on its ports, and its family\'s stack starts after the callee\'s (a loop is broken with CX3010); an alias becomes a Service Connect name',
  },
  logging: {
    class: 'mapped',
    ecs: "ContainerDefinition.LogConfiguration: awslogs to the family's log group (retention from x-logging); the options awslogs-stream-prefix, mode, max-buffer-size, awslogs-datetime-format and awslogs-multiline-pattern are passed on, others are warned about (CX4011). `awsfirelens`: the awsfirelens driver with the options as Fluent Bit output options, through the family's FireLens log router (AWS for Fluent Bit), which starts first; the task role may write where the output writes (x-keys.md, FireLens)",
    values: [
      {
        when: 'a driver other than `awslogs`',
        find: (v) => (isRecord(v) && typeof v.driver === 'string' && v.driver !== 'awslogs' && !firelensDriver(v) ? [['driver']] : []),
        class: 'ignored',
        reason: 'composex sends container logs to CloudWatch Logs with the awslogs driver; the driver and its options are not used.',
      },
    ],
  },
  mac_address: { class: 'ignored', reason: "each task's network interface gets its MAC address from AWS." },
  mem_limit: { class: 'mapped', ecs: 'ContainerDefinition.Memory (MiB, hard limit); counted into the task size' },
  mem_reservation: { class: 'mapped', ecs: 'ContainerDefinition.MemoryReservation (MiB)' },
  mem_swappiness: { class: 'ignored', reason: NO_SWAP },
  memswap_limit: { class: 'ignored', reason: NO_SWAP },
  models: {
    class: 'rejected',
    reason: 'composex cannot run Docker Model Runner models.',
    hint: 'call a hosted model endpoint (for example Amazon Bedrock) and grant access with x-iam',
  },
  network_mode: {
    class: 'rejected',
    reason: 'Fargate tasks always use awsvpc networking: each task has its own network interface.',
    hint: 'remove network_mode and attach the service to networks',
    values: [
      {
        when: '`bridge`, `default`, `awsvpc`',
        find: whole(oneOf('bridge', 'default', 'awsvpc')),
        class: 'ignored',
        reason: 'Fargate tasks always use awsvpc networking; services still reach each other by name.',
      },
      {
        when: '`host`',
        find: whole(oneOf('host')),
        class: 'rejected',
        reason: 'a Fargate task has no host network to join.',
        hint: 'publish the ports with ports: (a load balancer fronts them)',
      },
      {
        when: '`none`',
        find: whole(oneOf('none')),
        class: 'rejected',
        reason: 'every Fargate task gets a network interface.',
        hint: 'remove network_mode; ingress stays closed unless something declares access',
      },
      {
        when: '`service:…`, `container:…`',
        find: whole((v) => typeof v === 'string' && /^(service|container):/.test(v.trim())),
        class: 'rejected',
        reason: "ECS cannot put a container into another task's network namespace.",
        hint: 'put both services in one family (deploy.labels: ecs.task.family) — containers of one task share localhost',
      },
    ],
  },
  networks: {
    class: 'mapped',
    ecs: 'who may be granted access to whom (services that share no network cannot be connected); aliases become Service Connect names',
    values: [
      {
        when: 'addresses and interface settings',
        find: presentKeys(['ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'interface_name', 'driver_opts', 'priority', 'gw_priority'], true),
        class: 'ignored',
        reason: "the VPC assigns each task's addresses and network interface.",
      },
    ],
  },
  oom_kill_disable: { class: 'ignored', reason: 'ECS cannot disable the out-of-memory killer.' },
  oom_score_adj: { class: 'ignored', reason: 'ECS cannot tune out-of-memory scores.' },
  pid: {
    class: 'rejected',
    reason: "Fargate containers cannot join the host's or another task's PID namespace.",
    hint: 'remove pid',
  },
  pids_limit: { class: 'ignored', reason: 'ECS has no per-container process limit.' },
  platform: {
    class: 'mapped',
    ecs: 'TaskDefinition.RuntimePlatform (linux/amd64 → X86_64, linux/arm64 → ARM64)',
    values: [
      {
        when: 'anything but `linux/amd64` or `linux/arm64`',
        find: whole((v) => typeof v === 'string' && cpuArchitecture(v) === undefined),
        class: 'rejected',
        reason: 'composex runs Linux containers on X86_64 or ARM64 Fargate capacity only.',
        hint: 'build the image for linux/amd64 or linux/arm64',
      },
    ],
  },
  ports: {
    class: 'mapped',
    ecs: 'ContainerDefinition.PortMappings; a port with a host port ("8080:80") gets a load-balancer listener and target group (tasks are never public); one host port published as TCP and as UDP to one container port ("53:53/tcp" and "53:53/udp") is one TCP_UDP listener and target group of the network load balancer (to different targets: CX3212); one without ("80", a random host port in Compose) is not published, with a warning (CX3211); a data store image (postgres, redis, …) is published only with x-network.PublicDataStore (CX3210); `mode` ingress and host publish alike on Fargate; awsvpc (ECS ComposeX) is a container port with no load balancer, as in ECS ComposeX (CX3250)',
  },
  post_start: { class: 'rejected', reason: NO_LIFECYCLE_HOOKS, hint: "run the command from the image's entrypoint script" },
  pre_start: {
    class: 'rejected',
    reason: 'ECS has no init hooks for a service.',
    hint: 'declare the step as a service in the same family and depend on it with condition: service_completed_successfully',
  },
  pre_stop: {
    class: 'rejected',
    reason: NO_LIFECYCLE_HOOKS,
    hint: 'handle SIGTERM in the application: ECS sends it, then SIGKILL after stop_grace_period',
  },
  privileged: {
    class: 'rejected',
    reason: 'Fargate does not run privileged containers.',
    hint: 'remove privileged and grant only the specific access the container needs',
    values: [{ when: '`false`', find: whole(isFalse), class: 'mapped', reason: 'the default: the container is not privileged' }],
  },
  profiles: { class: 'mapped', ecs: 'chooses which services are deployed (--profile, COMPOSE_PROFILES); resolved when loading' },
  provider: {
    class: 'rejected',
    reason: 'a provider service is managed by an outside tool, not run as a container composex can deploy.',
    hint: 'declare the backing service as an x- resource (x-rds, x-sqs, …)',
  },
  pull_policy: { class: 'ignored', reason: 'Fargate pulls the image each time it starts a task.' },
  pull_refresh_after: { class: 'ignored', reason: 'Fargate pulls the image each time it starts a task.' },
  read_only: { class: 'mapped', ecs: 'ContainerDefinition.ReadonlyRootFilesystem' },
  restart: { class: 'ignored', reason: 'ECS restarts tasks itself: a service keeps its desired count of tasks running.' },
  runtime: { class: 'ignored', reason: 'Fargate chooses the container runtime.' },
  scale: { class: 'mapped', ecs: 'ECS service DesiredCount when deploy.replicas is not set; the two may not disagree (CX1421)' },
  secrets: {
    class: 'mapped',
    ecs:
      'files at /run/secrets/<name> or the target, with mode, uid and gid, as in Compose: a non-essential init container of the task writes them from Secrets Manager into task volumes each service mounts read-only (DependsOn SUCCESS); ContainerDefinition.Secrets variables only where x-secrets names them (VarName, JsonKeys). Values never appear in a template. A secret with no source ({}) is refused (CX3502), as Docker Compose refuses it, except beside x-secrets (ECS ComposeX): there it delivers nothing, as in ECS ComposeX (CX3504, CX3505)',
  },
  security_opt: {
    class: 'ignored',
    reason: 'Fargate does not accept Docker security options (seccomp, AppArmor, no-new-privileges); its own isolation applies.',
  },
  shm_size: { class: 'ignored', reason: 'Fargate does not let a task size /dev/shm.' },
  stdin_open: { class: 'mapped', ecs: 'ContainerDefinition.Interactive' },
  stop_grace_period: {
    class: 'mapped',
    ecs: 'ContainerDefinition.StopTimeout (seconds)',
    values: [
      {
        when: `more than ${MAX_STOP_TIMEOUT_SECONDS} seconds`,
        find: whole((v) => (durationSeconds(v) ?? 0) > MAX_STOP_TIMEOUT_SECONDS),
        class: 'rejected',
        reason: `Fargate waits at most ${MAX_STOP_TIMEOUT_SECONDS} seconds for a container to stop.`,
        hint: 'set stop_grace_period to 2m or less',
      },
    ],
  },
  stop_signal: {
    class: 'ignored',
    reason: "ECS has no stop-signal setting; it sends the image's STOPSIGNAL (SIGTERM by default).",
    hint: 'set STOPSIGNAL in the Dockerfile',
  },
  storage_opt: {
    class: 'mapped',
    ecs: 'size → TaskDefinition.EphemeralStorage (GiB, 21–200 on Fargate)',
    values: [
      {
        when: 'options other than `size`',
        find: (v) => (isRecord(v) ? Object.keys(v).filter((k) => k !== 'size').map((k) => [k]) : []),
        class: 'ignored',
        reason: 'Fargate has no storage-driver options besides the task storage size.',
      },
    ],
  },
  sysctls: {
    class: 'mapped',
    ecs: 'ContainerDefinition.SystemControls',
    values: [
      {
        when: 'parameters that are not namespaced',
        find: entries((v, name) => !isFargateSysctl(sysctlName(v, name))),
        class: 'rejected',
        reason: 'Fargate accepts only namespaced kernel parameters: net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.*.',
        hint: 'remove the parameter',
      },
    ],
  },
  tmpfs: {
    class: 'mapped',
    ecs: 'a scratch volume of the task (ephemeral storage, not memory; Fargate has no tmpfs mounts) mounted at each path',
  },
  tty: { class: 'mapped', ecs: 'ContainerDefinition.PseudoTerminal' },
  ulimits: { class: 'mapped', ecs: 'ContainerDefinition.Ulimits; a name ECS does not know is an error (CX4019)' },
  use_api_socket: { class: 'rejected', reason: 'there is no Docker API on Fargate.', hint: 'remove use_api_socket' },
  user: { class: 'mapped', ecs: 'ContainerDefinition.User; a numeric uid[:gid] shared by every service mounting a named volume is also enforced by its EFS access point (PosixUser)' },
  userns_mode: { class: 'ignored', reason: 'Fargate does not remap user namespaces.' },
  uts: { class: 'rejected', reason: "Fargate containers cannot share the host's UTS namespace.", hint: 'remove uts' },
  volumes: {
    class: 'mapped',
    ecs: 'named volume → EFS file system (DeletionPolicy Retain, backups on) and access point, mounted with TLS and IAM authorization (the task role may mount it, and write when the mount is read-write) + MountPoints (the security group of its mount targets admits NFS from the families that mount it and allows no outbound traffic); the file system properties and who may mount it (RO, RW, Root) from ECS ComposeX x-efs; anonymous volume or tmpfs → a scratch volume of the task',
    values: [
      {
        when: 'bind mounts',
        find: entries((v) => mountType(v) === 'bind'),
        class: 'mapped',
        reason:
          'a read-only bind mount of a single file (`./nginx.conf:/etc/nginx/nginx.conf:ro`) becomes that file in the container, as a config does; a bind mount inside the service\'s own build context is left out with a warning (CX3536: the image carries those files); Fargate has no host file system, so a directory (CX3534) or a read-write file (CX3535) is refused with what to do instead',
      },
      {
        when: '`image`, `npipe` and `cluster` mounts',
        find: entries((v) => ['image', 'npipe', 'cluster'].includes(mountType(v) ?? '')),
        class: 'rejected',
        reason: "ECS can mount only EFS volumes and the task's own scratch space.",
        hint: 'use a named volume (EFS), or copy the files into the image',
      },
    ],
  },
  volumes_from: {
    class: 'mapped',
    ecs: 'ContainerDefinition.VolumesFrom (the source service must be in the same family)',
    values: [
      {
        when: '`container:…`',
        find: entries((v) => typeof v === 'string' && v.startsWith('container:')),
        class: 'rejected',
        reason: 'ECS shares volumes only between containers of one task.',
        hint: 'name a service of the same family instead',
      },
    ],
  },
  working_dir: { class: 'mapped', ecs: 'ContainerDefinition.WorkingDirectory' },
};

/** Every key under a service's `deploy`. */
export const DEPLOY_KEYS: Readonly<Record<string, KeyRule>> = {
  endpoint_mode: { class: 'ignored', reason: 'services find each other through Service Connect; there is no VIP or DNS round-robin choice.' },
  labels: {
    class: 'mapped',
    ecs: '`ecs.task.family: a,b` puts services into one task definition (a family); other labels tag the ECS service',
  },
  mode: {
    class: 'mapped',
    ecs: '`replicated` → the ECS service (REPLICA scheduling)',
    values: [
      {
        when: '`global`',
        find: whole(oneOf('global')),
        class: 'rejected',
        reason: 'Fargate has no hosts to run one task on each of.',
        hint: 'use mode: replicated and set deploy.replicas',
      },
      {
        when: '`replicated-job`, `global-job`',
        find: whole(oneOf('replicated-job', 'global-job')),
        class: 'rejected',
        reason: 'an ECS service keeps its tasks running; it does not run jobs to completion.',
        hint: 'run the job as a service in a family with depends_on condition: service_completed_successfully, or run it with ECS RunTask',
      },
    ],
  },
  placement: {
    class: 'ignored',
    reason:
      'composex runs tasks on Fargate, which spreads them across Availability Zones itself; node constraints and preferences have no hosts to apply to.',
  },
  replicas: { class: 'mapped', ecs: 'ECS service DesiredCount: 0 to 5,000 (CX1263, CX4018); with `x-scaling`, the count the service starts with, inside its range (CX3321)' },
  resources: {
    class: 'mapped',
    ecs: 'limits.cpus / limits.memory → ContainerDefinition.Cpu / Memory, and the smallest Fargate task size that fits; reservations.memory → MemoryReservation',
    values: [
      {
        when: '`limits.pids`',
        find: (v) => (isRecord(v) && isRecord(v.limits) && v.limits.pids !== undefined ? [['limits', 'pids']] : []),
        class: 'ignored',
        reason: 'ECS has no per-container process limit.',
      },
      {
        when: '`reservations.devices`, `reservations.generic_resources`',
        find: (v) =>
          isRecord(v) && isRecord(v.reservations) ? presentKeys(['devices', 'generic_resources'])(v.reservations).map((p) => ['reservations', ...p]) : [],
        class: 'rejected',
        reason: 'Fargate offers no GPUs or other devices.',
        hint: 'remove the device reservation',
      },
    ],
  },
  restart_policy: { class: 'ignored', reason: 'an ECS service replaces every task that stops; the policy cannot be tuned.' },
  rollback_config: {
    class: 'ignored',
    reason: 'ECS rolls back by redeploying the previous task definition through the deployment circuit breaker, which takes no settings.',
  },
  update_config: {
    class: 'mapped',
    ecs: 'ECS service DeploymentConfiguration: order → MinimumHealthyPercent / MaximumPercent (without an order, a family that mounts a named volume read-write deploys stop-first: no two writers), or x-aws-min_percent / x-aws-max_percent (Docker ECS integration) written in update_config or on the service; failure_action → the deployment circuit breaker: rollback (the default here) rolls back, pause stops the deployment where it is, continue turns the breaker off',
    values: [
      {
        when: '`parallelism`, `delay`, `monitor`, `max_failure_ratio`',
        find: presentKeys(['parallelism', 'delay', 'monitor', 'max_failure_ratio']),
        class: 'ignored',
        reason: 'ECS rolls out by healthy percentages and its circuit breaker, not in batches with delays.',
      },
    ],
  },
};
