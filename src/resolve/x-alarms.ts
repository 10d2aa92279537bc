/**
 * `x-alarms` (ECS ComposeX's syntax): CloudWatch alarms that notify x-sns topics.
 *
 *   x-alarms:
 *     orders-backlog:
 *       Properties: {Namespace: AWS/SQS, MetricName: ApproximateNumberOfMessagesVisible, Statistic: Maximum,
 *                    Dimensions: [{Name: QueueName, Value: "x-sqs::orders"}], Period: 300, EvaluationPeriods: 2,
 *                    Threshold: 1000, ComparisonOperator: GreaterThanThreshold}
 *       Topics: [{x-sns: alerts, NotifyOn: all}]          # or {TopicArn: arn:aws:sns:…}; alarm | okay | all
 *     api-cpu:
 *       Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, …}
 *       Services: {api: {}}                                # the family's ClusterName and ServiceName dimensions
 *     jobs-dlq:
 *       MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs-dlq"}
 *       Topics: [{x-sns: alerts}]
 *     both:
 *       Properties: {AlarmRule: "ALARM(orders-backlog) AND ALARM(jobs-dlq)"}   # a composite alarm
 *   services:
 *     api:
 *       x-alarms: {Predefined: {RunningTasksBelowDesired: {Topics: [{x-sns: alerts}]}}}
 *
 * An alarm watching a family's ECS service (`Services`, or a predefined service alarm) is created in
 * that family's stack, once per family; the others in the Alarms stack. Alarm actions need no IAM
 * permission: CloudWatch publishes to an SNS topic of the same account, which the default topic
 * access policy admits (composex sets no topic policy) — unless the topic is encrypted with a KMS
 * key, whose key policy must let `cloudwatch.amazonaws.com` call kms:Decrypt and
 * kms:GenerateDataKey* (AWS Knowledge Center, "How do I configure a CloudWatch alarm with an
 * encrypted Amazon SNS topic?": with the AWS managed key alias/aws/sns, whose policy cannot be
 * edited, the alarm action fails): alias/aws/sns is refused (CX3343), a customer key warned about
 * (CX3345).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { AlarmAction, AlarmDimension, AlarmModel, ClusterSettings, ResourcesByKind } from './model';
import { logicalIds } from './names';
import { checkKeys, isPlainObject, readInteger, readList, readObject, readString } from './readers';
import { awsManagedKey } from './resources/sqs';
import {
  COMPOSITE_ALARM_PROPERTIES,
  DIMENSION_REFERENCES,
  MANAGED_ALARM_PROPERTIES,
  METRIC_ALARM_PROPERTIES,
  PREDEFINED_RESOURCE_ALARMS,
  PREDEFINED_SERVICE_ALARMS,
  PREDEFINED_SETTINGS_KEYS,
} from './x-alarm-tables';

export const X_ALARMS_KEYS = ['Properties', 'Topics', 'Services', 'MacroParameters'];
export const ALARM_MACRO_KEYS = ['Predefined', 'Resource'];
export const ALARM_TOPIC_KEYS = ['x-sns', 'TopicArn', 'NotifyOn'];
export const SERVICE_ALARMS_KEYS = ['Predefined'];
export const SERVICE_PREDEFINED_KEYS = ['Topics', 'Settings'];
const NOTIFY_ON = ['all', 'alarm', 'okay'];
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;
const REFERENCE = /^(x-[a-z0-9]+)::(.+)$/;
/** `ALARM(name)`, `OK("name")`, `INSUFFICIENT_DATA(name)` in an AlarmRule. */
const RULE_FUNCTION = /\b(ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g;

export interface AlarmsInput {
  readonly membership: Membership;
  readonly resources: ResourcesByKind;
  readonly cluster: ClusterSettings;
  /** Families that are targets of an application load balancer (an HTTP target group). */
  readonly albTargets: ReadonlySet<string>;
}

/** Every alarm of the project (top level and on services), with logical ids. */
export function readAlarms(ctx: ResolveContext, input: AlarmsInput): AlarmModel[] {
  const drafts: Omit<AlarmModel, 'logicalId'>[] = [...readTopLevel(ctx, input), ...readServiceAlarms(ctx, input)];
  const ids = logicalIds(drafts.map((d) => d.name));
  return drafts
    .map((d) => ({ ...d, logicalId: `Alarm${ids.get(d.name)!}` }))
    .sort((a, b) => compareStrings(a.family ?? '', b.family ?? '') || compareStrings(a.logicalId, b.logicalId));
}

function readTopLevel(ctx: ResolveContext, input: AlarmsInput): Omit<AlarmModel, 'logicalId'>[] {
  const raw = ctx.project.extensions['x-alarms'];
  if (raw === undefined) return [];
  const top = readObject(ctx, raw, ['x-alarms'], '{high-backlog: {Properties: {...}, Topics: [{x-sns: alerts}]}}');
  if (!top) return [];
  const names = Object.keys(top).sort(compareStrings);
  const out: Omit<AlarmModel, 'logicalId'>[] = [];
  const inAlarmsStack = new Set(names.filter((n) => !(isPlainObject(top[n]) && (top[n] as Record<string, unknown>).Services !== undefined)));
  for (const name of names) {
    const path: Path = ['x-alarms', name];
    const entry = readObject(ctx, top[name], path, '{Properties: {...}, Topics: [{x-sns: alerts}]}');
    if (!entry) continue;
    checkKeys(ctx, entry, path, X_ALARMS_KEYS);
    const base = readDefinition(ctx, entry, path, input, inAlarmsStack, name);
    const actions = readTopics(ctx, entry.Topics, [...path, 'Topics'], input);
    if (!base || !actions) continue;
    if (entry.Services === undefined) {
      out.push({ name, ...base, actions, path });
      continue;
    }
    const families = readServices(ctx, entry.Services, [...path, 'Services'], input.membership);
    if (!families) continue;
    if (base.composite || base.properties.Metrics !== undefined) {
      ctx.error(CODES.INVALID_ALARM, `${describePath(path)} has Services, but ${base.composite ? 'a composite alarm has no metric' : 'its Metrics carry their own dimensions'}`, [...path, 'Services'], base.composite ? 'remove Services' : 'remove Services and write the ClusterName and ServiceName dimensions in Metrics, or use MetricName with Services', 'key');
      continue;
    }
    for (const family of families) {
      const given = new Set(base.dimensions.map((d) => d.name));
      const ecs: AlarmDimension[] = [
        ...(given.has('ClusterName') ? [] : [{ name: 'ClusterName', ecs: 'cluster' as const }]),
        ...(given.has('ServiceName') ? [] : [{ name: 'ServiceName', ecs: 'service' as const }]),
      ];
      out.push({ name: families.length === 1 ? name : `${name}.${family}`, family, ...base, dimensions: [...base.dimensions, ...ecs], actions, path: [...path, 'Services'] });
    }
  }
  return out;
}

type Definition = Pick<AlarmModel, 'properties' | 'dimensions' | 'composite'>;

/** Properties, or a predefined alarm on a resource with Properties overriding it. */
function readDefinition(ctx: ResolveContext, entry: Record<string, unknown>, path: Path, input: AlarmsInput, inAlarmsStack: ReadonlySet<string>, self: string): Definition | undefined {
  let properties: Record<string, unknown> = {};
  let dimensions: AlarmDimension[] = [];
  if (entry.MacroParameters !== undefined) {
    const predefined = readPredefinedResource(ctx, entry.MacroParameters, [...path, 'MacroParameters'], input);
    if (!predefined) return undefined;
    ({ properties, dimensions } = predefined);
  } else if (entry.Properties === undefined) {
    ctx.error(CODES.INVALID_ALARM, `${describePath(path)} has neither Properties nor MacroParameters.Predefined: nothing says what it watches`, path, 'add Properties (an AWS::CloudWatch::Alarm) or MacroParameters: {Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::<queue>"}', 'key');
    return undefined;
  }
  if (entry.Properties !== undefined) {
    const p = readObject(ctx, entry.Properties, [...path, 'Properties']);
    if (!p) return undefined;
    const composite = p.AlarmRule !== undefined;
    const known = composite ? COMPOSITE_ALARM_PROPERTIES : METRIC_ALARM_PROPERTIES;
    let valid = true;
    for (const key of Object.keys(p)) {
      const at = [...path, 'Properties', key];
      if (MANAGED_ALARM_PROPERTIES.includes(key)) {
        ctx.error(CODES.INVALID_ALARM, `${describePath(at)} is set by composex from Topics`, at, 'remove it and list the topics under Topics: [{x-sns: <topic>, NotifyOn: alarm | okay | all}] or [{TopicArn: <arn>}]', 'key');
        valid = false;
      } else if (!known.includes(key)) {
        ctx.error(CODES.INVALID_ALARM, `${composite ? 'AWS::CloudWatch::CompositeAlarm' : 'AWS::CloudWatch::Alarm'} has no property '${key}'`, at, suggestion(key, known, 'property'), 'key');
        valid = false;
      }
    }
    if (!valid) return undefined;
    if (composite) {
      if (entry.MacroParameters !== undefined) {
        ctx.error(CODES.INVALID_ALARM, `${describePath(path)} is a composite alarm (AlarmRule) and a predefined one`, [...path, 'MacroParameters'], 'keep one of them', 'key');
        return undefined;
      }
      const rule = readString(ctx, p.AlarmRule, [...path, 'Properties', 'AlarmRule'], 'ALARM(<alarm>) AND ALARM(<other>)');
      if (rule === undefined) return undefined;
      const references = readRuleReferences(ctx, rule, [...path, 'Properties', 'AlarmRule'], inAlarmsStack, self);
      if (!references) return undefined;
      const { AlarmRule: _rule, ...rest } = p;
      return { properties: rest, dimensions: [], composite: { rule, references } };
    }
    const { Dimensions, ...rest } = p;
    properties = { ...properties, ...rest };
    if (Dimensions !== undefined) {
      const read = readDimensions(ctx, Dimensions, [...path, 'Properties', 'Dimensions'], input);
      if (!read) return undefined;
      dimensions = read;
    }
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

function readPredefinedResource(ctx: ResolveContext, raw: unknown, path: Path, input: AlarmsInput): { properties: Record<string, unknown>; dimensions: AlarmDimension[] } | undefined {
  const macro = readObject(ctx, raw, path, '{Predefined: DeadLetterQueueNotEmpty, Resource: "x-sqs::jobs-dlq"}');
  if (!macro) return undefined;
  checkKeys(ctx, macro, path, ALARM_MACRO_KEYS);
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
    ctx.error(CODES.INVALID_ALARM, `'${key}::${name}' names a kind an alarm dimension cannot refer to`, path, `refer to ${Object.keys(DIMENSION_REFERENCES).map((k) => `${k}::<name>`).join(', ')}, or write the value itself`);
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

function readDimensions(ctx: ResolveContext, raw: unknown, path: Path, input: AlarmsInput): AlarmDimension[] | undefined {
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
    const resolved = readResourceDimension(ctx, m[1], m[2], [...at, 'Value'], input);
    if (!resolved || !('resource' in resolved)) return undefined;
    out.push({ name, resource: resolved.resource });
  }
  return out;
}

/** The x-alarms names an AlarmRule refers to; each must be an alarm of the Alarms stack (or an ARN). */
function readRuleReferences(ctx: ResolveContext, rule: string, path: Path, inAlarmsStack: ReadonlySet<string>, self: string): string[] | undefined {
  const references = new Set<string>();
  let valid = true;
  for (const m of rule.matchAll(RULE_FUNCTION)) {
    const name = m[2].trim();
    if (name.startsWith('arn:')) continue;
    if (name === self || !inAlarmsStack.has(name)) {
      ctx.error(
        CODES.INVALID_ALARM,
        name === self ? `the AlarmRule of '${self}' refers to itself` : `the AlarmRule refers to '${name}', which is no x-alarms alarm without Services`,
        path,
        name === self ? 'refer to other alarms' : `${suggestion(name, [...inAlarmsStack].filter((n) => n !== self), 'alarm')} (an existing alarm is referred to by its ARN; an alarm with Services lives in its family's stack)`,
      );
      valid = false;
      continue;
    }
    references.add(name);
  }
  if (valid && references.size === 0 && !/\bARN|arn:/.test(rule) && !/\b(TRUE|FALSE)\b/.test(rule)) {
    ctx.error(CODES.INVALID_ALARM, `the AlarmRule ${JSON.stringify(rule)} refers to no alarm`, path, 'write ALARM(<x-alarms name>) AND ALARM(<other>)');
    valid = false;
  }
  return valid ? [...references].sort(compareStrings) : undefined;
}

/** `Services: {name: {}}` or `[{Name: name}]` → families. */
function readServices(ctx: ResolveContext, raw: unknown, path: Path, membership: Membership): string[] | undefined {
  const names: { name: string; path: Path }[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const obj = readObject(ctx, item, [...path, i], '{Name: api}');
      const name = obj && readString(ctx, obj.Name ?? obj.name, [...path, i], 'the service or family');
      if (name !== undefined && name !== null) names.push({ name, path: [...path, i] });
    });
  } else {
    const obj = readObject(ctx, raw, path, '{api: {}}');
    if (!obj) return undefined;
    for (const name of Object.keys(obj)) {
      // ECS ComposeX's `Scaling` (scaling on the alarm) is not implemented: refused, not dropped.
      const entry = obj[name] ?? {};
      if (!isPlainObject(entry)) readObject(ctx, entry, [...path, name], '{}');
      else {
        for (const key of Object.keys(entry)) {
          ctx.error(CODES.UNKNOWN_X_KEY, `unknown key '${key}' in ${describePath([...path, name])}`, [...path, name, key], key === 'Scaling' ? "scaling on an alarm (ECS ComposeX's Scaling) is not implemented: remove it, and scale the service with x-scaling (target tracking on CPU or memory)" : 'an x-alarms Services entry takes no settings: write {}', 'key');
        }
      }
      names.push({ name, path: [...path, name] });
    }
  }
  const families = new Set<string>();
  let valid = true;
  for (const { name, path: at } of names) {
    const of = membership.servicesOf.has(name) ? [name] : familiesOf(membership, name);
    if (of.length === 0) {
      ctx.unknownService(name, at, 'x-alarms Services entry', Array.isArray(raw) ? 'value' : 'key', [...membership.servicesOf.keys()]);
      valid = false;
    }
    for (const f of of) families.add(f);
  }
  return valid ? [...families].sort(compareStrings) : undefined;
}

/** `Topics: [{x-sns: name | TopicArn: arn, NotifyOn: all | alarm | okay}]`. */
function readTopics(ctx: ResolveContext, raw: unknown, path: Path, input: AlarmsInput): AlarmAction[] | undefined {
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, '[{x-sns: alerts, NotifyOn: all}]');
  if (!list) return undefined;
  const out: AlarmAction[] = [];
  let valid = true;
  list.forEach((item, i) => {
    const at = [...path, i];
    const t = typeof item === 'string' ? { 'x-sns': item } : readObject(ctx, item, at, '{x-sns: alerts, NotifyOn: all}');
    if (!t) return (valid = false);
    checkKeys(ctx, t, at, ALARM_TOPIC_KEYS);
    const topic = readTopic(ctx, t, at, input);
    const notifyOn = readNotifyOn(ctx, t.NotifyOn, [...at, 'NotifyOn']);
    if (!topic || !notifyOn) return (valid = false);
    for (const on of notifyOn) out.push({ on, topic });
    return undefined;
  });
  return valid ? out : undefined;
}

