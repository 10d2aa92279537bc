/**
 * `composex deploy`, `plan`, `status`, `destroy`: argument parsing, then src/deploy.
 *
 * The AWS profile option is `--aws-profile`: `--profile` keeps its Compose meaning (activate a
 * Compose profile) in every command that reads a project. Tests inject AWS clients and the
 * terminal through `DeployCliIO.deploy`.
 */
import { Command } from 'commander';
import { formatDiagnostic, hasErrors } from '../diagnostics';
import type { AwsClients, ClientOptions, DeployIO, PollIntervals } from '../deploy';
import { DeployError, fromAwsError, isAwsError, step } from '../deploy/errors';
import { processDeployIO } from '../deploy/io';
import { parsePairs } from '../deploy/parameters';
import { refreshLookups } from './deploy-lookups';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { compileStage, rawPropertiesStage, renderStage, validateStage } from './stages';
import type { Docker } from '../deploy/images/docker';
import { dockerFor } from './docker';

/** plan, or a project without built images: docker is never run. */
const noDocker: Docker = { run: () => Promise.reject(new Error('internal: docker run without built images')) };
import { addCompileOptions, addProjectOptions, CompileCliOptions, compileOptionsFrom, loadForCommand, loadOptionsFrom, ProjectOptions } from './project-options';

/**
 * The deploy stage, loaded when an AWS command runs: it brings the AWS SDK clients (~0.2 s of
 * start-up every `composex render` would pay otherwise).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deployStage = (): typeof import('../deploy') => require('../deploy') as typeof import('../deploy');

/** What tests replace: the AWS clients, the terminal (TTY, prompt, clock, sleep, Ctrl-C), poll intervals. */
export interface DeployCliIO extends CliIO {
  readonly deploy?: {
    readonly clients?: (options: ClientOptions) => AwsClients;
    readonly terminal?: Partial<DeployIO>;
    readonly poll?: PollIntervals;
  };
}

interface AwsCliOptions {
  region?: string;
  awsProfile?: string;
}

interface DeployCliOptions extends ProjectOptions, AwsCliOptions, CompileCliOptions {
  bucket?: string;
  prefix?: string;
  parameters?: string[];
  tags?: string[];
  roleArn?: string;
  validate: boolean;
  cache: boolean;
  wait: boolean;
  allowReplacement?: boolean;
  yes?: boolean;
  keep?: boolean;
  refreshLookups?: boolean;
  ignoreEcrFindings?: boolean;
}

interface StatusCliOptions extends ProjectOptions, AwsCliOptions {
  events: string;
  watch?: boolean;
}

interface DestroyCliOptions extends ProjectOptions, AwsCliOptions {
  yes?: boolean;
  wait: boolean;
  roleArn?: string;
  disableDeletionProtection?: boolean;
}

function addAwsOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'AWS region (default: AWS_REGION, or the AWS profile\'s region)')
    .option('--aws-profile <name>', 'AWS profile of ~/.aws/config (default: AWS_PROFILE); --profile is the Compose profile');
}

function addChangeSetOptions(cmd: Command): Command {
  return cmd
    .option('--bucket <bucket>', 'S3 bucket for the templates (default: composex-<account>-<region>, created when missing)')
    .option('--prefix <prefix>', 'key prefix in the bucket')
    .option('--parameters <KEY=VALUE...>', 'root stack parameters')
    .option('--tags <KEY=VALUE...>', 'stack tags (CloudFormation puts them on every resource it can)')
    .option('--role-arn <arn>', 'IAM role CloudFormation assumes for the change set')
    .option('--no-validate', 'skip the CloudFormation validator')
    .option('--no-cache', 'validate every template, reading and writing no cached validator findings')
    .option('--refresh-lookups', 'answer every Lookup again with AWS calls (otherwise only when composex.lock.json is missing or does not answer them as written) and show what changed');
}

