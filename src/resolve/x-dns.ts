/**
 * `x-dns` (ECS ComposeX before v0.18, which replaced it with `x-route53` and `x-cloudmap`), read as
 * what composex already builds for those two keys:
 *
 *   x-dns:
 *     PublicZone:                    # a Route 53 public hosted zone (an x-route53 zone)
 *       Name: example.com
 *       Use: Z0123456789ABCDEFGHIJ   # an existing zone by id; without Use, a new zone is created
 *     PrivateNamespace:              # the Cloud Map namespace the services register in (x-cloudmap)
 *       Name: internal.example
 *       Use: ns-abcdefghij012345     # an existing namespace by id; without Use, a new one in the VPC
 *     Records:                       # alias records to x-elbv2 load balancers (x-elbv2 DnsAliases)
 *       - Properties: {Name: app.example.com, Type: A}
 *         Target: x-elbv2::<load balancer>
 *
 * What ECS ComposeX did with it (ecs_composex/dns/__init__.py, dns_records.py and
 * specs/x-dns.spec.json, read in compose-x/ecs_composex): `Name` is required; `Use` takes the zone /
 * namespace as given; `Lookup` looks it up with boto3 at render time; neither creates it
 * (AWS::Route53::HostedZone, AWS::ServiceDiscovery::PrivateDnsNamespace). `x-acm` certificates
 * written with `MacroParameters` are validated in the PublicZone (acm_stack.py:
 * `HostedZoneId=dns_settings.public_zone.id_value`), and each record whose Target is an x-elbv2
 * load balancer becomes an alias record to it in the PublicZone.
 *
 * composex makes no AWS call at render time, so `Lookup` is refused with what to give instead
 * (CX3267), as x-route53 and x-cloudmap refuse theirs. A PublicZone without `Use` is created as
 * ECS ComposeX did, with a warning (CX3268): "If your domain is registered with a registrar other
 * than Route 53, you must update the name servers with your registrar" (Route 53 API reference,
 * CreateHostedZone), so until then nothing in the new zone answers on the internet and ACM cannot
 * validate a certificate in it. Where x-dns and x-route53 / x-cloudmap say different things, an
 * error (CX3269). Records are alias A records (CX3270 where one cannot be written).
 *
 *   CX3266  x-dns is malformed (shape, an unknown key, PublicNamespace, Name, Use)
 *   CX3267  x-dns Lookup would look the zone or namespace up in AWS: give Use
 *   CX3268  warning: x-dns.PublicZone without Use creates a new public hosted zone (not delegated)
 *   CX3269  x-dns conflicts with x-route53 (the same zone) or x-cloudmap (a second namespace)
 *   CX3270  an x-dns.Records entry is invalid (Target, Name outside the zone, Type, a property composex does not write, a name twice)
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { inZone, X_DNS_ZONE } from './dns';
import type { Elbv2Resolution } from './elbv2';
import { NAMESPACE_ID, NAMESPACE_ID_HINT } from './x-cloudmap';
import type { Elbv2Alias, HostedZoneModel, NamespaceModel } from './model';
import { checkKeys, isPlainObject, readList, readObject, readString } from './readers';

const X_DNS_NAMESPACE = 'x-dns.PrivateNamespace';

/** The keys x-dns reads, per level (docs/x-keys.md lists them; PublicNamespace is refused, CX3266). */
export const X_DNS_KEYS = ['PublicZone', 'PrivateNamespace', 'Records'];
export const X_DNS_ZONE_KEYS = ['Name', 'Use', 'Lookup'];
export const X_DNS_RECORD_KEYS = ['Properties', 'Target'];
/** RecordSet properties an alias record to a load balancer takes from the file; composex writes the rest. */
export const X_DNS_RECORD_PROPERTIES = ['Name', 'Type', 'HostedZoneId'];

const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** At least two labels: "You can't create a hosted zone for a top-level domain (TLD) such as .com" (CreateHostedZone). */
const DOMAIN = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Cloud Map private DNS namespace names (as x-cloudmap reads them). */
const NAMESPACE_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

export interface XDnsRecord {
  /** The x-elbv2 load balancer the record points to. */
  readonly loadBalancer: string;
  readonly alias: Elbv2Alias;
  /** Where the record is written (`x-dns.Records[i]`). */
  readonly path: Path;
}

