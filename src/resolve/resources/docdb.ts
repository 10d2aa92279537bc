/**
 * `x-docdb`: Amazon DocumentDB clusters, and who may connect (ECS ComposeX's syntax).
 *
 *   x-docdb:
 *     catalog:
 *       Properties: {EngineVersion: "5.0.0"}
 *       MacroParameters:
 *         Instances: [{DBInstanceClass: db.r6g.large}, {DBInstanceClass: db.r6g.large}]
 *       Services:
 *         api: {Access: RW}
 *         reports:
 *           Access: {DBCluster: RO}
 *           SecretsMappings: {Mappings: {host: MONGO_HOST, password: MONGO_PASSWORD}}
 *
 * Credentials are generated in Secrets Manager and reach containers as ECS `Secrets` (by default
 * `<NAME>_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD`); the cluster's security group admits only the
 * families listed, on its port (27017 by default).
 */
import type { Path } from '../../compose/source-map';
import type { DocDbInstance, DocDbModel, GrantPermission, GrantSecret, GrantVariable, IngressRule, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { readInteger } from '../readers';
import { SECRET_READ_ACTIONS } from './access';
import { readDeletionProtection, refuseExistingCluster, withoutReplacedProperties } from './cluster-entries';
import { checkProperties, isObject, readAccessLevel, readConsumers, readEnvNames, readKeyedAccess, readResourceEntries, readReturnValues, ResourceEntry, resourceVariable, networkConsumers } from './common';
import { DEFAULT_INSTANCE_CLASS, readEngineVersion, readInstances, readMasterUsername, readParameterGroup, reportSubnetsSetting } from './docdb-settings';
import { refuseKeyReference } from './kms';
import type { ResourceKindSpec } from './spec';
import { readGrantTaskAccess, readSecretsMappings, type CredentialKeys } from './secrets-mappings';

export const DOCDB_KEY = 'x-docdb';
const KIND = { key: DOCDB_KEY, engine: 'DocumentDB' };
/**
 * `Lookup` / `Use` (an existing cluster): ECS ComposeX found it with AWS calls at every render; composex renders
 * offline and does not look DocumentDB clusters up yet (CX3826). What to write instead:
 */
const LOOKUP_HINT =
  "give the cluster's credentials secret to the services as a top-level secret (secrets: {name: {x-secrets: {Name: <secret name>}}}) and admit their security groups on the cluster's own security group outside composex, or remove Lookup to have composex create the cluster";
/** DocumentDB's default port (AWS::DocDB::DBCluster `Port`: "Default: 27017"). */
export const DOCDB_PORT = 27017;

const MACRO_KEYS = ['Instances', 'DBClusterParameterGroup'];
/** `Subnets` (ECS ComposeX: another subnet group of x-vpc) and `x-cloudmap` are read by docdb-settings. */
const SETTINGS_KEYS = ['DeletionProtection', 'Subnets', 'x-cloudmap', 'EnvNames'];
const CONSUMER_KEYS = ['Access', 'ReturnValues', 'SecretsMappings', 'GrantTaskAccess'];
/** JSON keys of the credentials secret: `username`, `password`; the secret target attachment adds the others. */
export const DOCDB_SECRET_KEYS = ['host', 'port', 'username', 'password', 'engine', 'dbClusterIdentifier'];
/** The variables every consumer gets by default, `<NAME>_<KEY>`. */
const DEFAULT_SECRET_KEYS = ['host', 'port', 'username', 'password'];
const CREDENTIAL_KEYS: CredentialKeys = { defaults: DEFAULT_SECRET_KEYS, keys: DOCDB_SECRET_KEYS, secret: 'DocumentDB credentials secret', example: { host: 'MONGO_HOST', password: 'MONGO_PASSWORD' } };
/** `AWS::DocDB::DBCluster` return values (`Ref` is the cluster identifier), and the secret. */
export const DOCDB_ATTRIBUTES = ['ClusterResourceId', 'Endpoint', 'Port', 'ReadEndpoint', 'DBClusterIdentifier', 'SecretArn'];
/** Other names of the cluster identifier: x-rds's `DBCluster`, ECS ComposeX's `DocDBName` output and use-case `DBClusterName`. */
export const DOCDB_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { DBCluster: 'DBClusterIdentifier', DocDBName: 'DBClusterIdentifier', DBClusterName: 'DBClusterIdentifier' };

/** Properties composex sets itself, and why (shown as the hint). */
const MANAGED: Readonly<Record<string, string>> = {
  ManageMasterUserPassword: 'composex generates the credentials in Secrets Manager and injects them; remove it',
  MasterUserSecretKmsKeyId: 'composex generates the credentials in Secrets Manager and injects them; remove it',
};

/**
 * Properties ECS ComposeX replaced with its own (docdb_template.py, `set_db_cluster`:
 * `VpcSecurityGroupIds` with the cluster's security group, `MasterUserPassword` from its generated
 * secret, `DBSubnetGroupName` with its subnet group), which composex replaces the same way, with a
 * warning at each (CX3827); the password is never repeated.
 */
const REPLACED: Readonly<Record<string, string>> = {
  DBSubnetGroupName: 'the DB subnet group composex creates in the storage (else private) subnets of the project',
  VpcSecurityGroupIds: "the cluster's own security group, which admits only the services listed",
  MasterUserPassword: 'a password generated in Secrets Manager and injected into the services listed (the value written is in no template)',
};

export interface DocDbResolution {
  readonly clusters: DocDbModel[];
  readonly grants: ResourceGrant[];
  readonly ingress: IngressRule[];
}

type ClusterSettings = Omit<DocDbModel, 'logicalId' | 'consumers'>;

export function resolveDocDbClusters(ctx: ResolveContext, membership: Membership, access: ResourceKindSpec<'docdb'>['access']): DocDbResolution {
  const entries = readResourceEntries(ctx, DOCDB_KEY, MACRO_KEYS, SETTINGS_KEYS, ['Use']);
  const ids = logicalIds(entries.map((e) => e.name));
  const clusters: DocDbModel[] = [];
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  for (const entry of entries) {
    if (refuseExistingCluster(ctx, KIND, entry, CODES.DOCDB_LOOKUP_UNSUPPORTED, LOOKUP_HINT)) continue;
    const settings = readCluster(ctx, entry);
    const consumers = clusterGrants(ctx, entry, membership, settings, access);
    if (!settings) continue;
    const network = networkConsumers('docdb', DOCDB_KEY, entry.name, consumers, settings.port);
    clusters.push({ ...settings, logicalId: ids.get(entry.name)!, consumers: network.families });
    grants.push(...consumers);
    ingress.push(...network.ingress);
  }
  return { clusters, grants, ingress };
}

function readCluster(ctx: ResolveContext, entry: ResourceEntry): ClusterSettings | undefined {
  const propsPath = [...entry.path, 'Properties'];
  const p = withoutReplacedProperties(ctx, KIND, entry, REPLACED, CODES.DOCDB_PROPERTY_REPLACED, (key) =>
    key === 'MasterUserPassword' ? 'remove it from the file; if it is a password in use anywhere, change it there: it is written in the compose file' : `remove ${key}`,
  );
  // Data at rest stays encrypted (AWS::DocDB::DBCluster StorageEncrypted; it cannot be changed after creation).
  if (p.StorageEncrypted === false || p.StorageEncrypted === 'false') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `DocumentDB cluster '${entry.name}' would not be encrypted at rest`, [...propsPath, 'StorageEncrypted'], 'remove StorageEncrypted (on by default), or set KmsKeyId to use your own key');
  }
  checkProperties(ctx, p, propsPath, 'AWS::DocDB::DBCluster', MANAGED);
  const keyReference = refuseKeyReference(ctx, p.KmsKeyId, [...propsPath, 'KmsKeyId']);
  const engineVersion = readEngineVersion(ctx, p.EngineVersion, [...propsPath, 'EngineVersion']);
  const masterUsername = readMasterUsername(ctx, p.MasterUsername, [...propsPath, 'MasterUsername']);
  const port = p.Port === undefined ? DOCDB_PORT : readInteger(ctx, p.Port, [...propsPath, 'Port'], 1150, 65535);
  const backupAt = [...propsPath, 'BackupRetentionPeriod'];
  const backupRetentionDays = p.BackupRetentionPeriod === undefined ? 7 : readInteger(ctx, p.BackupRetentionPeriod, backupAt, 1, 35);
  const deletionProtection = readDeletionProtection(ctx, entry);
  reportSubnetsSetting(ctx, entry);
  const instances = entry.macro.Instances === undefined
    ? [{ instanceClass: DEFAULT_INSTANCE_CLASS, properties: {} } as DocDbInstance]
    : readInstances(ctx, entry.macro.Instances, [...entry.path, 'MacroParameters', 'Instances'], engineVersion.value, p);
  const parameterGroup = entry.macro.DBClusterParameterGroup === undefined
    ? undefined
    : readParameterGroup(ctx, entry, entry.macro.DBClusterParameterGroup, [...entry.path, 'MacroParameters', 'DBClusterParameterGroup'], engineVersion.value, p.DBClusterParameterGroupName);
  if (keyReference || !engineVersion.ok || masterUsername === undefined || port === undefined || backupRetentionDays === undefined || deletionProtection === undefined || !instances) return undefined;
  if (entry.macro.DBClusterParameterGroup !== undefined && !parameterGroup) return undefined;
  const { MasterUsername: _u, Port: _p, BackupRetentionPeriod: _b, DeletionProtection: _d, StorageEncrypted: _s, ...properties } = p;
  // Written by composex from what the user wrote in Properties: a validator finding on one is reported there.
  const propertyPaths: Record<string, Path> = {};
  for (const key of ['MasterUsername', 'Port', 'BackupRetentionPeriod', 'DeletionProtection']) if (p[key] !== undefined) propertyPaths[key] = [...propsPath, key];
  return {
    name: entry.name,
    properties,
    propertyPaths,
    ...(engineVersion.value ? { engineVersion: engineVersion.value } : {}),
    port,
    masterUsername,
    deletionProtection,
    backupRetentionDays,
    instances,
    ...(parameterGroup ? { parameterGroup } : {}),
  };
}

