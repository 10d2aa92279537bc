/**
 * `x-kinesis` streams: `AWS::Kinesis::Stream`, on demand (`StreamModeDetails: ON_DEMAND`) unless
 * the stream gives `ShardCount` or `StreamModeDetails`, encrypted with KMS (the AWS managed key
 * `alias/aws/kinesis` unless `StreamEncryption` names another, or the ARN of the x-kms key it
 * names), and `DeletionPolicy`/`UpdateReplacePolicy: Retain`: the records are data. Kinesis uses
 * a customer key with the caller's own permissions (no key policy statement for the service), so
 * AWS's default key policy of an x-kms key suffices.
 */
import { CfnDeletionPolicy, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StreamModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue, importString } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';

const STREAM = resourceSpec('stream');
/** The AWS managed key of Kinesis Data Streams. */
export const KINESIS_AWS_MANAGED_KEY = 'alias/aws/kinesis';

const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export class Streams implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<StreamModel, NestedStack>;
  private readonly models: Map<string, StreamModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'stream'>) {
    const root = Stack.of(scope);
    this.models = new Map(props.resources.map((s) => [s.name, s]));
    const created = props.resources.filter((s) => !s.existingArn);
    const placed = placeInStacks(
      scope,
      'Streams',
      'Kinesis data streams',
      created.map((s) => ({ key: s.name, items: [s], footprint: { resources: 1, outputs: 2, parameters: s.kmsKey !== undefined ? 1 : 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const stream of created) {
      const stack = this.stackOf.get(stream)!;
      const p = stream.properties;
      const keyValue = stream.kmsKey !== undefined ? props.value('key', stream.kmsKey, 'Arn') : undefined;
      const keyId = keyValue ? (keyValue.literal ?? importString(stack, keyValue.name, keyValue.value, root)) : undefined;
      const provisioned = p.ShardCount !== undefined || object(p.StreamModeDetails).StreamMode === 'PROVISIONED';
      const resource = new CfnResource(stack, `${STREAM.idPrefix}${stream.logicalId}`, {
        type: 'AWS::Kinesis::Stream',
        properties: {
          StreamModeDetails: { StreamMode: provisioned ? 'PROVISIONED' : 'ON_DEMAND' },
          ...p,
          StreamEncryption: { KeyId: KINESIS_AWS_MANAGED_KEY, ...object(p.StreamEncryption), ...(keyId ? { KeyId: keyId } : {}), EncryptionType: 'KMS' },
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:stream', Value: stream.name },
            ...((p.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, [STREAM.key, stream.name, 'Properties'], p);
      // Records are data: a stack deletion or a replacement leaves the stream in place.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(stream.name, resource);
    }
  }

  /** A stream attribute (`Name`, `Arn`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const stream = this.models.get(name);
    if (!stream) throw new Error(`internal: unknown stream '${name}'`);
    const outputName = valueName(STREAM.idPrefix, stream.logicalId, attribute);
    if (stream.existingArn) {
      const values: Record<string, string> = { Arn: stream.existingArn, Name: arnParts(stream.existingArn).resource.replace(/^stream\//, '') };
      if (values[attribute] === undefined) throw new Error(`internal: ${attribute} of looked-up stream '${name}' is not known`);
      return literal(outputName, values[attribute]);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'Name' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(stream)!, outputName, inStack) };
  }
}
