/**
 * What ECS ComposeX's base example `use-cases/blog.features.yml` writes and ECS ComposeX reads
 * without a word, read as ECS ComposeX reads it, each with a located warning naming the fix:
 * a `rate(1h)` schedule, `TargetScaling` with only `DisableScaleIn`, `{}` secrets beside
 * `x-secrets`, and `x-scaling` on a family an `x-events` rule runs without an ECS service.
 * Positive and negative cases; templates read where the meaning shows in them.
 */
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { at, atAfter, compileText, located, renderText } from '../dialect/helpers';

const scaled = (schedule: string, target = '{CpuTarget: 70}') => yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      x-scaling:
        Range: "1-4"
        TargetScaling: ${target}
        ScheduledActions:
          - ScheduledActionName: every-hour
            Schedule: ${schedule}
            ScalableTargetAction: {MinCapacity: 1, MaxCapacity: 2}
`;

function scalableTarget(text: string) {
  const [target] = resourcesOf(renderText(text), 'AWS::ApplicationAutoScaling::ScalableTarget');
  return target.resource.Properties as { ScheduledActions?: { Schedule: string }[]; MinCapacity: number; MaxCapacity: number };
}

describe('x-scaling ScheduledActions Schedule: a rate with an abbreviated unit', () => {
  test.each([
    ['rate(1h)', 'rate(1 hour)'],
    ['rate(2h)', 'rate(2 hours)'],
    ['rate(1 Hour)', 'rate(1 hour)'],
    ['rate(30m)', 'rate(30 minutes)'],
    ['rate(1 min)', 'rate(1 minute)'],
    ['rate(15 mins)', 'rate(15 minutes)'],
    ['rate(3 hrs)', 'rate(3 hours)'],
    ['rate(1d)', 'rate(1 day)'],
    ['rate(7 d)', 'rate(7 days)'],
  ])('%s is read as %s (singular for 1, plural otherwise), said at the Schedule with the rewrite', (written, canonical) => {
    const text = scaled(`"${written}"`);
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.code === 'CX3327');
    expect(located(warnings, 'warning')).toEqual([`CX3327 ${at(text, `"${written}"`)}`]);
    expect(warnings[0].message).toContain(`read as "${canonical}"`);
    expect(warnings[0].hint).toBe(`write Schedule: "${canonical}"`);
    expect(model!.families[0].scaling!.scheduledActions[0].schedule).toBe(canonical);
    expect(scalableTarget(text).ScheduledActions!.map((a) => a.Schedule)).toEqual([canonical]);
  });

  test.each(['"rate(1 hour)"', '"rate(5 minutes)"', '"cron(0 8 ? * MON-FRI *)"', '"at(2027-01-01T00:00:00)"'])('%s, an expression AWS takes, passes unchanged and unsaid', (schedule) => {
    const text = scaled(schedule);
    const { model, diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.code === 'CX3327' || d.code === 'CX3320')).toEqual([]);
    expect(model!.families[0].scaling!.scheduledActions[0].schedule).toBe(JSON.parse(schedule));
  });

  test.each(['rate(1 month)', 'rate(0h)', 'rate(1.5h)', 'rate(h)', 'rate(1 hx)', 'rate(1s)'])('%s means nothing AWS takes: still refused (CX3320) at the Schedule', (written) => {
    const text = scaled(`"${written}"`);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3320 ${at(text, `"${written}"`)}`]);
    expect(diagnostics.filter((d) => d.code === 'CX3327')).toEqual([]);
  });
});

describe('x-scaling TargetScaling that tracks nothing', () => {
  test('DisableScaleIn alone: as in ECS ComposeX, no target tracking policy; the range and the scheduled actions stay; a warning at TargetScaling', () => {
    const text = scaled('"rate(1 hour)"', '{DisableScaleIn: true}');
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.code === 'CX3328');
    expect(located(warnings, 'warning')).toEqual([`CX3328 ${at(text, 'TargetScaling')}`]);
    expect(warnings[0].message).toContain('DisableScaleIn applies to nothing');
    expect(warnings[0].hint).toMatch(/add CpuTarget: 70/);
    expect(model!.families[0].scaling).toMatchObject({ min: 1, max: 4, disableScaleIn: false });
    expect(model!.families[0].scaling!.cpuTarget).toBeUndefined();
    const rendered = renderText(text);
    expect(resourcesOf(rendered, 'AWS::ApplicationAutoScaling::ScalingPolicy')).toEqual([]);
    const [target] = resourcesOf(rendered, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.resource.Properties).toMatchObject({ MinCapacity: 1, MaxCapacity: 4, ScheduledActions: [expect.objectContaining({ Schedule: 'rate(1 hour)' })] });
  });

  test('with a target: a policy, no warning', () => {
    const text = scaled('"rate(1 hour)"', '{CpuTarget: 60, DisableScaleIn: true}');
    expect(compileText(text).diagnostics.filter((d) => d.code === 'CX3328')).toEqual([]);
    const [policy] = resourcesOf(renderText(text), 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policy.resource.Properties!.TargetTrackingScalingPolicyConfiguration).toMatchObject({ TargetValue: 60, DisableScaleIn: true });
  });

  test('a misspelt target key is still refused, not read as "tracks nothing"', () => {
    const text = scaled('"rate(1 hour)"', '{CpuTraget: 60}');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.code === 'CX3328')).toEqual([]);
  });
});

const secrets = (section: string, uses: string) => yaml`
  name: dialect
  secrets:
${section}
  services:
    app01:
      image: nginx:1.27
      secrets: ${uses}
    app02:
      image: nginx:1.27
      secrets: [zyx]
`;

