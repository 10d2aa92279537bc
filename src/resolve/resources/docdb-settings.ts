/**
 * What `x-docdb` reads beside the cluster's `Properties`, and what DocumentDB would refuse, said at
 * the key offline: the engine version, the master user name, the instances
 * (`MacroParameters.Instances`, ECS ComposeX's list of `AWS::DocDB::DBInstance` properties), the
 * cluster parameter group (`MacroParameters.DBClusterParameterGroup`) and `Settings.Subnets`.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { DocDbInstance } from '../model';
import { CODES, type Code } from '../codes';
import type { ResolveContext } from '../context';
import { isPlainObject, readObject, readString, XObject } from '../readers';
import { readClusterInstances } from './cluster-instances';
import { checkProperties, ResourceEntry } from './common';

/**
 * The instance class of the instance ECS ComposeX creates when `Instances` is absent
 * (docdb_template.py, `add_db_instances`: one `db.t3.medium`).
 */
export const DEFAULT_INSTANCE_CLASS = 'db.t3.medium';

/**
 * The engine versions DocumentDB creates (Amazon DocumentDB Developer Guide, "Amazon DocumentDB
 * features and configurations": v3.6, v4.0, v5.0, v8.0; `EngineVersion` is written `5.0.0`), and
 * their cluster parameter group families (`docdb5.0`).
 */
export const DOCDB_ENGINE_VERSIONS: Readonly<Record<string, string>> = {
  '3.6.0': 'docdb3.6',
  '4.0.0': 'docdb4.0',
  '5.0.0': 'docdb5.0',
  '8.0.0': 'docdb8.0',
};

/**
 * The instance classes of DocumentDB: "Amazon DocumentDB supports the R4, R5, R6G, R8G, T3, and T4G
 * families of instance classes" (Developer Guide, "Managing instance classes"; R6GD is R6G with
 * local NVMe storage), T3 and T4G in the `medium` size only; `db.r4` is of the previous generation,
 * created with v3.6 only, and serverless instances (`db.serverless`) with v5.0 and later ("Amazon
 * DocumentDB features and configurations").
 */
const INSTANCE_CLASS = /^db\.(r4|r5|r6g|r6gd|r8g|t3|t4g)\.([a-z0-9]+)$/;
const BURSTABLE = ['t3', 't4g'];

/** At most one primary and 15 replicas per cluster ("Read replicas supported: 15"). */
const MAX_INSTANCES = 16;

/**
 * `MasterUsername` (AWS::DocDB::DBCluster / CreateDBCluster): "from 1 to 63 letters or numbers. The
 * first character must be a letter. Cannot be a reserved word for the chosen database engine"; `admin`
 * is reserved by DocumentDB (the AWS CDK aws-docdb `Login` documentation notes it).
 */
const MASTER_USERNAME = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const RESERVED_USERNAMES = ['admin'];
export const DEFAULT_MASTER_USERNAME = 'dbadmin';

/** `EngineVersion`: absent (DocumentDB's default), or one of DOCDB_ENGINE_VERSIONS. */
export function readEngineVersion(ctx: ResolveContext, value: unknown, path: Path): { ok: boolean; value?: string } {
  if (value === undefined) return { ok: true };
  const versions = Object.keys(DOCDB_ENGINE_VERSIONS);
  if (typeof value === 'number') {
    // YAML reads 5.0 as 5: the version that reached us is not the one written.
    ctx.error(CODES.DOCDB_ENGINE_VERSION, `EngineVersion is written as a number (${value}); DocumentDB versions are written "5.0.0"`, path, `quote it and give the full version, e.g. EngineVersion: "5.0.0" (versions: ${versions.join(', ')})`);
    return { ok: false };
  }
  const version = readString(ctx, value, path);
  if (version === undefined) return { ok: false };
  if (!Object.prototype.hasOwnProperty.call(DOCDB_ENGINE_VERSIONS, version)) {
    const major = versions.find((v) => v.startsWith(`${version}.`) || `${version}.0` === v.slice(0, version.length + 2));
    ctx.error(CODES.DOCDB_ENGINE_VERSION, `'${version}' is not an engine version of DocumentDB, which would refuse to create the cluster`, path, major ? `write EngineVersion: "${major}"` : `DocumentDB versions: ${versions.join(', ')}`);
    return { ok: false };
  }
  return { ok: true, value: version };
}

