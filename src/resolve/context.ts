/**
 * What every resolve step shares: the project, the diagnostics collected so far, and helpers that
 * position a diagnostic at a Compose path through the project's source map.
 */
import type { ComposeProject } from '../compose/types';
import type { Path } from '../compose/source-map';
import { Diagnostic, diagnostic, error, suggestion, warning } from '../diagnostics';
import { Code, CODES } from './codes';
import type { LockFile } from './lock';

/** Point at the key of a path (unknown names) or at its value (bad values). */
export type Anchor = 'key' | 'value';

export class ResolveContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Service names, sorted. */
  readonly serviceNames: readonly string[];

  /** `lock`: the answers of `composex lookup` (composex.lock.json), read by every `Lookup`. */
  constructor(
    readonly project: ComposeProject,
    readonly lock?: LockFile,
  ) {
    this.serviceNames = Object.keys(project.services).sort(compareStrings);
  }

  error(code: Code, message: string, path: Path, hint: string, anchor: Anchor = 'value'): void {
    this.diagnostics.push(error(code, message, this.locate(path, anchor), hint));
  }

  warning(code: Code, message: string, path: Path, hint: string, anchor: Anchor = 'value'): void {
    this.diagnostics.push(warning(code, message, this.locate(path, anchor), hint));
  }

  /** A note: what composex decided for the user where the file is silent (nothing to fix, but worth knowing). */
  info(code: Code, message: string, path: Path, hint: string, anchor: Anchor = 'value'): void {
    this.diagnostics.push(diagnostic('info', code, message, this.locate(path, anchor), hint));
  }

  /** "file:line:column" of a path (relative to the project directory), for messages that name a second position. */
  where(path: Path, anchor: Anchor = 'value'): string {
    const loc = this.locate(path, anchor);
    if (!loc) return describePath(path);
    const dir = this.project.workingDir.endsWith('/') ? this.project.workingDir : `${this.project.workingDir}/`;
    const file = loc.file.startsWith(dir) ? loc.file.slice(dir.length) : loc.file;
    return `${file}:${loc.line}:${loc.column}`;
  }

  /**
   * The error for a name that is not defined: "did you mean" when one is close, else the list.
   * Services disabled by a profile get their own message (the name is right, the profile is off).
   */
  unknownService(name: string, path: Path, what: string, anchor: Anchor = 'value', alsoFamilies: readonly string[] = []): void {
    if (this.project.disabledServices.includes(name)) {
      this.error(
        CODES.DISABLED_SERVICE,
        `${what} '${name}' is a service whose profile is not enabled`,
        path,
        `enable its profile (--profile / COMPOSE_PROFILES) or remove the reference`,
        anchor,
      );
      return;
    }
    const candidates = [...new Set([...this.serviceNames, ...alsoFamilies])];
    this.error(CODES.UNKNOWN_SERVICE, `${what} '${name}' is not a service${alsoFamilies.length ? ' or family' : ''} of this project`, path, suggestion(name, candidates, 'service'), anchor);
  }

  locate(path: Path, anchor: Anchor = 'key') {
    return anchor === 'key' ? this.project.sourceMap.key(path) : this.project.sourceMap.value(path);
  }
}

/** Code-point order: stable across locales, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `services.web.x-ecs.CapacityProviderStrategy[0].Weight` */
export function describePath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
