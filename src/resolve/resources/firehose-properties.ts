/**
 * The `Properties` of a new `x-kinesis_firehose` delivery stream: what composex writes for
 * AWS::KinesisFirehose::DeliveryStream and what the delivery role it creates must reach.
 *
 * - `x-s3::<bucket>` in a `BucketARN`, `x-kinesis::<stream>` in `KinesisStreamARN`, `x-kms::<key>`
 *   in `KeyARN` / `AWSKMSKeyARN` (the places ECS ComposeX reads them) name resources of the project:
 *   generate writes their ARNs there, and the stack of the delivery stream takes them as parameters
 *   from the stacks that create them (so CloudFormation creates those first).
 * - As ECS ComposeX does, the `RoleARN` of each S3 destination (and its backup) and of the Kinesis
 *   source is the role composex creates, unless `MacroParameters.DoNotOverrideIamRole` keeps the
 *   user's (`true`, or a list of the configurations to keep). A `RoleARN` that is replaced is
 *   reported (CX3891): the file names a role that will not be used.
 * - The role composex creates serves S3 destinations and a Kinesis source only (the Amazon Data
 *   Firehose Developer Guide, "Controlling access", lists what those need); any other source or
 *   destination must bring its own role (CX3894).
 * - What AWS would refuse is left out or raised with a warning: server-side encryption of a
 *   stream whose source is a Kinesis stream (CX3895), a buffer under 64 MiB with dynamic
 *   partitioning (CX3897).
 */
import type { Path } from '../../compose/source-map';
import type { BucketModel, DeliveryReference, DeliveryRoleModel, DeliveryTarget, KeyModel, StreamModel } from '../model';
import { suggestion } from '../../diagnostics';
import { CODES } from '../codes';
import { describePath, type ResolveContext } from '../context';
import { isPlainObject } from '../readers';
import { readPolicyReference } from '../x-iam';
import { parseReference, ResourceEntry } from './common';

/** The configurations whose `RoleARN` ECS ComposeX replaces (its `DoNotOverrideIamRole` list). */
export const ROLE_CONFIGURATIONS = [
  'S3DestinationConfiguration',
  'RedshiftDestinationConfiguration',
  'KinesisStreamSourceConfiguration',
  'ExtendedS3DestinationConfiguration',
  'ElasticsearchDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration',
];
/** Destinations whose access the delivery role composex creates grants. */
const S3_DESTINATIONS = ['S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration'];
const KINESIS_SOURCE = 'KinesisStreamSourceConfiguration';
/** Configurations that need no role of their own. */
const ROLELESS = ['DirectPutSourceConfiguration'];
export const STREAM_TYPES = ['DirectPut', 'KinesisStreamAsSource', 'MSKAsSource', 'DatabaseAsSource'];
/**
 * With dynamic partitioning, Firehose takes a buffer of at least 64 MiB (Amazon Data Firehose
 * Developer Guide, "Dynamic partitioning": the buffer size minimum when it is enabled).
 */
export const DYNAMIC_PARTITIONING_MIN_MIB = 64;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]{1,128}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

/** Where ECS ComposeX reads a reference of each kind: the property that holds it. */
const REFERENCE_PLACES: Readonly<Record<string, { kind: DeliveryReference['kind']; properties: readonly string[] }>> = {
  'x-s3': { kind: 'bucket', properties: ['BucketARN'] },
  'x-kinesis': { kind: 'stream', properties: ['KinesisStreamARN'] },
  'x-kms': { kind: 'key', properties: ['KeyARN', 'AWSKMSKeyARN'] },
};

export interface ResolvedResources {
  readonly bucket: readonly BucketModel[];
  readonly stream: readonly StreamModel[];
  readonly key: readonly KeyModel[];
}

export interface DeliveryProperties {
  readonly properties: Record<string, unknown>;
  readonly references: DeliveryReference[];
  readonly role?: DeliveryRoleModel;
  readonly logged: string[];
  readonly kinesisSource: boolean;
}

type Obj = Record<string, unknown>;
const object = (v: unknown): Obj | undefined => (isPlainObject(v) ? (v as Obj) : undefined);
const isTrue = (v: unknown) => v === true || v === 'true' || v === 'True';

