/**
 * Nested stacks synthesized straight into memory.
 *
 * CDK handles each nested template twice over for the S3 asset it would become: before synthesis
 * it serializes the template once more only to hash it for the asset's name
 * (`NestedStack._prepareTemplateAsset`: for 1,000 services a quarter of synthesis), and at
 * synthesis it writes the template to the cloud assembly, reads the file back and hashes it again
 * (`StackSynthesizer.synthesizeTemplate`). composex names, places and serializes nested templates
 * itself, after synthesis (synth.ts), so neither hash nor file is used:
 *
 * - each nested stack registers its template with the root's synthesizer without the hash, doing
 *   everything else CDK does there (the stack's tags go onto its `AWS::CloudFormation::Stack`
 *   resource); the TemplateURL CDK would build is replaced by ComposexSynthesizer anyway;
 * - each nested stack's synthesizer keeps the template CDK resolves (`Stack._toCloudFormation`,
 *   what CDK writes to the file) instead of writing it. A stack over CDK's resource limit, or with
 *   missing context (a lookup), is synthesized CDK's way, so CDK's error or file is what it was.
 *
 * Should a CDK release rename a hook, nothing breaks: CDK's own step runs, only slower.
 */
import { CfnStack, FileAssetPackaging, ISynthesisSession, NestedStack, Stack } from 'aws-cdk-lib';
import type { Template } from './types';

type HookedNestedStack = NestedStack & { _prepareTemplateAsset?: () => boolean };

/** Stack internals read here (present in every aws-cdk-lib 2 release so far; checked before use). */
interface StackInternals {
  readonly _toCloudFormation?: () => Template;
  readonly maxResources?: number;
  readonly _missingContext?: readonly unknown[];
}

/**
 * Installs both shortcuts on every nested stack below `root`; the map fills during `app.synth()`.
 * `beforeFirstTemplate` runs once, when CDK's preparation is over and the first nested template
 * is about to be resolved (logical-ids.ts).
 */
export function keepNestedTemplatesInMemory(root: Stack, beforeFirstTemplate?: () => void): ReadonlyMap<NestedStack, Template> {
  const templates = new Map<NestedStack, Template>();
  let first = beforeFirstTemplate;
  const before = () => {
    const run = first;
    first = undefined;
    run?.();
  };
  for (const construct of root.node.findAll()) {
    if (!NestedStack.isNestedStack(construct)) continue;
    skipTemplateHashing(construct as HookedNestedStack);
    keepTemplate(construct as HookedNestedStack, templates, before);
  }
  return templates;
}

function skipTemplateHashing(nested: HookedNestedStack): void {
  if (typeof nested._prepareTemplateAsset !== 'function') return;
  let prepared = false;
  nested._prepareTemplateAsset = () => {
    if (prepared) return false;
    prepared = true;
    const resource = nested.nestedStackResource as CfnStack;
    for (const [key, value] of Object.entries(nested.tags.tagValues())) resource.tags.setTag(key, value);
    Stack.of(nested.nestedStackParent!).synthesizer.addFileAsset({
      packaging: FileAssetPackaging.FILE,
      sourceHash: nested.templateFile,
      fileName: nested.templateFile,
      displayName: `${nested.node.path} Nested Stack Template`,
    });
    return true;
  };
}

function keepTemplate(nested: HookedNestedStack, templates: Map<NestedStack, Template>, before: () => void): void {
  const synthesizer = nested.synthesizer as { synthesize?: (session: ISynthesisSession) => void };
  const internals = nested as unknown as StackInternals;
  const toCloudFormation = internals._toCloudFormation;
  if (typeof synthesizer.synthesize !== 'function' || typeof toCloudFormation !== 'function') return;
  const cdkSynthesize = synthesizer.synthesize.bind(synthesizer);
  synthesizer.synthesize = (session) => {
    before();
    const template = toCloudFormation.call(nested);
    const limit = internals.maxResources ?? 0;
    if ((internals._missingContext?.length ?? 0) > 0 || (limit > 0 && Object.keys(template.Resources ?? {}).length > limit)) {
      cdkSynthesize(session);
      return;
    }
    templates.set(nested, template);
  };
}
