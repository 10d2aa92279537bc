/**
 * CloudWatch alarms (`AlarmModel`, resolved in src/resolve/x-alarms.ts): `AWS::CloudWatch::Alarm`
 * with the declared metric, dimensions and threshold, or `AWS::CloudWatch::CompositeAlarm`, each
 * with `AlarmActions` / `OKActions` naming the x-sns topics (or topic ARNs) of its `Topics`.
 * Alarms watching a family's ECS service are built in the family's stack (familyAlarms, with the
 * cluster and service names there); the others in the Alarms stack (`AlarmsStack`).
 *
 * No IAM role or policy is involved: CloudWatch publishes to an SNS topic of the account as the
 * alarm's action by itself (an encrypted topic's key policy is checked in resolve: CX3343, CX3345).
 */
import { CfnResource, Fn, NestedStack, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AlarmModel, ResourceKind } from '../resolve/model';
import { setStackLogicalId } from './stack-io';
import { targetGroupDimensions } from './target-group-label';

export interface AlarmContext {
  /** A resource value (a topic's `Arn`, a queue's `QueueName`, …) valid in the alarm's stack. */
  readonly value: (kind: ResourceKind, name: string, attribute: string) => string;
  /** The family's cluster and ECS service names (family stacks only). */
  readonly ecs?: { readonly cluster: string; readonly service: string };
  /** Another family's cluster and ECS service names, valid in this stack (`MacroParameters.ServiceName`). */
  readonly ecsOf?: (family: string) => { readonly cluster: string; readonly service: string };
  /** The scaling policies of an alarm for one family it scales, valid in this stack. */
  readonly policies?: (alarm: AlarmModel, family: string) => { readonly out: string; readonly in: string };
  /**
   * The resource labels (`app/<lb>/<id>/targetgroup/<tg>/<id>`) of the family's target groups on
   * application load balancers, valid in the family's stack (family stacks only).
   */
  readonly targetGroupLabels?: readonly string[];
  /**
   * An x-elbv2 load balancer's `LoadBalancerFullName`, or its target group's `TargetGroupFullName`
   * (a target group id), valid in the alarm's stack (the Alarms stack only).
   */
  readonly elbv2?: (loadBalancer: string, targetGroup?: string) => string;
}

export function buildAlarms(stack: Construct, alarms: readonly AlarmModel[], ctx: AlarmContext): CfnResource[] {
  return alarms.map((alarm) => {
    // Scaling first, then the topics (the order of ECS ComposeX's alarms_to_ecs).
    const policies = (alarm.scaling ?? []).map((s) => {
      if (!ctx.policies) throw new Error(`internal: alarm '${alarm.name}' scales family '${s.family}' without its policies`);
      return ctx.policies(alarm, s.family);
    });
    const topicArns = (on: 'alarm' | 'ok') => [
      ...policies.map((p) => (on === 'alarm' ? p.out : p.in)),
      ...alarm.actions.filter((a) => a.on === on).map((a) => ('arn' in a.topic ? a.topic.arn : ctx.value('topic', a.topic.sns, 'Arn'))),
    ];
    const actions = {
      ...(topicArns('alarm').length > 0 ? { AlarmActions: topicArns('alarm') } : {}),
      ...(topicArns('ok').length > 0 ? { OKActions: topicArns('ok') } : {}),
    };
    if (alarm.composite) {
      // ALARM(name) → ALARM("<arn>"): the alarms it names are in this stack, by logical id.
      const ids = new Map(alarms.map((a) => [a.name, a.logicalId]));
      const rule = alarm.composite.rule
        .replace(/\$\{/g, '${!')
        .replace(/\b(ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g, (all, fn: string, name: string) => {
          const id = ids.get(name.trim());
          return id === undefined ? all : `${fn}("\${${id}.Arn}")`;
        });
      return new CfnResource(stack, alarm.logicalId, {
        type: 'AWS::CloudWatch::CompositeAlarm',
        properties: { ...alarm.properties, AlarmRule: Fn.sub(rule), ...actions },
      });
    }
    const dimension = (d: AlarmModel['dimensions'][number]) => ({
      Name: d.name,
      Value: 'value' in d ? d.value : 'resource' in d ? ctx.value(d.resource.kind, d.resource.name, d.resource.attribute) : 'elbv2' in d ? elbv2Value(ctx, d.elbv2) : ecsValue(ctx, d.ecs, d.family),
    });
    let properties: Record<string, unknown> = { ...alarm.properties, ...(alarm.dimensions.length > 0 ? { Dimensions: alarm.dimensions.map(dimension) } : {}) };
    if (alarm.serviceMath) {
      const { Period, ...rest } = properties;
      const math = alarm.serviceMath;
      const stat = (id: string, m: (typeof math.metrics)[number], dimensions: unknown[]) => ({
        Id: id,
        MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dimensions }, Period, Stat: m.stat },
        ReturnData: false,
      });
      let metrics: unknown[];
      let expression = math.expression;
      if (math.on === 'service') {
        const dimensions = [dimension({ name: 'ClusterName', ecs: 'cluster' }), dimension({ name: 'ServiceName', ecs: 'service' })];
        metrics = math.metrics.map((m) => stat(m.id, m, dimensions));
      } else {
        // Each metric once per target group (`errors1`, `errors2`, …); in the expression, a metric id
        // stands for the sum of its copies, gaps filled with 0.
        const labels = ctx.targetGroupLabels ?? [];
        if (labels.length === 0) throw new Error(`internal: alarm '${alarm.name}' on target groups without any`);
        metrics = labels.flatMap((label, i) => math.metrics.map((m) => stat(`${m.id}${i + 1}`, m, targetGroupAlarmDimensions(label))));
        for (const m of math.metrics) {
          expression = expression.replace(new RegExp(`\\b${m.id}\\b`, 'g'), `(${labels.map((_, i) => `FILL(${m.id}${i + 1}, 0)`).join(' + ')})`);
        }
      }
      properties = { ...rest, Metrics: [...metrics, { Id: 'missing', Expression: expression, Label: math.label, ReturnData: true }] };
    }
    return new CfnResource(stack, alarm.logicalId, { type: 'AWS::CloudWatch::Alarm', properties: { ...properties, ...actions } });
  });
}

