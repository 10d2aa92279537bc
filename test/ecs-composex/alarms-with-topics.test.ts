/**
 * ECS ComposeX's use-cases/alarms/create_only.with_topics.yml, unchanged, over its base
 * blog.features.yml. It is written in ECS ComposeX's older syntax: its topic under
 * `x-sns: {Topics: {topic-01: …}}` (read as topic topic-01, warning CX3358) and its scaling in the
 * older spelling `steps` / `lower_bound` / `upper_bound` / `count` with `scaling_in_cooldown` and
 * `scaling_out_cooldown` (read as today's keys, warning CX3329). app03 scales on alarm-01 (step
 * policies in its family's stack), topic-01 is notified on ALARM (no NotifyOn, ECS ComposeX's default);
 * every template passes the validator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const FILE = 'use-cases/alarms/create_only.with_topics.yml';

describe('use-cases/alarms/create_only.with_topics.yml', () => {
  const original = fs.readFileSync(path.join(DIR, FILE), 'utf8');
  const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', FILE], env: { HOME: '/home/test' } });
  const at = (marker: string) => {
    const before = original.slice(0, original.indexOf(marker)).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };

  test('it compiles; each older form is said once, where it is written', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mine = compiled.diagnostics.filter((d) => d.file?.endsWith(FILE)).map((d) => `${d.code} ${d.line}:${d.column}`);
    expect(mine).toEqual([
      `CX3329 ${at('Scaling:')}`, // the older spelling of the steps and the cooldowns, at the entry's Scaling
      `CX3352 ${at('upper_bound: 10000')}`, // the last step's UpperBound removed, as ECS ComposeX does
      `CX3336 ${at('arn:aws:sns:')}`, // a TopicArn that names no topic: the action is left out
      `CX3358 ${at('Topics:\n    topic-01')}`, // x-sns.Topics, the older form
    ]);
  });

  test('the templates: topic-01 created and notified, app03 scaled with the written cooldowns; validator clean', () => {
    const result = renderModel(compiled.model!);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const resources = (name: string) => result.files.find((f) => f.path === name)!.template.Resources as Record<string, any>;
    expect(Object.keys(resources('Topics.json'))).toEqual(['TopicTopic01']);
    const alarm = resources('Alarms.json').AlarmAlarm01.Properties;
    expect(alarm.AlarmActions).toEqual([{ Ref: 'FamilyApp03AlarmAlarm01ScaleOutPolicy' }, { Ref: 'TopicTopic01Arn' }]);
    expect(alarm.OKActions).toEqual([{ Ref: 'FamilyApp03AlarmAlarm01ScaleInPolicy' }]); // x-sns: topic-01 has no NotifyOn: ALARM only, as in ECS ComposeX
    const root = result.files.find((f) => f.logicalId === undefined)!.template.Resources as Record<string, any>;
    expect(root.AlarmsStack.Properties.Parameters.TopicTopic01Arn).toEqual({ 'Fn::GetAtt': ['TopicsStack', 'Outputs.TopicTopic01Arn'] });
    const family = resources('FamilyApp03.json');
    expect(family.AlarmScalingAlarm01OutPolicy.Properties.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ExactCapacity',
      Cooldown: 60, // scaling_out_cooldown
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 1000, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 1000, ScalingAdjustment: 3 },
      ],
    });
    expect(family.AlarmScalingAlarm01InPolicy.Properties.StepScalingPolicyConfiguration.Cooldown).toBe(300); // scaling_in_cooldown
  });
});
