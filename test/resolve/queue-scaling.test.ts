/**
 * `Scaling` on x-sqs Services entries in the resolve stage: the steps as written on the grant, the
 * family's x-scaling range they must fit, and every mistake located with a hint.
 */
import { pos, resolve, resolveOk } from './fixtures';

const worker = (xScaling = '{Range: "0-10"}') => `
services:
  worker: {image: worker, x-scaling: ${xScaling}}
x-sqs:
  jobs:
    Services:
      worker:
        Access: Consumer
`;

/** A project whose worker is scaled on `jobs` with `scaling` (a flow mapping). */
const scaled = (scaling: string, xScaling?: string) => `${worker(xScaling)}        Scaling: ${scaling}\n`;

function located(yaml: string) {
  const { model, diagnostics } = resolve(yaml);
  return { model, found: diagnostics.map(({ code, severity, message, line, column, hint }) => ({ code, severity, message, line, column, hint })) };
}

describe('queue scaling', () => {
  test('the steps, the threshold (the first LowerBound) and the cooldowns are on the family grant', () => {
    const model = resolveOk(scaled('{Steps: [{LowerBound: 1, UpperBound: 100, Count: 1}, {LowerBound: 100, UpperBound: 500, Count: 4}, {LowerBound: 500, Count: 10}], ScaleInCooldown: 120}'));
    const grant = model.grants.find((g) => g.resource === 'jobs')!;
    expect(grant.family).toBe('worker');
    expect(grant.scaling).toEqual({
      threshold: 1,
      steps: [
        { lowerBound: 1, upperBound: 100, count: 1 },
        { lowerBound: 100, upperBound: 500, count: 4 },
        { lowerBound: 500, count: 10 },
      ],
      scaleOutCooldown: 60,
      scaleInCooldown: 120,
      path: ['x-sqs', 'jobs', 'Services', 'worker', 'Scaling'],
    });
  });

  test('a queue given by Lookup scales too; an entry without Scaling has none', () => {
    const model = resolveOk(`
      services:
        worker: {image: worker, x-scaling: {Range: "1-5"}}
        api: {image: api}
      x-sqs:
        legacy:
          Lookup: {Arn: arn:aws:sqs:eu-west-1:123456789012:legacy}
          Services:
            api: {Access: Producer}
            worker: {Access: Consumer, Scaling: {Steps: [{LowerBound: 10, Count: 5}]}}
    `);
    expect(model.grants.find((g) => g.family === 'api')!.scaling).toBeUndefined();
    expect(model.grants.find((g) => g.family === 'worker')!.scaling).toMatchObject({ threshold: 10, steps: [{ lowerBound: 10, count: 5 }] });
  });

  test('LowerBound 0 on the first step is warned about and read as 1 (never silently)', () => {
    const yaml = scaled('{Steps: [{LowerBound: 0, UpperBound: 10, Count: 1}, {LowerBound: 10, Count: 2}]}');
    const { model, found } = located(yaml);
    expect(found).toEqual([
      {
        code: 'CX3326',
        severity: 'warning',
        message: 'the first step of x-sqs.jobs.Services.worker.Scaling.Steps starts at LowerBound 0: an alarm on "0 messages or more" never clears, so the family would never scale in; composex reads it as 1',
        ...lineColumn(yaml, '0, UpperBound'),
        hint: 'write LowerBound: 1 (an empty queue scales the family in to its x-scaling minimum, zero when the Range starts at 0)',
      },
    ]);
    expect(model!.grants[0].scaling).toMatchObject({ threshold: 1, steps: [{ lowerBound: 1, upperBound: 10, count: 1 }, { lowerBound: 10, count: 2 }] });
  });

  test.each<[string, string, string | undefined, string, string, string]>([
    ['no Steps', '{ScaleInCooldown: 60}', undefined, 'CX3322', 'x-sqs.jobs.Services.worker.Scaling has no Steps', 'Scaling:'],
    ['no step at all', '{Steps: []}', undefined, 'CX3322', 'x-sqs.jobs.Services.worker.Scaling.Steps is empty', '[]'],
    ['a step without Count', '{Steps: [{LowerBound: 1}]}', undefined, 'CX3322', 'step 1 of x-sqs.jobs.Services.worker.Scaling.Steps has no Count', '{LowerBound: 1}'],
    ['UpperBound not above LowerBound', '{Steps: [{LowerBound: 5, UpperBound: 5, Count: 1}, {LowerBound: 5, Count: 2}]}', undefined, 'CX3322', 'step 1 of x-sqs.jobs.Services.worker.Scaling.Steps has UpperBound 5 not above its LowerBound 5', '5, Count: 1'],
    ['overlapping steps', '{Steps: [{LowerBound: 1, UpperBound: 10, Count: 1}, {LowerBound: 8, Count: 2}]}', undefined, 'CX3322', 'step 2 of x-sqs.jobs.Services.worker.Scaling.Steps starts at LowerBound 8 and overlaps the step before it, which ends at UpperBound 10', '8, Count'],
    ['a gap between steps', '{Steps: [{LowerBound: 1, UpperBound: 10, Count: 1}, {LowerBound: 20, Count: 2}]}', undefined, 'CX3322', 'step 2 of x-sqs.jobs.Services.worker.Scaling.Steps starts at LowerBound 20 and leaves a gap after the step before it, which ends at UpperBound 10', '20, Count'],
    ['steps out of order', '{Steps: [{LowerBound: 10, Count: 2}, {LowerBound: 1, UpperBound: 10, Count: 1}]}', undefined, 'CX3322', "step 2 of x-sqs.jobs.Services.worker.Scaling.Steps starts at LowerBound 1, not above step 1's 10: the steps are out of order", '1, UpperBound'],
    ['an open step before the last', '{Steps: [{LowerBound: 1, Count: 1}, {LowerBound: 10, Count: 2}]}', undefined, 'CX3322', 'step 1 of x-sqs.jobs.Services.worker.Scaling.Steps has no UpperBound, but only the last step may be open', '{LowerBound: 1,'],
    ['a closed last step', '{Steps: [{LowerBound: 1, UpperBound: 10, Count: 1}]}', undefined, 'CX3322', 'the last step of x-sqs.jobs.Services.worker.Scaling.Steps ends at UpperBound 10: a deeper queue would match no step', 'UpperBound'],
    ['a first step covering only an empty queue', '{Steps: [{LowerBound: 0, UpperBound: 1, Count: 1}, {LowerBound: 1, Count: 2}]}', undefined, 'CX3322', 'the first step of x-sqs.jobs.Services.worker.Scaling.Steps covers only an empty queue (LowerBound 0, UpperBound 1)', '{LowerBound: 0'],
    ['a negative cooldown', '{Steps: [{LowerBound: 1, Count: 1}], ScaleOutCooldown: -1}', undefined, 'CX3302', 'x-sqs.jobs.Services.worker.Scaling.ScaleOutCooldown must be an integer from 0 to 86400, not number -1', '-1}'],
    ['an unknown key (did you mean)', '{Steps: [{LowerBound: 1, Count: 1}], ScaleInCoolDown: 60}', undefined, 'CX3301', "unknown key 'ScaleInCoolDown' in x-sqs.jobs.Services.worker.Scaling", 'ScaleInCoolDown'],
    [
      'a family without x-scaling',
      '{Steps: [{LowerBound: 1, Count: 4}]}',
      'null',
      'CX3323',
      "queue 'jobs' scales family 'worker', which has no x-scaling Range to scale within",
      'Scaling:',
    ],
    [
      'a Count above the range',
      '{Steps: [{LowerBound: 1, UpperBound: 50, Count: 2}, {LowerBound: 50, Count: 20}]}',
      '{Range: "0-10"}',
      'CX3324',
      "step 2 of queue 'jobs' asks for 20 tasks, outside the x-scaling Range 0-10 of family 'worker' (compose.yaml:2:27): Application Auto Scaling would keep 10",
      '20}',
    ],
    ['a Count below the range', '{Steps: [{LowerBound: 1, Count: 1}]}', '{Range: "2-10"}', 'CX3324', "step 1 of queue 'jobs' asks for 1 tasks, outside the x-scaling Range 2-10 of family 'worker' (compose.yaml:2:27): Application Auto Scaling would keep 2", '1}'],
    ['a step running no task', '{Steps: [{LowerBound: 1, Count: 0}]}', undefined, 'CX3324', "step 1 of queue 'jobs' runs no task while messages wait: the queue would never drain", '0}'],
    [
      'a family that also tracks CPU',
      '{Steps: [{LowerBound: 1, Count: 2}]}',
      '{Range: "0-10", TargetScaling: {CpuTarget: 70}}',
      'CX3325',
      "family 'worker' is scaled on queue 'jobs' and tracks CPU (compose.yaml:2:27): while the queue is empty its alarm sets the minimum every minute, undoing the target tracking",
      'Scaling: {Steps',
    ],
  ])('%s', (_name, scaling, xScaling, code, message, marker) => {
    const yaml = xScaling === 'null' ? scaled(scaling).replace(', x-scaling: {Range: "0-10"}', '') : scaled(scaling, xScaling);
    const { model, found } = located(yaml);
    expect(model).toBeUndefined();
    expect(found.filter((d) => d.severity === 'error').map(({ code, message, line, column }) => ({ code, message, line, column }))).toEqual([{ code, message, ...lineColumn(yaml, marker) }]);
  });

  test('the hint of a family without x-scaling gives a Range that fits the steps', () => {
    const yaml = scaled('{Steps: [{LowerBound: 1, UpperBound: 9, Count: 2}, {LowerBound: 9, Count: 6}]}').replace(', x-scaling: {Range: "0-10"}', '');
    expect(located(yaml).found[0].hint).toBe(`add x-scaling: {Range: "0-6"} to service 'worker' (0 lets an empty queue scale it to zero tasks; a minimum of 1 keeps one task waiting)`);
  });

  test('a family scaled on two queues is an error at the second, naming the first', () => {
    const yaml = `
      services:
        worker: {image: worker, x-scaling: {Range: "0-10"}}
      x-sqs:
        a:
          Services:
            worker: {Access: Consumer, Scaling: {Steps: [{LowerBound: 1, Count: 2}]}}
        b:
          Services:
            worker: {Access: Consumer, Scaling: {Steps: [{LowerBound: 1, Count: 3}]}}
    `;
    const { model, found } = located(yaml);
    expect(model).toBeUndefined();
    expect(found).toEqual([
      {
        code: 'CX3325',
        severity: 'error',
        message: `family 'worker' is scaled on queue 'b' and on queue 'a' (compose.yaml:${pos(yaml, 'Scaling').line}:${pos(yaml, 'Scaling').column}): each alarm sets the task count every minute, so an empty queue would undo the other's scale-out`,
        ...lineColumn(yaml, 'Scaling', 2),
        hint: 'scale the family on one queue (the one its work arrives on), and remove Scaling from the other entry',
      },
    ]);
  });

  test('a family that runs only as x-events tasks cannot be scaled on a queue', () => {
    const yaml = `
      services:
        worker: {image: worker}
      x-events:
        nightly:
          Properties: {ScheduleExpression: "cron(0 2 * * ? *)"}
          Services:
            worker: {DeleteDefaultService: true}
      x-sqs:
        jobs:
          Services:
            worker: {Access: Consumer, Scaling: {Steps: [{LowerBound: 1, Count: 2}]}}
    `;
    const { found } = located(yaml);
    expect(found.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.line])).toEqual([
      ['CX3323', "queue 'jobs' scales family 'worker', which has no ECS service (x-events DeleteDefaultService): there is no task count to change", pos(yaml, 'Scaling').line],
    ]);
  });
});

function lineColumn(yaml: string, marker: string, occurrence = 1): { line: number; column: number } {
  const { line, column } = pos(yaml, marker, occurrence);
  return { line, column };
}
