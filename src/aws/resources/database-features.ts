/**
 * The roles of an `x-rds` database's `RdsFeatures` (src/resolve/resources/rds-features.ts): one
 * `AWS::IAM::Role` per feature, which only RDS of the deploying account may assume, with an inline
 * policy granting the feature's actions on exactly the buckets (and objects) listed, and on the
 * KMS key of an x-s3 bucket encrypted with a customer-managed key; each role is associated with
 * the DB instance or cluster for its feature (`AssociatedRoles: [{FeatureName, RoleArn}]`, after
 * the roles the user's `Properties.AssociatedRoles` lists). Aurora MySQL (`s3RoleParameterGroup`):
 * one role `S3Role` with a policy per feature, associated without `FeatureName`, and an
 * `AWS::RDS::DBClusterParameterGroup` of the engine's family whose `aws_default_s3_role` is that
 * role's ARN, set as the cluster's `DBClusterParameterGroupName`.
 *
 * Built once every kind is built (`Databases.link`): x-s3 buckets are built after databases, and
 * their ARNs reach the database stack as parameters, as every value between stacks does.
 */
import { Aws, CfnResource, Fn, type NestedStack, type Stack } from 'aws-cdk-lib';
import type { BucketModel, DatabaseFeature, DatabaseModel, FeatureBucket } from '../../resolve/model';
import { DATABASE_ID_SUFFIX } from '../../resolve/resources/rds-ids';
import { policyArn } from '../family/iam';
import type { ResourceValues } from './grants';
import { valueIn } from './values';


export interface FeatureRolesProps {
  readonly stack: NestedStack;
  /** The stack that holds the composex nested stacks (values of other kinds are valid there). */
  readonly root: Stack;
  readonly db: DatabaseModel;
  /** The DB instance or cluster. */
  readonly database: CfnResource;
  /** Logical id of the database (`DatabaseReports`). */
  readonly id: string;
  readonly projectName: string;
  readonly buckets: readonly BucketModel[];
  readonly value: ResourceValues;
}

/** Creates the feature roles of `db` and associates them with its database. */
export function addFeatureRoles(props: FeatureRolesProps): void {
  const { stack, db, database, id } = props;
  const bucketArn = (b: FeatureBucket): string =>
    'bucket' in b ? valueIn(stack, props.value('bucket', b.bucket, 'Arn'), props.root) : `arn:${b.partition ?? Aws.PARTITION}:s3:::${b.name}`;
  const objectsArn = (b: FeatureBucket): string => ('bucket' in b ? Fn.join('', [bucketArn(b), '/*']) : `${bucketArn(b)}/${'objects' in b && b.objects !== undefined ? b.objects : '*'}`);
  const tags = [
    { Key: 'composex:project', Value: props.projectName },
    { Key: 'composex:database', Value: db.name },
  ];
  const newRole = (suffix: string, what: string, features: readonly DatabaseFeature[]): CfnResource =>
    new CfnResource(stack, `${id}${suffix}`, {
      type: 'AWS::IAM::Role',
      properties: {
        Description: `composex ${props.projectName}: ${what} of database '${db.name}' (assumed by RDS)`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'rds.amazonaws.com' },
              Action: 'sts:AssumeRole',
              // Only RDS acting for this account (confused-deputy protection; the database's own ARN
              // would make the role and the database depend on each other).
              Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
            },
          ],
        },
        Policies: features.map((feature) => ({
          PolicyName: feature.name,
          PolicyDocument: { Version: '2012-10-17', Statement: statements(feature, props.buckets, bucketArn, objectsArn) },
        })),
        ...(db.permissionsBoundary ? { PermissionsBoundary: policyArn(db.permissionsBoundary) } : {}),
        Tags: tags,
      },
    });
  const features = db.features ?? [];
  const associations: Record<string, unknown>[] = [];
  const group = db.s3RoleParameterGroup;
  if (group) {
    // Aurora MySQL: one role for every feature, associated without a feature name, named by the
    // cluster parameter of a DB cluster parameter group made for the cluster (rds-feature-engines.ts).
    const role = newRole(DATABASE_ID_SUFFIX.s3Role, features.map((f) => f.name).join(' and '), features);
    const parameterGroup = new CfnResource(stack, `${id}${DATABASE_ID_SUFFIX.clusterParameterGroup}`, {
      type: 'AWS::RDS::DBClusterParameterGroup',
      properties: {
        Description: `composex ${props.projectName}: parameters of database '${db.name}' (${group.parameter}: its S3 role)`,
        Family: group.family,
        Parameters: { [group.parameter]: role.getAtt('Arn').toString() },
        Tags: tags,
      },
    });
    database.addPropertyOverride('DBClusterParameterGroupName', parameterGroup.ref);
    associations.push({ RoleArn: role.getAtt('Arn').toString() });
  } else {
    for (const feature of features) {
      const role = newRole(DATABASE_ID_SUFFIX.featureRole(feature.name), feature.name, [feature]);
      associations.push({ FeatureName: feature.name, RoleArn: role.getAtt('Arn').toString() });
    }
  }
  const own = Array.isArray(db.properties.AssociatedRoles) ? (db.properties.AssociatedRoles as unknown[]) : [];
  database.addPropertyOverride('AssociatedRoles', [...own, ...associations]);
}

