/**
 * Compose secrets as files, read from the rendered templates: the init container of a family (its
 * ECS secrets, script, image, limits), the task volumes, each app container's read-only mounts and
 * DependsOn SUCCESS, the variable form where x-secrets asks for it, and the execution role.
 */
import { validateTemplates } from '../../src/render/validate';
import type { RenderResult } from '../../src/render/render';
import { projectDir } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

type Container = Record<string, unknown> & { Name: string };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

const FILE_VALUE = 'file-secret-value-7f3a';
const ENV_VALUE = 'env-secret-value-91c2';

const COMPOSE = `
name: vault
services:
  db:
    image: public.ecr.aws/docker/library/postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
  api:
    image: public.ecr.aws/docker/library/python:3.12-slim
    user: "1000:1000"
    secrets:
      - db_password
      - source: stripe
        target: payments/stripe.json
        mode: "0400"
      - source: token
        uid: "33"
        gid: "33"
        mode: "0440"
    deploy: {labels: {ecs.task.family: app}}
  worker:
    image: public.ecr.aws/docker/library/python:3.12-slim
    secrets: [token]
    deploy: {labels: {ecs.task.family: app}}
  web:
    image: public.ecr.aws/nginx/nginx:1.27
secrets:
  db_password:
    file: ./db_password.txt
  token:
    environment: API_TOKEN
  stripe:
    x-secrets:
      Name: prod/stripe
      VarName: STRIPE
      JsonKeys: [{SecretKey: apiKey, VarName: STRIPE_API_KEY}]
`;

function render(text: string, files: Record<string, string> = {}): RenderResult {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text, ...files }), env: { HOME: '/home/test', API_TOKEN: ENV_VALUE } });
}

function family(result: RenderResult, id: string) {
  const file = result.files.find((f) => f.path === `Family${id}.json`);
  if (!file) throw new Error(`no Family${id}.json`);
  const resources = file.template.Resources ?? {};
  const task = resources.TaskDefinition.Properties as { ContainerDefinitions: Container[]; Volumes?: unknown[]; Memory: string; Cpu: string };
  const container = (name: string) => task.ContainerDefinitions.find((c) => c.Name === name)!;
  const statements = (role: string) => ((resources[role].Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[] }).Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
  return { task, container, statements, resources };
}

