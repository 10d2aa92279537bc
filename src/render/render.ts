/**
 * The render stage: an `AppModel` → the root template, one template per nested stack, and a
 * manifest — all in memory, byte-deterministic. Writing them is `output.ts`; validating them is
 * `validator.ts`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { stringify } from 'yaml';
import { buildStacks } from '../aws/app';
import type { AppModel } from '../resolve/model';
import { LocalTemplateSynthesizer, NestedTemplateAsset } from './local-synthesizer';

export interface RenderOptions {
  readonly format?: 'json' | 'yaml';
  /** Nested TemplateURLs point at `https://<bucket>.s3.amazonaws.com/<prefix>/<hash>.<ext>`. */
  readonly bucket?: string;
  readonly prefix?: string;
}

export interface RenderedFile {
  /** File name, relative to the output directory. */
  readonly path: string;
  readonly content: string;
  /** Construct path of the stack (the root stack's name for the root). */
  readonly stack: string;
  /** Logical ID of the nested stack in its parent; absent for the root. */
  readonly logicalId?: string;
  /** Where the parent's TemplateURL points (file name or S3 URL); absent for the root. */
  readonly url?: string;
  /** Object key in the bucket, in bucket mode. */
  readonly objectKey?: string;
  readonly template: Template;
}

export interface Template {
  Parameters?: Record<string, unknown>;
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ManifestEntry {
  readonly path: string;
  readonly stack: string;
  readonly logicalId?: string;
  readonly url?: string;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly tool: 'composex';
  readonly project: string;
  readonly format: 'json' | 'yaml';
  readonly root: string;
  readonly templates: readonly ManifestEntry[];
}

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  readonly manifest: Manifest;
}

/** A CloudFormation stack name derived from the project name (letters, digits, dashes). */
export function stackNameFor(projectName: string): string {
  const cleaned = projectName.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'composex').slice(0, 128);
}

/**
 * A CDK app that synthesizes clean, deterministic templates fast: no path or logical-id metadata,
 * no version reporting, no creation stack traces (seconds on large projects), and no built-in
 * validation (we validate every template ourselves, once per process: see validator.ts).
 */
export function renderApp(outdir?: string): App {
  return new App({
    ...(outdir ? { outdir } : {}),
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    stackTraces: false,
    context: {
      'aws:cdk:enable-path-metadata': false,
      'aws:cdk:disable-creation-stack-traces': true,
      'aws:cdk:disable-logicalId-metadata': true,
      'aws:cdk:disable-version-reporting': true,
    },
  });
}

export function renderModel(model: AppModel, options: RenderOptions = {}): RenderResult {
  const format = options.format ?? 'json';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-synth-'));
  try {
    const app = renderApp(outdir);
    const synthesizer = new LocalTemplateSynthesizer({ format, bucket: options.bucket, prefix: options.prefix });
    const stackName = stackNameFor(model.projectName);
    const root = new Stack(app, stackName, { synthesizer, stackName, analyticsReporting: false });
    const stacks = buildStacks(root, model);
    const logicalIds = new Map<string, string>();
    for (const nested of stacks.nestedStacks) {
      const resource = nested.nestedStackResource;
      if (resource) logicalIds.set(nested.templateFile, Stack.of(resource).resolve(resource.logicalId) as string);
    }
    const assembly = app.synth();

    const files: RenderedFile[] = [];
    const rootArtifact = assembly.getStackByName(stackName);
    const rootTemplate = rewriteTemplateUrls(readJson(path.join(assembly.directory, rootArtifact.templateFile)), synthesizer.nested);
    files.push(fileFor(`${stackName}.${format}`, rootTemplate, format, { stack: stackName }));
    for (const asset of [...synthesizer.nested].sort((a, b) => a.fileName.localeCompare(b.fileName))) {
      const template = rewriteTemplateUrls(readJson(path.join(assembly.directory, asset.cdkFile)), synthesizer.nested);
      files.push(
        fileFor(asset.fileName, template, format, {
          stack: asset.constructPath,
          logicalId: logicalIds.get(asset.cdkFile),
          url: asset.url,
          ...(options.bucket ? { objectKey: asset.url.replace(/^https:\/\/[^/]+\//, '') } : {}),
        }),
      );
    }
    const manifest: Manifest = {
      tool: 'composex',
      project: model.projectName,
      format,
      root: files[0].path,
      templates: files.map((f) => ({
        path: f.path,
        stack: f.stack,
        ...(f.logicalId ? { logicalId: f.logicalId } : {}),
        ...(f.url ? { url: f.url } : {}),
        resources: Object.keys(f.template.Resources ?? {}).length,
        parameters: Object.keys(f.template.Parameters ?? {}).length,
        outputs: Object.keys(f.template.Outputs ?? {}).length,
        bytes: Buffer.byteLength(f.content),
        sha256: createHash('sha256').update(f.content).digest('hex'),
      })),
    };
    return { files, manifest };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function readJson(file: string): Template {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
}

/**
 * CDK always writes a nested stack's TemplateURL as `https://s3.<region>.<suffix>/<bucket>/<key>`.
 * We replace it with our location: a plain relative file name (for `aws cloudformation package`)
 * or a virtual-hosted S3 URL.
 */
function rewriteTemplateUrls(template: Template, nested: readonly NestedTemplateAsset[]): Template {
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFormation::Stack' || !resource.Properties) continue;
    const current = JSON.stringify(resource.Properties.TemplateURL);
    const asset = nested.find((a) => current.endsWith(`/${a.objectKey}"]]}`));
    if (asset) resource.Properties.TemplateURL = asset.url;
  }
  return template;
}

function fileFor(
  filePath: string,
  template: Template,
  format: 'json' | 'yaml',
  meta: Pick<RenderedFile, 'stack' | 'logicalId' | 'url' | 'objectKey'>,
): RenderedFile {
  return { path: filePath, content: serializeTemplate(template, format), template, ...meta };
}

/** JSON with two-space indent, or YAML with intrinsic functions in their long form (no tags). */
export function serializeTemplate(template: unknown, format: 'json' | 'yaml'): string {
  if (format === 'json') return JSON.stringify(template, null, 2) + '\n';
  return stringify(template, { lineWidth: 0, aliasDuplicateObjects: false });
}
