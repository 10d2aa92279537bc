/**
 * Security-group ingress rules: the whole network access graph. A rule exists only because the
 * compose file declares it, and opens only the target's declared container ports:
 *
 *  - caller `depends_on` / `links`, callee `x-network.Ingress.Services`: caller family → callee
 *    family, on every port the callee service declares. Services of one family share a task and
 *    talk over localhost: no rule. A callee without ports gets no rule (warned for links and
 *    Ingress.Services, silent for depends_on, which is also a plain start-order tool).
 *  - callee `x-network.Ingress.ExtSources` / `AwsSources` / `Myself`: those sources → the family.
 *  - published ports and named volumes: built by `load-balancer.ts` and `volumes.ts`.
 *
 * Networks: `links` and `Ingress.Services` between services that share no Compose network are
 * errors, since the user asked for a connection Compose itself could not make. `depends_on`
 * across networks is legal Compose (it only orders startup), but here it would grant access
 * across a boundary the user drew, so it keeps its start-order meaning, grants nothing, and a
 * warning says so.
 */
import type { IngressRule, IngressSource, IngressTarget } from './model';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';
import { describeNetworks, shareNetwork } from './network-scope';
import type { DeclaredPort } from './ports';
import type { NetworkSettings } from './x-network';

type Ports = ReadonlyMap<string, readonly DeclaredPort[]>;
type Networks = ReadonlyMap<string, readonly string[]>;

function edgeReason(edge: ServiceEdge): string {
  return edge.kind === 'x-network.Ingress.Services' ? edge.kind : `${edge.kind}: ${edge.callee}`;
}

function portRule(source: IngressSource, target: IngressTarget, port: DeclaredPort, reason: string): IngressRule {
  return { source, target, protocol: port.protocol, fromPort: port.port, toPort: port.port, reason };
}

/** Rules from service → service declarations. */
export function serviceIngress(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[], ports: Ports, networks: Networks): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const edge of edges) {
    const calleeFamilies = familiesOf(membership, edge.callee);
    const pairs = edge.callerFamilies.flatMap((from) => calleeFamilies.filter((to) => to !== from).map((to) => [from, to] as const));
    if (pairs.length === 0) continue; // same task: localhost
    const calleePorts = ports.get(edge.callee) ?? [];
    const callers = edge.callers.map((c) => `'${c}'`).join(', ');
    if (!edge.callers.some((caller) => shareNetwork(networks, caller, edge.callee))) {
      const where = describeNetworks(networks, [...edge.callers, edge.callee]);
      if (edge.kind !== 'depends_on') {
        ctx.error(
          CODES.NO_SHARED_NETWORK,
          `${where} share no network, so ${edge.kind} cannot grant ${callers} access to '${edge.callee}'`,
          edge.path,
          `attach both services to a common network, or remove this ${edge.kind} entry`,
          edge.anchor,
        );
      } else if (calleePorts.length > 0 && !edges.some((e) => e.kind === 'links' && e.callee === edge.callee && e.callers[0] === edge.callers[0])) {
        ctx.warning(
          CODES.DEPENDS_ON_ACROSS_NETWORKS,
          `${where} share no network: depends_on only orders their start, and no access from ${callers} to '${edge.callee}' is granted`,
          edge.path,
          `if ${callers} must reach '${edge.callee}', attach both services to a common network`,
          edge.anchor,
        );
      }
      continue;
    }
    if (calleePorts.length === 0) {
      if (edge.kind !== 'depends_on') {
        ctx.warning(
          CODES.NO_DECLARED_PORTS,
          `'${edge.callee}' declares no ports (ports or expose), so ${edge.kind} grants ${callers} no access to it`,
          edge.path,
          `declare the ports '${edge.callee}' listens on, e.g. expose: ["8080"]`,
          edge.anchor,
        );
      }
      continue;
    }
    for (const [from, to] of pairs) {
      for (const port of calleePorts) rules.push(portRule({ kind: 'family', family: from }, { kind: 'family', family: to }, port, edgeReason(edge)));
    }
  }
  return rules;
}

