/**
 * The FireLens log router of a family, as ECS ComposeX adds it (ecs_firelens/
 * firelens_managed_sidecar_service.py, family_logging): one AWS for Fluent Bit container,
 * `log_router`, essential, 0.1 vCPU and 64 MiB (reserving 32), with `firelensConfiguration:
 * {Type: fluentbit, Options: {enable-ecs-log-metadata: true}}`, logging with awslogs to the family's
 * log group. A family gets one when one of its services
 *
 * - logs with `logging.driver: awsfirelens` (its options become the container's awsfirelens
 *   options; without options, Fluent Bit's cloudwatch output to the family's log group),
 * - asks `x-logging.FireLens.Shorthands.ReplaceAwsLogs: true` (its awslogs becomes the cloudwatch
 *   output to the same group, ECS ComposeX's replace_awslogs_with_firelens_configuration), or
 * - has `x-logging.FireLens.Advanced`.
 *
 * Every container that logs through it starts after it (`DependsOn` START: ECS requires the router
 * to run first). With `Advanced`, the family's Fluent Bit configuration file is written as ECS
 * ComposeX renders it (family_fluentbit_managed_config.j2: health endpoint, Grace, each service's
 * SourceFile and its managed outputs, Parsers_File), and reaches the router the way composex
 * delivers configuration files (config-files.ts): a created Secrets Manager secret filled by
 * `composex deploy`, written by the family's init container into a task volume the router mounts
 * read-only, named by `config-file-type: file` (on Fargate, ECS reads no other type). ECS ComposeX
 * uses an SSM parameter and a second sidecar; the file is the same.
 */
import type { Path } from '../compose/source-map';
import type { ServiceConfig } from '../compose/types';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import type { Membership } from './families';
import type { ContainerPort, FireLensOption, FireLensStatement, FireLensValue, LogRouterModel, SecretFile, SecretModel } from './model';
import { mergeStatements, planOutput } from './firelens-outputs';
import { upperSnakeCase } from './secrets';
import { DEFAULT_GRACE_SECONDS, FireLensAdvanced, readFireLens, stringOptions } from './x-logging-firelens';

/**
 * AWS for Fluent Bit from Amazon ECR Public: the version AWS last marked stable (aws/aws-for-fluent-bit
 * pull request 984, "stable: bump version to 2.33.2"), pinned: `latest` or `stable` would change running tasks.
 */
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.33.2';
const ROUTER_NAME = 'log_router';
/** ECS ComposeX: `cpus: 0.1`, `memory: 64M` (limit), `32M` reserved; LogDriverBufferLimit raises the memory up to 512 MiB. */
const ROUTER_CPU = 102;
const ROUTER_MEMORY_MIB = 64;
const ROUTER_MAX_MEMORY_MIB = 512;
const ROUTER_MEMORY_RESERVATION_MIB = 32;
/** FireLens: the router takes logs on 24224 (ECS docs: keep it unreachable); the health endpoint is on 2020. */
export const FIRELENS_PORT = 24224;
export const FLUENT_BIT_HEALTH_PORT = 2020;
/** Where the router reads its configuration file (a task volume of its own). */
export const ROUTER_CONFIG_DIR = '/fluent-bit/etc/composex';
export const ROUTER_CONFIG_FILE = `${ROUTER_CONFIG_DIR}/firelens.conf`;
const FIREHOSE_OUTPUT_OPTIONS = ['Name', 'delivery_stream', 'region', 'role_arn', 'time_key_format', 'time_key', 'log_key', 'compression', 'endpoint', 'sts_endpoint', 'auto_retry_requests'];
const MIB = 1024 * 1024;

export interface FireLensPlan {
  /** The router, but its mounts (known once the family's init container is planned). */
  readonly router: Omit<LogRouterModel, 'mounts' | 'waitsFor'>;
  /** Service → its awsfirelens options. */
  readonly containers: ReadonlyMap<string, readonly FireLensOption[]>;
  /** x-kinesis_firehose streams its outputs write to, with the router's variable holding each name. */
  readonly streams: ReadonlyMap<string, string>;
  /** The configuration file: its secret and where it lands in the router. */
  readonly configFile?: { readonly secret: SecretModel; readonly file: SecretFile };
}

