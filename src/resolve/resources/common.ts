/**
 * What every x- resource kind shares: the ECS ComposeX shape
 *
 *   x-sqs:
 *     jobs:
 *       Properties: {...}          raw CloudFormation properties of the resource type
 *       MacroParameters: {...}     composex shortcuts
 *       Settings: {...}
 *       Lookup: {Arn: ...}         an existing resource instead of a new one
 *       Services:
 *         api: {Access: Producer, ReturnValues: {Arn: JOBS_ARN}}
 *
 * `Services` also accepts the older ECS ComposeX list form `[{name: api, access: Producer}]`.
 * A key of `Services` is a service (its containers get the variables, its families the access) or
 * a family (every container of it).
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import { CODES, type Code } from '../codes';
import { compareStrings, describePath, ResolveContext } from '../context';
import type { Membership } from '../families';
import type { MessagingAnswer, ResourceLookupKind } from '../lock';
import type { GrantPermission, GrantScope, IngressRule, ResourceKind } from '../model';
import type { AccessLevel } from './access';
import { lockedAnswer, LookupRequest, readSelector } from '../lookups';
import { checkKeys, isPlainObject, readObject, readString, XObject } from '../readers';
import { upperSnakeCase } from '../secrets';
import { CFN_PROPERTIES } from './cfn-properties';

export const RESOURCE_DEFINITION_KEYS = ['Properties', 'MacroParameters', 'Settings', 'Lookup', 'Services'] as const;

/** One resource under `x-<kind>`, its parts read as mappings (absent parts are `{}`). */
export interface ResourceEntry {
  readonly name: string;
  readonly path: Path;
  readonly properties: XObject;
  readonly macro: XObject;
  readonly settings: XObject;
  readonly lookup?: XObject;
  /** The `Services` value as written (read with `readConsumers`). */
  readonly services: unknown;
}

