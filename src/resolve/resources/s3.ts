/**
 * `x-s3`: S3 buckets and who may use their objects and the bucket itself.
 *
 *   x-s3:
 *     uploads:
 *       Properties: {BucketName: acme-uploads, LifecycleConfiguration: {...}}
 *       MacroParameters: {ExpandAccountIdToBucket: true, ExpandRegionToBucket: true}
 *       Services:
 *         api: {Access: {objects: RW, bucket: ListOnly}}
 *         thumbnailer: {Access: {objects: ReadOnly}, ReturnValues: {Arn: UPLOADS_ARN}}
 *     archive:
 *       Lookup: {Arn: arn:aws:s3:::acme-archive}        (or {Name: …} / {Identifier: …}; or {Tags: …}, through composex.lock.json)
 *
 * `Access` is a mapping, as in ECS ComposeX: `objects` levels act on `arn:…:<bucket>/*`, `bucket`
 * levels on the bucket ARN. Every consumer gets the bucket name in `<NAME>`.
 */
import type { Path } from '../../compose/source-map';
import type { BucketModel, GrantPermission, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readBoolean, readList, readObject, readString, XObject } from '../readers';
import { AccessLevel, levelScopes } from './access';
import type { MessagingAnswer } from '../lock';
import { LOCK_FILE_NAME, lockedAnswer } from '../lookups';
import { checkProperties, messagingLookupRequest, readAccessLevel, readConsumers, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { availableReturnValues, mainEnvironment } from './messaging';
import type { ResourceKindSpec } from './spec';
import { customerKey } from './sqs';
import { warnNotificationDestinations } from './s3-notifications';

export const S3_KEY = 'x-s3';
/**
 * The AWS Config rule that checks a bucket policy denies requests without TLS, written in an
 * `Access` of ECS ComposeX's use-cases/s3/full_s3_bucket_properties.yml. ECS ComposeX's x-s3 schema
 * lets `Access` hold any key and its s3 code reads only `objects` and `bucket` (its TLS switch is
 * `enforceSecureConnection`): the key changed nothing there. composex accepts it with a warning
 * (CX3637) saying what holds: the policy of every bucket composex creates denies requests without TLS.
 */
const SSL_REQUESTS_ONLY = 's3-bucket-ssl-requests-only';
/** `Ref` is the bucket name; the others are its `Fn::GetAtt` attributes. */
export const BUCKET_ATTRIBUTES = ['BucketName', 'Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName'];
export const BUCKET_ATTRIBUTE_ALIASES = { Name: 'BucketName', BucketArn: 'Arn' };
const MACRO_KEYS = ['ExpandRegionToBucket', 'ExpandAccountIdToBucket', 'NameSeparator', 'BucketPolicy'];
/** `x-cloudmap`: registration in the project's Cloud Map namespace (resolve/resource-cloudmap.ts). */
const SETTINGS_KEYS = ['EnvNames', 'x-cloudmap'];
const ACCESS_KEYS = ['objects', 'bucket', 'enforceSecureConnection', SSL_REQUESTS_ONLY];
const PUBLIC_ACCESS_BLOCK = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
/** S3 bucket naming rules (AWS, "General purpose bucket naming rules"): 3 to 63 characters. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;
/** Expansions are counted at their longest: a 12-digit account id, a 14-character region name (ap-southeast-2). */
const ACCOUNT_ID_CHARS = 12;
const REGION_CHARS = 14;

/** Properties composex sets itself, and why (the hint). */
const MANAGED: Readonly<Record<string, string>> = {
  AccessControl:
    'remove it: composex buckets have ACLs disabled (ObjectOwnership: BucketOwnerEnforced), and S3 then refuses any ACL but the owner-only ones (AccessControlListNotSupported); services get access through Services, other accounts through your own bucket policy outside composex',
  OwnershipControls: 'remove it: composex disables ACLs (ObjectOwnership: BucketOwnerEnforced); services get access through Services',
};

/**
 * The canned ACLs that give the bucket owner full control and nobody else anything: what a bucket
 * with ACLs disabled has anyway ("Bucket owner enforced: ACLs are disabled, and the bucket owner
 * automatically owns and has full control over every object"; S3 accepts only
 * bucket-owner-full-control ACLs in requests to such a bucket, AWS S3 User Guide, "Controlling
 * ownership of objects and disabling ACLs"). Left out of the template with a warning (CX3638).
 */
const OWNER_ONLY_ACLS = ['BucketOwnerFullControl', 'Private'];

export type BucketSpec = Pick<ResourceKindSpec<'bucket'>, 'kind' | 'access' | 'values'>;

export interface BucketResolution {
  readonly buckets: BucketModel[];
  readonly grants: ResourceGrant[];
}

export function resolveBuckets(ctx: ResolveContext, membership: Membership, spec: BucketSpec): BucketResolution {
  const entries = readResourceEntries(ctx, S3_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const buckets: BucketModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    const existing = readBucketLookup(ctx, entry);
    const existingArn = existing?.arn;
    // AccessControl is either left out (owner only, CX3638) or refused.
    const { BucketName: _name, AccessControl: _acl, ...written } = entry.properties;
    const properties = withoutBareManagedKey(written);
    const bucketName = entry.lookup ? undefined : readBucketName(ctx, entry);
    const kmsKeyArn = entry.lookup ? existing?.kmsKeyArn : checkBucketProperties(ctx, entry);
    if (!entry.lookup) readBucketPolicy(ctx, entry);
    buckets.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      properties,
      ...(existingArn ? { existingArn } : {}),
      ...(bucketName ? { bucketName } : {}),
      ...(kmsKeyArn ? { kmsKeyArn } : {}),
    });
    grants.push(...bucketGrants(ctx, entry, membership, spec, kmsKeyArn));
  }
  return { buckets, grants };
}

