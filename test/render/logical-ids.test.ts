import { App, Aspects, CfnCondition, CfnElement, CfnOutput, Fn, IAspect, NestedStack, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { freezeLogicalIds } from '../../src/render/logical-ids';
import { synthesizeApp, synthesizeAppWithoutShortcuts, SynthOptions } from '../../src/render/synth';

const OPTIONS: SynthOptions = { projectName: 'demo', format: 'json' };

class Rename implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof sqs.CfnQueue && node.node.id === 'Late') node.overrideLogicalId('RenamedByAspect');
  }
}

/** Every way an element gets its logical id, and every place one is used. */
function build(root: Stack): void {
  const stack = new NestedStack(root, 'Queues');
  const dead = new sqs.CfnQueue(stack, 'Dead'); // allocated from the path
  const named = new sqs.CfnQueue(stack, 'Named');
  named.overrideLogicalId('NamedQueue');
  const renamed = new sqs.CfnQueue(stack, 'Renamed');
  stack.renameLogicalId(stack.getLogicalId(renamed), 'RenamedByStack');
  const late = new sqs.CfnQueue(stack, 'Late', { queueName: 'late' });
  Aspects.of(root).add(new Rename());
  const condition = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(Fn.ref('AWS::Region'), 'eu-west-1') });
  const queue = new sqs.CfnQueue(stack, 'Queue', {
    redrivePolicy: { deadLetterTargetArn: dead.attrArn, maxReceiveCount: 3 },
    queueName: `${named.ref}-${renamed.attrQueueName}`,
    tags: [{ key: 'late', value: late.ref }],
  });
  queue.cfnOptions.condition = condition;
  queue.addDependency(late);
  new CfnOutput(stack, 'Url', { value: queue.ref });
  new CfnOutput(stack, 'Sub', { value: Fn.sub('${Arn}', { Arn: late.attrArn }) });
}

describe('logical ids frozen before the templates are written', () => {
  test('the files are byte for byte those of CDK’s ordinary synthesis, renames by the stack and by an aspect included', () => {
    for (const options of [OPTIONS, { ...OPTIONS, format: 'yaml' as const, bucket: 'b', prefix: 'p' }]) {
      const fast = synthesizeApp(build, options);
      const ordinary = synthesizeAppWithoutShortcuts(build, options);
      expect(fast.files.map((f) => [f.path, f.content])).toEqual(ordinary.files.map((f) => [f.path, f.content]));
    }
    const queues = synthesizeApp(build, OPTIONS).files.find((f) => f.path === 'Queues.json')!.template;
    expect(Object.keys(queues.Resources ?? {})).toEqual(expect.arrayContaining(['NamedQueue', 'RenamedByStack', 'RenamedByAspect']));
    const queue = Object.values(queues.Resources ?? {}).find((r) => r.DependsOn !== undefined)!;
    expect(queue).toMatchObject({
      Condition: 'IsProd',
      DependsOn: ['RenamedByAspect'],
      Properties: { Tags: [{ Key: 'late', Value: { Ref: 'RenamedByAspect' } }] },
    });
  });

  test('an element’s logicalId and its Ref and GetAtt become the string they resolve to', () => {
    const app = new App();
    const stack = new Stack(app, 'demo');
    const dead = new sqs.CfnQueue(stack, 'Dead');
    const queue = new sqs.CfnQueue(stack, 'Queue');
    queue.overrideLogicalId('Work');
    const ref = queue.ref;
    const arn = dead.attrArn;
    expect(freezeLogicalIds(stack)).toBe(2);
    expect(queue.logicalId).toBe('Work');
    expect(dead.logicalId).toBe('Dead'); // allocated by the stack (a top-level id is kept)
    expect(stack.resolve(ref)).toEqual({ Ref: 'Work' });
    expect(stack.resolve(arn)).toEqual({ 'Fn::GetAtt': [dead.logicalId, 'Arn'] });
  });

  test('an element CDK cannot name keeps its token', () => {
    class Refusing extends Stack {
      protected override allocateLogicalId(element: CfnElement): string {
        if (element.node.id === 'Unnamed') throw new Error('not yet');
        return super.allocateLogicalId(element);
      }
    }
    const stack = new Refusing(new App(), 'demo');
    const unnamed = new sqs.CfnQueue(stack, 'Unnamed');
    const named = new sqs.CfnQueue(stack, 'Named');
    const token = unnamed.logicalId;
    expect(freezeLogicalIds(stack)).toBe(1);
    expect(unnamed.logicalId).toBe(token);
    expect(named.logicalId).toBe('Named');
    expect(() => stack.resolve(unnamed.ref)).toThrow('not yet');
  });

  test('a tree without nested stacks is synthesized as before', () => {
    const only = (root: Stack) => void new sqs.CfnQueue(root, 'Queue', { queueName: 'q' });
    expect(synthesizeApp(only, OPTIONS).files.map((f) => f.content)).toEqual(synthesizeAppWithoutShortcuts(only, OPTIONS).files.map((f) => f.content));
  });
});
