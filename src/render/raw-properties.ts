/**
 * Raw CloudFormation `Properties` of x- resources are passed through: composex checks their names
 * and the values that would weaken its defaults, and leaves their types to the CloudFormation
 * validator. A validator finding on such a property is the user's mistake, not a composex bug, so
 * it is reported at the property in the compose file (CX5003) instead of in the rendered template.
 */
import type { ConfigPath as Path, SourceLocation } from '../diagnostics';
import type { AppModel } from '../resolve/model';
import { databaseId, queueId, subscriptionId, topicId } from '../aws/resources/ids';

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

interface RawOrigin {
  /** Compose path of the `Properties` mapping (or the list entry) the values came from. */
  readonly path: Path;
  /** Top-level property names the user wrote. */
  readonly keys: ReadonlySet<string>;
}

/**
 * Lists composex merges its own entries into (tags first): an index in the template is not the
 * index in the compose file, so findings point at the list itself.
 */
const MERGED_LISTS = new Set(['Tags']);

/** Resources built from raw properties, by the logical id the aws stage gives them. */
function rawOrigins(model: AppModel): Map<string, RawOrigin> {
  const out = new Map<string, RawOrigin>();
  const add = (logicalId: string, path: Path, properties: Readonly<Record<string, unknown>>) =>
    out.set(logicalId, { path, keys: new Set(Object.keys(properties)) });
  for (const q of model.queues) if (!q.existingArn) add(queueId(q), ['x-sqs', q.name, 'Properties'], q.properties);
  for (const t of model.topics) {
    if (t.existingArn) continue;
    add(topicId(t), ['x-sns', t.name, 'Properties'], t.properties);
    for (const s of t.subscriptions) {
      const queue = model.queues.find((q) => q.name === s.queue);
      if (queue) add(subscriptionId(queue, t), ['x-sns', t.name, 'Properties', 'Subscription', s.index], s.properties);
    }
  }
  for (const db of model.databases) add(databaseId(db), ['x-rds', db.name, 'Properties'], db.properties);
  return out;
}

export function rawPropertyLocator(model: AppModel): RawPropertyLocator {
  const origins = rawOrigins(model);
  return ({ logicalId, propertyPath }) => {
    const origin = origins.get(logicalId);
    const [section, key, ...rest] = propertyPath.split('.');
    if (!origin || section !== 'Properties' || key === undefined || !origin.keys.has(key)) return undefined;
    const below = rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (MERGED_LISTS.has(key) && typeof below[0] === 'number') {
      return { location: model.locate([...origin.path, key]), property: [`${key}[]`, ...below.slice(1)].join('.') };
    }
    const property = below.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), key);
    return { location: model.locate([...origin.path, key, ...below]), property };
  };
}
