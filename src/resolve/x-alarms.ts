/**
 * `x-alarms` (ECS ComposeX's syntax and meaning): CloudWatch alarms that notify x-sns topics and
 * scale families.
 *
 *   x-alarms:
 *     orders-backlog:
 *       Properties: {Namespace: AWS/SQS, MetricName: ApproximateNumberOfMessagesVisible, Statistic: Maximum,
 *                    Dimensions: [{Name: QueueName, Value: "x-sqs::orders"}], Period: 300, EvaluationPeriods: 2,
 *                    Threshold: 1000, ComparisonOperator: GreaterThanThreshold}
 *       Topics: [{x-sns: alerts, NotifyOn: all}]          # or {TopicArn: arn:aws:sns:…}; alarm (default) | okay | all
 *       Services: {worker: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}   # scales worker (x-alarm-services.ts)
 *     api-cpu:
 *       Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, …}
 *       MacroParameters: {ServiceName: api}                # the family's ClusterName and ServiceName dimensions
 *     jobs-dlq:
 *       MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs-dlq"}
 *     both:
 *       MacroParameters: {CompositeExpression: "ALARM(orders-backlog) and ALARM(jobs-dlq)"}   # a composite alarm
 *   services:
 *     api:
 *       x-alarms: {Predefined: {RunningTasksBelowDesired: {Topics: [{x-sns: alerts}]}}}   (x-service-alarms.ts)
 *
 * Top-level alarms live in the Alarms stack; the scaling policies in the stacks of the families
 * they scale. Two exceptions, in the family's stack: predefined service alarms, and composex's own
 * reading of `Services` that predates ECS ComposeX's (an alarm on an AWS/ECS or
 * ECS/ContainerInsights metric without Dimensions of its own gets each listed family's ClusterName
 * and ServiceName, once per family) — kept where it does not conflict with ECS ComposeX's (whose
 * alarm would have no dimensions there, a metric CloudWatch does not publish).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { AlarmAction, AlarmDimension, AlarmModel } from './model';
import { logicalIds } from './names';
import { checkKeys, isPlainObject, readList, readObject, readString } from './readers';
import { COMPOSITE_ALARM_PROPERTIES, DIMENSION_REFERENCES, MANAGED_ALARM_PROPERTIES, METRIC_ALARM_PROPERTIES, PREDEFINED_RESOURCE_ALARMS } from './x-alarm-tables';
import { ALARM_RULE_MAX_ALARMS, ALARM_RULE_MAX_LENGTH, parseAlarmRule } from './x-alarm-rule';
import type { StepScaler } from './resources/sqs-scaling';
import { readAlarmServices, type AlarmServiceEntry } from './x-alarm-services';
import { ELBV2_KEY, readElbv2Dimension } from './x-alarm-elbv2';
import { readTopics } from './x-alarm-topics';
import { readServiceAlarms, type AlarmsInput } from './x-service-alarms';

export { ALARM_TOPIC_KEYS } from './x-alarm-topics';
export { SERVICE_ALARMS_KEYS, SERVICE_PREDEFINED_KEYS } from './x-service-alarms';
export const X_ALARMS_KEYS = ['Properties', 'Topics', 'Services', 'MacroParameters', 'Settings'];
export const ALARM_MACRO_KEYS = ['Predefined', 'Resource', 'ServiceName', 'CompositeExpression'];
const REFERENCE = /^(x-[a-z0-9]+)::(.+)$/;
/** The namespaces whose metrics carry an ECS service's ClusterName and ServiceName dimensions. */
const ECS_NAMESPACES = ['AWS/ECS', 'ECS/ContainerInsights'];
/** Step scaling follows a metric above the threshold: the steps' bounds are metric − threshold ≥ 0. */
const SCALING_OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold'];

export type { AlarmsInput } from './x-service-alarms';

