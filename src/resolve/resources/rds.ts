/**
 * `x-rds`: a DB instance (postgres, mysql, mariadb) or an Aurora cluster (aurora-postgresql,
 * aurora-mysql, Serverless v2 through `MacroParameters.ServerlessV2`), and who may connect.
 *
 *   x-rds:
 *     orders-db:
 *       Properties: {Engine: postgres, EngineVersion: "16.4", DBInstanceClass: db.t4g.small}
 *       Settings: {DeletionProtection: true}
 *       Services:
 *         api: {Access: RW}
 *         reports:
 *           Access: {DBInstance: RO}
 *           SecretsMappings: {Mappings: {host: PGHOST, password: PGPASSWORD}}
 *           GenerateConnectionStringSecret: DATABASE_URL
 *
 * Credentials are generated in Secrets Manager and reach containers as ECS `Secrets` (by default
 * `<NAME>_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD`, `_DBNAME`); the database's security group
 * admits only the families listed, on its port.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { DatabaseModel, GrantPermission, GrantSecret, GrantVariable, IngressRule, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, describePath, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, readBoolean, readInteger, readObject, readString, XObject } from '../readers';
import { RDS_CONNECT_ACTIONS, SECRET_KMS_DECRYPT_ACTIONS, SECRET_READ_ACTIONS } from './access';
import { readDatabaseFeatures } from './rds-features';
import { LookedUpDatabase, lookedUpDatabase, lookedUpDatabaseValues } from './rds-lookup';
import type { ResourceKindSpec } from './spec';
import { readGrantTaskAccess, readSecretsMappings, type CredentialKeys } from './secrets-mappings';
import { checkProperties, isObject, readAccessLevel, readConsumers, readEnvNames, readResourceEntries, readReturnValues, readVariableName, ResourceEntry, resourceVariable, consumerIngress } from './common';

export const RDS_KEY = 'x-rds';

/**
 * `logs`: the log types `EnableCloudwatchLogsExports` takes per engine, as the RDS API reference
 * lists them (CreateDBInstance / CreateDBCluster `EnableCloudwatchLogsExports`: "RDS for MariaDB -
 * audit | error | general | slowquery | iam-db-auth-error", "RDS for MySQL - audit | error |
 * general | slowquery | iam-db-auth-error", "RDS for PostgreSQL - postgresql | upgrade |
 * iam-db-auth-error", "Aurora MySQL - audit | error | general | instance | slowquery |
 * iam-db-auth-error", "Aurora PostgreSQL - instance | postgresql | iam-db-auth-error"); RDS
 * refuses another at create time, so composex leaves it out with a warning (CX3623).
 */
