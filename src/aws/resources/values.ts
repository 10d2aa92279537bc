/**
 * A value of an x- resource as a consumer stack receives it: either an output of the resource's
 * stack passed down as a parameter (`name`, `value` valid in the root), or a literal known at
 * render time (a looked-up resource's ARN), which is written in place.
 */
import { Fn, type NestedStack, type Stack } from 'aws-cdk-lib';
import { importSecretArn, importString, importValue } from '../stack-io';

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

/** A value a family stack receives: alone as its own parameter, or at `index` of a packed list. */
export interface FamilyValue {
  readonly value: StackValue;
  /** A secret ARN: passed NoEcho. */
  readonly secret: boolean;
  readonly pack?: { readonly name: string; readonly index: number; readonly joined: string; readonly noEcho: boolean };
}

/** Up to this many values, each is its own readable parameter (`QueueJobsUrl`). */
export const UNPACKED_VALUES_MAX = 40;
/** Values per packed parameter: ARNs and URLs stay well under the 4,096-byte parameter value limit. */
export const VALUES_PER_PACK = 32;

/**
 * A family that uses many resources would need a parameter per value, past the 200-parameter
 * limit. Beyond `UNPACKED_VALUES_MAX`, its values travel as comma-separated lists
 * (`ResourceValues1`, …, `CommaDelimitedList` parameters read with `Fn::Select`); ARNs, URLs and
 * names hold no comma. Literal values never need a parameter.
 */
export function packValues<K>(values: ReadonlyMap<K, { value: StackValue; secret: boolean }>): Map<K, FamilyValue> {
  const out = new Map<K, FamilyValue>(values);
  const passed = [...values].filter(([, v]) => v.value.literal === undefined);
  const byName = new Map<string, K[]>();
  for (const [key, v] of passed) byName.set(v.value.name, [...(byName.get(v.value.name) ?? []), key]);
  if (byName.size <= UNPACKED_VALUES_MAX) return out;
  const names = [...byName.keys()].sort();
  for (let start = 0, pack = 1; start < names.length; start += VALUES_PER_PACK, pack++) {
    const chunk = names.slice(start, start + VALUES_PER_PACK);
    const first = (name: string) => values.get(byName.get(name)![0])!;
    const joined = Fn.join(',', chunk.map((name) => first(name).value.value));
    const noEcho = chunk.some((name) => first(name).secret);
    chunk.forEach((name, index) => {
      for (const key of byName.get(name)!) {
        out.set(key, { ...values.get(key)!, pack: { name: `ResourceValues${pack}`, index, joined, noEcho } });
      }
    });
  }
  return out;
}

/** A family value inside the family stack. */
export function familyValueIn(consumer: NestedStack, v: FamilyValue, root: Stack): string {
  if (!v.pack) return valueIn(consumer, v.value, root, v.secret);
  const list = importValue(consumer, v.pack.name, v.pack.joined, root, 'CommaDelimitedList', { noEcho: v.pack.noEcho }).valueAsList;
  return Fn.select(v.pack.index, list);
}

/** Names of the parameters a family stack takes for these values. */
export function familyValueParameters(values: Iterable<FamilyValue>): string[] {
  const names = new Set<string>();
  for (const v of values) {
    if (v.pack) names.add(v.pack.name);
    else if (v.value.literal === undefined) names.add(v.value.name);
  }
  return [...names];
}
