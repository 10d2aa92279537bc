/**
 * `x-cluster.Properties` (ECS ComposeX: the `AWS::ECS::Cluster` properties of the cluster it
 * creates), read onto the cluster composex creates:
 *
 *   x-cluster:
 *     Properties:
 *       ClusterName: spotalltheway                 # the cluster's name (default: CloudFormation's)
 *       CapacityProviders: [FARGATE, FARGATE_SPOT]  # default: both
 *       DefaultCapacityProviderStrategy:            # default: [{CapacityProvider: FARGATE, Weight: 1}]
 *         - {CapacityProvider: FARGATE_SPOT, Weight: 4, Base: 2}
 *         - {CapacityProvider: FARGATE, Weight: 1}
 *       ClusterSettings: [{Name: containerInsights, Value: enabled}]   # as x-cluster.ContainerInsights
 *       Tags: [{Key: team, Value: core}]
 *
 * The default strategy is the strategy of every service without its own (x-ecs), as ECS applies a
 * cluster's default to a service that names none (composex writes it on each service, so that a
 * service never falls back to a launch type). `Configuration` (ECS Exec logging) and
 * `ServiceConnectDefaults` (composex's namespace) are refused.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkKeys, isPlainObject, readList, readObject, readString } from './readers';
import { CapacityProviderItem, FARGATE_PROVIDERS, readStrategy } from './x-ecs';

export interface ClusterProperties {
  readonly clusterName?: string;
  readonly capacityProviders?: readonly string[];
  readonly defaultCapacityProviderStrategy?: readonly CapacityProviderItem[];
  readonly containerInsights?: 'enabled' | 'disabled' | 'enhanced';
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
}

/** AWS::ECS::Cluster properties composex reads; the others are refused with the reason. */
export const CLUSTER_PROPERTY_KEYS = ['CapacityProviders', 'ClusterName', 'ClusterSettings', 'DefaultCapacityProviderStrategy', 'Tags'];
const REFUSED: Record<string, string> = {
  Configuration:
    'composex does not configure ECS Exec logging or managed storage on the cluster: remove Configuration (ECS Exec itself is x-ecs.EnableExecuteCommand on a service)',
  ServiceConnectDefaults: 'composex sets the Service Connect namespace of the cluster itself (x-cloudmap names it): remove ServiceConnectDefaults',
};
/** An ECS cluster name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens" (AWS::ECS::Cluster ClusterName). */
export const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const INSIGHTS = ['enabled', 'disabled', 'enhanced'];

