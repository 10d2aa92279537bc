/**
 * Building and pushing the images composex builds (`AppModel.images`):
 *
 *   build   docker buildx build, for the platforms ECS runs, loaded as <project>-<service>:<tag>
 *   push    the repository from the stack ─▶ ECR login token (SDK) ─▶ docker login --password-stdin
 *           ─▶ the content tag already there? its digest : docker buildx build --push ─▶ the digest
 *
 * The image a family runs is `<repository URI>@sha256:<digest>`: exactly what was pushed, never a
 * tag that could name something else. The registry password goes to docker on stdin only.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { BuiltImageModel } from '../../resolve/model';
import { DEPLOY_CODES } from '../codes';
import { awsFailure, refused, step } from '../errors';
import { buildxArgs } from './buildx';
import { contentTag } from '../../aws/content-tag';
import { dockerFailed, type Docker } from './docker';
import { repositoryNames } from './repositories';

export interface ImageIO {
  readonly stdout: (text: string) => void;
}

const BUILD_HINT = 'fix the Dockerfile or the build: keys (the output above says where); nothing was pushed or deployed';

/** The local name of a built image: `<project>-<service>:<content tag>` (lower case, as docker wants). */
export function localImageName(projectName: string, image: BuiltImageModel, tag: string): string {
  return `${projectName}-${image.service}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-') + `:${tag}`;
}

/** `composex build`, and the first step of deploy: every image built; the first failure stops. */
export async function buildImages(projectName: string, images: readonly BuiltImageModel[], docker: Docker, io: ImageIO): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  for (const image of images) {
    const tag = contentTag(image.build);
    const name = localImageName(projectName, image, tag);
    const load = image.build.platforms.length === 1;
    io.stdout(`Building ${image.service} for ${image.build.platforms.join(', ')} from ${image.build.context} as ${name}${load ? '' : ' (several platforms: kept in the build cache, not loaded)'}\n`);
    const run = await docker.run(buildxArgs(image.build, { tags: [name], push: false, load }), stdinOf(image));
    if (run.code !== 0) throw dockerFailed(DEPLOY_CODES.IMAGE_BUILD_FAILED, `building the image of service '${image.service}'`, run, BUILD_HINT);
    built.set(image.service, name);
  }
  return built;
}

export interface PushedImage {
  readonly service: string;
  /** The root parameter it goes to (`ApiImage`). */
  readonly parameter: string;
  /** `<repository URI>@sha256:…` */
  readonly image: string;
  /** False when the repository already held an image with the same content tag. */
  readonly pushed: boolean;
}

export interface PushContext {
  readonly cloudformation: CloudFormationClient;
  readonly ecr: ECRClient;
  readonly docker: Docker;
  readonly io: ImageIO;
}

/** `composex push`, and deploy once the repositories exist: each image in its repository, by digest. */
export async function pushImages(stackName: string, images: readonly BuiltImageModel[], ctx: PushContext): Promise<PushedImage[]> {
  if (images.length === 0) return [];
  const names = await repositoryNames(ctx.cloudformation, stackName, images);
  const missing = images.filter((i) => !names.has(i.service));
  if (missing.length > 0) {
    throw refused(
      DEPLOY_CODES.REPOSITORY_MISSING,
      `stack ${stackName} has no ECR repository for ${missing.map((i) => `'${i.service}' (${i.repositoryLogicalId})`).join(', ')} yet`,
      '`composex deploy` adds the repositories to the stack first, then builds, pushes and deploys',
    );
  }
  const registry = await login(ctx);
  const out: PushedImage[] = [];
  for (const image of images) {
    const repositoryName = names.get(image.service)!;
    const uri = `${registry}/${repositoryName}`;
    const tag = contentTag(image.build);
    const present = await imageDigest(ctx.ecr, repositoryName, tag);
    if (present) {
      ctx.io.stdout(`${image.service}: ${uri}:${tag} is in the repository already (same build inputs): nothing to push\n`);
      out.push({ service: image.service, parameter: image.parameter, image: `${uri}@${present}`, pushed: false });
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-push-'));
    const metadataFile = path.join(dir, `${randomUUID()}.json`);
    try {
      ctx.io.stdout(`Pushing ${image.service} to ${uri}:${tag}\n`);
      const run = await ctx.docker.run(buildxArgs(image.build, { tags: [`${uri}:${tag}`], push: true, load: false, metadataFile }), stdinOf(image));
      if (run.code !== 0) {
        throw dockerFailed(DEPLOY_CODES.IMAGE_PUSH_FAILED, `building and pushing the image of service '${image.service}'`, run, 'the output above says why; nothing was deployed');
      }
      const digest = readDigest(metadataFile) ?? (await imageDigest(ctx.ecr, repositoryName, tag));
      if (!digest) {
        throw awsFailure(DEPLOY_CODES.IMAGE_PUSH_FAILED, `the image of service '${image.service}' was pushed, but ${uri}:${tag} is not in the repository`, 'run the command again');
      }
      out.push({ service: image.service, parameter: image.parameter, image: `${uri}@${digest}`, pushed: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

/** An inline Dockerfile goes to docker on stdin (`--file -`). */
function stdinOf(image: BuiltImageModel): { stdin?: string } {
  return image.build.dockerfileInline !== undefined ? { stdin: image.build.dockerfileInline } : {};
}

/** Logs docker in to the account's registry; returns its host (`<account>.dkr.ecr.<region>.amazonaws.com`). */
async function login(ctx: PushContext): Promise<string> {
  const token = await step('getting an ECR login token', () => ctx.ecr.send(new GetAuthorizationTokenCommand({})));
  const data = token.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw awsFailure(DEPLOY_CODES.REGISTRY_LOGIN_FAILED, 'ECR returned no login token', 'run the command again');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [user, password] = colon < 0 ? ['AWS', decoded] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const run = await ctx.docker.run(['login', '--username', user, '--password-stdin', data.proxyEndpoint], { stdin: password, quiet: true });
  if (run.code !== 0) {
    throw dockerFailed(DEPLOY_CODES.REGISTRY_LOGIN_FAILED, `docker login to ${data.proxyEndpoint}`, run, 'check that docker is running and can reach the registry');
  }
  return data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

async function imageDigest(ecr: ECRClient, repositoryName: string, imageTag: string): Promise<string | undefined> {
  try {
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag }] }));
    return out.imageDetails?.[0]?.imageDigest;
  } catch (e) {
    if ((e as { name?: string }).name === 'ImageNotFoundException') return undefined;
    return step(`reading image ${imageTag} of repository ${repositoryName}`, () => Promise.reject(e));
  }
}

function readDigest(file: string): string | undefined {
  try {
    const digest = (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)['containerimage.digest'];
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}
