/**
 * x-codeguru_profiler in the templates: AWS::CodeGuruProfiler::ProfilingGroup retained, its name as
 * given, followed by the stack id (AppendStackId), or its logical id followed by the stack id (none
 * given, as ECS ComposeX names it); each consumer's exact task-role statement (ConfigureAgent and
 * PostAgentProfile on the group ARN) and the agent's variables; a looked-up group by name granted on
 * the ARN of that name in the stack's account and Region; a service-level group for its service only.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const SHARED = 'arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/shared';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: profiles
services:
  api: {image: api}
  worker: {image: worker, x-codeguru_profiler: true}
  batch: {image: batch}
  bystander: {image: bystander}
x-codeguru_profiler:
  api-profiles:
    Properties: {ProfilingGroupName: api-profiles, ComputePlatform: Default}
    MacroParameters: {AppendStackId: true}
    Services:
      api: {Access: RW}
  generated:
    Services:
      batch: {Access: RW, ReturnValues: {Arn: GENERATED_ARN}}
  legacy:
    Lookup: {Name: legacy-group}
    Services:
      bystander: {}
  shared:
    Lookup: {Arn: "${SHARED}"}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const RW = ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'];
const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
const SHORT_ID = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };

test('zero validator errors; warned: the entry without Access, the looked-up group nobody uses', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.warnings.filter((code) => code.startsWith('CX36') || code.startsWith('CX38'))).toEqual(['CX3626', 'CX3612']);
});

test('groups: named as given plus the stack id, or after their logical id plus the stack id; retained', () => {
  const groups = Object.fromEntries(resourcesOf(result, 'AWS::CodeGuruProfiler::ProfilingGroup').map((g) => [g.id, g.resource]));
  expect(Object.keys(groups).sort()).toEqual(['ProfilingGroupApiProfiles', 'ProfilingGroupGenerated', 'ProfilingGroupServicesWorker']);
  for (const g of Object.values(groups)) expect(g).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  expect(groups.ProfilingGroupApiProfiles.Properties!.ProfilingGroupName).toEqual({ 'Fn::Join': ['-', ['api-profiles', SHORT_ID]] });
  expect(groups.ProfilingGroupApiProfiles.Properties!.ComputePlatform).toBe('Default');
  expect(groups.ProfilingGroupGenerated.Properties!.ProfilingGroupName).toEqual({ 'Fn::Join': ['-', ['Generated', SHORT_ID]] });
  expect(groups.ProfilingGroupServicesWorker.Properties!.ProfilingGroupName).toEqual({ 'Fn::Join': ['-', ['ServicesWorker', SHORT_ID]] });
  expect(groups.ProfilingGroupServicesWorker.Properties!.Tags).toEqual([
    { Key: 'composex:project', Value: 'profiles' },
    { Key: 'composex:profilingGroup', Value: 'services/worker' },
  ]);
});

test("api: RW on its group, the group's name in <NAME> and the agent's variables", () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(on(RW, 'profilingGroup:api-profiles.Arn'));
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual([
    'API_PROFILES=profilingGroup:api-profiles.Ref',
    'AWS_CODEGURU_PROFILER_GROUP_ARN=profilingGroup:api-profiles.Arn',
    'AWS_CODEGURU_PROFILER_GROUP_NAME=profilingGroup:api-profiles.Ref',
  ]);
});

test('worker: the group of its own x-codeguru_profiler; batch: the generated one, with its ReturnValues', () => {
  expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole')).toEqual(on(RW, 'profilingGroup:services/worker.Arn'));
  expect(containerVariables(tracer, tracer.familyFile('Worker'), 'worker')).toEqual([
    'AWS_CODEGURU_PROFILER_GROUP_ARN=profilingGroup:services/worker.Arn',
    'AWS_CODEGURU_PROFILER_GROUP_NAME=profilingGroup:services/worker.Ref',
  ]);
  expect(rolePairs(tracer, tracer.familyFile('Batch'), 'TaskRole')).toEqual(on(RW, 'profilingGroup:generated.Arn'));
  expect(containerVariables(tracer, tracer.familyFile('Batch'), 'batch')).toEqual([
    'AWS_CODEGURU_PROFILER_GROUP_ARN=profilingGroup:generated.Arn',
    'AWS_CODEGURU_PROFILER_GROUP_NAME=profilingGroup:generated.Ref',
    'GENERATED=profilingGroup:generated.Ref',
    'GENERATED_ARN=profilingGroup:generated.Arn',
  ]);
});

test('bystander: listed without Access under a looked-up group: its variables, no permission', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole').filter((p) => p.includes('codeguru'))).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([
    'AWS_CODEGURU_PROFILER_GROUP_ARN=arn:AWS::Partition:codeguru-profiler:AWS::Region:AWS::AccountId:profilingGroup/legacy-group',
    'AWS_CODEGURU_PROFILER_GROUP_NAME=legacy-group',
    'LEGACY=legacy-group',
  ]);
});
