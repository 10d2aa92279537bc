/**
 * The ECS cluster and the Cloud Map namespace Service Connect uses.
 *
 * `Cluster` nested stack: a new cluster (Container Insights per `x-cluster`, FARGATE and
 * FARGATE_SPOT capacity providers) and an HTTP namespace named after the project. With an existing
 * cluster (`x-cluster` by name) the stack holds only the namespace.
 */
import { NestedStack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import type { ClusterSettings } from '../resolve/model';
import { exportValue, setStackLogicalId } from './stack-io';

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
}

export class ClusterStack extends NestedStack {
  /** Absent when the cluster exists already. */
  readonly cluster?: ecs.CfnCluster;
  readonly namespace: servicediscovery.CfnHttpNamespace;
  readonly refs: ClusterRefs;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { description: 'composex: ECS cluster and Service Connect namespace' });
    setStackLogicalId(this, 'ClusterStack');
    this.namespace = createNamespace(this, props.projectName);
    const namespaceArn = exportValue(this, 'NamespaceArn', this.namespace.attrArn);

    if (props.settings.kind === 'existing') {
      this.refs = { clusterName: props.settings.clusterName, namespaceArn };
      return;
    }
    const cluster = new ecs.CfnCluster(this, 'Cluster', {
      clusterSettings: [
        { name: 'containerInsights', value: props.settings.containerInsights ? 'enabled' : 'disabled' },
      ],
      serviceConnectDefaults: { namespace: this.namespace.attrArn },
    });
    // Services read the cluster name from this stack's outputs, which exist only once the whole
    // stack (associations included) is complete, so FARGATE_SPOT strategies find their provider.
    new ecs.CfnClusterCapacityProviderAssociations(this, 'CapacityProviders', {
      cluster: cluster.ref,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    });
    this.cluster = cluster;
    this.refs = { clusterName: exportValue(this, 'ClusterName', cluster.ref), namespaceArn };
  }
}

/** The Service Connect namespace: HTTP (no private DNS zone needed), named after the project. */
export function createNamespace(scope: Construct, projectName: string): servicediscovery.CfnHttpNamespace {
  return new servicediscovery.CfnHttpNamespace(scope, 'Namespace', {
    name: projectName,
    description: `composex: service names of project ${projectName}`,
  });
}
