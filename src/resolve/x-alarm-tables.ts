/**
 * The data of `x-alarms` (resolve/x-alarms.ts): the CloudWatch alarm properties, what composex
 * sets itself, the resources a dimension or a predefined alarm may name, and the predefined
 * alarms users turn on — each a row, so adding one is adding a row.
 */
import type { ResourceKind, ServiceAlarmMath } from './model';

/** `AWS::CloudWatch::Alarm` properties (CloudFormation resource reference). */
export const METRIC_ALARM_PROPERTIES = [
  'ActionsEnabled', 'AlarmDescription', 'AlarmName', 'ComparisonOperator', 'DatapointsToAlarm', 'Dimensions',
  'EvaluateLowSampleCountPercentile', 'EvaluationPeriods', 'ExtendedStatistic', 'MetricName', 'Metrics', 'Namespace',
  'Period', 'Statistic', 'Tags', 'Threshold', 'ThresholdMetricId', 'TreatMissingData', 'Unit',
];
/** `AWS::CloudWatch::CompositeAlarm` properties. */
export const COMPOSITE_ALARM_PROPERTIES = [
  'ActionsEnabled', 'ActionsSuppressor', 'ActionsSuppressorExtensionPeriod', 'ActionsSuppressorWaitPeriod',
  'AlarmDescription', 'AlarmName', 'AlarmRule', 'Tags',
];
/** Set from `Topics`: written in Properties they would be overwritten (ECS ComposeX overrides them too). */
export const MANAGED_ALARM_PROPERTIES = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];

/** `Dimensions[].Value: x-<kind>::<name>`: the resource's value CloudWatch publishes its metrics under. */
export const DIMENSION_REFERENCES: Readonly<Record<string, { readonly kind: ResourceKind; readonly attribute: (resource: { kind?: string }) => string }>> = {
  'x-sqs': { kind: 'queue', attribute: () => 'QueueName' },
  'x-sns': { kind: 'topic', attribute: () => 'TopicName' },
  'x-rds': { kind: 'database', attribute: (db) => (db.kind === 'cluster' ? 'DBClusterIdentifier' : 'DBInstanceIdentifier') },
};

export interface PredefinedResourceAlarm {
  /** The x- key of the resource it watches. */
  readonly key: 'x-sqs' | 'x-rds';
  /** The dimension the metric is published under (AWS/SQS: QueueName; AWS/RDS: DBInstanceIdentifier or DBClusterIdentifier). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly description: string;
}

/**
 * Top-level `MacroParameters: {Predefined: <name>, Resource: x-<kind>::<name>}`; `Properties`
 * written beside it override these values (a threshold, a period).
 */
export const PREDEFINED_RESOURCE_ALARMS: Readonly<Record<string, PredefinedResourceAlarm>> = {
  // SQS publishes ApproximateNumberOfMessagesVisible every minute; a dead-letter queue holding one
  // message means a message failed maxReceiveCount times.
  DeadLetterQueueNotEmpty: {
    key: 'x-sqs',
    description: 'a dead-letter queue holds messages',
    properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
  },
  DatabaseHighCpu: {
    key: 'x-rds',
    description: 'the database CPU is above 80% for 15 minutes',
    properties: { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300, EvaluationPeriods: 3, Threshold: 80, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'missing' },
  },
  // FreeStorageSpace is in bytes; 2 GiB. Aurora storage grows by itself (no such alarm for a cluster).
  DatabaseLowFreeStorage: {
    key: 'x-rds',
    description: 'the database has less than 2 GiB of free storage',
    properties: { Namespace: 'AWS/RDS', MetricName: 'FreeStorageSpace', Statistic: 'Minimum', Period: 300, EvaluationPeriods: 1, Threshold: 2147483648, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'missing' },
  },
};

/**
 * Service-level `x-alarms: {Predefined: {<name>: {Topics, Settings}}}`.
 * - RunningTasksBelowDesired compares Container Insights' RunningTaskCount and DesiredTaskCount of
 *   the service (namespace ECS/ContainerInsights): it needs Container Insights.
 * - LoadBalancerTarget5xx: the share of the requests the application load balancer sent to the
 *   service that its tasks answered with a 5xx (AWS/ApplicationELB HTTPCode_Target_5XX_Count over
 *   RequestCount, both per target group and load balancer). The 5xx the load balancer answers itself
 *   (HTTPCode_ELB_5XX_Count: no healthy target, a timeout) carry only the LoadBalancer dimension and
 *   cannot be told apart per service; RunningTasksBelowDesired covers a service that is down.
 */
export const PREDEFINED_SERVICE_ALARMS: Readonly<Record<string, { readonly description: string; readonly properties: Readonly<Record<string, unknown>>; readonly math: ServiceAlarmMath }>> = {
  RunningTasksBelowDesired: {
    description: 'the service runs fewer tasks than it wants',
    properties: { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'missing' },
    math: {
      on: 'service',
      expression: 'desired - running',
      label: 'tasks missing',
      metrics: [
        { id: 'desired', namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', stat: 'Maximum' },
        { id: 'running', namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', stat: 'Minimum' },
      ],
    },
  },
  // No request, no data point (ELB publishes only while requests flow): missing data is not breaching.
  LoadBalancerTarget5xx: {
    description: 'more than 5% of the requests to the service through its load balancer were answered with 5xx for 5 minutes',
    properties: { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
    math: {
      on: 'targetGroups',
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      label: 'percent of requests answered 5xx',
      metrics: [
        { id: 'errors', namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
        { id: 'requests', namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', stat: 'Sum' },
      ],
    },
  },
};
/** `Settings` of a predefined service alarm (ECS ComposeX's common settings, and the threshold). */
export const PREDEFINED_SETTINGS_KEYS = ['Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold'];

/** The x-sns topics alarms notify (as written; checked by the reader): they are used, by CloudWatch. */
export function topicsNamedByAlarms(extensions: Readonly<Record<string, unknown>>, services: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Set<string> {
  const out = new Set<string>();
  const add = (topics: unknown) => {
    if (!Array.isArray(topics)) return;
    for (const t of topics) {
      const name = typeof t === 'string' ? t : typeof t === 'object' && t !== null ? (t as Record<string, unknown>)['x-sns'] : undefined;
      if (typeof name === 'string') out.add(name);
    }
  };
  const entries = (value: unknown): Record<string, unknown>[] =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.values(value as Record<string, unknown>).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
  for (const alarm of entries(extensions['x-alarms'])) add(alarm.Topics);
  for (const service of Object.values(services)) {
    const x = service['x-alarms'];
    if (typeof x === 'object' && x !== null) for (const p of entries((x as Record<string, unknown>).Predefined)) add(p.Topics);
  }
  return out;
}
