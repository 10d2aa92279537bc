import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { describeDisruptions, followFileSystems, formatPlan, plannedChange, summarizePlan } from '../../src/deploy/plan';
import * as path from 'path';
import { DATA_BEARING_TYPES } from '../../src/deploy/plan';
import { EXAMPLE_PROJECTS } from '../helpers/mutate-compose';
import { projectDir } from '../helpers/project-dir';
import { EXAMPLES, renderProject } from '../helpers/templates';
import { FakeCloud } from './fake-aws';
import { creationPlan, deployedShop, renderFor, runAws, SHOP } from './helpers';

const ARGS = ['plan', '--region', 'eu-west-1', '--no-validate'];
/** An update that replaces the api family's ECS service (say, launch type → capacity provider strategy). */
const SERVICE_REPLACED = {
  changes: [{ Action: 'Modify' as const, LogicalResourceId: 'FamilyApiStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' as const }],
  nested: {
    FamilyApiStack: [
      { Action: 'Modify' as const, LogicalResourceId: 'TaskDefinition', ResourceType: 'AWS::ECS::TaskDefinition', Replacement: 'True' as const },
      { Action: 'Modify' as const, LogicalResourceId: 'Service', ResourceType: 'AWS::ECS::Service', Replacement: 'True' as const },
    ],
  },
};
const files = renderFor(SHOP);

