/**
 * Grants of the kinds whose `Access` is one level name (queues, topics): the same shape, only the
 * table, the main attribute and the return values differ. Each `Services` entry needs an `Access`
 * level, whose actions go where the level says (the resource, or parts of it); a customer-managed
 * KMS key adds the level's KMS actions on that key. Also the helpers every kind's grants share:
 * the main variables (`<NAME>` or `Settings.EnvNames`) and the available `ReturnValues`.
 */
import type { GrantPermission, ResourceGrant } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { readString } from '../readers';
import type { Path } from '../../compose/source-map';
import { levelScopes, OlderLevel } from './access';
import { ConsumerEntry, isObject, readAccessLevel, readConsumers, readReturnValues, ResourceEntry, resourceVariable } from './common';
import type { ResourceKindSpec } from './spec';

/** The spec parts the level grants read (the kinds whose `Access` is one level name). */
export type MessagingSpec = Pick<ResourceKindSpec<'queue' | 'topic' | 'table' | 'key' | 'parameter' | 'stream' | 'workspace' | 'profilingGroup' | 'deliveryStream'>, 'kind' | 'access' | 'values'>;

/** The customer managed key that encrypts a resource: by ARN, or an x-kms key of the project (by name). */
export type KmsKeyRef = string | { readonly key: string };

export interface GrantOptions {
  /** `Settings.EnvNames`: the variables holding the main value, instead of `<NAME>`. */
  readonly mainVariables?: readonly string[];
  /** Return values this resource does not have, with why (`StreamArn` of a table without a stream). */
  readonly unavailable?: Readonly<Record<string, string>>;
  /** Keys a Services entry of this kind takes besides Access and ReturnValues (x-sqs: Scaling). */
  readonly entryKeys?: readonly string[];
  /** Level names of older ECS ComposeX releases: read as a level with a warning (CX3628), or refused with a hint. */
  readonly olderLevels?: Readonly<Record<string, OlderLevel>>;
  /** Reads those keys of one entry (once, whatever its families) into what they add to its grants. */
  readonly readEntry?: (consumer: ConsumerEntry) => Pick<ResourceGrant, 'scaling'>;
}

/** `what`: the kind for messages, `an SQS queue`. */
export function messagingGrants(
  ctx: ResolveContext,
  entry: ResourceEntry,
  membership: Membership,
  spec: MessagingSpec,
  what: string,
  kmsKey: KmsKeyRef | undefined,
  options: GrantOptions = {},
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const table = spec.access.levels;
  for (const consumer of readConsumers(ctx, entry, membership, ['Access', 'ReturnValues', ...(options.entryKeys ?? [])])) {
    const noAccess = consumer.entry.Access === undefined;
    if (noAccess) {
      // ECS ComposeX reads a missing Access as `{}` (set_services_targets_from_dict:
      // `set_else_none("Access", service_def, {})`): the service gets the variables, no permission.
      ctx.warning(
        CODES.NO_ACCESS_VARIABLES_ONLY,
        `Services entry '${consumer.target}' of ${spec.kind} '${entry.name}' gives no Access: it gets the ${spec.kind}'s variables and no permission on it (as in ECS ComposeX)`,
        consumer.path,
        `add Access: one of ${Object.keys(table).join(', ')} if '${consumer.target}' calls the ${spec.kind}`,
        'key',
      );
    }
    const written = consumer.entry.Access;
    const older = typeof written === 'string' && options.olderLevels && Object.prototype.hasOwnProperty.call(options.olderLevels, written) ? options.olderLevels[written] : undefined;
    if (older) {
      // The list form's `access` keeps its own position (its value is read as Access).
      const at = ctx.project.sourceMap.exact([...consumer.path, 'Access']) ? [...consumer.path, 'Access'] : [...consumer.path, 'access'];
      const message = `'${String(written)}' is a level of ECS ComposeX's first releases, not of later ones: it allowed ${older.allowed}`;
      if (older.readAs === undefined && older.level === undefined) {
        ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `${message}; no composex level grants that`, at, older.hint);
        continue;
      }
      const readAs = older.readAs !== undefined ? `read as ${older.readAs} (${table[older.readAs].description})` : `granted as it was: ${older.level!.description} (${older.level!.actions.join(', ')})`;
      ctx.warning(CODES.SQS_OLDER_LEVEL, `${message}; ${readAs}`, at, older.hint);
    }
    const level = noAccess
      ? undefined
      : older?.level !== undefined
        ? { level: String(written), value: older.level }
        : readAccessLevel(ctx, table, older?.readAs ?? written, [...consumer.path, 'Access'], what, spec.access.aliases);
    const returnValues = availableReturnValues(ctx, consumer.entry.ReturnValues, [...consumer.path, 'ReturnValues'], spec, options.unavailable);
    const extra = options.readEntry?.(consumer) ?? {};
    if (!level && !noAccess) continue;
    const permissions: GrantPermission[] = level ? levelScopes(level.value).map(([suffix, actions]) => ({ scope: { on: 'resource', ...(suffix ? { suffix } : {}) }, actions })) : [];
    if (level && kmsKey && level.value.kmsActions.length > 0) {
      permissions.push({ scope: typeof kmsKey === 'string' ? { on: 'kmsKey', keyArn: kmsKey } : { on: 'key', key: kmsKey.key }, actions: level.value.kmsActions });
    }
    for (const family of consumer.families) {
      grants.push({
        kind: spec.kind,
        resource: entry.name,
        family,
        services: consumer.services,
        access: level?.level ?? 'no Access (variables only)',
        permissions,
        environment: [...mainEnvironment(entry, spec, options.mainVariables), ...returnValues],
        secrets: [],
        ...extra,
      });
    }
  }
  return grants;
}

