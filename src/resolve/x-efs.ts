/**
 * ECS ComposeX's `x-efs`: the settings of the EFS file system of a named volume.
 *
 *   x-efs:                                   the top-level form (ECS ComposeX's use-cases/efs)
 *     shared-images:                         the name of the volume the services mount
 *       Properties: {ThroughputMode: elastic, LifecyclePolicies: [...]}   AWS::EFS::FileSystem
 *       MacroParameters: {EnforceIamAuth: true, RootDirectoryCreateMode: "0750"}
 *       Services: {app03: {Access: RW}}      who may mount it, and how (RO, RW, Root)
 *
 *   volumes:
 *     shared-images:
 *       x-efs: {Properties: {...}, MacroParameters: {...}}   the form of ECS ComposeX's docs
 *
 * Either form configures the one file system composex creates for the named volume
 * (src/resolve/volumes.ts, src/aws/volumes.ts): encrypted, backed up, retained, a mount target in
 * every storage subnet behind the volume's security group, mounted by ECS with TLS and IAM
 * authorization through its access point. Services mount it as any named volume
 * (`- shared-images:/app/images`). With `Services`, only the families it lists may mount it, with
 * the actions of their level (ECS ComposeX's efs_perms.json) on their task role and NFS (2049)
 * from their security group; without it, the families that mount it may, as for any named volume.
 *
 * Fargate mounts EFS volumes from platform version 1.4.0 ("Amazon EFS volumes are supported for
 * tasks hosted on Fargate ... platform version 1.4.0 or later", Amazon ECS Developer Guide); composex
 * sets no `PlatformVersion`, so its services run on LATEST and there is nothing to check.
 *
 * ECS ComposeX does not deploy a `Lookup` or `Use` of x-efs (its x-efs stack warns "Lookup not
 * supported. You can only create new resources"); composex refuses both (CX3801).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import type { Membership } from './families';
import { checkKeys, readBoolean, readObject, readString, XObject } from './readers';
import { readAccessLevel, readConsumers, readResourceEntries, type ResourceEntry } from './resources/common';
import { readDriverOpts } from './x-efs-driver-opts';
import { checkFileSystemProperties } from './x-efs-properties';

export const EFS_KEY = 'x-efs';

/** EFS's NFS client actions, by ECS ComposeX's access level (ecs_composex/efs/efs_perms.json). */
export const EFS_ACCESS: Readonly<Record<string, { readonly actions: readonly string[]; readonly description: string }>> = {
  RO: { actions: ['elasticfilesystem:ClientMount'], description: 'mount, read only' },
  RW: { actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], description: 'mount, read and write' },
  Root: {
    actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
    description: 'mount, read and write, and act as root (uid 0 is not mapped to an anonymous user)',
  },
};

const MACRO_KEYS = ['EnforceIamAuth', 'RootDirectoryCreateMode'];
const SETTINGS_KEYS = ['Subnets', 'EnvNames'];
const VOLUME_FORM_KEYS = ['Properties', 'MacroParameters', 'Settings', 'Lookup', 'Use'];

/** What one `Services` entry of an x-efs entry grants. */
export interface EfsGrant {
  /** The service or family as written. */
  readonly target: string;
  readonly families: readonly string[];
  readonly level: string;
  readonly actions: readonly string[];
  /** The entry's `Access` (or the entry) in the file. */
  readonly path: Path;
}

export interface EfsEntry {
  /** The named volume it configures. */
  readonly name: string;
  readonly path: Path;
  /** The checked `Properties` composex passes on to the file system. */
  readonly properties: XObject;
  /** Where they are written (`…Properties`, or the volume's `driver_opts`). */
  readonly propertiesPath: Path;
  /** Created when no service mounts it (x-efs, as ECS ComposeX); not for `driver_opts` alone. */
  readonly createdUnmounted: boolean;
  /** `RootDirectoryCreateMode`: the permissions of the access point's root directory when EFS creates it. */
  readonly rootDirectoryPermissions?: string;
  /** The `Services` entries; absent when the entry has no `Services` (the mounting families may mount). */
  readonly grants?: readonly EfsGrant[];
}

/** Every x-efs entry of both forms, by volume name. */
export function readXEfs(ctx: ResolveContext, membership: Membership): Map<string, EfsEntry> {
  const out = new Map<string, EfsEntry>();
  for (const entry of readResourceEntries(ctx, EFS_KEY, MACRO_KEYS, SETTINGS_KEYS, ['Use'])) {
    const use = (ctx.project.extensions[EFS_KEY] as Record<string, XObject>)[entry.name]?.Use;
    const read = readEntry(ctx, entry, use);
    if (!read) continue;
    out.set(entry.name, { ...read, ...readGrants(ctx, entry, membership) });
  }
  for (const name of Object.keys(ctx.project.volumes ?? {}).sort(compareStrings)) {
    const driverOpts = readDriverOpts(ctx, name);
    const value = ctx.project.volumes[name]?.[EFS_KEY];
    if (driverOpts) {
      const earlier = out.get(name) ?? (value !== undefined && value !== null ? { path: ['volumes', name, EFS_KEY] } : undefined);
      if (earlier) {
        ctx.error(CODES.EFS_DECLARED_TWICE, `volume '${name}' has file system settings both in driver_opts and in x-efs`, driverOpts.path, `keep one of the two (the x-efs settings are at ${ctx.where(earlier.path, 'key')})`, 'key');
        continue;
      }
      out.set(name, { name, path: driverOpts.path, properties: checkFileSystemProperties(ctx, driverOpts.properties, driverOpts.path), propertiesPath: driverOpts.path, createdUnmounted: false });
      continue;
    }
    if (value === undefined || value === null) continue;
    const path = ['volumes', name, EFS_KEY];
    const def = readObject(ctx, value, path, '{Properties: {...}, MacroParameters: {...}}');
    if (!def) continue;
    checkKeys(ctx, def, path, VOLUME_FORM_KEYS);
    const earlier = out.get(name);
    if (earlier) {
      ctx.error(CODES.EFS_DECLARED_TWICE, `volume '${name}' has x-efs settings here and under the top-level x-efs`, path, `keep one of the two (the other is at ${ctx.where(earlier.path, 'key')})`, 'key');
      continue;
    }
    const part = (k: string, allowed?: readonly string[]): XObject => {
      if (def[k] === undefined || def[k] === null) return {};
      const obj = readObject(ctx, def[k], [...path, k]) ?? {};
      if (allowed) checkKeys(ctx, obj, [...path, k], allowed);
      return obj;
    };
    const entry: ResourceEntry = {
      name,
      path,
      properties: part('Properties'),
      macro: part('MacroParameters', MACRO_KEYS),
      settings: part('Settings', SETTINGS_KEYS),
      ...(def.Lookup !== undefined ? { lookup: part('Lookup') } : {}),
      services: undefined,
    };
    const read = readEntry(ctx, entry, def.Use);
    if (read) out.set(name, read);
  }
  return out;
}

