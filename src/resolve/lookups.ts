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
 * This module parses a Lookup into a normalized query (tags sorted, one spelling per key) and checks
 * a lock entry against it; lock.ts defines the lock. It calls nothing: `src/deploy/lookup/` asks AWS.
 */
import type { Path } from '../compose/source-map';
import type { SourceLocation } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { LOCK_FILE_NAME, LookupAnswer, LookupQuery, Selector, stableJson, Tags } from './lock';

export * from './lock';
import { checkKeys, isPlainObject, readObject, readString } from './readers';

/** One Lookup of the project: where it is, what it asks. */
export interface LookupRequest {
  readonly key: string;
  readonly query: LookupQuery;
  readonly path: Path;
  readonly location?: SourceLocation;
}

const LOOKUP_KEYS = ['Tags', 'Name', 'Identifier', 'Arn'];

/** ECS ComposeX tags: `{k: v}` or `[{k: v}, …]`. Sorted by key. */
export function readTags(ctx: ResolveContext, value: unknown, path: Path): Tags | undefined {
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
  if (query.kind === 'vpc') {
    const groups = Object.keys(query.groups ?? {});
    return typeof a.vpcId === 'string' && isPlainObject(a.subnets) && (groups.length === 0 || (isPlainObject(a.groups) && groups.every((g) => Array.isArray((a.groups as Record<string, unknown>)[g]))));
  }
  if (query.kind === 'cluster') return typeof a.clusterName === 'string' && typeof a.clusterArn === 'string';
  if (query.kind === 'database') {
    return a.type === query.type && typeof a.arn === 'string' && typeof a.address === 'string' && typeof a.port === 'number' && Array.isArray(a.securityGroupIds) && a.securityGroupIds.length > 0 && typeof a.engine === 'string' && (a.vpcId === undefined || typeof a.vpcId === 'string');
  }
  if (query.kind === 'image') return typeof a.image === 'string' && typeof a.digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(a.digest) && a.image.endsWith(`@${a.digest}`);
  if (query.kind === 'cache') {
    return (
      ['replicationGroup', 'clusterMode', 'memcached'].includes(a.shape as string) &&
      typeof a.arn === 'string' &&
      typeof a.address === 'string' &&
      typeof a.port === 'number' &&
      typeof a.vpcId === 'string' &&
      Array.isArray(a.securityGroupIds) &&
      a.securityGroupIds.length > 0 &&
      typeof a.engine === 'string'
    );
  }
  return typeof a.arn === 'string' && typeof a.name === 'string' && (query.kind !== 'queue' || typeof a.url === 'string');
}