describe('composex plan', () => {
  test('a new stack: prints the plan, then deletes the change set and the REVIEW_IN_PROGRESS stack — nothing is left behind', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(0);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE');
    expect(r.stdout).toMatch(/Add {5}FamilyApiStack\/Service {2,}AWS::ECS::Service/);
    expect(r.stdout).toContain('Change set deleted, and the empty stack it created: nothing was changed.');
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    const created = [...cloud.stacks.values()].find((s) => s.name === 'shop')!;
    expect(cloud.cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([created.id]);
    expect(created.status).toBe('DELETE_COMPLETE');
    expect(cloud.stackNamed('shop')).toBeUndefined();
    expect(cloud.changeSets.size).toBe(0);
  });

  test('the change set is read page by page (NextToken), nested change sets too', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    const r = await runAws(cloud, ARGS, SHOP);
    const calls = cloud.reads.filter((c) => c.command === 'DescribeChangeSet');
    expect(cloud.cfn.commandCalls(DescribeChangeSetCommand)).toHaveLength(calls.length);
    const root = calls.filter((c) => !c.name.includes('-nested-')).map((c) => c.token);
    // one read while waiting, then the 9 root changes in pages of 4
    expect(root).toEqual(['', '', '4', '8']);
    // NetworkStack has 22 resources: 6 pages
    expect(calls.filter((c) => c.name.endsWith('-nested-NetworkStack')).map((c) => c.token)).toEqual(['', '4', '8', '12', '16', '20']);
    // every resource of every nested stack, and the nested stacks themselves
    const nestedResources = files.slice(1).reduce((n, f) => n + Object.keys(f.template.Resources ?? {}).length, 0);
    expect(r.stdout.split('\n').filter((l) => /^ {4}Add /.test(l))).toHaveLength(nestedResources + files.length - 1);
  });

  test('--keep keeps the change set and the REVIEW_IN_PROGRESS stack; deploy then creates its own change set on that stack', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(files);
    const r = await runAws(cloud, [...ARGS, '--keep'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Kept change set composex-20261123-095900 \(arn:aws:cloudformation:eu-west-1:123456789012:changeSet\/composex-20261123-095900\/\d+\)\./);
    expect(cloud.cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(cloud.stackNamed('shop')!.status).toBe('REVIEW_IN_PROGRESS');

    // refusing the deploy (no terminal) must not delete a stack it did not create
    cloud.cfn.resetHistory();
    const refused = await runAws(cloud, ['deploy', '--region', 'eu-west-1', '--no-validate'], SHOP);
    expect(refused.code).toBe(1);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cloud.stackNamed('shop')!.status).toBe('REVIEW_IN_PROGRESS');
  });

  test('an existing stack: only the change set is deleted', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = {
      changes: [{ Action: 'Modify', LogicalResourceId: 'FamilyApiStack', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False' }],
      nested: { FamilyApiStack: [{ Action: 'Modify', LogicalResourceId: 'TaskDefinition', ResourceType: 'AWS::ECS::TaskDefinition', Replacement: 'True' }] },
    };
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(0);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE');
    expect(r.stdout).toContain('    Modify  FamilyApiStack/TaskDefinition  AWS::ECS::TaskDefinition    True');
    expect(r.stdout).toContain('Change set deleted: nothing was changed.');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cloud.stackNamed('shop')!.status).toBe('CREATE_COMPLETE');
  });

  test('what deploy would refuse is said, and plan still exits 0; a removed nested stack lists its resources', async () => {
    const cloud = await deployedShop();
    const storage = cloud.stackNamed('shop')!.resources.get('StorageStack')!.physicalId!;
    cloud.nextChangeSet = { changes: [{ Action: 'Remove', LogicalResourceId: 'StorageStack', ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: storage }] };
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        '    Remove  StorageStack                       AWS::CloudFormation::Stack',
        '  ! Remove  StorageStack/FileSystemMqttData    AWS::EFS::FileSystem',
        '    Remove  StorageStack/MountTargetMqttData1  AWS::EFS::MountTarget',
      ].join('\n'),
    );
    expect(r.stdout).toContain('composex deploy would refuse this plan without --allow-replacement:\n  StorageStack/FileSystemMqttData (AWS::EFS::FileSystem) would be removed');
  });

  test('an ECS service replacement is marked * and explained, a task definition replacement is not; plan exits 0', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = SERVICE_REPLACED;
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        '    Modify  FamilyApiStack                 AWS::CloudFormation::Stack  False',
        '    Modify  FamilyApiStack/TaskDefinition  AWS::ECS::TaskDefinition    True',
        '  * Modify  FamilyApiStack/Service         AWS::ECS::Service           True',
        '',
        '  0 to add, 2 to modify, 0 to remove (2 replaced or possibly replaced)',
        '  * a replacement that affects what runs (explained below)',
        '',
        'Warning: 1 replacement that affects what runs:',
        '  FamilyApiStack/Service (AWS::ECS::Service) would be replaced: a new ECS service is created, with a new name and ARN, and the old one is deleted once the new one is up: the old service\'s tasks are stopped',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('would refuse');
  });

  test('a stack in ROLLBACK_COMPLETE: explained, nothing to plan against (exit 1), nothing deleted', async () => {
    const cloud = new FakeCloud();
    const stack = cloud.addStack('shop', 'CREATE_IN_PROGRESS');
    cloud.selfEvent(stack, 'CREATE_IN_PROGRESS', 'User Initiated');
    cloud.event(stack, 'NetworkStack', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', { reason: 'Parameter validation failed: parameter value vpc-1 for parameter name VpcId does not exist' });
    cloud.selfEvent(stack, 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [NetworkStack]. Rollback requested by user.');
    cloud.selfEvent(stack, 'ROLLBACK_COMPLETE');
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Stack shop is ROLLBACK_COMPLETE');
    expect(r.stdout).toContain('NetworkStack (AWS::CloudFormation::Stack) CREATE_FAILED at 10:00:02: Parameter validation failed');
    expect(r.stderr).toContain('error CX6032: stack shop is ROLLBACK_COMPLETE: there is nothing to plan against');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });
});


