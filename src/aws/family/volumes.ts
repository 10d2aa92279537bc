/**
 * What a family's task definition takes from the Secrets and Storage stacks: the secrets its
 * containers inject (ValueFrom for the containers, IAM resources for the execution role) and its
 * named volumes as EFS task volumes.
 */
import { Aws, type NestedStack, type Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { AppModel, Family, VolumeModel } from '../../resolve/model';
import type { NameTable } from '../names';
import { createdSecretReference, externalSecretReference, type SecretReference } from '../secrets';
import { importSecretArn, importString } from '../stack-io';
import type { FamilyInputs } from './inputs';

/** The top-level secrets the family injects, by name. */
export function injectedSecrets(stack: NestedStack, model: AppModel, family: Family, inputs: FamilyInputs, root: Stack): Map<string, SecretReference> {
  const out = new Map<string, SecretReference>();
  for (const name of family.secrets) {
    const secret = model.secrets.find((s) => s.name === name);
    if (!secret) continue;
    const created = inputs.createdSecretArns.get(name);
    out.set(
      name,
      secret.kind === 'created' && created
        ? createdSecretReference(importSecretArn(stack, created.name, created.arn, root))
        : externalSecretReference(secret.ref ?? secret.name),
    );
  }
  return out;
}

/**
 * Named volumes: one EFS task volume each, through its access point, encrypted in transit and
 * mounted with IAM authorization: EFS checks the task role, which gets `ClientMount` on the file
 * system through this access point only, `ClientWrite` when a container of the family mounts it
 * read-write, and `ClientRootAccess` too when the volume enforces no POSIX user (without it EFS
 * maps root to an anonymous user, and containers that run as root could not write the directory
 * the access point created as root). See ../volumes.ts for the file system policy.
 */
export function efsTaskVolumes(
  stack: NestedStack,
  family: Family,
  models: readonly VolumeModel[],
  inputs: FamilyInputs,
  volumeIds: NameTable,
  root: Stack,
): { volumes: ecs.CfnTaskDefinition.VolumeProperty[]; names: Map<string, string>; statements: Record<string, unknown>[] } {
  const volumes: ecs.CfnTaskDefinition.VolumeProperty[] = [];
  const names = new Map<string, string>();
  const statements: Record<string, unknown>[] = [];
  for (const volume of family.volumes) {
    const refs = inputs.volumes.get(volume);
    if (!refs) continue;
    const vid = volumeIds.id(volume);
    const name = `efs-${volume.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    names.set(volume, name);
    const fileSystemId = importString(stack, `FileSystem${vid}Id`, refs.fileSystemId, root);
    const accessPointId = importString(stack, `AccessPoint${vid}Id`, refs.accessPointId, root);
    volumes.push({
      name,
      efsVolumeConfiguration: {
        filesystemId: fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId, iam: 'ENABLED' },
      },
    });
    const writes = family.containers.some((c) => c.mounts.some((m) => m.kind === 'volume' && m.volume === volume && !m.readOnly));
    const model = models.find((v) => v.name === volume);
    const enforcesUser = model?.posixUser !== undefined;
    const efsArn = (kind: string, id: string) => `arn:${Aws.PARTITION}:elasticfilesystem:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}/${id}`;
    // x-efs Services: the actions of the family's declared level (RO, RW, Root), as declared.
    const declared = model?.efs?.access?.[family.name];
    statements.push({
      Sid: `MountVolume${vid}`,
      Effect: 'Allow',
      Action: declared
        ? [...declared]
        : ['elasticfilesystem:ClientMount', ...(writes && !enforcesUser ? ['elasticfilesystem:ClientRootAccess'] : []), ...(writes ? ['elasticfilesystem:ClientWrite'] : [])],
      Resource: efsArn('file-system', fileSystemId),
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': efsArn('access-point', accessPointId) } },
    });
  }
  return { volumes, names, statements };
}
