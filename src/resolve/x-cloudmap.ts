/**
 * `x-cloudmap` (ECS ComposeX): the Cloud Map namespace the services register in, which composex
 * uses for Service Connect. Absent: composex's own HTTP namespace named after the project (as
 * before; nothing in the templates changes).
 *
 *     x-cloudmap:
 *       private-namespace:
 *         ZoneName: internal.example     # or Name: a new private DNS namespace in the project's VPC
 *       shared:
 *         Lookup: {Arn: arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-…}  # or {Id: ns-…}
 *     services:
 *       api:
 *         x-network:
 *           x-cloudmap: private-namespace      # or {private-namespace: {Port: 8080}}
 *
 * An ECS service has one Service Connect namespace, and its clients reach only the endpoints of
 * that namespace ("Tasks that run in a namespace can use short names to connect to services in the
 * namespace", AWS::ECS::Service ServiceConnectClientAlias), so the whole project uses one: the one
 * its services name in `x-network.x-cloudmap` (they must agree, CX3263), or the only one declared.
 * When no service names one, the one x-rds / x-dynamodb / x-s3 entries name in `Settings.x-cloudmap`
 * (resource-cloudmap.ts) is chosen. A declared namespace no service uses is not created (CX3265).
 * `Lookup` that would need an AWS call (`true`, by name or tags) is refused with what to give instead (CX3261); `Properties`
 * (raw CloudFormation) is refused (CX3260).
 *
 *   CX3260  x-cloudmap entry invalid (shape, ZoneName, Properties, unknown key)
 *   CX3261  x-cloudmap Lookup that needs an AWS call: give Lookup: {Arn} or {Id}
 *   CX3262  x-network.x-cloudmap invalid (shape, an undeclared namespace, a Port the service does not declare)
 *   CX3263  services name different x-cloudmap namespaces
 *   CX3264  several x-cloudmap namespaces and no service names one
 *   CX3265  warning: a declared x-cloudmap namespace no service uses, not created
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { ResolveContext } from './context';
import type { NamespaceModel } from './model';
import { checkKeys, isPlainObject, readObject, readString } from './readers';

export const X_CLOUDMAP_KEYS = ['Lookup', 'Name', 'Properties', 'ZoneName'];

/** A DNS name (Cloud Map creates a Route 53 private hosted zone of that name): labels of 1–63, at most 253 in all. */
const ZONE_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
/**
 * A Cloud Map namespace id. AWS documents its length only ("Maximum length of 64", Namespace `Id`,
 * Cloud Map API reference); the ids it gives are `ns-` and lower-case letters and digits (16 of
 * them today), so that is checked, not their number.
 */
export const NAMESPACE_ID = /^ns-[a-z0-9]{1,61}$/;
const NAMESPACE_ARN = /^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:namespace\/(ns-[a-z0-9]{1,61})$/;
/** The hint for an id that is not one. */
export const NAMESPACE_ID_HINT = 'write the namespace id: ns- and lower-case letters and digits, e.g. ns-abcdefghij012345 (aws servicediscovery list-namespaces)';

const LOOKUP_HINT =
  'composex looks nothing up when rendering; give the existing namespace as Lookup: {Arn: arn:aws:servicediscovery:<region>:<account>:namespace/ns-…} or Lookup: {Id: ns-…} (aws servicediscovery list-namespaces shows them), or remove Lookup to have composex create it';

/** The Service Connect namespace of the project, or undefined for composex's default one. */
export function resolveCloudMap(ctx: ResolveContext, resourceChoices: readonly string[] = []): NamespaceModel | undefined {
  const declared = readNamespaces(ctx);
  const chosen = readServiceChoices(ctx, declared);
  if (declared.size === 0) return undefined;

  const names = [...new Set(chosen.map((c) => c.namespace))];
  if (names.length > 1) {
    const first = chosen[0];
    const other = chosen.find((c) => c.namespace !== first.namespace)!;
    ctx.error(
      CODES.CLOUDMAP_NAMESPACES_DIFFER,
      `service '${other.service}' registers in x-cloudmap namespace '${other.namespace}', service '${first.service}' in '${first.namespace}'; Service Connect reaches only services of the same namespace, and composex puts the whole project in one`,
      other.path,
      `name the same namespace on every service (x-network.x-cloudmap: ${first.namespace}), or deploy the other services as a project of their own`,
    );
    return undefined;
  }
  // No service names one: the one x- resources register in (Settings.x-cloudmap), if declared.
  let used: string | undefined = names[0] ?? resourceChoices.find((n) => declared.has(n));
  if (used === undefined) {
    if (declared.size > 1) {
      ctx.error(
        CODES.CLOUDMAP_NAMESPACE_UNCHOSEN,
        `x-cloudmap declares ${declared.size} namespaces (${[...declared.keys()].join(', ')}) and no service names one; composex uses one for the whole project`,
        ['x-cloudmap'],
        `name it on the services: x-network: {x-cloudmap: ${[...declared.keys()][0]}}, or declare one namespace`,
        'key',
      );
      return undefined;
    }
    used = [...declared.keys()][0];
  }
  for (const key of declared.keys()) {
    if (key === used) continue;
    ctx.warning(
      CODES.CLOUDMAP_NAMESPACE_UNUSED,
      `x-cloudmap namespace '${key}' is not used: the services register in '${used}', and composex creates only that one`,
      ['x-cloudmap', key],
      `remove '${key}', or name it on the services instead of '${used}'`,
      'key',
    );
  }
  return declared.get(used);
}

