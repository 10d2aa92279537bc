/**
 * Docker's ECS integration sets a named volume's EFS file system with `driver_opts`, and ECS
 * ComposeX reads them too (`evaluate_plugin_efs_properties`):
 *
 *   volumes:
 *     db-data:
 *       driver_opts: {backup_policy: ENABLED, lifecycle_policy: AFTER_30_DAYS, performance_mode: maxIO,
 *                     throughput_mode: provisioned, provisioned_throughput: 1024}
 *
 * They are read as the x-efs `Properties` they stand for (BackupPolicy.Status,
 * LifecyclePolicies[0].TransitionToIA, PerformanceMode, ThroughputMode,
 * ProvisionedThroughputInMibps), checked the same way, and located at the option that gave them.
 * Any other option (the local driver's `type`, `o`, `device`) would mount nothing on Fargate: it is
 * said and not read.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { isPlainObject, XObject } from './readers';

/** driver_opts key → the property path it sets, and how its value becomes the property's. */
const OPTIONS: Readonly<Record<string, { readonly key: string; readonly at: Path; readonly value: (v: unknown) => unknown }>> = {
  performance_mode: { key: 'PerformanceMode', at: ['PerformanceMode'], value: (v) => v },
  throughput_mode: { key: 'ThroughputMode', at: ['ThroughputMode'], value: (v) => v },
  provisioned_throughput: { key: 'ProvisionedThroughputInMibps', at: ['ProvisionedThroughputInMibps'], value: (v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v) },
  lifecycle_policy: { key: 'LifecyclePolicies', at: ['LifecyclePolicies', 0, 'TransitionToIA'], value: (v) => [{ TransitionToIA: v }] },
  backup_policy: { key: 'BackupPolicy', at: ['BackupPolicy', 'Status'], value: (v) => ({ Status: v }) },
};

/**
 * The file system properties a volume's `driver_opts` give, with the source map aliased so a
 * property's findings point at its option; undefined when the volume has no `driver_opts`.
 */
export function readDriverOpts(ctx: ResolveContext, volume: string): { path: Path; properties: XObject } | undefined {
  const opts = ctx.project.volumes[volume]?.driver_opts;
  if (!isPlainObject(opts) || Object.keys(opts).length === 0) return undefined;
  const path = ['volumes', volume, 'driver_opts'];
  const properties: XObject = {};
  for (const [option, value] of Object.entries(opts)) {
    const known = OPTIONS[option];
    if (!known) {
      ctx.warning(
        CODES.EFS_SETTING_NOT_READ,
        `${describePath([...path, option])} is not read: a named volume is an EFS file system on ECS, set by ${Object.keys(OPTIONS).join(', ')} (Docker's ECS integration) or x-efs`,
        [...path, option],
        `remove ${option}`,
        'key',
      );
      continue;
    }
    properties[known.key] = known.value(value);
    // Findings on the property (and anything under it) point at the option.
    for (let i = 1; i <= known.at.length; i++) ctx.project.sourceMap.alias([...path, option], [...path, ...known.at.slice(0, i)]);
  }
  return { path, properties };
}
