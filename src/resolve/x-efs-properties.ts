/**
 * `x-efs.<name>.Properties`: the raw properties of the volume's `AWS::EFS::FileSystem`, checked
 * for what CloudFormation and EFS would refuse, so the failure is reported at the key instead of
 * half-way through a deployment. Rules, each from the AWS documentation:
 *
 * - the property names of AWS::EFS::FileSystem (CloudFormation resource reference);
 * - composex keeps encryption at rest on (`Encrypted: false` is refused) and writes the file
 *   system policy itself (src/aws/volumes.ts: TLS only, through mount targets only);
 * - `AvailabilityZoneName` makes a One Zone file system, which takes a mount target in its own zone
 *   only ("One Zone file systems support only a single mount target, in the Availability Zone of
 *   the file system"), while composex puts one in every storage subnet;
 * - `ThroughputMode` is `bursting`, `provisioned` or `elastic`; "If you set ThroughputMode to
 *   provisioned, you must also set a value for ProvisionedThroughputInMibps", which is "Required if
 *   ThroughputMode is set to provisioned. Valid values are 1-3414 MiBps"; EFS reads it for no
 *   other mode;
 * - Max I/O performance mode "is not supported for file systems using Elastic throughput";
 * - "EFS requires that each LifecyclePolicy object have only a single transition", one object per
 *   transition (IA, Archive, back to primary storage);
 * - `BackupPolicy.Status` `DISABLED` turns off the daily AWS Backup of the data (a warning:
 *   composex turns it on by default for a volume's data).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { isPlainObject, XObject } from './readers';

export const FILE_SYSTEM_TYPE = 'AWS::EFS::FileSystem';

/** The properties of AWS::EFS::FileSystem (CloudFormation resource reference). */
export const FILE_SYSTEM_PROPERTIES: readonly string[] = [
  'AvailabilityZoneName',
  'BackupPolicy',
  'BypassPolicyLockoutSafetyCheck',
  'Encrypted',
  'FileSystemPolicy',
  'FileSystemProtection',
  'FileSystemTags',
  'KmsKeyId',
  'LifecyclePolicies',
  'PerformanceMode',
  'ProvisionedThroughputInMibps',
  'ReplicationConfiguration',
  'ThroughputMode',
];

/** Properties composex writes itself, with why and what to do instead. */
const MANAGED: Readonly<Record<string, { why: string; hint: string }>> = {
  FileSystemPolicy: {
    why: 'composex writes the file system policy: no client action without TLS or from outside a mount target, and mounting only for the task roles granted it',
    hint: 'remove FileSystemPolicy; who may mount is x-efs.<name>.Services',
  },
  BypassPolicyLockoutSafetyCheck: {
    why: "it concerns the file system policy, which composex writes",
    hint: 'remove BypassPolicyLockoutSafetyCheck',
  },
  AvailabilityZoneName: {
    why: 'it makes a One Zone file system, which takes a single mount target in its own zone, while composex puts a mount target in every storage subnet so that tasks in every zone can mount it',
    hint: 'remove AvailabilityZoneName (a Regional file system, reachable from every zone)',
  },
};

const THROUGHPUT_MODES = ['bursting', 'provisioned', 'elastic'];
const PERFORMANCE_MODES = ['generalPurpose', 'maxIO'];
/** EFS's lifecycle transitions and the values each takes (AWS::EFS::FileSystem LifecyclePolicy). */
const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  TransitionToIA: ['AFTER_1_DAY', 'AFTER_7_DAYS', 'AFTER_14_DAYS', 'AFTER_30_DAYS', 'AFTER_60_DAYS', 'AFTER_90_DAYS', 'AFTER_180_DAYS', 'AFTER_270_DAYS', 'AFTER_365_DAYS'],
  TransitionToArchive: ['AFTER_1_DAY', 'AFTER_7_DAYS', 'AFTER_14_DAYS', 'AFTER_30_DAYS', 'AFTER_60_DAYS', 'AFTER_90_DAYS', 'AFTER_180_DAYS', 'AFTER_270_DAYS', 'AFTER_365_DAYS'],
  TransitionToPrimaryStorageClass: ['AFTER_1_ACCESS'],
};
const BACKUP_STATUSES = ['ENABLED', 'DISABLED', 'ENABLING', 'DISABLING'];
/** ProvisionedThroughputInMibps: "Valid values are 1-3414 MiBps, with the upper limit depending on Region". */
const MAX_PROVISIONED_MIBPS = 3414;

