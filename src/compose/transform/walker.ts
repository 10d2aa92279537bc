/**
 * The walker of the canonical form (`../canonical.ts`): visits a service's values, applies the
 * rule found for each path, handles `!reset` / `!override` tags and collects diagnostics. The
 * rules themselves live in the other files of this folder, one file per concern.
 */
import { Diagnostic, error } from '../../diagnostics';
import { CANONICAL_CODES as C, ComposeCode } from '../codes';
import type { Path, SourceMap } from '../source-map';
import { isOverride, isPlainObject, isReset, OverrideTag } from '../tags';
import { setOwn } from '../yaml';

export interface CanonicalContext {
  /** Directory relative host paths resolve against (absolute). */
  readonly baseDir: string;
  /** The compose file, for diagnostics when the source map has no position. */
  readonly file: string;
  readonly sourceMap: SourceMap;
  /** Path of the service in the document, e.g. `['services', 'web']`. */
  readonly path: Path;
}

/** Either a parsed value or what is wrong with the input and how to write it. */
export type Parsed<T> = { readonly value: T } | { readonly error: string; readonly hint: string };

/** Returned by a rule to leave the value out (it was invalid and has been reported). */
export const DROP: unique symbol = Symbol('drop');

/** Rewrites the value found at `at`; may return DROP. */
export type Rule = (value: unknown, at: Path, w: Walker) => unknown;

/** Finds the rule for a path inside a service, and whether rules apply deeper (`../canonical.ts`). */
export interface RuleTable {
  ruleAt(at: Path): Rule | undefined;
  hasRulesBelow(at: Path): boolean;
}

export class Walker {
  readonly diagnostics: Diagnostic[] = [];
  private quiet = 0;

  constructor(
    readonly service: string,
    readonly ctx: CanonicalContext,
    private readonly rules: RuleTable,
  ) {}

  /** Canonical form of `value` found at `at` (a path inside the service). May return DROP. */
  visit(value: unknown, at: Path): unknown {
    if (isReset(value)) return value;
    if (isOverride(value)) {
      const inner = this.visit(value.value, at);
      return inner === DROP ? DROP : new OverrideTag(inner);
    }
    if (value === null || value === undefined) return value;
    const rule = this.rules.ruleAt(at);
    if (rule) return rule(value, at, this);
    if (this.rules.hasRulesBelow(at)) return this.children(value, at);
    return value;
  }

  /** A copy of a mapping or list with every child visited (invalid children left out). */
  children(value: unknown, at: Path): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const v = this.visit(item, [...at, i]);
        if (v !== DROP) out.push(v);
      });
      return out;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const v = this.visit(item, [...at, key]);
        if (v !== DROP) setOwn(out, key, v);
      }
      return out;
    }
    return value;
  }

  /** Reports a problem with the value at `at`. */
  report(code: ComposeCode, at: Path, problem: string, hint: string): void {
    if (this.quiet > 0) return;
    const where = fieldName(at);
    const message = `service "${this.service}": ${where ? where + ': ' : ''}${problem}`;
    const loc = this.ctx.sourceMap.value([...this.ctx.path, ...at]);
    const d = error(code, message, loc, hint);
    this.diagnostics.push(loc ? d : { ...d, file: this.ctx.file });
  }

  /** Reports a value whose type the key does not take; returns DROP. */
  wrongType(at: Path, value: unknown, expected: string): typeof DROP {
    this.report(C.type, at, `expected ${expected}, got ${describe(value)}`, `see the Compose specification for "${fieldName(at)}"`);
    return DROP;
  }

  /** Runs `fn` without reporting (for the content of `!reset` entries, which is discarded). */
  quietly<T>(fn: () => T): T {
    this.quiet++;
    try {
      return fn();
    } finally {
      this.quiet--;
    }
  }
}

/** `ports[0].target`, `deploy.resources.limits.memory` */
export function fieldName(at: Path): string {
  let out = '';
  for (const p of at) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/** A value quoted for a message: strings in double quotes (shortened), others as written. */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const short = value.length > 120 ? value.slice(0, 117) + '…' : value;
  return JSON.stringify(short);
}

/**
 * Calls `fn` for each list item with its tag unwrapped; `wrap` puts a result back under the same
 * tag (an `!override` item's value is re-wrapped; a `!reset` item is returned as it was). A rule
 * producing a list passes a `!reset` item through (`reset` is true); a rule producing a mapping
 * still needs the item's key, so `fn` also runs on a `!reset` item's content, without reporting.
 */
export function eachItem(
  w: Walker,
  items: readonly unknown[],
  at: Path,
  fn: (inner: unknown, itemAt: Path, wrap: (v: unknown) => unknown, reset: boolean) => void,
): void {
  items.forEach((item, i) => {
    const itemAt = [...at, i];
    if (isReset(item)) w.quietly(() => fn(item.original, itemAt, () => item, true));
    else if (isOverride(item)) fn(item.value, itemAt, (v) => new OverrideTag(v), false);
    else fn(item, itemAt, (v) => v, false);
  });
}

/**
 * Calls `fn` for each entry of a mapping with its tag unwrapped; `fn` sets the entry's canonical
 * value in `out` through `wrap`. A `!reset` entry is copied to `out` as it was.
 */
export function eachEntry(
  map: Record<string, unknown>,
  at: Path,
  out: Record<string, unknown>,
  fn: (key: string, inner: unknown, entryAt: Path, wrap: (v: unknown) => unknown) => void,
): void {
  for (const [key, item] of Object.entries(map)) {
    const entryAt = [...at, key];
    if (isReset(item)) setOwn(out, key, item);
    else if (isOverride(item)) fn(key, item.value, entryAt, (v) => new OverrideTag(v));
    else fn(key, item, entryAt, (v) => v);
  }
}
