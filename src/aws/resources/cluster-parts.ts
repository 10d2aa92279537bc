/**
 * What the cluster kinds (x-docdb, x-neptune) build alike around their cluster: the DB subnet
 * group in the data subnets, the cluster parameter group of `MacroParameters.DBClusterParameterGroup`
 * and the instances of `MacroParameters.Instances` (compute over the cluster's storage: replaced
 * freely, no deletion policy of their own).
 */
import { Aws, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { ClusterInstance } from '../../resolve/model';
import type { SubnetList } from '../network';
import { importList } from '../stack-io';
import { RawPropertyOrigin, recordRawProperties } from './raw-properties';

type Tags = readonly { readonly Key: string; readonly Value: string }[];

/** `AWS::<Service>::DBSubnetGroup` of the cluster `id` in the storage (else private) subnets. */
export function clusterSubnetGroup(stack: NestedStack, root: Stack, id: string, type: string, what: string, projectName: string, subnets: SubnetList, tags: Tags): CfnResource {
  return new CfnResource(stack, `${id}SubnetGroup`, {
    type,
    properties: {
      DBSubnetGroupDescription: `composex ${projectName}: ${subnets.name === 'StorageSubnetIds' ? 'storage' : 'private'} subnets of ${what}`,
      SubnetIds: importList(stack, subnets.name, subnets.ids, root),
      Tags: tags,
    },
  });
}

/** The cluster parameter group written under `path`, with the cluster's tags, when given. */
export function clusterParameterGroup(
  stack: Stack,
  id: string,
  type: string,
  group: Readonly<Record<string, unknown>> | undefined,
  tags: Tags,
  rawProperties: Map<string, RawPropertyOrigin>,
  path: readonly (string | number)[],
): CfnResource | undefined {
  if (!group) return undefined;
  const resource = new CfnResource(stack, `${id}ParameterGroup`, {
    type,
    properties: { ...group, Tags: [...tags, ...((group.Tags as unknown[] | undefined) ?? [])] },
  });
  recordRawProperties(rawProperties, resource, path, group);
  return resource;
}

/** One instance per entry, `<id>Instance<n>`, attached to the cluster. */
export function clusterInstances(stack: Stack, id: string, type: string, instances: readonly ClusterInstance[], clusterRef: string, tags: Tags, rawProperties: Map<string, RawPropertyOrigin>): void {
  instances.forEach((instance, i) => {
    const resource = new CfnResource(stack, `${id}Instance${i + 1}`, {
      type,
      properties: {
        AutoMinorVersionUpgrade: true,
        ...instance.properties,
        DBClusterIdentifier: clusterRef,
        DBInstanceClass: instance.instanceClass,
        Tags: [...tags, ...((instance.properties.Tags as unknown[] | undefined) ?? [])],
      },
    });
    if (instance.path) recordRawProperties(rawProperties, resource, instance.path, { ...instance.properties, DBInstanceClass: instance.instanceClass });
  });
}

/**
 * The ARN of a DocumentDB or Neptune cluster, built: their `AWS::<Service>::DBCluster` returns none,
 * and their management API is RDS's (`arn:<partition>:rds:<region>:<account>:cluster:<identifier>`).
 */
export function clusterArn(clusterRef: string): string {
  return Fn.join('', ['arn:', Aws.PARTITION, ':rds:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':cluster:', clusterRef]);
}
