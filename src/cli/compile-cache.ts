/**
 * A V8 code cache for the CLI's CommonJS modules, on Node versions without `module.enableCompileCache`
 * (before 22.1; bin/composex.js uses Node's own cache where it exists).
 *
 * A render requires some 530 modules, 8 MB of JavaScript (most of it aws-cdk-lib), and V8 compiles
 * each one, and later each function it runs, from source on every run. V8 can serialize what it
 * compiled (`vm.Script#createCachedData`) and start from that the next time (`cachedData`): the
 * functions a run compiled lazily are in it too when the data is taken after the run. So: every
 * module this process compiles goes through `vm.Script` with the cached data for its path, if the
 * cache holds some for exactly that source (a SHA-1 of the text: V8 itself checks only the
 * length); at exit, the modules that had none, or whose data V8 rejected (another V8 version or
 * other flags), are serialized and the cache file is rewritten (a temporary file renamed: runs at
 * the same time never read half a file; the last one wins).
 *
 * The cache is one file per V8 version, architecture and composex install, in
 * `<cache directory>/compile/` (the validation cache's directory: `$COMPOSEX_CACHE_DIR`,
 * `$XDG_CACHE_HOME/composex` or `~/.cache/composex`), or in `$COMPOSEX_COMPILE_CACHE_DIR`; files
 * nobody used for 30 days are removed. `COMPOSEX_COMPILE_CACHE=0` turns it off. Anything unexpected (no such API, a file that does not
 * parse, a cache that cannot be written) leaves Node's own loading, only slower.
 *
 * Modules are compiled with the same wrapper Node uses (`Module.wrap`: line numbers are the same)
 * and get the same `require` (resolve, paths, cache, main). A file that starts with `#!`, or that
 * Node would not load through `Module.prototype._compile` as plain CommonJS, is left to Node.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import { cacheDirectory } from '../render/validation-cache';

const FORMAT = 'composex-compile-cache-1';
/** The process's main module (bin/composex.js), what `require.main` is in every module. */
const mainModule = require.main;
const UNUSED_MS = 30 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

interface Entry {
  readonly hash: string;
  readonly data: Buffer;
}

interface Compiled {
  readonly hash: string;
  readonly script: vm.Script;
  /** Cached data V8 accepted for this module: kept as it is. */
  readonly reused?: Buffer;
}

type CompileFn = (this: NodeModule, content: string, filename: string) => unknown;

interface ModuleInternals {
  prototype: { _compile: CompileFn; require: (id: string) => unknown };
  wrap: (source: string) => string;
  _resolveFilename: (request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }) => string;
  _resolveLookupPaths?: (request: string, parent: NodeModule) => string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

/** Installs the cache for this process; returns false when it cannot (and changes nothing then). */
export function installCompileCache(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (env.COMPOSEX_COMPILE_CACHE === '0') return false;
  const M = Module as unknown as ModuleInternals;
  if (typeof M.prototype._compile !== 'function' || typeof M.wrap !== 'function' || dynamicImport() === undefined) return false;
  const root = cacheDirectory(env);
  const dir = env.COMPOSEX_COMPILE_CACHE_DIR ? path.resolve(env.COMPOSEX_COMPILE_CACHE_DIR) : root && path.join(root, 'compile');
  if (!dir) return false;
  const cache = new CompileCache(path.join(dir, `${FORMAT}-${process.versions.v8}-${process.arch}-${hash(__dirname).slice(0, 12)}.bin`));
  const nodeCompile = M.prototype._compile;
  M.prototype._compile = function (this: NodeModule, content: string, filename: string): unknown {
    return cache.compile(this, content, filename, nodeCompile);
  };
  process.once('exit', () => cache.save());
  return true;
}

