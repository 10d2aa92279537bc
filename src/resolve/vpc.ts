/**
 * Top-level `x-vpc`. A new VPC (the default):
 *
 *   x-vpc: {MaxAzs: 2, NatGateways: 1, Cidr: 10.0.0.0/16}
 *
 * or an existing one, by IDs (they become root-stack parameter defaults; nothing is looked up):
 *
 *   x-vpc: {VpcId: vpc-…, PrivateSubnets: [subnet-…], PublicSubnets: [subnet-…], AvailabilityZones?: [...]}
 *
 * ECS ComposeX spellings are accepted: `Properties` / `Create` around the new-VPC keys, `Use`
 * around the existing-VPC keys, `VpcCidr` for `Cidr`, `AppSubnets` for `PrivateSubnets`,
 * `SingleNat`, `DisableNat` and `Endpoints` (VPC endpoints: vpc-endpoints.ts). `StorageSubnets`
 * (given, under `Use`, or found by `Lookup`) are where ECS ComposeX puts databases, caches and EFS
 * mount targets, and so does composex; without them those go in the private subnets. `Lookup` (the VPC
 * by tags or id, its subnets by tags) is answered from composex.lock.json, which `composex lookup`
 * writes (lookups.ts); render calls no AWS API.
 * `PublicSubnets` may be left out when nothing needs them (checked in `index.ts`).
 * Extra subnet groups (ECS ComposeX): `Use.<Group>: [subnet-…]` or `Lookup.<Group>: {Tags: …}` in an
 * existing VPC; `networks.<name>.x-vpc: <Group>` runs the services of that network in them
 * (subnet-groups.ts).
 */
import type { Path } from '../compose/source-map';
import type { SubnetGroupModel, VpcSettings } from './model';
import { parseCidr } from './cidr';
import { CODES } from './codes';
import { closest } from '../diagnostics';
import { describePath, ResolveContext } from './context';
import { LookupRequest, lockedAnswer, readSelector, Selector, SUBNET_GROUPS, SubnetGroup, VpcAnswer } from './lookups';
import { checkKeys, readBoolean, readInteger, readObject, readString, readStringList, XObject } from './readers';
import { readVpcEndpoints } from './vpc-endpoints';

export const DEFAULT_VPC: VpcSettings = { kind: 'new', maxAzs: 2, natGateways: 1, cidr: '10.0.0.0/16' };

export const NEW_KEYS = ['Cidr', 'DisableNat', 'Endpoints', 'MaxAzs', 'NatGateways', 'SingleNat', 'VpcCidr'];
export const EXISTING_KEYS = ['AppSubnets', 'AvailabilityZones', 'PrivateSubnets', 'PublicSubnets', 'StorageSubnets', 'VpcId'];
export const WRAPPERS: Record<string, readonly string[]> = { Create: NEW_KEYS, Properties: NEW_KEYS, Use: EXISTING_KEYS };
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const AZ = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;

interface Setting {
  readonly value: unknown;
  readonly path: Path;
}

export interface VpcResolution {
  readonly vpc: VpcSettings;
  /** Where x-vpc was written, for later checks (load balancer, public subnets). */
  readonly path: Path;
}

/**
 * The extra subnet groups x-vpc declares (under `Lookup`, `Use`, or flat, refused), read from the
 * text alone so that networks naming them are checked even when x-vpc itself has an error or its
 * Lookup is not in the lock yet; `existingVpc`: whether x-vpc names an existing VPC.
 */
export interface DeclaredSubnetGroups {
  readonly names: ReadonlyMap<string, Path>;
  readonly existingVpc: boolean;
}

export function declaredSubnetGroups(ctx: ResolveContext): DeclaredSubnetGroups {
  const raw = ctx.project.extensions?.['x-vpc'];
  const names = new Map<string, Path>();
  if (!isObject(raw)) return { names, existingVpc: false };
  const topKeys = [...NEW_KEYS, ...EXISTING_KEYS, ...Object.keys(WRAPPERS), 'Lookup'];
  const add = (x: XObject, path: Path, known: readonly string[]) => {
    for (const [key] of splitSubnetGroups(x, known).groups) if (!names.has(key)) names.set(key, [...path, key]);
  };
  if (isObject(raw.Lookup)) add(raw.Lookup, ['x-vpc', 'Lookup'], [...VPC_LOOKUP_KEYS, 'RoleArn']);
  if (isObject(raw.Use)) add(raw.Use, ['x-vpc', 'Use'], EXISTING_KEYS);
  add(raw, ['x-vpc'], topKeys);
  const existingVpc = raw.Lookup !== undefined || raw.Use !== undefined || Object.keys(raw).some((k) => EXISTING_KEYS.includes(k));
  return { names, existingVpc };
}

