import type { Family } from '../resolve/model';

/** `deploy.labels` other than `ecs.task.family` tag the ECS service (sorted; the first service of the family wins a key). */
export function serviceTags(family: Family): { key: string; value: string }[] {
  const tags = new Map<string, string>();
  for (const s of family.services) {
    for (const [key, value] of Object.entries(s.deploy?.labels ?? {})) {
      if (key !== 'ecs.task.family' && !tags.has(key)) tags.set(key, String(value));
    }
  }
  return [...tags.keys()].sort().map((key) => ({ key, value: tags.get(key)! }));
}
