/**
 * Images composex builds, at the process boundary: no Docker daemon can run on the test machine
 * (only a docker client without buildx is installed, and no registry is reachable), so a fake
 * `docker` on PATH (fake-docker/docker) records every argv and stdin and answers as docker would,
 * and ECR is aws-sdk-client-mock (FakeCloud.ecrMock). What is asserted: the buildx command line
 * (every honoured build key), the content tag, the password on stdin only, the repositories added
 * to the stack before anything runs their images, and the exact pushed digest deployed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { buildxArgs } from '../../src/deploy/images/buildx';
import { contentTag } from '../../src/aws/content-tag';
import type { ImageBuild } from '../../src/resolve/model';
import { projectDir, yaml } from '../helpers/project-dir';
import { awsError, FakeCloud, type FakeStack } from './fake-aws';
import { creationPlan, fakeDocker, renderFor, runAws } from './helpers';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const PASSWORD = 'ecr-pa55word-zq81';
const REPOSITORY = 'shop-repositoryapi-1a2b3c4d';

const COMPOSE = yaml`
  name: shop
  services:
    api:
      build:
        context: ./api
        args: { VERSION: "1.2" }
        target: runtime
        secrets: [npmrc]
      ports: ["80:8080"]
    cache:
      image: public.ecr.aws/docker/library/redis:7.4
  secrets:
    npmrc: { file: ./npmrc }
`;

function project(compose = COMPOSE): string {
  return projectDir({ 'compose.yaml': compose, 'api/Dockerfile': 'FROM scratch\nCOPY app.txt /\n', 'api/app.txt': 'v1\n', 'npmrc': 'token=npm-s3cret\n' });
}

function env(docker: { bin: string; log: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: '/home/test', PATH: `${docker.bin}:${path.dirname(process.execPath)}`, FAKE_DOCKER_LOG: docker.log, ...extra };
}

/** ECR answers: a login token for AWS:<PASSWORD>; images by tag from `present`. */
function ecr(cloud: FakeCloud, present: Map<string, string> = new Map()): void {
  cloud.ecrMock.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [{ authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'), proxyEndpoint: `https://${REGISTRY}` }],
  });
  cloud.ecrMock.on(DescribeImagesCommand).callsFake((input: { imageIds: { imageTag: string }[] }) => {
    const digest = present.get(input.imageIds[0].imageTag);
    if (!digest) throw awsError('ImageNotFoundException', 'The image requested does not exist');
    return { imageDetails: [{ imageDigest: digest }] };
  });
}

/** Executing a change set: the repositories step's root resources appear; the project's via applyTemplates. */
function onExecute(cloud: FakeCloud, dir: string): void {
  const files = renderFor(dir);
  cloud.onExecute = (cs) => {
    const root = cloud.stacks.get(cs.stackId)!;
    const template = JSON.parse(String(cs.input.TemplateBody)) as { Description?: string; Parameters?: Record<string, unknown>; Resources: Record<string, { Type: string }> };
    // the project's template takes the image; the repositories step's does not
    const full = 'ApiImage' in (template.Parameters ?? {});
    if (full) return cloud.applyTemplates(files, root.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE', root);
    return [() => repositoriesCreated(cloud, root, template.Description, template.Resources)];
  };
}

function repositoriesCreated(cloud: FakeCloud, root: FakeStack, description: string | undefined, resources: Record<string, { Type: string }>): void {
  const kind = root.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  root.description = description;
  cloud.selfEvent(root, `${kind}_IN_PROGRESS`, 'User Initiated');
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::ECR::Repository') cloud.event(root, id, r.Type, 'CREATE_COMPLETE', { physicalId: REPOSITORY });
  }
  cloud.selfEvent(root, `${kind}_COMPLETE`);
}

const DEPLOY = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes'];

