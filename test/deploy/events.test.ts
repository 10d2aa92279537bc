import { OperationEvents, rootCauses, type StackEventRecord } from '../../src/deploy/events';
import { FakeCloud } from './fake-aws';

describe('events of one operation', () => {
  test('paginated: every new event across pages (NextToken), oldest first, none of the older ones', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('shop', 'CREATE_COMPLETE');
    for (let i = 0; i < 10; i++) cloud.event(root, `Old${i}`, 'AWS::SNS::Topic', 'CREATE_COMPLETE');
    const events = new OperationEvents(cloud.cloudformation, root.id);
    await events.markExisting();
    cloud.selfEvent(root, 'UPDATE_IN_PROGRESS', 'User Initiated');
    for (let i = 0; i < 7; i++) cloud.event(root, `New${i}`, 'AWS::SQS::Queue', 'UPDATE_COMPLETE');
    cloud.reads.length = 0;
    const fresh = await events.poll();
    expect(fresh.map((r) => r.label)).toEqual(['shop', 'New0', 'New1', 'New2', 'New3', 'New4', 'New5', 'New6']);
    expect(cloud.reads.map((r) => r.token)).toEqual(['', '3', '6']);
    expect(events.started).toBe(true);
    expect(await events.poll()).toEqual([]);
    cloud.event(root, 'New7', 'AWS::SQS::Queue', 'UPDATE_COMPLETE');
    expect((await events.poll()).map((r) => r.label)).toEqual(['New7']);
  });

  test('nested stacks: found through their parent, read back to the operation start only, polled while in progress', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('shop', 'UPDATE_COMPLETE');
    const api = cloud.addNested(root, 'FamilyApiStack', 'UPDATE_COMPLETE');
    const idle = cloud.addNested(root, 'FamilyWorkerStack', 'UPDATE_COMPLETE');
    for (let i = 0; i < 5; i++) cloud.event(api, `Previous${i}`, 'AWS::IAM::Role', 'UPDATE_COMPLETE'); // an earlier deploy
    const events = new OperationEvents(cloud.cloudformation, root.id);
    await events.markExisting();

    cloud.selfEvent(root, 'UPDATE_IN_PROGRESS', 'User Initiated');
    cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS');
    cloud.selfEvent(api, 'UPDATE_IN_PROGRESS', 'User Initiated');
    cloud.event(api, 'TaskDefinition', 'AWS::ECS::TaskDefinition', 'UPDATE_IN_PROGRESS');
    const first = await events.poll();
    expect(first.map((r) => `${r.label} ${r.event.ResourceStatus}`)).toEqual([
      'shop UPDATE_IN_PROGRESS',
      'FamilyApiStack UPDATE_IN_PROGRESS',
      'FamilyApiStack/TaskDefinition UPDATE_IN_PROGRESS',
    ]);

    cloud.event(api, 'TaskDefinition', 'AWS::ECS::TaskDefinition', 'UPDATE_COMPLETE');
    cloud.selfEvent(api, 'UPDATE_COMPLETE');
    cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'UPDATE_COMPLETE');
    cloud.reads.length = 0;
    const second = await events.poll();
    expect(second.map((r) => `${r.label} ${r.event.ResourceStatus}`)).toEqual(['FamilyApiStack/TaskDefinition UPDATE_COMPLETE', 'FamilyApiStack UPDATE_COMPLETE']);
    expect(cloud.reads.some((r) => r.name === idle.id)).toBe(false);

    // FamilyApiStack is done: the next round reads the root only
    cloud.reads.length = 0;
    await events.poll();
    expect(new Set(cloud.reads.map((r) => r.name))).toEqual(new Set([root.id]));
    expect(events.all).toHaveLength(5);
  });

  test('resuming an operation in progress starts at its first event', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('shop', 'CREATE_COMPLETE');
    cloud.selfEvent(root, 'CREATE_IN_PROGRESS', 'User Initiated');
    cloud.selfEvent(root, 'CREATE_COMPLETE');
    cloud.selfEvent(root, 'UPDATE_IN_PROGRESS', 'User Initiated');
    cloud.event(root, 'Topic', 'AWS::SNS::Topic', 'UPDATE_IN_PROGRESS');
    const events = new OperationEvents(cloud.cloudformation, root.id);
    await events.resumeCurrentOperation();
    expect((await events.poll()).map((r) => `${r.label} ${r.event.ResourceStatus}`)).toEqual(['shop UPDATE_IN_PROGRESS', 'Topic UPDATE_IN_PROGRESS']);
  });
});

describe('root cause', () => {
  const record = (label: string, status: string, reason?: string, type = 'AWS::ECS::Service'): StackEventRecord => ({
    stackPath: label.includes('/') ? label.split('/')[0] : '',
    label,
    event: { StackId: 's', StackName: 'shop', EventId: label + status, Timestamp: new Date(0), LogicalResourceId: label.split('/').pop(), ResourceType: type, ResourceStatus: status as never, ResourceStatusReason: reason },
  });

  test('the first real failure, not cancellations or nested-stack summaries', () => {
    const records = [
      record('shop', 'UPDATE_IN_PROGRESS', 'User Initiated', 'AWS::CloudFormation::Stack'),
      record('FamilyApiStack/LogGroup', 'UPDATE_FAILED', 'Resource update cancelled'),
      record('FamilyApiStack/Service', 'UPDATE_FAILED', 'Service did not stabilize'),
      record('FamilyApiStack', 'UPDATE_FAILED', 'Embedded stack arn:x was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Service].', 'AWS::CloudFormation::Stack'),
      record('FamilyWorkerStack/TaskRole', 'UPDATE_FAILED', 'AccessDenied'),
    ];
    expect(rootCauses(records).map((r) => r.label)).toEqual(['FamilyApiStack/Service', 'FamilyWorkerStack/TaskRole']);
  });

  test('when every failure looks like a consequence, all of them', () => {
    const records = [record('FamilyApiStack', 'CREATE_FAILED', 'Embedded stack arn:x was not successfully created', 'AWS::CloudFormation::Stack')];
    expect(rootCauses(records)).toHaveLength(1);
  });
});
