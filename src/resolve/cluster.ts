/**
 * Top-level `x-cluster`. Absent: a new cluster with Container Insights on (and the FARGATE and
 * FARGATE_SPOT capacity providers). An existing cluster by name or ARN, in any of the spellings
 * `Name`, `ClusterName`, `Use` (ECS ComposeX), `Lookup: <name>` or `Lookup: {ClusterName}` (a name
 * needs no AWS call); `Lookup: {Tags: …}` is answered from composex.lock.json, which
 * `composex lookup` writes (lookups.ts). `ContainerInsights: false` turns insights off on a new
 * cluster. `Properties` (ECS ComposeX: the properties of the cluster to create) names, tags and
 * sets the capacity providers of the new cluster (cluster-properties.ts); `MacroParameters` logs its
 * ECS Exec sessions to a log group, bucket and KMS key composex creates (cluster-exec-logging.ts).
 */
import type { Path } from '../compose/source-map';
import type { ClusterSettings } from './model';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { ClusterAnswer, lockedAnswer, LookupRequest, readSelector } from './lookups';
import { CLUSTER_NAME, readClusterProperties } from './cluster-properties';
import { readExecLogging, reportExecLoggingOnExistingCluster } from './cluster-exec-logging';
import { checkKeys, isPlainObject, readBoolean, readObject, readString, XObject } from './readers';
import { CapacityProviderItem, DEFAULT_CAPACITY_PROVIDER_STRATEGY } from './x-ecs';

export const DEFAULT_CLUSTER: ClusterSettings = { kind: 'new', containerInsights: true };

export const X_CLUSTER_KEYS = ['ClusterName', 'ContainerInsights', 'Lookup', 'MacroParameters', 'Name', 'Properties', 'Use'];
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9_-]{1,255})$/;

export function resolveCluster(ctx: ResolveContext): ClusterSettings {
  const root = ['x-cluster'];
  const raw = ctx.project.extensions?.['x-cluster'];
  const docker = ctx.project.extensions?.[DOCKER_CLUSTER];
  if (docker !== undefined && raw !== undefined && raw !== null) {
    ctx.warning(CODES.DOCKER_CLUSTER_BESIDE_X_CLUSTER, `${DOCKER_CLUSTER} and x-cluster both name the cluster: x-cluster is used`, [DOCKER_CLUSTER], `remove ${DOCKER_CLUSTER}`, 'key');
  } else if (docker !== undefined) {
    // Docker's ECS integration: the ARN (or, as ECS ComposeX also reads it, the name) of an existing
    // cluster, "in a similar fashion as x-cluster/Use" (ECS ComposeX, "Docker ECS Plugin support").
    const value = readString(ctx, docker, [DOCKER_CLUSTER], 'a cluster name or ARN');
    return value === undefined ? DEFAULT_CLUSTER : existingCluster(ctx, value, [DOCKER_CLUSTER]);
  }
  if (raw === undefined || raw === null) return DEFAULT_CLUSTER;
  const x = readObject(ctx, raw, root, '{Name: my-cluster}');
  if (!x) return DEFAULT_CLUSTER;
  checkKeys(ctx, x, root, X_CLUSTER_KEYS);

  const names: { value: string; path: Path }[] = [];
  for (const key of ['Name', 'ClusterName', 'Use']) {
    if (x[key] === undefined) continue;
    const value = readString(ctx, x[key], [...root, key], 'a cluster name or ARN');
    if (value !== undefined) names.push({ value, path: [...root, key] });
  }
  if (x.Lookup !== undefined) {
    const path = [...root, 'Lookup'];
    if (typeof x.Lookup === 'string') names.push({ value: x.Lookup, path });
    else if (isPlainObject(x.Lookup) && x.Lookup.Tags !== undefined) {
      const request = clusterLookupRequest(ctx);
      const answer = request && lockedAnswer<ClusterAnswer>(ctx, request);
      if (answer) names.push({ value: answer.clusterArn, path });
    } else {
      const lookup = readObject(ctx, x.Lookup, path, '{ClusterName: my-cluster}');
      if (lookup) {
        checkKeys(ctx, lookup, path, ['ClusterName', 'Name']);
        const key = lookup.ClusterName !== undefined ? 'ClusterName' : 'Name';
        const value = readString(ctx, lookup[key], [...path, key], 'a cluster name or ARN');
        if (value !== undefined) names.push({ value, path: [...path, key] });
      }
    }
  }
  let insights: boolean | undefined;
  if (x.ContainerInsights !== undefined) insights = readBoolean(ctx, x.ContainerInsights, [...root, 'ContainerInsights']);

  if (names.length === 0) return newCluster(ctx, x, insights);
  if (x.Properties !== undefined) {
    // ECS ComposeX reads Properties only when neither Lookup nor Use is set.
    ctx.warning(
      CODES.CLUSTER_PROPERTIES_OVERRIDDEN,
      `x-cluster.Properties describes a cluster to create, but x-cluster names an existing one (${names[0].path.slice(1).join('.')}): Properties is ignored, as in ECS ComposeX`,
      [...root, 'Properties'],
      'remove Properties to use the existing cluster, or remove the name to have composex create the cluster Properties describes',
      'key',
    );
  }
  if (x.MacroParameters !== undefined) reportExecLoggingOnExistingCluster(ctx, names[0].path);
  if (names.length > 1) {
    ctx.error(CODES.INVALID_CLUSTER, `x-cluster names the cluster ${names.length} times (${names.map((n) => n.path.slice(1).join('.')).join(', ')})`, names[1].path, 'keep one: x-cluster: {Name: my-cluster}', 'key');
  }
  if (x.ContainerInsights !== undefined) {
    ctx.error(CODES.INVALID_CLUSTER, 'x-cluster.ContainerInsights only applies to a cluster composex creates, not an existing one', [...root, 'ContainerInsights'], 'turn Container Insights on or off on the existing cluster itself', 'key');
  }
  return existingCluster(ctx, names[0].value, names[0].path);
}

