/**
 * Start order across families. A service of family A that reaches a service of family B makes A's
 * ECS service wait for B's (a CloudFormation dependency of A's stack on B's): Service Connect
 * clients resolve the names they may call when their tasks start, so a client that starts first
 * never reaches an endpoint created after it (AWS: "existing tasks can't resolve and connect to
 * the new endpoint"). Inside one family it is the container `DependsOn` instead.
 *
 * - `depends_on` is a required order: a cycle between families, which an acyclic service graph
 *   can still produce once services are grouped, cannot be deployed (CX3007).
 * - `links` and `x-network.Ingress.Services` order starts too, where they can: an edge that would
 *   close a cycle is left out, deterministically (edges taken in order of caller, then callee
 *   family), with a warning (CX3010).
 * - Services others wait for to complete are checked in one-shots.ts (CX3011, CX3012).
 */
import { CODES } from './codes';
import { checkOneShots } from './one-shots';
import { compareStrings, ResolveContext } from './context';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';

interface FamilyEdge {
  readonly from: string;
  readonly to: string;
  readonly edge: ServiceEdge;
}

/** Family → the families it starts after, sorted. */
export function familyStartOrder(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[]): Map<string, string[]> {
  const familyEdges: FamilyEdge[] = [];
  const networkEdges: FamilyEdge[] = [];
  // depends_on entries read as ECS ComposeX reads them where they would close a start cycle: a
  // call, no start order (the load stage warned at each, CX1425).
  const unordered = new Set((ctx.project.unorderedDependsOn ?? []).map((d) => `${d.service}\0${d.dependency}`));
  for (const edge of edges) {
    if (edge.kind === 'depends_on' && edge.callers.length === 1 && unordered.has(`${edge.callers[0]}\0${edge.callee}`)) continue;
    const calleeFamilies = familiesOf(membership, edge.callee);
    // A service in several families that runs beside its callee in one of them (ECS ComposeX's
    // `rproxy` in `bignicefamily,youtoo` depending on `app02` of `youtoo`) waits for it in that
    // task; its other tasks start after the callee's family where they can, as for links (a cycle
    // is left out with CX3010), not as a required order, which would make two families wait for
    // each other (ECS ComposeX orders families only by the family names depends_on lists).
    const besideCallee = edge.callers.length === 1 && edge.callerFamilies.length > 1 && calleeFamilies.some((f) => edge.callerFamilies.includes(f));
    // An Ingress.Services entry with DependsOn: true is a required order, as depends_on (ECS ComposeX).
    const required = (edge.kind === 'depends_on' || edge.dependsOn !== undefined) && !besideCallee;
    for (const from of edge.callerFamilies) {
      // A callee in the caller's own task (a service may be in several families) is reached there.
      if (calleeFamilies.includes(from)) {
        if (edge.dependsOn) dependsOnInsideFamily(ctx, edge, from);
        continue;
      }
      for (const to of calleeFamilies) (required ? familyEdges : networkEdges).push({ from, to, edge });
    }
  }
  checkOneShots(ctx, membership, edges);
  const after = new Map<string, Set<string>>();
  for (const family of membership.servicesOf.keys()) after.set(family, new Set());
  for (const { from, to } of familyEdges) after.get(from)?.add(to);

  for (const cycle of stronglyConnected(after).filter((c) => c.length > 1)) {
    const inside = familyEdges.filter((e) => cycle.includes(e.from) && cycle.includes(e.to));
    const through = inside.map((e) => `'${e.edge.callers[0]}' (${e.from}) depends on '${e.edge.callee}' (${e.to})`);
    ctx.error(
      CODES.FAMILY_START_CYCLE,
      `families ${cycle.join(', ')} would each wait for the other to start: ${[...new Set(through)].join(', ')}`,
      inside[0].edge.path,
      'put these services in one family (containers of a task may depend on each other), or remove one depends_on',
      'key',
    );
  }
  addNetworkOrder(ctx, after, networkEdges);
  return new Map([...after].map(([family, deps]) => [family, [...deps].sort(compareStrings)]));
}

/**
 * `DependsOn: true` where the caller runs in the service's own task: ECS ComposeX made the family's
 * stack depend on itself, which CloudFormation refuses; composex orders no container start for it
 * (depends_on would: a container DependsOn), with a warning (CX3989).
 */
function dependsOnInsideFamily(ctx: ResolveContext, edge: ServiceEdge, family: string): void {
  ctx.warning(
    CODES.INGRESS_SERVICE_DEPENDS_ON,
    `DependsOn orders no start here: '${edge.written}' runs in the task of '${edge.callee}' (family '${family}'), where containers start in the order of their depends_on`,
    edge.dependsOn!,
    `remove DependsOn, and write depends_on: [${edge.callee}] on the caller if it must start after '${edge.callee}'`,
    'key',
  );
}

/** Network edges in a deterministic order; one that would close a cycle is left out with CX3010. */
function addNetworkOrder(ctx: ResolveContext, after: Map<string, Set<string>>, networkEdges: readonly FamilyEdge[]): void {
  const sorted = [...networkEdges].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || compareStrings(a.edge.kind, b.edge.kind));
  const warned = new Set<string>();
  for (const { from, to, edge } of sorted) {
    const deps = after.get(from);
    if (!deps || deps.has(to)) continue;
    if (!reaches(after, to, from)) {
      deps.add(to);
      continue;
    }
    const key = `${from}\0${to}`;
    if (warned.has(key)) continue;
    warned.add(key);
    ctx.warning(
      CODES.NETWORK_START_CYCLE,
      `family '${from}' calls '${edge.callee}' (${edge.kind}) in family '${to}', which already starts after '${from}': this edge does not order their starts, so '${from}' may start first and not reach '${edge.callee}' until its tasks are replaced`,
      edge.path,
      `break the loop (one of the two need not call the other), or put both services in one family; after a first deploy, redeploy '${from}' (a new task definition revision) so its tasks resolve '${edge.callee}'`,
      edge.anchor,
    );
  }
}

/** Whether `to` can be reached from `from` along start-order edges. */
function reaches(graph: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    for (const next of graph.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * Tarjan's algorithm, with an explicit stack so a chain of thousands of families cannot overflow
 * the call stack; components and their members sorted by name.
 */
function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const frames: { node: string; next: string[]; i: number }[] = [];
  const open = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    frames.push({ node, next: [...(graph.get(node) ?? [])].sort(compareStrings), i: 0 });
  };
  for (const root of [...graph.keys()].sort(compareStrings)) {
    if (index.has(root)) continue;
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const node = frame.node;
      if (frame.i < frame.next.length) {
        const next = frame.next[frame.i++];
        if (!index.has(next)) open(next);
        else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
        continue;
      }
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        out.push(component.sort(compareStrings));
      }
      frames.pop();
      const parent = frames[frames.length - 1]?.node;
      if (parent !== undefined) low.set(parent, Math.min(low.get(parent)!, low.get(node)!));
    }
  }
  return out.sort((a, b) => compareStrings(a[0], b[0]));
}
