/**
 * `x-codeguru_profiler`: CodeGuru Profiler profiling groups and the services whose profiling agent
 * submits to them (ECS ComposeX's syntax), at the top level and on a service.
 *
 *   x-codeguru_profiler:
 *     api-profiles:
 *       Properties: {ComputePlatform: Default}        (no ProfilingGroupName: <resource>-<stack id>)
 *       MacroParameters: {AppendStackId: true}         (ProfilingGroupName followed by the stack id)
 *       Services:
 *         api: {Access: RW}
 *     shared:
 *       Lookup: {Arn: arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/shared}   (or {Name: shared})
 *   services:
 *     worker:
 *       x-codeguru_profiler: true          (or x-codeguru-profiler; a group for this service; or its Properties; or an existing group's name)
 *
 * Every consumer gets what the CodeGuru Profiler agents read (Java and Python):
 * `AWS_CODEGURU_PROFILER_GROUP_NAME` and `AWS_CODEGURU_PROFILER_GROUP_ARN`, as ECS ComposeX's
 * documentation says it sets them; a top-level group's consumers also get the name in `<NAME>`.
 * AWS had announced no end of support for CodeGuru Profiler when this was written (its sibling
 * CodeGuru Reviewer takes no new repository associations since November 7, 2025).
 */