export const ENGINES = {
  postgres: { kind: 'instance', port: 5432, maxDbName: 63, version: /^\d+(\.\d+){0,2}$/, example: '16.4', logs: ['postgresql', 'upgrade', 'iam-db-auth-error'] },
  mysql: { kind: 'instance', port: 3306, maxDbName: 64, version: /^\d+\.\d+(\.\d+)?$/, example: '8.0.39', logs: ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error'] },
  mariadb: { kind: 'instance', port: 3306, maxDbName: 64, version: /^\d+\.\d+(\.\d+)?$/, example: '10.11.9', logs: ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error'] },
  'aurora-postgresql': { kind: 'cluster', port: 5432, maxDbName: 63, version: /^\d+(\.\d+){0,2}$/, example: '16.4', logs: ['instance', 'postgresql', 'iam-db-auth-error'] },
  'aurora-mysql': { kind: 'cluster', port: 3306, maxDbName: 64, version: /^\d+\.\d+(\.mysql_aurora\.\d+\.\d+\.\d+|\.\d+)?$/, example: '8.0.mysql_aurora.3.08.0', logs: ['audit', 'error', 'general', 'instance', 'slowquery', 'iam-db-auth-error'] },
} as const;
export type Engine = keyof typeof ENGINES;

const MACRO_KEYS = ['Engine', 'EngineVersion', 'InstanceClass', 'Instances', 'ServerlessV2', 'DatabaseName', 'MasterUsername', 'RdsFeatures', 'PermissionsBoundary'];
/** `x-cloudmap`: registration in the project's Cloud Map namespace (resolve/resource-cloudmap.ts). */
const SETTINGS_KEYS = ['DeletionProtection', 'x-cloudmap', 'EnvNames'];
const CONSUMER_KEYS = ['Access', 'ReturnValues', 'SecretsMappings', 'GenerateConnectionStringSecret', 'GrantTaskAccess', 'DbUser'];
/** JSON keys of the credentials secret (the secret target attachment adds host, port and engine). */
export const SECRET_KEYS = ['host', 'port', 'username', 'password', 'dbname'];
const SECRET_KEY_ALIASES: Readonly<Record<string, string>> = { user: 'username', database: 'dbname', engine: 'engine' };
const CREDENTIAL_KEYS: CredentialKeys = { defaults: SECRET_KEYS, keys: [...SECRET_KEYS, 'engine'], aliases: SECRET_KEY_ALIASES, secret: 'database secret', example: { host: 'PGHOST', password: 'PGPASSWORD' } };
export const INSTANCE_ATTRIBUTES = ['Endpoint.Address', 'Endpoint.Port', 'DBInstanceArn', 'DbiResourceId', 'DBInstanceIdentifier'];
export const CLUSTER_ATTRIBUTES = ['Endpoint.Address', 'Endpoint.Port', 'ReadEndpoint.Address', 'DBClusterArn', 'DBClusterResourceId', 'DBClusterIdentifier'];
export const SECRET_ATTRIBUTE = 'SecretArn';
const DEFAULT_USERNAME = 'dbadmin';
const DB_USER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const LIBPQ_SSLMODE = 'PGSSLMODE';

/** Properties composex sets itself, and why (shown as the hint). */
const MANAGED: Readonly<Record<string, string>> = {
  ManageMasterUserPassword: 'composex generates the credentials in Secrets Manager and injects them; remove it',
  MasterUserSecret: 'composex generates the credentials in Secrets Manager and injects them; remove it',
  DBSecurityGroups: 'composex creates the database security group (it admits only the services listed); remove it',
  DBClusterIdentifier: 'composex links the Aurora instances to the cluster; remove it',
};

export interface DatabaseResolution {
  readonly databases: DatabaseModel[];
  readonly grants: ResourceGrant[];
  readonly ingress: IngressRule[];
}

/** `access`: the levels of its registry spec (`RW`, `RO`; `{DBCluster: RO}`, `{DBInstance: RO}`). */
export function resolveDatabases(ctx: ResolveContext, membership: Membership, access: ResourceKindSpec<'database'>['access']): DatabaseResolution {
  const entries = readResourceEntries(ctx, RDS_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const databases: DatabaseModel[] = [];
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  for (const entry of entries) {
    // Lookup: an existing database, from composex.lock.json (rds-lookup.ts).
    const lookedUp = entry.lookup ? lookedUpDatabase(ctx, entry) : undefined;
    if (entry.lookup && !lookedUp) continue;
    const settings = lookedUp ? lookedUp.settings : readDatabase(ctx, entry);
    const consumers = databaseGrants(ctx, entry, membership, settings, access, lookedUp);
    if (!settings) continue;
    const families = [...new Set(consumers.map((g) => g.family))].sort(compareStrings);
    databases.push({
      ...settings,
      logicalId: ids.get(entry.name)!,
      consumers: families,
      connectionStringSecret: consumers.some((g) => g.secrets.some((s) => s.secret === 'connectionString')),
      ...(lookedUp ? { existing: lookedUp.existing } : {}),
    });
    grants.push(...consumers);
    ingress.push(...consumerIngress('database', 'x-rds', entry.name, families, settings.port));
  }
  return { databases, grants, ingress };
}

type DatabaseSettings = Omit<DatabaseModel, 'logicalId' | 'consumers' | 'connectionStringSecret'>;

/**
 * Properties ECS ComposeX replaced with its own (rds_db_template.py, `override_set_properties`:
 * `MasterUserPassword` from its generated secret, `VpcSecurityGroupIds` with the database's
 * security group, `DBSubnetGroupName` with its subnet group), which composex replaces the same way:
 * each is left out with a warning at it (CX3609 for the password, whose value is never repeated;
 * CX3624 for the others), and what composex creates takes its place.
 */
const REPLACED: Readonly<Record<string, string>> = {
  DBSubnetGroupName: 'the subnet group composex creates in the private subnets of the project',
  VpcSecurityGroupIds: "the database's own security group, which admits only the services listed",
  VPCSecurityGroups: "the database's own security group, which admits only the services listed",
};

function withoutReplaced(ctx: ResolveContext, entry: ResourceEntry, p: XObject, propsPath: Path): XObject {
  const kept: XObject = {};
  for (const [key, value] of Object.entries(p)) {
    if (key === 'MasterUserPassword') {
      ctx.warning(
        CODES.LITERAL_DATABASE_PASSWORD,
        `database '${entry.name}' sets MasterUserPassword, which is ignored (as ECS ComposeX did): composex generates the password in Secrets Manager and injects it into the services listed under Services; the value written is in no template`,
        [...propsPath, 'MasterUserPassword'],
        'remove it from the file; if it is a password in use anywhere, change it there: it is written in the compose file',
        'key',
      );
    } else if (Object.prototype.hasOwnProperty.call(REPLACED, key)) {
      ctx.warning(
        CODES.DATABASE_PROPERTY_REPLACED,
        `database '${entry.name}': ${key} is replaced by ${REPLACED[key]} (as ECS ComposeX also replaced it)`,
        [...propsPath, key],
        `remove ${key}; for an existing database, use Lookup instead of Properties`,
        'key',
      );
    } else {
      kept[key] = value;
    }
  }
  return kept;
}

/** Settings that would weaken what composex guarantees, reported whatever else is wrong. */
function checkUnsafeProperties(ctx: ResolveContext, entry: ResourceEntry, p: XObject, propsPath: Path): void {
  if (p.PubliclyAccessible === true || p.PubliclyAccessible === 'true') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `database '${entry.name}' would be publicly accessible`, [...propsPath, 'PubliclyAccessible'], 'remove PubliclyAccessible: composex databases live in private subnets and admit only the services listed');
  }
  if (p.StorageEncrypted === false || p.StorageEncrypted === 'false') {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `database '${entry.name}' would not be encrypted at rest`, [...propsPath, 'StorageEncrypted'], 'remove StorageEncrypted (on by default), or set KmsKeyId to use your own key');
  }
}

