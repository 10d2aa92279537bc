/**
 * ECS ComposeX lets a family name stand where a service name is expected: `depends_on:
 * [bignicefamily]` waits for every service of that family (a family is the value of a service's
 * `deploy.labels.ecs.task.family`, a comma-separated list). Before the cross-reference checks, a
 * `depends_on` entry that names no service but a family becomes one entry per service of that
 * family (the service itself left out), with the same condition, at the place the family name is
 * written. A service name wins over a family of the same name.
 *
 * Naming another family, a member that is also in a family of the depending service is left out: it runs in the
 * depending service's own task, so waiting for it there would be a container dependency ECS
 * ComposeX does not mean (`depends_on: [bignicefamily]` orders the ECS services of two families),
 * and with a service in two families (its `blog.features.yml`: `rproxy` in `bignicefamily,youtoo`
 * depending on `app02` of `youtoo`) it would make a cycle.
 */
import type { ComposeProject, DependsOnConfig } from './types';

const FAMILY_LABEL = 'ecs.task.family';

/** Family name → its services, in file order, from `deploy.labels.ecs.task.family`. */
export function familyMembers(project: Pick<ComposeProject, 'services'>): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const [name, service] of Object.entries(project.services)) {
    const label = service.deploy?.labels?.[FAMILY_LABEL];
    if (typeof label !== 'string') continue;
    for (const raw of label.split(',')) {
      const family = raw.trim();
      if (family === '') continue;
      const list = members.get(family) ?? [];
      if (!list.includes(name)) list.push(name);
      members.set(family, list);
    }
  }
  return members;
}

export function expandFamilyDependencies(project: ComposeProject): void {
  const members = familyMembers(project);
  if (members.size === 0) return;
  const familiesOf = (service: string): string[] => {
    const of = [...members].filter(([, list]) => list.includes(service)).map(([family]) => family);
    return of.length > 0 ? of : [service];
  };
  for (const [name, service] of Object.entries(project.services)) {
    const entries = Object.entries(service.depends_on);
    if (!entries.some(([dep]) => !(dep in project.services) && members.has(dep))) continue;
    const own = new Set(familiesOf(name));
    const expanded: Record<string, DependsOnConfig> = {};
    entries.forEach(([dep, config], index) => {
      const family = !(dep in project.services) ? members.get(dep) : undefined;
      if (family === undefined) {
        expanded[dep] = config;
        return;
      }
      const at = ['services', name, 'depends_on'];
      const where = project.sourceMap.exact([...at, dep]) ? [...at, dep] : [...at, index];
      for (const member of family) {
        if (member === name || member in expanded) continue;
        if (!own.has(dep) && familiesOf(member).some((f) => own.has(f))) continue;
        expanded[member] = { ...config };
        project.sourceMap.alias(where, [...at, member]);
      }
    });
    service.depends_on = expanded;
  }
}
