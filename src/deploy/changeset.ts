/**
 * Change sets: create one (CREATE for a new stack, UPDATE otherwise, nested stacks included),
 * wait until CloudFormation has computed it, tell an empty one apart from a failed one, and
 * clean up after a plan or a refusal so nothing is left behind (a CREATE change set leaves an empty
 * stack in REVIEW_IN_PROGRESS, which is deleted too).
 */
import {
  Capability,
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  type Parameter,
  type Tag,
} from '@aws-sdk/client-cloudformation';
import { DEPLOY_CODES } from './codes';
import { awsFailure, step } from './errors';
import type { DeployIO } from './io';
import { describeStack } from './stack';
import type { RootTemplate } from './upload';

export const CAPABILITIES: readonly Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export type ChangeSetType = 'CREATE' | 'UPDATE';

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly name: string;
  readonly type: ChangeSetType;
  readonly template: RootTemplate;
  readonly parameters: readonly Parameter[];
  readonly tags: readonly Tag[];
  readonly roleArn?: string;
  /** A CREATE change set against a stack already in REVIEW_IN_PROGRESS (left by `plan --keep`). */
  readonly stackExists?: boolean;
}

export interface ChangeSetRef {
  readonly id: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly type: ChangeSetType;
  readonly name: string;
  /** The CREATE change set made the (empty, REVIEW_IN_PROGRESS) stack: discarding it deletes the stack. */
  readonly createdStack: boolean;
}

/** `composex-20261123-101500` (UTC). */
export function changeSetName(now: Date): string {
  const iso = now.toISOString(); // 2026-11-23T10:15:00.000Z
  return `composex-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

export async function createChangeSet(cfn: CloudFormationClient, request: ChangeSetRequest): Promise<ChangeSetRef> {
  const out = await step(`creating change set ${request.name} for stack ${request.stackName}`, () =>
    cfn.send(
      new CreateChangeSetCommand({
        StackName: request.stackName,
        ChangeSetName: request.name,
        ChangeSetType: request.type,
        ...('body' in request.template ? { TemplateBody: request.template.body } : { TemplateURL: request.template.url }),
        Parameters: [...request.parameters],
        Tags: [...request.tags],
        Capabilities: [...CAPABILITIES],
        IncludeNestedStacks: true,
        ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
        Description: 'composex deploy',
      }),
    ),
  );
  return { id: out.Id ?? request.name, stackId: out.StackId ?? request.stackName, stackName: request.stackName, type: request.type, name: request.name, createdStack: request.type === 'CREATE' && !request.stackExists };
}

/** CloudFormation's words for a change set without changes. */
const EMPTY_REASONS = [/didn't contain changes/i, /No updates are to be performed/i];

export function isEmptyChangeSetReason(reason: string | undefined): boolean {
  return !!reason && EMPTY_REASONS.some((r) => r.test(reason));
}

export type ChangeSetOutcome = { readonly kind: 'ready' } | { readonly kind: 'empty' };

/** Waits for the change set; throws (exit 3) when CloudFormation could not create it. */
export async function waitForChangeSet(cfn: CloudFormationClient, ref: ChangeSetRef, io: DeployIO, intervalMs: number): Promise<ChangeSetOutcome> {
  for (;;) {
    const out = await step(`reading change set ${ref.name}`, () => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: ref.id, StackName: ref.stackId })));
    const status = out.Status ?? '';
    if (status === 'CREATE_COMPLETE') return { kind: 'ready' };
    if (status === 'FAILED') {
      if (isEmptyChangeSetReason(out.StatusReason)) return { kind: 'empty' };
      throw awsFailure(
        DEPLOY_CODES.CHANGE_SET_FAILED,
        `CloudFormation could not create change set ${ref.name} for stack ${ref.stackName}: ${out.StatusReason ?? 'no reason given'}`,
        'the reason names the template, parameter or permission at fault',
      );
    }
    if (status.startsWith('DELETE')) {
      throw awsFailure(DEPLOY_CODES.CHANGE_SET_FAILED, `change set ${ref.name} was deleted while composex waited for it`);
    }
    await io.sleep(intervalMs);
  }
}

/**
 * Removes what a change set left: the change set, and for a CREATE change set the empty stack in
 * REVIEW_IN_PROGRESS (whose deletion is waited for, so the name is free again).
 */
export async function discardChangeSet(cfn: CloudFormationClient, ref: ChangeSetRef, io: DeployIO, intervalMs: number): Promise<void> {
  await step(`deleting change set ${ref.name}`, () => cfn.send(new DeleteChangeSetCommand({ ChangeSetName: ref.id, StackName: ref.stackId })));
  if (!ref.createdStack) return;
  const stack = await describeStack(cfn, ref.stackId);
  if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS') return;
  await step(`deleting the empty stack ${ref.stackName} (REVIEW_IN_PROGRESS)`, () => cfn.send(new DeleteStackCommand({ StackName: ref.stackId })));
  for (;;) {
    const now = await describeStack(cfn, ref.stackId);
    if (!now || now.StackStatus === 'DELETE_COMPLETE') return;
    if (now.StackStatus === 'DELETE_FAILED') {
      throw awsFailure(DEPLOY_CODES.CHANGE_SET_FAILED, `the empty stack ${ref.stackName} could not be deleted: ${now.StackStatusReason ?? 'no reason given'}`);
    }
    await io.sleep(intervalMs);
  }
}
