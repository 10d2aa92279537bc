/**
 * InterpolateWithDigest through `composex lookup`: the digest of a private ECR image from ECR's
 * DescribeImages (mocked with aws-sdk-client-mock), of any other image from the registry through
 * the user's docker (the fake docker on PATH); the lock holds `<name>@sha256:…`, and render names
 * it in the task definition. A tag the registry does not have is CX6102 at the key, no lock written.
 * `plan` without a lock looks the digest up first, as for every Lookup.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../src/cli/main';
import { testCacheDir } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';
import { awsError, FakeCloud } from './fake-aws';
import { fakeDocker, runAws } from './helpers';

const ecr = mockClient(ECRClient);
const ECR_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api';
const DIGEST = `sha256:${'b'.repeat(64)}`;
const COMPOSE = `name: shop
services:
  api:
    image: ${ECR_IMAGE}:1.2
    x-ecr: {InterpolateWithDigest: true}
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    x-docker_opts: {InterpolateWithDigest: true}
`;

async function composex(args: string[], cwd: string, docker: { bin: string; log: string }) {
  let stdout = '';
  let stderr = '';
  const env = { HOME: '/home/test', COMPOSEX_CACHE_DIR: testCacheDir(), AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', PATH: `${docker.bin}:${path.dirname(process.execPath)}`, FAKE_DOCKER_LOG: docker.log };
  const code = await main(['node', 'composex', ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd });
  return { code, stdout, stderr };
}

beforeEach(() => ecr.reset());

test('composex lookup pins both images in the lock; render names them by digest', async () => {
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['1.2'] }] });
  const docker = fakeDocker();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const looked = await composex(['lookup', '--region', 'eu-west-1'], dir, docker);
  expect(looked.stderr).toBe('');
  expect(looked.code).toBe(0);
  expect(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({ registryId: '123456789012', repositoryName: 'shop/api', imageIds: [{ imageTag: '1.2' }] });
  expect(docker.calls().map((c) => c.args)).toEqual([['buildx', 'imagetools', 'inspect', 'public.ecr.aws/nginx/nginx:1.27', '--format', '{{json .Manifest}}']]);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  expect(lock.lookups['services.api.image'].answer).toEqual({ image: `${ECR_IMAGE}@${DIGEST}`, digest: DIGEST });
  const webDigest = lock.lookups['services.web.image'].answer.digest as string;
  expect(webDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(looked.stdout).toContain(`services.api.image: ${ECR_IMAGE}@${DIGEST}`);

  const rendered = await composex(['render', '-q', '--no-validate', '-o', 'out'], dir, docker);
  expect(rendered.code).toBe(0);
  const templates = fs.readdirSync(path.join(dir, 'out')).map((f) => fs.readFileSync(path.join(dir, 'out', f), 'utf8')).join('\n');
  expect(templates).toContain(`"Image": "${ECR_IMAGE}@${DIGEST}"`);
  expect(templates).toContain(`"Image": "public.ecr.aws/nginx/nginx@${webDigest}"`);
  expect(templates).not.toContain(':1.2"');
});

test('a tag ECR or the registry does not have: CX6102 at InterpolateWithDigest for each, no lock written', async () => {
  ecr.on(DescribeImagesCommand).rejects(awsError('ImageNotFoundException', "The image with imageId {imageTag:'1.2'} does not exist"));
  const docker = fakeDocker();
  const dir = projectDir({ 'compose.yaml': COMPOSE.replace('nginx/nginx:1.27', 'nginx/missing:1') });
  const r = await composex(['lookup', '--region', 'eu-west-1'], dir, docker);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:5:13: error CX6102: services.api.image: ECR repository shop/api of account 123456789012 has no image tagged 1.2');
  expect(r.stderr).toContain('compose.yaml:8:21: error CX6102: services.web.image: the registry does not give the digest of public.ecr.aws/nginx/missing:1');
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});

test('plan without a lock pins the image through docker first, and plans the task definition by digest', async () => {
  const docker = fakeDocker();
  const dir = projectDir({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    x-docker_opts: {InterpolateWithDigest: true}\n' });
  const cloud = new FakeCloud();
  const env = { HOME: '/home/test', AWS_REGION: 'eu-west-1', PATH: `${docker.bin}:${path.dirname(process.execPath)}`, FAKE_DOCKER_LOG: docker.log };
  const r = await runAws(cloud, ['plan', '--region', 'eu-west-1', '--no-validate'], dir, { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Looking up existing infrastructure (composex.lock.json is missing): 1 lookup');
  expect(r.stdout).toMatch(/\+ services\.web\.image: public\.ecr\.aws\/nginx\/nginx@sha256:[0-9a-f]{64}\n/);
  expect([...cloud.objects.values()].join('\n')).toMatch(/"Image": ?"public\.ecr\.aws\/nginx\/nginx@sha256:[0-9a-f]{64}"/);
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});