/**
 * `Lookup: {Arn: arn:aws:s3:::name}`, `{Name: name}` or `{Identifier: name or ARN}` (no AWS call
 * needed: a bucket's name is its identity, and its ARN has no region or account), or `{Tags: …}`,
 * answered by `composex lookup` from composex.lock.json with the bucket's default-encryption key.
 *
 * `Identifier` is ECS ComposeX's common Lookup key ("the service resource ID"), read as x-vpc and
 * x-elasticache read it. ECS ComposeX found a bucket by `Tags` only and did not read `Identifier`
 * (its use-cases/s3/lookup_only.yml gives both): with both, the bucket is found by `Tags`, as there,
 * and must be the one `Identifier` names (CX3636), since the file names it.
 */
function readBucketLookup(ctx: ResolveContext, entry: ResourceEntry): { arn: string; kmsKeyArn?: string } | undefined {
  if (!entry.lookup) return undefined;
  const path = [...entry.path, 'Lookup'];
  for (const [part, value] of [['Properties', entry.properties], ['MacroParameters', entry.macro]] as const) {
    if (Object.keys(value).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${part}`, [...entry.path, part], `an existing bucket is used as it is: remove ${part}, or remove Lookup to create a new bucket`, 'key');
    }
  }
  if (entry.lookup.Tags !== undefined) {
    // By tags (a name or an ARN beside them is reported by readSelector; an Identifier is checked).
    const { Identifier, ...byTags } = entry.lookup;
    const named = Identifier === undefined ? undefined : readBucketIdentifier(ctx, Identifier, [...path, 'Identifier']);
    const request = messagingLookupRequest(ctx, entry.path, byTags, 'bucket', []);
    const answer = request && lockedAnswer<MessagingAnswer>(ctx, request);
    if (!answer) return undefined;
    if (named !== undefined && named.arn.split(':::')[1] !== answer.name) {
      ctx.error(
        CODES.BUCKET_LOOKUP_IDENTIFIER_MISMATCH,
        `Lookup of '${entry.name}' names bucket '${named.arn.split(':::')[1]}' (Identifier), and its Tags find '${answer.name}' (${LOCK_FILE_NAME})`,
        [...path, 'Identifier'],
        `tag the bucket '${named.arn.split(':::')[1]}' so, and run \`composex lookup\` again; or keep only Identifier (no AWS call), or only Tags`,
      );
      return undefined;
    }
    const kmsKeyArn = customerKey(ctx, answer.kmsKeyId, path);
    return { arn: answer.arn, ...(kmsKeyArn ? { kmsKeyArn } : {}) };
  }
  checkKeys(ctx, entry.lookup, path, ['Arn', 'Name', 'Identifier', 'Tags']);
  const given = (['Arn', 'Name', 'Identifier'] as const).filter((k) => entry.lookup![k] !== undefined);
  if (given.length === 0 && Object.keys(entry.lookup).length > 0) return undefined;
  if (given.length !== 1) {
    ctx.error(
      CODES.INVALID_LOOKUP,
      given.length === 0 ? `Lookup of '${entry.name}' must give either Arn, Name, Identifier or Tags` : `Lookup of '${entry.name}' finds the bucket by ${given.join(' and ')}; give one of them`,
      given.length === 0 ? path : [...path, given[1]],
      'Lookup: {Arn: arn:aws:s3:::my-bucket}, {Name: my-bucket}, {Identifier: my-bucket}, or {Tags: [{app: shop}]} (answered by `composex lookup`)',
      'key',
    );
    return undefined;
  }
  return readBucketIdentifier(ctx, entry.lookup[given[0]], [...path, given[0]], given[0] === 'Arn' ? 'arn' : given[0] === 'Name' ? 'name' : 'either');
}

