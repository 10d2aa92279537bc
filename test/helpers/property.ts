/**
 * The property the property-based tests check: whatever the project, composex either rejects it
 * with error diagnostics (and no model) or renders templates the CloudFormation validator finds no
 * error in — never an exception.
 */
import type { Diagnostic } from '../../src/diagnostics';
import type { AppModel } from '../../src/resolve/model';
import { rawPropertyLocator } from '../../src/render/raw-properties';
import { RenderedFile, renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { compileDir } from './generate-project';
import type { PathSegment } from './mutate-compose';

export type Outcome = 'rejected' | 'rendered';

/** Fixed by default; FC_SEED / FC_RUNS explore further by hand (CI never sets them). */
export const seed = (fixed: number) => (process.env.FC_SEED ? Number(process.env.FC_SEED) : fixed);
export const runs = (fixed: number) => (process.env.FC_RUNS ? Number(process.env.FC_RUNS) : fixed);

const describeErrors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? ''}:${d.column ?? ''} ${d.code} ${d.message}`).join('\n');


/**
 * Raw CloudFormation under `x-<kind>.<name>.Properties` is passed through by design: composex
 * checks names and unsafe values, and the validator is what rejects a wrong type there — as the
 * user's error at the property (CX5003), never as composex's (CX5001).
 */
export function isRawProperty(at: readonly PathSegment[]): boolean {
  return typeof at[0] === 'string' && at[0].startsWith('x-') && at[2] === 'Properties' && at.length > 3;
}

/** What the property saw: the outcome, and for a rendered project its model and templates. */
export type Checked = { readonly outcome: 'rejected' } | { readonly outcome: 'rendered'; readonly model: AppModel; readonly files: readonly RenderedFile[] };

/**
 * The property itself; throws (fails the run) when it does not hold. With `rawProperties`, the
 * validator's CX5003 errors count as a rejection (the CLI exits 1 with them and writes nothing).
 */
export function rejectedOrValid(dir: string, files: readonly string[], rawProperties = false): Checked {
  const compiled = compileDir(dir, files);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.model) {
    if (errors.length === 0) throw new Error('no model, but no error diagnostic either');
    for (const d of errors) {
      if (!/^CX\d{4}$/.test(d.code) || d.message.trim() === '') throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    }
    return { outcome: 'rejected' };
  }
  if (errors.length > 0) throw new Error(`a model despite errors:\n${describeErrors(errors)}`);
  const result = renderModel(compiled.model);
  if (result.files.length === 0) throw new Error('no template rendered');
  const invalid = validateTemplates(result.files, rawPropertyLocator(compiled.model, result.rawProperties)).filter((d) => d.severity === 'error');
  if (invalid.length > 0 && rawProperties && invalid.every((d) => d.code === 'CX5003')) return { outcome: 'rejected' };
  if (invalid.length > 0) throw new Error(`the validator rejects a rendered template:\n${describeErrors(invalid)}`);
  return { outcome: 'rendered', model: compiled.model, files: result.files };
}