/** The secret holding a family's Fluent Bit configuration (`:` never occurs in a Compose name). */
export const ROUTER_CONFIG_SECRET_PREFIX = 'firelens:';
export const routerConfigSecretName = (family: string): string => `${ROUTER_CONFIG_SECRET_PREFIX}${family}`;

/** Each family that needs a router → its plan. */
export function planLogRouters(ctx: ResolveContext, membership: Membership, portsOf: (family: string) => readonly ContainerPort[]): Map<string, FireLensPlan> {
  const out = new Map<string, FireLensPlan>();
  const settings = new Map(ctx.serviceNames.map((s) => [s, readFireLens(ctx, s)]));
  for (const [family, members] of membership.servicesOf) {
    const plan = planFamily(ctx, family, members, settings, portsOf(family));
    if (plan) out.set(family, plan);
  }
  return out;
}

type Settings = ReadonlyMap<string, ReturnType<typeof readFireLens>>;

function planFamily(ctx: ResolveContext, family: string, members: readonly string[], settings: Settings, ports: readonly ContainerPort[]): FireLensPlan | undefined {
  const containers = new Map<string, readonly FireLensOption[]>();
  const statements: FireLensStatement[] = [];
  const streams = new Map<string, string>();
  const sections: string[] = [];
  const advanced: { service: string; advanced: FireLensAdvanced }[] = [];
  let uses = false;
  const streamVariable = (resource: string) => {
    if (!streams.has(resource)) streams.set(resource, upperSnakeCase(resource));
    return streams.get(resource)!;
  };
  for (const service of [...members].sort(compareStrings)) {
    const config = ctx.project.services[service];
    const setting = settings.get(service);
    const adv = setting?.advanced;
    if (adv) advanced.push({ service, advanced: adv });
    const options = containerOutput(ctx, service, config, setting?.replaceAwsLogs, adv !== undefined);
    if (adv || options) uses = true;
    if (options) {
      const plan = options.raw === undefined ? { options: [], statements: [], streams: [] } : planOutput(ctx, options.raw, options.at, service);
      if (plan) {
        containers.set(service, plan.options);
        statements.push(...plan.statements);
        plan.streams.forEach(streamVariable);
      }
    }
    if (!adv) continue;
    if (adv.sourceFile) sections.push(adv.sourceFile.content.replace(/\s+$/, ''));
    for (const destination of adv.destinations) {
      const raw = managedOutput(ctx, destination.options, destination.at);
      const plan = raw && planOutput(ctx, raw, destination.at, service);
      if (!plan) continue;
      statements.push(...plan.statements);
      const value = (v: FireLensValue) => ('text' in v ? v.text : v.ref === 'resource' ? `\${${streamVariable(v.resource)}}` : v.ref === 'region' ? '${AWS_REGION}' : '${FAMILY_LOG_GROUP}');
      sections.push(['[OUTPUT]', `    Name ${value(plan.options[0].value)}`, `    Match ${service}-firelens*`, ...plan.options.slice(1).map((o) => `    ${o.name} ${value(o.value)}`)].join('\n'));
    }
  }
  if (!uses) return undefined;
  checkPorts(ctx, family, ports, advanced.some((a) => a.advanced.healthCheck));
  const taken = new Set(members);
  let name = ROUTER_NAME;
  for (let n = 2; taken.has(name); n++) name = `${ROUTER_NAME}-${n}`;
  const health = advanced.some((a) => a.advanced.healthCheck);
  const environment: FireLensOption[] = [{ name: 'AWS_REGION', value: { ref: 'region' } }];
  if (sections.some((s) => s.includes('${FAMILY_LOG_GROUP}'))) environment.push({ name: 'FAMILY_LOG_GROUP', value: { ref: 'logGroup' } });
  for (const a of advanced) for (const v of a.advanced.environment) if (!environment.some((e) => e.name === v.name)) environment.push({ name: v.name, value: { text: v.value } });
  const configFile = advanced.length > 0 ? routerConfigFile(family, advanced.map((a) => a.advanced), sections, health) : undefined;
  return {
    router: {
      name,
      image: FLUENT_BIT_IMAGE,
      cpu: routerCpu(advanced.map((a) => a.advanced)),
      memory: routerMemory(advanced.map((a) => a.advanced)),
      memoryReservation: ROUTER_MEMORY_RESERVATION_MIB,
      firelensOptions: [
        { name: 'enable-ecs-log-metadata', value: 'true' },
        ...(configFile ? [{ name: 'config-file-type', value: 'file' }, { name: 'config-file-value', value: ROUTER_CONFIG_FILE }] : []),
      ].sort((a, b) => compareStrings(a.name, b.name)),
      environment: environment.sort((a, b) => compareStrings(a.name, b.name)),
      healthCheck: health,
      services: [...containers.keys()].sort(compareStrings),
      statements: mergeStatements(statements),
    },
    containers,
    streams,
    ...(configFile ? { configFile } : {}),
  };
}