/** Every alarm of the project (top level and on services), with logical ids. */
export function readAlarms(ctx: ResolveContext, input: AlarmsInput): AlarmModel[] {
  const drafts: Omit<AlarmModel, 'logicalId'>[] = [...readTopLevel(ctx, input), ...readServiceAlarms(ctx, input)];
  const ids = logicalIds(drafts.map((d) => d.name));
  return drafts
    .map((d) => ({ ...d, logicalId: `Alarm${ids.get(d.name)!}` }))
    .sort((a, b) => compareStrings(a.family ?? '', b.family ?? '') || compareStrings(a.logicalId, b.logicalId));
}

/**
 * composex's own reading of `Services` (see the header): an alarm on an ECS metric with no
 * dimensions, metric math, composite rule or ServiceName of its own.
 */
function watchesServices(entry: unknown): boolean {
  if (!isPlainObject(entry) || entry.Services === undefined || !isPlainObject(entry.Properties)) return false;
  const p = entry.Properties;
  const macro = isPlainObject(entry.MacroParameters) ? entry.MacroParameters : {};
  return p.Dimensions === undefined && p.Metrics === undefined && p.AlarmRule === undefined && macro.ServiceName === undefined && macro.CompositeExpression === undefined && ECS_NAMESPACES.includes(p.Namespace as string);
}

