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
import { closest, Diagnostic, warning } from '../diagnostics';
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
  const vanished = dropVanishedFamilies(project, members);
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
  const cycles = fromFamily.size === 0 ? { diagnostics: [], unordered: [] } : unorderedInCycles(project, members, familiesOf, fromFamily);
  const families = unorderedInFamilyCycles(project, members, familiesOf, new Set([...fromFamily.keys(), ...cycles.unordered.map((u) => `${u.service}\0${u.dependency}`)]));
  return { diagnostics: [...vanished, ...cycles.diagnostics, ...families.diagnostics], unordered: [...cycles.unordered, ...families.unordered] };
}

/** Whether ECS ComposeX orders starts by `name`'s entry `dep`: `dep` names a family, or runs beside `name`. */
function orderedByEcsComposex(name: string, dep: string, members: ReadonlyMap<string, readonly string[]>, familiesOf: (service: string) => string[]): boolean {
  const depFamilies = familiesOf(dep);
  return depFamilies.includes(dep) || members.has(dep) || depFamilies.some((f) => familiesOf(name).includes(f));
}

/**
 * The families' start order can have a cycle that no service-level path closes: with
 * `use-cases/efs/simple_efs.yml` over `blog.features.yml`, `app02` (family `youtoo`) depends on
 * `app01`, now of family `together`, and `rproxy` (`together`) depends on `app02`. ECS ComposeX
 * orders by neither entry (neither names a family), so it deploys; composex orders by both, and the
 * families would wait for each other (CX3007). Inside such a cycle, each entry ECS ComposeX does
 * not order by is read its way, a call that orders no start (access kept), with a warning at it
 * (CX1428); a cycle that remains (entries ECS ComposeX orders by too) is still CX3007, and a
 * cycle of the services themselves stays Compose's error (CX1411).
 */
function unorderedInFamilyCycles(
  project: ComposeProject,
  members: ReadonlyMap<string, readonly string[]>,
  familiesOf: (service: string) => string[],
  fromFamily: ReadonlySet<string>,
): FamilyDependencies {
  interface Entry { name: string; dep: string; index: number; from: string; to: string }
  const entries: Entry[] = [];
  for (const [name, service] of Object.entries(project.services)) {
    const own = familiesOf(name);
    Object.keys(service.depends_on).forEach((dep, index) => {
      if (dep === name || !(dep in project.services) || fromFamily.has(`${name}\0${dep}`)) return;
      const targets = familiesOf(dep);
      // a caller of several families beside its callee waits for it in that task (resolve/ordering.ts)
      if (own.length > 1 && targets.some((f) => own.includes(f))) return;
      for (const from of own) for (const to of targets) if (!targets.includes(from)) entries.push({ name, dep, index, from, to });
    });
  }
  const after = new Map<string, Set<string>>();
  for (const { from, to } of entries) after.set(from, (after.get(from) ?? new Set()).add(to));
  // a cycle of services themselves stays Compose's error (CX1411)
  const services = new Map(Object.entries(project.services).map(([name, service]) => [name, Object.keys(service.depends_on).filter((dep) => dep in project.services)]));
  const inCycle = (from: string, to: string): boolean => reachable(after, to).has(from);
  const diagnostics: Diagnostic[] = [];
  const unordered: UnorderedDependency[] = [];
  const seen = new Set<string>();
  for (const { name, dep, index, from, to } of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index))) {
    const key = `${name}\0${dep}`;
    if (seen.has(key) || !inCycle(from, to) || reachable(services, dep).has(name)) continue;
    if (project.services[name].depends_on[dep].condition === 'service_completed_successfully' || orderedByEcsComposex(name, dep, members, familiesOf)) continue;
    seen.add(key);
    unordered.push({ service: name, dependency: dep });
    const back = entries.find((e) => e.name !== name && reachable(after, to).has(e.from) && reachable(after, e.to).has(from));
    diagnostics.push(
      warning(
        'CX1428',
        `'${name}' (family '${from}') depends on '${dep}' (family '${to}')${back ? `, and '${back.name}' (family '${back.from}') depends on '${back.dep}' (family '${back.to}')` : ''}: the families would wait for each other to start. ECS ComposeX orders families only by the family names depends_on lists, so it ignores this entry for the start order; composex reads it the same way: '${name}' may call '${dep}' (access is kept) but does not wait for it, and its tasks started before the family of '${dep}' exists may not resolve '${dep}' until they are replaced`,
        project.sourceMap.entry(['services', name, 'depends_on'], dep, index),
        `to keep '${name}' waiting for '${dep}', put both in one family (containers of a task may wait for each other); otherwise remove '${dep}' from the depends_on of '${name}' (links: [${dep}] declares the call and orders starts only where it can)`,
      ),
    );
  }
  return { diagnostics, unordered };
}

/**
 * In a project of families, a `depends_on` entry that names neither a service nor a family, nor
 * anything close to one (a typo stays CX1401, with "did you mean"), is a family an override file
 * dissolved: ECS ComposeX's `use-cases/efs/simple_efs.yml` moves every service of `bignicefamily`
 * to other families, over a base file where `app02` depends on `bignicefamily`. ECS ComposeX skips
 * such an entry without a word (it orders families only by the family names depends_on lists);
 * composex removes it too, with a warning at it (CX1427). Compose would refuse it.
 */
function dropVanishedFamilies(project: ComposeProject, members: ReadonlyMap<string, readonly string[]>): Diagnostic[] {
  const names = [...Object.keys(project.services), ...members.keys()];
  const diagnostics: Diagnostic[] = [];
  for (const [name, service] of Object.entries(project.services)) {
    const entries = Object.entries(service.depends_on);
    const vanished = entries.filter(([dep]) => !(dep in project.services) && !members.has(dep) && closest(dep, names) === undefined);
    if (vanished.length === 0) continue;
    entries.forEach(([dep], index) => {
      if (!vanished.some(([v]) => v === dep)) return;
      diagnostics.push(
        warning(
          'CX1427',
          `'${name}' depends on '${dep}', which is neither a service nor a family (an ecs.task.family label) of this project: ECS ComposeX skips such an entry, and composex leaves it out too, so '${name}' waits for nothing there`,
          project.sourceMap.entry(['services', name, 'depends_on'], dep, index),
          `if '${dep}' was a family the override files dissolved, name the services or families '${name}' should wait for; otherwise remove it (Compose refuses a depends_on on an undefined service)`,
        ),
      );
    });
    service.depends_on = Object.fromEntries(entries.filter(([dep]) => !vanished.some(([v]) => v === dep)));
  }
  return diagnostics;
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
      if (orderedByEcsComposex(name, dep, members, familiesOf)) return;
      const depFamilies = familiesOf(dep);
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
function reachable(graph: ReadonlyMap<string, Iterable<string>>, from: string): Set<string> {
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
