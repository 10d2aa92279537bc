/**
 * Where the raw `Properties` of a resource came from, recorded by the construct that creates it:
 * its logical id → the compose path of the `Properties` mapping (or list entry) and the keys the
 * user wrote there. The render stage maps validator findings back to the compose file with it
 * (src/render/raw-properties.ts), so the logical ids are the ones the constructs gave, never
 * rebuilt by hand.
 */
import { type CfnResource, Stack } from 'aws-cdk-lib';
import type { ConfigPath } from '../../diagnostics';

export interface RawPropertyOrigin {
  /** Compose path of the `Properties` mapping (or list entry) the values came from. */
  readonly path: ConfigPath;
  /** Top-level property names the user wrote. */
  readonly keys: ReadonlySet<string>;
  /**
   * Top-level properties composex writes from a value the user gave elsewhere (`x-rds`
   * `EngineVersion`, `MacroParameters.InstanceClass`, …): where each was written.
   */
  readonly elsewhere?: ReadonlyMap<string, ConfigPath>;
}

/** By logical id of the resource in its template. */
export type RawPropertyOrigins = ReadonlyMap<string, RawPropertyOrigin>;

/** Records that `resource` was created from the user's `properties`, written at `path`. */
export function recordRawProperties(
  origins: Map<string, RawPropertyOrigin>,
  resource: CfnResource,
  path: ConfigPath,
  properties: Readonly<Record<string, unknown>>,
  elsewhere: Readonly<Record<string, ConfigPath>> = {},
): void {
  const moved = Object.entries(elsewhere).filter(([key]) => !Object.prototype.hasOwnProperty.call(properties, key));
  origins.set(Stack.of(resource).getLogicalId(resource), {
    path,
    keys: new Set(Object.keys(properties)),
    ...(moved.length > 0 ? { elsewhere: new Map(moved) } : {}),
  });
}