function readTopic(ctx: ResolveContext, t: Record<string, unknown>, at: Path, input: AlarmsInput): AlarmAction['topic'] | undefined {
  if ((t['x-sns'] === undefined) === (t.TopicArn === undefined)) {
    ctx.error(CODES.INVALID_ALARM, `${describePath(at)} must give exactly one of x-sns and TopicArn`, at, 'write {x-sns: <topic of x-sns>} or {TopicArn: arn:aws:sns:<region>:<account>:<name>}');
    return undefined;
  }
  if (t.TopicArn !== undefined) {
    const arn = readString(ctx, t.TopicArn, [...at, 'TopicArn']);
    if (arn === undefined) return undefined;
    if (!TOPIC_ARN.test(arn)) {
      ctx.error(CODES.INVALID_ALARM, `TopicArn '${arn}' is not an SNS topic ARN`, [...at, 'TopicArn'], 'write arn:aws:sns:<region>:<account>:<topic name>');
      return undefined;
    }
    return { arn };
  }
  const name = readString(ctx, t['x-sns'], [...at, 'x-sns']);
  if (name === undefined) return undefined;
  const topic = input.resources.topic.find((x) => x.name === name);
  if (!topic) {
    ctx.error(CODES.UNKNOWN_RESOURCE_REFERENCE, `x-sns has no topic '${name}'`, [...at, 'x-sns'], suggestion(name, input.resources.topic.map((x) => x.name), 'topic'));
    return undefined;
  }
  checkTopicKey(ctx, name, topic.properties.KmsMasterKeyId, at);
  return { sns: name };
}