/** A bucket's ARN from its ARN or its name (`either`: an ARN when it starts with `arn:`). */
function readBucketIdentifier(ctx: ResolveContext, value: unknown, path: Path, form: 'arn' | 'name' | 'either' = 'either'): { arn: string } | undefined {
  const text = readString(ctx, value, path, form === 'arn' ? 'arn:aws:s3:::my-bucket' : 'my-bucket');
  if (text === undefined) return undefined;
  if (form === 'arn' || (form === 'either' && text.startsWith('arn:'))) {
    if (!BUCKET_ARN.test(text)) {
      ctx.error(CODES.INVALID_LOOKUP, `'${text}' is not the ARN of an S3 bucket`, path, 'a bucket ARN has no region or account: arn:aws:s3:::my-bucket');
      return undefined;
    }
    return { arn: text };
  }
  if (!validBucketName(text)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${text}' is not an S3 bucket name`, path, 'bucket names have 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit');
    return undefined;
  }
  // A name alone says nothing of the partition: the standard one (give the ARN for another).
  return { arn: `arn:aws:s3:::${text}` };
}

function validBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** `BucketName` and the ECS ComposeX expansions `ExpandAccountIdToBucket`, `ExpandRegionToBucket`, `NameSeparator`. */
function readBucketName(ctx: ResolveContext, entry: ResourceEntry): BucketModel['bucketName'] {
  const macro = entry.macro;
  const macroPath = [...entry.path, 'MacroParameters'];
  const flag = (key: string) => (macro[key] === undefined ? false : readBoolean(ctx, macro[key], [...macroPath, key]) ?? false);
  const accountId = flag('ExpandAccountIdToBucket');
  const region = flag('ExpandRegionToBucket');
  let separator = '-';
  if (macro.NameSeparator !== undefined) {
    const s = readString(ctx, macro.NameSeparator, [...macroPath, 'NameSeparator'], '"-"');
    if (s !== undefined && s !== '-' && s !== '.') {
      ctx.error(CODES.INVALID_BUCKET_NAME, `NameSeparator '${s}' cannot be part of a bucket name`, [...macroPath, 'NameSeparator'], 'use "-" (the default) or "."');
    } else if (s !== undefined) separator = s;
  }
  const namePath = [...entry.path, 'Properties', 'BucketName'];
  if (entry.properties.BucketName === undefined) {
    for (const key of ['ExpandAccountIdToBucket', 'ExpandRegionToBucket']) {
      // ECS ComposeX expands only a BucketName it is given (define_bucket_name), and ignores the
      // flag otherwise: so does composex, saying so (use-cases/firehose/create_only.yml writes both).
      if (macro[key] === true) {
        ctx.warning(CODES.S3_EXPANSION_WITHOUT_NAME, `${key} expands nothing: the bucket has no Properties.BucketName, and CloudFormation generates a unique name (as ECS ComposeX leaves it)`, [...macroPath, key], 'set Properties.BucketName for a name with the expansion, or remove it', 'key');
      }
    }
    return undefined;
  }
  const base = readString(ctx, entry.properties.BucketName, namePath, 'my-bucket');
  if (base === undefined) return undefined;
  const longest = base.length + (accountId ? separator.length + ACCOUNT_ID_CHARS : 0) + (region ? separator.length + REGION_CHARS : 0);
  const sample = `${base}${accountId ? `${separator}123456789012` : ''}${region ? `${separator}eu-west-1` : ''}`;
  if (!validBucketName(sample) || longest > 63) {
    ctx.error(
      CODES.INVALID_BUCKET_NAME,
      `'${base}' would not make a valid bucket name${accountId || region ? ' with its expansions' : ''}`,
      namePath,
      `bucket names have 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit${accountId || region ? ` (the account id adds ${separator.length + ACCOUNT_ID_CHARS} characters, the region up to ${separator.length + REGION_CHARS})` : ''}`,
    );
    return undefined;
  }
  return { base, separator, accountId, region };
}

