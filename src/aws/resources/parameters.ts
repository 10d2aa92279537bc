/**
 * `x-ssm_parameter` parameters: `AWS::SSM::Parameter` (`String` unless `Type: StringList`) with
 * the value given or read from a file by the resolve stage. Its ARN is built from its name:
 * `arn:<partition>:ssm:<region>:<account>:parameter/<name>`, where a name starting with `/`
 * (a hierarchy) brings its own slash (AWS, "Actions, resources, and condition keys for AWS Systems
 * Manager": `parameter/${ParameterNameWithoutLeadingSlash}`). A name CloudFormation generates
 * has no leading slash.
 */
import { Aws, CfnResource, Fn, NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ParameterModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { placeInStacks } from './placement';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { literal, StackValue, valueName } from './values';

const PARAMETER = resourceSpec('parameter');

/** The ARN of a parameter named `name` (a literal name or a reference to one without a leading slash). */
export function parameterArn(name: string, literalName: boolean): string {
  const path = literalName && name.startsWith('/') ? name : `/${name}`;
  return Fn.join('', ['arn:', Aws.PARTITION, ':ssm:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':parameter', path]);
}

export class Parameters implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly resources = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<ParameterModel, NestedStack>;
  private readonly models: Map<string, ParameterModel>;
  /** Each value built once (a new `Fn::Join` token would be a second, different output). */
  private readonly values = new Map<string, StackValue>();

  constructor(scope: Construct, props: ResourceConstructProps<'parameter'>) {
    this.models = new Map(props.resources.map((p) => [p.name, p]));
    const created = props.resources.filter((p) => !p.existing);
    const placed = placeInStacks(
      scope,
      'Parameters',
      'SSM parameters',
      created.map((p) => ({ key: p.name, items: [p], footprint: { resources: 1, outputs: 3, parameters: 0 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const parameter of created) {
      const p = parameter.properties;
      const resource = new CfnResource(this.stackOf.get(parameter)!, `${PARAMETER.idPrefix}${parameter.logicalId}`, {
        type: 'AWS::SSM::Parameter',
        properties: {
          ...p,
          Value: parameter.value ?? '',
          // AWS::SSM::Parameter takes Tags as a mapping.
          Tags: { 'composex:project': props.model.projectName, 'composex:parameter': parameter.name, ...((p.Tags as Record<string, string> | undefined) ?? {}) },
        },
      });
      recordRawProperties(this.rawProperties, resource, [PARAMETER.key, parameter.name, 'Properties'], p);
      this.resources.set(parameter.name, resource);
    }
  }

  /** A parameter attribute (`Name`, `Arn`, `Type`) valid in the root. */
  value(name: string, attribute: string): StackValue {
    const key = `${name}\0${attribute}`;
    if (!this.values.has(key)) this.values.set(key, this.build(name, attribute));
    return this.values.get(key)!;
  }

  private build(name: string, attribute: string): StackValue {
    const parameter = this.models.get(name);
    if (!parameter) throw new Error(`internal: unknown parameter '${name}'`);
    const outputName = valueName(PARAMETER.idPrefix, parameter.logicalId, attribute);
    if (parameter.existing) {
      if (attribute === 'Arn') {
        return parameter.existingArn ? literal(outputName, parameter.existingArn) : { name: outputName, value: parameterArn(parameter.parameterName!, true), literal: parameterArn(parameter.parameterName!, true) };
      }
      if (attribute === 'Name') return literal(outputName, parameter.parameterName!);
      throw new Error(`internal: ${attribute} of looked-up parameter '${name}' is not known`);
    }
    const resource = this.resources.get(name)!;
    const inStack =
      attribute === 'Name'
        ? resource.ref
        : attribute === 'Arn'
          ? parameterArn(parameter.parameterName ?? resource.ref, parameter.parameterName !== undefined)
          : resource.getAtt(attribute).toString();
    return { name: outputName, value: exportValue(this.stackOf.get(parameter)!, outputName, inStack) };
  }
}