const isObject = (v: unknown): v is XObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function resolveVpc(ctx: ResolveContext): VpcResolution {
  const root = ['x-vpc'];
  const raw = ctx.project.extensions?.['x-vpc'];
  if (raw === undefined || raw === null) return { vpc: DEFAULT_VPC, path: root };
  const x = readObject(ctx, raw, root, '{MaxAzs: 2} or {VpcId: vpc-…, PrivateSubnets: [...], PublicSubnets: [...]}');
  if (!x) return { vpc: DEFAULT_VPC, path: root };
  if (x.Lookup !== undefined) return { vpc: readLookedUp(ctx, x, root), path: root };

  const settings = collectSettings(ctx, x, root);
  if (!settings) return { vpc: DEFAULT_VPC, path: root };
  const newKeys = [...settings.keys()].filter((k) => NEW_KEYS.includes(k));
  const existingSettingKeys = [...settings.keys()].filter((k) => EXISTING_KEYS.includes(k) || k.startsWith(GROUP_PREFIX));
  const existingKeys = existingSettingKeys.map((k) => k.replace(GROUP_PREFIX, ''));
  const endpoints = settings.get('Endpoints');
  if (endpoints && existingKeys.length > 0) {
    endpointsOnExistingVpc(ctx, endpoints.path);
    settings.delete('Endpoints');
    newKeys.splice(newKeys.indexOf('Endpoints'), 1);
  }
  if (newKeys.length > 0 && existingKeys.length > 0) {
    ctx.error(
      CODES.INVALID_VPC,
      `x-vpc mixes settings for a new VPC (${newKeys.join(', ')}) with an existing VPC (${existingKeys.join(', ')})`,
      settings.get(existingSettingKeys[0])!.path,
      'either describe the VPC to create, or give the IDs of an existing one',
      'key',
    );
    return { vpc: DEFAULT_VPC, path: root };
  }
  return { vpc: existingKeys.length > 0 ? readExisting(ctx, settings, root) : readNew(ctx, settings), path: root };
}

/** Flat keys and wrapped keys in one map; a key given twice is an error. */
function collectSettings(ctx: ResolveContext, x: XObject, root: Path): Map<string, Setting> | undefined {
  const topKeys = [...NEW_KEYS, ...EXISTING_KEYS, ...Object.keys(WRAPPERS), 'Lookup'].sort();
  const flat = splitSubnetGroups(x, topKeys);
  for (const [key] of flat.groups) flatSubnetGroup(ctx, [...root, key]);
  checkKeys(ctx, flat.rest, root, topKeys);
  const settings = new Map<string, Setting>();
  let ok = true;
  const add = (key: string, value: unknown, path: Path) => {
    const seen = settings.get(key);
    if (seen) {
      ctx.error(CODES.INVALID_VPC, `x-vpc sets ${key} twice (also at ${ctx.where(seen.path, 'key')})`, path, 'keep one of them', 'key');
      ok = false;
    }
    settings.set(key, { value, path });
  };
  for (const [key, value] of Object.entries(x)) {
    if (WRAPPERS[key]) {
      const inner = readObject(ctx, value, [...root, key]);
      if (!inner) {
        ok = false;
        continue;
      }
      // Extra subnet groups are read under Use (their ids) only: a VPC composex creates has none.
      const split = key === 'Use' ? splitSubnetGroups(inner, WRAPPERS[key]) : { rest: inner, groups: [] };
      checkKeys(ctx, split.rest, [...root, key], WRAPPERS[key]);
      for (const [k, v] of Object.entries(inner)) if (WRAPPERS[key].includes(k)) add(k, v, [...root, key, k]);
      for (const [k, v] of split.groups) add(`${GROUP_PREFIX}${k}`, v, [...root, key, k]);
    } else if (NEW_KEYS.includes(key) || EXISTING_KEYS.includes(key)) {
      add(key, value, [...root, key]);
    }
  }
  return ok ? settings : undefined;
}

