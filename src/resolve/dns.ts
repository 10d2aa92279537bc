/**
 * Top-level `x-route53` and `x-acm` (ECS ComposeX), without any AWS call at render time.
 *
 *   x-route53:
 *     public:
 *       ZoneName: example.com
 *       Lookup: {HostedZoneId: Z0123456789ABCDEFGHIJ}   # the zone's id, written in the file
 *     # Lookup: true                                    # or: the root stack takes it as a parameter
 *   x-acm:
 *     site:
 *       MacroParameters: {DomainNames: [example.com, www.example.com], Route53Zone: x-route53::public}
 *     existing:
 *       Arn: arn:aws:acm:eu-west-1:123456789012:certificate/…   # an existing certificate (or Use:)
 *
 * x-route53 names existing hosted zones only: composex creates none (a new public zone does not
 * answer until the registrar points at it, so a certificate validated in it would never be
 * issued, as ECS ComposeX warns). A certificate is validated by DNS: with a hosted zone for each
 * name, CloudFormation writes the validation records itself ("DomainValidationOptions:
 * HostedZoneId", AWS::CertificateManager::Certificate); without one the stack waits until someone
 * writes them (warning CX3246). Every name must lie in its zone (ECS ComposeX checks the same).
 */
import type { Path } from '../compose/source-map';
import type { CertificateModel, HostedZoneModel, ZoneRef } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { logicalIds } from './names';
import { checkKeys, isPlainObject, readObject, readStringList } from './readers';

const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const DOMAIN = /^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ACM_ARN = /^arn:aws(?:-[a-z]+)*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** "Quotas" of ACM: at most 10 domain names per certificate by default (adjustable). */
export const MAX_NAMES_PER_CERTIFICATE = 10;

export interface DnsResolution {
  readonly zones: readonly HostedZoneModel[];
  readonly certificates: readonly CertificateModel[];
  /**
   * Every `x-acm` name: its ARN when it is an existing certificate, undefined when composex creates
   * it, null when its definition was reported as invalid (its users say nothing more).
   */
  readonly acm: ReadonlyMap<string, string | undefined | null>;
}

/**
 * `xDnsZone`: ECS ComposeX's `x-dns.PublicZone` (x-dns.ts), one more zone, in which certificates
 * written with `MacroParameters` and no zone of their own are validated, as ECS ComposeX did.
 */
export function resolveDns(ctx: ResolveContext, xDnsZone?: HostedZoneModel): DnsResolution {
  const zones = readZones(ctx);
  const same = xDnsZone && zones.find((z) => z.zoneName === xDnsZone.zoneName);
  if (same) {
    ctx.error(
      CODES.XDNS_CONFLICT,
      `x-dns.PublicZone and x-route53.${same.name} both declare zone ${same.zoneName}`,
      ['x-dns', 'PublicZone'],
      `keep one: remove x-dns.PublicZone and refer to the zone as x-route53::${same.name}, or remove x-route53.${same.name}`,
      'key',
    );
  } else if (xDnsZone) {
    zones.push(xDnsZone);
  }
  const { certificates, acm } = readCertificatesSection(ctx, zones, same ? undefined : xDnsZone);
  return { zones, certificates, acm };
}

/** The x-route53 name ECS ComposeX's `x-dns.PublicZone` gets in the model (x-dns.ts). */
export const X_DNS_ZONE = 'x-dns.PublicZone';

/** How a message names a zone: `x-route53::<name>`, or `x-dns.PublicZone`. */
function zoneLabel(zone: HostedZoneModel): string {
  return zone.name === X_DNS_ZONE ? X_DNS_ZONE : `x-route53::${zone.name}`;
}

/** Whether `name` is `zone` or lies under it. */
export function inZone(name: string, zone: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  const z = zone.toLowerCase().replace(/\.$/, '');
  return n === z || n.endsWith(`.${z}`);
}