function readTopLevel(ctx: ResolveContext, input: AlarmsInput): Omit<AlarmModel, 'logicalId'>[] {
  const raw = ctx.project.extensions['x-alarms'];
  if (raw === undefined) return [];
  const top = readObject(ctx, raw, ['x-alarms'], '{high-backlog: {Properties: {...}, Topics: [{x-sns: alerts}]}}');
  if (!top) return [];
  const names = Object.keys(top).sort(compareStrings);
  const out: Omit<AlarmModel, 'logicalId'>[] = [];
  const inAlarmsStack = new Set(names.filter((n) => !watchesServices(top[n])));
  for (const name of names) {
    const path: Path = ['x-alarms', name];
    const entry = readObject(ctx, top[name], path, '{Properties: {...}, Topics: [{x-sns: alerts}]}');
    if (!entry) continue;
    checkKeys(ctx, entry, path, X_ALARMS_KEYS);
    if (entry.Settings !== undefined) {
      // ECS ComposeX's schema takes the Settings common to its resources (EnvNames, Subnets, …);
      // its alarms read none of them (alarms_stack.py): an alarm gives services nothing.
      ctx.warning(
        CODES.ALARM_SETTINGS_IGNORED,
        `${describePath(path)} has Settings, which an alarm does not use (as in ECS ComposeX): an alarm gives the services no variables, permissions or network access`,
        [...path, 'Settings'],
        'remove Settings; the thresholds and periods of an alarm are in Properties',
        'key',
      );
    }
    const base = readDefinition(ctx, entry, path, input, inAlarmsStack, name);
    const actions = readTopics(ctx, entry.Topics, [...path, 'Topics'], input);
    const services = entry.Services === undefined ? [] : readAlarmServices(ctx, entry.Services, [...path, 'Services'], input.membership);
    if (!base || !actions || !services) continue;
    if (services.length > 0 && (base.composite || base.properties.Metrics !== undefined)) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(path)} has Services, but ${base.composite ? 'a composite alarm has no metric to scale on' : 'its Metrics carry their own dimensions'}`, [...path, 'Services'], base.composite ? 'remove Services, and scale on one of the alarms the rule names' : 'remove Services and write the ClusterName and ServiceName dimensions in Metrics, or use MetricName with MacroParameters: {ServiceName: <family>}', 'key');
      continue;
    }
    if (!checkScalable(ctx, base, services)) continue;
    if (!watchesServices(entry)) {
      for (const s of services.filter((x) => !x.scaling)) {
        ctx.warning(
          CODES.ALARM_SERVICES_NO_DIMENSIONS,
          `${describePath(s.path)} does nothing: alarm '${name}' ${base.dimensions.length > 0 ? 'declares its own Dimensions' : `watches namespace ${String(base.properties.Namespace)}`}, so (as in ECS ComposeX) no ClusterName and ServiceName of '${s.name}' are added, and the entry has no Scaling`,
          s.path,
          `remove the entry; to watch the ECS service of '${s.name}', write MacroParameters: {ServiceName: ${s.name}} with Namespace AWS/ECS; to scale it on this alarm, add Scaling: {Steps: [{LowerBound: 0, Count: 2}]}`,
          'key',
        );
      }
      const scaling = firstPerFamily(services.flatMap((s) => (s.scaling ? s.families.map((family) => ({ family, scaling: s.scaling! })) : [])));
      if (!checkActionCount(ctx, name, actions, scaling.length, path)) continue;
      out.push({ name, ...base, actions, path, ...(scaling.length > 0 ? { scaling } : {}) });
      continue;
    }
    const families = [...new Set(services.flatMap((s) => s.families))].sort(compareStrings);
    for (const family of families) {
      const ecs: AlarmDimension[] = [
        { name: 'ClusterName', ecs: 'cluster' },
        { name: 'ServiceName', ecs: 'service' },
      ];
      const scaling = services.find((s) => s.scaling && s.families.includes(family))?.scaling;
      if (!checkActionCount(ctx, name, actions, scaling ? 1 : 0, path)) continue;
      out.push({ name: families.length === 1 ? name : `${name}.${family}`, family, ...base, dimensions: ecs, actions, path: [...path, 'Services'], ...(scaling ? { scaling: [{ family, scaling }] } : {}) });
    }
  }
  warnComposedActions(ctx, out);
  return out;
}

/** CloudWatch: at most 5 actions per state (PutMetricAlarm, AlarmActions and OKActions: "Maximum number of 5 items"). */
const MAX_ACTIONS = 5;

function checkActionCount(ctx: ResolveContext, name: string, actions: readonly AlarmAction[], policies: number, path: Path): boolean {
  const most = Math.max(...(['alarm', 'ok'] as const).map((on) => actions.filter((a) => a.on === on).length)) + policies;
  if (most <= MAX_ACTIONS) return true;
  ctx.error(CODES.INVALID_ALARM, `alarm '${name}' would have ${most} actions in one state (${policies} scaling ${policies === 1 ? 'policy' : 'policies'} and its topics): CloudWatch takes at most ${MAX_ACTIONS} (PutMetricAlarm)`, path, 'notify one topic that fans out (SNS subscriptions), or split the families over alarms on the same metric', 'key');
  return false;
}

/** One scaling per family (a service and its family both listed: the first). */
function firstPerFamily<T extends { readonly family: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.family) && !!seen.add(i.family)).sort((a, b) => compareStrings(a.family, b.family));
}

/** Scaling acts on the distance above the threshold: an alarm that fires below it never matches a step. */
function checkScalable(ctx: ResolveContext, base: Definition, services: readonly AlarmServiceEntry[]): boolean {
  const scaled = services.find((s) => s.scaling);
  if (!scaled) return true;
  const operator = base.properties.ComparisonOperator;
  if (typeof operator === 'string' && SCALING_OPERATORS.includes(operator) && base.properties.ThresholdMetricId === undefined) return true;
  ctx.error(
    CODES.ALARM_SCALING_INVALID,
    base.properties.ThresholdMetricId !== undefined
      ? `${describePath(scaled.path)} scales on an alarm with a ThresholdMetricId (an anomaly band): step scaling needs a fixed Threshold to measure its steps from`
      : `${describePath(scaled.path)} scales on an alarm with ComparisonOperator ${String(operator)}: the steps measure how far the metric is above the Threshold (Application Auto Scaling, StepAdjustment: bounds are "the difference between the alarm threshold and the CloudWatch metric"), and this alarm fires below it`,
    [...scaled.path, 'Scaling'],
    'use ComparisonOperator GreaterThanOrEqualToThreshold or GreaterThanThreshold with a Threshold, or scale the family with x-scaling target tracking',
    'key',
  );
  return false;
}

/**
 * ECS ComposeX builds neither the Scaling nor the Topics of an alarm a composite alarm names
 * (alarms_ecs.py `alarms_to_ecs`: `if alarm.in_composite: continue`); composex builds what the file
 * says, and says that it differs.
 */
function warnComposedActions(ctx: ResolveContext, alarms: readonly Omit<AlarmModel, 'logicalId'>[]): void {
  const composed = new Set(alarms.flatMap((a) => a.composite?.references ?? []));
  for (const alarm of alarms) {
    if (!composed.has(alarm.name)) continue;
    const keys = [...(alarm.scaling ? ['Scaling'] : []), ...(alarm.actions.length > 0 ? ['Topics'] : [])];
    if (keys.length === 0) continue;
    ctx.warning(
      CODES.ALARM_SCALING_IN_COMPOSITE,
      `alarm '${alarm.name}' is named by a composite alarm, whose alarms ECS ComposeX builds without their ${keys.join(' and ')}; composex keeps ${keys.length > 1 ? 'them' : 'it'}: ${alarm.scaling ? `${alarm.scaling.map((s) => `family '${s.family}'`).join(' and ')} scale${alarm.scaling.length > 1 ? '' : 's'} on it` : 'its topics are notified'}`,
      [...alarm.path, alarm.scaling ? 'Services' : 'Topics'],
      `if the deployed stack is to stay as ECS ComposeX built it, remove ${keys.join(' and ')} from '${alarm.name}'; else nothing to do`,
      'key',
    );
  }
}

type Definition = Pick<AlarmModel, 'properties' | 'dimensions' | 'composite'>;

/** Properties, a predefined alarm on a resource, an alarm on a family's service, or a composite alarm. */
function readDefinition(ctx: ResolveContext, entry: Record<string, unknown>, path: Path, input: AlarmsInput, inAlarmsStack: ReadonlySet<string>, self: string): Definition | undefined {
  let properties: Record<string, unknown> = {};
  let dimensions: AlarmDimension[] = [];
  let serviceDimensions: AlarmDimension[] = [];
  let expression: string | undefined;
  const macroPath = [...path, 'MacroParameters'];
  if (entry.MacroParameters !== undefined) {
    const macro = readObject(ctx, entry.MacroParameters, macroPath, '{ServiceName: api}, {CompositeExpression: "ALARM(a) AND ALARM(b)"} or {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs-dlq"}');
    if (!macro) return undefined;
    checkKeys(ctx, macro, macroPath, ALARM_MACRO_KEYS);
    const given = ['Predefined', 'ServiceName', 'CompositeExpression'].filter((k) => macro[k] !== undefined);
    if (given.length > 1) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(macroPath)} has ${given.join(' and ')}: an alarm is one of them`, [...macroPath, given[1]], `keep ${given[0]}, and make the other a separate alarm`, 'key');
      return undefined;
    }
    if (macro.CompositeExpression !== undefined) {
      expression = readString(ctx, macro.CompositeExpression, [...macroPath, 'CompositeExpression'], 'ALARM(<alarm>) AND ALARM(<other>)');
      if (expression === undefined) return undefined;
    } else if (macro.ServiceName !== undefined) {
      const dims = readServiceName(ctx, macro.ServiceName, [...macroPath, 'ServiceName'], input.membership);
      if (!dims) return undefined;
      if (entry.Properties === undefined) {
        ctx.error(CODES.INVALID_ALARM, `${describePath(path)} names the service it watches, but has no Properties: nothing says which metric`, macroPath, 'add Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 5, Threshold: 80, ComparisonOperator: GreaterThanThreshold}', 'key');
        return undefined;
      }
      serviceDimensions = dims;
    } else {
      const predefined = readPredefinedResource(ctx, macro, macroPath, input);
      if (!predefined) return undefined;
      ({ properties, dimensions } = predefined);
    }
  } else if (entry.Properties === undefined) {
    ctx.error(CODES.INVALID_ALARM, `${describePath(path)} has neither Properties nor MacroParameters: nothing says what it watches`, path, 'add Properties (an AWS::CloudWatch::Alarm), or MacroParameters: {CompositeExpression: "ALARM(a) AND ALARM(b)"} or {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::<queue>"}', 'key');
    return undefined;
  }
  const p = entry.Properties === undefined ? {} : readObject(ctx, entry.Properties, [...path, 'Properties']);
  if (!p) return undefined;
  const composite = p.AlarmRule !== undefined || expression !== undefined;
  const known = composite ? COMPOSITE_ALARM_PROPERTIES : METRIC_ALARM_PROPERTIES;
  let valid = true;
  for (const key of Object.keys(p)) {
    const at = [...path, 'Properties', key];
    if (MANAGED_ALARM_PROPERTIES.includes(key)) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(at)} is set by composex from Topics`, at, 'remove it and list the topics under Topics: [{x-sns: <topic>, NotifyOn: alarm | okay | all}] or [{TopicArn: <arn>}]', 'key');
      valid = false;
    } else if (key === 'AlarmRule' && expression !== undefined) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(path)} has both MacroParameters.CompositeExpression and Properties.AlarmRule`, at, 'keep one of them', 'key');
      valid = false;
    } else if (!known.includes(key)) {
      ctx.error(CODES.INVALID_ALARM, `${composite ? 'AWS::CloudWatch::CompositeAlarm' : 'AWS::CloudWatch::Alarm'} has no property '${key}'`, at, suggestion(key, known, 'property'), 'key');
      valid = false;
    }
  }
  if (!valid) return undefined;
  if (composite) {
    if (entry.MacroParameters !== undefined && expression === undefined) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(path)} is a composite alarm (AlarmRule) and a predefined one`, macroPath, 'keep one of them', 'key');
      return undefined;
    }
    const rulePath = expression !== undefined ? [...macroPath, 'CompositeExpression'] : [...path, 'Properties', 'AlarmRule'];
    const written = expression ?? readString(ctx, p.AlarmRule, rulePath, 'ALARM(<alarm>) AND ALARM(<other>)');
    if (written === undefined) return undefined;
    const parsed = readRule(ctx, written, rulePath, inAlarmsStack, self);
    if (!parsed) return undefined;
    const { AlarmRule: _rule, ...rest } = p;
    // A CompositeExpression is written back in CloudWatch's spelling (ECS ComposeX upper-cases its
    // operators too); an AlarmRule is CloudWatch's syntax already and stays as written.
    return { properties: rest, dimensions: [], composite: { rule: expression !== undefined ? parsed.rule : written, references: parsed.references } };
  }
  const { Dimensions, ...rest } = p;
  properties = { ...properties, ...rest };
  if (Dimensions !== undefined) {
    const read = readDimensions(ctx, Dimensions, [...path, 'Properties', 'Dimensions'], input, p.Namespace);
    if (!read) return undefined;
    dimensions = read;
  }
  if (serviceDimensions.length > 0) {
    if (properties.Metrics !== undefined) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(path)} names the service it watches, but its Metrics carry their own dimensions`, [...macroPath, 'ServiceName'], 'remove ServiceName and write the ClusterName and ServiceName dimensions in Metrics, or use MetricName and Namespace', 'key');
      return undefined;
    }
    const declared = new Set(dimensions.map((d) => d.name));
    dimensions = [...dimensions, ...serviceDimensions.filter((d) => !declared.has(d.name))];
  }
  const missing = [
    ...(properties.ComparisonOperator === undefined ? ['ComparisonOperator'] : []),
    ...(properties.EvaluationPeriods === undefined ? ['EvaluationPeriods'] : []),
    ...(properties.Metrics === undefined && (properties.MetricName === undefined || properties.Namespace === undefined) ? ['MetricName and Namespace (or Metrics)'] : []),
    ...(properties.Threshold === undefined && properties.ThresholdMetricId === undefined ? ['Threshold'] : []),
  ];
  if (missing.length > 0) {
    ctx.error(CODES.INVALID_ALARM, `${describePath([...path, 'Properties'])} lacks ${missing.join(', ')}: CloudWatch cannot evaluate the alarm`, entry.Properties !== undefined ? [...path, 'Properties'] : path, `add ${missing.join(', ')}`, 'key');
    return undefined;
  }
  return { properties, dimensions };
}

