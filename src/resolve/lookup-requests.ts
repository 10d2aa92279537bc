/**
 * Every `Lookup` of a project that `composex lookup` answers: the same readers resolve uses, so
 * the queries the command writes are the ones render compares (lookups.ts).
 */
import type { ComposeProject } from '../compose/types';
import type { Diagnostic } from '../diagnostics';
import { clusterLookupRequest } from './cluster';
import { compareStrings, ResolveContext } from './context';
import type { LookupRequest } from './lookups';
import { secretLookupRequest } from './secrets';
import { vpcLookupRequest } from './vpc';

export function collectLookupRequests(project: ComposeProject): { requests: LookupRequest[]; diagnostics: Diagnostic[] } {
  const ctx = new ResolveContext(project);
  const requests = [
    vpcLookupRequest(ctx),
    clusterLookupRequest(ctx),
    ...Object.keys(project.secrets ?? {})
      .sort(compareStrings)
      .map((name) => secretLookupRequest(ctx, name)),
  ].filter((r): r is LookupRequest => r !== undefined);
  return { requests, diagnostics: ctx.diagnostics };
}
