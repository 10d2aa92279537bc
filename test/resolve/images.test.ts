import { isDockerHubImage, registryHost } from '../../src/resolve/images';
import { pos, resolve } from './fixtures';

describe('Docker Hub images', () => {
  test.each<[string, boolean]>([
    ['postgres:16', true],
    ['bitnami/redis:7', true],
    ['docker.io/library/nginx:1.27', true],
    ['registry-1.docker.io/acme/app', true],
    ['index.docker.io/acme/app@sha256:abc', true],
    ['public.ecr.aws/docker/library/postgres:16', false],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-api:1', false],
    ['ghcr.io/acme/worker:2', false],
    ['localhost:5000/app', false],
    ['localhost/app', false],
  ])('%s comes from Docker Hub: %s', (image, hub) => {
    expect(isDockerHubImage(image)).toBe(hub);
  });

  test('registryHost', () => {
    expect([registryHost('nginx'), registryHost('acme/app'), registryHost('Registry.Example.com:443/a/b')]).toEqual([undefined, undefined, 'registry.example.com:443']);
  });

  test('one warning per project, at the first image pulled anonymously, naming them', () => {
    const yaml = `
      services:
        api: {image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1"}
        cache: {image: "redis:7"}
        db: {image: "postgres:16"}
        private: {image: "acme/private:1", x-aws-pull_credentials: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf"}
    `;
    const warnings = resolve(yaml, { keepDockerHubWarning: true }).diagnostics.filter((d) => d.code === 'CX3701');
    expect(warnings).toEqual([
      {
        severity: 'warning',
        code: 'CX3701',
        message:
          '2 images are pulled from Docker Hub without credentials: redis:7 (\'cache\'), postgres:16 (\'db\'). Docker Hub limits anonymous pulls per IP address, and every task pulls through the same NAT gateway address, so deployments and scale-outs can fail with "toomanyrequests"',
        ...pos(yaml, '"redis:7"'),
        hint: 'use the image from Amazon ECR Public (official images are at public.ecr.aws/docker/library/<name>), an ECR pull-through cache rule for Docker Hub, or a copy in your own ECR repository; or give the service x-aws-pull_credentials: <ARN of a Secrets Manager secret with a Docker Hub username and access token>',
      },
    ]);
  });

  test('no warning when every image has a registry or credentials', () => {
    const yaml = `
      services:
        web: {image: "public.ecr.aws/nginx/nginx:1.27"}
        app: {image: "acme/app:1", x-aws-pull_credentials: hub}
      secrets: {hub: {x-secrets: {Name: dockerhub}}}
    `;
    expect(resolve(yaml, { keepDockerHubWarning: true }).diagnostics).toEqual([]);
  });
});

describe('x-aws-pull_credentials', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf';

  test('an ARN, or a top-level secret (which the family may read but does not inject)', () => {
    const { model, diagnostics } = resolve(`
      services:
        a: {image: "registry.example.com/a:1", x-aws-pull_credentials: "${arn}"}
        b: {image: "registry.example.com/b:1", x-aws-pull_credentials: registry}
      secrets: {registry: {x-secrets: {Name: prod/registry, KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k-1"}}}
    `);
    expect(diagnostics).toEqual([]);
    const containers = Object.fromEntries(model!.families.map((f) => [f.name, f.containers[0]]));
    expect(containers.a.repositoryCredentials).toBe(arn);
    expect(containers.b.repositoryCredentials).toBe('registry');
    expect(containers.b.secrets).toEqual([]);
    expect(model!.families.map((f) => [f.name, f.secrets])).toEqual([
      ['a', []],
      ['b', ['registry']],
    ]);
    expect(model!.secrets.map((s) => [s.name, s.kmsKeyArn])).toEqual([['registry', 'arn:aws:kms:eu-west-1:123456789012:key/k-1']]);
  });

  test('neither an ARN nor a secret: an error with "did you mean"', () => {
    const yaml = `
      services:
        a: {image: "registry.example.com/a:1", x-aws-pull_credentials: registy}
      secrets: {registry: {x-secrets: {Name: prod/registry}}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3702',
        message: "x-aws-pull_credentials of 'a' is 'registy': neither the ARN of a Secrets Manager secret nor a top-level secret",
        ...pos(yaml, 'registy}'),
        hint: "did you mean 'registry'?",
      },
    ]);
  });
});