/**
 * ECS ComposeX's `MacroParameters.ServiceName` ("Name of the service/family the alarm is for.
 * Automatically sets Dimensions.", its x-alarms.spec.json): the ClusterName and ServiceName
 * dimensions of that family's ECS service. A service in several families names none of them alone.
 */
function readServiceName(ctx: ResolveContext, raw: unknown, path: Path, membership: Membership): AlarmDimension[] | undefined {
  const name = readString(ctx, raw, path, 'the service or family whose ECS service the alarm watches');
  if (name === undefined) return undefined;
  const families = membership.servicesOf.has(name) ? [name] : familiesOf(membership, name);
  if (families.length === 0) {
    ctx.unknownService(name, path, 'x-alarms MacroParameters.ServiceName', 'value', [...membership.servicesOf.keys()]);
    return undefined;
  }
  if (families.length > 1) {
    ctx.error(CODES.INVALID_ALARM, `service '${name}' runs in the families ${families.map((f) => `'${f}'`).join(' and ')}, each with its own ECS service: ServiceName names one`, path, `write ServiceName: ${families[0]} (a family name), and another alarm for ${families.slice(1).join(', ')}`);
    return undefined;
  }
  return [
    { name: 'ClusterName', ecs: 'cluster', family: families[0] },
    { name: 'ServiceName', ecs: 'service', family: families[0] },
  ];
}