/** Settings that would make the bucket public or unprotected; returns its customer KMS key, if any. */
function checkBucketProperties(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  const ownerOnly = typeof p.AccessControl === 'string' && OWNER_ONLY_ACLS.includes(p.AccessControl);
  if (ownerOnly) {
    ctx.warning(
      CODES.BUCKET_OWNER_ONLY_ACL,
      `AccessControl: ${String(p.AccessControl)} of bucket '${entry.name}' is left out: it gives the bucket owner full control and nobody else anything, which is what a composex bucket has (ACLs disabled, ObjectOwnership: BucketOwnerEnforced)`,
      [...path, 'AccessControl'],
      'remove AccessControl: nothing changes; services get access through Services',
      'key',
    );
  }
  if (p.WebsiteConfiguration !== undefined) {
    ctx.warning(
      CODES.BUCKET_WEBSITE_NOT_PUBLIC,
      `bucket '${entry.name}' keeps its WebsiteConfiguration, but its website endpoint will answer 403 Forbidden to every request for an object: the endpoint serves only objects anyone may read, and composex blocks all public access on its buckets (S3 Block Public Access)`,
      [...path, 'WebsiteConfiguration'],
      'to serve the bucket as a website, put CloudFront with origin access control in front of it (its default root object, custom error responses and functions stand for IndexDocument, ErrorDocument and RoutingRules); remove WebsiteConfiguration to silence this warning',
      'key',
    );
  }
  const { AccessControl: _acl, ...checked } = p;
  checkProperties(ctx, ownerOnly ? checked : { ...checked, ...(p.AccessControl !== undefined ? { AccessControl: p.AccessControl } : {}) }, path, 'AWS::S3::Bucket', MANAGED);
  if (p.PublicAccessBlockConfiguration !== undefined) checkPublicAccessBlock(ctx, entry, [...path, 'PublicAccessBlockConfiguration']);
  warnNotificationDestinations(ctx, entry, p.NotificationConfiguration, [...path, 'NotificationConfiguration']);
  const versioning = isPlainObject(p.VersioningConfiguration) ? p.VersioningConfiguration.Status : undefined;
  if (versioning !== undefined && versioning !== 'Enabled') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `bucket '${entry.name}' would not keep object versions`, [...path, 'VersioningConfiguration', 'Status'], 'remove VersioningConfiguration (composex turns versioning on); expire old versions with LifecycleConfiguration NoncurrentVersionExpiration');
  }
  return encryptionKey(ctx, entry);
}