/** Checks the user's Properties; returns those composex may pass on (the refused ones left out). */
export function checkFileSystemProperties(ctx: ResolveContext, properties: XObject, path: Path): XObject {
  const out: XObject = {};
  for (const key of Object.keys(properties)) {
    const at = [...path, key];
    if (MANAGED[key]) {
      ctx.error(CODES.EFS_PROPERTY_REFUSED, `${describePath(at)} is not taken: ${MANAGED[key].why}`, at, MANAGED[key].hint, 'key');
    } else if (!FILE_SYSTEM_PROPERTIES.includes(key)) {
      ctx.error(CODES.UNKNOWN_RESOURCE_PROPERTY, `${FILE_SYSTEM_TYPE} has no property '${key}'`, at, suggestion(key, FILE_SYSTEM_PROPERTIES, 'property'), 'key');
    } else {
      out[key] = properties[key];
    }
  }
  if (properties.Encrypted !== undefined && properties.Encrypted !== true && properties.Encrypted !== 'true') {
    ctx.error(CODES.EFS_PROPERTY_REFUSED, `${describePath([...path, 'Encrypted'])} is ${JSON.stringify(properties.Encrypted)}: composex keeps a volume's data encrypted at rest`, [...path, 'Encrypted'], 'remove Encrypted (composex sets it to true), or give KmsKeyId to encrypt with your own KMS key');
    delete out.Encrypted;
  }
  if (typeof properties.KmsKeyId === 'string' && properties.KmsKeyId.startsWith('x-kms::')) {
    // The Storage stack is created before the x- resources' stacks, whose outputs it cannot read.
    ctx.error(
      CODES.EFS_PROPERTY_REFUSED,
      `${describePath([...path, 'KmsKeyId'])} names an x-kms key: composex does not yet encrypt a volume's file system with an x-kms key it creates`,
      [...path, 'KmsKeyId'],
      'give the ARN of an existing KMS key (arn:aws:kms:<region>:<account>:key/<id>), or remove KmsKeyId for the AWS managed key of EFS',
    );
    delete out.KmsKeyId;
  }
  const tags = properties.FileSystemTags;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => isPlainObject(t) && typeof t.Key === 'string' && t.Value !== undefined))) {
    ctx.error(CODES.EFS_INVALID, `${describePath([...path, 'FileSystemTags'])} must be a list of {Key, Value}`, [...path, 'FileSystemTags'], 'write FileSystemTags: [{Key: team, Value: data}]');
    delete out.FileSystemTags;
  }
  checkThroughput(ctx, properties, path);
  checkLifecycle(ctx, properties.LifecyclePolicies, [...path, 'LifecyclePolicies']);
  const backup = checkBackup(ctx, properties.BackupPolicy, [...path, 'BackupPolicy']);
  if (backup) out.BackupPolicy = { ...(properties.BackupPolicy as XObject), Status: backup };
  return out;
}

function oneOf(ctx: ResolveContext, value: unknown, path: Path, allowed: readonly string[], what: string): string | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return value;
  const written = typeof value === 'string' ? value : JSON.stringify(value);
  ctx.error(CODES.EFS_INVALID, `${describePath(path)} is ${JSON.stringify(written)}, not a ${what} EFS knows`, path, `write one of ${allowed.join(', ')}${typeof value === 'string' ? ` (${suggestion(value, allowed, 'value')})` : ''}`);
  return undefined;
}

function checkThroughput(ctx: ResolveContext, properties: XObject, path: Path): void {
  const modeAt = [...path, 'ThroughputMode'];
  const mode = properties.ThroughputMode === undefined ? 'bursting' : oneOf(ctx, properties.ThroughputMode, modeAt, THROUGHPUT_MODES, 'throughput mode');
  const performance = properties.PerformanceMode === undefined ? 'generalPurpose' : oneOf(ctx, properties.PerformanceMode, [...path, 'PerformanceMode'], PERFORMANCE_MODES, 'performance mode');
  const provisioned = properties.ProvisionedThroughputInMibps;
  const provisionedAt = [...path, 'ProvisionedThroughputInMibps'];
  if (provisioned !== undefined) {
    const n = typeof provisioned === 'string' && provisioned.trim() !== '' ? Number(provisioned) : provisioned;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 1 || n > MAX_PROVISIONED_MIBPS) {
      ctx.error(CODES.EFS_THROUGHPUT_INVALID, `${describePath(provisionedAt)} is ${JSON.stringify(provisioned)}: EFS provisions 1 to ${MAX_PROVISIONED_MIBPS} MiB/s`, provisionedAt, `write a number of MiB/s from 1 to ${MAX_PROVISIONED_MIBPS}`);
    }
    if (mode !== undefined && mode !== 'provisioned') {
      ctx.error(
        CODES.EFS_THROUGHPUT_INVALID,
        `${describePath(provisionedAt)} is set, but the throughput mode is ${mode}: EFS provisions throughput only for ThroughputMode provisioned`,
        provisionedAt,
        'add ThroughputMode: provisioned, or remove ProvisionedThroughputInMibps',
        'key',
      );
    }
  } else if (mode === 'provisioned') {
    ctx.error(CODES.EFS_THROUGHPUT_INVALID, `${describePath(modeAt)} is provisioned, but no ProvisionedThroughputInMibps says how much: EFS requires it for provisioned throughput`, modeAt, 'add ProvisionedThroughputInMibps: <MiB/s, 1 to 3414>, or use ThroughputMode: elastic');
  }
  if (mode === 'elastic' && performance === 'maxIO') {
    ctx.error(CODES.EFS_THROUGHPUT_INVALID, `${describePath([...path, 'PerformanceMode'])} is maxIO with elastic throughput: EFS does not support Max I/O with Elastic throughput`, [...path, 'PerformanceMode'], 'use PerformanceMode: generalPurpose (AWS recommends it for every file system), or another ThroughputMode');
  }
}