/**
 * What a container sends to the router: `raw` options (undefined: none, the configuration file
 * routes its logs), or nothing when it keeps awslogs (or another driver composex reads as awslogs).
 */
function containerOutput(ctx: ResolveContext, service: string, config: ServiceConfig, replace: Path | undefined, advanced: boolean): { raw?: Record<string, string>; at: Path } | undefined {
  const driver = config.logging?.driver?.trim().toLowerCase();
  const at: Path = ['services', service, 'logging', 'options'];
  if (driver === 'awsfirelens') {
    if (replace) nothingToReplace(ctx, service, replace, 'it already logs with the awsfirelens driver');
    const given = config.logging?.options ?? {};
    if (Object.keys(given).length === 0) return advanced ? { at } : { raw: { Name: 'cloudwatch' }, at: ['services', service, 'logging', 'driver'] };
    const raw = stringOptions(ctx, given, at);
    return raw ? { raw, at } : undefined;
  }
  if (!replace) return undefined;
  if (driver !== undefined && driver !== 'awslogs') {
    nothingToReplace(ctx, service, replace, `its logging driver is ${config.logging?.driver}, not awslogs`);
    return undefined;
  }
  // ECS ComposeX: awslogs-stream-prefix → log_stream_prefix; the group is the family's, as with awslogs (awslogs-group: CX4011).
  const prefix = config.logging?.options?.['awslogs-stream-prefix'];
  return { raw: { Name: 'cloudwatch', ...(prefix !== undefined ? { log_stream_prefix: String(prefix) } : {}) }, at: replace };
}

function nothingToReplace(ctx: ResolveContext, service: string, at: Path, why: string): void {
  ctx.warning(CODES.FIRELENS_NOTHING_TO_REPLACE, `ReplaceAwsLogs of '${service}' changes nothing: ${why}`, at, 'remove ReplaceAwsLogs', 'key');
}

