/**
 * Diagnostic codes are a closed type (`DiagnosticCode` in src/diagnostics.ts), made of each
 * stage's list. These tests keep the lists, the source and docs/diagnostics.md in step; the
 * `@ts-expect-error` lines fail `tsc` if the type ever accepts an unlisted code again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { COMPOSE_CODES } from '../../src/compose/codes';
import { DEPLOY_CODE_LIST } from '../../src/diagnostic-codes/deploy';
import { GENERATE_CODES } from '../../src/diagnostic-codes/generate';
import { RENDER_CODES } from '../../src/diagnostic-codes/render';
import { DEPLOY_CODES } from '../../src/deploy/codes';
import { error, warning } from '../../src/diagnostics';
import { CODES as RESOLVE_CODES } from '../../src/resolve/codes';

const ROOT = path.join(__dirname, '..', '..');
const LISTED: readonly string[] = [...COMPOSE_CODES, ...Object.values(RESOLVE_CODES), ...GENERATE_CODES, ...RENDER_CODES, ...DEPLOY_CODE_LIST];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

test('every code written in src/ is in a stage list, and no code is listed twice', () => {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(CX\d{4})'/g)) used.add(m[1]);
  }
  expect([...used].filter((c) => !LISTED.includes(c)).sort()).toEqual([]);
  expect(new Set(LISTED).size).toBe(LISTED.length);
});

test('each list holds only its stage: CX1 load, CX3 resolve, CX4 generate, CX5 render, CX6 deploy', () => {
  const stages: [readonly string[], string][] = [
    [COMPOSE_CODES, '1'],
    [Object.values(RESOLVE_CODES), '3'],
    [GENERATE_CODES, '4'],
    [RENDER_CODES, '5'],
    [DEPLOY_CODE_LIST, '6'],
  ];
  for (const [codes, digit] of stages) expect(codes.filter((c) => c[2] !== digit)).toEqual([]);
});

test("the deploy list is DEPLOY_CODES' values", () => {
  expect([...DEPLOY_CODE_LIST].sort()).toEqual(Object.values(DEPLOY_CODES).sort());
});

test('every listed code has a line in docs/diagnostics.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
  const ranges = [...doc.matchAll(/CX(\d{4})–CX(\d{4})/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const documented = (code: string) => doc.includes(`| ${code} |`) || ranges.some(([a, b]) => Number(code.slice(2)) >= a && Number(code.slice(2)) <= b);
  expect(LISTED.filter((c) => !/^CX40/.test(c) && !documented(c))).toEqual([]);
});

test('a listed code type-checks; an unlisted or retired one does not', () => {
  expect(error('CX1401', 'm').code).toBe('CX1401');
  expect(warning('CX3612', 'm').code).toBe('CX3612');
  // @ts-expect-error CX9999 is no stage's code
  expect(error('CX9999', 'm').code).toBe('CX9999');
  // @ts-expect-error CX1407 is retired (two services publishing one port is CX3201)
  expect(warning('CX1407', 'm').code).toBe('CX1407');
});
