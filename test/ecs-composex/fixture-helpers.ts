/**
 * What every test of ECS ComposeX's published files (test/fixtures/ecs-composex) does: compile
 * fixture files as ECS ComposeX's tests combine them (a use case over `use-cases/blog.features.yml`),
 * render them through the validator, and name diagnostics by `CODE file:line:column` so a test can
 * pin each one at the place a marker of the fixture text sits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { CompileOptions } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

export const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
/** The base file of every ECS ComposeX use case. */
export const BASE = 'use-cases/blog.features.yml';

export function compile(files: readonly string[], options: CompileOptions = {}) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [...files], env: { HOME: '/home/test' } }, options);
}

/** Every error of a compilation, located, for a test that expected it to succeed. */
export function errorText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n');
}

/** Compiles fixtures that must compile; throws with every located error otherwise. */
export function compiled(files: readonly string[], options: CompileOptions = {}) {
  const result = compile(files, options);
  if (!result.model) throw new Error(errorText(result.diagnostics));
  return { ...result, model: result.model };
}

/**
 * `CODE file:line:column` of each diagnostic of `severity`; with `file` (a path under DIR, or a
 * predicate on it), only those located there.
 */
export function located(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity'] = 'error', file?: string | ((relative: string) => boolean)): string[] {
  const keep = typeof file === 'string' ? (f: string) => f === file : (file ?? (() => true));
  return diagnostics
    .filter((d) => d.severity === severity)
    .map((d) => ({ d, relative: path.relative(DIR, d.file ?? '') }))
    .filter(({ relative }) => keep(relative))
    .map(({ d, relative }) => `${d.code} ${relative}:${d.line}:${d.column}`);
}

/**
 * `CODE file:line:column` of the `occurrence`-th `marker` in a fixture file; with `prefix`, of what
 * follows it (`at('CX3201', f, '5000', 2, 'published: ')`: the value of the second such line).
 */
export function at(code: string, file: string, marker: string, occurrence = 1, prefix = ''): string {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(prefix + marker, index + 1);
  if (index < 0) throw new Error(`${prefix}${marker} not in ${file}`);
  const before = text.slice(0, index + prefix.length).split('\n');
  return `${code} ${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

export type Rendered = RenderResult & { diagnostics: readonly Diagnostic[]; warnings: string[] };

/**
 * Compiles and renders fixtures that must render, checks every template against the validator
 * (no error), and returns the templates with the compilation's diagnostics and located warnings.
 */
export function render(files: readonly string[], options: CompileOptions = {}): Rendered {
  const { model, diagnostics } = compiled(files, options);
  const result = renderModel(model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, diagnostics, warnings: located(diagnostics, 'warning') };
}

/** The resources of one rendered template, by its path (`FamilyApp03.json`). */
export function template(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}