/**
 * `PublicAccessBlockConfiguration`: composex writes all four settings true. A `false` is refused,
 * except `RestrictPublicBuckets: false` beside `BlockPublicPolicy: true` (ECS ComposeX's
 * use-cases/s3/full_s3_bucket_properties.yml): RestrictPublicBuckets restricts access to a bucket
 * whose policy is public, and BlockPublicPolicy makes S3 "reject calls to PUT Bucket policy if the
 * specified bucket policy allows public access" (S3 API Reference, PublicAccessBlockConfiguration),
 * so a new bucket never has such a policy: the file's bucket cannot be public either way. It is
 * written true, with a warning (CX3639).
 */
function checkPublicAccessBlock(ctx: ResolveContext, entry: ResourceEntry, at: Path): void {
  const block = readObject(ctx, entry.properties.PublicAccessBlockConfiguration, at) ?? {};
  const isTrue = (v: unknown) => v === true || v === 'true';
  for (const key of PUBLIC_ACCESS_BLOCK) {
    if (block[key] === undefined || isTrue(block[key])) continue;
    if (key === 'RestrictPublicBuckets' && isTrue(block.BlockPublicPolicy)) {
      ctx.warning(
        CODES.RESTRICT_PUBLIC_BUCKETS_MOOT,
        `RestrictPublicBuckets: ${String(block[key])} of bucket '${entry.name}' is written true: with BlockPublicPolicy: true S3 refuses any public bucket policy, so there is no public policy to restrict and the bucket is not public either way`,
        [...at, key],
        'remove RestrictPublicBuckets (or the whole PublicAccessBlockConfiguration): composex blocks all public access',
      );
      continue;
    }
    ctx.error(
      CODES.UNSAFE_RESOURCE_PROPERTY,
      `bucket '${entry.name}' would allow public access (${key}: ${String(block[key])})`,
      [...at, key],
      'remove PublicAccessBlockConfiguration: composex blocks all public access on its buckets (S3 Block Public Access, all four settings true); serve public content through CloudFront with origin access control, and give other accounts access with a bucket policy of your own outside composex',
    );
  }
}

/**
 * `KMSMasterKeyID: aws/s3` (ECS ComposeX's use-cases/s3/full_s3_bucket_properties.yml): the AWS
 * managed key's alias without `alias/`. S3 takes a key id, a key ARN or an alias (`alias/<name>`)
 * there (AWS::S3::Bucket ServerSideEncryptionByDefault, KMSMasterKeyID), so it would look for a key
 * whose id is `aws/s3` and fail; with `aws:kms` and no KMSMasterKeyID, S3 uses the AWS managed key
 * aws/s3. It is left out, with a warning (CX3629).
 */
const BARE_MANAGED_KEY = 'aws/s3';

function withoutBareManagedKey(properties: XObject): XObject {
  const encryption = properties.BucketEncryption;
  if (!isPlainObject(encryption) || !Array.isArray(encryption.ServerSideEncryptionConfiguration)) return properties;
  const rules = encryption.ServerSideEncryptionConfiguration.map((rule) => {
    if (!isPlainObject(rule) || !isPlainObject(rule.ServerSideEncryptionByDefault) || rule.ServerSideEncryptionByDefault.KMSMasterKeyID !== BARE_MANAGED_KEY) return rule;
    const { KMSMasterKeyID: _key, ...byDefault } = rule.ServerSideEncryptionByDefault;
    return { ...rule, ServerSideEncryptionByDefault: byDefault };
  });
  return { ...properties, BucketEncryption: { ...encryption, ServerSideEncryptionConfiguration: rules } };
}

