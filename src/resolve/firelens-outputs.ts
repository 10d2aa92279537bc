/**
 * One FireLens output (the options of `logging.options` with the awsfirelens driver, or an entry
 * of `ComposeXManagedAwsDestinations`) → its Fluent Bit options and what the task role needs to
 * write there, scoped to that resource (Amazon ECS Developer Guide, "Send Amazon ECS logs to an AWS
 * service or AWS Partner": "if a container is routing logs to Firehose, the task requires
 * permission to call the firehose:PutRecordBatch API"):
 *
 * | Name | written to | task role |
 * |---|---|---|
 * | `cloudwatch`, `cloudwatch_logs` | `log_group_name` (default: the family's log group) | logs:CreateLogStream, logs:PutLogEvents (`cloudwatch`, the Go plugin: logs:DescribeLogStreams; `auto_create_group: true`: logs:CreateLogGroup; `log_retention_days`: logs:PutRetentionPolicy) on the group |
 * | `firehose`, `kinesis_firehose` | `delivery_stream` (`x-kinesis_firehose::<name>`: the project's stream) | firehose:PutRecordBatch on the stream |
 * | `kinesis_streams`, `kinesis` | `stream` | kinesis:PutRecords on the stream |
 * | `s3` | `bucket` | s3:PutObject on its objects |
 *
 * Without `Name`, ECS ComposeX infers it from the key present (delivery_stream, log_group_name,
 * stream, bucket: service_logging/helpers.py); `role_arn` adds sts:AssumeRole on that role. Other
 * outputs get no permission (CX3953: x-iam grants it).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import type { FireLensOption, FireLensStatement, FireLensValue } from './model';
import { isPlainObject } from './readers';
import { FIREHOSE_KEY } from './resources/firehose';

export const FIREHOSE_REFERENCE = `${FIREHOSE_KEY}::`;
const INFERRED_NAMES: readonly (readonly [string, string])[] = [
  ['delivery_stream', 'kinesis_firehose'],
  ['log_group_name', 'cloudwatch'],
  ['stream', 'kinesis_streams'],
  ['bucket', 's3'],
];
const ARN = (service: string, region: string, resource: string) => `arn:\${AWS::Partition}:${service}:${region}:\${AWS::AccountId}:${resource}`;

export interface OutputPlan {
  /** `Name` first, then the options as written (values of x- references and defaults filled in). */
  readonly options: readonly FireLensOption[];
  readonly statements: readonly FireLensStatement[];
  /** x-kinesis_firehose streams it writes to (granted firehose:PutRecordBatch through a grant). */
  readonly streams: readonly string[];
}

/**
 * The output `raw` written at `at` (the options mapping) for `service`'s logs. `text` says the
 * options land in the router's configuration file (values there are plain text).
 */
