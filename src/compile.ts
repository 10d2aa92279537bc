/**
 * From a loaded project to a model ready to generate: what ECS can honour (the key
 * classification) and the resolve stage (which checks the ECS and Fargate limits of the resolved
 * families once). Shared by `composex render`, the CDK construct and the library API so all three
 * accept and reject exactly the same input. Neither needs aws-cdk-lib.
 */
import { classifyServiceKeys } from './compose/keys';
import { loadProject, LoadOptions, LoadResult } from './compose/load';
import type { ComposeProject } from './compose/types';
import { checkXKeys } from './compose/x-key-check';
import { dedupeDiagnostics, Diagnostic, hasErrors, sortDiagnostics } from './diagnostics';
import { resolveProject } from './resolve';
import type { AppModel } from './resolve/model';
import { READ_X_KEYS } from './resolve/x-keys';

export interface CompileOptions {
  /**
   * Render although the file uses `x-` keys of ECS ComposeX or Docker's ECS integration that
   * composex does not implement (`x-elbv2`, `x-s3`, `x-aws-role`, …): one warning per key (CX1431)
   * instead of an error (CX1430). What those keys would create is then missing from the stacks.
   * CLI: `--allow-unsupported-keys`.
   */
  readonly allowUnsupportedKeys?: boolean;
}

export interface CompileResult {
  /** Present only when there are no errors. */
  readonly model?: AppModel;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileProject(project: ComposeProject, options: CompileOptions = {}): CompileResult {
  const resolved = resolveProject(project);
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
  const compiled = compileProject(load.project, compileOptions);
  const diagnostics = sortDiagnostics(dedupeDiagnostics([...load.diagnostics, ...compiled.diagnostics]));
  return { load, ...(compiled.model ? { model: compiled.model } : {}), diagnostics };
}
