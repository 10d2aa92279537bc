/**
 * A resolved container (`ContainerModel`, already in ECS terms) → its container definition, with
 * what only the family stack knows: secret ARNs, EFS task volume names, the log group, and the
 * variables and secrets of the x- resources it is granted.
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { ContainerModel, FireLensValue } from '../../resolve/model';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface ContainerContext {
  /** The image of a built container (`c.built`), valid in the family stack. */
  readonly image?: string;
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
  /** `ValueFrom` of a top-level secret the family injects. */
  readonly secretValueFrom: (secret: string) => string | undefined;
  /** `RepositoryCredentials.CredentialsParameter` for `x-aws-pull_credentials` naming a top-level secret. */
  readonly pullCredentialsFrom?: (secret: string) => string | undefined;
  /** Task volume name of a named (EFS) volume; undefined if the stack has none for it. */
  readonly efsVolumeName: (volume: string) => string | undefined;
  /** Variables from x- resources (queue URLs, topic ARNs, …) of this container. */
  readonly resourceEnvironment: readonly CfnTaskDefinition.KeyValuePairProperty[];
  /** ECS secrets from x- resources (database credentials) of this container. */
  readonly resourceSecrets: readonly CfnTaskDefinition.SecretProperty[];
  /** A FireLens log option's value, valid in the family stack (containers that log through the router). */
  readonly fireLensValue?: (value: FireLensValue) => string;
}

export interface MappedContainer {
  readonly definition: ContainerDefinition;
  /** Task volumes without a source this container needs (tmpfs, anonymous volumes). */
  readonly scratchVolumes: readonly string[];
}

export function containerDefinition(c: ContainerModel, ctx: ContainerContext): MappedContainer {
  const mountPoints: CfnTaskDefinition.MountPointProperty[] = [];
  const scratchVolumes: string[] = [];
  for (const m of c.mounts) {
    if (m.kind === 'scratch') {
      scratchVolumes.push(m.name);
      mountPoints.push({ sourceVolume: m.name, containerPath: m.containerPath, readOnly: m.readOnly });
    } else if (m.kind === 'secrets') {
      // a volume of the family's secrets init container (declared with it)
      mountPoints.push({ sourceVolume: m.name, containerPath: m.containerPath, readOnly: m.readOnly });
    } else {
      const name = ctx.efsVolumeName(m.volume);
      if (name) mountPoints.push({ sourceVolume: name, containerPath: m.containerPath, readOnly: m.readOnly });
    }
  }
  const secrets = c.secrets.flatMap((s) => {
    const valueFrom = ctx.secretValueFrom(s.secret);
    if (valueFrom === undefined) return [];
    return [{ name: s.name, valueFrom: s.jsonKey === undefined ? valueFrom : `${valueFrom}:${s.jsonKey}::` }];
  });
  const linux: CfnTaskDefinition.LinuxParametersProperty = {
    ...(c.capabilities ? { capabilities: { ...(c.capabilities.add ? { add: [...c.capabilities.add] } : {}), ...(c.capabilities.drop ? { drop: [...c.capabilities.drop] } : {}) } } : {}),
    ...(c.initProcessEnabled !== undefined ? { initProcessEnabled: c.initProcessEnabled } : {}),
  };
  const credentials =
    c.repositoryCredentials === undefined
      ? undefined
      : c.repositoryCredentials.startsWith('arn:')
        ? c.repositoryCredentials
        : (ctx.pullCredentialsFrom ?? ctx.secretValueFrom)(c.repositoryCredentials);
  const definition: ContainerDefinition = {
    name: c.name,
    image: c.built ? builtImage(c.name, ctx.image) : c.image,
    ...(credentials !== undefined ? { repositoryCredentials: { credentialsParameter: credentials } } : {}),
    essential: c.essential,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.entryPoint ? { entryPoint: [...c.entryPoint] } : {}),
    ...(c.workingDirectory ? { workingDirectory: c.workingDirectory } : {}),
    ...(c.user ? { user: c.user } : {}),
    ...optional('environment', [...c.environment, ...ctx.resourceEnvironment].sort(byName)),
    ...optional('secrets', [...secrets, ...ctx.resourceSecrets].sort(byName)),
    ...(Object.keys(c.dockerLabels).length > 0 ? { dockerLabels: { ...c.dockerLabels } } : {}),
    ...optional('portMappings', c.portMappings),
    ...(c.healthCheck ? { healthCheck: { ...c.healthCheck, command: [...c.healthCheck.command] } } : {}),
    ...optional('dependsOn', c.dependsOn),
    ...optional('ulimits', c.ulimits),
    ...optional('systemControls', c.systemControls),
    ...(Object.keys(linux).length > 0 ? { linuxParameters: linux } : {}),
    ...(c.readonlyRootFilesystem !== undefined ? { readonlyRootFilesystem: c.readonlyRootFilesystem } : {}),
    ...(c.interactive !== undefined ? { interactive: c.interactive } : {}),
    ...(c.pseudoTerminal !== undefined ? { pseudoTerminal: c.pseudoTerminal } : {}),
    ...optional('volumesFrom', c.volumesFrom),
    ...(c.stopTimeout !== undefined ? { stopTimeout: c.stopTimeout } : {}),
    ...optional('mountPoints', mountPoints),
    ...(c.cpu !== undefined ? { cpu: c.cpu } : {}),
    ...(c.memory !== undefined ? { memory: c.memory } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: c.memoryReservation } : {}),
    logConfiguration: c.firelens
      ? // through the family's FireLens log router (resolve/firelens-router.ts); no options: its configuration file routes them
        { logDriver: 'awsfirelens', ...(c.firelens.options.length > 0 ? { options: Object.fromEntries(c.firelens.options.map((o) => [o.name, fireLensValueIn(ctx, o.value)])) } : {}) }
      : {
          logDriver: 'awslogs',
          options: {
            ...c.logOptions,
            'awslogs-group': ctx.logGroupName,
            'awslogs-region': ctx.region,
            'awslogs-stream-prefix': c.logStreamPrefix,
          },
        },
  };
  return { definition, scratchVolumes };
}

function fireLensValueIn(ctx: ContainerContext, value: FireLensValue): string {
  if (!ctx.fireLensValue) throw new Error('internal: a FireLens option without a value resolver');
  return ctx.fireLensValue(value);
}

function optional<K extends string, T>(key: K, list: readonly T[]): { [P in K]?: T[] } {
  return (list.length > 0 ? { [key]: list.map((item) => ({ ...item })) } : {}) as { [P in K]?: T[] };
}

function byName<T extends { name?: string }>(a: T, b: T): number {
  const x = a.name ?? '';
  const y = b.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function builtImage(name: string, image: string | undefined): string {
  if (image === undefined) throw new Error(`internal: no image for built container '${name}'`);
  return image;
}
