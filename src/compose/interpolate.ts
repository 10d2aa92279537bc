/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternate}`, `${VAR+alternate}`, nesting, and `$$`.
 *
 * This follows compose-go's `template` package (the code Docker Compose runs) rather than a
 * shell grammar, including its quirks, because a file must mean the same thing here as under
 * `docker compose`:
 * - a reference is found with compose-go's regular expression, whose `${NAME<op>…}` arm runs
 *   greedily to the LAST `}` on the line, and is then cut at the first balanced `}`, where balance
 *   counts every `{` (not only `${`), so `${A:-{"json":1}}` defaults to `{"json":1}`;
 * - a reference never spans a line break, so `${A:-x` + newline + `}` is invalid;
 * - the operator is the one right after the name, so `${A-x?y}` defaults to `x?y`;
 * - defaults, alternates and error texts are interpolated BEFORE the variable is looked at, so
 *   `${SET:-${UNSET:?msg}}` fails even though SET has a value;
 * - a `$` that starts no reference (`$1`, `$ `, `$}`, a trailing `$`) is kept as it is, while `${`
 *   that does not form a reference (`${}`, `${1A}`, `${A }`, `${A:x}`) is an error;
 * - `${NAME[key]…}` (compose-go's "named mappings", off in Compose itself) is kept literally.
 *
 * Failures name variables, never their values: values may be secrets.
 */
import { Diagnostic, error, SourceLocation, warning } from '../diagnostics';
import type { ComposeCode } from './codes';
import { Path, SourceMap } from './source-map';
import { isOverride, isPlainObject, isReset, OverrideTag } from './tags';
import { setOwn } from './yaml';

/** Looks a variable up; `undefined` means unset, which differs from set-but-empty. */
export type VariableLookup = (name: string) => string | undefined;

/** A required variable (`${NAME:?reason}` / `${NAME?reason}`) has no usable value. */
export interface MissingRequiredVariable {
  readonly kind: 'missing-required';
  readonly variable: string;
  /** The error text after the operator as written in the file (possibly empty). */
  readonly reason: string;
  readonly operator: ':?' | '?';
  /** True when the variable is set but empty (only `:?` rejects that). */
  readonly setButEmpty: boolean;
  /** Index in the interpolated text of the `$` that starts the failing reference. */
  readonly offset: number;
}

/** `${` that does not form a valid reference. */
export interface InvalidInterpolationFormat {
  readonly kind: 'invalid-format';
  /** The whole text being interpolated. */
  readonly text: string;
  /** Index in `text` of the `$` that starts the malformed reference. */
  readonly offset: number;
}

/** References nested deeper than `MAX_NESTING` (a guard against hostile input, not a Compose rule). */
export interface InterpolationTooDeep {
  readonly kind: 'too-deep';
  readonly text: string;
  readonly offset: number;
}

export type InterpolationFailure = MissingRequiredVariable | InvalidInterpolationFormat | InterpolationTooDeep;

export type InterpolationResult = { readonly value: string } | { readonly error: InterpolationFailure };

/** How deep defaults may nest (`${A:-${B:-${C…}}}`); real files use two or three levels. */
export const MAX_NESTING = 64;

// compose-go's pattern, `\$(?i:(?P<escaped>\$)|(?P<named>…)|{(?:(?P<braced>…)}|(?P<mapping>…)}|(?P<invalid>)))`,
// transcribed. Go's `.` is `[^\n]` here (JS `.` also stops at `\r`), and its case-insensitive
// `[_a-z]` also matches U+017F (ſ) and U+212A (Kelvin sign) through Unicode case folding.
const NAME_CHAR = '_A-Za-z\\u017F\\u212A';
const NAME = `[${NAME_CHAR}][${NAME_CHAR}0-9]*`;
const REFERENCE = new RegExp(
  `\\$(?:(\\$)|(${NAME})|\\{(?:(${NAME}(?::?[-+?][^\\n]*)?)\\}|(${NAME}\\[[^\\n]*\\](?::?[-+?}][^\\n]*)?)\\}|()))`,
  'y',
);
const NAME_AT_START = new RegExp(`^${NAME}`);
const BRACED_REFERENCE = new RegExp(`^\\$\\{${NAME}(?::?[-+?][^\\n]*)?\\}$`);

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

/**
 * Interpolates one string. With `unset`, the name of every plain reference (`$NAME`, `${NAME}`:
 * no default, no alternate) whose variable is unset is pushed to it, as Compose warns about them.
 * Defaults are interpolated before their variable is looked at (see above), so a plain reference
 * inside a default counts even when the default is not used, as in Compose.
 */
export function interpolateString(text: string, lookup: VariableLookup, unset?: string[]): InterpolationResult {
  const result = substitute(text, lookup, 0, 0, text, unset);
  return typeof result === 'string' ? { value: result } : { error: result };
}

/**
 * Scans `template` (a piece of `whole` starting at index `base`) and replaces every reference.
 * Returns the text, or the first failure (Compose, too, stops at the first one in a string).
 */
function substitute(
  template: string,
  lookup: VariableLookup,
  base: number,
  depth: number,
  whole: string,
  unset?: string[],
): string | InterpolationFailure {
  if (depth > MAX_NESTING) return { kind: 'too-deep', text: whole, offset: base };
  let out = '';
  let position = 0;
  for (;;) {
    const dollar = template.indexOf('$', position);
    if (dollar < 0) return out + template.slice(position);
    out += template.slice(position, dollar);

    if (template[dollar + 1] === '{') {
      // What follows the reference is scanned next (compose-go interpolates it recursively,
      // which gives the same text).
      const reference = cutReference(template, dollar);
      position = dollar + reference.length;
      REFERENCE.lastIndex = 0;
      const cut = REFERENCE.exec(reference);
      const braced = cut?.[3];
      const mapping = cut?.[4];
      if (braced !== undefined) {
        const replaced = substituteBraced(braced, lookup, base + dollar, depth, whole, unset);
        if (typeof replaced !== 'string') return replaced;
        out += replaced;
      } else if (mapping !== undefined) {
        out += reference;
      } else {
        return { kind: 'invalid-format', text: whole, offset: base + dollar };
      }
      continue;
    }

    REFERENCE.lastIndex = dollar;
    const match = REFERENCE.exec(template);
    if (!match) {
      // A `$` that starts no reference stays literal.
      out += '$';
      position = dollar + 1;
    } else if (match[1] !== undefined) {
      out += '$';
      position = dollar + 2;
    } else {
      out += plainReference(match[2], lookup, unset);
      position = dollar + match[0].length;
    }
  }
}

/**
 * The `${…` reference starting at `dollar`, as compose-go delimits it: its pattern matches
 * greedily up to the LAST `}` of the line, and that match is cut at its first balanced `}`.
 * When the text up to the first balanced `}` is itself a braced reference, that is the result,
 * found without the greedy scan (which would make a line of many references quadratic).
 */
function cutReference(template: string, dollar: number): string {
  const closing = firstBalancedClosingBrace(template, dollar);
  if (closing >= 0) {
    const candidate = template.slice(dollar, closing + 1);
    if (BRACED_REFERENCE.test(candidate)) return candidate;
  }
  REFERENCE.lastIndex = dollar;
  const matched = (REFERENCE.exec(template) as RegExpExecArray)[0]; // `${` always matches (the "invalid" arm)
  const cut = firstBalancedClosingBrace(matched, 0);
  return cut >= 0 ? matched.slice(0, cut + 1) : matched;
}

/** `NAME` or `NAME<op>text` from inside `${…}`, whose `$` is at `offset` in the whole text. */
function substituteBraced(
  braced: string,
  lookup: VariableLookup,
  offset: number,
  depth: number,
  whole: string,
  unset?: string[],
): string | InterpolationFailure {
  const name = NAME_AT_START.exec(braced)?.[0] ?? braced;
  if (name.length === braced.length) return plainReference(name, lookup, unset);

  const operator = (braced[name.length] === ':' ? braced.slice(name.length, name.length + 2) : braced[name.length]) as Operator;
  const argumentStart = name.length + operator.length;
  // `${` + name + operator precede the argument in the whole text.
  const argument = substitute(braced.slice(argumentStart), lookup, offset + 2 + argumentStart, depth + 1, whole, unset);
  if (typeof argument !== 'string') return argument;

  const value = lookup(name);
  switch (operator) {
    case ':-':
      return value === undefined || value === '' ? argument : value;
    case '-':
      return value === undefined ? argument : value;
    case ':+':
      return value !== undefined && value !== '' ? argument : (value ?? '');
    case '+':
      return value !== undefined ? argument : '';
    case ':?':
    case '?':
      if (value === undefined || (operator === ':?' && value === '')) {
        return {
          kind: 'missing-required',
          variable: name,
          reason: braced.slice(argumentStart),
          operator,
          setButEmpty: value !== undefined,
          offset,
        };
      }
      return value;
  }
}

/** `$NAME` / `${NAME}`: the value, or a blank string (noted in `unset`) when the variable is unset. */
function plainReference(name: string, lookup: VariableLookup, unset: string[] | undefined): string {
  const value = lookup(name);
  if (value === undefined) unset?.push(name);
  return value ?? '';
}

/**
 * compose-go's `getFirstBraceClosingIndex`, from `from` to the end of the line: every `{` opens
 * (and skips the character after it), and the `}` that closes the first one is returned.
 */
function firstBalancedClosingBrace(text: string, from: number): number {
  let open = 0;
  let i = from;
  while (i < text.length && text[i] !== '\n') {
    if (text[i] === '}') {
      open--;
      if (open === 0) return i;
    } else if (text[i] === '{') {
      open++;
      // The skipped character is never a line break: compose-go's match ends before one.
      if (text[i + 1] === '\n') return -1;
      i++;
    }
    i++;
  }
  return -1;
}

/** Compose's message for a missing required variable: `required variable X is missing a value[: reason]`. */
export function missingRequiredMessage(failure: MissingRequiredVariable): string {
  return `required variable ${failure.variable} is missing a value${failure.reason ? `: ${failure.reason}` : ''}`;
}

const ENVIRONMENT_SOURCES = 'the shell environment, the .env file of the project directory, or a file given with --env-file';
const FORMAT_HINT =
  'a reference is $NAME or ${NAME}, optionally with :-default, -default, :?error, ?error, :+alternate or +alternate; write $$ for a literal "$"';

/**
 * A diagnostic for an interpolation failure. With `valueName`, the message names the value instead
 * of quoting its text: `.env` values may be secrets, and their text must not reach a log.
 */
export function interpolationDiagnostic(
  failure: InterpolationFailure,
  location: SourceLocation | { readonly file: string } | undefined,
  valueName?: string,
): Diagnostic {
  let code: ComposeCode;
  let message: string;
  let hint: string;
  switch (failure.kind) {
    case 'missing-required':
      code = 'CX1101';
      message = missingRequiredMessage(failure);
      hint = failure.setButEmpty
        ? `${failure.variable} is set but empty, and "\${${failure.variable}:?…}" needs a non-empty value; set one in ${ENVIRONMENT_SOURCES}`
        : `set ${failure.variable} in ${ENVIRONMENT_SOURCES}`;
      break;
    case 'invalid-format':
      code = 'CX1102';
      message =
        valueName !== undefined
          ? `invalid interpolation format in the value of ${valueName}`
          : `invalid interpolation format in ${excerpt(failure.text, failure.offset)}${failure.offset > 0 ? ` at character ${failure.offset + 1}` : ''}`;
      hint = FORMAT_HINT;
      break;
    case 'too-deep':
      code = 'CX1102';
      message = `interpolation nested more than ${MAX_NESTING} levels deep in ${valueName !== undefined ? `the value of ${valueName}` : excerpt(failure.text, failure.offset)}`;
      hint = 'simplify the nested defaults';
      break;
  }
  if (location && 'line' in location) return error(code, message, location, hint);
  return { ...error(code, message, undefined, hint), ...(location ? { file: location.file } : {}) };
}

/** The text, JSON-quoted; a long one is cut to a window around `offset`. */
function excerpt(text: string, offset: number): string {
  const limit = 80;
  if (text.length <= limit) return JSON.stringify(text);
  const start = Math.max(0, offset - 20);
  const end = Math.min(text.length, start + limit);
  return `${start > 0 ? '…' : ''}${JSON.stringify(text.slice(start, end))}${end < text.length ? '…' : ''}`;
}

/**
 * Interpolates every string value of a parsed Compose document (mapping keys are left alone, as
 * Compose does). Values inside `!override` are interpolated; `!reset` markers are kept as they are.
 * Returns a new tree and one diagnostic per failing string; the input is not modified.
 */
export function interpolateTree(
  value: unknown,
  lookup: VariableLookup,
  file: string,
  sourceMap: SourceMap,
): { value: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // The path of a node is written out only for a string that names a variable (a `$`): most
  // values name none, and a copied path per node was most of the walk's time on large files.
  const walk = (node: unknown, at: PathLink | undefined): unknown => {
    if (typeof node === 'string') {
      if (node.indexOf('$') < 0) return node; // what interpolateString returns for it
      const path = pathOf(at);
      let referenced = false;
      const unset: string[] = [];
      const result = interpolateString(
        node,
        (name) => {
          referenced = true;
          return lookup(name);
        },
        unset,
      );
      if (referenced) sourceMap.markInterpolated(path);
      if ('value' in result) {
        for (const name of new Set(unset)) diagnostics.push(unsetVariableWarning(name, locationOf(sourceMap, path, file)));
        return result.value;
      }
      diagnostics.push(interpolationDiagnostic(result.error, locationOf(sourceMap, path, file)));
      return node;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, { parent: at, key: index }));
    if (isOverride(node)) return new OverrideTag(walk(node.value, at));
    if (isReset(node)) return node;
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) setOwn(out, key, walk(child, { parent: at, key }));
      return out;
    }
    return node;
  };
  return { value: walk(value, undefined), diagnostics };
}

/**
 * `${TAG}` with TAG unset becomes a blank string; Compose says so ("The TAG variable is not set.
 * Defaulting to a blank string."), and so do we, once per variable and value, at the value.
 */
export function unsetVariableWarning(name: string, location: SourceLocation | { readonly file: string }): Diagnostic {
  const message = `The ${name} variable is not set. Defaulting to a blank string.`;
  const hint = `set ${name} in ${ENVIRONMENT_SOURCES}; or write \${${name}:-default} for a default, or \${${name}:-} if blank is meant`;
  if ('line' in location) return warning('CX1104', message, location, hint);
  return { ...warning('CX1104', message, undefined, hint), file: location.file };
}

/** A node's place as a link to its parent's: the path is written out only when needed. */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly key: string | number;
}

function pathOf(at: PathLink | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let link = at; link; link = link.parent) path.push(link.key);
  return path.reverse();
}

function locationOf(sourceMap: SourceMap, path: Path, file: string): SourceLocation | { file: string } {
  return sourceMap.value(path) ?? { file };
}
