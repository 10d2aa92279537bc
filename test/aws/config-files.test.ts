/**
 * Configuration files read from the rendered templates: Compose `configs` (file, content,
 * environment) and a read-only bind mount of one host file become Secrets Manager secrets created
 * empty (their value set by composex deploy), written by the family's one init container (with its
 * secrets) into task volumes mounted read-only; the execution role reads exactly those secrets;
 * no content in any template.
 */
import { validateTemplates } from '../../src/render/validate';
import type { RenderResult } from '../../src/render/render';
import { projectDir } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

type Container = Record<string, unknown> & { Name: string };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

const NGINX_CONF = 'events {} # nginx-conf-body-5d1e';
const APP_CONF = 'listen: 8080 # app-conf-body-77aa';
const INLINE = 'inline-config-body-c0ff';
const FROM_ENV = 'env-config-body-3b9d';
const SECRET = 'file-secret-body-0a42';

const COMPOSE = `
name: site
services:
  proxy:
    image: public.ecr.aws/nginx/nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
    secrets: [tls_key]
  api:
    image: public.ecr.aws/docker/library/python:3.12-slim
    user: "1000:1000"
    configs:
      - source: app
        target: /etc/app/app.yaml
      - source: motd
        target: /etc/app/motd.txt
        uid: "33"
        gid: "33"
        mode: 0440
      - source: flags
        target: /run/secrets/flags.json
configs:
  app:
    file: ./app.yaml
  motd:
    content: ${INLINE}
  flags:
    environment: FLAGS
secrets:
  tls_key:
    file: ./tls.key
`;

function render(text: string, files: Record<string, string>): RenderResult & { warnings: string[] } {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text, ...files }), env: { HOME: '/home/test', FLAGS: FROM_ENV } });
}

function family(result: RenderResult, id: string) {
  const file = result.files.find((f) => f.path === `Family${id}.json`);
  if (!file) throw new Error(`no Family${id}.json`);
  const resources = file.template.Resources ?? {};
  const task = resources.TaskDefinition.Properties as { ContainerDefinitions: Container[]; Volumes?: unknown[] };
  const container = (name: string) => task.ContainerDefinitions.find((c) => c.Name === name)!;
  const statements = (role: string) => ((resources[role].Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[] }).Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
  return { task, container, statements, resources };
}

