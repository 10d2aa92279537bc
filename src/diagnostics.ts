/**
 * Diagnostics shared by every stage of the pipeline.
 *
 * A stage never throws for a user mistake: it collects `Diagnostic`s and carries on where it can,
 * so one run reports every problem it finds. `formatDiagnostic` renders one for a terminal,
 * `file:line:column`, code, message, hint and (when the source text is known) a code frame.
 */

import type { ComposeCode } from './compose/codes';
import type { DeployCode } from './diagnostic-codes/deploy';
import type { GenerateCode } from './diagnostic-codes/generate';
import type { RenderCode } from './diagnostic-codes/render';
import type { Code as ResolveCode } from './resolve/codes';
import { looksLikeSecretName } from './secret-names';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every code a stage may report: a closed union of the stages' own lists, so a code that is not
 * listed (a typo, a retired code) does not type-check. docs/diagnostics.md says what each means.
 */
export type DiagnosticCode = ComposeCode | ResolveCode | GenerateCode | RenderCode | DeployCode;

/** The type `error` / `warning` take for a code: one of the closed lists, never any string. */
export type CodeArgument<C extends string> = C & DiagnosticCode;

/** A position in a source file; line and column are 1-based. */
/** A place in a compose document, as keys and indexes from its root: `['services', 'api', 'ports', 0]`. */
export type ConfigPath = readonly (string | number)[];

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code, e.g. `CX1001`. Listed in docs/diagnostics.md. */
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** What to do about it. */
  readonly hint?: string;
}

export function diagnostic<C extends string>(
  severity: Severity,
  code: CodeArgument<C>,
  message: string,
  location?: SourceLocation,
  hint?: string,
): Diagnostic {
  return {
    severity,
    code,
    message,
    ...(location ? { file: location.file, line: location.line, column: location.column } : {}),
    ...(hint ? { hint } : {}),
  };
}

export function error<C extends string>(code: CodeArgument<C>, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return diagnostic('error', code, message, location, hint);
}