export function readMasterUsername(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  if (value === undefined) return DEFAULT_MASTER_USERNAME;
  const name = readString(ctx, value, path);
  if (name === undefined) return undefined;
  if (!MASTER_USERNAME.test(name)) {
    ctx.error(CODES.DOCDB_MASTER_USERNAME, `'${name}' is not a DocumentDB master user name, which DocumentDB would refuse`, path, 'start with a letter; letters and digits only; at most 63 characters');
    return undefined;
  }
  if (RESERVED_USERNAMES.includes(name.toLowerCase())) {
    ctx.error(CODES.DOCDB_MASTER_USERNAME, `'${name}' is a user name DocumentDB reserves, and it would refuse to create the cluster`, path, `write another name, e.g. MasterUsername: ${DEFAULT_MASTER_USERNAME} (or remove it: ${DEFAULT_MASTER_USERNAME} is the default)`);
    return undefined;
  }
  return name;
}

/** An instance class DocumentDB offers for the version, or the reason it would refuse it. */
function classRefusal(instanceClass: string, version: string | undefined, cluster: XObject): string | undefined {
  if (instanceClass === 'db.serverless') {
    if (version === '3.6.0' || version === '4.0.0') return `serverless instances need DocumentDB 5.0 or later, and the cluster is ${version}`;
    if (cluster.ServerlessV2ScalingConfiguration === undefined) return 'a serverless instance needs the capacity of its cluster (Properties.ServerlessV2ScalingConfiguration: {MinCapacity, MaxCapacity})';
    return undefined;
  }
  const m = INSTANCE_CLASS.exec(instanceClass);
  if (!m) return `'${instanceClass}' is not a DocumentDB instance class (families: db.r5, db.r6g, db.r6gd, db.r8g, db.t3.medium, db.t4g.medium, db.serverless)`;
  if (BURSTABLE.includes(m[1]) && m[2] !== 'medium') return `DocumentDB offers ${m[1]} instances in the medium size only, not '${instanceClass}'`;
  if (m[1] === 'r4' && version !== '3.6.0') return `db.r4 instances (previous generation) run DocumentDB 3.6 only${version ? `, and the cluster is ${version}` : ''}`;
  return undefined;
}

/** `MacroParameters.Instances`: a list of `AWS::DocDB::DBInstance` properties, each with `DBInstanceClass`. */
export function readInstances(ctx: ResolveContext, value: unknown, path: Path, version: string | undefined, cluster: XObject): DocDbInstance[] | undefined {
  return readClusterInstances(ctx, value, path, {
    type: 'AWS::DocDB::DBInstance',
    engine: 'DocumentDB',
    codes: { invalid: CODES.DOCDB_INSTANCES_INVALID, instanceClass: CODES.DOCDB_INSTANCE_CLASS },
    defaultClass: DEFAULT_INSTANCE_CLASS,
    max: MAX_INSTANCES,
    refusal: (instanceClass) => classRefusal(instanceClass, version, cluster),
    wellFormed: (instanceClass) => INSTANCE_CLASS.test(instanceClass) || instanceClass === 'db.serverless',
    known: ['db.t3.medium', 'db.t4g.medium', 'db.r5.large', 'db.r6g.large', 'db.r8g.large', 'db.serverless'],
  });
}

/**
 * `MacroParameters.DBClusterParameterGroup`: the properties of an `AWS::DocDB::DBClusterParameterGroup`
 * (`Description`, `Family`, `Parameters`, `Name`, `Tags`) created with the cluster. Its family must
 * be the one of the cluster's engine version (DocumentDB refuses a group of another family), and
 * `tls: disabled` turns off the TLS DocumentDB requires by default (warning CX3825).
 */
