/**
 * ECS ComposeX lets a family name stand where a service name is expected: `depends_on:
 * [bignicefamily]` waits for every service of that family (a family is the value of a service's
 * `deploy.labels.ecs.task.family`, a comma-separated list). Before the cross-reference checks, a
 * `depends_on` entry that names no service but a family becomes one entry per service of that
 * family (the service itself left out), with the same condition, at the place the family name is
 * written. A service name wins over a family of the same name.
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
  for (const [name, service] of Object.entries(project.services)) {
    const entries = Object.entries(service.depends_on);
    if (!entries.some(([dep]) => !(dep in project.services) && members.has(dep))) continue;
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
        expanded[member] = { ...config };
        project.sourceMap.alias(where, [...at, member]);
      }
    });
    service.depends_on = expanded;
  }
}
