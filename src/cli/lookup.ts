/**
 * `composex lookup`: answers the project's `Lookup`s with AWS calls and writes composex.lock.json
 * next to the first compose file. Render, plan and deploy then read the lock and call no AWS API
 * for lookups. Tests inject the AWS clients through `LookupCliIO.lookup` (or mock them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { formatDiagnostic, hasErrors } from '../diagnostics';
import type { ClientOptions } from '../deploy';
import { DeployError, fromAwsError, isAwsError } from '../deploy/errors';
import type { LookupClients } from '../deploy/lookup';
import { answerSummary } from '../deploy/lookup/changes';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { addProjectOptions, loadForCommand, ProjectOptions } from './project-options';
import { compileStage, lookupRequestsStage } from './stages';
import { dockerFor } from './docker';

/** The lookup stage, loaded only when the command runs: it brings the EC2, ECS and Secrets Manager clients. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lookupStage = (): typeof import('../deploy/lookup') => require('../deploy/lookup') as typeof import('../deploy/lookup');

/** What tests replace: the AWS clients and the clock. */
export interface LookupCliIO extends CliIO {
  readonly lookup?: {
    readonly clients?: (options: ClientOptions) => LookupClients;
    readonly now?: () => Date;
  };
}

interface LookupCliOptions extends ProjectOptions {
  region?: string;
  awsProfile?: string;
}

export function registerLookup(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addProjectOptions(
    program
      .command('lookup')
      .description('find the existing infrastructure the project names with Lookup (VPC, subnets, cluster, secrets, queues, topics, buckets, tables, KMS keys, parameters, databases) and the digests of the images to run by digest (InterpolateWithDigest), and pin them in composex.lock.json, which render reads offline'),
  )
    .option('--region <region>', 'AWS region (default: AWS_REGION, or the AWS profile\'s region)')
    .option('--aws-profile <name>', 'AWS profile of ~/.aws/config (default: AWS_PROFILE); --profile is the Compose profile')
    .action(async (opts: LookupCliOptions) => setExit(await lookupCommand(opts, io as LookupCliIO)));
}

async function lookupCommand(opts: LookupCliOptions, io: LookupCliIO): Promise<number> {
  const { result, exit } = loadForCommand(opts, io);
  if (exit !== undefined || !result.project) return exit ?? EXIT.invalidInput;
  const project = result.project;
  const collected = lookupRequestsStage().collectLookupRequests(project);
  reportDiagnostics(collected.diagnostics, io, result.sources);
  if (hasErrors(collected.diagnostics)) return EXIT.invalidInput;
  const file = compileStage().lockFilePath(project);
  const shown = path.relative(io.cwd ?? process.cwd(), file) || file;
  if (collected.requests.length === 0) {
    io.stdout(`no Lookup in the project: nothing to look up${fs.existsSync(file) ? ` (${shown} is no longer needed)` : ''}\n`);
    return EXIT.ok;
  }
  const clientOptions: ClientOptions = { ...(opts.region ? { region: opts.region } : {}), ...(opts.awsProfile ? { profile: opts.awsProfile } : {}) };
  try {
    // docker: the digest of an image outside private ECR (x-docker_opts InterpolateWithDigest) is the registry's.
    const clients = { docker: dockerFor(io, project.environment), ...(io.lookup?.clients ?? lookupStage().createLookupClients)(clientOptions) };
    const answered = await lookupStage().runLookups(collected.requests, clients, io.lookup?.now);
    reportDiagnostics(answered.diagnostics, io, result.sources);
    if (!answered.lock) {
      io.stderr(`${shown} is left as it was\n`);
      return EXIT.invalidInput;
    }
    fs.writeFileSync(file, answered.lock);
    for (const [key, entry] of Object.entries(answered.entries).sort(([a], [b]) => (a < b ? -1 : 1))) io.stdout(`${key}: ${answerSummary(entry.answer)}\n`);
    io.stdout(`wrote ${shown} (${collected.requests.length} lookup${collected.requests.length === 1 ? '' : 's'}); commit it: render reads it offline\n`);
    return EXIT.ok;
  } catch (e) {
    const failure = e instanceof DeployError ? e : isAwsError(e) ? fromAwsError(e, 'looking up existing resources') : undefined;
    if (!failure) throw e;
    io.stderr(`${formatDiagnostic(failure.diagnostic)}\n`);
    return failure.exitCode;
  }
}
