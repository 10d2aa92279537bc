/**
 * The alarms and scheduled tasks of the resolved application (x-alarms, x-events): part of the
 * model (model.ts re-exports it), kept apart so that each model file stays one concern.
 */
import type { ConfigPath } from '../diagnostics';
import type { Elbv2TargetGroup } from './model-load-balancers';
import type { QueueScaling, ResourceKind } from './model-resources';

/**
 * One CloudWatch alarm (resolve/x-alarms.ts). It lives in a family's stack when it watches that
 * family's ECS service (its `ClusterName` and `ServiceName` dimensions are there), else in the
 * Alarms stack.
 */
export interface AlarmModel {
  /** The x-alarms name, or `<service>.<Predefined name>` for a service's predefined alarm. */
  readonly name: string;
  /** Logical id in its stack (`Alarm<Id>`). */
  readonly logicalId: string;
  /** The family whose stack holds it; absent: the Alarms stack. */
  readonly family?: string;
  /** `AWS::CloudWatch::Alarm` properties as written (or predefined), without dimensions and actions. */
  readonly properties: Readonly<Record<string, unknown>>;
  /**
   * A composite alarm (`Properties.AlarmRule`, or ECS ComposeX's `MacroParameters.CompositeExpression`):
   * the rule with the x-alarms names it references (all in the Alarms stack).
   */
  readonly composite?: { readonly rule: string; readonly references: readonly string[] };
  /**
   * ECS ComposeX's `Services.<name>.Scaling`: per family scaled, a step policy (ExactCapacity, its
   * steps relative to the alarm's threshold) as the ALARM action and a policy setting the count to
   * the x-scaling minimum as the OK action. Both policies live in the family's stack.
   */
  readonly scaling?: readonly { readonly family: string; readonly scaling: QueueScaling }[];
  /** Metric dimensions, in order; values resolved by generate. */
  readonly dimensions: readonly AlarmDimension[];
  /** Metric math on the family's ECS service (a predefined service alarm): `Metrics` built by generate. */
  readonly serviceMath?: ServiceAlarmMath;
  /** Whom it notifies: x-sns topics or topic ARNs, on ALARM and / or OK. */
  readonly actions: readonly AlarmAction[];
  /** Where it was declared. */
  readonly path: readonly (string | number)[];
}

/**
 * Metric math of a predefined service alarm. `on: 'service'`: each metric once, with the family's
 * ClusterName and ServiceName dimensions. `on: 'targetGroups'`: each metric once per target group
 * of the family on an application load balancer (dimensions LoadBalancer and TargetGroup, the two
 * full names), and each metric id in the expression stands for the sum of its copies, gaps filled
 * with 0. CloudWatch takes at most 10 metrics in an alarm (PutMetricAlarm: "as many as 10
 * structures that contain a MetricStat"); ECS puts a service in at most 5 target groups, so two
 * metrics per group always fit.
 */
export interface ServiceAlarmMath {
  readonly on: 'service' | 'targetGroups';
  readonly expression: string;
  readonly label: string;
  readonly metrics: readonly { readonly id: string; readonly namespace: string; readonly metricName: string; readonly stat: string }[];
}

export type AlarmDimension =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly resource: { readonly kind: ResourceKind; readonly name: string; readonly attribute: string } }
  /**
   * An `x-elbv2` load balancer's `LoadBalancerFullName` (no `targetGroup`), or the
   * `TargetGroupFullName` of its target group `targetGroup` (an `Elbv2TargetGroup` id): ECS
   * ComposeX's `x-elbv2::<lb>` and `x-elbv2::<lb>::<family>::<port>` (resolve/x-alarm-elbv2.ts).
   */
  | { readonly name: string; readonly elbv2: { readonly loadBalancer: string; readonly targetGroup?: string } }
  /**
   * The cluster name or ECS service name of `family` (`MacroParameters.ServiceName`, in the Alarms
   * stack), or of the family whose stack holds the alarm (no `family`).
   */
  | { readonly name: string; readonly ecs: 'cluster' | 'service'; readonly family?: string };

export interface AlarmAction {
  readonly on: 'alarm' | 'ok';
  readonly topic: { readonly sns: string } | { readonly arn: string };
}

/** One `x-events` rule running one family's task. */
export interface ScheduledTaskModel {
  /** The x-events name. */
  readonly rule: string;
  readonly family: string;
  readonly scheduleExpression?: string;
  readonly eventPattern?: unknown;
  readonly description?: string;
  /** `Properties.Name`: the rule's name (AWS::Events::Rule Name); without it CloudFormation generates one. */
  readonly ruleName?: string;
  readonly enabled: boolean;
  /** Tasks each firing starts (RunTask count, 1–10). */
  readonly taskCount: number;
  /** The Services entry, for findings. */
  readonly path: ConfigPath;
}
