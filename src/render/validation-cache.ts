/**
 * A persistent, content-addressed cache of the CloudFormation validator's findings.
 *
 * The validator is a pure function of the template text, the template's name, the validator's
 * build and the configuration we call it with; its engine takes ~1.5 s to start. So a template
 * validated once is never validated again: its findings are kept under
 * `sha256(format, composex version, validator version, config, name, content)`, in
 *
 *   $COMPOSEX_CACHE_DIR, or $XDG_CACHE_HOME/composex, or ~/.cache/composex
 *
 * as `validation/<2 hex>/<64 hex>.json`. An entry is written to a temporary file and renamed into
 * place, so concurrent runs never read half an entry; an entry that does not parse, or does not
 * carry its own key, is treated as absent (and rewritten). Failing to read or write the cache never
 * fails a render: it only makes it slower.
 *
 * Only findings are cached, never diagnostics: positions in the compose file (raw x- properties)
 * are recomputed from the current model each run.
 *
 * The cache does not grow without bound: a hit refreshes its entry's modification time, and at most
 * once a day (a `last-pruned` marker) a run removes the entries and run records nobody read for
 * `UNUSED_DAYS` days. Removing an entry another run is reading is harmless: that run has its text
 * already, or sees the entry absent and validates again.
 */
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Bump when the stored shape or what we store changes. */
const CACHE_FORMAT = 'composex-validation-1';

/** Entries not read for this many days are removed. */
export const UNUSED_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A validator finding, reduced to the fields composex reads (validate.ts). */
export interface StoredFinding {
  readonly severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly ruleId: string;
  readonly message: string;
  readonly entity?: { readonly logicalId: string; readonly entityType?: string; readonly resourceType?: string };
  readonly propertyPath?: string;
  readonly startLine?: number;
  readonly startColumn?: number;
}

export interface ValidationCacheStats {
  hits: number;
  misses: number;
  writes: number;
}

/** The cache directory for an environment (`COMPOSEX_CACHE_DIR` wins, then XDG, then HOME). */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.COMPOSEX_CACHE_DIR) return path.resolve(env.COMPOSEX_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'composex');
  const home = env.HOME || os.homedir();
  return home ? path.join(home, '.cache', 'composex') : undefined;
}

export class ValidationCache {
  readonly stats: ValidationCacheStats = { hits: 0, misses: 0, writes: 0 };
  private readonly dir: string;
  private readonly salt: string;
  private readonly root: string;

  /**
   * `identity` names everything besides the template that decides the findings (the validator's
   * version, the configuration): a change to any of it addresses different entries.
   */
  constructor(root: string, identity: string) {
    this.root = root;
    this.dir = path.join(root, 'validation');
    this.salt = `${CACHE_FORMAT}\0${identity}\0`;
  }

  key(name: string, content: string): string {
    return createHash('sha256').update(this.salt).update(name).update('\0').update(content).digest('hex');
  }

  /** The stored findings, or undefined (absent, unreadable or corrupt). */
  get(key: string): StoredFinding[] | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file(key), 'utf8');
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const findings = parseEntry(text, key);
    if (findings) {
      this.stats.hits++;
      touch(this.file(key));
    } else this.stats.misses++;
    return findings;
  }

  has(key: string): boolean {
    return fs.existsSync(this.file(key));
  }

  /** Stores findings atomically (temporary file + rename); errors are ignored. */
  set(key: string, findings: readonly StoredFinding[]): void {
    if (writeAtomically(this.file(key), JSON.stringify({ key, findings }))) this.stats.writes++;
  }

  /**
   * Whether the templates a run with these inputs rendered last time are all cached: a prediction
   * (the inputs may have changed in ways `run` does not see), used only to decide whether to
   * start an engine early.
   */
  lastRunCached(run: string): boolean {
    try {
      const keys = JSON.parse(fs.readFileSync(this.runFile(run), 'utf8')) as unknown;
      return Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string' && /^[0-9a-f]{64}$/.test(k) && this.has(k));
    } catch {
      return false;
    }
  }

  /** Remembers the template keys of a run (for `lastRunCached`). */
  recordRun(run: string, keys: readonly string[]): void {
    writeAtomically(this.runFile(run), JSON.stringify(keys));
  }

  /**
   * Removes entries and run records older than `UNUSED_DAYS` (by modification time, which a hit
   * refreshes), when the last pruning is a day old or more. Returns how many files were removed.
   */
  pruneIfDue(now: number = Date.now()): number {
    const marker = path.join(this.root, 'last-pruned');
    try {
      if (now - fs.statSync(marker).mtimeMs < DAY_MS) return 0;
    } catch {
      // never pruned: prune now
    }
    if (!writeAtomically(marker, new Date(now).toISOString())) return 0;
    const cutoff = now - UNUSED_DAYS * DAY_MS;
    let removed = 0;
    const sweep = (dir: string) => {
      for (const name of readDir(dir)) {
        const file = path.join(dir, name);
        try {
          const stat = fs.statSync(file);
          if (stat.isDirectory()) sweep(file);
          else if (stat.mtimeMs < cutoff && (name.endsWith('.json') || name.endsWith('.tmp'))) {
            fs.rmSync(file, { force: true });
            removed++;
          }
        } catch {
          // gone meanwhile, or not ours to remove
        }
      }
    };
    sweep(this.dir);
    sweep(path.join(this.root, 'runs'));
    return removed;
  }

  private runFile(run: string): string {
    return path.join(this.root, 'runs', `${createHash('sha256').update(run).digest('hex')}.json`);
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Marks an entry as used now; a failure only makes it older. */
function touch(file: string): void {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // read-only cache directory: the entry keeps its age
  }
}

/** Temporary file + rename: readers see the old file or the new one, never a part. */
function writeAtomically(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do: the cache is an optimization
    }
    return false;
  }
}

function parseEntry(text: string, key: string): StoredFinding[] | undefined {
  try {
    const entry = JSON.parse(text) as { key?: unknown; findings?: unknown };
    if (entry.key !== key || !Array.isArray(entry.findings)) return undefined;
    return entry.findings.every(isFinding) ? (entry.findings as StoredFinding[]) : undefined;
  } catch {
    return undefined;
  }
}

function isFinding(f: unknown): boolean {
  if (typeof f !== 'object' || f === null) return false;
  const o = f as Record<string, unknown>;
  return typeof o.severity === 'string' && typeof o.ruleId === 'string' && typeof o.message === 'string';
}

/** composex's own version (from package.json, found upwards from src/ or dist/src/). */
export function composexVersion(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'composex') return pkg.version ?? '0.0.0';
      } catch {
        // keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) return '0.0.0';
    dir = path.dirname(dir);
  }
}
