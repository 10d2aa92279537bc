/**
 * Service volumes on Fargate. A named volume (declared at top level) becomes an EFS file system
 * shared by the families that mount it, reachable over NFS from exactly those families (and, by
 * IAM, mountable by exactly their task roles); when every service that mounts it declares the same
 * numeric `user:`, its access point enforces that POSIX user (`commonPosixUser`). An
 * anonymous volume is task-local storage (a warning: its data is lost when the task stops). ECS
 * ComposeX's `x-efs` (x-efs.ts) sets a named volume's file system and, with `Services`, which
 * families may mount it and with which actions (checked here at each mount). tmpfs
 * mounts are handled with the container; bind mounts, which Fargate cannot mount, are refused by
 * the key classification.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import type { IngressRule, VolumeEfsSettings, VolumeModel, VpcSettings } from './model';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import type { EfsEntry } from './x-efs';

export const NFS_PORT = 2049;

export interface VolumesResolution {
  readonly volumes: readonly VolumeModel[];
  /** Family → names of the named volumes it mounts, sorted. */
  readonly byFamily: ReadonlyMap<string, readonly string[]>;
  /** NFS from each mounting family to its volumes. */
  readonly ingress: readonly IngressRule[];
}

export function resolveVolumes(ctx: ResolveContext, membership: Membership, efs: ReadonlyMap<string, EfsEntry> = new Map()): VolumesResolution {
  const defined = Object.keys(ctx.project.volumes ?? {}).sort(compareStrings);
  const mountedBy = new Map<string, Set<string>>(); // volume → families
  // x-efs entries are file systems even when no service mounts them (ECS ComposeX creates them).
  for (const [name, entry] of efs) if (entry.createdUnmounted) mountedBy.set(name, new Set());
  const writersOf = new Map<string, Set<string>>(); // volume → families with a read-write mount
  const usersOf = new Map<string, (string | undefined)[]>(); // volume → user: of each mounting service
  for (const service of ctx.serviceNames) {
    (ctx.project.services[service].volumes ?? []).forEach((mount, i) => {
      const path = ['services', service, 'volumes', i];
      switch (mount.type) {
        case 'volume': {
          if (mount.source === undefined || mount.source === '') {
            ctx.warning(
              CODES.ANONYMOUS_VOLUME,
              `'${service}' mounts an anonymous volume at ${mount.target}: on Fargate it is task storage, lost whenever the task stops`,
              path,
              `to keep the data, name the volume ("data:${mount.target}") and declare it under top-level volumes`,
            );
            return;
          }
          if (!defined.includes(mount.source)) {
            ctx.error(CODES.UNKNOWN_VOLUME, `'${service}' mounts volume '${mount.source}', which is not declared under top-level volumes`, [...path, 'source'], suggestion(mount.source, defined, 'volume'));
            return;
          }
          if (ctx.project.volumes[mount.source].external === true) {
            ctx.error(
              CODES.UNSUPPORTED_VOLUME,
              `volume '${mount.source}' is external; composex cannot attach an existing volume yet`,
              ['volumes', mount.source, 'external'],
              'remove external: true to have composex create an EFS file system for it',
              'key',
            );
            return;
          }
          const families = familiesOf(membership, service);
          if (!mayMount(ctx, efs.get(mount.source), service, families, mount.read_only === true, path)) return;
          for (const family of families) mountedBy.set(mount.source, (mountedBy.get(mount.source) ?? new Set()).add(family));
          if (mount.read_only !== true) for (const family of families) writersOf.set(mount.source, (writersOf.get(mount.source) ?? new Set()).add(family));
          usersOf.set(mount.source, [...(usersOf.get(mount.source) ?? []), ctx.project.services[service].user]);
          return;
        }
        default:
          // tmpfs is the container's (a scratch volume); bind, image, npipe and cluster mounts are
          // refused by the key classification (src/compose/keys.ts), from their value alone.
          return;
      }
    });
  }
  const volumes: VolumeModel[] = [];
  const byFamily = new Map<string, string[]>();
  const ingress: IngressRule[] = [];
  for (const name of [...mountedBy.keys()].sort(compareStrings)) {
    const families = [...mountedBy.get(name)!].sort(compareStrings);
    const posixUser = commonPosixUser(usersOf.get(name) ?? []);
    const entry = efs.get(name);
    if (entry && !posixUser) reportUsersDiffer(ctx, entry, usersOf.get(name) ?? []);
    const settings = entry ? efsSettings(ctx, entry, families, writersOf.get(name) ?? new Set(), posixUser !== undefined) : undefined;
    volumes.push({ name, families, ...(posixUser ? { posixUser } : {}), ...(settings ? { efs: settings } : {}) });
    for (const family of families) {
      byFamily.set(family, [...(byFamily.get(family) ?? []), name]);
      ingress.push({ source: { kind: 'family', family }, target: { kind: 'volume', volume: name }, protocol: 'tcp', fromPort: NFS_PORT, toPort: NFS_PORT, reason: `volumes: ${name}` });
    }
  }
  return { volumes, byFamily, ingress };
}

