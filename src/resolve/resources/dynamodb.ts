/**
 * `x-dynamodb`: DynamoDB tables (with their secondary indexes) and who may use them.
 *
 *   x-dynamodb:
 *     orders:
 *       Properties:
 *         AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: customer, AttributeType: S}]
 *         KeySchema: [{AttributeName: id, KeyType: HASH}]
 *         GlobalSecondaryIndexes:
 *           - IndexName: by-customer
 *             KeySchema: [{AttributeName: customer, KeyType: HASH}]
 *             Projection: {ProjectionType: ALL}
 *       Services:
 *         api: {Access: RW}
 *         reports: {Access: RO, ReturnValues: {Arn: ORDERS_ARN}}
 *     legacy:
 *       Lookup: {Arn: arn:aws:dynamodb:eu-west-1:123456789012:table/legacy}   (or {Name: …} / {Tags: …}, through composex.lock.json)
 *
 * Levels act on the table ARN and, for Query and Scan, on its indexes (`table/<name>/index/*`).
 * Every consumer gets the table name in `<NAME>`. `Scaling` (auto scaling of the provisioned
 * capacity) is read in dynamodb-scaling.ts.
 */
import type { Path } from '../../compose/source-map';
import type { ResourceGrant, TableModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readString, XObject } from '../readers';
import type { MessagingAnswer } from '../lock';
import { lockedAnswer } from '../lookups';
import { checkProperties, messagingLookupRequest, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { rawTableScaling, readTableScaling, TABLE_SCALING_KEY } from './dynamodb-scaling';
import { refuseKeyReference } from './kms';
import { messagingGrants, MessagingSpec } from './messaging';

export const DYNAMODB_KEY = 'x-dynamodb';
/** `Ref` is the table name; the others are its `Fn::GetAtt` attributes. */
export const TABLE_ATTRIBUTES = ['TableName', 'Arn', 'StreamArn'];
export const TABLE_ATTRIBUTE_ALIASES = { Name: 'TableName', TableArn: 'Arn' };
/** `x-cloudmap`: registration in the project's Cloud Map namespace (resolve/resource-cloudmap.ts). */
const SETTINGS_KEYS = ['EnvNames', 'x-cloudmap'];
/** DynamoDB table names: 3 to 255 letters, digits, `_`, `-` and `.`. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]{3,255})$/;
const isFalse = (v: unknown) => v === false || v === 'false';

export interface TableResolution {
  readonly tables: TableModel[];
  readonly grants: ResourceGrant[];
}

export function resolveTables(ctx: ResolveContext, membership: Membership, spec: MessagingSpec): TableResolution {
  const entries = readResourceEntries(ctx, DYNAMODB_KEY, [], SETTINGS_KEYS, [TABLE_SCALING_KEY]);
  const ids = logicalIds(entries.map((e) => e.name));
  const tables: TableModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    const existing = readTableLookup(ctx, entry);
    if (!entry.lookup) checkTableProperties(ctx, entry);
    const scaling = readTableScaling(ctx, entry, rawTableScaling(ctx, DYNAMODB_KEY, entry));
    const stream = entry.lookup ? existing?.streamArn !== undefined : entry.properties.StreamSpecification !== undefined;
    tables.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      properties: entry.properties,
      stream,
      ...(existing ? { existingArn: existing.arn } : {}),
      ...(existing?.streamArn ? { existingStreamArn: existing.streamArn } : {}),
      ...(scaling && scaling.length > 0 ? { scaling } : {}),
    });
    const unavailable: Record<string, string> = stream
      ? {}
      : { StreamArn: entry.lookup ? (entry.lookup.Arn !== undefined ? 'the stream of a table looked up by ARN is not known (look it up by Name or Tags: composex lookup reads its stream)' : 'the looked-up table has no stream (DynamoDB Streams is off)') : 'the table has no StreamSpecification' };
    grants.push(...messagingGrants(ctx, entry, membership, spec, 'a DynamoDB table', undefined, { mainVariables: readEnvNames(ctx, entry), unavailable }));
  }
  return { tables, grants };
}

/**
 * `Lookup: {Arn: arn:aws:dynamodb:<region>:<account>:table/<name>}` (no AWS call needed), or
 * `{Name: …}` / `{Tags: …}`, answered by `composex lookup` from composex.lock.json (a name alone
 * lacks the region and account of the ARN) with the table's stream.
 */
function readTableLookup(ctx: ResolveContext, entry: ResourceEntry): { arn: string; streamArn?: string } | undefined {
  if (!entry.lookup) return undefined;
  const path = [...entry.path, 'Lookup'];
  const example = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders';
  if (Object.keys(entry.properties).length > 0) {
    ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing table is used as it is: remove Properties, or remove Lookup to create a new table', 'key');
  }
  if (entry.lookup.Arn === undefined) {
    const request = messagingLookupRequest(ctx, entry.path, entry.lookup, 'table');
    const answer = request && lockedAnswer<MessagingAnswer>(ctx, request);
    return answer ? { arn: answer.arn, ...(answer.streamArn ? { streamArn: answer.streamArn } : {}) } : undefined;
  }
  checkKeys(ctx, entry.lookup, path, ['Arn']);
  const arn = readString(ctx, entry.lookup.Arn, [...path, 'Arn'], example);
  if (arn !== undefined && !TABLE_ARN.test(arn)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of a DynamoDB table`, [...path, 'Arn'], `a table ARN looks like ${example}`);
    return undefined;
  }
  return arn === undefined ? undefined : { arn };
}

function checkTableProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::DynamoDB::Table');
  const pitr = isPlainObject(p.PointInTimeRecoverySpecification) ? p.PointInTimeRecoverySpecification : undefined;
  if (pitr && isFalse(pitr.PointInTimeRecoveryEnabled)) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `table '${entry.name}' would have no point-in-time recovery`, [...path, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'], 'remove PointInTimeRecoveryEnabled (composex turns point-in-time recovery on); RecoveryPeriodInDays sets how far back it goes');
  }
  const sse = isPlainObject(p.SSESpecification) ? p.SSESpecification : undefined;
  if (sse) refuseKeyReference(ctx, sse.KMSMasterKeyId, [...path, 'SSESpecification', 'KMSMasterKeyId']);
  if (sse && isFalse(sse.SSEEnabled)) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `table '${entry.name}' would be encrypted with an AWS owned key only`, [...path, 'SSESpecification', 'SSEEnabled'], 'remove SSEEnabled (composex encrypts with the AWS managed key aws/dynamodb), or give SSEType: KMS and KMSMasterKeyId for your own key');
  }
  if (p.TableName !== undefined) {
    const name = readString(ctx, p.TableName, [...path, 'TableName'], 'orders');
    if (name !== undefined && !TABLE_NAME.test(name)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not a valid table name`, [...path, 'TableName'], 'letters, digits, _, - and ., 3 to 255 characters');
    }
  }
  const onDemand = p.BillingMode === undefined ? p.ProvisionedThroughput === undefined : p.BillingMode === 'PAY_PER_REQUEST';
  if (onDemand && p.ProvisionedThroughput !== undefined) {
    ctx.error(CODES.INVALID_RESOURCE, `table '${entry.name}' is on demand (PAY_PER_REQUEST) and sets ProvisionedThroughput`, [...path, 'ProvisionedThroughput'], 'remove ProvisionedThroughput, or set BillingMode: PROVISIONED', 'key');
  }
  checkKeySchemas(ctx, entry);
}

