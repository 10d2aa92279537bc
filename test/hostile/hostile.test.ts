/**
 * Broken and hostile projects through the whole CLI (`composex render`, validation on): each one
 * exits 1 with exactly the expected errors at their `file:line:column`, without a stack trace, and
 * writes nothing. The corpus is data (corpus/<case>/expected.json, see README.md); the huge and
 * deeply nested documents are generated here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { removeTemporaryDirs, temporaryDir } from '../helpers/generate-project';

const CORPUS = path.join(__dirname, 'corpus');

interface Expected {
  readonly args?: string[];
  readonly env?: Record<string, string>;
  /** `file:line:column CODE` of every error diagnostic. */
  readonly errors: string[];
}

/** The error diagnostics printed on stderr, as `file:line:column CODE`. */
function errorLines(stderr: string): string[] {
  return [...stderr.matchAll(/^(\S+:\d+:\d+): error (CX\d{4}):/gm)].map((m) => `${m[1]} ${m[2]}`);
}

/** Renders the project in `dir` into `dir/out` and checks what must hold for every hostile input. */
async function renderHostile(dir: string, args: readonly string[] = [], env?: Record<string, string>) {
  const result = await runCli(['render', '-o', 'out', ...args], dir, env);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/^\s+at /m); // stack frames
  expect(result.stderr).not.toMatch(/Error:/); // RangeError:, TypeError:, Error: … (diagnostics say "error CX…")
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^\d+ errors?\b/m); // the tally closes a normal report
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  expect(fs.readdirSync(dir).filter((f) => f.includes('composex') || f.startsWith('out'))).toEqual([]);
  return result;
}

const tempDir = () => temporaryDir('composex-hostile-');
afterAll(removeTemporaryDirs);

function writeFiles(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const cases = fs
  .readdirSync(CORPUS)
  .filter((name) => fs.statSync(path.join(CORPUS, name)).isDirectory())
  .sort();

test('the corpus holds at least 40 cases, each with its expected errors', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  for (const name of cases) {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    expect(expected.errors.length).toBeGreaterThan(0);
    for (const line of expected.errors) expect(line).toMatch(/^\S+:\d+:\d+ CX\d{4}$/);
  }
});

describe.each(cases)('%s', (name) => {
  test('exits 1 with exactly the expected errors, no stack trace, nothing written', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
    const dir = tempDir();
    fs.cpSync(path.join(CORPUS, name), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'expected.json'));
    const result = await renderHostile(dir, expected.args ?? [], expected.env);
    expect(errorLines(result.stderr)).toEqual(expected.errors);
  });
});

describe('generated huge and deep documents', () => {
  const service = 'services:\n  web:\n    image: nginx:1.27\n';

  test.each<[string, () => string]>([
    // The parser overflows its own stack on these; reported as a document too deep, not as a crash.
    ['100,000 nested flow sequences', () => `${service}x-deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['5,000 nested block mappings', () => `${service}x-deep:\n${Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}`],
    // Deeper than composex's own limit (200), shallow enough for the parser.
    ['300 nested mappings', () => `${service}x-deep: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n`],
    // Aliases of merge keys: a few lines that expand to billions of nodes.
    [
      'a merge-key alias bomb',
      () => {
        let text = 'x-a0: &a0 {k0: v}\n';
        for (let i = 1; i <= 12; i++) text += `x-a${i}: &a${i}\n  <<: [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n  k${i}: v\n`;
        return `${text}${service}    labels:\n      <<: *a12\n`;
      },
    ],
  ])('%s: CX1005 at the top of the file', async (_name, generate) => {
    const dir = writeFiles({ 'compose.yaml': generate() });
    const result = await renderHostile(dir);
    expect(errorLines(result.stderr)).toEqual(['compose.yaml:1:1 CX1005']);
  });

  test('a 2 MB scalar and 5,000 services chained by depends_on, the last naming an unknown service', async () => {
    const n = 5000;
    let text = `x-blob: "${'x'.repeat(2_000_000)}"\nservices:\n`;
    for (let i = 0; i < n; i++) text += `  svc${i}:\n    image: example/s:1\n    expose: ["8000"]\n    depends_on: [${i + 1 < n ? `svc${i + 1}` : 'missing'}]\n`;
    const dir = writeFiles({ 'compose.yaml': text });
    const result = await renderHostile(dir);
    // Line 1 is the blob, line 2 `services:`, then 4 lines per service.
    expect(errorLines(result.stderr)).toEqual([`compose.yaml:${2 + 4 * (n - 1) + 4}:18 CX1401`]);
  });

  test('5,000 services each extending the next', async () => {
    const n = 5000;
    let text = 'services:\n  svc0:\n    extends: svc1\n    depends_on: [missing]\n';
    for (let i = 1; i < n; i++) text += `  svc${i}:\n${i + 1 < n ? `    extends: svc${i + 1}\n` : '    image: example/s:1\n'}`;
    const dir = writeFiles({ 'compose.yaml': text });
    const result = await renderHostile(dir);
    expect(errorLines(result.stderr)).toEqual(['compose.yaml:4:18 CX1401']);
  });

  test('a chain of 100 files each including the next: stopped at 64 levels', async () => {
    const files: Record<string, string> = { 'compose.yaml': 'include:\n  - c1.yaml\nservices:\n  s0:\n    image: example/s:1\n' };
    for (let i = 1; i < 100; i++) files[`c${i}.yaml`] = `include:\n  - c${i + 1}.yaml\nservices:\n  s${i}:\n    image: example/s:1\n`;
    files['c100.yaml'] = 'services:\n  s100:\n    image: example/s:1\n';
    const result = await renderHostile(writeFiles(files));
    expect(errorLines(result.stderr)).toEqual(['c63.yaml:2:5 CX1418']);
  });

  test('30 levels of files that each include the two files of the next level (2^30 paths): bounded', async () => {
    const files: Record<string, string> = { 'compose.yaml': 'include:\n  - a1.yaml\n  - b1.yaml\nservices:\n  s0:\n    image: example/s:1\n' };
    for (let i = 1; i <= 30; i++) {
      for (const x of ['a', 'b']) {
        files[`${x}${i}.yaml`] = `${i < 30 ? `include:\n  - a${i + 1}.yaml\n  - b${i + 1}.yaml\n` : ''}services:\n  ${x}${i}:\n    image: example/s:1\n`;
      }
    }
    const started = Date.now();
    const result = await renderHostile(writeFiles(files));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(errorLines(result.stderr)).toContain('compose.yaml:3:5 CX1418');
  });

  test('30,000 environment variables: refused before synthesis as a task definition over 64 KiB (CX4020)', async () => {
    let text = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n';
    for (let i = 0; i < 30_000; i++) text += `      VAR_${i}: value-${i}-xxxxxxxxxxxxxxxxxxxx\n`;
    const started = Date.now();
    const result = await renderHostile(writeFiles({ 'compose.yaml': text }));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(errorLines(result.stderr)).toEqual(['compose.yaml:5:7 CX4020']);
  });
});
