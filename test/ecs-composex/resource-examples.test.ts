/**
 * What ECS ComposeX's resource examples write where its meaning and AWS's meet (issue 13):
 * variable names ECS accepts but a shell does not (`EnvNames: [BUCKET_ABCD-01]`), a string
 * `access` on a bucket, Memcached before 1.6.12, `CacheSubnetGroupName`, an x-cloudmap `Port` that
 * is no container port, two parameters of one name, log types an engine lacks, a literal database
 * password. Each is read from the synthesized templates (every template passes the bundled
 * validator) or pinned as a located diagnostic.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { containerVariables, Tracer } from '../helpers/trace';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = ['use-cases/blog.features.yml'];

function compileText(text: string) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
}

function compileFixtures(files: readonly string[]) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [...files], env: { HOME: '/home/test' } });
}

function rendered(compiled: ReturnType<typeof compileText>): RenderResult & { diagnostics: readonly Diagnostic[] } {
  if (!compiled.model) throw new Error(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, diagnostics: compiled.diagnostics };
}

/** `line:column` of the `occurrence`-th `marker` in `text`. */
function at(text: string, marker: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`${marker} not in the text`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function fixtureAt(file: string, marker: string, occurrence = 1): string {
  const { line, column } = at(fs.readFileSync(path.join(DIR, file), 'utf8'), marker, occurrence);
  return `${file}:${line}:${column}`;
}

const located = (diagnostics: readonly Diagnostic[], code: string) =>
  diagnostics.filter((d) => d.code === code).map((d) => ({ severity: d.severity, line: d.line, column: d.column }));

const SERVICES = `services:
  api:
    image: example/api:1
`;

describe('resource variable names ECS accepts but a shell cannot expand (EnvNames, ReturnValues): set as written, CX3615', () => {
  const text = `${SERVICES}x-s3:
  uploads:
    Settings:
      EnvNames: [BUCKET_ABCD-01, uploads_bucket, 2ND_BUCKET]
    Services:
      api:
        Access: {objects: RW}
        ReturnValues: {Arn: UPLOADS-ARN}
x-sqs:
  jobs:
    Settings: {EnvNames: [jobs-queue]}
    Services: {api: {Access: RWMessages}}
`;

  test('the container gets each name as written, holding the bucket name / its ARN / the queue URL', () => {
    const result = rendered(compileText(text));
    const family = result.files.find((f) => f.path.startsWith('Family'))!.path;
    expect(containerVariables(new Tracer(result.files), family, 'api')).toEqual(
      expect.arrayContaining(['2ND_BUCKET=bucket:uploads.Ref', 'BUCKET_ABCD-01=bucket:uploads.Ref', 'UPLOADS-ARN=bucket:uploads.Arn', 'jobs-queue=queue:jobs.Ref', 'uploads_bucket=bucket:uploads.Ref']),
    );
  });

  test('a warning at each name no shell expands (any kind: the rule is shared), with the shell-safe name; none for uploads_bucket', () => {
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'CX3615')).toEqual([
      { severity: 'warning', ...at(text, 'BUCKET_ABCD-01') },
      { severity: 'warning', ...at(text, '2ND_BUCKET') },
      { severity: 'warning', ...at(text, 'UPLOADS-ARN') },
      { severity: 'warning', ...at(text, 'jobs-queue') },
    ].sort((a, b) => a.line - b.line || a.column - b.column));
    const warningAt = (name: string) => diagnostics.find((d) => d.code === 'CX3615' && d.line === at(text, name).line && d.column === at(text, name).column)!;
    expect(warningAt('BUCKET_ABCD-01').message).toContain('getenv("BUCKET_ABCD-01")');
    expect(warningAt('BUCKET_ABCD-01').hint).toContain('rename it BUCKET_ABCD_01');
    expect(warningAt('2ND_BUCKET').hint).toContain('rename it _2ND_BUCKET');
  });

  test.each([
    ['an =', 'A=B', 'holds =, a space or a control character'],
    ['a space', '"MY VAR"', 'holds =, a space or a control character'],
  ])('a name with %s cannot be a variable: CX3601 at it', (_what, name, reason) => {
    const bad = text.replace('uploads_bucket', name);
    const { model, diagnostics } = compileText(bad);
    expect(model).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => ({ code: d.code, line: d.line, column: d.column }))).toEqual([{ code: 'CX3601', ...at(bad, name) }]);
    expect(errors[0].message).toContain(reason);
  });
});

