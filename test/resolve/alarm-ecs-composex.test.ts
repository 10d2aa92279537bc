/**
 * x-alarms as ECS ComposeX means it, read by resolve: `Services.<name>.Scaling` (step scaling on
 * the alarm), `Services` adding no dimensions to an alarm with its own, `MacroParameters.ServiceName`
 * and `MacroParameters.CompositeExpression`; each malformed case located.
 */
import { parseAlarmRule } from '../../src/resolve/x-alarm-rule';
import { pos, resolve, resolveOk } from './fixtures';

const base = `
services:
  api: {image: api, x-scaling: {Range: "1-6"}}
  worker: {image: worker, deploy: {labels: {ecs.task.family: "jobs,batch"}}, x-scaling: {Range: "0-4"}}
x-sns:
  alerts: {}
`;
const lag = 'Namespace: lag-metrics, MetricName: TotalLag, Statistic: Sum, Period: 60, EvaluationPeriods: 5, Threshold: 1, ComparisonOperator: GreaterThanOrEqualToThreshold';

function located(yaml: string) {
  const { diagnostics } = resolve(yaml);
  return diagnostics.filter((d) => d.code !== 'CX3612').map(({ code, severity, message, line, column }) => ({ code, severity, message, line, column }));
}

describe('Services.<name>.Scaling', () => {
  test('one alarm in the Alarms stack, scaling each family of the service, steps relative to the threshold', () => {
    const yaml = `${base}
x-alarms:
  lag:
    Properties: {${lag}, Dimensions: [{Name: Topic, Value: t1}]}
    Services:
      worker:
        Access: NA
        Scaling:
          ScaleInCooldown: 120
          Steps:
            - {LowerBound: 0, UpperBound: 1000, Count: 1}
            - {LowerBound: 1000, Count: 3}
`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.code !== 'CX3612')).toEqual([]);
    expect(model!.alarms!.map(({ name, family, dimensions, scaling }) => ({ name, family, dimensions, scaling }))).toEqual([
      {
        name: 'lag',
        family: undefined,
        dimensions: [{ name: 'Topic', value: 't1' }],
        scaling: ['batch', 'jobs'].map((family) => ({
          family,
          scaling: {
            threshold: 0,
            steps: [
              { lowerBound: 0, upperBound: 1000, count: 1 },
              { lowerBound: 1000, count: 3 },
            ],
            scaleOutCooldown: 60,
            scaleInCooldown: 120,
            path: ['x-alarms', 'lag', 'Services', 'worker', 'Scaling'],
          },
        })),
      },
    ]);
  });

  test('the last step UpperBound is removed, as ECS ComposeX does, with a warning at it (CX3352)', () => {
    const yaml = `${base}
x-alarms:
  lag:
    Properties: {${lag}}
    Services: {api: {Scaling: {Steps: [{LowerBound: 0, UpperBound: 10, Count: 2}, {LowerBound: 10, UpperBound: 10000, Count: 6}]}}}
`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.code === 'CX3352').map(({ line, column }) => ({ line, column }))).toEqual([(({ line, column }) => ({ line, column }))(pos(yaml, 'UpperBound: 10000'))]);
    expect(model!.alarms![0].scaling![0].scaling.steps).toEqual([
      { lowerBound: 0, upperBound: 10, count: 2 },
      { lowerBound: 10, count: 6 },
    ]);
  });

  const cases: [string, string, string, string, string][] = [
    ['a LessThan alarm (no step above the threshold is ever reached)', `{Properties: {${lag.replace('GreaterThanOrEqualToThreshold', 'LessThanThreshold')}}, Services: {api: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}}`, 'CX3353', 'x-alarms.a.Services.api scales on an alarm with ComparisonOperator LessThanThreshold', 'Scaling'],
    ['a family without x-scaling', `{Properties: {${lag}}, Services: {rproxy: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}}`, 'CX3323', "alarm 'a' scales family 'rproxy', which has no x-scaling Range to scale within", 'Scaling'],
    ['a Count above the Range', `{Properties: {${lag}}, Services: {api: {Scaling: {Steps: [{LowerBound: 0, Count: 9}]}}}}`, 'CX3324', "step 1 of alarm 'a' asks for 9 tasks, outside the x-scaling Range 1-6 of family 'api'", '9}'],
    ['overlapping steps', `{Properties: {${lag}}, Services: {api: {Scaling: {Steps: [{LowerBound: 0, UpperBound: 10, Count: 2}, {LowerBound: 5, Count: 3}]}}}}`, 'CX3322', 'step 2 of x-alarms.a.Services.api.Scaling.Steps starts at LowerBound 5 and overlaps the step before it', '5, Count: 3'],
    ['an unknown service', `{Properties: {${lag}}, Services: {apo: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}}`, 'CX3001', "x-alarms Services entry 'apo' is not a service or family of this project", 'apo'],
  ];
  test.each(cases)('%s', (_name, alarm, code, message, marker) => {
    const yaml = `${base.replace('x-sns:', 'x-sns:').replace('  worker:', '  rproxy: {image: p}\n  worker:')}x-alarms:\n  a: ${alarm}\n`;
    const found = located(yaml).filter((d) => d.severity === 'error');
    expect(found.map((d) => d.code)).toEqual([code]);
    expect(found[0].message).toContain(message);
    expect({ line: found[0].line, column: found[0].column }).toEqual((({ line, column }) => ({ line, column }))(pos(yaml, marker)));
  });

  test('a family scaled on two alarms is a conflict (CX3325): each resets the other every minute', () => {
    const scaling = '{api: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}';
    const found = located(`${base}x-alarms:\n  a: {Properties: {${lag}}, Services: ${scaling}}\n  b: {Properties: {${lag}}, Services: ${scaling}}\n`);
    expect(found.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX3325']);
  });

  test('Access other than NA grants nothing, and says so (CX3357)', () => {
    const found = located(`${base}x-alarms:\n  a: {Properties: {${lag}}, Services: {api: {Access: RW, Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}}\n`);
    expect(found.map((d) => [d.code, d.severity])).toEqual([['CX3357', 'warning']]);
  });
});

