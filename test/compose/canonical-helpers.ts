/** Helpers of the canonical-form and merge tests (canonical.test.ts, canonical-markers.test.ts, merge.test.ts). */
import { canonicalService } from '../../src/compose/canonical';
import { OverrideTag, ResetTag } from '../../src/compose/tags';
import { parseYaml } from '../../src/compose/yaml';

export const FILE = '/proj/compose.yaml';
export const BASE = '/proj';

/** Canonicalizes service "web" whose body (lines under `web:`, unindented) is given. */
export function canon(body: string) {
  const text = `services:\n  web:\n${body
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n')}\n`;
  const parsed = parseYaml(text, FILE);
  expect(parsed.diagnostics).toEqual([]);
  const raw = (parsed.value as { services: { web: Record<string, unknown> } }).services.web;
  return canonicalService('web', raw, { baseDir: BASE, file: FILE, sourceMap: parsed.sourceMap, path: ['services', 'web'] });
}

/** The canonical value of the first key written in `body`, asserting there are no diagnostics. */
export function value(body: string): unknown {
  const result = canon(body);
  expect(result.diagnostics).toEqual([]);
  const key = body.split(':')[0].trim();
  return result.service[key];
}

/** The value at a dotted path of the canonical service. */
export function at(body: string, dotted: string): unknown {
  const result = canon(body);
  expect(result.diagnostics).toEqual([]);
  return dotted.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], result.service);
}

export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    if (v instanceof ResetTag) deepFreeze(v.original);
    if (v instanceof OverrideTag) deepFreeze(v.value);
    Object.freeze(v);
  }
  return v;
}

export const tcp = (target: number, extra: Record<string, unknown> = {}) => ({ mode: 'ingress', target, protocol: 'tcp', ...extra });
