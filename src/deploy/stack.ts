/**
 * Stack states: which are settled, which failed, and what each means for the next step.
 */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { rootDescription } from '../render/synth';
import { DEPLOY_CODES } from './codes';
import { isStackMissing, refused, step } from './errors';

/** The stack, or undefined when there is none of that name (or id) in the region. */
export async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  return step(`reading stack ${stackName}`, async () => {
    try {
      const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      return out.Stacks?.[0];
    } catch (e) {
      if (isStackMissing(e)) return undefined;
      throw e;
    }
  });
}

export function isInProgress(status: string | undefined): boolean {
  return !!status && status.endsWith('_IN_PROGRESS');
}

/** Settled: CloudFormation is not working on the stack (REVIEW_IN_PROGRESS waits for a user). */
export function isSettled(status: string | undefined): boolean {
  return !!status && (!isInProgress(status) || status === 'REVIEW_IN_PROGRESS');
}

/** The statuses an operation composex started ends in when it succeeded. */
export const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE', 'DELETE_COMPLETE']);

/** What a failed final status means for the user, in one sentence. */
export function explainStatus(status: string): string {
  switch (status) {
    case 'ROLLBACK_COMPLETE':
      return 'the create failed and was rolled back: the stack holds nothing and cannot be updated; the next `composex deploy` deletes it and creates it again (or run `composex destroy`)';
    case 'UPDATE_ROLLBACK_COMPLETE':
      return 'the update failed and was rolled back: the stack runs what it ran before';
    case 'ROLLBACK_FAILED':
      return 'the create failed and so did its rollback: delete the stack (`composex destroy`), then deploy again';
    case 'UPDATE_ROLLBACK_FAILED':
      return 'the update failed and so did its rollback: fix the resource named above, then run `aws cloudformation continue-update-rollback --stack-name <stack>`';
    case 'DELETE_FAILED':
      return 'the stack could not be deleted: fix the resource named above (or empty it) and run `composex destroy` again';
    case 'CREATE_FAILED':
    case 'UPDATE_FAILED':
      return 'the operation failed and rollback was disabled: the stack is left as it failed';
    default:
      return `the stack is ${status}`;
  }
}

/**
 * Refuses a stack composex did not create for this project (another project whose name gives the
 * same stack name, or a stack made by hand): its description must be the project's root description.
 */
export function checkOwnership(stack: Stack, stackName: string, projectName: string): void {
  // Stacks that hold nothing: a change set under review, a deleted stack, a failed first create.
  if (stack.StackStatus === 'REVIEW_IN_PROGRESS' || stack.StackStatus === 'DELETE_COMPLETE' || stack.StackStatus === 'ROLLBACK_COMPLETE') return;
  if (stack.Description === rootDescription(projectName)) return;
  throw refused(
    DEPLOY_CODES.STACK_NOT_OURS,
    `stack ${stackName} exists but was not created by composex for project '${projectName}'${stack.Description ? ` (its description: "${stack.Description.slice(0, 100)}")` : ''}`,
    'composex never changes or deletes a stack it did not create: choose another project name (-p), or another account or region',
  );
}
