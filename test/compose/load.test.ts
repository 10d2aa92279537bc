import * as path from 'path';
import { loadProject, LoadOptions } from '../../src/compose/load';
import { projectDir, yaml } from '../helpers/project-dir';

const EMPTY_ENV = { HOME: '/home/test' };

function load(files: Record<string, string>, options: Partial<LoadOptions> = {}) {
  const dir = projectDir(files);
  const result = loadProject({ cwd: dir, env: EMPTY_ENV, ...options });
  return { dir, ...result };
}

function errors(result: ReturnType<typeof load>) {
  return result.diagnostics.filter((d) => d.severity === 'error');
}

describe('discovery and project name', () => {
  test('compose.yaml and compose.override.yaml are found and merged', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: {A: "1"}\n',
      'compose.override.yaml': 'services:\n  web:\n    environment: {B: "2"}\n',
    });
    expect(errors(r)).toEqual([]);
    expect(r.project!.services.web.environment).toEqual({ A: '1', B: '2' });
    expect(r.project!.files.map((f) => path.basename(f))).toEqual(['compose.yaml', 'compose.override.yaml']);
  });

  test('docker-compose.yml is found from a subdirectory', () => {
    const dir = projectDir({ 'docker-compose.yml': 'services:\n  a:\n    image: x\n', 'sub/deeper/.keep': '' });
    const r = loadProject({ cwd: path.join(dir, 'sub', 'deeper'), env: EMPTY_ENV });
    expect(r.project?.services.a.image).toBe('x');
  });

  test('no compose file is a clear error', () => {
    const r = load({ 'README.md': 'nothing here' });
    expect(errors(r).map((d) => d.code)).toEqual(['CX1010']);
    expect(errors(r)[0].hint).toContain('-f');
  });

  test.each([
    ['flag wins', { projectName: 'flagged' }, { COMPOSE_PROJECT_NAME: 'fromenv' }, 'name: fromfile\n', 'flagged'],
    ['environment next', {}, { COMPOSE_PROJECT_NAME: 'fromenv' }, 'name: fromfile\n', 'fromenv'],
    ['top-level name next', {}, {}, 'name: fromfile\n', 'fromfile'],
    ['directory last', {}, {}, '', undefined],
  ])('project name: %s', (_label, options, env, head, expected) => {
    const r = load({ 'compose.yaml': `${head}services:\n  a:\n    image: x\n` }, { ...options, env: { ...EMPTY_ENV, ...env } });
    expect(errors(r)).toEqual([]);
    expect(r.project!.name).toBe(expected ?? path.basename(r.dir).toLowerCase().replace(/[^a-z0-9_-]/g, ''));
  });

  test('a project name is at most 64 characters, from any source (it names the stack and prefixes AWS names)', () => {
    const body = 'services:\n  a:\n    image: x\n';
    expect(errors(load({ 'compose.yaml': `name: ${'a'.repeat(64)}\n${body}` }))).toEqual([]);
    const long = load({ 'compose.yaml': `name: ${'a'.repeat(65)}\n${body}` });
    expect(errors(long).map((d) => [d.code, d.line, d.column])).toEqual([['CX1031', 1, 7]]);
    expect(errors(long)[0].message).toContain('is 65 characters');
    const fromFlag = load({ 'compose.yaml': body }, { projectName: 'p'.repeat(100) });
    expect(errors(fromFlag).map((d) => d.code)).toEqual(['CX1031']);
    expect(errors(fromFlag)[0].message).toContain('-p/--project-name');
  });

  test('-f may repeat and later files override earlier ones', () => {
    const r = load(
      {
        'base.yml': 'services:\n  a:\n    image: one\n    command: ["a", "b"]\n',
        'prod.yml': 'services:\n  a:\n    image: two\n    command: ["c"]\n',
      },
      { files: ['base.yml', 'prod.yml'] },
    );
    expect(r.project!.services.a.image).toBe('two');
    expect(r.project!.services.a.command).toEqual(['c']);
  });
});

