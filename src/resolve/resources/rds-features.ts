/**
 * `x-rds` `MacroParameters.RdsFeatures` (ECS ComposeX's syntax): for each feature, an IAM role
 * that RDS assumes, with access to the S3 buckets listed, associated with the database for that
 * feature (`AssociatedRoles: [{FeatureName, RoleArn}]`); on Aurora MySQL, one role for the features
 * declared, associated without a feature name and named by `aws_default_s3_role` in a DB cluster
 * parameter group composex creates (how each engine takes its role: rds-feature-engines.ts; the
 * versions that have each feature: rds-feature-versions.ts).
 *
 *   x-rds:
 *     reports-db:
 *       Properties: {Engine: aurora-postgresql, EngineVersion: "16.4"}
 *       MacroParameters:
 *         PermissionsBoundary: policy-name      # of the feature roles (an ARN, or a policy name of the account)
 *         RdsFeatures:
 *           - Name: s3Import
 *             Resources:
 *               - x-s3::imports                 # an x-s3 bucket of the project
 *               - arn:aws:s3:::shared/incoming/*  # an ARN: the objects it names
 *               - partner-drop                  # a bucket name: all its objects
 *
 * What ECS ComposeX did differently (rds_features.py, rds_features_define.py), and why:
 * - one role per feature, not one role for both: RDS refuses a role associated twice with a
 *   database ("DBInstanceRoleAlreadyExists: The specified RoleArn or FeatureName value is already
 *   associated with the DB instance", AddRoleToDBInstance, Amazon RDS API Reference);
 * - the actions the feature needs (below), not `s3:GetObject*` / `s3:PutObject*`;
 * - an engine (or a pinned PostgreSQL version) without the feature is refused here, not at deploy
 *   time; Aurora MySQL gets the cluster parameter that makes its role used.
 * A feature already in `Properties.AssociatedRoles` is skipped with a warning, as ECS ComposeX did.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { DatabaseFeature, DatabaseModel, FeatureBucket } from '../model';
import { CODES } from '../codes';
import { ResolveContext } from '../context';
import { checkKeys, isPlainObject, readList, readObject, readString } from '../readers';
import { readPolicyReference } from '../x-iam';
import { auroraMysqlParameterGroupFamily, AURORA_MYSQL_S3_ROLE_PARAMETER, ENGINE_FEATURES, FEATURE_NAMES, FeatureName } from './rds-feature-engines';
import { featureVersionProblem } from './rds-feature-versions';
import type { ResourceEntry } from './common';

type Engine = DatabaseModel['engine'];

const S3_REFERENCE = 'x-s3::';
/** An S3 ARN: the bucket, optionally a key or prefix (`/folder/*`). */
const S3_ARN = /^arn:(aws|aws-cn|aws-us-gov):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;
/** A bucket name (S3 bucket naming rules), optionally a key or prefix. */
const BUCKET_NAME = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;

export interface DatabaseFeatures {
  readonly features: DatabaseFeature[];
  readonly permissionsBoundary?: string;
  /** Aurora MySQL: the DB cluster parameter group that names the role (rds-feature-engines.ts). */
  readonly s3RoleParameterGroup?: DatabaseModel['s3RoleParameterGroup'];
}

/**
 * `MacroParameters.RdsFeatures` and `PermissionsBoundary` of a database composex creates with
 * `engine`; undefined when one is wrong (each error reported at it).
 */
