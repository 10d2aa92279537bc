/**
 * `x-cluster.MacroParameters` (ECS ComposeX, x-cluster.spec.json and ecs_cluster/__init__.py):
 * where ECS Exec sessions of the cluster's tasks are logged, on resources composex creates beside
 * the cluster:
 *
 *   x-cluster:
 *     MacroParameters:
 *       CreateExecLoggingLogGroup: true   # a log group /ecs/execute-logs/<cluster>
 *       LogGroupRetentionInDays: 120      # its retention (default 120, as ECS ComposeX)
 *       CreateExecLoggingBucket: true     # a private bucket, objects under ecs/execute-logs/<cluster>/
 *       CreateExecLoggingKmsKey: true     # a key encrypting the sessions, the log group and the bucket
 *       AllowKmsKeyReuse: false           # CloudWatch Logs may use the key for any log group of the account
 *
 * The cluster's `Configuration.ExecuteCommandConfiguration` then logs to them (`Logging: OVERRIDE`),
 * and each family with `x-ecs.EnableExecuteCommand` gets in its task role the permissions AWS lists
 * for writing there (exec-logging-policy.ts). ECS ComposeX reads MacroParameters only on a cluster
 * it creates (with `Lookup` it drops them, with `Use` they are never applied): so does composex,
 * with a warning at the key.
 */
import type { Path } from '../compose/source-map';
import type { ClusterSettings, ExecLoggingSettings, ExecLoggingTargets } from './model';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkKeys, readBoolean, readObject } from './readers';
import { readRetentionDays } from './x-logging';

export const EXEC_LOGGING_KEYS = ['AllowKmsKeyReuse', 'CreateExecLoggingBucket', 'CreateExecLoggingKmsKey', 'CreateExecLoggingLogGroup', 'LogGroupRetentionInDays'];
/** ECS ComposeX's retention of the log group (`RetentionInDays=120`). */
export const EXEC_LOG_RETENTION_DAYS = 120;
const PATH = ['x-cluster', 'MacroParameters'];

/** `MacroParameters` of a cluster composex creates; undefined when it asks for nothing. */
export function readExecLogging(ctx: ResolveContext, raw: unknown): ExecLoggingSettings | undefined {
  const macro = readObject(ctx, raw, PATH, '{CreateExecLoggingLogGroup: true}');
  if (!macro) return undefined;
  checkKeys(ctx, macro, PATH, EXEC_LOGGING_KEYS);
  const flag = (key: string): boolean => macro[key] !== undefined && readBoolean(ctx, macro[key], [...PATH, key]) === true;
  const logGroup = flag('CreateExecLoggingLogGroup');
  const bucket = flag('CreateExecLoggingBucket');
  const kmsKey = flag('CreateExecLoggingKmsKey');
  const reuse = flag('AllowKmsKeyReuse');

  let retentionInDays = EXEC_LOG_RETENTION_DAYS;
  if (macro.LogGroupRetentionInDays !== undefined) {
    const at: Path = [...PATH, 'LogGroupRetentionInDays'];
    const days = readRetentionDays(ctx, macro.LogGroupRetentionInDays, at, 'x-cluster.MacroParameters.LogGroupRetentionInDays', 'LogGroupRetentionInDays');
    if (days !== undefined) retentionInDays = days;
    if (!logGroup) unused(ctx, at, 'LogGroupRetentionInDays', 'composex creates no ECS Exec log group (CreateExecLoggingLogGroup is not true)', 'add CreateExecLoggingLogGroup: true, or remove LogGroupRetentionInDays');
  }
  if (reuse && !kmsKey) {
    unused(ctx, [...PATH, 'AllowKmsKeyReuse'], 'AllowKmsKeyReuse', 'composex creates no ECS Exec KMS key (CreateExecLoggingKmsKey is not true)', 'add CreateExecLoggingKmsKey: true, or remove AllowKmsKeyReuse');
  }
  if (kmsKey && !logGroup && !bucket) {
    // ECS ComposeX then writes Logging OVERRIDE with a LogConfiguration naming no destination: the
    // sessions are encrypted and logged nowhere. composex says so with Logging NONE.
    ctx.warning(
      CODES.EXEC_LOGGING_KEY_ONLY,
      'x-cluster.MacroParameters creates a KMS key but no log group or bucket: the key encrypts ECS Exec sessions, which are not logged (Logging: NONE)',
      [...PATH, 'CreateExecLoggingKmsKey'],
      'add CreateExecLoggingLogGroup: true and/or CreateExecLoggingBucket: true to keep a record of the sessions in composex\'s encrypted log group or bucket',
      'key',
    );
  }
  if (!logGroup && !bucket && !kmsKey) return undefined;
  return {
    ...(logGroup ? { logGroup: { retentionInDays } } : {}),
    ...(bucket ? { bucket: true as const } : {}),
    ...(kmsKey ? { kmsKey: { anyLogGroup: reuse } } : {}),
  };
}