/** The KMS key of `BucketEncryption` (`aws:kms` with `KMSMasterKeyID`), if a customer key. */
function encryptionKey(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const encryption = entry.properties.BucketEncryption;
  if (encryption === undefined) return undefined;
  const path = [...entry.path, 'Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration'];
  const rules = isPlainObject(encryption) && Array.isArray(encryption.ServerSideEncryptionConfiguration) ? encryption.ServerSideEncryptionConfiguration : [];
  const keys = rules.flatMap((rule, i) => {
    const byDefault = isPlainObject(rule) && isPlainObject(rule.ServerSideEncryptionByDefault) ? rule.ServerSideEncryptionByDefault : undefined;
    if (byDefault?.KMSMasterKeyID === undefined) return [];
    if (byDefault.KMSMasterKeyID === BARE_MANAGED_KEY) {
      ctx.warning(
        CODES.BUCKET_BARE_MANAGED_KEY,
        `KMSMasterKeyID '${BARE_MANAGED_KEY}' of bucket '${entry.name}' is left out: S3 would read it as a key id and fail (an alias is written alias/<name>); without it, SSE-KMS uses the AWS managed key aws/s3, which this names`,
        [...path, i, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'],
        'remove KMSMasterKeyID (SSEAlgorithm: aws:kms alone uses aws/s3), or write alias/aws/s3',
      );
      return [];
    }
    const key = customerKey(ctx, byDefault.KMSMasterKeyID, [...path, i, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID']);
    return key ? [key] : [];
  });
  return keys[0];
}

/** `MacroParameters.BucketPolicy`: the TLS-only policy is always there; other statements are refused. */
function readBucketPolicy(ctx: ResolveContext, entry: ResourceEntry): void {
  if (entry.macro.BucketPolicy === undefined) return;
  const path = [...entry.path, 'MacroParameters', 'BucketPolicy'];
  const policy = readObject(ctx, entry.macro.BucketPolicy, path, '{PredefinedBucketPolicies: [enforceSecureConnection]}');
  if (!policy) return;
  checkKeys(ctx, policy, path, ['PredefinedBucketPolicies', 'Statement']);
  if (policy.Statement !== undefined) {
    ctx.error(
      CODES.UNSUPPORTED_MACRO_PARAMETER,
      `composex does not add statements to the policy of bucket '${entry.name}'`,
      [...path, 'Statement'],
      'remove Statement: services get access through Services (task role permissions), and the bucket policy only denies requests without TLS; grant other principals outside composex',
      'key',
    );
  }
  if (policy.PredefinedBucketPolicies !== undefined) {
    const list = readList(ctx, policy.PredefinedBucketPolicies, [...path, 'PredefinedBucketPolicies'], '[enforceSecureConnection]') ?? [];
    list.forEach((item, i) => {
      if (item !== 'enforceSecureConnection') {
        ctx.error(CODES.UNSUPPORTED_MACRO_PARAMETER, `'${String(item)}' is not a predefined bucket policy`, [...path, 'PredefinedBucketPolicies', i], 'the one predefined policy is enforceSecureConnection (composex always adds it)');
      }
    });
  }
}

function bucketGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, spec: BucketSpec, kmsKey: string | undefined): ResourceGrant[] {
  const tables = { objects: spec.access.keyed?.objects ?? {}, bucket: spec.access.keyed?.bucket ?? {} };
  const mainVariables = readEnvNames(ctx, entry);
  const unavailable: Record<string, string> = entry.lookup ? { DualStackDomainName: 'the region of a looked-up bucket is not known', RegionalDomainName: 'the region of a looked-up bucket is not known' } : {};
  const grants: ResourceGrant[] = [];
  for (const consumer of readConsumers(ctx, entry, membership, ['Access', 'ReturnValues'])) {
    const at = [...consumer.path, 'Access'];
    const returnValues = availableReturnValues(ctx, consumer.entry.ReturnValues, [...consumer.path, 'ReturnValues'], spec, unavailable);
    const access = consumer.entry.Access;
    if (access === undefined) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `Services entry '${consumer.target}' of bucket '${entry.name}' gives no Access`, consumer.path, 'add Access: {objects: RW, bucket: ListOnly} (objects levels: ' + Object.keys(tables.objects).join(', ') + ')', 'key');
      continue;
    }
    if (!isPlainObject(access) && access !== ECS_COMPOSEX_RW_OBJECTS) {
      refuseStringAccess(ctx, entry.name, access, at, tables);
      continue;
    }
    if (access === ECS_COMPOSEX_RW_OBJECTS) {
      ctx.warning(
        CODES.BUCKET_ACCESS_STRING,
        `Access '${access}' to bucket '${entry.name}' is read as {objects: RW, bucket: ListOnly}: what ECS ComposeX granted for it (its default), read and write of the objects and listing the bucket`,
        at,
        'write Access: {objects: RW, bucket: ListOnly} to say so, or {objects: RW} alone if the service never lists the bucket',
      );
    }
    if (isPlainObject(access) && access[SSL_REQUESTS_ONLY] !== undefined) warnSslRequestsOnly(ctx, entry, access[SSL_REQUESTS_ONLY], at);
    const levels = readBucketAccess(ctx, access === ECS_COMPOSEX_RW_OBJECTS ? { objects: 'RW', bucket: 'ListOnly' } : (access as XObject), at, tables);
    if (!levels) continue;
    const permissions: GrantPermission[] = levels.flatMap(([, l]) => levelScopes(l.value).map(([suffix, actions]) => ({ scope: { on: 'resource' as const, ...(suffix ? { suffix } : {}) }, actions })));
    const kmsActions = [...new Set(levels.flatMap(([, l]) => l.value.kmsActions))].sort(compareStrings);
    if (kmsKey && kmsActions.length > 0) permissions.push({ scope: { on: 'kmsKey', keyArn: kmsKey }, actions: kmsActions });
    for (const family of consumer.families) {
      grants.push({
        kind: spec.kind,
        resource: entry.name,
        family,
        services: consumer.services,
        access: levels.map(([key, l]) => `${key}: ${l.level}`).join(', '),
        permissions,
        environment: [...mainEnvironment(entry, spec, mainVariables), ...returnValues],
        secrets: [],
      });
    }
  }
  return grants;
}

