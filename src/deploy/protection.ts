/**
 * Deletion protection of the databases `destroy` would delete.
 *
 * CloudFormation deletes a stack resource by resource, dependants first: a DB instance or cluster
 * with deletion protection on refuses, after the services and the load balancer that use it are
 * already gone, and the stack ends DELETE_FAILED — half deleted. So destroy looks before it
 * deletes anything: the deployed templates say which databases the deletion would delete
 * (DeletionPolicy Delete or Snapshot; a retained one stays and is no obstacle), and RDS says
 * whether each is protected now (protection can be turned on outside CloudFormation). When RDS
 * cannot be asked (access denied), the template's `DeletionProtection` decides.
 *
 * DocumentDB (x-docdb) and Neptune (x-neptune) clusters count too: their management API is RDS's
 * (the same endpoint, `rds.<region>.amazonaws.com`, and the same DescribeDBClusters /
 * ModifyDBCluster actions, API version 2014-10-31; IAM `rds:` actions), so the RDS client reads and
 * changes their protection; their instances are protected through the cluster.
 *
 * With `--disable-deletion-protection`, protection is turned off with ModifyDBInstance /
 * ModifyDBCluster (`ApplyImmediately`) and RDS is polled until it reports it off; only then is the
 * stack deleted. When any of that fails (or Ctrl-C stops it), the protection already turned off is
 * turned back on and nothing is deleted.
 */
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { DEPLOY_CODES } from './codes';
import { awsErrorName, awsFailure, DEPLOY_EXIT, DeployError, isAccessDenied, isAwsError, step } from './errors';
import type { DeployIO } from './io';
import { duration } from './progress';
import { KEPT_ON_DELETE, type DeployedResource } from './resources';

const INSTANCE = 'AWS::RDS::DBInstance';
/** The cluster types RDS's API manages, and the x- key and CLI each comes from. */
const CLUSTERS = {
  'AWS::RDS::DBCluster': { key: 'x-rds', cli: 'rds' },
  'AWS::DocDB::DBCluster': { key: 'x-docdb', cli: 'docdb' },
  'AWS::Neptune::DBCluster': { key: 'x-neptune', cli: 'neptune' },
} as const;
type ClusterType = keyof typeof CLUSTERS;
const isCluster = (type: string): type is ClusterType => Object.prototype.hasOwnProperty.call(CLUSTERS, type);

export interface ProtectedDatabase {
  /** Logical ids from the root: `DatabasesStack/DatabaseLedgerDb`. */
  readonly path: string;
  readonly type: typeof INSTANCE | ClusterType;
  /** DBInstanceIdentifier or DBClusterIdentifier (the physical id). */
  readonly identifier: string;
  /** Delete or Snapshot: whether a final snapshot is taken when the stack deletes it. */
  readonly deletionPolicy: string;
  /** `template` when RDS could not be asked (access denied) and the deployed template decided. */
  readonly source: 'rds' | 'template';
}

/** How long RDS gets to report protection off before composex gives up (and deletes nothing). */
const DISABLE_TIMEOUT_MS = 15 * 60 * 1000;

interface DatabaseState {
  readonly deletionProtection: boolean;
  readonly status: string;
}

/** The databases among `resources` that the deletion would delete and that have protection on. */
export async function protectedDatabases(rds: RDSClient, resources: readonly DeployedResource[]): Promise<ProtectedDatabase[]> {
  const out: ProtectedDatabase[] = [];
  for (const r of resources) {
    if (r.type !== INSTANCE && !isCluster(r.type)) continue;
    if (!r.physicalId || r.status === 'DELETE_COMPLETE') continue;
    if (r.deletionPolicy && KEPT_ON_DELETE.has(r.deletionPolicy)) continue;
    // An Aurora cluster's instances are protected through the cluster.
    if (r.type === INSTANCE && r.properties.DBClusterIdentifier !== undefined) continue;
    const database: Omit<ProtectedDatabase, 'source'> = { path: r.path, type: r.type, identifier: r.physicalId, deletionPolicy: r.deletionPolicy ?? 'Delete' };
    const read = await step(`reading the deletion protection of ${database.identifier} (RDS)`, async () => {
      try {
        return await describeState(rds, database);
      } catch (e) {
        if (isAccessDenied(e)) return 'denied' as const;
        throw e;
      }
    });
    const source = read === 'denied' ? 'template' : 'rds';
    const state = read === 'denied' ? { deletionProtection: declaredProtection(r.properties.DeletionProtection), status: 'unknown' } : read;
    if (state?.deletionProtection) out.push({ ...database, source });
  }
  return out;
}