export const DOCKER_CLUSTER = 'x-aws-cluster';

/** An existing cluster by name or ARN. */
function existingCluster(ctx: ResolveContext, value: string, path: Path): ClusterSettings {
  const arn = CLUSTER_ARN.exec(value);
  if (arn) return { kind: 'existing', clusterName: arn[1], clusterArn: value };
  if (!CLUSTER_NAME.test(value)) {
    ctx.error(CODES.INVALID_CLUSTER, `'${value}' is neither an ECS cluster name nor a cluster ARN`, path, 'a name has letters, digits, - and _ (at most 255); an ARN looks like arn:aws:ecs:eu-west-1:123456789012:cluster/name');
  }
  return { kind: 'existing', clusterName: value };
}

/** `x-cluster.Lookup: {Tags: …}` as a query for `composex lookup`; a name needs no lookup. */
export function clusterLookupRequest(ctx: ResolveContext): LookupRequest | undefined {
  const raw = ctx.project.extensions?.['x-cluster'];
  if (!isPlainObject(raw) || !isPlainObject(raw.Lookup) || raw.Lookup.Tags === undefined) return undefined;
  const path = ['x-cluster', 'Lookup'];
  const cluster = readSelector(ctx, raw.Lookup, path, '{Tags: [{team: core}]} or {ClusterName: my-cluster}', ['ClusterName', 'Name']);
  if (!cluster) return undefined;
  return { key: 'x-cluster', query: { kind: 'cluster', cluster }, path, location: ctx.locate(path) };
}

/**
 * ECS services always name a capacity provider strategy (never a launch type, which would make a
 * later move to FARGATE_SPOT replace the service). A cluster composex creates has FARGATE and
 * FARGATE_SPOT associated; an existing one must have every provider the services use, or
 * CreateService fails: said once, at `x-cluster`.
 */
export function reportExistingClusterProviders(ctx: ResolveContext, cluster: ClusterSettings, providers: readonly string[]): void {
  if (cluster.kind !== 'existing') return;
  const used = [...new Set(providers)].sort();
  ctx.warning(
    CODES.EXISTING_CLUSTER_PROVIDERS,
    `the services run with a capacity provider strategy (${used.join(', ')}); the existing cluster '${cluster.clusterName}' must have ${used.length === 1 ? 'this capacity provider' : 'these capacity providers'} associated, or creating the ECS services fails`,
    ctx.project.extensions?.['x-cluster'] === undefined && ctx.project.extensions?.[DOCKER_CLUSTER] !== undefined ? [DOCKER_CLUSTER] : ['x-cluster'],
    `check with: aws ecs describe-clusters --clusters ${cluster.clusterName} --query 'clusters[0].capacityProviders'; associate them with: aws ecs put-cluster-capacity-providers --cluster ${cluster.clusterName} --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1 (that list replaces the cluster's: keep the providers it already has)`,
    'key',
  );
}

