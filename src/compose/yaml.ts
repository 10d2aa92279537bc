/**
 * YAML reader: text → plain JS value + a SourceMap of every key and value.
 *
 * We walk the `yaml` package's AST ourselves rather than calling `toJS()` so that we keep source
 * positions, resolve `<<` merge keys the way Compose does (explicit keys win, earlier sources in a
 * merge list win), turn `!reset` / `!override` into markers for the merger, and bound alias
 * expansion (a "billion laughs" document is an error, not an out-of-memory crash).
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments, parseDocument, Scalar } from 'yaml';
import { isUnclosedQuote, reindentQuotedScalars } from './yaml-lenient';
import { Diagnostic, error, SourceLocation, warning } from '../diagnostics';
import { Path, SourceMap } from './source-map';
import { OverrideTag, ResetTag } from './tags';

export interface ParsedYaml {
  readonly file: string;
  readonly value: unknown;
  readonly sourceMap: SourceMap;
  readonly diagnostics: Diagnostic[];
}

/** Upper bound on the number of nodes a document may expand to through aliases. */
export const MAX_EXPANDED_NODES = 1_000_000;
/** Upper bound on nesting depth. */
export const MAX_DEPTH = 200;

class ExpansionLimit extends Error {}

/** Options of the `yaml` package for compose files. */
export const YAML_OPTIONS = {
  merge: false,
  // The package's own check compares every key with every other (minutes for a mapping of
  // 30,000 keys); duplicates are found in the walk below with a set instead.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
} as const;

/** One compose document (a file holding a single YAML document). */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  return readDocument(parseDocument(text, { ...YAML_OPTIONS, lineCounter }), lineCounter, file);
}

/**
 * Every document of a file, in order: Compose reads a file of several YAML documents (`---`) as
 * that many files given in order, each merged over the ones before (compose-go's loader, the
 * form `docker compose publish` writes). Empty documents (a trailing `---`) are left out.
 * A multi-line quoted value indented less than its key, which YAML 1.2 refuses and Compose's
 * parser reads, is read as Compose reads it, with a warning (`yaml-lenient.ts`).
 */
export function parseYamlStream(text: string, file: string): { documents: ParsedYaml[]; diagnostics: Diagnostic[] } {
  let lineCounter = new LineCounter();
  let docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  const diagnostics: Diagnostic[] = [];
  if (Array.isArray(docs) && docs.some((d) => d.errors.some(isUnclosedQuote))) {
    const relaxed = reindentQuotedScalars(text, file);
    if (relaxed) {
      lineCounter = new LineCounter();
      docs = parseAllDocuments(relaxed.text, { ...YAML_OPTIONS, lineCounter });
      diagnostics.push(...relaxed.diagnostics);
    }
  }
  const all = Array.isArray(docs) ? docs : [];
  const parsed = all.map((doc) => readDocument(doc, lineCounter, file));
  const nonEmpty = parsed.filter((p, i) => all[i].contents !== null || p.diagnostics.length > 0);
  const documents = nonEmpty.length > 0 ? nonEmpty : [{ file, value: {}, sourceMap: new SourceMap(), diagnostics: [] }];
  return { documents, diagnostics };
}

