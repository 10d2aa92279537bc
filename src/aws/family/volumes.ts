/**
 * What a family's task definition takes from the Secrets and Storage stacks: the secrets its
 * containers inject (ValueFrom for the containers, IAM resources for the execution role) and its
 * named volumes as EFS task volumes.
 */
import type { NestedStack, Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { AppModel, Family } from '../../resolve/model';
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
 * Named volumes: one EFS task volume each, through its access point, encrypted in transit.
 * Access is by network (the volume's security group admits only families that mount it); IAM
 * authorization stays off so the task role holds only what x-iam grants.
 */
export function efsTaskVolumes(
  stack: NestedStack,
  family: Family,
  inputs: FamilyInputs,
  volumeIds: NameTable,
  root: Stack,
): { volumes: ecs.CfnTaskDefinition.VolumeProperty[]; names: Map<string, string> } {
  const volumes: ecs.CfnTaskDefinition.VolumeProperty[] = [];
  const names = new Map<string, string>();
  for (const volume of family.volumes) {
    const refs = inputs.volumes.get(volume);
    if (!refs) continue;
    const vid = volumeIds.id(volume);
    const name = `efs-${volume.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    names.set(volume, name);
    volumes.push({
      name,
      efsVolumeConfiguration: {
        filesystemId: importString(stack, `FileSystem${vid}Id`, refs.fileSystemId, root),
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: importString(stack, `AccessPoint${vid}Id`, refs.accessPointId, root), iam: 'DISABLED' },
      },
    });
  }
  return { volumes, names };
}
