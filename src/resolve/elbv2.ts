/**
 * Top-level `x-elbv2` (ECS ComposeX): application and network load balancers, each with its
 * listeners, target groups and routing, read into `Elbv2Model`s; and the security group rules
 * they need — the load balancer's own group opened on its listener ports only, from the sources
 * its `MacroParameters.Ingress` declares, and each target family's group opened from the load
 * balancer's group only, on the target (and health check) port.
 *
 *   x-elbv2:
 *     public:
 *       Properties: {Scheme: internet-facing, Type: application}
 *       MacroParameters: {Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}, timeout_seconds: 60}
 *       Listeners:
 *         - {Port: 80, Protocol: HTTP}                      # redirects to HTTPS (an HTTPS listener exists)
 *         - Port: 443
 *           Protocol: HTTPS
 *           Certificates: [{x-acm: site}]
 *           Targets: [{name: web:web:8080, access: /}, {name: api:api:8000, access: api.example.com/v1/*}]
 *       Services:
 *         web:web:8080: {port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}
 *
 * Meaning, as ECS ComposeX gives it: `Scheme` defaults to internal, `Type` to application; with
 * `x-elbv2` in the file, published ports are container ports (the default load balancer of
 * src/resolve/load-balancer.ts is not built). A target whose `access` is `/` (or absent) is the
 * listener's default action; the others become listener rules with priorities 1, 2, … in the
 * order of the file. A listener with certificates is HTTPS (TLS on an NLB), as ECS ComposeX
 * upgrades it. composex adds: a modern TLS policy, HTTP → HTTPS redirect for an HTTP listener
 * with nothing of its own next to an HTTPS one, a 404 fixed response where no target is the
 * default (ECS ComposeX answers 418), security groups on network load balancers too (which ELB
 * supports), and located errors for what ECS ComposeX would fail on at deploy time.
 */
import type { Path } from '../compose/source-map';
import { MAX_EXTRA_CERTIFICATES_PER_LOAD_BALANCER, MAX_LISTENERS_PER_LOAD_BALANCER, MAX_LOAD_BALANCERS_PER_REGION, MAX_RULES_PER_LOAD_BALANCER, MAX_TARGET_GROUPS_PER_LOAD_BALANCER } from '../limits/elb';
import { MAX_TARGET_GROUPS_PER_SERVICE } from '../limits/ecs';
import type { Elbv2Alias, Elbv2Authenticate, HostedZoneModel, Elbv2Action, Elbv2Listener, Elbv2Model, Elbv2Protocol, Elbv2Rule, Elbv2TargetGroup, IngressRule, IngressSource, Protocol } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { httpToHttps, readAccess, readCertificates, readDefaultActions, type AccessConditions } from './elbv2-actions';
import { readElbv2Attributes } from './elbv2-attributes';
import { readAuthenticate, withCallbackHosts } from './elbv2-authenticate';
import { readTargetDefs, type TargetDef } from './elbv2-targets';
import { inZone, readZoneReference, type DnsResolution } from './dns';
import type { Membership } from './families';
import { logicalIds } from './names';
import type { DeclaredPort } from './ports';
import { checkKeys, isPlainObject, readList, readObject, type XObject } from './readers';
import { readAwsSources, readExtSources } from './x-network';

const LB_KEYS = ['Properties', 'MacroParameters', 'Listeners', 'Services', 'Settings', 'DnsAliases', 'Lookup', 'TargetGroups'];
const LISTENER_KEYS = ['Port', 'Protocol', 'SslPolicy', 'Certificates', 'DefaultActions', 'Targets'];
const TARGET_KEYS = ['name', 'access', 'Conditions', 'AuthenticateCognitoConfig', 'AuthenticateOidcConfig', 'CreateCognitoClient'];
const LISTENER_PROTOCOLS = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'] } as const;
/**
 * TLS 1.3 and 1.2 only, forward secrecy: AWS's recommended policy for HTTPS and TLS listeners
 * ("Security policies for your Application Load Balancer").
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** Which target group protocols an NLB listener forwards to ("Listeners for your Network Load Balancers"). */
const NLB_FORWARDS: Record<string, readonly Elbv2Protocol[]> = { TCP: ['TCP', 'TCP_UDP'], TLS: ['TCP', 'TLS'], UDP: ['UDP', 'TCP_UDP'], TCP_UDP: ['TCP_UDP'] };
const NOT_FOUND: Elbv2Action = { type: 'fixed-response', statusCode: '404', contentType: 'text/plain', messageBody: 'Not Found' };