function readDatabase(ctx: ResolveContext, entry: ResourceEntry): DatabaseSettings | undefined {
  const m = entry.macro;
  const propsPath = [...entry.path, 'Properties'];
  const p = withoutReplaced(ctx, entry, entry.properties, propsPath);
  checkUnsafeProperties(ctx, entry, p, propsPath);
  const engineAt = p.Engine !== undefined ? [...propsPath, 'Engine'] : [...entry.path, 'MacroParameters', 'Engine'];
  const rawEngine = p.Engine ?? m.Engine;
  if (rawEngine === undefined) {
    ctx.error(CODES.INVALID_DATABASE_ENGINE, `database '${entry.name}' gives no Engine`, entry.path, `add Properties: {Engine: postgres, EngineVersion: "16.4"} (engines: ${Object.keys(ENGINES).join(', ')})`, 'key');
    return undefined;
  }
  const engine = readString(ctx, rawEngine, engineAt);
  if (engine === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(ENGINES, engine)) {
    ctx.error(CODES.INVALID_DATABASE_ENGINE, `'${engine}' is not an engine composex supports`, engineAt, suggestion(engine, Object.keys(ENGINES), 'engine'));
    return undefined;
  }
  const spec = ENGINES[engine as Engine];
  const kind = spec.kind;
  const rawVersion = p.EngineVersion ?? m.EngineVersion;
  const versionAt = p.EngineVersion !== undefined ? [...propsPath, 'EngineVersion'] : [...entry.path, 'MacroParameters', 'EngineVersion'];
  if (rawVersion === undefined) {
    ctx.error(CODES.INVALID_DATABASE_ENGINE, `database '${entry.name}' gives no EngineVersion`, entry.path, `pin the version so an update never upgrades the database by surprise, e.g. EngineVersion: "${spec.example}"`, 'key');
    return undefined;
  }
  if (typeof rawVersion === 'number') {
    // YAML reads 16.10 as 16.1 and 8.0 as 8: the version that reached us may not be the one written.
    ctx.error(CODES.INVALID_DATABASE_ENGINE, `EngineVersion is written as a number (${rawVersion}); YAML may have changed it (16.10 reads as 16.1)`, versionAt, `quote it, e.g. EngineVersion: "${spec.example}"`);
    return undefined;
  }
  const engineVersion = readString(ctx, rawVersion, versionAt);
  if (engineVersion === undefined) return undefined;
  if (!spec.version.test(engineVersion)) {
    ctx.error(CODES.INVALID_DATABASE_ENGINE, `'${engineVersion}' is not an engine version of ${engine}`, versionAt, `write the version as RDS lists it for ${engine}, e.g. "${spec.example}"`);
    return undefined;
  }

  const type = kind === 'cluster' ? 'AWS::RDS::DBCluster' : 'AWS::RDS::DBInstance';
  checkProperties(ctx, p, propsPath, type, MANAGED);
  const rawLogs = p.EnableCloudwatchLogsExports;
  // Not a list: refused with the other Properties' types (checkProperties).
  const logExports = Array.isArray(rawLogs) ? keptLogExports(ctx, entry.name, engine as Engine, rawLogs, [...propsPath, 'EnableCloudwatchLogsExports']) : rawLogs;
  const backupAt = [...propsPath, 'BackupRetentionPeriod'];
  const backupRetentionDays = p.BackupRetentionPeriod === undefined ? 7 : readInteger(ctx, p.BackupRetentionPeriod, backupAt, 0, 35);
  if (backupRetentionDays === 0) {
    ctx.error(CODES.UNSAFE_RESOURCE_PROPERTY, `database '${entry.name}' would keep no automated backups`, backupAt, 'keep BackupRetentionPeriod between 1 and 35 days (default 7)');
  }

  const deletionProtection = readDeletionProtection(ctx, entry);
  const port = p.Port === undefined ? spec.port : readInteger(ctx, p.Port, [...propsPath, 'Port'], 1150, 65535);
  const nameKey = kind === 'cluster' ? 'DatabaseName' : 'DBName';
  const databaseName = readIdentifier(ctx, p[nameKey] ?? m.DatabaseName, p[nameKey] !== undefined ? [...propsPath, nameKey] : [...entry.path, 'MacroParameters', 'DatabaseName'], defaultDatabaseName(entry.name), spec.maxDbName, 'database name');
  const masterUsername = readIdentifier(ctx, p.MasterUsername ?? m.MasterUsername, p.MasterUsername !== undefined ? [...propsPath, 'MasterUsername'] : [...entry.path, 'MacroParameters', 'MasterUsername'], DEFAULT_USERNAME, engine.includes('mysql') || engine === 'mariadb' ? 32 : 63, 'user name');
  const iamAuthentication = p.EnableIAMDatabaseAuthentication === true || p.EnableIAMDatabaseAuthentication === 'true';

  const serverlessV2 = m.ServerlessV2 === undefined ? undefined : readServerless(ctx, m.ServerlessV2, [...entry.path, 'MacroParameters', 'ServerlessV2'], kind);
  const instances = kind === 'cluster' && m.Instances !== undefined ? readInteger(ctx, m.Instances, [...entry.path, 'MacroParameters', 'Instances'], 1, 16) : 1;
  if (kind === 'instance' && m.Instances !== undefined) {
    ctx.error(CODES.INVALID_RESOURCE, `MacroParameters.Instances applies to Aurora clusters, not to a ${engine} instance`, [...entry.path, 'MacroParameters', 'Instances'], 'remove it, or use an aurora-* engine', 'key');
  }
  const classAt = p.DBInstanceClass !== undefined ? [...propsPath, 'DBInstanceClass'] : [...entry.path, 'MacroParameters', 'InstanceClass'];
  const rawClass = kind === 'instance' ? p.DBInstanceClass ?? m.InstanceClass : m.InstanceClass;
  const instanceClass = rawClass === undefined
    ? serverlessV2 ? 'db.serverless' : kind === 'cluster' ? 'db.t4g.medium' : 'db.t4g.micro'
    : readString(ctx, rawClass, classAt);
  if (instanceClass !== undefined && !/^db\.[a-z0-9-]+(\.[a-z0-9]+)?$/.test(instanceClass)) {
    ctx.error(CODES.INVALID_RESOURCE, `'${instanceClass}' is not a DB instance class`, classAt, 'write it as RDS does, e.g. db.t4g.micro, db.r7g.large or db.serverless');
    return undefined;
  }
  if (serverlessV2 && instanceClass !== 'db.serverless') {
    ctx.error(CODES.INVALID_RESOURCE, `Serverless v2 instances use the class db.serverless, not '${instanceClass}'`, classAt, 'remove InstanceClass (composex sets db.serverless with ServerlessV2)');
  }
  const features = readDatabaseFeatures(ctx, entry, engine as Engine, engineVersion);
  if (deletionProtection === undefined || port === undefined || databaseName === undefined || masterUsername === undefined || backupRetentionDays === undefined || instances === undefined || instanceClass === undefined || features === undefined) return undefined;
  if (m.ServerlessV2 !== undefined && !serverlessV2) return undefined;

  const { Engine: _e, EngineVersion: _v, EnableCloudwatchLogsExports: _l, ...rest } = p;
  const properties = logExports === undefined || (Array.isArray(logExports) && logExports.length === 0) ? rest : { ...rest, EnableCloudwatchLogsExports: logExports };
  const propertyPaths: Record<string, Path> = { Engine: engineAt, EngineVersion: versionAt };
  if (rawClass !== undefined) propertyPaths.DBInstanceClass = classAt;
  if (p[nameKey] === undefined && m.DatabaseName !== undefined) propertyPaths[nameKey] = [...entry.path, 'MacroParameters', 'DatabaseName'];
  if (p.MasterUsername === undefined && m.MasterUsername !== undefined) propertyPaths.MasterUsername = [...entry.path, 'MacroParameters', 'MasterUsername'];
  return {
    name: entry.name,
    properties,
    propertyPaths,
    kind,
    engine: engine as Engine,
    engineVersion,
    port,
    masterUsername,
    databaseName,
    deletionProtection,
    backupRetentionDays,
    iamAuthentication,
    instanceClass,
    instances,
    ...(serverlessV2 ? { serverlessV2 } : {}),
    ...(features.features.length > 0 ? { features: features.features } : {}),
    ...(features.features.length > 0 && features.permissionsBoundary ? { permissionsBoundary: features.permissionsBoundary } : {}),
    ...(features.s3RoleParameterGroup ? { s3RoleParameterGroup: features.s3RoleParameterGroup } : {}),
  };
}

