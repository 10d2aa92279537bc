/**
 * Final normalization of the merged document: the defaults Compose applies (the `default`
 * network, resource names, empty collections), `env_file`s read into `environment`, bare
 * environment names taken from the environment, and typed `ServiceConfig`s.
 */
import * as fs from 'fs';
import { Diagnostic, error, warning } from '../diagnostics';
import { parseDotenv } from './dotenv';
import { checkSecretLookingValues, EnvironmentOrigin } from './secret-values';
import type { SourceMap } from './source-map';
import { isPlainObject } from './tags';
import type { ComposeProject, DeployConfig, EnvFileConfig, ServiceConfig, ServiceVolumeConfig } from './types';
import { setOwn } from './yaml';

export interface NormalizeInput {
  readonly name: string;
  readonly workingDir: string;
  readonly files: readonly string[];
  readonly doc: Record<string, unknown>;
  readonly environment: Record<string, string>;
  readonly disabledServices: readonly string[];
  readonly sourceMap: SourceMap;
  readonly sources: Map<string, string>;
}

const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

export function normalizeProject(input: NormalizeInput): { project: ComposeProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { doc, sourceMap } = input;
  const lookup = (n: string) => (Object.prototype.hasOwnProperty.call(input.environment, n) ? input.environment[n] : undefined);

  const services: Record<string, ServiceConfig> = {};
  const rawServices = isPlainObject(doc.services) ? doc.services : {};
  for (const name of Object.keys(rawServices).sort()) {
    const raw = rawServices[name];
    const service = normalizeService(name, isPlainObject(raw) ? raw : {}, lookup, input, diagnostics);
    setOwn(services, name, service);
  }

  const sections: Record<(typeof SECTIONS)[number], Record<string, Record<string, unknown>>> = {
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
  };
  for (const section of SECTIONS) {
    const raw = doc[section];
    if (!isPlainObject(raw)) continue;
    for (const key of Object.keys(raw).sort()) {
      const def = isPlainObject(raw[key]) ? { ...(raw[key] as Record<string, unknown>) } : {};
      const external = def.external === true || def.external === 'true';
      if (def.external !== undefined) def.external = external;
      if (def.name === undefined) def.name = external ? key : `${input.name}_${key}`;
      setOwn(sections[section], key, def);
    }
  }
  const usesDefaultNetwork = Object.values(services).some((s) => s.network_mode === undefined && 'default' in s.networks);
  if (usesDefaultNetwork && !Object.prototype.hasOwnProperty.call(sections.networks, 'default')) {
    sections.networks.default = { name: `${input.name}_default` };
  }

  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k.startsWith('x-')) setOwn(extensions, k, v);

  const project: ComposeProject = {
    name: input.name,
    workingDir: input.workingDir,
    files: input.files,
    services,
    networks: sections.networks,
    volumes: sections.volumes,
    secrets: sections.secrets,
    configs: sections.configs,
    extensions,
    disabledServices: input.disabledServices,
    environment: input.environment,
    sourceMap,
  };
  return { project, diagnostics };
}

/**
 * A `bind` block without `create_host_path` means `create_host_path: true`, as compose-go sets
 * it on the merged project (`services.*.volumes.*.bind`); a long-syntax bind mount without a
 * `bind` block keeps none (false), and the short syntax has it already (`transform/volumes.ts`).
 */
function bindDefaults(volume: ServiceVolumeConfig): ServiceVolumeConfig {
  if (volume.type !== 'bind' || !isPlainObject(volume.bind) || volume.bind.create_host_path !== undefined) return volume;
  return { ...volume, bind: { ...volume.bind, create_host_path: true } };
}

/**
 * `scale` is the older spelling of `deploy.replicas`: it sets the replica count when
 * `deploy.replicas` is absent, and the two may not disagree (as Compose).
 */
function replicas(raw: Record<string, unknown>, path: readonly string[], input: NormalizeInput, diagnostics: Diagnostic[]): Pick<ServiceConfig, 'deploy'> {
  const deploy = isPlainObject(raw.deploy) ? (raw.deploy as DeployConfig) : undefined;
  const scale = typeof raw.scale === 'number' ? raw.scale : undefined;
  if (scale === undefined) return deploy ? { deploy } : {};
  if (deploy?.replicas !== undefined && deploy.replicas !== scale) {
    diagnostics.push(
      error(
        'CX1421',
        `service "${path[1]}" sets scale: ${scale} and deploy.replicas: ${deploy.replicas}`,
        input.sourceMap.value([...path, 'scale']),
        'remove scale (deploy.replicas is the current spelling), or give both the same value',
      ),
    );
  }
  return { deploy: { ...deploy, replicas: deploy?.replicas ?? scale } };
}

