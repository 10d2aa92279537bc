/**
 * Which nested stack each x- resource goes to. A kind's resources share one stack (`Queues`,
 * `Topics`, `Databases`) while its estimated size stays well inside the CloudFormation limits
 * (500 resources, 200 parameters, 200 outputs); beyond, each group of resources goes to the shard
 * of its key's hash (`Queues07`), so adding a resource never moves another one, and a shard that
 * would still be too large is split into parts (`Queues07Part2`).
 *
 * Crossing the threshold moves every resource of the kind to a new stack, which replaces it: the
 * resources of these stacks are retained on replacement (`DeletionPolicy`/`UpdateReplacePolicy`),
 * but the data is not moved. That is a one-time event the deploy plan shows; it is documented.
 */
import { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { fnv1a } from '../names';
import { setStackLogicalId } from '../stack-io';

/** The estimated footprint of one placement group (a resource with what must sit next to it). */
export interface Footprint {
  readonly resources: number;
  readonly outputs: number;
  readonly parameters: number;
}

/** What one stack may hold, with room to spare for what the estimate does not count. */
export const STACK_BUDGET: Footprint = { resources: 400, outputs: 180, parameters: 150 };
export const RESOURCE_SHARDS = 32;

export interface PlacementGroup<T> {
  /** Stable key: the shard is a hash of it. */
  readonly key: string;
  readonly items: readonly T[];
  readonly footprint: Footprint;
}

const fits = (a: Footprint, b: Footprint): boolean =>
  a.resources + b.resources <= STACK_BUDGET.resources &&
  a.outputs + b.outputs <= STACK_BUDGET.outputs &&
  a.parameters + b.parameters <= STACK_BUDGET.parameters;

const add = (a: Footprint, b: Footprint): Footprint => ({
  resources: a.resources + b.resources,
  outputs: a.outputs + b.outputs,
  parameters: a.parameters + b.parameters,
});

const EMPTY: Footprint = { resources: 0, outputs: 0, parameters: 0 };

/**
 * Creates the stacks for `groups` under `scope` (`<name>`, or `<name>NN[PartK]`) and returns the
 * stack of each item. Groups must come sorted by key.
 */
export function placeInStacks<T>(
  scope: Construct,
  name: string,
  description: string,
  groups: readonly PlacementGroup<T>[],
): { stacks: NestedStack[]; stackOf: Map<T, NestedStack> } {
  const stacks: NestedStack[] = [];
  const stackOf = new Map<T, NestedStack>();
  const newStack = (id: string, what: string) => {
    const stack = new NestedStack(scope, id, { description: `composex: ${what}` });
    setStackLogicalId(stack, `${id}Stack`);
    stacks.push(stack);
    return stack;
  };
  const total = groups.reduce((sum, g) => add(sum, g.footprint), EMPTY);
  if (groups.length === 0) return { stacks, stackOf };
  if (fits(EMPTY, total)) {
    const stack = newStack(name, description);
    for (const g of groups) for (const item of g.items) stackOf.set(item, stack);
    return { stacks, stackOf };
  }
  const byShard = new Map<string, PlacementGroup<T>[]>();
  for (const g of groups) {
    const shard = String(fnv1a(g.key) % RESOURCE_SHARDS).padStart(2, '0');
    byShard.set(shard, [...(byShard.get(shard) ?? []), g]);
  }
  for (const shard of [...byShard.keys()].sort()) {
    let part = 0;
    let used = EMPTY;
    let stack: NestedStack | undefined;
    for (const g of byShard.get(shard)!) {
      if (!stack || !fits(used, g.footprint)) {
        part++;
        const id = part === 1 ? `${name}${shard}` : `${name}${shard}Part${part}`;
        stack = newStack(id, `${description} (shard ${shard}${part === 1 ? '' : `, part ${part}`})`);
        used = EMPTY;
      }
      used = add(used, g.footprint);
      for (const item of g.items) stackOf.set(item, stack);
    }
  }
  return { stacks, stackOf };
}
