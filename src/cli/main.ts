/**
 * `composex` command line. It only parses arguments and calls the stages; every user mistake
 * ends as diagnostics on stderr and an exit code, never a stack trace.
 *
 * Exit codes: 0 success, 1 invalid input, 2 usage error, 3 AWS-side failure, 70 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { registerDeploy } from './deploy';
import { registerImages } from './images';
import { registerGraph } from './graph';
import { registerLookup } from './lookup';
import { CliIO, defaultIO, EXIT } from './io';
import { addProjectOptions, loadForCommand, ProjectOptions } from './project-options';
import { registerRender } from './render';
import { serializeStage } from './stages';

// The shared helpers used to live here; re-exported so existing imports keep working.
export { EXIT, reportDiagnostics } from './io';
export type { CliIO } from './io';
export { addProjectOptions, loadForCommand, loadOptionsFrom } from './project-options';
export type { ProjectOptions } from './project-options';

/** A command defined in its own module (render, graph, deploy, …). */
export type CommandRegistrar = (program: Command, io: CliIO, setExit: (code: number) => void) => void;
const registrars: CommandRegistrar[] = [registerRender, registerGraph, registerLookup, registerDeploy, registerImages];

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
    else io.stdout(serializeStage().formatProject(result.project, opts.format));
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
