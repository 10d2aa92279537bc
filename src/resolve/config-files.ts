/**
 * Configuration files: Compose `configs` and read-only bind mounts of a single host file
 * (`./nginx.conf:/etc/nginx/nginx.conf:ro`) become files at the same path in the container.
 *
 * Fargate has no host file system to mount from, so each such file travels the way Compose
 * secrets do (secret-files.ts): the stack creates one empty Secrets Manager secret per config or
 * host file (src/aws/secrets.ts), `composex deploy` puts the content into it (src/deploy/secrets.ts),
 * the family's one init container receives it as an ECS secret — through the execution role,
 * which may read exactly those secrets — and writes it into a task volume each service mounts
 * read-only. No content enters a template: a task definition is limited to 64 KiB in total
 * ("The maximum size of a task definition is 64 KiB", ECS service quotas), and configuration files
 * often hold credentials.
 *
 * Why Secrets Manager and not SSM Parameter Store: a SecretString holds up to 65,536 bytes (SSM:
 * 4 KB standard, 8 KB advanced), CloudFormation can create the secret empty while
 * `AWS::SSM::Parameter` cannot create a SecureString, and the rest of the mechanism exists already.
 * The content is sized here, at render time (the loader records file sizes, host-paths.ts); it is
 * never read into the model for a file.
 *
 * Other bind mounts stay refused: a directory (the image should carry it, or a named volume
 * holds it), a read-write single file (what the application writes would be lost with the task), and
 * a bind mount inside the service's own build context is dropped with a warning (the hot-reload
 * pattern: the built image carries those files).
 */
import * as path from 'path';
import type { FileReference, HostPathInfo, ServiceVolumeConfig } from '../compose/types';
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import type { SecretFile, SecretModel } from './model';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import { filePathProblem, numericUser, ownerId, type PlannedFile } from './secret-files';

/** Secrets Manager: "SecretString … Length Constraints: Maximum length of 65536." */
export const MAX_CONFIG_BYTES = 65_536;
/** Compose's default mode of a config file. */
export const DEFAULT_CONFIG_MODE = 0o444;

export interface ConfigFilesResolution {
  /** One `created` secret per config or host file used, sorted by name. */
  readonly secrets: readonly SecretModel[];
  /** Family → the names of those secrets its init container reads. */
  readonly byFamily: ReadonlyMap<string, readonly string[]>;
  /** Service → its configuration files. */
  readonly files: ReadonlyMap<string, readonly PlannedFile[]>;
  /** Service → indexes of its `volumes` entries that became files or were dropped (not mounted as volumes). */
  readonly handledVolumes: ReadonlyMap<string, ReadonlySet<number>>;
}

/** The name of the secret holding a Compose config (`:` cannot occur in a Compose name, so it never meets a secret's). */
export const configSecretName = (config: string): string => `config:${config}`;
/** The name of the secret holding a bind-mounted host file, by its path relative to the project. */
export const hostFileSecretName = (relative: string): string => `file:${relative}`;

export function resolveConfigFiles(ctx: ResolveContext, membership: Membership): ConfigFilesResolution {
  const declared = Object.keys(ctx.project.configs ?? {}).sort(compareStrings);
  const secrets = new Map<string, SecretModel>();
  const byFamily = new Map<string, Set<string>>();
  const files = new Map<string, PlannedFile[]>();
  const handled = new Map<string, Set<number>>();
  const checkedConfigs = new Map<string, SecretModel | undefined>();
  const use = (service: string, secret: SecretModel, planned: PlannedFile) => {
    secrets.set(secret.name, secret);
    for (const family of familiesOf(membership, service)) byFamily.set(family, (byFamily.get(family) ?? new Set()).add(secret.name));
    files.set(service, [...(files.get(service) ?? []), planned]);
  };

  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const user = numericUser(config.user);
    (config.configs ?? []).forEach((ref, i) => {
      const at: Path = ['services', service, 'configs', i];
      if (!declared.includes(ref.source)) {
        ctx.error(CODES.INVALID_CONFIG, `service '${service}' uses config '${ref.source}', which is not declared under top-level configs`, at, suggestion(ref.source, declared, 'config'));
        return;
      }
      if (!checkedConfigs.has(ref.source)) checkedConfigs.set(ref.source, readConfig(ctx, ref.source));
      const secret = checkedConfigs.get(ref.source);
      if (!secret) return;
      const filePath = configTarget(ctx, service, ref, at);
      if (filePath === undefined) return;
      const uid = ref.uid !== undefined ? ownerId(ctx, service, ref, 'uid', at, 'config') : user.uid;
      const gid = ref.gid !== undefined ? ownerId(ctx, service, ref, 'gid', at, 'config') : user.gid;
      const file: SecretFile = { secret: secret.name, path: filePath, mode: ref.mode ?? DEFAULT_CONFIG_MODE, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
      use(service, secret, { file, at: ref.target !== undefined ? [...at, 'target'] : at, label: `config '${ref.source}'` });
    });
    (config.volumes ?? []).forEach((volume, i) => {
      if (volume.type !== 'bind' || typeof volume.source !== 'string' || volume.source === '') return;
      const at: Path = ['services', service, 'volumes', i];
      const outcome = bindMount(ctx, service, volume, at);
      if (outcome === 'refused') return;
      handled.set(service, (handled.get(service) ?? new Set()).add(i));
      if (outcome === 'dropped') return;
      const relative = relativeToProject(ctx, volume.source);
      const secret: SecretModel = { name: hostFileSecretName(relative), kind: 'created', jsonKeys: [], source: { kind: 'file', file: volume.source } };
      const file: SecretFile = { secret: secret.name, path: volume.target.replace(/\/+$/, ''), mode: DEFAULT_CONFIG_MODE, ...(user.uid !== undefined ? { uid: user.uid } : {}), ...(user.gid !== undefined ? { gid: user.gid } : {}) };
      use(service, secret, { file, at, label: `file ${relative}` });
    });
  }
  return {
    secrets: [...secrets.values()].sort((a, b) => compareStrings(a.name, b.name)),
    byFamily: new Map([...byFamily].map(([family, names]) => [family, [...names].sort(compareStrings)])),
    files,
    handledVolumes: handled,
  };
}