describe('configuration files', () => {
  const result = render(COMPOSE, { 'nginx.conf': NGINX_CONF, 'app.yaml': APP_CONF, 'tls.key': SECRET });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('no content in any template', () => {
    const all = JSON.stringify(result.files.map((f) => f.template));
    for (const body of [NGINX_CONF, APP_CONF, INLINE, FROM_ENV, SECRET]) expect(all).not.toContain(body);
  });

  test('one empty secret per config and host file in the Secrets stack', () => {
    const secrets = result.files.find((f) => f.path === 'Secrets.json')!.template.Resources ?? {};
    const tagged = Object.entries(secrets)
      .filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret')
      .map(([id, r]) => {
        const props = r.Properties as { Tags: { Key: string; Value: string }[]; SecretString?: unknown; GenerateSecretString?: unknown };
        expect(props.SecretString).toBeUndefined();
        expect(props.GenerateSecretString).toBeUndefined();
        expect(r.DeletionPolicy).toBe('Retain');
        return [id, props.Tags.find((t) => t.Key === 'composex:secret')!.Value];
      });
    expect(tagged.sort()).toEqual([
      ['SecretConfigApp', 'config:app'],
      ['SecretConfigFlags', 'config:flags'],
      ['SecretConfigMotd', 'config:motd'],
      ['SecretFileNginxConf', 'file:./nginx.conf'],
      ['SecretTlsKey', 'tls_key'],
    ]);
  });

  test('one init container per family writes secrets and configs; the service mounts each directory read-only', () => {
    const proxy = family(result, 'Proxy');
    expect(proxy.task.ContainerDefinitions.map((c) => c.Name)).toEqual(['proxy', 'composex-secrets']);
    const init = proxy.container('composex-secrets');
    expect((init.Secrets as { Name: string }[]).map((s) => s.Name)).toEqual(['SECRET_FILE_NGINX_CONF', 'SECRET_TLS_KEY']);
    expect((init.Command as string[])[0].split('\n')).toEqual([
      'set -eu',
      'umask 022',
      'umask 077',
      `printf '%s' "$SECRET_FILE_NGINX_CONF" > '/composex-secrets/secrets-proxy-1/default.conf'`,
      "chmod 0444 '/composex-secrets/secrets-proxy-1/default.conf'",
      `printf '%s' "$SECRET_TLS_KEY" > '/composex-secrets/secrets-proxy/tls_key'`,
      "chmod 0444 '/composex-secrets/secrets-proxy/tls_key'",
    ]);
    expect(proxy.container('proxy')).toMatchObject({
      MountPoints: [
        { SourceVolume: 'secrets-proxy-1', ContainerPath: '/etc/nginx/conf.d', ReadOnly: true },
        { SourceVolume: 'secrets-proxy', ContainerPath: '/run/secrets', ReadOnly: true },
      ],
      DependsOn: [{ ContainerName: 'composex-secrets', Condition: 'SUCCESS' }],
    });
  });

  test('targets, mode, uid and gid of configs; a config under /run/secrets shares the secrets volume', () => {
    const api = family(result, 'Api');
    expect((api.container('composex-secrets').Command as string[])[0].split('\n')).toEqual([
      'set -eu',
      'umask 022',
      'umask 077',
      `printf '%s' "$SECRET_CONFIG_APP" > '/composex-secrets/secrets-api-1/app.yaml'`,
      "chown 1000:1000 '/composex-secrets/secrets-api-1/app.yaml'",
      "chmod 0444 '/composex-secrets/secrets-api-1/app.yaml'",
      `printf '%s' "$SECRET_CONFIG_MOTD" > '/composex-secrets/secrets-api-1/motd.txt'`,
      "chown 33:33 '/composex-secrets/secrets-api-1/motd.txt'",
      "chmod 0440 '/composex-secrets/secrets-api-1/motd.txt'",
      `printf '%s' "$SECRET_CONFIG_FLAGS" > '/composex-secrets/secrets-api/flags.json'`,
      "chown 1000:1000 '/composex-secrets/secrets-api/flags.json'",
      "chmod 0444 '/composex-secrets/secrets-api/flags.json'",
    ]);
    expect(api.container('api').MountPoints).toEqual([
      { SourceVolume: 'secrets-api-1', ContainerPath: '/etc/app', ReadOnly: true },
      { SourceVolume: 'secrets-api', ContainerPath: '/run/secrets', ReadOnly: true },
    ]);
    // configs are files only: no variable in the app container
    expect(api.container('api').Secrets).toBeUndefined();
  });

  test('the execution role reads exactly the family\'s config and secret ARNs; the task role nothing of them', () => {
    const proxy = family(result, 'Proxy');
    const read = proxy.statements('ExecutionRole').find((s) => s.Sid === 'ReadInjectedSecrets')!;
    const resources = JSON.stringify(read.Resource);
    expect(resources).toContain('SecretFileNginxConfArn');
    expect(resources).toContain('SecretTlsKeyArn');
    expect(resources).not.toContain('SecretConfig');
    const api = JSON.stringify(family(result, 'Api').statements('ExecutionRole').find((s) => s.Sid === 'ReadInjectedSecrets')!.Resource);
    for (const id of ['SecretConfigAppArn', 'SecretConfigMotdArn', 'SecretConfigFlagsArn']) expect(api).toContain(id);
    expect(api).not.toContain('Nginx');
    expect(JSON.stringify(proxy.resources.TaskRole ?? {})).not.toContain('secretsmanager');
  });

  test('a config hiding the files of its directory is warned about (CX3533)', () => {
    // one per service with a config outside /run/secrets (messages: test/resolve/config-files.test.ts)
    expect(result.warnings.filter((w) => w === 'CX3533')).toEqual(['CX3533', 'CX3533']);
  });
});