export interface XDns {
  readonly zone?: HostedZoneModel;
  readonly namespace?: NamespaceModel;
  readonly records: readonly XDnsRecord[];
}

export function readXDns(ctx: ResolveContext): XDns {
  const raw = ctx.project.extensions?.['x-dns'];
  if (raw === undefined || raw === null) return { records: [] };
  const top = readObject(ctx, raw, ['x-dns'], '{PublicZone: {Name: example.com, Use: Z…}, PrivateNamespace: {Name: internal.example}}');
  if (!top) return { records: [] };
  if (top.PublicNamespace !== undefined) {
    ctx.error(
      CODES.XDNS_INVALID,
      'x-dns.PublicNamespace (a Cloud Map public namespace) is not supported: ECS ComposeX never created it either, and its x-dns schema refuses the key',
      ['x-dns', 'PublicNamespace'],
      'remove PublicNamespace; a public name for a load balancer is a record in PublicZone (x-dns.Records with Target: x-elbv2::<name>)',
      'key',
    );
  }
  checkKeys(ctx, top, ['x-dns'], [...X_DNS_KEYS, 'PublicNamespace']);
  const zone = top.PublicZone === undefined ? undefined : readPublicZone(ctx, top.PublicZone);
  const namespace = top.PrivateNamespace === undefined ? undefined : readPrivateNamespace(ctx, top.PrivateNamespace);
  const records = top.Records === undefined ? [] : readRecords(ctx, top.Records, top.PublicZone !== undefined, zone);
  return { ...(zone ? { zone } : {}), ...(namespace ? { namespace } : {}), records };
}

/** `Lookup` is refused whatever it holds; `Use` is what to write instead. */
function refuseLookup(ctx: ResolveContext, key: string, what: string, instead: string): void {
  ctx.error(
    CODES.XDNS_LOOKUP,
    `x-dns.${key}.Lookup would look the ${what} up in AWS when rendering; composex makes no AWS call at render time`,
    ['x-dns', key, 'Lookup'],
    `replace Lookup with ${instead}`,
    'key',
  );
}

function readName(ctx: ResolveContext, entry: Record<string, unknown>, path: Path, pattern: RegExp, example: string): string | undefined {
  if (entry.Name === undefined) {
    ctx.error(CODES.XDNS_INVALID, `${path.join('.')} has no Name (ECS ComposeX requires it too)`, path, `write Name: ${example}`, 'key');
    return undefined;
  }
  const raw = readString(ctx, entry.Name, [...path, 'Name'], `a DNS name such as ${example}`);
  if (raw === undefined) return undefined;
  const name = raw.replace(/\.$/, '').toLowerCase();
  if (!pattern.test(name)) {
    ctx.error(CODES.XDNS_INVALID, `${path.join('.')}.Name '${raw}' is not a domain name a zone can have`, [...path, 'Name'], `write a name such as ${example} (Route 53 creates no zone for a top-level domain alone)`);
    return undefined;
  }
  return name;
}

function readPublicZone(ctx: ResolveContext, raw: unknown): HostedZoneModel | undefined {
  const path = ['x-dns', 'PublicZone'];
  const entry = readObject(ctx, raw, path, '{Name: example.com, Use: Z0123456789ABCDEFGHIJ}');
  if (!entry) return undefined;
  checkKeys(ctx, entry, path, X_DNS_ZONE_KEYS);
  if (entry.Lookup !== undefined) {
    refuseLookup(ctx, 'PublicZone', 'hosted zone', 'Use: <its hosted zone id> (aws route53 list-hosted-zones-by-name --dns-name <Name> shows it)');
    return undefined;
  }
  const zoneName = readName(ctx, entry, path, DOMAIN, 'example.com');
  if (zoneName === undefined) return undefined;
  const base = { name: X_DNS_ZONE, logicalId: 'XDnsPublicZone', zoneName };
  if (entry.Use === undefined) {
    ctx.warning(
      CODES.XDNS_ZONE_CREATED,
      `x-dns.PublicZone names no existing zone (Use), so a new public hosted zone ${zoneName} is created, as ECS ComposeX did; nothing in it answers on the internet until the registrar of ${zoneName} lists the new zone's name servers, and a certificate validated in it is not issued until then`,
      path,
      `to use the zone you already have, write Use: <its hosted zone id> (aws route53 list-hosted-zones-by-name --dns-name ${zoneName}); to keep the new zone, set the name servers of ${zoneName} at its registrar to the zone's NS record right after the first deploy`,
      'key',
    );
    return { ...base, create: true };
  }
  if (typeof entry.Use !== 'string' || !ZONE_ID.test(entry.Use)) {
    ctx.error(CODES.XDNS_INVALID, `x-dns.PublicZone.Use ${JSON.stringify(entry.Use)} is not a Route 53 hosted zone id`, [...path, 'Use'], 'a hosted zone id looks like Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-name)');
    return undefined;
  }
  return { ...base, zoneId: entry.Use };
}

