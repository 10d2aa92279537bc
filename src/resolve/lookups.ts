/**
 * `Lookup`: existing infrastructure found by tags, name or id, in ECS ComposeX's syntax, answered
 * once by `composex lookup` (which calls AWS) and pinned in `composex.lock.json`. Resolve reads
 * only the lock, so render stays offline and deterministic (as AWS CDK does with
 * `cdk.context.json`).
 *
 *   x-vpc:
 *     Lookup:
 *       VpcId: {Tags: [{Name: shared}]}            (or {Identifier: vpc-…})
 *       AppSubnets: {Tags: [{tier: app}]}          (the tasks' subnets; PrivateSubnets is the same)
 *       PublicSubnets: {Tags: [{tier: public}]}    (optional)
 *       StorageSubnets: {Tags: [{tier: storage}]}  (optional)
 *   x-cluster: {Lookup: {Tags: [{team: core}]}}     (or {ClusterName: …} / Lookup: <name>, no AWS call)
 *   secrets: {db: {x-secrets: {Lookup: {Tags: {app: shop}}}}}   (or {Name: prod/db})
 *
 * This module parses a Lookup into a normalized query (tags sorted, one spelling per key), checks a
 * lock entry against it, and defines the lock's shape. It calls nothing: `src/lookup/` asks AWS.
 */
import type { Path } from '../compose/source-map';
import type { SourceLocation } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkKeys, isPlainObject, readObject, readString } from './readers';

/** The lock file composex writes next to the first compose file. */
export const LOCK_FILE_NAME = 'composex.lock.json';
export const LOCK_VERSION = 1;

export type Tags = Readonly<Record<string, string>>;

/** How one thing is found: by tags, by name, or by id. Exactly one of them. */
export type Selector = { readonly tags: Tags } | { readonly name: string } | { readonly identifier: string };

export type LookupQuery =
  | {
      readonly kind: 'vpc';
      readonly vpc: Selector;
      /** Subnets are looked up inside the VPC found; each group may match several subnets. */
      readonly subnets: Readonly<Partial<Record<SubnetGroup, Selector>>>;
    }
  | { readonly kind: 'cluster'; readonly cluster: Selector }
  | { readonly kind: 'secret'; readonly secret: Selector };

export const SUBNET_GROUPS = ['AppSubnets', 'PublicSubnets', 'StorageSubnets'] as const;
export type SubnetGroup = (typeof SUBNET_GROUPS)[number];

export interface SubnetAnswer {
  readonly subnetId: string;
  readonly availabilityZone: string;
}
export interface VpcAnswer {
  readonly vpcId: string;
  readonly vpcArn: string;
  /** Each group's subnets, sorted by availability zone then id. */
  readonly subnets: Readonly<Partial<Record<SubnetGroup, readonly SubnetAnswer[]>>>;
}
export interface ClusterAnswer {
  readonly clusterName: string;
  readonly clusterArn: string;
}
export interface SecretAnswer {
  readonly name: string;
  readonly arn: string;
  /** The customer-managed key that encrypts the secret (absent: the AWS managed key). */
  readonly kmsKeyId?: string;
}
export type LookupAnswer = VpcAnswer | ClusterAnswer | SecretAnswer;

export interface LockEntry {
  readonly query: LookupQuery;
  readonly answer: LookupAnswer;
  /** When the answer was taken (ISO 8601); nothing reads it but people. */
  readonly takenAt: string;
}

export interface LockFile {
  readonly version: number;
  /** Keyed by where the Lookup is written: `x-vpc`, `x-cluster`, `secrets.db`. */
  readonly lookups: Readonly<Record<string, LockEntry>>;
  /** Where the lock was read from (not written). */
  readonly file?: string;
}

/** One Lookup of the project: where it is, what it asks. */
export interface LookupRequest {
  readonly key: string;
  readonly query: LookupQuery;
  readonly path: Path;
  readonly location?: SourceLocation;
}

/** Sorted keys at every level, two-space indent, a final newline: the same answers give the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (isPlainObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]));
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** The lock as text; takenAt is the only field that differs between two runs with the same answers. */
export function formatLock(lookups: Readonly<Record<string, LockEntry>>): string {
  return stableJson({ version: LOCK_VERSION, lookups });
}

/** Parses a lock file's text; a message when it is not one. */
export function parseLock(text: string, file: string): LockFile | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `${file} is not JSON (${(e as Error).message})`;
  }
  if (!isPlainObject(data) || data.version !== LOCK_VERSION || !isPlainObject(data.lookups)) {
    return `${file} is not a composex lock file of version ${LOCK_VERSION}`;
  }
  return { version: LOCK_VERSION, lookups: data.lookups as Record<string, LockEntry>, file };
}

const LOOKUP_KEYS = ['Tags', 'Name', 'Identifier', 'Arn'];

