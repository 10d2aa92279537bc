/**
 * `x-logging.FireLens` on a service, as ECS ComposeX reads it (its docs
 * syntax/compose_x/ecs.details/x_logging_firelens.rst and ecs_composex/ecs/ecs_firelens):
 *
 *   x-logging:
 *     FireLens:
 *       Shorthands: {ReplaceAwsLogs: true}      # awslogs becomes Fluent Bit's cloudwatch output (same group)
 *       Advanced:
 *         SourceFile: fluent-bit/extra.conf     # Fluent Bit configuration added to the router's (filters, …)
 *         ParserFiles: [/fluent-bit/parsers/parsers.conf]
 *         EnableApiHeathCheck: true             # the router's HTTP health endpoint and a container health check
 *         GracePeriod: 60                       # seconds Fluent Bit flushes for at shutdown (at most 120)
 *         LogDriverBufferLimit: 67108864        # bytes: the router's memory (64 to 512 MiB)
 *         SidecarCpuReservation: 0.25           # vCPU of the router (ECS ComposeX: 0.1)
 *         EnvironmentVariables: {APP_VERSION: test}
 *         ComposeXManagedAwsDestinations:       # more outputs of this service's logs
 *           - delivery_stream: x-kinesis_firehose::stream
 *
 * Only reading and checking happens here; firelens-router.ts plans the router and its outputs.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { readProjectFile } from './project-file';
import { checkKeys, isPlainObject, readBoolean, readObject, readString, readStringList } from './readers';
import { MAX_CONFIG_BYTES } from './config-files';

const FIRELENS_KEYS = ['Shorthands', 'Advanced'];
const SHORTHANDS_KEYS = ['ReplaceAwsLogs', 'FirelensConfiguration'];
const ADVANCED_KEYS = [
  'SourceFile',
  'ParserFiles',
  'EnableApiHeathCheck',
  'GracePeriod',
  'ComposeXManagedAwsDestinations',
  'EnvironmentVariables',
  'LogDriverBufferLimit',
  'SidecarCpuReservation',
  'FirelensConfiguration',
];
/** ECS ComposeX's family_logging: Grace defaults to 30 seconds and is capped at 120. */
export const DEFAULT_GRACE_SECONDS = 30;
const MAX_GRACE_SECONDS = 120;

/** One entry of `ComposeXManagedAwsDestinations`: its options as written, and where. */
export interface ManagedDestination {
  readonly options: Readonly<Record<string, string>>;
  readonly at: Path;
}

export interface FireLensAdvanced {
  readonly at: Path;
  /** `SourceFile`: its text, delivered to the router inside the family's configuration file. */
  readonly sourceFile?: { readonly given: string; readonly content: string };
  readonly parserFiles: readonly string[];
  readonly healthCheck: boolean;
  readonly gracePeriod?: number;
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  readonly destinations: readonly ManagedDestination[];
  /** `LogDriverBufferLimit`, bytes. */
  readonly bufferLimitBytes?: number;
  /** `SidecarCpuReservation`, vCPU. */
  readonly cpus?: number;
}

export interface FireLensSetting {
  /** `Shorthands.ReplaceAwsLogs: true`, and where. */
  readonly replaceAwsLogs?: Path;
  readonly advanced?: FireLensAdvanced;
}

