/**
 * Undeclared references (CX3112): an environment value or a command word that names another
 * service as a host, while nothing declares that the one calls the other. In Compose every service
 * on a network reaches every other, so `API_URL: http://api:8000` just works; here each family has
 * its own security group and only declared edges (`depends_on` / `links` on the caller,
 * `x-network.Ingress.Services` on the callee) open a port, so the call would time out.
 *
 * The heuristic looks at host positions only, to keep false positives rare. A value (or command
 * word) is split on whitespace and commas; a `--flag=` or `KEY=` prefix of a word is dropped; then
 * a word names a host when it is
 *  - the host of a URL (`http://api:8000/x`, `redis://cache:6379/0`, `postgres://u:p@db/app`),
 *  - `host:port` (`backend:7000`, `kafka:9092/path`), or
 *  - the whole word, for a variable whose name ends in HOST, HOSTNAME, HOSTS, ADDR, ADDRESS,
 *    SERVER, SERVERS, URL, URI, ENDPOINT, BROKER or BROKERS (`DB_HOST=db`).
 * The host is matched against service names and network aliases (DNS names are case-insensitive).
 * A service naming itself, or a service of its own family (one task: they talk over localhost,
 * and the name still resolves through Service Connect), is not reported; a link alias the caller
 * declares is its link's service. Values are never printed (they may hold credentials).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';

const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?([^:/?#\s@[\]]+)/i;
const HOST_PORT = /^([a-z0-9][a-z0-9_.-]*):(\d{1,5})(?:\/\S*)?$/i;
const HOST_VARIABLE = /(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|URL|URI|ENDPOINT|BROKER|BROKERS)$/i;
const FLAG_PREFIX = /^(?:-{1,2}[a-z0-9][a-z0-9_.-]*|[a-z_][a-z0-9_]*)=/i;

/** The host names a text names in host positions (lower case). */
export function hostsNamed(text: string, variable?: string): string[] {
  const hosts = new Set<string>();
  for (const raw of text.split(/[\s,]+/)) {
    if (raw === '') continue;
    const word = URL_HOST.test(raw) ? raw : raw.replace(FLAG_PREFIX, '');
    const url = URL_HOST.exec(word);
    if (url) {
      hosts.add(url[1].toLowerCase());
      continue;
    }
    const hostPort = HOST_PORT.exec(word);
    if (hostPort) {
      hosts.add(hostPort[1].toLowerCase());
      continue;
    }
    if (variable !== undefined && HOST_VARIABLE.test(variable) && /^[a-z0-9][a-z0-9_.-]*$/i.test(word)) hosts.add(word.toLowerCase());
  }
  return [...hosts];
}

interface Reference {
  /** `environment variable DB_HOST`, `the command`. */
  readonly what: string;
  readonly path: Path;
  readonly hosts: readonly string[];
}

function referencesOf(ctx: ResolveContext, service: string): Reference[] {
  const config = ctx.project.services[service];
  const known = (path: Path) => ctx.project.sourceMap.exact(path) !== undefined;
  const out: Reference[] = [];
  for (const [name, value] of Object.entries(config.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof value !== 'string' || value === '') continue;
    const hosts = hostsNamed(value, name);
    if (hosts.length === 0) continue;
    const own: Path = ['services', service, 'environment', name];
    // A mapping entry has its own position; a list item (`- KEY=value`) is known only as part of
    // the list, and a value loaded from env_file only by the env_file entry: point there.
    const environment: Path = ['services', service, 'environment'];
    const path = known(own) ? own : known(environment) || config.env_file === undefined ? environment : ['services', service, 'env_file'];
    out.push({ what: `environment variable ${name}`, path, hosts });
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const words = config[key];
    if (!Array.isArray(words)) continue;
    words.forEach((word, i) => {
      if (typeof word !== 'string') return;
      const hosts = hostsNamed(word);
      if (hosts.length === 0) return;
      const own: Path = ['services', service, key, i];
      out.push({ what: `the ${key}`, path: known(own) ? own : ['services', service, key], hosts });
    });
  }
  return out;
}

const hostNamesOf = new WeakMap<ResolveContext, Map<string, string[]>>();

/** Host name (lower case) → the services it designates: service names and network aliases. */
function hostNames(ctx: ResolveContext): Map<string, string[]> {
  const cached = hostNamesOf.get(ctx);
  if (cached) return cached;
  const names = new Map<string, string[]>();
  hostNamesOf.set(ctx, names);
  const add = (name: string, service: string) => {
    const key = name.toLowerCase();
    const list = names.get(key) ?? [];
    if (!list.includes(service)) names.set(key, [...list, service]);
  };
  for (const service of ctx.serviceNames) {
    add(service, service);
    for (const network of Object.values(ctx.project.services[service].networks ?? {})) {
      for (const alias of network?.aliases ?? []) add(alias, service);
    }
  }
  return names;
}

/** A service another one names as a host, with the first place it does so. */
export interface NamedService {
  readonly callee: string;
  readonly what: string;
  readonly path: Path;
}

/**
 * The services `caller` names as hosts (environment values, command, entrypoint), other than
 * itself and its own family, each with every place that names it, in file order of the keys.
 */
export function servicesNamedBy(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[], caller: string): NamedService[] {
  const refs = referencesOf(ctx, caller);
  if (refs.length === 0) return [];
  const names = hostNames(ctx);
  const linkAliases = new Set(edges.filter((e) => e.kind === 'links' && e.alias !== undefined && e.callers[0] === caller).map((e) => e.alias!.toLowerCase()));
  const callerFamilies = familiesOf(membership, caller);
  const out: NamedService[] = [];
  for (const ref of refs) {
    for (const host of ref.hosts) {
      if (linkAliases.has(host)) continue; // a link the caller declares
      for (const callee of names.get(host) ?? []) {
        if (callee === caller || familiesOf(membership, callee).some((f) => callerFamilies.includes(f))) continue;
        if (!out.some((n) => n.callee === callee && n.what === ref.what)) out.push({ callee, what: ref.what, path: ref.path });
      }
    }
  }
  return out;
}

export function reportUndeclaredReferences(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[]): void {
  const declaredPairs = new Set(edges.flatMap((e) => e.callers.map((caller) => `${caller}\n${e.callee}`)));
  const declared = (caller: string, callee: string) => declaredPairs.has(`${caller}\n${callee}`);
  for (const caller of ctx.serviceNames) {
    for (const { callee, what, path } of servicesNamedBy(ctx, membership, edges, caller)) {
      if (declared(caller, callee)) continue;
      ctx.warning(
        CODES.UNDECLARED_REFERENCE,
        `${what} of '${caller}' names service '${callee}' as a host, but nothing declares that '${caller}' calls '${callee}': its security group will block the connection`,
        path,
        `add depends_on: [${callee}] (or links: [${callee}]) to '${caller}', or list '${caller}' under x-network.Ingress.Services of '${callee}'`,
      );
    }
  }
}
