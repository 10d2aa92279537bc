/**
 * The one question deploy and destroy ask before changing anything.
 */
import { DEPLOY_CODES } from './codes';
import { refused } from './errors';
import type { DeployIO } from './io';

/** `--yes`, or a yes on a terminal; anything else refuses (exit 1). */
export async function confirmOrRefuse(io: DeployIO, request: { readonly yes?: boolean }, question: string): Promise<void> {
  if (request.yes) return;
  if (!io.interactive) {
    throw refused(DEPLOY_CODES.NOT_CONFIRMED, 'not confirmed: there is no terminal to ask on', 'review the output above and pass --yes to go ahead without a prompt');
  }
  if (!(await io.confirm(question))) throw refused(DEPLOY_CODES.NOT_CONFIRMED, 'not confirmed: nothing was changed');
}
