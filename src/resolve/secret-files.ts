/**
 * Compose secrets are files: a service's secret is `/run/secrets/<source>`, or its `target`
 * (relative: under /run/secrets; absolute: as given), with `mode` (default 0444), `uid` and `gid`.
 * Images rely on it (`POSTGRES_PASSWORD_FILE=/run/secrets/db_password`).
 *
 * ECS injects secrets only as variables, and Fargate has no tmpfs (`LinuxParameters.Tmpfs`: "If
 * you're using tasks that use the Fargate launch type, the tmpfs parameter isn't supported") and
 * cannot mount one file. So each family whose services use secrets gets one small init container
 * (`SecretsInitModel`): it receives the secrets as ECS secrets and writes them into task volumes
 * without a source — bind mounts on the task's ephemeral storage, which ECS documents "to provide
 * an empty data volume for one or more containers" and removes with the task. Each service gets
 * its own volume per secret directory (`/run/secrets`, or the directory of an absolute target),
 * mounted read-only, so it sees only the secrets it lists; it starts once the init container has
 * exited successfully (`DependsOn` `SUCCESS`).
 *
 * This module checks the targets (once per service) and plans the volumes of a family.
 */
import type { FileReference, ServiceConfig } from '../compose/types';
import type { Path } from '../compose/source-map';
import type { ContainerMount, SecretFile, SecretModel, SecretsInitModel } from './model';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import { upperSnakeCase } from './secrets';

/** Where Compose puts secrets. */
export const SECRETS_DIR = '/run/secrets';
/** Compose's default mode of a secret file. */
export const DEFAULT_SECRET_MODE = 0o444;
/**
 * Docker's official busybox image (a POSIX shell, printf, chmod, chown), pinned, from Amazon ECR
 * Public rather than Docker Hub, whose anonymous pull limit is shared by every task behind one NAT
 * address. Multi-architecture: it runs in X86_64 and ARM64 families alike.
 */
export const SECRETS_INIT_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36.1';
/** Hard memory limit of the init container, MiB (it runs one shell for a moment). */
export const SECRETS_INIT_MEMORY_MIB = 32;
const SECRETS_INIT_NAME = 'composex-secrets';
/** Where the init container mounts the volumes it fills. */
const INIT_MOUNT_DIR = '/composex-secrets';

/** A file a service gets (a secret, a config, a bind-mounted host file), before planning; `label` names it in messages. */
export interface PlannedFile {
  readonly file: SecretFile;
  readonly at: Path;
  readonly label: string;
}

/** A service's secret files and the directories they are mounted as (one task volume each). */
export interface ServiceSecretFiles {
  readonly files: readonly SecretFile[];
  /** Sorted; every file is under exactly one of them. */
  readonly directories: readonly string[];
}

/**
 * Service → its secret files, for the services that list secrets or have configuration files
 * (`configs`, config-files.ts: written by the same init container, into the same volumes); each
 * problem reported once.
 */
export function resolveSecretFiles(
  ctx: ResolveContext,
  secrets: readonly SecretModel[],
  configs: {
    /** Service → its configuration files (src/resolve/config-files.ts). */
    readonly files: ReadonlyMap<string, readonly PlannedFile[]>;
    /** Service → indexes of its `volumes` that are configuration files (or left out), not volumes. */
    readonly handledVolumes: ReadonlyMap<string, ReadonlySet<number>>;
  } = { files: new Map(), handledVolumes: new Map() },
): Map<string, ServiceSecretFiles> {
  const known = new Set(secrets.map((s) => s.name));
  const out = new Map<string, ServiceSecretFiles>();
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const user = numericUser(config.user);
    const files: PlannedFile[] = [];
    (config.secrets ?? []).forEach((ref, i) => {
      if (!known.has(ref.source)) return; // undeclared: CX3501
      const at: Path = ['services', service, 'secrets', i];
      const path = secretPath(ctx, service, ref, at);
      if (path === undefined) return;
      const uid = ref.uid !== undefined ? ownerId(ctx, service, ref, 'uid', at) : user.uid;
      const gid = ref.gid !== undefined ? ownerId(ctx, service, ref, 'gid', at) : user.gid;
      const file: SecretFile = {
        secret: ref.source,
        path,
        mode: ref.mode ?? DEFAULT_SECRET_MODE,
        ...(uid !== undefined ? { uid } : {}),
        ...(gid !== undefined ? { gid } : {}),
      };
      files.push({ file, at: ref.target !== undefined ? [...at, 'target'] : at, label: `secret '${ref.source}'` });
    });
    files.push(...(configs.files.get(service) ?? []));
    if (files.length === 0) continue;
    const kept = withoutClashes(ctx, service, files);
    const directories = mountDirectories(kept.map((f) => f.file.path));
    for (const dir of directories) {
      if (dir === SECRETS_DIR) continue;
      const first = kept.find((f) => f.file.path.startsWith(`${dir}/`))!;
      if (!first.label.startsWith('secret ')) {
        ctx.warning(
          CODES.CONFIG_TARGET_HIDES_DIRECTORY,
          `${first.label} of '${service}' goes to ${first.file.path}: ECS cannot mount a single file, so ${dir} becomes a task volume holding only the service's configuration and secret files, and hides what the image has in ${dir}`,
          first.at,
          `if the image needs other files in ${dir} (nginx's mime.types next to nginx.conf), mount the file in a directory of its own (e.g. ${dir}-config${first.file.path.slice(first.file.path.lastIndexOf('/'))}) and point the application at it (nginx -c …), or copy it into the image; keep this path if the image has nothing in ${dir}`,
        );
        continue;
      }
      ctx.warning(
        CODES.SECRET_TARGET_HIDES_DIRECTORY,
        `secret '${first.file.secret}' of '${service}' goes to ${first.file.path}: ECS cannot mount a single file, so ${dir} becomes a task volume holding only the service's secrets, and hides what the image has in ${dir}`,
        first.at,
        `use a target under ${SECRETS_DIR} (e.g. target: ${first.file.path.slice(first.file.path.lastIndexOf('/') + 1)}) and point the application at that file, or keep this target if the image has nothing it needs in ${dir}`,
      );
    }
    checkVolumeTargets(ctx, service, config, directories, configs.handledVolumes.get(service) ?? new Set());
    out.set(service, { files: kept.map((f) => f.file).sort((a, b) => compareStrings(a.path, b.path)), directories });
  }
  return out;
}