/** A top-level config → the secret holding it, or undefined (reported). */
function readConfig(ctx: ResolveContext, name: string): SecretModel | undefined {
  const config = ctx.project.configs[name];
  const root: Path = ['configs', name];
  const secretName = configSecretName(name);
  if (config.external === true) {
    ctx.error(
      CODES.INVALID_CONFIG,
      `config '${name}' is external: an external config lives in a Docker Swarm, which composex cannot read from`,
      [...root, 'external'],
      'give the config a source composex can store (file:, content: or environment:), or keep the value in Secrets Manager and use a secret with x-secrets',
    );
    return undefined;
  }
  const sources = (['file', 'content', 'environment'] as const).filter((k) => config[k] !== undefined);
  if (sources.length !== 1) {
    ctx.error(
      CODES.INVALID_CONFIG,
      sources.length === 0 ? `config '${name}' has no source: no file, content or environment` : `config '${name}' has ${sources.join(' and ')}; a config takes exactly one source`,
      root,
      'give one of file: ./app.conf, content: "…" or environment: VARIABLE',
      'key',
    );
    return undefined;
  }
  const at: Path = [...root, sources[0]];
  let bytes: number;
  let source: SecretModel['source'];
  if (config.file !== undefined) {
    const info = hostPath(ctx, config.file);
    const relative = relativeToProject(ctx, config.file);
    if (info.kind !== 'file') {
      ctx.error(
        CODES.CONFIG_SOURCE_UNREADABLE,
        `the file ${relative} of config '${name}' ${info.kind === 'missing' ? 'does not exist' : `is a ${info.kind === 'directory' ? 'directory' : 'special file'}, not a regular file`}`,
        at,
        info.kind === 'directory' ? 'a config is one file: name a file, or copy the directory into the image' : `create ${relative}, or correct the path (relative to the compose file)`,
      );
      return undefined;
    }
    bytes = info.bytes;
    source = { kind: 'file', file: config.file };
  } else if (config.content !== undefined) {
    bytes = Buffer.byteLength(String(config.content));
    source = { kind: 'content', content: String(config.content) };
  } else {
    const variable = String(config.environment);
    const value = ctx.project.environment[variable];
    if (value === undefined) {
      ctx.error(CODES.CONFIG_SOURCE_UNREADABLE, `config '${name}' reads variable ${variable}, which is not set`, at, `set ${variable} in the environment or in .env when you render and deploy`);
      return undefined;
    }
    bytes = Buffer.byteLength(value);
    source = { kind: 'environment', variable };
  }
  if (!withinLimit(ctx, `config '${name}'`, bytes, at)) return undefined;
  return { name: secretName, kind: 'created', jsonKeys: [], source };
}

