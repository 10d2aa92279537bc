/**
 * `manifest.json`: every rendered file with its stack, counts, size and hash. Deterministic (no
 * time stamps): rendering twice gives the same manifest. Its `tool: "composex"` is how `write.ts`
 * recognizes an output directory it may replace.
 */
import { createHash } from 'crypto';
import type { Manifest, ManifestEntry, RenderedFile, TemplateFormat } from './types';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestOptions {
  readonly project: string;
  readonly format: TemplateFormat;
  readonly bucket?: string;
  readonly prefix?: string;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `files` must list the root first. */
export function buildManifest(files: readonly RenderedFile[], options: ManifestOptions): Manifest {
  return {
    tool: 'composex',
    project: options.project,
    format: options.format,
    ...(options.bucket ? { bucket: options.bucket } : {}),
    ...(options.bucket && options.prefix ? { prefix: options.prefix } : {}),
    root: files[0].path,
    templates: files.map(manifestEntry),
  };
}

function manifestEntry(f: RenderedFile): ManifestEntry {
  return {
    path: f.path,
    stack: f.stack,
    ...(f.logicalId ? { logicalId: f.logicalId } : {}),
    ...(f.parent ? { parent: f.parent } : {}),
    ...(f.url ? { url: f.url } : {}),
    ...(f.objectKey ? { objectKey: f.objectKey } : {}),
    resources: Object.keys(f.template.Resources ?? {}).length,
    parameters: Object.keys(f.template.Parameters ?? {}).length,
    outputs: Object.keys(f.template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(f.content),
    sha256: sha256(f.content),
  };
}

export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** True when `text` is a manifest composex wrote. */
export function isComposexManifest(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { tool?: unknown };
    return parsed !== null && typeof parsed === 'object' && parsed.tool === 'composex';
  } catch {
    return false;
  }
}