/** ECS ComposeX tags: `{k: v}` or `[{k: v}, …]`. Sorted by key. */
function readTags(ctx: ResolveContext, value: unknown, path: Path): Tags | undefined {
  const pairs: [string, string][] = [];
  const add = (entries: [string, unknown][], at: Path) => {
    for (const [k, v] of entries) {
      const text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : readString(ctx, v, [...at, k], 'a tag value');
      if (text === undefined) return false;
      if (pairs.some(([seen]) => seen === k)) {
        ctx.error(CODES.INVALID_LOOKUP, `tag '${k}' is given twice in this Lookup`, [...at, k], 'give each tag key once', 'key');
        return false;
      }
      pairs.push([k, text]);
    }
    return true;
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = readObject(ctx, value[i], [...path, i], '{key: value}');
      if (!item || !add(Object.entries(item), [...path, i])) return undefined;
    }
  } else {
    const item = readObject(ctx, value, path, '[{key: value}, …] or {key: value}');
    if (!item || !add(Object.entries(item), path)) return undefined;
  }
  if (pairs.length === 0) {
    ctx.error(CODES.INVALID_LOOKUP, 'Lookup gives no tags', path, 'give at least one tag: Tags: [{Name: shared}]');
    return undefined;
  }
  return Object.fromEntries(pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `{Tags: …}`, `{Name: …}` (or the kind's own name key) or `{Identifier: …}`: exactly one.
 * `nameKeys` are the spellings of a name this kind accepts; `idKeys` the spellings of an id.
 */
export function readSelector(ctx: ResolveContext, value: unknown, path: Path, example: string, nameKeys: readonly string[], idKeys: readonly string[] = []): Selector | undefined {
  if (typeof value === 'string' && nameKeys.length > 0) return { name: value };
  const x = readObject(ctx, value, path, example);
  if (!x) return undefined;
  const allowed = [...new Set(['Tags', ...nameKeys, ...idKeys])];
  checkKeys(ctx, x, path, allowed);
  const given = allowed.filter((k) => x[k] !== undefined);
  if (given.length !== 1) {
    const ignored = Object.keys(x).filter((k) => LOOKUP_KEYS.includes(k) && !allowed.includes(k));
    if (ignored.length === 0 || given.length > 1) {
      ctx.error(
        CODES.INVALID_LOOKUP,
        given.length === 0 ? 'Lookup says neither what to find by' : `Lookup finds by ${given.join(' and ')}; give one of them`,
        given.length === 0 ? path : [...path, given[1]],
        `e.g. ${example}`,
        'key',
      );
    }
    return undefined;
  }
  const key = given[0];
  if (key === 'Tags') {
    const tags = readTags(ctx, x.Tags, [...path, 'Tags']);
    return tags ? { tags } : undefined;
  }
  const text = readString(ctx, x[key], [...path, key]);
  if (text === undefined) return undefined;
  return nameKeys.includes(key) ? { name: text } : { identifier: text };
}

/** The lock's entry for a request, or a located error naming `composex lookup`. */
export function lockedAnswer<A extends LookupAnswer>(ctx: ResolveContext, request: LookupRequest): A | undefined {
  const entry = ctx.lock?.lookups[request.key];
  const run = 'run `composex lookup` (with AWS credentials) and commit composex.lock.json; render then reads it offline';
  if (!entry) {
    ctx.error(
      CODES.LOOKUP_NOT_LOCKED,
      ctx.lock
        ? `${request.key} Lookup has no entry in ${LOCK_FILE_NAME}`
        : `${request.key} Lookup needs ${LOCK_FILE_NAME}, which is not there (composex renders offline)`,
      request.path,
      run,
      'key',
    );
    return undefined;
  }
  if (stableJson(entry.query) !== stableJson(request.query) || !isPlainObject(entry.answer) || !answerFits(request.query, entry.answer)) {
    ctx.error(
      CODES.LOOKUP_STALE,
      `${request.key} Lookup changed since ${LOCK_FILE_NAME} was written (the lock answers ${stableJson(entry.query).replace(/\s+/g, ' ').trim()})`,
      request.path,
      run,
      'key',
    );
    return undefined;
  }
  return entry.answer as A;
}

/** Whether a lock entry's answer has the fields of its kind (a hand-edited lock is refused, not trusted). */
export function answerFits(query: LookupQuery, answer: LookupAnswer): boolean {
  const a = answer as unknown as Record<string, unknown>;
  if (query.kind === 'vpc') return typeof a.vpcId === 'string' && isPlainObject(a.subnets);
  if (query.kind === 'cluster') return typeof a.clusterName === 'string' && typeof a.clusterArn === 'string';
  return typeof a.arn === 'string' && typeof a.name === 'string';
}
