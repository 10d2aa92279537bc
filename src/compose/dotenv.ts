/**
 * `.env` and `env_file` files, read as compose-go's `dotenv` package reads them:
 *
 * - `NAME=value`, `NAME: value` (YAML style), `export NAME=value`; spaces around `=` are ignored;
 * - `#` starts a comment at the start of a statement, and after ` #` (space, hash) in an unquoted
 *   value (`A=b#c` keeps `b#c`);
 * - unquoted values run to the end of the line, trailing whitespace trimmed;
 * - `'single'` values are literal; a backslash escapes only the quote (`'it\'s'`);
 * - `"double"` values may span lines and understand `\n \r \t \a \b \f \v \\ \" \$` and `\0NNN`
 *   (octal); other backslashes stay;
 * - unquoted and double-quoted values are interpolated (`${VAR}` etc., see interpolate.ts),
 *   looking a name up first with `lookup`, then among the variables defined earlier in the file;
 * - a bare `NAME` on its own line takes its value from `lookup`, and is left out when unset;
 * - after a quoted value, parsing resumes right after the closing quote (so text there starts a
 *   new statement, as in Compose).
 *
 * Where Compose's parser would do something nobody means, we report instead: an empty name
 * (`=value`) and whitespace inside a name are errors, and a bare `NAME` on the last line without
 * a line break is a bare name (compose-go reads it as the VALUE of an empty name).
 *
 * Compose stops at the first error; we report each bad statement (CX1103 with file:line:column,
 * or CX1101/CX1102 for interpolation) and go on with the next line. Messages never quote values.
 */
import { Diagnostic, error, SourceLocation } from '../diagnostics';
import { interpolateString, unsetVariableWarning, interpolationDiagnostic, VariableLookup } from './interpolate';
import { setOwn } from './yaml';

export interface ParsedDotenv {
  /**
   * Every variable the file defines, in file order: `NAME=value` entries, and bare `NAME`s that
   * `lookup` knows (a later definition of a name replaces an earlier one). Own properties only.
   */
  readonly values: Record<string, string>;
  /** The bare `NAME`s (no `=`), in file order without repeats, whether or not `lookup` knew them. */
  readonly bare: string[];
  /**
   * Where each of `values` is defined (its name), and whether its value came from the environment
   * (a bare name, or a value that referenced variables).
   */
  readonly origins: Record<string, DotenvOrigin>;
  readonly diagnostics: Diagnostic[];
}

export interface DotenvOrigin {
  readonly location: SourceLocation;
  readonly fromEnvironment: boolean;
}

const BYTE_ORDER_MARK = '\uFEFF';

/** Parses the text of one env file. `file` is used for diagnostics only. */
export function parseDotenv(text: string, file: string, lookup: VariableLookup): ParsedDotenv {
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const parser = new DotenvParser(source, file, lookup);
  parser.parse();
  return { values: parser.values, bare: parser.bare, origins: parser.origins, diagnostics: parser.diagnostics };
}

// Go's unicode.IsSpace (statement starts, trimming) and the dotenv parser's own isSpace, which
// leaves out line breaks.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
const TRAILING_UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$/;
const INLINE_SPACE = /[\t\v\f\r \u0085\u00A0]/;
// `^export\s+` with Go's `\s` ([\t\n\f\r ]).
const EXPORT_PREFIX = /export[\t\n\f\r ]+/y;
const NAME_CHARACTER = /^[\p{L}\p{N}_.\-[\]]$/u;

const NAME_HINT = 'write NAME=value; a name may contain letters, digits, "_", ".", "-", "[" and "]"';

