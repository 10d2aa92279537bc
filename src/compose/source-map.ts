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

  setKey(path: Path, loc: SourceLocation): void {
    this.keys.set(pointer(path), loc);
  }

  setValue(path: Path, loc: SourceLocation): void {
    this.values.set(pointer(path), loc);
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

  /** Adds every entry of `other` (later files win). */
  merge(other: SourceMap): void {
    this.graft(other, [], []);
  }
}