describe('use-cases/s3/simple_s3_bucket.yml: access: RWObjects read as what ECS ComposeX granted for it, with a warning', () => {
  const FILE = 'use-cases/s3/simple_s3_bucket.yml';

  test('it renders unchanged: CX3635 at the access (naming the mapping), CX3615 at BUCKET_ABCD-01, no error', () => {
    const { model, diagnostics } = compileFixtures([...BASE, FILE]);
    expect(model).toBeDefined();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warning = diagnostics.find((d) => d.code === 'CX3635')!;
    expect(`${path.relative(DIR, warning.file!)}:${warning.line}:${warning.column}`).toBe(fixtureAt(FILE, 'name: app03')); // the entry: its lower-case `access` is read as Access
    expect(warning.message).toContain("Access 'RWObjects' to bucket 'bucket-01' is read as {objects: RW, bucket: ListOnly}");
    expect(warning.hint).toContain('write Access: {objects: RW, bucket: ListOnly}');
    expect(diagnostics.filter((d) => d.code === 'CX3615').map((d) => `${path.relative(DIR, d.file!)}:${d.line}:${d.column}`)).toEqual([fixtureAt(FILE, 'BUCKET_ABCD-01')]);
  });

  test('the templates are those of the explicit mapping (composex/s3-simple_s3_bucket.access.yml)', () => {
    const unchanged = rendered(compileFixtures([...BASE, FILE]));
    const explicit = rendered(compileFixtures([...BASE, FILE, 'composex/s3-simple_s3_bucket.access.yml']));
    expect(unchanged.files.map((f) => [f.path, f.content])).toEqual(explicit.files.map((f) => [f.path, f.content]));
  });

  test('another string is refused (CX3630): ECS ComposeX granted its default whatever the string said', () => {
    const text = `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: RWObject}}\n`;
    const [error] = compileText(text).diagnostics.filter((d) => d.severity === 'error');
    expect(error).toMatchObject({ code: 'CX3630', ...at(text, 'RWObject') });
    expect(error.message).toContain("Access 'RWObject' to bucket 'b' is not an access level of a bucket");
  });

  test('a string that is an objects level: the hint gives both its own meaning and what ECS ComposeX granted', () => {
    const text = `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: ReadOnly}}\n`;
    const [error] = compileText(text).diagnostics.filter((d) => d.severity === 'error');
    expect(error).toMatchObject({ code: 'CX3630', ...at(text, 'ReadOnly') });
    expect(error.hint).toContain('{objects: ReadOnly, bucket: ListOnly}');
    expect(error.hint).toContain('{objects: RW, bucket: ListOnly} for what ECS ComposeX granted');
  });

  test("unchanged: app03 reads and writes objects, lists the bucket, and gets bucket01 and BUCKET_ABCD-01", () => {
    const result = rendered(compileFixtures([...BASE, FILE]));
    const tracer = new Tracer(result.files);
    expect(containerVariables(tracer, 'FamilyApp03.json', 'app03')).toEqual(expect.arrayContaining(['BUCKET_ABCD-01=bucket:bucket-01.Ref', 'bucket01=bucket:bucket-01.Ref']));
    const role = JSON.stringify(resourcesOf(result, 'AWS::IAM::Role').filter(({ file }) => file === 'FamilyApp03.json'));
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:ListBucket']) expect(role).toContain(`"${action}"`);
    expect(role).not.toContain('"s3:DeleteObject"');
  });
});

