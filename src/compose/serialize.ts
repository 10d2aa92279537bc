/**
 * The normalized project as a plain document, for `composex config` (as `docker compose config`).
 */
import { stringify } from 'yaml';
import type { ComposeProject } from './types';
import { setOwn } from './yaml';

export function projectToDocument(project: ComposeProject): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const name of Object.keys(project.services).sort()) {
    const { name: _name, ...rest } = project.services[name];
    setOwn(services, name, sortKeys(rest));
  }
  const doc: Record<string, unknown> = { name: project.name, services };
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(project[section]).length > 0) doc[section] = sortKeys(project[section]);
  }
  for (const key of Object.keys(project.extensions).sort()) doc[key] = project.extensions[key];
  return doc;
}

function sortKeys<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = value[k];
    if (v === undefined) continue;
    setOwn(out, k, v);
  }
  return out as T;
}

export function formatProject(project: ComposeProject, format: 'yaml' | 'json'): string {
  const doc = projectToDocument(project);
  if (format === 'json') return JSON.stringify(doc, null, 2) + '\n';
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