function readNamespaces(ctx: ResolveContext): Map<string, NamespaceModel> {
  const out = new Map<string, NamespaceModel>();
  const raw = ctx.project.extensions?.['x-cloudmap'];
  if (raw === undefined || raw === null) return out;
  const top = readObject(ctx, raw, ['x-cloudmap'], '{private-namespace: {ZoneName: internal.example}}');
  if (!top) return out;
  for (const key of Object.keys(top).sort()) {
    const path = ['x-cloudmap', key];
    const entry = readObject(ctx, top[key], path, '{ZoneName: internal.example}');
    if (!entry) continue;
    checkKeys(ctx, entry, path, X_CLOUDMAP_KEYS);
    if (entry.Properties !== undefined && !(isPlainObject(entry.Properties) && Object.keys(entry.Properties).length === 0)) {
      ctx.error(
        CODES.INVALID_CLOUDMAP,
        `x-cloudmap.${key}.Properties (raw CloudFormation for the namespace) is not supported`,
        [...path, 'Properties'],
        'composex creates a private DNS namespace named ZoneName in the project VPC; remove Properties',
        'key',
      );
    }
    const model = entry.Lookup !== undefined ? readLookup(ctx, key, entry.Lookup, [...path, 'Lookup']) : readZone(ctx, key, entry, path);
    if (model) out.set(key, model);
  }
  return out;
}

function readZone(ctx: ResolveContext, key: string, entry: Record<string, unknown>, path: Path): NamespaceModel | undefined {
  const field = entry.ZoneName !== undefined ? 'ZoneName' : entry.Name !== undefined ? 'Name' : undefined;
  if (field === undefined) {
    ctx.error(CODES.INVALID_CLOUDMAP, `x-cloudmap.${key} has no ZoneName`, path, 'give the namespace a DNS name: ZoneName: internal.example', 'key');
    return undefined;
  }
  if (entry.ZoneName !== undefined && entry.Name !== undefined && entry.ZoneName !== entry.Name) {
    ctx.error(CODES.INVALID_CLOUDMAP, `x-cloudmap.${key} gives both ZoneName and Name, with different values`, [...path, 'Name'], 'keep ZoneName (Name is its other spelling)', 'key');
  }
  const raw = readString(ctx, entry[field], [...path, field], 'a DNS name, e.g. internal.example');
  if (raw === undefined) return undefined;
  const name = raw.replace(/\.$/, '').toLowerCase();
  if (!ZONE_NAME.test(name)) {
    ctx.error(
      CODES.INVALID_CLOUDMAP,
      `x-cloudmap.${key}.${field} '${raw}' is not a DNS name (labels of letters, digits, '-' and '_', at most 63 characters each, 253 in all)`,
      [...path, field],
      'write a name such as internal.example or app.local; Cloud Map creates a Route 53 private hosted zone of that name in the VPC',
    );
    return undefined;
  }
  return { key, kind: 'private-dns', name };
}

function readLookup(ctx: ResolveContext, key: string, raw: unknown, path: Path): NamespaceModel | undefined {
  if (isPlainObject(raw) && (raw.Arn !== undefined || raw.Id !== undefined)) {
    checkKeys(ctx, raw, path, ['Arn', 'Id']);
    if (raw.Arn !== undefined) {
      const arn = readString(ctx, raw.Arn, [...path, 'Arn']);
      const m = arn === undefined ? undefined : NAMESPACE_ARN.exec(arn);
      if (!m) {
        if (arn !== undefined) ctx.error(CODES.INVALID_CLOUDMAP, `x-cloudmap.${key}.Lookup.Arn '${arn}' is not a Cloud Map namespace ARN`, [...path, 'Arn'], 'write arn:aws:servicediscovery:<region>:<account>:namespace/ns-<16 characters>');
        return undefined;
      }
      return { key, kind: 'existing', arn: arn!, id: m[1] };
    }
    const id = readString(ctx, raw.Id, [...path, 'Id']);
    if (id === undefined || !NAMESPACE_ID.test(id)) {
      if (id !== undefined) ctx.error(CODES.INVALID_CLOUDMAP, `x-cloudmap.${key}.Lookup.Id '${id}' is not a Cloud Map namespace ID`, [...path, 'Id'], NAMESPACE_ID_HINT);
      return undefined;
    }
    return { key, kind: 'existing', id };
  }
  ctx.error(CODES.CLOUDMAP_LOOKUP, `x-cloudmap.${key}.Lookup would look the namespace up in AWS`, path, LOOKUP_HINT, 'key');
  return undefined;
}

