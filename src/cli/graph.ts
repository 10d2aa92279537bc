/**
 * `composex graph`: the resolved access graph (network edges with ports, resource grants with
 * their access level, subscriptions, dead-letter queues) as Mermaid or Graphviz dot.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import type { GraphFormat } from '../graph/render';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { compileStage, graphFormatStage, graphStage } from './stages';
import { addCompileOptions, addProjectOptions, CompileCliOptions, compileOptionsFrom, loadOptionsFrom, ProjectOptions } from './project-options';

interface GraphCliOptions extends ProjectOptions, CompileCliOptions {
  format: GraphFormat;
  output?: string;
}

export function registerGraph(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCompileOptions(addProjectOptions(
    program
      .command('graph')
      .description('draw who may reach whom and what (Mermaid or Graphviz dot); offline')
      .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
      .option('-o, --output <file>', 'write to this file instead of stdout'),
  )).action((opts: GraphCliOptions) => {
    const compiled = compileStage().loadAndCompile(loadOptionsFrom(opts, io), compileOptionsFrom(opts));
    reportDiagnostics(compiled.diagnostics, io, compiled.load.sources);
    if (!compiled.model) return setExit(EXIT.invalidInput);
    const text = graphFormatStage().formatGraph(graphStage().buildGraph(compiled.model), opts.format);
    if (opts.output) {
      const file = path.resolve(io.cwd, opts.output);
      try {
        fs.writeFileSync(file, text);
      } catch (e) {
        io.stderr(`composex graph: cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        return setExit(EXIT.invalidInput);
      }
      io.stdout(`Wrote the graph to ${opts.output}\n`);
    } else {
      io.stdout(text);
    }
    setExit(EXIT.ok);
  });
}