/** `x-logging.FireLens` of `service`, or undefined (absent or invalid: reported). */
export function readFireLens(ctx: ResolveContext, service: string): FireLensSetting | undefined {
  const xLogging = ctx.project.services[service]['x-logging'];
  if (!isPlainObject(xLogging) || xLogging.FireLens === undefined) return undefined;
  const path: Path = ['services', service, 'x-logging', 'FireLens'];
  const firelens = readObject(ctx, xLogging.FireLens, path);
  if (!firelens) return undefined;
  checkKeys(ctx, firelens, path, FIRELENS_KEYS);
  let replaceAwsLogs: Path | undefined;
  if (firelens.Shorthands !== undefined) {
    const at = [...path, 'Shorthands'];
    const shorthands = readObject(ctx, firelens.Shorthands, at);
    if (shorthands) {
      checkKeys(ctx, shorthands, at, SHORTHANDS_KEYS);
      const replace = shorthands.ReplaceAwsLogs === 'true' ? true : shorthands.ReplaceAwsLogs === 'false' ? false : shorthands.ReplaceAwsLogs;
      if (replace !== undefined && readBoolean(ctx, replace, [...at, 'ReplaceAwsLogs']) === true) replaceAwsLogs = [...at, 'ReplaceAwsLogs'];
      if (shorthands.FirelensConfiguration !== undefined) notRead(ctx, [...at, 'FirelensConfiguration']);
    }
  }
  const advanced = firelens.Advanced === undefined ? undefined : readAdvanced(ctx, firelens.Advanced, [...path, 'Advanced']);
  return { ...(replaceAwsLogs ? { replaceAwsLogs } : {}), ...(advanced ? { advanced } : {}) };
}

function readAdvanced(ctx: ResolveContext, raw: unknown, path: Path): FireLensAdvanced | undefined {
  const advanced = readObject(ctx, raw, path);
  if (!advanced) return undefined;
  checkKeys(ctx, advanced, path, ADVANCED_KEYS);
  if (advanced.FirelensConfiguration !== undefined) notRead(ctx, [...path, 'FirelensConfiguration']);
  let sourceFile: FireLensAdvanced['sourceFile'];
  if (advanced.SourceFile !== undefined) {
    const at = [...path, 'SourceFile'];
    const given = readString(ctx, advanced.SourceFile, at, 'fluent-bit/extra.conf');
    const content = given === undefined ? undefined : readProjectFile(ctx, given, at, 'SourceFile of the FireLens log router', CODES.FIRELENS_FILE_UNREADABLE);
    if (given !== undefined && content !== undefined) {
      if (Buffer.byteLength(content) > MAX_CONFIG_BYTES) {
        ctx.error(CODES.FIRELENS_FILE_UNREADABLE, `${given} (SourceFile) is ${Buffer.byteLength(content)} bytes; composex delivers the router's configuration through a Secrets Manager secret, which holds at most ${MAX_CONFIG_BYTES} bytes`, at, 'split the configuration: keep what is large (parsers) in an image built FROM the AWS for Fluent Bit image');
      } else sourceFile = { given, content };
    }
  }
  const parserFiles = advanced.ParserFiles === undefined ? [] : (readStringList(ctx, advanced.ParserFiles, [...path, 'ParserFiles']) ?? []);
  parserFiles.forEach((file, i) => {
    ctx.warning(
      CODES.FIRELENS_PARSER_FILE_IN_IMAGE,
      `ParserFiles ${file} is read by the log router as a path inside its image (Parsers_File ${file}); composex does not copy a parser file into the task`,
      [...path, 'ParserFiles', ...(Array.isArray(advanced.ParserFiles) ? [i] : [])],
      'name a parsers file the AWS for Fluent Bit image has (/fluent-bit/parsers/parsers.conf), or put [PARSER] sections of your own in an image built FROM it',
    );
  });
  const health = advanced.EnableApiHeathCheck === undefined ? false : (readBoolean(ctx, advanced.EnableApiHeathCheck, [...path, 'EnableApiHeathCheck']) ?? false);
  const gracePeriod = advanced.GracePeriod === undefined ? undefined : readNumber(ctx, advanced.GracePeriod, [...path, 'GracePeriod'], 0, Number.MAX_SAFE_INTEGER);
  if (gracePeriod !== undefined && gracePeriod > MAX_GRACE_SECONDS) {
    ctx.warning(CODES.FIRELENS_ADVANCED_INVALID, `GracePeriod ${gracePeriod} is more than ${MAX_GRACE_SECONDS} seconds: the router flushes for ${MAX_GRACE_SECONDS} seconds at shutdown, as with ECS ComposeX`, [...path, 'GracePeriod'], `write GracePeriod: ${MAX_GRACE_SECONDS} or less (ECS stops a task's containers after at most 120 seconds)`);
  }
  const environment: { name: string; value: string }[] = [];
  if (advanced.EnvironmentVariables !== undefined) {
    const vars = readObject(ctx, advanced.EnvironmentVariables, [...path, 'EnvironmentVariables'], '{NAME: value}');
    for (const [name, value] of Object.entries(vars ?? {})) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') environment.push({ name, value: String(value) });
      else invalid(ctx, [...path, 'EnvironmentVariables', name], `EnvironmentVariables.${name} must be a string, a number or a boolean`, `write ${name}: "value"`);
    }
  }
  const destinations: ManagedDestination[] = [];
  if (advanced.ComposeXManagedAwsDestinations !== undefined) {
    const at = [...path, 'ComposeXManagedAwsDestinations'];
    const list = Array.isArray(advanced.ComposeXManagedAwsDestinations) ? advanced.ComposeXManagedAwsDestinations : undefined;
    if (!list) invalid(ctx, at, 'ComposeXManagedAwsDestinations must be a list of outputs', 'write - delivery_stream: x-kinesis_firehose::<name>');
    (list ?? []).forEach((entry, i) => {
      const options = stringOptions(ctx, entry, [...at, i]);
      if (options) destinations.push({ options, at: [...at, i] });
    });
  }
  const bufferLimitBytes = advanced.LogDriverBufferLimit === undefined ? undefined : readNumber(ctx, advanced.LogDriverBufferLimit, [...path, 'LogDriverBufferLimit'], 1, Number.MAX_SAFE_INTEGER);
  const cpus = advanced.SidecarCpuReservation === undefined ? undefined : readNumber(ctx, advanced.SidecarCpuReservation, [...path, 'SidecarCpuReservation'], 0.01, 16);
  return {
    at: path,
    ...(sourceFile ? { sourceFile } : {}),
    parserFiles,
    healthCheck: health,
    ...(gracePeriod !== undefined ? { gracePeriod: Math.min(gracePeriod, MAX_GRACE_SECONDS) } : {}),
    environment: environment.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    destinations,
    ...(bufferLimitBytes !== undefined ? { bufferLimitBytes } : {}),
    ...(cpus !== undefined ? { cpus } : {}),
  };
}

