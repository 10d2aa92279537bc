/**
 * Builds `ComposeProject` values for resolve tests from YAML text, with real source positions.
 *
 * The loader owns normalization; this helper only does the little the tests need: defaults for
 * absent service fields and a few short syntaxes (ports "8080:80/udp", depends_on and networks as
 * lists, secrets as names, volumes "name:/path"). Positions of rewritten short syntax are
 * carried over, as the loader does.
 */
import { parseYaml } from '../../src/compose/yaml';
import type { Path } from '../../src/compose/source-map';
import type { ComposeProject, PortConfig, ServiceConfig, ServiceVolumeConfig } from '../../src/compose/types';
import type { Diagnostic } from '../../src/diagnostics';
import { resolveProject } from '../../src/resolve';
import type { AppModel } from '../../src/resolve/model';

export const FILE = '/project/compose.yaml';

type Obj = Record<string, unknown>;

/** Removes the common indentation of a template literal (and its first empty line). */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** 1-based position of the `occurrence`-th `needle` in the (dedented) text. */
export function pos(text: string, needle: string, occurrence = 1): { file: string; line: number; column: number } {
  const lines = dedent(text).split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    let from = 0;
    for (;;) {
      const col = lines[i].indexOf(needle, from);
      if (col < 0) break;
      if (++seen === occurrence) return { file: FILE, line: i + 1, column: col + 1 };
      from = col + 1;
    }
  }
  throw new Error(`'${needle}' (#${occurrence}) not found in fixture`);
}

function parsePort(raw: unknown): PortConfig {
  if (typeof raw === 'object' && raw !== null) {
    const p = raw as Obj;
    return { ...p, target: Number(p.target), protocol: (p.protocol as 'tcp' | 'udp') ?? 'tcp', ...(p.published !== undefined ? { published: String(p.published) } : {}) } as PortConfig;
  }
  const [spec, protocol = 'tcp'] = String(raw).split('/');
  const parts = spec.split(':');
  const target = Number(parts[parts.length - 1]);
  const published = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const host_ip = parts.length === 3 ? parts[0] : undefined;
  return { target, protocol: protocol as 'tcp' | 'udp', ...(published ? { published } : {}), ...(host_ip ? { host_ip } : {}) };
}

function parseVolume(raw: unknown): ServiceVolumeConfig {
  if (typeof raw === 'object' && raw !== null) return raw as ServiceVolumeConfig;
  const parts = String(raw).split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0] };
  const [source, target, mode] = parts;
  const type = source.startsWith('.') || source.startsWith('/') || source.startsWith('~') ? 'bind' : 'volume';
  return { type, source, target, ...(mode === 'ro' ? { read_only: true } : {}) };
}

export function compose(text: string, options: { disabledServices?: string[] } = {}): ComposeProject {
  const parsed = parseYaml(dedent(text), FILE);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const doc = (parsed.value ?? {}) as Obj;
  const sourceMap = parsed.sourceMap;
  const moveListToKeys = (path: Path, list: unknown[]) =>
    list.forEach((item, i) => {
      const loc = sourceMap.value([...path, i]);
      if (loc) sourceMap.setKey([...path, String(item)], loc);
    });

  const services: Record<string, ServiceConfig> = {};
  for (const [name, value] of Object.entries((doc.services ?? {}) as Obj)) {
    const raw = (value ?? {}) as Obj;
    const base: Path = ['services', name];
    let depends_on = raw.depends_on ?? {};
    if (Array.isArray(depends_on)) {
      moveListToKeys([...base, 'depends_on'], depends_on);
      depends_on = Object.fromEntries(depends_on.map((d) => [String(d), { condition: 'service_started', required: true, restart: false }]));
    }
    let networks = raw.networks ?? { default: null };
    if (Array.isArray(networks)) {
      moveListToKeys([...base, 'networks'], networks);
      networks = Object.fromEntries(networks.map((n) => [String(n), null]));
    }
    let environment = raw.environment ?? {};
    if (Array.isArray(environment)) environment = Object.fromEntries(environment.map((e) => String(e).split('=', 2)));
    services[name] = {
      ...raw,
      name,
      environment: environment as Record<string, string>,
      labels: (raw.labels ?? {}) as Record<string, string>,
      ports: ((raw.ports ?? []) as unknown[]).map(parsePort),
      expose: ((raw.expose ?? []) as unknown[]).map(String),
      volumes: ((raw.volumes ?? []) as unknown[]).map(parseVolume),
      depends_on: depends_on as ServiceConfig['depends_on'],
      links: ((raw.links ?? []) as unknown[]).map(String),
      networks: networks as ServiceConfig['networks'],
      secrets: ((raw.secrets ?? []) as unknown[]).map((s) => (typeof s === 'string' ? { source: s } : (s as { source: string }))),
      configs: [],
    } as ServiceConfig;
  }
  const extensions = Object.fromEntries(Object.entries(doc).filter(([k]) => k.startsWith('x-')));
  return {
    name: (doc.name as string) ?? 'demo',
    workingDir: '/project',
    files: [FILE],
    services,
    networks: (doc.networks ?? {}) as ComposeProject['networks'],
    volumes: Object.fromEntries(Object.entries((doc.volumes ?? {}) as Obj).map(([k, v]) => [k, v ?? {}])) as ComposeProject['volumes'],
    secrets: (doc.secrets ?? {}) as ComposeProject['secrets'],
    configs: {},
    extensions,
    disabledServices: options.disabledServices ?? [],
    environment: {},
    sourceMap,
  };
}

