/**
 * `x-kms` keys: `AWS::KMS::Key` (symmetric `ENCRYPT_DECRYPT` unless `KeySpec` / `KeyUsage` say
 * otherwise, yearly rotation on for symmetric keys, 30 days before deletion,
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain` — what the key encrypted is lost with it) and an
 * `AWS::KMS::Alias`.
 *
 * The key policy is AWS's default key policy (AWS KMS Developer Guide, "Default key policy"): one
 * statement lets the account's root principal use and administer the key, which makes IAM
 * policies decide who may use it — composex grants each consumer its level, on this key's ARN,
 * in its task role. A second statement lets SNS (`sns.amazonaws.com`) generate data keys and
 * decrypt for exactly the topics that deliver to queues the key encrypts (`aws:SourceArn`): SNS
 * calls KMS as itself when it sends to an encrypted queue (SQS Developer Guide, "Configure KMS
 * permissions for AWS services"). In a key policy, `Resource: "*"` is the key itself.
 */
import { CfnDeletionPolicy, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { KeyModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { symmetric } from '../../resolve/resources/kms';
import { exportValue, importString } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { arnParts, literal, StackValue, valueName } from './values';
import { accountUsesIamPolicies } from '../resource-policies';

const KEY = resourceSpec('key');

export class Keys implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<KeyModel, NestedStack>;
  private readonly models: Map<string, KeyModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'key'>) {
    const root = Stack.of(scope);
    this.models = new Map(props.resources.map((k) => [k.name, k]));
    const created = props.resources.filter((k) => !k.existingArn);
    const placed = placeInStacks(
      scope,
      'Keys',
      'KMS keys',
      created.map((k) => ({ key: k.name, items: [k], footprint: { resources: 2, outputs: 3, parameters: k.snsTopics.length } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const key of created) {
      const stack = this.stackOf.get(key)!;
      const p = key.properties;
      const topicArns = key.snsTopics.map((topic) => {
        const value = props.value('topic', topic, 'Arn');
        return value.literal ?? importString(stack, value.name, value.value, root);
      });
      const id = `${KEY.idPrefix}${key.logicalId}`;
      const resource = new CfnResource(stack, id, {
        type: 'AWS::KMS::Key',
        properties: {
          Description: `composex ${props.model.projectName}: x-kms ${key.name}`,
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          PendingWindowInDays: 30,
          ...(symmetric(p) ? { EnableKeyRotation: true } : {}),
          ...p,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              accountUsesIamPolicies(),
              ...(topicArns.length > 0
                ? [
                    {
                      Sid: 'SnsDeliversToEncryptedQueues',
                      Effect: 'Allow',
                      Principal: { Service: 'sns.amazonaws.com' },
                      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                      Resource: '*',
                      Condition: { ArnEquals: { 'aws:SourceArn': topicArns.length === 1 ? topicArns[0] : topicArns } },
                    },
                  ]
                : []),
            ],
          },
          Tags: [
            { Key: 'composex:project', Value: props.model.projectName },
            { Key: 'composex:key', Value: key.name },
            ...((p.Tags as unknown[] | undefined) ?? []),
          ],
        },
      });
      recordRawProperties(this.rawProperties, resource, [KEY.key, key.name, 'Properties'], p);
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(key.name, resource);
      if (key.alias) {
        new CfnResource(stack, `${id}Alias`, { type: 'AWS::KMS::Alias', properties: { AliasName: key.alias, TargetKeyId: resource.ref } });
      }
    }
  }

  /** A key attribute (`Arn`, `KeyId`, `AliasName`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const key = this.models.get(name);
    if (!key) throw new Error(`internal: unknown key '${name}'`);
    const outputName = valueName(KEY.idPrefix, key.logicalId, attribute);
    if (key.existingArn) {
      const values: Record<string, string> = { Arn: key.existingArn, KeyId: arnParts(key.existingArn).resource.replace(/^key\//, '') };
      if (values[attribute] === undefined) throw new Error(`internal: ${attribute} of looked-up key '${name}' is not known`);
      return literal(outputName, values[attribute]);
    }
    if (attribute === 'AliasName') {
      if (!key.alias) throw new Error(`internal: key '${name}' has no alias`);
      return literal(outputName, key.alias);
    }
    const resource = this.resources.get(name)!;
    const inStack = attribute === 'KeyId' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(key)!, outputName, inStack) };
  }
}