export function registerDeploy(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const run = awsRunner(io as DeployCliIO, setExit);

  addChangeSetOptions(
    addAwsOptions(
      addCompileOptions(
        addProjectOptions(
          program
            .command('deploy')
            .description('deploy the project: upload templates, create a change set, show the plan, confirm, execute and watch'),
        ),
      ),
    ),
  )
    .option('--no-wait', 'return once the change set is executing')
    .option('--allow-replacement', 'go ahead when a database, file system, queue, topic or secret would be replaced or removed')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--ignore-ecr-findings', 'deploy although an image has ECR scan findings at or above its x-ecr thresholds, or no scan (they are reported)')
    .action((opts: DeployCliOptions) => changeSetCommand('deploy', opts, io, setExit, run));

  addChangeSetOptions(
    addAwsOptions(
      addCompileOptions(
        addProjectOptions(program.command('plan').description('show what `deploy` would change (a change set, deleted afterwards); changes nothing')),
      ),
    ),
  )
    .option('--keep', 'keep the change set (and the REVIEW_IN_PROGRESS stack of a new one)')
    .action((opts: DeployCliOptions) => changeSetCommand('plan', opts, io, setExit, run));

  addAwsOptions(addProjectOptions(program.command('status').description('stack status, endpoints, ECS services, recent events, the last failure')))
    .option('--events <n>', 'recent events to show', '10')
    .option('--watch', 'follow an operation in progress until the stack settles')
    .action(async (opts: StatusCliOptions) => {
      const events = Number(opts.events);
      if (!Number.isInteger(events) || events < 0) {
        io.stderr(`composex status: --events must be a whole number, not '${opts.events}'\n`);
        return setExit(EXIT.usage);
      }
      const names = projectNames(opts, io);
      if (!names) return setExit(EXIT.invalidInput);
      await run(opts, (ctx) => deployStage().stackStatus({ ...names, events, watch: opts.watch }, ctx));
    });

  addAwsOptions(addProjectOptions(program.command('destroy').description('delete the stack after confirmation, listing first what stays behind by design')))
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-wait', 'return once the deletion has started')
    .option('--role-arn <arn>', 'IAM role CloudFormation assumes to delete the stack')
    .option('--disable-deletion-protection', 'turn off the deletion protection of the databases first (after confirmation); without it, destroy refuses when one is protected')
    .action(async (opts: DestroyCliOptions) => {
      const names = projectNames(opts, io);
      if (!names) return setExit(EXIT.invalidInput);
      const request = {
        ...names,
        yes: opts.yes,
        wait: opts.wait,
        ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
        ...(opts.disableDeletionProtection ? { disableDeletionProtection: true } : {}),
      };
      await run(opts, (ctx) => deployStage().destroyStack(request, ctx));
    });
}

interface RunContext {
  readonly clients: AwsClients;
  readonly io: DeployIO;
  readonly poll?: PollIntervals;
}

type Runner = (opts: AwsCliOptions, fn: (ctx: RunContext) => Promise<number>) => Promise<void>;

/** Runs a command against AWS: DeployErrors and AWS errors become a message and an exit code. */
export function awsRunner(io: DeployCliIO, setExit: (code: number) => void): Runner {
  return async (opts, fn) => {
    const deployIO: DeployIO = { ...processDeployIO(io.stdout, io.stderr, io.env), ...io.deploy?.terminal };
    const clientOptions: ClientOptions = { ...(opts.region ? { region: opts.region } : {}), ...(opts.awsProfile ? { profile: opts.awsProfile } : {}) };
    try {
      const clients = (io.deploy?.clients ?? deployStage().createClients)(clientOptions);
      setExit(await fn({ clients, io: deployIO, ...(io.deploy?.poll ? { poll: io.deploy.poll } : {}) }));
    } catch (e) {
      const failure = e instanceof DeployError ? e : isAwsError(e) ? fromAwsError(e, 'talking to AWS') : undefined;
      if (!failure) throw e;
      io.stderr(`${formatDiagnostic(failure.diagnostic)}\n`);
      setExit(failure.exitCode);
    }
  };
}

