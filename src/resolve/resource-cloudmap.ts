/**
 * `Settings.x-cloudmap` of x-rds, x-dynamodb and x-s3 entries (ECS ComposeX): the resource registered in the project's
 * Cloud Map namespace, so that clients find it through Cloud Map (DNS, or DiscoverInstances).
 *
 *     x-cloudmap:
 *       private-namespace: {ZoneName: testing.cluster}
 *     x-rds:
 *       orders-db:
 *         Settings:
 *           x-cloudmap: private-namespace        # CNAME ordersdb.testing.cluster → the endpoint address
 *     x-dynamodb:
 *       orders:
 *         Settings:
 *           x-cloudmap:
 *             Namespace: private-namespace
 *             ReturnValues: {TableName: Name}    # instance attribute Name = the table name
 *             AdditionalAttributes: {Team: orders}
 *
 * What ECS ComposeX registers (its cloudmap/cloudmap_x_resources.py and the resources' default
 * settings), and composex with it:
 * - the name alone is the kind's default: a database gets `DnsSettings: {Hostname: <its name
 *   without non-alphanumerics>}`, a table `ReturnValues: {TableName, Arn}`, a bucket
 *   `ReturnValues: {BucketName, BucketArn, DomainName}`;
 * - one Cloud Map service per resource, and one instance of it. With `DnsSettings` (databases
 *   only) the service has a CNAME record of TTL 15 and the instance's `AWS_INSTANCE_CNAME` is the
 *   endpoint address ("AWS_INSTANCE_CNAME: If the service configuration includes a CNAME record,
 *   the domain name that you want Route 53 to return in response to DNS queries", AWS Cloud Map
 *   RegisterInstance; a CNAME record needs the WEIGHTED routing policy, AWS::ServiceDiscovery::Service
 *   DnsRecord). Without it the service is of type HTTP (found only by DiscoverInstances) and the
 *   instance carries the `ReturnValues` and `AdditionalAttributes` as custom attributes.
 * - `ReturnValues: {<attribute>: <name>}` stores the attribute under `<name>`, as ECS ComposeX's
 *   documentation says ("CFN return value will be stored as Name"; its code used the key for a
 *   new resource).
 * - `AdditionalAttributes` names starting with `AWS_` are skipped (Cloud Map reserves them): here
 *   with a warning (CX3275). `DnsSettings` on a table is ignored with a warning, as ECS ComposeX does.
 * - a looked-up resource is registered only with `ForceRegister`; composex registers only what it
 *   creates (CX3274).
 * composex names the service after the Hostname (DNS) or the resource's Compose name (HTTP), where
 * ECS ComposeX left an HTTP service's name to CloudFormation; the project has one namespace
 * (x-cloudmap.ts), and a resource naming another one is an error (CX3273).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { CloudMapRegistration, NamespaceModel, ResourceKind, ResourcesByKind } from './model';
import { checkKeys, isPlainObject, readObject, readString } from './readers';
import { CLUSTER_ATTRIBUTES, INSTANCE_ATTRIBUTES, SECRET_ATTRIBUTE } from './resources/rds';
import { RESOURCE_SPECS } from './resources/registry';
import { BUCKET_ATTRIBUTES } from './resources/s3';
import { DOCDB_ATTRIBUTES } from './resources/docdb';

/** The kinds whose entries take `Settings.x-cloudmap`, and what registering one means. */
interface CloudMapKind {
  /** The attribute a CNAME record points at; absent: the kind has no DNS name to register. */
  readonly cname?: string;
  /** ECS ComposeX's default settings of the kind (the namespace name alone). */
  readonly defaults: { readonly hostname?: true; readonly returnValues?: Readonly<Record<string, string>> };
  /** The attributes `ReturnValues` may name, for one resource. */
  readonly attributes: (kind: ResourcesByKind, name: string) => readonly string[];
}

