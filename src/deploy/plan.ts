/**
 * The plan: every resource change of a change set, nested stacks included, as a table a reviewer
 * reads before anything happens, the guard that refuses to replace or remove data, and the
 * warnings for replacements that keep the data but disrupt what runs (an ECS service).
 *
 * Nested change sets are read through the `ChangeSetId` of each `AWS::CloudFormation::Stack`
 * change (IncludeNestedStacks); a nested stack that would be removed has no change set, so its
 * resources are listed from the deployed stack and shown as removed too.
 */
import {
  CloudFormationClient,
  paginateDescribeChangeSet,
  paginateListStackResources,
  type ResourceChange,
} from '@aws-sdk/client-cloudformation';
import { isStackMissing, step } from './errors';
import { danger, warn, type DeployIO } from './io';

/**
 * Resource types that hold data a template cannot recreate, and what is lost with them. Replacing
 * or removing one is refused unless `--allow-replacement`.
 */
export const DATA_BEARING_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'the database',
  'AWS::RDS::DBCluster': 'the database cluster',
  'AWS::EFS::FileSystem': 'the files',
  'AWS::SQS::Queue': 'the messages in the queue',
  'AWS::SNS::Topic': 'the topic and its subscriptions',
  'AWS::SecretsManager::Secret': 'the secret value',
  'AWS::DynamoDB::Table': 'the items in the table',
  'AWS::S3::Bucket': 'the objects in the bucket',
  'AWS::KMS::Key': 'the key, and with it everything encrypted under it',
  'AWS::SSM::Parameter': 'the parameter value',
  'AWS::Kinesis::Stream': 'the records in the stream',
  // Redis OSS / Valkey keep data (composex snapshots it on deletion); a Memcached cache cluster keeps
  // nothing on disk, and its replacement only empties a cache.
  'AWS::ElastiCache::ReplicationGroup': 'the data in the Redis / Valkey cache',
  'AWS::ECR::Repository': 'the images in the repository (the running services pull from it)',
  // A change of AliasAttributes, UsernameAttributes, UsernameConfiguration or a Schema attribute
  // replaces the pool (they cannot change once it exists): the new one starts without users.
  'AWS::Cognito::UserPool': 'the users and their passwords (a new pool starts empty)',
};

/**
 * Resource types whose replacement loses no data but is not routine, and what it does to what
 * runs: marked `*` in the plan and explained, not refused. A task definition is replaced on every
 * change (a new revision) and is not among them.
 */
export const DISRUPTIVE_REPLACEMENTS: Readonly<Record<string, string>> = {
  'AWS::ECS::Service':
    'a new ECS service is created, with a new name and ARN, and the old one is deleted once the new one is up: ' +
    "the old service's tasks are stopped (work in progress on them ends; behind a load balancer their connections are drained first), the desired count starts again " +
    "from the template's, and whatever names the service (alarms, dashboards, scripts, `aws ecs` commands) must follow",
  'AWS::EFS::AccessPoint':
    'a new access point, with a new id, replaces the old one: the tasks mounting it are replaced to mount the new one; ' +
    'the files stay on the file system, but a changed root directory or POSIX user shows the new tasks other files or owners',
  'AWS::EFS::MountTarget':
    'its file system stays, and CloudFormation creates the new mount target before deleting the old one while EFS allows one per ' +
    'availability zone: in the same zone the update fails and is rolled back',
};

const NESTED_STACK = 'AWS::CloudFormation::Stack';

export interface PlannedChange {
  /** Logical ids from the root, `/`-separated: `FamilyApiStack/Service`. */
  readonly path: string;
  /** Add, Modify, Remove, Import, Dynamic. */
  readonly action: string;
  readonly type: string;
  /** True, False or Conditional (Modify only). */
  readonly replacement?: string;
  readonly physicalId?: string;
  /** Set when a data-bearing resource would be replaced (`replace`) or removed (`remove`). */
  readonly risk?: 'replace' | 'remove';
  /** Set when a replacement disrupts what runs (DISRUPTIVE_REPLACEMENTS): warned about, not refused. */
  readonly disruptive?: true;
}