interface Choice {
  readonly service: string;
  readonly namespace: string;
  readonly path: Path;
}

function readServiceChoices(ctx: ResolveContext, declared: ReadonlyMap<string, NamespaceModel>): Choice[] {
  const out: Choice[] = [];
  for (const service of Object.keys(ctx.project.services).sort()) {
    const network = ctx.project.services[service]['x-network'];
    if (!isPlainObject(network) || network['x-cloudmap'] === undefined) continue;
    const path = ['services', service, 'x-network', 'x-cloudmap'];
    const raw = network['x-cloudmap'];
    let namespace: string | undefined;
    let at: Path = path;
    if (typeof raw === 'string') {
      namespace = raw;
    } else if (isPlainObject(raw) && Object.keys(raw).length === 1) {
      namespace = Object.keys(raw)[0];
      at = [...path, namespace];
      readPort(ctx, service, raw[namespace], at);
    } else {
      ctx.error(CODES.INVALID_SERVICE_CLOUDMAP, `x-network.x-cloudmap of service '${service}' must name one namespace`, path, 'write x-cloudmap: <namespace>, or x-cloudmap: {<namespace>: {Port: 8080}}');
      continue;
    }
    if (!declared.has(namespace)) {
      ctx.error(
        CODES.INVALID_SERVICE_CLOUDMAP,
        `service '${service}' registers in x-cloudmap namespace '${namespace}', which the top-level x-cloudmap does not declare (or declares invalid)`,
        at,
        `declare it: x-cloudmap: {${namespace}: {ZoneName: internal.example}} (${suggestion(namespace, [...declared.keys()], 'namespace')})`,
        typeof raw === 'string' ? 'value' : 'key',
      );
      continue;
    }
    out.push({ service, namespace, path: at });
  }
  return out;
}

/**
 * `Port` picks which of the service's container ports ECS ComposeX registers in Cloud Map ("which
 * port to use for the SRV record", its x-cloudmap documentation). Its code
 * (ecs/service_networking/ingress_helpers.py, handle_dict_cloudmap_config) takes the port whose
 * `target` equals `Port` and registers it as the ECS service registry's `Port`; when none does,
 * it registers nothing. An SRV record carries the port clients connect to, and nothing listens on
 * a port the containers do not declare (nor does the service's security group open it), so a
 * `Port` that is not a container port could not work (the x-cloudmap documentation's own
 * `Port: 43` beside `8080:80` and `8443:443`). Service Connect, which composex uses, serves every
 * declared TCP port, so a valid `Port` changes nothing in the templates, and such a `Port` is
 * ignored with a warning (CX3271): the service stays reachable on the ports it declares, which
 * is what registering it asks for (ECS ComposeX would have left it out of Cloud Map).
 */
function readPort(ctx: ResolveContext, service: string, raw: unknown, path: Path): void {
  if (raw === null || raw === undefined) return;
  const settings = readObject(ctx, raw, path, '{Port: 8080}');
  if (!settings) return;
  checkKeys(ctx, settings, path, ['Port']);
  if (settings.Port === undefined) return;
  const port = Number(settings.Port);
  const config = ctx.project.services[service];
  const declaredPorts = new Set([...config.ports.map((p) => Number(p.target)), ...config.expose.map((e) => Number(String(e).split('/')[0]))]);
  if (!declaredPorts.has(port)) {
    const published = config.ports.find((p) => p.published !== undefined && Number(p.published) === port);
    const choices = [...declaredPorts].sort((a, b) => a - b).join(', ');
    ctx.warning(
      CODES.CLOUDMAP_PORT_IGNORED,
      `x-network.x-cloudmap Port ${String(settings.Port)} is not a container port of service '${service}' (${choices || 'it declares none'}) and is ignored: Port is the container port registered for the service in Cloud Map, and nothing listens on ${String(settings.Port)}; composex serves the ports the service declares through Service Connect (ECS ComposeX registered nothing for such a Port, leaving the service out of Cloud Map)`,
      [...path, 'Port'],
      published
        ? `Port is a container port: ${String(settings.Port)} is the published port of ${String(published.target)}; write Port: ${String(published.target)}`
        : declaredPorts.size > 0
          ? `use one of its container ports: ${choices}`
          : 'declare the port under ports or expose',
    );
  }
}