type Level = { level: string; value: AccessLevel };

/**
 * The one string ECS ComposeX's own example gives (use-cases/s3/simple_s3_bucket.yml). Its name
 * says what ECS ComposeX granted for it: read-write objects (with its default's ListOnly on the
 * bucket). It is read so, with a warning (CX3635); any other string is refused, since ECS ComposeX
 * granted the same default whatever the string said ("ReadOnly" too).
 */
const ECS_COMPOSEX_RW_OBJECTS = 'RWObjects';

/**
 * `access: RWObjects` (ECS ComposeX's use-cases/s3/simple_s3_bucket.yml): ECS ComposeX never had
 * string levels for a bucket. Its s3_ecs.py (at c271679a, the commit of that example, and later)
 * ignored any string — "No permissions associated for <service>. Setting default." — and granted
 * its default `{objects: RW, bucket: ListOnly}`; its levels (s3_perms.json) exist only under
 * `objects` and `bucket`. composex grants only what the file says, so it refuses a string whose
 * words do not say what ECS ComposeX granted (`RWObjects` does: ECS_COMPOSEX_RW_OBJECTS), and says
 * what ECS ComposeX granted, and what the string would mean if it is an `objects` level.
 */
function refuseStringAccess(ctx: ResolveContext, bucket: string, access: unknown, at: Path, tables: { objects: Readonly<Record<string, AccessLevel>>; bucket: Readonly<Record<string, AccessLevel>> }): void {
  const levels = `objects: ${Object.keys(tables.objects).join(', ')}; bucket: ${Object.keys(tables.bucket).join(', ')}`;
  if (typeof access !== 'string') {
    ctx.error(CODES.BUCKET_ACCESS_FORM, `Access to bucket '${bucket}' must say what it grants on the objects and on the bucket`, at, `write Access: {objects: RW, bucket: ListOnly} (${levels})`);
    return;
  }
  const objectsLevel = Object.prototype.hasOwnProperty.call(tables.objects, access);
  ctx.error(
    CODES.BUCKET_ACCESS_FORM,
    `Access '${access}' to bucket '${bucket}' ${objectsLevel ? `names a level of the objects only` : 'is not an access level of a bucket (nor was it in ECS ComposeX)'}; ECS ComposeX ignored a string here and granted its default, {objects: RW, bucket: ListOnly}`,
    at,
    objectsLevel
      ? `write Access: {objects: ${access}, bucket: ListOnly} for what '${access}' says, or {objects: RW, bucket: ListOnly} for what ECS ComposeX granted (${levels})`
      : `write Access: {objects: RW, bucket: ListOnly} for what ECS ComposeX granted (${levels})`,
  );
}