const NUMERIC_USER = /^(\d+)(?::(\d+))?$/;

/**
 * The identity the volume's access point enforces: the one numeric `user:` (`uid` or `uid:gid`,
 * the group defaulting to the uid) every mounting service declares. None when a service declares
 * no user, a name (`postgres`, which only the image's /etc/passwd resolves), or another uid: the
 * files are then written as whatever user each container runs as.
 */
export function commonPosixUser(users: readonly (string | undefined)[]): { uid: number; gid: number } | undefined {
  let common: { uid: number; gid: number } | undefined;
  for (const user of users) {
    const m = user === undefined ? null : NUMERIC_USER.exec(String(user).trim());
    if (!m) return undefined;
    const uid = Number(m[1]);
    const id = { uid, gid: m[2] === undefined ? uid : Number(m[2]) };
    if (id.uid > 4294967295 || id.gid > 4294967295) return undefined;
    if (common && (common.uid !== id.uid || common.gid !== id.gid)) return undefined;
    common = id;
  }
  return common;
}

/**
 * With x-efs `Services`, only the families it lists may mount the volume, and a read-write mount
 * needs a level that writes (EFS refuses writes without `elasticfilesystem:ClientWrite` when it
 * authorizes the client by IAM, as ECS mounts these volumes).
 */
function mayMount(ctx: ResolveContext, entry: EfsEntry | undefined, service: string, families: readonly string[], readOnly: boolean, path: Path): boolean {
  if (!entry?.grants) return true;
  const granted = families.map((family) => entry.grants!.filter((g) => g.families.includes(family)));
  const missing = families.filter((_, i) => granted[i].length === 0);
  if (missing.length > 0) {
    ctx.error(
      CODES.EFS_MOUNT_NOT_DECLARED,
      `'${service}' mounts volume '${entry.name}', but x-efs.${entry.name}.Services does not list it${families.length > 1 || families[0] !== service ? ` or its family '${missing[0]}'` : ''}: only the families listed there may mount the file system`,
      path,
      `add '${service}: {Access: ${readOnly ? 'RO' : 'RW'}}' to x-efs.${entry.name}.Services (at ${ctx.where([...entry.path, 'Services'], 'key')})`,
    );
    return false;
  }
  if (readOnly) return true;
  const cannotWrite = families.filter((_, i) => !granted[i].some((g) => g.actions.includes('elasticfilesystem:ClientWrite')));
  if (cannotWrite.length > 0) {
    const grant = granted[families.indexOf(cannotWrite[0])][0];
    ctx.error(
      CODES.EFS_MOUNT_WRITES_READ_ONLY,
      `'${service}' mounts volume '${entry.name}' read-write, but x-efs.${entry.name}.Services gives '${grant.target}' Access: ${grant.level}: EFS refuses every write of a client without elasticfilesystem:ClientWrite`,
      path,
      `mount it read-only (":ro" or read_only: true), or give '${grant.target}' Access: RW (at ${ctx.where(grant.path)})`,
    );
    return false;
  }
  return true;
}