export const CLOUDMAP_KINDS: Partial<Record<ResourceKind, CloudMapKind>> = {
  database: {
    cname: 'Endpoint.Address',
    defaults: { hostname: true },
    attributes: (all, name) => [...(all.database.find((d) => d.name === name)?.kind === 'cluster' ? CLUSTER_ATTRIBUTES : INSTANCE_ATTRIBUTES), SECRET_ATTRIBUTE],
  },
  bucket: {
    defaults: { returnValues: { BucketName: 'BucketName', BucketArn: 'BucketArn', DomainName: 'DomainName' } },
    attributes: () => BUCKET_ATTRIBUTES,
  },
  table: {
    defaults: { returnValues: { TableName: 'TableName', Arn: 'Arn' } },
    attributes: (all, name) => (all.table.find((t) => t.name === name)?.stream ? ['TableName', 'Arn', 'StreamArn'] : ['TableName', 'Arn']),
  },
  // x-docdb: registered as ECS ComposeX registers a database (use-cases/docdb/create_only_cloudmap.yml).
  docdb: {
    cname: 'Endpoint',
    defaults: { hostname: true },
    attributes: () => DOCDB_ATTRIBUTES,
  },
};

export const RESOURCE_CLOUDMAP_KEYS = ['Namespace', 'ForceRegister', 'ReturnValues', 'AdditionalAttributes', 'DnsSettings'];
/** A DNS label. */
const DNS_LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
/**
 * The name of a DNS service: one or more labels, at most 127 characters. Cloud Map names its
 * records `<service name>.<namespace>`, and a service name may hold several labels
 * (`_exampleservice._tcp` → `_exampleservice._tcp.example.com`, CreateService `Name`).
 */
const isServiceName = (name: string) => name.length <= 127 && name.split('.').every((label) => DNS_LABEL.test(label));
/** Cloud Map custom attributes (RegisterInstance): keys up to 255 characters, values up to 1,024, 30 in all. */
const ATTRIBUTE_KEY_MAX = 255;
const ATTRIBUTE_VALUE_MAX = 1024;
const ATTRIBUTES_MAX = 30;

interface RawSetting {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly name: string;
  readonly raw: unknown;
  readonly path: Path;
}

function rawSettings(ctx: ResolveContext): RawSetting[] {
  const out: RawSetting[] = [];
  for (const kind of Object.keys(CLOUDMAP_KINDS) as ResourceKind[]) {
    const key = RESOURCE_SPECS[kind].key;
    const top = ctx.project.extensions?.[key];
    if (!isPlainObject(top)) continue;
    for (const name of Object.keys(top).sort()) {
      const entry = top[name];
      if (!isPlainObject(entry) || !isPlainObject(entry.Settings) || entry.Settings['x-cloudmap'] === undefined) continue;
      out.push({ kind, key, name, raw: entry.Settings['x-cloudmap'], path: [key, name, 'Settings', 'x-cloudmap'] });
    }
  }
  return out;
}

function namespaceOf(raw: unknown): { name: string; at: 'value' | 'Namespace' } | undefined {
  if (typeof raw === 'string') return { name: raw, at: 'value' };
  if (isPlainObject(raw) && typeof raw.Namespace === 'string') return { name: raw.Namespace, at: 'Namespace' };
  return undefined;
}

/** The namespaces resources name, in order: the project's namespace when no service names one (x-cloudmap.ts). */
export function resourceNamespaceChoices(ctx: ResolveContext): string[] {
  return rawSettings(ctx).flatMap((s) => namespaceOf(s.raw)?.name ?? []);
}

/** The registrations of every resource with `Settings.x-cloudmap`, in `namespace` (the project's). */
export function resolveResourceCloudMap(ctx: ResolveContext, resources: ResourcesByKind, namespace: NamespaceModel | undefined): CloudMapRegistration[] {
  const declaredRaw = ctx.project.extensions?.['x-cloudmap'];
  const declared = isPlainObject(declaredRaw) ? Object.keys(declaredRaw) : [];
  const out: CloudMapRegistration[] = [];
  for (const setting of rawSettings(ctx)) {
    const registration = readRegistration(ctx, setting, resources, namespace, declared);
    if (registration) out.push(registration);
  }
  return out;
}

/**
 * Cloud Map service names are unique in a namespace ("a service with the same name already exists"
 * fails CreateService), and Service Connect creates one per port of each family, named after the
 * port mapping (`api-8080`, `api-8080-<alias>`): a registered resource may take none of them.
 */
