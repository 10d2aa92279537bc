/** `Settings.EnvNames` (ECS ComposeX) on x-sqs and x-sns: the variables holding the main value, instead of `<NAME>`. */
import { yaml } from '../helpers/project-dir';
import { at, compileText, located } from './helpers';

const text = (envNames: string) => yaml`
  name: dialect
  services:
    app:
      image: nginx:1.27
  x-sqs:
    jobs:
      Settings: {EnvNames: ${envNames}}
      Services: [{name: app, access: RWMessages}]
  x-sns:
    events:
      Settings: {EnvNames: [EVENTS_TOPIC]}
      Services: {app: {Access: Publish}}
`;

describe('Settings.EnvNames on queues and topics', () => {
  test('replace <NAME> for each consumer', () => {
    const { model, diagnostics } = compileText(text('[JOBS_QUEUE, queue]'));
    expect(located(diagnostics, 'error')).toEqual([]);
    const names = (resource: string) => model!.grants.filter((g) => g.resource === resource).flatMap((g) => g.environment.map((e) => e.name));
    expect(names('jobs')).toEqual(['JOBS_QUEUE', 'queue']);
    expect(names('events')).toEqual(['EVENTS_TOPIC']);
  });

  test('a name that is no variable name is refused where it is written', () => {
    const source = text('[JOBS-QUEUE]');
    const { model, diagnostics } = compileText(source);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3601 ${at(source, 'JOBS-QUEUE')}`]);
  });
});
