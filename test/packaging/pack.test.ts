/**
 * What `npm pack` puts in the package, from a fresh build of a copy of the working tree (the
 * working tree's own dist/ may be stale or built differently): the CLI, the compiled library with
 * its declarations, the schemas, the docs the README links to, LICENSE and README — and nothing
 * from the tests, the benchmarks, the examples or the sources, and no source maps (they would
 * point at sources that are not shipped). npm must not warn while packing.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
/** Not copied: installed or generated, never package inputs. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'cdk.out', 'out']);

interface PackResult {
  readonly files: string[];
  readonly stderr: string;
  readonly build: string;
}

let packed: PackResult;
let copy: string;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-pack-'));
  fs.cpSync(ROOT, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(path.relative(ROOT, src).split(path.sep)[0]) });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  // The build `npm pack` runs (prepare: clean, then tsc with tsconfig.build.json), without npm
  // around it so that only pack's own output is checked for warnings.
  const build = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: copy, encoding: 'utf8' });
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: copy, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'notice' } });
  if (pack.status !== 0) throw new Error(`npm pack failed (${pack.status}): ${pack.stderr}`);
  const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
  packed = { files, stderr: pack.stderr, build };
}, 300_000);

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** Relative link targets of a Markdown file (`[text](docs/x.md#anchor)` → `docs/x.md`), from the package root. */
function relativeLinks(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:|^#/.test(t));
  return targets.map((t) => path.posix.normalize(path.posix.join(path.posix.dirname(file), t.replace(/#.*$/, ''))));
}

describe('npm pack', () => {
  test('the CLI, the library with its declarations, the schemas, the docs, LICENSE and README are in', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const expected = [
      'LICENSE',
      'README.md',
      'package.json',
      pkg.bin.composex,
      pkg.main,
      pkg.types,
      'dist/src/cli/main.js',
      'dist/src/cdk/construct.js',
      'dist/src/cdk/construct.d.ts',
      ...fs.readdirSync(path.join(ROOT, 'schemas')).map((f) => `schemas/${f}`),
      ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`),
    ];
    expect(expected.filter((f) => !packed.files.includes(f))).toEqual([]);
    // every source file of the library is compiled into the package
    const sources = (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const missing = sources.map((f) => `dist/src/${f.split(path.sep).join('/').replace(/\.ts$/, '.js')}`).filter((f) => !packed.files.includes(f));
    expect(missing).toEqual([]);
  });

  test('every document the README (and the docs) link to by a relative path is shipped', () => {
    const docs = packed.files.filter((f) => f.startsWith('docs/') && f.endsWith('.md'));
    const links = ['README.md', ...docs].flatMap((f) => relativeLinks(f).map((target) => ({ from: f, target })));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !packed.files.includes(l.target))).toEqual([]);
  });

  test('nothing from the tests, benchmarks, examples, scripts or sources; no source maps', () => {
    const unwanted = packed.files.filter(
      (f) => /^(test|src|bench|examples|scripts|\.ci)\//.test(f) || /^dist\/(?!src\/)/.test(f) || /\.map$/.test(f) || /^bin\/.*\.ts$/.test(f) || /^tsconfig/.test(f),
    );
    expect(unwanted).toEqual([]);
    // and the compiled files do not reference maps either
    const main = fs.readFileSync(path.join(copy, 'dist', 'src', 'index.js'), 'utf8');
    expect(main).not.toMatch(/sourceMappingURL/);
    expect(fs.readFileSync(path.join(copy, 'dist', 'src', 'index.d.ts'), 'utf8')).not.toMatch(/sourceMappingURL/);
  });

  test('npm does not warn while packing; the build prints nothing', () => {
    expect(packed.stderr.split('\n').filter((l) => /\bwarn|\bERR/i.test(l))).toEqual([]);
    expect(packed.build).toBe('');
  });
});

describe('the installed package', () => {
  /** The packed files of the copy, as npm installs them: node_modules/composex in a fresh directory. */
  let app: string;
  beforeAll(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-installed-'));
    const installed = path.join(app, 'node_modules', 'composex');
    for (const file of packed.files) {
      fs.mkdirSync(path.dirname(path.join(installed, file)), { recursive: true });
      fs.copyFileSync(path.join(copy, file), path.join(installed, file));
    }
    // Its dependencies and peers (aws-cdk-lib, constructs) are the app's: here, ours.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
    for (const peer of ['aws-cdk-lib', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(app, 'node_modules', peer), 'dir');
  });
  afterAll(() => {
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  const node = (code: string) => spawnSync(process.execPath, ['-e', code], { cwd: app, encoding: 'utf8' });

  test("import { ComposeX } from 'composex' is the construct, with the library API; deep imports are closed", () => {
    const run = node(`
      const composex = require('composex');
      const { App, Stack } = require('aws-cdk-lib');
      const stack = new Stack(new App(), 'S');
      const shop = new composex.ComposeX(stack, 'Shop', { files: ['none.yaml'], load: { env: {} } });
      console.log(JSON.stringify({ construct: typeof composex.ComposeX, load: typeof composex.loadProject, compile: typeof composex.compileProject, diagnostics: shop.diagnostics.map((d) => d.code) }));
    `);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ construct: 'function', load: 'function', compile: 'function', diagnostics: ['CX1011'] });
    expect(node(`require('composex/dist/src/cdk')`).stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    expect(node(`console.log(require('composex/package.json').name)`).stdout.trim()).toBe('composex');
  });

  test('the exports map gives types and code, and matches main and types', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: `./${pkg.types}`, default: `./${pkg.main}` });
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types'); // TypeScript reads the first matching condition
    for (const target of [pkg.types, pkg.main]) expect(packed.files).toContain(target);
    expect(fs.readFileSync(path.join(copy, pkg.types), 'utf8')).toMatch(/ComposeX/);
  });

  test('the CLI still runs from the installed package', () => {
    const run = spawnSync(process.execPath, [path.join(app, 'node_modules', 'composex', 'bin', 'composex.js'), '--version'], { cwd: app, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('package.json and LICENSE', () => {
  test('aws-cdk-lib and constructs are peer dependencies (the app’s copies are used), and dev dependencies for our own build', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.peerDependencies).toEqual({ 'aws-cdk-lib': '^2.273.0', constructs: '^10.5.0' });
    expect(pkg.dependencies['aws-cdk-lib']).toBeUndefined();
    expect(pkg.dependencies.constructs).toBeUndefined();
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['aws-cdk-lib', 'constructs']));
    // The version we build and test with lies inside the range we promise.
    const [major, minor] = (require('aws-cdk-lib/package.json') as { version: string }).version.split('.').map(Number);
    expect(major).toBe(2);
    expect(minor).toBeGreaterThanOrEqual(273);
  });

  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('where the project lives, and how it is found', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/composex/composex.git' });
    expect(pkg.homepage).toBe('https://github.com/composex/composex#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/composex/composex/issues' });
    expect(pkg.keywords).toEqual(expect.arrayContaining(['docker-compose', 'aws', 'cloudformation', 'ecs', 'fargate']));
  });

  test('LICENSE is the full Apache License 2.0, as package.json says', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    for (const section of ['1. Definitions.', '2. Grant of Copyright License.', '3. Grant of Patent License.', '4. Redistribution.', '9. Accepting Warranty or Additional Liability.', 'END OF TERMS AND CONDITIONS']) {
      expect(license).toContain(section);
    }
    expect(license.length).toBeGreaterThan(11_000);
  });

  test('the build configuration emits no source or declaration maps', () => {
    const build = fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8');
    expect(build).toMatch(/"sourceMap":\s*false/);
    expect(build).toMatch(/"declarationMap":\s*false/);
  });
});