/**
 * What is wrong with a file target written `raw` (absolute form `absolute`), if anything: secrets
 * and config files are written by the init container into task volumes, so a target must name a
 * file in a directory. `inRoot` is the problem of a file directly in /.
 */
export function filePathProblem(raw: string, absolute: string, inRoot: string): { parts: string[]; problem?: string } {
  const parts = absolute.split('/').filter((p) => p !== '' && p !== '.');
  const problem =
    raw.trim() === ''
      ? 'is empty'
      : /[\u0000-\u001f\u007f]/.test(raw)
        ? 'contains a control character'
        : raw.split('/').includes('..')
          ? "contains '..'"
          : raw.endsWith('/')
            ? 'ends with /, which names a directory'
            : parts.length < 2
              ? inRoot
              : undefined;
  return problem === undefined ? { parts } : { parts, problem };
}

/** The absolute path of a secret file, or undefined (reported) when the target cannot be one. */
function secretPath(ctx: ResolveContext, service: string, ref: FileReference, at: Path): string | undefined {
  const raw = ref.target ?? ref.source;
  const where = ref.target !== undefined ? [...at, 'target'] : at;
  const { parts, problem } = filePathProblem(raw, raw.startsWith('/') ? raw : `${SECRETS_DIR}/${raw}`, 'is a file directly in /, where no volume can be mounted');
  if (problem === undefined) return `/${parts.join('/')}`;
  ctx.error(
    CODES.INVALID_SECRET_TARGET,
    `the target '${raw}' of secret '${ref.source}' in '${service}' ${problem}`,
    where,
    `give a file name (written under ${SECRETS_DIR}) or an absolute file path in a directory, e.g. target: ${ref.source.replace(/[^\w.-]/g, '_') || 'secret'}`,
  );
  return undefined;
}

/**
 * `uid` / `gid` of a secret or config file when numeric; a name is warned about and not applied
 * (the init container writes the file by number, without the image's /etc/passwd).
 */
export function ownerId(ctx: ResolveContext, service: string, ref: FileReference, key: 'uid' | 'gid', at: Path, what: 'secret' | 'config' = 'secret'): number | undefined {
  const value = String(ref[key]).trim();
  if (/^\d+$/.test(value)) return Number(value);
  ctx.warning(
    CODES.SECRET_OWNER_NOT_NUMERIC,
    `${key} '${value}' of ${what} '${ref.source}' in '${service}' is not numeric: the file is written without it (owner ${key === 'uid' ? 'root' : 'group root'})`,
    [...at, key],
    `give the numeric id (the image's \`id -${key === 'uid' ? 'u' : 'g'} <name>\`), e.g. ${key}: "1000", or ${what === 'secret' ? 'make' : 'keep'} the file readable with mode: "0444"`,
  );
  return undefined;
}

/** Compose gives a secret file to the user the container runs as: `user: "1000"` or `"1000:1000"`. */
export function numericUser(user: unknown): { uid?: number; gid?: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(user === undefined || user === null ? '' : String(user).trim());
  if (!m) return {};
  return { uid: Number(m[1]), ...(m[2] !== undefined ? { gid: Number(m[2]) } : {}) };
}

/** Two secrets at one path, or one file where another needs a directory: the later one is reported and left out. */
function withoutClashes<F extends { file: SecretFile; at: Path; label: string }>(ctx: ResolveContext, service: string, files: readonly F[]): F[] {
  const kept: F[] = [];
  for (const f of files) {
    const other = kept.find((k) => k.file.path === f.file.path || k.file.path.startsWith(`${f.file.path}/`) || f.file.path.startsWith(`${k.file.path}/`));
    if (!other) {
      kept.push(f);
      continue;
    }
    ctx.error(
      CODES.SECRET_TARGET_CLASH,
      other.file.path === f.file.path
        ? `${other.label.startsWith('secret ') && f.label.startsWith('secret ') ? `secrets '${other.file.secret}' and '${f.file.secret}'` : `${other.label} and ${f.label}`} of '${service}' are both written to ${f.file.path}`
        : `${f.label} of '${service}' goes to ${f.file.path}, and ${other.label} to ${other.file.path}: one path cannot be both a file and a directory`,
      f.at,
      'give one of them another target',
    );
  }
  return kept;
}

