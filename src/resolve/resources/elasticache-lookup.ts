/**
 * `x-elasticache.<name>.Lookup`: an existing Redis OSS / Valkey replication group or Memcached
 * cluster, in ECS ComposeX's syntax, answered by `composex lookup` and read here from
 * composex.lock.json (render stays offline).
 *
 *   x-elasticache:
 *     sessions:
 *       Lookup: {Tags: [{app: shop}]}        (or {Name: <ReplicationGroupId or CacheClusterId>},
 *                                             {Identifier: …}, {Arn: arn:aws:elasticache:…:replicationgroup:…})
 *       Services:
 *         api: {}
 *
 * A looked-up cache is used like a created one: its security group admits each consuming family on
 * its port (an ingress rule added to it), and consumers get `<NAME>_HOST` / `<NAME>_PORT` as plain
 * variables with the lock's values. ECS ComposeX's Lookup names no AUTH token (its Lookup has
 * `Tags`, `Arn`, `Identifier`, `RoleArn` only), so none is injected: a cache that asks for one is
 * warned about, and the token is given to the services as a compose secret (x-secrets).
 */
import type { Path } from '../../compose/source-map';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { CacheAnswer } from '../lock';
import { lockedAnswer, LookupRequest, readSelector } from '../lookups';
import type { CacheModel, ExistingCache } from '../model';
import { isPlainObject, XObject } from '../readers';
import { ResourceEntry, resourceVariable } from './common';
import { CACHE_ATTRIBUTES, CACHE_ENGINES, CacheEngine, CacheShape } from './elasticache-engines';

const CACHE_ARN = /^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:(replicationgroup|cluster):[A-Za-z0-9-]+$/;
const EXAMPLE = '{Tags: [{app: shop}]} or {Name: sessions} or {Arn: arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions}';

/** `x-elasticache.<name>.Lookup` as a query for `composex lookup`. */
export function cacheLookupRequest(ctx: ResolveContext, entryPath: Path, lookup: XObject): LookupRequest | undefined {
  const path = [...entryPath, 'Lookup'];
  if (lookup.RoleArn !== undefined) {
    ctx.error(CODES.INVALID_LOOKUP, 'Lookup.RoleArn (a cache in another account) is not supported', [...path, 'RoleArn'], 'look the cache up in the account you deploy to', 'key');
    return undefined;
  }
  // ECS ComposeX's `Identifier` is "the service resource ID": for ElastiCache, the cache's id, as `Name`.
  const selector = readSelector(ctx, lookup, path, EXAMPLE, ['Name', 'Identifier'], ['Arn']);
  if (!selector) return undefined;
  if ('identifier' in selector && !CACHE_ARN.test(selector.identifier)) {
    ctx.error(CODES.INVALID_LOOKUP, `'${selector.identifier}' is not the ARN of an ElastiCache replication group or cache cluster`, [...path, 'Arn'], 'an ARN looks like arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions (or …:cluster:<id> for Memcached)');
    return undefined;
  }
  return { key: entryPath.join('.'), query: { kind: 'cache', cache: selector }, path, location: ctx.locate(path) };
}

/** A looked-up cache's model (without logicalId and consumers) and its shape, or undefined after an error. */
export interface LookedUpCache {
  readonly settings: Omit<CacheModel, 'logicalId' | 'consumers'> & { readonly shape: CacheShape };
  /** The cache asks for an AUTH token (its consumers must get it otherwise: reportTokenNotGiven). */
  readonly authTokenRequired: boolean;
  readonly lookupPath: Path;
  /** The return values it can give (an endpoint it has, its id). */
  readonly attributes: readonly string[];
}