import type { Path } from '../../compose/source-map';
import type { GrantVariable, ProfilingGroupModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { familiesOf, Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readString } from '../readers';
import { checkProperties, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { messagingGrants, MessagingSpec } from './messaging';

export const CODEGURU_PROFILER_KEY = 'x-codeguru_profiler';
/**
 * The service-level key: ECS ComposeX's code reads `x-codeguru-profiler` on a service (its
 * ComposeService keys, its use case codeguru/simple.yml), its schema names it
 * `services.x-codeguru_profiler`: both spellings are read, one per service.
 */
export const SERVICE_PROFILER_KEYS = ['x-codeguru-profiler', CODEGURU_PROFILER_KEY] as const;
/** `Ref` is the name (ECS ComposeX's `ProfileName`); `Arn` its `Fn::GetAtt` attribute (`ProfileArn`). */
export const PROFILING_GROUP_ATTRIBUTES = ['Name', 'Arn'];
export const PROFILING_GROUP_ATTRIBUTE_ALIASES = { ProfileName: 'Name', ProfilingGroupName: 'Name', ProfileArn: 'Arn' };
/** The variables the CodeGuru Profiler agents read (User Guide, "Enabling the agent with environment variables"). */
export const AGENT_VARIABLES: readonly GrantVariable[] = [
  { name: 'AWS_CODEGURU_PROFILER_GROUP_NAME', attribute: 'Name' },
  { name: 'AWS_CODEGURU_PROFILER_GROUP_ARN', attribute: 'Arn' },
];
const MACRO_KEYS = ['AppendStackId'];
const SETTINGS_KEYS = ['EnvNames'];
/** Profiling group names: 1 to 255 letters, digits, `_` and `-` (CreateProfilingGroup `profilingGroupName`). */
const GROUP_NAME = /^[\w-]{1,255}$/;
const GROUP_ARN = /^arn:aws[a-z-]*:codeguru-profiler:[a-z0-9-]+:\d{12}:profilingGroup\/([\w-]{1,255})$/;
const EXAMPLE_ARN = 'arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/shared';
const COMPUTE_PLATFORMS = ['Default', 'AWSLambda'];
/** An IAM principal ARN of `AgentPermissions.Principals` (a role, user or the account root). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/;
/** `channelUri`: CodeGuru Profiler notifies through SNS topics only (AWS::CodeGuruProfiler::ProfilingGroup Channel). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export interface ProfilingGroupResolution {
  readonly groups: ProfilingGroupModel[];
  readonly grants: ResourceGrant[];
}

export function resolveProfilingGroups(ctx: ResolveContext, membership: Membership, spec: MessagingSpec): ProfilingGroupResolution {
  const entries = readResourceEntries(ctx, CODEGURU_PROFILER_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const serviceKey = (service: string) => SERVICE_PROFILER_KEYS.filter((k) => ctx.project.services[service][k] !== undefined);
  const serviceLevel = ctx.serviceNames.filter((s) => serviceKey(s).length > 0);
  for (const service of serviceLevel.filter((s) => serviceKey(s).length > 1)) {
    ctx.error(
      CODES.INVALID_RESOURCE,
      `service '${service}' sets both x-codeguru-profiler and x-codeguru_profiler: they are one key, spelt two ways`,
      ['services', service, SERVICE_PROFILER_KEYS[1]],
      'keep one of them',
      'key',
    );
  }
  const ids = logicalIds([...entries.map((e) => e.name), ...serviceLevel.map(serviceGroupName)]);
  const groups: ProfilingGroupModel[] = [];
  const grants: ResourceGrant[] = [];
  // A service's agent reports to one group: service → the group whose variables it got first.
  const agentGroup = new Map<string, string>();
  const oneGroupPerService = (grant: ResourceGrant, at: Path): boolean => {
    const taken = grant.services.filter((s) => agentGroup.has(s) && agentGroup.get(s) !== grant.resource);
    for (const service of taken) {
      ctx.error(
        CODES.PROFILER_SERVICE_IN_TWO_GROUPS,
        `service '${service}' is in profiling groups '${agentGroup.get(service)}' and '${grant.resource}': its CodeGuru Profiler agent reports to one group (AWS_CODEGURU_PROFILER_GROUP_NAME)`,
        at,
        `keep '${service}' in one group: remove it from the Services of one, or remove its x-codeguru_profiler`,
        'key',
      );
    }
    if (taken.length > 0) return false;
    for (const s of grant.services) agentGroup.set(s, grant.resource);
    return true;
  };
  for (const entry of entries) {
    const base = { name: entry.name, logicalId: ids.get(entry.name)! };
    if (entry.lookup) {
      const existing = readGroupLookup(ctx, entry);
      if (!existing) continue;
      groups.push({ ...base, properties: {}, existing, appendStackId: false });
    } else {
      const properties = checkGroupProperties(ctx, entry.properties, [...entry.path, 'Properties']);
      groups.push({ ...base, properties, appendStackId: readAppendStackId(ctx, entry) });
    }
    const main = readEnvNames(ctx, entry);
    for (const grant of messagingGrants(ctx, entry, membership, spec, 'a CodeGuru profiling group', undefined, { mainVariables: main })) {
      if (oneGroupPerService(grant, [...entry.path, 'Services'])) grants.push({ ...grant, environment: withAgentVariables(grant.environment) });
    }
  }
  for (const service of serviceLevel) {
    const resolved = resolveServiceGroup(ctx, service, serviceKey(service)[0], ids.get(serviceGroupName(service))!);
    if (!resolved) continue;
    groups.push(resolved);
    for (const family of familiesOf(membership, service)) {
      const grant: ResourceGrant = {
        kind: 'profilingGroup',
        resource: resolved.name,
        family,
        services: [service],
        access: 'RW',
        permissions: [{ scope: { on: 'resource' }, actions: spec.access.levels.RW.actions }],
        environment: AGENT_VARIABLES,
        secrets: [],
      };
      if (oneGroupPerService(grant, ['services', service, serviceKey(service)[0]])) grants.push(grant);
    }
  }
  return { groups, grants };
}

/** The name a service's own group has among the kind's resources (not a name a top-level entry can take: `/`). */
export function serviceGroupName(service: string): string {
  return `services/${service}`;
}

/** The agent's variables after the entry's own, unless the entry names them itself (`ReturnValues: {ProfileName: AWS_CODEGURU_PROFILER_GROUP_NAME}`). */
function withAgentVariables(environment: readonly GrantVariable[]): GrantVariable[] {
  return [...environment, ...AGENT_VARIABLES.filter((a) => !environment.some((e) => e.name === a.name && e.attribute === a.attribute))];
}

/**
 * `services.<name>.x-codeguru_profiler` (ECS ComposeX's service-level form): `true` a new group for
 * the service, `false` none, a mapping the new group's properties, a string an existing group's name.
 */
function resolveServiceGroup(ctx: ResolveContext, service: string, key: string, logicalId: string): ProfilingGroupModel | undefined {
  const value = ctx.project.services[service][key];
  const path: Path = ['services', service, key];
  const base = { name: serviceGroupName(service), logicalId, service, serviceKey: key };
  if (value === false || value === 'false') return undefined;
  if (value === true || value === 'true') return { ...base, properties: {}, appendStackId: false };
  if (typeof value === 'string') {
    if (!GROUP_NAME.test(value)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${value}' is not a profiling group name`, path, 'the name of an existing profiling group (letters, digits, _ and -, at most 255), true for a new group, or its Properties');
      return undefined;
    }
    return { ...base, properties: {}, existing: { name: value }, appendStackId: false };
  }
  if (!isPlainObject(value)) {
    ctx.error(CODES.INVALID_RESOURCE, `x-codeguru_profiler of service '${service}' must be true, false, a profiling group name or its properties`, path, 'x-codeguru_profiler: true (a new group for the service), a name (an existing group), or {ComputePlatform: Default, …}');
    return undefined;
  }
  return { ...base, properties: checkGroupProperties(ctx, value, path), appendStackId: false };
}

function readAppendStackId(ctx: ResolveContext, entry: ResourceEntry): boolean {
  const value = entry.macro.AppendStackId;
  if (value === undefined) return false;
  if (typeof value === 'boolean' || value === 'true' || value === 'false') return value === true || value === 'true';
  ctx.error(CODES.INVALID_RESOURCE, `AppendStackId of profiling group '${entry.name}' must be true or false`, [...entry.path, 'MacroParameters', 'AppendStackId'], 'AppendStackId: true adds the stack id to ProfilingGroupName');
  return false;
}

/**
 * `Lookup: {Arn: <profiling group ARN>}` or `{Name: <name>}`: the ARN is built from the name in the
 * stack's account and Region. ECS ComposeX finds groups by `Tags` with AWS calls; composex renders
 * offline.
 */
function readGroupLookup(ctx: ResolveContext, entry: ResourceEntry): ProfilingGroupModel['existing'] {
  const path = [...entry.path, 'Lookup'];
  const lookup = entry.lookup!;
  for (const part of ['Properties', 'MacroParameters'] as const) {
    if (Object.keys(part === 'Properties' ? entry.properties : entry.macro).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${part}`, [...entry.path, part], 'an existing profiling group is used as it is: remove them, or remove Lookup to create a new group', 'key');
    }
  }
  if (lookup.Arn === undefined && lookup.Name === undefined) {
    ctx.error(
      CODES.PROFILER_LOOKUP_UNSUPPORTED,
      `composex does not look up profiling groups by ${Object.keys(lookup).join(' and ') || 'nothing'}: finding '${entry.name}' would need AWS calls at render time`,
      path,
      `give the group's name or ARN (aws codeguruprofiler list-profiling-groups): Lookup: {Name: shared} or {Arn: ${EXAMPLE_ARN}}`,
      'key',
    );
    return undefined;
  }
  checkKeys(ctx, lookup, path, ['Arn', 'Name']);
  if (lookup.Arn !== undefined && lookup.Name !== undefined) {
    ctx.error(CODES.INVALID_LOOKUP, 'an Arn names one profiling group: give it alone', [...path, 'Arn'], 'remove Name, or remove Arn', 'key');
    return undefined;
  }
  if (lookup.Name !== undefined) {
    const name = readString(ctx, lookup.Name, [...path, 'Name'], 'shared');
    if (name === undefined) return undefined;
    if (!GROUP_NAME.test(name)) {
      ctx.error(CODES.INVALID_LOOKUP, `'${name}' is not a profiling group name`, [...path, 'Name'], 'letters, digits, _ and -, at most 255 characters');
      return undefined;
    }
    return { name };
  }
  const arn = readString(ctx, lookup.Arn, [...path, 'Arn'], EXAMPLE_ARN);
  const match = arn === undefined ? null : GROUP_ARN.exec(arn);
  if (arn !== undefined && !match) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of a CodeGuru profiling group`, [...path, 'Arn'], `a profiling group ARN looks like ${EXAMPLE_ARN}`);
  }
  return match ? { name: match[1], arn: arn! } : undefined;
}

/**
 * The properties checked against the CloudFormation type, without what CodeGuru Profiler would
 * refuse and composex can leave out (an agent principal that is no IAM ARN, a notification channel
 * that is no SNS topic), each with a warning at its place.
 */
function checkGroupProperties(ctx: ResolveContext, p: Readonly<Record<string, unknown>>, path: Path): Record<string, unknown> {
  checkProperties(ctx, { ...p }, path, 'AWS::CodeGuruProfiler::ProfilingGroup');
  const out: Record<string, unknown> = { ...p };
  if (p.ProfilingGroupName !== undefined) {
    const name = readString(ctx, p.ProfilingGroupName, [...path, 'ProfilingGroupName'], 'api-profiles');
    if (name !== undefined && !GROUP_NAME.test(name)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not a valid profiling group name`, [...path, 'ProfilingGroupName'], 'letters, digits, _ and -, at most 255 characters');
    }
  }
  if (p.ComputePlatform !== undefined && !COMPUTE_PLATFORMS.includes(String(p.ComputePlatform))) {
    ctx.error(CODES.INVALID_RESOURCE, `'${String(p.ComputePlatform)}' is not a compute platform of CodeGuru Profiler`, [...path, 'ComputePlatform'], 'Default (ECS tasks; the default) or AWSLambda');
  }
  const permissions = p.AgentPermissions;
  if (isPlainObject(permissions) && Array.isArray(permissions.Principals)) {
    const kept = permissions.Principals.filter((principal, i) => {
      if (typeof principal === 'string' && PRINCIPAL_ARN.test(principal)) return true;
      ctx.warning(
        CODES.PROFILER_PRINCIPAL_LEFT_OUT,
        `'${String(principal)}' is not an IAM principal ARN, which CodeGuru Profiler would refuse in AgentPermissions: it is left out`,
        [...path, 'AgentPermissions', 'Principals', i],
        'give a role or user ARN of a 12-digit account (arn:aws:iam::123456789012:role/<name>); the services listed under the group need none: their task role is granted ConfigureAgent and PostAgentProfile',
      );
      return false;
    });
    if (kept.length === 0) delete out.AgentPermissions;
    else out.AgentPermissions = { ...permissions, Principals: kept };
  }
  const channels = p.AnomalyDetectionNotificationConfiguration;
  if (Array.isArray(channels)) {
    const kept = channels.filter((channel, i) => {
      const uri = isPlainObject(channel) ? channel.channelUri : undefined;
      if (typeof uri === 'string' && SNS_TOPIC_ARN.test(uri)) return true;
      ctx.warning(
        CODES.PROFILER_CHANNEL_LEFT_OUT,
        `'${String(uri)}' is not an SNS topic ARN, the only notification channel CodeGuru Profiler takes: the channel is left out`,
        [...path, 'AnomalyDetectionNotificationConfiguration', i, ...(isPlainObject(channel) && channel.channelUri !== undefined ? ['channelUri'] : [])],
        'give an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), or remove the channel',
      );
      return false;
    });
    if (kept.length === 0) delete out.AnomalyDetectionNotificationConfiguration;
    else out.AnomalyDetectionNotificationConfiguration = kept;
  }
  return out;
}