/** The LoadBalancer and TargetGroup dimensions of AWS/ApplicationELB from a resource label. */
function targetGroupAlarmDimensions(label: string): { Name: string; Value: string }[] {
  const { loadBalancer, targetGroup } = targetGroupDimensions(label);
  return [
    { Name: 'LoadBalancer', Value: loadBalancer },
    { Name: 'TargetGroup', Value: targetGroup },
  ];
}

function elbv2Value(ctx: AlarmContext, ref: { readonly loadBalancer: string; readonly targetGroup?: string }): string {
  if (!ctx.elbv2) throw new Error(`internal: an alarm on x-elbv2 '${ref.loadBalancer}' outside the Alarms stack`);
  return ctx.elbv2(ref.loadBalancer, ref.targetGroup);
}

function ecsValue(ctx: AlarmContext, which: 'cluster' | 'service', family?: string): string {
  const ecs = family !== undefined && ctx.ecsOf ? ctx.ecsOf(family) : ctx.ecs;
  if (!ecs) throw new Error('internal: an alarm on an ECS service outside its family stack');
  return which === 'cluster' ? ecs.cluster : ecs.service;
}

/** The alarms that watch no family's service: one nested stack, `AlarmsStack`. */
export class AlarmsStack extends NestedStack {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly alarms: readonly AlarmModel[];
      readonly value: (stack: NestedStack, kind: ResourceKind, name: string, attribute: string) => string;
      /** A family's cluster and service names, and an alarm's policies in a family, valid in `stack`. */
      readonly ecsOf: (stack: NestedStack, family: string) => { readonly cluster: string; readonly service: string };
      readonly policies: (stack: NestedStack, alarm: AlarmModel, family: string) => { readonly out: string; readonly in: string };
      /** An x-elbv2 load balancer's or target group's full name, valid in `stack`. */
      readonly elbv2: (stack: NestedStack, loadBalancer: string, targetGroup?: string) => string;
      readonly root: Stack;
    },
  ) {
    super(scope, id, { description: 'composex: CloudWatch alarms (x-alarms)' });
    setStackLogicalId(this, 'AlarmsStack');
    buildAlarms(this, props.alarms, {
      value: (kind, name, attribute) => props.value(this, kind, name, attribute),
      ecsOf: (family) => props.ecsOf(this, family),
      policies: (alarm, family) => props.policies(this, alarm, family),
      elbv2: (loadBalancer, targetGroup) => props.elbv2(this, loadBalancer, targetGroup),
    });
  }
}

/** The resource values the alarms read: (kind, name, attribute) triples, each once. */
export function alarmValueKeys(alarms: readonly AlarmModel[]): { kind: ResourceKind; name: string; attribute: string }[] {
  const out = new Map<string, { kind: ResourceKind; name: string; attribute: string }>();
  for (const alarm of alarms) {
    for (const a of alarm.actions) if ('sns' in a.topic) out.set(`topic\0${a.topic.sns}\0Arn`, { kind: 'topic', name: a.topic.sns, attribute: 'Arn' });
    for (const d of alarm.dimensions) if ('resource' in d) out.set(`${d.resource.kind}\0${d.resource.name}\0${d.resource.attribute}`, { ...d.resource });
  }
  return [...out.values()];
}