class DotenvParser {
  readonly values: Record<string, string> = {};
  readonly bare: string[] = [];
  readonly origins: Record<string, DotenvOrigin> = {};
  readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly source: string,
    private readonly file: string,
    private readonly lookup: VariableLookup,
  ) {
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.lineStarts.push(i + 1);
  }

  parse(): void {
    let position = 0;
    for (;;) {
      const start = this.statementStart(position);
      if (start < 0) return;
      position = this.statement(start);
    }
  }

  /** The next statement's first character at or after `from`, skipping blank space and comments; -1 at the end. */
  private statementStart(from: number): number {
    let position = from;
    for (;;) {
      while (position < this.source.length && UNICODE_SPACE.test(this.source[position])) position++;
      if (position >= this.source.length) return -1;
      if (this.source[position] !== '#') return position;
      const lineBreak = this.source.indexOf('\n', position);
      if (lineBreak < 0) return -1;
      position = lineBreak;
    }
  }

  /** Parses one statement starting at `start`; returns where the next one may start. */
  private statement(start: number): number {
    let nameStart = start;
    EXPORT_PREFIX.lastIndex = start;
    if (EXPORT_PREFIX.test(this.source)) {
      // compose-go trims "export" and then only non-line-break spaces.
      nameStart = this.skipInlineSpace(start + 'export'.length);
    }

    // Find the end of the name: `=`, `:` or a line break (a bare name), checking characters on the way.
    let terminator = -1;
    for (let i = nameStart; i < this.source.length; ) {
      const codePoint = this.source.codePointAt(i) ?? 0;
      const character = String.fromCodePoint(codePoint);
      if (character === '=' || character === ':' || character === '\n') {
        terminator = i;
        break;
      }
      if (!INLINE_SPACE.test(character) && !NAME_CHARACTER.test(character)) {
        this.report(i, `invalid character ${JSON.stringify(character)} in a variable name`, NAME_HINT);
        return this.nextLine(i);
      }
      i += character.length;
    }
    const end = terminator < 0 ? this.source.length : terminator;
    const name = this.source.slice(nameStart, end).replace(TRAILING_UNICODE_SPACE, '');
    const isBare = terminator < 0 || this.source[terminator] === '\n';

    const innerSpace = name.search(INLINE_SPACE);
    if (innerSpace >= 0) {
      this.report(
        nameStart + innerSpace,
        'a variable name cannot contain a space',
        'write NAME=value, or a bare NAME on its own line to take the value from the environment',
      );
      return this.nextLine(nameStart);
    }

    if (isBare) {
      // An empty bare name is what `export` alone on a line leaves; compose-go ignores it.
      if (name !== '') {
        if (!this.bare.includes(name)) this.bare.push(name);
        const inherited = this.lookup(name);
        if (inherited !== undefined) {
          setOwn(this.values, name, inherited);
          setOwn(this.origins, name, { location: this.location(nameStart), fromEnvironment: true });
        }
      }
      return end + 1;
    }

    if (name === '') {
      this.report(nameStart, `missing variable name before "${this.source[terminator]}"`, 'write NAME=value');
      return this.nextLine(nameStart);
    }
    return this.value(name, this.skipInlineSpace(terminator + 1), nameStart);
  }

  /** Reads the value of `name` starting at `start`; returns where the next statement may start. */
  private value(name: string, start: number, nameStart: number): number {
    const quote = this.source[start];
    if (quote === '"' || quote === "'") {
      const closed = this.quoted(start, quote);
      if (closed === undefined) {
        this.report(
          start,
          `unterminated quoted value for ${name}`,
          `end the value with the quote it starts with (${quote}); inside it, write \\${quote} for a literal ${quote}`,
        );
        return this.nextLine(start);
      }
      if (quote === "'") {
        setOwn(this.values, name, closed.text);
        setOwn(this.origins, name, { location: this.location(nameStart), fromEnvironment: false });
      } else {
        // Escapes first, then interpolation (a `\$` has become `$$` by then); positions inside
        // the value no longer match the file, so failures point at the opening quote.
        this.assignInterpolated(name, expandEscapes(closed.text), () => this.location(start), nameStart);
      }
      return closed.end;
    }

    const lineBreak = this.source.indexOf('\n', start);
    const lineEnd = lineBreak < 0 ? this.source.length : lineBreak;
    let raw = this.source.slice(start, lineEnd);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = raw.replace(TRAILING_UNICODE_SPACE, '');
    this.assignInterpolated(name, raw, (offset) => this.location(start + offset), nameStart);
    return lineEnd + 1;
  }

  /**
   * Scans a quoted value whose opening quote is at `start`. A backslash before the quote drops
   * (the quote is kept); before anything else both characters stay, for `expandEscapes`.
   */
  private quoted(start: number, quote: string): { text: string; end: number } | undefined {
    let text = '';
    let escaping = false;
    for (let i = start + 1; i < this.source.length; i++) {
      const character = this.source[i];
      if (escaping) {
        escaping = false;
        text += character === quote ? character : '\\' + character;
      } else if (character === '\\') {
        escaping = true;
      } else if (character === quote) {
        return { text, end: i + 1 };
      } else {
        text += character;
      }
    }
    return undefined;
  }

  private assignInterpolated(name: string, raw: string, locate: (offset: number) => SourceLocation, nameStart: number): void {
    let referenced = false;
    const unset: string[] = [];
    const result = interpolateString(
      raw,
      (variable) => {
        referenced = true;
        const fromLookup = this.lookup(variable);
        if (fromLookup !== undefined) return fromLookup;
        return Object.prototype.hasOwnProperty.call(this.values, variable) ? this.values[variable] : undefined;
      },
      unset,
    );
    if ('value' in result) {
      // As in the compose file (CX1104): a `${VAR}` nothing sets becomes blank, said at the value.
      for (const variable of new Set(unset)) this.diagnostics.push(unsetVariableWarning(variable, locate(0)));
      setOwn(this.values, name, result.value);
      setOwn(this.origins, name, { location: this.location(nameStart), fromEnvironment: referenced });
      return;
    }
    this.diagnostics.push(interpolationDiagnostic(result.error, locate(result.error.offset), name));
  }

  private skipInlineSpace(from: number): number {
    let position = from;
    while (position < this.source.length && INLINE_SPACE.test(this.source[position])) position++;
    return position;
  }

  /** Where parsing resumes after a bad statement: the start of the next line. */
  private nextLine(from: number): number {
    const lineBreak = this.source.indexOf('\n', from);
    return lineBreak < 0 ? this.source.length : lineBreak + 1;
  }

  private location(offset: number): SourceLocation {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: this.file, line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  private report(offset: number, message: string, hint: string): void {
    this.diagnostics.push(error('CX1103', message, this.location(offset), hint));
  }
}

