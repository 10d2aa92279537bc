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
import { Diagnostic, warning } from '../diagnostics';
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

/** A `depends_on` entry that orders no start (ECS ComposeX's meaning), kept as a call. */
export interface UnorderedDependency {
  readonly service: string;
  readonly dependency: string;
}

export interface FamilyDependencies {
  readonly diagnostics: Diagnostic[];
  /** Entries read as ECS ComposeX reads them where they would close a start cycle (CX1425). */
  readonly unordered: UnorderedDependency[];
}

export function expandFamilyDependencies(project: ComposeProject): FamilyDependencies {
  const members = familyMembers(project);
  if (members.size === 0) return { diagnostics: [], unordered: [] };
  const familiesOf = (service: string): string[] => {
    const of = [...members].filter(([, list]) => list.includes(service)).map(([family]) => family);
    return of.length > 0 ? of : [service];
  };
  /** `service\0member` → the family name written, for the entries a family name stands for. */
  const fromFamily = new Map<string, string>();
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
        fromFamily.set(`${name}\0${member}`, dep);
        project.sourceMap.alias(where, [...at, member]);
      }
    });
    service.depends_on = expanded;
  }
  return fromFamily.size === 0 ? { diagnostics: [], unordered: [] } : unorderedInCycles(project, members, familiesOf, fromFamily);
}

/**
 * ECS ComposeX orders families only by the depends_on entries that name a family
 * (`handle_families_dependencies`, in ecs_composex/ecs/ecs_stack.py and the modules that followed
 * it: an entry that is no family's name is skipped, and a family never waits for itself); inside one task, entries order
 * containers. So an entry naming a service of another family whose name differs from the
 * service's (`rproxy` depending on `app02` of `youtoo`) orders no start there. composex orders
 * by it, which is a superset, until it closes a start cycle with an entry a family name stands
 * for (use-cases/dynamodb/table.yml moves `rproxy` to `bignicefamily` only, whose name `app02`
 * depends on): then the entry is read as ECS ComposeX reads it, a call that orders no start
 * (access is kept), with a warning at it (CX1425). A cycle without such an entry stays CX1411.
 */
function unorderedInCycles(
  project: ComposeProject,
  members: ReadonlyMap<string, readonly string[]>,
  familiesOf: (service: string) => string[],
  fromFamily: ReadonlyMap<string, string>,
): FamilyDependencies {
  const graph = new Map<string, string[]>();
  for (const [name, service] of Object.entries(project.services)) {
    graph.set(name, Object.keys(service.depends_on).filter((dep) => dep !== name && Object.prototype.hasOwnProperty.call(project.services, dep)));
  }
  const reverse = new Map<string, string[]>([...graph.keys()].map((n) => [n, []]));
  for (const [from, deps] of graph) for (const to of deps) reverse.get(to)!.push(from);
  const familyEdges = [...fromFamily.keys()].map((key) => key.split('\0') as [string, string]);
  const diagnostics: Diagnostic[] = [];
  const unordered: UnorderedDependency[] = [];
  for (const [name, service] of Object.entries(project.services).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    Object.entries(service.depends_on).forEach(([dep, config], index) => {
      if (fromFamily.has(`${name}\0${dep}`) || !(dep in project.services) || dep === name) return;
      if (config.condition === 'service_completed_successfully') return;
      // Ordered in ECS ComposeX too: `dep` is a family's name (its own, unlabelled), or runs beside `name`.
      const depFamilies = familiesOf(dep);
      if (depFamilies.includes(dep) || members.has(dep) || depFamilies.some((f) => familiesOf(name).includes(f))) return;
      const fromDep = reachable(graph, dep);
      const toName = reachable(reverse, name);
      const through = familyEdges.find(([a, b]) => fromDep.has(a) && toName.has(b));
      if (!through) return;
      const family = fromFamily.get(`${through[0]}\0${through[1]}`)!;
      unordered.push({ service: name, dependency: dep });
      diagnostics.push(
        warning(
          'CX1425',
          `'${name}' depends on '${dep}', which runs in ${depFamilies.length > 1 ? 'families' : 'family'} ${depFamilies.map((f) => `'${f}'`).join(', ')}, and '${through[0]}' depends on family '${family}', which holds '${through[1]}': waiting both ways is a start cycle. ECS ComposeX orders families only by the family names depends_on lists, so it ignores this entry for the start order; composex reads it the same way: '${name}' may call '${dep}' (access is kept) but does not wait for it, and its tasks started before the family of '${dep}' exists may not resolve '${dep}' until they are replaced`,
          project.sourceMap.entry(['services', name, 'depends_on'], dep, index),
          `to keep '${name}' waiting for '${dep}', put both in one family (containers of a task may wait for each other); otherwise remove '${dep}' from the depends_on of '${name}' (links: [${dep}] declares the call and orders starts only where it can)`,
        ),
      );
    });
  }
  return { diagnostics, unordered };
}

/** `from` and every service reachable from it along `graph`. */
function reachable(graph: ReadonlyMap<string, readonly string[]>, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
