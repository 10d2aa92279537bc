/**
 * Profiles: a service with `profiles` runs only when one of them is active (`--profile`,
 * `COMPOSE_PROFILES`; `*` activates all). A service that needs a disabled one is an error, unless
 * the dependency is `required: false`, in which case the dependency is dropped.
 */
import { Diagnostic, error } from '../diagnostics';
import type { SourceMap } from './source-map';
import { isPlainObject } from './tags';
import { setOwn } from './yaml';

export function activeProfiles(explicit: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  if (explicit && explicit.length > 0) return [...explicit];
  const fromEnv = env.COMPOSE_PROFILES;
  return fromEnv ? fromEnv.split(',').map((p) => p.trim()).filter((p) => p.length > 0) : [];
}

export function isServiceEnabled(service: Record<string, unknown>, active: readonly string[]): boolean {
  const profiles = service.profiles;
  if (!Array.isArray(profiles) || profiles.length === 0) return true;
  if (active.includes('*')) return true;
  return profiles.some((p) => active.includes(String(p)));
}

/**
 * Removes disabled services. Returns the enabled services, the names removed and the diagnostics
 * for enabled services that depend on a removed one.
 */
export function applyProfiles(
  services: Record<string, Record<string, unknown>>,
  active: readonly string[],
  sourceMap: SourceMap,
): { services: Record<string, Record<string, unknown>>; disabled: string[]; diagnostics: Diagnostic[] } {
  const enabled: Record<string, Record<string, unknown>> = {};
  const disabled: string[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (isServiceEnabled(service, active)) setOwn(enabled, name, service);
    else disabled.push(name);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [name, service] of Object.entries(enabled)) {
    const deps = service.depends_on;
    if (!isPlainObject(deps)) continue;
    const kept: Record<string, unknown> = {};
    Object.entries(deps).forEach(([dep, spec], index) => {
      if (!disabled.includes(dep)) {
        setOwn(kept, dep, spec);
        return;
      }
      const required = !(isPlainObject(spec) && spec.required === false);
      if (required) {
        const profiles = (services[dep].profiles as unknown[]).map(String);
        diagnostics.push(
          error(
            'CX1030',
            `service "${name}" depends on service "${dep}", which is disabled: it runs only with profile ${profiles.map((p) => `"${p}"`).join(' or ')}`,
            sourceMap.entry(['services', name, 'depends_on'], dep, index),
            `activate it with --profile ${profiles[0]} (or COMPOSE_PROFILES=${profiles[0]}), or mark the dependency "required: false"`,
          ),
        );
      }
    });
    setOwn(enabled, name, { ...service, depends_on: kept });
  }
  return { services: enabled, disabled: disabled.sort(), diagnostics };
}