/** A template value: `true` / `"true"` is on, absent or false is off; an intrinsic may be either, so on. */
function declaredProtection(value: unknown): boolean {
  if (value === undefined || value === false || value === 'false') return false;
  return true;
}

/** What RDS reports now, or undefined when the database no longer exists. */
async function describeState(rds: RDSClient, db: Pick<ProtectedDatabase, 'type' | 'identifier'>): Promise<DatabaseState | undefined> {
  try {
    if (db.type === INSTANCE) {
      const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db.identifier }));
      const instance = out.DBInstances?.[0];
      return instance ? { deletionProtection: instance.DeletionProtection === true, status: instance.DBInstanceStatus ?? 'unknown' } : undefined;
    }
    const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: db.identifier }));
    const cluster = out.DBClusters?.[0];
    return cluster ? { deletionProtection: cluster.DeletionProtection === true, status: cluster.Status ?? 'unknown' } : undefined;
  } catch (e) {
    const name = awsErrorName(e);
    if (name === 'DBInstanceNotFoundFault' || name === 'DBClusterNotFoundFault') return undefined;
    throw e;
  }
}

/** The table of protected databases and what a deletion would do to them. */
export function formatProtected(databases: readonly ProtectedDatabase[]): string {
  const rows = databases.map((d) => [
    d.path,
    d.type,
    d.identifier,
    d.deletionPolicy === 'Snapshot' ? 'Snapshot (a final snapshot is kept)' : `${d.deletionPolicy} (no final snapshot)`,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => `  ${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ')}`.trimEnd());
  const fromTemplate = databases.filter((d) => d.source === 'template').length;
  return [
    `Deletion protection is on for ${count(databases.length, 'database')} the deletion would delete:`,
    ...lines,
    ...(fromTemplate ? [`  (${fromTemplate === databases.length ? 'all' : fromTemplate} read from the deployed template${fromTemplate > 1 ? 's' : ''}: RDS denied DescribeDBInstances / DescribeDBClusters)`] : []),
    'CloudFormation would delete what depends on them first (services, load balancer) and then fail on them:',
    'the stack would end DELETE_FAILED, half deleted.',
  ].join('\n') + '\n';
}

/** How to go on without the option: printed before the refusal. */
export function protectionAdvice(databases: readonly ProtectedDatabase[]): string {
  const first = databases[0];
  const command =
    first.type === INSTANCE
      ? `aws rds modify-db-instance --db-instance-identifier ${first.identifier} --no-deletion-protection --apply-immediately`
      : `aws ${CLUSTERS[first.type].cli} modify-db-cluster --db-cluster-identifier ${first.identifier} --no-deletion-protection --apply-immediately`;
  const keys = [...new Set(databases.map((d) => (d.type === INSTANCE ? 'x-rds' : CLUSTERS[d.type].key)))];
  return [
    'To delete the project with its databases, either:',
    '  - run destroy again with --disable-deletion-protection: composex turns the protection off first (after',
    '    confirmation), waits until RDS reports it off, then deletes the stack; a final snapshot is still taken',
    '    where the DeletionPolicy is Snapshot;',
    `  - or set \`Settings: {DeletionProtection: false}\` on the ${keys.join(' / ')} ${keys.length === 1 ? 'entry' : 'entries'}, run \`composex deploy\`, then destroy;`,
    `  - or turn it off yourself (\`${command}\`${databases.length > 1 ? '; likewise for the others' : ''}), then destroy.`,
  ].join('\n') + '\n';
}

/**
 * Turns deletion protection off on every database (in order), then waits until RDS reports it off
 * on all of them. Throws (CX6072) when a call fails or RDS does not settle in time, after turning
 * protection back on where it was already turned off: the caller then deletes nothing.
 */
export async function disableDeletionProtection(rds: RDSClient, databases: readonly ProtectedDatabase[], io: DeployIO, pollMs: number): Promise<void> {
  const turnedOff: ProtectedDatabase[] = [];
  let current: ProtectedDatabase | undefined;
  // Ctrl-C while waiting stops the wait and, like a failure, turns the protection back on.
  const interrupt = new AbortController();
  const stopListening = io.onInterrupt(() => interrupt.abort());
  const interrupted = () =>
    new DeployError({ severity: 'error', code: DEPLOY_CODES.DELETION_PROTECTION_NOT_DISABLED, message: 'interrupted (Ctrl-C)' }, DEPLOY_EXIT.interrupted);
  try {
    for (const db of databases) {
      current = db;
      if (interrupt.signal.aborted) throw interrupted();
      io.stdout(`Turning off deletion protection of ${db.path} (${db.identifier})\n`);
      await step(`turning off the deletion protection of ${db.identifier}`, () => setProtection(rds, db, false));
      turnedOff.push(db);
    }
    const started = io.now().getTime();
    for (const db of databases) {
      current = db;
      for (;;) {
        if (interrupt.signal.aborted) throw interrupted();
        const state = await step(`reading the deletion protection of ${db.identifier} (RDS)`, () => describeState(rds, db));
        if (!state || (!state.deletionProtection && state.status !== 'modifying')) break;
        if (io.now().getTime() - started >= DISABLE_TIMEOUT_MS) {
          throw awsFailure(
            DEPLOY_CODES.DELETION_PROTECTION_NOT_DISABLED,
            `RDS still reports ${db.identifier} ${state.deletionProtection ? 'protected' : state.status} after ${duration(DISABLE_TIMEOUT_MS)}`,
          );
        }
        await io.sleep(pollMs, interrupt.signal);
      }
    }
  } catch (e) {
    if (!(e instanceof DeployError) && !isAwsError(e)) throw e;
    const cause = e instanceof DeployError ? e.diagnostic.message : String(e);
    const restore = await restoreProtection(rds, turnedOff);
    const failure = awsFailure(
      DEPLOY_CODES.DELETION_PROTECTION_NOT_DISABLED,
      `could not turn off the deletion protection of ${current?.path ?? 'a database'}: ${cause.replace(/\.$/, '')} — nothing was deleted`,
      restore,
    );
    throw e instanceof DeployError && e.exitCode === DEPLOY_EXIT.interrupted ? new DeployError(failure.diagnostic, DEPLOY_EXIT.interrupted) : failure;
  } finally {
    stopListening();
  }
  io.stdout(`Deletion protection is off on ${count(databases.length, 'database')}.\n`);
}

/** Turns protection back on where it was turned off; says what it did (the hint of the failure). */
async function restoreProtection(rds: RDSClient, turnedOff: readonly ProtectedDatabase[]): Promise<string> {
  if (turnedOff.length === 0) return 'no protection was changed; fix the cause and run destroy again';
  const restored: string[] = [];
  const failed: string[] = [];
  for (const db of turnedOff) {
    try {
      await setProtection(rds, db, true);
      restored.push(db.identifier);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      failed.push(db.identifier);
    }
  }
  return [
    restored.length ? `deletion protection was turned back on for ${restored.join(', ')}` : '',
    failed.length ? `it could not be turned back on for ${failed.join(', ')}: turn it on yourself (aws rds modify-db-instance / modify-db-cluster --deletion-protection --apply-immediately)` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

async function setProtection(rds: RDSClient, db: ProtectedDatabase, deletionProtection: boolean): Promise<void> {
  if (db.type === INSTANCE) {
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: db.identifier, DeletionProtection: deletionProtection, ApplyImmediately: true }));
  } else {
    await rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: db.identifier, DeletionProtection: deletionProtection, ApplyImmediately: true }));
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
