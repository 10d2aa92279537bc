/**
 * `composex deploy` and `composex plan` on rendered templates:
 *
 *   stack state ─▶ upload templates ─▶ change set ─▶ plan table + data guard ─▶ confirm
 *        ─▶ execute ─▶ watch (secret values put as their secrets appear) ─▶ report
 *
 * `plan` stops after the table and removes what it made (the change set, and the empty
 * REVIEW_IN_PROGRESS stack of a CREATE change set) unless `keep`.
 */
import { DeleteStackCommand, ExecuteChangeSetCommand, type Stack } from '@aws-sdk/client-cloudformation';
import type { RenderedFile } from '../render/types';
import type { ImageScanModel } from '../resolve/image-model';
import { ecrClients } from './ecr-access';
import { checkImageScans, type ScanWait } from './image-scans';
import {
  changeSetName,
  createChangeSet,
  discardChangeSet,
  waitForChangeSet,
  type ChangeSetRef,
  type ChangeSetType,
} from './changeset';
import type { AwsClients } from './clients';
import { DEPLOY_CODES } from './codes';
import { confirmOrRefuse } from './confirm';
import { awsFailure, DeployError, DEPLOY_EXIT, refused, step } from './errors';
import { OperationEvents } from './events';
import { danger, DEFAULT_POLL, type DeployIO, type PollIntervals } from './io';
import { stackParameters, stackTags } from './parameters';
import { describeDisruptions, describePlan, describeRisks, formatPlan, riskyChanges } from './plan';
import { duration, formatFailure, indent, watchStack } from './progress';
import { withoutSecretsInOutput, withSecretParameters, type SecretParameter } from './secret-parameters';
import { checkSecretSources, SecretWriter, type SecretToSet } from './secrets';
import { checkOwnership, describeStack, explainStatus, isInProgress, SUCCESS_STATUSES } from './stack';
import { describeApp, formatApp } from './status';
import { ensureBucket, rootTemplate, templateObjects, uploadTemplates, type TemplateLocation } from './upload';

export interface DeployRequest {
  readonly mode: 'deploy' | 'plan';
  readonly stackName: string;
  /** For hints (`composex status -p <project> --watch`). */
  readonly projectName: string;
  readonly region: string;
  /** Rendered with `renderModel(model, {bucket: location.bucket, prefix: location.prefix})`; root first. */
  readonly files: readonly RenderedFile[];
  readonly location: TemplateLocation;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly roleArn?: string;
  /** Secrets whose values deploy puts (see secrets.ts). */
  readonly secrets?: readonly SecretToSet[];
  /**
   * Root parameters carrying secrets written in the compose file (`secretParametersOf(model)`,
   * secret-parameters.ts): passed at every deploy and plan (`parameters` wins), never printed.
   */
  readonly secretParameters?: readonly SecretParameter[];
  /** Where `environment:` secrets are read (the project's environment). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** deploy: wait until the stack settles (default true). */
  readonly wait?: boolean;
  /** deploy: go ahead when a data-bearing resource would be replaced or removed. */
  readonly allowReplacement?: boolean;
  /** deploy: no confirmation prompt. */
  readonly yes?: boolean;
  /** plan: keep the change set. */
  readonly keep?: boolean;
  /** `x-ecr.VulnerabilitiesScan`: the ECR scans checked before anything is uploaded (image-scans.ts). */
  readonly imageScans?: readonly ImageScanModel[];
  /** deploy: report the scans' findings without stopping (`--ignore-ecr-findings`). */
  readonly ignoreEcrFindings?: boolean;
}

export interface DeployContext {
  readonly clients: AwsClients;
  readonly io: DeployIO;
  readonly poll?: PollIntervals;
  /** How long an ECR scan in progress is waited for (default: image-scans.ts). */
  readonly scanWait?: ScanWait;
}

/**
 * Runs deploy or plan; resolves to the exit code, throws `DeployError` when it stops early. No
 * output or error shows the value of a secret parameter.
 */
export async function deployStack(request: DeployRequest, ctx: DeployContext): Promise<number> {
  const values = (request.secretParameters ?? []).map((p) => p.value);
  return withoutSecretsInOutput(values, ctx.io, (io) => deployOrPlan(request, { ...ctx, io }));
}