/** `x-route53::<name>` → the zone, reported when unknown. */
export function readZoneReference(ctx: ResolveContext, raw: unknown, path: Path, zones: readonly HostedZoneModel[]): HostedZoneModel | undefined {
  const name = typeof raw === 'string' && raw.startsWith('x-route53::') ? raw.slice('x-route53::'.length) : undefined;
  const zone = zones.find((z) => z.name === name);
  if (!zone) {
    ctx.error(
      CODES.DNS_REFERENCE_INVALID,
      `${JSON.stringify(raw)} is not an x-route53 zone of this file`,
      path,
      zones.some((z) => z.name !== X_DNS_ZONE) ? `write one of: ${zones.filter((z) => z.name !== X_DNS_ZONE).map(zoneLabel).join(', ')}` : 'declare the zone: x-route53: {public: {ZoneName: example.com, Lookup: {HostedZoneId: Z…}}}',
    );
  }
  return zone;
}

function readZones(ctx: ResolveContext): HostedZoneModel[] {
  const raw = ctx.project.extensions?.['x-route53'];
  if (raw === undefined || raw === null) return [];
  const top = readObject(ctx, raw, ['x-route53'], 'a mapping of zone names to {ZoneName, Lookup}') ?? {};
  const ids = logicalIds(Object.keys(top));
  const out: HostedZoneModel[] = [];
  for (const [name, value] of Object.entries(top)) {
    const path = ['x-route53', name];
    const def = readObject(ctx, value, path, '{ZoneName: example.com, Lookup: {HostedZoneId: Z…}}');
    if (!def) continue;
    checkKeys(ctx, def, path, ['ZoneName', 'Lookup', 'Properties']);
    if (def.Properties !== undefined) {
      ctx.error(CODES.ROUTE53_INVALID, `x-route53.${name}.Properties would create a hosted zone; composex uses existing zones only`, [...path, 'Properties'], 'create the zone and delegate it at the registrar first, then write Lookup: {HostedZoneId: Z…}', 'key');
      continue;
    }
    const zoneName = typeof def.ZoneName === 'string' ? def.ZoneName.replace(/\.$/, '').toLowerCase() : undefined;
    if (zoneName === undefined || !DOMAIN.test(zoneName)) {
      ctx.error(CODES.ROUTE53_INVALID, `x-route53.${name}.ZoneName ${JSON.stringify(def.ZoneName)} is not a domain name`, def.ZoneName === undefined ? path : [...path, 'ZoneName'], 'write ZoneName: example.com', def.ZoneName === undefined ? 'key' : 'value');
      continue;
    }
    const lookup = def.Lookup;
    let zoneId: string | undefined;
    if (isPlainObject(lookup)) {
      checkKeys(ctx, lookup, [...path, 'Lookup'], ['HostedZoneId', 'RoleArn']);
      if (lookup.RoleArn !== undefined) {
        ctx.error(CODES.ROUTE53_INVALID, 'Lookup.RoleArn is not supported: composex does not look zones up', [...path, 'Lookup', 'RoleArn'], 'remove RoleArn; give HostedZoneId, or Lookup: true to take the id as a root-stack parameter', 'key');
        continue;
      }
      if (lookup.HostedZoneId !== undefined) {
        if (typeof lookup.HostedZoneId !== 'string' || !ZONE_ID.test(lookup.HostedZoneId)) {
          ctx.error(CODES.ROUTE53_INVALID, `HostedZoneId ${JSON.stringify(lookup.HostedZoneId)} is not a Route 53 hosted zone id`, [...path, 'Lookup', 'HostedZoneId'], 'a hosted zone id looks like Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones-by-name)');
          continue;
        }
        zoneId = lookup.HostedZoneId;
      }
    } else if (lookup !== true) {
      ctx.error(CODES.ROUTE53_INVALID, `x-route53.${name} needs Lookup: the zone's HostedZoneId, or true to take it as a root-stack parameter`, lookup === undefined ? path : [...path, 'Lookup'], 'write Lookup: {HostedZoneId: Z…} (composex makes no AWS call at render time)', lookup === undefined ? 'key' : 'value');
      continue;
    }
    out.push({ name, logicalId: ids.get(name)!, zoneName, ...(zoneId ? { zoneId } : {}) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function readCertificatesSection(ctx: ResolveContext, zones: readonly HostedZoneModel[], defaultZone?: HostedZoneModel): { certificates: CertificateModel[]; acm: Map<string, string | undefined | null> } {
  const acm = new Map<string, string | undefined | null>();
  const certificates: CertificateModel[] = [];
  const raw = ctx.project.extensions?.['x-acm'];
  if (raw === undefined || raw === null) return { certificates, acm };
  const top = readObject(ctx, raw, ['x-acm'], 'a mapping of certificate names to definitions') ?? {};
  const ids = logicalIds(Object.keys(top));
  for (const [name, value] of Object.entries(top)) {
    const path = ['x-acm', name];
    acm.set(name, null); // until read without error
    const def = readObject(ctx, value, path, '{MacroParameters: {DomainNames: [example.com], Route53Zone: x-route53::public}}');
    if (!def) continue;
    checkKeys(ctx, def, path, ['Properties', 'MacroParameters', 'Arn', 'Use', 'Lookup', 'Settings']);
    const bad = (message: string, at: Path, hint: string, anchor: 'key' | 'value' = 'value') => ctx.error(CODES.ACM_INVALID, message, at, hint, anchor);
    if (def.Lookup !== undefined) {
      bad(`x-acm.${name}.Lookup is not supported: composex makes no AWS call at render time`, [...path, 'Lookup'], 'give the certificate ARN instead: Arn: arn:aws:acm:<region>:<account>:certificate/<id>', 'key');
      continue;
    }
    const existing = def.Arn ?? def.Use;
    if (existing !== undefined) {
      const key = def.Arn !== undefined ? 'Arn' : 'Use';
      if (typeof existing !== 'string' || !ACM_ARN.test(existing)) {
        bad(`x-acm.${name}.${key} ${JSON.stringify(existing)} is not an ACM certificate ARN`, [...path, key], 'write arn:aws:acm:<region>:<account>:certificate/<id>');
        continue;
      }
      if (def.Properties !== undefined || def.MacroParameters !== undefined) {
        bad(`x-acm.${name} gives both an existing certificate (${key}) and one to create`, path, `keep ${key}, or Properties / MacroParameters`, 'key');
        continue;
      }
      acm.set(name, existing);
      continue;
    }
    const cert = readCreated(ctx, name, ids.get(name)!, def, path, zones, defaultZone);
    if (!cert) continue;
    acm.set(name, undefined);
    certificates.push(cert);
  }
  certificates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { certificates, acm };
}

function readCreated(ctx: ResolveContext, name: string, logicalId: string, def: Record<string, unknown>, path: Path, zones: readonly HostedZoneModel[], defaultZone?: HostedZoneModel): CertificateModel | undefined {
  const bad = (message: string, at: Path, hint: string, anchor: 'key' | 'value' = 'value'): undefined => {
    ctx.error(CODES.ACM_INVALID, message, at, hint, anchor);
    return undefined;
  };
  let names: string[];
  let zone: ZoneRef | undefined;
  const perName = new Map<string, ZoneRef>();
  let namesPath: Path;
  if (def.MacroParameters !== undefined) {
    const macroPath = [...path, 'MacroParameters'];
    const macro = readObject(ctx, def.MacroParameters, macroPath, '{DomainNames: [example.com], Route53Zone: x-route53::public}');
    if (!macro) return undefined;
    checkKeys(ctx, macro, macroPath, ['DomainNames', 'HostedZoneId', 'Route53Zone']);
    if (def.Properties !== undefined) return bad(`x-acm.${name} gives both MacroParameters and Properties`, [...path, 'Properties'], 'keep one of them', 'key');
    namesPath = [...macroPath, 'DomainNames'];
    const list = readStringList(ctx, macro.DomainNames, namesPath);
    if (!list) return undefined;
    names = list;
    if (macro.Route53Zone !== undefined) {
      const z = readZoneReference(ctx, macro.Route53Zone, [...macroPath, 'Route53Zone'], zones);
      if (!z) return undefined;
      zone = { kind: 'route53', name: z.name };
    } else if (macro.HostedZoneId !== undefined) {
      if (typeof macro.HostedZoneId !== 'string' || !ZONE_ID.test(macro.HostedZoneId)) return bad(`HostedZoneId ${JSON.stringify(macro.HostedZoneId)} is not a Route 53 hosted zone id`, [...macroPath, 'HostedZoneId'], 'a hosted zone id looks like Z0123456789ABCDEFGHIJ');
      zone = { kind: 'id', id: macro.HostedZoneId };
    } else if (defaultZone) {
      zone = { kind: 'route53', name: defaultZone.name }; // ECS ComposeX: validated in x-dns.PublicZone
    }
  } else if (def.Properties !== undefined) {
    const propsPath = [...path, 'Properties'];
    const props = readObject(ctx, def.Properties, propsPath, '{DomainName: example.com, ValidationMethod: DNS}');
    if (!props) return undefined;
    checkKeys(ctx, props, propsPath, ['DomainName', 'SubjectAlternativeNames', 'DomainValidationOptions', 'ValidationMethod']);
    if (props.ValidationMethod !== undefined && props.ValidationMethod !== 'DNS') {
      return bad(`ValidationMethod ${JSON.stringify(props.ValidationMethod)}: composex validates by DNS only (EMAIL waits for someone to click a link while the stack is stuck)`, [...propsPath, 'ValidationMethod'], 'write ValidationMethod: DNS');
    }
    namesPath = [...propsPath, 'DomainName'];
    if (typeof props.DomainName !== 'string') return bad(`x-acm.${name}.Properties.DomainName is missing`, propsPath, 'write DomainName: example.com', 'key');
    const alternatives = props.SubjectAlternativeNames === undefined ? [] : readStringList(ctx, props.SubjectAlternativeNames, [...propsPath, 'SubjectAlternativeNames']);
    if (!alternatives) return undefined;
    names = [props.DomainName, ...alternatives];
    if (props.DomainValidationOptions !== undefined) {
      const options = Array.isArray(props.DomainValidationOptions) ? props.DomainValidationOptions : [];
      for (let i = 0; i < options.length; i++) {
        const o = options[i];
        const at = [...propsPath, 'DomainValidationOptions', i];
        if (!isPlainObject(o) || typeof o.DomainName !== 'string' || typeof o.HostedZoneId !== 'string' || !ZONE_ID.test(o.HostedZoneId)) {
          return bad(`${describePath(at)} must be {DomainName, HostedZoneId: Z…}`, at, 'write {DomainName: example.com, HostedZoneId: Z0123456789ABCDEFGHIJ}');
        }
        perName.set(o.DomainName.toLowerCase(), { kind: 'id', id: o.HostedZoneId });
        // ECS ComposeX: the zone of the first option validates the names not listed.
        zone ??= { kind: 'id', id: o.HostedZoneId };
      }
    }
  } else {
    return bad(`x-acm.${name} declares no certificate`, path, 'write MacroParameters: {DomainNames: [example.com], Route53Zone: x-route53::<zone>}, or Arn: <existing certificate ARN>', 'key');
  }
  names = names.map((n) => n.toLowerCase());
  for (const n of names) {
    if (!DOMAIN.test(n)) return bad(`'${n}' is not a domain name a certificate can hold`, namesPath, 'write names such as example.com or *.example.com');
  }
  if (new Set(names).size !== names.length) return bad(`x-acm.${name} lists a domain name twice`, namesPath, 'list each name once');
  if (names.length === 0) return bad(`x-acm.${name} has no domain name`, namesPath, 'list at least one name');
  if (names.length > MAX_NAMES_PER_CERTIFICATE) return bad(`x-acm.${name} has ${names.length} names; ACM's default quota is ${MAX_NAMES_PER_CERTIFICATE} per certificate`, namesPath, 'split the names over two certificates, or raise the quota first');
  if (zone?.kind === 'route53') {
    const z = zones.find((x) => x.name === (zone as { name: string }).name)!;
    const outside = names.find((n) => !inZone(n, z.zoneName));
    if (outside) return bad(`'${outside}' is not in zone ${z.zoneName} (${zoneLabel(z)}): its validation record cannot go there`, namesPath, `use names under ${z.zoneName}, or another zone`);
  }
  if (!zone && perName.size === 0) {
    ctx.warning(
      CODES.ACM_NO_ZONE,
      `x-acm.${name} names no hosted zone: CloudFormation waits (up to 72 hours) until someone writes the DNS validation records`,
      path,
      'add MacroParameters.Route53Zone: x-route53::<zone> (or HostedZoneId) so the records are written by CloudFormation',
      'key',
    );
  }
  const validation = names.map((domainName) => {
    const z = perName.get(domainName) ?? zone;
    return z ? { domainName, zone: z } : { domainName };
  });
  return { name, logicalId, domainName: names[0], alternativeNames: names.slice(1), validation };
}