describe('x-elasticache: Memcached before 1.6.12 and CacheSubnetGroupName', () => {
  const memcached = (version: string, extra = '') =>
    `${SERVICES}x-elasticache:\n  pages:\n    Properties: {Engine: memcached, EngineVersion: "${version}", CacheNodeType: cache.t3.small${extra}}\n    Services: {api: {}}\n`;

  test('1.6.6: created without encryption in transit, CX3673 at the version naming 1.6.12', () => {
    const text = memcached('1.6.6');
    const result = rendered(compileText(text));
    const [cluster] = resourcesOf(result, 'AWS::ElastiCache::CacheCluster');
    expect(cluster.resource.Properties).toMatchObject({ Engine: 'memcached', EngineVersion: '1.6.6' });
    expect(cluster.resource.Properties!.TransitEncryptionEnabled).toBeUndefined();
    expect(located(result.diagnostics, 'CX3673')).toEqual([{ severity: 'warning', ...at(text, '"1.6.6"') }]);
    expect(result.diagnostics.find((d) => d.code === 'CX3673')!.hint).toContain('EngineVersion: "1.6.12" or later');
  });

  test('1.6.12: encrypted in transit, no warning', () => {
    const result = rendered(compileText(memcached('1.6.12')));
    expect(resourcesOf(result, 'AWS::ElastiCache::CacheCluster')[0].resource.Properties!.TransitEncryptionEnabled).toBe(true);
    expect(located(result.diagnostics, 'CX3673')).toEqual([]);
  });

  test('1.6.6 with TransitEncryptionEnabled: false: one warning, at the setting', () => {
    const text = memcached('1.6.6', ', TransitEncryptionEnabled: false');
    expect(located(rendered(compileText(text)).diagnostics, 'CX3673')).toEqual([{ severity: 'warning', ...at(text, 'false') }]);
  });

  test.each([
    ['a Redis replication group', `${SERVICES}x-elasticache:\n  c:\n    Properties: {Engine: redis, EngineVersion: "7.1", CacheSubnetGroupName: subnetgroup}\n    Services: {api: {}}\n`, 'AWS::ElastiCache::ReplicationGroup'],
    ['a Memcached cluster', memcached('1.6.22', ', CacheSubnetGroupName: subnetgroup'), 'AWS::ElastiCache::CacheCluster'],
  ])('CacheSubnetGroupName on %s: the cache is in the subnet group composex creates; CX3676 at the key', (_what, text, type) => {
    const result = rendered(compileText(text));
    const [cache] = resourcesOf(result, type);
    const group = cache.resource.Properties!.CacheSubnetGroupName as { Ref: string };
    const template = result.files.find((f) => f.path === cache.file)!.template;
    expect(template.Resources![group.Ref].Type).toBe('AWS::ElastiCache::SubnetGroup');
    expect(JSON.stringify(result.files.map((f) => f.template))).not.toContain('subnetgroup');
    expect(located(result.diagnostics, 'CX3676')).toEqual([{ severity: 'warning', ...at(text, 'CacheSubnetGroupName') }]);
    expect(result.diagnostics.find((d) => d.code === 'CX3676')!.message).toContain("not in 'subnetgroup'");
  });

  test('without CacheSubnetGroupName: no CX3676', () => {
    expect(located(rendered(compileText(memcached('1.6.22'))).diagnostics, 'CX3676')).toEqual([]);
  });
});

describe("x-cloudmap Port is a container port (the x-cloudmap documentation's Port: 43 is ignored, with a warning)", () => {
  const cloudmap = (port: string) => `x-cloudmap:
  private-namespace:
    ZoneName: testing.cluster
services:
  serviceA:
    image: example/a:1
    ports: ["8080:80", "8443:443"]
    x-network:
      x-cloudmap:
        private-namespace: {Port: ${port}}
`;

  test('Port 43: CX3271 at it, saying what Port is and which ports to use; the templates are those without Port', () => {
    const text = cloudmap('43');
    const compiled = compileText(text);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warning = compiled.diagnostics.find((d) => d.code === 'CX3271')!;
    expect(warning).toMatchObject({ severity: 'warning', ...at(text, '43}') });
    expect(warning.message).toContain("is not a container port of service 'serviceA' (80, 443) and is ignored");
    expect(warning.message).toContain('ECS ComposeX registered nothing');
    expect(warning.hint).toBe('use one of its container ports: 80, 443');
    const withPort = rendered(compiled);
    const without = rendered(compileText(text.replace('{Port: 43}', '{}')));
    const contents = (r: typeof withPort) => r.files.map((f) => f.content.replace(/composex-test-\w+/g, 'PROJECT'));
    expect(contents(withPort)).toEqual(contents(without));
  });

  test('Port 8443, a published port: the hint names its container port', () => {
    const warning = compileText(cloudmap('8443')).diagnostics.find((d) => d.code === 'CX3271')!;
    expect(warning.hint).toBe('Port is a container port: 8443 is the published port of 443; write Port: 443');
  });

  test('Port 443: renders, the service in the namespace', () => {
    const result = rendered(compileText(cloudmap('443')));
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['testing.cluster']);
  });
});

