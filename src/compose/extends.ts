/**
 * `extends`: a service starts from another service (in the same file or another one) and the
 * Compose merge rules apply its own keys on top. Chains are followed; a cycle is an error.
 * Relative paths in another file resolve against that file's directory.
 */
import * as path from 'path';
import { Diagnostic, error, suggestion } from '../diagnostics';
import { mergeService } from './merge';
import { ComposeFile, FileContext, readComposeFile } from './file';
import { isOverride, isPlainObject, isReset, OverrideTag } from './tags';
import { setOwn } from './yaml';

type ServiceMap = Record<string, Record<string, unknown>>;

interface ExtendsRef {
  readonly service: string;
  readonly file?: string;
}

export class ExtendsResolver {
  private readonly cache = new Map<string, ComposeFile | null>();
  private readonly servicesCache = new WeakMap<ComposeFile, ServiceMap | undefined>();
  /** `file#service` → the service with its extends chain merged. */
  private readonly resolved = new Map<string, Record<string, unknown>>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly ctx: FileContext) {}

  /** Returns `file`'s document with every service's `extends` resolved (a new object). */
  resolveFile(file: ComposeFile): ComposeFile {
    this.cache.set(file.file, file);
    const services = this.services(file);
    if (!services) return file;
    const raw = file.doc.services;
    const rawServices = (isOverride(raw) ? raw.value : raw) as Record<string, unknown>;
    const resolved: ServiceMap = {};
    // Every entry stays, in order: `!reset` / `!override` markers on a service must reach the
    // merge (`postgres: !reset null` removes the service an earlier file declared).
    for (const name of Object.keys(rawServices)) {
      const entry = rawServices[name];
      if (!Object.prototype.hasOwnProperty.call(services, name)) {
        setOwn(resolved, name, entry as Record<string, unknown>);
        continue;
      }
      const service = this.resolveService(file, name) ?? services[name];
      setOwn(resolved, name, (isOverride(entry) ? new OverrideTag(service) : service) as Record<string, unknown>);
    }
    return {
      ...file,
      doc: { ...file.doc, services: isOverride(raw) ? { ...raw, value: resolved } : resolved },
    };
  }

  /**
   * Follows the chain of `extends` links without recursion (a chain of thousands of services must
   * not overflow the call stack), then merges from the innermost base outwards. Resolved services
   * are remembered, so resolving every service of a long chain stays linear.
   */
  private resolveService(file: ComposeFile, name: string): Record<string, unknown> | undefined {
    const links: { file: ComposeFile; name: string; service: Record<string, unknown>; baseFile: ComposeFile; baseName: string; key: string }[] = [];
    const seen = new Set<string>();
    let current = file;
    let currentName = name;
    let base: Record<string, unknown> | undefined;
    for (;;) {
      const key = `${current.file}#${currentName}`;
      const cached = this.resolved.get(key);
      if (cached) {
        base = cached;
        break;
      }
      const service = (this.services(current) ?? {})[currentName];
      if (!isPlainObject(service) || service.extends === undefined) {
        base = service;
        break;
      }
      const ref = parseRef(service.extends);
      const loc = current.sourceMap.value(['services', currentName, 'extends']);
      if (seen.has(key)) {
        const cycle = [...seen, key].map((k) => k.split('#')[1]).join(' → ');
        this.diagnostics.push(
          error('CX1412', `circular extends: ${cycle}`, loc, 'a service cannot extend itself, directly or through others; break the chain'),
        );
        return undefined;
      }
      if (!ref) {
        base = service;
        break;
      }
      let baseFile = current;
      if (ref.file !== undefined) {
        const dir = current.file === '-' ? current.baseDir : path.dirname(current.file);
        const loaded = this.load(path.resolve(dir, ref.file), loc);
        if (!loaded) return undefined;
        baseFile = loaded;
      }
      const baseServices = this.services(baseFile) ?? {};
      if (!Object.prototype.hasOwnProperty.call(baseServices, ref.service)) {
        const where = ref.file !== undefined ? ` in ${baseFile.file}` : '';
        this.diagnostics.push(
          error(
            'CX1413',
            `service "${currentName}" extends unknown service "${ref.service}"${where}`,
            loc,
            suggestion(ref.service, Object.keys(baseServices), 'service'),
          ),
        );
        return undefined;
      }
      seen.add(key);
      links.push({ file: current, name: currentName, service, baseFile, baseName: ref.service, key });
      current = baseFile;
      currentName = ref.service;
    }
    if (!base) return undefined;
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i];
      if (link.baseFile !== link.file) {
        // Positions of inherited keys point into the base file; the service's own keys win.
        link.file.sourceMap.graft(link.baseFile.sourceMap, ['services', link.baseName], ['services', link.name], false);
      }
      const own: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(link.service)) if (k !== 'extends') setOwn(own, k, v);
      const baseCopy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(base)) if (k !== 'extends') setOwn(baseCopy, k, v);
      base = mergeService(baseCopy, own) as Record<string, unknown>;
      this.resolved.set(link.key, base);
    }
    return base;
  }

  /** The services of a file, computed once per file (resolving is per service). */
  private services(file: ComposeFile): ServiceMap | undefined {
    if (!this.servicesCache.has(file)) this.servicesCache.set(file, servicesOf(file));
    return this.servicesCache.get(file);
  }

  private load(file: string, loc: ReturnType<ComposeFile['sourceMap']['value']>): ComposeFile | undefined {
    if (this.cache.has(file)) return this.cache.get(file) ?? undefined;
    this.cache.set(file, null); // guards against cycles between files while loading
    const result = readComposeFile(file, path.dirname(file), this.ctx);
    if (!result.composeFile) {
      const missing = result.diagnostics.some((d) => d.code === 'CX1011');
      if (missing) {
        this.diagnostics.push(error('CX1414', `extends: file not found: ${file}`, loc, 'the path is relative to the file that extends'));
      } else {
        this.diagnostics.push(...result.diagnostics);
      }
      return undefined;
    }
    this.diagnostics.push(...result.diagnostics);
    this.cache.set(file, result.composeFile);
    return result.composeFile;
  }
}

function servicesOf(file: ComposeFile): ServiceMap | undefined {
  let services = file.doc.services;
  if (isOverride(services)) services = services.value;
  if (isReset(services) || !isPlainObject(services)) return undefined;
  const out: ServiceMap = {};
  for (const [k, v] of Object.entries(services)) {
    const inner = isOverride(v) ? v.value : v;
    if (isPlainObject(inner)) setOwn(out, k, inner);
  }
  return out;
}

function parseRef(value: unknown): ExtendsRef | undefined {
  if (typeof value === 'string') return { service: value };
  if (isPlainObject(value) && typeof value.service === 'string') {
    return { service: value.service, ...(typeof value.file === 'string' ? { file: value.file } : {}) };
  }
  return undefined;
}
