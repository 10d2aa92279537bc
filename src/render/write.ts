/**
 * Writes rendered files atomically: everything goes into a temporary sibling directory
 * (`<outDir>.composex-tmp-<random>`), which is then renamed into place. A failure on the way
 * removes the temporary directory and leaves an earlier output untouched.
 *
 * An existing output directory is replaced only if it is empty or composex wrote it (it holds our
 * manifest.json); anything else is refused (CX5101) rather than deleted. Replacing is two renames
 * (old out of the way, new in; the old one is put back if the second fails): Node offers no atomic
 * directory exchange, so there is a moment without `outDir`, but never a half-written one.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error, hasErrors } from '../diagnostics';
import { isComposexManifest, MANIFEST_FILE, serializeManifest } from './manifest';
import type { Manifest } from './types';

export { MANIFEST_FILE };

export interface FileToWrite {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** True when `dir` holds a manifest.json composex wrote. */
export function isComposexOutput(dir: string): boolean {
  try {
    return isComposexManifest(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return false;
  }
}

/** Writes `files` and `manifest.json` to `outDir`. Returns the problems (none when written). */
export function writeOutput(files: readonly FileToWrite[], manifest: Manifest, outDir: string): Diagnostic[] {
  const target = path.resolve(outDir);
  const refusal = checkReplaceable(target, outDir);
  if (refusal) return [refusal];
  const badPath = files.find((f) => !isSafeRelativePath(f.path));
  if (badPath) return [cannotWrite(outDir, `refusing to write ${JSON.stringify(badPath.path)} outside the output directory`)];

  let temp: string | undefined;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    temp = fs.mkdtempSync(`${target}.composex-tmp-`);
    for (const file of files) {
      const destination = path.join(temp, ...file.path.split('/'));
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, file.content);
    }
    // The manifest last: a directory with our manifest is a complete one.
    fs.writeFileSync(path.join(temp, MANIFEST_FILE), serializeManifest(manifest));
    moveIntoPlace(temp, target);
    return [];
  } catch (e) {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
    return [cannotWrite(outDir, (e as Error).message)];
  }
}

/**
 * The usual call: writes nothing when `diagnostics` (everything reported so far) has an error.
 * `diagnostics` in the result are the write problems only.
 */
export function writeOutputUnlessErrors(
  diagnostics: readonly Diagnostic[],
  files: readonly FileToWrite[],
  manifest: Manifest,
  outDir: string,
): { written: boolean; diagnostics: Diagnostic[] } {
  if (hasErrors(diagnostics)) return { written: false, diagnostics: [] };
  const problems = writeOutput(files, manifest, outDir);
  return { written: problems.length === 0, diagnostics: problems };
}

function checkReplaceable(target: string, shown: string): Diagnostic | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return undefined; // does not exist
  }
  const ours = stat.isDirectory() && (fs.readdirSync(target).length === 0 || isComposexOutput(target));
  if (ours) return undefined;
  return error(
    'CX5101',
    `output ${shown} exists and was not written by composex (${stat.isDirectory() ? 'no composex manifest.json in it' : 'not a directory'}); refusing to replace it`,
    undefined,
    'choose another directory with -o, or remove it yourself',
  );
}

function moveIntoPlace(temp: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(temp, target);
    return;
  }
  const old = `${target}.composex-old-${path.basename(temp).slice(path.basename(target).length + '.composex-tmp-'.length)}`;
  fs.renameSync(target, old);
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    fs.renameSync(old, target);
    throw e;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..') && p !== MANIFEST_FILE;
}

function cannotWrite(outDir: string, reason: string): Diagnostic {
  return error('CX5102', `cannot write ${outDir}: ${reason}`, undefined, 'check the path, permissions and free space');
}
