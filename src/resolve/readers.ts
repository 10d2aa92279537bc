/**
 * Typed reading of `x-` objects, which the JSON schema leaves open: each reader reports a wrong
 * type (CX3302) or an unknown key with a "did you mean" (CX3301) and returns `undefined` so the
 * caller carries on with the next field.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';

export type XObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is XObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function wrongType(ctx: ResolveContext, value: unknown, path: Path, expected: string, example: string): undefined {
  // A key not written at all (`MacroParameters` without `Predefined`) is missing, not of a type.
  const message = value === undefined ? `${describePath(path)} is missing: it must be ${expected}` : `${describePath(path)} must be ${expected}, not ${typeName(value)}`;
  ctx.error(CODES.X_WRONG_TYPE, message, path, `write it as ${example}`);
  return undefined;
}

export function readObject(ctx: ResolveContext, value: unknown, path: Path, example = 'a mapping of keys to values'): XObject | undefined {
  return isPlainObject(value) ? value : wrongType(ctx, value, path, 'a mapping', example);
}

export function readList(ctx: ResolveContext, value: unknown, path: Path, example = 'a YAML list'): unknown[] | undefined {
  return Array.isArray(value) ? value : wrongType(ctx, value, path, 'a list', example);
}

export function readString(ctx: ResolveContext, value: unknown, path: Path, example = 'a string'): string | undefined {
  return typeof value === 'string' && value !== '' ? value : wrongType(ctx, value, path, 'a non-empty string', example);
}

export function readBoolean(ctx: ResolveContext, value: unknown, path: Path): boolean | undefined {
  return typeof value === 'boolean' ? value : wrongType(ctx, value, path, 'true or false', 'true or false (unquoted)');
}

/** An integer in [min, max]; numeric strings are accepted (interpolated values arrive as strings). */
export function readInteger(ctx: ResolveContext, value: unknown, path: Path, min: number, max: number): number | undefined {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    return wrongType(ctx, value, path, `an integer from ${min} to ${max}`, `a whole number such as ${min}`);
  }
  return n;
}

/** Reports every key of `obj` not in `allowed`, positioned at the key. */
export function checkKeys(ctx: ResolveContext, obj: XObject, path: Path, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    ctx.error(CODES.UNKNOWN_X_KEY, `unknown key '${key}' in ${describePath(path)}`, [...path, key], suggestion(key, allowed, 'key'), 'key');
  }
}

/** A list of strings, or one string. */
export function readStringList(ctx: ResolveContext, value: unknown, path: Path): string[] | undefined {
  if (typeof value === 'string') return [value];
  const list = readList(ctx, value, path, 'a list of strings');
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((item, i) => {
    const s = readString(ctx, item, [...path, i]);
    if (s !== undefined) out.push(s);
  });
  return out;
}
