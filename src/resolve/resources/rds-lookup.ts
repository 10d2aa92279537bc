/**
 * `x-rds.<name>.Lookup`: an existing DB instance or Aurora cluster, in ECS ComposeX's syntax,
 * answered by `composex lookup` and read here from composex.lock.json (render stays offline).
 *
 *   x-rds:
 *     orders-db:
 *       Lookup:
 *         cluster: {Tags: [{app: shop}]}        (or db: {Name: orders} / instance: …, or {Arn: …})
 *         secret: {Name: prod/orders}          (optional: else the master user secret RDS manages)
 *       Services:
 *         api: {Access: RW}
 *
 * A looked-up database is used like a created one: its consumers' security groups are admitted on
 * its port (an ingress rule on its security group), they receive its endpoint as plain variables
 * (`<NAME>_HOST`, `_PORT`, `_DBNAME`: not secret) and its credentials (`username`, `password`, the
 * keys of the RDS-managed secret) as ECS secrets. Nothing is created for the database itself.
 */
import type { Path } from '../../compose/source-map';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { DatabaseAnswer, NameTagsOrArn } from '../lock';
import { lockedAnswer, LookupRequest, readTags } from '../lookups';
import type { DatabaseModel, ExistingDatabase, GrantSecret, GrantVariable } from '../model';
import { checkKeys, readObject, readString, XObject } from '../readers';
import { parseArn, ResourceEntry } from './common';
import { customerKey } from './sqs';

/** `db` is ECS ComposeX's key (its schema); `instance` its documentation's. */
const TYPE_KEYS = { cluster: 'cluster', db: 'instance', instance: 'instance' } as const;
const LOOKUP_KEYS = [...Object.keys(TYPE_KEYS), 'secret'];

/** The RDS engine names composex's x-rds knows, as DescribeDBInstances / DescribeDBClusters report them. */
const ENGINE_OF: Readonly<Record<string, DatabaseModel['engine']>> = {
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  'aurora-postgresql': 'aurora-postgresql',
  'aurora-mysql': 'aurora-mysql',
  // Aurora MySQL 5.6 (version 1) reported its engine as `aurora`.
  aurora: 'aurora-mysql',
};
export const LOOKUP_ENGINES = Object.keys(ENGINE_OF);

/** Secret keys that are not secret: a looked-up database gives them as plain variables. */
const ENDPOINT_KEYS = ['host', 'port', 'dbname', 'engine'];

/** `x-rds.<name>.Lookup` as a query for `composex lookup`. */
export function databaseLookupRequest(ctx: ResolveContext, entryPath: Path, lookup: XObject): LookupRequest | undefined {
  const path = [...entryPath, 'Lookup'];
  if (lookup.RoleArn !== undefined) {
    ctx.error(CODES.INVALID_LOOKUP, 'Lookup.RoleArn (a database in another account) is not supported', [...path, 'RoleArn'], 'look the database up in the account you deploy to', 'key');
    return undefined;
  }
  checkKeys(ctx, lookup, path, [...LOOKUP_KEYS, 'RoleArn']);
  const given = Object.keys(TYPE_KEYS).filter((k) => lookup[k] !== undefined);
  if (given.length !== 1) {
    ctx.error(
      CODES.INVALID_LOOKUP,
      given.length === 0 ? 'x-rds Lookup says neither cluster nor db' : `x-rds Lookup gives both ${given.join(' and ')}; a database is one of them`,
      given.length === 0 ? path : [...path, given[1]],
      'write Lookup: {cluster: {Tags: [{app: shop}]}} for an Aurora cluster, or Lookup: {db: {Name: <DBInstanceIdentifier>}} for a DB instance',
      'key',
    );
    return undefined;
  }
  const type = TYPE_KEYS[given[0] as keyof typeof TYPE_KEYS];
  const database = readNameTagsOrArn(ctx, lookup[given[0]], [...path, given[0]], type === 'cluster' ? 'cluster' : 'db');
  const secret = lookup.secret === undefined ? undefined : readNameTagsOrArn(ctx, lookup.secret, [...path, 'secret'], 'secret');
  if (!database || (lookup.secret !== undefined && !secret)) return undefined;
  return { key: entryPath.join('.'), query: { kind: 'database', type, database, ...(secret ? { secret } : {}) }, path, location: ctx.locate(path) };
}