/** The volume's x-efs settings; says which declared grants reach nothing and which cannot write as root. */
function efsSettings(ctx: ResolveContext, entry: EfsEntry, families: readonly string[], writers: ReadonlySet<string>, enforcesUser: boolean): VolumeEfsSettings {
  if (families.length === 0 && !(entry.grants ?? []).length) {
    ctx.warning(
      CODES.EFS_NOT_MOUNTED,
      `no service mounts volume '${entry.name}': its file system is created (as ECS ComposeX does) but no task can reach it`,
      entry.path,
      `mount it on a service ("- ${entry.name}:/data" under its volumes, with '${entry.name}:' under the top-level volumes), or remove it`,
      'key',
    );
  }
  const access: Record<string, readonly string[]> = {};
  for (const grant of entry.grants ?? []) {
    const reached = grant.families.filter((family) => families.includes(family));
    if (reached.length === 0) {
      ctx.warning(
        CODES.EFS_GRANT_NOT_MOUNTED,
        `'${grant.target}' is given ${grant.level} access to x-efs '${entry.name}' but mounts it nowhere: it gets no volume, and so no permission and no NFS access`,
        grant.path,
        `mount it in '${grant.target}' ("- ${entry.name}:/path" under its volumes, with '${entry.name}:' under the top-level volumes), or remove the entry`,
        'key',
      );
      continue;
    }
    for (const family of reached) access[family] = [...new Set([...(access[family] ?? []), ...grant.actions])].sort(compareStrings);
    const squashed = reached.filter((family) => writers.has(family) && !grant.actions.includes('elasticfilesystem:ClientRootAccess'));
    if (squashed.length > 0 && !enforcesUser) {
      ctx.warning(
        CODES.EFS_ROOT_SQUASHED,
        `'${grant.target}' writes to volume '${entry.name}' with Access ${grant.level} and no POSIX user: EFS maps root (uid 0) to an anonymous user for a client without elasticfilesystem:ClientRootAccess, so a container running as root cannot write the volume's directory, which EFS creates owned by root`,
        grant.path,
        `give every service that mounts it the same numeric user (user: "1000"; composex then writes as that user through the access point), or Access: Root`,
      );
    }
  }
  return {
    path: entry.path,
    properties: entry.properties,
    propertiesPath: entry.propertiesPath,
    ...(entry.rootDirectoryPermissions ? { rootDirectoryPermissions: entry.rootDirectoryPermissions } : {}),
    ...(entry.grants ? { access } : {}),
  };
}

/**
 * A file system takes one mount target per Availability Zone ("You can create only one mount
 * target per Availability Zone", Amazon EFS User Guide, "Managing mount targets"; CreateMountTarget
 * fails with MountTargetConflict), and composex creates one in every storage subnet. With an
 * existing VPC whose AvailabilityZones are given, more storage subnets than zones put two in one
 * zone. Subnet ids without zones cannot be checked offline and are taken on trust.
 */
export function checkMountTargetZones(ctx: ResolveContext, vpc: VpcSettings, vpcPath: Path, volumes: readonly VolumeModel[]): void {
  if (vpc.kind !== 'existing' || volumes.length === 0 || !vpc.availabilityZones) return;
  const key = vpc.storageSubnetIds !== undefined ? 'StorageSubnets' : 'PrivateSubnets';
  const subnets = vpc.storageSubnetIds ?? vpc.privateSubnetIds;
  const zones = new Set(vpc.availabilityZones);
  if (subnets.length <= zones.size) return;
  ctx.error(
    CODES.EFS_MOUNT_TARGETS_SHARE_ZONE,
    `x-vpc gives ${subnets.length} ${key} in ${zones.size} availability zone${zones.size === 1 ? '' : 's'}, and the EFS file system of volume${volumes.length === 1 ? '' : 's'} ${volumes.map((v) => `'${v.name}'`).join(', ')} gets a mount target in each: EFS takes only one mount target per availability zone`,
    [...vpcPath, key],
    `list one ${key === 'StorageSubnets' ? 'storage' : 'private'} subnet per availability zone in x-vpc.${key}`,
    'key',
  );
}

/**
 * ECS ComposeX gives each family its own access point with its service's `user` as the POSIX user
 * (and the mount path as its root directory); composex mounts every family through the volume's one
 * access point, rooted at /data so that the families share the files, and enforces a POSIX user
 * only when every mounting service declares the same numeric one. When their numeric users differ,
 * none is enforced: each container reads and writes as its own user, which is said here.
 */
function reportUsersDiffer(ctx: ResolveContext, entry: EfsEntry, users: readonly (string | undefined)[]): void {
  const numeric = [...new Set(users.filter((u): u is string => u !== undefined && NUMERIC_USER.test(String(u).trim())).map((u) => String(u).trim()))].sort(compareStrings);
  if (numeric.length < 2) return;
  ctx.warning(
    CODES.EFS_USERS_DIFFER,
    `the services that mount volume '${entry.name}' run as different users (${numeric.join(', ')}): its access point enforces no POSIX user (ECS ComposeX would give each family an access point of its own user), so each container reads and writes as its own user and root is mapped to an anonymous user without Access: Root`,
    entry.path,
    'give the services that mount it one numeric user (user: "1000"), or share a group and make the directory group-writable (user: "<uid>:<gid>" and MacroParameters.RootDirectoryCreateMode: "0775")',
    'key',
  );
}