export function warning<C extends string>(code: CodeArgument<C>, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return diagnostic('warning', code, message, location, hint);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, line, column, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/** Removes exact duplicates (the same problem found twice through two paths). */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.severity}|${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/**
 * Thrown only to unwind out of a stage that cannot continue; always carries diagnostics and is
 * caught at the API boundary (`loadProject`, the CLI), never shown as a stack trace.
 */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/** The lines of the last source framed: a run with thousands of diagnostics splits a file once. */
let framed: { source: string; lines: readonly string[] } | undefined;

function linesOf(source: string): readonly string[] {
  if (framed?.source !== source) framed = { source, lines: source.split(/\r?\n/) };
  return framed.lines;
}

/**
 * Values a code frame never shows: a secret written in the file must not reach a terminal or a CI
 * log through the frame of a diagnostic at its line or a neighbouring one (CX1105, CX3609, CX3258
 * say the value is there; their frames show it masked). Masked: the scalar value of a key that
 * reads as a secret's name (`DB_PASSWORD: …`, `- API_TOKEN=…`, `MasterUserPassword: …`,
 * `ClientSecret: …`; src/secret-names.ts), unless it is a reference (`{{resolve:…}}`, `${VAR}`),
 * also when it is written on the lines after the key (a block scalar: `ClientSecret: >-`), and the
 * password of a URL (`postgres://app:***@db`).
 */
const KEY_VALUE = /(["']?)([A-Za-z_][\w.-]*)(["']?\s*[:=]\s*)("[^"]*"?|'[^']*'?|[^\s,{}[\]#'"][^,}#]*)/g;
const REFERENCE = /^["']?(\{\{resolve:|\$\{|\$[A-Za-z_])/;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)[^\s/@]+@/gi;

function masked(text: string): string {
  return text
    .replace(URL_PASSWORD, '$1***@')
    .replace(KEY_VALUE, (all, quote: string, key: string, sep: string, value: string) =>
      looksLikeSecretName(key) && !REFERENCE.test(value) && value.trim() !== '' ? `${quote}${key}${sep}***` : all,
    );
}

/** A key whose value starts on the next lines (`ClientSecret:`, `ClientSecret: >-`, `- API_TOKEN: |`). */
const KEY_ALONE = /^\s*(?:-\s+)?(["']?)([A-Za-z_][\w.-]*)\1\s*:\s*(?:[|>][-+0-9]*)?\s*(?:#.*)?$/;

/** The lines (1-based) of the last source framed that continue a secret's value, computed once per source. */
let continued: { source: string; lines: ReadonlySet<number> } | undefined;

/**
 * Lines that hold the value of a key reading as a secret's name, written on the lines after the
 * key (a block scalar, or a plain scalar on the next line): every line more indented than the key
 * alone, up to the next that is not. One pass over the source.
 */
function secretContinuations(source: string): ReadonlySet<number> {
  if (continued?.source === source) return continued.lines;
  const lines = linesOf(source);
  const out = new Set<number>();
  let owner: number | undefined; // indentation of the secret key whose value lines follow
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const indent = text.length - text.trimStart().length;
    if (owner !== undefined && indent > owner) {
      out.add(i + 1);
      return;
    }
    const key = KEY_ALONE.exec(text);
    owner = key !== null && looksLikeSecretName(key[2]) ? indent : undefined;
  });
  continued = { source, lines: out };
  return out;
}

/** Renders a code frame: the line, its neighbours and a caret under the column. */
export function codeFrame(source: string, line: number, column: number, context = 1): string {
  const lines = linesOf(source);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    const text = lines[n - 1];
    // A secret's value on the lines after its key: the whole line is the value.
    const shown = secretContinuations(source).has(n) ? `${text.slice(0, text.length - text.trimStart().length)}***` : masked(text);
    out.push(`${marker} ${String(n).padStart(width)} | ${shown}`);
    if (n === line) {
      const pad = ' '.repeat(Math.max(0, column - 1));
      out.push(`  ${' '.repeat(width)} | ${pad}^`);
    }
  }
  return out.join('\n');
}

export interface FormatOptions {
  /** Source texts by file name, for code frames. */
  readonly sources?: ReadonlyMap<string, string>;
  /** Make file names relative to this directory. */
  readonly cwd?: string;
}

export function formatLocation(d: Diagnostic, cwd?: string): string {
  if (!d.file) return '';
  let file = d.file;
  if (cwd && file.startsWith(cwd + '/')) file = file.slice(cwd.length + 1);
  if (d.line === undefined) return file;
  return `${file}:${d.line}:${d.column ?? 1}`;
}

export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const where = formatLocation(d, options.cwd);
  const head = `${where ? where + ': ' : ''}${d.severity} ${d.code}: ${d.message}`;
  const parts = [head];
  const source = d.file ? options.sources?.get(d.file) : undefined;
  if (source !== undefined && d.line !== undefined) {
    const frame = codeFrame(source, d.line, d.column ?? 1);
    if (frame) parts.push(frame);
  }
  if (d.hint) parts.push(`  hint: ${d.hint}`);
  return parts.join('\n');
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Levenshtein distance if it is at most `max`, else `max + 1`: stops as soon as every cell of a row
 * exceeds the bound (what makes "did you mean" cheap against thousands of names).
 */
function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      if (prev[j] < rowMin) rowMin = prev[j];
    }
    if (rowMin > max) return max + 1;
  }
  return Math.min(prev[b.length], max + 1);
}

/**
 * Edit distance from a pattern of at most 32 characters to `text`, bit-parallel (Myers 1999, in
 * Hyyrö's formulation): one pass over `text` with a few word operations per character.
 */
function bitParallelDistance(peq: ReadonlyMap<string, number>, m: number, text: string): number {
  if (m === 0) return text.length;
  const last = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const eq = peq.get(text[j]) ?? 0;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = (ph << 1) | 1;
    mh = mh << 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

/** Lower-cased candidate lists, computed once per list (suggestions for many names share one). */
const lowered = new WeakMap<readonly string[], readonly string[]>();

function lowerCased(candidates: Iterable<string>): { names: readonly string[]; lower: readonly string[] } {
  const names = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  let lower = lowered.get(names);
  if (!lower) lowered.set(names, (lower = names.map((c) => c.toLowerCase())));
  return { names, lower };
}

/**
 * The closest candidate to `name`, if one is close enough to be a plausible typo (ties go to the
 * smallest name). Cheap enough to run for thousands of unknown names against thousands of
 * candidates.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const pattern = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  const { names, lower } = lowerCased(candidates);
  let peq: Map<string, number> | undefined;
  if (pattern.length <= 32) {
    peq = new Map();
    for (let i = 0; i < pattern.length; i++) peq.set(pattern[i], (peq.get(pattern[i]) ?? 0) | (1 << i));
  }
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (let k = 0; k < names.length; k++) {
    const c = lower[k];
    if (Math.abs(c.length - pattern.length) > bestDistance) continue;
    const d = peq ? bitParallelDistance(peq, pattern.length, c) : editDistance(pattern, c);
    if (d < bestDistance || (d === bestDistance && d <= limit && best !== undefined && names[k] < best)) {
      best = names[k];
      bestDistance = d;
    }
  }
  return best;
}

/** The `n` smallest names in code-point order, without sorting them all. */
function smallest(names: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (out.length === n && name >= out[n - 1]) continue;
    let i = out.length;
    while (i > 0 && out[i - 1] > name) i--;
    out.splice(i, 0, name);
    if (out.length > n) out.pop();
  }
  return out;
}

/** "did you mean 'x'?" or a list of the valid names. */
export function suggestion(name: string, candidates: readonly string[], noun = 'name'): string {
  const near = closest(name, candidates);
  if (near) return `did you mean '${near}'?`;
  if (candidates.length === 0) return `no ${noun} is defined`;
  const shown = smallest(candidates, 10);
  return `valid ${noun}s: ${shown.join(', ')}${candidates.length > 10 ? ', …' : ''}`;
}