export function readParameterGroup(ctx: ResolveContext, entry: ResourceEntry, value: unknown, path: Path, version: string | undefined, namedGroup: unknown): Record<string, unknown> | undefined {
  const obj = readObject(ctx, value, path, '{Family: docdb5.0, Description: ..., Parameters: {tls: enabled}}');
  if (!obj) return undefined;
  checkProperties(ctx, obj, path, 'AWS::DocDB::DBClusterParameterGroup');
  if (namedGroup !== undefined) {
    ctx.error(CODES.DOCDB_PARAMETER_GROUP_INVALID, 'a cluster has one parameter group: MacroParameters.DBClusterParameterGroup creates one, and Properties.DBClusterParameterGroupName names another', path, 'remove one of them', 'key');
    return undefined;
  }
  const familyAt = [...path, 'Family'];
  if (obj.Family === undefined) {
    ctx.error(CODES.DOCDB_PARAMETER_GROUP_INVALID, 'DBClusterParameterGroup gives no Family, which CloudFormation requires', path, `add Family: ${version ? DOCDB_ENGINE_VERSIONS[version] : 'docdb5.0'}`, 'key');
    return undefined;
  }
  const family = readString(ctx, obj.Family, familyAt);
  if (family === undefined) return undefined;
  const families = Object.values(DOCDB_ENGINE_VERSIONS);
  if (!families.includes(family)) {
    ctx.error(CODES.DOCDB_PARAMETER_GROUP_INVALID, `'${family}' is not a DocumentDB parameter group family`, familyAt, suggestion(family, families, 'family'));
    return undefined;
  }
  if (!version) {
    ctx.error(CODES.DOCDB_PARAMETER_GROUP_INVALID, `a ${family} parameter group needs a cluster of that version, and '${entry.name}' gives no EngineVersion (DocumentDB would create its default version)`, familyAt, `add Properties: {EngineVersion: "${Object.keys(DOCDB_ENGINE_VERSIONS).find((v) => DOCDB_ENGINE_VERSIONS[v] === family)}"}`);
    return undefined;
  }
  if (DOCDB_ENGINE_VERSIONS[version] !== family) {
    ctx.error(CODES.DOCDB_PARAMETER_GROUP_INVALID, `parameter group family '${family}' is not the family of DocumentDB ${version} ('${DOCDB_ENGINE_VERSIONS[version]}'): DocumentDB would refuse the cluster`, familyAt, `write Family: ${DOCDB_ENGINE_VERSIONS[version]}, or change EngineVersion`);
    return undefined;
  }
  const parameters = obj.Parameters === undefined ? {} : readObject(ctx, obj.Parameters, [...path, 'Parameters'], '{tls: enabled}');
  if (!parameters) return undefined;
  const tls = parameters.tls;
  if (typeof tls === 'string' && tls.toLowerCase() === 'disabled') {
    ctx.warning(
      CODES.DOCDB_TLS_DISABLED,
      `DocumentDB cluster '${entry.name}' accepts connections in plain text (inside the VPC): its parameter group sets tls: disabled, where DocumentDB requires TLS by default`,
      [...path, 'Parameters', 'tls'],
      'remove tls (or write tls: enabled) and connect with TLS (tls=true and the Amazon RDS CA bundle in the connection string)',
    );
  }
  const description = typeof obj.Description === 'string' ? obj.Description : `composex: parameters of DocumentDB cluster ${entry.name}`;
  const props: Record<string, unknown> = { ...obj, Description: description, Family: family, Parameters: parameters };
  if (!isPlainObject(props.Parameters)) return undefined;
  return props;
}

/**
 * `Settings.Subnets` (ECS ComposeX: the name of another subnet group of x-vpc for the cluster's
 * subnet group, use-cases/docdb/subnets_override.yml): composex places every database in the
 * storage subnets (else the private subnets), so the cluster is placed there, with a warning
 * (CX3828; x-neptune's, CX3889).
 */
export function reportSubnetsSetting(ctx: ResolveContext, entry: ResourceEntry, engine = 'DocumentDB', code: Code = CODES.DOCDB_SUBNETS_NOT_APPLIED): void {
  const value = entry.settings.Subnets;
  if (value === undefined) return;
  ctx.warning(
    code,
    `${engine} cluster '${entry.name}' is placed in the project's storage subnets (x-vpc StorageSubnets, else the private subnets), not in ${typeof value === 'string' ? `'${value}'` : 'the subnets named'}: composex places databases in one subnet group`,
    [...entry.path, 'Settings', 'Subnets'],
    'remove Settings.Subnets; give x-vpc StorageSubnets to choose where databases go',
    'key',
  );
}
