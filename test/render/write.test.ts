import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { error, warning } from '../../src/diagnostics';
import { synthesizeApp } from '../../src/render/synth';
import type { RenderResult } from '../../src/render/types';
import { isComposexOutput, writeOutput, writeOutputUnlessErrors } from '../../src/render/write';
import { buildSample } from './fixtures';

const rendered: RenderResult = synthesizeApp(buildSample, { projectName: 'demo', format: 'json' });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'composex-write-test-'));
}

function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

function leftovers(parent: string): string[] {
  return fs.readdirSync(parent).filter((f) => f.includes('.composex-'));
}

// The module object itself (the `import * as` namespace above has read-only bindings); write.ts
// reads through to it, so spies placed here are seen there.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('fs') as typeof fs;

afterEach(() => jest.restoreAllMocks());

describe('writeOutput', () => {
  test('writes every file and manifest.json, creating parent directories', () => {
    const parent = tempDir();
    const out = path.join(parent, 'a', 'b', 'out');
    expect(writeOutput(rendered.files, rendered.manifest, out)).toEqual([]);
    const files = listing(out);
    expect(Object.keys(files)).toEqual(['Family-Api.json', 'Inner.json', 'Topics.json', 'demo.json', 'manifest.json']);
    for (const f of rendered.files) expect(files[f.path]).toBe(f.content);
    expect(JSON.parse(files['manifest.json'])).toEqual(rendered.manifest);
    expect(isComposexOutput(out)).toBe(true);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('replaces an earlier composex output completely (no stale files)', () => {
    const out = path.join(tempDir(), 'out');
    writeOutput([...rendered.files, { path: 'Stale.json', content: '{}\n' }], rendered.manifest, out);
    expect(writeOutput(rendered.files, rendered.manifest, out)).toEqual([]);
    expect(fs.existsSync(path.join(out, 'Stale.json'))).toBe(false);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('an empty existing directory is used', () => {
    const out = tempDir();
    expect(writeOutput(rendered.files, rendered.manifest, out)).toEqual([]);
    expect(isComposexOutput(out)).toBe(true);
  });

  test('a directory composex did not write is refused (CX5101) and left untouched', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'precious.txt'), 'keep me');
    fs.writeFileSync(path.join(out, 'manifest.json'), '{"tool": "something-else"}');
    const before = listing(out);
    const [d, ...more] = writeOutput(rendered.files, rendered.manifest, out);
    expect(more).toEqual([]);
    expect(d).toMatchObject({ severity: 'error', code: 'CX5101' });
    expect(listing(out)).toEqual(before);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('a file in the way is refused too', () => {
    const out = path.join(tempDir(), 'out');
    fs.writeFileSync(out, 'not a directory');
    expect(writeOutput(rendered.files, rendered.manifest, out)).toEqual([expect.objectContaining({ code: 'CX5101' })]);
    expect(fs.readFileSync(out, 'utf8')).toBe('not a directory');
  });

  test('a failure in the middle of writing leaves the old output untouched and no temporary directory', () => {
    const out = path.join(tempDir(), 'out');
    writeOutput(rendered.files, rendered.manifest, out);
    const before = listing(out);
    const realWrite = fs.writeFileSync;
    let calls = 0;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
      if (++calls === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realWrite(...args);
    });
    const changed = rendered.files.map((f) => ({ ...f, content: f.content + ' ' }));
    const [d] = writeOutput(changed, rendered.manifest, out);
    expect(d).toMatchObject({ severity: 'error', code: 'CX5102' });
    expect(d.message).toContain('ENOSPC');
    expect(listing(out)).toEqual(before);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('a failure moving the new output into place puts the old one back', () => {
    const out = path.join(tempDir(), 'out');
    writeOutput(rendered.files, rendered.manifest, out);
    const before = listing(out);
    const realRename = fs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).includes('.composex-tmp-')) throw new Error('EXDEV: simulated');
      return realRename(from, to);
    });
    const [d] = writeOutput(rendered.files.map((f) => ({ ...f, content: 'new' })), rendered.manifest, out);
    expect(d).toMatchObject({ code: 'CX5102' });
    expect(listing(out)).toEqual(before);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('paths that would leave the output directory are refused before anything is written', () => {
    const out = path.join(tempDir(), 'out');
    for (const bad of ['../escape.json', '/abs.json', 'a/./b.json', 'manifest.json', '']) {
      expect(writeOutput([{ path: bad, content: 'x' }], rendered.manifest, out)).toEqual([expect.objectContaining({ code: 'CX5102' })]);
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  test('files in sub-directories are written', () => {
    const out = path.join(tempDir(), 'out');
    expect(writeOutput([{ path: 'nested/A.json', content: '{}\n' }], rendered.manifest, out)).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'nested', 'A.json'), 'utf8')).toBe('{}\n');
  });
});

describe('writeOutputUnlessErrors', () => {
  test('writes nothing when earlier diagnostics have an error; warnings do not stop it', () => {
    const out = path.join(tempDir(), 'out');
    expect(writeOutputUnlessErrors([warning('CX5002', 'w'), error('CX5001', 'e')], rendered.files, rendered.manifest, out)).toEqual({
      written: false,
      diagnostics: [],
    });
    expect(fs.existsSync(out)).toBe(false);
    expect(writeOutputUnlessErrors([warning('CX5002', 'w')], rendered.files, rendered.manifest, out)).toEqual({ written: true, diagnostics: [] });
    expect(isComposexOutput(out)).toBe(true);
  });
});
