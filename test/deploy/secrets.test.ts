import * as fs from 'fs';
import * as path from 'path';
import { CreateChangeSetCommand, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { projectDir } from '../helpers/project-dir';
import { FakeCloud } from './fake-aws';
import { creationPlan, renderFor, runAws } from './helpers';

const FILE_VALUE = 'file-s3cr3t-VALUE-0451\n';
const ENV_VALUE = 'env-t0ken-VALUE-2112';
const COMPOSE = [
  'name: vault',
  'services:',
  '  api:',
  '    image: public.ecr.aws/nginx/nginx:1.27',
  '    secrets: [api-key, token]',
  'secrets:',
  '  api-key:',
  '    file: ./api-key.txt',
  '  token:',
  '    environment: API_TOKEN',
  '',
].join('\n');
const ARGS = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes'];
const ENV = { HOME: '/home/test', API_TOKEN: ENV_VALUE };

function vault() {
  const dir = projectDir({ 'compose.yaml': COMPOSE, 'api-key.txt': FILE_VALUE });
  const files = renderFor(dir);
  const cloud = new FakeCloud();
  cloud.nextChangeSet = creationPlan(files);
  cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
  return { dir, files, cloud };
}

const ARN_API_KEY = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SecretApiKey-AbCdEf';
const ARN_TOKEN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SecretToken-AbCdEf';

describe('secrets composex creates', () => {
  test('values are put with PutSecretValue as soon as the secrets exist, never printed, never in a template', async () => {
    const { dir, cloud } = vault();
    const r = await runAws(cloud, ARGS, dir, { env: ENV });
    expect(r.code).toBe(0);
    const puts = cloud.smMock.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
    expect(puts).toEqual([
      { SecretId: ARN_API_KEY, SecretString: FILE_VALUE },
      { SecretId: ARN_TOKEN, SecretString: ENV_VALUE },
    ]);
    expect(r.stdout).toContain(`Secret api-key: value set from file ${path.join(dir, 'api-key.txt')}\n`);
    expect(r.stdout).toContain('Secret token: value set from variable API_TOKEN\n');
    // while watching, from the secret's CREATE_COMPLETE event (its ARN), not looked up after the stack settled
    expect(r.stdout.indexOf('Secret api-key: value set')).toBeGreaterThan(r.stdout.indexOf('CREATE_COMPLETE       SecretsStack/SecretApiKey'));
    expect(r.stdout.indexOf('Secret token: value set')).toBeLessThan(r.stdout.indexOf('Deployed stack vault'));
    expect(cloud.cfn.commandCalls(DescribeStackResourceCommand)).toHaveLength(0);
    for (const text of [r.stdout, r.stderr, JSON.stringify(cloud.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input))]) {
      expect(text).not.toContain('s3cr3t');
      expect(text).not.toContain('t0ken');
    }
    for (const body of cloud.objects.values()) expect(body).not.toContain('s3cr3t');
  });

  test('a later deploy with no changes leaves equal values alone and puts changed ones (found through the stack resources)', async () => {
    const { dir, cloud } = vault();
    expect((await runAws(cloud, ARGS, dir, { env: ENV })).code).toBe(0);
    cloud.smMock.resetHistory();
    cloud.nextChangeSet = { changes: [], failReason: "The submitted information didn't contain changes." };
    const same = await runAws(cloud, ARGS, dir, { env: ENV });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no changes');
    expect(same.stdout).toContain('Secret api-key: value unchanged\nSecret token: value unchanged\n');
    expect(cloud.smMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(cloud.smMock.commandCalls(PutSecretValueCommand)).toHaveLength(0);

    fs.writeFileSync(path.join(dir, 'api-key.txt'), 'rotated-s3cr3t');
    cloud.cfn.resetHistory();
    const changed = await runAws(cloud, ARGS, dir, { env: ENV });
    expect(changed.code).toBe(0);
    expect(cloud.smMock.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: ARN_API_KEY, SecretString: 'rotated-s3cr3t' }]);
    expect(cloud.cfn.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input.LogicalResourceId)).toEqual([
      'SecretsStack',
      'SecretApiKey',
      'SecretsStack',
      'SecretToken',
    ]);
    expect(changed.stdout + changed.stderr).not.toContain('s3cr3t');
  });

  test('a value that cannot be read stops the deploy before anything changes (exit 1)', async () => {
    const { dir, cloud } = vault();
    fs.rmSync(path.join(dir, 'api-key.txt'));
    const r = await runAws(cloud, ARGS, dir, { env: { HOME: '/home/test' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error CX6060: the value of 2 secrets cannot be read: secret 'api-key': cannot read ${path.join(dir, 'api-key.txt')} (ENOENT); secret 'token': variable API_TOKEN is not set`,
    );
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  test('plan does not need or touch the values', async () => {
    const { dir, cloud } = vault();
    const r = await runAws(cloud, ['plan', '--region', 'eu-west-1', '--no-validate'], dir, { env: { HOME: '/home/test' } });
    expect(r.code).toBe(0);
    expect(cloud.smMock.calls()).toHaveLength(0);
  });
});
