/**
 * Images composex builds: a service with `build:` and no `image:` gets an ECR repository (in the
 * root stack) and a root-stack parameter for the image its family runs; `composex build` / `push`
 * / `deploy` build it with the user's Docker and pass the pushed digest (src/deploy/images/).
 *
 * A service with both `build:` and `image:` runs `image` as named, as before: Compose would build
 * it and tag it with that name, but pushing to a registry composex does not manage is the user's
 * (CX3540 says so, once per service).
 *
 * The platforms built are the ones the task runs on: ECS starts the family on `X86_64` or `ARM64`
 * (its `platform`, default `linux/amd64`), and an image built for another architecture fails to
 * start ("exec format error"). Without `build.platforms`, composex builds for the family's
 * platform (not the machine's: an image built on an ARM laptop would not run on X86_64 Fargate);
 * with it, the list must contain that platform (CX3541).
 */
import type { BuildConfig, ServiceConfig } from '../compose/types';
import type { CpuArchitecture } from '../limits/fargate';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { familyArchitecture } from './containers';
import type { Membership } from './families';
import type { BuiltImageModel, ImageBuild } from './model';

const PLATFORM_OF: Readonly<Record<CpuArchitecture, string>> = { X86_64: 'linux/amd64', ARM64: 'linux/arm64' };

/** The built images of the project, sorted by service (`ids`: the service logical ids). */
export function resolveBuiltImages(ctx: ResolveContext, membership: Membership, ids: ReadonlyMap<string, string>): BuiltImageModel[] {
  const out: BuiltImageModel[] = [];
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    if (config.build === undefined) continue;
    if (config.image) {
      ctx.warning(
        CODES.BUILD_WITH_IMAGE,
        `service '${service}' has both build and image: composex runs ${config.image} as named and does not build it`,
        ['services', service, 'build'],
        'remove image: to have composex build the image and push it to an ECR repository of the stack, or remove build: when the image is published',
        'key',
      );
      continue;
    }
    const id = ids.get(service);
    if (id === undefined) throw new Error(`internal: no logical id for service '${service}'`);
    const runsOn = architectures(ctx, membership, service);
    const build = imageBuild(ctx, config, config.build, runsOn);
    out.push({ service, repositoryLogicalId: `Repository${id}`, parameter: `${id}Image`, build });
  }
  return out.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** The platforms ECS runs the service on: one per family it is in (usually one). */
function architectures(ctx: ResolveContext, membership: Membership, service: string): string[] {
  const families = membership.familiesOf.get(service) ?? [];
  const platforms = families.map((f) => {
    const configs: ServiceConfig[] = (membership.servicesOf.get(f) ?? []).map((s) => ctx.project.services[s]);
    return PLATFORM_OF[familyArchitecture(configs)];
  });
  return [...new Set(platforms.length > 0 ? platforms : [PLATFORM_OF.X86_64])].sort();
}

function imageBuild(ctx: ResolveContext, config: ServiceConfig, build: BuildConfig, runsOn: readonly string[]): ImageBuild {
  const service = config.name;
  const given = stringList(build.platforms);
  if (given.length > 0) {
    const missing = runsOn.filter((p) => !given.includes(p));
    if (missing.length > 0) {
      ctx.error(
        CODES.BUILD_PLATFORM_MISMATCH,
        `service '${service}' runs on ${missing.join(' and ')} (ECS RuntimePlatform), but build.platforms builds only ${given.join(', ')}: the task would fail to start with "exec format error"`,
        ['services', service, 'build', 'platforms'],
        `add ${missing.join(' and ')} to build.platforms, or set the service's platform: (or x-ecs.CpuArchitecture) to one of the platforms built`,
      );
    }
  }
  const args = Object.keys(build.args ?? {})
    .sort()
    .map((name) => {
      const value = build.args![name];
      return value === null || value === undefined ? { name } : { name, value };
    });
  type BuildSecret = ImageBuild['secrets'][number];
  const secrets = (Array.isArray(build.secrets) ? (build.secrets as { source: string; target?: string }[]) : []).flatMap((ref): BuildSecret[] => {
    const secret = ctx.project.secrets[ref.source];
    if (secret === undefined) return []; // an undeclared secret is reported with the service's secrets (CX3501)
    const id = ref.target ?? ref.source;
    if (secret.file !== undefined) return [{ id, file: secret.file }];
    if (secret.environment !== undefined) return [{ id, environment: secret.environment }];
    ctx.error(
      CODES.BUILD_SECRET_SOURCE,
      `build secret '${ref.source}' of service '${service}' has no file or environment source: docker buildx needs the value on this machine`,
      ['secrets', ref.source],
      `give secret '${ref.source}' a file: or environment: source`,
      'key',
    );
    return [];
  });
  return {
    context: build.context,
    ...(typeof build.dockerfile === 'string' ? { dockerfile: build.dockerfile } : {}),
    ...(typeof build.dockerfile_inline === 'string' ? { dockerfileInline: build.dockerfile_inline } : {}),
    args,
    ...(typeof build.target === 'string' ? { target: build.target } : {}),
    platforms: given.length > 0 ? given : runsOn,
    secrets: secrets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ssh: sshEntries(build.ssh),
    cacheFrom: stringList(build.cache_from),
    cacheTo: stringList(build.cache_to),
    labels: stringMap(build.labels),
    additionalContexts: stringMap(build.additional_contexts),
    ...(typeof build.network === 'string' ? { network: build.network } : {}),
    noCache: build.no_cache === true,
    pull: build.pull === true,
  };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function stringMap(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const k of Object.keys(v).sort()) {
    const value = (v as Record<string, unknown>)[k];
    if (typeof value === 'string') out[k] = value;
  }
  return out;
}

/** `build.ssh` as a list (`default`, `id=path`) or a mapping (`id: path`), as buildx `--ssh` takes it. */
function sshEntries(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v as Record<string, unknown>).map(([k, path]) => (typeof path === 'string' && path !== '' ? `${k}=${path}` : k));
  }
  return [];
}

/** The Dockerfile of a build: relative to a local context, as written for a URL context or an absolute path. */
export function dockerfilePath(build: ImageBuild): string {
  const file = build.dockerfile ?? 'Dockerfile';
  if (file.startsWith('/') || isUrl(build.context)) return file;
  return `${build.context.replace(/\/+$/, '')}/${file}`;
}

/** A context docker fetches itself (a git or HTTP URL). */
export function isUrl(context: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(context) || /^(git@|github\.com\/)/.test(context);
}