/** Every change of the change set and its nested change sets, parents before children. */
export async function describePlan(cfn: CloudFormationClient, changeSetId: string, stackId?: string): Promise<PlannedChange[]> {
  const out: PlannedChange[] = [];
  await collect(cfn, { ChangeSetName: changeSetId, ...(stackId ? { StackName: stackId } : {}) }, '', out);
  return followFileSystems(out);
}

const FILE_SYSTEM_PARTS = new Set(['AWS::EFS::AccessPoint', 'AWS::EFS::MountTarget']);

/**
 * An access point or mount target replaced because its file system is replaced (or removed) in the
 * same stack follows it: the data guard speaks for the file system, and the warnings about the
 * parts (same-zone mount targets, a new access point on the same files) do not apply.
 */
export function followFileSystems(changes: readonly PlannedChange[]): PlannedChange[] {
  const stackOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
  const replacedIn = new Set(changes.filter((c) => c.type === 'AWS::EFS::FileSystem' && c.risk).map((c) => stackOf(c.path)));
  return changes.map((c) => {
    if (!c.disruptive || !FILE_SYSTEM_PARTS.has(c.type) || !replacedIn.has(stackOf(c.path))) return c;
    const { disruptive: _, ...rest } = c;
    return rest;
  });
}

async function collect(
  cfn: CloudFormationClient,
  input: { ChangeSetName: string; StackName?: string },
  prefix: string,
  out: PlannedChange[],
): Promise<void> {
  const changes: ResourceChange[] = [];
  await step(`reading change set ${input.ChangeSetName}`, async () => {
    for await (const page of paginateDescribeChangeSet({ client: cfn }, input)) {
      for (const change of page.Changes ?? []) if (change.ResourceChange) changes.push(change.ResourceChange);
    }
  });
  for (const change of changes) {
    const path = prefix + (change.LogicalResourceId ?? '?');
    out.push(plannedChange(path, change.Action ?? '?', change.ResourceType ?? '?', change.Replacement, change.PhysicalResourceId));
    if (change.ResourceType !== NESTED_STACK) continue;
    if (change.ChangeSetId) {
      await collect(cfn, { ChangeSetName: change.ChangeSetId }, `${path}/`, out);
    } else if (change.Action === 'Remove' && change.PhysicalResourceId) {
      await collectRemoved(cfn, change.PhysicalResourceId, `${path}/`, out);
    }
  }
}

/** The resources of a nested stack that is removed whole: all removed with it. */
async function collectRemoved(cfn: CloudFormationClient, stackId: string, prefix: string, out: PlannedChange[]): Promise<void> {
  const resources: { id: string; type: string; physicalId?: string }[] = [];
  await step(`listing the resources of ${stackId}`, async () => {
    try {
      for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackId })) {
        for (const r of page.StackResourceSummaries ?? []) {
          resources.push({ id: r.LogicalResourceId ?? '?', type: r.ResourceType ?? '?', physicalId: r.PhysicalResourceId });
        }
      }
    } catch (e) {
      if (!isStackMissing(e)) throw e;
    }
  });
  for (const r of resources) {
    out.push(plannedChange(prefix + r.id, 'Remove', r.type, undefined, r.physicalId));
    if (r.type === NESTED_STACK && r.physicalId) await collectRemoved(cfn, r.physicalId, `${prefix}${r.id}/`, out);
  }
}

