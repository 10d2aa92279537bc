/**
 * Lookup of an existing x-rds database: an Aurora cluster (DescribeDBClusters) or a DB instance
 * (DescribeDBInstances), by identifier, ARN or tags (both APIs return each resource's tags, and
 * take an identifier or an ARN in `DBClusterIdentifier` / `DBInstanceIdentifier`). The answer holds
 * what consumers need: endpoint and port, the security groups to open ingress on, and the
 * credentials secret with its customer-managed KMS key — `Lookup.secret`, else the master user
 * secret RDS manages (`ManageMasterUserPassword`). Lists are read whole (paginators).
 */
import { DBCluster, DBInstance, DescribeDBSubnetGroupsCommand, paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, paginateListSecrets, SecretListEntry, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DatabaseAnswer, NameTagsOrArn, Tags } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { LOOKUP_ENGINES } from '../../resolve/resources/rds-lookup';
import { Candidate, exactlyOne, formatTags, hasTags, isNotFound, readAll, tagsOf } from './match';

export interface DatabaseClients {
  readonly rds: RDSClient;
  readonly secretsManager: SecretsManagerClient;
}

type Found = Candidate & {
  readonly answer: Omit<DatabaseAnswer, 'secret'>;
  readonly masterSecret?: { arn: string; kmsKeyId?: string };
  /** A cluster's DB subnet group, whose VPC DescribeDBSubnetGroups tells (an instance has its VPC already). */
  readonly subnetGroup?: string;
};

function describe(selector: NameTagsOrArn): string {
  if (selector.arn) return `ARN '${selector.arn}'`;
  return [selector.name !== undefined ? `name '${selector.name}'` : '', selector.tags ? `tags ${formatTags(selector.tags)}` : ''].filter(Boolean).join(' and ');
}

const ids = (groups: readonly { VpcSecurityGroupId?: string; Status?: string }[] | undefined): string[] =>
  (groups ?? []).filter((g) => g.VpcSecurityGroupId && g.Status !== 'removing').map((g) => g.VpcSecurityGroupId!);

function fromInstance(db: DBInstance): Found {
  return {
    name: db.DBInstanceIdentifier ?? '',
    arn: db.DBInstanceArn ?? '',
    tags: tagsOf(db.TagList),
    answer: {
      type: 'instance',
      identifier: db.DBInstanceIdentifier ?? '',
      arn: db.DBInstanceArn ?? '',
      resourceId: db.DbiResourceId ?? '',
      engine: db.Engine ?? '',
      engineVersion: db.EngineVersion ?? '',
      address: db.Endpoint?.Address ?? '',
      port: db.Endpoint?.Port ?? 0,
      securityGroupIds: ids(db.VpcSecurityGroups),
      ...(db.DBSubnetGroup?.VpcId ? { vpcId: db.DBSubnetGroup.VpcId } : {}),
      ...(db.DBName ? { databaseName: db.DBName } : {}),
      masterUsername: db.MasterUsername ?? '',
      iamAuthentication: db.IAMDatabaseAuthenticationEnabled === true,
      deletionProtection: db.DeletionProtection === true,
      backupRetentionDays: db.BackupRetentionPeriod ?? 0,
      ...(db.DBInstanceClass ? { instanceClass: db.DBInstanceClass } : {}),
      instances: 1,
    },
    ...(db.MasterUserSecret?.SecretArn ? { masterSecret: { arn: db.MasterUserSecret.SecretArn, ...(db.MasterUserSecret.KmsKeyId ? { kmsKeyId: db.MasterUserSecret.KmsKeyId } : {}) } } : {}),
  };
}

function fromCluster(db: DBCluster): Found {
  return {
    name: db.DBClusterIdentifier ?? '',
    arn: db.DBClusterArn ?? '',
    tags: tagsOf(db.TagList),
    answer: {
      type: 'cluster',
      identifier: db.DBClusterIdentifier ?? '',
      arn: db.DBClusterArn ?? '',
      resourceId: db.DbClusterResourceId ?? '',
      engine: db.Engine ?? '',
      engineVersion: db.EngineVersion ?? '',
      address: db.Endpoint ?? '',
      ...(db.ReaderEndpoint ? { readerAddress: db.ReaderEndpoint } : {}),
      port: db.Port ?? 0,
      securityGroupIds: ids(db.VpcSecurityGroups),
      ...(db.DatabaseName ? { databaseName: db.DatabaseName } : {}),
      masterUsername: db.MasterUsername ?? '',
      iamAuthentication: db.IAMDatabaseAuthenticationEnabled === true,
      deletionProtection: db.DeletionProtection === true,
      backupRetentionDays: db.BackupRetentionPeriod ?? 0,
      ...(db.DBClusterInstanceClass ? { instanceClass: db.DBClusterInstanceClass } : {}),
      instances: Math.max(1, (db.DBClusterMembers ?? []).length),
    },
    ...(db.MasterUserSecret?.SecretArn ? { masterSecret: { arn: db.MasterUserSecret.SecretArn, ...(db.MasterUserSecret.KmsKeyId ? { kmsKeyId: db.MasterUserSecret.KmsKeyId } : {}) } } : {}),
    ...(db.DBSubnetGroup ? { subnetGroup: db.DBSubnetGroup } : {}),
  };
}

