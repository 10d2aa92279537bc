/**
 * `x-neptune`: Amazon Neptune clusters, and who may query them (ECS ComposeX's syntax).
 *
 *   x-neptune:
 *     graph:
 *       Properties: {EngineVersion: "1.4.5.1"}
 *       MacroParameters:
 *         Instances: [{DBInstanceClass: db.r6g.large}]
 *       Services:
 *         api: {Access: {NeptuneDB: RW}}
 *         reports: {Access: {NeptuneDB: RO, DBCluster: RO}}
 *
 * Neptune has no database users: clients sign their requests with their task role (IAM database
 * authentication, on by default), which gets the `neptune-db:` actions of its level on the
 * cluster's data resource. The cluster's security group admits only the families listed, on its
 * port (8182 by default); the services get `<NAME>_ENDPOINT`, `<NAME>_READ_ENDPOINT`, `<NAME>_PORT`.
 */
import type { Path } from '../../compose/source-map';
import type { ClusterInstance, GrantPermission, GrantVariable, IngressRule, NeptuneModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { readBoolean, readInteger, XObject } from '../readers';
import { NEPTUNE_ACCESS } from './access';
import { readDeletionProtection, refuseExistingCluster, withoutReplacedProperties } from './cluster-entries';
import { checkProperties, consumerIngress, isObject, readConsumers, readKeyedAccess, readResourceEntries, readReturnValues, ResourceEntry, resourceVariable } from './common';
import { reportSubnetsSetting } from './docdb-settings';
import { refuseKeyReference } from './kms';
import { NEPTUNE_DEFAULT_INSTANCE_CLASS, readNeptuneEngineVersion, readNeptuneInstances, readNeptuneParameterGroup } from './neptune-settings';

export const NEPTUNE_KEY = 'x-neptune';
const KIND = { key: NEPTUNE_KEY, engine: 'Neptune' };
/**
 * `Lookup` / `Use` (an existing cluster): ECS ComposeX found it, and its security group, with AWS calls at every render; composex renders offline
 * and does not look Neptune clusters up (CX3880). What to write instead:
 */
const LOOKUP_HINT =
  "give the cluster's endpoint to the services in environment, grant their task role neptune-db actions on arn:aws:neptune-db:<region>:<account>:<cluster resource id>/* with x-iam Policies, and admit their security groups on the cluster's own security group outside composex; or remove Lookup to have composex create the cluster";
/** Neptune's default port (AWS::Neptune::DBCluster `DBPort`: "If not specified, the default port used is 8182"). */
export const NEPTUNE_PORT = 8182;

const MACRO_KEYS = ['Instances', 'DBClusterParameterGroup'];
const SETTINGS_KEYS = ['DeletionProtection', 'Subnets'];
const CONSUMER_KEYS = ['Access', 'ReturnValues'];
/**
 * `AWS::Neptune::DBCluster` return values (`Ref` is the cluster identifier), its ARN (built:
 * `arn:<partition>:rds:<region>:<account>:cluster:<identifier>`) and the ARN of its data
 * (`DataArn`: `arn:<partition>:neptune-db:<region>:<account>:<ClusterResourceId>`).
 */
export const NEPTUNE_ATTRIBUTES = ['ClusterResourceId', 'Endpoint', 'Port', 'ReadEndpoint', 'DBClusterIdentifier', 'Arn', 'DataArn'];
/** ECS ComposeX's names: `DBClusterName` (its output of the `Ref`), `DBClusterArn`. */
export const NEPTUNE_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { DBCluster: 'DBClusterIdentifier', DBClusterName: 'DBClusterIdentifier', DBClusterArn: 'Arn' };
/** The variables every consumer gets: `<NAME>_<suffix>` → attribute. */
const DEFAULT_VARIABLES: readonly (readonly [string, string])[] = [['ENDPOINT', 'Endpoint'], ['READ_ENDPOINT', 'ReadEndpoint'], ['PORT', 'Port']];

/**
 * Properties ECS ComposeX replaced with its own (neptune_template.py: `VpcSecurityGroupIds` with the
 * cluster's security group, its subnet group), which composex replaces the same way, with a warning
 * at each (CX3886).
 */
const REPLACED: Readonly<Record<string, string>> = {
  DBSubnetGroupName: 'the DB subnet group composex creates in the storage (else private) subnets of the project',
  VpcSecurityGroupIds: "the cluster's own security group, which admits only the services listed",
};

export interface NeptuneResolution {
  readonly clusters: NeptuneModel[];
  readonly grants: ResourceGrant[];
  readonly ingress: IngressRule[];
}

type ClusterSettings = Omit<NeptuneModel, 'logicalId' | 'consumers'>;

export function resolveNeptuneClusters(ctx: ResolveContext, membership: Membership): NeptuneResolution {
  const entries = readResourceEntries(ctx, NEPTUNE_KEY, MACRO_KEYS, SETTINGS_KEYS, ['Use']);
  const ids = logicalIds(entries.map((e) => e.name));
  const clusters: NeptuneModel[] = [];
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  for (const entry of entries) {
    if (refuseExistingCluster(ctx, KIND, entry, CODES.NEPTUNE_LOOKUP_UNSUPPORTED, LOOKUP_HINT)) continue;
    const settings = readCluster(ctx, entry);
    const consumers = clusterGrants(ctx, entry, membership, settings);
    if (!settings) continue;
    const families = [...new Set(consumers.map((g) => g.family))].sort(compareStrings);
    clusters.push({ ...settings, logicalId: ids.get(entry.name)!, consumers: families });
    grants.push(...consumers);
    ingress.push(...consumerIngress('neptune', NEPTUNE_KEY, entry.name, families, settings.port));
  }
  return { clusters, grants, ingress };
}

function readCluster(ctx: ResolveContext, entry: ResourceEntry): ClusterSettings | undefined {
  const propsPath = [...entry.path, 'Properties'];
  const p = withoutReplacedProperties(ctx, KIND, entry, REPLACED, CODES.NEPTUNE_PROPERTY_REPLACED);
  // Data at rest stays encrypted (StorageEncrypted cannot be changed after creation).
  if (p.StorageEncrypted === false || p.StorageEncrypted === 'false') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `Neptune cluster '${entry.name}' would not be encrypted at rest`, [...propsPath, 'StorageEncrypted'], 'remove StorageEncrypted (on by default), or set KmsKeyId to use your own key');
  }
  checkProperties(ctx, p, propsPath, 'AWS::Neptune::DBCluster');
  const keyReference = refuseKeyReference(ctx, p.KmsKeyId, [...propsPath, 'KmsKeyId']);
  const engineVersion = readNeptuneEngineVersion(ctx, p.EngineVersion, [...propsPath, 'EngineVersion']);
  // `Port` is the older name of `DBPort` ("will soon be deprecated"): either is read, DBPort written.
  const portKey = p.DBPort !== undefined ? 'DBPort' : 'Port';
  const port = p[portKey] === undefined ? NEPTUNE_PORT : readInteger(ctx, p[portKey], [...propsPath, portKey], 1150, 65535);
  const backupRetentionDays = p.BackupRetentionPeriod === undefined ? 7 : readInteger(ctx, p.BackupRetentionPeriod, [...propsPath, 'BackupRetentionPeriod'], 1, 35);
  const deletionProtection = readDeletionProtection(ctx, entry);
  const iamAuth = readIamAuth(ctx, entry, p.IamAuthEnabled, [...propsPath, 'IamAuthEnabled']);
  reportSubnetsSetting(ctx, entry, 'Neptune', CODES.NEPTUNE_SUBNETS_NOT_APPLIED);
  const instances: ClusterInstance[] | undefined =
    entry.macro.Instances === undefined ? [{ instanceClass: NEPTUNE_DEFAULT_INSTANCE_CLASS, properties: {} }] : readNeptuneInstances(ctx, entry.macro.Instances, [...entry.path, 'MacroParameters', 'Instances'], p);
  const groupAt = [...entry.path, 'MacroParameters', 'DBClusterParameterGroup'];
  const parameterGroup = entry.macro.DBClusterParameterGroup === undefined ? undefined : readNeptuneParameterGroup(ctx, entry, entry.macro.DBClusterParameterGroup, groupAt, p.DBClusterParameterGroupName);
  if (keyReference || !engineVersion.ok || port === undefined || backupRetentionDays === undefined || deletionProtection === undefined || iamAuth === undefined || !instances) return undefined;
  if (entry.macro.DBClusterParameterGroup !== undefined && !parameterGroup) return undefined;
  const { EngineVersion: _e, Port: _o, DBPort: _p, BackupRetentionPeriod: _b, DeletionProtection: _d, StorageEncrypted: _s, IamAuthEnabled: _i, ...properties } = p;
  // Written by composex from what the user wrote in Properties: a validator finding on one is reported there.
  const propertyPaths: Record<string, Path> = {};
  for (const key of ['BackupRetentionPeriod', 'DeletionProtection', 'IamAuthEnabled', 'EngineVersion']) if (p[key] !== undefined) propertyPaths[key] = [...propsPath, key];
  if (p[portKey] !== undefined) propertyPaths.DBPort = [...propsPath, portKey];
  return {
    name: entry.name,
    properties,
    propertyPaths,
    ...(engineVersion.value ? { engineVersion: engineVersion.value } : {}),
    port,
    iamAuth,
    deletionProtection,
    backupRetentionDays,
    instances,
    ...(parameterGroup ? { parameterGroup } : {}),
  };
}

