/**
 * Start order across families: `depends_on` from a service of family A to a service of family B
 * makes A's ECS service wait for B's (a CloudFormation dependency). Inside one family it is the
 * container `DependsOn` instead. A cycle between families, which an acyclic service graph can
 * still produce once services are grouped, cannot be deployed (CX3007).
 */
import { CODES } from './codes';
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
  for (const edge of edges) {
    if (edge.kind !== 'depends_on') continue;
    for (const from of edge.callerFamilies) {
      for (const to of familiesOf(membership, edge.callee)) if (from !== to) familyEdges.push({ from, to, edge });
    }
  }
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
  return new Map([...after].map(([family, deps]) => [family, [...deps].sort(compareStrings)]));
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