/** A bind mount: a configuration file, dropped (inside the build context), or refused (reported). */
function bindMount(ctx: ResolveContext, service: string, volume: ServiceVolumeConfig, at: Path): 'file' | 'dropped' | 'refused' {
  const source = volume.source!;
  const relative = relativeToProject(ctx, source);
  const context = ctx.project.services[service].build?.context;
  if (typeof context === 'string' && path.isAbsolute(context) && (source === context || source.startsWith(`${context.replace(/\/+$/, '')}/`))) {
    ctx.warning(
      CODES.BIND_MOUNT_IN_BUILD_CONTEXT,
      `'${service}' bind-mounts ${relative} at ${volume.target}, inside its own build context: the mount is left out, and the container sees the files the image was built with`,
      at,
      'nothing to do if the Dockerfile copies these files (this is the development hot-reload pattern); keep the mount in a development override file (compose.override.yaml) to say so',
    );
    return 'dropped';
  }
  const info = hostPath(ctx, source);
  const override = fromOverrideFile(ctx, at);
  const overrideHint = override ? `; the mount comes from ${override}, which Compose loads automatically: render with -f compose.yaml to leave that development file out` : '';
  if (info.kind !== 'file') {
    ctx.error(
      CODES.BIND_MOUNT_DIRECTORY,
      info.kind === 'directory'
        ? `'${service}' bind-mounts the directory ${relative} at ${volume.target}: Fargate has no host file system, and composex carries only single files into a task`
        : `'${service}' bind-mounts ${relative} at ${volume.target}, which ${info.kind === 'missing' ? 'does not exist on this machine (Docker would create an empty directory)' : 'is not a regular file'}`,
      at,
      `copy the files into the image (COPY in the Dockerfile), or use a named volume (EFS) for data; a single configuration file can be mounted read-only (:ro)${overrideHint}`,
    );
    return 'refused';
  }
  if (volume.read_only !== true) {
    ctx.error(
      CODES.BIND_MOUNT_WRITABLE_FILE,
      `'${service}' bind-mounts the file ${relative} at ${volume.target} read-write: in a task the file is a copy, and what the container writes to it would be lost`,
      at,
      `mount it read-only (${relative}:${volume.target}:ro, or read_only: true) if the application only reads it; keep data it writes in a named volume${overrideHint}`,
    );
    return 'refused';
  }
  if (volume.target.replace(/\/+$/, '').split('/').filter((p) => p !== '').length < 2) {
    ctx.error(
      CODES.INVALID_CONFIG_TARGET,
      `'${service}' mounts the file ${relative} at ${volume.target}, a file directly in /, where no volume can be mounted`,
      [...at],
      'mount it in a directory, e.g. /config/' + path.basename(source),
    );
    return 'refused';
  }
  return withinLimit(ctx, `file ${relative}`, info.bytes, at) ? 'file' : 'refused';
}

function withinLimit(ctx: ResolveContext, what: string, bytes: number, at: Path): boolean {
  if (bytes <= MAX_CONFIG_BYTES) return true;
  ctx.error(
    CODES.CONFIG_SOURCE_UNREADABLE,
    `${what} is ${bytes} bytes; composex stores it in a Secrets Manager secret, which holds at most ${MAX_CONFIG_BYTES} bytes`,
    at,
    'copy a file this large into the image (COPY in the Dockerfile), or put it in a named volume (EFS)',
  );
  return false;
}

/** The absolute path of a config file: the target (relative ones under /), else /<source> as Compose does. */
function configTarget(ctx: ResolveContext, service: string, ref: FileReference, at: Path): string | undefined {
  const raw = ref.target ?? `/${ref.source}`;
  const where = ref.target !== undefined ? [...at, 'target'] : at;
  const { parts, problem } = filePathProblem(raw, raw, `is a file directly in /${ref.target === undefined ? " (Compose's default target, /<config name>)" : ''}, where ECS cannot mount a volume`);
  if (problem === undefined) return `/${parts.join('/')}`;
  ctx.error(
    CODES.INVALID_CONFIG_TARGET,
    `the target '${raw}' of config '${ref.source}' in '${service}' ${problem}`,
    where,
    `give an absolute file path in a directory, e.g. {source: ${ref.source}, target: /etc/${ref.source.replace(/[^\w.-]/g, '_') || 'app'}/${ref.source.replace(/[^\w.-]/g, '_') || 'config'}}`,
  );
  return undefined;
}

function hostPath(ctx: ResolveContext, p: string): HostPathInfo {
  return ctx.project.hostPaths?.[p] ?? { kind: 'missing' };
}

/** `./nginx.conf` for a path in the project directory, else the absolute path. */
function relativeToProject(ctx: ResolveContext, p: string): string {
  const rel = path.relative(ctx.project.workingDir, p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : `./${rel}`;
}

/** The name of the automatically loaded override file a key was written in, if it was. */
function fromOverrideFile(ctx: ResolveContext, at: Path): string | undefined {
  const file = ctx.project.sourceMap.value(at)?.file;
  return file !== undefined && /\.override\.ya?ml$/.test(file) ? path.basename(file) : undefined;
}

/** The secrets of the project with the config secrets added (names never collide: `:` is not in a Compose name). */
export function withConfigFiles(
  secrets: { readonly secrets: readonly SecretModel[]; readonly byFamily: ReadonlyMap<string, readonly string[]> },
  configs: ConfigFilesResolution,
): { readonly secrets: readonly SecretModel[]; readonly byFamily: ReadonlyMap<string, readonly string[]> } {
  const byFamily = new Map<string, readonly string[]>(secrets.byFamily);
  for (const [family, names] of configs.byFamily) byFamily.set(family, [...new Set([...(byFamily.get(family) ?? []), ...names])].sort(compareStrings));
  return { secrets: [...secrets.secrets, ...configs.secrets].sort((a, b) => compareStrings(a.name, b.name)), byFamily };
}