/**
 * `IamAuthEnabled`: on unless written false (Neptune's default is off, ECS ComposeX left it so).
 * Off, Neptune checks no identity: every client its security group admits may read and write, and
 * the `neptune-db:` grants have no effect (CX3885).
 */
function readIamAuth(ctx: ResolveContext, entry: ResourceEntry, value: unknown, path: Path): boolean | undefined {
  if (value === undefined) return true;
  const on = readBoolean(ctx, value, path);
  if (on === false) {
    ctx.warning(
      CODES.NEPTUNE_IAM_AUTH_DISABLED,
      `Neptune cluster '${entry.name}' does not authenticate its clients (IamAuthEnabled: false): every task its security group admits may read and write the graph, and the neptune-db permissions of Access have no effect`,
      path,
      'remove IamAuthEnabled (composex turns IAM database authentication on) and sign requests with the task role (SigV4, service neptune-db)',
      'key',
    );
  }
  return on;
}

function clusterGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, cluster: ClusterSettings | undefined): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const prefix = resourceVariable(entry.name);
  const defaults: GrantVariable[] = DEFAULT_VARIABLES.map(([suffix, attribute]) => ({ name: `${prefix}_${suffix}`, attribute }));
  for (const consumer of readConsumers(ctx, entry, membership, CONSUMER_KEYS)) {
    const at = [...consumer.path, 'Access'];
    const access = readAccess(ctx, consumer.entry.Access, at, consumer.target, entry.name, cluster?.iamAuth ?? true);
    const returned = readReturnValues(ctx, consumer.entry.ReturnValues, [...consumer.path, 'ReturnValues'], NEPTUNE_ATTRIBUTES, NEPTUNE_ATTRIBUTE_ALIASES);
    const environment = [...defaults.filter((d) => !returned.some((r) => r.name === d.name)), ...returned];
    if (!access || !cluster) continue;
    for (const family of consumer.families) {
      grants.push({ kind: 'neptune', resource: entry.name, family, services: consumer.services, access: access.label, permissions: access.permissions, environment, secrets: [], port: cluster.port });
    }
  }
  return grants;
}

