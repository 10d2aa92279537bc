/**
 * Grants of the messaging kinds (queues and topics): the same shape, only the table, the main
 * attribute and the return values differ. Each `Services` entry needs an `Access` level; a
 * customer-managed KMS key adds the level's KMS actions on that key.
 */
import type { GrantPermission, ResourceGrant } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { readString } from '../readers';
import { readAccessLevel, readConsumers, readReturnValues, ResourceEntry, resourceVariable } from './common';
import type { ResourceKindSpec } from './spec';

/** The spec parts the messaging grants read. */
export type MessagingSpec = Pick<ResourceKindSpec<'queue' | 'topic'>, 'kind' | 'access' | 'values'>;

/** `what`: the kind for messages, `an SQS queue`. */
export function messagingGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, spec: MessagingSpec, what: string, kmsKey: string | undefined): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const table = spec.access.levels;
  for (const consumer of readConsumers(ctx, entry, membership, ['Access', 'ReturnValues'])) {
    if (consumer.entry.Access === undefined) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `Services entry '${consumer.target}' of ${spec.kind} '${entry.name}' gives no Access`, consumer.path, `add Access: one of ${Object.keys(table).join(', ')}`, 'key');
      continue;
    }
    const level = readAccessLevel(ctx, table, consumer.entry.Access, [...consumer.path, 'Access'], what);
    const returnValues = readReturnValues(ctx, consumer.entry.ReturnValues, [...consumer.path, 'ReturnValues'], spec.values.returnValues, spec.values.aliases);
    if (!level) continue;
    const permissions: GrantPermission[] = [{ scope: { on: 'resource' }, actions: level.value.actions }];
    if (kmsKey) permissions.push({ scope: { on: 'kmsKey', keyArn: kmsKey }, actions: level.value.kmsActions });
    for (const family of consumer.families) {
      grants.push({
        kind: spec.kind,
        resource: entry.name,
        family,
        services: consumer.services,
        access: level.level,
        permissions,
        environment: [...(spec.values.main !== undefined ? [{ name: resourceVariable(entry.name), attribute: spec.values.main }] : []), ...returnValues],
        secrets: [],
      });
    }
  }
  return grants;
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
