/**
 * ECS ComposeX's use-cases/alarms/create_only.yml, unchanged, over its base blog.features.yml: app03
 * scales on alarm-01 (step policies in its family's stack, the last UpperBound removed with a
 * warning), service-alarm watches bignicefamily's ECS service, composite-alarm combines the two by
 * their ARNs, without the action its topic ARN cannot be (warning CX3336, published-examples.test.ts);
 * every template passes the validator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const FILE = 'use-cases/alarms/create_only.yml';

describe('use-cases/alarms/create_only.yml', () => {
  const original = fs.readFileSync(path.join(DIR, FILE), 'utf8');
  const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', FILE], env: { HOME: '/home/test' } });
  const line = (marker: string) => original.slice(0, original.indexOf(marker)).split('\n').length;

  test('it compiles; the warnings of x-alarms say where composex differs from ECS ComposeX, each at its line', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mine = compiled.diagnostics.filter((d) => /^CX(335[2-7]|3336)$/.test(d.code)).map((d) => [d.code, d.line]);
    expect(mine).toEqual([
      ['CX3354', line('    Services:')],
      ['CX3352', line('UpperBound: 10000')],
      ['CX3336', line('TopicArn: arn:aws:sns')],
    ]);
  });

  test('the templates: policies in the family stack, the alarms and the composite in the Alarms stack, validator clean', () => {
    const result = renderModel(compiled.model!);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const alarms = result.files.find((f) => f.logicalId === 'AlarmsStack')!.template.Resources as Record<string, any>;
    expect(Object.keys(alarms).sort()).toEqual(['AlarmAlarm01', 'AlarmCompositeAlarm', 'AlarmServiceAlarm']);
    const scaledFamilies = compiled.model!.alarms!.find((a) => a.name === 'alarm-01')!.scaling!.map((s) => s.family);
    expect(scaledFamilies.length).toBeGreaterThan(0);
    expect(alarms.AlarmAlarm01.Properties.AlarmActions).toHaveLength(scaledFamilies.length);
    for (const family of compiled.model!.families.filter((f) => scaledFamilies.includes(f.name))) {
      const policy = (result.files.find((f) => f.logicalId === `Family${family.logicalId}Stack`)!.template.Resources as Record<string, any>).AlarmScalingAlarm01OutPolicy;
      expect(policy.Properties.StepScalingPolicyConfiguration.StepAdjustments).toEqual([
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 1000, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 1000, ScalingAdjustment: 3 },
      ]);
      expect(alarms.AlarmAlarm01.Properties.AlarmActions).toContainEqual({ Ref: `Family${family.logicalId}AlarmAlarm01ScaleOutPolicy` });
      expect(alarms.AlarmAlarm01.Properties.OKActions).toContainEqual({ Ref: `Family${family.logicalId}AlarmAlarm01ScaleInPolicy` });
    }
    expect(alarms.AlarmServiceAlarm.Properties.Dimensions).toEqual([
      { Name: 'ClusterName', Value: { Ref: 'ClusterName' } },
      { Name: 'ServiceName', Value: { Ref: 'FamilyBignicefamilyServiceName' } },
    ]);
    expect(alarms.AlarmCompositeAlarm.Properties.AlarmRule).toEqual({
      'Fn::Sub': 'ALARM("${AlarmAlarm01.Arn}") AND (OK("${AlarmServiceAlarm.Arn}") OR INSUFFICIENT_DATA("${AlarmServiceAlarm.Arn}"))',
    });
    expect(alarms.AlarmCompositeAlarm.Properties.AlarmActions).toBeUndefined(); // its one topic ARN names no topic
    // The render summary says how the family scales.
    expect(formatSummary(compiled.model!, result)).toContain('on alarm alarm-01: threshold+0 1, threshold+1000 3, else 1');
  });
});