/**
 * The log types of `EnableCloudwatchLogsExports` the engine exports (ENGINES[].logs). RDS refuses
 * the others at create time; each is left out with a warning at it (CX3623), so the database is
 * created with the logs it can export. ECS ComposeX passed them through to the failing deploy.
 */
function keptLogExports(ctx: ResolveContext, database: string, engine: Engine, value: readonly unknown[], path: Path): unknown[] {
  const accepted: readonly string[] = ENGINES[engine].logs;
  return value.filter((log, i) => {
    if (typeof log !== 'string' || accepted.includes(log)) return true;
    ctx.warning(
      CODES.DATABASE_LOG_EXPORT,
      `${engine} does not export the log type '${log}' to CloudWatch Logs, and RDS would refuse to create database '${database}' with it: it is left out, and the database exports ${value.filter((l) => typeof l === 'string' && accepted.includes(l)).map((l) => `'${String(l)}'`).join(', ') || 'no logs'}`,
      [...path, i],
      `remove it; the log types of ${engine}: ${accepted.join(', ')}`,
    );
    return false;
  });
}

function readDeletionProtection(ctx: ResolveContext, entry: ResourceEntry): boolean | undefined {
  const setting = entry.settings.DeletionProtection;
  const property = entry.properties.DeletionProtection;
  if (setting !== undefined) return readBoolean(ctx, setting, [...entry.path, 'Settings', 'DeletionProtection']);
  if (property !== undefined) return readBoolean(ctx, property, [...entry.path, 'Properties', 'DeletionProtection']);
  return true;
}

