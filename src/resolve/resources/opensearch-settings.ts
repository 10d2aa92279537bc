/**
 * What AWS requires of an `x-opensearch` domain's properties, checked where they are written: the
 * engine version, the instance types and their storage, zone awareness, the encryption composex
 * keeps on, and ECS ComposeX's `MacroParameters` (master user, log groups).
 *
 * Facts from the Amazon OpenSearch Service Developer Guide ("Supported instance types",
 * "Encryption of data at rest", "Node-to-node encryption", "Configuring a multi-AZ domain",
 * "Monitoring OpenSearch logs with Amazon CloudWatch Logs", "Fine-grained access control") and the
 * AWS::OpenSearchService::Domain CloudFormation reference.
 */
import type { Path } from '../../compose/source-map';
import type { OpenSearchModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { isPlainObject, readBoolean, readInteger, XObject } from '../readers';
import { readPolicyReference } from '../x-iam';
import type { ResourceEntry } from './common';

/** `OpenSearch_2.19`, `Elasticsearch_7.10`: the engine and its major.minor version. */
const ENGINE_VERSION = /^(OpenSearch|Elasticsearch)_(\d+)\.(\d+)$/;
/** `r6g.large.search`: the family and the size. */
const INSTANCE_TYPE = /^([a-z][a-z0-9]*)\.([a-z0-9]+)\.search$/;
/** Families that cannot encrypt data at rest (nor node to node): "M3, R3 and T2 … do not support encryption". */
const NO_ENCRYPTION_FAMILIES = ['m3', 'r3', 't2'];
/** Families whose storage is the instance's own (NVMe or SSD): "do not support EBS storage volumes". */
const INSTANCE_STORE_FAMILIES = ['i2', 'i3', 'i4g', 'i4i', 'i8g', 'im4gn', 'r3', 'r6gd', 'r7gd', 'r8gd'];
/** Sizes below `large` exist only in the burstable families and M3 (t2/t3 micro, small, medium; m3.medium). */
const SMALL_SIZES: Readonly<Record<string, readonly string[]>> = { t2: ['micro', 'small', 'medium'], t3: ['micro', 'small', 'medium'], m3: ['medium'] };
/** Log types a domain publishes (LogPublishingOptions keys); AUDIT_LOGS needs fine-grained access control. */
export const LOG_TYPES = ['SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'AUDIT_LOGS'];
/** CloudWatch Logs retention values (AWS::Logs::LogGroup RetentionInDays). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** ECS ComposeX's retention of the log groups it creates. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** TLS policies of DomainEndpointOptions that require TLS 1.2 or later. */
export const MODERN_TLS_POLICIES = ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10', 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08'];
export const DEFAULT_TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

/** `EngineVersion`: a version AWS has, that encrypts node to node (Elasticsearch 6.0 or later, any OpenSearch). */
export function checkEngineVersion(ctx: ResolveContext, value: unknown, at: Path): boolean {
  if (value === undefined) return true;
  const m = typeof value === 'string' ? ENGINE_VERSION.exec(value) : null;
  if (!m) {
    ctx.error(CODES.OPENSEARCH_ENGINE_VERSION, `'${String(value)}' is not an OpenSearch Service engine version`, at, "write the engine and its version, e.g. EngineVersion: 'OpenSearch_2.19' (or 'Elasticsearch_7.10' for a legacy engine)");
    return false;
  }
  const major = Number(m[2]);
  const minor = Number(m[3]);
  if (m[1] === 'OpenSearch' && major < 1) {
    ctx.error(CODES.OPENSEARCH_ENGINE_VERSION, `OpenSearch ${major}.${minor} does not exist: OpenSearch versions start at 1.0`, at, "write a version OpenSearch Service offers, e.g. 'OpenSearch_2.19'");
    return false;
  }
  if (m[1] === 'Elasticsearch' && (major < 6 || (major === 6 && minor < 0))) {
    ctx.error(CODES.OPENSEARCH_ENGINE_VERSION, `Elasticsearch ${major}.${minor} cannot encrypt traffic between nodes (node-to-node encryption needs Elasticsearch 6.0 or later), which composex turns on`, at, "use 'OpenSearch_2.19' (or Elasticsearch 6.0 or later)");
    return false;
  }
  return true;
}

export interface InstanceTypes {
  /** Whether the data nodes keep their data on their own storage (no EBS volume). */
  readonly instanceStore: boolean;
  /** An instance type of M3, R3 or T2, which cannot encrypt data at rest nor between nodes. */
  readonly unencrypted: boolean;
  /** `ClusterConfig` as it is rendered: a size AWS does not have replaced by the family's smallest. */
  readonly clusterConfig?: XObject;
  readonly ok: boolean;
}

/**
 * The instance types of `ClusterConfig`: each one AWS has. A size below `large` of a family that
 * has none is the family's `large`, with a warning (CX3868: AWS would refuse the domain). A family
 * that cannot encrypt (M3, R3, T2) makes the domain unencrypted, with a warning (CX3869), as the
 * file asks and as ECS ComposeX rendered it: composex's default encryption cannot apply there.
 */
export function checkInstanceTypes(ctx: ResolveContext, clusterConfig: XObject | undefined, at: Path): InstanceTypes {
  let ok = true;
  let instanceStore = false;
  let unencrypted = false;
  let rendered = clusterConfig;
  for (const key of ['InstanceType', 'DedicatedMasterType', 'WarmType']) {
    const value = clusterConfig?.[key];
    if (value === undefined || key === 'WarmType') continue;
    const where = [...at, key];
    const m = typeof value === 'string' ? INSTANCE_TYPE.exec(value) : null;
    if (!m) {
      ctx.error(CODES.OPENSEARCH_INSTANCE_TYPE, `'${String(value)}' is not an OpenSearch Service instance type`, where, "write <family>.<size>.search, e.g. 'r7g.large.search'");
      ok = false;
      continue;
    }
    const [, family, size] = m;
    if (NO_ENCRYPTION_FAMILIES.includes(family)) {
      ctx.warning(
        CODES.OPENSEARCH_UNENCRYPTED_INSTANCE,
        `${value} cannot encrypt data at rest nor between nodes (AWS: M3, R3 and T2 instance types do not support encryption): the domain is created unencrypted, where composex encrypts every other domain`,
        where,
        `to have it encrypted, use a current-generation instance type, e.g. '${family === 'r3' ? 'r7g' : family === 't2' ? 't3' : 'm7g'}.${size === 'medium' && family !== 't2' ? 'large' : size}.search'`,
      );
      unencrypted = true;
      continue;
    }
    if (['micro', 'small', 'medium'].includes(size) && !(SMALL_SIZES[family] ?? []).includes(size)) {
      const large = `${family}.large.search`;
      ctx.warning(
        CODES.OPENSEARCH_SIZE_REPLACED,
        `${value} does not exist (${family.toUpperCase()} instances of OpenSearch Service start at large), and AWS would refuse the domain: it is created with ${large}, the smallest of its family`,
        where,
        `write '${large}', or a burstable type such as 't3.medium.search'`,
      );
      rendered = { ...rendered, [key]: large };
    }
    if (key === 'InstanceType' && INSTANCE_STORE_FAMILIES.includes(family)) instanceStore = true;
  }
  return { instanceStore, unencrypted, ok, ...(rendered !== clusterConfig ? { clusterConfig: rendered } : {}) };
}

/**
 * The encryption an unencrypted instance type cannot have: asked for in the file (encryption at
 * rest, node to node, a KMS key, or fine-grained access control, which needs both), it is refused
 * where it is written, as AWS would refuse the domain.
 */
export function refuseEncryptionOnUnencryptedTypes(ctx: ResolveContext, name: string, p: XObject, at: Path, fineGrainedAt: Path | undefined): boolean {
  const asked: [Path, string][] = [];
  const on = (v: unknown) => v === true || v === 'true';
  const rest = isPlainObject(p.EncryptionAtRestOptions) ? p.EncryptionAtRestOptions : undefined;
  if (rest && (on(rest.Enabled) || rest.KmsKeyId !== undefined)) asked.push([[...at, 'EncryptionAtRestOptions'], 'encryption at rest']);
  if (isPlainObject(p.NodeToNodeEncryptionOptions) && on(p.NodeToNodeEncryptionOptions.Enabled)) asked.push([[...at, 'NodeToNodeEncryptionOptions'], 'node-to-node encryption']);
  if (fineGrainedAt) asked.push([fineGrainedAt, 'fine-grained access control (it needs encryption at rest and node to node)']);
  for (const [where, what] of asked) {
    ctx.error(CODES.OPENSEARCH_INSTANCE_TYPE, `domain '${name}' asks for ${what}, which its M3, R3 or T2 instance type cannot have`, where, 'use a current-generation instance type (e.g. m7g.large.search), or remove it', 'key');
  }
  return asked.length === 0;
}

/**
 * `EBSOptions` for the data nodes: none on instance-store types, a volume on the others
 * (CloudFormation fails creating a domain of EBS-only instances without one). Absent: a 10 GiB gp3
 * volume. Returns the EBSOptions to write, or undefined when refused.
 */
export function readStorage(ctx: ResolveContext, ebs: unknown, at: Path, types: InstanceTypes, instanceType: unknown): XObject | undefined | false {
  if (ebs === undefined) return types.instanceStore ? undefined : { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 10 };
  if (!isPlainObject(ebs)) return ebs as XObject;
  const enabled = ebs.EBSEnabled === true || ebs.EBSEnabled === 'true';
  if (types.instanceStore && enabled) {
    ctx.error(CODES.OPENSEARCH_STORAGE, `${String(instanceType)} keeps its data on the instance's own storage and takes no EBS volume`, [...at, 'EBSEnabled'], 'set EBSEnabled: false (and remove the volume settings), or choose an EBS instance type such as r7g.large.search');
    return false;
  }
  if (!types.instanceStore && !enabled) {
    ctx.error(CODES.OPENSEARCH_STORAGE, `${String(instanceType ?? 'the default instance type')} needs an EBS volume for its data`, ebs.EBSEnabled === undefined ? at : [...at, 'EBSEnabled'], 'set EBSEnabled: true with a VolumeSize (GiB) and VolumeType (gp3), or choose an instance-storage type such as r6gd.large.search', ebs.EBSEnabled === undefined ? 'key' : 'value');
    return false;
  }
  // EBS off: the volume settings mean nothing, and AWS refuses them beside EBSEnabled: false.
  return enabled ? ebs : { EBSEnabled: false };
}

/** How many subnets (zones) the domain spans: 1, or `ZoneAwarenessConfig.AvailabilityZoneCount` (2 or 3). */
export function readZoneCount(ctx: ResolveContext, clusterConfig: XObject | undefined, at: Path): number | undefined {
  const aware = clusterConfig?.ZoneAwarenessEnabled;
  if (!(aware === true || aware === 'true')) return 1;
  const config = clusterConfig!.ZoneAwarenessConfig;
  const countAt = [...at, 'ZoneAwarenessConfig', 'AvailabilityZoneCount'];
  const count = isPlainObject(config) && config.AvailabilityZoneCount !== undefined ? readInteger(ctx, config.AvailabilityZoneCount, countAt, 2, 3) : 2;
  if (count === undefined) return undefined;
  const instances = clusterConfig!.InstanceCount;
  const n = typeof instances === 'number' ? instances : typeof instances === 'string' && /^\d+$/.test(instances) ? Number(instances) : undefined;
  if (n !== undefined && n % count !== 0) {
    ctx.error(
      CODES.OPENSEARCH_ZONES,
      `a domain with zone awareness over ${count} zones spreads its data nodes evenly: InstanceCount ${n} is not a multiple of ${count}`,
      [...at, 'InstanceCount'],
      `set InstanceCount to a multiple of ${count}, or AvailabilityZoneCount to one that divides it`,
    );
    return undefined;
  }
  return count;
}

/** The encryption and HTTPS composex keeps on (encryption where the instance type can): turning one off is refused where it is written. */
export function checkEncryption(ctx: ResolveContext, name: string, p: XObject, at: Path): boolean {
  let ok = true;
  const off = (key: string, field: string, what: string) => {
    const v = p[key];
    if (!isPlainObject(v) || !(v[field] === false || v[field] === 'false')) return;
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `OpenSearch domain '${name}' would ${what}`, [...at, key, field], `remove ${field}: composex turns it on for every domain`);
    ok = false;
  };
  off('EncryptionAtRestOptions', 'Enabled', 'not be encrypted at rest');
  off('NodeToNodeEncryptionOptions', 'Enabled', 'send data between its nodes unencrypted');
  off('DomainEndpointOptions', 'EnforceHTTPS', 'accept plain HTTP');
  const endpoint = p.DomainEndpointOptions;
  const policy = isPlainObject(endpoint) ? endpoint.TLSSecurityPolicy : undefined;
  if (policy !== undefined && !MODERN_TLS_POLICIES.includes(String(policy))) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `OpenSearch domain '${name}' would accept TLS older than 1.2 (${String(policy)})`, [...at, 'DomainEndpointOptions', 'TLSSecurityPolicy'], `remove TLSSecurityPolicy (composex writes ${DEFAULT_TLS_POLICY}), or write one of ${MODERN_TLS_POLICIES.join(', ')}`);
    ok = false;
  }
  return ok;
}

