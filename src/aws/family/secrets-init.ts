/**
 * The family's secrets init container (`SecretsInitModel`, planned by resolve/secret-files.ts) →
 * its container definition. It receives each secret as an ECS secret (read by the execution role,
 * like every injected secret), writes it with `printf '%s' "$VAR" > file` — never echoed, no
 * `set -x`, so no value reaches the template or the logs —, sets owner and mode, and exits 0. It is
 * not essential (ECS requires that of a container others wait for with `SUCCESS`), its root file
 * system is read-only (it writes only to the task volumes it mounts), it reserves no CPU, and its
 * memory limit is counted in the task size. It calls no AWS API, so it never uses the task role.
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { SecretsInitModel } from '../../resolve/model';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface SecretsInitContext {
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
  /** `ValueFrom` of a top-level secret the family injects (the whole secret). */
  readonly secretValueFrom: (secret: string) => string | undefined;
}

export function secretsInitContainer(init: SecretsInitModel, ctx: SecretsInitContext): ContainerDefinition {
  const secrets = init.variables.flatMap((v) => {
    const valueFrom = ctx.secretValueFrom(v.secret);
    return valueFrom === undefined ? [] : [{ name: v.name, valueFrom }];
  });
  return {
    name: init.name,
    image: init.image,
    essential: false,
    entryPoint: ['/bin/sh', '-c'],
    command: [secretsInitScript(init)],
    secrets,
    mountPoints: init.volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.mountPath, readOnly: false })),
    readonlyRootFilesystem: true,
    memory: init.memory,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': ctx.logGroupName, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': init.name },
    },
  };
}

/**
 * The shell script: directories first (0755, readable by any user the app runs as), then each file
 * created under umask 077, owned, and given its mode (chmod after chown, which may clear set-id bits).
 * Values only ever appear as `"$VAR"`; paths are single-quoted.
 */
export function secretsInitScript(init: SecretsInitModel): string {
  const roots = new Set(init.volumes.map((v) => v.mountPath));
  const dirs = [...new Set(init.files.map((f) => f.path.slice(0, f.path.lastIndexOf('/'))))].filter((d) => !roots.has(d)).sort();
  const lines = ['set -eu', 'umask 022'];
  if (dirs.length > 0) lines.push(`mkdir -p ${dirs.map(quote).join(' ')}`);
  lines.push('umask 077');
  for (const f of init.files) {
    const file = quote(f.path);
    lines.push(`printf '%s' "$${f.variable}" > ${file}`);
    const owner = f.uid !== undefined ? `${f.uid}${f.gid !== undefined ? `:${f.gid}` : ''}` : f.gid !== undefined ? `:${f.gid}` : undefined;
    if (owner !== undefined) lines.push(`chown ${owner} ${file}`);
    lines.push(`chmod ${f.mode.toString(8).padStart(4, '0')} ${file}`);
  }
  return lines.join('\n');
}

/** A single-quoted shell word. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