/** A mapping of Fluent Bit options, each a string (numbers and booleans written as Fluent Bit reads them). */
export function stringOptions(ctx: ResolveContext, raw: unknown, at: Path): Record<string, string> | undefined {
  if (!isPlainObject(raw)) {
    invalid(ctx, at, 'a FireLens output must be a mapping of Fluent Bit options', 'write e.g. {Name: kinesis_firehose, delivery_stream: x-kinesis_firehose::<name>}');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else invalid(ctx, [...at, key], `the Fluent Bit option ${key} must be a string, a number or a boolean`, `write ${key}: "value"`);
  }
  return out;
}

function readNumber(ctx: ResolveContext, raw: unknown, at: Path, min: number, max: number): number | undefined {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max) return n;
  invalid(ctx, at, `${String(at[at.length - 1])} must be a number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, not ${JSON.stringify(raw)}`, `write a number, e.g. ${Math.max(min, 1)}`);
  return undefined;
}

function invalid(ctx: ResolveContext, at: Path, message: string, hint: string): void {
  ctx.error(CODES.FIRELENS_ADVANCED_INVALID, message, at, hint, 'key');
}

function notRead(ctx: ResolveContext, at: Path): void {
  ctx.error(
    CODES.FIRELENS_CONFIGURATION_NOT_READ,
    "x-logging.FireLens FirelensConfiguration (the log router's type and configuration source) is not read: composex's log router is Fluent Bit, configured from the file's SourceFile, and on Fargate ECS reads its configuration from a file only",
    at,
    "remove it: put the Fluent Bit configuration in Advanced.SourceFile (composex sets firelensConfiguration: Type fluentbit, enable-ecs-log-metadata, and the configuration file)",
    'key',
  );
}