export function readDeliveryProperties(ctx: ResolveContext, entry: ResourceEntry, resolved: ResolvedResources): DeliveryProperties {
  const at: Path = [...entry.path, 'Properties'];
  // A copy: what AWS would refuse is changed here, never in the project.
  const p = JSON.parse(JSON.stringify(entry.properties)) as Obj;
  const kinesisSource = checkStreamType(ctx, entry, p, at);
  if (kinesisSource && p.DeliveryStreamEncryptionConfigurationInput !== undefined) {
    ctx.warning(
      CODES.FIREHOSE_ENCRYPTION_LEFT_OUT,
      `delivery stream '${entry.name}' reads from a Kinesis stream, and Firehose refuses server-side encryption for such a stream: DeliveryStreamEncryptionConfigurationInput is left out`,
      [...at, 'DeliveryStreamEncryptionConfigurationInput'],
      'remove it: the records are encrypted at rest in the source stream (encrypt that stream with StreamEncryption under x-kinesis), and in S3 by the bucket',
      'key',
    );
    delete p.DeliveryStreamEncryptionConfigurationInput;
  }
  checkEncryption(ctx, entry, p, at);
  raiseDynamicPartitioningBuffer(ctx, entry, p, at);
  const references = readReferences(ctx, p, at, resolved);
  const keep = readKeptRoles(ctx, entry);
  const configurations = Object.keys(p).filter((k) => k.endsWith('DestinationConfiguration') || (k.endsWith('SourceConfiguration') && !ROLELESS.includes(k)));
  const replaced = keep === true ? [] : configurations.filter((c) => !keep.includes(c));
  for (const config of configurations.filter((c) => !replaced.includes(c))) checkKeptRole(ctx, object(p[config]), [...at, config]);
  for (const config of replaced.filter((c) => !S3_DESTINATIONS.includes(c) && c !== KINESIS_SOURCE)) {
    ctx.error(
      CODES.FIREHOSE_DESTINATION_UNSUPPORTED,
      `composex creates the delivery role for S3 destinations and a Kinesis source only, not for ${config} of delivery stream '${entry.name}'`,
      [...at, config],
      `give the role Firehose assumes for it (RoleARN: arn:aws:iam::<account>:role/<name>) and keep it with MacroParameters: {DoNotOverrideIamRole: [${config}]}`,
      'key',
    );
  }
  const roleConfigs = replaced.filter((c) => S3_DESTINATIONS.includes(c) || c === KINESIS_SOURCE);
  if (roleConfigs.length === 0) return { properties: p, references, logged: [], kinesisSource };
  for (const config of roleConfigs) reportReplacedRoles(ctx, entry, object(p[config]) ?? {}, [...at, config], config);
  const role = deliveryRole(ctx, entry, p, roleConfigs, references, resolved);
  // Delivery errors go to a log group composex creates, unless the user configured logging.
  const logged = roleConfigs.filter((c) => S3_DESTINATIONS.includes(c) && object(p[c])?.CloudWatchLoggingOptions === undefined);
  return { properties: p, references, role, logged, kinesisSource };
}

/** `DeliveryStreamType` and the source configuration agree; exactly one destination. */
function checkStreamType(ctx: ResolveContext, entry: ResourceEntry, p: Obj, at: Path): boolean {
  const type = p.DeliveryStreamType ?? 'DirectPut';
  if (typeof type !== 'string' || !STREAM_TYPES.includes(type)) {
    ctx.error(CODES.FIREHOSE_INVALID, `'${String(type)}' is not a delivery stream type`, [...at, 'DeliveryStreamType'], `one of ${STREAM_TYPES.join(', ')}`);
    return false;
  }
  const kinesis = type === 'KinesisStreamAsSource';
  if (kinesis && p[KINESIS_SOURCE] === undefined) {
    ctx.error(CODES.FIREHOSE_INVALID, `delivery stream '${entry.name}' is of type KinesisStreamAsSource but names no source stream`, [...at, 'DeliveryStreamType'], `add KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::<stream>}`);
  } else if (!kinesis && p[KINESIS_SOURCE] !== undefined) {
    ctx.error(
      CODES.FIREHOSE_INVALID,
      `KinesisStreamSourceConfiguration of delivery stream '${entry.name}' needs DeliveryStreamType: KinesisStreamAsSource (it is ${String(type)}${p.DeliveryStreamType === undefined ? ', the default' : ''})`,
      [...at, KINESIS_SOURCE],
      'set DeliveryStreamType: KinesisStreamAsSource, or remove KinesisStreamSourceConfiguration for producers to put records directly',
      'key',
    );
  }
  const destinations = Object.keys(p).filter((k) => k.endsWith('DestinationConfiguration'));
  if (destinations.length !== 1) {
    ctx.error(
      CODES.FIREHOSE_INVALID,
      destinations.length === 0 ? `delivery stream '${entry.name}' has no destination` : `delivery stream '${entry.name}' has ${destinations.length} destinations (${destinations.join(', ')}): a delivery stream delivers to one`,
      destinations.length === 0 ? at : [...at, destinations[1]],
      destinations.length === 0 ? 'add ExtendedS3DestinationConfiguration: {BucketARN: x-s3::<bucket>}' : 'keep one; declare another delivery stream for the other destination',
      'key',
    );
  }
  return kinesis;
}

