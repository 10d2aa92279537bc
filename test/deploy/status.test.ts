import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { FakeCloud } from './fake-aws';
import { deployedShop, runAws, SHOP } from './helpers';

const AWS = ['--region', 'eu-west-1'];

describe('composex status', () => {
  test('status, endpoints, ECS services and recent events', async () => {
    const cloud = await deployedShop();
    const r = await runAws(cloud, ['status', '-p', 'shop', ...AWS, '--events', '3'], '/');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'Stack shop: CREATE_COMPLETE, last changed 2026-11-23 10:00:00 UTC',
      '',
      'Endpoints:',
      '  shop-lb-0123456789.elb.eu-west-1.amazonaws.com:80    (listener TCP 80)',
      '  shop-lb-0123456789.elb.eu-west-1.amazonaws.com:1883  (listener TCP 1883)',
      '',
      'ECS services:',
      expect.stringMatching(/^ {2}api {7}shop-FamilyApiStack-\S+-Service-Zz9 {2}\(cluster shop-cluster\)$/),
      expect.stringMatching(/^ {2}frontend {2}shop-FamilyFrontendStack-\S+-Service-Zz9 {2}\(cluster shop-cluster\)$/),
      expect.stringMatching(/^ {2}mqtt {6}shop-FamilyMqttStack-/),
      expect.stringMatching(/^ {2}worker {4}shop-FamilyWorkerStack-/),
      '',
      'Recent events:',
      '  10:03:16  CREATE_COMPLETE       NetworkingStack  AWS::CloudFormation::Stack',
      '  10:03:22  CREATE_COMPLETE       StorageStack  AWS::CloudFormation::Stack',
      '  10:03:23  CREATE_COMPLETE       shop  AWS::CloudFormation::Stack',
      '',
    ]);
  });

  test('the project name comes from the compose file when -p is not given', async () => {
    const cloud = await deployedShop();
    const r = await runAws(cloud, ['status', ...AWS, '--events', '0'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Stack shop: CREATE_COMPLETE/);
    expect(r.stdout).not.toContain('Recent events');
  });

  test('no such stack: exit 1', async () => {
    const r = await runAws(new FakeCloud(), ['status', '-p', 'shop', ...AWS], '/');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error CX6031: there is no stack shop in this region\n  hint: check --region / -p, or deploy it with `composex deploy`\n");
  });

  test('after a failed update: what it means and the root cause', async () => {
    const cloud = await deployedShop();
    const root = cloud.stackNamed('shop')!;
    const api = cloud.stacks.get(root.resources.get('FamilyApiStack')!.physicalId!)!;
    cloud.selfEvent(root, 'UPDATE_IN_PROGRESS', 'User Initiated');
    cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS');
    cloud.event(api, 'Service', 'AWS::ECS::Service', 'UPDATE_FAILED', { reason: 'ECS Deployment Circuit Breaker was triggered' });
    cloud.event(root, 'FamilyApiStack', 'AWS::CloudFormation::Stack', 'UPDATE_FAILED', { reason: `Embedded stack ${api.id} was not successfully updated.` });
    cloud.selfEvent(root, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [FamilyApiStack].');
    cloud.selfEvent(root, 'UPDATE_ROLLBACK_COMPLETE');
    const r = await runAws(cloud, ['status', '-p', 'shop', ...AWS, '--events', '0'], '/');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Stack shop: UPDATE_ROLLBACK_COMPLETE, last changed 2026-11-23 10:00:00 UTC',
        '  the update failed and was rolled back: the stack runs what it ran before',
        '  Root cause:',
        '    FamilyApiStack/Service (AWS::ECS::Service) UPDATE_FAILED at 10:03:26: ECS Deployment Circuit Breaker was triggered',
      ].join('\n'),
    );
  });

  test('--watch resumes following an operation in progress (after deploy --no-wait or Ctrl-C)', async () => {
    const cloud = await deployedShop({ wait: false });
    cloud.tick(); // CloudFormation has started
    expect(cloud.stackNamed('shop')!.status).toBe('CREATE_IN_PROGRESS');
    const r = await runAws(cloud, ['status', '-p', 'shop', ...AWS, '--watch', '--events', '0'], '/');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Watching stack shop \(CREATE_IN_PROGRESS\); Ctrl-C stops watching\n10:00:02 {2}CREATE_IN_PROGRESS {4}shop {2}AWS::CloudFormation::Stack {2}User Initiated\n/);
    expect(r.stdout).toMatch(/CREATE_COMPLETE {7}shop {2}AWS::CloudFormation::Stack\nStack shop: CREATE_COMPLETE/);
    expect(r.stdout).toContain('Endpoints:');
  });

  test('--watch and Ctrl-C: says how to resume (exit 130)', async () => {
    const cloud = await deployedShop({ wait: false });
    cloud.tick();
    const r = await runAws(cloud, ['status', '-p', 'shop', ...AWS, '--watch'], '/', { onSleep: (n, io) => io.interrupt() });
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Stopped watching; shop is still CREATE_IN_PROGRESS. Resume with: composex status -p shop --watch');
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });
});
