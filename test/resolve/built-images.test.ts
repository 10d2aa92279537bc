/**
 * `build:` in the model: what composex builds (the build inputs `docker buildx build` is given,
 * the platform ECS runs), the repository and parameter names, and the findings (CX3540-CX3542),
 * located in the compose file.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { projectDir, yaml } from '../helpers/project-dir';

function compile(compose: string, env: Record<string, string> = {}) {
  const dir = projectDir({ 'compose.yaml': compose, 'api/Dockerfile': 'FROM scratch\n', 'build.key': 'k' });
  const result = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: { HOME: '/home/test', ...env } });
  const located = result.diagnostics.map((d) => ({ severity: d.severity, code: d.code, at: `${path.basename(d.file ?? '')}:${d.line}:${d.column}`, message: d.message, hint: d.hint }));
  return { dir, model: result.model, diagnostics: located };
}

describe('the build inputs', () => {
  test('every honoured key, paths made absolute, args sorted (a bare name comes from the environment)', () => {
    const { dir, model, diagnostics } = compile(yaml`
      name: shop
      services:
        api:
          build:
            context: ./api
            dockerfile: docker/Dockerfile.prod
            args: [ZETA=1, ALPHA]
            target: runtime
            secrets: [npmrc, { source: token, target: api_token }]
            ssh: [default]
            cache_from: ["type=registry,ref=example/cache"]
            cache_to: [type=inline]
            labels: { team: web }
            additional_contexts: { shared: ./shared }
            network: host
            no_cache: true
            pull: true
      secrets:
        npmrc: { file: ./build.key }
        token: { environment: API_TOKEN }
    `);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.images).toEqual([
      {
        service: 'api',
        repositoryLogicalId: 'RepositoryApi',
        parameter: 'ApiImage',
        build: {
          context: path.join(dir, 'api'),
          dockerfile: 'docker/Dockerfile.prod',
          args: [{ name: 'ALPHA' }, { name: 'ZETA', value: '1' }],
          target: 'runtime',
          platforms: ['linux/amd64'],
          secrets: [
            { id: 'api_token', environment: 'API_TOKEN' },
            { id: 'npmrc', file: path.join(dir, 'build.key') },
          ],
          ssh: ['default'],
          cacheFrom: ['type=registry,ref=example/cache'],
          cacheTo: ['type=inline'],
          labels: { team: 'web' },
          additionalContexts: { shared: path.join(dir, 'shared') },
          network: 'host',
          noCache: true,
          pull: true,
        },
      },
    ]);
    const container = model!.families[0].containers[0];
    expect(container.built).toEqual({ parameter: 'ApiImage', repository: 'RepositoryApi' });
    expect(container.image).toBe('');
  });

  test('the platform built is the one ECS runs: the service platform, else linux/amd64 (not the machine\'s)', () => {
    const { model } = compile(yaml`
      services:
        api: { build: ./api }
        arm: { build: ./api, platform: linux/arm64 }
        both: { build: { context: ./api, platforms: [linux/arm64, linux/amd64] }, platform: linux/arm64 }
    `);
    expect(model!.images!.map((i) => [i.service, i.build.platforms])).toEqual([
      ['api', ['linux/amd64']],
      ['arm', ['linux/arm64']],
      ['both', ['linux/arm64', 'linux/amd64']],
    ]);
  });

  test('logical ids follow the service names and stay unique (my-api and my_api)', () => {
    const { model } = compile(yaml`
      services:
        my-api: { build: ./api }
        my_api: { build: ./api }
    `);
    expect(model!.images!.map((i) => [i.service, i.repositoryLogicalId, i.parameter])).toEqual([
      ['my-api', 'RepositoryMyApi', 'MyApiImage'],
      ['my_api', `RepositoryMyApi${model!.images![1].parameter.slice(5, 13)}`, model!.images![1].parameter],
    ]);
    expect(model!.images![1].parameter).toMatch(/^MyApi[0-9A-F]{8}Image$/);
  });
});

describe('findings', () => {
  test('build and image: the image runs as named, one warning at build (CX3540), nothing built', () => {
    const { model, diagnostics } = compile(yaml`
      services:
        api:
          image: example.com/acme/api:1
          build: ./api
    `);
    expect(model!.images).toBeUndefined();
    expect(model!.families[0].containers[0].image).toBe('example.com/acme/api:1');
    expect(diagnostics.filter((d) => d.code === 'CX3540')).toEqual([
      {
        severity: 'warning',
        code: 'CX3540',
        at: 'compose.yaml:4:5',
        message: "service 'api' has both build and image: composex runs example.com/acme/api:1 as named and does not build it",
        hint: expect.stringContaining('remove image:'),
      },
    ]);
  });

  test('build.platforms without the platform ECS runs the service on (CX3541)', () => {
    const { model, diagnostics } = compile(yaml`
      services:
        api:
          build:
            context: ./api
            platforms: [linux/arm64]
    `);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'CX3541',
        at: 'compose.yaml:5:18',
        message: expect.stringContaining("service 'api' runs on linux/amd64"),
        hint: 'add linux/amd64 to build.platforms, or set the service\'s platform: (or x-ecs.CpuArchitecture) to one of the platforms built',
      },
    ]);
  });

  test('a build secret without a file or environment source (CX3542), at the secret', () => {
    const { diagnostics } = compile(yaml`
      services:
        api:
          build: { context: ./api, secrets: [remote] }
      secrets:
        remote: { external: true }
    `);
    expect(diagnostics.filter((d) => d.code === 'CX3542')).toEqual([
      { severity: 'error', code: 'CX3542', at: 'compose.yaml:5:3', message: expect.stringContaining("build secret 'remote' of service 'api'"), hint: "give secret 'remote' a file: or environment: source" },
    ]);
  });

  test('build sub-keys composex does not pass to docker are warned about (CX1302), not dropped silently', () => {
    const { diagnostics } = compile(yaml`
      services:
        api:
          build: { context: ./api, tags: [extra:1], shm_size: 1g }
    `);
    expect(diagnostics.filter((d) => d.code === 'CX1302').map((d) => d.at)).toHaveLength(2);
  });
});
