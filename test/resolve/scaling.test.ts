/** x-scaling read by resolve: the range, the starting count, target tracking, scheduled actions, and every malformed case located. */
import { pos, resolve, resolveOk } from './fixtures';

const scalingOf = (yaml: string) => resolveOk(yaml).families[0];

describe('x-scaling', () => {
  test('range, targets, cooldown defaults (ECS ComposeX: 300 in, 60 out), starting count from deploy.replicas', () => {
    const family = scalingOf(`
      services:
        api:
          image: api
          deploy: {replicas: 3}
          x-scaling: {Range: "2-10", TargetScaling: {CpuTarget: 70}}
    `);
    expect(family.desiredCount).toBe(3);
    expect(family.scaling).toEqual({ min: 2, max: 10, cpuTarget: 70, scaleInCooldown: 300, scaleOutCooldown: 60, disableScaleIn: false, scheduledActions: [] });
  });

  test('without replicas the service starts at the minimum, and at one task when the range starts at zero', () => {
    expect(scalingOf(`services: {api: {image: api, x-scaling: {Range: "3-5", TargetScaling: {MemoryTarget: 80}}}}`).desiredCount).toBe(3);
    expect(scalingOf(`services: {api: {image: api, x-scaling: {Range: "0-5", TargetScaling: {CpuTarget: 50}}}}`).desiredCount).toBe(1);
  });

  test('scheduled actions: times without an offset are UTC, whatever the machine zone', () => {
    const family = scalingOf(`
      services:
        api:
          image: api
          x-scaling:
            Range: "1-4"
            ScheduledActions:
              - {ScheduledActionName: day, Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: Europe/Paris, StartTime: "2027-01-01T08:00:00", ScalableTargetAction: {MinCapacity: 2, MaxCapacity: 4}}
              - {ScheduledActionName: night, Schedule: "rate(1 day)", EndTime: "2027-06-01T00:00:00+02:00", ScalableTargetAction: {MaxCapacity: 1}}
    `);
    expect(family.scaling!.scheduledActions).toEqual([
      { name: 'day', schedule: 'cron(0 8 ? * MON-FRI *)', timezone: 'Europe/Paris', startTime: '2027-01-01T08:00:00.000Z', minCapacity: 2, maxCapacity: 4 },
      { name: 'night', schedule: 'rate(1 day)', endTime: '2027-05-31T22:00:00.000Z', maxCapacity: 1 },
    ]);
  });

  test.each([
    ['no Range', `{TargetScaling: {CpuTarget: 50}}`, 'CX3320', "services.api.x-scaling has no Range", 'x-scaling'],
    ['a Range that is not min-max', `{Range: "10", TargetScaling: {CpuTarget: 50}}`, 'CX3320', 'services.api.x-scaling.Range "10" is not a range of task counts', '"10"'],
    ['min above max', `{Range: "5-2", TargetScaling: {CpuTarget: 50}}`, 'CX3320', 'services.api.x-scaling.Range "5-2" has its minimum above its maximum', '"5-2"'],
    ['a range allowing no task', `{Range: "0-0", TargetScaling: {CpuTarget: 50}}`, 'CX3320', 'services.api.x-scaling.Range "0-0" allows no task at all', '"0-0"'],
    ['above the ECS maximum', `{Range: "1-6000", TargetScaling: {CpuTarget: 50}}`, 'CX3320', 'services.api.x-scaling.Range "1-6000" goes above the 5000 tasks an ECS service can run', '"1-6000"'],
    ['a target above 100%', `{Range: "1-3", TargetScaling: {CpuTarget: 150}}`, 'CX3302', 'services.api.x-scaling.TargetScaling.CpuTarget must be an integer from 1 to 100, not number 150', '150'],
    ['an unknown key, with did you mean', `{Range: "1-3", TargetScaling: {CPUTarget: 50}}`, 'CX3301', "unknown key 'CPUTarget' in services.api.x-scaling.TargetScaling", 'CPUTarget'],
    ['a schedule AWS would refuse', `{Range: "1-3", ScheduledActions: [{ScheduledActionName: a, Schedule: "every day", ScalableTargetAction: {MaxCapacity: 2}}]}`, 'CX3320', 'Schedule "every day" is not an Application Auto Scaling schedule expression', '"every day"'],
    ['a scheduled action changing nothing', `{Range: "1-3", ScheduledActions: [{ScheduledActionName: a, Schedule: "rate(1 day)", ScalableTargetAction: {}}]}`, 'CX3320', "scheduled action 'a' changes nothing: it sets neither MinCapacity nor MaxCapacity", '{}}'],
    ['two scheduled actions of one name', `{Range: "1-3", ScheduledActions: [{ScheduledActionName: a, Schedule: "rate(1 day)", ScalableTargetAction: {MaxCapacity: 1}}, {ScheduledActionName: a, Schedule: "rate(2 days)", ScalableTargetAction: {MaxCapacity: 2}}]}`, 'CX3320', "scheduled action 'a' is declared twice", 'a, Schedule: "rate(2'],
    ['a start time that is no time', `{Range: "1-3", ScheduledActions: [{ScheduledActionName: a, Schedule: "rate(1 day)", StartTime: tomorrow, ScalableTargetAction: {MaxCapacity: 1}}]}`, 'CX3320', 'StartTime "tomorrow" is not a date and time', 'tomorrow'],
  ])('%s', (_name, xScaling, code, message, marker) => {
    const yaml = `services: {api: {image: api, x-scaling: ${xScaling}}}`;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.map(({ code, message, line, column }) => ({ code, message, line, column }))).toEqual([{ code, message, ...(({ line, column }) => ({ line, column }))(pos(yaml, marker)) }]);
  });

  test('deploy.replicas outside the range is refused where it is written', () => {
    const yaml = `
      services:
        api: {image: api, deploy: {replicas: 12}, x-scaling: {Range: "1-10", TargetScaling: {CpuTarget: 60}}}
    `;
    const { diagnostics } = resolve(yaml);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3321',
        message: "deploy.replicas 12 of 'api' lies outside the x-scaling Range 1-10 of family 'api': Application Auto Scaling would move it into the range at once",
        ...pos(yaml, '12'),
        hint: 'set deploy.replicas between 1 and 10 (the count the service starts with), or remove it to start at 1',
      },
    ]);
  });

  test("services of one family: their x-scaling merged as ECS ComposeX does (one ECS service scales), the one that differs told", () => {
    const yaml = `
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: app}}, x-scaling: {Range: "1-4", TargetScaling: {CpuTarget: 60}}}
        b: {image: b, deploy: {labels: {ecs.task.family: app}}, x-scaling: {Range: "1-8", TargetScaling: {CpuTarget: 60}}}
    `;
    expect(resolve(yaml).diagnostics.map((d) => [d.code, d.line])).toEqual([['CX3972', 2]]);
    expect(scalingOf(yaml).scaling!.max).toBe(8);
    // one service writing it is enough
    expect(scalingOf(yaml.replace(', x-scaling: {Range: "1-8", TargetScaling: {CpuTarget: 60}}', '')).scaling!.max).toBe(4);
  });
});

