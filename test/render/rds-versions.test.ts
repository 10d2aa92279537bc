/**
 * RDS engine versions and the validator: a major version alone (which RDS accepts and resolves to
 * its default minor version) renders without a finding, a version RDS does not have is still
 * refused, and every finding on a value the user wrote for a database is reported at its place in
 * the compose file (CX5003), wherever it was written (Properties or MacroParameters). Minor
 * upgrades are explicit on every instance and cluster composex creates.
 */
import { loadAndCompile } from '../../src/compile';
import { rawPropertyLocator } from '../../src/render/raw-properties';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { isKnownFalsePositive } from '../../src/render/validator-allowances';
import type { StoredFinding } from '../../src/render/validation-cache';
import { projectDir } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';

function render(text: string) {
  const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const rendered = renderModel(compiled.model!);
  const findings = validateTemplates(rendered.files, rawPropertyLocator(compiled.model!, rendered.rawProperties));
  return { rendered, findings };
}

/** 1-based line and column of `marker` in `text`. */
function at(text: string, marker: string) {
  const before = text.slice(0, text.indexOf(marker)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const database = (name: string, engine: string, version: string, extra = '') =>
  `  ${name}:\n    Properties: {Engine: ${engine}, EngineVersion: "${version}"${extra}}\n    Services: {api: {Access: RW}}\n`;

describe('a major version alone', () => {
  const text =
    'services:\n  api: {image: public.ecr.aws/docker/library/python:3.12-slim}\nx-rds:\n' +
    database('pg', 'postgres', '16') +
    database('my', 'mysql', '8.0') +
    database('my84', 'mysql', '8.4') +
    database('maria', 'mariadb', '10.11') +
    database('aurora', 'aurora-postgresql', '16') +
    database('auroramy', 'aurora-mysql', '8.0');
  const { rendered, findings } = render(text);

  test('renders without any validator finding', () => {
    expect(findings).toEqual([]);
  });

  test('is written to the template as given', () => {
    const versions = [...resourcesOf(rendered, 'AWS::RDS::DBInstance'), ...resourcesOf(rendered, 'AWS::RDS::DBCluster')]
      .filter((r) => r.resource.Properties!.EngineVersion !== undefined)
      .map((r) => [r.id, r.resource.Properties!.EngineVersion]);
    expect(versions.sort()).toEqual([
      ['DatabaseAurora', '16'],
      ['DatabaseAuroramy', '8.0'],
      ['DatabaseMaria', '10.11'],
      ['DatabaseMy', '8.0'],
      ['DatabaseMy84', '8.4'],
      ['DatabasePg', '16'],
    ]);
  });

  test('AutoMinorVersionUpgrade is explicit on every DB instance and cluster', () => {
    const all = [...resourcesOf(rendered, 'AWS::RDS::DBInstance'), ...resourcesOf(rendered, 'AWS::RDS::DBCluster')];
    expect(all.length).toBe(8); // 4 instances, 2 clusters with one instance each
    expect(all.filter((r) => r.resource.Properties!.AutoMinorVersionUpgrade !== true).map((r) => r.id)).toEqual([]);
  });
});

describe('what the validator refuses is reported at its place in the compose file', () => {
  const text =
    'services:\n  api: {image: public.ecr.aws/docker/library/python:3.12-slim}\nx-rds:\n' +
    database('mysql-bad', 'mysql', '8.1') +
    database('pg-bad', 'postgres', '16.99') +
    '  aurora:\n    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.mysql_aurora.3.08.0"}\n    MacroParameters: {InstanceClass: db.t4g.nano}\n    Services: {api: {Access: RW}}\n' +
    '  macro:\n    MacroParameters: {Engine: mariadb, EngineVersion: "10.99"}\n    Services: {api: {Access: RW}}\n';
  const { findings } = render(text);

  test('a version RDS does not have (EngineVersion in Properties or MacroParameters), and an instance class the engine is not offered on', () => {
    expect(findings.map((d) => [d.code, d.severity, d.file?.endsWith('compose.yaml'), d.line, d.column, d.message.replace(/:.*/s, '')])).toEqual([
      ['CX5003', 'error', true, at(text, '"8.1"').line, at(text, '"8.1"').column, 'E9006 EngineVersion'],
      ['CX5003', 'error', true, at(text, '"16.99"').line, at(text, '"16.99"').column, 'E9006 EngineVersion'],
      ['CX5003', 'error', true, at(text, 'db.t4g.nano').line, at(text, 'db.t4g.nano').column, 'E3025 DBInstanceClass'],
      ['CX5003', 'error', true, at(text, '"10.99"').line, at(text, '"10.99"').column, 'E9006 EngineVersion'],
    ]);
    expect(findings[0].hint).toBe('check the property against the CloudFormation reference of AWS::RDS::DBInstance');
  });

  test('the user written AutoMinorVersionUpgrade is kept, on an Aurora cluster and its instances', () => {
    const t = 'services:\n  api: {image: public.ecr.aws/docker/library/python:3.12-slim}\nx-rds:\n' + database('a', 'aurora-postgresql', '16', ', AutoMinorVersionUpgrade: false') + database('p', 'postgres', '17', ', AutoMinorVersionUpgrade: false');
    const { rendered, findings } = render(t);
    expect(findings).toEqual([]);
    const all = [...resourcesOf(rendered, 'AWS::RDS::DBInstance'), ...resourcesOf(rendered, 'AWS::RDS::DBCluster')];
    expect(all.map((r) => [r.id, r.resource.Properties!.AutoMinorVersionUpgrade]).sort()).toEqual([
      ['DatabaseA', false],
      ['DatabaseAInstance1', false],
      ['DatabaseP', false],
    ]);
  });
});

describe('the allowance is precise', () => {
  const versions = "['8.0.11', '8.0.39', '8.4.3', '10.11.10']";
  const finding = (over: Partial<StoredFinding> & { value?: string } = {}): StoredFinding => ({
    severity: 'ERROR',
    ruleId: 'E9006',
    message: `'${over.value ?? '8.0'}' is not one of ${versions}`,
    entity: { logicalId: 'DatabaseMain', resourceType: 'AWS::RDS::DBInstance' },
    propertyPath: 'Properties.EngineVersion',
    ...over,
  });

  test.each([['8.0'], ['8.4'], ['10.11']])('allowed: %s, the start of an enumerated version', (value) => {
    expect(isKnownFalsePositive(finding({ value }))).toBe(true);
    expect(isKnownFalsePositive(finding({ value, entity: { logicalId: 'C', resourceType: 'AWS::RDS::DBCluster' } }))).toBe(true);
  });

  test.each<[string, Partial<StoredFinding> & { value?: string }]>([
    ['a minor version that does not exist', { value: '8.1' }],
    ['a prefix that is not at a dot', { value: '10.1' }],
    ['a full version that is not listed', { value: '8.0.12' }],
    ['not a version', { value: 'latest' }],
    ['another property', { propertyPath: 'Properties.DBInstanceClass' }],
    ['another resource type', { entity: { logicalId: 'X', resourceType: 'AWS::DocDB::DBCluster' } }],
    ['another rule', { ruleId: 'E3030' }],
    ['a message of another shape', { message: 'EngineVersion 8.0 is not supported' }],
  ])('still reported: %s', (_name, over) => {
    expect(isKnownFalsePositive(finding(over))).toBe(false);
  });
});
