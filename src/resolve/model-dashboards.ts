/**
 * The CloudWatch dashboards of the resolved application (`x-dashboards`; part of `AppModel`,
 * src/resolve/model.ts, which re-exports these types).
 */
import type { Elbv2TargetGroup, ListenerModel } from './model-load-balancers';

/**
 * One CloudWatch dashboard (`x-dashboards`, resolve/x-dashboards.ts): one section of widgets per
 * family (src/resolve/dashboard-widgets.ts lays them out). A dashboard past CloudWatch's limits is
 * split into parts, each a dashboard of its own.
 */
export interface DashboardModel {
  /** The x-dashboards key. */
  readonly name: string;
  /** Logical id in the Dashboards stack (`Dashboard<Id>`, `Dashboard<Id>Part2`, …). */
  readonly logicalId: string;
  /** What follows the root stack's name and `--` in `DashboardName` (letters, digits, `-`, `_`; at most 125). */
  readonly nameSuffix: string;
  /** The dashboard's `start` (`Settings.start`; default `-PT12H`, as ECS ComposeX). */
  readonly start: string;
  readonly sections: readonly DashboardSection[];
}

/** The widgets of one family's ECS service, and of the target groups in front of it. */
export interface DashboardSection {
  readonly family: string;
  /** The family's services (its containers), sorted. */
  readonly services: readonly string[];
  readonly targets: readonly DashboardTarget[];
}

/** A target group of the family: of composex's load balancer (by listener) or of an x-elbv2 one. */
export type DashboardTarget =
  | { readonly kind: 'loadBalancer'; readonly type: 'application' | 'network'; readonly listener: ListenerModel }
  | { readonly kind: 'elbv2'; readonly type: 'application' | 'network'; readonly loadBalancer: string; readonly targetGroup: Elbv2TargetGroup };