/** Settings key of an extra subnet group under `Use` (no x-vpc key has a space). */
const GROUP_PREFIX = 'group ';

function readNew(ctx: ResolveContext, settings: Map<string, Setting>): VpcSettings {
  const get = (key: string) => settings.get(key);
  let maxAzs = DEFAULT_VPC.kind === 'new' ? DEFAULT_VPC.maxAzs : 2;
  const maxAzsSetting = get('MaxAzs');
  if (maxAzsSetting) maxAzs = readInteger(ctx, maxAzsSetting.value, maxAzsSetting.path, 1, 6) ?? maxAzs;

  const nat = [get('NatGateways'), get('SingleNat'), get('DisableNat')].filter((s): s is Setting => s !== undefined);
  if (nat.length > 1) {
    ctx.error(CODES.INVALID_VPC, `x-vpc sets the NAT gateways in ${nat.length} ways (${nat.map((s) => describePath(s.path)).join(', ')})`, nat[1].path, 'use NatGateways alone', 'key');
  }
  let natGateways = 1;
  const natSetting = get('NatGateways');
  if (natSetting) {
    natGateways = readInteger(ctx, natSetting.value, natSetting.path, 0, maxAzs) ?? natGateways;
  } else if (get('SingleNat')) {
    const single = readBoolean(ctx, get('SingleNat')!.value, get('SingleNat')!.path);
    if (single !== undefined) natGateways = single ? 1 : maxAzs;
  } else if (get('DisableNat')) {
    const disable = readBoolean(ctx, get('DisableNat')!.value, get('DisableNat')!.path);
    if (disable !== undefined) natGateways = disable ? 0 : 1;
  }

  let cidr = DEFAULT_VPC.kind === 'new' ? DEFAULT_VPC.cidr : '10.0.0.0/16';
  if (get('Cidr') && get('VpcCidr')) ctx.error(CODES.INVALID_VPC, 'x-vpc sets both Cidr and VpcCidr', get('VpcCidr')!.path, 'keep Cidr', 'key');
  const cidrSetting = get('Cidr') ?? get('VpcCidr');
  if (cidrSetting) {
    const text = readString(ctx, cidrSetting.value, cidrSetting.path, 'a CIDR such as 10.0.0.0/16');
    const parsed = text === undefined ? undefined : parseCidr(text.trim());
    if (text !== undefined && (!parsed || parsed.version !== 4 || parsed.prefix < 16 || parsed.prefix > 24)) {
      ctx.error(CODES.INVALID_VPC, `x-vpc CIDR '${text}' must be an IPv4 block from /16 to /24`, cidrSetting.path, 'e.g. 10.0.0.0/16 (VPCs allow /16 to /28, and composex needs room for public and private subnets in each AZ)');
    } else if (parsed?.hostBitsSet) {
      ctx.error(CODES.INVALID_VPC, `x-vpc CIDR '${text}' has host bits set`, cidrSetting.path, `did you mean '${parsed.network}'?`);
    } else if (parsed) {
      cidr = parsed.network;
    }
  }
  const endpointsSetting = get('Endpoints');
  const endpoints = endpointsSetting ? readVpcEndpoints(ctx, endpointsSetting.value, endpointsSetting.path) : [];
  return { kind: 'new', maxAzs, natGateways, cidr, ...(endpoints.length > 0 ? { endpoints } : {}) };
}

/**
 * ECS ComposeX's schema has `Endpoints` only under `Properties` (a VPC it creates; `Lookup` and
 * `Properties` are exclusive): composex creates nothing in a VPC it does not manage either.
 */
function endpointsOnExistingVpc(ctx: ResolveContext, path: Path): void {
  ctx.error(
    CODES.VPC_ENDPOINTS_EXISTING_VPC,
    'x-vpc Endpoints creates VPC endpoints in a VPC composex creates, but this x-vpc names an existing VPC',
    path,
    'remove Endpoints and create the endpoints where that VPC is managed (a VPC has one endpoint per service, shared by every stack in it), or drop the existing VPC settings to let composex create a VPC with these endpoints',
    'key',
  );
}