function readEntry(ctx: ResolveContext, entry: ResourceEntry, use: unknown): Omit<EfsEntry, 'grants'> | undefined {
  if (entry.lookup !== undefined || use !== undefined) {
    const key = entry.lookup !== undefined ? 'Lookup' : 'Use';
    ctx.error(
      CODES.EFS_EXISTING_UNSUPPORTED,
      `x-efs '${entry.name}' names an existing file system (${key}): composex creates the volume's file system and cannot mount an existing one yet (ECS ComposeX does not deploy it either: its x-efs stack warns "Lookup not supported")`,
      [...entry.path, key],
      `remove ${key} to have composex create an encrypted, backed-up file system for the volume`,
      'key',
    );
    return undefined;
  }
  const properties = checkFileSystemProperties(ctx, entry.properties, [...entry.path, 'Properties']);
  const macro = [...entry.path, 'MacroParameters'];
  if (entry.macro.EnforceIamAuth !== undefined && readBoolean(ctx, entry.macro.EnforceIamAuth, [...macro, 'EnforceIamAuth']) === false) {
    ctx.warning(
      CODES.EFS_SETTING_NOT_READ,
      `${describePath([...macro, 'EnforceIamAuth'])} is false, but composex always mounts EFS volumes with IAM authorization and TLS through an access point: only the task roles granted it can mount the file system`,
      [...macro, 'EnforceIamAuth'],
      'remove EnforceIamAuth (true is what composex does)',
    );
  }
  let rootDirectoryPermissions: string | undefined;
  if (entry.macro.RootDirectoryCreateMode !== undefined) {
    const at = [...macro, 'RootDirectoryCreateMode'];
    const mode = typeof entry.macro.RootDirectoryCreateMode === 'number' ? String(entry.macro.RootDirectoryCreateMode) : readString(ctx, entry.macro.RootDirectoryCreateMode, at, '"0775"');
    // AWS::EFS::AccessPoint CreationInfo.Permissions: "an octal number", pattern ^[0-7]{3,4}$.
    if (mode !== undefined && /^[0-7]{3,4}$/.test(mode)) rootDirectoryPermissions = mode;
    else if (mode !== undefined) ctx.error(CODES.EFS_INVALID, `${describePath(at)} is ${JSON.stringify(mode)}, not POSIX permissions in octal`, at, 'write the permissions as a quoted octal number, such as "0775"');
  }
  for (const key of SETTINGS_KEYS) {
    if (entry.settings[key] === undefined) continue;
    const why =
      key === 'EnvNames'
        ? 'an EFS volume gives its services no variable: they reach it at the path they mount it on (ECS ComposeX says EnvNames has no effect here)'
        : "composex puts a volume's mount targets in the storage subnets (x-vpc StorageSubnets, else the private subnets), one in each";
    ctx.warning(CODES.EFS_SETTING_NOT_READ, `${describePath([...entry.path, 'Settings', key])} is not read: ${why}`, [...entry.path, 'Settings', key], `remove Settings.${key}`, 'key');
  }
  return { name: entry.name, path: entry.path, properties, propertiesPath: [...entry.path, 'Properties'], createdUnmounted: true, ...(rootDirectoryPermissions ? { rootDirectoryPermissions } : {}) };
}

function readGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership): { grants?: EfsGrant[] } {
  if (entry.services === undefined || entry.services === null) return {};
  const grants: EfsGrant[] = [];
  for (const consumer of readConsumers(ctx, entry, membership, ['Access'])) {
    if (consumer.entry.Access === undefined) {
      ctx.error(CODES.EFS_INVALID, `Services entry '${consumer.target}' of x-efs '${entry.name}' gives no access level`, consumer.path, `write Access: RW (or ${Object.keys(EFS_ACCESS).join(', ')})`, 'key');
      continue;
    }
    const accessPath = Array.isArray(entry.services) ? [...consumer.path, 'access'] : [...consumer.path, 'Access'];
    const level = readAccessLevel(ctx, EFS_ACCESS, consumer.entry.Access, accessPath, EFS_KEY);
    if (!level) continue;
    grants.push({ target: consumer.target, families: consumer.families, level: level.level, actions: level.value.actions, path: accessPath });
  }
  return { grants };
}