function readPredefinedResource(ctx: ResolveContext, macro: Record<string, unknown>, path: Path, input: AlarmsInput): { properties: Record<string, unknown>; dimensions: AlarmDimension[] } | undefined {
  const name = readString(ctx, macro.Predefined, [...path, 'Predefined'], Object.keys(PREDEFINED_RESOURCE_ALARMS)[0]);
  if (name === undefined) return undefined;
  const predefined = PREDEFINED_RESOURCE_ALARMS[name];
  if (!predefined) {
    ctx.error(CODES.INVALID_ALARM, `'${name}' is not a predefined alarm of a resource`, [...path, 'Predefined'], `${suggestion(name, Object.keys(PREDEFINED_RESOURCE_ALARMS), 'alarm')} (predefined: ${Object.keys(PREDEFINED_RESOURCE_ALARMS).join(', ')})`);
    return undefined;
  }
  const reference = readString(ctx, macro.Resource, [...path, 'Resource'], `"${predefined.key}::<name>"`);
  if (reference === undefined) return undefined;
  const m = REFERENCE.exec(reference);
  if (!m || m[1] !== predefined.key) {
    ctx.error(CODES.INVALID_ALARM, `${name} watches a ${predefined.key} resource, not '${reference}'`, [...path, 'Resource'], `write Resource: "${predefined.key}::<name>"`);
    return undefined;
  }
  const dimension = readResourceDimension(ctx, m[1], m[2], [...path, 'Resource'], input);
  if (!dimension) return undefined;
  if (name === 'DeadLetterQueueNotEmpty' && !input.resources.queue.some((q) => q.deadLetter?.queue === m[2])) {
    ctx.error(CODES.INVALID_ALARM, `queue '${m[2]}' is no queue's dead-letter queue (RedrivePolicy), so '${name}' would watch an ordinary queue`, [...path, 'Resource'], `name the queue another queue's RedrivePolicy points at, or write Properties for an alarm on this queue's depth`);
    return undefined;
  }
  if (name === 'DatabaseLowFreeStorage' && input.resources.database.find((d) => d.name === m[2])?.kind === 'cluster') {
    ctx.error(CODES.INVALID_ALARM, `database '${m[2]}' is an Aurora cluster, whose storage grows by itself: it publishes no FreeStorageSpace`, [...path, 'Resource'], 'remove this alarm (Aurora cluster volumes grow automatically), or watch FreeLocalStorage of its instances with Properties');
    return undefined;
  }
  return { properties: { AlarmDescription: `composex: ${predefined.description} (${reference})`, ...predefined.properties }, dimensions: [dimension] };
}