async function changeSetCommand(mode: 'deploy' | 'plan', opts: DeployCliOptions, io: CliIO, setExit: (code: number) => void, run: Runner): Promise<void> {
  let parameters: Record<string, string>;
  let tags: Record<string, string>;
  try {
    parameters = parsePairs(opts.parameters, '--parameters');
    tags = parsePairs(opts.tags, '--tags');
  } catch (e) {
    if (!(e instanceof DeployError)) throw e;
    io.stderr(`${formatDiagnostic(e.diagnostic)}\n`);
    return setExit(e.exitCode);
  }
  // Lookups first: a missing or stale lock is answered again (--refresh-lookups: always).
  const refreshed = await refreshLookups(mode, opts, io);
  if (refreshed.exit !== undefined) return setExit(refreshed.exit);
  const compiled = compileStage().loadAndCompile(loadOptionsFrom(opts, io), { ...compileOptionsFrom(opts), ...(refreshed.lock ? { lock: refreshed.lock } : {}) });
  reportDiagnostics(compiled.diagnostics, io, compiled.load.sources);
  const model = compiled.model;
  if (!model || !compiled.load.project) return setExit(EXIT.invalidInput);
  // Values of `environment:` secrets: the process environment and .env, as the project read them.
  const environment = compiled.load.project.environment;
  await run(opts, async (ctx) => {
    const region = await step('finding the AWS region', () => deployStage().clientRegion(ctx.clients));
    const location = await deployStage().templateLocation(ctx.clients, region, { bucket: opts.bucket, prefix: opts.prefix });
    const rendered = renderStage().renderModel(model, { format: 'json', bucket: location.bucket, prefix: location.prefix });
    const cache = opts.cache ? validateStage().openValidationCache(io.env) : undefined;
    const validation = [
      ...rendered.diagnostics,
      ...(opts.validate ? validateStage().validateTemplates(rendered.files, rawPropertiesStage().rawPropertyLocator(model, rendered.rawProperties), { cache }) : []),
    ];
    reportDiagnostics(validation, io);
    if (hasErrors(validation)) return EXIT.invalidInput;
    const images = model.images ?? [];
    // Built images: docker builds and pushes them first, the stack gets their digests.
    const docker = images.length > 0 && mode === 'deploy' ? dockerFor(io, environment) : undefined;
    return deployStage().deployBuiltProject(
      {
        mode,
        stackName: renderStage().stackNameFor(model.projectName),
        projectName: model.projectName,
        region,
        files: rendered.files,
        location,
        parameters,
        tags,
        ...(opts.roleArn ? { roleArn: opts.roleArn } : {}),
        secrets: deployStage().secretsToSet(model, rendered.files),
        secretParameters: deployStage().secretParametersOf(model),
        ...(model.imageScans ? { imageScans: model.imageScans } : {}),
        ...(opts.ignoreEcrFindings ? { ignoreEcrFindings: true } : {}),
        environment,
        wait: opts.wait,
        allowReplacement: opts.allowReplacement,
        yes: opts.yes,
        keep: opts.keep,
      },
      images,
      { ...ctx, docker: docker ?? noDocker },
    );
  });
}

/** The project name (and stack name) from -p / COMPOSE_PROJECT_NAME, else from the compose files. */
function projectNames(opts: ProjectOptions, io: CliIO): { projectName: string; stackName: string } | undefined {
  let projectName = opts.projectName || io.env.COMPOSE_PROJECT_NAME;
  if (!projectName) {
    const { result, exit } = loadForCommand(opts, io);
    if (exit !== undefined || !result.project) return undefined;
    projectName = result.project.name;
  }
  return { projectName, stackName: renderStage().stackNameFor(projectName) };
}
