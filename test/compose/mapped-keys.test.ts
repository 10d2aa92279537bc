/**
 * Every key src/compose/keys.ts calls `mapped` must show in the templates: rendering a minimal
 * project WITH the key must give different templates than the same project WITHOUT it. Otherwise
 * docs/compose-support.md (generated from keys.ts) promises something no code does — as `scale`
 * and `storage_opt` once did.
 *
 * SAMPLES gives each mapped key (service keys, and `deploy.<key>` for the deploy table) one or
 * more small valid values, plus whatever context the key needs (another service, top-level
 * networks / volumes / secrets, files). The context is in both renders; only the key differs.
 * A key whose ecs description names several effects gets a sample per effect.
 *
 * EXCEPTIONS lists the mapped keys whose effect legitimately cannot show in the templates, with
 * the reason. (This test found stdin_open, tty, volumes_from, logging options, deploy.labels tags
 * and update_config.failure_action documented but without effect; all are mapped now.)
 *
 * Every key listed as mapped in keys.ts must be in SAMPLES or EXCEPTIONS, and nothing else may be
 * there.
 */
import * as fs from 'fs';
import { stringify } from 'yaml';
import { loadAndCompile } from '../../src/compile';
import { DEPLOY_KEYS, KeyRule, SERVICE_KEYS } from '../../src/compose/keys';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderedFile } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';

type Doc = Record<string, unknown>;

/** What a sample needs around it; present both WITH and WITHOUT the key. */
interface Context {
  /** Keys of `web` besides `image` (e.g. a family label). */
  readonly web?: Doc;
  /** Other services. */
  readonly services?: Record<string, Doc>;
  /** Top-level declarations (networks, volumes, secrets). */
  readonly top?: Doc;
  /** Other files of the project, relative path → text. */
  readonly files?: Record<string, string>;
}

interface Sample {
  /** The key's value WITH. */
  readonly value: unknown;
  /**
   * The key's value WITHOUT, when the key cannot be absent (image) or the sample shows one part of
   * a value (a link's alias); otherwise the key is absent.
   */
  readonly without?: unknown;
  readonly context?: Context;
}

/** `key` or `deploy.key`, as in the tables of keys.ts. */
type KeyName = string;

const IMAGE = 'nginx:1.27';

/** A service on another family that `web` can call. */
const DB = { db: { image: 'postgres:16', expose: ['5432'] } };
/** `web` and its sidecar in one family (one task definition). */
const FAMILY = { 'ecs.task.family': 'app' };