describe('the meaning of Services', () => {
  test('an alarm with its own Dimensions gets no ClusterName / ServiceName; an entry without Scaling warns (CX3356)', () => {
    const yaml = `${base}x-alarms:\n  a:\n    Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Dimensions: [{Name: ClusterName, Value: prod}], Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: GreaterThanThreshold}\n    Services: {api: {}}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.code === 'CX3356').map(({ severity, line, column }) => ({ severity, line, column }))).toEqual([{ severity: 'warning', ...(({ line, column }) => ({ line, column }))(pos(yaml, 'api: {}')) }]);
    expect(model!.alarms!.map(({ family, dimensions }) => ({ family, dimensions }))).toEqual([{ family: undefined, dimensions: [{ name: 'ClusterName', value: 'prod' }] }]);
  });

  test('an alarm on another namespace gets none either', () => {
    const model = resolve(`${base}x-alarms:\n  a: {Properties: {${lag}}, Services: [{Name: api}]}\n`).model!;
    expect(model.alarms!.map(({ family, dimensions }) => ({ family, dimensions }))).toEqual([{ family: undefined, dimensions: [] }]);
  });

  test('an AWS/ECS alarm without dimensions keeps composex reading: the family dimensions, in its stack', () => {
    const model = resolveOk(`${base}x-alarms:\n  a: {Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 80, ComparisonOperator: GreaterThanThreshold}, Services: {api: {}}}\n`);
    expect(model.alarms!.map(({ family, dimensions }) => ({ family, dimensions }))).toEqual([{ family: 'api', dimensions: [{ name: 'ClusterName', ecs: 'cluster' }, { name: 'ServiceName', ecs: 'service' }] }]);
  });
});

describe('MacroParameters.ServiceName', () => {
  test("a family's ECS service dimensions, in the Alarms stack (a family name works as a service name)", () => {
    const model = resolveOk(`${base}x-alarms:\n  a: {Properties: {${lag}}, MacroParameters: {ServiceName: jobs}}\n`);
    expect(model.alarms!.map(({ family, dimensions }) => ({ family, dimensions }))).toEqual([
      { family: undefined, dimensions: [{ name: 'ClusterName', ecs: 'cluster', family: 'jobs' }, { name: 'ServiceName', ecs: 'service', family: 'jobs' }] },
    ]);
  });

  test.each([
    ['a service in two families', 'worker', 'CX3342', "service 'worker' runs in the families 'batch' and 'jobs'"],
    ['an unknown service', 'wroker', 'CX3001', "x-alarms MacroParameters.ServiceName 'wroker' is not a service or family"],
  ])('%s', (_name, value, code, message) => {
    const yaml = `${base}x-alarms:\n  a: {Properties: {${lag}}, MacroParameters: {ServiceName: ${value}}}\n`;
    const found = located(yaml).filter((d) => d.severity === 'error');
    expect(found.map((d) => d.code)).toEqual([code]);
    expect(found[0].message).toContain(message);
    expect({ line: found[0].line, column: found[0].column }).toEqual((({ line, column }) => ({ line, column }))(pos(yaml, `${value}}`)));
  });
});

describe('MacroParameters.CompositeExpression', () => {
  const two = `  one: {Properties: {${lag}}}\n  two: {Properties: {${lag}}, MacroParameters: {ServiceName: api}}\n`;

  test('a composite alarm naming the alarms of the file, the rule in CloudWatch spelling', () => {
    const model = resolveOk(`${base}x-alarms:\n${two}  both: {MacroParameters: {CompositeExpression: "ALARM(one) and (OK(two) or INSUFFICIENT_DATA(two))"}, Topics: [{x-sns: alerts}]}\n`);
    expect(model.alarms!.find((a) => a.name === 'both')!.composite).toEqual({ rule: 'ALARM("one") AND (OK("two") OR INSUFFICIENT_DATA("two"))', references: ['one', 'two'] });
  });

  test.each([
    ['an unknown alarm', 'ALARM(one) AND ALARM(tree)', 'CX3342', "the rule refers to 'tree'"],
    ['a syntax error, with its column in the rule', 'ALARM(one) AND (OK(two)', 'CX3355', 'at column 24 of the rule, "(" at column 16 is not closed'],
    ['two functions without an operator', 'ALARM(one) OK(two)', 'CX3355', "at column 12 of the rule, 'OK' follows a complete expression"],
    ['a misspelt function', 'ALARMS(one)', 'CX3355', "at column 1 of the rule, 'ALARMS' is not ALARM(…)"],
  ])('%s', (_name, rule, code, message) => {
    const yaml = `${base}x-alarms:\n${two}  both: {MacroParameters: {CompositeExpression: "${rule}"}}\n`;
    const found = located(yaml).filter((d) => d.severity === 'error');
    expect(found.map((d) => d.code)).toEqual([code]);
    expect(found[0].message).toContain(message);
    expect({ line: found[0].line, column: found[0].column }).toEqual((({ line, column }) => ({ line, column }))(pos(yaml, `"${rule}"`)));
  });

  test('an alarm a composite names keeps its Scaling and Topics, with a warning that ECS ComposeX drops them (CX3354)', () => {
    const yaml = `${base}x-alarms:\n  one: {Properties: {${lag}}, Topics: [alerts], Services: {api: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}}\n  both: {MacroParameters: {CompositeExpression: "ALARM(one) OR FALSE"}}\n`;
    const found = located(yaml);
    expect(found.map((d) => [d.code, d.severity])).toEqual([['CX3354', 'warning']]);
    expect(found[0].message).toContain('Scaling and Topics');
  });

  test('CloudWatch limits: at most 100 alarms, 10240 characters', () => {
    const many = Array.from({ length: 101 }, (_, i) => `ALARM(a${i})`).join(' OR ');
    expect(parseAlarmRule(many)).toMatchObject({ names: expect.any(Array) });
    const alarms = Array.from({ length: 101 }, (_, i) => `  a${i}: {Properties: {${lag}}}\n`).join('');
    const found = located(`${base}x-alarms:\n${alarms}  all: {MacroParameters: {CompositeExpression: "${many}"}}\n`).filter((d) => d.severity === 'error');
    expect(found.map((d) => [d.code, d.message])).toEqual([['CX3355', expect.stringContaining('the rule names 101 alarms')]]);
  });
});

describe('TopicArn', () => {
  test('an ARN whose name has a "/" names no SNS topic (CloudWatch refuses it too): the action is left out with a warning at it, the hint gives the ARN SNS would show; the next topic stays', () => {
    const good = 'arn:aws:sns:eu-west-1:012346578900:oncall';
    const yaml = `${base}x-alarms:\n  a: {Properties: {${lag}}, Topics: [{TopicArn: "arn:aws:sns:eu-west-1:012346578900:topic/sometopic"}, {TopicArn: "${good}", NotifyOn: alarm}]}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const found = diagnostics.filter((d) => d.code === 'CX3336');
    expect(found.map(({ severity, line, column }) => ({ severity, line, column }))).toEqual([{ severity: 'warning', ...(({ line, column }) => ({ line, column }))(pos(yaml, '"arn:aws:sns')) }]);
    expect(found[0].message).toContain("no topic is called 'topic/sometopic'");
    expect(found[0].message).toContain('created without this action');
    expect(found[0].hint).toContain('arn:aws:sns:eu-west-1:012346578900:sometopic');
    expect(model!.alarms!.find((a) => a.name === 'a')!.actions).toEqual([{ on: 'alarm', topic: { arn: good } }]);
  });

  test('a FIFO topic ARN is one', () => {
    expect(resolve(`${base}x-alarms:\n  a: {Properties: {${lag}}, Topics: [{TopicArn: "arn:aws:sns:eu-west-1:012346578900:orders.fifo"}]}\n`).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('Settings (ECS ComposeX\'s common resource settings)', () => {
  test('accepted with a warning at the key that an alarm uses none of it; the alarm is the same as without', () => {
    const without = `${base}x-alarms:\n  a: {Properties: {${lag}}}\n`;
    const yaml = `${base}x-alarms:\n  a: {Properties: {${lag}}, Settings: {EnvNames: [LAG]}}\n`;
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const found = diagnostics.filter((d) => d.code === 'CX3337');
    expect(found.map(({ severity, line, column }) => ({ severity, line, column }))).toEqual([{ severity: 'warning', ...(({ line, column }) => ({ line, column }))(pos(yaml, 'Settings')) }]);
    expect(model!.alarms).toEqual(resolveOk(without).alarms);
  });
});