/** `orders-db` → `orders_db` (database names take letters, digits and underscores). */
export function defaultDatabaseName(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '');
  return (id || 'app').slice(0, 63);
}

function readIdentifier(ctx: ResolveContext, value: unknown, path: Path, fallback: string, max: number, what: string): string | undefined {
  if (value === undefined) return fallback;
  const id = readString(ctx, value, path);
  if (id === undefined) return undefined;
  if (!new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${max - 1}}$`).test(id)) {
    ctx.error(CODES.INVALID_RESOURCE, `'${id}' is not a valid ${what}`, path, `start with a letter; letters, digits and _ only; at most ${max} characters`);
    return undefined;
  }
  return id;
}

function readServerless(ctx: ResolveContext, value: unknown, path: Path, kind: 'instance' | 'cluster'): DatabaseModel['serverlessV2'] {
  if (kind !== 'cluster') {
    ctx.error(CODES.INVALID_RESOURCE, 'ServerlessV2 applies to Aurora clusters', path, 'use Engine: aurora-postgresql or aurora-mysql', 'key');
    return undefined;
  }
  const obj = readObject(ctx, value, path, '{MinCapacity: 0.5, MaxCapacity: 4}');
  if (!obj) return undefined;
  checkKeys(ctx, obj, path, ['MinCapacity', 'MaxCapacity']);
  const capacity = (key: string, fallback: number, min: number): number | undefined => {
    const v = obj[key] === undefined ? fallback : typeof obj[key] === 'string' ? Number(obj[key]) : obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > 256 || (v * 2) % 1 !== 0) {
      ctx.error(CODES.X_WRONG_TYPE, `${describePath([...path, key])} must be a number of ACUs from ${min} to 256 in steps of 0.5`, [...path, key], `e.g. ${key}: ${fallback}`);
      return undefined;
    }
    return v;
  };
  const minCapacity = capacity('MinCapacity', 0.5, 0);
  const maxCapacity = capacity('MaxCapacity', 4, 1);
  if (minCapacity === undefined || maxCapacity === undefined) return undefined;
  if (minCapacity > maxCapacity) {
    ctx.error(CODES.INVALID_RESOURCE, `ServerlessV2 MinCapacity ${minCapacity} is above MaxCapacity ${maxCapacity}`, [...path, 'MinCapacity'], 'lower MinCapacity or raise MaxCapacity');
    return undefined;
  }
  return { minCapacity, maxCapacity };
}

function databaseGrants(
  ctx: ResolveContext,
  entry: ResourceEntry,
  membership: Membership,
  db: DatabaseSettings | undefined,
  levels: ResourceKindSpec<'database'>['access'],
  lookedUp?: LookedUpDatabase,
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const prefix = resourceVariable(entry.name);
  // `Settings.EnvNames` (ECS ComposeX's common Settings; for its databases, x-rds and x-docdb,
  // tcp_resources_settings.py put the secret's ARN in each of those names, db_secrets_names /
  // define_db_secrets, until its latest releases stopped reading it): each name holds the whole
  // credentials secret, its JSON (username, password, host, port, dbname, engine), as an ECS secret,
  // as x-docdb reads it.
  const whole: GrantSecret[] = (readEnvNames(ctx, entry) ?? []).map((name) => ({ name, secret: 'credentials' }));
  for (const consumer of readConsumers(ctx, entry, membership, CONSUMER_KEYS)) {
    const at = consumer.path;
    const e = consumer.entry;
    if (e.Access === undefined) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `Services entry '${consumer.target}' of database '${entry.name}' gives no Access`, at, 'add Access: RW (or RO, or {DBCluster: RO} / {DBInstance: RO} to also describe it)', 'key');
      continue;
    }
    const access = readDatabaseAccess(ctx, e.Access, [...at, 'Access'], db?.kind, levels);
    const permissions: GrantPermission[] = access ? [...access.permissions] : [];
    const environment: GrantVariable[] = readReturnValues(ctx, e.ReturnValues, [...at, 'ReturnValues'], [...(db?.kind === 'cluster' ? CLUSTER_ATTRIBUTES : INSTANCE_ATTRIBUTES), SECRET_ATTRIBUTE], db?.kind === 'cluster' ? { DBCluster: 'DBClusterIdentifier' } : { DBInstance: 'DBInstanceIdentifier' });
    let secrets: GrantSecret[] = [...whole, ...(readSecretsMappings(ctx, e.SecretsMappings, [...at, 'SecretsMappings'], prefix, CREDENTIAL_KEYS) ?? [])];
    if (lookedUp) {
      const split = lookedUpDatabaseValues(ctx, lookedUp, secrets, [...at, 'SecretsMappings'], e.SecretsMappings !== undefined);
      environment.push(...split.environment);
      secrets = split.secrets;
      if (e.ReturnValues !== undefined && environment.some((v) => v.attribute === SECRET_ATTRIBUTE) && !lookedUp.existing.secretArn) {
        ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `database '${entry.name}' has no credentials secret, so no SecretArn`, [...at, 'ReturnValues'], 'name its secret in Lookup.secret, or remove SecretArn');
      }
    }
    if (e.GenerateConnectionStringSecret !== undefined) {
      const name = readVariableName(ctx, e.GenerateConnectionStringSecret, [...at, 'GenerateConnectionStringSecret']);
      if (lookedUp) {
        // The RDS-managed secret is rotated (every 7 days by default: Amazon RDS User Guide, "Password
        // management with Amazon RDS and AWS Secrets Manager"); a connection string copied from it
        // would go stale at the first rotation.
        ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `GenerateConnectionStringSecret needs a database composex creates; '${entry.name}' is looked up`, [...at, 'GenerateConnectionStringSecret'], 'build the URL in the service from the <NAME>_HOST, _PORT, _DBNAME variables and the _USERNAME, _PASSWORD secrets (a copy of a rotated password would go stale)', 'key');
      } else if (name !== undefined) secrets.push({ name, secret: 'connectionString' });
    }
    if (e.GrantTaskAccess !== undefined) {
      const grant = readGrantTaskAccess(ctx, e.GrantTaskAccess, [...at, 'GrantTaskAccess'], prefix);
      if (grant && lookedUp && !lookedUp.existing.secretArn) {
        ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `database '${entry.name}' has no credentials secret to grant`, [...at, 'GrantTaskAccess'], 'name its secret in Lookup.secret, or remove GrantTaskAccess', 'key');
      } else if (grant) {
        permissions.push({ scope: { on: 'secret' }, actions: SECRET_READ_ACTIONS });
        // A looked-up secret encrypted with a customer-managed key: reading it needs kms:Decrypt on the key.
        const key = lookedUp?.existing.secretKmsKeyArn;
        if (key) permissions.push({ scope: { on: 'kmsKey', keyArn: key }, actions: SECRET_KMS_DECRYPT_ACTIONS });
        environment.push({ name: grant, attribute: SECRET_ATTRIBUTE });
      }
    }
    if (e.DbUser !== undefined) {
      const user = readString(ctx, e.DbUser, [...at, 'DbUser'], 'the database user the service connects as');
      if (user !== undefined && !DB_USER.test(user)) {
        ctx.error(CODES.INVALID_RESOURCE, `'${user}' is not a database user name`, [...at, 'DbUser'], 'letters, digits and _, starting with a letter');
      } else if (user !== undefined && db && !db.iamAuthentication) {
        ctx.error(CODES.INVALID_RESOURCE, `DbUser needs IAM database authentication on '${entry.name}'`, [...at, 'DbUser'], 'set Properties.EnableIAMDatabaseAuthentication: true on the database', 'key');
      } else if (user !== undefined) {
        permissions.push({ scope: { on: 'dbUser', user }, actions: RDS_CONNECT_ACTIONS });
      }
    }
    const sslMode = libpqSslMode(ctx, db, consumer.services, environment, secrets);
    if (sslMode) environment.push(sslMode);
    if (access?.level === 'RO' && e.DbUser === undefined) {
      ctx.warning(CODES.READ_ONLY_NOT_ENFORCED, `'${consumer.target}' gets the master credentials of '${entry.name}'; RO is not enforced by AWS`, [...at, 'Access'], 'create a read-only database user and connect as it with IAM authentication (EnableIAMDatabaseAuthentication + DbUser), or write RW');
    }
    if (!access || !db) continue;
    for (const family of consumer.families) {
      grants.push({
        kind: 'database',
        resource: entry.name,
        family,
        services: consumer.services,
        access: access.label,
        permissions,
        environment,
        secrets,
        port: db.port,
      });
    }
  }
  return grants;
}

/**
 * A consumer that receives a PostgreSQL database as libpq's variables (`PGHOST`, through
 * `SecretsMappings`) connects with whatever reads them, and libpq reads `PGSSLMODE` too: it gets
 * `PGSSLMODE=require`, as the connection string asks for TLS (RDS for PostgreSQL 15+ refuses plain
 * connections by default: `rds.force_ssl` is 1). Not when a service sets PGSSLMODE itself.
 */
function libpqSslMode(
  ctx: ResolveContext,
  db: DatabaseSettings | undefined,
  services: readonly string[],
  environment: readonly GrantVariable[],
  secrets: readonly GrantSecret[],
): GrantVariable | undefined {
  if (!db || (db.engine !== 'postgres' && db.engine !== 'aurora-postgresql')) return undefined;
  if (!secrets.some((s) => s.name === 'PGHOST')) return undefined;
  if ([...environment, ...secrets].some((v) => v.name === LIBPQ_SSLMODE)) return undefined;
  if (services.some((service) => Object.prototype.hasOwnProperty.call(ctx.project.services[service]?.environment ?? {}, LIBPQ_SSLMODE))) return undefined;
  return { name: LIBPQ_SSLMODE, value: 'require' };
}

function readDatabaseAccess(
  ctx: ResolveContext,
  value: unknown,
  path: Path,
  kind: 'instance' | 'cluster' | undefined,
  levels: ResourceKindSpec<'database'>['access'],
): { level?: string; label: string; permissions: GrantPermission[] } | undefined {
  if (!isObject(value)) {
    const level = readAccessLevel(ctx, levels.levels, value, path, 'an RDS database');
    return level && { level: level.level, label: level.level, permissions: [] };
  }
  const permissions: GrantPermission[] = [];
  const labels: string[] = [];
  for (const key of Object.keys(value).sort(compareStrings)) {
    const table = Object.prototype.hasOwnProperty.call(levels.keyed ?? {}, key) ? levels.keyed![key] : undefined;
    if (!table) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `'${key}' is not an RDS access key`, [...path, key], kind === 'cluster' ? "did you mean 'DBCluster'?" : "did you mean 'DBInstance'?", 'key');
      return undefined;
    }
    const expected = kind === 'cluster' ? 'DBCluster' : 'DBInstance';
    if (kind !== undefined && key !== expected) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `${key} access applies to ${key === 'DBCluster' ? 'Aurora clusters' : 'DB instances'}, and this database is ${kind === 'cluster' ? 'an Aurora cluster' : 'a DB instance'}`, [...path, key], `write ${expected}: RO`, 'key');
      return undefined;
    }
    const level = readAccessLevel(ctx, table, value[key], [...path, key], `${key}`);
    if (!level) return undefined;
    permissions.push({ scope: { on: 'resource' }, actions: level.value.actions });
    labels.push(`${key}: ${level.level}`);
  }
  if (labels.length === 0) {
    ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, 'Access is an empty mapping', path, 'write Access: RW, or {DBCluster: RO} / {DBInstance: RO}');
    return undefined;
  }
  return { label: labels.join(', '), permissions };
}

