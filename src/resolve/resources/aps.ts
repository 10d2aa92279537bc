/**
 * `x-aps`: Amazon Managed Service for Prometheus workspaces and who may write metrics to them or
 * query them (ECS ComposeX's syntax and level names).
 *
 *   x-aps:
 *     metrics:
 *       Properties: {Alias: shop-metrics}
 *       MacroParameters: {CreateNewLogGroup: true}      (or the log group's properties: {RetentionInDays: 30})
 *       Services:
 *         api: {Access: RW, ReturnValues: {RemoteWriteUrl: PROMETHEUS_REMOTE_WRITE_URL}}
 *         grafana: {Access: ReadActions, ReturnValues: {PrometheusEndpoint: PROMETHEUS_ENDPOINT}}
 *     shared:
 *       Lookup: {Arn: arn:aws:aps:eu-west-1:123456789012:workspace/ws-1234abcd-...}
 *
 * Every consumer gets the workspace ARN in `<NAME>`; `ReturnValues` gives `WorkspaceId`,
 * `PrometheusEndpoint` and, as in ECS ComposeX, `RemoteWriteUrl` and `QueryUrl` (the endpoint
 * followed by `api/v1/remote_write` / `api/v1/query`).
 */
import type { Path } from '../../compose/source-map';
import type { ResourceGrant, WorkspaceModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readString } from '../readers';
import { readArnLookup } from './arn-lookup';
import { checkProperties, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { messagingGrants, MessagingSpec } from './messaging';

export const APS_KEY = 'x-aps';
/**
 * `Ref` and the `Arn` attribute are the workspace ARN; `WorkspaceId` and `PrometheusEndpoint` are
 * `Fn::GetAtt` attributes (CloudFormation, AWS::APS::Workspace return values). `RemoteWriteUrl`
 * and `QueryUrl` are ECS ComposeX's: the endpoint (which ends with `/`) with the API path.
 */
export const WORKSPACE_ATTRIBUTES = ['Arn', 'WorkspaceId', 'PrometheusEndpoint', 'RemoteWriteUrl', 'QueryUrl'];
export const WORKSPACE_ATTRIBUTE_ALIASES = { WorkspaceArn: 'Arn' };
/** What ECS ComposeX appends to `PrometheusEndpoint` for `RemoteWriteUrl` and `QueryUrl`. */
export const WORKSPACE_URL_PATHS: Readonly<Record<string, string>> = { RemoteWriteUrl: 'api/v1/remote_write', QueryUrl: 'api/v1/query' };
const MACRO_KEYS = ['CreateNewLogGroup'];
const SETTINGS_KEYS = ['EnvNames'];
/** A workspace ARN: `arn:aws:aps:<region>:<account>:workspace/<workspace id>`. */
export const WORKSPACE_ARN = /^arn:aws[a-z-]*:aps:[a-z0-9-]+:\d{12}:workspace\/(ws-[A-Za-z0-9-]{1,64})$/;
const EXAMPLE_ARN = 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-12345678-abcd-1234-abcd-123456789012';
/** Alias: at most 100 characters (CloudFormation AWS::APS::Workspace `Alias`, CreateWorkspace `alias`). */
const ALIAS_MAX = 100;
/**
 * The log group of `LoggingConfiguration`: its ARN ending with `:*`, as the `Arn` attribute of an
 * AWS::Logs::LogGroup gives it (CreateLoggingConfiguration `logGroupArn` pattern,
 * `arn:aws[a-z0-9-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9\.\-\_\#/]{1,512}\:\*`).
 */
const LOG_GROUP_ARN = /^arn:aws[a-z0-9-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9._#/-]{1,512}:\*$/;
/** ECS ComposeX's retention of the log group `CreateNewLogGroup: true` creates. */
export const NEW_LOG_GROUP_RETENTION_DAYS = 7;

export interface WorkspaceResolution {
  readonly workspaces: WorkspaceModel[];
  readonly grants: ResourceGrant[];
}

export function resolveWorkspaces(ctx: ResolveContext, membership: Membership, spec: MessagingSpec): WorkspaceResolution {
  const entries = readResourceEntries(ctx, APS_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const workspaces: WorkspaceModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    const base = { name: entry.name, logicalId: ids.get(entry.name)! };
    if (entry.lookup) {
      const existingArn = readWorkspaceLookup(ctx, entry);
      // Without an ARN nothing can be granted: the error says what to write.
      if (!existingArn) continue;
      workspaces.push({ ...base, properties: {}, existingArn });
    } else {
      checkWorkspaceProperties(ctx, entry);
      const newLogGroup = readNewLogGroup(ctx, entry);
      workspaces.push({ ...base, properties: entry.properties, ...(newLogGroup ? { newLogGroup } : {}) });
    }
    grants.push(...messagingGrants(ctx, entry, membership, spec, 'a Prometheus workspace', undefined, { mainVariables: readEnvNames(ctx, entry) }));
  }
  return { workspaces, grants };
}

/**
 * `Lookup: {Arn: <workspace ARN>}`: the ARN gives the workspace id and endpoint without an AWS
 * call. ECS ComposeX finds workspaces by `Tags` with AWS calls; composex renders offline.
 */
function readWorkspaceLookup(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  return readArnLookup(ctx, entry, {
    what: 'Prometheus workspace',
    plural: 'Prometheus workspaces',
    noun: 'workspace',
    pattern: WORKSPACE_ARN,
    example: EXAMPLE_ARN,
    code: CODES.APS_LOOKUP_UNSUPPORTED,
    why: 'would need AWS calls at render time',
    findIt: 'AWS console, or aws amp list-workspaces',
  });
}

function checkWorkspaceProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::APS::Workspace');
  if (p.Alias !== undefined) {
    const alias = readString(ctx, p.Alias, [...path, 'Alias'], 'shop-metrics');
    if (alias !== undefined && alias.length > ALIAS_MAX) {
      ctx.error(CODES.INVALID_RESOURCE, `the Alias of workspace '${entry.name}' has ${alias.length} characters`, [...path, 'Alias'], `at most ${ALIAS_MAX} characters`);
    }
  }
  if (typeof p.KmsKeyArn === 'string' && p.KmsKeyArn.startsWith('x-kms::')) {
    ctx.error(
      CODES.APS_KMS_REFERENCE,
      `KmsKeyArn of workspace '${entry.name}' names an x-kms key, which composex does not pass to a workspace`,
      [...path, 'KmsKeyArn'],
      'give the ARN of an existing customer managed key (arn:aws:kms:<region>:<account>:key/<id>), or remove KmsKeyArn: the workspace is encrypted with an AWS owned key',
    );
  }
  const logging = p.LoggingConfiguration;
  if (logging === undefined) return;
  const at = [...path, 'LoggingConfiguration'];
  if (!isPlainObject(logging)) {
    ctx.error(CODES.INVALID_RESOURCE, `LoggingConfiguration of workspace '${entry.name}' must be a mapping`, at, '{LogGroupArn: arn:aws:logs:<region>:<account>:log-group:<name>:*}, or MacroParameters: {CreateNewLogGroup: true}');
    return;
  }
  checkKeys(ctx, logging, at, ['LogGroupArn']);
  const arn = logging.LogGroupArn;
  if (typeof arn === 'string' && !LOG_GROUP_ARN.test(arn)) {
    ctx.error(
      CODES.APS_LOG_GROUP_ARN_INVALID,
      `'${arn}' is not a log group ARN Amazon Managed Service for Prometheus accepts`,
      [...at, 'LogGroupArn'],
      `the log group's ARN ending with :* (arn:aws:logs:<region>:<account>:log-group:<name>:*)${arn.startsWith('arn:') && !arn.endsWith(':*') ? `: ${arn}:*` : ''}, or MacroParameters: {CreateNewLogGroup: true} for a new log group`,
    );
  }
}

/**
 * `MacroParameters.CreateNewLogGroup`: `true` creates a log group with ECS ComposeX's 7-day
 * retention; a mapping is the log group's own properties (AWS::Logs::LogGroup), written as given;
 * `false` creates none.
 */
function readNewLogGroup(ctx: ResolveContext, entry: ResourceEntry): Record<string, unknown> | undefined {
  const value = entry.macro.CreateNewLogGroup;
  if (value === undefined || value === false || value === 'false') return undefined;
  const path: Path = [...entry.path, 'MacroParameters', 'CreateNewLogGroup'];
  if (entry.properties.LoggingConfiguration !== undefined) {
    ctx.error(
      CODES.APS_LOGGING_CONFLICT,
      `workspace '${entry.name}' has both LoggingConfiguration and MacroParameters.CreateNewLogGroup: a workspace logs to one log group`,
      path,
      'remove CreateNewLogGroup to log to the group LoggingConfiguration names, or remove LoggingConfiguration to log to a new group',
      'key',
    );
    return undefined;
  }
  if (value === true || value === 'true') return { RetentionInDays: NEW_LOG_GROUP_RETENTION_DAYS };
  if (!isPlainObject(value)) {
    ctx.error(CODES.INVALID_RESOURCE, `CreateNewLogGroup of workspace '${entry.name}' must be true, false or the log group's properties`, path, 'CreateNewLogGroup: true, or {RetentionInDays: 30} (AWS::Logs::LogGroup properties)');
    return undefined;
  }
  checkProperties(ctx, value, path, 'AWS::Logs::LogGroup');
  // As ECS ComposeX writes it: the properties as given (no RetentionInDays: kept forever).
  return value;
}
