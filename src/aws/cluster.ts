/**
 * The ECS cluster and the Cloud Map namespace Service Connect uses.
 *
 * `Cluster` nested stack: a new cluster (Container Insights per `x-cluster`, FARGATE and
 * FARGATE_SPOT capacity providers, or the name, providers, default strategy and tags of
 * `x-cluster.Properties`; the ECS Exec logging resources of `x-cluster.MacroParameters`,
 * cluster-exec-logging.ts) and an HTTP namespace named after the project. With an existing
 * cluster (`x-cluster` by name) the stack holds only the namespace.
 *
 * `x-cloudmap` replaces the namespace: a new private DNS namespace named `ZoneName` in the
 * project's VPC (Cloud Map creates a Route 53 private hosted zone of that name), or an existing
 * namespace by ARN (or ID, in the stack's account and region), which nothing here creates.
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import type { ClusterSettings, NamespaceModel } from '../resolve/model';
import { ExecLoggingResources, execLoggingResources } from './cluster-exec-logging';
import { exportValue, importString, setStackLogicalId } from './stack-io';

/** The cluster and namespace, as values valid in the root stack. */
export interface ClusterRefs {
  /** Cluster name (or ARN) for `AWS::ECS::Service.Cluster`. */
  readonly clusterName: string;
  /** Cloud Map namespace ARN for Service Connect. */
  readonly namespaceArn: string;
}

export interface ClusterStackProps {
  readonly projectName: string;
  readonly settings: ClusterSettings;
  /** `x-cloudmap`; absent: the project's HTTP namespace. */
  readonly namespace?: NamespaceModel;
  /** The VPC id, valid in the root (for a new private DNS namespace). */
  readonly vpcId: string;
}

export class ClusterStack extends NestedStack {
  /** Absent when the cluster exists already. */
  readonly cluster?: ecs.CfnCluster;
  /** Absent when the namespace exists already (`x-cloudmap` Lookup). */
  readonly namespace?: servicediscovery.CfnHttpNamespace | servicediscovery.CfnPrivateDnsNamespace;
  readonly refs: ClusterRefs;
  /** `x-cluster.MacroParameters`: the ECS Exec logging resources, absent when none are asked for. */
  private readonly execLogging?: ExecLoggingResources;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { description: 'composex: ECS cluster and Service Connect namespace' });
    setStackLogicalId(this, 'ClusterStack');
    let namespaceArnHere: string;
    let namespaceArn: string;
    if (props.namespace?.kind === 'existing') {
      namespaceArnHere = existingNamespaceArn(this, props.namespace);
      namespaceArn = existingNamespaceArn(Stack.of(scope), props.namespace);
    } else {
      const vpcId = props.namespace ? importString(this, 'VpcId', props.vpcId, Stack.of(scope)) : '';
      this.namespace = createNamespace(this, props.projectName, props.namespace, vpcId);
      namespaceArnHere = this.namespace.attrArn;
      namespaceArn = exportValue(this, 'NamespaceArn', namespaceArnHere);
    }

    if (props.settings.kind === 'existing') {
      this.refs = { clusterName: props.settings.clusterName, namespaceArn };
      return;
    }
    const settings = props.settings;
    const insights = settings.enhancedInsights ? 'enhanced' : settings.containerInsights ? 'enabled' : 'disabled';
    this.execLogging = settings.execLogging ? execLoggingResources(this, props.projectName, settings.execLogging, settings.clusterName) : undefined;
    const cluster = new ecs.CfnCluster(this, 'Cluster', {
      // x-cluster.Properties.ClusterName: a named cluster is replaced only under a new name.
      ...(settings.clusterName !== undefined ? { clusterName: settings.clusterName } : {}),
      clusterSettings: [{ name: 'containerInsights', value: insights }],
      serviceConnectDefaults: { namespace: namespaceArnHere },
      ...(this.execLogging ? { configuration: this.execLogging.configuration } : {}),
      ...(settings.tags ? { tags: settings.tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
    });
    // Services read the cluster name from this stack's outputs, which exist only once the whole
    // stack (associations included) is complete, so FARGATE_SPOT strategies find their provider.
    const strategy = settings.defaultCapacityProviderStrategy ?? [{ capacityProvider: 'FARGATE', weight: 1 }];
    new ecs.CfnClusterCapacityProviderAssociations(this, 'CapacityProviders', {
      cluster: cluster.ref,
      capacityProviders: [...(settings.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'])],
      defaultCapacityProviderStrategy: strategy.map((c) => ({ capacityProvider: c.capacityProvider, weight: c.weight, ...(c.base !== undefined ? { base: c.base } : {}) })),
    });
    this.cluster = cluster;
    this.refs = { clusterName: exportValue(this, 'ClusterName', cluster.ref), namespaceArn };
  }

  /** The ECS Exec logging resources' ARNs, valid in the root (outputs of this stack, made on first use). */
  execLoggingArns(): { readonly logGroupArn?: string; readonly bucketArn?: string; readonly keyArn?: string } {
    const e = this.execLogging;
    if (!e) return {};
    return {
      ...(e.logGroupArn ? { logGroupArn: exportValue(this, 'ExecLoggingLogGroupArn', e.logGroupArn) } : {}),
      ...(e.bucketArn ? { bucketArn: exportValue(this, 'ExecLoggingBucketArn', e.bucketArn) } : {}),
      ...(e.keyArn ? { keyArn: exportValue(this, 'ExecLoggingKeyArn', e.keyArn) } : {}),
    };
  }
}

/**
 * The Service Connect namespace: HTTP (no private DNS zone needed), named after the project; or,
 * with `x-cloudmap`, a private DNS namespace named `ZoneName` in `vpcId` (a value valid in `scope`).
 */
export function createNamespace(
  scope: Construct,
  projectName: string,
  declared?: Extract<NamespaceModel, { kind: 'private-dns' }>,
  vpcId?: string,
): servicediscovery.CfnHttpNamespace | servicediscovery.CfnPrivateDnsNamespace {
  if (declared) {
    return new servicediscovery.CfnPrivateDnsNamespace(scope, 'PrivateNamespace', {
      name: declared.name,
      vpc: vpcId!,
      description: `composex: service names of project ${projectName} (${declared.key.startsWith('x-dns.') ? declared.key : `x-cloudmap ${declared.key}`})`,
    });
  }
  return new servicediscovery.CfnHttpNamespace(scope, 'Namespace', {
    name: projectName,
    description: `composex: service names of project ${projectName}`,
  });
}

/** An existing namespace's ARN, valid in `scope`'s stack (an ID is in that stack's account and region). */
export function existingNamespaceArn(scope: Construct, namespace: Extract<NamespaceModel, { kind: 'existing' }>): string {
  return namespace.arn ?? Stack.of(scope).formatArn({ service: 'servicediscovery', resource: 'namespace', resourceName: namespace.id });
}
