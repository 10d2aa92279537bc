/**
 * `x-kinesis_firehose`: Kinesis Data Firehose delivery streams and who may put records into them
 * (ECS ComposeX's syntax and its one level, Producer).
 *
 *   x-kinesis_firehose:
 *     clicks-to-s3:
 *       Properties:
 *         DeliveryStreamType: DirectPut
 *         DeliveryStreamEncryptionConfigurationInput: {KeyARN: x-kms::records}
 *         ExtendedS3DestinationConfiguration:
 *           BucketARN: x-s3::archive                  (an x-s3 bucket: the delivery role may write to it)
 *           BufferingHints: {SizeInMBs: 64, IntervalInSeconds: 60}
 *       MacroParameters:
 *         DoNotOverrideIamRole: false                 (true, or [ExtendedS3DestinationConfiguration]: keep the RoleARN written)
 *         x-iam: {PermissionsBoundary: boundary}      (of the delivery role)
 *       Services:
 *         api: {Access: Producer, ReturnValues: {Arn: CLICKS_STREAM_ARN}}
 *     from-kinesis:
 *       Properties:
 *         DeliveryStreamType: KinesisStreamAsSource
 *         KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::events}
 *         ExtendedS3DestinationConfiguration: {BucketARN: x-s3::archive}
 *     shared:
 *       Lookup: {Arn: arn:aws:firehose:eu-west-1:123456789012:deliverystream/shared}
 *
 * Every consumer gets the delivery stream name in `<NAME>`; `ReturnValues` gives `Arn`. The role
 * Firehose assumes is created (firehose-properties.ts says what it reaches).
 */
import type { DeliveryStreamModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys } from '../readers';
import { readArnLookup } from './arn-lookup';
import { checkProperties, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { readDeliveryProperties, ResolvedResources } from './firehose-properties';
import { messagingGrants, MessagingSpec } from './messaging';

export const FIREHOSE_KEY = 'x-kinesis_firehose';
/**
 * `Ref` is the delivery stream name (`DeliveryStreamId` in ECS ComposeX); `Arn` its `Fn::GetAtt`
 * attribute (CloudFormation, AWS::KinesisFirehose::DeliveryStream return values).
 */
export const DELIVERY_STREAM_ATTRIBUTES = ['Name', 'Arn'];
export const DELIVERY_STREAM_ATTRIBUTE_ALIASES = { DeliveryStreamId: 'Name', DeliveryStreamName: 'Name', DeliveryStreamArn: 'Arn' };
const MACRO_KEYS = ['DoNotOverrideIamRole', 'x-iam'];
const SETTINGS_KEYS = ['EnvNames'];
/** `arn:aws:firehose:<region>:<account>:deliverystream/<name>` (names: 1 to 64 of `[a-zA-Z0-9_.-]`). */
export const DELIVERY_STREAM_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;
const EXAMPLE_ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/clicks';

export interface DeliveryStreamResolution {
  readonly streams: DeliveryStreamModel[];
  readonly grants: ResourceGrant[];
}

export function resolveDeliveryStreams(ctx: ResolveContext, membership: Membership, spec: MessagingSpec, resolved: ResolvedResources): DeliveryStreamResolution {
  const entries = readResourceEntries(ctx, FIREHOSE_KEY, MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const streams: DeliveryStreamModel[] = [];
  const grants: ResourceGrant[] = [];
  for (const entry of entries) {
    const base = { name: entry.name, logicalId: ids.get(entry.name)! };
    let kinesisSource = false;
    if (entry.lookup) {
      const existingArn = readDeliveryStreamLookup(ctx, entry);
      // Without an ARN nothing can be granted: the error says what to write.
      if (!existingArn) continue;
      streams.push({ ...base, properties: {}, existingArn, references: [], logged: [], kinesisSource: false });
    } else {
      checkProperties(ctx, entry.properties, [...entry.path, 'Properties'], 'AWS::KinesisFirehose::DeliveryStream');
      if (entry.macro['x-iam'] !== undefined) checkKeys(ctx, (entry.macro['x-iam'] ?? {}) as Record<string, unknown>, [...entry.path, 'MacroParameters', 'x-iam'], ['PermissionsBoundary']);
      const read = readDeliveryProperties(ctx, entry, resolved);
      kinesisSource = read.kinesisSource;
      streams.push({ ...base, ...read, ...(read.role ? { role: read.role } : {}) });
    }
    const granted = messagingGrants(ctx, entry, membership, spec, 'a Firehose delivery stream', undefined, { mainVariables: readEnvNames(ctx, entry) });
    if (kinesisSource && granted.length > 0) {
      // Firehose takes no PutRecord on such a stream; ECS ComposeX links nothing either.
      ctx.warning(
        CODES.FIREHOSE_PRODUCER_KINESIS_SOURCE,
        `delivery stream '${entry.name}' reads from a Kinesis stream, and Firehose refuses PutRecord on it: ${[...new Set(granted.flatMap((g) => g.services))].join(', ')} get${granted.flatMap((g) => g.services).length === 1 ? 's' : ''} no permission and no variable of it`,
        [...entry.path, 'Services'],
        'grant Producer on the source stream under x-kinesis instead, and remove these Services',
        'key',
      );
      continue;
    }
    grants.push(...granted);
  }
  return { streams, grants };
}

/**
 * `Lookup: {Arn: <delivery stream ARN>}`: no AWS call. ECS ComposeX finds delivery streams by
 * `Tags` with AWS calls; `composex lookup` has no Firehose client to answer that.
 */
function readDeliveryStreamLookup(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  return readArnLookup(ctx, entry, {
    what: 'Firehose delivery stream',
    plural: 'delivery streams',
    noun: 'delivery stream',
    pattern: DELIVERY_STREAM_ARN,
    example: EXAMPLE_ARN,
    code: CODES.FIREHOSE_LOOKUP_UNSUPPORTED,
    why: 'would need Firehose calls, which neither render nor composex lookup make',
    findIt: 'AWS console, or aws firehose describe-delivery-stream --delivery-stream-name <name>',
  });
}
