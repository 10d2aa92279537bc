/**
 * The options every command that reads a project accepts (`-f`, `-p`, `--env-file`, …), and
 * loading the project from them.
 */
import { Command } from 'commander';
import { hasErrors } from '../diagnostics';
import type { LoadOptions, LoadResult } from '../compose/load';
import type { CompileOptions } from '../compile';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { loadStage } from './stages';

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

/** Options of the commands that compile the project for ECS (render, plan, deploy, graph). */
export interface CompileCliOptions {
  allowUnsupportedKeys?: boolean;
}

export function addCompileOptions(cmd: Command): Command {
  return cmd.option(
    '--allow-unsupported-keys',
    'render although the file uses x- keys of ECS ComposeX or Docker\'s ECS integration that composex does not implement (x-appmesh, x-configs, x-aws-vpc, …): what they would create is left out, with a warning each',
  );
}

export function compileOptionsFrom(opts: CompileCliOptions): CompileOptions {
  return { allowUnsupportedKeys: opts.allowUnsupportedKeys === true };
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

/** Loads the project and reports diagnostics; returns undefined (and the exit code) on errors. */
export function loadForCommand(opts: ProjectOptions, io: CliIO): { result: LoadResult; exit?: number } {
  const result = loadStage().loadProject(loadOptionsFrom(opts, io));
  reportDiagnostics(result.diagnostics, io, result.sources);
  if (!result.project || hasErrors(result.diagnostics)) return { result, exit: EXIT.invalidInput };
  return { result };
}