/** Where `Endpoints` is written in an x-vpc (flat, or under `Properties` / `Create`), if anywhere. */
function endpointsPath(x: XObject, root: Path): Path | undefined {
  if (x.Endpoints !== undefined) return [...root, 'Endpoints'];
  for (const wrapper of ['Properties', 'Create']) {
    const inner = x[wrapper];
    if (inner && typeof inner === 'object' && !Array.isArray(inner) && (inner as XObject).Endpoints !== undefined) return [...root, wrapper, 'Endpoints'];
  }
  return undefined;
}

function readIds(ctx: ResolveContext, setting: Setting | undefined, pattern: RegExp, example: string, seen: Map<string, Path>): string[] {
  if (!setting) return [];
  const list = pattern === SUBNET_ID && typeof setting.value === 'string' && setting.value.includes(',') ? commaSeparatedSubnets(ctx, setting.value, setting.path) : (readStringList(ctx, setting.value, setting.path) ?? []);
  const out: string[] = [];
  list.forEach((id, i) => {
    const path = Array.isArray(setting.value) ? [...setting.path, i] : setting.path;
    if (!pattern.test(id)) {
      ctx.error(CODES.INVALID_VPC, `'${id}' in ${describePath(setting.path)} is not a valid id`, path, `an id looks like ${example}`);
    } else if (seen.has(id)) {
      ctx.error(CODES.INVALID_VPC, `'${id}' is listed twice in x-vpc (also at ${ctx.where(seen.get(id)!)})`, path, 'list each subnet once, in PublicSubnets or PrivateSubnets');
    } else {
      seen.set(id, path);
      out.push(id);
    }
  });
  return out;
}

/**
 * `PublicSubnets`. A subnet listed as private (`AppSubnets` / `PrivateSubnets`) too cannot be both:
 * its route table sends the internet either to an internet gateway (public: tasks there without a
 * public IP reach nothing) or to a NAT gateway (private: an internet-facing load balancer there is
 * unreachable). ECS ComposeX takes both lists as written (use-cases/efs/efs_lookup_vpc.yml gives
 * the same subnets to all three): composex keeps it private, where the tasks run, and leaves it
 * out of the public subnets, with a warning at it (CX3308); what needs public subnets (published
 * ports, x-elbv2 internet-facing, a public IP) is then refused where it finds none.
 */
function readPublicIds(ctx: ResolveContext, setting: Setting | undefined, privateSeen: ReadonlyMap<string, Path>): string[] {
  const own = new Map<string, Path>();
  return readIds(ctx, setting, SUBNET_ID, 'subnet-0123456789abcdef0', own).filter((id) => {
    const asPrivate = privateSeen.get(id);
    if (!asPrivate) return true;
    ctx.warning(
      CODES.VPC_SUBNET_PUBLIC_AND_PRIVATE,
      `'${id}' is listed in PublicSubnets and as a private subnet (${ctx.where(asPrivate)}); a subnet's route table makes it one or the other: it is used as a private subnet, where the tasks run, and left out of the public subnets`,
      own.get(id)!,
      'list each subnet once: in PublicSubnets if its route table has a route to an internet gateway, else in AppSubnets / PrivateSubnets',
    );
    return false;
  });
}

/**
 * Subnets written as one comma-separated string (`PublicSubnets: 'subnet-a,subnet-b'`,
 * use-cases/blog-with-vpc-use.yml): ECS ComposeX's x-vpc schema takes a string there, and its code
 * passes the value on to a `List<AWS::EC2::Subnet::Id>` parameter of its nested stacks, which
 * CloudFormation reads as comma-separated values: the list of those ids, with a warning (CX3988).
 */
function commaSeparatedSubnets(ctx: ResolveContext, value: string, path: Path): string[] {
  const ids = value.split(',').map((id) => id.trim());
  ctx.warning(
    CODES.VPC_SUBNETS_COMMA_STRING,
    `${describePath(path)} is one string of ${ids.length} comma-separated ids: read as the list ${ids.join(', ')}, as ECS ComposeX reads it (a CloudFormation list parameter)`,
    path,
    `write a YAML list: [${ids.join(', ')}]`,
  );
  return ids;
}