export function readDatabaseFeatures(ctx: ResolveContext, entry: ResourceEntry, engine: Engine, engineVersion: string): DatabaseFeatures | undefined {
  const macroPath = [...entry.path, 'MacroParameters'];
  const boundaryAt = [...macroPath, 'PermissionsBoundary'];
  const permissionsBoundary = entry.macro.PermissionsBoundary === undefined ? undefined : readPolicyReference(ctx, entry.macro.PermissionsBoundary, boundaryAt, 'PermissionsBoundary');
  if (entry.macro.PermissionsBoundary !== undefined && permissionsBoundary === undefined) return undefined;
  if (entry.macro.RdsFeatures === undefined) {
    if (permissionsBoundary) warnUnusedBoundary(ctx, entry, boundaryAt);
    return { features: [] };
  }
  const at = [...macroPath, 'RdsFeatures'];
  const list = readList(ctx, entry.macro.RdsFeatures, at, '[{Name: s3Import, Resources: [x-s3::<bucket>]}]');
  if (!list) return undefined;
  const associated = associatedFeatures(entry);
  const bucketNames = Object.keys(isPlainObject(ctx.project.extensions['x-s3']) ? ctx.project.extensions['x-s3'] : {});
  const features: DatabaseFeature[] = [];
  const seen = new Set<string>();
  let ok = true;
  list.forEach((item, i) => {
    const itemAt = [...at, i];
    const feature = readObject(ctx, item, itemAt, '{Name: s3Import, Resources: [x-s3::<bucket>]}');
    if (!feature) return (ok = false);
    checkKeys(ctx, feature, itemAt, ['Name', 'Resources']);
    const name = readFeatureName(ctx, entry, { engine, version: engineVersion }, feature.Name, [...itemAt, 'Name'], itemAt);
    if (!name) return (ok = false);
    if (seen.has(name)) {
      ctx.error(CODES.RDS_FEATURE_INVALID, `RdsFeatures names ${name} twice`, [...itemAt, 'Name'], `list the buckets of ${name} under one entry`);
      return (ok = false);
    }
    seen.add(name);
    const resources = readFeatureResources(ctx, feature.Resources, [...itemAt, 'Resources'], itemAt, bucketNames);
    if (!resources) return (ok = false);
    if (associated.has(name)) {
      ctx.warning(
        CODES.RDS_FEATURE_ALREADY_ASSOCIATED,
        `database '${entry.name}' already associates a role for ${name} in Properties.AssociatedRoles: the RdsFeatures entry is skipped (as ECS ComposeX skipped it), and that role is used`,
        [...itemAt, 'Name'],
        `remove ${name} from Properties.AssociatedRoles to let composex create the role, or remove this RdsFeatures entry`,
      );
      return;
    }
    const support = ENGINE_FEATURES[engine];
    if (support.association !== 'none') features.push({ name, ...support.access[name], resources });
  });
  if (!ok) return undefined;
  if (permissionsBoundary && features.length === 0) warnUnusedBoundary(ctx, entry, boundaryAt);
  if (ENGINE_FEATURES[engine].association !== 'clusterParameter' || features.length === 0) {
    return { features, ...(permissionsBoundary ? { permissionsBoundary } : {}) };
  }
  const family = auroraMysqlParameterGroupFamily(engineVersion);
  if (entry.properties.DBClusterParameterGroupName !== undefined) {
    // Aurora MySQL reads its S3 role from a cluster parameter: the group must name the role, and
    // composex cannot add a parameter to a group it does not create.
    ctx.error(
      CODES.RDS_FEATURE_PARAMETER_GROUP,
      `Aurora MySQL database '${entry.name}' uses the role of RdsFeatures only when its DB cluster parameter group sets ${AURORA_MYSQL_S3_ROLE_PARAMETER} to the role's ARN, and Properties.DBClusterParameterGroupName names a group composex cannot change`,
      [...entry.path, 'Properties', 'DBClusterParameterGroupName'],
      `remove DBClusterParameterGroupName: composex then creates the cluster's parameter group (family ${family}) with ${AURORA_MYSQL_S3_ROLE_PARAMETER} set to the role; or keep your group, remove RdsFeatures, list your own S3 role in Properties.AssociatedRoles (without FeatureName) and set ${AURORA_MYSQL_S3_ROLE_PARAMETER} to its ARN in your group`,
      'key',
    );
    return undefined;
  }
  return { features, ...(permissionsBoundary ? { permissionsBoundary } : {}), s3RoleParameterGroup: { family, parameter: AURORA_MYSQL_S3_ROLE_PARAMETER } };
}

/** PermissionsBoundary bounds the feature roles (ECS ComposeX: "the IAM roles that will be created around the RDS Cluster/Instance"). */
function warnUnusedBoundary(ctx: ResolveContext, entry: ResourceEntry, at: Path): void {
  ctx.warning(
    CODES.RDS_BOUNDARY_UNUSED,
    `PermissionsBoundary of database '${entry.name}' bounds the roles of RdsFeatures, and composex creates none for it: the boundary is unused`,
    at,
    'remove it, or add the RdsFeatures whose roles it should bound',
    'key',
  );
}

/** `FeatureName`s of `Properties.AssociatedRoles` (the user's own roles). */
function associatedFeatures(entry: ResourceEntry): Set<string> {
  const roles = entry.properties.AssociatedRoles;
  return new Set(Array.isArray(roles) ? roles.flatMap((r) => (isPlainObject(r) && typeof r.FeatureName === 'string' ? [r.FeatureName] : [])) : []);
}

