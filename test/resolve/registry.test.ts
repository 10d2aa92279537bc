/**
 * The resource-kind registry is consistent: keys and logical-ID prefixes are unique, every
 * CloudFormation type a kind takes raw `Properties` for has its property names (regenerate
 * src/resolve/resources/cfn-properties.ts with scripts/cfn-properties.js), and every kind is built,
 * each after the kinds it reads.
 */
import { constructionOrder, RESOURCE_CONSTRUCTS } from '../../src/aws/resources/registry';
import { CFN_PROPERTIES } from '../../src/resolve/resources/cfn-properties';
import { noResources, RESOURCE_KINDS, RESOURCE_SPECS } from '../../src/resolve/resources/registry';

const specs = RESOURCE_KINDS.map((kind) => RESOURCE_SPECS[kind]);

test('each spec is filed under its own kind; keys and logical-ID prefixes are unique', () => {
  for (const kind of RESOURCE_KINDS) expect(RESOURCE_SPECS[kind].kind).toBe(kind);
  const keys = specs.map((s) => s.key);
  expect(keys.every((k) => /^x-[a-z0-9_]+$/.test(k))).toBe(true);
  expect(new Set(keys).size).toBe(keys.length);
  const prefixes = specs.map((s) => s.idPrefix);
  expect(prefixes.every((p) => /^[A-Z][A-Za-z]+$/.test(p))).toBe(true);
  expect(new Set(prefixes).size).toBe(prefixes.length);
});

test('every CloudFormation type of a kind has its property names', () => {
  for (const type of specs.flatMap((s) => s.cfnTypes)) expect({ type, known: (CFN_PROPERTIES[type] ?? []).length > 0 }).toEqual({ type, known: true });
});

test('levels grant explicit actions only; the main attribute is a return value', () => {
  for (const spec of specs) {
    const levels = [...Object.values(spec.access.levels), ...Object.values(spec.access.keyed ?? {}).flatMap((t) => Object.values(t))];
    for (const level of levels) for (const action of [...level.actions, ...level.kmsActions]) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    // A level scoped to parts of the resource grants, in all, exactly its listed actions.
    for (const level of levels) if (level.on) expect([...new Set(Object.values(level.on).flat())].sort()).toEqual([...level.actions]);
    if (spec.values.main !== undefined) expect(spec.values.returnValues).toContain(spec.values.main);
    for (const target of Object.values(spec.values.aliases)) expect(spec.values.returnValues).toContain(target);
  }
});

test('every kind is built, after the kinds it reads', () => {
  const order = constructionOrder();
  expect([...order].sort()).toEqual([...RESOURCE_KINDS].sort());
  for (const kind of RESOURCE_KINDS) {
    for (const read of RESOURCE_CONSTRUCTS[kind].reads ?? []) expect(order.indexOf(read)).toBeLessThan(order.indexOf(kind));
  }
  // The order of the nested stacks in the root template: changing it changes every template.
  expect(order).toEqual(['topic', 'key', 'queue', 'database', 'bucket', 'table', 'parameter', 'stream', 'cache', 'workspace', 'profilingGroup', 'docdb', 'userPool', 'opensearch', 'deliveryStream', 'neptune', 'webAcl']);
});

test('noResources has an empty list for every kind', () => {
  expect(noResources()).toEqual(Object.fromEntries(RESOURCE_KINDS.map((k) => [k, []])));
});
