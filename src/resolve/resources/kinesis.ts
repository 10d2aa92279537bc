/**
 * `x-kinesis`: Kinesis data streams and who may use them.
 *
 *   x-kinesis:
 *     events:
 *       Properties:
 *         RetentionPeriodHours: 48
 *         StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::events}   (an x-kms key: consumers get its KMS actions on it)
 *       Services:
 *         api: {Access: Producer}
 *         worker: {Access: Consumer, ReturnValues: {Arn: EVENTS_ARN}}
 *     clicks:
 *       Properties: {ShardCount: 2}                     (provisioned: ShardCount without StreamModeDetails)
 *     legacy:
 *       Lookup: {Arn: arn:aws:kinesis:eu-west-1:123456789012:stream/legacy}
 *     shared:
 *       Lookup: {Tags: [{app: shop}]}         (or {Name: shared}: answered by `composex lookup`, pinned in composex.lock.json)
 *
 * Every consumer gets the stream name in `<NAME>`. Streams are on demand unless `ShardCount` or
 * `StreamModeDetails` say otherwise, and encrypted with KMS (the AWS managed key
 * `alias/aws/kinesis` unless `StreamEncryption` names another).
 */
import type { Path } from '../../compose/source-map';
import type { KeyModel, ResourceGrant, StreamModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readString } from '../readers';
import type { MessagingAnswer } from '../lock';
import { lockedAnswer } from '../lookups';
import { checkProperties, lookedUpKmsKey, messagingLookupRequest, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { readKeyReference } from './kms';
import { KmsKeyRef, messagingGrants, MessagingSpec } from './messaging';
import { customerKey } from './sqs';

export const KINESIS_KEY = 'x-kinesis';
/** `Ref` is the stream name (`StreamId` in ECS ComposeX); `Arn` its `Fn::GetAtt` attribute. */
export const STREAM_ATTRIBUTES = ['Name', 'Arn'];
export const STREAM_ATTRIBUTE_ALIASES = { StreamId: 'Name', StreamName: 'Name', StreamArn: 'Arn' };
const SETTINGS_KEYS = ['EnvNames'];
/** ECS ComposeX's KCL helper: not honoured (see `refuseKclSetup`). */
const MACRO_KEYS = ['SetupIAMForKCL'];
/** Kinesis stream names: 1 to 128 letters, digits, `_`, `-` and `.`. */
const STREAM_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/([A-Za-z0-9_.-]{1,128})$/;
/** The AWS managed key of Kinesis, by alias name or alias ARN: callers need no KMS permission. */
const AWS_MANAGED_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/kinesis$/;
/** Data retention: 24 hours (the default) to 8,760 hours (365 days) (Kinesis `IncreaseStreamRetentionPeriod`). */
export const RETENTION_HOURS = { min: 24, max: 8760 } as const;
/** Shards of a provisioned stream: at least 1 (CloudFormation `ShardCount`, minimum 1). */
const MIN_SHARDS = 1;
/**
 * The shard count of a provisioned stream that gives none. Kinesis needs one ("For the data
 * streams with a provisioned mode, you must specify the number of shards", CreateStream); ECS
 * ComposeX sets 1 ("ShardCount must be set. Defaulting to 1"), and so does composex, with a
 * warning (CX3349).
 */
export const DEFAULT_SHARDS = 1;

/** `StreamModeDetails: {StreamMode: PROVISIONED}` without `ShardCount`: it gets DEFAULT_SHARDS. */
function needsDefaultShards(properties: Readonly<Record<string, unknown>>): boolean {
  return properties.ShardCount === undefined && isPlainObject(properties.StreamModeDetails) && properties.StreamModeDetails.StreamMode === 'PROVISIONED';
}

export interface StreamResolution {
  readonly streams: StreamModel[];
  readonly grants: ResourceGrant[];
}

export function resolveStreams(ctx: ResolveContext, membership: Membership, spec: MessagingSpec, keys: readonly KeyModel[]): StreamResolution {
  const entries = readResourceEntries(ctx, KINESIS_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const streams: StreamModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    refuseKclSetup(ctx, entry);
    const existingArn = readStreamLookup(ctx, entry);
    if (!entry.lookup) checkStreamProperties(ctx, entry);
    const encryption = isPlainObject(entry.properties.StreamEncryption) ? entry.properties.StreamEncryption : undefined;
    const keyPath = [...entry.path, 'Properties', 'StreamEncryption', 'KeyId'];
    const keyRef = entry.lookup ? undefined : readKeyReference(ctx, encryption?.KeyId, keyPath, keys);
    // An x-kms key: its ARN is written by the generate stage.
    const written = !entry.lookup && needsDefaultShards(entry.properties) ? { ...entry.properties, ShardCount: DEFAULT_SHARDS } : entry.properties;
    const properties = keyRef && encryption ? { ...written, StreamEncryption: withoutKeyId(encryption) } : written;
    streams.push({ name: entry.name, logicalId: ids.get(entry.name)!, properties, ...(keyRef?.key ? { kmsKey: keyRef.key } : {}), ...(existingArn ? { existingArn } : {}) });
    // An x-kms key; else a key ARN in StreamEncryption.KeyId; else, for a stream looked up by tags
    // or name, the customer-managed key `composex lookup` found on it.
    const kms: KmsKeyRef | undefined = keyRef
      ? keyRef.key
        ? keyRef
        : undefined
      : entry.lookup
        ? customerKey(ctx, lookedUpKmsKey(ctx, entry), [...entry.path, 'Lookup'])
        : streamCustomerKey(ctx, encryption?.KeyId, keyPath);
    grants.push(...messagingGrants(ctx, entry, membership, spec, 'a Kinesis stream', kms, { mainVariables: readEnvNames(ctx, entry) }));
  }
  return { streams, grants };
}

function withoutKeyId(encryption: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { KeyId: _key, ...rest } = encryption;
  return rest;
}

/** A key ARN in `StreamEncryption.KeyId`: consumers need KMS actions on it; the AWS managed key needs none. */
function streamCustomerKey(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  if (value === undefined || (typeof value === 'string' && AWS_MANAGED_KEY.test(value))) return undefined;
  return customerKey(ctx, value, path);
}

/**
 * ECS ComposeX's `SetupIAMForKCL` grants DynamoDB (tables by name, or any) and CloudWatch
 * `PutMetricData` on `*`: neither is scoped to a resource of the project.
 */
function refuseKclSetup(ctx: ResolveContext, entry: ResourceEntry): void {
  if (entry.macro.SetupIAMForKCL === undefined) return;
  ctx.error(
    CODES.UNSUPPORTED_MACRO_PARAMETER,
    `MacroParameters.SetupIAMForKCL of stream '${entry.name}' would grant DynamoDB and CloudWatch beyond this project's resources`,
    [...entry.path, 'MacroParameters', 'SetupIAMForKCL'],
    'remove it; declare the KCL lease table under x-dynamodb with Access: RW for the consumer, and turn KCL metrics off (metricsLevel NONE) or grant cloudwatch:PutMetricData with x-iam',
    'key',
  );
}

/**
 * `Lookup: {Arn: arn:aws:kinesis:<region>:<account>:stream/<name>}` (no AWS call), or by `Tags` or
 * `Name`, answered by `composex lookup` from composex.lock.json (the stream ARN and its key).
 */
function readStreamLookup(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  if (!entry.lookup) return undefined;
  const path = [...entry.path, 'Lookup'];
  const example = 'arn:aws:kinesis:eu-west-1:123456789012:stream/events';
  if (Object.keys(entry.properties).length > 0) {
    ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing stream is used as it is: remove Properties, or remove Lookup to create a new stream', 'key');
  }
  if (entry.lookup.Arn === undefined && (entry.lookup.Tags !== undefined || entry.lookup.Name !== undefined)) {
    const request = messagingLookupRequest(ctx, entry.path, entry.lookup, 'stream');
    return request && lockedAnswer<MessagingAnswer>(ctx, request)?.arn;
  }
  checkKeys(ctx, entry.lookup, path, ['Arn', 'Name', 'Tags']);
  if (entry.lookup.Arn === undefined) {
    // An unknown key was reported by checkKeys.
    if (Object.keys(entry.lookup).length === 0) {
      ctx.error(CODES.INVALID_LOOKUP, `Lookup of '${entry.name}' says neither what to find by`, path, `Lookup: {Tags: [{app: shop}]}, {Name: events} or {Arn: ${example}}`, 'key');
    }
    return undefined;
  }
  if (entry.lookup.Tags !== undefined || entry.lookup.Name !== undefined) {
    ctx.error(CODES.INVALID_LOOKUP, 'an Arn names one stream: give it alone', [...path, 'Arn'], 'remove Name and Tags, or remove Arn', 'key');
    return undefined;
  }
  const arn = readString(ctx, entry.lookup.Arn, [...path, 'Arn'], example);
  if (arn !== undefined && !STREAM_ARN.test(arn)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of a Kinesis data stream`, [...path, 'Arn'], `a stream ARN looks like ${example}`);
    return undefined;
  }
  return arn;
}

function checkStreamProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::Kinesis::Stream');
  if (p.Name !== undefined) {
    const name = readString(ctx, p.Name, [...path, 'Name'], 'events');
    if (name !== undefined && !STREAM_NAME.test(name)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not a valid stream name`, [...path, 'Name'], 'letters, digits, _, - and ., 1 to 128 characters');
    }
  }
  if (p.RetentionPeriodHours !== undefined) {
    const hours = Number(p.RetentionPeriodHours);
    if (!Number.isInteger(hours) || hours < RETENTION_HOURS.min || hours > RETENTION_HOURS.max) {
      ctx.error(
        CODES.KINESIS_RETENTION_INVALID,
        `RetentionPeriodHours of stream '${entry.name}' must be a whole number of hours from ${RETENTION_HOURS.min} to ${RETENTION_HOURS.max}`,
        [...path, 'RetentionPeriodHours'],
        `Kinesis keeps records 24 hours (the default) to 8,760 hours (365 days): write a value in that range, or remove it for 24 hours`,
      );
    }
  }
  checkCapacity(ctx, entry);
  const encryption = p.StreamEncryption;
  if (encryption !== undefined) {
    const at = [...path, 'StreamEncryption'];
    if (!isPlainObject(encryption)) {
      ctx.error(CODES.INVALID_RESOURCE, `StreamEncryption of stream '${entry.name}' must be a mapping`, at, '{EncryptionType: KMS, KeyId: <key ARN or x-kms::<key>>}');
    } else {
      checkKeys(ctx, encryption, at, ['EncryptionType', 'KeyId']);
      if (encryption.EncryptionType !== undefined && encryption.EncryptionType !== 'KMS') {
        ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `stream '${entry.name}' would not be encrypted with KMS`, [...at, 'EncryptionType'], 'remove EncryptionType: KMS is the only server-side encryption of Kinesis, and composex turns it on (AWS managed key alias/aws/kinesis unless KeyId names another)');
      }
    }
  }
}

