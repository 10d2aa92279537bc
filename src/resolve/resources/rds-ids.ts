/**
 * Logical ids of what composex creates for an `x-rds` database: its suffixes, which distinct-ids.ts
 * keeps apart.
 *
 * Every id of a database is `Database<Id>` followed by a suffix (`Secret`, `Instance1`,
 * `S3ImportRole`, an output `SecretArn`, …), so a database whose id extends another's can meet one
 * of the other's ids: `foo` with an s3Import role (`DatabaseFooS3ImportRole`) and a database named
 * `foo-s3-import-role` (`DatabaseFooS3ImportRole`), or `foo` and `foo-secret`. Two equal ids would
 * be two resources CloudFormation cannot tell apart, and two constructs CDK refuses.
 */
import type { DatabaseModel } from '../model';

/** `s3Import` → `S3Import`. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The suffixes generate appends to `Database<Id>` (src/aws/resources/databases.ts, database-features.ts). */
export const DATABASE_ID_SUFFIX = {
  secret: 'Secret',
  subnetGroup: 'SubnetGroup',
  securityGroup: 'SecurityGroup',
  securityGroupId: 'SecurityGroupId',
  secretAttachment: 'SecretAttachment',
  connectionString: 'ConnectionString',
  instance: (n: number) => `Instance${n}`,
  featureRole: (feature: string) => `${pascal(feature)}Role`,
  /** Aurora MySQL: the one role of every feature, and the cluster parameter group that names it. */
  s3Role: 'S3Role',
  clusterParameterGroup: 'ClusterParameterGroup',
} as const;

/**
 * Attributes a database hands to its consumers, as output and parameter names
 * (`Database<Id><Attribute>`, src/aws/resources/values.ts `valueName`): all of them, whichever a
 * consumer asks for, so that adding a consumer never renames a database.
 */
const VALUE_SUFFIXES = [
  'SecretArn', 'ConnectionSecretArn', 'Arn', 'ResourceId', 'EndpointAddress', 'EndpointPort', 'ReadEndpointAddress',
  'DBInstanceArn', 'DbiResourceId', 'DBInstanceIdentifier', 'DBClusterArn', 'DBClusterResourceId', 'DBClusterIdentifier',
];

/**
 * Every suffix of `db`'s logical ids (none for a looked-up database: nothing is created for it),
 * the database kind's `idSuffixes` (distinct-ids.ts keeps the ids of two databases apart).
 */
export function databaseIdSuffixes(db: DatabaseModel): string[] {
  if (db.existing) return [];
  const s = DATABASE_ID_SUFFIX;
  return [
    s.secret,
    s.subnetGroup,
    s.securityGroup,
    s.securityGroupId,
    s.secretAttachment,
    ...(db.connectionStringSecret ? [s.connectionString] : []),
    ...(db.kind === 'cluster' ? Array.from({ length: db.instances }, (_, i) => s.instance(i + 1)) : []),
    ...(db.s3RoleParameterGroup ? [s.s3Role, s.clusterParameterGroup] : (db.features ?? []).map((f) => s.featureRole(f.name))),
    ...VALUE_SUFFIXES,
  ];
}
