/**
 * Host paths of a compose file (bind mounts, env files, build contexts) made absolute against
 * the directory they are relative to.
 */
import * as os from 'os';
import * as path from 'path';

/** A host path made absolute: `~` is the home directory, relative paths resolve against `baseDir`. */
export function resolveHostPath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

/** Build contexts may be URLs (`https://…`, `git@…`) or references (`docker-image://…`, `service:x`). */
export function resolveContext(baseDir: string, p: string): string {
  if (p === '' || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p) || /^(git@|github\.com\/|service:)/.test(p)) return p;
  return resolveHostPath(baseDir, p);
}