function statements(
  feature: DatabaseFeature,
  buckets: readonly BucketModel[],
  bucketArn: (b: FeatureBucket) => string,
  objectsArn: (b: FeatureBucket) => string,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (feature.bucketActions.length > 0) out.push(...bucketStatements(feature, bucketArn));
  out.push({ Sid: 'Objects', Effect: 'Allow', Action: [...feature.objectActions], Resource: unique(feature.resources.map(objectsArn)) });
  // An x-s3 bucket encrypted with a customer-managed key: RDS reads and writes its objects with it.
  const keys = unique(
    feature.resources.flatMap((b) => ('bucket' in b ? [buckets.find((m) => m.name === b.bucket)?.kmsKeyArn] : [])).filter((k): k is string => k !== undefined),
  );
  if (keys.length > 0) {
    out.push({
      Sid: 'BucketKeys',
      Effect: 'Allow',
      Action: [...feature.kmsActions],
      Resource: keys,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    });
  }
  return out;
}

/**
 * The bucket-level statements. `s3:ListBucket` applies to the bucket, not to objects, so a resource
 * that names a prefix (`arn:aws:s3:::shared/incoming/*`) cannot narrow it by ARN: the IAM way is the
 * `s3:prefix` condition key ("Amazon S3 condition key examples", Amazon S3 User Guide: "limit the
 * ListBucket request to objects with a specific prefix"). A bucket listed whole (an x-s3 bucket, a
 * bucket name or ARN without a prefix) is listed whole; a bucket named only with prefixes may be
 * listed under those prefixes only, one statement per such bucket (`Buckets`, then `BucketPrefixes<n>`).
 */
function bucketStatements(feature: DatabaseFeature, bucketArn: (b: FeatureBucket) => string): Record<string, unknown>[] {
  const prefixOf = (b: FeatureBucket): string | undefined => ('objects' in b && b.objects !== undefined && b.objects !== '*' ? b.objects : undefined);
  const whole = unique(feature.resources.filter((b) => prefixOf(b) === undefined).map(bucketArn));
  const prefixed = new Map<string, string[]>();
  for (const b of feature.resources) {
    const prefix = prefixOf(b);
    const arn = bucketArn(b);
    if (prefix === undefined || whole.includes(arn)) continue;
    prefixed.set(arn, unique([...(prefixed.get(arn) ?? []), prefix]));
  }
  const out: Record<string, unknown>[] = [];
  if (whole.length > 0) out.push({ Sid: 'Buckets', Effect: 'Allow', Action: [...feature.bucketActions], Resource: whole });
  let n = 0;
  for (const [arn, prefixes] of prefixed) {
    out.push({
      Sid: `BucketPrefixes${++n}`,
      Effect: 'Allow',
      Action: [...feature.bucketActions],
      Resource: arn,
      Condition: { StringLike: { 's3:prefix': prefixes } },
    });
  }
  return out;
}

function unique<T>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