export function plannedChange(path: string, action: string, type: string, replacement?: string, physicalId?: string): PlannedChange {
  const dataBearing = type in DATA_BEARING_TYPES;
  const replaced = action === 'Modify' && (replacement === 'True' || replacement === 'Conditional');
  const risk = !dataBearing ? undefined : action === 'Remove' ? 'remove' : replaced ? 'replace' : undefined;
  const disruptive = replaced && type in DISRUPTIVE_REPLACEMENTS;
  return {
    path,
    action,
    type,
    ...(action === 'Modify' && replacement ? { replacement } : {}),
    ...(physicalId ? { physicalId } : {}),
    ...(risk ? { risk } : {}),
    ...(disruptive ? { disruptive: true as const } : {}),
  };
}

export function riskyChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter((c) => c.risk);
}

export function disruptiveChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  return changes.filter((c) => c.disruptive);
}

/** "3 to add, 2 to modify, 1 to remove (1 replaced)", nested stacks themselves not counted. */
export function summarizePlan(changes: readonly PlannedChange[]): string {
  const resources = changes.filter((c) => c.type !== NESTED_STACK);
  const count = (action: string) => resources.filter((c) => c.action === action).length;
  const replaced = resources.filter((c) => c.replacement === 'True' || c.replacement === 'Conditional').length;
  const parts = [`${count('Add')} to add`, `${count('Modify')} to modify`, `${count('Remove')} to remove`];
  const other = resources.length - count('Add') - count('Modify') - count('Remove');
  if (other > 0) parts.push(`${other} other`);
  return `${parts.join(', ')}${replaced ? ` (${replaced} replaced or possibly replaced)` : ''}`;
}

/** The table: a marker column (`!` for risky rows, `*` for disruptive ones), action, logical id, type, replacement. */
export function formatPlan(changes: readonly PlannedChange[], io: Pick<DeployIO, 'color'>): string {
  if (changes.length === 0) return '  (no resource changes)\n';
  const header = ['action', 'logical id', 'type', 'replacement'];
  const rows = changes.map((c) => [c.action, c.path, c.type, c.replacement ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [`    ${line(header)}`];
  changes.forEach((c, i) => {
    const text = `${c.risk ? '  ! ' : c.disruptive ? '  * ' : '    '}${line(rows[i])}`;
    out.push(c.risk ? danger(io, text) : c.disruptive ? warn(io, text) : text);
  });
  const lines = [...out, '', `  ${summarizePlan(changes)}`];
  if (changes.some((c) => c.risk)) lines.push('  ! a data-bearing resource (database, file system, queue, topic, secret, table, bucket, stream, KMS key, parameter, Redis / Valkey cache, image repository) would be replaced or removed');
  if (changes.some((c) => c.disruptive)) lines.push('  * a replacement that affects what runs (explained below)');
  return lines.join('\n') + '\n';
}

/** The warning block for disruptive replacements (empty when there are none). */
export function describeDisruptions(changes: readonly PlannedChange[], io: Pick<DeployIO, 'color'>): string {
  const disruptive = disruptiveChanges(changes);
  if (disruptive.length === 0) return '';
  const lines = disruptive.map((c) => {
    const what = c.replacement === 'Conditional' ? 'may be replaced (Replacement: Conditional)' : 'would be replaced';
    return `  ${c.path} (${c.type}) ${what}: ${DISRUPTIVE_REPLACEMENTS[c.type]}`;
  });
  return `\n${warn(io, `Warning: ${disruptive.length} replacement${disruptive.length > 1 ? 's' : ''} that affect${disruptive.length > 1 ? '' : 's'} what runs:`)}\n${lines.join('\n')}\n`;
}

/** One line per risky change: what would happen and what is lost. */
export function describeRisks(changes: readonly PlannedChange[]): string {
  return riskyChanges(changes)
    .map((c) => {
      const what = c.risk === 'remove' ? 'removed' : c.replacement === 'Conditional' ? 'possibly replaced (Replacement: Conditional)' : 'replaced';
      return `  ${c.path} (${c.type}) would be ${what}: ${DATA_BEARING_TYPES[c.type]} ${c.risk === 'remove' ? 'goes with it unless it is retained' : 'would be lost with the old resource unless it is retained'}`;
    })
    .join('\n');
}
