/**
 * A value of an x- resource as a consumer stack receives it: either an output of the resource's
 * stack passed down as a parameter (`name`, `value` valid in the root), or a literal known at
 * render time (a looked-up resource's ARN), which is written in place.
 */
import type { NestedStack, Stack } from 'aws-cdk-lib';
import { importSecretArn, importString } from '../stack-io';

export interface StackValue {
  /** Output / parameter name (`QueueJobsUrl`). */
  readonly name: string;
  /** Valid in the root (for non-literal values). */
  readonly value: string;
  /** Set when the value is known at render time. */
  readonly literal?: string;
}

export function literal(name: string, value: string): StackValue {
  return { name, value, literal: value };
}

/** `Queue` + `Jobs` + `Endpoint.Address` → `QueueJobsEndpointAddress`. */
export function valueName(prefix: string, logicalId: string, attribute: string): string {
  return `${prefix}${logicalId}${attribute.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** The value inside `consumer`: a literal as is, else a parameter (NoEcho for secret ARNs). */
export function valueIn(consumer: NestedStack, value: StackValue, root: Stack, secret = false): string {
  if (value.literal !== undefined) return value.literal;
  return secret ? importSecretArn(consumer, value.name, value.value, root) : importString(consumer, value.name, value.value, root);
}

/** Parts of an ARN already validated by the resolve stage. */
export function arnParts(arn: string): { partition: string; region: string; account: string; resource: string } {
  const [, partition, , region, account, ...rest] = arn.split(':');
  return { partition, region, account, resource: rest.join(':') };
}