/** `GenerateMasterUserSecret` / `CreateMasterUserRole`: the master user of fine-grained access control. */
export function readMasterUser(ctx: ResolveContext, entry: ResourceEntry): { ok: boolean; masterUser?: OpenSearchModel['masterUser'] } {
  const macroAt = [...entry.path, 'MacroParameters'];
  const secret = entry.macro.GenerateMasterUserSecret === undefined ? false : readBoolean(ctx, entry.macro.GenerateMasterUserSecret, [...macroAt, 'GenerateMasterUserSecret']);
  const role = entry.macro.CreateMasterUserRole === undefined ? false : readBoolean(ctx, entry.macro.CreateMasterUserRole, [...macroAt, 'CreateMasterUserRole']);
  if (secret === undefined || role === undefined) return { ok: false };
  const boundaryAt = [...macroAt, 'MasterUserRolePermissionsBoundary'];
  const boundary = entry.macro.MasterUserRolePermissionsBoundary;
  if (boundary !== undefined && !role) {
    ctx.error(CODES.OPENSEARCH_MASTER_USER, `MasterUserRolePermissionsBoundary of '${entry.name}' bounds the master user role, which only CreateMasterUserRole: true creates`, boundaryAt, 'add CreateMasterUserRole: true, or remove MasterUserRolePermissionsBoundary', 'key');
    return { ok: false };
  }
  if (secret && role) {
    ctx.error(CODES.OPENSEARCH_MASTER_USER, `domain '${entry.name}' has one master user: GenerateMasterUserSecret (a user name and password) and CreateMasterUserRole (an IAM role) cannot both be true`, [...macroAt, 'CreateMasterUserRole'], 'keep one of them (as ECS ComposeX refuses both)', 'key');
    return { ok: false };
  }
  if (!secret && !role) return { ok: true };
  const security = entry.properties.AdvancedSecurityOptions;
  const securityAt = [...entry.path, 'Properties', 'AdvancedSecurityOptions'];
  if (isPlainObject(security)) {
    if (security.MasterUserOptions !== undefined) {
      ctx.error(CODES.OPENSEARCH_MASTER_USER, `domain '${entry.name}' gives MasterUserOptions and a ${secret ? 'generated master user' : 'master user role'} (MacroParameters)`, [...securityAt, 'MasterUserOptions'], 'remove MasterUserOptions, or the MacroParameters master user', 'key');
      return { ok: false };
    }
    const internal = security.InternalUserDatabaseEnabled;
    if (role && (internal === true || internal === 'true')) {
      ctx.error(CODES.OPENSEARCH_MASTER_USER, `the master user of '${entry.name}' is an IAM role (CreateMasterUserRole), which the internal user database cannot hold`, [...securityAt, 'InternalUserDatabaseEnabled'], 'set InternalUserDatabaseEnabled: false, or use GenerateMasterUserSecret for a user of the internal database');
      return { ok: false };
    }
    if (secret && (internal === false || internal === 'false')) {
      ctx.error(CODES.OPENSEARCH_MASTER_USER, `the generated master user of '${entry.name}' is a user of the internal user database, which InternalUserDatabaseEnabled: false turns off`, [...securityAt, 'InternalUserDatabaseEnabled'], 'set InternalUserDatabaseEnabled: true, or use CreateMasterUserRole for an IAM master user');
      return { ok: false };
    }
  }
  if (secret) return { ok: true, masterUser: { kind: 'secret' } };
  const permissionsBoundary = boundary === undefined ? undefined : readPolicyReference(ctx, boundary, boundaryAt, 'MasterUserRolePermissionsBoundary');
  if (boundary !== undefined && permissionsBoundary === undefined) return { ok: false };
  return { ok: true, masterUser: { kind: 'role', ...(permissionsBoundary ? { permissionsBoundary } : {}) } };
}

