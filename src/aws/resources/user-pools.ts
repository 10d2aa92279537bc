/**
 * `x-cognito_userpool` user pools: `AWS::Cognito::UserPool` from the file's `Properties`, with
 * deletion protection on (unless the file turns it off) and `DeletionPolicy` /
 * `UpdateReplacePolicy: Retain`: the pool holds the users and their passwords, which no template
 * brings back. A pool x-elbv2 authenticates through gets its domain prefix
 * (`AWS::Cognito::UserPoolDomain`, "a user pool domain … for the hosted UI and OAuth 2.0
 * endpoints" ELB redirects users to) in the same stack. Cognito user pools are encrypted at rest
 * by the service ("Amazon Cognito encrypts data at rest"), with no property to set.
 */
import { CfnDeletionPolicy, CfnResource, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { UserPoolModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { StackValue, valueName } from './values';

const USER_POOL = resourceSpec('userPool');

export class UserPools implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<UserPoolModel, NestedStack>;
  private readonly models: Map<string, UserPoolModel>;

  constructor(scope: Construct, props: ResourceConstructProps<'userPool'>) {
    this.models = new Map(props.resources.map((p) => [p.name, p]));
    const placed = placeInStacks(
      scope,
      'UserPools',
      'Cognito user pools',
      props.resources.map((p) => ({ key: p.name, items: [p], footprint: { resources: p.domain ? 2 : 1, outputs: 4, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const pool of props.resources) {
      const stack = this.stackOf.get(pool)!;
      const p = pool.properties;
      const id = `${USER_POOL.idPrefix}${pool.logicalId}`;
      const resource = new CfnResource(stack, id, {
        type: 'AWS::Cognito::UserPool',
        properties: {
          ...p,
          // AWS::Cognito::UserPool takes its tags as a mapping (UserPoolTags).
          UserPoolTags: { 'composex:project': props.model.projectName, 'composex:userPool': pool.name, ...((p.UserPoolTags as Record<string, string> | undefined) ?? {}) },
        },
      });
      recordRawProperties(this.rawProperties, resource, [USER_POOL.key, pool.name, 'Properties'], p);
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.resources.set(pool.name, resource);
      if (pool.domain !== undefined) {
        new CfnResource(stack, `${id}Domain`, { type: 'AWS::Cognito::UserPoolDomain', properties: { Domain: pool.domain, UserPoolId: resource.ref } });
      }
    }
  }

  /** A pool attribute (`UserPoolId`, `Arn`, `ProviderName`, `ProviderURL`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const pool = this.models.get(name);
    if (!pool) throw new Error(`internal: unknown user pool '${name}'`);
    const resource = this.resources.get(name)!;
    const outputName = valueName(USER_POOL.idPrefix, pool.logicalId, attribute);
    const inStack = attribute === 'UserPoolId' ? resource.ref : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(pool)!, outputName, inStack) };
  }
}
