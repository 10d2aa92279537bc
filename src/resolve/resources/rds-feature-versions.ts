/**
 * The engine versions that have each RDS feature, as data. RDS lists a version's features in the
 * `SupportedFeatureNames` of DescribeDBEngineVersions (DBEngineVersion, Amazon RDS API Reference);
 * offline, composex keeps the versions where they start, the same ones the AWS CDK records for each
 * engine version (`aws-cdk-lib/aws-rds`, `PostgresEngineVersion` and `AuroraPostgresEngineVersion`,
 * `{s3Import, s3Export}`): RDS for PostgreSQL exports to S3 ("Exporting data from an RDS for
 * PostgreSQL DB instance to Amazon S3", Amazon RDS User Guide) from 10.14, 11.9 and 12.4, and
 * imports ("Importing data from Amazon S3 into an RDS for PostgreSQL DB instance") from 10.7; Aurora
 * PostgreSQL exports from 10.11, 11.6 and imports from 10.7; no 9.x version has either. Every
 * version RDS offers today has both ("All currently available versions of RDS for PostgreSQL support
 * exporting data to Amazon S3"), so only a pinned old version is refused.
 */
import type { DatabaseFeature, DatabaseModel } from '../model';

type FeatureName = DatabaseFeature['name'];

/**
 * Per engine and feature, per major version (`10`, `9.6`): the first version with the feature, or
 * `null` when no version of that major has it. A major not listed has it from its first version.
 */
const FIRST_VERSION_WITH: Partial<Record<DatabaseModel['engine'], Readonly<Record<FeatureName, Readonly<Record<string, string | null>>>>>> = {
  postgres: {
    s3Import: { '9.5': null, '9.6': null, '10': '10.7' },
    s3Export: { '9.5': null, '9.6': null, '10': '10.14', '11': '11.9', '12': '12.4' },
  },
  'aurora-postgresql': {
    s3Import: { '9.6': null, '10': '10.7' },
    s3Export: { '9.6': null, '10': '10.11', '11': '11.6' },
  },
};

/** `16.4` → major `16`, minor 4; `9.6.24` → major `9.6`, minor 24 (PostgreSQL's numbering before 10). */
function postgresVersion(version: string): { major: string; minor?: number } {
  const parts = version.split('.');
  const old = Number(parts[0]) < 10;
  const major = old ? parts.slice(0, 2).join('.') : parts[0]!;
  const minor = old ? parts[2] : parts[1];
  return { major, ...(minor === undefined ? {} : { minor: Number(minor) }) };
}

/**
 * Why `engine` at `version` has no `feature`, or undefined when it has it or composex cannot tell
 * (a version without its minor, `"11"`, lets RDS pick the minor: not checked).
 */
export function featureVersionProblem(engine: DatabaseModel['engine'], version: string, feature: FeatureName): { first: string | null; major: string } | undefined {
  const table = FIRST_VERSION_WITH[engine]?.[feature];
  if (!table) return undefined;
  const { major, minor } = postgresVersion(version);
  if (!Object.prototype.hasOwnProperty.call(table, major)) return undefined;
  const first = table[major]!;
  if (first === null) return { first, major };
  if (minor === undefined) return undefined;
  return minor < postgresVersion(first).minor! ? { first, major } : undefined;
}
