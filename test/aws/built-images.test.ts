/**
 * Images composex builds, read from the rendered templates: a service with `build:` and no image
 * gets an ECR repository in the root stack (immutable tags, scan on push, encryption, lifecycle,
 * Retain) and a root parameter `<Service>Image` passed down to its family stack, whose execution
 * role may pull from exactly that repository. A project without `build:` renders as before.
 */
import { validateTemplates } from '../../src/render/validate';
import type { RenderResult, Template } from '../../src/render/render';
import { KEPT_IMAGES } from '../../src/aws/repositories';
import { contentTag } from '../../src/aws/content-tag';
import { loadAndCompile } from '../../src/compile';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

const COMPOSE = yaml`
  name: shop
  services:
    api:
      build:
        context: ./api
        args: { VERSION: "1" }
      ports: ["8080:8080"]
    worker:
      build: ./worker
      platform: linux/arm64
    cache:
      image: public.ecr.aws/docker/library/redis:7
`;

function render(compose = COMPOSE): RenderResult & { warnings: string[] } {
  const dir = projectDir({ 'compose.yaml': compose, 'api/Dockerfile': 'FROM scratch\n', 'worker/Dockerfile': 'FROM scratch\n' });
  return renderProject({ cwd: dir, files: ['compose.yaml'] });
}

