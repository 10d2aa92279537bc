/**
 * Images composex builds (`build:` without `image:`), on the deploy side:
 *
 *   buildx.ts        the `docker buildx build` command line of a build (data, no secrets)
 *   (src/aws/content-tag.ts: the tag, a hash of the build inputs; render names it as the default)
 *   docker.ts        running the user's docker (output shown, password on stdin)
 *   repositories.ts  the repositories in the stack, and the template that adds missing ones
 *   push.ts          build; push to the repository by digest
 *
 * `deployBuiltProject` is `composex deploy` for a project with built images: build everything
 * (a failure stops before anything reaches AWS), add missing repositories to the stack, push, and
 * deploy with each `<Service>Image` set to the pushed digest.
 */
import { deployStack, type DeployContext, type DeployRequest } from '../deploy';
import type { BuiltImageModel } from '../../resolve/model';
import type { Docker } from './docker';
import { buildImages, pushImages } from './push';
import { repositoriesTemplate, repositoryNames } from './repositories';

export { buildxArgs } from './buildx';
export { contentTag } from '../../aws/content-tag';
export { processDocker } from './docker';
export type { Docker, DockerRun } from './docker';
export { buildImages, localImageName, pushImages } from './push';
export type { PushedImage } from './push';
export { repositoryNames } from './repositories';

export async function deployBuiltProject(request: DeployRequest, images: readonly BuiltImageModel[], ctx: DeployContext & { readonly docker: Docker }): Promise<number> {
  if (request.mode === 'plan' || images.length === 0) return deployStack(request, ctx);
  const { io, clients } = ctx;
  await buildImages(request.projectName, images, ctx.docker, io);

  const existing = await repositoryNames(clients.cloudformation, request.stackName, images);
  const missing = images.filter((i) => !existing.has(i.service));
  if (missing.length > 0) {
    io.stdout(
      `\nStep 1 of 2: adding the ECR ${missing.length === 1 ? 'repository' : 'repositories'} of ${missing.map((i) => i.service).join(', ')} to stack ${request.stackName} (nothing else changes), so that the images exist before the services that run them\n`,
    );
    const template = await repositoriesTemplate(clients.cloudformation, request.stackName, request.files[0].template, missing);
    const declared = new Set(Object.keys(template.Parameters ?? {}));
    const parameters = Object.fromEntries(Object.entries(request.parameters ?? {}).filter(([k]) => declared.has(k)));
    const root = { ...request.files[0], content: JSON.stringify(template, null, 1), template };
    const code = await deployStack({ ...request, files: [root], parameters, secrets: [], wait: true }, ctx);
    if (code !== 0) return code;
    io.stdout(`\nStep 2 of 2: pushing the images and deploying the project\n`);
  }

  const pushed = await pushImages(request.stackName, images, { cloudformation: clients.cloudformation, ecr: clients.ecr, docker: ctx.docker, io });
  for (const p of pushed) io.stdout(`${p.service}: ${p.image}\n`);
  const parameters = { ...(request.parameters ?? {}), ...Object.fromEntries(pushed.map((p) => [p.parameter, p.image])) };
  return deployStack({ ...request, parameters }, ctx);
}
