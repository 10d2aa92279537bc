/**
 * Connection strings composex builds for consumers (`GenerateConnectionStringSecret`) ask for TLS:
 * `sslmode=require` for PostgreSQL (RDS PostgreSQL 15+ refuses plain connections by default),
 * `ssl-mode=REQUIRED` for MySQL and MariaDB. Read from the secret in the rendered template.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

const engines: [string, string, string][] = [
  ['pg', 'postgres', '17'],
  ['aurorapg', 'aurora-postgresql', '16'],
  ['my', 'mysql', '8.0'],
  ['auroramy', 'aurora-mysql', '8.0.mysql_aurora.3.08.0'],
  ['maria', 'mariadb', '10.11'],
];
const text =
  'services:\n  api: {image: public.ecr.aws/docker/library/python:3.12-slim}\nx-rds:\n' +
  engines.map(([name, engine, version]) => `  ${name}:\n    Properties: {Engine: ${engine}, EngineVersion: "${version}"}\n    Services: {api: {Access: RW, GenerateConnectionStringSecret: ${name.toUpperCase()}_URL}}\n`).join('');
const result = renderProject({ cwd: projectDir({ 'compose.yaml': text }) });

/** The connection string with its dynamic references and attributes named, e.g. `postgresql://{username}:…`. */
function connectionString(id: string): string {
  const secret = resourcesOf(result, 'AWS::SecretsManager::Secret').find((s) => s.id === id);
  if (!secret) throw new Error(`no secret ${id}`);
  const [, parts] = (secret.resource.Properties!.SecretString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const att = (p as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      return att ? `{${att[1]}}` : '{ref}';
    })
    .join('')
    .replace(/\{\{resolve:secretsmanager:\{ref\}:SecretString:(\w+)\}\}/g, '{$1}');
}

describe('connection strings ask for TLS', () => {
  test('PostgreSQL: sslmode=require', () => {
    expect(connectionString('DatabasePgConnectionString')).toBe('postgresql://{username}:{password}@{Endpoint.Address}:{Endpoint.Port}/pg?sslmode=require');
    expect(connectionString('DatabaseAurorapgConnectionString')).toBe('postgresql://{username}:{password}@{Endpoint.Address}:{Endpoint.Port}/aurorapg?sslmode=require');
  });

  test('MySQL and MariaDB: ssl-mode=REQUIRED', () => {
    expect(connectionString('DatabaseMyConnectionString')).toBe('mysql://{username}:{password}@{Endpoint.Address}:{Endpoint.Port}/my?ssl-mode=REQUIRED');
    expect(connectionString('DatabaseAuroramyConnectionString')).toBe('mysql://{username}:{password}@{Endpoint.Address}:{Endpoint.Port}/auroramy?ssl-mode=REQUIRED');
    expect(connectionString('DatabaseMariaConnectionString')).toBe('mysql://{username}:{password}@{Endpoint.Address}:{Endpoint.Port}/maria?ssl-mode=REQUIRED');
  });

  test('the templates pass the validator', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('libpq variables come with PGSSLMODE=require', () => {
  const libpq = '{Mappings: {host: PGHOST, port: PGPORT, username: PGUSER, password: PGPASSWORD, dbname: PGDATABASE}}';
  const project = `
services:
  worker: {image: public.ecr.aws/docker/library/python:3.12-slim}
  strict: {image: public.ecr.aws/docker/library/python:3.12-slim, environment: {PGSSLMODE: verify-full}}
  named: {image: public.ecr.aws/docker/library/python:3.12-slim}
x-rds:
  pg:
    Properties: {Engine: postgres, EngineVersion: "17"}
    Services:
      worker: {Access: RW, SecretsMappings: ${libpq}}
      strict: {Access: RW, SecretsMappings: ${libpq}}
      named: {Access: RW}
`;
  const rendered = renderProject({ cwd: projectDir({ 'compose.yaml': project }) });
  const environment = (family: string) => {
    const file = rendered.files.find((f) => f.path === `Family${family}.json`)!;
    const def = Object.values(file.template.Resources ?? {}).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const [container] = def.Properties!.ContainerDefinitions as { Environment?: { Name: string; Value: unknown }[] }[];
    return (container.Environment ?? []).map((e) => `${e.Name}=${String(e.Value)}`);
  };

  test('a service given PGHOST… gets PGSSLMODE=require', () => {
    expect(environment('Worker')).toEqual(['PGSSLMODE=require']);
  });
  test("a service that sets PGSSLMODE keeps its own value (and no clash is reported)", () => {
    expect(rendered.warnings.filter((w) => w !== 'CX3701')).toEqual([]);
    expect(environment('Strict')).toEqual(['PGSSLMODE=verify-full']);
  });
  test('a service given the default <NAME>_HOST… variables gets nothing it did not ask for', () => {
    expect(environment('Named')).toEqual([]);
  });
});
