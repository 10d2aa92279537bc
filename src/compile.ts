/**
 * From a loaded project to a model ready to generate: what ECS can honour (the key
 * classification), the resolve stage, and the Fargate limits. Shared by `composex render`,
 * the CDK construct and the library API so all three accept and reject exactly the same input.
 */
import { checkFargate } from './aws/fargate';
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
  const classification = classifyServiceKeys(project.services, project.sourceMap);
  const diagnostics: Diagnostic[] = [...classification];
  const resolved = resolveProject(project);
  // A key the classification already rejected (e.g. a bind mount) is also refused by resolve;
  // report it once, with the classification's explanation.
  const rejectedAt = new Set(classification.filter((d) => d.severity === 'error').map(at));
  diagnostics.push(...resolved.diagnostics.filter((d) => d.severity !== 'error' || !rejectedAt.has(at(d))));
  if (resolved.model) {
    diagnostics.push(...checkFargate(resolved.model).filter((d) => d.severity !== 'error' || !rejectedAt.has(at(d))));
  }
  const all = sortDiagnostics(dedupeDiagnostics(diagnostics));
  return { ...(resolved.model && !hasErrors(all) ? { model: resolved.model } : {}), diagnostics: all };
}

/** Same file and line: the key and its value are reported at different columns. */
function at(d: Diagnostic): string {
  return `${d.file}:${d.line}`;
}

/** Loads and compiles in one go; `load` carries the source texts for code frames. */
export function loadAndCompile(options: LoadOptions): { load: LoadResult } & CompileResult {
  const load = loadProject(options);
  if (!load.project) return { load, diagnostics: load.diagnostics };
  const compiled = compileProject(load.project);
  const diagnostics = sortDiagnostics(dedupeDiagnostics([...load.diagnostics, ...compiled.diagnostics]));
  return { load, ...(compiled.model ? { model: compiled.model } : {}), diagnostics };
}
