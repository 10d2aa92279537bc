/**
 * `x-network` on a service (ECS ComposeX shape):
 *
 *   x-network:
 *     AssignPublicIp: false
 *     PublicDataStore: true                            # composex's opt-in: publish a data store's ports (CX3210)
 *     Ingress:
 *       Services: [{Name: <service or family>}]        # callers allowed in on every declared port
 *       ExtSources: [{IPv4: 10.1.0.0/16, Name?, Description?}, {IPv6: ...}]
 *       AwsSources: [{Type: SecurityGroup | PrefixList, Id: sg-… | pl-…, Description?}]
 *       Myself: true                                   # tasks of the family reach each other
 *
 * Only parsing and validation here; `ingress.ts` turns it into rules.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { parseCidr } from './cidr';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { readFirstReleaseNetwork } from './first-release-keys';
import { checkKeys, readBoolean, readList, readObject, readString } from './readers';

export interface IngressServiceRef {
  readonly name: string;
  readonly path: Path;
  /** `DependsOn: true` (ECS ComposeX): the caller starts after this service, as with depends_on; where it is written. */
  readonly dependsOn?: Path;
}

export interface ExtSource {
  readonly cidr: string;
  readonly description?: string;
  readonly path: Path;
}

export interface AwsSource {
  readonly kind: 'securityGroup' | 'prefixList';
  readonly id: string;
  readonly description?: string;
  readonly path: Path;
}

export interface NetworkSettings {
  readonly assignPublicIp?: boolean;
  /** The opt-in to publish the ports of a data store image (postgres, redis, …) on the load balancer. */
  readonly publicDataStore?: boolean;
  readonly services: readonly IngressServiceRef[];
  readonly extSources: readonly ExtSource[];
  readonly awsSources: readonly AwsSource[];
  readonly myself: boolean;
}

/** `x-cloudmap` (the namespace the service registers in) is read by x-cloudmap.ts. */
export const X_NETWORK_KEYS = ['AssignPublicIp', 'Ingress', 'PublicDataStore', 'x-cloudmap'];
export const INGRESS_KEYS = ['AwsSources', 'ExtSources', 'Myself', 'Services'];
/** `Ipv4` and `Source_name` are the ECS ComposeX spellings. */
export const EXT_SOURCE_KEYS = ['Description', 'IPv4', 'IPv6', 'Ipv4', 'Ipv6', 'Name', 'Source_name'];
export const AWS_SOURCE_KEYS = ['Description', 'Id', 'Name', 'Type'];
const AWS_SOURCE_TYPES = { SecurityGroup: 'securityGroup', PrefixList: 'prefixList' } as const;
const AWS_SOURCE_ID = { securityGroup: /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, prefixList: /^pl-([0-9a-f]{8}|[0-9a-f]{17})$/ };
/** Characters EC2 accepts in a security group rule description. */
const RULE_DESCRIPTION = /^[A-Za-z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

const EMPTY: NetworkSettings = { services: [], extSources: [], awsSources: [], myself: false };

export function readNetworkSettings(ctx: ResolveContext, service: string): NetworkSettings {
  const raw = ctx.project.services[service]['x-network'];
  if (raw === undefined) return EMPTY;
  const path = ['services', service, 'x-network'];
  if (raw === null) {
    // `x-network:` with no value (use-cases/ecs/service_to_service_depend.yml): ECS ComposeX reads a
    // service's x-network only when it is set (keyisset), so an empty one is no x-network.
    ctx.warning(CODES.X_NETWORK_EMPTY, 'x-network has no value: read as no x-network (nothing more may reach the service)', path, 'remove the empty x-network', 'key');
    return EMPTY;
  }
  const written = readObject(ctx, raw, path);
  if (!written) return EMPTY;
  const x = readFirstReleaseNetwork(ctx, written, path);
  checkKeys(ctx, x, path, X_NETWORK_KEYS);
  const assignPublicIp = x.AssignPublicIp === undefined ? undefined : readBoolean(ctx, x.AssignPublicIp, [...path, 'AssignPublicIp']);
  const publicDataStore = x.PublicDataStore === undefined ? undefined : readBoolean(ctx, x.PublicDataStore, [...path, 'PublicDataStore']);
  const settings = { ...EMPTY, ...(assignPublicIp === undefined ? {} : { assignPublicIp }), ...(publicDataStore === undefined ? {} : { publicDataStore }) };
  if (x.Ingress === undefined) return settings;
  const ingressPath = [...path, 'Ingress'];
  const ingress = readObject(ctx, x.Ingress, ingressPath);
  if (!ingress) return settings;
  checkKeys(ctx, ingress, ingressPath, INGRESS_KEYS);
  return {
    ...settings,
    services: readServiceRefs(ctx, ingress.Services, [...ingressPath, 'Services']),
    extSources: readExtSources(ctx, ingress.ExtSources, [...ingressPath, 'ExtSources']),
    awsSources: readAwsSources(ctx, ingress.AwsSources, [...ingressPath, 'AwsSources']),
    myself: ingress.Myself === undefined ? false : readBoolean(ctx, ingress.Myself, [...ingressPath, 'Myself']) ?? false,
  };
}

function readServiceRefs(ctx: ResolveContext, raw: unknown, path: Path): IngressServiceRef[] {
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, 'a list such as [{Name: frontend}]') ?? [];
  const out: IngressServiceRef[] = [];
  list.forEach((item, i) => {
    if (typeof item === 'string') {
      out.push({ name: item, path: [...path, i] });
      return;
    }
    const entry = readObject(ctx, item, [...path, i], '{Name: <service or family>}');
    if (!entry) return;
    checkKeys(ctx, entry, [...path, i], ['Name', 'DependsOn']);
    const name = readString(ctx, entry.Name, [...path, i, 'Name'], 'the name of a service or family');
    const dependsOn = entry.DependsOn === undefined ? undefined : readIngressDependsOn(ctx, entry.DependsOn, [...path, i, 'DependsOn'], name);
    if (name !== undefined) out.push({ name, path: [...path, i, 'Name'], ...(dependsOn ? { dependsOn } : {}) });
  });
  return out;
}

