/**
 * Generated Compose projects for property-based tests (fast-check): services with images, ports
 * (published and not), expose, networks, depends_on, links, families (deploy.labels
 * ecs.task.family), secrets (from files, from the environment, external), named volumes, x-network
 * ingress and scoped x-iam policies. Names come from small pools so references often hit and
 * sometimes miss: some projects are valid, some are not, and both are useful.
 *
 * Every generated project carries recognisable secret values (in secret files and in the `.env`
 * that feeds environment-sourced secrets) so tests can assert they reach no template.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadAndCompile } from '../../src/compile';

export const SERVICE_NAMES = ['web', 'api', 'worker', 'cache', 'admin-ui', 'log_router'] as const;
export const NETWORK_NAMES = ['front', 'back'] as const;
export const FAMILY_NAMES = ['edge', 'backend'] as const;
export const VOLUME_NAMES = ['data', 'uploads'] as const;
export const SECRET_NAMES = ['api-token', 'db-password', 'stripe-key'] as const;

/** The values behind the secrets; they must never appear in a rendered template. */
export const SECRET_VALUES = {
  'api-token': 'tok-5f1e9a0c-HOSTILE-API-TOKEN-7d3b',
  'db-password': 'pw-Zq8#v2!LEAK-CANARY-DB-PASSWORD-41',
} as const;

export type ComposeDoc = Record<string, unknown>;

export interface GeneratedProject {
  /** The compose document, as written to compose.yaml. */
  readonly doc: ComposeDoc;
  /** Every file of the project (compose.yaml, .env, secret files), relative path → text. */
  readonly files: Record<string, string>;
  /** Secret values present in the project's files that no template may contain. */
  readonly secretValues: readonly string[];
}

const image = fc.constantFrom(
  'public.ecr.aws/nginx/nginx:1.27',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-api:1.4.2',
  'redis:7',
  'example/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
);

const containerPort = fc.constantFrom(80, 443, 1883, 3000, 5432, 6379, 8000, 8080);
const publishedPort = fc.constantFrom(80, 443, 1883, 8080, 9000);

const port = fc.oneof(
  containerPort.map((p) => String(p)),
  fc.tuple(publishedPort, containerPort).map(([h, c]) => `${h}:${c}`),
  fc.tuple(publishedPort, containerPort).map(([h, c]) => `${h}:${c}/udp`),
  fc.tuple(publishedPort, containerPort).map(([h, c]) => ({ target: c, published: String(h), protocol: 'tcp' })),
);

const expose = fc.oneof(containerPort.map(String), fc.constant('9000-9002'), fc.constant('53/udp'));

/**
 * A reference to another service of the project: an index into its service list (resolved once
 * the names are known), now and then a name no service has.
 */
const serviceRef = fc.oneof({ weight: 30, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant('missing-service') });

