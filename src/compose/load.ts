/**
 * The load stage: compose files + environment → one normalized, validated `ComposeProject`.
 *
 *   discover files → environment (.env, --env-file, process env)
 *   → per file: parse → interpolate → schema → long syntax → extends → include
 *   → merge files in order → project name → profiles → normalize → cross-reference checks
 *
 * What ECS can honour (the key classification: mapped / ignored / rejected) is checked by the
 * compiler, not here: `composex config` prints any valid Compose project, as Docker does.
 *
 * Every problem found on the way is returned; the project is returned only when there are no
 * errors, so later stages never see a half-valid project.
 */
import { hostPathsOf } from './host-paths';
import * as path from 'path';
import { dedupeDiagnostics, Diagnostic, error, hasErrors, sortDiagnostics, type SourceLocation } from '../diagnostics';
import { discoverFiles, isValidProjectName, normalizeProjectName } from './discovery';
import { loadEnvironment } from './environment';
import { ExtendsResolver } from './extends';
import { FileContext, readComposeFiles } from './file';
import { resolveIncludes } from './include';
import { mergeDocuments } from './merge';
import { normalizeProject } from './normalize';
import { activeProfiles, applyProfiles } from './profiles';
import { SourceMap } from './source-map';
import { isPlainObject, stripTags } from './tags';
import type { ComposeProject } from './types';
import { validateProject } from './validate';
import { expandFamilyDependencies } from './family-references';

/** How many included projects one load may read in all (each `include` entry reached counts). */
export const MAX_INCLUDED_PROJECTS = 256;