/**
 * `Ingress.Services[].DependsOn` (use-cases/ecs/service_to_service_depend.yml). ECS ComposeX's
 * code (ecs_service_network_config.py, set_compose_services_ingress) makes the stack of the family
 * named by the entry depend on the stack of the service that lists it whenever the key is present,
 * whatever its value: the caller starts after the service, as `depends_on` orders it. `true` is
 * read so (ordering.ts); `false` keeps the entry's ordinary start order, with a warning (CX3989).
 */
function readIngressDependsOn(ctx: ResolveContext, raw: unknown, path: Path, name: string | undefined): Path | undefined {
  const value = readBoolean(ctx, raw, path);
  if (value === false) {
    ctx.warning(
      CODES.INGRESS_SERVICE_DEPENDS_ON,
      `DependsOn: false: ECS ComposeX orders the start even so (it reads only whether DependsOn is there); composex reads false as no required order: '${name ?? 'the caller'}' starts after this service only where that makes no start cycle, as for any Ingress.Services entry`,
      path,
      `remove DependsOn; to make '${name ?? 'the caller'}' wait for this service, write DependsOn: true (or depends_on on '${name ?? 'the caller'}')`,
      'key',
    );
  }
  return value === true ? path : undefined;
}

function readDescription(ctx: ResolveContext, entry: Record<string, unknown>, path: Path, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    if (entry[key] === undefined) continue;
    const text = readString(ctx, entry[key], [...path, key]);
    if (text === undefined) return undefined;
    if (!RULE_DESCRIPTION.test(text)) {
      ctx.error(
        CODES.INVALID_INGRESS_SOURCE,
        `${describePath([...path, key])} '${text}' cannot be a security group rule description`,
        [...path, key],
        'use at most 255 of: letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
      );
      return undefined;
    }
    return text;
  }
  return undefined;
}

