/**
 * Which services run together in one task: the `ecs.task.family` label under `deploy.labels`
 * (comma-separated, a service belongs to every family it lists), by default one family per
 * service, named after it.
 */
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';

export const FAMILY_LABEL = 'ecs.task.family';

/** ECS task definition family: letters, digits, hyphens and underscores, at most 255. */
const FAMILY_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export interface Membership {
  /** Service → its families, sorted. Empty when every name it gave was invalid. */
  readonly familiesOf: ReadonlyMap<string, readonly string[]>;
  /** Family → its services, sorted; families sorted by name. */
  readonly servicesOf: ReadonlyMap<string, readonly string[]>;
}

export function assignFamilies(ctx: ResolveContext): Membership {
  const familiesOf = new Map<string, string[]>();
  const members = new Map<string, Set<string>>();
  for (const name of ctx.serviceNames) {
    const service = ctx.project.services[name];
    const label = service.deploy?.labels?.[FAMILY_LABEL];
    const misplaced = service.labels?.[FAMILY_LABEL];
    if (label === undefined && misplaced !== undefined) {
      ctx.warning(
        CODES.FAMILY_LABEL_MISPLACED,
        `service '${name}' sets '${FAMILY_LABEL}' under labels, which only labels the container; the service keeps its own family`,
        ['services', name, 'labels', FAMILY_LABEL],
        `move it under deploy.labels to group services into one task`,
        'key',
      );
    }
    const families: string[] = [];
    if (label === undefined) {
      if (FAMILY_NAME.test(name)) families.push(name);
      else
        ctx.error(
          CODES.INVALID_FAMILY_NAME,
          `service name '${name}' cannot be used as an ECS task family name (letters, digits, '-' and '_' only, at most 255)`,
          ['services', name],
          `set deploy.labels.${FAMILY_LABEL} to a valid family name for this service`,
          'key',
        );
    } else {
      const path = ['services', name, 'deploy', 'labels', FAMILY_LABEL];
      for (const raw of String(label).split(',')) {
        const family = raw.trim();
        if (FAMILY_NAME.test(family)) {
          if (!families.includes(family)) families.push(family);
        } else {
          ctx.error(
            CODES.INVALID_FAMILY_NAME,
            `'${family}' is not a valid ECS task family name (letters, digits, '-' and '_' only, 1 to 255 characters)`,
            path,
            `write ${FAMILY_LABEL} as a comma-separated list of names such as "backend,jobs"`,
          );
        }
      }
    }
    families.sort(compareStrings);
    familiesOf.set(name, families);
    for (const family of families) members.set(family, (members.get(family) ?? new Set()).add(name));
  }
  const servicesOf = new Map<string, string[]>();
  for (const family of [...members.keys()].sort(compareStrings)) {
    servicesOf.set(family, [...members.get(family)!].sort(compareStrings));
  }
  return { familiesOf, servicesOf };
}

/** Families of a service, or an empty list for an unknown name. */
export function familiesOf(membership: Membership, service: string): readonly string[] {
  return membership.familiesOf.get(service) ?? [];
}