describe('environment', () => {
  test('.env feeds interpolation and the process environment wins', () => {
    const r = load(
      {
        '.env': 'TAG=from-dotenv\nREPO=from-dotenv\n',
        'compose.yaml': 'services:\n  a:\n    image: ${REPO}:${TAG}\n',
      },
      { env: { ...EMPTY_ENV, TAG: 'from-shell' } },
    );
    expect(r.project!.services.a.image).toBe('from-dotenv:from-shell');
  });

  test('--env-file replaces .env', () => {
    const r = load(
      {
        '.env': 'TAG=dotenv\n',
        'prod.env': 'TAG=prod\n',
        'compose.yaml': 'services:\n  a:\n    image: x:${TAG}\n',
      },
      { envFiles: ['prod.env'] },
    );
    expect(r.project!.services.a.image).toBe('x:prod');
  });

  test('env_file is read into environment, environment wins, bare names come from the environment', () => {
    const r = load(
      {
        'app.env': 'A=from-file\nB=from-file\n',
        'compose.yaml': yaml`
          services:
            a:
              image: x
              env_file: app.env
              environment:
                - B=explicit
                - SHELL_VAR
        `,
      },
      { env: { ...EMPTY_ENV, SHELL_VAR: 'shell' } },
    );
    expect(r.project!.services.a.environment).toEqual({ A: 'from-file', B: 'explicit', SHELL_VAR: 'shell' });
  });
});

describe('scale', () => {
  test('scale sets deploy.replicas when that is absent, and equal values agree', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: x\n    scale: 3\n  b:\n    image: x\n    scale: 2\n    deploy: {replicas: 2, labels: {k: v}}\n' });
    expect(errors(r)).toEqual([]);
    expect(r.project!.services.a.deploy?.replicas).toBe(3);
    expect(r.project!.services.b.deploy).toEqual({ replicas: 2, labels: { k: 'v' } });
  });

  test('scale and deploy.replicas that disagree: CX1421 at scale', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: x\n    scale: 3\n    deploy: {replicas: 1}\n' });
    expect(errors(r).map((d) => [d.code, d.line, d.column])).toEqual([['CX1421', 4, 12]]);
  });
});

describe('published ports', () => {
  test('two services may publish one host port (valid Compose); the load balancer refuses it later (CX3201)', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: x\n    ports: ["80:80"]\n  b:\n    image: y\n    ports: ["80:8080"]\n' });
    expect(errors(r)).toEqual([]);
    expect(r.project?.services.b.ports).toEqual([{ mode: 'ingress', target: 8080, published: '80', protocol: 'tcp' }]);
  });
});

describe('extends', () => {
  test('same file and another file, with relative paths resolved from the other file', () => {
    const r = load({
      'common/base.yml': yaml`
        services:
          base:
            image: base:1
            env_file: base.env
            environment: {FROM_BASE: "1"}
      `,
      'common/base.env': 'IN_ENV_FILE=yes\n',
      'compose.yaml': yaml`
        services:
          web:
            extends:
              file: common/base.yml
              service: base
            environment: {OWN: "1"}
          worker:
            extends: web
            command: work
      `,
    });
    expect(errors(r)).toEqual([]);
    const { web, worker } = r.project!.services;
    expect(web.image).toBe('base:1');
    expect(web.environment).toEqual({ FROM_BASE: '1', IN_ENV_FILE: 'yes', OWN: '1' });
    expect(worker.environment).toEqual(web.environment);
    expect(worker.command).toEqual(['work']);
    expect(web.extends).toBeUndefined();
  });

  test('circular extends is an error at the extends key', () => {
    const r = load({
      'compose.yaml': yaml`
        services:
          a:
            image: x
            extends: b
          b:
            image: x
            extends: a
      `,
    });
    const e = errors(r).find((d) => d.code === 'CX1412');
    expect(e?.message).toMatch(/^circular extends: (a → b → a|b → a → b)$/);
    expect([e?.line, e?.column]).toEqual(expect.arrayContaining([expect.any(Number)]));
  });
});

