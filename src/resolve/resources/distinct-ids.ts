/**
 * Logical ids of the x- resources of one kind never meet. Every id generate writes for a resource
 * is `<idPrefix><Id>` followed by a suffix (`Policy`, `Alias`, `SecurityGroup`, an output's
 * attribute `Arn`, …), so a resource whose id extends another's can meet one of the other's:
 * bucket `foo` has a bucket policy `BucketFooPolicy`, and so is bucket `foo-policy`. Two equal ids
 * are two resources CloudFormation cannot tell apart, and two constructs CDK refuses. The suffixes
 * of each kind are data, its spec's `idSuffixes` beside the attributes of `values`;
 * test/render/resource-ids.test.ts checks them against every id the templates hold.
 *
 * When the ids of two resources meet, the one with the longer id (then the later name) takes the
 * hash of its name, as `logicalIds` does for names with one PascalCase form; every other id stays
 * as it was, so a project without such a pair keeps its ids.
 */
import type { ResourceKind, ResourceModels, ResourcesByKind } from '../model';
import { nameHash } from '../names';
import type { ResourceKindSpec } from './spec';

/** The attributes a resource hands its consumers, as output and parameter names (src/aws/resources/values.ts `valueName`). */
export function valueSuffixes(spec: Pick<ResourceKindSpec<ResourceKind>, 'values'>): string[] {
  const { main, returnValues, aliases } = spec.values;
  return [...new Set([...(main ? [main] : []), ...returnValues, ...Object.values(aliases)].map((a) => a.replace(/[^A-Za-z0-9]/g, '')))];
}

/**
 * `resources` with ids that never meet: shorter ids first; a resource whose ids (its id with each of
 * `suffixesOf(resource)`, `''` among them) meet those of one before it takes `<Id><hash of its name>`.
 */
export function distinctIds<T extends { readonly name: string; readonly logicalId: string }>(resources: readonly T[], suffixesOf: (resource: T) => readonly string[]): T[] {
  const order = [...resources].sort((a, b) => a.logicalId.length - b.logicalId.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const taken = new Set<string>();
  const renamed = new Map<string, string>();
  for (const resource of order) {
    const suffixes = ['', ...suffixesOf(resource)];
    const ids = (candidate: string) => suffixes.map((s) => `${candidate}${s}`);
    let id = resource.logicalId;
    for (let length = 8; ids(id).some((x) => taken.has(x)); length++) id = `${resource.logicalId}${nameHash(resource.name, length)}`;
    for (const x of ids(id)) taken.add(x);
    if (id !== resource.logicalId) renamed.set(resource.name, id);
  }
  return resources.map((r) => (renamed.has(r.name) ? { ...r, logicalId: renamed.get(r.name)! } : r));
}

/** Every kind's resources with distinct ids (`kinds` in the order to settle them: a kind whose suffixes name another's ids after it). */
export function withDistinctIds(
  all: ResourcesByKind,
  kinds: readonly ResourceKind[],
  specOf: <K extends ResourceKind>(kind: K) => ResourceKindSpec<K>,
): ResourcesByKind {
  const out = { ...all } as Record<ResourceKind, readonly unknown[]>;
  const settle = <K extends ResourceKind>(kind: K) => {
    const spec = specOf(kind);
    const values = valueSuffixes(spec as unknown as ResourceKindSpec<ResourceKind>);
    out[kind] = distinctIds(out[kind] as readonly ResourceModels[K][], (r) => [...values, ...(spec.idSuffixes?.(r, out as unknown as ResourcesByKind) ?? [])]);
  };
  for (const kind of kinds) settle(kind);
  return out as unknown as ResourcesByKind;
}
