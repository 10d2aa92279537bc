/**
 * `deploy` and `plan` answer the project's Lookups first when composex.lock.json does not answer
 * them all as they are written (missing, unreadable, a Lookup added or changed), or always with
 * `--refresh-lookups`; they then say what changed since the last lock. `deploy` writes the new
 * lock (commit it); `plan` changes nothing and uses the answers in memory. With a lock that answers
 * every Lookup, nothing is asked of AWS here: deployments stay as pinned as renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatDiagnostic, hasErrors } from '../diagnostics';
import type { ClientOptions } from '../deploy';
import { DeployError, fromAwsError, isAwsError } from '../deploy/errors';
import { lockChanges, staleLookups } from '../deploy/lookup/changes';
import { LOCK_FILE_NAME, LOCK_VERSION, LockFile } from '../resolve/lock';
import { CliIO, EXIT, reportDiagnostics } from './io';
import type { LookupCliIO } from './lookup';
import { loadOptionsFrom, ProjectOptions } from './project-options';
import { compileStage, loadStage, lookupRequestsStage } from './stages';
import { dockerFor } from './docker';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lookupStage = (): typeof import('../deploy/lookup') => require('../deploy/lookup') as typeof import('../deploy/lookup');

export interface RefreshOptions extends ProjectOptions {
  region?: string;
  awsProfile?: string;
  refreshLookups?: boolean;
}

/**
 * The lock to compile with (absent: read composex.lock.json as usual), or the exit code when a
 * lookup found none or several matches, or AWS failed.
 */
export async function refreshLookups(mode: 'deploy' | 'plan', opts: RefreshOptions, io: CliIO): Promise<{ lock?: LockFile; exit?: number }> {
  // Load problems are reported by the compile that follows; here they only mean "nothing to look up".
  const load = loadStage().loadProject(loadOptionsFrom(opts, io));
  if (!load.project) return {};
  const collected = lookupRequestsStage().collectLookupRequests(load.project);
  if (collected.requests.length === 0 || hasErrors(collected.diagnostics)) return {};
  const file = compileStage().lockFilePath(load.project);
  const shownFile = path.relative(io.cwd ?? process.cwd(), file) || file;
  const current = compileStage().readLockFile(file);
  const stale = staleLookups(collected.requests, current.lock?.lookups);
  if (!opts.refreshLookups && stale.length === 0) return {};

  const why = opts.refreshLookups
    ? '--refresh-lookups'
    : !fs.existsSync(file)
      ? `${shownFile} is missing`
      : current.diagnostic
        ? `${shownFile} cannot be read`
        : `${shownFile} does not answer ${stale.join(', ')} as written`;
  io.stdout(`Looking up existing infrastructure (${why}): ${collected.requests.length} lookup${collected.requests.length === 1 ? '' : 's'}\n`);
  const clientOptions: ClientOptions = { ...(opts.region ? { region: opts.region } : {}), ...(opts.awsProfile ? { profile: opts.awsProfile } : {}) };
  try {
    const clients = { docker: dockerFor(io, load.project.environment), ...((io as LookupCliIO).lookup?.clients ?? lookupStage().createLookupClients)(clientOptions) };
    const answered = await lookupStage().runLookups(collected.requests, clients, (io as LookupCliIO).lookup?.now);
    reportDiagnostics(answered.diagnostics, io, load.sources);
    if (!answered.lock) {
      io.stderr(`${shownFile} is left as it was; nothing was ${mode === 'deploy' ? 'deployed' : 'planned'}\n`);
      return { exit: EXIT.invalidInput };
    }
    const changes = lockChanges(current.lock?.lookups ?? {}, answered.entries);
    io.stdout(changes.length === 0 ? `Lookups: the same answers as ${shownFile}.\n` : `Lookups changed since ${current.lock ? `the last ${LOCK_FILE_NAME}` : 'no lock'}:\n${changes.map((l) => `  ${l}\n`).join('')}`);
    if (mode === 'deploy') {
      fs.writeFileSync(file, answered.lock);
      io.stdout(`Wrote ${shownFile}: commit it (render reads it offline).\n`);
    } else if (changes.length > 0) {
      io.stdout(`The plan uses these answers; ${shownFile} is not written (\`composex lookup\` or \`composex deploy\` pins them).\n`);
    }
    return { lock: { version: LOCK_VERSION, lookups: answered.entries, file } };
  } catch (e) {
    const failure = e instanceof DeployError ? e : isAwsError(e) ? fromAwsError(e, 'looking up existing resources') : undefined;
    if (!failure) throw e;
    io.stderr(`${formatDiagnostic(failure.diagnostic)}\n`);
    return { exit: failure.exitCode };
  }
}
