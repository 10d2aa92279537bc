/**
 * What a family's task definition takes from the Secrets and Storage stacks: the secrets its
 * containers inject (ValueFrom for the containers, IAM resources for the execution role) and its
 * named volumes as EFS task volumes.
 */
import type { NestedStack, Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { AppModel, Family, VolumeModel } from '../../resolve/model';
import type { NameTable } from '../names';
import { createdSecretReference, externalSecretReference, type SecretReference } from '../secrets';
import { importSecretArn, importString } from '../stack-io';
import { PSEUDO } from '../pseudo';
import { volumeMountStatements, type VolumeIds } from '../../resolve/task-role-statements';
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
 * mounted with IAM authorization: EFS checks the task role, which gets the statements of
 * `volumeMountStatements` (../../resolve/task-role-statements.ts: `ClientMount` on the file system
 * through this access point only, `ClientWrite` and `ClientRootAccess` as the mounts need). See
 * ../volumes.ts for the file system policy.
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
  const ids = new Map<string, VolumeIds>();
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
    ids.set(volume, { id: vid, fileSystemId, accessPointId });
  }
  return { volumes, names, statements: volumeMountStatements(family, models, (volume) => ids.get(volume), PSEUDO) };
}
