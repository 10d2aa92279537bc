/**
 * Logical ids as plain strings once the tree is final.
 *
 * A CDK element's `logicalId` is a lazy token, not a string: every `Ref` and `Fn::GetAtt` holds
 * it, and every template fragment uses it as its key (`{ Resources: { [logicalId]: … } }`). CDK
 * resolves it anew at every use — the token found in the string, the producer called, the
 * construct path hashed again for an id CDK allocated — which for 1,000 services is 57,000
 * resolutions of some 24,000 ids.
 *
 * `freezeLogicalIds` runs after CDK's preparation (aspects, nested stack assets: nothing renames
 * an element afterwards) and before the first template is written. It asks each element for its
 * logical id once, through the function its lazy value calls (so a stack's renames are applied
 * and recorded exactly as CDK does), and then:
 * - sets the element's `logicalId` to that string (the keys of its fragment, `DependsOn`,
 *   `Condition`);
 * - puts the same string in place of the token in the element's references (`{ Ref: id }`,
 *   `{ 'Fn::GetAtt': [id, attribute] }`), CDK's one cached reference per element and attribute.
 * The values are the ones the tokens resolve to, so the templates are the same bytes
 * (test/render/logical-ids.test.ts and synth-shortcuts.test.ts compare them with CDK's ordinary
 * synthesis). A reference in another form (`Fn::Sub`, a `GetAtt` string), or an element CDK
 * cannot name yet, keeps its token. Should a CDK release move what this reads (the private
 * `_synthesizeLogicalId`, `synthesizeLogicalId` in earlier releases, and the `referenceTable` of
 * `CfnReference`), it does nothing: CDK resolves the tokens as before.
 */
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

interface ElementInternals {
  logicalId: string;
  /** `_synthesizeLogicalId` in aws-cdk-lib 2.276, `synthesizeLogicalId` before. */
  readonly _synthesizeLogicalId?: () => string;
  readonly synthesizeLogicalId?: () => string;
}

interface IntrinsicLike {
  value: unknown;
}

type ReferenceTable = Map<IConstruct, Map<string, IntrinsicLike>>;

let table: ReferenceTable | null | undefined;

/** `CfnReference.referenceTable` of the copy of aws-cdk-lib `require('aws-cdk-lib')` loads. */
function referenceTable(): ReferenceTable | undefined {
  if (table !== undefined) return table ?? undefined;
  table = null;
  try {
    const file = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'private', 'cfn-reference.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const found = (require(file) as { CfnReference?: { referenceTable?: unknown } }).CfnReference?.referenceTable;
    if (found instanceof Map) table = found as ReferenceTable;
  } catch {
    // another layout of aws-cdk-lib: references keep their tokens
  }
  return table ?? undefined;
}

/** Replaces every element's logical id token below `root` by its value (see above). Returns how many. */
export function freezeLogicalIds(root: Stack): number {
  const references = referenceTable();
  let frozen = 0;
  for (const construct of root.node.findAll()) {
    if (!CfnElement.isCfnElement(construct)) continue;
    const element = construct as unknown as ElementInternals;
    const token = element.logicalId;
    const synthesize = element._synthesizeLogicalId ?? element.synthesizeLogicalId;
    if (typeof synthesize !== 'function' || typeof token !== 'string') continue;
    let id: unknown;
    try {
      id = synthesize.call(element);
    } catch {
      continue; // CDK says so again when it writes the template
    }
    if (typeof id !== 'string' || id === token) continue;
    element.logicalId = id;
    frozen++;
    for (const reference of references?.get(construct)?.values() ?? []) freezeReference(reference, token, id);
  }
  return frozen;
}

function freezeReference(reference: IntrinsicLike, token: string, id: string): void {
  const value = reference.value as Record<string, unknown> | undefined;
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  if (keys.length !== 1) return;
  if (keys[0] === 'Ref' && value.Ref === token) {
    reference.value = { Ref: id };
    return;
  }
  const getAtt = value['Fn::GetAtt'];
  if (keys[0] === 'Fn::GetAtt' && Array.isArray(getAtt) && getAtt.length === 2 && getAtt[0] === token) {
    reference.value = { 'Fn::GetAtt': [id, getAtt[1]] };
  }
}