/** A `ComposeXManagedAwsDestinations` entry as Fluent Bit options (ECS ComposeX keeps only the options it knows of a Firehose output). */
function managedOutput(ctx: ResolveContext, options: Readonly<Record<string, string>>, at: Path): Record<string, string> | undefined {
  if (options.delivery_stream !== undefined) {
    const kept: Record<string, string> = { Name: 'kinesis_firehose' };
    for (const [key, value] of Object.entries(options)) {
      if (FIREHOSE_OUTPUT_OPTIONS.includes(key)) kept[key] = value;
      else {
        ctx.warning(
          CODES.FIRELENS_ADVANCED_INVALID,
          `${key} is not an option of Fluent Bit's kinesis_firehose output: it is left out of the router's configuration, as ECS ComposeX leaves it out`,
          [...at, key],
          key === 'Parser' ? 'parse the records with a [FILTER] parser section in SourceFile (Match <service>-firelens*), and remove this key' : `remove ${key}; the output takes ${FIREHOSE_OUTPUT_OPTIONS.slice(1).join(', ')}`,
          'key',
        );
      }
    }
    return kept;
  }
  if (options.log_group_name !== undefined) return { Name: 'cloudwatch', ...options };
  if (options.stream !== undefined) return { Name: 'kinesis_streams', ...options };
  ctx.error(CODES.FIRELENS_ADVANCED_INVALID, 'a ComposeXManagedAwsDestinations entry names no delivery_stream, log_group_name or stream', at, 'write e.g. - delivery_stream: x-kinesis_firehose::<name>', 'key');
  return undefined;
}

/** The family's configuration file (ECS ComposeX's family_fluentbit_managed_config.j2), in a created secret. */
function routerConfigFile(family: string, advanced: readonly FireLensAdvanced[], sections: readonly string[], health: boolean): { secret: SecretModel; file: SecretFile } {
  const graces = advanced.flatMap((a) => (a.gracePeriod !== undefined ? [a.gracePeriod] : []));
  const parsers = [...new Set(advanced.flatMap((a) => a.parserFiles))];
  const parts = [
    ...(health
      ? [['[SERVICE]', '    HTTP_Server  On', '    HTTP_Listen  127.0.0.1', `    HTTP_PORT    ${FLUENT_BIT_HEALTH_PORT}`, '    Health_Check On', '    HC_Errors_Count 5', '    HC_Retry_Failure_Count 5', '    HC_Period 5'].join('\n')]
      : []),
    ['[SERVICE]', '    Flush 1', `    Grace ${graces.length > 0 ? Math.max(...graces) : DEFAULT_GRACE_SECONDS}`].join('\n'),
    ...sections,
    ...(parsers.length > 0 ? [['[SERVICE]', ...parsers.map((p) => `    Parsers_File ${p}`)].join('\n')] : []),
  ];
  const secret: SecretModel = { name: routerConfigSecretName(family), kind: 'created', jsonKeys: [], source: { kind: 'content', content: `${parts.join('\n\n')}\n` } };
  return { secret, file: { secret: secret.name, path: ROUTER_CONFIG_FILE, mode: 0o444 } };
}

function routerMemory(advanced: readonly FireLensAdvanced[]): number {
  const limits = advanced.flatMap((a) => (a.bufferLimitBytes !== undefined ? [a.bufferLimitBytes] : []));
  if (limits.length === 0) return ROUTER_MEMORY_MIB;
  return Math.min(ROUTER_MAX_MEMORY_MIB, Math.max(ROUTER_MEMORY_MIB, Math.floor(limits.reduce((a, b) => a + b, 0) / MIB)));
}

function routerCpu(advanced: readonly FireLensAdvanced[]): number {
  const cpus = advanced.flatMap((a) => (a.cpus !== undefined ? [a.cpus] : []));
  return cpus.length === 0 ? ROUTER_CPU : Math.max(1, Math.round(Math.max(...cpus) * 1024));
}

/** awsvpc: the task's containers share one network namespace, so no service may listen where the router does. */
function checkPorts(ctx: ResolveContext, family: string, ports: readonly ContainerPort[], health: boolean): void {
  const taken = [FIRELENS_PORT, ...(health ? [FLUENT_BIT_HEALTH_PORT] : [])];
  for (const clash of ports.filter((p) => taken.includes(p.port))) {
    ctx.error(
      CODES.FIRELENS_PORT_CLASH,
      `service '${clash.service}' listens on port ${clash.port}/${clash.protocol}, where the FireLens log router of family '${family}' listens (all containers of a task share one network namespace)`,
      ['services', clash.service, 'ports'],
      `move the service to another port, or give it its own family (deploy.labels: ecs.task.family) without FireLens`,
      'key',
    );
  }
}