// compose-go's `(\\(?:[abcfnrtv$"\\]|0\d{0,3}))`.
const ESCAPE_SEQUENCE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const SIMPLE_ESCAPES = new Map<string, string>([
  ['\\a', '\x07'],
  ['\\b', '\b'],
  ['\\f', '\f'],
  ['\\n', '\n'],
  ['\\r', '\r'],
  ['\\t', '\t'],
  ['\\v', '\v'],
  ['\\\\', '\\'],
  ['\\"', '"'],
]);

/**
 * compose-go's `expandEscapes`: `\$` becomes `$$` (a literal `$` for the interpolation that
 * follows), `\0NNN` is an octal byte, the others are Go's escapes; anything Go cannot unquote is
 * kept, in its rewritten form (so `\0` alone becomes `\`, and `\c` stays `\c`).
 */
export function expandEscapes(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, (match) => {
    if (match === '\\$') return '$$';
    const sequence = match.startsWith('\\0') ? '\\' + match.slice(2) : match;
    return SIMPLE_ESCAPES.get(sequence) ?? octal(sequence) ?? sequence;
  });
}

/** `\NNN`, exactly three octal digits up to 0377, as Go's `strconv.UnquoteChar` reads it. */
function octal(sequence: string): string | undefined {
  if (!/^\\[0-7]{3}$/.test(sequence)) return undefined;
  const code = parseInt(sequence.slice(1), 8);
  return code > 0o377 ? undefined : String.fromCharCode(code);
}