/** Names of resources: letters, digits, `-`, `_`, `.` (they become logical IDs and variable names). */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Reads `x-<key>`: a mapping of resource names to resource definitions. */
/** `definitionKeys`: keys a kind adds beside RESOURCE_DEFINITION_KEYS (x-dynamodb's `Scaling`), read by its resolver. */
export function readResourceEntries(ctx: ResolveContext, key: string, macroKeys: readonly string[], settingsKeys: readonly string[], definitionKeys: readonly string[] = []): ResourceEntry[] {
  const value = ctx.project.extensions[key];
  if (value === undefined || value === null) return [];
  const top = readObject(ctx, value, [key], `a mapping of resource names to definitions, such as\n  ${key}:\n    jobs:\n      Services: {api: {...}}`);
  if (!top) return [];
  const out: ResourceEntry[] = [];
  for (const name of Object.keys(top).sort(compareStrings)) {
    const path = [key, name];
    if (!RESOURCE_NAME.test(name)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not a valid ${key} resource name`, path, 'use letters, digits, ".", "-" and "_", starting with a letter or digit (at most 128)', 'key');
      continue;
    }
    const definition = top[name] ?? {};
    const def = readObject(ctx, definition, path, '{Properties: {...}, Services: {...}}');
    if (!def) continue;
    checkKeys(ctx, def, path, [...RESOURCE_DEFINITION_KEYS, ...definitionKeys]);
    const part = (k: string, allowed?: readonly string[]): XObject => {
      if (def[k] === undefined || def[k] === null) return {};
      const obj = readObject(ctx, def[k], [...path, k]) ?? {};
      if (allowed) checkKeys(ctx, obj, [...path, k], allowed);
      return obj;
    };
    out.push({
      name,
      path,
      properties: part('Properties'),
      macro: part('MacroParameters', macroKeys),
      settings: part('Settings', settingsKeys),
      ...(def.Lookup !== undefined ? { lookup: part('Lookup') } : {}),
      services: def.Services,
    });
  }
  return out;
}

/**
 * Reports every key of raw `Properties` that the CloudFormation type does not have (with a "did
 * you mean"), and every key composex manages itself (`managed`: key → why).
 */
export function checkProperties(
  ctx: ResolveContext,
  properties: XObject,
  path: Path,
  type: string,
  managed: Readonly<Record<string, string>> = {},
): void {
  const known = CFN_PROPERTIES[type];
  for (const key of Object.keys(properties)) {
    const at = [...path, key];
    if (managed[key] !== undefined) {
      ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `${describePath(at)} is set by composex`, at, managed[key], 'key');
    } else if (!known.includes(key)) {
      ctx.error(CODES.UNKNOWN_RESOURCE_PROPERTY, `${type} has no property '${key}'`, at, suggestion(key, known, 'property'), 'key');
    }
  }
}

/** One `Services` entry, resolved to families and containers. */
export interface ConsumerEntry {
  /** The key as written (a service or a family). */
  readonly target: string;
  readonly families: readonly string[];
  /** Containers that receive variables and secrets, sorted. */
  readonly services: readonly string[];
  /** The entry's settings (`Access`, `ReturnValues`, …). */
  readonly entry: XObject;
  readonly path: Path;
}

/** Keys of a `Services` entry the ECS ComposeX list form also takes, written in lower case (`scaling`). */
const LIST_FORM_KEYS: readonly string[] = ['Scaling'];

/**
 * Reads `Services` (mapping or ECS ComposeX list form), checks each key names a service or a
 * family and each entry's keys are in `allowedKeys`.
 */
export function readConsumers(
  ctx: ResolveContext,
  resource: ResourceEntry,
  membership: Membership,
  allowedKeys: readonly string[],
): ConsumerEntry[] {
  const path = [...resource.path, 'Services'];
  const raw = resource.services;
  if (raw === undefined || raw === null) return [];
  const entries: { target: string; entry: XObject; path: Path; keyPath: Path }[] = [];
  if (Array.isArray(raw)) {
    // ECS ComposeX v0 form: [{name: api, access: RWMessages}]
    raw.forEach((item, i) => {
      const at = [...path, i];
      const obj = readObject(ctx, item, at, '{name: <service>, access: <level>}');
      if (!obj) return;
      // The list form writes its keys in lower case: `scaling` (x-sqs) is the mapping form's `Scaling`.
      const extra = allowedKeys.filter((k) => LIST_FORM_KEYS.includes(k));
      const lower = (key: string) => key[0].toLowerCase() + key.slice(1);
      checkKeys(ctx, obj, at, ['name', 'access', ...extra.map(lower)]);
      const target = readString(ctx, obj.name, [...at, 'name'], 'a service or family name');
      if (target === undefined) return;
      const entry: XObject = obj.access === undefined ? {} : { Access: obj.access };
      for (const key of extra) {
        if (obj[lower(key)] === undefined) continue;
        entry[key] = obj[lower(key)];
        ctx.project.sourceMap.aliasTree([...at, lower(key)], [...at, key]);
      }
      entries.push({ target, entry, path: at, keyPath: [...at, 'name'] });
    });
  } else {
    const obj = readObject(ctx, raw, path, '{api: {Access: ...}}');
    if (!obj) return [];
    for (const target of Object.keys(obj).sort(compareStrings)) {
      const at = [...path, target];
      const value = obj[target] ?? {};
      const entry = readObject(ctx, value, at, '{Access: <level>, ReturnValues: {...}}');
      if (!entry) continue;
      entries.push({ target, entry: allowedKeys.includes('Access') ? readLowercaseAccess(ctx, entry, target, at) : entry, path: at, keyPath: at });
    }
  }
  const out: ConsumerEntry[] = [];
  const seen = new Map<string, Path>();
  for (const { target, entry, path: at, keyPath } of entries) {
    if (!Array.isArray(raw)) checkKeys(ctx, entry, at, allowedKeys);
    const earlier = seen.get(target);
    if (earlier) {
      ctx.error(CODES.INVALID_RESOURCE, `'${target}' is listed twice in ${describePath(path)}`, keyPath, `merge the two entries (the first is at ${ctx.where(earlier, 'key')})`, 'key');
      continue;
    }
    seen.set(target, keyPath);
    const resolved = resolveTarget(ctx, membership, target, keyPath, Array.isArray(raw) ? 'value' : 'key');
    if (resolved) out.push({ target, ...resolved, entry, path: at });
  }
  return out;
}

/**
 * `api: {access: RW}`: the list form's lower-case key, written in the mapping form (ECS ComposeX's
 * use-cases/dynamodb/table_with_gsi.yml). ECS ComposeX reads only `Access` there
 * (`set_services_targets_from_dict`: `set_else_none("Access", service_def, {})`), so it granted
 * nothing for such an entry; composex reads it as `Access`, as the list form does, and says so
 * (CX3627). With `Access` beside it, `access` is left for checkKeys to report.
 */
function readLowercaseAccess(ctx: ResolveContext, entry: XObject, target: string, at: Path): XObject {
  if (entry.access === undefined || entry.Access !== undefined) return entry;
  const { access, ...rest } = entry;
  ctx.project.sourceMap.aliasTree([...at, 'access'], [...at, 'Access']);
  const level = typeof access === 'string' ? access : JSON.stringify(access);
  ctx.warning(
    CODES.LOWERCASE_ACCESS,
    `'access' of Services entry '${target}' is read as Access: ${level}; ECS ComposeX reads only 'Access' (capital A) in this form of Services, and read this entry as one with no Access`,
    [...at, 'access'],
    `write Access: ${level} to say so, or remove access if '${target}' needs no permission (it still gets the variables)`,
    'key',
  );
  return { ...rest, Access: access };
}

function resolveTarget(
  ctx: ResolveContext,
  membership: Membership,
  target: string,
  path: Path,
  anchor: 'key' | 'value',
): { families: string[]; services: string[] } | undefined {
  if (ctx.project.services[target] !== undefined) {
    return { families: [...(membership.familiesOf.get(target) ?? [])], services: [target] };
  }
  const members = membership.servicesOf.get(target);
  if (members) return { families: [target], services: [...members] };
  ctx.unknownService(target, path, 'Services entry', anchor, [...membership.servicesOf.keys()]);
  return undefined;
}

/** Looks up an access level in a kind's table, with "did you mean" on a miss. */
export function readAccessLevel<T>(
  ctx: ResolveContext,
  table: Readonly<Record<string, T>>,
  value: unknown,
  path: Path,
  kind: string,
  aliases: Readonly<Record<string, string>> = {},
): { level: string; value: T } | undefined {
  const written = readString(ctx, value, path, `one of ${Object.keys(table).join(', ')}`);
  if (written === undefined) return undefined;
  // another name of a level (an AWS SAM policy template name): that level, with its actions
  const level = Object.prototype.hasOwnProperty.call(aliases, written) ? aliases[written] : written;
  if (!Object.prototype.hasOwnProperty.call(table, level)) {
    ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `'${level}' is not an access level of ${kind}`, path, suggestion(level, Object.keys(table), 'access level'));
    return undefined;
  }
  return { level, value: table[level] };
}

/**
 * `Access` written as a mapping of keys to levels (`{DBCluster: RO}`, `{NeptuneDB: RW, DBCluster: RO}`):
 * each key's level read in its table of `keyed`, its actions on `scope(key)`; the label lists them
 * in key order (`DBCluster: RO, NeptuneDB: RW`). `engine` names the kind in messages (`a DocumentDB`).
 */
export function readKeyedAccess(
  ctx: ResolveContext,
  value: XObject,
  path: Path,
  keyed: Readonly<Record<string, Readonly<Record<string, AccessLevel>>>>,
  engine: string,
  unknownKeyHint: (key: string) => string,
  scope: (key: string) => GrantScope,
): { label: string; permissions: GrantPermission[] } | undefined {
  const permissions: GrantPermission[] = [];
  const labels: string[] = [];
  for (const key of Object.keys(value).sort(compareStrings)) {
    const table = Object.prototype.hasOwnProperty.call(keyed, key) ? keyed[key] : undefined;
    if (!table) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `'${key}' is not ${engine} access key`, [...path, key], unknownKeyHint(key), 'key');
      return undefined;
    }
    const level = readAccessLevel(ctx, table, value[key], [...path, key], key);
    if (!level) return undefined;
    permissions.push({ scope: scope(key), actions: level.value.actions });
    labels.push(`${key}: ${level.level}`);
  }
  return { label: labels.join(', '), permissions };
}

/** A name every shell can expand (POSIX: letters, digits and `_`, not starting with a digit). */
const PORTABLE_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * What no program can read back as one variable: the environment is a list of `NAME=value`
 * strings (POSIX, "Environment Variables": names "shall not contain the character '='"), and
 * control characters or spaces do not survive the shells and tools that print or pass it on.
 */
const IMPOSSIBLE_ENV_NAME = /[=\s\p{Cc}]/u;

/**
 * An environment variable name given by the user (`EnvNames`, `ReturnValues`, secret names).
 * ECS takes any string as the `Name` of a container's environment variable or secret
 * (AWS::ECS::TaskDefinition KeyValuePair / Secret: `Name`, a String with no pattern), so a name
 * such as `BUCKET_ABCD-01` (ECS ComposeX's s3 example) is set as written: programs read it
 * (`getenv("BUCKET_ABCD-01")`), but a shell cannot expand it, which a warning says (CX3615).
 */
export function readVariableName(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  const name = readString(ctx, value, path, 'an environment variable name such as JOBS_URL');
  if (name === undefined) return undefined;
  if (IMPOSSIBLE_ENV_NAME.test(name)) {
    ctx.error(CODES.INVALID_RESOURCE, `'${name}' cannot be an environment variable name: a container's environment is a list of NAME=value strings, and this name holds =, a space or a control character`, path, `write a name of letters, digits and _, not starting with a digit, e.g. ${portableVariableName(name)}`);
    return undefined;
  }
  if (!PORTABLE_ENV_NAME.test(name)) {
    ctx.warning(
      CODES.VARIABLE_NOT_SHELL_NAME,
      `'${name}' is set as written in the container's environment (ECS accepts any name), and programs read it by that name (getenv("${name}"), os.environ["${name}"]), but a shell cannot expand it: $${name} is not this variable`,
      path,
      `to use it from a shell or an entrypoint script, rename it ${portableVariableName(name)} (letters, digits and _, not starting with a digit)`,
    );
  }
  return name;
}

/** `BUCKET_ABCD-01` → `BUCKET_ABCD_01`: a name shells expand. */
function portableVariableName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}

