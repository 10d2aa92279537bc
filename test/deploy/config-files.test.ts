/**
 * Deploy stores the content of configuration files (a config's `content:` and a read-only bind
 * mount of one file) in their Secrets Manager secrets, at the client level (aws-sdk-client-mock in
 * FakeCloud): on a first deploy as each secret is created, before the services that read it start;
 * on an update before the change set executes, so the tasks it starts read the new content;
 * idempotent (an equal value is not put again); never printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { projectDir } from '../helpers/project-dir';
import { FakeCloud } from './fake-aws';
import { creationPlan, renderFor, runAws } from './helpers';

const NGINX = 'events {} # n9inx-BODY-1\n';
const COMPOSE = [
  'name: site',
  'services:',
  '  web:',
  '    image: public.ecr.aws/nginx/nginx:1.27',
  '    volumes:',
  '      - ./nginx.conf:/etc/nginx-config/nginx.conf:ro',
  '    configs:',
  '      - {source: motd, target: /etc/motd.d/motd}',
  'configs:',
  '  motd:',
  '    content: "m0td-BODY-2"',
  '',
].join('\n');
const ARGS = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes'];
const ARN_FILE = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SecretFileNginxConf-AbCdEf';
const ARN_MOTD = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SecretConfigMotd-AbCdEf';

const familyUpdate = {
  changes: [{ Action: 'Modify' as const, LogicalResourceId: 'FamilyWebStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' as const }],
  nested: { FamilyWebStack: [{ Action: 'Modify' as const, LogicalResourceId: 'Service', ResourceType: 'AWS::ECS::Service', Replacement: 'False' as const }] },
};

async function deployed() {
  const dir = projectDir({ 'compose.yaml': COMPOSE, 'nginx.conf': NGINX });
  const files = renderFor(dir);
  const cloud = new FakeCloud();
  cloud.nextChangeSet = creationPlan(files);
  cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
  const first = await runAws(cloud, ARGS, dir);
  return { dir, files, cloud, first };
}

describe('configuration files at deploy', () => {
  test('first deploy: each content is put once its secret exists, before the deploy ends; never printed or uploaded', async () => {
    const { dir, cloud, first } = await deployed();
    expect(first.code).toBe(0);
    expect(cloud.smMock.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: ARN_MOTD, SecretString: 'm0td-BODY-2' },
      { SecretId: ARN_FILE, SecretString: NGINX },
    ]);
    expect(first.stdout).toContain('Secret config:motd: value set from its content in the compose file\n');
    expect(first.stdout).toContain(`Secret file:./nginx.conf: value set from file ${path.join(dir, 'nginx.conf')}\n`);
    for (const text of [first.stdout, first.stderr, ...cloud.objects.values()]) {
      expect(String(text)).not.toContain('BODY');
    }
  });

  test('update: a changed file is put before the change set executes; an unchanged one is not put again', async () => {
    const { dir, files, cloud } = await deployed();
    cloud.smMock.resetHistory();
    cloud.cfn.resetHistory();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'events {} # n9inx-BODY-3\n');
    cloud.nextChangeSet = familyUpdate;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, ARGS, dir);
    expect(r.code).toBe(0);
    const puts = cloud.smMock.commandCalls(PutSecretValueCommand);
    expect(puts.map((c) => c.args[0].input)).toEqual([{ SecretId: ARN_FILE, SecretString: 'events {} # n9inx-BODY-3\n' }]);
    expect(r.stdout).toContain('Secret config:motd: value unchanged\n');
    const execute = cloud.cfn.commandCalls(ExecuteChangeSetCommand)[0];
    // sinon numbers every call across the mocked clients
    expect(puts[0].calledBefore(execute)).toBe(true);
    expect(r.stdout.indexOf("Secret file:./nginx.conf: value set")).toBeLessThan(r.stdout.indexOf("Deploying stack"));
    expect(r.stdout + r.stderr).not.toContain('BODY');
  });

  test('no template change: the new content is put, and the output says running tasks keep the old files', async () => {
    const { dir, cloud } = await deployed();
    cloud.smMock.resetHistory();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'events {} # n9inx-BODY-4\n');
    cloud.nextChangeSet = { changes: [], failReason: "The submitted information didn't contain changes." };
    const r = await runAws(cloud, ARGS, dir);
    expect(r.code).toBe(0);
    expect(cloud.smMock.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(r.stdout).toContain('--force-new-deployment');
    // again: nothing changed, nothing put, no note
    cloud.smMock.resetHistory();
    const again = await runAws(cloud, ARGS, dir);
    expect(cloud.smMock.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(again.stdout).not.toContain('--force-new-deployment');
  });
});
