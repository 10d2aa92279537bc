/**
 * One leniency of Compose's YAML parser, kept: a multi-line quoted value whose continuation lines
 * are indented no deeper than its key,
 *
 *     command: "echo
 *       hello"            ← under `command:`'s own indentation in the file below
 *
 * written with the continuation line at or left of the key's column. YAML 1.2 (and the `yaml`
 * package) ends the value at the unindented line and reports a missing quote; go-yaml and other
 * libyaml-based parsers (YAML 1.1, Docker Compose's) only stop a quoted scalar at its closing quote
 * or a document marker, and read the value. Since a quoted scalar's line folding drops the leading
 * white space of every continuation line, indenting those lines up to the opening quote's column
 * changes no value: that is what is done here, on the text, before the real parse; each value
 * read so gets a warning (CX1048) at its opening quote.
 */
import { LineCounter, parseAllDocuments, Parser, YAMLError } from 'yaml';
import { Diagnostic, warning } from '../diagnostics';

/** Bound on rewrites per file (each needs a parse). */
const MAX_REWRITES = 50;

const OPTIONS = { merge: false, uniqueKeys: false, prettyErrors: false, strict: true } as const;

export function isUnclosedQuote(e: YAMLError): boolean {
  return e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message);
}

interface QuotedToken {
  readonly type: string;
  readonly offset: number;
  readonly source: string;
}

/** The text with every under-indented quoted scalar re-indented, or undefined when that does not make it parse. */
export function reindentQuotedScalars(original: string, file: string): { text: string; diagnostics: Diagnostic[] } | undefined {
  let text = original;
  const starts: number[] = [];
  for (let round = 0; round < MAX_REWRITES; round++) {
    const docs = parseAllDocuments(text, OPTIONS);
    const errors = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors);
    const unclosed = errors.filter(isUnclosedQuote).sort((a, b) => a.pos[0] - b.pos[0])[0];
    if (!unclosed) {
      if (errors.length > 0 || starts.length === 0) return undefined;
      const lines = new LineCounter();
      parseAllDocuments(text, { ...OPTIONS, lineCounter: lines });
      const diagnostics = starts.map((offset) => {
        const pos = lines.linePos(offset);
        return warning(
          'CX1048',
          'this quoted value continues on a line indented no deeper than its key; YAML 1.2 refuses that, Docker Compose reads it, and so does composex',
          { file, line: pos.line, column: pos.col },
          'indent the continuation lines deeper than the key, or write the value as a block scalar (key: >- or key: |-)',
        );
      });
      return { text, diagnostics };
    }
    const token = quotedTokenEndingAt(text, unclosed.pos[0]);
    const rewritten = token && reindent(text, token);
    if (!rewritten) return undefined;
    starts.push(token.offset);
    text = rewritten;
  }
  return undefined;
}

function quotedTokenEndingAt(text: string, end: number): QuotedToken | undefined {
  let found: QuotedToken | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const t = node as Partial<QuotedToken>;
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && typeof t.offset === 'number' && typeof t.source === 'string') {
      if (t.offset + t.source.length === end) found = t as QuotedToken;
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

/** Where the quoted scalar starting at `start` really closes (as libyaml finds it), or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (ch !== quote) continue;
    if (quote === "'" && text[i + 1] === "'") {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

function reindent(text: string, token: QuotedToken): string | undefined {
  const end = closingQuote(text, token.offset);
  if (end < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', token.offset - 1) + 1;
  const column = token.offset - lineStart;
  let out = text.slice(0, token.offset);
  let i = token.offset;
  while (i <= end) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= end) {
      out += text.slice(i, end + 1);
      break;
    }
    out += text.slice(i, nl + 1);
    const next = nl + 1;
    // A document marker ends the scalar for every parser: the quote is really missing.
    if (/^(---|\.\.\.)(\s|$)/.test(text.slice(next, next + 4))) return undefined;
    const lineEnd = text.indexOf('\n', next);
    const line = text.slice(next, lineEnd < 0 ? text.length : lineEnd);
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() !== '' && indent < column) out += ' '.repeat(column - indent);
    i = next;
  }
  return out + text.slice(end + 1);
}
