/**
 * One compose file, read to the point where it can be merged: parsed with positions,
 * interpolated, validated against our schema, and every service rewritten to long syntax.
 * `extends` and `include` are resolved by their own modules on the result.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error, hasErrors } from '../diagnostics';
import { canonicalService } from './canonical';
import { canonicalExternal } from './transform/external';
import { interpolateTree } from './interpolate';
import { validateComposeDocument } from './schema';
import { SourceMap } from './source-map';
import { isOverride, isPlainObject, isReset, OverrideTag } from './tags';
import { mergeDocuments } from './merge';
import { parseYamlStream, setOwn } from './yaml';

export interface ComposeFile {
  /** Absolute path (or `-` for standard input). */
  readonly file: string;
  /** Directory relative paths in this file resolve against. */
  readonly baseDir: string;
  /** Interpolated, canonical document; may still hold `!reset`/`!override` markers. */
  readonly doc: Record<string, unknown>;
  readonly sourceMap: SourceMap;
}

export interface FileContext {
  /** Variable lookup for interpolation. */
  readonly lookup: (name: string) => string | undefined;
  /** Source texts read so far, by file; filled in here (for code frames). */
  readonly sources: Map<string, string>;
  /** Standard input text, when a file is `-`. */
  readonly stdin?: string;
}

/**
 * Reads and prepares one compose file: one `ComposeFile` per YAML document in it, in order (a
 * file of several documents is read as that many files, as Compose reads it). Returns no
 * documents only when the file is unusable.
 */
export function readComposeFiles(
  file: string,
  baseDir: string,
  ctx: FileContext,
): { composeFiles?: ComposeFile[]; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = file === '-' ? (ctx.stdin ?? fs.readFileSync(0, 'utf8')) : fs.readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    return { diagnostics: [error('CX1011', `compose file ${file}: ${reason}`, undefined, 'pass a readable compose file with -f')] };
  }
  ctx.sources.set(file, text);
  const stream = parseYamlStream(text, file);
  const diagnostics: Diagnostic[] = [...stream.diagnostics, ...stream.documents.flatMap((d) => d.diagnostics)];
  if (hasErrors(diagnostics)) return { diagnostics };

  const composeFiles: ComposeFile[] = [];
  for (const parsed of stream.documents) {
    const top = parsed.value === null || parsed.value === undefined ? {} : parsed.value;
    if (!isPlainObject(top)) {
      const at = parsed.sourceMap.value([]) ?? { file, line: 1, column: 1 };
      diagnostics.push(error('CX1006', 'a compose file must be a mapping at the top level', at, 'start the file with "services:"'));
      return { diagnostics };
    }

    const interpolated = interpolateTree(top, ctx.lookup, file, parsed.sourceMap);
    diagnostics.push(...interpolated.diagnostics);
    const doc = interpolated.value as Record<string, unknown>;

    const schemaDiagnostics = validateComposeDocument(doc, file, parsed.sourceMap);
    diagnostics.push(...schemaDiagnostics);
    if (hasErrors(schemaDiagnostics)) return { diagnostics };

    const canonical = canonicalizeDocument(doc, file, baseDir, parsed.sourceMap);
    diagnostics.push(...canonical.diagnostics);
    composeFiles.push({ file, baseDir, doc: canonical.doc, sourceMap: parsed.sourceMap });
  }
  return { composeFiles, diagnostics };
}

/** One compose file as one document: its YAML documents merged in order (for `extends.file`). */
export function readComposeFile(
  file: string,
  baseDir: string,
  ctx: FileContext,
): { composeFile?: ComposeFile; diagnostics: Diagnostic[] } {
  const read = readComposeFiles(file, baseDir, ctx);
  if (!read.composeFiles) return { diagnostics: read.diagnostics };
  const [first, ...rest] = read.composeFiles;
  if (rest.length === 0) return { composeFile: first, diagnostics: read.diagnostics };
  const sourceMap = new SourceMap();
  let doc: unknown = undefined;
  for (const layer of read.composeFiles) {
    sourceMap.merge(layer.sourceMap);
    doc = doc === undefined ? layer.doc : mergeDocuments(doc, layer.doc);
  }
  return { composeFile: { file, baseDir, doc: doc as Record<string, unknown>, sourceMap }, diagnostics: read.diagnostics };
}

/** Rewrites every service to long syntax and resolves file paths of top-level resources. */
export function canonicalizeDocument(
  doc: Record<string, unknown>,
  file: string,
  baseDir: string,
  sourceMap: SourceMap,
): { doc: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) setOwn(out, key, value);

  const services = unwrap(doc.services);
  if (isPlainObject(services)) {
    const canonicalServices: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(services)) {
      const inner = unwrap(raw);
      if (!isPlainObject(inner)) {
        setOwn(canonicalServices, name, raw ?? {});
        continue;
      }
      const result = canonicalService(name, inner, { baseDir, file, sourceMap, path: ['services', name] });
      diagnostics.push(...result.diagnostics);
      setOwn(canonicalServices, name, isOverride(raw) ? new OverrideTag(result.service) : result.service);
    }
    setOwn(out, 'services', isOverride(doc.services) ? new OverrideTag(canonicalServices) : canonicalServices);
  }

  for (const kind of ['volumes', 'networks', 'secrets', 'configs'] as const) {
    const section = unwrap(doc[kind]);
    if (!isPlainObject(section)) continue;
    const resolved: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(section)) {
      const inner = unwrap(raw);
      if (!isPlainObject(inner)) {
        setOwn(resolved, name, raw);
        continue;
      }
      let def = canonicalExternal(kind, name, inner, sourceMap, diagnostics);
      if ((kind === 'secrets' || kind === 'configs') && typeof def.file === 'string') def = { ...def, file: resolvePath(baseDir, def.file) };
      setOwn(resolved, name, isOverride(raw) ? new OverrideTag(def) : def);
    }
    setOwn(out, kind, isOverride(doc[kind]) ? new OverrideTag(resolved) : resolved);
  }
  return { doc: out, diagnostics };
}

function unwrap(value: unknown): unknown {
  if (isOverride(value)) return value.value;
  if (isReset(value)) return undefined;
  return value;
}

/** Resolves a path as Compose does: `~` is the home directory, relative paths against `baseDir`. */
export function resolvePath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(process.env.HOME ?? '~', p.slice(1));
  return path.resolve(baseDir, p);
}
