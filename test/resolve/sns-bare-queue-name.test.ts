/**
 * ECS ComposeX's first releases wrote an `x-sns` subscription's `Endpoint` as the bare name of an
 * x-sqs queue (its use-cases/blog-all-features.yml): read as that queue, with a warning (CX3940);
 * a name that is no queue of the file is still refused (CX3604).
 */
import { pos, resolve } from './fixtures';

function project(endpoint: string): string {
  return `services:
  api: {image: api}
x-sqs:
  queueB:
    Services: {api: {Access: Consumer}}
x-sns:
  topicB:
    Properties: {Subscription: [{Endpoint: ${endpoint}, Protocol: sqs}]}
    Services: {api: {Access: Publish}}
`;
}

test('Endpoint: queueB subscribes the x-sqs queue queueB, warned at the endpoint', () => {
  const yaml = project('queueB');
  const { model, diagnostics } = resolve(yaml);
  expect(diagnostics).toEqual([
    {
      severity: 'warning',
      code: 'CX3940',
      message: "subscription endpoint 'queueB' is read as the x-sqs queue 'queueB', as ECS ComposeX's first releases read it",
      ...pos(yaml, 'queueB, Protocol'),
      hint: 'write Endpoint: x-sqs::queueB',
    },
  ]);
  expect(model!.resources.topic.map((t) => t.subscriptions.map((s) => s.queue))).toEqual([['queueB']]);
});

test('x-sqs::queueB: no warning, the same subscription', () => {
  const { model, diagnostics } = resolve(project('x-sqs::queueB'));
  expect(diagnostics).toEqual([]);
  expect(model!.resources.topic.map((t) => t.subscriptions.map((s) => s.queue))).toEqual([['queueB']]);
});

test('a bare name that is no queue of the file is refused (CX3604)', () => {
  const { model, diagnostics } = resolve(project('queueC'));
  expect(model).toBeUndefined();
  expect(diagnostics.map((d) => d.code)).toEqual(['CX3604']);
});