function readPrivateNamespace(ctx: ResolveContext, raw: unknown): NamespaceModel | undefined {
  const path = ['x-dns', 'PrivateNamespace'];
  const entry = readObject(ctx, raw, path, '{Name: internal.example}');
  if (!entry) return undefined;
  checkKeys(ctx, entry, path, X_DNS_ZONE_KEYS);
  if (entry.Lookup !== undefined) {
    refuseLookup(ctx, 'PrivateNamespace', 'Cloud Map namespace', 'Use: ns-… (aws servicediscovery list-namespaces shows it), or remove Lookup to have composex create the namespace');
    return undefined;
  }
  if (entry.Use !== undefined) {
    if (entry.Name !== undefined) readName(ctx, entry, path, NAMESPACE_NAME, 'internal.example'); // checked, not needed
    if (typeof entry.Use !== 'string' || !NAMESPACE_ID.test(entry.Use)) {
      ctx.error(CODES.XDNS_INVALID, `x-dns.PrivateNamespace.Use ${JSON.stringify(entry.Use)} is not a Cloud Map namespace id`, [...path, 'Use'], NAMESPACE_ID_HINT);
      return undefined;
    }
    return { key: X_DNS_NAMESPACE, kind: 'existing', id: entry.Use };
  }
  const name = readName(ctx, entry, path, NAMESPACE_NAME, 'internal.example');
  return name === undefined ? undefined : { key: X_DNS_NAMESPACE, kind: 'private-dns', name };
}

function readRecords(ctx: ResolveContext, raw: unknown, zoneWritten: boolean, zone: HostedZoneModel | undefined): XDnsRecord[] {
  const list = readList(ctx, raw, ['x-dns', 'Records'], '[{Properties: {Name: app.example.com, Type: A}, Target: x-elbv2::<load balancer>}]') ?? [];
  const out: XDnsRecord[] = [];
  const bad = (message: string, at: Path, hint: string, anchor: 'key' | 'value' = 'value') => ctx.error(CODES.XDNS_RECORD_INVALID, message, at, hint, anchor);
  list.forEach((item, i) => {
    const path = ['x-dns', 'Records', i];
    const entry = readObject(ctx, item, path, '{Properties: {Name: app.example.com, Type: A}, Target: x-elbv2::<load balancer>}');
    if (!entry) return;
    checkKeys(ctx, entry, path, X_DNS_RECORD_KEYS);
    const target = readString(ctx, entry.Target, entry.Target === undefined ? path : [...path, 'Target'], 'x-elbv2::<load balancer>');
    const props = readObject(ctx, entry.Properties, entry.Properties === undefined ? path : [...path, 'Properties'], '{Name: app.example.com, Type: A}');
    if (target === undefined || !props) return;
    if (!target.startsWith('x-elbv2::')) {
      bad(`x-dns record Target '${target}' is not an x-elbv2 load balancer; ECS ComposeX wrote records for x-elbv2 targets only`, [...path, 'Target'], 'write Target: x-elbv2::<load balancer>');
      return;
    }
    const propsPath = [...path, 'Properties'];
    let ok = true;
    for (const key of Object.keys(props)) {
      if (X_DNS_RECORD_PROPERTIES.includes(key)) continue;
      ok = false;
      bad(`x-dns record property ${key} is not written by composex: a record to a load balancer is an alias A record, which takes no TTL, ResourceRecords or routing policy`, [...propsPath, key], `remove ${key}; keep Name and Type: A`, 'key');
    }
    if (props.Type !== undefined && props.Type !== 'A') {
      ok = false;
      bad(`x-dns record Type ${JSON.stringify(props.Type)}: composex's load balancers have IPv4 addresses only, so an alias record to one is of type A`, [...propsPath, 'Type'], 'write Type: A');
    }
    if (!zoneWritten) {
      bad('x-dns.Records needs x-dns.PublicZone: the zone the records are written in', path, 'declare the zone: x-dns: {PublicZone: {Name: example.com, Use: Z…}}', 'key');
      return;
    }
    if (!zone) return; // its error is reported
    if (props.HostedZoneId !== undefined && props.HostedZoneId !== zone.zoneId) {
      ok = false;
      bad(
        `x-dns record HostedZoneId ${JSON.stringify(props.HostedZoneId)} is not the PublicZone's (${zone.zoneId ?? 'created by this stack'})`,
        [...propsPath, 'HostedZoneId'],
        'remove HostedZoneId (the record goes in x-dns.PublicZone); for a record in another zone, declare that zone in x-route53 and list the name in the load balancer\'s DnsAliases',
      );
    }
    const rawName = readString(ctx, props.Name, props.Name === undefined ? propsPath : [...propsPath, 'Name'], `a name under ${zone.zoneName}`);
    if (rawName === undefined || !ok) return;
    const name = rawName.replace(/\.$/, '').toLowerCase();
    // Route 53 refuses a record outside its zone ("RRSet with DNS name … is not permitted in zone …").
    if (!DOMAIN.test(name) || !inZone(name, zone.zoneName)) {
      bad(`'${rawName}' is not a record name in zone ${zone.zoneName} (x-dns.PublicZone)`, [...propsPath, 'Name'], `use a name under ${zone.zoneName}`);
      return;
    }
    if (out.some((r) => r.alias.name === name)) {
      // Route 53 holds one A record of a name (without a routing policy); the second would fail the deploy.
      bad(`x-dns.Records lists ${name} twice`, [...propsPath, 'Name'], 'keep one record per name');
      return;
    }
    out.push({ loadBalancer: target.slice('x-elbv2::'.length), alias: { name, zone: X_DNS_ZONE }, path });
  });
  return out;
}