/**
 * The directories mounted for a set of secret files: /run/secrets for the files under it (their
 * subdirectories included), the directory of any other file; a directory inside another one is
 * served by the outer one.
 */
export function mountDirectories(paths: readonly string[]): string[] {
  const candidates = [...new Set(paths.map((p) => (p.startsWith(`${SECRETS_DIR}/`) ? SECRETS_DIR : p.slice(0, p.lastIndexOf('/')))))].sort(
    (a, b) => a.length - b.length || compareStrings(a, b),
  );
  const out: string[] = [];
  for (const dir of candidates) if (!out.some((d) => dir === d || dir.startsWith(`${d}/`))) out.push(dir);
  return out.sort(compareStrings);
}

/** A secret directory mounted where the service also mounts a volume or tmpfs (or around one). */
function checkVolumeTargets(ctx: ResolveContext, service: string, config: ServiceConfig, directories: readonly string[], handled: ReadonlySet<number>): void {
  const targets: { target: string; at: Path }[] = [
    ...(config.volumes ?? []).flatMap((v, i) => (handled.has(i) ? [] : [{ target: v.target, at: ['services', service, 'volumes', i] as Path }])),
    ...(config.tmpfs ?? []).map((t, i) => ({ target: t.split(':')[0], at: ['services', service, 'tmpfs', i] as Path })),
  ];
  for (const { target, at } of targets) {
    const normalized = target.replace(/\/+$/, '');
    const dir = directories.find((d) => normalized === d || normalized.startsWith(`${d}/`));
    if (dir === undefined) continue;
    ctx.error(
      CODES.SECRET_MOUNT_CLASH,
      `'${service}' mounts a volume at ${target}, inside ${dir}, where its secrets are mounted (read-only)`,
      at,
      `mount the volume elsewhere, or give the secrets targets in another directory`,
    );
  }
}

/** What a family's containers get: the init container, and each service's read-only secret mounts. */
export interface SecretsPlan {
  readonly init?: SecretsInitModel;
  readonly mounts: ReadonlyMap<string, readonly ContainerMount[]>;
}

/** The init container and volumes of a family whose `members` (sorted) have secret files. */
export function planSecretsInit(members: readonly string[], files: ReadonlyMap<string, ServiceSecretFiles>): SecretsPlan {
  const users = members.filter((m) => files.has(m));
  if (users.length === 0) return { mounts: new Map() };
  const volumeNames = new Set<string>();
  const variables = new Map<string, string>(); // secret → variable
  const taken = new Set<string>();
  for (const secret of [...new Set(users.flatMap((m) => files.get(m)!.files.map((f) => f.secret)))].sort(compareStrings)) {
    variables.set(secret, unique(`SECRET_${upperSnakeCase(secret).replace(/^_+/, '')}`, taken, '_'));
  }
  const volumes: { name: string; mountPath: string }[] = [];
  const written: SecretsInitModel['files'][number][] = [];
  const mounts = new Map<string, ContainerMount[]>();
  for (const service of users) {
    const { files: list, directories } = files.get(service)!;
    const base = `secrets-${service.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 240);
    let other = 0;
    for (const dir of directories) {
      const name = unique(dir === SECRETS_DIR ? base : `${base}-${++other}`, volumeNames, '-');
      const mountPath = `${INIT_MOUNT_DIR}/${name}`;
      volumes.push({ name, mountPath });
      mounts.set(service, [...(mounts.get(service) ?? []), { kind: 'secrets', name, containerPath: dir, readOnly: true }]);
      for (const f of list.filter((x) => x.path.startsWith(`${dir}/`))) {
        written.push({
          path: `${mountPath}${f.path.slice(dir.length)}`,
          variable: variables.get(f.secret)!,
          mode: f.mode,
          ...(f.uid !== undefined ? { uid: f.uid } : {}),
          ...(f.gid !== undefined ? { gid: f.gid } : {}),
        });
      }
    }
  }
  const names = new Set(members);
  return {
    init: {
      name: unique(SECRETS_INIT_NAME, names, '-'),
      image: SECRETS_INIT_IMAGE,
      memory: SECRETS_INIT_MEMORY_MIB,
      volumes: volumes.sort((a, b) => compareStrings(a.name, b.name)),
      variables: [...variables].map(([secret, name]) => ({ name, secret })).sort((a, b) => compareStrings(a.name, b.name)),
      files: written.sort((a, b) => compareStrings(a.path, b.path)),
    },
    mounts,
  };
}

/** `name`, or `name<sep>2`, `name<sep>3`, … — the first not in `taken`, which it joins. */
function unique(name: string, taken: Set<string>, sep: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}${sep}${n}`;
  taken.add(candidate);
  return candidate;
}
