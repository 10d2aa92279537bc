/**
 * Compose's merge tags. `!reset` removes a value inherited from an earlier file (or from
 * `extends`); `!override` replaces it whole instead of merging. The YAML reader turns the tagged
 * nodes into these markers and the merger consumes them; none survives into a `ComposeProject`.
 */

export class ResetTag {
  /** What the tagged node held (`!reset []`, `!reset {}`, `!reset null`); unused but kept for output. */
  constructor(readonly original: unknown) {}
}

export class OverrideTag {
  constructor(readonly value: unknown) {}
}

export function isReset(value: unknown): value is ResetTag {
  return value instanceof ResetTag;
}

export function isOverride(value: unknown): value is OverrideTag {
  return value instanceof OverrideTag;
}

/**
 * Removes every marker from a tree: `!reset` entries disappear, `!override` unwraps to its value.
 * Used on a file that is not merged onto anything.
 */
export function stripTags(value: unknown): unknown {
  if (isOverride(value)) return stripTags(value.value);
  if (Array.isArray(value)) return value.filter((v) => !isReset(v)).map(stripTags);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isReset(v)) continue;
      // As `setOwn` in yaml.ts (not imported: yaml.ts imports this module): a key named
      // `__proto__` must stay a key, not replace the object's prototype.
      if (k === '__proto__') Object.defineProperty(out, k, { value: stripTags(v), enumerable: true, writable: true, configurable: true });
      else out[k] = stripTags(v);
    }
    return out;
  }
  return value;
}

/** Whether a tree holds a marker anywhere (a read-only walk: no copy when there is none). */
export function hasTags(value: unknown): boolean {
  if (value instanceof ResetTag || value instanceof OverrideTag) return true;
  if (Array.isArray(value)) return value.some(hasTags);
  if (isPlainObject(value)) {
    for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && hasTags(value[k])) return true;
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