/**
 * Every key attribute (of the table and of its indexes) is defined in `AttributeDefinitions`,
 * and every definition is a key attribute: CloudFormation refuses the table otherwise.
 */
function checkKeySchemas(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  for (const key of ['KeySchema', 'AttributeDefinitions']) {
    if (p[key] === undefined) {
      ctx.error(CODES.INVALID_TABLE_KEYS, `table '${entry.name}' has no ${key}`, Object.keys(p).length > 0 ? path : entry.path, 'a table needs KeySchema: [{AttributeName: id, KeyType: HASH}] and AttributeDefinitions: [{AttributeName: id, AttributeType: S}]', 'key');
    }
  }
  if (!Array.isArray(p.AttributeDefinitions) || !Array.isArray(p.KeySchema)) return;
  const defined = new Map<string, number>();
  p.AttributeDefinitions.forEach((d, i) => {
    if (isPlainObject(d) && typeof d.AttributeName === 'string') defined.set(d.AttributeName, i);
  });
  const used = new Set<string>();
  const schemas: { schema: unknown; at: Path }[] = [{ schema: p.KeySchema, at: [...path, 'KeySchema'] }];
  for (const indexes of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes']) {
    if (!Array.isArray(p[indexes])) continue;
    (p[indexes] as unknown[]).forEach((index, i) => {
      if (isPlainObject(index)) schemas.push({ schema: index.KeySchema, at: [...path, indexes, i, 'KeySchema'] });
    });
  }
  for (const { schema, at } of schemas) {
    if (!Array.isArray(schema)) continue;
    schema.forEach((k, i) => {
      const name = isPlainObject(k) ? (k as XObject).AttributeName : undefined;
      if (typeof name !== 'string') return;
      used.add(name);
      if (!defined.has(name)) {
        ctx.error(CODES.INVALID_TABLE_KEYS, `key attribute '${name}' of table '${entry.name}' is not in AttributeDefinitions`, [...at, i, 'AttributeName'], `add {AttributeName: ${name}, AttributeType: S} (or N, B) to AttributeDefinitions`);
      }
    });
  }
  for (const [name, i] of defined) {
    if (!used.has(name)) {
      ctx.error(CODES.INVALID_TABLE_KEYS, `attribute '${name}' of table '${entry.name}' is defined but is no key`, [...path, 'AttributeDefinitions', i, 'AttributeName'], 'AttributeDefinitions lists only the key attributes of the table and its indexes; other attributes need no definition');
    }
  }
}