/** `x-sqs::name` → the resource's dimension (QueueName, TopicName, DBInstanceIdentifier…). */
function readResourceDimension(ctx: ResolveContext, key: string, name: string, path: Path, input: AlarmsInput): AlarmDimension | undefined {
  const ref = DIMENSION_REFERENCES[key];
  if (!ref) {
    ctx.error(CODES.INVALID_ALARM, `'${key}::${name}' names a kind an alarm dimension cannot refer to`, path, `refer to ${[...Object.keys(DIMENSION_REFERENCES), ELBV2_KEY].map((k) => `${k}::<name>`).join(', ')}, or write the value itself`);
    return undefined;
  }
  const resources = input.resources[ref.kind] as readonly { name: string; kind?: string }[];
  const resource = resources.find((r) => r.name === name);
  if (!resource) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `${key} has no resource '${name}'`, path, suggestion(name, resources.map((r) => r.name)));
    return undefined;
  }
  const attribute = ref.attribute(resource);
  return { name: attribute, resource: { kind: ref.kind, name, attribute } };
}

function readDimensions(ctx: ResolveContext, raw: unknown, path: Path, input: AlarmsInput, namespace: unknown): AlarmDimension[] | undefined {
  const list = readList(ctx, raw, path, '[{Name: QueueName, Value: "x-sqs::jobs"}]');
  if (!list) return undefined;
  const out: AlarmDimension[] = [];
  for (let i = 0; i < list.length; i++) {
    const at = [...path, i];
    const d = readObject(ctx, list[i], at, '{Name: QueueName, Value: "x-sqs::jobs"}');
    if (!d) return undefined;
    checkKeys(ctx, d, at, ['Name', 'Value']);
    const name = readString(ctx, d.Name, [...at, 'Name']);
    const value = readString(ctx, d.Value, [...at, 'Value']);
    if (name === undefined || value === undefined) return undefined;
    const m = REFERENCE.exec(value);
    if (!m) {
      out.push({ name, value });
      continue;
    }
    if (m[1] === ELBV2_KEY) {
      const lb = readElbv2Dimension(ctx, name, m[2], [...at, 'Value'], input.loadBalancers, namespace);
      if (!lb) return undefined;
      out.push(lb);
      continue;
    }
    const resolved = readResourceDimension(ctx, m[1], m[2], [...at, 'Value'], input);
    if (!resolved || !('resource' in resolved)) return undefined;
    out.push({ name, resource: resolved.resource });
  }
  return out;
}

