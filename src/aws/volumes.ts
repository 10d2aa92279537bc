/**
 * The `Storage` nested stack: one EFS file system per named volume (encrypted at rest, backed up by
 * AWS Backup, `DeletionPolicy`/`UpdateReplacePolicy: Retain` so the data outlives the stack), an
 * access point the tasks mount through, and a mount target in every private subnet guarded by the
 * volume's security group (NFS ingress only from the families that mount it, from the networking
 * stack). ECS ComposeX's `x-efs` (or Docker's `driver_opts`) gives a file system its properties
 * over these defaults (applyEfsProperties), and the access point its root directory mode.
 *
 * Who may mount is decided by IAM: tasks mount with IAM authorization (family/volumes.ts) and the
 * task role of each mounting family alone holds `elasticfilesystem:ClientMount` (+ `ClientWrite`)
 * on this file system through this access point. The file system policy below does not name those
 * roles, on purpose: they are created in the family stacks, which depend on this stack (they take
 * the file system and access point ids), so naming them here would be a dependency cycle; EFS also
 * checks that the principals a policy names exist when it is set, and for NFS clients it enforces
 * only `aws:SecureTransport`, `aws:SourceIp`, `elasticfilesystem:AccessPointArn` and
 * `elasticfilesystem:AccessedViaMountTarget`, so no tag or principal-ARN condition can stand in for
 * them. What the policy does: it replaces EFS's default policy (which lets any client that reaches
 * a mount target in, anonymously) with one that allows nobody by itself, so only an IAM principal
 * of the account whose own policies grant the client actions (the task roles) can mount, and it
 * denies every client action without TLS or from outside a mount target.
 */
import { CfnDeletionPolicy, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as efs from 'aws-cdk-lib/aws-efs';
import { Construct } from 'constructs';
import type { SubnetList } from './network';
import type { VolumeModel } from '../resolve/model';
import { NameTable } from './names';
import { RawPropertyOrigin, recordRawProperties } from './resources/raw-properties';
import { exportValue, importList, importString, setStackLogicalId } from './stack-io';

export interface StorageStackProps {
  readonly projectName: string;
  readonly volumes: readonly VolumeModel[];
  readonly volumeIds: NameTable;
  /** The mount targets' subnets (x-vpc StorageSubnets, else the private subnets), valid in the root. */
  readonly subnets: SubnetList;
  readonly securityGroupId: (volume: string) => string;
}

export interface EfsVolume {
  readonly fileSystem: efs.CfnFileSystem;
  readonly accessPoint: efs.CfnAccessPoint;
  readonly mountTargets: readonly efs.CfnMountTarget[];
}

/** Where the access point roots the volume. */
const ACCESS_POINT_PATH = '/data';

/** The NFS client actions of EFS (all of them: the file system policy's denies cover each). */
export const EFS_CLIENT_ACTIONS = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'];

/** The file system policy (see the header): nobody is allowed by it; no TLS or no mount target is denied. */
export function fileSystemPolicy(): Record<string, unknown> {
  const deny = (sid: string, condition: Record<string, unknown>) => ({ Sid: sid, Effect: 'Deny', Principal: { AWS: '*' }, Action: EFS_CLIENT_ACTIONS, Condition: condition });
  return {
    Version: '2012-10-17',
    Statement: [
      deny('DenyWithoutTls', { Bool: { 'aws:SecureTransport': 'false' } }),
      deny('DenyOutsideMountTargets', { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'false' } }),
    ],
  };
}

/**
 * The access point's root directory, and who owns it when EFS creates it: the volume's POSIX user
 * when one is enforced (every file operation then runs as that user), root otherwise.
 */
function accessPointSettings(volume: VolumeModel): Pick<efs.CfnAccessPointProps, 'posixUser' | 'rootDirectory'> {
  const owner = volume.posixUser;
  // x-efs MacroParameters.RootDirectoryCreateMode (ECS ComposeX), else rwxr-xr-x.
  const permissions = volume.efs?.rootDirectoryPermissions ?? '755';
  return {
    ...(owner ? { posixUser: { uid: String(owner.uid), gid: String(owner.gid) } } : {}),
    rootDirectory: {
      path: ACCESS_POINT_PATH,
      creationInfo: owner ? { ownerUid: String(owner.uid), ownerGid: String(owner.gid), permissions } : { ownerUid: '0', ownerGid: '0', permissions },
    },
  };
}

/**
 * The x-efs `Properties` of a volume over composex's file system (checked in
 * src/resolve/x-efs-properties.ts: never the policy, never unencrypted, never One Zone). Its
 * `FileSystemTags` are kept, with composex's `Name` tag unless they give one.
 */
function applyEfsProperties(fileSystem: efs.CfnFileSystem, volume: VolumeModel, nameTag: string): void {
  const properties = volume.efs?.properties ?? {};
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'FileSystemTags') continue;
    fileSystem.addPropertyOverride(key, value);
  }
  const tags = Array.isArray(properties.FileSystemTags) ? (properties.FileSystemTags as { Key?: unknown }[]) : [];
  if (tags.length > 0) {
    fileSystem.addPropertyOverride('FileSystemTags', [...(tags.some((t) => t?.Key === 'Name') ? [] : [{ Key: 'Name', Value: nameTag }]), ...tags]);
  }
}

export class StorageStack extends NestedStack {
  readonly volumes = new Map<string, EfsVolume>();
  /** Where the x-efs `Properties` of each file system came from (validator findings are located by it). */
  readonly rawProperties = new Map<string, RawPropertyOrigin>();
  private readonly volumeIds: NameTable;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, { description: 'composex: EFS file systems of named volumes' });
    setStackLogicalId(this, 'StorageStack');
    const root = Stack.of(scope);
    this.volumeIds = props.volumeIds;
    const subnets = importList(this, props.subnets.name, props.subnets.ids, root);

    for (const volume of props.volumes) {
      const vid = props.volumeIds.id(volume.name);
      const fileSystem = new efs.CfnFileSystem(this, `FileSystem${vid}`, {
        encrypted: true,
        performanceMode: 'generalPurpose',
        backupPolicy: { status: 'ENABLED' },
        fileSystemPolicy: fileSystemPolicy(),
        fileSystemTags: [{ key: 'Name', value: `${props.projectName}-${volume.name}` }],
      });
      if (volume.efs) {
        applyEfsProperties(fileSystem, volume, `${props.projectName}-${volume.name}`);
        recordRawProperties(this.rawProperties, fileSystem, volume.efs.propertiesPath, volume.efs.properties);
      }
      fileSystem.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      fileSystem.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;

      const groupId = importString(this, `Volume${vid}SecurityGroupId`, props.securityGroupId(volume.name), root);
      const mountTargets = Array.from(
        { length: props.subnets.count },
        (_, i) =>
          new efs.CfnMountTarget(this, `MountTarget${vid}${i + 1}`, {
            fileSystemId: fileSystem.ref,
            subnetId: Fn.select(i, subnets),
            securityGroups: [groupId],
          }),
      );
      const accessPoint = new efs.CfnAccessPoint(this, `AccessPoint${vid}`, {
        fileSystemId: fileSystem.ref,
        ...accessPointSettings(volume),
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
