/**
 * `x-elasticache.<name>.MacroParameters.ParameterGroup` (ECS ComposeX): a cache parameter group
 * created with the cache, written as the properties of `AWS::ElastiCache::ParameterGroup`:
 *
 *   MacroParameters:
 *     Engine: valkey
 *     EngineVersion: "8.0"
 *     ParameterGroup:
 *       Properties: {maxmemory-policy: allkeys-lru}   # CacheParameterGroupFamily: valkey8 by default
 *
 * The family must be the engine's and version's (ElastiCache refuses a cache whose parameter group
 * is of another family), so composex derives it and refuses another one; a cache in cluster mode
 * needs `cluster-enabled: "yes"` in its group ("the cluster-enabled parameter of the parameter
 * group determines cluster mode", ElastiCache User Guide, "Parameters").
 */
import type { Path } from '../../compose/source-map';
import type { CacheModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { isPlainObject, readObject, readString } from '../readers';
import { checkProperties } from './common';
import type { CacheEngine } from './elasticache-engines';

/** The parameter group family of an engine version: `redis` 7.1 → `redis7`, 6.2 → `redis6.x`, `memcached` 1.6.22 → `memcached1.6`. */
export function parameterGroupFamily(engine: CacheEngine, version: string): string {
  const [major, minor] = version.split('.');
  if (engine === 'memcached') return `memcached${major}.${minor}`;
  if (engine === 'valkey') return `valkey${major}`;
  const m = Number(major);
  return m >= 7 ? `redis${m}` : m === 6 ? 'redis6.x' : `redis${major}.${minor}`;
}

export function readParameterGroup(
  ctx: ResolveContext,
  value: unknown,
  path: Path,
  engine: CacheEngine,
  version: string,
  clusterMode: boolean,
  userGroupName: unknown,
): CacheModel['parameterGroup'] | undefined {
  const obj = readObject(ctx, value, path, '{Properties: {maxmemory-policy: allkeys-lru}}');
  if (!obj) return undefined;
  checkProperties(ctx, obj, path, 'AWS::ElastiCache::ParameterGroup');
  const family = parameterGroupFamily(engine, version);
  if (userGroupName !== undefined) {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, 'a cache has one parameter group: MacroParameters.ParameterGroup creates one, and Properties.CacheParameterGroupName names another', path, 'remove one of them', 'key');
    return undefined;
  }
  if (obj.CacheParameterGroupFamily !== undefined) {
    const given = readString(ctx, obj.CacheParameterGroupFamily, [...path, 'CacheParameterGroupFamily']);
    if (given !== undefined && given !== family) {
      ctx.error(CODES.CACHE_SETTINGS_CONFLICT, `parameter group family '${given}' is not the family of ${engine} ${version} ('${family}')`, [...path, 'CacheParameterGroupFamily'], `remove CacheParameterGroupFamily (composex sets ${family}), or change EngineVersion`);
      return undefined;
    }
  }
  const parameters: Record<string, string> = {};
  if (obj.Properties !== undefined) {
    if (!isPlainObject(obj.Properties)) {
      readObject(ctx, obj.Properties, [...path, 'Properties'], '{maxmemory-policy: allkeys-lru}');
      return undefined;
    }
    for (const [key, v] of Object.entries(obj.Properties)) {
      if (typeof v === 'object' || v === null || v === undefined) {
        readString(ctx, v, [...path, 'Properties', key], 'a parameter value, e.g. allkeys-lru');
        return undefined;
      }
      // YAML reads `yes` as a string, 300 as a number: ElastiCache takes every value as a string.
      parameters[key] = String(v);
    }
  }
  if (clusterMode && parameters['cluster-enabled'] !== 'yes') {
    ctx.error(CODES.CACHE_SETTINGS_CONFLICT, 'a cache in cluster mode needs a parameter group with cluster-enabled: "yes"', [...path, ...(obj.Properties !== undefined ? ['Properties'] : [])], 'add cluster-enabled: "yes" to the ParameterGroup Properties', 'key');
    return undefined;
  }
  const description = typeof obj.Description === 'string' ? obj.Description : undefined;
  return { family, parameters, ...(description ? { description } : {}) };
}
