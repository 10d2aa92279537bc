/**
 * What the internet can reach, said plainly for the render summary: every load balancer listener
 * (its security group admits 0.0.0.0/0 on the listener port) with the family and container port it
 * forwards to, and every `x-network.Ingress.ExtSources` rule whose CIDR is not a private range
 * (RFC 1918, the shared address space of RFC 6598, IPv6 unique local addresses) to a family whose
 * tasks have a public IP (`x-network.AssignPublicIp`) — those come from the internet too, only
 * from fewer addresses. Tasks without a public IP sit in private subnets: no internet address
 * reaches them, whatever their security group says.
 */
import { listenerProtocol } from '../resolve/load-balancer-tls';
import type { AppModel, IngressRule } from '../resolve/model';

const PRIVATE_CIDRS = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^f[cd][0-9a-f]{2}:/i];

function isPrivate(cidr: string): boolean {
  return PRIVATE_CIDRS.some((re) => re.test(cidr));
}

function ports(rule: IngressRule): string {
  return `${rule.protocol}/${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

/**
 * One line per port reachable from the internet, load balancer listeners first (by port), then
 * direct rules (by family, port); empty when nothing is.
 */
export function internetReachable(model: Pick<AppModel, 'ingress' | 'loadBalancer' | 'families' | 'elbv2'>): string[] {
  const lines: string[] = [];
  const listeners = model.loadBalancer?.listeners ?? [];
  const kind = model.loadBalancer?.type === 'application' ? 'application' : 'network';
  for (const rule of model.ingress) {
    if (rule.target.kind !== 'loadBalancer' || rule.source.kind !== 'cidr') continue;
    const listener = listeners.find((l) => l.port === rule.fromPort);
    const to = !listener
      ? ''
      : listener.redirectToHttps
        ? ` → redirects to HTTPS port ${listener.redirectToHttps}`
        : ` → ${listener.target.service} (family ${listener.target.family}) port ${listener.target.containerPort}`;
    lines.push(`${ports(rule)} on the ${kind} load balancer from ${rule.source.cidr}${listener ? ` (${listenerProtocol(listener)} listener)` : ''}${to}`);
  }
  // x-elbv2: an internet-facing load balancer's listeners, from the public CIDRs its Ingress admits.
  for (const rule of model.ingress) {
    const target = rule.target;
    if (target.kind !== 'elbv2' || rule.source.kind !== 'cidr' || isPrivate(rule.source.cidr)) continue;
    const lb = (model.elbv2 ?? []).find((l) => l.name === target.name);
    if (lb?.scheme !== 'internet-facing') continue;
    const listener = lb.listeners.find((l) => l.port === rule.fromPort);
    lines.push(`${ports(rule)} on the ${lb.type} load balancer ${lb.name} from ${rule.source.cidr}${listener ? ` (${listener.protocol} listener)` : ''}`);
  }
  for (const rule of model.ingress) {
    if (rule.target.kind !== 'family' || rule.source.kind !== 'cidr' || isPrivate(rule.source.cidr)) continue;
    const family = rule.target.family;
    if (!model.families.some((f) => f.name === family && f.assignPublicIp)) continue;
    lines.push(`${ports(rule)} of family ${family} (public IP) from ${rule.source.cidr} (${rule.reason})`);
  }
  return lines;
}