/** How `import()` in a cached module resolves: as in any CommonJS module (Node ≥ 20.12). */
function dynamicImport(): symbol | undefined {
  return (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
}

/** One cache file: the data read at start, and what this process compiled. */
export class CompileCache {
  readonly stats = { reused: 0, compiled: 0, rejected: 0 };
  private readonly entries: Map<string, Entry>;
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly file: string) {
    this.entries = readCache(file);
  }

  /** `Module.prototype._compile` for `mod`, with cached data when the cache has it for this source; else `nodeCompile`'s. */
  compile(mod: NodeModule, content: string, filename: string, nodeCompile: CompileFn): unknown {
    const importDefault = dynamicImport();
    if (typeof content !== 'string' || content.startsWith('#!') || !path.isAbsolute(filename) || importDefault === undefined) {
      return nodeCompile.call(mod, content, filename);
    }
    const M = Module as unknown as ModuleInternals;
    const sourceHash = hash(content);
    const entry = this.entries.get(filename);
    const cachedData = entry?.hash === sourceHash ? entry.data : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(M.wrap(content), {
        filename,
        cachedData,
        importModuleDynamically: importDefault as unknown as vm.ScriptOptions['importModuleDynamically'],
      });
    } catch {
      return nodeCompile.call(mod, content, filename); // Node reports the syntax error its own way
    }
    const reused = cachedData !== undefined && !script.cachedDataRejected ? cachedData : undefined;
    if (reused) this.stats.reused++;
    else if (cachedData) this.stats.rejected++;
    else this.stats.compiled++;
    this.compiled.set(filename, { hash: sourceHash, script, reused });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(mod.exports, mod.exports, makeRequire(mod, M), mod, filename, path.dirname(filename));
  }

  /**
   * Rewrites the file when this process compiled a module the cache had no accepted data for
   * (taken now, after the run: with the functions compiled since). Never throws.
   */
  save(): void {
    try {
      save(this.file, this.entries, this.compiled);
    } catch {
      // an optimization only
    }
  }
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The `require` Node gives a module (lib/internal/modules/helpers.js, makeRequireFunction). */
function makeRequire(mod: NodeModule, M: ModuleInternals): NodeJS.Require {
  const require = function require(id: string): unknown {
    return M.prototype.require.call(mod, id);
  } as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => (M._resolveLookupPaths ? M._resolveLookupPaths(request, mod) : null);
  require.resolve = resolve;
  require.main = mainModule;
  require.extensions = M._extensions as NodeJS.Require['extensions'];
  require.cache = M._cache as NodeJS.Require['cache'];
  return require;
}

/** The file: a 4-byte header length, a JSON header `[path, sha1, length][]`, then the data, in order. */
function readCache(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return entries;
  }
  try {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as [string, string, number][];
    let offset = 4 + headerLength;
    for (const [filename, sourceHash, length] of header) {
      if (offset + length > bytes.length) return new Map();
      entries.set(filename, { hash: sourceHash, data: bytes.subarray(offset, offset + length) });
      offset += length;
    }
    touchDaily(file);
  } catch {
    return new Map();
  }
  return entries;
}

/** Rewrites the file when this run compiled a module the cache had no (accepted) data for. */
function save(file: string, entries: Map<string, Entry>, compiled: ReadonlyMap<string, Compiled>): void {
  let changed = false;
  for (const [filename, c] of compiled) {
    if (c.reused) continue;
    const data = c.script.createCachedData();
    if (data.length === 0) continue;
    entries.set(filename, { hash: c.hash, data });
    changed = true;
  }
  if (!changed) return;
  const header: [string, string, number][] = [];
  const blobs: Buffer[] = [];
  for (const [filename, entry] of entries) {
    header.push([filename, entry.hash, entry.data.length]);
    blobs.push(entry.data);
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length, 0);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([length, headerBytes, ...blobs]));
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  removeUnused(dir, file);
}

/** Keeps the file's modification time within a day of its last use (what `removeUnused` reads). */
function touchDaily(file: string): void {
  const now = Date.now();
  if (now - fs.statSync(file).mtimeMs > DAY_MS) fs.utimesSync(file, new Date(now), new Date(now));
}

/** Removes the other cache files (other Node versions, other installs) nobody used for 30 days. */
function removeUnused(dir: string, keep: string): void {
  const cutoff = Date.now() - UNUSED_MS;
  for (const name of fs.readdirSync(dir)) {
    const other = path.join(dir, name);
    if (other === keep || !name.startsWith('composex-compile-cache-')) continue;
    try {
      if (fs.statSync(other).mtimeMs < cutoff) fs.rmSync(other, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}