/** A key in `DeliveryStreamEncryptionConfigurationInput` is a customer managed key: its `KeyType` says so. */
function checkEncryption(ctx: ResolveContext, entry: ResourceEntry, p: Obj, at: Path): void {
  const sse = object(p.DeliveryStreamEncryptionConfigurationInput);
  if (!sse || sse.KeyARN === undefined) return;
  if (sse.KeyType === undefined) sse.KeyType = 'CUSTOMER_MANAGED_CMK';
  else if (sse.KeyType !== 'CUSTOMER_MANAGED_CMK') {
    ctx.error(
      CODES.FIREHOSE_INVALID,
      `delivery stream '${entry.name}' gives a KeyARN with KeyType ${String(sse.KeyType)}: Firehose takes a key ARN only for CUSTOMER_MANAGED_CMK`,
      [...at, 'DeliveryStreamEncryptionConfigurationInput', 'KeyType'],
      'write KeyType: CUSTOMER_MANAGED_CMK, or remove KeyARN for the AWS owned key',
    );
  }
}

function raiseDynamicPartitioningBuffer(ctx: ResolveContext, entry: ResourceEntry, p: Obj, at: Path): void {
  const s3 = object(p.ExtendedS3DestinationConfiguration);
  if (!s3 || !isTrue(object(s3.DynamicPartitioningConfiguration)?.Enabled)) return;
  const hints = object(s3.BufferingHints);
  const size = hints?.SizeInMBs;
  if (hints && typeof size === 'number' && size < DYNAMIC_PARTITIONING_MIN_MIB) {
    ctx.warning(
      CODES.FIREHOSE_BUFFER_RAISED,
      `delivery stream '${entry.name}' partitions dynamically with a ${size} MiB buffer, which Firehose refuses (at least ${DYNAMIC_PARTITIONING_MIN_MIB} MiB): written as ${DYNAMIC_PARTITIONING_MIN_MIB}`,
      [...at, 'ExtendedS3DestinationConfiguration', 'BufferingHints', 'SizeInMBs'],
      `write SizeInMBs: ${DYNAMIC_PARTITIONING_MIN_MIB} (up to 128), or turn DynamicPartitioningConfiguration off`,
    );
    hints.SizeInMBs = DYNAMIC_PARTITIONING_MIN_MIB;
  }
}

/** Every `x-<key>::<name>` value: at a place ECS ComposeX reads it, naming a resource of the project. */
function readReferences(ctx: ResolveContext, p: Obj, at: Path, resolved: ResolvedResources): DeliveryReference[] {
  const out: DeliveryReference[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, String(i)]));
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    else if (typeof value === 'string' && /^x-[a-z0-9_]+::/.test(value)) {
      const ref = readReference(ctx, value, path, [...at, ...path.map((s) => (/^\d+$/.test(s) ? Number(s) : s))], resolved);
      if (ref) out.push(ref);
    }
  };
  visit(p, []);
  return out;
}

function readReference(ctx: ResolveContext, value: string, path: string[], where: Path, resolved: ResolvedResources): DeliveryReference | undefined {
  const ref = parseReference(value);
  const place = ref ? REFERENCE_PLACES[ref.key] : undefined;
  const property = path[path.length - 1];
  const places = Object.entries(REFERENCE_PLACES).map(([key, v]) => `${key}:: in ${v.properties.join(' or ')}`).join(', ');
  if (!ref || !place || (ref.attribute !== undefined && ref.attribute !== 'Arn') || !place.properties.includes(property)) {
    ctx.error(CODES.FIREHOSE_REFERENCE_INVALID, `${describePath(where)}: '${value}' is not a reference composex reads there`, where, `composex writes the ARN of a resource of the project for ${places}; elsewhere give the value itself`);
    return undefined;
  }
  const names = resolved[place.kind].map((r) => r.name);
  if (!names.includes(ref.name)) {
    ctx.error(CODES.FIREHOSE_REFERENCE_INVALID, `${describePath(where)} names '${ref.name}', which is not under ${ref.key}`, where, suggestion(ref.name, names, ref.key));
    return undefined;
  }
  return { path, kind: place.kind, name: ref.name };
}