/**
 * Parses a composite rule (x-alarm-rule.ts) and checks what it names: each name an alarm composex
 * creates in the Alarms stack, or an existing alarm's ARN; within CloudWatch's limits.
 */
function readRule(ctx: ResolveContext, written: string, path: Path, inAlarmsStack: ReadonlySet<string>, self: string): { rule: string; references: string[] } | undefined {
  const parsed = parseAlarmRule(written);
  if ('message' in parsed) {
    ctx.error(CODES.ALARM_COMPOSITE_EXPRESSION, `the rule ${JSON.stringify(written)} is not one CloudWatch reads: at column ${parsed.column} of the rule, ${parsed.message}`, path, 'write functions ALARM(<alarm>), OK(<alarm>), INSUFFICIENT_DATA(<alarm>), TRUE or FALSE joined with AND, OR, NOT and parentheses, such as ALARM(a) AND (OK(b) OR INSUFFICIENT_DATA(b))');
    return undefined;
  }
  if (written.length > ALARM_RULE_MAX_LENGTH || parsed.names.length > ALARM_RULE_MAX_ALARMS) {
    ctx.error(
      CODES.ALARM_COMPOSITE_EXPRESSION,
      written.length > ALARM_RULE_MAX_LENGTH
        ? `the rule is ${written.length} characters long: CloudWatch takes at most ${ALARM_RULE_MAX_LENGTH} (PutCompositeAlarm, AlarmRule)`
        : `the rule names ${parsed.names.length} alarms: a composite alarm "can include as many as ${ALARM_RULE_MAX_ALARMS} underlying alarms" (PutCompositeAlarm)`,
      path,
      'split it into composite alarms that name each other',
    );
    return undefined;
  }
  const references = new Set<string>();
  let valid = true;
  for (const name of parsed.names) {
    if (name.startsWith('arn:')) continue;
    if (name === self || !inAlarmsStack.has(name)) {
      ctx.error(
        CODES.INVALID_ALARM,
        name === self ? `the rule of '${self}' refers to itself` : `the rule refers to '${name}', which is no x-alarms alarm of the Alarms stack`,
        path,
        name === self ? 'refer to other alarms' : `${suggestion(name, [...inAlarmsStack].filter((n) => n !== self), 'alarm')} (an existing alarm is referred to by its ARN; an alarm whose Services add the ECS dimensions lives in its family's stack: write MacroParameters: {ServiceName: <family>} instead of Services there)`,
      );
      valid = false;
      continue;
    }
    references.add(name);
  }
  if (valid && parsed.names.length === 0 && !/\b(TRUE|FALSE)\b/i.test(written)) {
    ctx.error(CODES.INVALID_ALARM, `the rule ${JSON.stringify(written)} refers to no alarm`, path, 'write ALARM(<x-alarms name>) AND ALARM(<other>)');
    valid = false;
  }
  return valid ? { rule: parsed.rule, references: [...references].sort(compareStrings) } : undefined;
}

