/**
 * The fast paths of validation (the findings cache, engines in worker threads) report exactly what
 * the full validator reports: same diagnostics, in the same order, over the examples, a generated
 * project and templates with findings. The cache lives in a temporary directory, never the user's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateComposeYaml } from '../../bench/generate';
import { loadAndCompile } from '../../src/compile';
import { rawPropertyLocator, RawPropertyLocator } from '../../src/render/raw-properties';
import { renderModel } from '../../src/render/render';
import { openValidationCache, TemplateToValidate, Validation, validateTemplates, validatorPool } from '../../src/render/validate';
import { cacheDirectory, ValidationCache } from '../../src/render/validation-cache';
import { runCli } from '../helpers/cli';
import { projectDir, yaml } from '../helpers/project-dir';
import { EXAMPLES } from '../helpers/templates';

const tmpCache = () => fs.mkdtempSync(path.join(os.tmpdir(), 'composex-cache-test-'));

const BAD = JSON.stringify(
  { Parameters: { Unused: { Type: 'String' } }, Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { NotAProperty: 1, DelaySeconds: 5000 } } } },
  null,
  2,
);

/** A project whose raw x- properties the validator rejects: findings located in the compose file. */
const WITH_FINDINGS = yaml`
  services:
    api:
      image: nginx:1.27
  x-sqs:
    jobs:
      Properties:
        DelaySeconds: "soon"
      Services: {api: {Access: Producer}}
`;

interface Case {
  readonly name: string;
  readonly templates: readonly TemplateToValidate[];
  readonly raw?: RawPropertyLocator;
}

function compileAndRender(cwd: string, files: string[]): Case {
  const compiled = loadAndCompile({ cwd, files, env: { HOME: '/home/test' } });
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const rendered = renderModel(compiled.model);
  return { name: `${cwd} ${files.join(' ')}`, templates: rendered.files, raw: rawPropertyLocator(compiled.model, rendered.rawProperties) };
}

function cases(): Case[] {
  const examples: [string, string[]][] = [
    ['tweet-app', ['compose.yaml']],
    ['counters', ['compose.yaml', 'compose.rds.yaml']],
    ['django-nginx', ['compose.yaml']],
    ['mongodb', ['docker-compose.yml', 'cloud/docker-compose.override.yml']],
    ['shop', ['compose.yaml']],
    ['queue-worker', ['compose.yaml']],
    ['fanout', ['compose.yaml']],
    ['postgres', ['compose.yaml']],
  ];
  const generated = projectDir({ 'compose.yaml': generateComposeYaml({ services: 30, queues: 10, topics: 4, databases: 2 }) });
  return [
    ...examples.map(([name, files]) => compileAndRender(path.join(EXAMPLES, name), files)),
    compileAndRender(generated, ['compose.yaml']),
    compileAndRender(projectDir({ 'compose.yaml': WITH_FINDINGS }), ['compose.yaml']),
    { name: 'hand-written templates with findings', templates: [{ path: 'bad.json', content: BAD }, { path: 'broken.yaml', content: 'Resources: [' }] },
  ];
}

const all = cases();
/** The reference: every template through this process's engine, no cache, no workers. */
const full = new Map(all.map((c) => [c.name, validateTemplates(c.templates, c.raw)]));

test('the reference itself has findings to compare (errors and warnings, in templates and in the compose file)', () => {
  const codes = new Set([...full.values()].flat().map((d) => d.code));
  expect([...codes].sort()).toEqual(['CX5001', 'CX5002', 'CX5003']);
});

