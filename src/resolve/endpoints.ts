/**
 * The Service Connect names a family may call, written into its task definition. A Service Connect
 * client learns the endpoints of the namespace when its task starts, and tasks already running
 * never learn a new one (AWS ECS developer guide, "Service Connect components"): when what a family
 * may call changes — a new callee, a new alias, a new port — its task definition must change too,
 * so that the next deploy replaces its tasks. The Docker label `composex.endpoints` does that, and
 * tells an operator what the task may call.
 */
import { createHash } from 'crypto';
import type { Family, IngressRule } from './model';
import { compareStrings } from './context';

export const ENDPOINTS_LABEL = 'composex.endpoints';
/** Longer lists are replaced by their digest (a label has no hard limit, the task definition has). */
const MAX_LABEL_LENGTH = 1024;

/** `name:port` of every Service Connect alias the family's security group may reach, sorted. */
export function callableEndpoints(family: Family, byName: ReadonlyMap<string, Family>, ingress: readonly IngressRule[]): string[] {
  const out = new Set<string>();
  for (const rule of ingress) {
    if (rule.source.kind !== 'family' || rule.source.family !== family.name || rule.target.kind !== 'family') continue;
    const callee = byName.get(rule.target.family);
    for (const endpoint of callee?.serviceConnect ?? []) {
      for (const alias of endpoint.clientAliases) {
        if (rule.protocol === 'tcp' && alias.port >= rule.fromPort && alias.port <= rule.toPort) out.add(`${alias.dnsName}:${alias.port}`);
      }
    }
  }
  return [...out].sort(compareStrings);
}

/** Families whose containers carry the `composex.endpoints` label when they may call anything. */
export function withEndpointsLabel(families: readonly Family[], ingress: readonly IngressRule[]): Family[] {
  const byName = new Map(families.map((f) => [f.name, f]));
  // Each family reads only the rules it is the source of (in their order): one pass over the
  // rules instead of one per family (1,000 families × thousands of rules).
  const bySource = new Map<string, IngressRule[]>();
  for (const rule of ingress) {
    if (rule.source.kind !== 'family') continue;
    const list = bySource.get(rule.source.family);
    if (list) list.push(rule);
    else bySource.set(rule.source.family, [rule]);
  }
  return families.map((family) => {
    const endpoints = callableEndpoints(family, byName, bySource.get(family.name) ?? []);
    if (endpoints.length === 0) return family;
    const list = endpoints.join(',');
    const value = list.length <= MAX_LABEL_LENGTH ? list : `sha256:${createHash('sha256').update(list).digest('hex').slice(0, 32)}`;
    return {
      ...family,
      containers: family.containers.map((c) => ({
        ...c,
        dockerLabels: Object.fromEntries(Object.entries({ ...c.dockerLabels, [ENDPOINTS_LABEL]: value }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      })),
    };
  });
}
