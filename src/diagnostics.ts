/**
 * Diagnostics shared by every stage of the pipeline.
 *
 * A stage never throws for a user mistake: it collects `Diagnostic`s and carries on where it can,
 * so one run reports every problem it finds. `formatDiagnostic` renders one for a terminal,
 * `file:line:column`, code, message, hint and (when the source text is known) a code frame.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A position in a source file; line and column are 1-based. */
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

export function diagnostic(
  severity: Severity,
  code: string,
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

export function error(code: string, message: string, location?: SourceLocation, hint?: string): Diagnostic {
  return diagnostic('error', code, message, location, hint);
}

export function warning(code: string, message: string, location?: SourceLocation, hint?: string): Diagnostic {
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

/** Renders a code frame: the line, its neighbours and a caret under the column. */
export function codeFrame(source: string, line: number, column: number, context = 1): string {
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1]}`);
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

/** The closest candidate to `name`, if one is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "did you mean 'x'?" or a list of the valid names. */
export function suggestion(name: string, candidates: readonly string[], noun = 'name'): string {
  const near = closest(name, candidates);
  if (near) return `did you mean '${near}'?`;
  if (candidates.length === 0) return `no ${noun} is defined`;
  const shown = [...candidates].sort().slice(0, 10);
  return `valid ${noun}s: ${shown.join(', ')}${candidates.length > 10 ? ', …' : ''}`;
}