/**
 * `ReturnValues: {Arn: JOBS_ARN}`: attributes of the resource → variable names. `aliases` maps
 * other spellings ECS ComposeX users write (`QueueUrl`) to our attribute names (`Url`).
 */
export function readReturnValues(
  ctx: ResolveContext,
  value: unknown,
  path: Path,
  attributes: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): { name: string; attribute: string }[] {
  if (value === undefined || value === null) return [];
  const obj = readObject(ctx, value, path, `{${attributes[0]}: MY_VARIABLE}`);
  if (!obj) return [];
  const out: { name: string; attribute: string }[] = [];
  for (const key of Object.keys(obj).sort(compareStrings)) {
    const attribute = aliases[key] ?? key;
    if (!attributes.includes(attribute)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${key}' is not a return value of this resource`, [...path, key], suggestion(key, [...attributes, ...Object.keys(aliases)], 'return value'), 'key');
      continue;
    }
    const name = readVariableName(ctx, obj[key], [...path, key]);
    if (name !== undefined) out.push({ name, attribute });
  }
  return out;
}

/** The variable named after a resource: `jobs-dlq` → `JOBS_DLQ`. */
export function resourceVariable(name: string): string {
  return upperSnakeCase(name);
}

/**
 * A reference to another x- resource: `x-sqs::jobs`, `x-sqs::jobs::Arn`. A bare name is a
 * reference to `defaultKind` when one is given (`deadLetterTargetArn: jobs-dlq`).
 */
