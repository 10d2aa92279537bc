/**
 * Service volumes on Fargate. A named volume (declared at top level) becomes an EFS file system
 * shared by the families that mount it, reachable over NFS from exactly those families (and, by
 * IAM, mountable by exactly their task roles); when every service that mounts it declares the same
 * numeric `user:`, its access point enforces that POSIX user (`commonPosixUser`). An
 * anonymous volume is task-local storage (a warning: its data is lost when the task stops). tmpfs
 * mounts are handled with the container; bind mounts, which Fargate cannot mount, are refused by
 * the key classification.
 */
import { suggestion } from '../diagnostics';
import type { IngressRule, VolumeModel } from './model';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import { familiesOf, Membership } from './families';

export const NFS_PORT = 2049;

export interface VolumesResolution {
  readonly volumes: readonly VolumeModel[];
  /** Family → names of the named volumes it mounts, sorted. */
  readonly byFamily: ReadonlyMap<string, readonly string[]>;
  /** NFS from each mounting family to its volumes. */
  readonly ingress: readonly IngressRule[];
}

export function resolveVolumes(ctx: ResolveContext, membership: Membership): VolumesResolution {
  const defined = Object.keys(ctx.project.volumes ?? {}).sort(compareStrings);
  const mountedBy = new Map<string, Set<string>>(); // volume → families
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
          for (const family of familiesOf(membership, service)) mountedBy.set(mount.source, (mountedBy.get(mount.source) ?? new Set()).add(family));
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
    volumes.push({ name, families, ...(posixUser ? { posixUser } : {}) });
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
