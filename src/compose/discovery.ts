/**
 * Which files make the project, where it lives and what it is called — the Compose rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, error } from '../diagnostics';

/** Default file names, in Compose's order of preference. */
export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;

export interface DiscoveredFiles {
  readonly files: string[];
  readonly diagnostics: Diagnostic[];
}

/** The override file that goes with a default file (`compose.override.yaml` for `compose.yaml`, …). */
export function overrideFileFor(file: string): string | undefined {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const m = /^(compose|docker-compose)\.(ya?ml)$/.exec(base);
  if (!m) return undefined;
  for (const ext of [m[2], m[2] === 'yaml' ? 'yml' : 'yaml']) {
    const candidate = path.join(dir, `${m[1]}.override.${ext}`);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `-f` files as given (relative to `cwd`), else `COMPOSE_FILE`, else the first default file found
 * in `cwd` or the nearest parent directory, plus its override file.
 */
export function discoverFiles(
  cwd: string,
  explicit: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): DiscoveredFiles {
  const diagnostics: Diagnostic[] = [];
  let files: string[] = [];
  if (explicit && explicit.length > 0) {
    files = explicit.map((f) => (f === '-' ? f : path.resolve(cwd, f)));
  } else if (env.COMPOSE_FILE) {
    const sep = env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':');
    files = env.COMPOSE_FILE.split(sep)
      .filter((f) => f.length > 0)
      .map((f) => path.resolve(cwd, f));
  } else {
    for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
      const found = DEFAULT_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
      if (found) {
        files = [found];
        const override = overrideFileFor(found);
        if (override) files.push(override);
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    if (files.length === 0) {
      diagnostics.push(
        error(
          'CX1010',
          `no compose file found in ${cwd} or any parent directory`,
          undefined,
          `create ${DEFAULT_FILE_NAMES[0]} or pass one with -f`,
        ),
      );
    }
  }
  for (const f of files) {
    if (f !== '-' && !fs.existsSync(f)) {
      diagnostics.push(error('CX1011', `compose file not found: ${f}`, undefined, 'check the path given with -f or COMPOSE_FILE'));
    }
  }
  return { files, diagnostics };
}

/**
 * Compose project names: lower case letters, digits, dashes and underscores, starting with a
 * letter or digit. Directory names are normalized to that; explicit names must already be valid.
 */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export function isValidProjectName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name);
}
