/**
 * ECS ComposeX's x-docdb use cases (test/fixtures/ecs-composex/use-cases/docdb, MPL-2.0, each with
 * its source URL), rendered as ECS ComposeX's own tests combine them: over
 * `use-cases/blog.features.yml`. Each renders unchanged (validator clean), or is refused for its
 * Lookup, or for what composex refuses in it, pinned here; every x-docdb error and warning is pinned
 * at its file:line:column. docs/migration.md ("ECS ComposeX's published examples") says why.
 */
import { resourcesOf } from '../helpers/templates';
import { containerVariables, Tracer } from '../helpers/trace';
import { at, BASE, compile, located as locatedIn, render as renderFixtures, Rendered } from './fixture-helpers';
import type { Diagnostic } from '../../src/diagnostics';

/** `CODE file:line:column` of each diagnostic of `severity` in the x-docdb files (the base file's are published-examples.test.ts's). */
const located = (diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']) => locatedIn(diagnostics, severity, (f) => f.includes('/docdb/'));

function render(file: string): Rendered & { errors: string[] } {
  const result = renderFixtures([BASE, file]);
  return { ...result, warnings: located(result.diagnostics, 'warning'), errors: located(result.diagnostics, 'error') };
}

const CREATE_ONLY = 'use-cases/docdb/create_only.yml';

describe('docdb/create_only.yml: renders unchanged', () => {
  const result = render(CREATE_ONLY);
  const tracer = new Tracer(result.files);

  test("warned: docdbC's tls: disabled (plain text), its DBSubnetGroupName replaced, as in ECS ComposeX", () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([at('CX3825', CREATE_ONLY, 'disabled', 2), at('CX3827', CREATE_ONLY, 'DBSubnetGroupName')]);
  });

  test("three clusters with ECS ComposeX's instances: one db.t3.medium by default, else the Instances listed", () => {
    expect(resourcesOf(result, 'AWS::DocDB::DBCluster').map((c) => c.id)).toEqual(['DocDbDocdbA', 'DocDbDocdbB', 'DocDbDocdbC']);
    expect(resourcesOf(result, 'AWS::DocDB::DBInstance').map((i) => [i.id, i.resource.Properties!.DBInstanceClass])).toEqual([
      ['DocDbDocdbAInstance1', 'db.t3.medium'],
      ['DocDbDocdbBInstance1', 'db.r5.large'],
      ['DocDbDocdbBInstance2', 'db.r5.xlarge'],
      ['DocDbDocdbCInstance1', 'db.r5.large'],
      ['DocDbDocdbCInstance2', 'db.t3.medium'],
    ]);
    const c = resourcesOf(result, 'AWS::DocDB::DBCluster')[2].resource;
    expect(c.Properties).toMatchObject({ EngineVersion: '4.0.0', DeletionProtection: false, StorageEncrypted: true, BackupRetentionPeriod: 7 });
    expect(c).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(resourcesOf(result, 'AWS::DocDB::DBClusterParameterGroup').map((g) => g.resource.Properties)).toEqual([
      expect.objectContaining({ Family: 'docdb4.0', Name: 'sampleParameterGroup', Parameters: { audit_logs: 'disabled', tls: 'disabled', ttl_monitor: 'enabled' } }),
    ]);
  });

  test("app03 gets each cluster's credentials as ECS secrets, DB_HOST for docdbC, and docdbB's identifier in DOCDB_DB_B", () => {
    const vars = containerVariables(tracer, tracer.familyFile('App03'), 'app03').filter((v) => /DOCDB|DB_HOST/.test(v));
    const s = (id: string, key: string) => `AWS::SecretsManager::Secret:DocDb${id}Secret.Ref:${key}::`;
    expect(vars).toEqual(
      [
        ...['HOST', 'PASSWORD', 'PORT', 'USERNAME'].flatMap((k) => [`DOCDB_A_${k}<-${s('DocdbA', k.toLowerCase())}`, `DOCDB_B_${k}<-${s('DocdbB', k.toLowerCase())}`]),
        `DB_HOST<-${s('DocdbC', 'host')}`,
        'DOCDB_DB_B=docdb:docdbB.Ref',
      ].sort(),
    );
  });
});

describe('the other use cases', () => {
  test('create_only_legacy.yml (Access written on each entry) renders, with the same warnings', () => {
    const file = 'use-cases/docdb/create_only_legacy.yml';
    const result = render(file);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([at('CX3825', file, 'disabled', 2), at('CX3827', file, 'DBSubnetGroupName')]);
    expect(resourcesOf(result, 'AWS::DocDB::DBCluster')).toHaveLength(3);
  });

  test('subnets_override.yml renders; Settings.Subnets: AppSubnets is not applied (CX3828)', () => {
    const file = 'use-cases/docdb/subnets_override.yml';
    const result = render(file);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([at('CX3828', file, 'Subnets:'), at('CX3825', file, 'disabled', 2), at('CX3827', file, 'DBSubnetGroupName')]);
    for (const { resource } of resourcesOf(result, 'AWS::DocDB::DBSubnetGroup')) expect(JSON.stringify(resource.Properties!.SubnetIds)).toContain('Private');
  });

  test('create_lookup.yml is refused for its Lookup only (CX3826); EnvNames is read', () => {
    const file = 'use-cases/docdb/create_lookup.yml';
    const { model, diagnostics } = compile([BASE, file]);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([at('CX3826', file, 'Lookup')]);
    expect(located(diagnostics, 'warning')).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error' && !(d.file ?? '').includes('/docdb/'))).toEqual([]);
  });

  test("create_only_cloudmap.yml renders: docdbC's Cloud Map Hostname 'dbc.dev' (two labels, as Cloud Map takes them) names the service dbc.dev, its record dbc.dev.testing.cluster", () => {
    const file = 'use-cases/docdb/create_only_cloudmap.yml';
    const result = render(file);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([at('CX3827', file, 'DBSubnetGroupName'), at('CX3825', file, '"disabled"', 2)]);
    const names = resourcesOf(result, 'AWS::ServiceDiscovery::Service').map((r) => r.resource.Properties!.Name).sort();
    expect(names).toEqual(['dbc.dev', 'docdbb']);
  });
});
