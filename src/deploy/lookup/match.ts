/**
 * One match per Lookup: what AWS returned, filtered by the query's tags, must be exactly one
 * thing. None or several is an error at the `Lookup`, listing what was found so the user can make
 * the query precise.
 */
import { Diagnostic, error } from '../../diagnostics';
import type { Selector, Tags } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { DEPLOY_CODES } from '../codes';

/** A thing AWS returned, as the error lists it. */
export interface Candidate {
  readonly name: string;
  readonly arn: string;
  readonly tags: Tags;
}

/** Every tag of the query is on the resource with that value (other tags may be there too). */
export function hasTags(tags: Tags, wanted: Tags): boolean {
  return Object.entries(wanted).every(([k, v]) => tags[k] === v);
}

export function tagsOf(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const pairs = (list ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ''] as const);
  return Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function describeSelector(selector: Selector): string {
  if ('tags' in selector) return `tags ${formatTags(selector.tags)}`;
  if ('name' in selector) return `name '${selector.name}'`;
  return `id '${selector.identifier}'`;
}

export function formatTags(tags: Tags): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? '(no tags)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Thrown by a lookup with no or several matches; the command reports all of them together. */
export class LookupMismatch extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'LookupMismatch';
  }
}

/** The one candidate, or a LookupMismatch located at the Lookup. */
export function exactlyOne<T extends Candidate>(request: LookupRequest, what: string, selector: Selector | string, found: readonly T[]): T {
  if (found.length === 1) return found[0];
  const described = typeof selector === 'string' ? selector : describeSelector(selector);
  const sorted = [...found].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  throw new LookupMismatch(
    error(
      found.length === 0 ? DEPLOY_CODES.LOOKUP_NO_MATCH : DEPLOY_CODES.LOOKUP_SEVERAL_MATCHES,
      found.length === 0
        ? `${request.key} Lookup finds no ${what} with ${described}`
        : `${request.key} Lookup finds ${found.length} ${what}s with ${described}, and needs exactly one:\n` +
            sorted.map((c) => `  - ${c.name} (${c.arn}) tags: ${formatTags(c.tags)}`).join('\n'),
      request.location,
      found.length === 0
        ? `check the ${what} exists in this account and region (--aws-profile, --region) with those tags or that name`
        : 'add a tag (or use the name) that only one of them has',
    ),
  );
}

/** At least one (subnets: a group is several). */
export function atLeastOne<T>(request: LookupRequest, what: string, selector: Selector, found: readonly T[]): readonly T[] {
  if (found.length > 0) return found;
  throw new LookupMismatch(
    error(DEPLOY_CODES.LOOKUP_NO_MATCH, `${request.key} Lookup finds no ${what} with ${describeSelector(selector)}`, request.location, `check the ${what}s carry those tags in the VPC found`),
  );
}

/** An AWS "not found" error (`DBInstanceNotFoundFault`, `ReplicationGroupNotFoundFault`, …). */
export function isNotFound(e: unknown): boolean {
  return /NotFound/.test((e as { name?: string })?.name ?? '');
}

/** Pages of a describe call, read whole; "not found" for a named one is no match, not a failure. */
export async function readAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const page of pages) out.push(page);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return out;
}