/** `{Name, Tags}` (either or both, as ECS ComposeX allows) or `{Arn}` alone. */
function readNameTagsOrArn(ctx: ResolveContext, value: unknown, path: Path, arnType: 'cluster' | 'db' | 'secret'): NameTagsOrArn | undefined {
  const example = arnType === 'secret' ? '{Name: prod/orders} or {Tags: [{app: shop}]}' : `{Name: orders} or {Tags: [{app: shop}]} or {Arn: arn:aws:rds:eu-west-1:123456789012:${arnType}:orders}`;
  const x = readObject(ctx, value, path, example);
  if (!x) return undefined;
  checkKeys(ctx, x, path, ['Name', 'Tags', 'Arn']);
  if (x.Name === undefined && x.Tags === undefined && x.Arn === undefined) {
    ctx.error(CODES.INVALID_LOOKUP, 'Lookup says neither what to find by', path, `e.g. ${example}`, 'key');
    return undefined;
  }
  if (x.Arn !== undefined && (x.Name !== undefined || x.Tags !== undefined)) {
    ctx.error(CODES.INVALID_LOOKUP, 'an Arn names one resource: give it alone', [...path, 'Arn'], 'remove Name and Tags, or remove Arn', 'key');
    return undefined;
  }
  if (x.Arn !== undefined) {
    const arn = readString(ctx, x.Arn, [...path, 'Arn']);
    if (arn === undefined) return undefined;
    const parts = parseArn(arn);
    const service = arnType === 'secret' ? 'secretsmanager' : 'rds';
    if (!parts || parts.service !== service || !parts.resource.startsWith(`${arnType}:`) || parts.region === '' || parts.account === '') {
      ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of ${arnType === 'secret' ? 'a secret' : arnType === 'db' ? 'an RDS DB instance' : 'an RDS DB cluster'}`, [...path, 'Arn'], `an ARN looks like arn:aws:${service}:eu-west-1:123456789012:${arnType}:…`);
      return undefined;
    }
    return { arn };
  }
  const name = x.Name === undefined ? undefined : readString(ctx, x.Name, [...path, 'Name']);
  const tags = x.Tags === undefined ? undefined : readTags(ctx, x.Tags, [...path, 'Tags']);
  if ((x.Name !== undefined && name === undefined) || (x.Tags !== undefined && tags === undefined)) return undefined;
  return { ...(name !== undefined ? { name } : {}), ...(tags ? { tags } : {}) };
}

/** What resolveDatabases needs of a looked-up database: its settings (from the lock) and the literals. */
export interface LookedUpDatabase {
  readonly settings: Omit<DatabaseModel, 'logicalId' | 'consumers' | 'connectionStringSecret'>;
  readonly existing: ExistingDatabase;
}

export function lookedUpDatabase(ctx: ResolveContext, entry: ResourceEntry): LookedUpDatabase | undefined {
  for (const part of ['Properties', 'MacroParameters', 'Settings'] as const) {
    const value = part === 'Properties' ? entry.properties : part === 'MacroParameters' ? entry.macro : entry.settings;
    if (Object.keys(value).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${part}`, [...entry.path, part], `an existing database is used as it is: remove ${part}, or remove Lookup to create a new database`, 'key');
    }
  }
  const request = databaseLookupRequest(ctx, entry.path, entry.lookup ?? {});
  const answer = request && lockedAnswer<DatabaseAnswer>(ctx, request);
  if (!request || !answer) return undefined;
  const engine = ENGINE_OF[answer.engine];
  if (!engine) {
    ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `'${entry.name}' is a ${answer.engine} database, which x-rds does not support`, request.path, `x-rds supports ${Object.keys(ENGINE_OF).join(', ')}; give other databases to the services with x-secrets and x-network.Ingress`, 'key');
    return undefined;
  }
  const secretKmsKeyArn = answer.secret ? customerKey(ctx, answer.secret.kmsKeyId, request.path) : undefined;
  if (!answer.secret) {
    ctx.warning(
      CODES.LOOKED_UP_DATABASE_NO_SECRET,
      `database '${entry.name}' (${answer.identifier}) has no credentials secret: RDS does not manage its master password and Lookup names no secret, so its consumers get its endpoint but no user name or password`,
      request.path,
      `name the secret that holds its credentials (username, password): Lookup.secret: {Name: <secret name>}, or let RDS manage the master password (ManageMasterUserPassword) and run \`composex lookup\` again`,
      'key',
    );
  }
  return {
    settings: {
      name: entry.name,
      properties: {},
      propertyPaths: {},
      kind: answer.type,
      engine,
      engineVersion: answer.engineVersion,
      port: answer.port,
      masterUsername: answer.masterUsername,
      databaseName: answer.databaseName ?? '',
      deletionProtection: answer.deletionProtection,
      backupRetentionDays: answer.backupRetentionDays,
      iamAuthentication: answer.iamAuthentication,
      instanceClass: answer.instanceClass ?? '',
      instances: answer.instances,
    },
    existing: {
      identifier: answer.identifier,
      arn: answer.arn,
      resourceId: answer.resourceId,
      address: answer.address,
      ...(answer.readerAddress ? { readerAddress: answer.readerAddress } : {}),
      // One group is enough: "When you associate multiple security groups with an instance, the
      // rules from each security group are effectively aggregated to create one set of rules" (Amazon
      // EC2 User Guide, "Security group rules"); the database's network interfaces carry all of its
      // groups, so a rule on the first admits the consumers, and no other group is widened.
      securityGroupId: answer.securityGroupIds[0],
      ...(answer.vpcId ? { vpcId: answer.vpcId } : {}),
      ...(answer.secret ? { secretArn: answer.secret.arn } : {}),
      ...(secretKmsKeyArn ? { secretKmsKeyArn } : {}),
    },
  };
}

