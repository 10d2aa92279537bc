/**
 * ECS ComposeX's FireLens use case (use-cases/firelens/advanced_firehose/), over
 * use-cases/blog.features.yml. composex adds no FireLens log router, so the file is refused where
 * its meaning would be lost: web's `x-logging.FireLens.Advanced` (a Fluent Bit configuration file
 * and a Firehose output, CX3950) and web2's awsfirelens driver to a delivery stream (CX1301); and
 * for two lookups: the delivery stream found by Tags (CX3890: give its Arn) and the x-kms key
 * without a lock (CX3680: run `composex lookup`). Its x-cluster `Lookup` (an existing cluster by
 * name) is accepted. What keeps its meaning is warned about at the place: web's awsfirelens to
 * CloudWatch (CX1302), random-logs' ReplaceAwsLogs (CX3951), web's EXTERNAL compute platform (CX3952).
 */
import { at, BASE, compile, located } from './fixture-helpers';

const FILE = 'use-cases/firelens/advanced_firehose/test_advanced_firehose.yaml';

test('as published: refused for FireLens (CX3950, CX1301) and two lookups (CX3890, CX3680); warned where the logs still reach CloudWatch', () => {
  const { model, diagnostics } = compile([BASE, FILE]);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error', FILE).sort()).toEqual(
    [at('CX3950', FILE, 'Advanced'), at('CX1301', FILE, 'driver', 3), at('CX3890', FILE, 'Lookup:', 1, '    '), at('CX3680', FILE, 'Lookup:', 2, '    ')].sort(),
  );
  expect(located(diagnostics, 'error', (f) => f !== FILE)).toEqual([]);
  const warnings = located(diagnostics, 'warning', FILE);
  expect(warnings).toEqual(expect.arrayContaining([at('CX1302', FILE, 'driver', 1), at('CX3951', FILE, 'ReplaceAwsLogs'), at('CX3952', FILE, 'EXTERNAL')]));
  expect(warnings.filter((w) => /^CX(1302|3951|3952) /.test(w))).toHaveLength(3);
  // the x-cluster Lookup (by ClusterName) is read: only the capacity providers it must have are warned about
  expect(warnings).toContain(at('CX3307', FILE, 'x-cluster'));
});