/**
 * On demand (no shards to size) unless the stream says it is provisioned: `ShardCount` alone, as
 * ECS ComposeX files have it, means provisioned with that many shards. CloudFormation refuses a
 * shard count on an on-demand stream, and a provisioned one needs it: without one, 1 (CX3349).
 */
function checkCapacity(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  const details = p.StreamModeDetails;
  let mode: unknown;
  if (details !== undefined) {
    if (!isPlainObject(details)) {
      ctx.error(CODES.KINESIS_CAPACITY_INVALID, `StreamModeDetails of stream '${entry.name}' must be a mapping`, [...path, 'StreamModeDetails'], '{StreamMode: ON_DEMAND} or {StreamMode: PROVISIONED} with ShardCount');
      return;
    }
    mode = details.StreamMode;
    if (mode !== 'ON_DEMAND' && mode !== 'PROVISIONED') {
      ctx.error(CODES.KINESIS_CAPACITY_INVALID, `StreamMode of stream '${entry.name}' must be ON_DEMAND or PROVISIONED`, [...path, 'StreamModeDetails', ...(mode === undefined ? [] : ['StreamMode'])], 'StreamMode: ON_DEMAND (composex\'s default), or PROVISIONED with ShardCount', mode === undefined ? 'key' : 'value');
      return;
    }
  }
  if (p.ShardCount !== undefined) {
    const shards = Number(p.ShardCount);
    if (mode === 'ON_DEMAND') {
      ctx.error(CODES.KINESIS_CAPACITY_INVALID, `stream '${entry.name}' is on demand and sets ShardCount`, [...path, 'ShardCount'], 'remove ShardCount (an on-demand stream scales its shards itself), or set StreamModeDetails: {StreamMode: PROVISIONED}', 'key');
    } else if (!Number.isInteger(shards) || shards < MIN_SHARDS) {
      ctx.error(CODES.KINESIS_CAPACITY_INVALID, `ShardCount of stream '${entry.name}' must be a whole number of at least ${MIN_SHARDS}`, [...path, 'ShardCount'], 'give the number of shards (each takes 1 MB/s or 1,000 records/s in), or remove it for an on-demand stream');
    }
  } else if (mode === 'PROVISIONED') {
    ctx.warning(
      CODES.KINESIS_DEFAULT_SHARD_COUNT,
      `stream '${entry.name}' is provisioned and gives no ShardCount: composex gives it ${DEFAULT_SHARDS} shard, as ECS ComposeX does (Kinesis needs the shard count of a provisioned stream)`,
      [...path, 'StreamModeDetails'],
      `write ShardCount: <number of shards> (each takes 1 MB/s or 1,000 records/s in), ShardCount: ${DEFAULT_SHARDS} to keep this, or use StreamMode: ON_DEMAND`,
      'key',
    );
  }
}