function checkLifecycle(ctx: ResolveContext, value: unknown, path: Path): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    ctx.error(CODES.EFS_LIFECYCLE_INVALID, `${describePath(path)} must be a list of transitions`, path, 'write LifecyclePolicies: [{TransitionToIA: AFTER_30_DAYS}]');
    return;
  }
  const seen = new Map<string, Path>();
  value.forEach((item, i) => {
    const at = [...path, i];
    const keys = isPlainObject(item) ? Object.keys(item) : [];
    if (!isPlainObject(item) || keys.length !== 1) {
      ctx.error(
        CODES.EFS_LIFECYCLE_INVALID,
        `${describePath(at)} must hold exactly one transition: EFS requires each LifecyclePolicy object to have a single transition`,
        at,
        `write one list item per transition, e.g. - {TransitionToIA: AFTER_30_DAYS} and - {TransitionToPrimaryStorageClass: AFTER_1_ACCESS}`,
      );
      return;
    }
    const key = keys[0];
    if (!TRANSITIONS[key]) {
      ctx.error(CODES.EFS_LIFECYCLE_INVALID, `'${key}' is not an EFS lifecycle transition`, [...at, key], suggestion(key, Object.keys(TRANSITIONS), 'transition'), 'key');
      return;
    }
    const earlier = seen.get(key);
    if (earlier) {
      ctx.error(CODES.EFS_LIFECYCLE_INVALID, `${key} is given twice in ${describePath(path)}: EFS takes one policy per transition`, [...at, key], `keep one (the other is at ${ctx.where(earlier, 'key')})`, 'key');
      return;
    }
    seen.set(key, [...at, key]);
    oneOf(ctx, item[key], [...at, key], TRANSITIONS[key], `${key} value`);
  });
}

/** The status CloudFormation is given (ENABLING read as ENABLED, DISABLING as DISABLED). */
function checkBackup(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value) || value.Status === undefined) {
    ctx.error(CODES.EFS_INVALID, `${describePath(path)} must be {Status: ENABLED or DISABLED}`, path, 'write BackupPolicy: {Status: ENABLED}');
    return undefined;
  }
  const status = oneOf(ctx, value.Status, [...path, 'Status'], BACKUP_STATUSES, 'backup status');
  if (status === 'ENABLING' || status === 'DISABLING') {
    // EFS reports ENABLING / DISABLING while a change is under way; PutBackupPolicy and
    // CloudFormation set only ENABLED or DISABLED (the resource schema's enum).
    const meant = status === 'ENABLING' ? 'ENABLED' : 'DISABLED';
    ctx.warning(
      CODES.EFS_BACKUP_STATUS_READ,
      `${describePath([...path, 'Status'])} ${status} is a state EFS reports while the policy changes, not one it sets: it is read as ${meant}`,
      [...path, 'Status'],
      `write Status: ${meant}`,
    );
  }
  if (status === 'DISABLED' || status === 'DISABLING') {
    ctx.warning(
      CODES.EFS_BACKUP_DISABLED,
      `${describePath([...path, 'Status'])} is ${status}: AWS Backup no longer copies the volume's data every day (composex turns it on for every named volume)`,
      [...path, 'Status'],
      'remove BackupPolicy to keep the daily backups, unless the data can be rebuilt',
    );
  }
  return status === 'ENABLING' ? 'ENABLED' : status === 'DISABLING' ? 'DISABLED' : status;
}
