/**
 * How each engine gives a database an IAM role for S3, and what that role needs, as data.
 *
 * Two ways, as AWS documents them:
 * - by feature name: the role is associated for a `FeatureName` listed in the
 *   `SupportedFeatureNames` of the engine version (DBEngineVersion, Amazon RDS API Reference;
 *   `AssociatedRoles: [{FeatureName, RoleArn}]`). RDS for PostgreSQL ("Importing data from Amazon S3
 *   into an RDS for PostgreSQL DB instance": `aws rds add-role-to-db-instance --feature-name
 *   s3Import`; "Exporting data … to Amazon S3": `--feature-name s3Export`) and Aurora PostgreSQL
 *   (`add-role-to-db-cluster --feature-name s3Import` / `s3Export`). RDS for SQL Server and RDS for
 *   Oracle name theirs `S3_INTEGRATION` ("Integrating an Amazon RDS for SQL Server DB instance with
 *   Amazon S3", "Amazon S3 integration" for Oracle); composex creates neither engine.
 * - by cluster parameter: Aurora MySQL ("Associating an IAM role with an Amazon Aurora MySQL DB
 *   cluster", Amazon Aurora User Guide) takes the role in its associated roles without a feature
 *   name, and reads which role to use from a DB cluster parameter of a custom DB cluster parameter
 *   group: `aws_default_s3_role` for `LOAD DATA FROM S3`, `LOAD XML FROM S3` and `SELECT INTO
 *   OUTFILE S3`. Version 2 also has `aurora_load_from_s3_role` / `aurora_select_into_s3_role`, and
 *   falls back to `aws_default_s3_role` without them; version 3 has only `aws_default_s3_role`
 *   ("Loading data into an Amazon Aurora MySQL DB cluster from text files in an Amazon S3 bucket":
 *   "For Aurora MySQL version 3, use aws_default_s3_role"). So one role, holding what every feature
 *   declared needs, named by `aws_default_s3_role`, works on both versions.
 * RDS for MySQL and MariaDB have no S3 feature for a running database.
 */
import type { DatabaseFeature, DatabaseModel } from '../model';

export type FeatureName = DatabaseFeature['name'];
type Engine = DatabaseModel['engine'];
type FeatureAccess = Pick<DatabaseFeature, 'bucketActions' | 'objectActions' | 'kmsActions'>;

/** The cluster parameter composex sets to the role of Aurora MySQL. */
export const AURORA_MYSQL_S3_ROLE_PARAMETER = 'aws_default_s3_role';

/**
 * What each feature does with S3 on PostgreSQL, least privilege, as the RDS User Guide's policies
 * list them: import (setting up access: `s3:GetObject` on the objects, `s3:ListBucket` on the
 * bucket) and export (`s3:PutObject` and `s3:AbortMultipartUpload` on the objects). With an SSE-KMS
 * bucket the role also uses the key: `kms:Decrypt` to read, `kms:GenerateDataKey` (and
 * `kms:Decrypt` for multipart uploads) to write.
 */
const POSTGRES_ACCESS: Readonly<Record<FeatureName, FeatureAccess>> = {
  s3Import: { bucketActions: ['s3:ListBucket'], objectActions: ['s3:GetObject'], kmsActions: ['kms:Decrypt'] },
  s3Export: { bucketActions: [], objectActions: ['s3:AbortMultipartUpload', 's3:PutObject'], kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
};

/**
 * Aurora MySQL ("Creating an IAM policy to access Amazon S3 resources", Amazon Aurora User Guide:
 * the minimum bucket and object permissions of each statement): `LOAD DATA FROM S3` / `LOAD XML
 * FROM S3` need `ListBucket`, `GetObject`, `GetObjectVersion`; `SELECT INTO OUTFILE S3` needs
 * `ListBucket`, `AbortMultipartUpload`, `DeleteObject`, `GetObject`, `ListMultipartUploadParts`,
 * `PutObject`. Objects under a customer-managed KMS key: `kms:Decrypt` to load ("Creating an IAM
 * policy to access AWS KMS resources"), and `kms:GenerateDataKey` too to write them.
 */
const AURORA_MYSQL_ACCESS: Readonly<Record<FeatureName, FeatureAccess>> = {
  s3Import: { bucketActions: ['s3:ListBucket'], objectActions: ['s3:GetObject', 's3:GetObjectVersion'], kmsActions: ['kms:Decrypt'] },
  s3Export: {
    bucketActions: ['s3:ListBucket'],
    objectActions: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
    kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey'],
  },
};

export type EngineFeatures =
  | { readonly association: 'featureName'; readonly access: Readonly<Record<FeatureName, FeatureAccess>> }
  | { readonly association: 'clusterParameter'; readonly access: Readonly<Record<FeatureName, FeatureAccess>> }
  | { readonly association: 'none'; readonly otherwise: string };

export const ENGINE_FEATURES: Readonly<Record<Engine, EngineFeatures>> = {
  postgres: { association: 'featureName', access: POSTGRES_ACCESS },
  'aurora-postgresql': { association: 'featureName', access: POSTGRES_ACCESS },
  'aurora-mysql': { association: 'clusterParameter', access: AURORA_MYSQL_ACCESS },
  mysql: { association: 'none', otherwise: 'RDS for MySQL has no s3Import or s3Export feature for a running DB instance; use aurora-mysql, postgres or aurora-postgresql, or load the data from the services' },
  mariadb: { association: 'none', otherwise: 'RDS for MariaDB has no s3Import or s3Export feature; use aurora-mysql, postgres or aurora-postgresql, or load the data from the services' },
};

/** The feature names composex creates a role for. */
export const FEATURE_NAMES: readonly FeatureName[] = ['s3Import', 's3Export'];

/**
 * The DB cluster parameter group family of an Aurora MySQL version: `aurora-mysql8.0` for version 3
 * (`8.0.mysql_aurora.3.08.0`, `8.0`), `aurora-mysql5.7` for version 2 (`5.7.mysql_aurora.2.12.4`).
 */
export function auroraMysqlParameterGroupFamily(engineVersion: string): string {
  return `aurora-mysql${engineVersion.split('.').slice(0, 2).join('.')}`;
}
