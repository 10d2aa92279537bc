/**
 * composex's jest environment: Node's, plus one CloudFormation validator per jest worker process.
 *
 * Jest gives every test file its own copy of the modules, so each of the ~70 files that validate
 * templates started an engine of its own (~1.5 s of CPU each, the largest fixed cost of the suite).
 * src/render/validate.ts keeps its validator in a slot it takes from the global when one is there:
 * this environment puts the same slot, loading with this process's own `require`, on the global
 * of every test file (with a copier of plain data into this realm), so the first file of a worker starts the engine and the others reuse it.
 * A file that tests the engine's own start (test/render/validate.test.ts) asks for the plain
 * environment with a `@jest-environment node` docblock.
 */
import NodeEnvironment from 'jest-environment-node';

const slot = {
  require: (id: string): unknown => require(id),
  // JSON here is this realm's: the validator refuses objects of a test file's realm as not plain.
  plain: <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T,
};

export default class ComposexEnvironment extends NodeEnvironment {
  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    this.global.__composexValidatorSlot = slot;
  }
}
