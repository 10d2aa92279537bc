/**
 * The access graph a reviewer looks at, built from the resolved model: who may reach whom on
 * which port, who may do what to which resource, and how resources feed each other. One neutral
 * structure, drawn by `mermaid.ts` and `dot.ts`.
 */
import type { AppModel, IngressRule, IngressSource, IngressTarget, ResourceKind } from '../resolve/model';
import { RESOURCE_KINDS, resourceSpec } from '../resolve/resources/registry';

/** Resource nodes are of their kind (`queue`, `topic`, …: the kinds of the registry). */
export type NodeKind = 'internet' | 'loadBalancer' | 'service' | ResourceKind | 'volume' | 'external';

export interface GraphNode {
  /** Unique key, also readable: `service:api`, `queue:jobs`, `cidr:10.0.0.0/8`. */
  readonly key: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** The family a service node belongs to. */
  readonly family?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: 'network' | 'access' | 'subscription' | 'deadLetter' | 'encryption' | 'scaling';
}

export interface AccessGraph {
  readonly nodes: readonly GraphNode[];
  /** Family name → keys of its service nodes. */
  readonly families: ReadonlyMap<string, readonly string[]>;
  readonly edges: readonly GraphEdge[];
}

export function buildGraph(model: AppModel): AccessGraph {
  const nodes = new Map<string, GraphNode>();
  const add = (node: GraphNode) => nodes.set(node.key, node);
  const families = new Map<string, string[]>();
  for (const f of model.families) {
    families.set(f.name, f.containers.map((s) => `service:${s.name}`));
    for (const s of f.containers) add({ key: `service:${s.name}`, label: s.name, kind: 'service', family: f.name });
  }
  const familyKey = (family: string) => `family:${family}`;
  const addResources = <K extends ResourceKind>(kind: K) => {
    const { key, graph } = resourceSpec(kind);
    for (const r of model.resources[kind]) {
      const detail = graph.detail?.(r);
      add({ key: `${kind}:${r.name}`, label: `${key} ${r.name}${detail !== undefined ? ` (${detail})` : ''}`, kind });
    }
  };
  for (const kind of RESOURCE_KINDS) addResources(kind);
  for (const v of model.volumes) add({ key: `volume:${v.name}`, label: `volume ${v.name} (EFS)`, kind: 'volume' });

  const edges = new Map<string, { from: string; to: string; kind: GraphEdge['kind']; labels: Set<string> }>();
  const edge = (from: string, to: string, kind: GraphEdge['kind'], label: string) => {
    const id = `${from}\0${to}\0${kind}`;
    const e = edges.get(id) ?? { from, to, kind, labels: new Set<string>() };
    e.labels.add(label);
    edges.set(id, e);
  };

  if (model.loadBalancer) {
    add({ key: 'internet', label: 'internet', kind: 'internet' });
    add({ key: 'loadBalancer', label: `${model.loadBalancer.type} load balancer`, kind: 'loadBalancer' });
  }
  for (const lb of model.elbv2 ?? []) {
    if (lb.scheme === 'internet-facing') add({ key: 'internet', label: 'internet', kind: 'internet' });
    add({ key: `elbv2:${lb.name}`, label: `${lb.scheme} ${lb.type} load balancer ${lb.name}`, kind: 'loadBalancer' });
  }
  const sourceKey = (s: IngressSource): string => {
    switch (s.kind) {
      case 'family':
        return familyKey(s.family);
      case 'loadBalancer':
        return 'loadBalancer';
      case 'elbv2':
        return `elbv2:${s.name}`;
      case 'cidr':
        return ensure(`cidr:${s.cidr}`, s.cidr === '0.0.0.0/0' || s.cidr === '::/0' ? 'internet' : s.cidr, s.cidr === '0.0.0.0/0' || s.cidr === '::/0' ? 'internet' : 'external');
      case 'securityGroup':
        return ensure(`sg:${s.id}`, `security group ${s.id}`, 'external');
      case 'prefixList':
        return ensure(`pl:${s.id}`, `prefix list ${s.id}`, 'external');
    }
  };
  const ensure = (key: string, label: string, kind: NodeKind): string => {
    if (kind === 'internet') return 'internet';
    if (!nodes.has(key)) add({ key, label, kind });
    return key;
  };
  const targetKey = (t: IngressTarget): string => {
    switch (t.kind) {
      case 'family':
        return familyKey(t.family);
      case 'loadBalancer':
        return 'loadBalancer';
      case 'elbv2':
        return `elbv2:${t.name}`;
      case 'volume':
        return `volume:${t.volume}`;
      case 'resource':
        return `${t.resource}:${t.name}`;
    }
  };
  for (const rule of model.ingress) edge(sourceKey(rule.source), targetKey(rule.target), 'network', portLabel(rule));

  for (const g of model.grants) {
    const family = model.families.find((f) => f.name === g.family);
    const containers = new Set(family?.containers.map((c) => c.name));
    const services = g.services.filter((s) => containers.has(s));
    // a grant of a container composex adds (the FireLens log router's) is drawn from its family
    const whole = family !== undefined && (services.length === 0 || family.containers.length === services.length);
    const froms = whole ? [familyKey(g.family)] : services.map((s) => `service:${s}`);
    for (const from of froms) edge(from, `${g.kind}:${g.resource}`, 'access', g.access);
    // A queue whose depth sets the family's task count (x-sqs Scaling).
    if (g.scaling) edge(`${g.kind}:${g.resource}`, familyKey(g.family), 'scaling', 'scales on depth');
  }
  // How resources feed each other (subscriptions, dead-letter queues), as each kind's spec says.
  const addResourceEdges = <K extends ResourceKind>(kind: K) => {
    const edgesOf = resourceSpec(kind).graph.edges;
    for (const r of model.resources[kind]) for (const e of edgesOf?.(r) ?? []) edge(`${kind}:${r.name}`, `${e.to.kind}:${e.to.name}`, e.kind, e.label);
  };
  for (const kind of RESOURCE_KINDS) addResourceEdges(kind);
  // An x-elbv2 load balancer that authenticates users against an x-cognito_userpool pool.
  for (const lb of model.elbv2 ?? []) {
    for (const l of lb.listeners) {
      for (const auth of [l.defaultAuthenticate, ...l.rules.map((r) => r.authenticate)]) {
        if (auth?.type === 'authenticate-cognito' && auth.userPool !== undefined) edge(`elbv2:${lb.name}`, `userPool:${auth.userPool}`, 'access', 'authenticates users');
      }
    }
  }
  // An x-wafv2_webacl web ACL filters the requests to the application load balancers it names.
  for (const acl of model.resources.webAcl) for (const lb of acl.loadBalancers) edge(`webAcl:${acl.name}`, `elbv2:${lb}`, 'access', 'filters requests');

  const sortedNodes = [...nodes.values()].sort((a, b) => compare(a.key, b.key));
  const sortedEdges = [...edges.values()]
    .map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: [...e.labels].sort(compare).join(', ') }))
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.kind, b.kind));
  return { nodes: sortedNodes, families, edges: sortedEdges };
}

function portLabel(rule: IngressRule): string {
  return `${rule.protocol}/${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Edges as `from -> to [label]`, with families as `family:<name>`: what tests compare. */
export function edgeList(graph: AccessGraph): string[] {
  return graph.edges.map((e) => `${e.from} -> ${e.to} [${e.label}]`);
}
