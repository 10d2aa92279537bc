/**
 * ECS ComposeX's older spelling of step scaling (`steps`, `lower_bound`, `upper_bound`, `count`),
 * in the sqs.rst "Scaling Syntax" snippet (docs/sqs-scaling.yml, over the base blog.features.yml,
 * with composex/sqs-scaling.service.yml giving its service abcd an image and a Range): read as
 * `Steps`, `LowerBound`, `UpperBound`, `Count`, with one warning (CX3329) at the entry's `scaling`;
 * the templates are those of the same snippet in today's spelling, and pass the validator.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = 'use-cases/blog.features.yml';
const SNIPPET = 'docs/sqs-scaling.yml';
const SERVICE = 'composex/sqs-scaling.service.yml';

function compile(dir: string) {
  return loadAndCompile({ cwd: dir, projectDirectory: dir, files: [BASE, SNIPPET, SERVICE], env: { HOME: '/home/test' } });
}

/** The fixtures with the snippet rewritten in today's spelling. */
function todaysSpelling(): string {
  // The same directory name: the project name (and so the templates) follows it.
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'composex-sqs-scaling-')), path.basename(DIR));
  fs.cpSync(DIR, dir, { recursive: true });
  const file = path.join(dir, SNIPPET);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('steps:', 'Steps:').replace(/lower_bound:/g, 'LowerBound:').replace(/upper_bound:/g, 'UpperBound:').replace(/count:/g, 'Count:'));
  return dir;
}

describe('docs/sqs-scaling.yml: the older spelling', () => {
  const older = compile(DIR);
  const text = fs.readFileSync(path.join(DIR, SNIPPET), 'utf8');
  const lineOf = (marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;

  test('renders, with one CX3329 at the entry, whose hint is the entry in today\'s spelling', () => {
    expect(older.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mine = older.diagnostics.filter((d) => d.file?.endsWith(SNIPPET)).map((d) => `${d.code} ${d.line}:${d.column}`);
    // CX3326: the first LowerBound 0 read as 1, as in today's spelling
    expect(mine).toEqual([`CX3329 ${lineOf('scaling:')}:9`, `CX3326 ${lineOf('lower_bound: 0')}:28`]);
    const warning = older.diagnostics.find((d) => d.code === 'CX3329')!;
    expect(warning.message).toContain('steps, lower_bound, upper_bound, count: read as Steps, LowerBound, UpperBound, Count');
    expect(warning.hint).toBe(
      'write it as Scaling: {ScaleInCooldown: 120, ScaleOutCooldown: 60, Steps: [{LowerBound: 0, UpperBound: 10, Count: 1}, {LowerBound: 10, UpperBound: 100, Count: 10}, {LowerBound: 100, Count: 20}]}',
    );
  });

  test('the templates are those of today\'s spelling; validator clean', () => {
    const today = compile(todaysSpelling());
    expect(today.diagnostics.filter((d) => d.code === 'CX3329' || d.severity === 'error')).toEqual([]);
    const a = renderModel(older.model!);
    const b = renderModel(today.model!);
    expect(validateTemplates(a.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.files.map((f) => [f.path, f.content])).toEqual(b.files.map((f) => [f.path, f.content]));
    const family = a.files.find((f) => f.path === 'FamilyAbcd.json')!.template.Resources as Record<string, any>;
    const policy = Object.values(family).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && JSON.stringify(r).includes('StepAdjustments') && JSON.stringify(r).includes('"ScalingAdjustment":20'));
    expect(policy.Properties.StepScalingPolicyConfiguration).toMatchObject({
      AdjustmentType: 'ExactCapacity',
      Cooldown: 60,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 9, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 9, MetricIntervalUpperBound: 99, ScalingAdjustment: 10 },
        { MetricIntervalLowerBound: 99, ScalingAdjustment: 20 },
      ],
    });
  });
});
