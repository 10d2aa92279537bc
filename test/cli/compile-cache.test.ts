/**
 * The CLI's V8 code cache (src/cli/compile-cache.ts): modules compiled through it behave as Node
 * compiles them, cached data is reused only for exactly the source it was made from, and a broken
 * cache file is ignored. Modules are loaded with Node's own `Module` (not jest's loader).
 */
import * as fs from 'fs';
import Module = require('module');
import * as os from 'os';
import * as path from 'path';
import { CompileCache } from '../../src/cli/compile-cache';

type CompileFn = (this: NodeModule, content: string, filename: string) => unknown;
const NodeModuleClass = Module as unknown as {
  new (id: string, parent?: unknown): NodeModule & { _compile: CompileFn; paths: string[] };
  prototype: { _compile: CompileFn };
  _nodeModulePaths(dir: string): string[];
};
const nodeCompile = NodeModuleClass.prototype._compile;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-compile-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `file` as Node would, compiled by `cache` (its relative requires by Node itself). */
function load(cache: CompileCache, file: string): Record<string, unknown> {
  const mod = new NodeModuleClass(file);
  mod.filename = file;
  mod.paths = NodeModuleClass._nodeModulePaths(path.dirname(file));
  cache.compile(mod, fs.readFileSync(file, 'utf8'), file, nodeCompile);
  mod.loaded = true;
  return mod.exports as Record<string, unknown>;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const MAIN = [
  "'use strict';",
  "const helper = require('./helper');",
  'function twice(x) { return helper.add(x, x); }',
  'exports.twice = twice;',
  'exports.file = __filename;',
  'exports.dir = __dirname;',
  "exports.resolved = require.resolve('./helper');",
  'exports.sameModule = module.exports === exports;',
  'exports.thisIsExports = this === exports;',
  'exports.stackLine = () => new Error().stack.split("\\n")[1];',
].join('\n');

describe('compile cache', () => {
  it('compiles a module as Node does: exports, require, require.resolve, __filename, __dirname, this, line numbers', () => {
    write('helper.js', 'exports.add = (a, b) => a + b;\n');
    const main = write('main.js', MAIN);
    const cache = new CompileCache(path.join(dir, 'cache.bin'));
    const m = load(cache, main);
    expect((m.twice as (x: number) => number)(21)).toBe(42);
    expect(m.file).toBe(main);
    expect(m.dir).toBe(dir);
    expect(m.resolved).toBe(path.join(dir, 'helper.js'));
    expect(m.sameModule).toBe(true);
    expect(m.thisIsExports).toBe(true);
    expect((m.stackLine as () => string)()).toContain(`${main}:10:`);
    expect(cache.stats).toEqual({ reused: 0, compiled: 1, rejected: 0 });
  });

  it('reuses the data of an earlier run for the same source, and nothing for a changed one of the same length', () => {
    const file = write('m.js', 'exports.value = 1 + 1;\n');
    const cacheFile = path.join(dir, 'cache.bin');
    const first = new CompileCache(cacheFile);
    expect(load(first, file).value).toBe(2);
    first.save();
    expect(fs.existsSync(cacheFile)).toBe(true);

    const second = new CompileCache(cacheFile);
    expect(load(second, file).value).toBe(2);
    expect(second.stats).toEqual({ reused: 1, compiled: 0, rejected: 0 });
    const before = fs.statSync(cacheFile).mtimeMs;
    second.save(); // nothing new: not rewritten
    expect(fs.statSync(cacheFile).mtimeMs).toBe(before);

    fs.writeFileSync(file, 'exports.value = 2 + 1;\n'); // same length: V8's own check would accept the data
    const third = new CompileCache(cacheFile);
    expect(load(third, file).value).toBe(3);
    expect(third.stats).toEqual({ reused: 0, compiled: 1, rejected: 0 });
    third.save();
    const fourth = new CompileCache(cacheFile);
    expect(load(fourth, file).value).toBe(3);
    expect(fourth.stats.reused).toBe(1);
  });

  it('keeps the entries of modules a later run did not load', () => {
    const a = write('a.js', 'exports.name = "a";\n');
    const b = write('b.js', 'exports.name = "b";\n');
    const cacheFile = path.join(dir, 'cache.bin');
    const first = new CompileCache(cacheFile);
    load(first, a);
    first.save();
    const second = new CompileCache(cacheFile);
    load(second, b);
    second.save();
    const third = new CompileCache(cacheFile);
    expect(load(third, a).name).toBe('a');
    expect(load(third, b).name).toBe('b');
    expect(third.stats).toEqual({ reused: 2, compiled: 0, rejected: 0 });
  });

  it('ignores a cache file that does not parse, and replaces it', () => {
    const file = write('m.js', 'exports.ok = true;\n');
    const cacheFile = path.join(dir, 'cache.bin');
    for (const junk of [Buffer.from('not a cache'), Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2]), Buffer.alloc(0)]) {
      fs.writeFileSync(cacheFile, junk);
      const cache = new CompileCache(cacheFile);
      expect(load(cache, file).ok).toBe(true);
      expect(cache.stats.compiled).toBe(1);
      cache.save();
      const again = new CompileCache(cacheFile);
      load(again, file);
      expect(again.stats.reused).toBe(1);
    }
  });

  it("leaves syntax errors and #! files to Node's own compile", () => {
    const bad = write('bad.js', 'exports.x = ;\n');
    const cache = new CompileCache(path.join(dir, 'cache.bin'));
    expect(() => load(cache, bad)).toThrow(/Unexpected token/); // Node's SyntaxError (of another realm than jest's)
    const script = write('script.js', '#!/usr/bin/env node\nexports.ran = true;\n');
    expect(load(cache, script).ran).toBe(true);
    expect(cache.stats).toEqual({ reused: 0, compiled: 0, rejected: 0 });
  });

  it('a cache that cannot be written only costs the write', () => {
    const file = write('m.js', 'exports.ok = 1;\n');
    const blocker = write('not-a-dir', '');
    const cache = new CompileCache(path.join(blocker, 'compile', 'cache.bin'));
    expect(load(cache, file).ok).toBe(1);
    expect(() => cache.save()).not.toThrow();
  });
});
