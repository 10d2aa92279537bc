/**
 * `composex deploy` / `plan` with x-elbv2 OIDC client secrets written in the compose file: each is
 * passed as its NoEcho root parameter at every deploy (the file's current value, never
 * UsePreviousValue; `--parameters` wins), and never shows up in anything composex prints or sends
 * elsewhere — stdout, stderr, change set summaries, errors (even when AWS quotes the value), the
 * uploaded templates, any AWS request but the change set's parameters.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CreateChangeSetCommand, type Parameter } from '@aws-sdk/client-cloudformation';
import { projectDir } from '../helpers/project-dir';
import { COMPOSE, DEFAULT_PARAMETER, DEFAULT_SECRET, RULE_PARAMETER, RULE_SECRET } from '../helpers/literal-client-secret';
import { FakeCloud } from './fake-aws';
import { creationPlan, renderFor, runAws, type CliRun } from './helpers';

const ARGS = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes'];
const ROTATED = 'R0tatedS3cretValue-99';

/** What deploy renders for COMPOSE (the same for every copy of the project): rendered once. */
let rendered: ReturnType<typeof renderFor> | undefined;

function project() {
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const files = (rendered ??= renderFor(dir));
  const cloud = new FakeCloud();
  cloud.nextChangeSet = creationPlan(files);
  cloud.onExecute = (cs) => cloud.applyTemplates(files, cs.type === 'CREATE' ? 'CREATE' : 'UPDATE', cloud.stacks.get(cs.stackId)!);
  return { dir, files, cloud };
}

/** The secret parameters of each CreateChangeSet sent, in order. */
function sentSecrets(cloud: FakeCloud): Parameter[][] {
  return cloud.cfn.commandCalls(CreateChangeSetCommand).map((c) => (c.args[0].input.Parameters ?? []).filter((p) => p.ParameterKey?.endsWith('ClientSecret')));
}

/** Everything that left composex but the change sets' parameters: output, uploads, every other request. */
function everythingElse(cloud: FakeCloud, run: CliRun): string {
  const requests = [cloud.cfn, cloud.s3Mock, cloud.stsMock, cloud.smMock, cloud.rdsMock, cloud.ecrMock].flatMap((mock) =>
    mock.calls().map((call) => {
      const input = { ...(call.args[0] as unknown as { input: Record<string, unknown> }).input };
      delete input.Parameters; // what CloudFormation receives NoEcho
      return JSON.stringify(input);
    }),
  );
  return [run.stdout, run.stderr, ...cloud.objects.values(), ...requests].join('\n');
}

function expectNoSecret(text: string): void {
  for (const secret of [DEFAULT_SECRET, RULE_SECRET, ROTATED, 'S3cret']) expect(text).not.toContain(secret);
}

describe('deploying a file with literal client secrets', () => {
  test('create: both parameters get the file values; nothing printed, uploaded or otherwise sent holds them', async () => {
    const { dir, cloud } = project();
    const run = await runAws(cloud, ARGS, dir);
    expect(run.code).toBe(0);
    expect(sentSecrets(cloud)).toEqual([
      [
        { ParameterKey: DEFAULT_PARAMETER, ParameterValue: DEFAULT_SECRET },
        { ParameterKey: RULE_PARAMETER, ParameterValue: RULE_SECRET },
      ],
    ]);
    expect(run.stdout).toContain('Deployed stack auth');
    expectNoSecret(everythingElse(cloud, run));
  });

  test('update: the value now in the file is sent, never UsePreviousValue; the change set describes nothing of it', async () => {
    const { dir, cloud } = project();
    expect((await runAws(cloud, ARGS, dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE.replace(RULE_SECRET, ROTATED));
    cloud.cfn.resetHistory();
    cloud.s3Mock.resetHistory();
    cloud.nextChangeSet = { changes: [{ Action: 'Modify', LogicalResourceId: 'Elbv2PublicStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' }] };
    const run = await runAws(cloud, ARGS, dir);
    expect(run.code).toBe(0);
    expect(sentSecrets(cloud)).toEqual([
      [
        { ParameterKey: DEFAULT_PARAMETER, ParameterValue: DEFAULT_SECRET },
        { ParameterKey: RULE_PARAMETER, ParameterValue: ROTATED },
      ],
    ]);
    expect(JSON.stringify(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.Parameters)).not.toContain('UsePreviousValue');
    expect(run.stdout).toContain('Modify  Elbv2PublicStack');
    expectNoSecret(everythingElse(cloud, run));
  });

  test('--parameters wins over the file, said by name only', async () => {
    const { dir, cloud } = project();
    const run = await runAws(cloud, [...ARGS, '--parameters', `${RULE_PARAMETER}=${ROTATED}`], dir);
    expect(run.code).toBe(0);
    expect(sentSecrets(cloud)[0]).toEqual([
      { ParameterKey: DEFAULT_PARAMETER, ParameterValue: DEFAULT_SECRET },
      { ParameterKey: RULE_PARAMETER, ParameterValue: ROTATED },
    ]);
    expect(run.stdout).toContain(`Parameter ${RULE_PARAMETER}: the value given with --parameters is used, not the compose file's ClientSecret\n`);
    expectNoSecret(everythingElse(cloud, run));
  });

  test('plan sends them too, and prints none', async () => {
    const { dir, cloud } = project();
    const run = await runAws(cloud, ['plan', '--region', 'eu-west-1', '--no-validate'], dir);
    expect(run.code).toBe(0);
    expect(sentSecrets(cloud)[0].map((p) => p.ParameterValue)).toEqual([DEFAULT_SECRET, RULE_SECRET]);
    expect(run.stdout).toContain('Change set deleted');
    expectNoSecret(everythingElse(cloud, run));
  });

  test('an AWS error or a stack event quoting a value is printed with **** in its place', async () => {
    const failed = project();
    failed.cloud.nextChangeSet = { changes: [], failReason: `Parameter ${RULE_PARAMETER} value '${RULE_SECRET}' is not accepted` };
    const refused = await runAws(failed.cloud, ARGS, failed.dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`CX6040: CloudFormation could not create change set`);
    expect(refused.stderr).toContain(`Parameter ${RULE_PARAMETER} value '****' is not accepted`);
    expectNoSecret(everythingElse(failed.cloud, refused));

    const { dir, cloud } = project();
    cloud.onExecute = (cs) => {
      const root = cloud.stacks.get(cs.stackId)!;
      return [
        () => cloud.selfEvent(root, 'CREATE_IN_PROGRESS', 'User Initiated'),
        () => cloud.event(root, 'Elbv2PublicStack', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', { reason: `Invalid client secret ${DEFAULT_SECRET} for ClientId app001` }),
        () => cloud.selfEvent(root, 'ROLLBACK_COMPLETE'),
      ];
    };
    const run = await runAws(cloud, ARGS, dir);
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toContain('Invalid client secret **** for ClientId app001');
    expectNoSecret(everythingElse(cloud, run));
  });

  test('a value over 4,096 bytes is refused before anything is sent (CX6110), by parameter name', async () => {
    const long = `S3cret${'x'.repeat(4100)}`;
    const { cloud } = project();
    const dir = projectDir({ 'compose.yaml': COMPOSE.replace(RULE_SECRET, long) });
    const run = await runAws(cloud, ARGS, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error CX6110: the compose file's value for parameter ${RULE_PARAMETER} is 4106 bytes, over CloudFormation's 4096-byte limit on a parameter value`);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    expectNoSecret(everythingElse(cloud, run));
  });
});
