/**
 * The Compose schema's validator is generated ahead of time (schemas/compose.schema.validate.js,
 * by scripts/gen-compose-validator.ts with ajv's standalone code) instead of compiled with ajv on
 * every run. Here: the committed file is what the generator makes of the committed schema, it
 * needs nothing of ajv but its small runtime helpers, and the diagnostics it leads to are the
 * ones a validator compiled with ajv at run time leads to, message, location and hint.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { composeValidatorSource, SCHEMA_FILE, VALIDATOR_FILE } from '../../scripts/gen-compose-validator';
import type { Diagnostic } from '../../src/diagnostics';
import type { SourceMap } from '../../src/compose/source-map';
import { parseYaml } from '../../src/compose/yaml';

const ROOT = path.join(__dirname, '..', '..');
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

test('the committed validator is generated from the committed schema (else: npm run generate:validator)', () => {
  const expected = composeValidatorSource(fs.readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8'));
  const committed = fs.readFileSync(path.join(ROOT, VALIDATOR_FILE), 'utf8');
  // Not toEqual on 400 KB of code: a stale file fails with one line that says what to do.
  expect(committed === expected ? 'up to date' : `${VALIDATOR_FILE} is stale: run npm run generate:validator`).toBe('up to date');
});

test('the generated validator needs only ajv runtime helpers (ajv itself is not loaded)', () => {
  const source = fs.readFileSync(path.join(ROOT, VALIDATOR_FILE), 'utf8');
  const required = [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  expect(required.filter((r) => !r.startsWith('ajv/dist/runtime/'))).toEqual([]);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(Object.keys(pkg.dependencies)).toContain('ajv');
});

/** Invalid documents reaching every kind of error the messages word, in inlined and separately compiled definitions. */
const INVALID: readonly string[] = [
  yaml('services:', '  web:', '    image: nginx', '    replicas: 2', '    imag: x'),
  yaml('services:', '  web:', '    image: 3', '    init: maybe', '    ports: 80'),
  yaml('services:', '  web:', '    image: nginx', '    ports:', '      - target: eighty', '        protocol: sctp', '      - { published: 80 }'),
  yaml('services:', '  web:', '    image: nginx', '    deploy:', '      replicas: many', '      resources: { limits: { cpus: [1] } }', '      restart_policy: { delay: 5 }'),
  yaml('services:', '  web:', '    image: nginx', '    healthcheck: { test: 3, interval: 10, retries: "x" }', '    stop_grace_period: 1'),
  yaml('services:', '  web:', '    image: nginx', '    environment: [A=1, A=1]', '    cap_add: [NET_ADMIN, NET_ADMIN]', '    command: { a: 1 }'),
  yaml('services:', '  web:', '    image: nginx', '    volumes:', '      - type: bind', '      - { type: tmpfs, target: /t, tmpfs: { size: lots } }', '      - 3'),
  yaml('services:', '  web:', '    image: nginx', '    depends_on: { db: { condition: sometimes } }', '    networks: [1]', '    ulimits: { nofile: { soft: x } }'),
  yaml('services:', '  "bad name!":', '    image: nginx', '  ok:', '    build: { context: ., args: [1, 2], target: 3 }'),
  yaml('services:', '  web:', '    image: nginx', '    logging: { driver: 1, options: { a: [] } }', '    mem_limit: lots', '    cpus: many'),
  yaml('version: [1]', 'name: 3', 'include: [{ env_file: 3 }]', 'services: []', 'networks: { n: { external: maybe, ipam: { config: 3 } } }'),
  yaml('volumes:', '  "v v": {}', '  d: { driver_opts: { a: [] } }', 'secrets: { s: { file: 3, environment: [] } }', 'configs: { c: 3 }', 'models: { m: {} }'),
  yaml('services:', '  web:', '    image: nginx', '    extra_hosts: 3', '    labels: [1]', '    sysctls: { a: [] }', '    gpus: [{ count: x }]'),
  yaml('services:', '  web:', '    image: nginx', '    develop: { watch: [{ action: jump }] }', '    pre_start: [{ user: 3 }]', '    devices: [3]'),
  yaml('services:', '  web:', '    image: nginx', '    secrets: [{ source: s, mode: rw }]', '    blkio_config: { weight: x, device_read_bps: [{ path: 1 }] }'),
  yaml('services:', '  web: ~', '  db:', '    image: x', '    expose: [{}]', '    dns: 3', '    env_file: [{ path: 3, required: x }]'),
];

type Validate = (doc: unknown, file: string, sourceMap: SourceMap) => Diagnostic[];

/** schema.ts's validateComposeDocument, loaded with the generated validator or with one ajv compiles now. */
function validatorWith(compileNow: boolean): Validate {
  let validate: Validate | undefined;
  jest.isolateModules(() => {
    if (compileNow) {
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8'));
      const ajv = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
      ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
      const compiled = Object.assign(ajv.compile(schema), { schemas: [schema] });
      jest.doMock(path.join(ROOT, VALIDATOR_FILE), () => compiled);
    }
    validate = (require('../../src/compose/schema') as { validateComposeDocument: Validate }).validateComposeDocument;
  });
  return validate!;
}

test('the generated validator leads to the diagnostics a validator compiled at run time leads to', () => {
  const generated = validatorWith(false);
  const compiledNow = validatorWith(true);
  let count = 0;
  for (const text of INVALID) {
    const parsed = parseYaml(text, 'compose.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const expected = compiledNow(parsed.value, 'compose.yaml', parsed.sourceMap);
    expect(expected.length).toBeGreaterThan(0);
    expect(generated(parsed.value, 'compose.yaml', parsed.sourceMap)).toEqual(expected);
    count += expected.length;
  }
  expect(count).toBeGreaterThan(40);
});
