/**
 * Samples in the style of docker/awesome-compose that mount configuration files from the host
 * (written here as small fixtures; no network): what renders, what is left out, what is refused
 * and with which fix. Each rendered sample passes the bundled CloudFormation validator and carries
 * no file content in any template.
 */
import { loadAndCompile } from '../../src/compile';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

const ENV = { HOME: '/home/test' };

function rendered(files: Record<string, string>) {
  const cwd = projectDir(files);
  const result = renderProject({ cwd, env: ENV });
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const all = JSON.stringify(result.files.map((f) => f.template));
  for (const [name, text] of Object.entries(files)) if (name !== 'compose.yaml' && text.length > 0) expect(all).not.toContain(text.trim());
  return { result, all };
}

/** The scripts of every init container of the rendered app. */
function initScript(result: ReturnType<typeof renderProject>): string {
  return result.files
    .flatMap((f) => Object.values(f.template.Resources ?? {}))
    .filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
    .flatMap((r) => (r.Properties as { ContainerDefinitions: { Name: string; Command?: string[] }[] }).ContainerDefinitions)
    .filter((c) => c.Name === 'composex-secrets')
    .map((c) => (c.Command ?? []).join('\n'))
    .join('\n');
}

describe('awesome-compose style samples with configuration files', () => {
  test('nginx reverse proxy: conf.d/default.conf mounted :ro renders (the directory is empty in the image)', () => {
    const { result, all } = rendered({
      'compose.yaml': `name: proxy
services:
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    ports: ["80:80"]
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
    depends_on: [app]
  app:
    image: public.ecr.aws/docker/library/python:3.12-slim
    command: ["python", "-m", "http.server", "8000"]
    expose: ["8000"]
`,
      'nginx/default.conf': 'server { listen 80; location / { proxy_pass http://app:8000; } }\n',
    });
    expect(result.warnings).toContain('CX3533');
    expect(initScript(result)).toContain("/default.conf'");
    expect(all).toContain('"ContainerPath":"/etc/nginx/conf.d","ReadOnly":true');
  });

  test('prometheus: the config file mounted :ro renders; the whole directory mounted is refused with the fix', () => {
    const { all } = rendered({
      'compose.yaml': `name: monitoring
services:
  prometheus:
    image: public.ecr.aws/bitnami/prometheus:2.53.0
    command: ["--config.file=/etc/prometheus-config/prometheus.yml"]
    volumes:
      - ./prometheus/prometheus.yml:/etc/prometheus-config/prometheus.yml:ro
      - prom_data:/prometheus
volumes:
  prom_data: {}
`,
      'prometheus/prometheus.yml': 'scrape_configs: [{job_name: self, static_configs: [{targets: ["localhost:9090"]}]}]\n',
    });
    expect(all).toContain('SecretFilePrometheusPrometheusYml');
    const dir = projectDir({
      'compose.yaml': 'name: monitoring\nservices:\n  prometheus:\n    image: public.ecr.aws/bitnami/prometheus:2.53.0\n    volumes:\n      - ./prometheus:/etc/prometheus\n',
      'prometheus/prometheus.yml': 'x: 1\n',
    });
    const refused = loadAndCompile({ cwd: dir, env: ENV });
    expect(refused.model).toBeUndefined();
    const d = refused.diagnostics.find((x) => x.code === 'CX3534')!;
    expect([d.line, d.column]).toEqual([6, 9]);
    expect(d.hint).toContain('a single configuration file can be mounted read-only (:ro)');
  });

  test('postgres with an init script and a config through Compose configs', () => {
    const { result } = rendered({
      'compose.yaml': `name: db
services:
  db:
    image: public.ecr.aws/docker/library/postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    volumes:
      - ./db/init.sql:/docker-entrypoint-initdb.d/init.sql:ro
    configs:
      - source: pgconf
        target: /etc/postgresql-config/postgresql.conf
        uid: "999"
        mode: 0440
    command: ["postgres", "-c", "config_file=/etc/postgresql-config/postgresql.conf"]
configs:
  pgconf:
    file: ./db/postgresql.conf
secrets:
  db_password:
    file: ./db/password.txt
`,
      'db/init.sql': 'CREATE TABLE hits (n int);\n',
      'db/postgresql.conf': "listen_addresses = '*'\n",
      'db/password.txt': 'pw-sample-91\n',
    });
    const script = initScript(result);
    // one init container writes the secret, the config and the mounted file
    expect(script).toContain('SECRET_DB_PASSWORD');
    expect(script).toContain('SECRET_CONFIG_PGCONF');
    expect(script).toContain('SECRET_FILE_DB_INIT_SQL');
    expect(script).toContain("chown 999 '/composex-secrets/");
    expect(script).toContain("chmod 0440 '/composex-secrets/");
  });

  test('react + express development file: source mounted into the build context is left out with a warning; node_modules volume kept', () => {
    const cwd = projectDir({
      'compose.yaml': `name: webapp
services:
  frontend:
    build: ./frontend
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend:1.0
    ports: ["3000:3000"]
    volumes:
      - ./frontend:/usr/src/app
      - /usr/src/app/node_modules
`,
      'frontend/Dockerfile': 'FROM node:20\nCOPY . /usr/src/app\n',
      'frontend/package.json': '{}\n',
    });
    const result = renderProject({ cwd, env: ENV });
    expect(result.warnings).toContain('CX3536');
    const all = JSON.stringify(result.files.map((f) => f.template));
    expect(all).not.toContain('composex-secrets');
    expect(all).toContain('"ContainerPath":"/usr/src/app/node_modules"');
  });

  test('a read-write config file mount (as many samples write it) is refused with the :ro fix at its entry', () => {
    const dir = projectDir({
      'compose.yaml': 'name: haproxy\nservices:\n  lb:\n    image: public.ecr.aws/docker/library/haproxy:2.9\n    volumes:\n      - ./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg\n',
      'haproxy.cfg': 'defaults\n  mode http\n',
    });
    const r = loadAndCompile({ cwd: dir, env: ENV });
    const d = r.diagnostics.find((x) => x.code === 'CX3535')!;
    expect([d.line, d.column]).toEqual([6, 9]);
    expect(d.hint).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  });
});
