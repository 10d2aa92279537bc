/** Compile and render ECS ComposeX's published examples (test/fixtures/ecs-composex) for the tests of this folder. */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
export const BASE = 'use-cases/blog.features.yml';

export function compileFixtures(files: readonly string[]) {
  return loadAndCompile({ cwd: FIXTURES, projectDirectory: FIXTURES, files: [...files], env: { HOME: '/home/test' } });
}

/** `CODE file:line:column` of each diagnostic of `severity` whose code matches. */
export function locatedIn(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity'], code: RegExp = /./): string[] {
  return diagnostics.filter((d) => d.severity === severity && code.test(d.code)).map((d) => `${d.code} ${path.relative(FIXTURES, d.file ?? '')}:${d.line}:${d.column}`);
}

/** `CODE file:line:column` of the `occurrence`-th `marker` in a fixture file. */
export function atFixture(code: string, file: string, marker: string, occurrence = 1): string {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`${marker} not in ${file}`);
  const before = text.slice(0, index).split('\n');
  return `${code} ${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

/** Renders the files; every template passes the bundled validator. */
export function renderFixtures(files: readonly string[]): RenderResult & { diagnostics: readonly Diagnostic[] } {
  const compiled = compileFixtures(files);
  if (!compiled.model) throw new Error(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, diagnostics: compiled.diagnostics };
}

/** The resources of one rendered template. */
export function resourcesIn(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}