const SAMPLES: Record<KeyName, readonly Sample[]> = {
  cap_add: [{ value: ['SYS_PTRACE'] }],
  cap_drop: [{ value: ['NET_RAW'] }],
  command: [{ value: ['nginx', '-g', 'daemon off;'] }],
  cpus: [{ value: '0.5' }],
  depends_on: [
    // Across families: stack order and ingress to the dependency.
    { value: ['db'], context: { services: DB } },
    // Inside a family: ContainerDefinition.DependsOn.
    {
      value: { db: { condition: 'service_started' } },
      context: { web: { deploy: { labels: FAMILY } }, services: { db: { ...DB.db, deploy: { labels: FAMILY } } } },
    },
  ],
  deploy: [{ value: { replicas: 2 } }],
  entrypoint: [{ value: ['/docker-entrypoint.sh'] }],
  env_file: [{ value: ['web.env'], context: { files: { 'web.env': 'GREETING=hello\n' } } }],
  environment: [{ value: { LOG_LEVEL: 'debug' } }],
  expose: [{ value: ['8080'] }],
  // Resolved when loading: web starts from `common`'s keys (here its working_dir).
  extends: [
    {
      value: { file: 'common.yaml', service: 'common' },
      context: { files: { 'common.yaml': stringify({ services: { common: { image: IMAGE, working_dir: '/srv' } } }) } },
    },
  ],
  healthcheck: [
    { value: { test: ['CMD', 'curl', '-f', 'http://localhost/'], interval: '30s', timeout: '5s', retries: 3, start_period: '10s' } },
    // A string test runs in a shell: CMD-SHELL.
    { value: { test: 'curl -f http://localhost/ || exit 1' } },
  ],
  // `image` cannot be absent here (without it, `build` must be given: see EXCEPTIONS).
  image: [{ value: 'public.ecr.aws/docker/library/httpd:2.4', without: IMAGE }],
  init: [{ value: true }],
  // awslogs options composex passes on (the group and region are its own).
  logging: [{ value: { driver: 'awslogs', options: { 'awslogs-stream-prefix': 'custom', mode: 'non-blocking' } } }],
  labels: [{ value: { 'com.example.team': 'web' } }],
  links: [
    { value: ['db'], context: { services: DB } },
    // The alias becomes a Service Connect name.
    { value: ['db:database'], without: ['db'], context: { services: DB } },
  ],
  mem_limit: [{ value: '512m' }],
  mem_reservation: [{ value: '256m' }],
  networks: [
    // Aliases become Service Connect names.
    { value: { default: { aliases: ['www'] } }, context: { web: { expose: ['80'] } } },
  ],
  platform: [{ value: 'linux/arm64' }],
  ports: [{ value: ['8080:80'] }],
  // Chooses which services are deployed: web is left out unless its profile is active.
  profiles: [{ value: ['debug'], context: { services: { worker: { image: 'busybox:1.36', command: ['sleep', 'infinity'] } } } }],
  read_only: [{ value: true }],
  scale: [{ value: 3 }],
  configs: [{ value: [{ source: 'app', target: '/etc/app/app.conf' }], context: { top: { configs: { app: { content: 'key = value' } } } } }],
  secrets: [{ value: ['token'], context: { top: { secrets: { token: { external: true, 'x-secrets': { Name: 'app/token' } } } } } }],
  stdin_open: [{ value: true }],
  stop_grace_period: [{ value: '30s' }],
  storage_opt: [{ value: { size: '30G' } }],
  sysctls: [{ value: { 'net.core.somaxconn': 1024 } }],
  tmpfs: [{ value: ['/tmp'] }],
  tty: [{ value: true }],
  ulimits: [{ value: { nofile: { soft: 1024, hard: 2048 } } }],
  user: [{ value: '1000' }],
  volumes: [
    // Named volume → EFS.
    { value: ['data:/data'], context: { top: { volumes: { data: {} } } } },
    // Anonymous volume → a scratch volume of the task.
    { value: ['/cache'] },
    // A read-only bind mount of one file → a configuration file written by the init container.
    { value: ['./app.conf:/etc/app/app.conf:ro'], context: { files: { 'app.conf': 'key = value\n' } } },
  ],
  // The volumes of another container of the same task.
  volumes_from: [
    {
      value: ['side:ro'],
      context: { web: { deploy: { labels: FAMILY } }, services: { side: { image: 'busybox:1.36', volumes: ['/shared'], deploy: { labels: FAMILY } } } },
    },
  ],
  working_dir: [{ value: '/app' }],

  // ecs.task.family puts services into one task definition; other labels tag the ECS service.
  'deploy.labels': [{ value: { 'ecs.task.family': 'edge' } }, { value: { team: 'web' } }],
  'deploy.replicas': [{ value: 3 }],
  'deploy.resources': [
    { value: { limits: { cpus: '2' } } },
    { value: { limits: { memory: '1g' } } },
    { value: { reservations: { memory: '256m' } } },
  ],
  'deploy.update_config': [
    { value: { order: 'stop-first' } },
    // The circuit breaker: pause stops without rolling back.
    { value: { failure_action: 'pause' }, without: { failure_action: 'rollback' } },
  ],
};

/** Mapped keys whose effect legitimately cannot show in the templates. Keep short. */
const EXCEPTIONS: Record<KeyName, string> = {
  'deploy.mode': 'the only value it maps, `replicated`, is the default (REPLICA scheduling); every other value is rejected',
  build:
    'it takes effect without `image`, and a service without both does not compile (CX1408); test/aws/built-images.test.ts shows the ECR repository, the image parameter and the pull permission it adds',
};


// ---------------------------------------------------------------------------------------------