export function lookedUpCache(ctx: ResolveContext, entry: ResourceEntry): LookedUpCache | undefined {
  for (const part of ['Properties', 'MacroParameters'] as const) {
    const value = part === 'Properties' ? entry.properties : entry.macro;
    if (Object.keys(value).length > 0) {
      ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${part}`, [...entry.path, part], `an existing cache is used as it is: remove ${part}, or remove Lookup to create a new cache`, 'key');
    }
  }
  const request = cacheLookupRequest(ctx, entry.path, entry.lookup ?? {});
  const answer = request && lockedAnswer<CacheAnswer>(ctx, request);
  if (!request || !answer) return undefined;
  if (!Object.prototype.hasOwnProperty.call(CACHE_ENGINES, answer.engine)) {
    ctx.error(CODES.LOOKED_UP_CACHE_UNSUPPORTED, `cache '${entry.name}' (${answer.id}) runs ${answer.engine}, which x-elasticache does not know`, request.path, `x-elasticache supports ${Object.keys(CACHE_ENGINES).join(', ')}; give other caches to the services with environment values and x-network.Ingress`, 'key');
    return undefined;
  }
  if (!answer.transitEncryption) {
    ctx.warning(CODES.CACHE_UNENCRYPTED_TRANSIT, `cache '${entry.name}' (${answer.id}) accepts connections in plain text`, request.path, 'turn on encryption in transit on the cache (ElastiCache: TransitEncryptionEnabled) and connect with TLS, then run `composex lookup` again', 'key');
  }
  const shape = answer.shape;
  const existing: ExistingCache = {
    id: answer.id,
    arn: answer.arn,
    address: answer.address,
    ...(answer.readerAddress ? { readerAddress: answer.readerAddress } : {}),
    securityGroupId: answer.securityGroupIds[0],
    vpcId: answer.vpcId,
  };
  const { host, port } = CACHE_ATTRIBUTES[shape];
  const id = shape === 'memcached' ? 'ClusterName' : 'ReplicationGroupId';
  const reader = shape === 'replicationGroup' && answer.readerAddress ? ['ReaderEndPoint.Address', 'ReaderEndPoint.Port'] : [];
  return {
    settings: {
      name: entry.name,
      properties: {},
      propertyPaths: {},
      engine: answer.engine as CacheEngine,
      engineVersion: answer.engineVersion,
      nodeType: answer.nodeType,
      nodes: answer.nodes,
      clusterMode: shape === 'clusterMode',
      port: answer.port,
      multiAz: answer.multiAz,
      automaticFailover: answer.automaticFailover,
      transitEncryption: answer.transitEncryption,
      // No token is injected: the cache's own token is not composex's to read.
      authToken: false,
      existing,
      shape,
    },
    attributes: [host, port, ...reader, id],
    authTokenRequired: answer.authToken,
    lookupPath: request.path,
  };
}

/**
 * CX3674 when a looked-up cache asks for an AUTH token and a consuming service does not receive
 * `<NAME>_AUTH_TOKEN` from a compose secret (`x-secrets.VarName` or a `JsonKeys` VarName), the way
 * the warning's hint says to give it.
 */
export function reportTokenNotGiven(ctx: ResolveContext, entry: ResourceEntry, cache: LookedUpCache, services: readonly string[]): void {
  if (!cache.authTokenRequired) return;
  const variable = `${resourceVariable(entry.name)}_AUTH_TOKEN`;
  const gives = (source: string): boolean => {
    const x = ctx.project.secrets?.[source]?.['x-secrets'];
    if (!isPlainObject(x)) return false;
    const keys = Array.isArray(x.JsonKeys) ? x.JsonKeys : [];
    return x.VarName === variable || keys.some((k) => isPlainObject(k) && k.VarName === variable);
  };
  const without = services.filter((s) => !(ctx.project.services[s]?.secrets ?? []).some((ref) => gives(ref.source)));
  if (without.length === 0) return;
  ctx.warning(
    CODES.LOOKED_UP_CACHE_AUTH_TOKEN,
    `cache '${entry.name}' (${cache.settings.existing?.id}) asks clients for an AUTH token, and Lookup does not give one: ${without.map((s) => `'${s}'`).join(', ')} get${without.length === 1 ? 's' : ''} its endpoint only`,
    cache.lookupPath,
    `give the token as a compose secret kept in Secrets Manager: secrets: {${entry.name}-token: {x-secrets: {Name: <secret name>, VarName: ${variable}}}}, and secrets: [${entry.name}-token] on ${without.length === 1 ? 'the service' : 'each of these services'}`,
    'key',
  );
}