export function checkRegistrationNames(ctx: ResolveContext, registrations: readonly CloudMapRegistration[], portNames: readonly string[]): void {
  const seen = new Map<string, CloudMapRegistration>();
  for (const r of registrations) {
    const key = RESOURCE_SPECS[r.kind].key;
    const path = [key, r.name, 'Settings', 'x-cloudmap'];
    const name = r.serviceName.toLowerCase();
    const first = seen.get(name);
    const port = portNames.find((p) => name === p || name.startsWith(`${p}-`));
    if (first || port) {
      ctx.error(
        CODES.INVALID_RESOURCE_CLOUDMAP,
        `${key}.${r.name} would be the Cloud Map service '${r.serviceName}', a name ${first ? `${RESOURCE_SPECS[first.kind].key}.${first.name} registers too` : `Service Connect gives the port ${port}`}; names are unique in a namespace`,
        path,
        r.cname ? 'give it another DnsSettings.Hostname' : 'rename the resource',
        'key',
      );
      continue;
    }
    seen.set(name, r);
  }
}

function readRegistration(
  ctx: ResolveContext,
  s: RawSetting,
  resources: ResourcesByKind,
  namespace: NamespaceModel | undefined,
  declared: readonly string[],
): CloudMapRegistration | undefined {
  const spec = CLOUDMAP_KINDS[s.kind]!;
  const example = `x-cloudmap: ${declared[0] ?? 'private-namespace'}, or x-cloudmap: {Namespace: ${declared[0] ?? 'private-namespace'}, ReturnValues: {…}}`;
  const settings = typeof s.raw === 'string' ? { Namespace: s.raw, ...defaultSettings(spec, s.name) } : readObject(ctx, s.raw, s.path, example);
  if (!settings) return undefined;
  if (typeof s.raw !== 'string') checkKeys(ctx, settings, s.path, RESOURCE_CLOUDMAP_KEYS);
  const nsPath: Path = typeof s.raw === 'string' ? s.path : [...s.path, 'Namespace'];
  const name = typeof s.raw === 'string' ? s.raw : readString(ctx, settings.Namespace, nsPath, 'the name of an x-cloudmap namespace');
  if (name === undefined) return undefined;
  if (!declared.includes(name)) {
    ctx.error(
      CODES.RESOURCE_CLOUDMAP_NAMESPACE,
      `${s.key}.${s.name} registers in x-cloudmap namespace '${name}', which the top-level x-cloudmap does not declare`,
      nsPath,
      declared.length > 0 ? `${suggestion(name, declared, 'namespace')} (x-cloudmap declares ${declared.join(', ')})` : `declare it: x-cloudmap: {${name}: {ZoneName: internal.example}}`,
      'value',
    );
    return undefined;
  }
  if (namespace === undefined) return undefined; // the declared namespace is invalid: reported by x-cloudmap.ts
  if (namespace.key !== name) {
    ctx.error(
      CODES.RESOURCE_CLOUDMAP_NAMESPACE,
      `${s.key}.${s.name} registers in x-cloudmap namespace '${name}', but the project's namespace is '${namespace.key}'; composex puts the whole project in one namespace`,
      nsPath,
      `register it in ${namespace.key} (x-cloudmap: ${namespace.key}), or name '${name}' on the services instead`,
      'value',
    );
    return undefined;
  }
  const resolved = (resources[s.kind] as readonly { name: string; logicalId: string }[]).find((r) => r.name === s.name);
  const entry = (ctx.project.extensions?.[s.key] as Record<string, Record<string, unknown>>)[s.name];
  if (entry.Lookup !== undefined) {
    ctx.error(
      CODES.RESOURCE_CLOUDMAP_LOOKUP,
      `${s.key}.${s.name} is looked up, and composex registers in Cloud Map only the resources it creates`,
      s.path,
      `remove Settings.x-cloudmap, and register the existing resource where it is created (or give its endpoint to the services with ReturnValues)`,
      'key',
    );
    return undefined;
  }
  if (!resolved) return undefined; // refused by its kind's resolver, which reported why
  const id = `${RESOURCE_SPECS[s.kind].idPrefix}${resolved.logicalId}`;
  const before = ctx.diagnostics.length;
  const dns = readDns(ctx, s, spec, settings, namespace);
  const attributes = [...readReturnValues(ctx, s, spec, settings, resources), ...readAdditional(ctx, s, settings)];
  // An entry already refused above is not also reported as registering nothing.
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.name)) {
      ctx.error(CODES.INVALID_RESOURCE_CLOUDMAP, `instance attribute '${a.name}' of ${s.key}.${s.name} is given twice`, s.path, 'give each attribute one name (ReturnValues and AdditionalAttributes share the names)', 'key');
      return undefined;
    }
    seen.add(a.name);
  }
  if (attributes.length > ATTRIBUTES_MAX) {
    ctx.error(CODES.INVALID_RESOURCE_CLOUDMAP, `${s.key}.${s.name} registers ${attributes.length} instance attributes; Cloud Map takes at most ${ATTRIBUTES_MAX}`, s.path, 'register fewer ReturnValues / AdditionalAttributes', 'key');
    return undefined;
  }
  if (!dns && attributes.length === 0) {
    ctx.error(
      CODES.INVALID_RESOURCE_CLOUDMAP,
      `${s.key}.${s.name} would be registered in Cloud Map with nothing to find: no DNS record and no attribute`,
      s.path,
      spec.cname ? 'add DnsSettings: {Hostname: <name>} for a CNAME record to the endpoint, or ReturnValues: {<attribute>: <name>}' : `add ReturnValues: {${Object.keys(spec.defaults.returnValues ?? {}).map((k) => `${k}: ${k}`).join(', ')}}, or write x-cloudmap: ${name}`,
      'key',
    );
    return undefined;
  }
  return {
    kind: s.kind,
    name: s.name,
    id,
    serviceName: dns?.hostname ?? s.name,
    ...(dns ? { cname: spec.cname! } : {}),
    attributes,
  };
}

