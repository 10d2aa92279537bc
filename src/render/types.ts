/**
 * The values the render stage hands on: rendered files and the manifest that lists them.
 */

export type TemplateFormat = 'json' | 'yaml';

/** A CloudFormation template as CDK emits it (the sections we read; the rest passes through). */
export interface Template {
  Parameters?: Record<string, unknown>;
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RenderedFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  /** The exact bytes to write (UTF-8). */
  readonly content: string;
  /** Construct path of the stack (`<project>` for the root, `<project>/ComposeX/FamilyApi` for a nested one). */
  readonly stack: string;
  /** Logical ID of the `AWS::CloudFormation::Stack` resource in the parent; absent for the root. */
  readonly logicalId?: string;
  /** Path of the file whose template holds this stack's `TemplateURL`; absent for the root. */
  readonly parent?: string;
  /** What the parent's `TemplateURL` says: a path relative to the parent file, or an S3 URL. */
  readonly url?: string;
  /** S3 object key the file must be uploaded to (bucket mode only). */
  readonly objectKey?: string;
  /** The template as an object (what `content` serializes). */
  readonly template: Template;
}

export interface ManifestEntry {
  readonly path: string;
  readonly stack: string;
  readonly logicalId?: string;
  readonly parent?: string;
  readonly url?: string;
  readonly objectKey?: string;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** `manifest.json`: what was rendered. Also the mark by which composex recognizes its own output. */
export interface Manifest {
  readonly tool: 'composex';
  readonly project: string;
  readonly format: TemplateFormat;
  readonly bucket?: string;
  readonly prefix?: string;
  /** Path of the root template. */
  readonly root: string;
  /** The root first, then the nested templates by path. */
  readonly templates: readonly ManifestEntry[];
}

export interface RenderResult {
  readonly files: readonly RenderedFile[];
  readonly manifest: Manifest;
}
