/**
 * `x-neptune` Neptune clusters. For each (in the `Neptune` stack):
 *
 * - a DB subnet group in the storage (else private) subnets and the cluster's own security group
 *   (from the networking stack: ingress only from the consuming families, on the cluster port);
 * - the cluster: storage encrypted, IAM database authentication on (unless the file turns it off),
 *   backups kept (7 days by default), deletion protection on by default, tags copied to snapshots,
 *   `DeletionPolicy`/`UpdateReplacePolicy: Snapshot` ("If no DeletionPolicy is set for
 *   AWS::Neptune::DBCluster resources, the default deletion behavior is that the entire volume will
 *   be deleted without a snapshot", CloudFormation reference); its instances (compute, replaced
 *   freely: an instance of a cluster is deleted by default, its data is the cluster's) and, when
 *   given, its cluster parameter group.
 *
 * Neptune has no password: clients sign their requests with the task role, whose policy names the
 * cluster's data resource `arn:<partition>:neptune-db:<region>:<account>:<ClusterResourceId>/*`.
 */
import { Aws, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { NeptuneModel } from '../../resolve/model';
import { resourceSpec } from '../../resolve/resources/registry';
import { exportValue } from '../stack-io';
import { clusterArn, clusterWithParts } from './cluster-parts';
import { placeInStacks } from './placement';
import type { RawPropertyOrigin } from './raw-properties';
import type { KindConstructs, ResourceConstructProps } from './kind';
import { StackValue, valueName } from './values';

const NEPTUNE = resourceSpec('neptune');

export class NeptuneClusters implements KindConstructs {
  readonly stacks: NestedStack[];
  readonly clusters = new Map<string, CfnResource>();
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly stackOf: Map<NeptuneModel, NestedStack>;
  private readonly models: Map<string, NeptuneModel>;
  private readonly values = new Map<string, StackValue>();

  constructor(scope: Construct, props: ResourceConstructProps<'neptune'>) {
    const root = Stack.of(scope);
    const projectName = props.model.projectName;
    this.models = new Map(props.resources.map((c) => [c.name, c]));
    const placed = placeInStacks(
      scope,
      'Neptune',
      'Neptune clusters',
      props.resources.map((c) => ({ key: c.name, items: [c], footprint: { resources: 3 + c.instances.length, outputs: 8, parameters: 2 } })),
    );
    this.stacks = placed.stacks;
    this.stackOf = placed.stackOf;
    for (const db of props.resources) {
      const stack = this.stackOf.get(db)!;
      const id = `${NEPTUNE.idPrefix}${db.logicalId}`;
      const tags = [
        { Key: 'composex:project', Value: projectName },
        { Key: 'composex:neptune', Value: db.name },
      ];
      const place = { stack, root, id, service: 'Neptune', what: `Neptune cluster ${db.name}`, key: NEPTUNE.key, projectName, subnets: props.dataSubnets, securityGroupId: props.securityGroupId('neptune', db.name), tags, rawProperties: this.rawProperties };
      // StorageEncrypted (set again by clusterWithParts) is written before IamAuthEnabled, where the
      // templates have always had it: a spread keeps a key where it first appeared.
      const cluster = clusterWithParts(place, db, { ...(db.engineVersion ? { EngineVersion: db.engineVersion } : {}), DBPort: db.port, StorageEncrypted: true, IamAuthEnabled: db.iamAuth });
      this.clusters.set(db.name, cluster);
    }
  }

  /**
   * A cluster value valid in the root: `Arn` (built: a Neptune cluster's is
   * `arn:<partition>:rds:<region>:<account>:cluster:<identifier>`), `DataArn` (what IAM database
   * authentication names: `arn:<partition>:neptune-db:<region>:<account>:<ClusterResourceId>`),
   * `DBClusterIdentifier` (the `Ref`), or an attribute (`Endpoint`, `ReadEndpoint`, `Port`,
   * `ClusterResourceId`).
   */
  value(name: string, attribute: string): StackValue {
    // Once per value: a built ARN is a new token at each call, and its output is declared once.
    const key = `${name}\0${attribute}`;
    const known = this.values.get(key);
    if (known) return known;
    const value = this.build(name, attribute);
    this.values.set(key, value);
    return value;
  }

  private build(name: string, attribute: string): StackValue {
    const db = this.models.get(name);
    const cluster = this.clusters.get(name);
    if (!db || !cluster) throw new Error(`internal: unknown Neptune cluster '${name}'`);
    const inStack = ((): string => {
      switch (attribute) {
        case 'Arn':
          return clusterArn(cluster.ref);
        case 'DataArn':
          return Fn.join('', ['arn:', Aws.PARTITION, ':neptune-db:', Aws.REGION, ':', Aws.ACCOUNT_ID, ':', cluster.getAtt('ClusterResourceId').toString()]);
        case 'DBClusterIdentifier':
          return cluster.ref;
        default:
          return cluster.getAtt(attribute).toString();
      }
    })();
    const outputName = valueName(NEPTUNE.idPrefix, db.logicalId, attribute);
    return { name: outputName, value: exportValue(this.stackOf.get(db)!, outputName, inStack) };
  }
}