describe('secrets as files', () => {
  const result = render(COMPOSE, { 'db_password.txt': FILE_VALUE });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('no secret value in any template', () => {
    const all = JSON.stringify(result.files.map((f) => f.template));
    expect(all).not.toContain(FILE_VALUE);
    expect(all).not.toContain(ENV_VALUE);
  });

  test('the init container: not essential, read-only root, pinned ECR Public image, a memory limit, the family log group', () => {
    const init = family(result, 'Db').container('composex-secrets');
    expect(init).toMatchObject({
      Image: 'public.ecr.aws/docker/library/busybox:1.36.1',
      Essential: false,
      ReadonlyRootFilesystem: true,
      Memory: 32,
      EntryPoint: ['/bin/sh', '-c'],
      Secrets: [{ Name: 'SECRET_DB_PASSWORD', ValueFrom: { Ref: 'SecretDbPasswordArn' } }],
      MountPoints: [{ SourceVolume: 'secrets-db', ContainerPath: '/composex-secrets/secrets-db', ReadOnly: false }],
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'composex-secrets' } },
    });
    expect(init.Cpu).toBeUndefined();
    expect(init.Command).toEqual([
      ['set -eu', 'umask 022', 'umask 077', `printf '%s' "$SECRET_DB_PASSWORD" > '/composex-secrets/secrets-db/db_password'`, `chmod 0444 '/composex-secrets/secrets-db/db_password'`].join('\n'),
    ]);
  });

  test('the app container mounts its volume read-only at /run/secrets and starts after the init container succeeded', () => {
    const db = family(result, 'Db');
    expect(db.task.Volumes).toEqual([{ Name: 'secrets-db' }]);
    expect(db.container('db')).toMatchObject({
      MountPoints: [{ SourceVolume: 'secrets-db', ContainerPath: '/run/secrets', ReadOnly: true }],
      DependsOn: [{ ContainerName: 'composex-secrets', Condition: 'SUCCESS' }],
      Environment: [{ Name: 'POSTGRES_PASSWORD_FILE', Value: '/run/secrets/db_password' }],
    });
    // a Compose secret without x-secrets is a file only
    expect(db.container('db').Secrets).toBeUndefined();
  });

  test('several services in one family: one volume each, each container mounts only its own', () => {
    const app = family(result, 'App');
    expect(app.task.Volumes).toEqual([{ Name: 'secrets-api' }, { Name: 'secrets-worker' }]);
    expect(app.container('api').MountPoints).toEqual([{ SourceVolume: 'secrets-api', ContainerPath: '/run/secrets', ReadOnly: true }]);
    expect(app.container('worker').MountPoints).toEqual([{ SourceVolume: 'secrets-worker', ContainerPath: '/run/secrets', ReadOnly: true }]);
    const init = app.container('composex-secrets');
    expect(init.MountPoints).toEqual([
      { SourceVolume: 'secrets-api', ContainerPath: '/composex-secrets/secrets-api', ReadOnly: false },
      { SourceVolume: 'secrets-worker', ContainerPath: '/composex-secrets/secrets-worker', ReadOnly: false },
    ]);
    expect((init.Secrets as { Name: string }[]).map((s) => s.Name)).toEqual(['SECRET_DB_PASSWORD', 'SECRET_STRIPE', 'SECRET_TOKEN']);
    // the whole stripe secret (not a JSON key) goes to the file
    expect((init.Secrets as { Name: string; ValueFrom: unknown }[]).find((s) => s.Name === 'SECRET_STRIPE')!.ValueFrom).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:prod/stripe']],
    });
    for (const name of ['api', 'worker']) expect(app.container(name).DependsOn).toEqual([{ ContainerName: 'composex-secrets', Condition: 'SUCCESS' }]);
  });

  test('mode, uid and gid: from the secret, else the numeric user of the service; subdirectories created', () => {
    const script = (family(result, 'App').container('composex-secrets').Command as string[])[0];
    expect(script.split('\n')).toEqual([
      'set -eu',
      'umask 022',
      "mkdir -p '/composex-secrets/secrets-api/payments'",
      'umask 077',
      `printf '%s' "$SECRET_DB_PASSWORD" > '/composex-secrets/secrets-api/db_password'`,
      "chown 1000:1000 '/composex-secrets/secrets-api/db_password'",
      "chmod 0444 '/composex-secrets/secrets-api/db_password'",
      `printf '%s' "$SECRET_STRIPE" > '/composex-secrets/secrets-api/payments/stripe.json'`,
      "chown 1000:1000 '/composex-secrets/secrets-api/payments/stripe.json'",
      "chmod 0400 '/composex-secrets/secrets-api/payments/stripe.json'",
      `printf '%s' "$SECRET_TOKEN" > '/composex-secrets/secrets-api/token'`,
      "chown 33:33 '/composex-secrets/secrets-api/token'",
      "chmod 0440 '/composex-secrets/secrets-api/token'",
      `printf '%s' "$SECRET_TOKEN" > '/composex-secrets/secrets-worker/token'`,
      "chmod 0444 '/composex-secrets/secrets-worker/token'",
    ]);
    // values are never expanded into the script, nor traced
    expect(script).not.toMatch(/set -x|echo|cat /);
  });

  test('the variable form where x-secrets asks for it (VarName, JsonKeys), besides the file', () => {
    const api = family(result, 'App').container('api');
    expect((api.Secrets as { Name: string; ValueFrom: unknown }[]).map((s) => s.Name)).toEqual(['STRIPE', 'STRIPE_API_KEY']);
    const key = (api.Secrets as { Name: string; ValueFrom: { 'Fn::Join': [string, unknown[]] } }[]).find((s) => s.Name === 'STRIPE_API_KEY')!;
    expect(key.ValueFrom['Fn::Join'][1].at(-1)).toBe(':secret:prod/stripe:apiKey::');
    // worker lists token only: no variable, no stripe
    expect(family(result, 'App').container('worker').Secrets).toBeUndefined();
  });

  test('the execution role reads the secrets the init container injects; the task role gets nothing for them', () => {
    const app = family(result, 'App');
    const read = app.statements('ExecutionRole').find((s) => s.Sid === 'ReadInjectedSecrets')!;
    expect(JSON.stringify(read.Resource)).toContain('SecretDbPasswordArn');
    expect(JSON.stringify(read.Resource)).toContain('SecretTokenArn');
    expect(JSON.stringify(read.Resource)).toContain(':secret:prod/stripe');
    expect(JSON.stringify(app.resources.TaskRole ?? {})).not.toContain('secretsmanager');
  });

  test('a family without secrets: no init container, no volume', () => {
    const web = family(result, 'Web');
    expect(web.task.ContainerDefinitions.map((c) => c.Name)).toEqual(['web']);
    expect(web.task.Volumes).toBeUndefined();
    expect(web.container('web').DependsOn).toBeUndefined();
  });
});

describe('secrets as files: absolute targets and task size', () => {
  const result = render(`
name: tls
services:
  proxy:
    image: public.ecr.aws/nginx/nginx:1.27
    mem_limit: 512m
    secrets:
      - source: cert
        target: /etc/nginx/tls/server.crt
      - source: key
        target: /etc/nginx/tls/server.key
        mode: "0400"
      - source: key
        target: key.pem
secrets:
  cert: {external: true, name: prod/cert}
  key: {external: true, name: prod/key}
`);

  test('one volume per directory: /run/secrets and the directory of the absolute targets', () => {
    const { task, container } = family(result, 'Proxy');
    expect(task.Volumes).toEqual([{ Name: 'secrets-proxy' }, { Name: 'secrets-proxy-1' }]);
    expect(container('proxy').MountPoints).toEqual([
      { SourceVolume: 'secrets-proxy-1', ContainerPath: '/etc/nginx/tls', ReadOnly: true },
      { SourceVolume: 'secrets-proxy', ContainerPath: '/run/secrets', ReadOnly: true },
    ]);
    const script = (container('composex-secrets').Command as string[])[0];
    expect(script).toContain(`printf '%s' "$SECRET_KEY" > '/composex-secrets/secrets-proxy-1/server.key'`);
    expect(script).toContain(`printf '%s' "$SECRET_KEY" > '/composex-secrets/secrets-proxy/key.pem'`);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the init container memory counts in the Fargate size', () => {
    const { task } = family(result, 'Proxy');
    // 512 MiB for the proxy + 32 MiB for the init container
    expect([task.Cpu, task.Memory]).toEqual(['256', '1024']);
  });
});
