/**
 * ECS ComposeX's older spelling of step scaling in `Services` entries of x-alarms and x-sqs:
 * `steps`, `lower_bound`, `upper_bound`, `count` read as today's keys with one warning per entry
 * (CX3329); `scaling_in_cooldown` / `scaling_out_cooldown` (which ECS ComposeX never read) read as
 * the cooldowns, said in the same warning; the list form's `access` / `scaling` on x-alarms as on
 * the other kinds.
 */
import { yaml } from '../helpers/project-dir';
import { at, atAfter, compileText, located } from '../dialect/helpers';

const alarm = (entry: string) => yaml`
  name: older
  services:
    app03:
      image: ghcr.io/example/app:1.0
      x-scaling: {Range: "0-5"}
  x-alarms:
    alarm-01:
      Properties:
        Namespace: lag-metrics
        MetricName: TotalLag
        Dimensions: [{Name: ConsumerGroup, Value: c1}]
        Statistic: Sum
        Period: 60
        EvaluationPeriods: 5
        Threshold: 1
        ComparisonOperator: GreaterThanOrEqualToThreshold
      Services:
        ${entry}
`;

const OLDER = `- name: app03
          access: NA
          Scaling:
            scaling_in_cooldown: 300
            scaling_out_cooldown: 90
            steps:
              - lower_bound: 0
                upper_bound: 1000
                count: 1
              - lower_bound: 1000
                count: 3`;

describe('the older spelling of Scaling', () => {
  test('x-alarms: read as today\'s keys, one warning at Scaling naming both kinds of keys; the cooldowns are read', () => {
    const source = alarm(OLDER);
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3329'))).toEqual([`CX3329 ${at(source, 'Scaling:')}`]);
    const warning = diagnostics.find((d) => d.code === 'CX3329')!;
    expect(warning.message).toContain("older spelling steps, lower_bound, upper_bound, count: read as Steps, LowerBound, UpperBound, Count");
    expect(warning.message).toContain('scaling_in_cooldown and scaling_out_cooldown, which ECS ComposeX never read');
    expect(warning.hint).toBe('write it as Scaling: {ScaleInCooldown: 300, ScaleOutCooldown: 90, Steps: [{LowerBound: 0, UpperBound: 1000, Count: 1}, {LowerBound: 1000, Count: 3}]}');
    const scaling = model!.alarms!.find((a) => a.name === 'alarm-01')!.scaling!;
    expect(scaling.map((s) => s.family)).toEqual(['app03']);
    expect(scaling[0].scaling).toMatchObject({
      scaleInCooldown: 300,
      scaleOutCooldown: 90,
      steps: [
        { lowerBound: 0, upperBound: 1000, count: 1 },
        { lowerBound: 1000, count: 3 },
      ],
    });
  });

  test('the list form\'s lower-case access and scaling on x-alarms, as on the other kinds: no warning of their own', () => {
    const source = alarm(OLDER.replace('Scaling:', 'scaling:').replace(/\n\s*scaling_in_cooldown: 300\n\s*scaling_out_cooldown: 90/, '').replace('steps:', 'Steps:').replace(/lower_bound/g, 'LowerBound').replace(/upper_bound/g, 'UpperBound').replace(/count:/g, 'Count:'));
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => /^CX33(29|57)/.test(l))).toEqual([]);
    expect(model!.alarms![0].scaling![0].scaling.steps).toHaveLength(2);
  });

  test('a lower-case access other than NA warns at it, as Access does (CX3357)', () => {
    const source = alarm(OLDER.replace('access: NA', 'access: RW'));
    expect(located(compileText(source).diagnostics, 'warning').filter((l) => l.startsWith('CX3357'))).toEqual([`CX3357 ${at(source, 'RW')}`]);
  });

  test('a problem inside the older spelling is located where it is written', () => {
    const source = alarm(OLDER.replace('- lower_bound: 1000', '- lower_bound: 500'));
    const { model, diagnostics } = compileText(source);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3322 ${atAfter(source, '- lower_bound: ', '500')}`]);
  });

  test('a key in both spellings: the older one is an unknown key (CX3301), with did-you-mean', () => {
    const source = alarm(OLDER.replace('            steps:', '            Steps: [{LowerBound: 0, Count: 1}]\n            steps:'));
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3301 ${at(source, 'steps:')}`]);
    expect(diagnostics.find((d) => d.code === 'CX3301')!.hint).toBe("did you mean 'Steps'?");
  });

  test('both access and Access in one list entry: access is an unknown key', () => {
    const source = alarm(OLDER.replace('access: NA', 'access: NA\n          Access: NA'));
    expect(located(compileText(source).diagnostics, 'error')).toEqual([`CX3301 ${at(source, 'access:')}`]);
  });

  test('x-sqs: the same reading, one warning at the list form\'s scaling', () => {
    const source = yaml`
      name: older
      services:
        worker:
          image: ghcr.io/example/worker:1.0
          x-scaling: {Range: "0-10"}
      x-sqs:
        jobs:
          Services:
            - name: worker
              access: RWMessages
              scaling:
                steps:
                  - {lower_bound: 1, upper_bound: 10, count: 1}
                  - {lower_bound: 10, count: 5}
    `;
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3329'))).toEqual([`CX3329 ${at(source, 'scaling:\n')}`]);
    expect(diagnostics.find((d) => d.code === 'CX3329')!.message).not.toContain('never read');
    expect(model!.grants.find((g) => g.resource === 'jobs')!.scaling!.steps).toEqual([
      { lowerBound: 1, upperBound: 10, count: 1 },
      { lowerBound: 10, count: 5 },
    ]);
  });

  test('today\'s spelling: no warning', () => {
    const source = alarm('app03: {Scaling: {Steps: [{LowerBound: 0, Count: 1}]}}');
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics).filter((l) => l.startsWith('CX3329'))).toEqual([]);
  });
});