/**
 * CloudWatch publishes to an encrypted topic only if the key policy lets cloudwatch.amazonaws.com
 * use the key (kms:Decrypt, kms:GenerateDataKey*); the AWS managed key alias/aws/sns has a policy
 * nobody can change (AWS Knowledge Center, "How do I configure a CloudWatch alarm with an encrypted
 * Amazon SNS topic?").
 */
export const CLOUDWATCH_KEY_POLICY_STATEMENT = JSON.stringify({
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: '*',
});

function checkTopicKey(ctx: ResolveContext, topic: string, key: unknown, at: Path): void {
  if (key === undefined) return;
  const keyPath = ['x-sns', topic, 'Properties', 'KmsMasterKeyId'];
  if (awsManagedKey(key) === 'sns') {
    ctx.error(
      CODES.ALARM_TOPIC_AWS_MANAGED_KEY,
      `topic '${topic}' is encrypted with the AWS managed key ${String(key)}, which CloudWatch cannot use: the alarm's notifications would never be delivered (declared at ${ctx.where(at)})`,
      keyPath,
      `use a customer managed key whose key policy has ${CLOUDWATCH_KEY_POLICY_STATEMENT}, or remove KmsMasterKeyId`,
    );
  } else {
    ctx.warning(
      CODES.ALARM_TOPIC_CUSTOMER_KEY,
      `alarms notify topic '${topic}', encrypted with a KMS key: unless the key policy lets CloudWatch use the key, the notifications are never delivered`,
      keyPath,
      `make sure the key policy of ${typeof key === 'string' ? key : 'the key'} has ${CLOUDWATCH_KEY_POLICY_STATEMENT} (composex cannot read a key policy offline)`,
    );
  }
}

