/**
 * From a loaded project to a model ready to generate: what ECS can honour (the key
 * classification) and the resolve stage (which checks the ECS and Fargate limits of the resolved
 * families once). Shared by `composex render`, the CDK construct and the library API so all three
 * accept and reject exactly the same input. Neither needs aws-cdk-lib.
 */
import * as fs from 'fs';
import * as path from 'path';
import { classifyServiceKeys } from './compose/key-classify';
import { loadProject, LoadOptions, LoadResult } from './compose/load';
import type { ComposeProject } from './compose/types';
import { checkXKeys } from './compose/x-key-check';
import { dedupeDiagnostics, Diagnostic, error, hasErrors, sortDiagnostics } from './diagnostics';
import { CODES } from './resolve/codes';
import { LOCK_FILE_NAME, LockFile, parseLock } from './resolve/lock';
import { resolveProject } from './resolve';
import type { AppModel } from './resolve/model';
import { READ_X_KEYS } from './resolve/x-keys';

export interface CompileOptions {
  /**
   * Render although the file uses `x-` keys of ECS ComposeX or Docker's ECS integration that
   * composex does not implement (`x-appmesh`, `x-configs`, `x-aws-vpc`, …): one warning per key (CX1431)
   * instead of an error (CX1430). What those keys would create is then missing from the stacks.
   * CLI: `--allow-unsupported-keys`.
   */
  readonly allowUnsupportedKeys?: boolean;
  /**
   * The answers of `composex lookup` for the project's `Lookup`s. `loadAndCompile` reads
   * composex.lock.json next to the first compose file when this is not given.
   */
  readonly lock?: LockFile;
}

export interface CompileResult {
  /** Present only when there are no errors. */
  readonly model?: AppModel;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileProject(project: ComposeProject, options: CompileOptions = {}): CompileResult {
  const resolved = resolveProject(project, options.lock ? { lock: options.lock } : {});
  const all = sortDiagnostics([
    ...classifyServiceKeys(project.services, project.sourceMap),
    ...checkXKeys(project, READ_X_KEYS, options),
    ...resolved.diagnostics,
  ]);
  return { ...(resolved.model && !hasErrors(all) ? { model: resolved.model } : {}), diagnostics: all };
}

/** Loads and compiles in one go; `load` carries the source texts for code frames. */
export function loadAndCompile(options: LoadOptions, compileOptions: CompileOptions = {}): { load: LoadResult } & CompileResult {
  const load = loadProject(options);
  if (!load.project) return { load, diagnostics: load.diagnostics };
  const lock = compileOptions.lock ? { lock: compileOptions.lock } : readLockFile(lockFilePath(load.project));
  if (lock.diagnostic) return { load, diagnostics: sortDiagnostics([...load.diagnostics, lock.diagnostic]) };
  const compiled = compileProject(load.project, { ...compileOptions, ...(lock.lock ? { lock: lock.lock } : {}) });
  const diagnostics = sortDiagnostics(dedupeDiagnostics([...load.diagnostics, ...compiled.diagnostics]));
  return { load, ...(compiled.model ? { model: compiled.model } : {}), diagnostics };
}

/** Where `composex lookup` writes its answers: next to the first compose file. */
export function lockFilePath(project: ComposeProject): string {
  return path.join(path.dirname(project.files[0] ?? path.join(project.workingDir, 'compose.yaml')), LOCK_FILE_NAME);
}

/** The lock file, absent (no lookups answered yet), or an error at its first line. */
export function readLockFile(file: string): { lock?: LockFile; diagnostic?: Diagnostic } {
  if (!fs.existsSync(file)) return {};
  const parsed = parseLock(fs.readFileSync(file, 'utf8'), file);
  if (typeof parsed !== 'string') return { lock: parsed };
  return {
    diagnostic: error(CODES.LOCK_FILE_INVALID, parsed, { file, line: 1, column: 1 }, `run \`composex lookup\` to write it again (or delete it when the project has no Lookup)`),
  };
}
