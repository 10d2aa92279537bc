/**
 * Top-level volumes, networks, secrets and configs that say `external`, as compose-go reads them
 * (`transform/external.go`, `validation/external.go`):
 *
 * - the legacy `external: {name: X}` means `external: true` and `name: X`, with a deprecation
 *   warning (CX1040); a `name` that differs from `external.name` is an error (CX1041);
 * - an external volume takes only `name`, `external` and `x-` keys: Compose refuses `driver`,
 *   `driver_opts`, `labels` (and any other attribute) next to `external: true`, since nothing is
 *   created from them (CX1042). compose-go checks volumes only; networks, secrets and configs keep
 *   their other keys, unused, as in Compose.
 *
 * Runs per file, before merging, as compose-go's canonical transform does.
 */
import { Diagnostic, error, warning } from '../../diagnostics';
import type { SourceMap } from '../source-map';
import { isPlainObject } from '../tags';

export type ResourceSection = 'volumes' | 'networks' | 'secrets' | 'configs';

/** Sections whose external entries Compose allows nothing but `name` next to (see the header). */
const EXCLUSIVE_EXTERNAL: ReadonlySet<ResourceSection> = new Set(['volumes']);

/** Rewrites one top-level definition; returns it unchanged when it is not a legacy external one. */
export function canonicalExternal(
  section: ResourceSection,
  name: string,
  def: Record<string, unknown>,
  sourceMap: SourceMap,
  diagnostics: Diagnostic[],
): Record<string, unknown> {
  const at = [section, name];
  const kind = section.slice(0, -1);
  let out = def;
  if (isPlainObject(def.external)) {
    const legacy = def.external as Record<string, unknown>;
    out = { ...def, external: true };
    if (legacy.name !== undefined) {
      const legacyName = String(legacy.name);
      diagnostics.push(
        warning(
          'CX1040',
          `${kind} "${name}": external.name is deprecated; it is read as name: ${legacyName} with external: true`,
          sourceMap.key([...at, 'external', 'name']),
          `write "name: ${legacyName}" and "external: true" instead`,
        ),
      );
      if (def.name !== undefined && String(def.name) !== legacyName) {
        diagnostics.push(
          error(
            'CX1041',
            `${kind} "${name}" has name "${String(def.name)}" and external.name "${legacyName}"; they conflict`,
            sourceMap.key([...at, 'external', 'name']),
            `keep only name (with external: true), as Compose requires`,
          ),
        );
      } else {
        out.name = legacyName;
      }
    }
  }
  if (EXCLUSIVE_EXTERNAL.has(section) && (out.external === true || out.external === 'true')) {
    for (const key of Object.keys(out)) {
      if (key === 'name' || key === 'external' || key.startsWith('x-')) continue;
      diagnostics.push(
        error(
          'CX1042',
          `${kind} "${name}" is external and also sets "${key}"; Compose refuses the two together, as nothing is created from "${key}"`,
          sourceMap.key([...at, key]),
          `remove "${key}" (the existing ${kind} keeps its own settings), or remove "external: true" to have it created`,
        ),
      );
    }
  }
  return out;
}