describe('include', () => {
  test('an included project brings its services with paths relative to itself', () => {
    const r = load({
      'compose.yaml': yaml`
        include:
          - db/compose.yaml
        services:
          app:
            image: app
            depends_on: [db]
      `,
      'db/compose.yaml': yaml`
        services:
          db:
            image: postgres:16
            env_file: db.env
      `,
      'db/db.env': 'POSTGRES_DB=app\n',
    });
    expect(errors(r)).toEqual([]);
    expect(r.project!.services.db.environment).toEqual({ POSTGRES_DB: 'app' });
    expect(r.project!.services.app.depends_on.db.condition).toBe('service_started');
  });

  test('a name defined both locally and in the included project is an error', () => {
    const r = load({
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  db:\n    image: a\n',
      'other.yaml': 'services:\n  db:\n    image: b\n',
    });
    expect(errors(r).map((d) => [d.code, d.line, d.column])).toEqual([['CX1417', 4, 3]]);
  });
});

describe('profiles', () => {
  const files = {
    'compose.yaml': yaml`
      services:
        app:
          image: app
        debug:
          image: busybox
          profiles: [debug]
        tools:
          image: tools
          profiles: [tools]
          depends_on: [debug]
    `,
  };

  test('services with inactive profiles are removed', () => {
    const r = load(files);
    expect(Object.keys(r.project!.services)).toEqual(['app']);
    expect(r.project!.disabledServices).toEqual(['debug', 'tools']);
  });

  test('--profile and COMPOSE_PROFILES activate', () => {
    expect(Object.keys(load(files, { profiles: ['debug'] }).project!.services)).toEqual(['app', 'debug']);
    const r = load(files, { env: { ...EMPTY_ENV, COMPOSE_PROFILES: 'debug,tools' } });
    expect(Object.keys(r.project!.services)).toEqual(['app', 'debug', 'tools']);
  });

  test('a service that depends on a disabled service is an error', () => {
    const r = load(files, { profiles: ['tools'] });
    const e = errors(r);
    expect(e.map((d) => [d.code, d.line, d.column])).toEqual([['CX1030', 10, 18]]);
    expect(e[0].message).toBe('service "tools" depends on service "debug", which is disabled: it runs only with profile "debug"');
  });
});