function template(result: RenderResult, path: string): Template {
  const file = result.files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${result.files.map((f) => f.path).join(', ')}`);
  return file.template;
}

function executionStatements(result: RenderResult, family: string): Statement[] {
  const role = template(result, `${family}.json`).Resources!.ExecutionRole;
  const policies = role.Properties!.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

const result = render();
const root = template(result, result.manifest.root);

describe('a service with build: and no image', () => {
  test('gets one ECR repository in the root stack, with immutable tags, scan on push, encryption, a lifecycle policy and Retain', () => {
    const repositories = resourcesOf(result, 'AWS::ECR::Repository');
    expect(repositories.map((r) => [r.file, r.id])).toEqual([
      [result.manifest.root, 'RepositoryApi'],
      [result.manifest.root, 'RepositoryWorker'],
    ]);
    for (const { resource } of repositories) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
      const p = resource.Properties!;
      expect(p.ImageTagMutability).toBe('IMMUTABLE');
      expect(p.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
      expect(p.EncryptionConfiguration).toEqual({ EncryptionType: 'AES256' });
      expect(p.RepositoryName).toBeUndefined();
      const lifecycle = JSON.parse((p.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText);
      expect(lifecycle.rules).toEqual([
        expect.objectContaining({ selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEPT_IMAGES }, action: { type: 'expire' } }),
      ]);
    }
  });

  test('its image is a root parameter, empty by default: then the content tag of its build inputs in its repository; passed down to its family stack as ContainerDefinition.Image', () => {
    expect(root.Parameters!.ApiImage).toEqual({ Type: 'String', Default: '', Description: expect.stringContaining('service api') });
    expect(root.Parameters!.WorkerImage).toEqual({ Type: 'String', Default: '', Description: expect.stringContaining('service worker') });
    expect((root.Conditions as Record<string, unknown>).ApiImageDefault).toEqual({ 'Fn::Equals': [{ Ref: 'ApiImage' }, ''] });
    const stack = root.Resources!.FamilyApiStack.Properties!.Parameters as Record<string, unknown>;
    expect(stack.ApiImage).toEqual({
      'Fn::If': ['ApiImageDefault', { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['RepositoryApi', 'RepositoryUri'] }, expect.stringMatching(/^:src-[0-9a-f]{32}$/)]] }, { Ref: 'ApiImage' }],
    });
    expect(stack.RepositoryApiArn).toEqual({ 'Fn::GetAtt': ['RepositoryApi', 'Arn'] });
    const api = template(result, 'FamilyApi.json');
    expect(Object.keys(api.Parameters!)).toEqual(expect.arrayContaining(['ApiImage', 'RepositoryApiArn']));
    const task = api.Resources!.TaskDefinition.Properties!.ContainerDefinitions as { Name: string; Image: unknown }[];
    expect(task.find((c) => c.Name === 'api')!.Image).toEqual({ Ref: 'ApiImage' });
    // the other families take neither
    const cache = template(result, 'FamilyCache.json');
    expect(Object.keys(cache.Parameters ?? {}).filter((k) => /Image|Repository/.test(k))).toEqual([]);
    expect((root.Resources!.FamilyCacheStack.Properties!.Parameters as Record<string, unknown>).ApiImage).toBeUndefined();
  });

  test('the execution role pulls from exactly its repository; the login token on "*" as AWS requires', () => {
    const statements = executionStatements(result, 'FamilyApi');
    expect(statements.find((s) => s.Sid === 'PullImages')).toEqual({
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: [{ Ref: 'RepositoryApiArn' }],
    });
    expect(statements.find((s) => s.Sid === 'EcrAuthorizationToken')).toEqual({ Sid: 'EcrAuthorizationToken', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
    // a family with a public image gets no ECR permission at all
    expect(executionStatements(result, 'FamilyCache').map((s) => s.Sid)).not.toContain('PullImages');
  });

  test('the worker runs on ARM64, as its platform says', () => {
    const worker = template(result, 'FamilyWorker.json');
    expect(worker.Resources!.TaskDefinition.Properties!.RuntimePlatform).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' });
  });

  test('every template passes the CloudFormation validator, and build: is not warned about', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings.filter((c) => c === 'CX1302' || c === 'CX3540')).toEqual([]);
  });

  test('logical ids stay put when another built service is added', () => {
    const more = render(`${COMPOSE}  admin:\n    build: ./api\n`);
    const rootMore = template(more, more.manifest.root);
    expect(rootMore.Resources!.RepositoryApi).toEqual(root.Resources!.RepositoryApi);
    expect(rootMore.Parameters!.ApiImage).toEqual(root.Parameters!.ApiImage);
    expect(Object.keys(rootMore.Resources!).filter((k) => k.startsWith('Repository'))).toEqual(['RepositoryAdmin', 'RepositoryApi', 'RepositoryWorker']);
  });
});

describe('the default tag', () => {
  const tagOf = (r: RenderResult, family: string) => {
    const rootOf = template(r, r.manifest.root);
    const value = (rootOf.Resources![`Family${family}Stack`].Properties!.Parameters as Record<string, { 'Fn::If': [string, { 'Fn::Join': [string, unknown[]] }, unknown] }>)[`${family}Image`];
    return value['Fn::If'][1]['Fn::Join'][1][1] as string;
  };
  const files = (dockerfile: string) => ({ 'compose.yaml': COMPOSE, 'api/Dockerfile': dockerfile, 'api/app.py': 'print(1)\n', 'worker/Dockerfile': 'FROM scratch\n' });

  test('is the tag composex push gives the build inputs (contentTag), stable for the same inputs, new when a source changes', () => {
    const first = renderProject({ cwd: projectDir(files('FROM scratch\n')), files: ['compose.yaml'] });
    const again = renderProject({ cwd: projectDir(files('FROM scratch\n')), files: ['compose.yaml'] });
    const changed = renderProject({ cwd: projectDir(files('FROM scratch\nCOPY app.py /\n')), files: ['compose.yaml'] });
    expect(tagOf(first, 'Api')).toBe(tagOf(again, 'Api'));
    expect(tagOf(changed, 'Api')).not.toBe(tagOf(first, 'Api'));
    expect(tagOf(changed, 'Worker')).toBe(tagOf(first, 'Worker'));
  });

  test('equals contentTag of the resolved build', () => {
    const dir = projectDir(files('FROM scratch\n'));
    const compiled = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: { HOME: '/home/test' } });
    const api = compiled.model!.images!.find((i) => i.service === 'api')!;
    const rendered = renderProject({ cwd: dir, files: ['compose.yaml'] });
    expect(tagOf(rendered, 'Api')).toBe(`:${contentTag(api.build)}`);
  });
});

describe('a service with build: and image:', () => {
  test('runs the image as named, with one warning at build (CX3540), and no repository', () => {
    const both = render(yaml`
      name: shop
      services:
        api:
          build: ./api
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.0
    `);
    expect(resourcesOf(both, 'AWS::ECR::Repository')).toEqual([]);
    expect(both.warnings).toContain('CX3540');
    const task = template(both, 'FamilyApi.json').Resources!.TaskDefinition.Properties!.ContainerDefinitions as { Image: unknown }[];
    expect(task[0].Image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.0');
  });
});

describe('a project without build:', () => {
  test('has no repository and no image parameter', () => {
    const plain = render(yaml`
      name: shop
      services:
        cache:
          image: public.ecr.aws/docker/library/redis:7
    `);
    expect(resourcesOf(plain, 'AWS::ECR::Repository')).toEqual([]);
    const rootPlain = template(plain, plain.manifest.root);
    expect(Object.keys(rootPlain.Parameters ?? {}).filter((k) => k.endsWith('Image'))).toEqual([]);
  });
});
