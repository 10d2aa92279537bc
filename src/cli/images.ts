/**
 * `composex build [SERVICE...]` and `composex push [SERVICE...]`: the images composex builds
 * (`build:` without `image:`). build runs docker only; push also needs AWS (the repositories of
 * the deployed stack, an ECR login token). `deploy` builds and pushes itself (src/deploy/images/).
 */
import type { Command } from 'commander';
import { formatDiagnostic, error } from '../diagnostics';
import { DEPLOY_CODES } from '../deploy/codes';
import { DeployError } from '../deploy/errors';
import type { AppModel, BuiltImageModel } from '../resolve/model';
import { awsRunner, type DeployCliIO } from './deploy';
import { dockerFor } from './docker';
import { CliIO, EXIT, reportDiagnostics } from './io';
import { compileStage, renderStage } from './stages';
import { addCompileOptions, addProjectOptions, compileOptionsFrom, loadOptionsFrom, type CompileCliOptions, type ProjectOptions } from './project-options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const imagesStage = (): typeof import('../deploy/images') => require('../deploy/images') as typeof import('../deploy/images');

interface ImagesCliOptions extends ProjectOptions, CompileCliOptions {
  region?: string;
  awsProfile?: string;
}

export function registerImages(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCompileOptions(addProjectOptions(program.command('build [services...]').description('build the images of the services with build: and no image: (docker buildx build, for the platform ECS runs)'))).action(
    async (services: string[], opts: ImagesCliOptions) => {
      const loaded = compileFor(opts, services, io);
      if (!loaded) return setExit(EXIT.invalidInput);
      try {
        const built = await imagesStage().buildImages(loaded.model.projectName, loaded.images, dockerFor(io, loaded.environment), io);
        io.stdout(`Built ${[...built.values()].join(', ')}\n`);
        setExit(EXIT.ok);
      } catch (e) {
        if (!(e instanceof DeployError)) throw e;
        io.stderr(`${formatDiagnostic(e.diagnostic)}\n`);
        setExit(e.exitCode);
      }
    },
  );

  const run = awsRunner(io as DeployCliIO, setExit);
  addCompileOptions(addProjectOptions(program.command('push [services...]').description('build and push the images to their ECR repositories in the deployed stack, tagged by content; prints each digest')))
    .option('--region <region>', 'AWS region (default: AWS_REGION, or the AWS profile\'s region)')
    .option('--aws-profile <name>', 'AWS profile of ~/.aws/config (default: AWS_PROFILE); --profile is the Compose profile')
    .action(async (services: string[], opts: ImagesCliOptions) => {
      const loaded = compileFor(opts, services, io);
      if (!loaded) return setExit(EXIT.invalidInput);
      await run(opts, async (ctx) => {
        const docker = dockerFor(io, loaded.environment);
        await imagesStage().buildImages(loaded.model.projectName, loaded.images, docker, io);
        const pushed = await imagesStage().pushImages(renderStage().stackNameFor(loaded.model.projectName), loaded.images, { cloudformation: ctx.clients.cloudformation, ecr: ctx.clients.ecr, docker, io });
        for (const p of pushed) io.stdout(`${p.service}: ${p.image}  (${p.parameter})\n`);
        return EXIT.ok;
      });
    });
}

/** The project's built images (all, or the services named); undefined after printing why not. */
function compileFor(opts: ImagesCliOptions, services: readonly string[], io: CliIO): { model: AppModel; images: readonly BuiltImageModel[]; environment: Readonly<Record<string, string | undefined>> } | undefined {
  const compiled = compileStage().loadAndCompile(loadOptionsFrom(opts, io), compileOptionsFrom(opts));
  reportDiagnostics(compiled.diagnostics, io, compiled.load.sources);
  if (!compiled.model || !compiled.load.project) return undefined;
  const all = compiled.model.images ?? [];
  const unknown = services.filter((s) => !all.some((i) => i.service === s));
  if (unknown.length > 0) {
    const built = all.map((i) => i.service);
    io.stderr(
      `${formatDiagnostic(
        error(
          DEPLOY_CODES.NOT_A_BUILT_SERVICE,
          `composex does not build ${unknown.map((s) => `'${s}'`).join(', ')}: only services with build: and no image: are built`,
          undefined,
          built.length > 0 ? `the services it builds: ${built.join(', ')}` : 'this project has no service with build: and no image:',
        ),
      )}\n`,
    );
    return undefined;
  }
  const images = services.length > 0 ? all.filter((i) => services.includes(i.service)) : all;
  if (images.length === 0) io.stdout('Nothing to build: no service has build: without image:\n');
  return { model: compiled.model, images, environment: compiled.load.project.environment };
}
