/**
 * `composex destroy`: deletes the stack after confirmation, saying first what stays behind by
 * design — every resource whose DeletionPolicy is Retain or Snapshot in the deployed templates
 * (EFS file systems, secrets, a final snapshot of each database) — then waits and reports.
 *
 * A database with deletion protection on would make the deletion fail half-way (protection.ts):
 * destroy refuses before deleting anything, unless `--disable-deletion-protection`, which turns
 * the protection off first.
 */
import { CloudFormationClient, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './clients';
import { DEPLOY_CODES } from './codes';
import { confirmOrRefuse } from './confirm';
import { awsFailure, DEPLOY_EXIT, refused, step } from './errors';
import { OperationEvents } from './events';
import { DEFAULT_POLL, type DeployIO, type PollIntervals } from './io';
import { duration, formatFailure, watchStack } from './progress';
import { disableDeletionProtection, formatProtected, protectedDatabases, protectionAdvice } from './protection';
import { deployedResources, KEPT_ON_DELETE, listResources, type DeployedResource } from './resources';
import { checkOwnership, describeStack, explainStatus, isInProgress } from './stack';

export interface DestroyRequest {
  readonly stackName: string;
  readonly projectName: string;
  readonly yes?: boolean;
  /** Default true. */
  readonly wait?: boolean;
  readonly roleArn?: string;
  /** Turn off the deletion protection of the databases the deletion would delete (after confirmation). */
  readonly disableDeletionProtection?: boolean;
}

export interface DestroyContext {
  readonly clients: Pick<AwsClients, 'cloudformation' | 'rds'>;
  readonly io: DeployIO;
  readonly poll?: PollIntervals;
}

export interface RetainedResource {
  /** Logical ids from the root: `StorageStack/FileSystemData`. */
  readonly path: string;
  readonly type: string;
  /** Retain, RetainExceptOnCreate or Snapshot. */
  readonly policy: string;
  readonly physicalId?: string;
}

const KEPT_POLICIES = new Set([...KEPT_ON_DELETE, 'Snapshot']);

/** Resources kept on deletion, from the deployed root and nested templates. */
export async function retainedResources(cfn: CloudFormationClient, stackId: string): Promise<RetainedResource[]> {
  return keptOnDelete(await deployedResources(cfn, stackId));
}

function keptOnDelete(resources: readonly DeployedResource[]): RetainedResource[] {
  return resources
    .filter((r) => r.deletionPolicy && KEPT_POLICIES.has(r.deletionPolicy))
    .map((r) => ({ path: r.path, type: r.type, policy: r.deletionPolicy!, ...(r.physicalId ? { physicalId: r.physicalId } : {}) }));
}

export function formatRetained(retained: readonly RetainedResource[]): string {
  if (retained.length === 0) return 'Nothing is kept: every resource of the stack is deleted with it.\n';
  const rows = retained.map((r) => [r.path, r.type, r.policy === 'Snapshot' ? 'Snapshot (a final snapshot is kept)' : r.policy, r.physicalId ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => `  ${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ')}`.trimEnd());
  return ['These stay after the stack is deleted, by design (DeletionPolicy); delete them yourself when no longer needed:', ...lines].join('\n') + '\n';
}

export async function destroyStack(request: DestroyRequest, ctx: DestroyContext): Promise<number> {
  const cfn = ctx.clients.cloudformation;
  const { io } = ctx;
  const poll = ctx.poll ?? DEFAULT_POLL;
  const stack = await describeStack(cfn, request.stackName);
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
    io.stdout(`There is no stack ${request.stackName} in this region: nothing to destroy\n`);
    return DEPLOY_EXIT.ok;
  }
  checkOwnership(stack, request.stackName, request.projectName);
  const stackId = stack.StackId ?? request.stackName;
  const status = stack.StackStatus ?? '';
  if (isInProgress(status) && status !== 'REVIEW_IN_PROGRESS' && status !== 'DELETE_IN_PROGRESS') {
    throw refused(DEPLOY_CODES.STACK_BUSY, `stack ${request.stackName} is ${status}`, `wait until it settles: composex status -p ${request.projectName} --watch`);
  }
  const resources = await deployedResources(cfn, stackId);
  const retained = keptOnDelete(resources);
  const nestedCount = (await listResources(cfn, stackId)).filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack').length;
  io.stdout(`Stack ${request.stackName} (${status}) will be deleted${nestedCount ? ` with its ${nestedCount} nested stack${nestedCount > 1 ? 's' : ''}` : ''}.\n`);
  io.stdout(formatRetained(retained));

  if (status !== 'DELETE_IN_PROGRESS') {
    // Before anything is deleted: a protected database would stop the deletion half-way.
    const protectedDbs = await protectedDatabases(ctx.clients.rds, resources);
    if (protectedDbs.length > 0) io.stdout(formatProtected(protectedDbs));
    if (protectedDbs.length > 0 && !request.disableDeletionProtection) {
      io.stdout(protectionAdvice(protectedDbs));
      throw refused(
        DEPLOY_CODES.DELETION_PROTECTED,
        `refusing to delete stack ${request.stackName}: ${protectedDbs.length} database${protectedDbs.length > 1 ? 's have' : ' has'} deletion protection on (listed above); nothing was deleted`,
        'run again with --disable-deletion-protection to turn it off first and delete them too (a final snapshot is still taken where the DeletionPolicy is Snapshot)',
      );
    }
    if (protectedDbs.length > 0) {
      io.stdout('With --disable-deletion-protection, composex turns it off first and waits until RDS reports it off; then it deletes the stack.\n');
      const n = protectedDbs.length;
      await confirmOrRefuse(io, request, `Turn off deletion protection of ${n} database${n > 1 ? 's' : ''} and delete stack ${request.stackName}? [y/N] `);
      await disableDeletionProtection(ctx.clients.rds, protectedDbs, io, poll.stack);
    } else {
      await confirmOrRefuse(io, request, `Delete stack ${request.stackName}? [y/N] `);
    }
  }
  const events = new OperationEvents(cfn, stackId);
  if (status === 'DELETE_IN_PROGRESS') {
    await events.resumeCurrentOperation();
  } else {
    await events.markExisting();
    await step(`deleting stack ${request.stackName}`, () => cfn.send(new DeleteStackCommand({ StackName: stackId, ...(request.roleArn ? { RoleARN: request.roleArn } : {}) })));
  }
  if (request.wait === false) {
    io.stdout(`Deleting stack ${request.stackName}; follow it with: composex status -p ${request.projectName} --watch\n`);
    return DEPLOY_EXIT.ok;
  }
  const started = io.now();
  const result = await watchStack(cfn, events, { stackName: request.stackName, stackId, pollMs: poll.stack, io });
  if (result.interrupted) {
    io.stdout(`Stopped watching; the deletion goes on in CloudFormation. Resume watching with: composex status -p ${request.projectName} --watch\n`);
    return DEPLOY_EXIT.interrupted;
  }
  if (result.status !== 'DELETE_COMPLETE') {
    io.stderr(formatFailure(result.records));
    throw awsFailure(DEPLOY_CODES.DESTROY_FAILED, `deleting stack ${request.stackName} failed: ${result.status}`, explainStatus(result.status));
  }
  io.stdout(`Deleted stack ${request.stackName} in ${duration(io.now().getTime() - started.getTime())}.${retained.length ? ` Kept by design: ${retained.length} resource${retained.length > 1 ? 's' : ''} (listed above).` : ''}\n`);
  return DEPLOY_EXIT.ok;
}
