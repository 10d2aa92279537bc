/**
 * `x-kms`: customer managed KMS keys, their aliases, and who may use them.
 *
 *   x-kms:
 *     uploads:
 *       Properties: {Description: encrypts the uploads queue}
 *       Settings: {Alias: uploads}                 (alias/<project>/uploads; `alias/...` as is)
 *       Services:
 *         api: {Access: EncryptDecrypt, ReturnValues: {AliasName: UPLOADS_KEY_ALIAS}}
 *     legacy:
 *       Lookup: {Arn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab}
 *       (or {Tags: [{app: shop}]}, answered by `composex lookup` through composex.lock.json)
 *
 *   x-sqs:
 *     jobs:
 *       Properties: {KmsMasterKeyId: x-kms::uploads}
 *
 * Every consumer gets the key ARN in `<NAME>`. A resource that names the key (`x-kms::<key>`) gives
 * its own consumers the KMS actions its access needs on the key; the key policy lets SNS use the
 * key for exactly the topics that deliver to queues it encrypts.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { KeyModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { describePath, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, readString } from '../readers';
import type { MessagingAnswer } from '../lock';
import { lockedAnswer } from '../lookups';
import { checkProperties, messagingLookupRequest, parseReference, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { messagingGrants, MessagingSpec } from './messaging';

export const KMS_KEY = 'x-kms';
/** `Ref` is the key id; `Arn` and `KeyId` its `Fn::GetAtt` attributes; `AliasName` the alias created with it. */
export const KEY_ATTRIBUTES = ['Arn', 'KeyId', 'AliasName'];
export const KEY_ATTRIBUTE_ALIASES = { KeyArn: 'Arn', Alias: 'AliasName' };
const SETTINGS_KEYS = ['EnvNames', 'Alias'];
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** AWS KMS alias names: `alias/` then letters, digits, `/`, `_` and `-`, at most 256 characters; `alias/aws/` is AWS's. */
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
const isFalse = (v: unknown) => v === false || v === 'false';

/** Key properties composex writes itself, and why. */
const MANAGED: Readonly<Record<string, string>> = {
  KeyPolicy:
    'remove KeyPolicy: composex writes the key policy (the account may use the key through IAM policies, which composex grants per service; SNS is let in for the topics delivering to queues the key encrypts)',
  BypassPolicyLockoutSafetyCheck: 'remove BypassPolicyLockoutSafetyCheck: the key policy composex writes never locks the account out',
};

export interface KeyResolution {
  readonly keys: KeyModel[];
  readonly grants: ResourceGrant[];
}

