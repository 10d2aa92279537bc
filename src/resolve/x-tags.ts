/**
 * Top-level `x-tags` (ECS ComposeX): tags set on every resource that takes tags. Written as a
 * mapping (`costcentre: lambda`) or as a list of `{Key, Value}`. AWS tag rules (Tagging AWS
 * resources, "Tag naming limits and requirements"): a key of 1–128 characters, a value of 0–256,
 * letters, digits, spaces and `_ . : / = + - @`, and the `aws:` prefix reserved for AWS. composex
 * reserves `composex:` for the tags it sets itself. A key or value AWS would refuse is left out
 * with a warning (CX3360), as ECS ComposeX's x-tags page writes one (`Value: <value>`): the
 * resources are the same, without that tag; every other mistake is an error.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { Anchor, ResolveContext } from './context';
import { checkKeys, isPlainObject } from './readers';

export interface ProjectTag {
  readonly key: string;
  readonly value: string;
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED = [/^aws:/i, /^composex:/i];

export function readProjectTags(ctx: ResolveContext): ProjectTag[] {
  const raw = ctx.project.extensions?.['x-tags'];
  if (raw === undefined || raw === null) return [];
  const root: Path = ['x-tags'];
  const entries: [string, unknown, Path, Anchor, Path][] = [];  // key, value, where the key is written (path, anchor), where the value is
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const at = [...root, i];
      if (!isPlainObject(item) || item.Key === undefined) {
        ctx.error(CODES.INVALID_TAGS, `x-tags[${i}] is not a {Key, Value} entry`, at, 'write - {Key: costcentre, Value: lambda}, or x-tags as a mapping (costcentre: lambda)');
        return;
      }
      checkKeys(ctx, item, at, ['Key', 'Value']);
      entries.push([String(item.Key), item.Value ?? '', [...at, 'Key'], 'value', item.Value === undefined ? [...at, 'Key'] : [...at, 'Value']]);
    });
  } else if (isPlainObject(raw)) {
    for (const [key, value] of Object.entries(raw)) entries.push([key, value, [...root, key], 'key', [...root, key]]);
  } else {
    ctx.error(CODES.INVALID_TAGS, 'x-tags must be a mapping of tag keys to values or a list of {Key, Value}', root, 'write x-tags: {costcentre: lambda}');
    return [];
  }
  const out = new Map<string, ProjectTag>();
  for (const [key, rawValue, at, anchor, valueAt] of entries) {
    if (rawValue !== null && typeof rawValue === 'object') {
      ctx.error(CODES.INVALID_TAGS, `x-tags '${key}' has a value that is not a string`, valueAt, `write ${key}: "<text>"`);
      continue;
    }
    const value = rawValue === null ? '' : String(rawValue);
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      ctx.warning(CODES.TAG_LEFT_OUT, `x-tags key '${key}' is not a tag key AWS accepts, and CloudFormation would fail on the first resource tagged with it: the tag is left out`, at, 'use 1 to 128 of: letters, digits, spaces and _ . : / = + - @', anchor);
      continue;
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) {
      ctx.warning(CODES.TAG_LEFT_OUT, `x-tags '${key}': the value is not a tag value AWS accepts, and CloudFormation would fail on the first resource tagged with it: the tag is left out`, valueAt, 'use at most 256 of: letters, digits, spaces and _ . : / = + - @');
      continue;
    }
    if (RESERVED.some((re) => re.test(key))) {
      ctx.error(CODES.INVALID_TAGS, `x-tags key '${key}' uses a reserved prefix`, at, "rename the tag: 'aws:' is reserved for AWS and 'composex:' for the tags composex sets", anchor);
      continue;
    }
    if (out.has(key)) {
      ctx.error(CODES.INVALID_TAGS, `x-tags key '${key}' is given twice`, at, 'keep one entry per key', anchor);
      continue;
    }
    out.set(key, { key, value });
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
