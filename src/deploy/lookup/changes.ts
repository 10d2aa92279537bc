/**
 * What `deploy` and `plan` need to decide whether to answer the lookups again, and to say what
 * changed: which Lookups the lock does not answer (missing, or its query changed since), and the
 * differences between the last lock's answers and new ones, field by field. No AWS call here.
 */
import { answerFits, LockEntry, LookupRequest, stableJson } from '../../resolve/lookups';

/** Keys of the requests the lock does not answer as they are written now (sorted as given). */
export function staleLookups(requests: readonly LookupRequest[], lookups: Readonly<Record<string, LockEntry>> | undefined): string[] {
  return requests
    .filter((r) => {
      const entry = lookups?.[r.key];
      return !entry || stableJson(entry.query) !== stableJson(r.query) || typeof entry.answer !== 'object' || entry.answer === null || !answerFits(r.query, entry.answer);
    })
    .map((r) => r.key);
}

/** One line per answer: its main id (`vpc-…; AppSubnets subnet-…`, an ARN). */
export function answerSummary(answer: object): string {
  const a = answer as Record<string, unknown>;
  // A VPC answer has subnets; a database or cache answer records its VPC id too, but is named by its ARN.
  if (typeof a.vpcId === 'string' && typeof a.subnets === 'object' && a.subnets !== null) {
    // The subnets of each group, then of each extra subnet group (ECS ComposeX's x-vpc.Lookup.<Group>).
    const extra = typeof a.groups === 'object' && a.groups !== null ? (a.groups as Record<string, { subnetId: string }[]>) : {};
    const groups = [...Object.entries(a.subnets as Record<string, { subnetId: string }[]>), ...Object.entries(extra)].map(([g, list]) => `${g} ${list.map((s) => s.subnetId).join(', ')}`);
    return [a.vpcId, ...groups].join('; ');
  }
  // An image answer (x-ecr / x-docker_opts InterpolateWithDigest) is the image pinned by digest.
  return String(a.clusterArn ?? a.arn ?? a.image);
}

const shown = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The changes from the last lock to new answers, as lines: `+ key: <id>` (a new Lookup),
 * `- key` (no longer in the project), `~ key: field: old → new` (an answer that changed), nothing
 * for an answer that is the same. `takenAt` is not compared.
 */
export function lockChanges(before: Readonly<Record<string, LockEntry>>, after: Readonly<Record<string, LockEntry>>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const lines: string[] = [];
  for (const key of keys) {
    const old = before[key];
    const now = after[key];
    if (!old && now) lines.push(`+ ${key}: ${answerSummary(now.answer)}`);
    else if (old && !now) lines.push(`- ${key} (no longer looked up)`);
    else if (old && now) {
      if (stableJson(old.query) !== stableJson(now.query)) lines.push(`~ ${key}: query ${shown(JSON.parse(stableJson(old.query)))} → ${shown(JSON.parse(stableJson(now.query)))}`);
      const a = (typeof old.answer === 'object' && old.answer !== null ? old.answer : {}) as Record<string, unknown>;
      const b = now.answer as unknown as Record<string, unknown>;
      for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (stableJson(a[field]) !== stableJson(b[field])) lines.push(`~ ${key}: ${field}: ${shown(a[field])} → ${shown(b[field])}`);
      }
    }
  }
  return lines;
}