/** `MacroParameters.DoNotOverrideIamRole`: true (keep every role), or the configurations to keep. */
function readKeptRoles(ctx: ResolveContext, entry: ResourceEntry): true | string[] {
  const value = entry.macro.DoNotOverrideIamRole;
  const at = [...entry.path, 'MacroParameters', 'DoNotOverrideIamRole'];
  if (value === undefined || value === false || value === 'false' || value === 'False') return [];
  if (isTrue(value)) return true;
  if (!Array.isArray(value)) {
    ctx.error(CODES.FIREHOSE_INVALID, 'DoNotOverrideIamRole must be true, false or a list of configurations', at, `true, or a list of ${ROLE_CONFIGURATIONS.join(', ')}`);
    return [];
  }
  const kept: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && ROLE_CONFIGURATIONS.includes(item)) kept.push(item);
    else ctx.error(CODES.FIREHOSE_INVALID, `'${String(item)}' is not a configuration whose role composex replaces`, [...at, i], suggestion(String(item), ROLE_CONFIGURATIONS, 'configuration'));
  });
  return kept;
}

/** A role the user keeps: Firehose takes an IAM role ARN. */
function checkKeptRole(ctx: ResolveContext, config: Obj | undefined, at: Path): void {
  if (!config) return;
  const check = (holder: Obj, path: Path) => {
    const role = holder.RoleARN;
    if (typeof role === 'string' && ROLE_ARN.test(role)) return;
    ctx.error(
      CODES.FIREHOSE_ROLE_INVALID,
      role === undefined ? `${describePath(path)} gives no RoleARN, and composex does not create one for it (DoNotOverrideIamRole)` : `${describePath([...path, 'RoleARN'])} '${String(role)}' is not an IAM role ARN, which Firehose refuses`,
      role === undefined ? path : [...path, 'RoleARN'],
      'write the ARN of the role Firehose assumes (arn:aws:iam::<account>:role/<name>), or let composex create it: remove the configuration from DoNotOverrideIamRole',
      role === undefined ? 'key' : 'value',
    );
  };
  check(config, at);
  const backup = object(config.S3BackupConfiguration);
  if (backup) check(backup, [...at, 'S3BackupConfiguration']);
}

/** A `RoleARN` written where composex sets its own role: said at the place (as ECS ComposeX replaces it silently). */
function reportReplacedRoles(ctx: ResolveContext, entry: ResourceEntry, config: Obj, at: Path, name: string): void {
  const holders: [Obj, Path][] = [[config, at]];
  const backup = object(config.S3BackupConfiguration);
  if (backup) holders.push([backup, [...at, 'S3BackupConfiguration']]);
  for (const [holder, path] of holders) {
    const role = holder.RoleARN;
    if (role === undefined) continue;
    const why = typeof role === 'string' && ROLE_ARN.test(role) ? '' : `: '${String(role)}' is not an IAM role ARN, which Firehose would refuse anyway`;
    ctx.warning(
      CODES.FIREHOSE_ROLE_REPLACED,
      `RoleARN of ${describePath(path.slice(at.length - 1))} is replaced by the role composex creates for delivery stream '${entry.name}', as ECS ComposeX does${why}`,
      [...path, 'RoleARN'],
      `remove RoleARN; or, to have Firehose assume that role (which must then allow all the stream needs), add MacroParameters: {DoNotOverrideIamRole: [${name}]}`,
      'key',
    );
  }
}