describe('a secret with no source ({}) in a secrets section written for ECS ComposeX (x-secrets)', () => {
  const section = `    zyx: {}
    john:
      x-secrets:
        Name: /cicd/shared/github.com/token
        VarName: SOMETHING_GITHUB`;

  test('delivers nothing, as in ECS ComposeX: a warning at the secret and at each use; no file, no variable, no permission for it', () => {
    const text = secrets(section, '[zyx, john]');
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics.filter((d) => d.code === 'CX3504' || d.code === 'CX3505'), 'warning').sort()).toEqual(
      [`CX3504 ${at(text, 'zyx: {}')}`, `CX3505 ${atAfter(text, 'secrets: [', 'zyx, john')}`, `CX3505 ${atAfter(text, 'secrets: [', 'zyx]')}`].sort(),
    );
    const definition = diagnostics.find((d) => d.code === 'CX3504')!;
    expect(definition.message).toContain("'app01', 'app02' get no file under /run/secrets and no variable");
    expect(definition.message).toContain('secrets.john.x-secrets');
    expect(definition.hint).toMatch(/x-secrets: \{Name: <secret name>\}/);
    const use = diagnostics.find((d) => d.code === 'CX3505')!;
    expect(use.message).toContain('no file at /run/secrets/zyx and no variable');
    expect(model!.secrets.map((s) => s.name)).toEqual(['john']);
    expect(model!.families.map((f) => [f.name, f.secrets])).toEqual([
      ['app01', ['john']],
      ['app02', []],
    ]);
    const rendered = renderText(text);
    const definitions = resourcesOf(rendered, 'AWS::ECS::TaskDefinition').map(({ resource }) => JSON.stringify(resource));
    expect(definitions.join('\n')).not.toContain('zyx');
    expect(definitions.join('\n')).toContain('SOMETHING_GITHUB');
  });

  test('a target is named in the warning at the use', () => {
    const text = secrets(section, '[{source: zyx, target: token}]');
    const use = compileText(text).diagnostics.filter((d) => d.code === 'CX3505');
    expect(use.map((d) => d.message.includes('no file at /run/secrets/token'))).toEqual([true, false]);
  });

  test('an unused one is not said (nothing lists it)', () => {
    const text = secrets(section, '[john]').replace('secrets: [zyx]', 'secrets: [john]');
    expect(compileText(text).diagnostics.filter((d) => d.code === 'CX3504' || d.code === 'CX3505' || d.code === 'CX3502')).toEqual([]);
  });

  test('without x-secrets in the section (plain Compose, which refuses it too): still refused (CX3502) at the secret', () => {
    const text = secrets('    zyx: {}\n    token:\n      file: ./token.txt', '[zyx, token]');
    const { model, diagnostics } = compileText(text, { 'token.txt': 'x' });
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3502 ${at(text, 'zyx: {}')}`]);
    expect(diagnostics.filter((d) => d.code === 'CX3504' || d.code === 'CX3505')).toEqual([]);
  });
});

const scheduled = (deleteService: string, extra = '') => yaml`
  name: dialect
  x-events:
    daily:
      Properties:
        ScheduleExpression: "rate(2 minutes)"
      Services:
        - name: app03
          TaskCount: 1
          DeleteDefaultService: ${deleteService}
  services:
    app03:
      image: nginx:1.27
      x-scaling:
        Range: 1-10
        ScheduledActions:
          - {ScheduledActionName: night, Schedule: "rate(1 day)", ScalableTargetAction: {MaxCapacity: 1}}
${extra}
`;

describe('x-scaling of a family an x-events rule runs without an ECS service (DeleteDefaultService)', () => {
  test('ignored, as ECS ComposeX deletes the scaling with the service: a warning at x-scaling; no scalable target; the rule runs the task', () => {
    const text = scheduled('True');
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.code === 'CX3334');
    expect(located(warnings, 'warning')).toEqual([`CX3334 ${at(text, 'x-scaling')}`]);
    expect(warnings[0].message).toContain('DeleteDefaultService: true at x-events.daily.Services[0]');
    expect(warnings[0].hint).toMatch(/remove x-scaling from 'app03'/);
    expect(model!.families[0].scaling).toBeUndefined();
    const rendered = renderText(text);
    expect(resourcesOf(rendered, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
    expect(resourcesOf(rendered, 'AWS::ECS::Service')).toEqual([]);
    expect(resourcesOf(rendered, 'AWS::Events::Rule')).toHaveLength(1);
  });

  test('Docker’s deploy.x-aws-autoscaling is ignored the same way, said where it is written', () => {
    const text = scheduled('True').replace(/ {4}x-scaling:\n(.*\n){3}/, '    deploy:\n      x-aws-autoscaling: {min: 1, max: 3, cpu: 70}\n');
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics.filter((d) => d.code === 'CX3334'), 'warning')).toEqual([`CX3334 ${at(text, 'x-aws-autoscaling')}`]);
  });

  test('with its ECS service kept: scaled, no warning', () => {
    const text = scheduled('False');
    const { model, diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.code === 'CX3334' || d.code === 'CX3331')).toEqual([]);
    expect(model!.families[0].scaling).toMatchObject({ min: 1, max: 10 });
    expect(resourcesOf(renderText(text), 'AWS::ApplicationAutoScaling::ScalableTarget')).toHaveLength(1);
  });

  test('published ports still need the service: refused (CX3331) at DeleteDefaultService', () => {
    const text = scheduled('True').replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    ports: ["80:80"]\n');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3331 ${at(text, 'True')}`]);
  });
});