export interface Elbv2Resolution {
  /** Whether the file has `x-elbv2` (then published ports are container ports). */
  readonly present: boolean;
  readonly loadBalancers: readonly Elbv2Model[];
  readonly ingress: readonly IngressRule[];
  /** Families some load balancer sends to. */
  readonly targetFamilies: ReadonlySet<string>;
}

interface RawListener {
  readonly port: number;
  readonly protocol: Elbv2Protocol;
  readonly certificates: Elbv2Listener['certificates'];
  readonly sslPolicy?: string;
  readonly body: XObject;
  readonly path: Path;
}

export function resolveElbv2(ctx: ResolveContext, membership: Membership, ports: ReadonlyMap<string, readonly DeclaredPort[]>, dns: DnsResolution = { zones: [], certificates: [], acm: new Map() }): Elbv2Resolution {
  const raw = ctx.project.extensions?.['x-elbv2'];
  if (raw === undefined || raw === null) return { present: false, loadBalancers: [], ingress: [], targetFamilies: new Set() };
  const top = readObject(ctx, raw, ['x-elbv2'], 'a mapping of load balancer names to definitions');
  const out: Elbv2Model[] = [];
  const ingress: IngressRule[] = [];
  const ids = logicalIds(Object.keys(top ?? {}));
  for (const [name, value] of Object.entries(top ?? {})) {
    const lb = readLoadBalancer(ctx, name, ids.get(name)!, value, membership, ports, dns, ingress);
    if (lb) out.push(lb);
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (out.length > MAX_LOAD_BALANCERS_PER_REGION) {
    ctx.warning(
      CODES.ELBV2_LOAD_BALANCERS_OVER_QUOTA,
      `x-elbv2 declares ${out.length} load balancers; the ELB quota "load balancers per Region" is ${MAX_LOAD_BALANCERS_PER_REGION} by default`,
      ['x-elbv2'],
      'raise the quota in Service Quotas (Elastic Load Balancing) before deploying, or share load balancers between services with host and path rules',
      'key',
    );
  }
  checkTargetGroupsPerService(ctx, out);
  const targetFamilies = new Set(out.flatMap((lb) => lb.targetGroups.map((t) => t.family)));
  return { present: true, loadBalancers: out, ingress, targetFamilies };
}

function readLoadBalancer(
  ctx: ResolveContext,
  name: string,
  logicalId: string,
  value: unknown,
  membership: Membership,
  ports: ReadonlyMap<string, readonly DeclaredPort[]>,
  dns: DnsResolution,
  ingress: IngressRule[],
): Elbv2Model | undefined {
  const path = ['x-elbv2', name];
  const def = readObject(ctx, value, path, '{Properties: {Scheme: internet-facing, Type: application}, Listeners: [...], Services: {...}}');
  if (!def) return undefined;
  checkKeys(ctx, def, path, LB_KEYS);
  const refused = (key: string, why: string, hint: string): void => ctx.error(CODES.ELBV2_INVALID, `x-elbv2.${name}.${key} ${why}`, [...path, key], hint, 'key');
  if (def.Lookup !== undefined) refused('Lookup', 'is not supported: composex does not add listeners or rules to an existing load balancer', 'declare the load balancer here (Properties, Listeners, Services)');
  if (def.TargetGroups !== undefined) refused('TargetGroups', 'is not read by composex', 'declare one Services entry per family:service:port instead');
  const attributes = readElbv2Attributes(ctx, def, path);
  if (!attributes) return undefined;
  const { type, scheme } = attributes;

  const failed = new Set<string>();
  const targets = readTargetDefs(ctx, def.Services, [...path, 'Services'], type, membership, ports, failed);
  const listeners = readListeners(ctx, def.Listeners, [...path, 'Listeners'], type, targets, dns.acm, failed);
  if (!listeners) return undefined;
  const used = new Set(listeners.used);
  for (const t of listeners.incomplete ? [] : targets) {
    if (!used.has(t.key)) {
      ctx.warning(CODES.ELBV2_UNUSED_TARGET, `target ${t.key} of x-elbv2 '${name}' is in no listener's Targets: no target group is created for it`, t.path, `add {name: ${t.key}} to the Targets of a listener, or remove the entry`, 'key');
    }
  }
  const tgIds = logicalIds(targets.filter((t) => used.has(t.key)).map((t) => t.key));
  const targetGroups: Elbv2TargetGroup[] = targets
    .filter((t) => used.has(t.key))
    .map((t) => ({ id: tgIds.get(t.key)!, family: t.family, service: t.service, containerPort: t.containerPort, protocol: t.protocol, healthCheck: t.healthCheck, attributes: t.attributes }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const idOf = (key: string) => tgIds.get(key)!;
  const finalListeners = listeners.listeners.map((l) => withTargetIds(l, idOf));
  checkQuotas(ctx, name, path, type, finalListeners, targetGroups);

  const aliases = readDnsAliases(ctx, def.DnsAliases, [...path, 'DnsAliases'], dns.zones);
  const model: Elbv2Model = { name, logicalId, type, scheme, attributes: attributes.attributes, listeners: finalListeners, targetGroups, ...(aliases.length > 0 ? { aliases } : {}) };
  ingress.push(...loadBalancerIngress(ctx, model, def, path));
  return model;
}

/** Listeners name targets by key while reading; the model names target groups by id. */
function withTargetIds(listener: Elbv2Listener, idOf: (key: string) => string): Elbv2Listener {
  const map = (a: Elbv2Action): Elbv2Action => (a.type === 'forward' ? { ...a, targetGroup: idOf(a.targetGroup) } : a);
  return { ...listener, defaultAction: map(listener.defaultAction), rules: listener.rules.map((r) => ({ ...r, action: map(r.action) })) };
}

function readListeners(
  ctx: ResolveContext,
  raw: unknown,
  path: Path,
  type: 'application' | 'network',
  targets: readonly TargetDef[],
  acm: ReadonlyMap<string, string | undefined | null>,
  failed: ReadonlySet<string>,
): { listeners: Elbv2Listener[]; used: string[]; incomplete: boolean } | undefined {
  const list = raw === undefined ? [] : readList(ctx, raw, path, 'a list of listeners such as [{Port: 443, Protocol: HTTPS, Targets: [...]}]');
  if (!list) return undefined;
  if (list.length === 0) {
    ctx.error(CODES.ELBV2_LISTENER_INVALID, `${describePath(path.slice(0, 2))} has no listener`, path.slice(0, 2), 'add Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: <family>:<service>:<port>}]}]', 'key');
    return undefined;
  }
  // First pass: port, protocol, certificates (the redirect target depends on every listener).
  const firstAt = new Map<number, Path>();
  const raws: RawListener[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const body = readObject(ctx, item, at, '{Port: 443, Protocol: HTTPS, Targets: [...]}');
    if (!body) return;
    checkKeys(ctx, body, at, LISTENER_KEYS);
    const port = body.Port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      ctx.error(CODES.ELBV2_LISTENER_INVALID, `listener Port ${JSON.stringify(port)} is not a port number (1 to 65535)`, port === undefined ? at : [...at, 'Port'], 'write e.g. Port: 443', port === undefined ? 'key' : 'value');
      return;
    }
    const protocols: readonly string[] = LISTENER_PROTOCOLS[type];
    if (typeof body.Protocol !== 'string' || !protocols.includes(body.Protocol)) {
      ctx.error(CODES.ELBV2_LISTENER_INVALID, `listener Protocol ${JSON.stringify(body.Protocol)} is not one an ${type} load balancer takes (${protocols.join(', ')})`, body.Protocol === undefined ? at : [...at, 'Protocol'], `write Protocol: ${protocols[0]}`, body.Protocol === undefined ? 'key' : 'value');
      return;
    }
    const earlier = firstAt.get(port);
    if (earlier) {
      ctx.error(CODES.ELBV2_LISTENER_INVALID, `two listeners on port ${port} (the first at ${ctx.where(earlier)}); a load balancer has one listener per port`, [...at, 'Port'], 'give each listener its own port, and route with Targets access rules on one listener');
      return;
    }
    firstAt.set(port, [...at, 'Port']);
    const certificates = readCertificates(ctx, body.Certificates, [...at, 'Certificates'], acm);
    if (!certificates) return;
    let protocol = body.Protocol as Elbv2Protocol;
    if (certificates.length > 0 && (protocol === 'HTTP' || protocol === 'TCP')) {
      const upgraded = protocol === 'HTTP' ? 'HTTPS' : 'TLS';
      ctx.warning(CODES.ELBV2_PROTOCOL_UPGRADED, `listener ${port} is ${protocol} but has certificates: it is rendered as ${upgraded} (as ECS ComposeX does)`, [...at, 'Protocol'], `write Protocol: ${upgraded}`);
      protocol = upgraded;
    }
    if (certificates.length > 0 && (protocol === 'UDP' || protocol === 'TCP_UDP')) {
      ctx.error(CODES.ELBV2_CERTIFICATE_INVALID, `a ${protocol} listener cannot terminate TLS, yet listener ${port} has certificates`, [...at, 'Certificates'], 'remove the certificates, or use a TCP / TLS listener');
      return;
    }
    if ((protocol === 'HTTPS' || protocol === 'TLS') && certificates.length === 0) {
      ctx.error(CODES.ELBV2_CERTIFICATE_INVALID, `${protocol} listener ${port} has no certificate`, at, 'add Certificates: [{x-acm: <name>}] or [{Arn: arn:aws:acm:…}]', 'key');
      return;
    }
    let sslPolicy: string | undefined;
    if (body.SslPolicy !== undefined) {
      if (protocol !== 'HTTPS' && protocol !== 'TLS') {
        ctx.error(CODES.ELBV2_LISTENER_INVALID, `SslPolicy applies to HTTPS and TLS listeners, not to ${protocol} listener ${port}`, [...at, 'SslPolicy'], 'remove SslPolicy');
        return;
      }
      if (typeof body.SslPolicy !== 'string' || !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(body.SslPolicy)) {
        ctx.error(CODES.ELBV2_LISTENER_INVALID, `SslPolicy ${JSON.stringify(body.SslPolicy)} is not an ELB security policy name`, [...at, 'SslPolicy'], `leave it out for ${DEFAULT_SSL_POLICY}, or name a policy such as ELBSecurityPolicy-TLS13-1-3-2021-06`);
        return;
      }
      sslPolicy = body.SslPolicy;
    } else if (protocol === 'HTTPS' || protocol === 'TLS') {
      sslPolicy = DEFAULT_SSL_POLICY;
    }
    raws.push({ port, protocol, certificates, ...(sslPolicy ? { sslPolicy } : {}), body, path: at });
  });
  const httpsPorts = raws.filter((l) => l.protocol === 'HTTPS').map((l) => l.port);
  const redirectPort = httpsPorts.includes(443) || httpsPorts.length === 0 ? 443 : Math.min(...httpsPorts);

  const listeners: Elbv2Listener[] = [];
  const used: string[] = [];
  for (const l of raws) {
    const actions = readListenerActions(ctx, l, type, targets, failed, httpsPorts.length > 0, redirectPort);
    if (!actions) continue;
    used.push(...actions.used);
    const { body: _body, path: _path, ...rest } = l;
    listeners.push({ ...rest, defaultAction: actions.defaultAction, ...(actions.defaultAuthenticate ? { defaultAuthenticate: actions.defaultAuthenticate } : {}), rules: actions.rules });
  }
  listeners.sort((a, b) => a.port - b.port);
  // A listener left out after an error may name targets: "in no listener's Targets" would be wrong.
  return { listeners, used, incomplete: listeners.length !== list.length };
}

function readListenerActions(
  ctx: ResolveContext,
  l: RawListener,
  type: 'application' | 'network',
  targets: readonly TargetDef[],
  failed: ReadonlySet<string>,
  hasHttps: boolean,
  redirectPort: number,
): { defaultAction: Elbv2Action; defaultAuthenticate?: Elbv2Authenticate; rules: Elbv2Rule[]; used: string[] } | undefined {
  const at = l.path;
  let defaultAction: Elbv2Action | undefined;
  if (l.body.DefaultActions !== undefined) {
    if (type === 'network') {
      ctx.error(CODES.ELBV2_ACTION_INVALID, `a network load balancer listener only forwards; listener ${l.port} has DefaultActions`, [...at, 'DefaultActions'], 'remove DefaultActions and name the target in Targets', 'key');
      return undefined;
    }
    defaultAction = readDefaultActions(ctx, l.body.DefaultActions, [...at, 'DefaultActions'], redirectPort);
    if (!defaultAction) return undefined;
  }
  const rawTargets = l.body.Targets === undefined ? [] : readList(ctx, l.body.Targets, [...at, 'Targets'], 'a list such as [{name: web:web:8080, access: /}]');
  if (!rawTargets) return undefined;
  const rules: Elbv2Rule[] = [];
  const used: string[] = [];
  const seenConditions = new Map<string, Path>();
  let defaultTargetAt: Path | undefined;
  let defaultAuthenticate: Elbv2Authenticate | undefined;
  for (let i = 0; i < rawTargets.length; i++) {
    const tat = [...at, 'Targets', i];
    const entry = readObject(ctx, rawTargets[i], tat, '{name: web:web:8080, access: /}');
    if (!entry) return undefined;
    checkKeys(ctx, entry, tat, TARGET_KEYS);
    for (const [key, hint] of [['Conditions', 'route with access (host, path or host/path)']]) {
      if (entry[key] !== undefined) {
        ctx.error(CODES.ELBV2_ACCESS_INVALID, `${key} on a target is not read by composex: the rule would forward without it`, [...tat, key], hint, 'key');
        return undefined;
      }
    }
    const authenticate = readAuthenticate(ctx, entry, tat, l, type);
    const access = readAccess(ctx, entry.access, entry.access === undefined ? tat : [...tat, 'access']);
    const target = findTarget(ctx, entry.name, [...tat, 'name'], targets, failed);
    if (!target || !access || authenticate === undefined) return undefined;
    const withAuth = authenticate ? { authenticate: withCallbackHosts(authenticate, access) } : {};
    if (!forwardsTo(type, l.protocol, target.protocol)) {
      ctx.error(CODES.ELBV2_LISTENER_INVALID, `a ${l.protocol} listener cannot forward to the ${target.protocol} target group of ${target.key}`, [...tat, 'name'], type === 'network' ? `give ${target.key} protocol ${NLB_FORWARDS[l.protocol][0]}` : 'use HTTP or HTTPS');
      return undefined;
    }
    used.push(target.key);
    if (access === 'default') {
      if (defaultAction) {
        ctx.error(
          CODES.ELBV2_ACTION_INVALID,
          defaultTargetAt ? `two targets of listener ${l.port} take every request (access / or none; the first at ${ctx.where(defaultTargetAt)})` : `listener ${l.port} has DefaultActions and a target for every request (access / or none)`,
          entry.access === undefined ? tat : [...tat, 'access'],
          'give this target a host or path in access, or remove the other default',
          entry.access === undefined ? 'key' : 'value',
        );
        return undefined;
      }
      defaultAction = { type: 'forward', targetGroup: target.key };
      defaultAuthenticate = authenticate ? withCallbackHosts(authenticate, access) : undefined;
      defaultTargetAt = tat;
      continue;
    }
    if (type === 'network') {
      ctx.error(CODES.ELBV2_ACCESS_INVALID, `a network load balancer routes by port only; access '${entry.access}' would need host or path rules`, [...tat, 'access'], 'remove access (or write access: /), or use an application load balancer');
      return undefined;
    }
    const key = conditionKey(access);
    const earlier = seenConditions.get(key);
    if (earlier) {
      ctx.error(CODES.ELBV2_ACCESS_INVALID, `access '${entry.access}' of listener ${l.port} repeats the conditions of ${ctx.where(earlier)}: the second rule would never match`, [...tat, 'access'], 'give each target different conditions');
      return undefined;
    }
    seenConditions.set(key, [...tat, 'access']);
    rules.push({ priority: rules.length + 1, ...access, action: { type: 'forward', targetGroup: target.key }, ...withAuth });
  }
  if (type === 'network' && used.length !== 1) {
    ctx.error(CODES.ELBV2_LISTENER_INVALID, `network load balancer listener ${l.port} forwards to exactly one target; it names ${used.length}`, used.length === 0 ? at : [...at, 'Targets'], 'name one target in Targets, and give other targets listeners of their own', used.length === 0 ? 'key' : 'value');
    return undefined;
  }
  if (!defaultAction) {
    if (rules.length > 0) defaultAction = NOT_FOUND;
    else if (l.protocol === 'HTTP' && hasHttps) defaultAction = httpToHttps(redirectPort);
    else {
      ctx.error(CODES.ELBV2_LISTENER_INVALID, `listener ${l.port} has no Targets and no DefaultActions: it would answer nothing`, at, 'add Targets: [{name: <family>:<service>:<port>}] or DefaultActions: [{Redirect: HTTP_TO_HTTPS}]', 'key');
      return undefined;
    }
  }
  return { defaultAction, ...(defaultAuthenticate ? { defaultAuthenticate } : {}), rules, used };
}

function conditionKey(access: AccessConditions): string {
  return JSON.stringify([access.hosts ?? [], access.paths ?? []]);
}

function forwardsTo(type: 'application' | 'network', listener: Elbv2Protocol, target: Elbv2Protocol): boolean {
  if (type === 'application') return target === 'HTTP' || target === 'HTTPS';
  return NLB_FORWARDS[listener].includes(target);
}

/** `name: <family>:<service>:<port>`, or `<family>:<service>` when one port of that service is declared. */
function findTarget(ctx: ResolveContext, raw: unknown, path: Path, targets: readonly TargetDef[], failed: ReadonlySet<string>): TargetDef | undefined {
  if (typeof raw !== 'string') {
    ctx.error(CODES.ELBV2_UNKNOWN_TARGET, `target name ${JSON.stringify(raw)} is not <family>:<service>:<port>`, path, 'write e.g. name: web:web:8080', raw === undefined ? 'key' : 'value');
    return undefined;
  }
  const exact = targets.find((t) => t.key === raw);
  if (exact) return exact;
  const prefixed = targets.filter((t) => t.key.startsWith(`${raw}:`) && raw.split(':').length === 2);
  if (prefixed.length === 1) return prefixed[0];
  // A Services entry of that name was reported already.
  if ([...failed].some((name) => name === raw || name.startsWith(`${raw}:`))) return undefined;
  const declared = targets.map((t) => t.key);
  ctx.error(
    CODES.ELBV2_UNKNOWN_TARGET,
    prefixed.length > 1 ? `target '${raw}' matches several Services entries (${prefixed.map((t) => t.key).join(', ')})` : `target '${raw}' is not declared in this load balancer's Services`,
    path,
    declared.length > 0 ? `name one of: ${declared.join(', ')}` : `declare it: Services: {${raw.split(':').length === 3 ? raw : `${raw}:<port>`}: {port: <port>, protocol: HTTP}}`,
  );
  return undefined;
}

/**
 * The load balancer's group admits the declared sources on the listener ports; each target
 * family admits the load balancer on the target port (and the health check port when another).
 */
function loadBalancerIngress(ctx: ResolveContext, lb: Elbv2Model, def: XObject, path: Path): IngressRule[] {
  const macroPath = [...path, 'MacroParameters'];
  const macro = isPlainObject(def.MacroParameters) ? def.MacroParameters : {};
  const ingressPath = [...macroPath, 'Ingress'];
  const ingressDef = macro.Ingress === undefined ? {} : (readObject(ctx, macro.Ingress, ingressPath, '{ExtSources: [{IPv4: 0.0.0.0/0}]}') ?? {});
  checkKeys(ctx, ingressDef, ingressPath, ['ExtSources', 'AwsSources']);
  const ext = readExtSources(ctx, ingressDef.ExtSources, [...ingressPath, 'ExtSources'], false);
  const aws = readAwsSources(ctx, ingressDef.AwsSources, [...ingressPath, 'AwsSources']);
  const sources: { source: IngressSource; reason: string }[] = [
    ...ext.map((s) => ({ source: { kind: 'cidr', cidr: s.cidr, ...(s.description ? { description: s.description } : {}) } as IngressSource, reason: `x-elbv2.${lb.name} Ingress.ExtSources` })),
    ...aws.map((s) => ({ source: { kind: s.kind, id: s.id, ...(s.description ? { description: s.description } : {}) } as IngressSource, reason: `x-elbv2.${lb.name} Ingress.AwsSources` })),
  ];
  if (sources.length === 0) {
    ctx.warning(
      CODES.ELBV2_NO_INGRESS,
      `x-elbv2 '${lb.name}' declares no MacroParameters.Ingress source: its security group admits nobody on its listener ports`,
      path,
      lb.scheme === 'internet-facing' ? "to serve the internet add MacroParameters: {Ingress: {ExtSources: [{IPv4: 0.0.0.0/0, Description: ANY}]}}" : 'add the CIDRs or security groups that call it: MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/16}]}}',
      'key',
    );
  }
  const self = { kind: 'elbv2', name: lb.name } as const;
  const rules: IngressRule[] = [];
  for (const listener of lb.listeners) {
    for (const protocol of ipProtocols(listener.protocol)) {
      for (const { source, reason } of sources) rules.push({ source, target: self, protocol, fromPort: listener.port, toPort: listener.port, reason });
    }
  }
  for (const tg of lb.targetGroups) {
    const reason = `x-elbv2.${lb.name} ${tg.family}:${tg.service}:${tg.containerPort}`;
    for (const protocol of ipProtocols(tg.protocol)) {
      rules.push({ source: self, target: { kind: 'family', family: tg.family }, protocol, fromPort: tg.containerPort, toPort: tg.containerPort, reason });
    }
    const hc = tg.healthCheck.port;
    if (hc !== undefined && hc !== tg.containerPort) rules.push({ source: self, target: { kind: 'family', family: tg.family }, protocol: 'tcp', fromPort: hc, toPort: hc, reason: `${reason} health check` });
  }
  return rules;
}

function ipProtocols(protocol: Elbv2Protocol): Protocol[] {
  if (protocol === 'UDP') return ['udp'];
  if (protocol === 'TCP_UDP') return ['tcp', 'udp'];
  return ['tcp'];
}

/** ELB quotas (src/limits/elb.ts) that one load balancer's definition could pass. */
function checkQuotas(ctx: ResolveContext, name: string, path: Path, type: 'application' | 'network', listeners: readonly Elbv2Listener[], targetGroups: readonly Elbv2TargetGroup[]): void {
  const over = (what: string, count: number, max: number, hint: string) =>
    ctx.error(CODES.ELBV2_OVER_QUOTA, `x-elbv2 '${name}' has ${count} ${what}; the ELB quota is ${max}`, path, hint, 'key');
  if (listeners.length > MAX_LISTENERS_PER_LOAD_BALANCER) over('listeners', listeners.length, MAX_LISTENERS_PER_LOAD_BALANCER, 'split the listeners over two load balancers');
  if (type === 'application' && targetGroups.length > MAX_TARGET_GROUPS_PER_LOAD_BALANCER) over('target groups', targetGroups.length, MAX_TARGET_GROUPS_PER_LOAD_BALANCER, 'split the targets over two load balancers');
  const rules = listeners.reduce((n, l) => n + l.rules.length, 0);
  if (rules > MAX_RULES_PER_LOAD_BALANCER) over('listener rules (targets with access)', rules, MAX_RULES_PER_LOAD_BALANCER, 'split the targets over two load balancers, or raise the quota in Service Quotas first');
  const extra = listeners.reduce((n, l) => n + Math.max(0, l.certificates.length - 1), 0);
  if (extra > MAX_EXTRA_CERTIFICATES_PER_LOAD_BALANCER) over('certificates besides the listeners\' default ones', extra, MAX_EXTRA_CERTIFICATES_PER_LOAD_BALANCER, 'use certificates with several names (SubjectAlternativeNames)');
}

/** "Target groups per service" (ECS): 5. */
function checkTargetGroupsPerService(ctx: ResolveContext, lbs: readonly Elbv2Model[]): void {
  const byFamily = new Map<string, string[]>();
  for (const lb of lbs) for (const tg of lb.targetGroups) byFamily.set(tg.family, [...(byFamily.get(tg.family) ?? []), `${lb.name}/${tg.service}:${tg.containerPort}`]);
  for (const [family, groups] of byFamily) {
    if (groups.length <= MAX_TARGET_GROUPS_PER_SERVICE) continue;
    ctx.error(
      CODES.ELBV2_OVER_QUOTA,
      `family '${family}' is the target of ${groups.length} x-elbv2 target groups (${groups.join(', ')}); an ECS service takes at most ${MAX_TARGET_GROUPS_PER_SERVICE}`,
      ['x-elbv2'],
      'send fewer ports of this family to load balancers, or share one target group between listeners of one load balancer',
      'key',
    );
  }
}

/**
 * With `x-elbv2`, published ports are container ports (ECS ComposeX's meaning): a published port
 * no load balancer sends to is reachable only by the services that declare they call it (CX3242).
 */
export function reportPortsOutsideElbv2(ctx: ResolveContext, lbs: readonly Elbv2Model[]): void {
  const targeted = new Set(lbs.flatMap((lb) => lb.targetGroups.map((t) => `${t.service}:${t.containerPort}`)));
  for (const service of ctx.serviceNames) {
    const ports = ctx.project.services[service].ports ?? [];
    ports.forEach((entry, i) => {
      if (entry.published === undefined || entry.published === null) return;
      if (targeted.has(`${service}:${entry.target}`)) return;
      ctx.warning(
        CODES.ELBV2_PORT_NOT_BEHIND_LB,
        `port ${entry.target} of '${service}' is published, but with x-elbv2 published ports are container ports and no x-elbv2 load balancer sends to this one: only services that declare they call '${service}' reach it`,
        ['services', service, 'ports', i],
        `to serve it, add ${'<family>'}:${service}:${entry.target} to the Services and Targets of an x-elbv2 load balancer; to keep it internal, move it to expose: ["${entry.target}"]`,
      );
    });
  }
}

/** Subnets an `x-elbv2` load balancer needs: public ones for internet-facing, two zones for an ALB. */
export function checkElbv2Subnets(ctx: ResolveContext, lbs: readonly Elbv2Model[], vpc: import('./model').VpcSettings, vpcPath: Path): void {
  for (const lb of lbs) {
    const at = ['x-elbv2', lb.name];
    if (vpc.kind === 'new') {
      if (lb.type === 'application' && vpc.maxAzs < 2) {
        ctx.error(CODES.ALB_NEEDS_TWO_AZS, `x-vpc.MaxAzs is ${vpc.maxAzs}, but application load balancer '${lb.name}' needs two availability zones`, [...vpcPath, 'MaxAzs'], 'set MaxAzs to 2 or more');
      }
      continue;
    }
    const subnets = lb.scheme === 'internet-facing' ? vpc.publicSubnetIds : vpc.privateSubnetIds;
    const kind = lb.scheme === 'internet-facing' ? 'PublicSubnets' : 'PrivateSubnets';
    if (subnets.length === 0) {
      ctx.error(CODES.INVALID_VPC, `x-vpc gives no ${kind}, but ${lb.scheme} load balancer '${lb.name}' goes in them`, at, `add ${kind}: [subnet-…, subnet-…] to x-vpc`, 'key');
    } else if (lb.type === 'application' && subnets.length < 2) {
      ctx.error(CODES.ALB_NEEDS_TWO_AZS, `x-vpc gives 1 subnet in ${kind}, but application load balancer '${lb.name}' needs subnets in two availability zones`, [...vpcPath, kind], `add a subnet in a second availability zone to x-vpc.${kind}`);
    }
  }
}

/** `DnsAliases: [{Route53Zone: x-route53::<zone>, Names: [...]}]`: alias records to the load balancer. */
function readDnsAliases(ctx: ResolveContext, raw: unknown, path: Path, zones: readonly HostedZoneModel[]): Elbv2Alias[] {
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, 'a list such as [{Route53Zone: x-route53::public, Names: [www.example.com]}]') ?? [];
  const out: Elbv2Alias[] = [];
  list.forEach((item, i) => {
    const at = [...path, i];
    const entry = readObject(ctx, item, at, '{Route53Zone: x-route53::public, Names: [www.example.com]}');
    if (!entry) return;
    checkKeys(ctx, entry, at, ['Route53Zone', 'Names']);
    const zone = readZoneReference(ctx, entry.Route53Zone, entry.Route53Zone === undefined ? at : [...at, 'Route53Zone'], zones);
    const names = Array.isArray(entry.Names) ? entry.Names : undefined;
    if (!names || names.length === 0 || names.some((n) => typeof n !== 'string')) {
      ctx.error(CODES.DNS_REFERENCE_INVALID, `${describePath([...at, 'Names'])} must be a list of record names`, entry.Names === undefined ? at : [...at, 'Names'], 'write Names: [www.example.com]', entry.Names === undefined ? 'key' : 'value');
      return;
    }
    if (!zone) return;
    names.forEach((n, j) => {
      const name = String(n).toLowerCase().replace(/\.$/, '');
      if (!inZone(name, zone.zoneName) || name.startsWith('*')) {
        ctx.error(CODES.DNS_REFERENCE_INVALID, `'${n}' is not a record name in zone ${zone.zoneName} (x-route53::${zone.name})`, [...at, 'Names', j], `use a name under ${zone.zoneName}`);
        return;
      }
      if (out.some((a) => a.name === name && a.zone === zone.name)) {
        ctx.error(CODES.DNS_REFERENCE_INVALID, `alias '${name}' is listed twice`, [...at, 'Names', j], 'list each name once');
        return;
      }
      out.push({ name, zone: zone.name });
    });
  });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
