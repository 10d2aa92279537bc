/**
 * Synthesis: a construct tree → rendered files, in memory and byte-deterministic.
 *
 * CDK synthesizes into a temporary directory (removed afterwards); we take every template — the
 * root's read back, nested ones kept in memory (nested-templates.ts) —, give nested templates
 * readable names (naming.ts), point each parent's `TemplateURL` at its child's final location and
 * serialize. Children are serialized before their parents: in bucket mode a URL holds the hash of
 * the child's final bytes, and a parent's bytes hold its children's URLs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { serializeTemplate } from './format';
import { buildManifest, sha256 } from './manifest';
import { templateFileNames } from './naming';
import { freezeLogicalIds } from './logical-ids';
import { keepNestedTemplatesInMemory } from './nested-templates';
import { withoutReferenceDiscovery } from './reference-discovery';
import { ComposexSynthesizer, NestedTemplateAsset } from './synthesizer';
import type { RenderedFile, RenderResult, Template, TemplateFormat } from './types';

export interface SynthOptions {
  /** Names the root stack (see `stackNameFor`) and the root template file. */
  readonly projectName: string;
  readonly format: TemplateFormat;
  /** Nested `TemplateURL`s become `https://<bucket>.s3.amazonaws.com/<prefix>/<sha256>.<ext>`. */
  readonly bucket?: string;
  /** Key prefix in `bucket` (leading and trailing `/` ignored). */
  readonly prefix?: string;
}

/** A CloudFormation stack name derived from the project name (letters, digits, dashes). */
export function stackNameFor(projectName: string): string {
  const cleaned = projectName.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'composex').slice(0, 128);
}

/**
 * The root stack's description. It names the project, and `deploy` / `destroy` check it before
 * touching an existing stack: composex never takes over a stack it did not create for the project.
 */
export function rootDescription(projectName: string): string {
  return `composex project ${projectName}: root stack`;
}

/**
 * A CDK app that synthesizes clean templates fast: no `aws:cdk:path` or logical-id metadata, no
 * `CDKMetadata` resource, no tree.json, no creation stack traces on constructs (with them, building
 * a 1,000-service project takes twice the CPU and a third more memory), and no built-in
 * CloudFormation validation (we validate every template ourselves, one engine per process:
 * validate.ts).
 */
