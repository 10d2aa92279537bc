/**
 * The environment interpolation sees: the `.env` file of the project directory (or the
 * `--env-file`s given instead), with the process environment taking precedence, as Compose does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error } from '../diagnostics';
import { parseDotenv } from './dotenv';
import { setOwn } from './yaml';

export interface ProjectEnvironment {
  readonly values: Record<string, string>;
  readonly diagnostics: Diagnostic[];
  /** Files read (absolute), with their text, for code frames. */
  readonly sources: Map<string, string>;
}

export function loadEnvironment(
  projectDirectory: string,
  envFiles: readonly string[] | undefined,
  processEnv: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ProjectEnvironment {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const fromFiles: Record<string, string> = {};
  const explicit = envFiles && envFiles.length > 0;
  const files = explicit ? envFiles.map((f) => path.resolve(cwd, f)) : [path.join(projectDirectory, '.env')];

  const defined = (name: string): string | undefined =>
    processEnv[name] ?? (Object.prototype.hasOwnProperty.call(fromFiles, name) ? fromFiles[name] : undefined);
  for (const file of files) {
    if (!fs.existsSync(file)) {
      if (explicit) {
        diagnostics.push(error('CX1020', `env file not found: ${file}`, undefined, 'check the path given with --env-file'));
      }
      continue;
    }
    if (fs.statSync(file).isDirectory()) {
      if (explicit) diagnostics.push(error('CX1020', `env file is a directory: ${file}`, undefined, 'pass a file to --env-file'));
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    sources.set(file, text);
    const parsed = parseDotenv(text, file, defined);
    diagnostics.push(...parsed.diagnostics);
    for (const [k, v] of Object.entries(parsed.values)) setOwn(fromFiles, k, v);
  }
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(fromFiles)) setOwn(values, k, v);
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) setOwn(values, k, v);
  return { values, diagnostics, sources };
}
