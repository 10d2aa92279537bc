/**
 * Property: whatever the project, composex either rejects it with error diagnostics (and no model)
 * or renders templates the CloudFormation validator finds no error in — never an exception.
 * Checked on generated projects and on mutations of the examples, with fixed seeds (a failure
 * prints the seed and path to replay it with `fc.assert(..., { seed, path })`).
 */
import * as fc from 'fast-check';
import * as path from 'path';
import type { Diagnostic } from '../../src/diagnostics';
import { rawPropertyLocator } from '../../src/render/raw-properties';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { compileDir, projectArbitrary, removeTemporaryDirs, SEEDS, writeProject } from '../helpers/generate-project';
import { applyMutations, copyExample, EXAMPLE_PROJECTS, mutationArbitrary, PathSegment, readCompose, writeCompose } from '../helpers/mutate-compose';

type Outcome = 'rejected' | 'rendered';

afterAll(removeTemporaryDirs);

// Fixed by default; FC_SEED / FC_RUNS explore further by hand (CI never sets them).
const seed = (fixed: number) => (process.env.FC_SEED ? Number(process.env.FC_SEED) : fixed);
const runs = (fixed: number) => (process.env.FC_RUNS ? Number(process.env.FC_RUNS) : fixed);

const describeErrors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? ''}:${d.column ?? ''} ${d.code} ${d.message}`).join('\n');

/**
 * Raw CloudFormation under `x-<kind>.<name>.Properties` is passed through by design: composex
 * checks names and unsafe values, and the validator is what rejects a wrong type there — as the
 * user's error at the property (CX5003), never as composex's (CX5001).
 */
function isRawProperty(at: readonly PathSegment[]): boolean {
  return typeof at[0] === 'string' && at[0].startsWith('x-') && at[2] === 'Properties' && at.length > 3;
}

/**
 * The property itself; throws (fails the run) when it does not hold. With `rawProperties`, the
 * validator's CX5003 errors count as a rejection (the CLI exits 1 with them and writes nothing).
 */
function rejectedOrValid(dir: string, files: readonly string[], rawProperties = false): Outcome {
  const compiled = compileDir(dir, files);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.model) {
    if (errors.length === 0) throw new Error('no model, but no error diagnostic either');
    for (const d of errors) {
      if (!/^CX\d{4}$/.test(d.code) || d.message.trim() === '') throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    }
    return 'rejected';
  }
  if (errors.length > 0) throw new Error(`a model despite errors:\n${describeErrors(errors)}`);
  const result = renderModel(compiled.model);
  if (result.files.length === 0) throw new Error('no template rendered');
  const invalid = validateTemplates(result.files, rawPropertyLocator(compiled.model)).filter((d) => d.severity === 'error');
  if (invalid.length > 0 && rawProperties && invalid.every((d) => d.code === 'CX5003')) return 'rejected';
  if (invalid.length > 0) throw new Error(`the validator rejects a rendered template:\n${describeErrors(invalid)}`);
  return 'rendered';
}

test('generated projects: rejected with diagnostics, or rendered to templates with no validator error', () => {
  const outcomes: Outcome[] = [];
  fc.assert(
    fc.property(projectArbitrary, (project) => {
      outcomes.push(rejectedOrValid(writeProject(project), ['compose.yaml']));
    }),
    { seed: seed(SEEDS.generated), numRuns: runs(150) },
  );
  // Both sides of the property are exercised by these seeds.
  expect(outcomes.filter((o) => o === 'rendered').length).toBeGreaterThanOrEqual(25);
  expect(outcomes.filter((o) => o === 'rejected').length).toBeGreaterThanOrEqual(5);
});

test('mutated examples (keys dropped, types swapped, references renamed): the same property', () => {
  const outcomes: Outcome[] = [];
  fc.assert(
    fc.property(
      fc.constantFrom(...EXAMPLE_PROJECTS),
      fc.nat(),
      fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
      (example, fileIndex, mutations) => {
        const dir = copyExample(example.name);
        const file = path.join(dir, example.files[fileIndex % example.files.length]);
        const mutated = applyMutations(readCompose(file), mutations);
        writeCompose(file, mutated.doc);
        outcomes.push(rejectedOrValid(dir, example.files, mutated.paths.some(isRawProperty)));
      },
    ),
    { seed: seed(SEEDS.mutations), numRuns: runs(300) },
  );
  expect(outcomes.filter((o) => o === 'rendered').length).toBeGreaterThanOrEqual(5);
  expect(outcomes.filter((o) => o === 'rejected').length).toBeGreaterThanOrEqual(5);
});
