/**
 * What the cluster kinds (x-docdb, x-neptune) read alike from an entry before their own settings:
 * a `Lookup` / `Use` of an existing cluster (refused: render makes no AWS call), and the
 * `Properties` ECS ComposeX replaced with its own (replaced the same way, with a warning at each),
 * and the deletion protection.
 */
import type { Code } from '../codes';
import type { ResolveContext } from '../context';
import { readBoolean, type XObject } from '../readers';
import { refuseExistingResource, type ResourceEntry } from './common';

/** The names of the kind in messages: its key and its engine (`x-docdb`, `DocumentDB`). */
export interface ClusterKind {
  readonly key: string;
  readonly engine: string;
}

/** Refuses `Lookup` / `Use` at its key with `code` and `hint` (what to write instead); true when refused. */
export function refuseExistingCluster(ctx: ResolveContext, kind: ClusterKind, entry: ResourceEntry, code: Code, hint: string): boolean {
  return refuseExistingResource(ctx, entry, code, `${kind.engine} cluster`, hint);
}

/**
 * The entry's `Properties` without those of `replaced` (key → what replaces it), each warned at its
 * key with `code`; `hintOf` says what to do (default: remove it).
 */
export function withoutReplacedProperties(
  ctx: ResolveContext,
  kind: ClusterKind,
  entry: ResourceEntry,
  replaced: Readonly<Record<string, string>>,
  code: Code,
  hintOf: (key: string) => string = (key) => `remove ${key}`,
): XObject {
  const p: XObject = {};
  for (const [key, value] of Object.entries(entry.properties)) {
    if (Object.prototype.hasOwnProperty.call(replaced, key)) {
      ctx.warning(code, `${kind.key} '${entry.name}': ${key} is replaced by ${replaced[key]} (as ECS ComposeX also replaced it)`, [...entry.path, 'Properties', key], hintOf(key), 'key');
    } else {
      p[key] = value;
    }
  }
  return p;
}

/** `DeletionProtection` in `Settings` (ECS ComposeX's place) or `Properties`; on by default. */
export function readDeletionProtection(ctx: ResolveContext, entry: ResourceEntry): boolean | undefined {
  if (entry.settings.DeletionProtection !== undefined) return readBoolean(ctx, entry.settings.DeletionProtection, [...entry.path, 'Settings', 'DeletionProtection']);
  if (entry.properties.DeletionProtection !== undefined) return readBoolean(ctx, entry.properties.DeletionProtection, [...entry.path, 'Properties', 'DeletionProtection']);
  return true;
}