export function resolveKeys(ctx: ResolveContext, membership: Membership, spec: MessagingSpec): KeyResolution {
  const entries = readResourceEntries(ctx, KMS_KEY, [], SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const keys: KeyModel[] = [];
  const grants: ResourceGrant[] = [];
  const aliases = new Map<string, Path>();
  for (const entry of entries) {
    const existingArn = readKeyLookup(ctx, entry);
    if (!entry.lookup) checkKeyProperties(ctx, entry);
    const alias = entry.lookup ? undefined : readAlias(ctx, entry, aliases);
    keys.push({ name: entry.name, logicalId: ids.get(entry.name)!, properties: entry.properties, snsTopics: [], ...(existingArn ? { existingArn } : {}), ...(alias ? { alias } : {}) });
    const unavailable: Record<string, string> = entry.lookup ? { AliasName: 'composex creates no alias for a looked-up key' } : {};
    grants.push(...messagingGrants(ctx, entry, membership, spec, 'a KMS key', undefined, { mainVariables: readEnvNames(ctx, entry), unavailable }));
  }
  return { keys, grants };
}

/** `Lookup: {Arn: arn:aws:kms:<region>:<account>:key/<id>}`: IAM scopes key permissions by key ARN, never by alias. */
function readKeyLookup(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  if (!entry.lookup) return undefined;
  const path = [...entry.path, 'Lookup'];
  const example = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  if (Object.keys(entry.properties).length > 0) {
    ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing key is used as it is: remove Properties, or remove Lookup to create a new key', 'key');
  }
  if (entry.lookup.Tags !== undefined) {
    // By tags, through composex.lock.json: the key ARN `composex lookup` found.
    const request = messagingLookupRequest(ctx, entry.path, entry.lookup, 'key', []);
    return request ? lockedAnswer<MessagingAnswer>(ctx, request)?.arn : undefined;
  }
  checkKeys(ctx, entry.lookup, path, ['Arn', 'Tags']);
  if (entry.lookup.Arn === undefined) {
    if (Object.keys(entry.lookup).length === 0) {
      ctx.error(CODES.INVALID_LOOKUP, `Lookup of '${entry.name}' gives no Arn`, path, `composex renders offline, so it looks keys up by ARN: Lookup: {Arn: ${example}}`, 'key');
    }
    return undefined;
  }
  const arn = readString(ctx, entry.lookup.Arn, [...path, 'Arn'], example);
  if (arn !== undefined && !KEY_ARN.test(arn)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of a KMS key`, [...path, 'Arn'], `IAM policies name a key by its key ARN, not an alias: ${example}`);
    return undefined;
  }
  return arn;
}

function checkKeyProperties(ctx: ResolveContext, entry: ResourceEntry): void {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::KMS::Key', MANAGED);
  if (isFalse(p.EnableKeyRotation) && symmetric(p)) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `key '${entry.name}' would never be rotated`, [...path, 'EnableKeyRotation'], 'remove EnableKeyRotation (composex turns yearly rotation on; RotationPeriodInDays sets another period, 90 to 2560 days)');
  }
  if (p.PendingWindowInDays !== undefined) {
    const days = Number(p.PendingWindowInDays);
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      ctx.error(CODES.INVALID_RESOURCE, `PendingWindowInDays of key '${entry.name}' must be a whole number of days from 7 to 30`, [...path, 'PendingWindowInDays'], 'AWS KMS waits 7 to 30 days before deleting a key (composex sets 30)');
    }
  }
}

/** Automatic rotation exists only for symmetric encryption keys whose material AWS KMS made (AWS, "Rotate AWS KMS keys"). */
export function symmetric(p: Readonly<Record<string, unknown>>): boolean {
  return (p.KeySpec === undefined || p.KeySpec === 'SYMMETRIC_DEFAULT') && (p.Origin === undefined || p.Origin === 'AWS_KMS');
}

/** `Settings.Alias`: `alias/...` as written, another name under `alias/<project>/`; default `alias/<project>/<name>`. */
function readAlias(ctx: ResolveContext, entry: ResourceEntry, seen: Map<string, Path>): string | undefined {
  const path = [...entry.path, 'Settings', 'Alias'];
  const given = entry.settings.Alias === undefined ? entry.name : readString(ctx, entry.settings.Alias, path, 'an alias name such as uploads or alias/acme/uploads');
  if (given === undefined) return undefined;
  const at = entry.settings.Alias === undefined ? entry.path : path;
  const alias = given.startsWith('alias/') ? given : `alias/${ctx.project.name}/${given}`;
  if (!ALIAS_NAME.test(alias) || alias.length > 256 || alias.startsWith('alias/aws/')) {
    ctx.error(
      CODES.INVALID_RESOURCE,
      `'${alias}' is not an alias name composex can create`,
      at,
      alias.startsWith('alias/aws/') ? 'alias/aws/ is reserved for AWS managed keys: choose another name' : 'letters, digits, /, _ and -, at most 256 characters with alias/',
      entry.settings.Alias === undefined ? 'key' : 'value',
    );
    return undefined;
  }
  const earlier = seen.get(alias);
  if (earlier) {
    ctx.error(CODES.INVALID_RESOURCE, `alias '${alias}' is given to two keys`, at, `an alias names one key: change Settings.Alias (the other is at ${ctx.where(earlier)})`, entry.settings.Alias === undefined ? 'key' : 'value');
    return undefined;
  }
  seen.set(alias, at);
  return alias;
}

/**
 * `x-kms::<key>` (or `x-kms::<key>::Arn`) where a resource takes a KMS key: the x-kms key's name,
 * or undefined when the value is no x-kms reference. An unknown key is an error.
 */
export function readKeyReference(ctx: ResolveContext, value: unknown, path: Path, keys: readonly KeyModel[]): { key: string } | undefined {
  if (typeof value !== 'string' || !value.startsWith(`${KMS_KEY}::`)) return undefined;
  const ref = parseReference(value);
  if (!ref || ref.key !== KMS_KEY || (ref.attribute !== undefined && ref.attribute !== 'Arn')) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `'${value}' does not name an x-kms key`, path, 'write x-kms::<key name> (or x-kms::<key name>::Arn)');
    return { key: '' };
  }
  if (!keys.some((k) => k.name === ref.name)) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `${describePath(path)} names key '${ref.name}', which is not under x-kms`, path, suggestion(ref.name, keys.map((k) => k.name), 'key'));
    return { key: '' };
  }
  return { key: ref.name };
}

/** An x-kms reference where composex does not read one yet: the value would reach CloudFormation as is. */
export function refuseKeyReference(ctx: ResolveContext, value: unknown, path: Path): boolean {
  if (typeof value !== 'string' || !value.startsWith(`${KMS_KEY}::`)) return false;
  ctx.error(
    CODES.KMS_REFERENCE_UNSUPPORTED,
    `${describePath(path)} names an x-kms key, which composex reads only in x-sqs KmsMasterKeyId and x-kinesis StreamEncryption.KeyId`,
    path,
    'give the key ARN (an x-kms key with Lookup has one), or encrypt with the AWS managed key by removing the setting',
  );
  return true;
}
