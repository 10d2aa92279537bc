/**
 * From a loaded project to a model ready to generate: what ECS can honour (the key
 * classification) and the resolve stage (which checks the ECS and Fargate limits of the resolved
 * families once). Shared by `composex render`, the CDK construct and the library API so all three
 * accept and reject exactly the same input. Neither needs aws-cdk-lib.
 */
import { classifyServiceKeys } from './compose/keys';
import { loadProject, LoadOptions, LoadResult } from './compose/load';
import type { ComposeProject } from './compose/types';
import { dedupeDiagnostics, Diagnostic, hasErrors, sortDiagnostics } from './diagnostics';
import { resolveProject } from './resolve';
import type { AppModel } from './resolve/model';

export interface CompileResult {
  /** Present only when there are no errors. */
  readonly model?: AppModel;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileProject(project: ComposeProject): CompileResult {
  const resolved = resolveProject(project);
  const all = sortDiagnostics([...classifyServiceKeys(project.services, project.sourceMap), ...resolved.diagnostics]);
  return { ...(resolved.model && !hasErrors(all) ? { model: resolved.model } : {}), diagnostics: all };
}

/** Loads and compiles in one go; `load` carries the source texts for code frames. */
export function loadAndCompile(options: LoadOptions): { load: LoadResult } & CompileResult {
  const load = loadProject(options);
  if (!load.project) return { load, diagnostics: load.diagnostics };
  const compiled = compileProject(load.project);
  const diagnostics = sortDiagnostics(dedupeDiagnostics([...load.diagnostics, ...compiled.diagnostics]));
  return { load, ...(compiled.model ? { model: compiled.model } : {}), diagnostics };
}