/** Bad input: the exact code and position of the first error, for many kinds of mistake. */
describe('bad input positions', () => {
  test.each<[string, Record<string, string>, string, number, number, Partial<LoadOptions>?]>([
    // The YAML parser notices the missing quote where the document ends.
    ['broken YAML', { 'compose.yaml': 'services:\n  web:\n    image: "unterminated\n' }, 'CX1001', 4, 1],
    ['duplicate key', { 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' }, 'CX1002', 4, 5],
    ['top level not a mapping', { 'compose.yaml': '- a\n- b\n' }, 'CX1006', 1, 1],
    ['unknown service key', { 'compose.yaml': 'services:\n  web:\n    imagee: nginx\n' }, 'CX1201', 3, 5],
    ['wrong type', { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: 80\n' }, 'CX1202', 4, 12],
    ['unknown service in depends_on', { 'compose.yaml': 'services:\n  web:\n    image: a\n    depends_on: [dbb]\n  db:\n    image: b\n' }, 'CX1401', 4, 18],
    ['unknown link', { 'compose.yaml': 'services:\n  web:\n    image: a\n    links:\n      - nope\n' }, 'CX1402', 5, 9],
    ['circular depends_on', { 'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n' }, 'CX1411', 7, 18],
    ['required variable unset', { 'compose.yaml': 'services:\n  web:\n    image: "app:${TAG:?set TAG}"\n' }, 'CX1101', 3, 12],
    ['missing env_file', { 'compose.yaml': 'services:\n  web:\n    image: a\n    env_file:\n      - missing.env\n' }, 'CX1409', 5, 9],
    ['undefined network', { 'compose.yaml': 'services:\n  a:\n    image: x\n    networks: [back]\n' }, 'CX1403', 4, 16],
    ['undefined volume', { 'compose.yaml': 'services:\n  a:\n    image: x\n    volumes:\n      - data:/data\n' }, 'CX1404', 5, 9],
    ['undefined secret', { 'compose.yaml': 'services:\n  a:\n    image: x\n    secrets: [token]\n' }, 'CX1405', 4, 15],
    ['no image nor build', { 'compose.yaml': 'services:\n  a:\n    environment: {A: "1"}\n' }, 'CX1408', 2, 3],
    ['extends unknown service', { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: base\n' }, 'CX1413', 4, 14],
    ['circular extends', { 'compose.yaml': 'services:\n  a:\n    extends: a\n' }, 'CX1412', 3, 14],
    ['include missing file', { 'compose.yaml': 'include:\n  - nope.yaml\nservices:\n  a:\n    image: x\n' }, 'CX1415', 2, 5],
    ['invalid project name', { 'compose.yaml': 'name: My_App!\nservices:\n  a:\n    image: x\n' }, 'CX1031', 1, 7],
    ['YAML bomb', { 'compose.yaml': bomb() }, 'CX1005', 1, 1],
  ])('%s', (_label, files, code, line, column, ...rest) => {
    // A rest parameter keeps jest from taking a sixth argument for a `done` callback.
    const r = load(files, rest[0]);
    expect(r.project).toBeUndefined();
    const first = errors(r)[0];
    expect(first).toBeDefined();
    expect({ code: first.code, line: first.line, column: first.column }).toEqual({ code, line, column });
    expect(first.file).toBe(path.join(r.dir, Object.keys(files)[0]));
    expect(first.message.length).toBeGreaterThan(10);
    expect(first.hint).toBeTruthy();
  });

  test('a second YAML document is merged over the first, as Compose reads it (test/compose/fidelity.test.ts)', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: x\n---\nservices:\n  a:\n    image: y\n' });
    expect(errors(r)).toEqual([]);
    expect(r.project!.services.a.image).toBe('y');
  });

  test('every problem in one run is reported together', () => {
    const r = load({
      'compose.yaml': yaml`
        services:
          a:
            image: x
            depends_on: [nope]
            networks: [missing]
          b:
            image: "\${REQUIRED:?needed}"
          c:
            imagee: typo
      `,
    });
    const codes = errors(r).map((d) => d.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['CX1101', 'CX1201']));
  });

  test('a required variable error names the variable, never a value', () => {
    const r = load(
      { 'compose.yaml': 'services:\n  a:\n    image: x\n    environment:\n      TOKEN: "${SECRET_TOKEN:?must be set}"\n' },
      { env: { ...EMPTY_ENV, OTHER: 'hunter2' } },
    );
    const e = errors(r)[0];
    expect(e.message).toContain('SECRET_TOKEN');
    expect(JSON.stringify(r.diagnostics)).not.toContain('hunter2');
  });
});

function bomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('services:\n  a:\n    image: x\n    x-bomb: *a9');
  return lines.join('\n') + '\n';
}

describe('merge tags on whole services', () => {
  test('`name: !reset null` in a later file removes a service an earlier file declared', () => {
    const r = load({
      'compose.yaml': 'services:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data]\n  app:\n    image: app\nvolumes:\n  data: {}\n',
      'compose.override.yaml': 'services:\n  db: !reset null\nvolumes:\n  data: !reset null\n',
    });
    expect(errors(r)).toEqual([]);
    expect(Object.keys(r.project!.services)).toEqual(['app']);
    expect(r.project!.volumes).toEqual({});
  });

  test('`name: !override {...}` replaces the whole service, and extends still applies in that file', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: {A: "1"}\n',
      'compose.override.yaml': 'services:\n  base:\n    image: busybox\n    environment: {B: "2"}\n  web: !override\n    extends: base\n    command: [sh]\n',
    });
    expect(errors(r)).toEqual([]);
    expect(r.project!.services.web.image).toBe('busybox');
    expect(r.project!.services.web.environment).toEqual({ B: '2' });
    expect(r.project!.services.web.command).toEqual(['sh']);
  });
});