export function renderApp(outdir?: string): App {
  return new App({
    ...(outdir ? { outdir } : {}),
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    stackTraces: false,
    treeMetadata: false,
    context: {
      [cxapi.PATH_METADATA_ENABLE_CONTEXT]: false,
      [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: false,
      [cxapi.DISABLE_METADATA_STACK_TRACE]: true,
      [cxapi.DISABLE_CREATION_STACK_TRACES]: true,
      [cxapi.DISABLE_LOGICAL_ID_METADATA]: true,
    },
  });
}

/**
 * Runs `synth` with CDK's built-in template validation off also on aws-cdk-lib versions before the
 * `builtinCloudFormationValidation` App property (2.273 in the supported peer range: there only
 * `CDK_VALIDATION=false` turns it off, aws/aws-cdk#38379). Without this, such a version validates
 * every template a second time and prints its own findings (W3002 on every nested stack).
 */
function withoutBuiltinValidation<T>(synth: () => T): T {
  const before = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return synth();
  } finally {
    if (before === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = before;
  }
}

/**
 * Creates an app and a root stack named after the project, lets `build` fill the root, and returns
 * the rendered templates (root first, then nested ones by path) and the manifest.
 *
 * Synthesis first runs with composex's shortcuts: without CDK's cross-stack reference discovery
 * (reference-discovery.ts: composex wires its stacks itself) and with nested templates kept in
 * memory (nested-templates.ts). Should `build` have left a reference that crosses stacks (a CDK
 * user's construct, or a composex bug), that result is dropped and `build` runs again, in a new
 * app, synthesized CDK's ordinary way (so does a synthesis that failed): the output is always CDK's.
 */
export function synthesizeApp(build: (root: Stack) => void, options: SynthOptions): RenderResult {
  return synthesizeOnce(build, options, true) ?? synthesizeOnce(build, options, false)!;
}

/**
 * CDK's ordinary synthesis, without composex's shortcuts (reference-discovery.ts,
 * nested-templates.ts): what `synthesizeApp` returns, byte for byte (test/render/synth-shortcuts.test.ts).
 */
export function synthesizeAppWithoutShortcuts(build: (root: Stack) => void, options: SynthOptions): RenderResult {
  return synthesizeOnce(build, options, false)!;
}

/** One synthesis; undefined when run with shortcuts and a reference crossed stacks (or synthesis failed). */
function synthesizeOnce(build: (root: Stack) => void, options: SynthOptions, shortcuts: boolean): RenderResult | undefined {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-synth-'));
  try {
    const app = renderApp(outdir);
    const synthesizer = new ComposexSynthesizer();
    const stackName = stackNameFor(options.projectName);
    const root = new Stack(app, stackName, { synthesizer, stackName, analyticsReporting: false, description: rootDescription(options.projectName) });
    build(root);
    const synth = () => withoutBuiltinValidation(() => app.synth());
    let assembly: cxapi.CloudAssembly;
    let inMemory: ReadonlyMap<NestedStack, Template> = new Map();
    if (shortcuts) {
      inMemory = keepNestedTemplatesInMemory(root, () => freezeLogicalIds(root));
      let result: ReturnType<typeof withoutReferenceDiscovery<cxapi.CloudAssembly>>;
      try {
        result = withoutReferenceDiscovery(synth);
      } catch {
        return undefined; // the ordinary synthesis says it again, or succeeds
      }
      if (result.crossStack) return undefined;
      assembly = result.value;
    } else {
      assembly = synth();
    }
    const rootTemplate = readTemplate(assembly.getStackArtifact(root.artifactId).templateFullPath);
    const nested = synthesizer.nestedTemplates.map((asset) => ({
      asset,
      template: inMemory.get(asset.nestedStack) ?? readTemplate(path.join(assembly.directory, asset.assetFile)),
    }));
    const files = layOut(root, rootTemplate, nested, options);
    return {
      files,
      manifest: buildManifest(files, { project: options.projectName, format: options.format, bucket: options.bucket, prefix: options.prefix }),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function readTemplate(file: string): Template {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
}

/** Names the files, rewrites every TemplateURL and serializes, children before parents. */
function layOut(
  root: Stack,
  rootTemplate: Template,
  nested: readonly { asset: NestedTemplateAsset; template: Template }[],
  options: SynthOptions,
): RenderedFile[] {
  const { format } = options;
  const names = templateFileNames(
    root.stackName,
    root.node.path,
    nested.map(({ asset }) => ({ constructPath: asset.nestedStack.node.path, id: asset.nestedStack.node.id })),
    format,
  );
  const templates = new Map<string, Template>([[root.node.path, rootTemplate]]);
  for (const n of nested) templates.set(n.asset.nestedStack.node.path, n.template);

  const files: RenderedFile[] = [];
  const deepestFirst = [...nested].sort((a, b) => depth(b.asset) - depth(a.asset));
  for (const { asset, template } of deepestFirst) {
    const stack = asset.nestedStack;
    const parentStack = stack.nestedStackParent!;
    const resource = stack.nestedStackResource!;
    const logicalId = parentStack.resolve(resource.logicalId) as string;
    const filePath = names.get(stack.node.path)!;
    const content = serializeTemplate(template, format);
    let url = filePath; // flat layout: relative to the parent's directory, the file name
    let objectKey: string | undefined;
    if (options.bucket) {
      objectKey = [normalizePrefix(options.prefix), `${sha256(content)}.${format}`].filter(Boolean).join('/');
      url = `https://${options.bucket}.s3.amazonaws.com/${objectKey}`;
    }
    setTemplateUrl(templates.get(parentStack.node.path)!, logicalId, asset.assetFile, url);
    files.push({
      path: filePath,
      content,
      stack: stack.node.path,
      logicalId,
      parent: names.get(parentStack.node.path)!,
      url,
      ...(objectKey ? { objectKey } : {}),
      template,
    });
  }
  const rootFile: RenderedFile = {
    path: names.get(root.node.path)!,
    content: serializeTemplate(rootTemplate, format),
    stack: root.node.path,
    template: rootTemplate,
  };
  return [rootFile, ...files.sort((a, b) => compare(a.path, b.path))];
}

function depth(asset: NestedTemplateAsset): number {
  return asset.nestedStack.node.scopes.length;
}

/** Replaces the synthesizer's placeholder (the child's assembly file name) with the final URL. */
function setTemplateUrl(parent: Template, logicalId: string, placeholder: string, url: string): void {
  const properties = parent.Resources?.[logicalId]?.Properties;
  if (!properties || properties.TemplateURL !== placeholder) {
    throw new Error(
      `composex: nested stack resource ${logicalId} does not carry the expected TemplateURL (${JSON.stringify(properties?.TemplateURL)}); ` +
        'was TemplateURL overridden, or the root stack not given ComposexSynthesizer?',
    );
  }
  properties.TemplateURL = url;
}

function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/** Code-point order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
