/**
 * Top-level `x-cluster`. Absent: a new cluster with Container Insights on (and the FARGATE and
 * FARGATE_SPOT capacity providers). An existing cluster by name or ARN, in any of the spellings
 * `Name`, `ClusterName`, `Use` (ECS ComposeX), `Lookup: <name>` or `Lookup: {ClusterName}` (a name
 * needs no AWS call); `Lookup: {Tags: …}` is answered from composex.lock.json, which
 * `composex lookup` writes (lookups.ts). `ContainerInsights: false` turns insights off on a new
 * cluster.
 */
import type { Path } from '../compose/source-map';
import type { ClusterSettings } from './model';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { ClusterAnswer, lockedAnswer, LookupRequest, readSelector } from './lookups';
import { checkKeys, isPlainObject, readBoolean, readObject, readString } from './readers';

export const DEFAULT_CLUSTER: ClusterSettings = { kind: 'new', containerInsights: true };

export const X_CLUSTER_KEYS = ['ClusterName', 'ContainerInsights', 'Lookup', 'Name', 'Use'];
const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9_-]{1,255})$/;

export function resolveCluster(ctx: ResolveContext): ClusterSettings {
  const root = ['x-cluster'];
  const raw = ctx.project.extensions?.['x-cluster'];
  if (raw === undefined || raw === null) return DEFAULT_CLUSTER;
  const x = readObject(ctx, raw, root, '{Name: my-cluster}');
  if (!x) return DEFAULT_CLUSTER;
  if (x.Properties !== undefined) {
    ctx.error(
      CODES.INVALID_CLUSTER,
      'x-cluster.Properties (raw CloudFormation for the cluster) is not supported',
      [...root, 'Properties'],
      'composex creates the cluster itself (Container Insights on, FARGATE and FARGATE_SPOT); to use your own, give its name: x-cluster: {Name: my-cluster}',
      'key',
    );
  }
  checkKeys(ctx, Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'Properties')), root, X_CLUSTER_KEYS);

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

  if (names.length === 0) return { kind: 'new', containerInsights: insights ?? true };
  if (names.length > 1) {
    ctx.error(CODES.INVALID_CLUSTER, `x-cluster names the cluster ${names.length} times (${names.map((n) => n.path.slice(1).join('.')).join(', ')})`, names[1].path, 'keep one: x-cluster: {Name: my-cluster}', 'key');
  }
  if (x.ContainerInsights !== undefined) {
    ctx.error(CODES.INVALID_CLUSTER, 'x-cluster.ContainerInsights only applies to a cluster composex creates, not an existing one', [...root, 'ContainerInsights'], 'turn Container Insights on or off on the existing cluster itself', 'key');
  }
  const { value, path } = names[0];
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
    ['x-cluster'],
    `check with: aws ecs describe-clusters --clusters ${cluster.clusterName} --query 'clusters[0].capacityProviders'; associate them with: aws ecs put-cluster-capacity-providers --cluster ${cluster.clusterName} --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1 (that list replaces the cluster's: keep the providers it already has)`,
    'key',
  );
}
