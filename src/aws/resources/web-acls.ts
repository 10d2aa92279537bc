/**
 * `x-wafv2_webacl` web ACLs: `AWS::WAFv2::WebACL` from `Properties`, in the `WebAcls` stack. A web
 * ACL holds no data (its rules are in the template), so it has no retention policy. The load
 * balancers it protects get an `AWS::WAFv2::WebACLAssociation` in their own stack (src/aws/elbv2.ts),
 * which imports the web ACL's ARN (`value(name, 'Arn')`): CloudFormation creates the web ACL's
 * stack before theirs, and the association after the load balancer it names.
 */
import { Aws, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { WebAclModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { literal, StackValue, valueName } from './values';

const WEB_ACL = resourceSpec('webAcl');

/**
 * The ARN of the regional web ACL `Identifier: name|id|REGIONAL` names, in the deploying account
 * and Region (`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`): a load
 * balancer takes a web ACL of its own Region only.
 */
function regionalArn(name: string, id: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':wafv2:', Aws.REGION, ':', Aws.ACCOUNT_ID, `:regional/webacl/${name}/${id}`]);
}

export class WebAcls implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<WebAclModel, NestedStack>;
  private readonly models: Map<string, WebAclModel>;
  /** Each value built once (a new `Fn::Join` token would be a second, different value). */
  private readonly values = new Map<string, StackValue>();

  constructor(scope: Construct, props: ResourceConstructProps<'webAcl'>) {
    this.models = new Map(props.resources.map((a) => [a.name, a]));
    const created = props.resources.filter((a) => !a.existing);
    const placed = placeInStacks(
      scope,
      'WebAcls',
      'AWS WAF web ACLs',
      created.map((a) => ({ key: a.name, items: [a], footprint: { resources: 1, outputs: 1, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const acl of created) {
      const p = acl.properties;
      const resource = new CfnResource(this.stackOf.get(acl)!, `${WEB_ACL.idPrefix}${acl.logicalId}`, {
        type: 'AWS::WAFv2::WebACL',
        properties: {
          ...p,
          Tags: [{ Key: 'composex:project', Value: props.model.projectName }, { Key: 'composex:webAcl', Value: acl.name }, ...((p.Tags as unknown[] | undefined) ?? [])],
        },
      });
      recordRawProperties(this.rawProperties, resource, [WEB_ACL.key, acl.name, 'Properties'], p);
      this.resources.set(acl.name, resource);
    }
  }

  /** The web ACL's `Arn`, valid in the root (the only value a web ACL gives). */
  value(name: string, attribute: string): StackValue {
    const key = `${name}\0${attribute}`;
    if (!this.values.has(key)) this.values.set(key, this.build(name, attribute));
    return this.values.get(key)!;
  }

  private build(name: string, attribute: string): StackValue {
    const acl = this.models.get(name);
    if (!acl) throw new Error(`internal: unknown web ACL '${name}'`);
    if (attribute !== 'Arn') throw new Error(`internal: web ACL '${name}' gives no ${attribute}`);
    const outputName = valueName(WEB_ACL.idPrefix, acl.logicalId, attribute);
    if (acl.existing) return literal(outputName, 'arn' in acl.existing ? acl.existing.arn : regionalArn(acl.existing.name, acl.existing.id));
    return { name: outputName, value: exportValue(this.stackOf.get(acl)!, outputName, this.resources.get(name)!.getAtt('Arn').toString()) };
  }
}
