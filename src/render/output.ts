/**
 * Writes rendered files atomically: into a temporary sibling directory first, then renamed into
 * place. An existing output directory is replaced only if composex wrote it (it holds our
 * manifest); anything else is refused rather than deleted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error } from '../diagnostics';
import type { Manifest, RenderedFile } from './render';

export const MANIFEST_FILE = 'manifest.json';

export function isComposexOutput(dir: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { tool?: string };
    return manifest.tool === 'composex';
  } catch {
    return false;
  }
}

export function writeOutput(files: readonly RenderedFile[], manifest: Manifest, outDir: string): Diagnostic[] {
  const target = path.resolve(outDir);
  if (fs.existsSync(target)) {
    const stat = fs.statSync(target);
    const empty = stat.isDirectory() && fs.readdirSync(target).length === 0;
    if (!stat.isDirectory() || (!empty && !isComposexOutput(target))) {
      return [
        error(
          'CX5101',
          `output directory ${outDir} exists and was not written by composex; refusing to replace it`,
          undefined,
          'choose another directory with -o, or remove it yourself',
        ),
      ];
    }
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = fs.mkdtempSync(`${target}.composex-tmp-`);
  try {
    for (const file of files) fs.writeFileSync(path.join(temp, file.path), file.content);
    fs.writeFileSync(path.join(temp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    if (fs.existsSync(target)) {
      const old = `${target}.composex-old-${process.pid}`;
      fs.renameSync(target, old);
      fs.renameSync(temp, target);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(temp, target);
    }
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    return [error('CX5102', `cannot write ${outDir}: ${(e as Error).message}`, undefined, 'check permissions and free space')];
  }
  return [];
}