/** Three services, two of them in one family (`jobs`): the consumers of the x- resource tests. */
export const RESOURCE_SERVICES = `
services:
  api: {image: api}
  worker: {image: worker, deploy: {labels: {ecs.task.family: jobs}}}
  cron: {image: cron, deploy: {labels: {ecs.task.family: jobs}}}
`;

/** Resolves YAML text; the model, and the errors and warnings apart. */
export function errorsOf(yaml: string) {
  const { model, diagnostics } = resolve(yaml);
  return { model, errors: diagnostics.filter((d) => d.severity === 'error'), warnings: diagnostics.filter((d) => d.severity === 'warning') };
}

/**
 * The rows of the refusal tables (`[name, yaml, code, message, marker, hint?]`): exactly one error,
 * with that code and message, at `marker` in `yaml`, and a hint (that one, when given).
 */
export function expectOneError(yaml: string, code: string, message: string, marker: string, hint?: string): void {
  const { model, errors } = errorsOf(yaml);
  expect(model).toBeUndefined();
  expect(errors.map((e) => e.message)).toEqual([message]);
  expect(errors[0]).toMatchObject({ code, message, ...pos(yaml, marker) });
  if (hint) expect(errors[0].hint).toBe(hint);
  expect(errors[0].hint).toBeTruthy();
}

/** Resolves YAML text; returns the model (if any) and the diagnostics. */
export function resolve(
  text: string,
  options: { disabledServices?: string[]; keepDockerHubWarning?: boolean } = {},
): { model?: AppModel; diagnostics: Diagnostic[] } {
  const result = resolveProject(compose(text, options));
  // Fixtures name images `web`, `api`, … (Docker Hub references): the once-per-project warning
  // about anonymous Docker Hub pulls (CX3701) is left out unless a test asks for it (images.test.ts).
  if (options.keepDockerHubWarning) return result;
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.code !== 'CX3701') };
}

/** Resolves YAML text that must be valid; fails the test with the diagnostics otherwise. */
export function resolveOk(text: string): AppModel {
  const { model, diagnostics } = resolve(text);
  if (!model) throw new Error(`expected a model, got:\n${diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('\n')}`);
  return model;
}

/** Compact form of ingress rules for table tests: "source -> target proto/port (reason)". */
export function ruleStrings(model: AppModel): string[] {
  return model.ingress.map((r) => {
    const s = r.source;
    const source =
      s.kind === 'family' ? s.family : s.kind === 'loadBalancer' ? 'LB' : s.kind === 'elbv2' ? `elbv2:${s.name}` : s.kind === 'cidr' ? s.cidr : `${s.kind === 'securityGroup' ? 'sg' : 'pl'}:${s.id}`;
    const t = r.target;
    const target = t.kind === 'family' ? t.family : t.kind === 'loadBalancer' ? 'LB' : t.kind === 'elbv2' ? `elbv2:${t.name}` : t.kind === 'volume' ? `volume:${t.volume}` : `${t.resource}:${t.name}`;
    const ports = r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`;
    return `${source} -> ${target} ${r.protocol}/${ports} (${r.reason})`;
  });
}

/** Diagnostics as "CODE line:column" plus the message, for compact assertions. */
export function brief(diagnostics: readonly Diagnostic[]): { code: string; severity: string; line?: number; column?: number; message: string; hint?: string }[] {
  return diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column, message: d.message, hint: d.hint }));
}