function readNotifyOn(ctx: ResolveContext, raw: unknown, path: Path): ('alarm' | 'ok')[] | undefined {
  const values = raw === undefined ? ['all'] : Array.isArray(raw) ? raw : [raw];
  const out = new Set<'alarm' | 'ok'>();
  for (const v of values) {
    if (typeof v !== 'string' || !NOTIFY_ON.includes(v)) {
      ctx.error(CODES.INVALID_ALARM, `NotifyOn ${JSON.stringify(v)} is none of ${NOTIFY_ON.join(', ')}`, path, 'write NotifyOn: all (ALARM and OK), alarm, or okay');
      return undefined;
    }
    if (v !== 'okay') out.add('alarm');
    if (v !== 'alarm') out.add('ok');
  }
  return [...out].sort();
}

/** `services.<name>.x-alarms.Predefined`: alarms on the family's ECS service. */
function readServiceAlarms(ctx: ResolveContext, input: AlarmsInput): Omit<AlarmModel, 'logicalId'>[] {
  const out: Omit<AlarmModel, 'logicalId'>[] = [];
  for (const service of ctx.serviceNames) {
    const raw = ctx.project.services[service]['x-alarms'];
    if (raw === undefined) continue;
    const path: Path = ['services', service, 'x-alarms'];
    const obj = readObject(ctx, raw, path, '{Predefined: {RunningTasksBelowDesired: {Topics: [{x-sns: alerts}]}}}');
    if (!obj) continue;
    checkKeys(ctx, obj, path, SERVICE_ALARMS_KEYS);
    const predefined = obj.Predefined === undefined ? {} : readObject(ctx, obj.Predefined, [...path, 'Predefined']);
    if (!predefined) continue;
    const families = familiesOf(input.membership, service);
    for (const name of Object.keys(predefined).sort(compareStrings)) {
      const at = [...path, 'Predefined', name];
      const table = PREDEFINED_SERVICE_ALARMS[name];
      if (!table) {
        ctx.error(CODES.INVALID_ALARM, `'${name}' is not a predefined service alarm composex creates`, at, `${suggestion(name, Object.keys(PREDEFINED_SERVICE_ALARMS), 'alarm')} (predefined: ${Object.keys(PREDEFINED_SERVICE_ALARMS).join(', ')}; other alarms: top-level x-alarms with Services)`, 'key');
        continue;
      }
      const entry = readObject(ctx, predefined[name] ?? {}, at, '{Topics: [{x-sns: alerts}], Settings: {EvaluationPeriods: 5}}');
      if (!entry) continue;
      checkKeys(ctx, entry, at, SERVICE_PREDEFINED_KEYS);
      const settings = entry.Settings === undefined ? {} : readObject(ctx, entry.Settings, [...at, 'Settings']);
      if (!settings) continue;
      checkKeys(ctx, settings, [...at, 'Settings'], PREDEFINED_SETTINGS_KEYS);
      const overrides: Record<string, number> = {};
      let valid = true;
      for (const key of PREDEFINED_SETTINGS_KEYS.filter((k) => settings[k] !== undefined)) {
        // CloudWatch: Period 10, 30 or a multiple of 60 seconds; at most 1 day of evaluation
        const [min, max] = key === 'Period' ? [10, 86400] : key === 'Threshold' ? [0, 100000] : [1, 1440];
        const value = readInteger(ctx, settings[key], [...at, 'Settings', key], min, max);
        if (value === undefined) valid = false;
        else overrides[key] = value;
      }
      const actions = readTopics(ctx, entry.Topics, [...at, 'Topics'], input);
      if (!valid || !actions) continue;
      if (table.math.on === 'targetGroups') {
        const outside = families.filter((f) => !input.albTargets.has(f));
        if (outside.length > 0) {
          ctx.error(CODES.INVALID_ALARM, `${name} of '${service}' watches the 5xx answers of an application load balancer's target groups, but family '${outside[0]}' is no target of one`, at, 'publish an HTTP port of the family (ports: ["80:8080"], every published port of the project HTTP, so that the load balancer is an ALB) or route to it from an x-elbv2 application load balancer; or remove this alarm', 'key');
          continue;
        }
      } else if (input.cluster.kind === 'new' && !input.cluster.containerInsights) {
        ctx.error(CODES.ALARM_NEEDS_CONTAINER_INSIGHTS, `${name} of '${service}' reads Container Insights metrics, but x-cluster turns Container Insights off: the alarm would never have data`, at, 'remove ContainerInsights: false from x-cluster (Container Insights is on by default), or remove this alarm', 'key');
        continue;
      }
      if (table.math.on === 'service' && input.cluster.kind === 'existing') {
        ctx.warning(CODES.ALARM_EXISTING_CLUSTER_INSIGHTS, `${name} of '${service}' reads Container Insights metrics of the existing cluster: without Container Insights on it, the alarm never has data`, at, 'turn Container Insights on for the cluster (aws ecs update-cluster-settings --settings name=containerInsights,value=enabled)', 'key');
      }
      const properties = { AlarmDescription: `composex: ${table.description} (${service})`, ...table.properties, ...overrides };
      for (const family of families) {
        out.push({
          name: `${family}.${service}.${name}`,
          family,
          properties,
          dimensions: [],
          serviceMath: table.math,
          actions,
          path: at,
        });
      }
    }
  }
  return out;
}

/** An alarm in the stack of a family that has no ECS service (DeleteDefaultService) has nothing to watch. */
export function checkAlarmFamilies(ctx: ResolveContext, alarms: readonly AlarmModel[], withoutService: ReadonlyMap<string, Path>): void {
  for (const alarm of alarms) {
    if (alarm.family === undefined || !withoutService.has(alarm.family)) continue;
    ctx.error(CODES.INVALID_ALARM, `alarm '${alarm.name}' watches the ECS service of family '${alarm.family}', which has none (x-events DeleteDefaultService)`, alarm.path, 'remove the alarm, or keep the family\'s service', 'key');
  }
}
