/**
 * The `Storage` nested stack: one EFS file system per named volume (encrypted at rest,
 * `DeletionPolicy`/`UpdateReplacePolicy: Retain` so the data outlives the stack), an access point
 * the tasks mount through, and a mount target in every private subnet guarded by the volume's
 * security group (NFS ingress only from the families that mount it, from the networking stack).
 */
import { CfnDeletionPolicy, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as efs from 'aws-cdk-lib/aws-efs';
import { Construct } from 'constructs';
import type { VolumeModel } from '../resolve/model';
import { NameTable } from './names';
import { exportValue, importList, importString, setStackLogicalId } from './stack-io';

export interface StorageStackProps {
  readonly projectName: string;
  readonly volumes: readonly VolumeModel[];
  readonly volumeIds: NameTable;
  /** Values valid in the root. */
  readonly privateSubnetIds: string;
  readonly privateSubnetCount: number;
  readonly securityGroupId: (volume: string) => string;
}

export interface EfsVolume {
  readonly fileSystem: efs.CfnFileSystem;
  readonly accessPoint: efs.CfnAccessPoint;
  readonly mountTargets: readonly efs.CfnMountTarget[];
}

/** Where the access point roots the volume, and who owns that directory when EFS creates it. */
const ACCESS_POINT_ROOT = { path: '/data', creationInfo: { ownerUid: '0', ownerGid: '0', permissions: '755' } };

export class StorageStack extends NestedStack {
  readonly volumes = new Map<string, EfsVolume>();
  private readonly volumeIds: NameTable;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, { description: 'composex: EFS file systems of named volumes' });
    setStackLogicalId(this, 'StorageStack');
    const root = Stack.of(scope);
    this.volumeIds = props.volumeIds;
    const subnets = importList(this, 'PrivateSubnetIds', props.privateSubnetIds, root);

    for (const volume of props.volumes) {
      const vid = props.volumeIds.id(volume.name);
      const fileSystem = new efs.CfnFileSystem(this, `FileSystem${vid}`, {
        encrypted: true,
        performanceMode: 'generalPurpose',
        fileSystemTags: [{ key: 'Name', value: `${props.projectName}-${volume.name}` }],
      });
      fileSystem.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      fileSystem.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;

      const groupId = importString(this, `Volume${vid}SecurityGroupId`, props.securityGroupId(volume.name), root);
      const mountTargets = Array.from(
        { length: props.privateSubnetCount },
        (_, i) =>
          new efs.CfnMountTarget(this, `MountTarget${vid}${i + 1}`, {
            fileSystemId: fileSystem.ref,
            subnetId: Fn.select(i, subnets),
            securityGroups: [groupId],
          }),
      );
      const accessPoint = new efs.CfnAccessPoint(this, `AccessPoint${vid}`, {
        fileSystemId: fileSystem.ref,
        rootDirectory: ACCESS_POINT_ROOT,
        accessPointTags: [{ key: 'Name', value: `${props.projectName}-${volume.name}` }],
      });
      this.volumes.set(volume.name, { fileSystem, accessPoint, mountTargets });
    }
  }

  /** File system and access point ids of a volume, valid in the root. */
  volumeRefs(name: string): { fileSystemId: string; accessPointId: string } {
    const v = this.volumes.get(name);
    if (!v) throw new Error(`internal: no EFS file system for volume '${name}'`);
    const vid = this.volumeIds.id(name);
    return {
      fileSystemId: exportValue(this, `FileSystem${vid}Id`, v.fileSystem.ref),
      accessPointId: exportValue(this, `AccessPoint${vid}Id`, v.accessPoint.attrAccessPointId),
    };
  }
}