/** `warnWorld`: warn (CX3105) for 0.0.0.0/0 or ::/0, which here reach the tasks straight (false for a load balancer's sources). */
export function readExtSources(ctx: ResolveContext, raw: unknown, path: Path, warnWorld = true): ExtSource[] {
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, 'a list such as [{IPv4: 10.1.0.0/16, Name: office}]') ?? [];
  const out: ExtSource[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const entry = readObject(ctx, item, at, '{IPv4: 10.1.0.0/16, Name: office}');
    if (!entry) return;
    checkKeys(ctx, entry, at, EXT_SOURCE_KEYS);
    const addressKeys = ['IPv4', 'Ipv4', 'IPv6', 'Ipv6'].filter((k) => entry[k] !== undefined);
    if (addressKeys.length !== 1) {
      ctx.error(
        CODES.INVALID_INGRESS_SOURCE,
        addressKeys.length === 0
          ? `${describePath(at)} names no address: give IPv4 or IPv6`
          : `${describePath(at)} gives both ${addressKeys.join(' and ')}; one source is one CIDR`,
        at,
        'write one entry per CIDR, e.g. {IPv4: 192.0.2.0/24, Name: office}',
      );
      return;
    }
    const key = addressKeys[0];
    const keyPath = [...at, key];
    const text = readString(ctx, entry[key], keyPath, 'a CIDR such as 192.0.2.0/24');
    if (text === undefined) return;
    const cidr = parseCidr(text.trim());
    const version = key.endsWith('4') ? 4 : 6;
    if (!cidr || cidr.version !== version) {
      ctx.error(
        CODES.INVALID_INGRESS_SOURCE,
        `${describePath(keyPath)} '${text}' is not an IPv${version} CIDR`,
        keyPath,
        version === 4 ? 'write an address with its prefix length, e.g. 192.0.2.10/32' : 'write an address with its prefix length, e.g. 2001:db8::/32',
      );
      return;
    }
    if (cidr.hostBitsSet) {
      ctx.error(CODES.INVALID_INGRESS_SOURCE, `${describePath(keyPath)} '${text}' has host bits set`, keyPath, `did you mean '${cidr.network}'?`);
      return;
    }
    if (cidr.prefix === 0 && warnWorld) {
      // Accepted as the file declares it (ECS ComposeX files write it, e.g. its use-case
      // blog.features.yml); said once at its place, and listed by the render summary when the
      // family's tasks have a public IP. Without one the tasks sit in private subnets: every
      // address of the VPC and of networks routed into it reaches them, the internet does not.
      ctx.warning(
        CODES.WORLD_OPEN_SOURCE,
        `${describePath(keyPath)} '${text}' admits every address on this service's ports, straight to its tasks (no load balancer)`,
        keyPath,
        'list only the CIDRs that need access, or publish the port (ports: ["80:8080"]) so a load balancer stands in front of the tasks',
      );
    }
    const description = readDescription(ctx, entry, at, ['Description', 'Name', 'Source_name']);
    out.push({ cidr: cidr.network, ...(description === undefined ? {} : { description }), path: keyPath });
  });
  return out;
}

export function readAwsSources(ctx: ResolveContext, raw: unknown, path: Path): AwsSource[] {
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, 'a list such as [{Type: SecurityGroup, Id: sg-0123456789abcdef0}]') ?? [];
  const out: AwsSource[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const entry = readObject(ctx, item, at, '{Type: SecurityGroup, Id: sg-0123456789abcdef0}');
    if (!entry) return;
    checkKeys(ctx, entry, at, AWS_SOURCE_KEYS);
    const type = readString(ctx, entry.Type, [...at, 'Type'], 'SecurityGroup or PrefixList');
    const id = readString(ctx, entry.Id, [...at, 'Id'], 'an id such as sg-0123456789abcdef0');
    if (type === undefined || id === undefined) return;
    if (!Object.prototype.hasOwnProperty.call(AWS_SOURCE_TYPES, type)) {
      ctx.error(CODES.INVALID_INGRESS_SOURCE, `${describePath([...at, 'Type'])} '${type}' is not a source type`, [...at, 'Type'], suggestion(type, Object.keys(AWS_SOURCE_TYPES), 'type'));
      return;
    }
    const kind = AWS_SOURCE_TYPES[type as keyof typeof AWS_SOURCE_TYPES];
    if (!AWS_SOURCE_ID[kind].test(id)) {
      ctx.error(
        CODES.INVALID_INGRESS_SOURCE,
        `${describePath([...at, 'Id'])} '${id}' is not a ${type} id`,
        [...at, 'Id'],
        kind === 'securityGroup' ? 'a security group id looks like sg-0123456789abcdef0' : 'a prefix list id looks like pl-0123456789abcdef0',
      );
      return;
    }
    const description = readDescription(ctx, entry, at, ['Description', 'Name']);
    out.push({ kind, id, ...(description === undefined ? {} : { description }), path: [...at, 'Id'] });
  });
  return out;
}
