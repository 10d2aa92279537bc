/**
 * The render stage: an `AppModel` → the root template, one template per nested stack and a
 * manifest, in memory and byte-deterministic.
 *
 *   synth.ts        construct tree → files (with synthesizer.ts, naming.ts, format.ts, manifest.ts)
 *   build-contexts.ts   every build context readable before synthesis (CX5103)
 *   template-quotas.ts  every template within CloudFormation's per-template quotas (CX4040)
 *   validate.ts     every template through the CloudFormation validator bundled in aws-cdk-lib
 *   write.ts        files → output directory, atomically
 *   summary.ts      what a reviewer reads after a render
 */
import { buildStacks } from '../aws/app';
import type { RawPropertyOrigins } from '../aws/resources';
import type { AppModel } from '../resolve/model';
import type { Diagnostic } from '../diagnostics';
import { checkBuildContexts } from './build-contexts';
import { synthesizeApp } from './synth';
import { checkTemplateQuotas } from './template-quotas';
import type { RenderResult, TemplateFormat } from './types';

export { serializeTemplate, parseTemplate } from './format';
export { renderApp, stackNameFor, synthesizeApp } from './synth';
export type { SynthOptions } from './synth';
export type { Manifest, ManifestEntry, RenderedFile, RenderResult, Template, TemplateFormat } from './types';

export interface RenderOptions {
  readonly format?: TemplateFormat;
  /** Nested TemplateURLs point at `https://<bucket>.s3.amazonaws.com/<prefix>/<sha256>.<ext>`. */
  readonly bucket?: string;
  readonly prefix?: string;
}

export interface ModelRenderResult extends RenderResult {
  /** The x- resources created from raw `Properties`, by logical id: what `rawPropertyLocator` reads. */
  readonly rawProperties: RawPropertyOrigins;
  /** CX5103: a build context that cannot be read (then no files); CX4040: a template over a CloudFormation quota (none, unless composex failed to split a stack); CX4041: too many built services. */
  readonly diagnostics: readonly Diagnostic[];
}

export function renderModel(model: AppModel, options: RenderOptions = {}): ModelRenderResult {
  const format = options.format ?? 'json';
  const unreadable = checkBuildContexts(model);
  if (unreadable.length > 0) {
    // Nothing is synthesized: the caller reports the errors and writes or deploys nothing.
    return { files: [], manifest: { tool: 'composex', project: model.projectName, format, root: '', templates: [] }, rawProperties: new Map(), diagnostics: unreadable };
  }
  let rawProperties: RawPropertyOrigins = new Map();
  const result = synthesizeApp(
    (root) => {
      rawProperties = buildStacks(root, model).rawProperties;
    },
    { projectName: model.projectName, format, bucket: options.bucket, prefix: options.prefix },
  );
  return { ...result, rawProperties, diagnostics: checkTemplateQuotas(result.files, model) };
}