/** CX3637: `s3-bucket-ssl-requests-only` in an Access (located at the key, also in the list form's `access`). */
function warnSslRequestsOnly(ctx: ResolveContext, entry: ResourceEntry, value: unknown, at: Path): void {
  const written = [...at, SSL_REQUESTS_ONLY];
  const path = ctx.project.sourceMap.exact(written) ? written : [...at.slice(0, -1), 'access', SSL_REQUESTS_ONLY];
  if (readBoolean(ctx, value, path) === undefined) return;
  const holds = entry.lookup
    ? `composex does not change the policy of an existing bucket: '${entry.name}' denies requests without TLS only if its own bucket policy does`
    : `the policy of bucket '${entry.name}' denies every request without TLS (aws:SecureTransport false), as on every bucket composex creates`;
  ctx.warning(
    CODES.BUCKET_SSL_REQUESTS_ONLY,
    `'${SSL_REQUESTS_ONLY}' (the name of an AWS Config rule) grants and changes nothing, as in ECS ComposeX, which did not read it: ${holds}`,
    path,
    entry.lookup ? `remove it, and add a statement denying aws:SecureTransport false to the bucket's own policy` : 'remove it: nothing needs to be said for TLS',
    'key',
  );
}

/** `{objects: RW, bucket: ListOnly}`: at least one of the two; `enforceSecureConnection` is always true here. */
function readBucketAccess(ctx: ResolveContext, access: XObject, path: Path, tables: { objects: Readonly<Record<string, AccessLevel>>; bucket: Readonly<Record<string, AccessLevel>> }): [string, Level][] | undefined {
  checkKeys(ctx, access, path, ACCESS_KEYS);
  if (access.enforceSecureConnection !== undefined) readBoolean(ctx, access.enforceSecureConnection, [...path, 'enforceSecureConnection']);
  if (access.objects === undefined && access.bucket === undefined) {
    ctx.error(CODES.BUCKET_ACCESS_FORM, 'Access names no level for the objects or the bucket', path, 'write Access: {objects: RW, bucket: ListOnly} (either key may be left out)');
    return undefined;
  }
  const out: [string, Level][] = [];
  let ok = true;
  for (const key of ['objects', 'bucket'] as const) {
    if (access[key] === undefined) continue;
    const level = readAccessLevel(ctx, tables[key], access[key], [...path, key], key === 'objects' ? 'the objects of an S3 bucket' : 'an S3 bucket');
    if (level) out.push([key, level]);
    else ok = false;
  }
  return ok ? out : undefined;
}