function readExisting(ctx: ResolveContext, settings: Map<string, Setting>, root: Path): VpcSettings {
  const vpcIdSetting = settings.get('VpcId');
  let vpcId = '';
  if (!vpcIdSetting) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc names subnets but no VpcId', root, 'add VpcId: vpc-0123456789abcdef0', 'key');
  } else {
    const text = readString(ctx, vpcIdSetting.value, vpcIdSetting.path, 'vpc-0123456789abcdef0');
    if (text !== undefined && !VPC_ID.test(text)) ctx.error(CODES.INVALID_VPC, `'${text}' is not a VPC id`, vpcIdSetting.path, 'a VPC id looks like vpc-0123456789abcdef0');
    else if (text !== undefined) vpcId = text;
  }
  if (settings.has('PrivateSubnets') && settings.has('AppSubnets')) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc sets both PrivateSubnets and AppSubnets (the same thing)', settings.get('AppSubnets')!.path, 'keep PrivateSubnets', 'key');
  }
  const seen = new Map<string, Path>();
  const privateSetting = settings.get('PrivateSubnets') ?? settings.get('AppSubnets');
  const privateSubnetIds = readIds(ctx, privateSetting, SUBNET_ID, 'subnet-0123456789abcdef0', seen);
  if (!privateSetting || (Array.isArray(privateSetting.value) && privateSetting.value.length === 0)) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc gives no PrivateSubnets, where the tasks run', privateSetting?.path ?? root, 'add PrivateSubnets: [subnet-…, subnet-…]', 'key');
  }
  const publicSubnetIds = readPublicIds(ctx, settings.get('PublicSubnets'), seen);
  // Storage subnets may be the app subnets (ECS ComposeX does not forbid it): checked on their own.
  const storageSetting = settings.get('StorageSubnets');
  const storageSubnetIds = readIds(ctx, storageSetting, SUBNET_ID, 'subnet-0123456789abcdef0', new Map());
  if (storageSetting && Array.isArray(storageSetting.value) && storageSetting.value.length === 0) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc StorageSubnets is empty', storageSetting.path, 'list the subnets for databases, caches and EFS (StorageSubnets: [subnet-…, subnet-…]), or remove the key to use the private subnets', 'key');
  }
  // Extra subnet groups (Use.<Group>: [subnet-…]): each on its own, like StorageSubnets.
  const subnetGroups: SubnetGroupModel[] = [];
  for (const [key, setting] of [...settings].filter(([k]) => k.startsWith(GROUP_PREFIX)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = key.slice(GROUP_PREFIX.length);
    const subnetIds = readIds(ctx, setting, SUBNET_ID, 'subnet-0123456789abcdef0', new Map());
    if (Array.isArray(setting.value) && setting.value.length === 0) {
      ctx.error(CODES.INVALID_VPC, `x-vpc subnet group ${name} is empty`, setting.path, `list the subnets of the group (${name}: [subnet-…, subnet-…]), or remove it`, 'key');
    }
    if (subnetIds.length > 0) subnetGroups.push({ name, subnetIds });
  }
  const azSetting = settings.get('AvailabilityZones');
  const availabilityZones = azSetting ? readIds(ctx, azSetting, AZ, 'eu-west-1a', new Map()) : undefined;
  if (availabilityZones && availabilityZones.length > 0) {
    for (const [key, ids] of [['PrivateSubnets', privateSubnetIds], ['PublicSubnets', publicSubnetIds], ['StorageSubnets', storageSubnetIds]] as const) {
      if (ids.length % availabilityZones.length !== 0) {
        ctx.error(
          CODES.INVALID_VPC,
          `x-vpc lists ${ids.length} ${key} for ${availabilityZones.length} AvailabilityZones; give the same number of subnets in each zone`,
          settings.get(key)?.path ?? azSetting!.path,
          'list subnets in zone order, one (or the same number) per availability zone',
        );
      }
    }
  }
  return {
    kind: 'existing',
    vpcId,
    publicSubnetIds,
    privateSubnetIds,
    ...(storageSubnetIds.length > 0 ? { storageSubnetIds } : {}),
    ...(availabilityZones ? { availabilityZones } : {}),
    ...(subnetGroups.length > 0 ? { subnetGroups } : {}),
  };
}