/**
 * A cluster composex creates, with `Properties` when given. `ContainerInsights` and
 * `Properties.ClusterSettings` set the same thing: `ContainerInsights` wins, with a warning when
 * they disagree.
 */
function newCluster(ctx: ResolveContext, x: XObject, insights: boolean | undefined): ClusterSettings {
  const props = x.Properties === undefined ? undefined : readClusterProperties(ctx, x.Properties, ['x-cluster', 'Properties']);
  const fromProps = props?.containerInsights;
  if (insights !== undefined && fromProps !== undefined && insights !== (fromProps !== 'disabled')) {
    ctx.warning(
      CODES.CLUSTER_PROPERTIES_OVERRIDDEN,
      `x-cluster.ContainerInsights is ${insights}, but x-cluster.Properties.ClusterSettings sets containerInsights ${fromProps}: ContainerInsights wins`,
      ['x-cluster', 'Properties', 'ClusterSettings'],
      'set Container Insights in one place: keep x-cluster.ContainerInsights, or remove it and keep ClusterSettings',
      'key',
    );
  }
  const containerInsights = insights ?? (fromProps === undefined ? true : fromProps !== 'disabled');
  const execLogging = x.MacroParameters === undefined ? undefined : readExecLogging(ctx, x.MacroParameters);
  return {
    kind: 'new',
    containerInsights,
    ...(containerInsights && fromProps === 'enhanced' ? { enhancedInsights: true } : {}),
    ...(props?.clusterName !== undefined ? { clusterName: props.clusterName } : {}),
    ...(props?.capacityProviders !== undefined ? { capacityProviders: props.capacityProviders } : {}),
    ...(props?.defaultCapacityProviderStrategy !== undefined ? { defaultCapacityProviderStrategy: props.defaultCapacityProviderStrategy } : {}),
    ...(props?.tags !== undefined ? { tags: props.tags } : {}),
    ...(execLogging ? { execLogging } : {}),
  };
}

/** The strategy of a service without its own (x-ecs): the new cluster's default, as ECS applies it. */
export function defaultStrategyOf(cluster: ClusterSettings): readonly CapacityProviderItem[] {
  return (cluster.kind === 'new' ? cluster.defaultCapacityProviderStrategy : undefined) ?? DEFAULT_CAPACITY_PROVIDER_STRATEGY;
}

/**
 * A service's x-ecs strategy may use only the providers of the cluster: ECS refuses a strategy
 * naming a provider not associated with it ("The capacity provider must be associated with the
 * cluster", CreateService). ECS ComposeX checks the same (validate_capacity_providers).
 */
export function checkServiceProviders(ctx: ResolveContext, cluster: ClusterSettings, strategies: ReadonlyMap<string, readonly CapacityProviderItem[] | undefined>): void {
  if (cluster.kind !== 'new' || !cluster.capacityProviders) return;
  const available = cluster.capacityProviders;
  for (const [service, strategy] of strategies) {
    (strategy ?? []).forEach((item) => {
      if (available.includes(item.capacityProvider)) return;
      const raw = ctx.project.services[service]['x-ecs'] as { CapacityProviderStrategy?: unknown[] } | undefined;
      const index = (raw?.CapacityProviderStrategy ?? []).findIndex((e) => isPlainObject(e) && e.CapacityProvider === item.capacityProvider);
      ctx.error(
        CODES.PROVIDER_NOT_IN_CLUSTER,
        `service '${service}' asks for capacity provider '${item.capacityProvider}', which x-cluster.Properties.CapacityProviders leaves out (${available.join(', ')}): ECS would refuse to create the service`,
        ['services', service, 'x-ecs', 'CapacityProviderStrategy', index, 'CapacityProvider'],
        `add ${item.capacityProvider} to x-cluster.Properties.CapacityProviders (at ${ctx.where(['x-cluster', 'Properties', 'CapacityProviders'])}), or use ${available.join(' or ')} here`,
      );
    });
  }
}
