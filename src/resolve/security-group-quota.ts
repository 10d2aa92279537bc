/**
 * CX3220: every security group composex creates must hold its inbound rules within the VPC quota
 * "Inbound or outbound rules per security group" (60 by default, counted separately for IPv4 and
 * IPv6; a rule that references a security group or a prefix list counts toward both:
 * src/limits/vpc.ts). Rules cannot be split over several groups of one family without weakening
 * what the template says, so a group that would hold more is refused where it is declared, with
 * the ways to need fewer rules.
 *
 * The load balancers' groups hold one inbound rule per listener and source, and one outbound rule
 * per target family and port they forward to (the mirror of that family's rule from them, and the
 * one inline rule): both counts are checked.
 */
import type { Path } from '../compose/source-map';
import { MAX_INBOUND_RULES_PER_SECURITY_GROUP } from '../limits/vpc';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { IngressRule, IngressSource, IngressTarget } from './model';
import { RESOURCE_SPECS } from './resources/registry';

/** How many IPv4 and IPv6 rules one rule counts for. */
function ruleWeight(source: IngressSource): { ipv4: number; ipv6: number } {
  if (source.kind === 'cidr') return source.cidr.includes(':') ? { ipv4: 0, ipv6: 1 } : { ipv4: 1, ipv6: 0 };
  return { ipv4: 1, ipv6: 1 };
}

function describeTarget(target: IngressTarget): string {
  switch (target.kind) {
    case 'family':
      return `family '${target.family}'`;
    case 'resource':
      return `${RESOURCE_SPECS[target.resource].network?.describe ?? target.resource} '${target.name}'`;
    case 'volume':
      return `volume '${target.volume}'`;
    case 'loadBalancer':
      return `load balancer ${(target.index ?? 0) + 1}`;
    case 'elbv2':
      return `load balancer '${target.name}' (x-elbv2)`;
  }
}

const HINTS: Record<Exclude<IngressTarget['kind'], 'resource'>, string> = {
  family:
    'fewer callers or ports: put services that call it into one family (deploy.labels ecs.task.family), drop depends_on / links that only order start-up (x-network.Ingress.Services lists who really calls), or admit a CIDR or prefix list instead of each family',
  volume: 'mount it in fewer families (one family can serve several services: deploy.labels ecs.task.family)',
  loadBalancer: 'publish fewer ports',
  elbv2: 'list fewer ExtSources / AwsSources in its MacroParameters.Ingress, or fewer listeners (a prefix list admits many CIDRs in one rule)',
};

/**
 * Reports every security group over the quota. `rules` are the model's (one per permission);
 * `pathOf` gives where a target is declared (a family's first service, `x-rds.<name>`, …).
 */
export function checkSecurityGroupRules(ctx: ResolveContext, rules: readonly IngressRule[], pathOf: (target: IngressTarget) => Path | undefined): void {
  const counts = new Map<string, { target: IngressTarget; ipv4: number; ipv6: number }>();
  for (const rule of rules) {
    const key = JSON.stringify(rule.target);
    const c = counts.get(key) ?? { target: rule.target, ipv4: 0, ipv6: 0 };
    const w = ruleWeight(rule.source);
    counts.set(key, { target: c.target, ipv4: c.ipv4 + w.ipv4, ipv6: c.ipv6 + w.ipv6 });
  }
  for (const [source, outbound] of outboundCounts(rules)) {
    if (outbound <= MAX_INBOUND_RULES_PER_SECURITY_GROUP) continue;
    const path = pathOf(source);
    if (!path) continue;
    ctx.error(
      CODES.SECURITY_GROUP_RULES_OVER_QUOTA,
      `the security group of ${describeTarget(source)} would hold ${outbound} outbound rules (one per target family and port, and one inline); the VPC quota "Inbound or outbound rules per security group" is ${MAX_INBOUND_RULES_PER_SECURITY_GROUP} by default, and CloudFormation fails the deployment past it`,
      path,
      'forward to fewer families or ports from this load balancer (put services behind it into one family: deploy.labels ecs.task.family), or split its targets over two load balancers',
      'key',
    );
  }
  for (const { target, ipv4, ipv6 } of counts.values()) {
    const worst = Math.max(ipv4, ipv6);
    if (worst <= MAX_INBOUND_RULES_PER_SECURITY_GROUP) continue;
    const path = pathOf(target);
    if (!path) continue;
    ctx.error(
      CODES.SECURITY_GROUP_RULES_OVER_QUOTA,
      `the security group of ${describeTarget(target)} would hold ${worst} inbound ${ipv4 >= ipv6 ? 'IPv4' : 'IPv6'} rules (one per source and port); the VPC quota "Inbound or outbound rules per security group" is ${MAX_INBOUND_RULES_PER_SECURITY_GROUP} by default, and CloudFormation fails the deployment past it`,
      path,
      target.kind === 'resource' ? RESOURCE_SPECS[target.resource].network?.quotaHint ?? HINTS.family : HINTS[target.kind],
      'key',
    );
  }
}

/** Outbound rules of each load balancer's group: one per rule from it (its egress mirror), and the inline one. */
function outboundCounts(rules: readonly IngressRule[]): Map<IngressTarget, number> {
  const bySource = new Map<string, { source: IngressTarget; n: number }>();
  const seen = new Set<string>();
  for (const rule of rules) {
    if (rule.source.kind !== 'loadBalancer' && rule.source.kind !== 'elbv2') continue;
    const mirror = JSON.stringify([rule.source, rule.target, rule.protocol, rule.fromPort, rule.toPort]);
    if (seen.has(mirror)) continue;
    seen.add(mirror);
    const key = JSON.stringify(rule.source);
    const c = bySource.get(key) ?? { source: rule.source, n: 1 };
    bySource.set(key, { source: c.source, n: c.n + 1 });
  }
  return new Map([...bySource.values()].map(({ source, n }) => [source, n]));
}
