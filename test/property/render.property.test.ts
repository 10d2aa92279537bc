/**
 * Property: whatever the project, composex either rejects it with error diagnostics (and no model)
 * or renders templates the CloudFormation validator finds no error in — never an exception.
 * Checked on generated projects and on mutations of the examples, with fixed seeds (a failure
 * prints the seed and path to replay it with `fc.assert(..., { seed, path })`).
 */
import * as fc from 'fast-check';
import * as path from 'path';
import { projectArbitrary, removeTemporaryDirs, SEEDS, writeProject } from '../helpers/generate-project';
import { applyMutations, copyExample, EXAMPLE_PROJECTS, mutationArbitrary, readCompose, writeCompose } from '../helpers/mutate-compose';
import { isRawProperty, Outcome, rejectedOrValid, runs, seed } from '../helpers/property';

afterAll(removeTemporaryDirs);

test('generated projects: rejected with diagnostics, or rendered to templates with no validator error', () => {
  const outcomes: Outcome[] = [];
  fc.assert(
    fc.property(projectArbitrary, (project) => {
      outcomes.push(rejectedOrValid(writeProject(project), ['compose.yaml']).outcome);
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
        outcomes.push(rejectedOrValid(dir, example.files, mutated.paths.some(isRawProperty)).outcome);
      },
    ),
    { seed: seed(SEEDS.mutations), numRuns: runs(300) },
  );
  expect(outcomes.filter((o) => o === 'rendered').length).toBeGreaterThanOrEqual(5);
  expect(outcomes.filter((o) => o === 'rejected').length).toBeGreaterThanOrEqual(5);
});
