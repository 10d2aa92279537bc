/**
 * `composex render`: load → compile → synthesize → validate → write, nothing written on errors.
 */
import * as path from 'path';
import { Command, Option } from 'commander';
import { hasErrors } from '../diagnostics';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { compileStage, rawPropertiesStage, renderStage, summaryStage, validateStage, writeStage } from './stages';
import { addCompileOptions, addProjectOptions, CompileCliOptions, compileOptionsFrom, loadOptionsFrom, ProjectOptions } from './project-options';

interface RenderCliOptions extends ProjectOptions, CompileCliOptions {
  output: string;
  format: 'json' | 'yaml';
  bucket?: string;
  prefix?: string;
  validate: boolean;
  cache: boolean;
  quiet?: boolean;
}

export function registerRender(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCompileOptions(addProjectOptions(
    program
      .command('render')
      .description('write the CloudFormation templates (root + nested), a manifest and a summary; offline')
      .option('-o, --output <dir>', 'output directory', 'out')
      .addOption(new Option('--format <format>', 'template format').choices(['json', 'yaml']).default('json'))
      .option('--bucket <bucket>', 'nested TemplateURLs point at this S3 bucket (content-hash keys)')
      .option('--prefix <prefix>', 'key prefix in --bucket')
      .option('--no-validate', 'skip the CloudFormation validator')
      .option('--no-cache', 'validate every template, reading and writing no cached validator findings')
      .option('-q, --quiet', 'do not print the summary'),
  )).action((opts: RenderCliOptions) => {
    if (opts.prefix && !opts.bucket) {
      io.stderr('composex render: --prefix needs --bucket\n');
      return setExit(EXIT.usage);
    }
    // Started first: a validator engine (if one is needed) starts while the project loads.
    const validator = opts.validate ? validateStage().startValidation({ cache: opts.cache, env: io.env, inputs: renderInputs(opts, io) }) : undefined;
    const compiled = compileStage().loadAndCompile(loadOptionsFrom(opts, io), compileOptionsFrom(opts));
    if (!compiled.model) {
      validator?.close();
      reportDiagnostics(compiled.diagnostics, io, compiled.load.sources);
      return setExit(EXIT.invalidInput);
    }
    const result = renderStage().renderModel(compiled.model, { format: opts.format, bucket: opts.bucket, prefix: opts.prefix });
    const validation = validator ? validator.validate(result.files, rawPropertiesStage().rawPropertyLocator(compiled.model, result.rawProperties)) : [];
    const diagnostics = [...compiled.diagnostics, ...result.diagnostics, ...validation];
    reportDiagnostics(diagnostics, io, compiled.load.sources);
    if (hasErrors(diagnostics)) return setExit(EXIT.invalidInput);
    const written = writeStage().writeOutput(result.files, result.manifest, path.resolve(io.cwd, opts.output));
    if (written.length > 0) {
      reportDiagnostics(written, io);
      return setExit(EXIT.invalidInput);
    }
    if (!opts.quiet) io.stdout(summaryStage().formatSummary(compiled.model, result));
    io.stdout(`Wrote ${result.files.length} templates and manifest.json to ${opts.output}\n`);
    setExit(EXIT.ok);
  });
}

/** What names a render's inputs for the validator's warm-run guess: options, directory, compose files. */
function renderInputs(opts: RenderCliOptions, io: CliIO): string[] {
  const dir = path.resolve(io.cwd, opts.projectDirectory ?? '.');
  const files = opts.file?.length ? opts.file.map((f) => path.resolve(io.cwd, f)) : DISCOVERED.map((f) => path.join(dir, f));
  return [JSON.stringify(opts), io.cwd, ...files];
}

const DISCOVERED = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml', '.env'];
