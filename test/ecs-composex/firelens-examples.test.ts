/**
 * ECS ComposeX's FireLens use case (use-cases/firelens/advanced_firehose/), over
 * use-cases/blog.features.yml: refused only for its two lookups, the delivery stream found by Tags
 * (CX3890: give its Arn) and the x-kms key without a lock (CX3680: run `composex lookup`). Its
 * FireLens settings are read (the router: test/aws/firelens-router.test.ts); warned at the place:
 * the Firehose destination's `Parser`, which no Fluent Bit output takes (CX3956), web's EXTERNAL
 * compute platform (CX3952). Its x-cluster `Lookup` (an existing cluster by name) is accepted.
 */
import { at, BASE, compile, located } from './fixture-helpers';

const FILE = 'use-cases/firelens/advanced_firehose/test_advanced_firehose.yaml';

test('as published: refused for its two lookups only (CX3890, CX3680); the FireLens settings are read', () => {
  const { model, diagnostics } = compile([BASE, FILE]);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error', FILE).sort()).toEqual(
    [at('CX3890', FILE, 'Lookup:', 1, '    '), at('CX3680', FILE, 'Lookup:', 2, '    ')].sort(),
  );
  expect(located(diagnostics, 'error', (f) => f !== FILE)).toEqual([]);
  const warnings = located(diagnostics, 'warning', FILE);
  expect(warnings).toEqual(expect.arrayContaining([at('CX3956', FILE, 'Parser'), at('CX3952', FILE, 'EXTERNAL')]));
  expect(warnings.filter((w) => /^CX(1301|1302|395\d) /.test(w)).sort()).toEqual([at('CX3952', FILE, 'EXTERNAL'), at('CX3956', FILE, 'Parser')].sort());
  // the x-cluster Lookup (by ClusterName) is read: only the capacity providers it must have are warned about
  expect(warnings).toContain(at('CX3307', FILE, 'x-cluster'));
});