/**
 * A consumer's secrets of a looked-up database: `host`, `port`, `dbname`, `engine` become plain
 * variables with the lock's values (they are not secret, and the RDS-managed secret holds only
 * `username` and `password`); `username` and `password` stay ECS secrets of its secret. `explicit`:
 * the keys were asked for in `SecretsMappings` (a key the database cannot give is then an error at
 * `at`; by default it is left out).
 */
export function lookedUpDatabaseValues(
  ctx: ResolveContext,
  db: LookedUpDatabase,
  secrets: readonly GrantSecret[],
  at: Path,
  explicit: boolean,
): { environment: GrantVariable[]; secrets: GrantSecret[] } {
  const values: Readonly<Record<string, string | undefined>> = {
    host: db.existing.address,
    port: String(db.settings.port),
    dbname: db.settings.databaseName || undefined,
    engine: db.settings.engine,
  };
  const environment: GrantVariable[] = [];
  const kept: GrantSecret[] = [];
  for (const s of secrets) {
    if (s.secret !== 'credentials') continue;
    if (s.jsonKey !== undefined && ENDPOINT_KEYS.includes(s.jsonKey)) {
      const value = values[s.jsonKey];
      if (value !== undefined) environment.push({ name: s.name, value });
      else if (explicit) ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `database '${db.settings.name}' (${db.existing.identifier}) has no database name for ${s.name}`, at, 'RDS reports no DBName / DatabaseName for it: remove the dbname mapping and give the name in the service environment');
    } else if (db.existing.secretArn) {
      kept.push(s);
    } else if (explicit) {
      ctx.error(CODES.LOOKED_UP_DATABASE_UNSUPPORTED, `database '${db.settings.name}' (${db.existing.identifier}) has no credentials secret for ${s.name}`, at, 'name its secret in Lookup.secret, or remove the mapping');
    }
  }
  return { environment, secrets: kept };
}