describe("deploy.x-aws-autoscaling (Docker's ECS integration)", () => {
  test('read as x-scaling: Range min-max (min 1 by default), cpu and mem targets', () => {
    expect(scalingOf(`services: {api: {image: api, deploy: {x-aws-autoscaling: {max: 8, cpu: 75}}}}`).scaling).toEqual({
      min: 1,
      max: 8,
      cpuTarget: 75,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
      disableScaleIn: false,
      scheduledActions: [],
    });
    expect(scalingOf(`services: {api: {image: api, deploy: {x-aws-autoscaling: {min: 2, max: 4, mem: 60}}}}`).scaling).toMatchObject({ min: 2, max: 4, memoryTarget: 60 });
  });

  test('x-scaling wins over it, with a warning at the Docker key', () => {
    const yaml = `services: {api: {image: api, deploy: {x-aws-autoscaling: {max: 8}}, x-scaling: {Range: "1-3", TargetScaling: {CpuTarget: 50}}}}`;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.families[0].scaling!.max).toBe(3);
    expect(diagnostics.map((d) => [d.severity, d.code, d.message, d.column])).toEqual([
      ['warning', 'CX3320', "service 'api' has both x-scaling and deploy.x-aws-autoscaling; x-scaling is used", pos(yaml, 'x-aws-autoscaling').column],
    ]);
  });

  test('a missing max is refused where the key is', () => {
    const yaml = `services: {api: {image: api, deploy: {x-aws-autoscaling: {cpu: 75}}}}`;
    expect(resolve(yaml).diagnostics.map((d) => [d.code, d.message, d.column])).toEqual([
      ['CX3320', 'services.api.deploy.x-aws-autoscaling has no max', pos(yaml, 'x-aws-autoscaling').column],
    ]);
  });
});