function normalizeService(
  name: string,
  raw: Record<string, unknown>,
  lookup: (n: string) => string | undefined,
  input: NormalizeInput,
  diagnostics: Diagnostic[],
): ServiceConfig {
  const path = ['services', name];
  const environment: Record<string, string | null> = {};
  const origins = new Map<string, EnvironmentOrigin>();

  // env_file values first (in order), then `environment` on top, as Compose does.
  const envFiles = Array.isArray(raw.env_file) ? (raw.env_file as EnvFileConfig[]) : [];
  envFiles.forEach((envFile, i) => {
    const loc = input.sourceMap.value([...path, 'env_file', i]);
    if (!fs.existsSync(envFile.path) || fs.statSync(envFile.path).isDirectory()) {
      if (envFile.required !== false) {
        diagnostics.push(
          error('CX1409', `env_file not found: ${envFile.path}`, loc, 'create the file, fix the path (relative to the project directory), or set "required: false"'),
        );
      }
      return;
    }
    const text = fs.readFileSync(envFile.path, 'utf8');
    input.sources.set(envFile.path, text);
    const parsed = parseDotenv(text, envFile.path, lookup);
    diagnostics.push(...parsed.diagnostics);
    for (const [k, v] of Object.entries(parsed.values)) {
      setOwn(environment, k, v);
      const origin = parsed.origins[k];
      origins.set(k, { kind: 'env_file', file: envFile.path, location: origin?.location, fromEnvironment: origin?.fromEnvironment ?? false });
    }
    for (const k of parsed.bare) {
      const v = lookup(k);
      if (v !== undefined) setOwn(environment, k, v);
    }
  });
  const declared = isPlainObject(raw.environment) ? raw.environment : {};
  for (const [k, v] of Object.entries(declared)) {
    if (v === null || v === undefined) {
      // A bare name takes its value from the environment; left unset, it is not passed (as Compose).
      const fromEnv = lookup(k);
      setOwn(environment, k, fromEnv ?? null);
      origins.set(k, { kind: 'compose', location: input.sourceMap.key([...path, 'environment', k]), fromEnvironment: true });
      if (fromEnv === undefined) {
        diagnostics.push(
          warning(
            'CX1420',
            `environment variable ${k} of service "${name}" has no value in the environment and will not be set`,
            input.sourceMap.value([...path, 'environment', k]),
            `give it a value ("${k}=...") or define ${k} in .env`,
          ),
        );
      }
    } else {
      setOwn(environment, k, String(v));
      const at = [...path, 'environment', k];
      origins.set(k, { kind: 'compose', location: input.sourceMap.value(at), fromEnvironment: input.sourceMap.interpolated(at) });
    }
  }
  diagnostics.push(...checkSecretLookingValues(name, environment, origins));
  const sortedEnv: Record<string, string | null> = {};
  for (const k of Object.keys(environment).sort()) setOwn(sortedEnv, k, environment[k]);

  const service: ServiceConfig = {
    ...raw,
    name,
    environment: sortedEnv,
    labels: isPlainObject(raw.labels) ? (raw.labels as Record<string, string>) : {},
    ports: Array.isArray(raw.ports) ? (raw.ports as ServiceConfig['ports']) : [],
    expose: Array.isArray(raw.expose) ? (raw.expose as unknown[]).map(String) : [],
    volumes: Array.isArray(raw.volumes) ? (raw.volumes as ServiceConfig['volumes']).map(bindDefaults) : [],
    depends_on: isPlainObject(raw.depends_on) ? (raw.depends_on as ServiceConfig['depends_on']) : {},
    links: Array.isArray(raw.links) ? (raw.links as unknown[]).map(String) : [],
    networks: isPlainObject(raw.networks)
      ? (raw.networks as ServiceConfig['networks'])
      : raw.network_mode === undefined
        ? { default: null }
        : {},
    secrets: Array.isArray(raw.secrets) ? (raw.secrets as ServiceConfig['secrets']) : [],
    configs: Array.isArray(raw.configs) ? (raw.configs as ServiceConfig['configs']) : [],
    ...replicas(raw, path, input, diagnostics),
  };
  return service;
}
