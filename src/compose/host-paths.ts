/**
 * The host paths a project reads when it is deployed — bind mount sources and `file:` configs —
 * looked at once by the loader (the stage that owns the file system): a regular file and its size,
 * a directory, or nothing. Resolve turns a read-only bind mount of a single file into a
 * configuration file and refuses the rest (src/resolve/config-files.ts); the size is checked
 * against the limit of the place deploy stores the content in. Contents are never read here.
 */
import * as fs from 'fs';
import type { ComposeProject, HostPathInfo } from './types';

export function hostPathsOf(project: Pick<ComposeProject, 'services' | 'configs'>): Record<string, HostPathInfo> {
  const paths = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const v of service.volumes ?? []) if (v.type === 'bind' && typeof v.source === 'string' && v.source !== '') paths.add(v.source);
  }
  for (const config of Object.values(project.configs ?? {})) if (typeof config?.file === 'string') paths.add(config.file);
  const out: Record<string, HostPathInfo> = {};
  for (const p of [...paths].sort()) out[p] = inspect(p);
  return out;
}

function inspect(p: string): HostPathInfo {
  try {
    const stat = fs.statSync(p); // follows symbolic links, as Docker's bind mount does
    if (stat.isFile()) return { kind: 'file', bytes: stat.size };
    return { kind: stat.isDirectory() ? 'directory' : 'other' };
  } catch {
    return { kind: 'missing' };
  }
}
