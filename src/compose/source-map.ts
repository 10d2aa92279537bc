import type { ConfigPath, SourceLocation } from '../diagnostics';

/** A path into a Compose document: mapping keys and sequence indexes. */
export type Path = ConfigPath;

/** JSON Pointer (RFC 6901) for a path; the same encoding ajv uses in `instancePath`. */
export function pointer(path: Path): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where each node of a Compose document came from. Positions are recorded for mapping keys and for
 * values; a lookup for a path that no longer exists (after normalization rewrote it) falls back to
 * the nearest ancestor that does, so every diagnostic still points into the right file.
 */
export class SourceMap {
  private readonly keys = new Map<string, SourceLocation>();
  private readonly values = new Map<string, SourceLocation>();
  /** Values whose text named a variable (`${VAR}`): what is there came from the environment. */
  private readonly interpolatedValues = new Set<string>();
  /** Values written with a YAML anchor (`&name`), or brought in by an alias or a `<<` merge. */
  private readonly anchoredValues = new Set<string>();

  setKey(path: Path, loc: SourceLocation): void {
    this.keys.set(pointer(path), loc);
  }

  setValue(path: Path, loc: SourceLocation): void {
    this.values.set(pointer(path), loc);
  }

  /** Records that the string at `path` referenced variables when it was interpolated. */
  markInterpolated(path: Path): void {
    this.interpolatedValues.add(pointer(path));
  }

  /** Records that the value at `path` carries a YAML anchor or came from one (alias, `<<`). */
  markAnchored(path: Path): void {
    this.anchoredValues.add(pointer(path));
  }

  /** Whether the value at exactly `path` carries a YAML anchor or came from one: the user's own. */
  anchored(path: Path): boolean {
    return this.anchoredValues.has(pointer(path));
  }

  /** Whether the string at exactly `path` referenced variables when it was interpolated. */
  interpolated(path: Path): boolean {
    return this.interpolatedValues.has(pointer(path));
  }

  /**
   * Makes `to` name what `from` names (its positions and interpolation), unless `to` has its own:
   * for a `KEY=VALUE` list rewritten to a mapping, the entry `[…, 'environment', 'KEY']` is
   * where `[…, 'environment', 3]` was written.
   */
  alias(from: Path, to: Path): void {
    const source = pointer(from);
    const target = pointer(to);
    if (this.keys.has(target) || this.values.has(target)) return;
    const loc = this.values.get(source) ?? this.keys.get(source);
    if (loc) this.values.set(target, loc);
    if (this.interpolatedValues.has(source)) this.interpolatedValues.add(target);
  }

  /**
   * `alias` for `from` and every node under it: a key a reader renames (ECS ComposeX's list form
   * `scaling:` read as `Scaling`) keeps the positions of everything written below it.
   */
  aliasTree(from: Path, to: Path): void {
    const source = pointer(from);
    const target = pointer(to);
    for (const map of [this.keys, this.values]) {
      for (const [ptr, loc] of [...map]) {
        if (ptr !== source && !ptr.startsWith(source + '/')) continue;
        const renamed = target + ptr.slice(source.length);
        if (!map.has(renamed)) map.set(renamed, loc);
      }
    }
    for (const ptr of [...this.interpolatedValues]) {
      if (ptr === source || ptr.startsWith(source + '/')) this.interpolatedValues.add(target + ptr.slice(source.length));
    }
  }

  /** Location of the key of `path` (falls back to its value, then to ancestors). */
  key(path: Path): SourceLocation | undefined {
    for (let n = path.length; n >= 0; n--) {
      const ptr = pointer(path.slice(0, n));
      const loc = this.keys.get(ptr) ?? this.values.get(ptr);
      if (loc) return loc;
    }
    return undefined;
  }

  /** Location of the value at `path` (falls back to its key, then to ancestors). */
  value(path: Path): SourceLocation | undefined {
    for (let n = path.length; n >= 0; n--) {
      const ptr = pointer(path.slice(0, n));
      const loc = this.values.get(ptr) ?? this.keys.get(ptr);
      if (loc) return loc;
    }
    return undefined;
  }

  /** Location recorded for exactly this path (key, else value), without falling back. */
  exact(path: Path): SourceLocation | undefined {
    const ptr = pointer(path);
    return this.keys.get(ptr) ?? this.values.get(ptr);
  }

  /**
   * Location of an entry of a collection that may have been written as a mapping (`name:`) or as
   * a list (`- name`): the mapping key if there is one, else the list item at `index`.
   */
  entry(path: Path, name: string, index: number): SourceLocation | undefined {
    return this.exact([...path, name]) ?? this.exact([...path, index]) ?? this.value(path);
  }

  /** Copies every entry under `from` in `other` to `to` in this map (for extends, include, merge). */
  graft(other: SourceMap, from: Path, to: Path, overwrite = true): void {
    const prefix = pointer(from);
    const target = pointer(to);
    // A value replaced by the graft takes its interpolation mark along (or loses the old one).
    for (const ptr of other.values.keys()) {
      if (ptr !== prefix && !ptr.startsWith(prefix + '/')) continue;
      const moved = target + ptr.slice(prefix.length);
      if (!overwrite && this.values.has(moved)) continue;
      if (other.interpolatedValues.has(ptr)) this.interpolatedValues.add(moved);
      else this.interpolatedValues.delete(moved);
      if (other.anchoredValues.has(ptr)) this.anchoredValues.add(moved);
      else this.anchoredValues.delete(moved);
    }
    const copy = (src: Map<string, SourceLocation>, dst: Map<string, SourceLocation>) => {
      for (const [ptr, loc] of src) {
        if (ptr === prefix || ptr.startsWith(prefix + '/')) {
          const moved = target + ptr.slice(prefix.length);
          if (overwrite || !dst.has(moved)) dst.set(moved, loc);
        }
      }
    };
    copy(other.keys, this.keys);
    copy(other.values, this.values);
  }

  /**
   * After a later file was merged in (`merge(later)`, the documents into `doc`): drops the
   * positions of nodes the later file replaced, those no longer in `doc` below a node it wrote (a
   * list of the base replaced by the override's), so a diagnostic there points into the later file
   * (its nearest node) rather than at a line of the base that is gone.
   */
  dropReplaced(doc: unknown, later: SourceMap): void {
    const wrote = (ptr: string) => later.keys.has(ptr) || later.values.has(ptr);
    for (const map of [this.keys, this.values]) {
      for (const ptr of [...map.keys()]) {
        if (wrote(ptr)) continue;
        const segments = parsePointer(ptr);
        let node: unknown = doc;
        let depth = 0;
        for (; depth < segments.length; depth++) {
          if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segments[depth])) break;
          node = (node as Record<string, unknown>)[segments[depth]];
        }
        if (depth < segments.length && wrote(pointer(segments.slice(0, depth)))) map.delete(ptr);
      }
    }
  }

  /** Adds every entry of `other` (later files win). */
  merge(other: SourceMap): void {
    // graft(other, [], []) without rewriting every pointer (a 1,000-service file has ~100,000).
    for (const ptr of other.values.keys()) {
      if (other.interpolatedValues.has(ptr)) this.interpolatedValues.add(ptr);
      else if (this.interpolatedValues.size > 0) this.interpolatedValues.delete(ptr);
      if (other.anchoredValues.has(ptr)) this.anchoredValues.add(ptr);
      else if (this.anchoredValues.size > 0) this.anchoredValues.delete(ptr);
    }
    for (const [ptr, loc] of other.keys) this.keys.set(ptr, loc);
    for (const [ptr, loc] of other.values) this.values.set(ptr, loc);
  }
}