describe('the findings cache', () => {
  const dir = tmpCache();
  const cache = () => openValidationCache({ COMPOSEX_CACHE_DIR: dir })!;

  test('cold (every template validated and stored), then warm (every template read back): the same diagnostics', () => {
    const cold = cache();
    for (const c of all) expect(validateTemplates(c.templates, c.raw, { cache: cold })).toEqual(full.get(c.name));
    expect(cold.stats.writes).toBeGreaterThan(0);
    const warm = cache();
    for (const c of all) expect(validateTemplates(c.templates, c.raw, { cache: warm })).toEqual(full.get(c.name));
    // Everything came from the cache (a template that does not parse is a finding too).
    expect(warm.stats.misses).toBe(0);
    expect(warm.stats.writes).toBe(0);
  });

  test('a corrupt or foreign entry is ignored and rewritten', () => {
    const c = all[all.length - 1];
    const k = cache().key('bad.json', BAD);
    const file = path.join(dir, 'validation', k.slice(0, 2), `${k}.json`);
    for (const garbage of ['', '{"key":"', JSON.stringify({ key: 'other', findings: [] }), JSON.stringify({ key: k, findings: [{ severity: 'ERROR' }] })]) {
      fs.writeFileSync(file, garbage);
      const corrupt = cache();
      expect(validateTemplates(c.templates, c.raw, { cache: corrupt })).toEqual(full.get(c.name));
      expect(corrupt.stats.writes).toBe(1);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).key).toBe(k);
    }
  });

  test('entries are written atomically: no temporary file is left behind', () => {
    const leftovers = fs.readdirSync(path.join(dir, 'validation'), { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  test('the key covers the template name, its content and the validator identity', () => {
    const a = new ValidationCache(dir, 'validator 1');
    const b = new ValidationCache(dir, 'validator 2');
    expect(a.key('t.json', '{}')).not.toBe(a.key('u.json', '{}'));
    expect(a.key('t.json', '{}')).not.toBe(a.key('t.json', '{ }'));
    expect(a.key('t.json', '{}')).not.toBe(b.key('t.json', '{}'));
  });

  test('an unwritable cache directory only makes validation slower', () => {
    const file = path.join(tmpCache(), 'not-a-directory');
    fs.writeFileSync(file, '');
    const broken = openValidationCache({ COMPOSEX_CACHE_DIR: file })!;
    const c = all[all.length - 1];
    expect(validateTemplates(c.templates, c.raw, { cache: broken })).toEqual(full.get(c.name));
  });

  test('pruning: entries unused for 30 days go, a hit keeps an entry young, at most one pruning a day', () => {
    const root = tmpCache();
    const c = new ValidationCache(root, 'v');
    const day = 24 * 60 * 60 * 1000;
    const [used, unused, fresh] = ['a', 'b', 'c'].map((n) => c.key(`${n}.json`, '{}'));
    for (const k of [used, unused, fresh]) c.set(k, []);
    c.recordRun('old run', [unused]);
    const file = (k: string) => path.join(root, 'validation', k.slice(0, 2), `${k}.json`);
    const age = (f: string, days: number) => fs.utimesSync(f, new Date(Date.now() - days * day), new Date(Date.now() - days * day));
    age(file(used), 40);
    age(file(unused), 31);
    age(file(fresh), 29);
    for (const f of fs.readdirSync(path.join(root, 'runs'))) age(path.join(root, 'runs', f), 31);
    expect(c.get(used)).toEqual([]); // a hit: now young again
    expect(c.pruneIfDue()).toBe(2); // the unused entry and the old run record
    expect([used, unused, fresh].map((k) => fs.existsSync(file(k)))).toEqual([true, false, true]);
    expect(fs.readdirSync(path.join(root, 'runs'))).toEqual([]);
    // Pruned today: nothing is looked at again until a day has passed.
    age(file(fresh), 60);
    expect(c.pruneIfDue()).toBe(0);
    expect(fs.existsSync(file(fresh))).toBe(true);
    expect(c.pruneIfDue(Date.now() + day + 1000)).toBe(1);
    expect(fs.existsSync(file(fresh))).toBe(false);
  });

  test('the directory: COMPOSEX_CACHE_DIR, then XDG_CACHE_HOME/composex, then ~/.cache/composex', () => {
    expect(cacheDirectory({ COMPOSEX_CACHE_DIR: '/x/c', XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/x/c');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/composex');
    expect(cacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe('/h/.cache/composex');
    expect(cacheDirectory({ HOME: '/h' })).toBe('/h/.cache/composex');
  });
});

describe('engines in worker threads', () => {
  test('several workers sharing every template of every case, no cache: the same diagnostics as the in-process engine', () => {
    const pool = validatorPool();
    pool.grow(2);
    try {
      const templates = all.flatMap((c, n) => c.templates.map((t) => ({ ...t, path: `${n}/${t.path}` })));
      expect(validateTemplates(templates, undefined, { pool })).toEqual(validateTemplates(templates));
      expect(pool.size).toBe(2);
    } finally {
      pool.close();
    }
  });

  test('with a cache, cold then warm, through a fresh Validation each time (as the CLI does)', () => {
    const dir = tmpCache();
    // Each cold round starts an engine: a few cases, with and without findings.
    const some = [all.find((c) => c.name.includes(`${path.sep}shop `))!, ...all.slice(-2)];
    for (const round of ['cold', 'warm']) {
      for (const c of some) {
        const v = new Validation({ cache: openValidationCache({ COMPOSEX_CACHE_DIR: dir }), prestart: round === 'cold' });
        expect(v.validate(c.templates, c.raw)).toEqual(full.get(c.name));
      }
    }
  });
});

describe('composex render and the cache', () => {
  test('render stores findings in COMPOSEX_CACHE_DIR; --no-cache neither reads nor writes it; the output is the same', async () => {
    const cwd = projectDir({ 'compose.yaml': WITH_FINDINGS.replace('"soon"', '5') });
    const dir = tmpCache();
    const env = { HOME: '/home/test', COMPOSEX_CACHE_DIR: dir };
    const entries = () => (fs.existsSync(path.join(dir, 'validation')) ? fs.readdirSync(path.join(dir, 'validation'), { recursive: true }).map(String).filter((f) => f.endsWith('.json')) : []);

    const uncached = await runCli(['render', '-o', 'out-a', '--no-cache'], cwd, env);
    expect(uncached.code).toBe(0);
    expect(entries()).toEqual([]);
    const cold = await runCli(['render', '-o', 'out-b'], cwd, env);
    const stored = entries();
    expect(stored.length).toBeGreaterThan(0);
    const warm = await runCli(['render', '-o', 'out-c'], cwd, env);
    expect(entries()).toEqual(stored);
    for (const r of [cold, warm]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(uncached.stderr);
      expect(r.stdout.replace(/out-\w/g, 'OUT')).toBe(uncached.stdout.replace(/out-\w/g, 'OUT'));
    }
    for (const name of fs.readdirSync(path.join(cwd, 'out-a'))) {
      expect(fs.readFileSync(path.join(cwd, 'out-c', name), 'utf8')).toBe(fs.readFileSync(path.join(cwd, 'out-a', name), 'utf8'));
    }
  });

  test('a finding read from the cache fails the render exactly as a fresh one does', async () => {
    const cwd = projectDir({ 'compose.yaml': WITH_FINDINGS });
    const env = { HOME: '/home/test', COMPOSEX_CACHE_DIR: tmpCache() };
    const fresh = await runCli(['render', '-o', 'out', '--no-cache'], cwd, env);
    const cold = await runCli(['render', '-o', 'out'], cwd, env);
    const warm = await runCli(['render', '-o', 'out'], cwd, env);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/CX5003/);
    for (const r of [cold, warm]) expect(r).toEqual(fresh);
  });
});