function unused(ctx: ResolveContext, at: Path, key: string, why: string, hint: string): void {
  ctx.warning(CODES.EXEC_LOGGING_KEY_UNUSED, `x-cluster.MacroParameters.${key} has no effect: ${why}`, at, hint, 'key');
}

/**
 * MacroParameters beside an existing cluster (`Name`, `Use`, `Lookup`): composex does not change a
 * cluster it does not create, and ECS ComposeX neither (it drops them with `Lookup` and never
 * applies them with `Use`).
 */
export function reportExecLoggingOnExistingCluster(ctx: ResolveContext, namedAt: Path): void {
  ctx.warning(
    CODES.EXEC_LOGGING_EXISTING_CLUSTER,
    `x-cluster.MacroParameters sets up ECS Exec logging on a cluster composex creates, but x-cluster names an existing one (${namedAt.slice(1).join('.')}): MacroParameters is ignored, as in ECS ComposeX`,
    PATH,
    'configure ECS Exec logging on the existing cluster itself (aws ecs update-cluster --configuration executeCommandConfiguration=…), or remove the name to have composex create the cluster',
    'key',
  );
}

/**
 * ECS Exec logging that no service uses: the resources are created (as ECS ComposeX does) and
 * record nothing until a service turns ECS Exec on.
 */
export function reportExecLoggingUnused(ctx: ResolveContext, settings: ExecLoggingSettings | undefined, anyExec: boolean): void {
  if (!settings || anyExec) return;
  ctx.warning(
    CODES.EXEC_LOGGING_NO_EXEC,
    'x-cluster.MacroParameters creates ECS Exec logging, but no service turns ECS Exec on: the log group, bucket or key is created and records nothing',
    PATH,
    'set x-ecs: {EnableExecuteCommand: true} on the services you want to open a shell in, or remove MacroParameters',
    'key',
  );
}

/** The ECS Exec logging resources a family's task role writes to: none without ECS Exec. */
export function execLoggingTargets(cluster: ClusterSettings, enableExecuteCommand: boolean): { execLogging?: ExecLoggingTargets } {
  const settings = cluster.kind === 'new' ? cluster.execLogging : undefined;
  if (!settings || !enableExecuteCommand) return {};
  return { execLogging: { logGroup: settings.logGroup !== undefined, bucket: settings.bucket === true, kmsKey: settings.kmsKey !== undefined } };
}

/**
 * ECS Exec in an existing cluster: ECS ComposeX's Lookup reads the cluster's
 * ExecuteCommandConfiguration through the ECS API and grants the task roles its log group, bucket
 * and key. composex names the cluster without an AWS call, so it cannot know them: said at each
 * service that turns ECS Exec on, with what to grant.
 */
export function reportExecOnExistingCluster(ctx: ResolveContext, cluster: ClusterSettings, services: readonly string[]): void {
  if (cluster.kind !== 'existing') return;
  for (const service of services) {
    ctx.warning(
      CODES.EXEC_LOGGING_EXISTING_UNKNOWN,
      `service '${service}' turns ECS Exec on in the existing cluster '${cluster.clusterName}': if that cluster logs ECS Exec sessions (its ExecuteCommandConfiguration) to a log group, a bucket or with a KMS key, the task role needs to write there, and composex cannot read that configuration offline (ECS ComposeX looked it up): the task role has only the ssmmessages actions`,
      ['services', service, 'x-ecs', 'EnableExecuteCommand'],
      "if it does, grant in x-iam what AWS lists for ECS Exec logging: logs:DescribeLogGroups (on *), logs:CreateLogStream, logs:DescribeLogStreams, logs:PutLogEvents on the log group, s3:GetEncryptionConfiguration on the bucket and s3:PutObject on its objects, kms:Decrypt (and kms:GenerateDataKey for an SSE-KMS bucket) on the key",
      'key',
    );
  }
}
