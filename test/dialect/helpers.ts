/** Helpers for the ECS ComposeX dialect tests: compile a compose text, render it, locate findings. */
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { projectDir } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

export function compileText(compose: string, files: Record<string, string> = {}) {
  const cwd = projectDir({ 'compose.yaml': compose, ...files });
  return { cwd, ...loadAndCompile({ cwd, files: ['compose.yaml'], env: { HOME: '/home/test' } }) };
}

export function renderText(compose: string, files: Record<string, string> = {}) {
  const cwd = projectDir({ 'compose.yaml': compose, ...files });
  return renderProject({ cwd, files: ['compose.yaml'] });
}

/** `code line:column` of each diagnostic, for assertions. */
export function located(diagnostics: readonly Diagnostic[], severity?: Diagnostic['severity']): string[] {
  return diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => `${d.code} ${d.line}:${d.column}`);
}

/** 1-based line and column of the `occurrence`-th `marker` in the text. */
export function at(text: string, marker: string, occurrence = 1): string {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`${marker} not in text`);
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Position of `marker` where it follows `prefix` (for markers that also occur earlier). */
export function atAfter(text: string, prefix: string, marker: string): string {
  const index = text.indexOf(prefix + marker);
  if (index < 0) throw new Error(`${prefix}${marker} not in text`);
  const before = text.slice(0, index + prefix.length).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
