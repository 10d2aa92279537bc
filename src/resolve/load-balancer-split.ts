/**
 * Published ports → load balancers, within the ELB quotas (src/limits/elb.ts). Up to 50
 * listeners, one load balancer (index 0: `LoadBalancer`, so small projects never change); beyond,
 * listeners are packed in port order into load balancers of at most 50 listeners
 * ("Listeners per load balancer") and 100 target groups ("Target Groups per Application Load
 * Balancer"), and the listeners that share a target group stay on one load balancer (a target
 * group belongs to one load balancer). The assignment depends only on the published ports, so
 * the same project always gets the same load balancers.
 */
import { MAX_LISTENERS_PER_LOAD_BALANCER, MAX_TARGET_GROUPS_PER_LOAD_BALANCER } from '../limits/elb';
import type { ListenerModel } from './model';

/** Identity of a target group: one per (family, service, container port, protocol). */
export function targetGroupKey(listener: ListenerModel): string {
  const t = listener.target;
  return `${t.family}|${t.service}|${t.containerPort}|${listener.protocol}`;
}

export interface ListenerSplit {
  /** The listeners, in their given order, each with its load balancer (`loadBalancer`, absent for 0). */
  readonly listeners: readonly ListenerModel[];
  /** How many load balancers. */
  readonly count: number;
  /** Listeners of one target group that no single load balancer can hold (more than 50). */
  readonly oversized: readonly (readonly ListenerModel[])[];
}

export function splitListeners(listeners: readonly ListenerModel[]): ListenerSplit {
  const byPort = [...listeners].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  const units = new Map<string, ListenerModel[]>();
  for (const l of byPort) units.set(targetGroupKey(l), [...(units.get(targetGroupKey(l)) ?? []), l]);

  const indexOf = new Map<ListenerModel, number>();
  const oversized: ListenerModel[][] = [];
  let index = 0;
  let used = { listeners: 0, targetGroups: 0 };
  for (const unit of units.values()) {
    if (unit.length > MAX_LISTENERS_PER_LOAD_BALANCER) oversized.push(unit);
    const full =
      used.listeners + unit.length > MAX_LISTENERS_PER_LOAD_BALANCER ||
      used.targetGroups + 1 > MAX_TARGET_GROUPS_PER_LOAD_BALANCER;
    if (used.listeners > 0 && full) {
      index++;
      used = { listeners: 0, targetGroups: 0 };
    }
    used = { listeners: used.listeners + unit.length, targetGroups: used.targetGroups + 1 };
    for (const l of unit) indexOf.set(l, index);
  }
  return {
    listeners: listeners.map((l) => {
      const i = indexOf.get(l) ?? 0;
      return i === 0 ? l : { ...l, loadBalancer: i };
    }),
    count: listeners.length === 0 ? 0 : index + 1,
    oversized,
  };
}
