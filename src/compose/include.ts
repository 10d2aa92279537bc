/**
 * `include`: another Compose application brought in whole. Each included project is loaded on its
 * own (its own directory for relative paths, its own `.env`), and its services, networks, volumes,
 * secrets and configs are added to the including file. Defining the same name twice is an error,
 * as in Compose.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error } from '../diagnostics';
import { parseDotenv } from './dotenv';
import type { ComposeFile } from './file';
import { Path, SourceMap } from './source-map';
import { isPlainObject } from './tags';
import { setOwn } from './yaml';

/** How many files deep `include` may nest. */
export const MAX_INCLUDE_DEPTH = 64;

export const INCLUDED_SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

export interface IncludeEntry {
  readonly files: string[];
  readonly projectDirectory: string;
  readonly envFiles: string[];
  readonly envFilesExplicit: boolean;
  readonly path: Path;
}

/** Loads a set of files as one merged document (provided by the loader, to avoid an import cycle). */
export type DocumentLoader = (
  files: string[],
  projectDirectory: string,
  lookup: (name: string) => string | undefined,
  chain: string[],
) => { doc?: Record<string, unknown>; sourceMap: SourceMap; diagnostics: Diagnostic[] };

export function parseIncludeEntries(file: ComposeFile): IncludeEntry[] {
  const raw = file.doc.include;
  if (!Array.isArray(raw)) return [];
  const dir = file.file === '-' ? file.baseDir : path.dirname(file.file);
  const entries: IncludeEntry[] = [];
  raw.forEach((item, i) => {
    const spec = typeof item === 'string' ? { path: item } : isPlainObject(item) ? item : undefined;
    if (!spec) return;
    const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).filter((p): p is string => typeof p === 'string');
    const files = paths.map((p) => path.resolve(dir, p));
    const projectDirectory =
      typeof spec.project_directory === 'string' ? path.resolve(dir, spec.project_directory) : path.dirname(files[0] ?? dir);
    const envList = spec.env_file === undefined ? [] : Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file];
    const envFiles = envList.filter((p): p is string => typeof p === 'string').map((p) => path.resolve(dir, p));
    entries.push({
      files,
      projectDirectory,
      envFiles: envFiles.length > 0 ? envFiles : [path.join(projectDirectory, '.env')],
      envFilesExplicit: envFiles.length > 0,
      path: ['include', i],
    });
  });
  return entries;
}

/**
 * Loads every `include` of `file` and adds what they define to its document. Returns the new
 * document (without `include`) and the diagnostics.
 */
export function resolveIncludes(
  file: ComposeFile,
  lookup: (name: string) => string | undefined,
  load: DocumentLoader,
  chain: string[],
): { doc: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const doc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(file.doc)) if (k !== 'include') setOwn(doc, k, v);
  for (const entry of parseIncludeEntries(file)) {
    const loc = file.sourceMap.value(entry.path);
    const missing = entry.files.filter((f) => !fs.existsSync(f));
    if (missing.length > 0) {
      diagnostics.push(error('CX1415', `include: file not found: ${missing.join(', ')}`, loc, 'include paths are relative to the including file'));
      continue;
    }
    if (entry.files.some((f) => chain.includes(f))) {
      diagnostics.push(error('CX1416', `circular include: ${[...chain, ...entry.files].join(' → ')}`, loc, 'a file cannot include itself'));
      continue;
    }
    // Each level of include is a level of recursion in the loader: bound it, as for YAML nesting.
    if (chain.length >= MAX_INCLUDE_DEPTH) {
      diagnostics.push(
        error('CX1418', `include nested more than ${MAX_INCLUDE_DEPTH} files deep (${chain[0]} → … → ${chain[chain.length - 1]})`, loc, 'include the projects from fewer levels of files'),
      );
      continue;
    }
    const envValues: Record<string, string> = {};
    for (const envFile of entry.envFiles) {
      if (!fs.existsSync(envFile)) {
        if (entry.envFilesExplicit) diagnostics.push(error('CX1020', `env file not found: ${envFile}`, loc, 'check include.env_file'));
        continue;
      }
      const parsed = parseDotenv(fs.readFileSync(envFile, 'utf8'), envFile, lookup);
      diagnostics.push(...parsed.diagnostics);
      for (const [k, v] of Object.entries(parsed.values)) setOwn(envValues, k, v);
    }
    const includeLookup = (name: string) =>
      lookup(name) ?? (Object.prototype.hasOwnProperty.call(envValues, name) ? envValues[name] : undefined);
    // The loader adds each file it reads to the chain itself.
    const loaded = load(entry.files, entry.projectDirectory, includeLookup, chain);
    // A problem the included project cannot place (an unreadable file, too many includes) points here.
    diagnostics.push(...loaded.diagnostics.map((d) => (d.file === undefined && loc ? { ...d, file: loc.file, line: loc.line, column: loc.column } : d)));
    if (!loaded.doc) continue;
    for (const section of INCLUDED_SECTIONS) {
      const incoming = loaded.doc[section];
      if (!isPlainObject(incoming)) continue;
      const existing = isPlainObject(doc[section]) ? { ...(doc[section] as Record<string, unknown>) } : {};
      for (const [name, value] of Object.entries(incoming)) {
        if (Object.prototype.hasOwnProperty.call(existing, name)) {
          diagnostics.push(
            error(
              'CX1417',
              `${section.replace(/s$/, '')} "${name}" is defined both here and in included ${entry.files[0]}`,
              file.sourceMap.key([section, name]) ?? loc,
              'rename one of them; Compose does not merge included definitions',
            ),
          );
          continue;
        }
        setOwn(existing, name, value);
        file.sourceMap.graft(loaded.sourceMap, [section, name], [section, name], false);
      }
      setOwn(doc, section, existing);
    }
  }
  return { doc, diagnostics };
}
