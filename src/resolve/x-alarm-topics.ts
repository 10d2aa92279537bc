/**
 * `Topics` of an x-alarms alarm (ECS ComposeX's syntax): x-sns topics or topic ARNs notified on
 * ALARM and / or OK. Alarm actions need no IAM permission: CloudWatch publishes to an SNS topic of
 * the same account, which the default topic access policy admits — unless the topic is encrypted
 * with a KMS key (CX3343, CX3345 below).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import type { AlarmAction, ResourcesByKind } from './model';
import { checkKeys, readList, readObject, readString } from './readers';
import { awsManagedKey } from './resources/sqs';

export const ALARM_TOPIC_KEYS = ['x-sns', 'TopicArn', 'NotifyOn'];
const NOTIFY_ON = ['all', 'alarm', 'okay'];
/**
 * An SNS topic ARN: a topic name is "uppercase and lowercase ASCII letters, numbers, underscores,
 * and hyphens", 1 to 256 characters, `.fifo` at the end of a FIFO topic (SNS CreateTopic), and an
 * alarm's SNS action is `arn:aws:sns:region:account-id:sns-topic-name` (PutMetricAlarm,
 * PutCompositeAlarm: AlarmActions).
 */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** `Topics: [{x-sns: name | TopicArn: arn, NotifyOn: all | alarm | okay}]`. */
export function readTopics(ctx: ResolveContext, raw: unknown, path: Path, input: { readonly resources: ResourcesByKind }): AlarmAction[] | undefined {
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
    if (topic === undefined || !notifyOn) return (valid = false);
    if (topic === null) return undefined; // left out, with a warning
    for (const on of notifyOn) out.push({ on, topic });
    return undefined;
  });
  return valid ? out : undefined;
}

/** The topic; `null` for an action left out with a warning, `undefined` after an error. */
function readTopic(ctx: ResolveContext, t: Record<string, unknown>, at: Path, input: { readonly resources: ResourcesByKind }): AlarmAction['topic'] | null | undefined {
  if ((t['x-sns'] === undefined) === (t.TopicArn === undefined)) {
    ctx.error(CODES.INVALID_ALARM, `${describePath(at)} must give exactly one of x-sns and TopicArn`, at, 'write {x-sns: <topic of x-sns>} or {TopicArn: arn:aws:sns:<region>:<account>:<name>}');
    return undefined;
  }
  if (t.TopicArn !== undefined) {
    const arn = readString(ctx, t.TopicArn, [...at, 'TopicArn']);
    if (arn === undefined) return undefined;
    if (!TOPIC_ARN.test(arn)) {
      // No topic can have such a name (see TOPIC_ARN), and CloudWatch takes only a topic's ARN as
      // an action. ECS ComposeX's own check (sns_params.py TOPIC_ARN_RE, `[\S]+` after the account)
      // lets it through to the deploy. The alarm is created without it, said at the ARN (CX3336).
      const name = arn.split(':').slice(5).join(':');
      const last = name.split('/').pop() ?? name;
      ctx.warning(
        CODES.ALARM_ACTION_NOT_A_TOPIC,
        `TopicArn '${arn}' is not an SNS topic ARN${name.includes('/') ? `: a topic name is letters, digits, - and _ only (SNS CreateTopic), so no topic is called '${name}'` : ''}, and CloudWatch takes only arn:aws:sns:<region>:<account>:<topic name> as an alarm action: the alarm is created without this action and notifies nobody through it`,
        [...at, 'TopicArn'],
        name.includes('/') && /^[A-Za-z0-9_-]+$/.test(last) ? `write the topic's ARN as SNS shows it: ${arn.split(':').slice(0, 5).join(':')}:${last} if the topic is '${last}'` : 'write arn:aws:sns:<region>:<account>:<topic name>',
      );
      return null;
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
  // Not written: the ALARM state only, as ECS ComposeX (alarms_ecs.py handle_notify_on: "Will default to AlarmActions").
  const values = raw === undefined ? ['alarm'] : Array.isArray(raw) ? raw : [raw];
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