/** Rules from `x-network.Ingress.ExtSources`, `AwsSources` and `Myself` on each service. */
export function sourceIngress(ctx: ResolveContext, membership: Membership, network: ReadonlyMap<string, NetworkSettings>, ports: Ports): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const service of ctx.serviceNames) {
    const settings = network.get(service);
    if (!settings) continue;
    const declared = settings.extSources.length + settings.awsSources.length + (settings.myself ? 1 : 0);
    if (declared === 0) continue;
    const servicePorts = ports.get(service) ?? [];
    if (servicePorts.length === 0) {
      ctx.warning(
        CODES.NO_DECLARED_PORTS,
        `'${service}' declares no ports (ports or expose), so its x-network.Ingress opens nothing`,
        ['services', service, 'x-network', 'Ingress'],
        `declare the ports '${service}' listens on, e.g. expose: ["8080"]`,
        'key',
      );
      continue;
    }
    for (const family of familiesOf(membership, service)) {
      const target: IngressTarget = { kind: 'family', family };
      for (const port of servicePorts) {
        for (const src of settings.extSources) {
          const source: IngressSource = { kind: 'cidr', cidr: src.cidr, ...(src.description ? { description: src.description } : {}) };
          rules.push(portRule(source, target, port, 'x-network.Ingress.ExtSources'));
        }
        for (const src of settings.awsSources) {
          const source: IngressSource = { kind: src.kind, id: src.id, ...(src.description ? { description: src.description } : {}) };
          rules.push(portRule(source, target, port, 'x-network.Ingress.AwsSources'));
        }
        if (settings.myself) rules.push(portRule({ kind: 'family', family }, target, port, 'x-network.Ingress.Myself'));
      }
    }
  }
  return rules;
}

function sourceKey(source: IngressSource): string {
  switch (source.kind) {
    case 'family':
      return `1 ${source.family}`;
    case 'loadBalancer':
      return source.index ? `2 ${String(source.index).padStart(3, '0')}` : '2';
    case 'elbv2':
      return `2x ${source.name}`;
    case 'cidr':
      return `3 ${source.cidr}`;
    case 'securityGroup':
      return `4 ${source.id}`;
    case 'prefixList':
      return `5 ${source.id}`;
  }
}

function targetKey(target: IngressTarget): string {
  switch (target.kind) {
    case 'family':
      return `1 ${target.family}`;
    case 'loadBalancer':
      return target.index ? `2 ${String(target.index).padStart(3, '0')}` : '2';
    case 'elbv2':
      return `2x ${target.name}`;
    case 'volume':
      return `3 ${target.volume}`;
    case 'resource':
      return `4 ${target.resource} ${target.name}`;
  }
}

/** What makes two rules the same security-group permission (descriptions and reasons do not). */
function permissionKey(rule: IngressRule): string {
  return [targetKey(rule.target), sourceKey(rule.source), rule.protocol, rule.fromPort, rule.toPort].join('|');
}

/**
 * One rule per permission (EC2 rejects duplicates), reasons merged ("depends_on: db, links: db"),
 * sorted by target, source, protocol and port.
 */
export function finalizeIngress(rules: readonly IngressRule[]): IngressRule[] {
  const merged = new Map<string, { rule: IngressRule; reasons: Set<string> }>();
  for (const rule of rules) {
    const key = permissionKey(rule);
    const seen = merged.get(key);
    if (seen) seen.reasons.add(rule.reason);
    else merged.set(key, { rule, reasons: new Set([rule.reason]) });
  }
  const out = [...merged.values()].map(({ rule, reasons }) => ({ ...rule, reason: [...reasons].sort(compareStrings).join(', ') }));
  return out.sort(
    (a, b) =>
      compareStrings(targetKey(a.target), targetKey(b.target)) ||
      compareStrings(sourceKey(a.source), sourceKey(b.source)) ||
      compareStrings(a.protocol, b.protocol) ||
      a.fromPort - b.fromPort ||
      a.toPort - b.toPort,
  );
}