/** The VPC of a cluster's DB subnet group. */
async function clusterVpc(clients: DatabaseClients, found: Found): Promise<{ vpcId?: string }> {
  if (found.answer.vpcId || !found.subnetGroup) return {};
  const out = await clients.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: found.subnetGroup }));
  const vpcId = out?.DBSubnetGroups?.[0]?.VpcId;
  return vpcId ? { vpcId } : {};
}

export async function lookupDatabase(request: LookupRequest, clients: DatabaseClients): Promise<DatabaseAnswer> {
  if (request.query.kind !== 'database') throw new Error('not a database lookup');
  const { type, database: selector, secret } = request.query;
  const identifier = selector.arn ?? selector.name;
  let candidates: Found[];
  if (type === 'cluster') {
    const pages = await readAll(paginateDescribeDBClusters({ client: clients.rds }, identifier !== undefined ? { DBClusterIdentifier: identifier } : {}));
    candidates = pages.flatMap((p) => p.DBClusters ?? []).map(fromCluster);
  } else {
    const pages = await readAll(paginateDescribeDBInstances({ client: clients.rds }, identifier !== undefined ? { DBInstanceIdentifier: identifier } : {}));
    // An instance of an Aurora (or Multi-AZ DB) cluster is reached through its cluster: look the cluster up.
    candidates = pages.flatMap((p) => p.DBInstances ?? []).filter((db) => !db.DBClusterIdentifier).map(fromInstance);
  }
  // Engines x-rds knows (DescribeDBClusters also lists Neptune and DocumentDB clusters).
  const matching = candidates.filter((c) => LOOKUP_ENGINES.includes(c.answer.engine) && (!selector.tags || hasTags(c.tags, selector.tags)));
  const found = exactlyOne(request, type === 'cluster' ? 'RDS DB cluster' : 'RDS DB instance', describe(selector), matching);
  const answer = { ...found.answer, ...(await clusterVpc(clients, found)) };
  if (secret) return { ...answer, secret: { ...(await lookupCredentialsSecret(request, clients, secret)), managedByRds: false } };
  if (!found.masterSecret) return answer;
  // The managed secret's key: DescribeSecret omits KmsKeyId for the AWS managed key aws/secretsmanager
  // (Secrets Manager API Reference, DescribeSecret), which needs no permission of ours.
  const described = await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: found.masterSecret.arn }));
  const kmsKeyId = described.KmsKeyId === undefined ? undefined : found.masterSecret.kmsKeyId?.startsWith('arn:') ? found.masterSecret.kmsKeyId : described.KmsKeyId;
  return { ...answer, secret: { arn: found.masterSecret.arn, name: described.Name ?? found.masterSecret.arn, ...(kmsKeyId ? { kmsKeyId } : {}), managedByRds: true } };
}

/** `Lookup.secret`: by ARN (DescribeSecret), or by name and / or tags among ListSecrets. */
async function lookupCredentialsSecret(request: LookupRequest, clients: DatabaseClients, selector: NameTagsOrArn): Promise<{ arn: string; name: string; kmsKeyId?: string }> {
  const secretRequest = { ...request, key: `${request.key} secret` };
  if (selector.arn) {
    try {
      const s = await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: selector.arn }));
      return { arn: s.ARN ?? selector.arn, name: s.Name ?? '', ...(s.KmsKeyId ? { kmsKeyId: s.KmsKeyId } : {}) };
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return exactlyOne(secretRequest, 'secret', describe(selector), []);
    }
  }
  // ListSecrets filters: `name` matches a prefix and `tag-key` a key; the exact match is made here.
  const filters =
    selector.name !== undefined
      ? [{ Key: 'name' as const, Values: [selector.name] }]
      : [{ Key: 'tag-key' as const, Values: [Object.keys(selector.tags ?? {})[0]] }];
  const secrets: SecretListEntry[] = [];
  for await (const page of paginateListSecrets({ client: clients.secretsManager }, { Filters: filters })) secrets.push(...(page.SecretList ?? []));
  const wanted: Tags = selector.tags ?? {};
  const candidates = secrets
    .map((s) => ({ entry: s, name: s.Name ?? '', arn: s.ARN ?? '', tags: tagsOf(s.Tags) }))
    .filter((c) => (selector.name === undefined || c.name === selector.name) && hasTags(c.tags, wanted));
  const found = exactlyOne(secretRequest, 'secret', describe(selector), candidates);
  return { arn: found.arn, name: found.name, ...(found.entry.KmsKeyId ? { kmsKeyId: found.entry.KmsKeyId } : {}) };
}
