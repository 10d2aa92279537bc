/**
 * `composex` command line. It only parses arguments and calls the stages; every user mistake
 * ends as diagnostics on stderr and an exit code, never a stack trace.
 *
 * Exit codes: 0 success, 1 invalid input, 2 usage error, 3 AWS-side failure, 70 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { Diagnostic, formatDiagnostic, hasErrors } from '../diagnostics';
import { loadProject, LoadOptions, LoadResult } from '../compose/load';
import { formatProject } from '../compose/serialize';
import { registerDeploy } from './deploy';
import { registerGraph } from './graph';
import { registerRender } from './render';

export const EXIT = { ok: 0, invalidInput: 1, usage: 2, aws: 3, internal: 70 } as const;

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};

/** Options every command that reads a project accepts. */
export interface ProjectOptions {
  file?: string[];
  projectDirectory?: string;
  projectName?: string;
  envFile?: string[];
  profile?: string[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addProjectOptions(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', 'compose file (repeatable; default: compose.yaml and its override in the current directory)', collect)
    .option('--project-directory <dir>', 'directory relative paths resolve against (default: the first file\'s directory)')
    .option('-p, --project-name <name>', 'project name (default: COMPOSE_PROJECT_NAME, top-level "name", or the directory name)')
    .option('--env-file <path>', 'environment file used instead of .env (repeatable)', collect)
    .option('--profile <name>', 'activate a profile (repeatable; default: COMPOSE_PROFILES)', collect);
}

export function loadOptionsFrom(opts: ProjectOptions, io: CliIO): LoadOptions {
  return {
    files: opts.file,
    projectDirectory: opts.projectDirectory,
    projectName: opts.projectName,
    envFiles: opts.envFile,
    profiles: opts.profile,
    env: io.env,
    cwd: io.cwd,
  };
}

/** Prints diagnostics (errors and warnings) to stderr with code frames. */
export function reportDiagnostics(
  diagnostics: readonly Diagnostic[],
  io: CliIO,
  sources?: ReadonlyMap<string, string>,
): void {
  if (diagnostics.length === 0) return;
  const text = diagnostics.map((d) => formatDiagnostic(d, { sources, cwd: io.cwd })).join('\n\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const tally = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '']
    .filter(Boolean)
    .join(', ');
  io.stderr(`${text}\n\n${tally}\n`);
}

/** Loads the project and reports diagnostics; returns undefined (and the exit code) on errors. */
export function loadForCommand(opts: ProjectOptions, io: CliIO): { result: LoadResult; exit?: number } {
  const result = loadProject(loadOptionsFrom(opts, io));
  reportDiagnostics(result.diagnostics, io, result.sources);
  if (!result.project || hasErrors(result.diagnostics)) return { result, exit: EXIT.invalidInput };
  return { result };
}

/** A command defined in its own module (render, graph, deploy, …). */
export type CommandRegistrar = (program: Command, io: CliIO, setExit: (code: number) => void) => void;
const registrars: CommandRegistrar[] = [registerRender, registerGraph, registerDeploy];

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('composex')
    .description('Compile a Docker Compose project to AWS CloudFormation (ECS on Fargate) with least-privilege access')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  addProjectOptions(
    program
      .command('config')
      .description('print the normalized project, as `docker compose config` does')
      .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
      .option('--services', 'print the service names, one per line'),
  ).action((opts: ProjectOptions & { format: 'yaml' | 'json'; services?: boolean }) => {
    const { result, exit } = loadForCommand(opts, io);
    if (exit !== undefined || !result.project) return setExit(exit ?? EXIT.invalidInput);
    if (opts.services) io.stdout(Object.keys(result.project.services).sort().map((s) => s + '\n').join(''));
    else io.stdout(formatProject(result.project, opts.format));
    setExit(EXIT.ok);
  });

  for (const register of registrars) register(program, io, setExit);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let code: number = EXIT.ok;
  const setExit = (c: number) => {
    code = c;
  };
  const program = buildProgram(io, setExit);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(
      `composex: internal error: ${(e as Error)?.stack ?? String(e)}\n` +
        'This is a bug in composex, not in your project. Please report it with the command you ran.\n',
    );
    return EXIT.internal;
  }
  return code;
}

/** The package version, found from this file in src/ (tests) or dist/src/ (installed). */
function packageVersion(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'composex') return pkg.version ?? '0.0.0';
    }
    if (path.dirname(dir) === dir) return '0.0.0';
    dir = path.dirname(dir);
  }
}
