/**
 * The user's docker, as the commands that need it run it: builds and pushes (`build`, `push`,
 * `deploy`) and the digest of an image outside private ECR (`lookup`, InterpolateWithDigest).
 * Loaded only when a command runs it.
 */
import type { Docker } from '../deploy/images/docker';
import type { CliIO } from './io';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dockerStage = (): typeof import('../deploy/images/docker') => require('../deploy/images/docker') as typeof import('../deploy/images/docker');

/** The user's docker, with the project's environment (build secrets given as `env=` read it). */
export function dockerFor(io: CliIO, environment: Readonly<Record<string, string | undefined>>): Docker {
  return dockerStage().processDocker({ env: { ...io.env, ...environment }, stdout: io.stdout, stderr: io.stderr });
}