/** The keys under `x-vpc.Lookup` (ECS ComposeX's; `PrivateSubnets` is composex's name for `AppSubnets`). */
export const VPC_LOOKUP_KEYS = ['VpcId', ...SUBNET_GROUPS, 'PrivateSubnets'];
const VPC_LOOKUP_EXAMPLE = 'Lookup: {VpcId: {Tags: [{Name: shared}]}, AppSubnets: {Tags: [{tier: app}]}, PublicSubnets: {Tags: [{tier: public}]}}';

/** `x-vpc.Lookup` as a query for `composex lookup` (undefined when absent or malformed: reported). */
export function vpcLookupRequest(ctx: ResolveContext): LookupRequest | undefined {
  const raw = ctx.project.extensions?.['x-vpc'];
  const path = ['x-vpc', 'Lookup'];
  if (raw === undefined || raw === null || typeof raw !== 'object' || (raw as XObject).Lookup === undefined) return undefined;
  const lookup = readObject(ctx, (raw as XObject).Lookup, path, VPC_LOOKUP_EXAMPLE);
  if (!lookup) return undefined;
  // PrivateSubnets is composex's name for ECS ComposeX's AppSubnets.
  const split = splitSubnetGroups(lookup, [...VPC_LOOKUP_KEYS, 'RoleArn']);
  checkKeys(ctx, split.rest, path, [...VPC_LOOKUP_KEYS, 'RoleArn']);
  if (lookup.RoleArn !== undefined) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc.Lookup.RoleArn (looking up in another account) is not supported', [...path, 'RoleArn'], 'run `composex lookup` with credentials of the account that owns the VPC (--aws-profile)', 'key');
    return undefined;
  }
  if (lookup.VpcId === undefined) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc.Lookup does not say which VPC', path, `add VpcId: {Tags: [{Name: shared}]} (or {Identifier: vpc-…}); ${VPC_LOOKUP_EXAMPLE}`, 'key');
    return undefined;
  }
  const vpc = readSelector(ctx, lookup.VpcId, [...path, 'VpcId'], 'VpcId: {Tags: [{Name: shared}]} or {Identifier: vpc-0123456789abcdef0}', [], ['Identifier', 'Arn']);
  if (lookup.AppSubnets !== undefined && lookup.PrivateSubnets !== undefined) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc.Lookup sets both PrivateSubnets and AppSubnets (the same thing)', [...path, 'PrivateSubnets'], 'keep AppSubnets', 'key');
    return undefined;
  }
  const subnets: Partial<Record<SubnetGroup, Selector>> = {};
  let ok = vpc !== undefined;
  for (const group of SUBNET_GROUPS) {
    const key = group === 'AppSubnets' && lookup.AppSubnets === undefined && lookup.PrivateSubnets !== undefined ? 'PrivateSubnets' : group;
    if (lookup[key] === undefined) continue;
    const selector = readSelector(ctx, lookup[key], [...path, key], `${key}: {Tags: [{tier: app}]}`, []);
    if (selector) subnets[group] = selector;
    else ok = false;
  }
  // Extra subnet groups (ECS ComposeX): looked up in the VPC found, like the others.
  const groups: Record<string, Selector> = {};
  for (const [key, value] of [...split.groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const selector = readSelector(ctx, value, [...path, key], `${key}: {Tags: [{tier: ${key.toLowerCase()}}]}`, []);
    if (selector) groups[key] = selector;
    else ok = false;
  }
  if (ok && !subnets.AppSubnets) {
    ctx.error(CODES.INVALID_VPC, 'x-vpc.Lookup does not say which subnets the tasks run in', path, 'add AppSubnets: {Tags: [{tier: app}]}', 'key');
    return undefined;
  }
  if (!ok || !vpc) return undefined;
  const query = { kind: 'vpc' as const, vpc, subnets, ...(Object.keys(groups).length > 0 ? { groups } : {}) };
  return { key: 'x-vpc', query, path, location: ctx.locate(path) };
}