export interface LoadOptions {
  /** Compose files (`-f`); default: discovery in `cwd`. */
  readonly files?: readonly string[];
  /** Directory relative paths resolve against; default: the first file's directory. */
  readonly projectDirectory?: string;
  /** `-p`; otherwise COMPOSE_PROJECT_NAME, top-level `name`, or the directory name. */
  readonly projectName?: string;
  /** Environment for interpolation; default `process.env`. It wins over `.env` files. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `--env-file` (replaces the project's `.env`). */
  readonly envFiles?: readonly string[];
  /** `--profile`; default COMPOSE_PROFILES. */
  readonly profiles?: readonly string[];
  /** Working directory for relative `-f` paths; default `process.cwd()`. */
  readonly cwd?: string;
  /** Text of standard input, for `-f -`. */
  readonly stdin?: string;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  readonly project?: ComposeProject;
  readonly diagnostics: readonly Diagnostic[];
  /** Texts of the files read, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

export function loadProject(options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const processEnv = options.env ?? process.env;
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const finish = (project?: ComposeProject): LoadResult => {
    const all = sortDiagnostics(dedupeDiagnostics(diagnostics));
    return { ...(project && !hasErrors(all) ? { project } : {}), diagnostics: all, sources };
  };

  const discovered = discoverFiles(options.projectDirectory && !options.files?.length ? path.resolve(cwd, options.projectDirectory) : cwd, options.files, processEnv);
  diagnostics.push(...discovered.diagnostics);
  if (hasErrors(diagnostics)) return finish();
  const files = discovered.files;
  const firstDir = files[0] === '-' ? cwd : path.dirname(files[0]);
  const projectDirectory = options.projectDirectory ? path.resolve(cwd, options.projectDirectory) : firstDir;

  const environment = loadEnvironment(projectDirectory, options.envFiles, processEnv, cwd);
  diagnostics.push(...environment.diagnostics);
  for (const [f, t] of environment.sources) sources.set(f, t);
  const env = environment.values;
  const lookup = (name: string) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);

  const loaded = loadDocument(files, projectDirectory, lookup, [], { sources, stdin: options.stdin });
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.doc || hasErrors(diagnostics)) return finish();
  // loadDocument's document has no markers left (stripTags below): used as it is.
  const doc = loaded.doc;
  const sourceMap = loaded.sourceMap;

  const name = projectNameFor(options.projectName, env, doc, projectDirectory, sourceMap, diagnostics);
  const profiles = activeProfiles(options.profiles, env);
  const services = isPlainObject(doc.services) ? (doc.services as Record<string, Record<string, unknown>>) : {};
  const filtered = applyProfiles(services, profiles, sourceMap);
  diagnostics.push(...filtered.diagnostics);

  const normalized = normalizeProject({
    name,
    workingDir: projectDirectory,
    files,
    doc: { ...doc, services: filtered.services },
    environment: env,
    disabledServices: filtered.disabled,
    sourceMap,
    sources,
  });
  diagnostics.push(...normalized.diagnostics);
  const dependencies = expandFamilyDependencies(normalized.project);
  const project = dependencies.unordered.length > 0 ? { ...normalized.project, unorderedDependsOn: dependencies.unordered } : normalized.project;
  diagnostics.push(...dependencies.diagnostics, ...validateProject(project));
  return finish({ ...project, hostPaths: hostPathsOf(project) });
}

/**
 * Reads `files` (in merge order) into one merged document with `extends` and `include` resolved.
 * Used for the project itself and for each included project.
 */
export function loadDocument(
  files: readonly string[],
  projectDirectory: string,
  lookup: (name: string) => string | undefined,
  chain: string[],
  shared: { sources: Map<string, string>; stdin?: string; included?: number },
): { doc?: Record<string, unknown>; sourceMap: SourceMap; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sourceMap = new SourceMap();
  const ctx: FileContext = { lookup, sources: shared.sources, stdin: shared.stdin };
  let merged: unknown;
  let ok = true;
  for (const file of files) {
    // All files of one project resolve relative paths against the project directory.
    const read = readComposeFiles(file, projectDirectory, ctx);
    diagnostics.push(...read.diagnostics);
    if (!read.composeFiles) {
      ok = false;
      continue;
    }
    // Each YAML document of a file is a layer of its own, merged in order like files.
    for (const composeFile of read.composeFiles) {
      const extendsResolver = new ExtendsResolver(ctx);
      const withExtends = extendsResolver.resolveFile(composeFile);
      diagnostics.push(...extendsResolver.diagnostics);
      const included = resolveIncludes(
        withExtends,
        lookup,
        (incFiles, incDir, incLookup, incChain) => {
          // Files that include the same files through several paths are loaded once per path:
          // bound the total, or a few dozen files could make the loader run for hours.
          shared.included = (shared.included ?? 0) + 1;
          if (shared.included > MAX_INCLUDED_PROJECTS) {
            const message = `more than ${MAX_INCLUDED_PROJECTS} included projects to load; files include the same files through many paths`;
            return { sourceMap: new SourceMap(), diagnostics: [error('CX1418', message, undefined, 'include each project once, from one file')] };
          }
          return loadDocument(incFiles, incDir, incLookup, incChain, shared);
        },
        [...chain, file],
      );
      diagnostics.push(...included.diagnostics);
      sourceMap.merge(withExtends.sourceMap);
      if (merged === undefined) merged = included.doc;
      else {
        merged = mergeDocuments(merged, included.doc);
        sourceMap.dropReplaced(merged, withExtends.sourceMap);
      }
    }
  }
  if (!ok) return { sourceMap, diagnostics };
  return { doc: stripTags(merged ?? {}) as Record<string, unknown>, sourceMap, diagnostics };
}

function projectNameFor(
  explicit: string | undefined,
  env: Record<string, string>,
  doc: Record<string, unknown>,
  projectDirectory: string,
  sourceMap: SourceMap,
  diagnostics: Diagnostic[],
): string {
  const candidates: { value: string | undefined; source: string; loc?: ReturnType<SourceMap['value']> }[] = [
    { value: explicit, source: '-p/--project-name' },
    { value: env.COMPOSE_PROJECT_NAME, source: 'COMPOSE_PROJECT_NAME' },
    { value: typeof doc.name === 'string' ? doc.name : undefined, source: 'the top-level "name"', loc: sourceMap.value(['name']) },
  ];
  for (const c of candidates) {
    if (c.value === undefined || c.value === '') continue;
    if (!isValidProjectName(c.value)) {
      diagnostics.push(
        error(
          'CX1031',
          `invalid project name "${c.value}" (from ${c.source})`,
          c.loc,
          'a project name uses lower-case letters, digits, "-" and "_", and starts with a letter or digit',
        ),
      );
      return normalizeProjectName(c.value) || 'project';
    }
    checkProjectNameLength(c.value, c.source, c.loc, diagnostics);
    return c.value;
  }
  const fromDir = normalizeProjectName(path.basename(projectDirectory));
  if (!fromDir) {
    diagnostics.push(
      error('CX1031', `cannot derive a project name from directory "${path.basename(projectDirectory)}"`, undefined, 'set one with -p or a top-level "name:"'),
    );
    return 'project';
  }
  checkProjectNameLength(fromDir, `directory "${path.basename(projectDirectory)}"`, undefined, diagnostics);
  return fromDir;
}

/**
 * The project name names the CloudFormation stack (at most 128 characters, nested stacks add their
 * own suffix) and prefixes task families, tags and descriptions; longer names would be cut and
 * could collide.
 */
export const MAX_PROJECT_NAME_LENGTH = 64;

function checkProjectNameLength(name: string, source: string, loc: SourceLocation | undefined, diagnostics: Diagnostic[]): void {
  if (name.length <= MAX_PROJECT_NAME_LENGTH) return;
  diagnostics.push(
    error(
      'CX1031',
      `the project name "${name.slice(0, 24)}…" (from ${source}) is ${name.length} characters; composex allows at most ${MAX_PROJECT_NAME_LENGTH}`,
      loc,
      'choose a shorter name with -p or a top-level "name:"; it names the CloudFormation stack and prefixes AWS resource names',
    ),
  );
}
