/**
 * The digest of a service's image (`x-ecr` / `x-docker_opts` `InterpolateWithDigest`): for an image
 * of a private ECR repository, ECR's DescribeImages of the tag (in the registry's region, with
 * `x-ecr.RoleArn` assumed when given); for any other registry (Docker Hub, ECR Public, ghcr.io, …)
 * the registry itself, through the user's docker (`docker buildx imagetools inspect`, with docker's
 * credentials), as ECS ComposeX asks its docker engine. The digest is the one the tag names: the
 * image index of a multi-platform image, so ECS still picks the platform of the task.
 */
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { error } from '../../diagnostics';
import { privateEcrImage, splitImageReference } from '../../resolve/images';
import type { ImageAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { DEPLOY_CODES } from '../codes';
import { dockerFailed, type Docker } from '../images/docker';
import { isNotFound, LookupMismatch } from './match';

export interface ImageClients {
  /** An ECR client for a region, with a role assumed (src/deploy/ecr-access.ts). */
  readonly ecrIn: (region: string, roleArn?: string) => Promise<ECRClient>;
  /** The user's docker, for images outside private ECR; absent: such images cannot be pinned. */
  readonly docker?: Docker;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export async function lookupImage(request: LookupRequest, clients: ImageClients): Promise<ImageAnswer> {
  if (request.query.kind !== 'image') throw new Error('not an image lookup');
  const { image, roleArn } = request.query;
  const { name, tag } = splitImageReference(image);
  const ecr = privateEcrImage(image);
  const digest = ecr ? await ecrDigest(request, await clients.ecrIn(ecr.region, roleArn), ecr.registryId, ecr.repositoryName, tag ?? 'latest') : await registryDigest(request, clients.docker, image);
  return { image: `${name}@${digest}`, digest };
}

function notFound(request: LookupRequest, message: string, hint: string): LookupMismatch {
  return new LookupMismatch(error(DEPLOY_CODES.IMAGE_DIGEST_NOT_FOUND, `${request.key}: ${message}`, request.location, hint));
}

async function ecrDigest(request: LookupRequest, ecr: ECRClient, registryId: string, repositoryName: string, imageTag: string): Promise<string> {
  try {
    const found = await ecr.send(new DescribeImagesCommand({ registryId, repositoryName, imageIds: [{ imageTag }] }));
    const digest = found.imageDetails?.[0]?.imageDigest;
    if (digest && DIGEST.test(digest)) return digest;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  throw notFound(
    request,
    `ECR repository ${repositoryName} of account ${registryId} has no image tagged ${imageTag}`,
    'push the image with that tag first (or fix the tag in image:), then run composex lookup again',
  );
}

async function registryDigest(request: LookupRequest, docker: Docker | undefined, image: string): Promise<string> {
  if (!docker) throw new Error('internal: no docker to ask the registry for an image digest');
  const run = await docker.run(['buildx', 'imagetools', 'inspect', image, '--format', '{{json .Manifest}}'], { quiet: true });
  if (run.code !== 0) {
    const failure = dockerFailed(DEPLOY_CODES.IMAGE_DIGEST_NOT_FOUND, `docker buildx imagetools inspect ${image}`, run, '');
    // No buildx: a refusal for the whole command (install it); any other failure is this lookup's.
    if (failure.diagnostic.code === DEPLOY_CODES.DOCKER_MISSING) throw failure;
    throw notFound(request, `the registry does not give the digest of ${image}: ${failure.diagnostic.message}`, 'check the image and tag exist, and that docker may pull it (docker login to a private registry); or write the image with its digest yourself: image: <name>@sha256:…');
  }
  let digest: unknown;
  try {
    digest = (JSON.parse(run.output.trim()) as { digest?: unknown }).digest;
  } catch {
    digest = undefined;
  }
  if (typeof digest === 'string' && DIGEST.test(digest)) return digest;
  throw notFound(request, `docker buildx imagetools inspect ${image} gave no sha256 digest`, 'update Docker (buildx 0.9 or later prints the manifest as JSON), or write the image with its digest yourself: image: <name>@sha256:…');
}
