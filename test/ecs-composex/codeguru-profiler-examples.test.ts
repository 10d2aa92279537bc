/**
 * ECS ComposeX's x-codeguru_profiler use cases (test/fixtures/ecs-composex/use-cases/codeguru,
 * MPL-2.0, each with its source URL), rendered over `use-cases/blog.features.yml` as ECS
 * ComposeX's tests combine them. top_level.yml renders, its channel `SOME_SNS_TOPIC_ARN` (no SNS
 * topic ARN) left out with a warning (CX3866). simple.yml renders: each service gets its group
 * (`x-codeguru-profiler`, as ECS ComposeX's code reads it), the principals of a 13-digit account
 * and the channel left out with a warning at each; spelt `x-codeguru_profiler`, as its schema names
 * it (composex/codeguru-simple.underscore.yml), the same. Every warning in these files is pinned.
 */
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';
import { at, BASE, compiled, located } from './fixture-helpers';
import type { Diagnostic } from '../../src/diagnostics';

const TOP = 'use-cases/codeguru/top_level.yml';
const SIMPLE = 'use-cases/codeguru/simple.yml';
const UNDERSCORE = 'composex/codeguru-simple.underscore.yml';
const RW = ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'];

/** `severity CODE file:line:column` of each diagnostic located in `file`, errors first. */
function said(diagnostics: readonly Diagnostic[], file: string): string[] {
  return (['error', 'warning'] as const).flatMap((severity) => located(diagnostics, severity, file).map((l) => `${severity} ${l}`));
}

/** `severity CODE file:line:column` of the `occurrence`-th `marker` in a fixture file. */
function saidAt(severity: string, code: string, file: string, marker: string, occurrence = 1): string {
  return `${severity} ${at(code, file, marker, occurrence)}`;
}

test('top_level.yml: renders; the channel that is no SNS topic is left out (CX3866); app03 gets RW and the agent variables', () => {
  const { model, diagnostics } = compiled([BASE, TOP]);
  expect(said(diagnostics, TOP)).toEqual([saidAt('warning', 'CX3866', TOP, 'SOME_SNS_TOPIC_ARN')]);
  const result = renderModel(model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const [group] = resourcesOf(result, 'AWS::CodeGuruProfiler::ProfilingGroup');
  expect(group.id).toBe('ProfilingGroupProfiler01');
  expect(group.resource.Properties!.AnomalyDetectionNotificationConfiguration).toBeUndefined();
  expect(group.resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  const tracer = new Tracer(result.files);
  const family = tracer.familyFile('App03');
  expect(rolePairs(tracer, family, 'TaskRole').filter((p) => p.includes('codeguru'))).toEqual(RW.map((a) => `Allow ${a} on profilingGroup:Profiler01.Arn`));
  expect(containerVariables(tracer, family, 'app03').filter((v) => v.includes('profilingGroup:'))).toEqual([
    'AWS_CODEGURU_PROFILER_GROUP_ARN=profilingGroup:Profiler01.Arn',
    'AWS_CODEGURU_PROFILER_GROUP_NAME=profilingGroup:Profiler01.Ref',
    'PROFILER01=profilingGroup:Profiler01.Ref',
  ]);
});

test('simple.yml: a group per service; the 13-digit-account principals and the channel left out, warned at each', () => {
  const { model, diagnostics } = compiled([BASE, SIMPLE]);
  expect(said(diagnostics, SIMPLE)).toEqual([
    saidAt('warning', 'CX3865', SIMPLE, '"arn:aws:iam', 1),
    saidAt('warning', 'CX3865', SIMPLE, '"arn:aws:iam', 2),
    saidAt('warning', 'CX3866', SIMPLE, 'SOME_SNS_TOPIC_ARN'),
  ]);
  const result = renderModel(model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const groups = Object.fromEntries(resourcesOf(result, 'AWS::CodeGuruProfiler::ProfilingGroup').map((g) => [g.id, g.resource.Properties]));
  expect(Object.keys(groups).sort()).toEqual(['ProfilingGroupServicesApp02', 'ProfilingGroupServicesApp03']);
  expect(groups.ProfilingGroupServicesApp02).toMatchObject({ ProfilingGroupName: 'MyProfilingGroup' });
  expect(groups.ProfilingGroupServicesApp02!.AgentPermissions).toBeUndefined();
  expect(groups.ProfilingGroupServicesApp02!.AnomalyDetectionNotificationConfiguration).toBeUndefined();
  const tracer = new Tracer(result.files);
  for (const service of ['app02', 'app03']) {
    const family = model.families.find((f) => f.containers.some((c) => c.name === service))!.logicalId;
    expect(rolePairs(tracer, tracer.familyFile(family), 'TaskRole').filter((p) => p.includes('codeguru'))).toEqual(RW.map((a) => `Allow ${a} on profilingGroup:services/${service}.Arn`));
    expect(containerVariables(tracer, tracer.familyFile(family), service).filter((v) => v.includes('profilingGroup:'))).toEqual([
      `AWS_CODEGURU_PROFILER_GROUP_ARN=profilingGroup:services/${service}.Arn`,
      `AWS_CODEGURU_PROFILER_GROUP_NAME=profilingGroup:services/${service}.Ref`,
    ]);
  }
});

test('simple.yml with the key spelt x-codeguru_profiler (its schema name): the same groups and grants, warned at the same places', () => {
  const hyphen = compiled([BASE, SIMPLE]).model;
  const { model, diagnostics } = compiled([BASE, UNDERSCORE]);
  expect(said(diagnostics, UNDERSCORE)).toEqual([
    saidAt('warning', 'CX3865', UNDERSCORE, '"arn:aws:iam', 1),
    saidAt('warning', 'CX3865', UNDERSCORE, '"arn:aws:iam', 2),
    saidAt('warning', 'CX3866', UNDERSCORE, 'SOME_SNS_TOPIC_ARN'),
  ]);
  const strip = (m: typeof model) => ({ groups: m.resources.profilingGroup.map(({ serviceKey: _key, ...g }) => g), grants: m.grants.filter((g) => g.kind === 'profilingGroup') });
  expect(strip(model)).toEqual(strip(hyphen));
});