describe('the docker buildx build command line', () => {
  const build: ImageBuild = {
    context: '/src/api',
    dockerfile: 'docker/Dockerfile',
    args: [{ name: 'HTTP_PROXY' }, { name: 'VERSION', value: '1.2' }],
    target: 'runtime',
    platforms: ['linux/arm64'],
    secrets: [{ id: 'npmrc', file: '/src/npmrc' }, { id: 'token', environment: 'API_TOKEN' }],
    ssh: ['default'],
    cacheFrom: ['type=registry,ref=example/cache'],
    cacheTo: ['type=inline'],
    labels: { team: 'web' },
    additionalContexts: { shared: '/src/shared' },
    network: 'host',
    noCache: true,
    pull: true,
  };

  test('every honoured key, secrets by file or variable name only', () => {
    expect(buildxArgs(build, { tags: [`${REGISTRY}/r:t`], push: true, load: false, metadataFile: '/tmp/m.json' })).toEqual([
      'buildx', 'build',
      '--file', '/src/api/docker/Dockerfile',
      '--build-arg', 'HTTP_PROXY',
      '--build-arg', 'VERSION=1.2',
      '--target', 'runtime',
      '--platform', 'linux/arm64',
      '--secret', 'id=npmrc,src=/src/npmrc',
      '--secret', 'id=token,env=API_TOKEN',
      '--ssh', 'default',
      '--cache-from', 'type=registry,ref=example/cache',
      '--cache-to', 'type=inline',
      '--label', 'team=web',
      '--build-context', 'shared=/src/shared',
      '--network', 'host',
      '--no-cache',
      '--pull',
      '--tag', `${REGISTRY}/r:t`,
      '--push',
      '--metadata-file', '/tmp/m.json',
      '/src/api',
    ]);
  });

  test('an inline Dockerfile is read from stdin; several platforms are not loaded', () => {
    const inline: ImageBuild = { ...build, dockerfile: undefined, dockerfileInline: 'FROM scratch', platforms: ['linux/amd64', 'linux/arm64'] };
    const args = buildxArgs(inline, { tags: ['x:y'], push: false, load: false });
    expect(args.slice(2, 4)).toEqual(['--file', '-']);
    expect(args).toContain('linux/amd64,linux/arm64');
    expect(args).not.toContain('--load');
  });
});

describe('the content tag', () => {
  const base = (dir: string): ImageBuild => ({ context: dir, args: [], platforms: ['linux/amd64'], secrets: [], ssh: [], cacheFrom: [], cacheTo: [], labels: {}, additionalContexts: {}, noCache: false, pull: false });

  test('the same inputs give the same tag; a file, an arg or the Dockerfile changes it; an ignored file does not', () => {
    const dir = projectDir({ Dockerfile: 'FROM scratch\n', 'app.txt': 'v1', '.dockerignore': '# local\nnotes.md\n', 'notes.md': 'a' });
    const tag = contentTag(base(dir));
    expect(tag).toMatch(/^src-[0-9a-f]{32}$/);
    expect(contentTag(base(dir))).toBe(tag);
    fs.writeFileSync(path.join(dir, 'notes.md'), 'b');
    expect(contentTag(base(dir))).toBe(tag);
    expect(contentTag({ ...base(dir), args: [{ name: 'V', value: '2' }] })).not.toBe(tag);
    fs.writeFileSync(path.join(dir, 'app.txt'), 'v2');
    const changed = contentTag(base(dir));
    expect(changed).not.toBe(tag);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nUSER 1000\n');
    expect(contentTag(base(dir))).not.toBe(changed);
  });

  test('build secret values are not part of it', () => {
    const dir = projectDir({ Dockerfile: 'FROM scratch\n', secret: 'one' });
    const withSecret = { ...base(dir), secrets: [{ id: 's', file: path.join(dir, '..', 'elsewhere') }] };
    expect(contentTag(withSecret)).toBe(contentTag({ ...withSecret, secrets: [{ id: 's', environment: 'OTHER' }] }));
  });
});