/** The x-elbv2 load balancers with the x-dns records that point to them added to their aliases. */
export function withXDnsRecords(ctx: ResolveContext, xdns: XDns, elbv2: Elbv2Resolution): Elbv2Resolution {
  if (xdns.records.length === 0) return elbv2;
  const declared = Object.keys(isPlainObject(ctx.project.extensions?.['x-elbv2']) ? (ctx.project.extensions!['x-elbv2'] as Record<string, unknown>) : {});
  const byLb = new Map<string, Elbv2Alias[]>();
  for (const record of xdns.records) {
    if (!declared.includes(record.loadBalancer)) {
      ctx.error(
        CODES.XDNS_RECORD_INVALID,
        `x-dns record Target names x-elbv2 load balancer '${record.loadBalancer}', which x-elbv2 does not declare`,
        [...record.path, 'Target'],
        declared.length > 0 ? suggestion(record.loadBalancer, declared, 'load balancer') : 'declare the load balancer under x-elbv2, or remove the record',
      );
      continue;
    }
    byLb.set(record.loadBalancer, [...(byLb.get(record.loadBalancer) ?? []), record.alias]);
  }
  const loadBalancers = elbv2.loadBalancers.map((lb) => {
    const added = byLb.get(lb.name);
    if (!added) return lb;
    const aliases = [...(lb.aliases ?? []), ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ...lb, aliases };
  });
  return { ...elbv2, loadBalancers };
}

/** The project's namespace: x-cloudmap's, or x-dns.PrivateNamespace; both declared is an error. */
export function chooseNamespace(ctx: ResolveContext, xdns: XDns, cloudmap: NamespaceModel | undefined): NamespaceModel | undefined {
  if (!xdns.namespace) return cloudmap;
  const declared = ctx.project.extensions?.['x-cloudmap'];
  if (declared !== undefined && declared !== null) {
    ctx.error(
      CODES.XDNS_CONFLICT,
      'x-dns.PrivateNamespace and x-cloudmap both declare the namespace the services register in; composex puts the whole project in one namespace',
      ['x-dns', 'PrivateNamespace'],
      'keep one: x-cloudmap is the newer spelling (x-cloudmap: {<name>: {ZoneName: <Name>}}), or remove x-cloudmap and keep x-dns.PrivateNamespace',
      'key',
    );
    return cloudmap;
  }
  return xdns.namespace;
}
