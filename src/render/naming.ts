/**
 * File names of rendered templates, stable and readable.
 *
 * All templates sit flat in the output directory: the root as `<stack name>.<ext>`, each nested
 * stack as `<its construct id>.<ext>` (`FamilyApi.json`). Flat because a relative `TemplateURL`
 * is resolved against the directory of the template holding it (`aws cloudformation package`), so
 * a child's URL is simply its file name at every depth; and the last construct id rather than the
 * whole path so a family keeps its file when it moves under a group stack.
 *
 * Names are compared case-insensitively (macOS and Windows file systems). Stacks whose names
 * clash all get a suffix derived from their full construct path, so the result does not depend on
 * construction order; `manifest` is reserved for `manifest.json`.
 */
import { createHash } from 'crypto';
import type { TemplateFormat } from './types';

export const MANIFEST_BASENAME = 'manifest';

/** Keeps letters, digits, `-`, `_` and inner `.`; anything else becomes `_`. */
export function fileSafe(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned || '_';
}

export interface NamedStack {
  /** Full construct path (unique). */
  readonly constructPath: string;
  /** Construct id (last path segment). */
  readonly id: string;
}

/**
 * File names (with extension) for the root and the nested stacks, keyed by construct path.
 * `rootBase` is the root's base name (the stack name).
 */
export function templateFileNames(
  rootBase: string,
  rootPath: string,
  nested: readonly NamedStack[],
  format: TemplateFormat,
): Map<string, string> {
  const reserved = new Set([MANIFEST_BASENAME, fileSafe(rootBase).toLowerCase()]);
  const byName = new Map<string, NamedStack[]>();
  for (const stack of nested) {
    const key = fileSafe(stack.id).toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), stack]);
  }
  const names = new Map<string, string>([[rootPath, `${fileSafe(rootBase)}.${format}`]]);
  for (const [key, stacks] of byName) {
    const clash = stacks.length > 1 || reserved.has(key);
    for (const stack of stacks) {
      const base = fileSafe(stack.id);
      names.set(stack.constructPath, clash ? `${base}-${shortHash(stack.constructPath)}.${format}` : `${base}.${format}`);
    }
  }
  return names;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