describe('composex build', () => {
  test('runs docker buildx build for the platform ECS runs, loaded under a content tag', async () => {
    const dir = project();
    const docker = fakeDocker();
    const r = await runAws(new FakeCloud(), ['build'], dir, { env: env(docker) });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    const [call] = docker.calls();
    expect(call.args).toEqual([
      'buildx', 'build',
      '--build-arg', 'VERSION=1.2',
      '--target', 'runtime',
      '--platform', 'linux/amd64',
      '--secret', `id=npmrc,src=${path.join(dir, 'npmrc')}`,
      '--tag', expect.stringMatching(/^shop-api:src-[0-9a-f]{32}$/),
      '--load',
      path.join(dir, 'api'),
    ]);
    expect(JSON.stringify(docker.calls())).not.toContain('npm-s3cret');
    expect(r.stdout).toContain('Building api for linux/amd64');
    // docker's own output is shown
    expect(r.stderr).toContain('#1 [internal] load build definition from Dockerfile');
  });

  test('no docker on PATH: CX6090 with how to get it, exit 1', async () => {
    const dir = project();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-nodocker-'));
    const r = await runAws(new FakeCloud(), ['build'], dir, { env: { HOME: '/home/test', PATH: empty } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CX6090');
    expect(r.stderr).toContain('docker was not found on PATH');
    expect(r.stderr).toContain('docker buildx version');
  });

  test('a failing build: docker output shown, CX6091 with its end, exit 1', async () => {
    const dir = project();
    const docker = fakeDocker();
    const r = await runAws(new FakeCloud(), ['build'], dir, { env: env(docker, { FAKE_DOCKER_FAIL: 'buildx build' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('#5 [2/4] RUN make');
    expect(r.stderr).toContain('CX6091');
    expect(r.stderr).toContain("building the image of service 'api' failed (docker exited with 1)");
    expect(r.stderr).toContain('did not complete successfully');
  });

  test('a service composex does not build: CX6095 naming the ones it builds', async () => {
    const docker = fakeDocker();
    const r = await runAws(new FakeCloud(), ['build', 'cache'], project(), { env: env(docker) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CX6095');
    expect(r.stderr).toContain('the services it builds: api');
    expect(docker.calls()).toEqual([]);
  });
});

describe('composex deploy of a project with a built image', () => {
  test('a new stack: the repository alone first, then build, login (password on stdin), push, and the pushed digest deployed', async () => {
    const dir = project();
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    ecr(cloud);
    cloud.nextChangeSet = creationPlan(renderFor(dir));
    onExecute(cloud, dir);
    const r = await runAws(cloud, DEPLOY, dir, { env: env(docker) });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);

    // two change sets: the repository alone, then the project with the digest
    const changeSets = cloud.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
    expect(changeSets.map((c) => c.ChangeSetType)).toEqual(['CREATE', 'UPDATE']);
    const first = JSON.parse(changeSets[0].TemplateBody!);
    expect(Object.keys(first.Resources)).toEqual(['RepositoryApi']);
    expect(first.Description).toBe(renderFor(dir)[0].template.Description);
    expect(changeSets[0].Parameters).toEqual([]);

    const calls = docker.calls();
    expect(calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['buildx build', 'login --username', 'buildx build']);
    const login = calls[1];
    expect(login.args).toEqual(['login', '--username', 'AWS', '--password-stdin', `https://${REGISTRY}`]);
    expect(login.stdin).toBe(PASSWORD);
    expect(JSON.stringify(calls.map((c) => c.args))).not.toContain(PASSWORD);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);

    const push = calls[2].args;
    const tag = push[push.indexOf('--tag') + 1];
    expect(tag).toMatch(new RegExp(`^${REGISTRY}/${REPOSITORY}:src-[0-9a-f]{32}$`));
    expect(push).toContain('--push');
    const parameters = changeSets[1].Parameters!;
    const image = parameters.find((p) => p.ParameterKey === 'ApiImage')!.ParameterValue!;
    expect(image).toMatch(new RegExp(`^${REGISTRY}/${REPOSITORY}@sha256:[0-9a-f]{64}$`));
    expect(r.stdout).toContain(`api: ${image}`);
    expect(r.stdout).toContain('Step 1 of 2: adding the ECR repository of api to stack shop');
  });

  test('the image is in the repository already (same inputs): no push, its digest deployed, no repository step', async () => {
    const dir = project();
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    const root = cloud.addStack('shop', 'CREATE_COMPLETE', { description: renderFor(dir)[0].template.Description as string, template: '{}' });
    cloud.event(root, 'RepositoryApi', 'AWS::ECR::Repository', 'CREATE_COMPLETE', { physicalId: REPOSITORY });
    root.parameters = [{ ParameterKey: 'ApiImage', ParameterValue: 'old' }];
    const digest = `sha256:${'a'.repeat(64)}`;
    // the tag deploy computes: found by the build step's local tag
    const build = await runAws(new FakeCloud(), ['build'], dir, { env: env(fakeDocker()) });
    const tag = /shop-api:(src-[0-9a-f]{32})/.exec(build.stdout)![1];
    ecr(cloud, new Map([[tag, digest]]));
    cloud.nextChangeSet = creationPlan(renderFor(dir));
    onExecute(cloud, dir);
    const r = await runAws(cloud, DEPLOY, dir, { env: env(docker) });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    expect(docker.calls().map((c) => c.args[0])).toEqual(['buildx', 'login']);
    const changeSets = cloud.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
    expect(changeSets).toHaveLength(1);
    expect(changeSets[0].Parameters!.find((p) => p.ParameterKey === 'ApiImage')!.ParameterValue).toBe(`${REGISTRY}/${REPOSITORY}@${digest}`);
    expect(r.stdout).toContain('is in the repository already');
  });

  test('an existing stack gaining a built service: its deployed template plus the repository first (previous parameters kept), then the update', async () => {
    const dir = project();
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    const deployed = {
      Description: renderFor(dir)[0].template.Description,
      Parameters: { Stage: { Type: 'String' } },
      Resources: { FamilyCacheStack: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://b.s3.amazonaws.com/cache.json' } } },
    };
    const root = cloud.addStack('shop', 'UPDATE_COMPLETE', { description: deployed.Description as string, template: JSON.stringify(deployed) });
    root.parameters = [{ ParameterKey: 'Stage', ParameterValue: 'prod' }];
    ecr(cloud);
    cloud.nextChangeSet = creationPlan(renderFor(dir));
    onExecute(cloud, dir);
    const r = await runAws(cloud, DEPLOY, dir, { env: env(docker) });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    const changeSets = cloud.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input);
    expect(changeSets.map((c) => c.ChangeSetType)).toEqual(['UPDATE', 'UPDATE']);
    const first = JSON.parse(changeSets[0].TemplateBody!);
    expect(first).toEqual({ ...deployed, Resources: { ...deployed.Resources, RepositoryApi: renderFor(dir)[0].template.Resources!.RepositoryApi } });
    expect(changeSets[0].Parameters).toEqual([{ ParameterKey: 'Stage', UsePreviousValue: true }]);
  });

  test('a failing build deploys nothing: no AWS call at all', async () => {
    const dir = project();
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    ecr(cloud);
    const r = await runAws(cloud, DEPLOY, dir, { env: env(docker, { FAKE_DOCKER_FAIL: 'buildx build' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CX6091');
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toEqual([]);
    expect(cloud.ecrMock.calls()).toEqual([]);
  });
});

describe('composex push', () => {
  test('before the first deploy: CX6092, pointing at composex deploy; nothing pushed', async () => {
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    ecr(cloud);
    const r = await runAws(cloud, ['push', '--region', 'eu-west-1'], project(), { env: env(docker) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CX6092');
    expect(r.stderr).toContain("stack shop has no ECR repository for 'api' (RepositoryApi) yet");
    expect(r.stderr).toContain('composex deploy');
    expect(docker.calls().map((c) => c.args[0])).toEqual(['buildx']);
  });

  test('with the repository in the stack: pushed by content tag, the digest printed', async () => {
    const dir = project();
    const docker = fakeDocker();
    const cloud = new FakeCloud();
    const root = cloud.addStack('shop', 'CREATE_COMPLETE', { description: renderFor(dir)[0].template.Description as string });
    cloud.event(root, 'RepositoryApi', 'AWS::ECR::Repository', 'CREATE_COMPLETE', { physicalId: REPOSITORY });
    ecr(cloud);
    const r = await runAws(cloud, ['push', '--region', 'eu-west-1'], dir, { env: env(docker) });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`api: ${REGISTRY}/${REPOSITORY}@sha256:[0-9a-f]{64}  \\(ApiImage\\)`));
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toEqual([]);
  });
});