/**
 * `Access: {NeptuneDB: <level>, DBCluster: RO}` (ECS ComposeX's x-neptune spec: a mapping, NeptuneDB
 * required). Without NeptuneDB the service reaches the port but holds no data permission: with IAM
 * authentication Neptune refuses its requests (warning CX3887).
 */
function readAccess(ctx: ResolveContext, value: unknown, path: Path, target: string, name: string, iamAuth: boolean): { label: string; permissions: GrantPermission[] } | undefined {
  if (value !== undefined && value !== null && !isObject(value)) {
    ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `x-neptune Access is a mapping of NeptuneDB (data) and DBCluster (management) levels, not ${JSON.stringify(value)}`, path, `write Access: {NeptuneDB: ${typeof value === 'string' && Object.prototype.hasOwnProperty.call(NEPTUNE_ACCESS.NeptuneDB, value) ? value : 'RW'}}`);
    return undefined;
  }
  const levels = (value ?? {}) as XObject;
  const read = readKeyedAccess(ctx, levels, path, NEPTUNE_ACCESS, 'a Neptune', () => "did you mean 'NeptuneDB' or 'DBCluster'? (Access: {NeptuneDB: RW, DBCluster: RO})", (key) =>
    key === 'NeptuneDB' ? { on: 'resource', attribute: 'DataArn', suffix: '/*' } : { on: 'resource' },
  );
  if (read && levels.NeptuneDB === undefined && iamAuth) {
    ctx.warning(
      CODES.NEPTUNE_ACCESS_INVALID,
      `'${target}' may reach Neptune cluster '${name}' on its port but is given no data access (Access has no NeptuneDB): with IAM database authentication, Neptune refuses its queries`,
      value === undefined || value === null ? path.slice(0, -1) : path,
      'add Access: {NeptuneDB: RO} (read) or {NeptuneDB: RW} (read and write)',
      'key',
    );
  }
  return read && { label: read.label || 'network', permissions: read.permissions };
}
