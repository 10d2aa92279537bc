import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { retainedResources } from '../../src/deploy/destroy';
import { FakeCloud } from './fake-aws';
import { deployedShop, renderFor, runAws, SHOP } from './helpers';

const files = renderFor(SHOP);
const ARGS = ['destroy', '-p', 'shop', '--region', 'eu-west-1'];

describe('composex destroy', () => {
  test('lists what stays behind (from the deployed templates), deletes after --yes, waits and reports', async () => {
    const cloud = await deployedShop();
    const stack = cloud.stackNamed('shop')!;
    const r = await runAws(cloud, [...ARGS, '--yes'], '/');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        `Stack shop (CREATE_COMPLETE) will be deleted with its ${files.length - 1} nested stacks.`,
        'These stay after the stack is deleted, by design (DeletionPolicy); delete them yourself when no longer needed:',
        '  StorageStack/FileSystemMqttData  AWS::EFS::FileSystem  Retain  fs-0123456789abcdef0',
        '',
      ].join('\n'),
    );
    expect(cloud.cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: stack.id }]);
    expect(r.stdout).toMatch(/DELETE_IN_PROGRESS {4}shop {2}AWS::CloudFormation::Stack {2}User Initiated\n/);
    expect(r.stdout).toMatch(/Deleted stack shop in \d+s\. Kept by design: 1 resource \(listed above\)\.\n$/);
    expect(stack.status).toBe('DELETE_COMPLETE');
  });

  test('a stack composex did not create for this project is never deleted, even with --yes', async () => {
    for (const description of [undefined, 'hand-made shop stack', 'composex project other: root stack']) {
      const cloud = new FakeCloud();
      cloud.addStack('shop', 'UPDATE_COMPLETE', description ? { description } : {});
      const r = await runAws(cloud, [...ARGS, '--yes'], '/');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("error CX6033: stack shop exists but was not created by composex for project 'shop'");
      expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    }
  });

  test('without a terminal and without --yes: refused, nothing deleted', async () => {
    const cloud = await deployedShop();
    const r = await runAws(cloud, ARGS, '/');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('StorageStack/FileSystemMqttData');
    expect(r.stderr).toContain('error CX6042: not confirmed: there is no terminal to ask on');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  test('on a terminal: asks first', async () => {
    const cloud = await deployedShop();
    const no = await runAws(cloud, ARGS, '/', { isTTY: true, answers: [false] });
    expect(no.io.questions).toEqual(['Delete stack shop? [y/N] ']);
    expect(no.code).toBe(1);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    const yes = await runAws(cloud, ARGS, '/', { isTTY: true, answers: [true] });
    expect(yes.code).toBe(0);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
  });

  test('a stack that does not exist: nothing to do (exit 0)', async () => {
    const r = await runAws(new FakeCloud(), [...ARGS, '--yes'], '/');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('There is no stack shop in this region: nothing to destroy\n');
  });

  test('a deletion that fails: the root cause and exit 3', async () => {
    const cloud = await deployedShop();
    const stack = cloud.stackNamed('shop')!;
    cloud.onDelete = (s) => [
      () => cloud.selfEvent(s, 'DELETE_IN_PROGRESS', 'User Initiated'),
      () => {
        cloud.event(s, 'StorageStack', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', { reason: 'Embedded stack arn:x was not successfully deleted' });
        cloud.event(s, 'LoadBalancerStack', 'AWS::CloudFormation::Stack', 'DELETE_FAILED', { reason: 'Network interface eni-1 is currently in use' });
        cloud.selfEvent(s, 'DELETE_FAILED', 'The following resource(s) failed to delete: [StorageStack, LoadBalancerStack].');
      },
    ];
    const r = await runAws(cloud, [...ARGS, '--yes'], '/');
    expect(r.code).toBe(3);
    // The fake cloud's clock advances one second per resource event: the time follows the project's resource count.
    expect(r.stderr).toContain('Root cause:\n  LoadBalancerStack (AWS::CloudFormation::Stack) DELETE_FAILED at 10:03:26: Network interface eni-1 is currently in use');
    expect(r.stderr).toContain('error CX6070: deleting stack shop failed: DELETE_FAILED');
    expect(stack.status).toBe('DELETE_FAILED');
  });

  test('Snapshot and Retain policies in nested templates, with physical ids', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('ledger', 'UPDATE_COMPLETE', {
      template: JSON.stringify({ Resources: { DatabasesStack: { Type: 'AWS::CloudFormation::Stack' }, Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' } } }),
    });
    root.resources.set('Bucket', { type: 'AWS::S3::Bucket', physicalId: 'ledger-bucket-1' });
    const db = cloud.addNested(root, 'DatabasesStack', 'UPDATE_COMPLETE', {
      template: [
        'Resources:',
        '  DatabaseLedger:',
        '    Type: AWS::RDS::DBInstance',
        '    DeletionPolicy: Snapshot',
        '  DatabaseLedgerSecret:',
        '    Type: AWS::SecretsManager::Secret',
        '    DeletionPolicy: Retain',
        '  SubnetGroup:',
        '    Type: AWS::RDS::DBSubnetGroup',
      ].join('\n'),
    });
    db.resources.set('DatabaseLedger', { type: 'AWS::RDS::DBInstance', physicalId: 'ledger-db' });
    expect(await retainedResources(cloud.cloudformation, root.id)).toEqual([
      { path: 'DatabasesStack/DatabaseLedger', type: 'AWS::RDS::DBInstance', policy: 'Snapshot', physicalId: 'ledger-db' },
      { path: 'DatabasesStack/DatabaseLedgerSecret', type: 'AWS::SecretsManager::Secret', policy: 'Retain' },
      { path: 'Bucket', type: 'AWS::S3::Bucket', policy: 'Retain', physicalId: 'ledger-bucket-1' },
    ]);
  });
});
