/**
 * The widgets of an `x-dashboards` dashboard, as data: one section per family, laid out top to
 * bottom on CloudWatch's 24-unit grid (CloudWatch "Dashboard Body Structure and Syntax": `type`,
 * `x`, `y`, `width`, `height`, `properties`; a metric widget's `metrics` is a list of
 * `[Namespace, MetricName, DimensionName, DimensionValue, …, {rendering options}]`).
 *
 * A section is ECS ComposeX's predefined widgets of a service (dashboards_services_metrics.py):
 * a title, CPU and memory reserved against used (Container Insights), the running, pending and
 * desired task counts (Container Insights), CPU and memory utilization (AWS/ECS), network in and
 * out (Container Insights). composex adds, for each target group in front of the family, its
 * requests, errors and response time (application load balancers) and its healthy and unhealthy
 * targets (both kinds).
 *
 * Generic over the values (`V`): resolve counts widgets and metrics with placeholder strings
 * (CloudWatch limits, resolve/x-dashboards.ts); generate builds the body with the real names.
 */
import type { DashboardSection, DashboardTarget } from './model-dashboards';

/** CloudWatch: "between 0 and 500 widget objects" in a dashboard body. */
export const MAX_DASHBOARD_WIDGETS = 500;
/** CloudWatch service quotas: up to 2,500 metrics per dashboard, across all widgets. */
export const MAX_DASHBOARD_METRICS = 2500;
/** ECS ComposeX's default time range of its dashboards. */
export const DEFAULT_DASHBOARD_START = '-PT12H';

/** The values one section's metrics name, valid where the dashboard is. */
export interface SectionValues<V> {
  readonly region: V;
  /** The ClusterName dimension. */
  readonly cluster: V;
  /** The ServiceName dimension: the name CloudFormation gave the family's ECS service. */
  readonly service: V;
  /** The LoadBalancer and TargetGroup dimensions of each of `section.targets`, in order. */
  readonly targets: readonly { readonly loadBalancer: V; readonly targetGroup: V }[];
}

export interface Widget<V> {
  readonly type: 'text' | 'metric';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown> & { readonly metrics?: readonly (readonly (string | V | Record<string, unknown>)[])[] };
}

const ROW = 6;
const INSIGHTS = 'ECS/ContainerInsights';

type Metric<V> = readonly (string | V | Record<string, unknown>)[];

/** The widgets of `sections`, each section below the one before. */
export function dashboardWidgets<V>(sections: readonly DashboardSection[], valuesOf: (section: DashboardSection, index: number) => SectionValues<V>): Widget<V>[] {
  const widgets: Widget<V>[] = [];
  let y = 0;
  sections.forEach((section, index) => {
    const values = valuesOf(section, index);
    const own = sectionWidgets(section, values, y);
    widgets.push(...own);
    y = Math.max(...own.map((w) => w.y + w.height));
  });
  return widgets;
}

/** How many widgets and metrics a section adds (for CloudWatch's limits). */
export function sectionSize(section: DashboardSection): { widgets: number; metrics: number } {
  const widgets = sectionWidgets<string>(section, { region: 'r', cluster: 'c', service: 's', targets: section.targets.map(() => ({ loadBalancer: 'l', targetGroup: 't' })) }, 0);
  return { widgets: widgets.length, metrics: widgets.reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0) };
}

function sectionWidgets<V>(section: DashboardSection, values: SectionValues<V>, top: number): Widget<V>[] {
  const ecs = (namespace: string, metric: string, options?: Record<string, unknown>): Metric<V> => [namespace, metric, 'ClusterName', values.cluster, 'ServiceName', values.service, ...(options ? [options] : [])];
  const graph = (x: number, y: number, width: number, title: string, view: string, metrics: Metric<V>[], extra: Record<string, unknown> = {}): Widget<V> => ({
    type: 'metric',
    x,
    y,
    width,
    height: ROW,
    properties: { title, view, stacked: false, region: values.region, period: 300, stat: 'Average', metrics, ...extra },
  });
  const services = section.services.length === 1 && section.services[0] === section.family ? '' : ` (${section.services.join(', ')})`;
  const row1 = top + 1;
  const row2 = row1 + ROW;
  const widgets: Widget<V>[] = [
    { type: 'text', x: 0, y: top, width: 24, height: 1, properties: { markdown: `# Service ${section.family}${services}` } },
    graph(0, row1, 6, 'CPU reserved and used (units)', 'pie', [ecs(INSIGHTS, 'CpuReserved'), ecs(INSIGHTS, 'CpuUtilized')], { labels: { visible: true }, legend: { position: 'hidden' } }),
    graph(6, row1, 6, 'Memory reserved and used (MiB)', 'pie', [ecs(INSIGHTS, 'MemoryReserved'), ecs(INSIGHTS, 'MemoryUtilized')], { labels: { visible: true }, legend: { position: 'hidden' } }),
    graph(12, row1, 12, 'Tasks', 'singleValue', [ecs(INSIGHTS, 'RunningTaskCount'), ecs(INSIGHTS, 'PendingTaskCount'), ecs(INSIGHTS, 'DesiredTaskCount')], { legend: { position: 'bottom' } }),
    graph(0, row2, 12, 'CPU and memory utilization (%)', 'timeSeries', [ecs('AWS/ECS', 'CPUUtilization'), ecs('AWS/ECS', 'MemoryUtilization')], { yAxis: { left: { min: 0 } } }),
    graph(12, row2, 12, 'Network in and out (bytes/second)', 'timeSeries', [ecs(INSIGHTS, 'NetworkRxBytes'), ecs(INSIGHTS, 'NetworkTxBytes')]),
  ];
  section.targets.forEach((target, i) => {
    const y = row2 + ROW * (i + 1);
    const { loadBalancer, targetGroup } = values.targets[i];
    const namespace = target.type === 'application' ? 'AWS/ApplicationELB' : 'AWS/NetworkELB';
    const tg = (metric: string, options?: Record<string, unknown>): Metric<V> => [namespace, metric, 'LoadBalancer', loadBalancer, 'TargetGroup', targetGroup, ...(options ? [options] : [])];
    const name = targetName(target);
    const hosts = [tg('HealthyHostCount', { stat: 'Minimum' }), tg('UnHealthyHostCount', { stat: 'Maximum' })];
    if (target.type === 'application') {
      widgets.push(
        graph(0, y, 8, `${name}: requests and errors`, 'timeSeries', [tg('RequestCount', { stat: 'Sum' }), tg('HTTPCode_Target_4XX_Count', { stat: 'Sum' }), tg('HTTPCode_Target_5XX_Count', { stat: 'Sum' })]),
        graph(8, y, 8, `${name}: response time (seconds)`, 'timeSeries', [tg('TargetResponseTime'), tg('TargetResponseTime', { stat: 'p99' })]),
        graph(16, y, 8, `${name}: targets`, 'timeSeries', hosts),
      );
    } else {
      widgets.push(graph(0, y, 12, `${name}: targets`, 'timeSeries', hosts));
    }
  });
  return widgets;
}

/** `app01:5000 (load balancer)`, `app01:5000 (x-elbv2 public)`: the target group a row shows. */
function targetName(target: DashboardTarget): string {
  if (target.kind === 'loadBalancer') return `${target.listener.target.service}:${target.listener.target.containerPort} (load balancer, port ${target.listener.port})`;
  return `${target.targetGroup.service}:${target.targetGroup.containerPort} (x-elbv2 ${target.loadBalancer})`;
}
