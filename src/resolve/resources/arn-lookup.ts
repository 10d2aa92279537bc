/**
 * `Lookup: {Arn: <ARN>}` for the kinds whose existing resources composex takes by ARN only (no AWS
 * call at render time, and no `composex lookup` client for them): the ARN checked against the
 * kind's pattern; a `Lookup` by anything else (ECS ComposeX's `Tags`) refused with `code`, saying
 * how to find the ARN; `Properties` / `MacroParameters` beside it refused (an existing resource is
 * used as it is).
 */
import type { Code } from '../codes';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { checkKeys, readString } from '../readers';
import type { ResourceEntry } from './common';

export interface ArnLookup {
  /** `Prometheus workspace`, `Firehose delivery stream`. */
  readonly what: string;
  /** `Prometheus workspaces`. */
  readonly plural: string;
  /** `workspace`, `delivery stream`. */
  readonly noun: string;
  readonly pattern: RegExp;
  readonly example: string;
  /** The code of a `Lookup` without `Arn`. */
  readonly code: Code;
  /** Why it cannot be found otherwise: `would need AWS calls at render time`. */
  readonly why: string;
  /** Where the user finds the ARN: `AWS console, or aws amp list-workspaces`. */
  readonly findIt: string;
}

export function readArnLookup(ctx: ResolveContext, entry: ResourceEntry, spec: ArnLookup): string | undefined {
  const path = [...entry.path, 'Lookup'];
  const lookup = entry.lookup!;
  for (const part of ['Properties', 'MacroParameters'] as const) {
    if (Object.keys(part === 'Properties' ? entry.properties : entry.macro).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${part}`, [...entry.path, part], `an existing ${spec.noun} is used as it is: remove them, or remove Lookup to create a new ${spec.noun}`, 'key');
    }
  }
  if (lookup.Arn === undefined) {
    ctx.error(
      spec.code,
      `composex does not look up ${spec.plural} by ${Object.keys(lookup).join(' and ') || 'nothing'}: finding '${entry.name}' ${spec.why}`,
      path,
      `give the ${spec.noun}'s ARN (${spec.findIt}): Lookup: {Arn: ${spec.example}}`,
      'key',
    );
    return undefined;
  }
  checkKeys(ctx, lookup, path, ['Arn']);
  const arn = readString(ctx, lookup.Arn, [...path, 'Arn'], spec.example);
  if (arn !== undefined && !spec.pattern.test(arn)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of a ${spec.what}`, [...path, 'Arn'], `a ${spec.noun} ARN looks like ${spec.example}`);
    return undefined;
  }
  return arn;
}