async function deployOrPlan(request: DeployRequest, ctx: DeployContext): Promise<number> {
  const { io, clients } = ctx;
  const cfn = clients.cloudformation;
  const poll = ctx.poll ?? DEFAULT_POLL;
  const secrets = request.secrets ?? [];
  const environment = request.environment ?? {};
  const root = request.files[0];
  if (request.mode === 'deploy') checkSecretSources(secrets, environment);
  // The images' scan findings first: a refusal here leaves the account as it was.
  await checkImageScans(request.imageScans ?? [], ecrClients(clients), io, request.mode === 'deploy' && request.ignoreEcrFindings ? 'ignore' : request.mode, ctx.scanWait);

  let existing = await describeStack(cfn, request.stackName);
  if (existing) checkOwnership(existing, request.stackName, request.projectName);
  existing = await settleFailedCreate(existing, request, ctx);
  const type = changeSetType(existing, request);
  const given = withSecretParameters(root.template, request.parameters ?? {}, request.secretParameters ?? [], io);
  const parameters = stackParameters(root.template, given, type === 'UPDATE' ? existing : undefined);

  const template = rootTemplate(root, request.location);
  const objects = templateObjects(request.files, template);
  if (objects.length > 0) {
    await ensureBucket(clients.s3, request.location, request.region, io);
    const uploaded = await uploadTemplates(clients.s3, request.location, objects);
    const where = `s3://${request.location.bucket}${request.location.prefix ? `/${request.location.prefix}` : ''}`;
    io.stdout(`Templates: ${uploaded.uploaded} uploaded, ${uploaded.unchanged} already in ${where}\n`);
  }

  const name = changeSetName(io.now());
  io.stdout(`Creating change set ${name} (${type === 'CREATE' ? 'new stack' : 'update'}) for stack ${request.stackName} in ${request.region}…\n`);
  const ref = await createChangeSet(cfn, {
    stackName: request.stackName,
    name,
    type,
    template,
    parameters,
    tags: stackTags(request.tags ?? {}),
    ...(request.roleArn ? { roleArn: request.roleArn } : {}),
    stackExists: existing?.StackStatus === 'REVIEW_IN_PROGRESS',
  });
  const outcome = await discardOnError(ref, ctx, () => waitForChangeSet(cfn, ref, io, poll.changeSet));
  if (outcome.kind === 'empty') {
    await discardChangeSet(cfn, ref, io, poll.changeSet);
    io.stdout(`no changes: stack ${request.stackName} is up to date\n`);
    if (request.mode === 'deploy' && secrets.length > 0) {
      const writer = new SecretWriter(clients, secrets, environment, io);
      await writer.setRemaining(ref.stackId);
      if (writer.changed.length > 0) {
        io.stdout(
          `Running tasks keep the files and values they started with; tasks started from now on read the new ones. To replace the running tasks now: aws ecs update-service --cluster <cluster> --service <service> --force-new-deployment\n`,
        );
      }
    }
    return DEPLOY_EXIT.ok;
  }

  const changes = await discardOnError(ref, ctx, () => describePlan(cfn, ref.id, ref.stackId));
  io.stdout(`\nPlan for stack ${request.stackName} (change set ${name}):\n\n${formatPlan(changes, io)}${describeDisruptions(changes, io)}`);
  const risky = riskyChanges(changes);

  if (request.mode === 'plan') {
    if (risky.length > 0) io.stdout(`\n${danger(io, 'composex deploy would refuse this plan without --allow-replacement:')}\n${describeRisks(changes)}\n`);
    if (request.keep) {
      io.stdout(`\nKept change set ${name} (${ref.id}).\n`);
    } else {
      await discardChangeSet(cfn, ref, io, poll.changeSet);
      io.stdout(`\nChange set deleted${ref.createdStack ? ', and the empty stack it created' : ''}: nothing was changed.\n`);
    }
    return DEPLOY_EXIT.ok;
  }

  if (risky.length > 0 && !request.allowReplacement) {
    await discardChangeSet(cfn, ref, io, poll.changeSet);
    io.stderr(`${describeRisks(changes)}\n`);
    throw refused(
      DEPLOY_CODES.REPLACEMENT_REFUSED,
      `refusing to deploy: ${risky.length} data-bearing resource${risky.length > 1 ? 's' : ''} would be replaced or removed (listed above); the change set was deleted`,
      'if that is intended (the data is backed up, or not needed), run again with --allow-replacement',
    );
  }
  if (risky.length > 0) io.stdout(`\n${danger(io, '--allow-replacement: going ahead although data-bearing resources are replaced or removed.')}\n`);

  await discardOnError(ref, ctx, () => confirmOrRefuse(io, request, `\nDeploy these changes to stack ${request.stackName}? [y/N] `));

  const writer = new SecretWriter(clients, secrets, environment, io);
  // An update: values of secrets and config files that exist already are put first, so the tasks
  // the update starts read them.
  if (type === 'UPDATE' && request.wait !== false && secrets.length > 0) await writer.setExisting(ref.stackId);
  const events = new OperationEvents(cfn, ref.stackId);
  await events.markExisting();
  await step(`executing change set ${name}`, () => cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: ref.id, StackName: ref.stackId })));
  const resume = `composex status -p ${request.projectName} --watch`;
  if (request.wait === false) {
    io.stdout(`\nExecuting change set ${name}; the deployment goes on in CloudFormation. Follow it with: ${resume}\n`);
    if (secrets.length > 0) {
      io.stdout(`Secret values are put only by a deploy that waits: run \`composex deploy\` again once the stack has settled (${secrets.map((s) => s.name).join(', ')}).\n`);
    }
    return DEPLOY_EXIT.ok;
  }

  io.stdout(`\nDeploying stack ${request.stackName}; Ctrl-C stops watching (the deployment goes on)\n`);
  const started = io.now();
  const result = await watchStack(cfn, events, {
    stackName: request.stackName,
    stackId: ref.stackId,
    pollMs: poll.stack,
    io,
    ...(secrets.length > 0 ? { onEvents: (records) => writer.onEvents(records) } : {}),
  });
  if (result.interrupted) {
    io.stdout(`\nStopped watching; the deployment goes on in CloudFormation (${result.status}). Resume watching with: ${resume}\n`);
    return DEPLOY_EXIT.interrupted;
  }
  if (!SUCCESS_STATUSES.has(result.status)) {
    io.stderr(`\nDeployment of stack ${request.stackName} failed: ${result.status}\n${formatFailure(result.records)}`);
    throw awsFailure(
      DEPLOY_CODES.DEPLOY_FAILED,
      `deploying stack ${request.stackName} failed: ${result.status}${result.statusReason ? ` (${result.statusReason})` : ''}`,
      explainStatus(result.status),
    );
  }
  if (secrets.length > 0) await writer.setRemaining(ref.stackId);
  io.stdout(`\nDeployed stack ${request.stackName}: ${result.status} in ${duration(io.now().getTime() - started.getTime())}\n`);
  const stack = await describeStack(cfn, ref.stackId);
  if (stack) io.stdout(formatApp(await describeApp(cfn, stack)));
  return DEPLOY_EXIT.ok;
}