test('use-cases/ssm/simple_parameter.yml: the second and third /some/yet-other-parameter are rendered without Name, with the AWS reason (ParameterAlreadyExists) at each', () => {
  const FILE = 'use-cases/ssm/simple_parameter.yml';
  const { model, diagnostics } = compileFixtures([...BASE, FILE]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const found = diagnostics.filter((d) => d.code === 'CX3625');
  expect(found.map((d) => `${d.severity} ${path.relative(DIR, d.file!)}:${d.line}:${d.column}`)).toEqual([
    `warning ${fixtureAt(FILE, '/some/yet-other-parameter', 2)}`,
    `warning ${fixtureAt(FILE, '/some/yet-other-parameter', 3)}`,
  ]);
  expect(found[0].message).toContain('ParameterAlreadyExists');
  expect(found[0].message).toContain(`'parameterC' and 'parameterD' are both named '/some/yet-other-parameter' (${fixtureAt(FILE, '/some/yet-other-parameter', 1)})`);
  expect(found[0].hint).toBe("give 'parameterD' a name of its own, or remove its Name");
  const parameters = model!.resources.parameter.map((p) => [p.name, p.parameterName, p.properties.Name]);
  expect(parameters.slice(2)).toEqual([
    ['parameterC', '/some/yet-other-parameter', '/some/yet-other-parameter'],
    ['parameterD', undefined, undefined],
    ['parameterS', undefined, undefined],
  ]);
});

describe('use-cases/rds/rds_basic.yml: the MySQL log types on Aurora PostgreSQL left out (CX3623); MasterUserPassword ignored as ECS ComposeX did (CX3609)', () => {
  const FILE = 'use-cases/rds/rds_basic.yml';

  test('a warning at each log type, the hint listing the engine\'s; the password is a warning that does not repeat it', () => {
    const { diagnostics } = compileFixtures([...BASE, FILE]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const logs = diagnostics.filter((d) => d.code === 'CX3623');
    expect(logs.map((e) => `${e.severity} ${path.relative(DIR, e.file!)}:${e.line}:${e.column}`)).toEqual([`warning ${fixtureAt(FILE, 'audit')}`, `warning ${fixtureAt(FILE, 'general')}`]);
    expect(logs[0].message).toBe("aurora-postgresql does not export the log type 'audit' to CloudWatch Logs, and RDS would refuse to create database 'dbB' with it: it is left out, and the database exports no logs");
    expect(logs[0].hint).toBe('remove it; the log types of aurora-postgresql: instance, postgresql, iam-db-auth-error');
    const password = diagnostics.find((d) => d.code === 'CX3609')!;
    expect([password.severity, `${path.relative(DIR, password.file!)}:${password.line}:${password.column}`]).toEqual(['warning', fixtureAt(FILE, 'MasterUserPassword')]);
    expect(JSON.stringify(diagnostics.filter((d) => d.file?.endsWith('rds_basic.yml')))).not.toContain('dummy');
  });

  test('the log types the engine has are kept, in their order; the others are left out of the template', () => {
    const text = `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: aurora-postgresql, EngineVersion: "16.4", EnableCloudwatchLogsExports: [audit, postgresql, general, instance]}\n    Services: {api: {Access: RW}}\n`;
    const result = rendered(compileText(text));
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties!.EnableCloudwatchLogsExports).toEqual(['postgresql', 'instance']);
    const warning = result.diagnostics.filter((d) => d.code === 'CX3623');
    expect(warning.map((d) => ({ line: d.line, column: d.column }))).toEqual([at(text, 'audit'), at(text, 'general')]);
    expect(warning[0].message).toContain("the database exports 'postgresql', 'instance'");
  });

  test.each([
    ['postgres', '"16.4"', 'upgrade', true],
    ['mysql', '"8.0.39"', 'slowquery', true],
    ['mysql', '"8.0.39"', 'postgresql', false],
    ['aurora-mysql', '"8.0.mysql_aurora.3.08.0"', 'instance', true],
    ['postgres', '"16.4"', 'instance', false],
  ])('%s exports %s: %s', (engine, version, log, accepted) => {
    const text = `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: ${engine}, EngineVersion: ${version}, EnableCloudwatchLogsExports: [${log}]}\n    Services: {api: {Access: RW}}\n`;
    const compiled = compileText(text);
    const found = compiled.diagnostics.filter((d) => d.code === 'CX3623');
    const item = at(text, `[${log}]`);
    expect(found.map((d) => ({ severity: d.severity, line: d.line, column: d.column }))).toEqual(accepted ? [] : [{ severity: 'warning', line: item.line, column: item.column + 1 }]);
    expect(compiled.model!.resources.database[0].properties.EnableCloudwatchLogsExports).toEqual(accepted ? [log] : undefined);
  });
});