/** An alarm in the stack of a family that has no ECS service (DeleteDefaultService) has nothing to watch. */
export function checkAlarmFamilies(ctx: ResolveContext, alarms: readonly AlarmModel[], withoutService: ReadonlyMap<string, Path>): void {
  for (const alarm of alarms) {
    const watched = alarm.dimensions.find((d): d is Extract<AlarmDimension, { ecs: unknown }> => 'ecs' in d && d.family !== undefined)?.family;
    if (watched !== undefined && withoutService.has(watched)) {
      ctx.error(CODES.INVALID_ALARM, `alarm '${alarm.name}' watches the ECS service of family '${watched}', which has none (x-events DeleteDefaultService)`, [...alarm.path, 'MacroParameters', 'ServiceName'], 'remove the alarm, or keep the family\'s service');
    }
    if (alarm.family === undefined || !withoutService.has(alarm.family)) continue;
    ctx.error(CODES.INVALID_ALARM, `alarm '${alarm.name}' watches the ECS service of family '${alarm.family}', which has none (x-events DeleteDefaultService)`, alarm.path, 'remove the alarm, or keep the family\'s service', 'key');
  }
}

/** The alarms' `Scaling`, as step scalers (checked with the queues' in sqs-scaling.ts). */
export function alarmScalers(alarms: readonly AlarmModel[]): StepScaler[] {
  return alarms.flatMap((a) => (a.scaling ?? []).map((s) => ({ what: `alarm '${a.name}'`, family: s.family, scaling: s.scaling })));
}