/** Whether the domain has fine-grained access control (AdvancedSecurityOptions.Enabled, or a MacroParameters master user). */
export function hasFineGrainedAccess(p: XObject, masterUser: OpenSearchModel['masterUser']): boolean {
  const security = p.AdvancedSecurityOptions;
  return masterUser !== undefined || (isPlainObject(security) && (security.Enabled === true || security.Enabled === 'true'));
}

/** `CreateLogGroups`, `RetentionInDays`, `CreateLogGroupsResourcePolicy`. */
export function readLogGroups(ctx: ResolveContext, entry: ResourceEntry, fineGrained: boolean): Pick<OpenSearchModel, 'logGroups' | 'logRetentionDays' | 'logResourcePolicy'> | undefined {
  const at = [...entry.path, 'MacroParameters'];
  const value = entry.macro.CreateLogGroups;
  const retention = entry.macro.RetentionInDays;
  const policyValue = entry.macro.CreateLogGroupsResourcePolicy;
  const none = { logGroups: [], logRetentionDays: DEFAULT_LOG_RETENTION_DAYS, logResourcePolicy: false };
  if (value === undefined || value === false || value === 'false') {
    for (const key of ['RetentionInDays', 'CreateLogGroupsResourcePolicy']) {
      if (entry.macro[key] !== undefined) ctx.warning(CODES.OPENSEARCH_LOG_GROUPS, `${key} of '${entry.name}' applies to the log groups CreateLogGroups creates, and none is created`, [...at, key], 'add CreateLogGroups: true (or a list of log types), or remove it', 'key');
    }
    return none;
  }
  let types: string[];
  if (value === true || value === 'true') {
    types = LOG_TYPES.filter((t) => t !== 'AUDIT_LOGS' || fineGrained);
    if (!fineGrained) {
      ctx.warning(CODES.OPENSEARCH_LOG_GROUPS, `AUDIT_LOGS of '${entry.name}' is left out: audit logs need fine-grained access control, which this domain does not have`, [...at, 'CreateLogGroups'], 'to audit, turn on fine-grained access control (MacroParameters GenerateMasterUserSecret or CreateMasterUserRole)');
    }
  } else if (Array.isArray(value)) {
    types = [];
    value.forEach((t, i) => {
      if (typeof t !== 'string' || !LOG_TYPES.includes(t)) {
        ctx.error(CODES.OPENSEARCH_LOG_GROUPS, `'${String(t)}' is not a log type of OpenSearch Service`, [...at, 'CreateLogGroups', i], `one of ${LOG_TYPES.join(', ')}`);
      } else if (t === 'AUDIT_LOGS' && !fineGrained) {
        ctx.error(CODES.OPENSEARCH_LOG_GROUPS, `AUDIT_LOGS of '${entry.name}' needs fine-grained access control, which this domain does not have`, [...at, 'CreateLogGroups', i], 'turn it on (MacroParameters GenerateMasterUserSecret or CreateMasterUserRole), or remove AUDIT_LOGS');
      } else if (!types.includes(t)) {
        types.push(t);
      }
    });
  } else {
    ctx.error(CODES.OPENSEARCH_LOG_GROUPS, `CreateLogGroups of '${entry.name}' must be true or a list of log types`, [...at, 'CreateLogGroups'], `CreateLogGroups: true, or [${LOG_TYPES.slice(0, 2).join(', ')}]`);
    return undefined;
  }
  let days = DEFAULT_LOG_RETENTION_DAYS;
  if (retention !== undefined) {
    const n = typeof retention === 'number' ? retention : Number(retention);
    if (!RETENTION_DAYS.includes(n)) {
      ctx.error(CODES.OPENSEARCH_LOG_GROUPS, `${String(retention)} days is not a CloudWatch Logs retention`, [...at, 'RetentionInDays'], `one of ${RETENTION_DAYS.join(', ')}`);
      return undefined;
    }
    days = n;
  }
  const policy = policyValue === undefined ? false : readBoolean(ctx, policyValue, [...at, 'CreateLogGroupsResourcePolicy']);
  if (policy === undefined) return undefined;
  if (!policy) {
    ctx.warning(
      CODES.OPENSEARCH_LOG_GROUPS,
      `the log groups of '${entry.name}' are created without a CloudWatch Logs resource policy: OpenSearch Service publishes to them only if one in the account lets es.amazonaws.com write there, and creating the domain fails otherwise`,
      [...at, policyValue === undefined ? 'CreateLogGroups' : 'CreateLogGroupsResourcePolicy'],
      'set CreateLogGroupsResourcePolicy: true (a policy for these log groups; an account holds at most 10), or make sure the account has one',
      'key',
    );
  }
  return { logGroups: types, logRetentionDays: days, logResourcePolicy: policy };
}