export interface ResourceReference {
  readonly key: string;
  readonly name: string;
  readonly attribute?: string;
}

export function parseReference(value: string, defaultKey?: string): ResourceReference | undefined {
  const m = /^(x-[a-z0-9]+)::([^:]+)(?:::([A-Za-z.]+))?$/.exec(value);
  if (m) return { key: m[1], name: m[2], ...(m[3] !== undefined ? { attribute: m[3] } : {}) };
  if (defaultKey !== undefined && RESOURCE_NAME.test(value) && !value.startsWith('arn:')) return { key: defaultKey, name: value };
  return undefined;
}

/** `arn:aws:sqs:eu-west-1:123456789012:jobs` → its parts. */
export function parseArn(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

/** `Lookup: {Arn: ...}` for kinds that accept an existing resource by ARN. */
export function readLookupArn(ctx: ResolveContext, entry: ResourceEntry, service: string, example: string): string | undefined {
  if (!entry.lookup) return undefined;
  const path = [...entry.path, 'Lookup'];
  const locked = LOCKED_KINDS[service];
  if (locked && entry.lookup.Arn === undefined && (entry.lookup.Tags !== undefined || entry.lookup.Name !== undefined)) {
    const request = messagingLookupRequest(ctx, entry.path, entry.lookup, locked);
    const answer = request && lockedAnswer<MessagingAnswer>(ctx, request);
    if (answer && Object.keys(entry.properties).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing resource is used as it is: remove Properties, or remove Lookup to create a new one', 'key');
    }
    return answer?.arn;
  }
  checkKeys(ctx, entry.lookup, path, locked ? ['Arn', 'Name', 'Tags'] : ['Arn']);
  if (entry.lookup.Arn === undefined) {
    ctx.error(CODES.INVALID_LOOKUP, `Lookup of '${entry.name}' gives no Arn`, path, `composex renders offline, so it looks resources up by ARN: Lookup: {Arn: ${example}}`, 'key');
    return undefined;
  }
  const arn = readString(ctx, entry.lookup.Arn, [...path, 'Arn'], example);
  if (arn === undefined) return undefined;
  const parts = parseArn(arn);
  if (!parts || parts.service !== service || parts.region === '' || parts.account === '' || parts.resource.includes(':') || parts.resource.includes('/')) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of an ${service.toUpperCase()} resource`, [...path, 'Arn'], `an ARN looks like ${example}`);
    return undefined;
  }
  if (Object.keys(entry.properties).length > 0) {
    ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing resource is used as it is: remove Properties, or remove Lookup to create a new one', 'key');
  }
  return arn;
}

/** The kinds whose Lookup by `Tags` or `Name` is answered by `composex lookup`. */
const LOCKED_KINDS: Record<string, 'queue' | 'topic'> = { sqs: 'queue', sns: 'topic' };

/**
 * `x-sqs.<name>.Lookup` / `x-sns` / `x-dynamodb` by Tags or Name, `x-s3` by Tags (`nameKeys` []: a
 * bucket name needs no lookup), as a query for `composex lookup`.
 */
export function messagingLookupRequest(ctx: ResolveContext, entryPath: Path, lookup: XObject, kind: ResourceLookupKind, nameKeys: readonly string[] = ['Name']): LookupRequest | undefined {
  const path = [...entryPath, 'Lookup'];
  const resource = readSelector(ctx, lookup, path, nameKeys.length > 0 ? `{Tags: [{app: shop}]} or {Name: jobs} or {Arn: …}` : '{Tags: [{app: shop}]}', nameKeys);
  if (!resource) return undefined;
  return { key: entryPath.join('.'), query: { kind, resource }, path, location: ctx.locate(path) };
}

/** The customer-managed KMS key a looked-up queue or topic reported, for the consumers' KMS permissions. */
export function lookedUpKmsKey(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const answer = ctx.lock?.lookups[entry.path.join('.')]?.answer as MessagingAnswer | undefined;
  return entry.lookup && entry.lookup.Arn === undefined && answer && typeof answer.kmsKeyId === 'string' ? answer.kmsKeyId : undefined;
}

export function isObject(value: unknown): value is XObject {
  return isPlainObject(value);
}

/** `Settings.EnvNames` (ECS ComposeX): the variables that hold the main value, instead of `<NAME>`. */
export function readEnvNames(ctx: ResolveContext, entry: ResourceEntry): string[] | undefined {
  const value = entry.settings.EnvNames;
  if (value === undefined || value === null) return undefined;
  const path = [...entry.path, 'Settings', 'EnvNames'];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0) {
    ctx.error(CODES.INVALID_RESOURCE, `${describePath(path)} must be a non-empty list of variable names`, path, `write EnvNames: [${resourceVariable(entry.name)}]`);
    return undefined;
  }
  const names: string[] = [];
  list.forEach((item, i) => {
    const name = readVariableName(ctx, item, typeof value === 'string' ? path : [...path, i]);
    if (name !== undefined && !names.includes(name)) names.push(name);
  });
  return names.length > 0 ? names : undefined;
}

/**
 * The ingress of a resource reached over the network (a kind with `network` in its spec): one rule
 * per consuming family, on the resource's port, from that family's group only.
 */
export function consumerIngress(kind: ResourceKind, key: string, name: string, families: readonly string[], port: number): IngressRule[] {
  return families.map((family) => ({
    source: { kind: 'family', family },
    target: { kind: 'resource', resource: kind, name },
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    reason: `${key}: ${name}`,
  }));
}

/**
 * `Lookup` / `Use` of a kind that does not look resources up (x-docdb, x-opensearch): ECS ComposeX
 * found the resource with AWS calls at every render, composex renders offline. Reports `code` at
 * the key, with the kind's `noun` and what to write instead; true when the entry was refused.
 */
export function refuseExistingResource(ctx: ResolveContext, entry: ResourceEntry, code: Code, noun: string, hint: string): boolean {
  const key = entry.path[0];
  const raw = ctx.project.extensions[key] as Record<string, Record<string, unknown> | null>;
  const def = raw?.[entry.name] ?? {};
  const written = entry.lookup !== undefined ? 'Lookup' : def.Use !== undefined ? 'Use' : undefined;
  if (!written) return false;
  ctx.error(code, `${key} '${entry.name}' names an existing ${noun} (${written}), which composex does not look up: render makes no AWS call`, [...entry.path, written], hint, 'key');
  return true;
}

/** The families granted a networked resource (sorted), and the ingress each gets on `port`. */
export function networkConsumers(kind: ResourceKind, key: string, name: string, grants: readonly { family: string }[], port: number): { families: string[]; ingress: IngressRule[] } {
  const families = [...new Set(grants.map((g) => g.family))].sort(compareStrings);
  return { families, ingress: consumerIngress(kind, key, name, families, port) };
}