function readFeatureName(ctx: ResolveContext, entry: ResourceEntry, { engine, version }: { engine: Engine; version: string }, value: unknown, at: Path, itemAt: Path): FeatureName | undefined {
  if (value === undefined) {
    ctx.error(CODES.RDS_FEATURE_INVALID, 'an RdsFeatures entry gives no Name', itemAt, 'add Name: s3Import or Name: s3Export', 'key');
    return undefined;
  }
  const name = readString(ctx, value, at, 's3Import or s3Export');
  if (name === undefined) return undefined;
  if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
    ctx.error(CODES.RDS_FEATURE_INVALID, `'${name}' is not an RDS feature composex creates a role for`, at, `${suggestion(name, FEATURE_NAMES, 'feature')} (composex, as ECS ComposeX, creates the roles of s3Import and s3Export)`);
    return undefined;
  }
  const support = ENGINE_FEATURES[engine];
  if (support.association === 'none') {
    ctx.error(CODES.RDS_FEATURE_UNSUPPORTED, `${engine} has no ${name} feature, so database '${entry.name}' cannot be given its role`, at, support.otherwise);
    return undefined;
  }
  const tooOld = featureVersionProblem(engine, version, name as FeatureName);
  if (tooOld) {
    ctx.error(
      CODES.RDS_FEATURE_ENGINE_VERSION,
      `${engine} ${version} has no ${name} feature (${tooOld.first === null ? `no ${engine} ${tooOld.major} version has it` : `in ${tooOld.major}, RDS has it from ${tooOld.first}`}), so RDS would refuse to associate the role of database '${entry.name}'`,
      at,
      tooOld.first === null ? `raise EngineVersion to a supported major version (e.g. "16.4")` : `raise EngineVersion to "${tooOld.first}" or later (minor version upgrades keep the data)`,
    );
    return undefined;
  }
  return name as FeatureName;
}

function readFeatureResources(ctx: ResolveContext, value: unknown, at: Path, itemAt: Path, bucketNames: readonly string[]): FeatureBucket[] | undefined {
  if (value === undefined) {
    ctx.error(CODES.RDS_FEATURE_INVALID, 'an RdsFeatures entry gives no Resources', itemAt, 'add Resources: [x-s3::<bucket>, <bucket name>, arn:aws:s3:::<bucket>/<prefix>/*]', 'key');
    return undefined;
  }
  const list = readList(ctx, value, at, '[x-s3::<bucket>, <bucket name>, arn:aws:s3:::<bucket>/<prefix>/*]');
  if (!list) return undefined;
  if (list.length === 0) {
    ctx.error(CODES.RDS_FEATURE_INVALID, 'Resources is empty: the role would reach no bucket', at, 'list the buckets: x-s3::<bucket>, a bucket name, or an S3 ARN');
    return undefined;
  }
  const out: FeatureBucket[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const bucket = readFeatureBucket(ctx, item, [...at, i], bucketNames);
    if (bucket) out.push(bucket);
    else ok = false;
  });
  return ok ? out : undefined;
}

function readFeatureBucket(ctx: ResolveContext, value: unknown, at: Path, bucketNames: readonly string[]): FeatureBucket | undefined {
  const text = readString(ctx, value, at, 'x-s3::<bucket>, a bucket name, or an S3 ARN');
  if (text === undefined) return undefined;
  if (text.startsWith(S3_REFERENCE)) {
    const bucket = text.slice(S3_REFERENCE.length);
    if (!bucketNames.includes(bucket)) {
      ctx.error(CODES.RDS_FEATURE_INVALID, `'${bucket}' is not an x-s3 bucket of this project`, at, bucketNames.length ? suggestion(bucket, bucketNames, 'bucket') : 'declare it under x-s3 (or write its name or ARN without x-s3::)');
      return undefined;
    }
    return { bucket };
  }
  if (text.startsWith('arn:')) {
    const m = S3_ARN.exec(text);
    if (!m) {
      ctx.error(CODES.RDS_FEATURE_INVALID, `'${text}' is not an S3 bucket or object ARN`, at, 'write arn:aws:s3:::<bucket> (all its objects) or arn:aws:s3:::<bucket>/<prefix>/* (those objects)');
      return undefined;
    }
    return { partition: m[1]!, name: m[2]!, ...(m[3] && m[3] !== '/' ? { objects: m[3].slice(1) } : {}) };
  }
  const m = BUCKET_NAME.exec(text);
  if (!m || m[1]!.includes('..')) {
    ctx.error(CODES.RDS_FEATURE_INVALID, `'${text}' is not an S3 bucket name`, at, 'a bucket name has 3 to 63 lower-case letters, digits, dots and hyphens (optionally /<prefix>/*); or write x-s3::<bucket> for a bucket of the project');
    return undefined;
  }
  return { name: m[1]!, ...(m[2] && m[2] !== '/' ? { objects: m[2].slice(1) } : {}) };
}
