/**
 * Explicit values between nested stacks.
 *
 * CDK would wire a reference from one nested stack to another by itself, with an output in the
 * producer and a parameter in the consumer named after a hash of the construct path. We do it by
 * hand so that (1) names are readable and stable (`ApiSecurityGroupId`), and (2) every stack's
 * parameters and outputs are exactly the ones it needs, which lets us count them against the
 * CloudFormation limits (200 parameters, 200 outputs per template) when we shard.
 *
 * Convention: a value "in the root" is a string valid in the stack that holds the composex nested
 * stacks (the root stack of `composex render`, or the user's stack for the CDK construct).
 */
import { CfnOutput, CfnParameter, type CfnParameterProps, NestedStack, Stack, Token } from 'aws-cdk-lib';

/**
 * Exposes `value` (valid inside `producer`) as an output of `producer`, and returns the
 * `Fn::GetAtt [Producer, Outputs.<name>]` that reads it in the producer's parent. Idempotent.
 */
export function exportValue(producer: NestedStack, name: string, value: string): string {
  const existing = producer.node.tryFindChild(name);
  if (existing === undefined) {
    new CfnOutput(producer, name, { value });
  } else if (!(existing instanceof CfnOutput) || existing.value !== value) {
    throw new Error(`internal: output '${name}' of ${producer.node.path} declared twice with different values`);
  }
  return Token.asString(producer.nestedStackResource!.getAtt(`Outputs.${name}`));
}

/**
 * `value` (valid inside `producer`) as a value valid in `root`: an output of `producer`, passed up
 * through an output of the same name in every stack between (a family in a group stack).
 */
export function exportToRoot(producer: NestedStack, name: string, value: string, root: Stack): string {
  const inParent = exportValue(producer, name, value);
  const parent = producer.nestedStackParent;
  if (parent === root) return inParent;
  if (parent === undefined || !NestedStack.isNestedStack(parent)) throw new Error(`internal: ${producer.node.path} is not below ${root.node.path}`);
  return exportToRoot(parent, name, inParent, root);
}

export type ParameterType = 'String' | 'CommaDelimitedList' | 'List<AWS::EC2::Subnet::Id>';

/**
 * Declares parameter `name` of `consumer`, set from `valueInRoot`. When `consumer` is nested
 * deeper than one level (families in a group stack), the value is passed down through a String
 * parameter of the same name in every intermediate stack. Idempotent per (stack, name).
 * Returns the parameter, whose `valueAsString` / `valueAsList` is valid inside `consumer`.
 */
export function importValue(
  consumer: NestedStack,
  name: string,
  valueInRoot: string,
  root: Stack,
  type: ParameterType = 'String',
  options: { readonly noEcho?: boolean } = {},
): CfnParameter {
  const parent = consumer.nestedStackParent;
  if (parent === undefined) throw new Error(`internal: ${consumer.node.path} has no parent stack`);
  let valueInParent: string;
  if (parent === root) {
    valueInParent = valueInRoot;
  } else if (NestedStack.isNestedStack(parent)) {
    valueInParent = importValue(parent, name, valueInRoot, root, 'String', options).valueAsString;
  } else {
    throw new Error(`internal: ${consumer.node.path} is not below ${root.node.path}`);
  }
  const existing = consumer.node.tryFindChild(name);
  if (existing instanceof CfnParameter) return existing;
  if (existing !== undefined) throw new Error(`internal: '${name}' in ${consumer.node.path} is not a parameter`);
  const parameter = new CfnParameter(consumer, name, { type, ...(options.noEcho ? { noEcho: true } : {}) });
  consumer.setParameter(name, valueInParent);
  return parameter;
}

/**
 * Parameter `name` of the root stack (its logical id too), which the user gives at deploy time.
 * Idempotent per name.
 */
export function rootParameter(root: Stack, name: string, props: CfnParameterProps): CfnParameter {
  const existing = root.node.tryFindChild(name);
  if (existing instanceof CfnParameter) return existing;
  const parameter = new CfnParameter(root, name, props);
  parameter.overrideLogicalId(name);
  return parameter;
}

/** A string value inside `consumer` (see `importValue`). */
export function importString(consumer: NestedStack, name: string, valueInRoot: string, root: Stack): string {
  return importValue(consumer, name, valueInRoot, root).valueAsString;
}

/**
 * A secret's ARN inside `consumer`. The ARN is not sensitive, but the parameter is `NoEcho` anyway:
 * parameter names follow secret names (`SecretDbPasswordArn`), and validators rightly flag a
 * visible parameter named like a password.
 */
export function importSecretArn(consumer: NestedStack, name: string, valueInRoot: string, root: Stack): string {
  return importValue(consumer, name, valueInRoot, root, 'String', { noEcho: true }).valueAsString;
}

/** A comma-separated list (e.g. subnet ids joined with `,`) as a list inside `consumer`. */
export function importList(consumer: NestedStack, name: string, joinedInRoot: string, root: Stack): string[] {
  return importValue(consumer, name, joinedInRoot, root, 'CommaDelimitedList').valueAsList;
}

/** Gives a nested stack the logical ID `id` in its parent (instead of a path hash). */
export function setStackLogicalId(stack: NestedStack, id: string): void {
  stack.nestedStackResource!.overrideLogicalId(id);
}

/** Number of parameters, outputs and resources a stack holds (for the limit checks). */
export function countElements(stack: Stack): { parameters: number; outputs: number; resources: number } {
  let parameters = 0;
  let outputs = 0;
  let resources = 0;
  for (const c of stack.node.findAll()) {
    if (Stack.of(c) !== stack) continue;
    if (c instanceof CfnParameter) parameters++;
    else if (c instanceof CfnOutput) outputs++;
    else if ((c as { cfnResourceType?: string }).cfnResourceType !== undefined) resources++;
  }
  return { parameters, outputs, resources };
}