/** CREATE for a new stack (or one left in REVIEW_IN_PROGRESS), UPDATE for a settled one; refuses otherwise. */
function changeSetType(stack: Stack | undefined, request: DeployRequest): ChangeSetType {
  const status = stack?.StackStatus;
  if (!stack || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS') return 'CREATE';
  if (isInProgress(status)) {
    throw refused(DEPLOY_CODES.STACK_BUSY, `stack ${request.stackName} is ${status}: CloudFormation is working on it`, `wait until it settles: composex status -p ${request.projectName} --watch`);
  }
  if (status === 'ROLLBACK_FAILED' || status === 'UPDATE_ROLLBACK_FAILED' || status === 'DELETE_FAILED' || status === 'CREATE_FAILED') {
    throw refused(DEPLOY_CODES.STACK_BUSY, `stack ${request.stackName} is ${status} and cannot be updated`, explainStatus(status ?? ''));
  }
  return 'UPDATE';
}

/**
 * A stack whose first create failed sits in ROLLBACK_COMPLETE, holding nothing, and can only be
 * deleted. deploy says so and deletes it (then creates it again); plan only explains.
 */
async function settleFailedCreate(stack: Stack | undefined, request: DeployRequest, ctx: DeployContext): Promise<Stack | undefined> {
  if (stack?.StackStatus !== 'ROLLBACK_COMPLETE') return stack;
  const { io } = ctx;
  const cfn = ctx.clients.cloudformation;
  const stackId = stack.StackId ?? request.stackName;
  const previous = new OperationEvents(cfn, stackId);
  await previous.resumeCurrentOperation();
  await previous.poll(true);
  io.stdout(
    `Stack ${request.stackName} is ROLLBACK_COMPLETE: its first create failed and was rolled back, so it holds nothing and cannot be updated.\n` +
      (previous.all.length > 0 ? `That create failed because:\n${indent(formatFailure(previous.all))}` : ''),
  );
  if (request.mode === 'plan') {
    throw refused(
      DEPLOY_CODES.ROLLBACK_COMPLETE,
      `stack ${request.stackName} is ROLLBACK_COMPLETE: there is nothing to plan against`,
      '`composex deploy` deletes it and creates it again; `composex destroy` only deletes it',
    );
  }
  io.stdout(`Deleting it before creating it again (resources it retained by design stay).\n`);
  const events = new OperationEvents(cfn, stackId);
  await events.markExisting();
  await step(`deleting stack ${request.stackName}`, () =>
    cfn.send(new DeleteStackCommand({ StackName: stackId, ...(request.roleArn ? { RoleARN: request.roleArn } : {}) })),
  );
  const result = await watchStack(cfn, events, { stackName: request.stackName, stackId, pollMs: (ctx.poll ?? DEFAULT_POLL).stack, io });
  if (result.interrupted) throw new DeployError({ severity: 'info', code: DEPLOY_CODES.WATCH_INTERRUPTED, message: `stopped watching the deletion of ${request.stackName}; run composex deploy again once it is gone` }, DEPLOY_EXIT.interrupted);
  if (result.status !== 'DELETE_COMPLETE') {
    io.stderr(formatFailure(result.records));
    throw awsFailure(DEPLOY_CODES.ROLLBACK_COMPLETE, `stack ${request.stackName} could not be deleted: ${result.status}`, explainStatus(result.status));
  }
  return undefined;
}

/** Runs `fn`; when it throws, the change set is discarded first (best effort). */
async function discardOnError<T>(ref: ChangeSetRef, ctx: DeployContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    try {
      await discardChangeSet(ctx.clients.cloudformation, ref, ctx.io, (ctx.poll ?? DEFAULT_POLL).changeSet);
    } catch {
      // The original error is what the user needs to see.
    }
    throw e;
  }
}