function defaultSettings(spec: CloudMapKind, name: string): Record<string, unknown> {
  return {
    ...(spec.defaults.hostname ? { DnsSettings: { Hostname: hostnameOf(name) } } : {}),
    ...(spec.defaults.returnValues ? { ReturnValues: spec.defaults.returnValues } : {}),
  };
}

/** ECS ComposeX's default Hostname: the resource's logical name, its name without non-alphanumerics. */
function hostnameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function readDns(ctx: ResolveContext, s: RawSetting, spec: CloudMapKind, settings: Record<string, unknown>, namespace: NamespaceModel): { hostname: string } | undefined {
  if (settings.DnsSettings === undefined) return undefined;
  const path = [...s.path, 'DnsSettings'];
  if (!spec.cname) {
    ctx.warning(
      CODES.RESOURCE_CLOUDMAP_DIFFERS,
      `DnsSettings of ${s.key}.${s.name} is ignored: a ${RESOURCE_SPECS[s.kind].docs.title.replace(/s$/, '')} has no DNS name to register (ECS ComposeX ignores it too); it is registered for DiscoverInstances with its attributes`,
      path,
      'remove DnsSettings',
      'key',
    );
    return undefined;
  }
  const dns = readObject(ctx, settings.DnsSettings, path, '{Hostname: db}');
  if (!dns) return undefined;
  checkKeys(ctx, dns, path, ['Hostname']);
  const zone = namespace.kind === 'private-dns' ? namespace.name : undefined;
  let hostname: string;
  {
    // No Hostname: ECS ComposeX's default, the name without non-alphanumerics (checked alike).
    const raw = dns.Hostname === undefined ? hostnameOf(s.name) : readString(ctx, dns.Hostname, [...path, 'Hostname'], 'db');
    if (raw === undefined) return undefined;
    // ECS ComposeX appends the zone when the Hostname lacks it: both spellings name one record.
    const label = (zone && raw.toLowerCase().endsWith(`.${zone}`) ? raw.slice(0, -zone.length - 1) : raw).toLowerCase();
    if (!isServiceName(label)) {
      ctx.error(
        CODES.INVALID_RESOURCE_CLOUDMAP,
        `DnsSettings.Hostname '${raw}' of ${s.key}.${s.name} is not a DNS name Cloud Map takes for a service${zone ? ` (nor one followed by .${zone})` : ''}`,
        [...path, 'Hostname'],
        `write labels of letters, digits, '-' and '_' (at most 63 characters each, 127 in all), separated by dots: the record is <Hostname>.${zone ?? '<namespace>'}`,
      );
      return undefined;
    }
    hostname = label;
  }
  if (namespace.kind === 'existing') {
    ctx.warning(
      CODES.RESOURCE_CLOUDMAP_DIFFERS,
      `${s.key}.${s.name} gets a CNAME record in the existing namespace '${namespace.key}', which must be a DNS namespace (a CNAME record cannot be created in an HTTP namespace); composex cannot tell its type without looking it up`,
      path,
      `make sure ${namespace.id} is a private (or public) DNS namespace, or remove DnsSettings to register the database for DiscoverInstances only`,
      'key',
    );
  }
  return { hostname };
}