export function readClusterProperties(ctx: ResolveContext, raw: unknown, path: Path): ClusterProperties | undefined {
  const props = readObject(ctx, raw, path, '{ClusterName: my-cluster, DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]}');
  if (!props) return undefined;
  const err = (message: string, at: Path, hint: string, anchor: 'key' | 'value' = 'value') => ctx.error(CODES.INVALID_CLUSTER_PROPERTIES, message, at, hint, anchor);
  for (const key of Object.keys(props).sort()) {
    if (REFUSED[key]) err(`x-cluster.Properties.${key} is not supported`, [...path, key], REFUSED[key], 'key');
  }
  checkKeys(ctx, Object.fromEntries(Object.entries(props).filter(([k]) => !REFUSED[k])), path, CLUSTER_PROPERTY_KEYS);
  const out: { -readonly [K in keyof ClusterProperties]: ClusterProperties[K] } = {};

  if (props.ClusterName !== undefined) {
    const name = readString(ctx, props.ClusterName, [...path, 'ClusterName'], 'a cluster name');
    if (name !== undefined && !CLUSTER_NAME.test(name)) err(`'${name}' is not an ECS cluster name`, [...path, 'ClusterName'], 'a name has 1 to 255 letters, digits, - and _');
    else if (name !== undefined) out.clusterName = name;
  }

  let providers: string[] | undefined;
  if (props.CapacityProviders !== undefined) {
    const at = [...path, 'CapacityProviders'];
    const list = readList(ctx, props.CapacityProviders, at, '[FARGATE, FARGATE_SPOT]');
    if (list) {
      providers = [];
      list.forEach((entry, i) => {
        const provider = readString(ctx, entry, [...at, i], 'FARGATE or FARGATE_SPOT');
        if (provider === undefined) return;
        // Auto Scaling group providers run tasks on EC2 instances; composex runs Fargate tasks only.
        if (!FARGATE_PROVIDERS.includes(provider)) {
          err(`capacity provider '${provider}' is not available to Fargate tasks`, [...at, i], `composex runs tasks on Fargate: list FARGATE and/or FARGATE_SPOT; ${suggestion(provider, FARGATE_PROVIDERS, 'capacity provider')}`);
        } else if (providers!.includes(provider)) {
          err(`capacity provider '${provider}' is listed twice`, [...at, i], 'list each provider once');
        } else {
          providers!.push(provider);
        }
      });
      if (list.length === 0) err('x-cluster.Properties.CapacityProviders is empty', at, 'list FARGATE and/or FARGATE_SPOT, or remove the key for both');
      else out.capacityProviders = [...providers].sort();
    }
  }

  if (props.DefaultCapacityProviderStrategy !== undefined) {
    const at = [...path, 'DefaultCapacityProviderStrategy'];
    const strategy = readStrategy(ctx, props.DefaultCapacityProviderStrategy, at, CODES.INVALID_CLUSTER_PROPERTIES, 0);
    // "The capacity provider must be associated with the cluster" (AWS::ECS::Cluster
    // DefaultCapacityProviderStrategy); ECS ComposeX requires CapacityProviders beside it, composex
    // defaults them to FARGATE and FARGATE_SPOT.
    const available = out.capacityProviders ?? FARGATE_PROVIDERS;
    const missing = (strategy ?? []).filter((item) => !available.includes(item.capacityProvider));
    if (missing.length > 0) {
      const list = props.DefaultCapacityProviderStrategy as unknown[];
      const index = list.findIndex((e) => isPlainObject(e) && e.CapacityProvider === missing[0].capacityProvider);
      err(
        `the default capacity provider strategy uses '${missing[0].capacityProvider}', which x-cluster.Properties.CapacityProviders leaves out`,
        [...at, index, 'CapacityProvider'],
        `add ${missing[0].capacityProvider} to CapacityProviders`,
      );
    } else if (strategy) {
      out.defaultCapacityProviderStrategy = strategy;
    }
  }

  if (props.ClusterSettings !== undefined) {
    const at = [...path, 'ClusterSettings'];
    const list = readList(ctx, props.ClusterSettings, at, '[{Name: containerInsights, Value: enabled}]') ?? [];
    list.forEach((entry, i) => {
      const item = readObject(ctx, entry, [...at, i], '{Name: containerInsights, Value: enabled}');
      if (!item) return;
      checkKeys(ctx, item, [...at, i], ['Name', 'Value']);
      const name = readString(ctx, item.Name, [...at, i, 'Name'], 'containerInsights');
      const value = readString(ctx, item.Value, [...at, i, 'Value'], 'enabled, disabled or enhanced');
      // containerInsights is the only cluster setting (AWS::ECS::Cluster ClusterSettings).
      if (name !== undefined && name !== 'containerInsights') err(`cluster setting '${name}' is not one ECS has`, [...at, i, 'Name'], "the one cluster setting is containerInsights");
      else if (value !== undefined && !INSIGHTS.includes(value)) err(`containerInsights '${value}' is not enabled, disabled or enhanced`, [...at, i, 'Value'], suggestion(value, INSIGHTS, 'value'));
      else if (value !== undefined && name !== undefined) out.containerInsights = value as ClusterProperties['containerInsights'];
    });
  }

  if (props.Tags !== undefined) {
    const at = [...path, 'Tags'];
    const list = readList(ctx, props.Tags, at, '[{Key: team, Value: core}]') ?? [];
    const tags: { key: string; value: string }[] = [];
    list.forEach((entry, i) => {
      const item = readObject(ctx, entry, [...at, i], '{Key: team, Value: core}');
      if (!item) return;
      checkKeys(ctx, item, [...at, i], ['Key', 'Value']);
      const key = readString(ctx, item.Key, [...at, i, 'Key'], 'a tag key');
      const value = typeof item.Value === 'string' ? item.Value : readString(ctx, item.Value, [...at, i, 'Value'], 'a tag value');
      // "The aws: prefix is reserved for AWS use" (ECS resource tagging); composex: is composex's.
      if (key !== undefined && /^(aws|composex):/i.test(key)) err(`tag key '${key}' has a reserved prefix`, [...at, i, 'Key'], 'use a key that does not start with aws: or composex:');
      else if (key !== undefined && value !== undefined) tags.push({ key, value });
    });
    if (tags.length > 0) out.tags = tags;
  }
  return out;
}
