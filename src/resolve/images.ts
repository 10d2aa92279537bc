/**
 * Where images come from. An image from Docker Hub pulled without credentials counts against
 * Docker Hub's anonymous pull limit, which is per IP address (Docker documents 10 pulls an hour
 * per IPv4 address): every task in the private subnets pulls through the same NAT gateway address,
 * so a deployment or a scale-out of a few tasks can fail with `toomanyrequests`. Said once per
 * project (CX3701), at the first such image, with the remedies.
 */
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { PULL_CREDENTIALS } from './x-aws';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io']);

/** The registry host of an image reference, or undefined when it names none (Docker Hub). */
export function registryHost(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : undefined;
}

/** True for `postgres:16`, `bitnami/redis`, `docker.io/library/nginx`, … */
export function isDockerHubImage(image: string): boolean {
  const host = registryHost(image);
  return host === undefined || DOCKER_HUB_HOSTS.has(host);
}

export function reportDockerHubPulls(ctx: ResolveContext): void {
  const anonymous = ctx.serviceNames.filter((service) => {
    const config = ctx.project.services[service];
    return typeof config.image === 'string' && config.image !== '' && isDockerHubImage(config.image) && config[PULL_CREDENTIALS] === undefined;
  });
  if (anonymous.length === 0) return;
  // In the order of the files (the warning points at the first one a reader meets).
  const at = (s: string) => ctx.project.sourceMap.value(['services', s, 'image']);
  anonymous.sort((a, b) => {
    const x = at(a);
    const y = at(b);
    if (!x || !y) return 0;
    return x.file !== y.file ? (x.file < y.file ? -1 : 1) : x.line - y.line || x.column - y.column;
  });
  const listed = anonymous.slice(0, 3).map((s) => `${ctx.project.services[s].image} ('${s}')`);
  const more = anonymous.length > 3 ? ` and ${anonymous.length - 3} more` : '';
  ctx.warning(
    CODES.DOCKER_HUB_ANONYMOUS,
    `${anonymous.length === 1 ? 'an image is' : `${anonymous.length} images are`} pulled from Docker Hub without credentials: ${listed.join(', ')}${more}. Docker Hub limits anonymous pulls per IP address, and every task pulls through the same NAT gateway address, so deployments and scale-outs can fail with "toomanyrequests"`,
    ['services', anonymous[0], 'image'],
    'use the image from Amazon ECR Public (official images are at public.ecr.aws/docker/library/<name>), an ECR pull-through cache rule for Docker Hub, or a copy in your own ECR repository; or give the service x-aws-pull_credentials: <ARN of a Secrets Manager secret with a Docker Hub username and access token>',
  );
}

/** `<name>[:<tag>][@<digest>]` split; the tag is the part after the last `:` that follows the last `/`. */
export function splitImageReference(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const name = tag !== undefined ? rest.slice(0, colon) : rest;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** An image of a private ECR repository: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@digest]`. */
export interface PrivateEcrImage {
  readonly registryId: string;
  readonly region: string;
  readonly repositoryName: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PRIVATE_ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The registry, region and repository of a private ECR image; undefined for any other registry (Docker Hub, ECR Public, ghcr.io, …). */
export function privateEcrImage(image: string): PrivateEcrImage | undefined {
  const host = registryHost(image);
  const m = host === undefined ? null : PRIVATE_ECR_HOST.exec(host);
  if (!m) return undefined;
  const { name, tag, digest } = splitImageReference(image);
  return { registryId: m[1], region: m[2], repositoryName: name.slice(host!.length + 1), ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
