/**
 * What the cluster kinds (x-docdb, x-neptune) build alike around their cluster: the DB subnet
 * group in the data subnets, the cluster parameter group of `MacroParameters.DBClusterParameterGroup`,
 * the cluster itself with what composex keeps on it, and the instances of `MacroParameters.Instances`
 * (compute over the cluster's storage: replaced freely, no deletion policy of their own).
 */
import { Aws, CfnDeletionPolicy, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { ClusterInstance } from '../../resolve/model';
import type { SubnetList } from '../network';
import { importList, importString } from '../stack-io';
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

/** What a cluster kind's model gives the cluster (DocDbModel, NeptuneModel). */
export interface ClusterSource {
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly instances: readonly ClusterInstance[];
  readonly parameterGroup?: Readonly<Record<string, unknown>>;
}

/** Where a cluster goes and what it is called: `AWS::<service>::DBCluster` `id` in `stack`. */
export interface ClusterPlace {
  readonly stack: NestedStack;
  readonly root: Stack;
  readonly id: string;
  /** `DocDB`, `Neptune`. */
  readonly service: string;
  /** `DocumentDB cluster orders`: the subnet group's description. */
  readonly what: string;
  /** `x-docdb`: where its raw properties were written. */
  readonly key: string;
  readonly projectName: string;
  readonly subnets: SubnetList;
  /** The cluster's security group id, valid in the root. */
  readonly securityGroupId: string;
  readonly tags: Tags;
  readonly rawProperties: Map<string, RawPropertyOrigin>;
}

/**
 * The subnet group, the parameter group, the cluster and its instances, in that order. The cluster
 * has its `Properties` as written and the kind's `own` properties, then what composex keeps:
 * storage encrypted, backups, deletion protection, tags copied to snapshots, the subnet group and
 * security group, and `DeletionPolicy` / `UpdateReplacePolicy: Snapshot` (it holds the data).
 */
export function clusterWithParts(place: ClusterPlace, db: ClusterSource, own: Readonly<Record<string, unknown>>): CfnResource {
  const { stack, id, service, tags, rawProperties } = place;
  const subnetGroup = clusterSubnetGroup(stack, place.root, id, `AWS::${service}::DBSubnetGroup`, place.what, place.projectName, place.subnets, tags);
  const groupId = importString(stack, `${id}SecurityGroupId`, place.securityGroupId, place.root);
  const parameterGroup = clusterParameterGroup(stack, id, `AWS::${service}::DBClusterParameterGroup`, db.parameterGroup, tags, rawProperties, [place.key, db.name, 'MacroParameters', 'DBClusterParameterGroup']);
  const cluster = new CfnResource(stack, id, {
    type: `AWS::${service}::DBCluster`,
    properties: {
      ...db.properties,
      ...own,
      StorageEncrypted: true,
      BackupRetentionPeriod: db.backupRetentionDays,
      DeletionProtection: db.deletionProtection,
      CopyTagsToSnapshot: true,
      DBSubnetGroupName: subnetGroup.ref,
      VpcSecurityGroupIds: [groupId],
      ...(parameterGroup ? { DBClusterParameterGroupName: parameterGroup.ref } : {}),
      Tags: [...tags, ...((db.properties.Tags as unknown[] | undefined) ?? [])],
    },
  });
  recordRawProperties(rawProperties, cluster, [place.key, db.name, 'Properties'], db.properties, db.propertyPaths);
  cluster.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
  cluster.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
  clusterInstances(stack, id, `AWS::${service}::DBInstance`, db.instances, cluster.ref, tags, rawProperties);
  return cluster;
}