/** A looked-up VPC used exactly as one given by IDs: its app subnets run the tasks. */
function readLookedUp(ctx: ResolveContext, x: XObject, root: Path): VpcSettings {
  const topKeys = [...NEW_KEYS, ...EXISTING_KEYS, ...Object.keys(WRAPPERS), 'Lookup'];
  const flat = splitSubnetGroups(x, topKeys).groups.map(([k]) => k);
  for (const key of flat) flatSubnetGroup(ctx, [...root, key]);
  let others = Object.keys(x).filter((k) => k !== 'Lookup' && !flat.includes(k));
  const endpoints = endpointsPath(x, root);
  if (endpoints) {
    endpointsOnExistingVpc(ctx, endpoints);
    // A wrapper that holds only Endpoints is said once, at Endpoints.
    const holder = endpoints.length === 2 ? 'Endpoints' : String(endpoints[1]);
    if (holder === 'Endpoints' || Object.keys(x[holder] as XObject).length === 1) others = others.filter((k) => k !== holder);
  }
  if (others.length > 0) {
    ctx.error(CODES.INVALID_VPC, `x-vpc has Lookup and ${others.join(', ')}`, [...root, others[0]], 'a looked-up VPC is used as it is: keep Lookup alone, or give the IDs without Lookup', 'key');
    return DEFAULT_VPC;
  }
  const request = vpcLookupRequest(ctx);
  const answer = request && lockedAnswer<VpcAnswer>(ctx, request);
  if (!answer) return DEFAULT_VPC;
  const app = answer.subnets.AppSubnets ?? [];
  const publicSubnets = answer.subnets.PublicSubnets ?? [];
  const storage = answer.subnets.StorageSubnets ?? [];
  const subnetGroups: SubnetGroupModel[] = Object.entries(answer.groups ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, subnetIds: list.map((s) => s.subnetId) }));
  const zones = [...new Set(app.map((s) => s.availabilityZone))];
  // The same number of subnets in each zone, as for IDs (readExisting): otherwise no zone list.
  const even = zones.length > 0 && [app, publicSubnets].every((list) => list.length % zones.length === 0);
  return {
    kind: 'existing',
    vpcId: answer.vpcId,
    privateSubnetIds: app.map((s) => s.subnetId),
    publicSubnetIds: publicSubnets.map((s) => s.subnetId),
    ...(storage.length > 0 ? { storageSubnetIds: storage.map((s) => s.subnetId) } : {}),
    ...(even ? { availabilityZones: zones } : {}),
    ...(subnetGroups.length > 0 ? { subnetGroups } : {}),
  };
}

/**
 * ECS ComposeX's extra subnet groups: a key of `x-vpc.Lookup` or `x-vpc.Use` named like `Custom01`
 * (`^[a-zA-Z0-9]+$`, not near a key composex reads: a near miss is a typo, CX3301 at checkKeys).
 */
export function splitSubnetGroups(x: XObject, known: readonly string[]): { rest: XObject; groups: [string, unknown][] } {
  const rest: XObject = {};
  const groups: [string, unknown][] = [];
  for (const [key, value] of Object.entries(x)) {
    if (known.includes(key) || !/^[a-zA-Z0-9]+$/.test(key) || closest(key, known) !== undefined) rest[key] = value;
    else groups.push([key, value]);
  }
  return { rest, groups };
}

/**
 * A group written flat at the top of x-vpc (the form of ECS ComposeX's older network page): its
 * schema reads extra groups under `Lookup` only, and composex under `Lookup` or `Use`.
 */
function flatSubnetGroup(ctx: ResolveContext, path: Path): void {
  const group = String(path[path.length - 1]);
  ctx.error(
    CODES.SUBNET_GROUP_FLAT,
    `x-vpc.${group} is an extra subnet group written at the top of x-vpc (an older ECS ComposeX form); subnet groups are read under x-vpc.Lookup (by tags) or x-vpc.Use (by ids)`,
    path,
    `move ${group} under x-vpc.Lookup, with VpcId and AppSubnets there (x-vpc: {Lookup: {VpcId: {Tags: …}, AppSubnets: {Tags: …}, ${group}: {Tags: …}}}), or under x-vpc.Use with its subnet ids`,
    'key',
  );
}