const ingress = (ref: fc.Arbitrary<number | string>) =>
  fc.record(
    {
      Services: fc.array(ref.map((Name) => ({ Name })), { maxLength: 2 }),
      ExtSources: fc.array(
        fc.constantFrom({ IPv4: '10.1.0.0/16', Name: 'office' }, { IPv4: '192.0.2.10/32', Description: 'vpn' }, { IPv6: '2001:db8::/32', Name: 'lab' }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  );

const iamPolicy = fc.constantFrom(
  { PolicyName: 'read-config', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::config-bucket/app/*'] }] } },
  { PolicyName: 'get-flag', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/flag' }] } },
);

interface ServiceShape {
  image?: string;
  readonly ports: readonly unknown[];
  readonly expose: readonly string[];
  readonly networks: readonly string[];
  readonly depends_on: readonly (number | string)[];
  readonly links: readonly (number | string)[];
  readonly families: readonly string[];
  readonly secrets: readonly string[];
  readonly volumes: readonly string[];
  ingress?: { Services?: { Name: number | string }[]; ExtSources?: unknown[] };
  iam?: unknown;
  replicas?: number;
  environment: Record<string, string>;
}

const serviceShape: fc.Arbitrary<ServiceShape> = fc.record({
  // Rarely without an image: composex does not build.
  image: fc.option(image, { freq: 40, nil: undefined }),
  ports: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(port, { minLength: 1, maxLength: 2 }) }),
  expose: fc.uniqueArray(expose, { maxLength: 2 }),
  networks: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...NETWORK_NAMES], { minLength: 1 }) }),
  depends_on: fc.array(serviceRef, { maxLength: 2 }),
  links: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(serviceRef, { minLength: 1, maxLength: 1 }) }),
  families: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...FAMILY_NAMES], { minLength: 1 }) }),
  secrets: fc.subarray([...SECRET_NAMES]),
  volumes: fc.oneof(
    { weight: 40, arbitrary: fc.subarray([...VOLUME_NAMES]) },
    { weight: 1, arbitrary: fc.constant(['undeclared-volume']) },
  ),
  ingress: fc.option(ingress(serviceRef), { freq: 3, nil: undefined }),
  iam: fc.option(iamPolicy, { freq: 4, nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  environment: fc.dictionary(fc.constantFrom('LOG_LEVEL', 'FEATURE_FLAG', 'REGION'), fc.constantFrom('info', 'on', 'eu-west-1'), { maxKeys: 2 }),
});

/**
 * A service of the project. References resolve to the services listed after this one, so most
 * projects have no depends_on cycle; `cyclic` lets them point anywhere (cycles, self-references).
 */
function serviceDoc(shape: ServiceShape, names: readonly string[], own: number, cyclic: boolean, usedPorts: Set<string>): Record<string, unknown> {
  const resolve = (ref: number | string): string | undefined => {
    if (typeof ref === 'string') return ref;
    if (cyclic) return names[ref % names.length];
    const later = names.length - own - 1;
    return later > 0 ? names[own + 1 + (ref % later)] : undefined;
  };
  const refs = (list: readonly (number | string)[]) => [...new Set(list.map(resolve).filter((n): n is string => n !== undefined))];
  const out: Record<string, unknown> = {};
  if (shape.image !== undefined) out.image = shape.image;
  // A host port published twice is an error; keep that rare.
  const ports = shape.ports.filter((p) => {
    const published = typeof p === 'string' ? (p.includes(':') ? p.split(':')[0] : undefined) : String((p as { published: string }).published);
    if (published === undefined || cyclic) return true;
    if (usedPorts.has(published)) return false;
    usedPorts.add(published);
    return true;
  });
  if (ports.length > 0) out.ports = ports;
  if (shape.expose.length > 0) out.expose = shape.expose;
  if (shape.networks.length > 0) out.networks = shape.networks;
  const dependsOn = refs(shape.depends_on);
  if (dependsOn.length > 0) out.depends_on = dependsOn;
  const links = refs(shape.links);
  if (links.length > 0) out.links = links;
  if (shape.secrets.length > 0) out.secrets = shape.secrets;
  if (shape.volumes.length > 0) out.volumes = shape.volumes.map((v, i) => `${v}:/mnt/${v}${i}`);
  if (Object.keys(shape.environment).length > 0) out.environment = shape.environment;
  const deploy: Record<string, unknown> = {};
  if (shape.families.length > 0) deploy.labels = { 'ecs.task.family': shape.families.join(',') };
  if (shape.replicas !== undefined) deploy.replicas = shape.replicas;
  if (Object.keys(deploy).length > 0) out.deploy = deploy;
  if (shape.ingress) {
    const services = refs((shape.ingress.Services ?? []).map((s) => s.Name)).map((Name) => ({ Name }));
    const ingressDoc: Record<string, unknown> = {};
    if (services.length > 0) ingressDoc.Services = services;
    if ((shape.ingress.ExtSources ?? []).length > 0) ingressDoc.ExtSources = shape.ingress.ExtSources;
    if (Object.keys(ingressDoc).length > 0) out['x-network'] = { Ingress: ingressDoc };
  }
  // A data store image (redis) publishing a port is refused without the opt-in (CX3210): opt in,
  // so that refusal stays a case of its own (test/resolve/implicit-network.test.ts).
  const publishes = ports.some((p) => (typeof p === 'string' ? p.includes(':') : true));
  if (shape.image === 'redis:7' && publishes) out['x-network'] = { ...((out['x-network'] as object | undefined) ?? {}), PublicDataStore: true };
  if (shape.iam) out['x-iam'] = { Policies: [shape.iam] };
  return out;
}

/** A whole project: 1 to 5 services from the pool, the top-level definitions they may use. */
export const projectArbitrary: fc.Arbitrary<GeneratedProject> = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom(...SERVICE_NAMES), { minLength: 1, maxLength: 5 }),
    shapes: fc.array(serviceShape, { minLength: 5, maxLength: 5 }),
    // An undeclared network is an error: usually declared, sometimes not.
    declareNetworks: fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    cyclic: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ names, shapes, declareNetworks, cyclic }) => {
    const services: Record<string, unknown> = {};
    const usedPorts = new Set<string>();
    names.forEach((name, i) => (services[name] = serviceDoc(shapes[i], names, i, cyclic, usedPorts)));
    const doc: ComposeDoc = {
      name: 'generated',
      services,
      ...(declareNetworks ? { networks: Object.fromEntries(NETWORK_NAMES.map((n) => [n, {}])) } : {}),
      volumes: Object.fromEntries(VOLUME_NAMES.map((v) => [v, {}])),
      secrets: {
        'api-token': { file: './secrets/api-token.txt' },
        'db-password': { environment: 'DB_PASSWORD_VALUE' },
        'stripe-key': { external: true, 'x-secrets': { Name: 'generated/stripe-key' } },
      },
    };
    return withFiles(doc);
  });

/** The files of a project: compose.yaml, the secret file and the `.env` holding the env-sourced secret. */
export function withFiles(doc: ComposeDoc): GeneratedProject {
  return {
    doc,
    files: {
      'compose.yaml': stringify(doc),
      'secrets/api-token.txt': `${SECRET_VALUES['api-token']}\n`,
      '.env': `DB_PASSWORD_VALUE=${SECRET_VALUES['db-password']}\n`,
    },
    secretValues: Object.values(SECRET_VALUES),
  };
}

const temporaryDirs: string[] = [];

/** A new temporary directory, removed by `removeTemporaryDirs` (call it in `afterAll`). */
export function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

export function removeTemporaryDirs(): void {
  for (const dir of temporaryDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes the project into a new temporary directory and returns it. */
export function writeProject(project: Pick<GeneratedProject, 'files'>, dir = temporaryDir('composex-gen-')): string {
  for (const [rel, text] of Object.entries(project.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Loads and compiles a written project the way `composex render` does. */
export function compileDir(dir: string, files: readonly string[] = ['compose.yaml']) {
  return loadAndCompile({ cwd: dir, files: [...files], env: { HOME: '/home/test' } });
}

/** Fixed seeds: CI runs the same cases every time, and a failure names the seed to replay. */
export const SEEDS = { generated: 20261123, mutations: 6061123, invariants: 4242 } as const;
