import { rootDescription } from '../../src/render/synth';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { BUCKET, FakeCloud, type FakeStack } from './fake-aws';
import { creationPlan, deployedShop, renderFor, runAws, SHOP } from './helpers';

const ARGS = ['deploy', '--region', 'eu-west-1', '--no-validate'];
const files = renderFor(SHOP);

/** A change set that replaces the api task definition (nested change set of FamilyApiStack). */
const taskDefinitionUpdate = {
  changes: [{ Action: 'Modify' as const, LogicalResourceId: 'FamilyApiStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' as const }],
  nested: {
    FamilyApiStack: [
      { Action: 'Modify' as const, LogicalResourceId: 'TaskDefinition', ResourceType: 'AWS::ECS::TaskDefinition', Replacement: 'True' as const },
      { Action: 'Modify' as const, LogicalResourceId: 'Service', ResourceType: 'AWS::ECS::Service', Replacement: 'False' as const },
    ],
  },
};

describe('composex deploy', () => {
  test('first create: bucket created, nested templates uploaded, CREATE change set executed and watched until CREATE_COMPLETE', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);

    // the bucket: created with public access blocked, encryption, TLS-only
    expect(cloud.s3Mock.commandCalls(CreateBucketCommand)[0].args[0].input).toEqual({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    });
    expect(cloud.s3Mock.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(1);
    const policy = JSON.parse(cloud.s3Mock.commandCalls(PutBucketPolicyCommand)[0].args[0].input.Policy!);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(r.stdout).toContain(`Created bucket ${BUCKET} for templates (encrypted, public access blocked, TLS only)`);

    // every nested template uploaded under its content-hash key
    const keys = cloud.s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key).sort();
    expect(keys).toEqual(files.slice(1).map((f) => f.objectKey).sort());
    for (const f of files.slice(1)) expect(cloud.objects.get(`${BUCKET}/${f.objectKey}`)).toBe(f.content);
    expect(r.stdout).toContain(`Templates: ${files.length - 1} uploaded, 0 already in s3://${BUCKET}`);

    // the change set
    const input = cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input;
    expect(input).toMatchObject({
      StackName: 'shop',
      ChangeSetType: 'CREATE',
      ChangeSetName: 'composex-20261123-095900',
      IncludeNestedStacks: true,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      TemplateBody: files[0].content,
    });
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);

    // the plan, with nested stacks' resources (read through their nested change sets)
    expect(r.stdout).toContain('Plan for stack shop (change set composex-20261123-095900):');
    expect(r.stdout).toMatch(/ {4}Add {5}FamilyApiStack {2,}AWS::CloudFormation::Stack\n/);
    expect(r.stdout).toMatch(/ {4}Add {5}FamilyApiStack\/Service {2,}AWS::ECS::Service\n/);
    expect(r.stdout).toMatch(/Add {5}StorageStack\/FileSystemMqttData {2,}AWS::EFS::FileSystem/);
    const resourceCount = files.slice(1).reduce((n, f) => n + Object.keys(f.template.Resources ?? {}).length, 0);
    expect(r.stdout).toContain(`\n  ${resourceCount} to add, 0 to modify, 0 to remove\n`);

    // progress: one line per event (not a terminal), nested stacks' events included
    expect(r.stdout).toContain('10:00:02  CREATE_IN_PROGRESS    shop  AWS::CloudFormation::Stack  User Initiated\n');
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\d {2}CREATE_COMPLETE {7}FamilyApiStack\/Service {2}AWS::ECS::Service\n/);
    expect(r.stdout).toContain('Deployed stack shop: CREATE_COMPLETE in 10s');

    // what users need afterwards
    expect(r.stdout).toContain('Endpoints:\n  shop-lb-0123456789.elb.eu-west-1.amazonaws.com:80    (listener TCP 80)\n');
    expect(r.stdout).toMatch(/ECS services:\n {2}api {7}shop-FamilyApiStack-\S+-Service-Zz9 {2}\(cluster shop-cluster\)\n/);
    expect(cloud.stackNamed('shop')!.status).toBe('CREATE_COMPLETE');
    // shop's only secret is external: nothing to put
    expect(cloud.smMock.calls()).toHaveLength(0);
  });

  test('update: UPDATE change set; templates already in the bucket are not uploaded again', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = taskDefinitionUpdate;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(cloud.s3Mock.commandCalls(HeadObjectCommand)).toHaveLength(files.length - 1);
    expect(cloud.s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(cloud.s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
    expect(r.stdout).toContain(`Templates: 0 uploaded, ${files.length - 1} already in s3://${BUCKET}`);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE');
    expect(r.stdout).toContain(
      [
        '    action  logical id                     type                        replacement',
        '    Modify  FamilyApiStack                 AWS::CloudFormation::Stack  False',
        '    Modify  FamilyApiStack/TaskDefinition  AWS::ECS::TaskDefinition    True',
        '    Modify  FamilyApiStack/Service         AWS::ECS::Service           False',
        '',
        '  0 to add, 2 to modify, 0 to remove (1 replaced or possibly replaced)',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/UPDATE_IN_PROGRESS {4}shop {2}AWS::CloudFormation::Stack {2}User Initiated/);
    expect(r.stdout).toContain('Deployed stack shop: UPDATE_COMPLETE');
  });

  test('a changed template is uploaded, the others are not', async () => {
    const cloud = await deployedShop();
    const changed = files.find((f) => f.logicalId === 'FamilyApiStack')!;
    cloud.objects.delete(`${BUCKET}/${changed.objectKey}`);
    cloud.nextChangeSet = taskDefinitionUpdate;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(0);
    expect(cloud.s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([changed.objectKey]);
    expect(r.stdout).toContain(`Templates: 1 uploaded, ${files.length - 2} already in`);
  });

  test('no changes: prints "no changes", deletes the change set, exits 0', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = { changes: [], failReason: "The submitted information didn't contain changes. Submit different information to create a change set." };
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('error');
    expect(r.stdout).toContain('no changes: stack shop is up to date\n');
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloud.changeSets.size).toBe(0);
  });

  test('"No updates are to be performed" is no changes too', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = { changes: [], failReason: 'No updates are to be performed.' };
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no changes');
  });

  test('a change set CloudFormation cannot create: its reason, exit 3, change set deleted', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = { changes: [], failReason: 'Parameters: [VpcId] must have values' };
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('error CX6040: CloudFormation could not create change set composex-20261123-095900 for stack shop: Parameters: [VpcId] must have values');
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  test('failure: the root cause is the first failed event in a nested stack, with its reason; final status; exit 3', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    cloud.onExecute = (cs) => failedCreate(cloud, cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      [
        'Deployment of stack shop failed: ROLLBACK_COMPLETE',
        'Root cause:',
        '  FamilyApiStack/Service (AWS::ECS::Service) CREATE_FAILED at 10:00:06: Resource handler returned message: "Invalid request provided: CreateService error: CannotPullContainerError: pull access denied for shop-api"',
        'Then:',
        '  FamilyWorkerStack/TaskRole (AWS::IAM::Role) CREATE_FAILED at 10:00:08: Encountered a permissions error performing a tagging operation',
      ].join('\n'),
    );
    expect(r.stderr).not.toContain('Resource creation cancelled');
    expect(r.stderr).toContain('error CX6050: deploying stack shop failed: ROLLBACK_COMPLETE');
    expect(r.stderr).toContain('hint: the create failed and was rolled back');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // the failure is also visible in the progress lines
    expect(r.stdout).toMatch(/CREATE_FAILED {9}FamilyApiStack\/Service {2}AWS::ECS::Service {2}Resource handler returned message/);
  });

  test('ROLLBACK_COMPLETE from a failed create is explained, deleted (after saying so), then created again', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    cloud.onExecute = (cs) => failedCreate(cloud, cloud.stacks.get(cs.stackId)!);
    expect((await runAws(cloud, [...ARGS, '--yes'], SHOP)).code).toBe(3);
    const failed = cloud.stackNamed('shop')!;
    expect(failed.status).toBe('ROLLBACK_COMPLETE');

    cloud.cfn.resetHistory();
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Stack shop is ROLLBACK_COMPLETE: its first create failed and was rolled back, so it holds nothing and cannot be updated.');
    expect(r.stdout).toContain('That create failed because:\n  Root cause:\n    FamilyApiStack/Service (AWS::ECS::Service) CREATE_FAILED');
    expect(r.stdout).toContain('Deleting it before creating it again');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)[0].args[0].input.StackName).toBe(failed.id);
    expect(r.stdout.indexOf('DELETE_COMPLETE')).toBeLessThan(r.stdout.indexOf('Creating change set'));
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE');
    expect(cloud.stackNamed('shop')!.id).not.toBe(failed.id);
    expect(cloud.stackNamed('shop')!.status).toBe('CREATE_COMPLETE');
  });

  test('a stack of the same name that composex did not create for this project is refused: no change set', async () => {
    const cloud = new FakeCloud();
    cloud.addStack('shop', 'UPDATE_COMPLETE', { description: 'the shop, made by hand' });
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error CX6033: stack shop exists but was not created by composex for project 'shop' (its description: "the shop, made by hand")`);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  test('a stack CloudFormation is working on is refused (exit 1)', async () => {
    const cloud = new FakeCloud();
    cloud.addStack('shop', 'UPDATE_IN_PROGRESS', { description: rootDescription('shop') });
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CX6030: stack shop is UPDATE_IN_PROGRESS: CloudFormation is working on it');
    expect(r.stderr).toContain('composex status -p shop --watch');
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  test('--no-wait returns after ExecuteChangeSet and says how to follow', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes', '--no-wait'], SHOP);
    expect(r.code).toBe(0);
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
    expect(r.stdout).toContain('the deployment goes on in CloudFormation. Follow it with: composex status -p shop --watch');
    expect(r.stdout).not.toContain('CREATE_IN_PROGRESS');
    expect(cloud.busy).toBe(true);
  });

  test('Ctrl-C stops watching, says how to resume, does not cancel', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP, { onSleep: (n, io) => n === 2 && io.interrupt() });
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Stopped watching; the deployment goes on in CloudFormation (CREATE_IN_PROGRESS). Resume watching with: composex status -p shop --watch');
    expect(r.stdout).not.toContain('Deployed stack shop');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });
});

describe('confirmation', () => {
  test('not a terminal and no --yes: refused with a clear message; the change set and the empty new stack are deleted', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Plan for stack shop');
    expect(r.stderr).toContain('error CX6042: not confirmed: there is no terminal to ask on\n  hint: review the output above and pass --yes');
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloud.stackNamed('shop')).toBeUndefined();
  });

  test('on a terminal: asks; "no" changes nothing', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = taskDefinitionUpdate;
    const r = await runAws(cloud, ARGS, SHOP, { isTTY: true, answers: [false] });
    expect(r.io.questions).toEqual(['\nDeploy these changes to stack shop? [y/N] ']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CX6042: not confirmed: nothing was changed');
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloud.stackNamed('shop')!.status).toBe('CREATE_COMPLETE');
  });

  test('on a terminal: "yes" deploys, with progress redrawn in place', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = taskDefinitionUpdate;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, ARGS, SHOP, { isTTY: true, answers: [true] });
    expect(r.code).toBe(0);
    // the live block: a header with counts, rows in progress, erased (cursor up, clear) before each redraw
    expect(r.stdout).toMatch(/shop {2}UPDATE_IN_PROGRESS {2}\d+s {2}· {2}\d+ complete, \d+ in progress\n {2}ClusterStack {2}AWS::CloudFormation::Stack {2}UPDATE_IN_PROGRESS\n/);
    expect(r.stdout).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(r.stdout).not.toMatch(/^\d\d:\d\d:\d\d {2}UPDATE_IN_PROGRESS/m);
    expect(r.stdout).toContain('Deployed stack shop: UPDATE_COMPLETE');
  });

  test('on a terminal: lines redrawn in place are cut to the terminal width', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = taskDefinitionUpdate;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP, { isTTY: true, columns: 40 });
    expect(r.code).toBe(0);
    const live = r.stdout.slice(r.stdout.indexOf('Ctrl-C stops watching'), r.stdout.indexOf('Deployed stack'));
    const lines = live.replace(/\x1b\[\d+F\x1b\[J/g, '\n').split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThan(40);
    expect(live).toContain('shop  starting  0s  ·  0 complete, 0 i…\n');
    expect(live).toContain('shop  UPDATE_IN_PROGRESS  5s  ·  0 com…\n');
  });
});

describe('the replacement guard', () => {
  const replaceFileSystem = {
    changes: [{ Action: 'Modify' as const, LogicalResourceId: 'StorageStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' as const }],
    nested: {
      StorageStack: [
        { Action: 'Modify' as const, LogicalResourceId: 'FileSystemMqttData', ResourceType: 'AWS::EFS::FileSystem', Replacement: 'True' as const, PhysicalResourceId: 'fs-0123456789abcdef0' },
        { Action: 'Modify' as const, LogicalResourceId: 'MountTargetMqttData1', ResourceType: 'AWS::EFS::MountTarget', Replacement: 'True' as const },
      ],
    },
  };

  test('refuses to replace a file system: highlighted, explained, exit 1, change set deleted', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = replaceFileSystem;
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  ! Modify  StorageStack/FileSystemMqttData    AWS::EFS::FileSystem        True\n');
    expect(r.stdout).toContain('    Modify  StorageStack/MountTargetMqttData1  AWS::EFS::MountTarget       True\n');
    expect(r.stdout).toContain('  ! a data-bearing resource (database, file system, queue, topic, secret, table, bucket, stream, KMS key, parameter, Redis / Valkey cache, image repository) would be replaced or removed');
    expect(r.stderr).toContain('  StorageStack/FileSystemMqttData (AWS::EFS::FileSystem) would be replaced: the files would be lost with the old resource unless it is retained');
    expect(r.stderr).toContain('error CX6041: refusing to deploy: 1 data-bearing resource would be replaced or removed (listed above); the change set was deleted');
    expect(r.stderr).toContain('hint: if that is intended (the data is backed up, or not needed), run again with --allow-replacement');
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  test('refuses a Conditional replacement and a removal too', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = {
      changes: [{ Action: 'Modify', LogicalResourceId: 'StorageStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' }],
      nested: {
        StorageStack: [
          { Action: 'Modify', LogicalResourceId: 'FileSystemMqttData', ResourceType: 'AWS::EFS::FileSystem', Replacement: 'Conditional' },
          { Action: 'Remove', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue' },
          { Action: 'Modify', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', Replacement: 'False' },
        ],
      },
    };
    const r = await runAws(cloud, [...ARGS, '--yes'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('StorageStack/FileSystemMqttData (AWS::EFS::FileSystem) would be possibly replaced (Replacement: Conditional)');
    expect(r.stderr).toContain('StorageStack/Queue (AWS::SQS::Queue) would be removed: the messages in the queue goes with it');
    expect(r.stderr).not.toContain('StorageStack/Topic');
    expect(r.stderr).toContain('2 data-bearing resources would be replaced or removed');
  });

  test('--allow-replacement goes ahead', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = replaceFileSystem;
    cloud.onExecute = (cs) => cloud.applyTemplates(files, 'UPDATE', cloud.stacks.get(cs.stackId)!);
    const r = await runAws(cloud, [...ARGS, '--yes', '--allow-replacement'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--allow-replacement: going ahead although data-bearing resources are replaced or removed.');
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
  });
});

/**
 * A create that fails in FamilyApiStack (the service cannot pull its image) and, a little later,
 * in FamilyWorkerStack; CloudFormation cancels the rest, reports the nested stacks failed and
 * rolls back.
 */
function failedCreate(cloud: FakeCloud, root: FakeStack): (() => void)[] {
  const api = () => cloud.stacks.get(root.resources.get('FamilyApiStack')!.physicalId!)!;
  const worker = () => cloud.stacks.get(root.resources.get('FamilyWorkerStack')!.physicalId!)!;
  return [
    () => {
      cloud.selfEvent(root, 'CREATE_IN_PROGRESS', 'User Initiated');
      const a = cloud.addStack('shop-FamilyApiStack-AAA', 'CREATE_IN_PROGRESS');
      cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', { physicalId: a.id });
      cloud.selfEvent(a, 'CREATE_IN_PROGRESS', 'User Initiated');
      cloud.event(a, 'Service', 'AWS::ECS::Service', 'CREATE_IN_PROGRESS');
      cloud.event(a, 'Service', 'AWS::ECS::Service', 'CREATE_FAILED', {
        reason: 'Resource handler returned message: "Invalid request provided: CreateService error: CannotPullContainerError: pull access denied for shop-api"',
      });
      const w = cloud.addStack('shop-FamilyWorkerStack-WWW', 'CREATE_IN_PROGRESS');
      cloud.event(root, 'FamilyWorkerStack', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', { physicalId: w.id });
      cloud.event(w, 'TaskRole', 'AWS::IAM::Role', 'CREATE_FAILED', { reason: 'Encountered a permissions error performing a tagging operation' });
    },
    () => {
      cloud.event(api(), 'LogGroup', 'AWS::Logs::LogGroup', 'CREATE_FAILED', { reason: 'Resource creation cancelled' });
      cloud.selfEvent(api(), 'CREATE_FAILED', 'The following resource(s) failed to create: [Service, LogGroup].');
      cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', {
        reason: `Embedded stack ${api().id} was not successfully created: The following resource(s) failed to create: [Service].`,
      });
      cloud.event(root, 'FamilyWorkerStack', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', { reason: 'Resource creation cancelled' });
      cloud.selfEvent(worker(), 'ROLLBACK_COMPLETE');
      cloud.selfEvent(root, 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [FamilyApiStack, FamilyWorkerStack]. Rollback requested by user.');
    },
    () => {
      cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'DELETE_COMPLETE');
      cloud.event(root, 'FamilyWorkerStack', 'AWS::CloudFormation::Stack', 'DELETE_COMPLETE');
      cloud.selfEvent(root, 'ROLLBACK_COMPLETE');
    },
  ];
}
