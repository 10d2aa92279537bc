/**
 * Raw CloudFormation `Properties` of x- resources are passed through: composex checks their names
 * and the values that would weaken its defaults, and leaves their types to the CloudFormation
 * validator. A validator finding on such a property is the user's mistake, not a composex bug, so
 * it is reported at the property in the compose file (CX5003) instead of in the rendered template.
 */
import type { SourceLocation } from '../diagnostics';
import type { RawPropertyOrigins } from '../aws/resources';
import type { AppModel } from '../resolve/model';

/** Where a validator finding came from: a resource's logical id and `Properties.A.0.B`. */
export interface FindingTarget {
  readonly logicalId: string;
  readonly propertyPath: string;
}

/** A finding on a raw property: where the user wrote it, and how to name it in the message. */
export interface RawProperty {
  readonly location: SourceLocation | undefined;
  /** `DelaySeconds`, `RedrivePolicy.maxReceiveCount`, `Subscription[0].Protocol`, `Tags[].Key`. */
  readonly property: string;
}

/** The raw property a finding is about, or undefined when composex wrote the value. */
export type RawPropertyLocator = (target: FindingTarget) => RawProperty | undefined;

/**
 * Lists composex merges its own entries into (tags first): an index in the template is not the
 * index in the compose file, so findings point at the list itself.
 */
const MERGED_LISTS = new Set(['Tags']);

/**
 * `origins`: the resources built from raw properties, by logical id, as the constructs recorded
 * them (`renderModel(model).rawProperties`).
 */
export function rawPropertyLocator(model: AppModel, origins: RawPropertyOrigins): RawPropertyLocator {
  return ({ logicalId, propertyPath }) => {
    const origin = origins.get(logicalId);
    const [section, key, ...rest] = propertyPath.split('.');
    if (!origin || section !== 'Properties' || key === undefined) return undefined;
    const below = rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const moved = origin.elsewhere?.get(key);
    if (moved) return { location: model.locate([...moved, ...below]), property: key };
    if (!origin.keys.has(key)) return undefined;
    if (MERGED_LISTS.has(key) && typeof below[0] === 'number') {
      return { location: model.locate([...origin.path, key]), property: [`${key}[]`, ...below.slice(1)].join('.') };
    }
    const property = below.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), key);
    return { location: model.locate([...origin.path, key, ...below]), property };
  };
}
