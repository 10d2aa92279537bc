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

  test('a name a shell cannot expand is set as written (ECS takes any name), with a warning where it is written', () => {
    const source = text('[JOBS-QUEUE]');
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((w) => w.startsWith('CX3615'))).toEqual([`CX3615 ${at(source, 'JOBS-QUEUE')}`]);
    expect(model!.grants.find((g) => g.resource === 'jobs')!.environment.map((e) => e.name)).toEqual(['JOBS-QUEUE']);
  });

  test('a name ECS cannot carry (with = or a space) is refused where it is written', () => {
    const source = text('["JOBS=QUEUE"]');
    const { model, diagnostics } = compileText(source);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3601 ${at(source, '"JOBS=QUEUE"')}`]);
  });
});