function readDocument(doc: Document.Parsed, lineCounter: LineCounter, file: string): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  const sourceMap = new SourceMap();

  const locate = (offset: number | undefined): SourceLocation => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };

  // The parser recurses per nesting level; on a document nested thousands deep it reports the
  // stack overflow as a parse error at an arbitrary offset. Say what it is instead.
  if (doc.errors.some((e) => /Maximum call stack size exceeded/.test(e.message))) {
    return { file, value: undefined, sourceMap, diagnostics: [documentTooLarge(file)] };
  }
  for (const e of doc.errors) {
    const loc = locate(e.pos[0]);
    if (e.code === 'MULTIPLE_DOCS') {
      diagnostics.push(
        error(
          'CX1001',
          'a compose file holds one YAML document; a second one starts here',
          loc,
          'remove the "---" line to make one document, or move the second document to its own file and add it with -f',
        ),
      );
      continue;
    }
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const code = e.code === 'DUPLICATE_KEY' ? 'CX1002' : 'CX1001';
    const hint =
      code === 'CX1002'
        ? 'each key may appear once in a mapping; remove or rename the duplicate'
        : 'check indentation, quoting and that every mapping uses "key: value"';
    diagnostics.push(error(code, code === 'CX1002' ? `duplicate key: ${msg}` : `invalid YAML: ${msg}`, loc, hint));
  }
  if (diagnostics.length > 0) return { file, value: undefined, sourceMap, diagnostics };

  for (const w of doc.warnings) {
    if (/Unresolved tag: !(reset|override)\b/.test(w.message)) continue;
    const msg = w.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    diagnostics.push(warning('CX1003', msg, locate(w.pos[0])));
  }

  let expanded = 0;
  const duplicates = new Set<Node>();
  const aliasTargets = new Map<Alias, Node | undefined>();
  const walk = (node: unknown, path: (string | number)[], depth: number, anchorStack: Set<Node>, merging = false): unknown => {
    if (++expanded > MAX_EXPANDED_NODES) throw new ExpansionLimit();
    if (depth > MAX_DEPTH) throw new ExpansionLimit();
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      // Alias.resolve() searches the whole document; an alias expanded many times is looked up once.
      let target = aliasTargets.get(node as Alias);
      if (!aliasTargets.has(node as Alias)) aliasTargets.set(node as Alias, (target = (node as Alias).resolve(doc)));
      if (!target) {
        // The yaml package only notices an unknown alias in toJS(), which we do not call.
        const alias = (node as Alias).source;
        diagnostics.push(
          error('CX1001', `invalid YAML: unknown alias *${alias}`, locate((node as Alias).range?.[0]), `define the anchor &${alias} before the alias *${alias} uses it, or fix the spelling`),
        );
        return null;
      }
      if (anchorStack.has(target)) throw new ExpansionLimit();
      if (!merging) sourceMap.markAnchored(path);
      anchorStack.add(target);
      try {
        return walk(target, path, depth + 1, anchorStack, merging);
      } finally {
        anchorStack.delete(target);
      }
    }
    const n = node as Node;
    if (!isAlias(n) && n.range) sourceMap.setValue(path, locate(n.range[0]));
    if (!merging && (n as { anchor?: string }).anchor) sourceMap.markAnchored(path);
    let value: unknown;
    if (isScalar(n)) {
      value = scalarValue(n);
    } else if (isSeq(n)) {
      value = n.items.map((item, i) => walk(item, [...path, i], depth + 1, anchorStack));
    } else if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const merged: Record<string, unknown>[] = [];
      const seen = new Set<unknown>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = keyNode && isScalar(keyNode) ? keyNode.value : keyNode;
        if (key === '<<' && !(keyNode && isScalar(keyNode) && keyNode.type !== 'PLAIN')) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) {
            // The merged mapping's own anchor names it, not the mapping it is merged into.
            const v = walk(src, path, depth + 1, anchorStack, true);
            if (v && typeof v === 'object' && !Array.isArray(v)) merged.push(v as Record<string, unknown>);
            else
              diagnostics.push(
                error(
                  'CX1004',
                  'a "<<" merge key needs a mapping (or a list of mappings) to merge',
                  locate((src as Node | null)?.range?.[0]),
                  'write "<<: *anchor" where the anchor names a mapping',
                ),
              );
          }
          continue;
        }
        const name = key === null || key === undefined ? 'null' : String(key);
        if (typeof key !== 'string') diagnostics.push(nonStringKey(key, path, locate(keyNode?.range?.[0] ?? n.range?.[0])));
        if (seen.has(key) && keyNode && !duplicates.has(keyNode)) {
          duplicates.add(keyNode);
          diagnostics.push(
            error('CX1002', `duplicate key: ${name}`, locate(keyNode.range?.[0]), 'each key may appear once in a mapping; remove or rename the duplicate'),
          );
        }
        seen.add(key);
        if (keyNode?.range) sourceMap.setKey([...path, name], locate(keyNode.range[0]));
        setOwn(out, name, walk(pair.value, [...path, name], depth + 1, anchorStack));
      }
      // Explicit keys win over merged ones; among merged sources the first wins.
      for (const src of merged) {
        for (const [k, v] of Object.entries(src)) {
          if (Object.prototype.hasOwnProperty.call(out, k)) continue;
          setOwn(out, k, v);
          sourceMap.markAnchored([...path, k]);
        }
      }
      value = out;
    } else {
      value = null;
    }
    const tag = (n as { tag?: string }).tag;
    if (tag === '!reset') return new ResetTag(value);
    if (tag === '!override') return new OverrideTag(value);
    return value;
  };

  let value: unknown;
  try {
    value = walk(doc.contents, [], 0, new Set());
  } catch (e) {
    if (!(e instanceof ExpansionLimit)) throw e;
    diagnostics.push(documentTooLarge(file));
    return { file, value: undefined, sourceMap, diagnostics };
  }
  if (duplicates.size > 0) return { file, value: undefined, sourceMap, diagnostics };
  return { file, value: value ?? {}, sourceMap, diagnostics };
}

/**
 * compose-go reads mapping keys as strings only ("Non-string key in services.web.environment: 1"):
 * a plain `1:`, `true:`, `~:` or a collection as a key is an error there, so it is one here too.
 */
function nonStringKey(key: unknown, path: readonly (string | number)[], loc: SourceLocation): Diagnostic {
  const where = path.length === 0 ? 'at the top level' : `in ${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}`;
  const shown = key === null || key === undefined ? 'null' : typeof key === 'object' ? 'a collection' : String(key);
  const kind = key === null || key === undefined ? 'null' : typeof key === 'object' ? 'a mapping or list' : `a ${typeof key === 'bigint' ? 'number' : typeof key}`;
  return error(
    'CX1045',
    `non-string key ${where}: ${shown} is ${kind}; Compose accepts only string keys`,
    loc,
    typeof key === 'object' && key !== null ? 'use a plain name as the key' : `quote the key: "${shown}":`,
  );
}

function documentTooLarge(file: string): Diagnostic {
  return error(
    'CX1005',
    `the document is too large or too deeply nested once aliases are expanded (limit ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes, depth ${MAX_DEPTH})`,
    { file, line: 1, column: 1 },
    'this is usually a recursive or exponentially repeated alias ("YAML bomb"); use fewer nested aliases',
  );
}

/** Sets an own property even for names like `__proto__` (hostile input must not touch prototypes). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` is special to plain assignment; defineProperty for every key is ~30x slower.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  // Compose (go-yaml) reads a plain leading-zero integer as octal: `mode: 0440` is 288.
  if (node.type === 'PLAIN' && typeof node.source === 'string' && /^0[0-7]+$/.test(node.source)) {
    return parseInt(node.source, 8);
  }
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return v;
}

export type { Path };
