/**
 * ECS ComposeX's published files not evaluated before, each compiled as its tests use it:
 * `use-cases/blog-all-features-with-compute.yml` and `use-cases/blog.with_mesh.yml` alone
 * (tests/features/features/compute.feature, appmesh.feature at ECS ComposeX's first releases),
 * `use-cases/blog-with-mesh.yml` (an override with no images, named by no feature file) over
 * `use-cases/blog.features.yml`. Every error is pinned at its file:line:column; docs/migration.md
 * ("Other published examples") says why. `use-cases/events/mixed_legacy.yml` (events.feature) is not
 * in the store this was written from, so it is not here.
 */
import { at, BASE, compile, located } from './fixture-helpers';

const U = 'use-cases';
const COMPUTE = `${U}/blog-all-features-with-compute.yml`;
const WITH_MESH = `${U}/blog.with_mesh.yml`;
const MESH_OVERRIDE = `${U}/blog-with-mesh.yml`;

/** Refused, and where: [files as combined, every located error]. */
const REFUSED: readonly (readonly [readonly string[], readonly string[]])[] = [
  // x-configs (ECS ComposeX's first releases, CX1430): at the top level and on rproxy and app
  [[COMPUTE], [at('CX1430', COMPUTE, 'x-configs:'), at('CX1430', COMPUTE, 'x-configs:', 2), at('CX1430', COMPUTE, 'x-configs:', 3)]],
  // x-configs on each service; x-appmesh (App Mesh is discontinued by AWS)
  [[WITH_MESH], [1, 2, 3, 4].map((n) => at('CX1430', WITH_MESH, 'x-configs:', n)).concat(at('CX1430', WITH_MESH, 'x-appmesh:'))],
  // app03's x-configs; x-appmesh; x-dns.PublicNamespace (ECS ComposeX's x-dns schema refuses it)
  [[BASE, MESH_OVERRIDE], [at('CX1430', MESH_OVERRIDE, 'x-configs:'), at('CX1430', MESH_OVERRIDE, 'x-appmesh:'), at('CX3266', MESH_OVERRIDE, 'PublicNamespace:')]],
];

describe.each(REFUSED)('%j is refused', (files, errors) => {
  test('at every place', () => {
    expect(located(compile(files).diagnostics)).toEqual(errors);
  });
});

test("blog-all-features-with-compute.yml's x-sns.Topics (the older form) is read, with a warning", () => {
  expect(located(compile([COMPUTE]).diagnostics, 'warning', COMPUTE)).toContain(at('CX3358', COMPUTE, 'Topics:'));
});