export function planOutput(ctx: ResolveContext, raw: Readonly<Record<string, string>>, at: Path, service: string): OutputPlan | undefined {
  const name = (raw.Name ?? INFERRED_NAMES.find(([key]) => raw[key] !== undefined)?.[1])?.trim().toLowerCase();
  if (name === undefined) {
    ctx.error(
      CODES.FIRELENS_OPTIONS_INVALID,
      `the FireLens output of '${service}' has no Name, and none of ${INFERRED_NAMES.map(([k]) => k).join(', ')} to infer it from`,
      at,
      'write the Fluent Bit output, e.g. Name: cloudwatch (to the family log group) or delivery_stream: x-kinesis_firehose::<name>',
      'key',
    );
    return undefined;
  }
  const options = new Map<string, FireLensValue>(Object.entries(raw).map(([k, v]) => [k, { text: v }]));
  options.delete('Name');
  const statements: FireLensStatement[] = [];
  const streams: string[] = [];
  const region = raw.region;
  const regionInArn = region !== undefined && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : '${AWS::Region}';
  if (region === undefined) options.set('region', { ref: 'region' });
  const required = (key: string): string | undefined => {
    const value = raw[key];
    if (value !== undefined && value.trim() !== '') return value.trim();
    ctx.error(CODES.FIRELENS_OPTIONS_INVALID, `the ${name} output of '${service}' has no ${key}`, at, `write ${key}: <name>`, 'key');
    return undefined;
  };
  const templated = (value: string) => /\$[({]/.test(value);
  const notScoped = (key: string, value: string) =>
    ctx.warning(
      CODES.FIRELENS_OUTPUT_NOT_GRANTED,
      `the ${name} output of '${service}' writes to ${key} ${value}, which Fluent Bit fills in at run time: composex grants the task role no permission for it`,
      [...at, key],
      'grant what the output needs with x-iam Policies on that family, scoped to the resources it may reach',
    );

  if (name === 'cloudwatch' || name === 'cloudwatch_logs') {
    const group = raw.log_group_name;
    if (group === undefined) options.set('log_group_name', { ref: 'logGroup' });
    if (raw.log_stream_prefix === undefined && raw.log_stream_name === undefined) options.set('log_stream_prefix', { text: service });
    // The Go plugin (`cloudwatch`) looks its streams up (amazon-cloudwatch-logs-for-fluent-bit, "Permissions"); the C plugin does not.
    const actions = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      ...(name === 'cloudwatch' ? ['logs:DescribeLogStreams'] : []),
      ...(/^(true|on|yes)$/i.test(raw.auto_create_group ?? '') ? ['logs:CreateLogGroup'] : []),
      ...(Number(raw.log_retention_days) > 0 ? ['logs:PutRetentionPolicy'] : []),
    ].sort();
    if (group === undefined) statements.push({ sid: 'FireLensCloudWatchLogs', actions, resources: [{ on: 'logGroup' }] });
    else if (templated(group)) notScoped('log_group_name', group);
    else statements.push({ sid: 'FireLensCloudWatchLogs', actions, resources: [{ on: 'arn', arn: ARN('logs', regionInArn, `log-group:${group}:*`) }] });
  } else if (name === 'firehose' || name === 'kinesis_firehose') {
    const stream = required('delivery_stream');
    if (stream === undefined) return undefined;
    if (stream.startsWith(FIREHOSE_REFERENCE)) {
      const resource = stream.slice(FIREHOSE_REFERENCE.length);
      const written = ctx.project.extensions?.[FIREHOSE_KEY];
      const declared = isPlainObject(written) ? Object.keys(written) : [];
      if (!declared.includes(resource)) {
        ctx.error(CODES.FIRELENS_OPTIONS_INVALID, `the delivery stream ${stream} of '${service}' is not declared under ${FIREHOSE_KEY}`, [...at, 'delivery_stream'], suggestion(resource, declared, 'delivery stream'));
        return undefined;
      }
      options.set('delivery_stream', { ref: 'resource', kind: 'deliveryStream', resource, attribute: 'Name' });
      streams.push(resource);
    } else if (templated(stream)) notScoped('delivery_stream', stream);
    else statements.push({ sid: 'FireLensFirehose', actions: ['firehose:PutRecordBatch'], resources: [{ on: 'arn', arn: ARN('firehose', regionInArn, `deliverystream/${stream}`) }] });
  } else if (name === 'kinesis_streams' || name === 'kinesis') {
    const stream = required('stream');
    if (stream === undefined) return undefined;
    if (stream.startsWith('x-')) return xReference(ctx, name, service, [...at, 'stream'], stream);
    if (templated(stream)) notScoped('stream', stream);
    else statements.push({ sid: 'FireLensKinesis', actions: ['kinesis:PutRecords'], resources: [{ on: 'arn', arn: ARN('kinesis', regionInArn, `stream/${stream}`) }] });
  } else if (name === 's3') {
    const bucket = required('bucket');
    if (bucket === undefined) return undefined;
    if (bucket.startsWith('x-')) return xReference(ctx, name, service, [...at, 'bucket'], bucket);
    if (templated(bucket)) notScoped('bucket', bucket);
    else statements.push({ sid: 'FireLensS3', actions: ['s3:PutObject'], resources: [{ on: 'arn', arn: `arn:\${AWS::Partition}:s3:::${bucket}/*` }] });
  } else {
    options.delete('region');
    if (region !== undefined) options.set('region', { text: region });
    ctx.warning(
      CODES.FIRELENS_OUTPUT_NOT_GRANTED,
      `the FireLens output ${raw.Name ?? name} of '${service}' is passed to Fluent Bit as written; composex knows no AWS resource it writes to and grants the task role nothing for it`,
      [...at, ...(raw.Name !== undefined ? ['Name'] : [])],
      'if the output calls an AWS API, grant it with x-iam Policies on that family; keep any credential it needs in a secret, not in the options',
    );
  }
  const role = raw.role_arn;
  if (role !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(role)) {
    statements.push({ sid: 'FireLensAssumeRole', actions: ['sts:AssumeRole'], resources: [{ on: 'arn', arn: role }] });
  }
  return {
    options: [{ name: 'Name', value: { text: raw.Name ?? name } }, ...[...options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, value]) => ({ name: n, value }))],
    statements,
    streams,
  };
}

function xReference(ctx: ResolveContext, name: string, service: string, at: Path, value: string): undefined {
  ctx.error(
    CODES.FIRELENS_OPTIONS_INVALID,
    `the ${name} output of '${service}' names ${value}: composex resolves only ${FIREHOSE_REFERENCE}<name> in FireLens options`,
    at,
    'write the name of the stream or bucket itself (composex then grants the task role its write action on it)',
  );
  return undefined;
}

/** The statements of several outputs, one per Sid and action list, resources in order of first use. */
export function mergeStatements(statements: readonly FireLensStatement[]): FireLensStatement[] {
  const out = new Map<string, { sid: string; actions: readonly string[]; resources: FireLensStatement['resources'][number][] }>();
  for (const s of statements) {
    const key = `${s.sid}\0${s.actions.join(',')}`;
    const entry = out.get(key) ?? { sid: s.sid, actions: s.actions, resources: [] };
    for (const r of s.resources) if (!entry.resources.some((e) => JSON.stringify(e) === JSON.stringify(r))) entry.resources.push(r);
    out.set(key, entry);
  }
  // Two statements may not share a Sid (same Sid, other actions: numbered).
  const seen = new Map<string, number>();
  return [...out.values()].map((s) => {
    const n = (seen.get(s.sid) ?? 0) + 1;
    seen.set(s.sid, n);
    return { ...s, sid: n === 1 ? s.sid : `${s.sid}${n}` };
  });
}