function clusterGrants(
  ctx: ResolveContext,
  entry: ResourceEntry,
  membership: Membership,
  cluster: ClusterSettings | undefined,
  levels: ResourceKindSpec<'docdb'>['access'],
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const prefix = resourceVariable(entry.name);
  // `Settings.EnvNames` (ECS ComposeX: "we expose as env vars the Secret associated to the DB"):
  // each name holds the whole credentials secret, its JSON, as an ECS secret.
  const whole: GrantSecret[] = (readEnvNames(ctx, entry) ?? []).map((name) => ({ name, secret: 'credentials' }));
  for (const consumer of readConsumers(ctx, entry, membership, CONSUMER_KEYS)) {
    const at = consumer.path;
    const e = consumer.entry;
    // ECS ComposeX's x-docdb page: "The access key value do not have an effect"; its use-cases list
    // services with no Access (`app03: null`). Network access and the credentials: RW.
    const access = readAccess(ctx, e.Access ?? 'RW', [...at, 'Access'], levels);
    const permissions: GrantPermission[] = access ? [...access.permissions] : [];
    const environment: GrantVariable[] = readReturnValues(ctx, e.ReturnValues, [...at, 'ReturnValues'], DOCDB_ATTRIBUTES, DOCDB_ATTRIBUTE_ALIASES);
    const secrets = [...whole, ...(readSecretsMappings(ctx, e.SecretsMappings, [...at, 'SecretsMappings'], prefix, CREDENTIAL_KEYS) ?? [])];
    if (e.GrantTaskAccess !== undefined) {
      const name = readGrantTaskAccess(ctx, e.GrantTaskAccess, [...at, 'GrantTaskAccess'], prefix);
      if (name) {
        permissions.push({ scope: { on: 'secret' }, actions: SECRET_READ_ACTIONS });
        environment.push({ name, attribute: 'SecretArn' });
      }
    }
    if (access?.level === 'RO') {
      ctx.warning(CODES.READ_ONLY_NOT_ENFORCED, `'${consumer.target}' gets the master credentials of '${entry.name}'; RO is not enforced by AWS`, [...at, 'Access'], 'create a read-only DocumentDB user (the read built-in role) and give its credentials to the service as a secret, or write RW');
    }
    if (!access || !cluster) continue;
    for (const family of consumer.families) {
      grants.push({ kind: 'docdb', resource: entry.name, family, services: consumer.services, access: access.label, permissions, environment, secrets, port: cluster.port });
    }
  }
  return grants;
}

function readAccess(ctx: ResolveContext, value: unknown, path: Path, levels: ResourceKindSpec<'docdb'>['access']): { level?: string; label: string; permissions: GrantPermission[] } | undefined {
  if (!isObject(value)) {
    const level = readAccessLevel(ctx, levels.levels, value, path, 'a DocumentDB cluster');
    return level && { level: level.level, label: level.level, permissions: [] };
  }
  // ECS ComposeX writes `Access: {}` for "no particular access": the network and the credentials.
  if (Object.keys(value).length === 0) return { level: 'RW', label: 'RW', permissions: [] };
  return readKeyedAccess(ctx, value, path, levels.keyed ?? {}, 'a DocumentDB', () => "did you mean 'DBCluster'? (Access: {DBCluster: RO})", () => ({ on: 'resource' }));
}