describe('composex deploy with an ECS service replacement', () => {
  test('warned before the question, not refused: the deploy goes ahead on yes', async () => {
    const cloud = await deployedShop();
    cloud.nextChangeSet = SERVICE_REPLACED;
    const r = await runAws(cloud, ['deploy', '--region', 'eu-west-1', '--no-validate'], SHOP, { isTTY: true, answers: [true] });
    expect(r.code).toBe(0);
    const warning = r.stdout.indexOf('Warning: 1 replacement that affects what runs:\n  FamilyApiStack/Service (AWS::ECS::Service) would be replaced');
    expect(warning).toBeGreaterThan(r.stdout.indexOf('  * Modify  FamilyApiStack/Service'));
    expect(r.io.questions).toEqual(['\nDeploy these changes to stack shop? [y/N] ']);
    expect(cloud.cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
  });
});

describe('validation', () => {
  test('without --no-validate, every template goes through the CloudFormation validator first (as render does)', async () => {
    const dir = projectDir({ 'compose.yaml': 'name: tiny\nservices:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n' });
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(renderFor(dir));
    const r = await runAws(cloud, ['plan', '--region', 'eu-west-1'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan for stack tiny');
  });
});

describe('the plan table', () => {
  test('columns, markers and the summary', () => {
    const changes = [
      plannedChange('DatabasesStack', 'Modify', 'AWS::CloudFormation::Stack', 'False'),
      plannedChange('DatabasesStack/DatabaseLedger', 'Modify', 'AWS::RDS::DBInstance', 'True'),
      plannedChange('QueuesStack/QueueJobs', 'Modify', 'AWS::SQS::Queue', 'False'),
      plannedChange('QueuesStack/QueueOld', 'Remove', 'AWS::SQS::Queue'),
      plannedChange('FamilyApiStack/TaskRole', 'Add', 'AWS::IAM::Role'),
    ];
    expect(changes.map((c) => c.risk)).toEqual([undefined, 'replace', undefined, 'remove', undefined]);
    expect(formatPlan(changes, { color: false })).toBe(
      [
        '    action  logical id                     type                        replacement',
        '    Modify  DatabasesStack                 AWS::CloudFormation::Stack  False',
        '  ! Modify  DatabasesStack/DatabaseLedger  AWS::RDS::DBInstance        True',
        '    Modify  QueuesStack/QueueJobs          AWS::SQS::Queue             False',
        '  ! Remove  QueuesStack/QueueOld           AWS::SQS::Queue',
        '    Add     FamilyApiStack/TaskRole        AWS::IAM::Role',
        '',
        '  1 to add, 2 to modify, 1 to remove (1 replaced or possibly replaced)',
        '  ! a data-bearing resource (database, file system, queue, topic, secret, table, bucket, stream, KMS key, parameter, Redis / Valkey cache, image repository) would be replaced or removed',
        '',
      ].join('\n'),
    );
    expect(formatPlan(changes, { color: true })).toContain('\x1b[1;31m  ! Modify  DatabasesStack/DatabaseLedger');
    // A Kinesis stream holds records: replacing or removing it is a risk too.
    expect([plannedChange('StreamsStack/StreamEvents', 'Modify', 'AWS::Kinesis::Stream', 'True'), plannedChange('StreamsStack/StreamOld', 'Remove', 'AWS::Kinesis::Stream')].map((c) => c.risk)).toEqual(['replace', 'remove']);
    expect(summarizePlan([])).toBe('0 to add, 0 to modify, 0 to remove');
  });

  test('a Redis / Valkey cache holds data, a Memcached cluster does not', () => {
    const changes = [
      plannedChange('CachesStack/CacheSessions', 'Modify', 'AWS::ElastiCache::ReplicationGroup', 'True'),
      plannedChange('CachesStack/CacheOld', 'Remove', 'AWS::ElastiCache::ReplicationGroup'),
      plannedChange('CachesStack/CachePages', 'Modify', 'AWS::ElastiCache::CacheCluster', 'True'),
      plannedChange('CachesStack/CacheSessions', 'Modify', 'AWS::ElastiCache::ReplicationGroup', 'False'),
    ];
    expect(changes.map((c) => c.risk)).toEqual(['replace', 'remove', undefined, undefined]);
  });

  test('replacements that disrupt what runs: ECS services and EFS access points and mount targets, not task definitions', () => {
    const changes = [
      plannedChange('FamilyApiStack/TaskDefinition', 'Modify', 'AWS::ECS::TaskDefinition', 'True'),
      plannedChange('FamilyApiStack/Service', 'Modify', 'AWS::ECS::Service', 'Conditional'),
      plannedChange('FamilyWebStack/Service', 'Modify', 'AWS::ECS::Service', 'False'),
      plannedChange('FamilyOldStack/Service', 'Remove', 'AWS::ECS::Service'),
      plannedChange('StorageStack/AccessPointData', 'Modify', 'AWS::EFS::AccessPoint', 'True'),
      plannedChange('StorageStack/MountTargetData1', 'Modify', 'AWS::EFS::MountTarget', 'True'),
      plannedChange('StorageStack/FileSystemData', 'Modify', 'AWS::EFS::FileSystem', 'True'),
    ];
    expect(changes.map((c) => (c.disruptive ? '*' : c.risk ? '!' : ''))).toEqual(['', '*', '', '', '*', '*', '!']);
    const table = formatPlan(changes, { color: false });
    expect(table).toContain(
      [
        '    Modify  FamilyApiStack/TaskDefinition  AWS::ECS::TaskDefinition  True',
        '  * Modify  FamilyApiStack/Service         AWS::ECS::Service         Conditional',
        '    Modify  FamilyWebStack/Service         AWS::ECS::Service         False',
        '    Remove  FamilyOldStack/Service         AWS::ECS::Service',
        '  * Modify  StorageStack/AccessPointData   AWS::EFS::AccessPoint     True',
        '  * Modify  StorageStack/MountTargetData1  AWS::EFS::MountTarget     True',
        '  ! Modify  StorageStack/FileSystemData    AWS::EFS::FileSystem      True',
      ].join('\n'),
    );
    expect(table).toContain('  * a replacement that affects what runs (explained below)\n');
    const warning = describeDisruptions(changes, { color: false });
    expect(warning.split('\n').map((l) => l.replace(/:.*/, ''))).toEqual([
      '',
      'Warning',
      '  FamilyApiStack/Service (AWS',
      '  StorageStack/AccessPointData (AWS',
      '  StorageStack/MountTargetData1 (AWS',
      '',
    ]);
    expect(warning).toContain('Warning: 3 replacements that affect what runs:');
    expect(warning).toContain('FamilyApiStack/Service (AWS::ECS::Service) may be replaced (Replacement: Conditional): a new ECS service is created');
    expect(warning).toContain('while EFS allows one per availability zone: in the same zone the update fails and is rolled back');
    expect(formatPlan(changes, { color: true })).toContain('\x1b[1;33m  * Modify  FamilyApiStack/Service');
    expect(describeDisruptions(changes.slice(2, 4), { color: false })).toBe('');
    expect(formatPlan(changes.slice(0, 1), { color: false })).not.toContain('*');
    // parts of a file system that is itself replaced follow it: only the data guard speaks
    const followed = followFileSystems(changes);
    expect(followed.map((c) => (c.disruptive ? '*' : c.risk ? '!' : ''))).toEqual(['', '*', '', '', '', '', '!']);
    const otherStack = followFileSystems([changes[5], plannedChange('OtherStack/FileSystemData', 'Modify', 'AWS::EFS::FileSystem', 'True')]);
    expect(otherStack[0].disruptive).toBe(true);
  });
});

describe('data-bearing types', () => {
  // Every resource composex keeps on deletion (Retain / Snapshot) holds data: its replacement or
  // removal must be refused by the plan, so its type must be in DATA_BEARING_TYPES.
  test.each(EXAMPLE_PROJECTS.map((p) => [p.name, p.files] as const))('%s: every retained resource type is data-bearing', (name, files) => {
    const result = renderProject({ cwd: path.join(EXAMPLES, name), files: files.map((f) => path.join(EXAMPLES, name, f)) });
    const retained = new Set<string>();
    for (const file of result.files) {
      for (const r of Object.values(file.template.Resources ?? {}) as { Type: string; DeletionPolicy?: string }[]) {
        if (r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'Snapshot' || r.DeletionPolicy === 'RetainExceptOnCreate') retained.add(r.Type);
      }
    }
    expect([...retained].filter((t) => !(t in DATA_BEARING_TYPES))).toEqual([]);
  });
});
