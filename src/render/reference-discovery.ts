/**
 * Synthesis without CDK's cross-stack reference discovery, when nothing needs it.
 *
 * Before writing templates, CDK's `prepareApp` resolves every element of every stack once only to
 * find the tokens that point into another stack (`resolveReferences`, then the same over every
 * nested stack resource), and turns each such token into an output of its stack and a parameter
 * of the consumer's. composex wires every value between its stacks itself (src/aws/stack-io.ts:
 * named outputs and parameters), so in a render that pass finds nothing — and for 1,000 services
 * it is a third of synthesis (4–5 s of CPU).
 *
 * `withoutReferenceDiscovery` runs synthesis with that pass switched off and watches every
 * reference resolved while the templates are written: a reference resolved in a stack other than
 * its own, with no value CDK assigned for that stack, is one the pass would have rewired. Then the
 * result is not used (`crossStack` is true) and the caller synthesizes again the ordinary way, so
 * the output never differs from CDK's. Should a CDK release move or rename what this hooks
 * (aws-cdk-lib's private `refs` and `cfn-reference` modules), it does nothing and CDK's own pass
 * runs, only slower.
 */
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

interface RefsModule {
  resolveReferences: (...args: unknown[]) => unknown;
  resolveReferencesInElements: (...args: unknown[]) => unknown;
}

interface CfnReferenceLike {
  readonly targetStack?: unknown;
  readonly replacementTokens?: { has(stack: unknown): boolean };
}

interface CfnReferencePrototype {
  resolve: (this: CfnReferenceLike, context: { scope: IConstruct }) => unknown;
}

interface CdkInternals {
  readonly refs: RefsModule;
  readonly reference: CfnReferencePrototype;
}

let internals: CdkInternals | null | undefined;

/** aws-cdk-lib's private reference modules, the copy `require('aws-cdk-lib')` loads; undefined when they are not as expected. */
function cdkInternals(): CdkInternals | undefined {
  if (internals !== undefined) return internals ?? undefined;
  internals = null;
  try {
    const privateDir = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'private');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const refs = require(path.join(privateDir, 'refs.js')) as Partial<RefsModule>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const reference = (require(path.join(privateDir, 'cfn-reference.js')) as { CfnReference?: { prototype?: Partial<CfnReferencePrototype> } }).CfnReference
      ?.prototype;
    if (typeof refs.resolveReferences === 'function' && typeof refs.resolveReferencesInElements === 'function' && typeof reference?.resolve === 'function') {
      internals = { refs: refs as RefsModule, reference: reference as CfnReferencePrototype };
    }
  } catch {
    // another layout of aws-cdk-lib: CDK's own pass runs
  }
  return internals ?? undefined;
}

export interface WithoutDiscovery<T> {
  readonly value: T;
  /** A reference crossed stacks: `value` is not what CDK would have written; synthesize again the ordinary way. */
  readonly crossStack: boolean;
  /** False when the hooks were not found and `synth` ran the ordinary way (`value` is then CDK's). */
  readonly skipped: boolean;
}

/** Runs `synth` (an `app.synth()`) with CDK's reference discovery off, watching for a reference that needed it. */
export function withoutReferenceDiscovery<T>(synth: () => T): WithoutDiscovery<T> {
  const cdk = cdkInternals();
  if (!cdk) return { value: synth(), crossStack: false, skipped: false };
  const { refs, reference } = cdk;
  const original = { resolveReferences: refs.resolveReferences, resolveReferencesInElements: refs.resolveReferencesInElements, resolve: reference.resolve };
  let crossStack = false;
  refs.resolveReferences = () => undefined;
  refs.resolveReferencesInElements = () => undefined;
  reference.resolve = function (this: CfnReferenceLike, context) {
    if (!crossStack) {
      try {
        const consumer = Stack.of(context.scope);
        if (consumer !== this.targetStack && this.replacementTokens?.has(consumer) !== true) crossStack = true;
      } catch {
        crossStack = true; // resolved outside any stack: not a case to reason about, CDK's pass decides
      }
    }
    return original.resolve.call(this, context);
  };
  try {
    return { value: synth(), crossStack, skipped: true };
  } finally {
    refs.resolveReferences = original.resolveReferences;
    refs.resolveReferencesInElements = original.resolveReferencesInElements;
    reference.resolve = original.resolve;
  }
}