/** The variables of the main value: `<NAME>`, or the `Settings.EnvNames` given. */
export function mainEnvironment(entry: ResourceEntry, spec: Pick<MessagingSpec, 'values'>, names: readonly string[] | undefined): { name: string; attribute: string }[] {
  const main = spec.values.main;
  if (main === undefined) return [];
  return (names ?? [resourceVariable(entry.name)]).map((name) => ({ name, attribute: main }));
}

/** `ReturnValues`, without the attributes this resource does not have (each an error). */
export function availableReturnValues(
  ctx: ResolveContext,
  value: unknown,
  path: Path,
  spec: Pick<MessagingSpec, 'values'>,
  unavailable: Readonly<Record<string, string>> = {},
): { name: string; attribute: string }[] {
  return readReturnValues(ctx, value, path, spec.values.returnValues, spec.values.aliases).filter((rv) => {
    const why = unavailable[rv.attribute];
    if (why === undefined) return true;
    const key = isObject(value) ? (Object.keys(value).find((k) => (spec.values.aliases[k] ?? k) === rv.attribute) ?? rv.attribute) : rv.attribute;
    ctx.error(CODES.RETURN_VALUE_UNAVAILABLE, `return value '${key}' does not exist here: ${why}`, [...path, key], `remove ${key} from ReturnValues`, 'key');
    return false;
  });
}

/** `true` as YAML or as an interpolated string. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * A queue or topic name given in `Properties` (`QueueName`, `TopicName`): letters, digits, `-`
 * and `_`, at most `max` characters, ending with `.fifo` exactly when the resource is FIFO.
 */
export function checkMessagingName(ctx: ResolveContext, entry: ResourceEntry, nameKey: string, fifoKey: string, noun: string, max: number): void {
  if (entry.properties[nameKey] === undefined) return;
  const path = [...entry.path, 'Properties', nameKey];
  const name = readString(ctx, entry.properties[nameKey], path);
  const fifo = isTrue(entry.properties[fifoKey]);
  const valid = new RegExp(`^[A-Za-z0-9_-]{1,${max - 5}}(\\.fifo)?$`);
  if (name === undefined || (valid.test(name) && name.length <= max && name.endsWith('.fifo') === fifo)) return;
  ctx.error(
    CODES.INVALID_RESOURCE,
    `'${name}' is not a valid ${fifo ? 'FIFO ' : ''}${noun} name`,
    path,
    fifo ? `a FIFO ${noun} name ends with .fifo: letters, digits, - and _, at most ${max} characters in all` : `letters, digits, - and _, at most ${max} characters (only FIFO ${noun}s end with .fifo)`,
  );
}