const mappedKeys = (rules: Readonly<Record<string, KeyRule>>, prefix = ''): string[] =>
  Object.entries(rules)
    .filter(([, rule]) => rule.class === 'mapped')
    .map(([key]) => prefix + key);

const MAPPED: readonly KeyName[] = [...mappedKeys(SERVICE_KEYS), ...mappedKeys(DEPLOY_KEYS, 'deploy.')].sort();

/** The compose document: `web` (nginx:1.27, the context's keys, and the key when given) and the context. */
function document(context: Context = {}, key?: KeyName, value?: unknown): Doc {
  const web: Doc = { image: IMAGE, ...structuredClone(context.web ?? {}) };
  if (key !== undefined) {
    const [head, sub] = key.split('.');
    if (sub === undefined) web[head] = structuredClone(value);
    else web[head] = { ...((web[head] as Doc | undefined) ?? {}), [sub]: structuredClone(value) };
  }
  return { name: 'mapped', services: { web, ...structuredClone(context.services ?? {}) }, ...structuredClone(context.top ?? {}) };
}

interface Rendered {
  readonly files: readonly RenderedFile[];
  readonly contents: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function render(doc: Doc, files: Record<string, string> = {}): Rendered {
  const dir = projectDir({ 'compose.yaml': stringify(doc), ...files });
  dirs.push(dir);
  const compiled = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: { HOME: '/home/test' } });
  if (!compiled.model) {
    throw new Error(
      `does not compile:\n${stringify(doc)}\n` + compiled.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'),
    );
  }
  const result = renderModel(compiled.model);
  return { files: result.files, contents: result.files.map((f) => f.content), diagnostics: compiled.diagnostics };
}

function renderPair(key: KeyName, sample: Sample) {
  return {
    without: render(sample.without === undefined ? document(sample.context) : document(sample.context, key, sample.without), sample.context?.files),
    with: render(document(sample.context, key, sample.value), sample.context?.files),
  };
}

/** Rejected (CX1301) or ignored (CX1302) findings at the key: a mapped key has none. */
function classifiedOtherwise(rendered: Rendered, key: KeyName): string[] {
  return rendered.diagnostics
    .filter((d) => (d.code === 'CX1301' || d.code === 'CX1302') && [':', ' ', '.', '['].some((next) => d.message.startsWith(key + next)))
    .map((d) => `${d.code} ${d.message}`);
}

function sameTemplates(a: Rendered, b: Rendered): boolean {
  return a.contents.length === b.contents.length && a.contents.every((c, i) => c === b.contents[i]);
}

const describeSample = (key: KeyName, sample: Sample) =>
  `${key}: ${JSON.stringify(sample.value)}` + (sample.without === undefined ? '' : ` (against ${JSON.stringify(sample.without)})`);

const cases = Object.entries(SAMPLES).flatMap(([key, samples]) => samples.map((sample) => [describeSample(key, sample), key, sample] as const));

describe('every mapped key of keys.ts changes the templates', () => {
  test('SAMPLES and EXCEPTIONS cover exactly the mapped keys', () => {
    const covered = new Set([...Object.keys(SAMPLES), ...Object.keys(EXCEPTIONS)]);
    expect([...covered].sort()).toEqual(MAPPED);
    // An exception is for a key no sample can show, so it has no sample.
    expect(Object.keys(EXCEPTIONS).filter((k) => k in SAMPLES)).toEqual([]);
    for (const samples of Object.values(SAMPLES)) expect(samples.length).toBeGreaterThan(0);
  });

  test('control: the same project rendered twice (in different directories) gives the same templates', () => {
    const context = SAMPLES.depends_on[1].context;
    expect(render(document(context)).contents).toEqual(render(document(context)).contents);
  });

  test.each(cases)('%s', (_name, key, sample) => {
    const { without, with: withKey } = renderPair(key, sample);
    expect(classifiedOtherwise(withKey, key)).toEqual([]);
    if (sameTemplates(withKey, without)) throw new Error(`${describeSample(key, sample)} changes nothing in the templates, yet keys.ts says it is mapped`);
    expect(validateTemplates(withKey.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
