/**
 * Command strings split into arguments as Docker Compose splits them (go-shellwords).
 */
import type { Parsed } from './walker';

/**
 * Splits a command string into words the way compose-go does (github.com/mattn/go-shellwords
 * v1.0.12, without environment or backquote expansion): blanks separate words; single quotes
 * keep everything literally; anywhere else a backslash makes the next character literal and is
 * dropped (`\"` is `"`, `\t` is `t`, `\ ` joins words); `""` is an empty word; backquotes and
 * `$(…)` are kept literally, blanks included, as part of a word.
 *
 * Where go-shellwords silently stops at an unquoted `;`, `&`, `|`, `<` or `>` (so Compose runs
 * only the words before it), this reports an error: the user wanted a shell.
 */
export function splitShellWords(line: string): Parsed<string[]> {
  const words: string[] = [];
  let buf = '';
  let inWord = false;
  let escaped = false;
  let single = false;
  let double = false;
  let backquote = false;
  let dollar = false;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const r = chars[i];
    if (escaped) {
      escaped = false;
      buf += r;
      inWord = true;
      continue;
    }
    if (r === '\\') {
      if (single) buf += r;
      else escaped = true;
      continue;
    }
    if (r === ' ' || r === '\t' || r === '\r' || r === '\n') {
      if (single || double || backquote || dollar) buf += r;
      else if (inWord) {
        words.push(buf);
        buf = '';
        inWord = false;
      }
      continue;
    }
    const quoted = single || double || backquote || dollar;
    switch (r) {
      case '`':
        if (!single && !double && !dollar) backquote = !backquote;
        break;
      case '(':
        if (!single && !double && !backquote) {
          if (dollar || !buf.endsWith('$')) {
            return { error: 'has an unquoted "("', hint: 'quote it (\'(\') or write the command as a list: ["prog", "arg"]' };
          }
          dollar = true;
        }
        break;
      case ')':
        if (!single && !double && !backquote) {
          if (!dollar) return { error: 'has an unquoted ")"', hint: 'quote it (\')\') or write the command as a list: ["prog", "arg"]' };
          dollar = false;
        }
        break;
      case '"':
        if (!single && !dollar && !backquote) {
          if (double) inWord = true;
          double = !double;
          continue;
        }
        break;
      case "'":
        if (!double && !dollar && !backquote) {
          if (single) inWord = true;
          single = !single;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!quoted) {
          let op = r;
          while (i + op.length < chars.length && ';&|<>'.includes(chars[i + op.length])) op += chars[i + op.length];
          return {
            error: `uses the shell operator "${op}", but a string command is split into arguments, not run by a shell (Compose would silently drop everything from "${op}" on)`,
            hint: `run it through a shell: ["sh", "-c", ${JSON.stringify(line)}], or quote the "${op}" if it is a literal argument`,
          };
        }
        break;
    }
    inWord = true;
    buf += r;
  }
  const open = escaped
    ? 'ends with a lone backslash'
    : single
      ? "has a single quote (') that is not closed"
      : double
        ? 'has a double quote (") that is not closed'
        : backquote
          ? 'has a backquote (`) that is not closed'
          : dollar
            ? 'has a "$(" that is not closed'
            : undefined;
  if (open) return { error: open, hint: 'close every quote, or write the command as a list: ["prog", "arg with spaces"]' };
  if (inWord) words.push(buf);
  return { value: words };
}