/** What the role composex creates must reach, each resource named exactly. */
function deliveryRole(ctx: ResolveContext, entry: ResourceEntry, p: Obj, configurations: readonly string[], references: readonly DeliveryReference[], resolved: ResolvedResources): DeliveryRoleModel {
  const target = (path: string[], value: unknown, pattern: RegExp, what: string): DeliveryTarget | undefined => {
    const ref = references.find((r) => r.path.join('.') === path.join('.'));
    if (ref) return { kind: ref.kind, name: ref.name };
    if (value === undefined || (typeof value === 'string' && /^x-[a-z0-9_]+::/.test(value))) return undefined;
    if (typeof value === 'string' && pattern.test(value)) return { arn: value };
    ctx.error(CODES.FIREHOSE_INVALID, `${describePath([...entry.path, 'Properties', ...path])} is not ${what}`, [...entry.path, 'Properties', ...path], `the ARN of ${what}, or a reference to one of the project`);
    return undefined;
  };
  const buckets: DeliveryTarget[] = [];
  const bucketKeys: DeliveryTarget[] = [];
  const lambdas: string[] = [];
  const logGroups: string[] = [];
  let sourceStream: DeliveryTarget | undefined;
  let sourceKey: DeliveryTarget | undefined;
  const add = <T>(list: T[], t: T | undefined) => {
    if (t !== undefined && !list.some((x) => JSON.stringify(x) === JSON.stringify(t))) list.push(t);
  };
  for (const config of configurations) {
    const c = object(p[config]) ?? {};
    if (config === KINESIS_SOURCE) {
      const source = target([config, 'KinesisStreamARN'], c.KinesisStreamARN, STREAM_ARN, 'a Kinesis stream');
      sourceStream = source;
      sourceKey = source && 'kind' in source ? streamKey(resolved.stream.find((s) => s.name === source.name)) : undefined;
      continue;
    }
    const s3Parts: [Obj, string[]][] = [[c, [config]]];
    const backup = object(c.S3BackupConfiguration);
    if (backup) s3Parts.push([backup, [config, 'S3BackupConfiguration']]);
    for (const [part, path] of s3Parts) {
      const bucket = target([...path, 'BucketARN'], part.BucketARN, BUCKET_ARN, 'an S3 bucket');
      add(buckets, bucket);
      const kms = object(object(part.EncryptionConfiguration)?.KMSEncryptionConfig);
      add(bucketKeys, target([...path, 'EncryptionConfiguration', 'KMSEncryptionConfig', 'AWSKMSKeyARN'], kms?.AWSKMSKeyARN, KEY_ARN, 'a KMS key'));
      // S3 encrypts with the bucket's own customer managed key when Firehose names none.
      const own = bucket && 'kind' in bucket ? resolved.bucket.find((b) => b.name === bucket.name)?.kmsKeyArn : undefined;
      if (own !== undefined) add(bucketKeys, { arn: own });
      const logging = object(part.CloudWatchLoggingOptions);
      if (logging && logging.Enabled !== false && typeof logging.LogGroupName === 'string') add(logGroups, logging.LogGroupName);
    }
    for (const processor of arrayOf(object(c.ProcessingConfiguration)?.Processors)) {
      for (const parameter of arrayOf(object(processor)?.Parameters)) {
        const param = object(parameter);
        if (param?.ParameterName !== 'LambdaArn') continue;
        const arn = typeof param.ParameterValue === 'string' ? param.ParameterValue : undefined;
        if (arn !== undefined && LAMBDA_ARN.test(arn)) add(lambdas, arn);
        else ctx.error(CODES.FIREHOSE_INVALID, `the LambdaArn of a processor of delivery stream '${entry.name}' is not a Lambda function ARN`, [...entry.path, 'Properties', config, 'ProcessingConfiguration', 'Processors'], 'arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]');
      }
    }
  }
  const boundaryAt = [...entry.path, 'MacroParameters', 'x-iam', 'PermissionsBoundary'];
  const iam = object(entry.macro['x-iam']);
  const permissionsBoundary = iam?.PermissionsBoundary === undefined ? undefined : readPolicyReference(ctx, iam.PermissionsBoundary, boundaryAt, 'PermissionsBoundary');
  return {
    buckets,
    bucketKeys,
    ...(sourceStream ? { sourceStream } : {}),
    ...(sourceKey ? { sourceKey } : {}),
    lambdas,
    logGroups,
    configurations,
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
  };
}

/** The customer managed key of an x-kinesis stream (an x-kms key, or a key ARN); none for the AWS managed key. */
function streamKey(stream: StreamModel | undefined): DeliveryTarget | undefined {
  if (!stream) return undefined;
  if (stream.kmsKey !== undefined) return { kind: 'key', name: stream.kmsKey };
  const keyId = object(stream.properties.StreamEncryption)?.KeyId;
  return typeof keyId === 'string' && KEY_ARN.test(keyId) ? { arn: keyId } : undefined;
}

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