function readReturnValues(ctx: ResolveContext, s: RawSetting, spec: CloudMapKind, settings: Record<string, unknown>, resources: ResourcesByKind): CloudMapRegistration['attributes'] {
  if (settings.ReturnValues === undefined) return [];
  const path = [...s.path, 'ReturnValues'];
  const map = readObject(ctx, settings.ReturnValues, path, '{TableName: Name}');
  if (!map) return [];
  const available = spec.attributes(resources, s.name);
  const aliases = RESOURCE_SPECS[s.kind].values.aliases;
  const out: { name: string; attribute: string }[] = [];
  for (const key of Object.keys(map)) {
    const attribute = available.includes(key) ? key : aliases[key] !== undefined && available.includes(aliases[key]) ? aliases[key] : undefined;
    if (attribute === undefined) {
      ctx.error(CODES.INVALID_RESOURCE_CLOUDMAP, `${s.key}.${s.name} has no attribute '${key}' to register`, [...path, key], `${suggestion(key, available, 'attribute')} (attributes: ${available.join(', ')})`, 'key');
      continue;
    }
    const name = readAttributeName(ctx, map[key], [...path, key]);
    if (name !== undefined) out.push({ name, attribute });
  }
  return out;
}

function readAdditional(ctx: ResolveContext, s: RawSetting, settings: Record<string, unknown>): CloudMapRegistration['attributes'] {
  if (settings.AdditionalAttributes === undefined) return [];
  const path = [...s.path, 'AdditionalAttributes'];
  const map = readObject(ctx, settings.AdditionalAttributes, path, '{Team: orders}');
  if (!map) return [];
  const out: { name: string; value: string }[] = [];
  for (const key of Object.keys(map)) {
    if (key.startsWith('AWS_')) {
      ctx.warning(
        CODES.RESOURCE_CLOUDMAP_DIFFERS,
        `attribute '${key}' of ${s.key}.${s.name} is ignored: Cloud Map reserves the names starting with AWS_ (ECS ComposeX skips them too)`,
        [...path, key],
        'rename the attribute',
        'key',
      );
      continue;
    }
    const name = readAttributeName(ctx, key, [...path, key]);
    const raw = map[key];
    const value = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : typeof raw === 'string' ? raw : undefined;
    if (value === undefined || value.length > ATTRIBUTE_VALUE_MAX) {
      ctx.error(CODES.INVALID_RESOURCE_CLOUDMAP, `attribute '${key}' of ${s.key}.${s.name} must be a string of at most ${ATTRIBUTE_VALUE_MAX} characters`, [...path, key], 'write a string value, e.g. Team: orders');
      continue;
    }
    if (name !== undefined) out.push({ name, value });
  }
  return out;
}

function readAttributeName(ctx: ResolveContext, raw: unknown, path: Path): string | undefined {
  const name = readString(ctx, raw, path, 'an attribute name, e.g. Name');
  if (name === undefined) return undefined;
  if (name.length > ATTRIBUTE_KEY_MAX || name.startsWith('AWS_')) {
    ctx.error(CODES.INVALID_RESOURCE_CLOUDMAP, `'${name}' cannot be a Cloud Map instance attribute name`, path, `at most ${ATTRIBUTE_KEY_MAX} characters, not starting with AWS_ (Cloud Map reserves those)`);
    return undefined;
  }
  return name;
}
