/**
 * x-codeguru_profiler in the resolve stage, top level and on a service: what CodeGuru Profiler or
 * CloudFormation would refuse is an error at its position with a hint, or, where composex can
 * leave it out (an agent principal that is no IAM ARN, a channel that is no SNS topic), a warning
 * there; valid declarations become exactly the grants and the agent's variables they say.
 */
import { errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;
const AGENT = [
  { name: 'AWS_CODEGURU_PROFILER_GROUP_NAME', attribute: 'Name' },
  { name: 'AWS_CODEGURU_PROFILER_GROUP_ARN', attribute: 'Arn' },
];
const RW = [{ scope: { on: 'resource' }, actions: ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'] }];

describe('x-codeguru_profiler mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string]>([
    [
      'a Lookup by tags (ECS ComposeX finds it with AWS calls)',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Lookup: {Tags: [{Name: shared}]}\n    Services: {api: {Access: RW}}\n`,
      'CX3864',
      "composex does not look up profiling groups by Tags: finding 'p' would need AWS calls at render time",
      'Lookup',
    ],
    [
      'a Lookup ARN of another service',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:p"}\n    Services: {api: {Access: RW}}\n`,
      'CX3608',
      "'arn:aws:sqs:eu-west-1:123456789012:p' is not the ARN of a CodeGuru profiling group",
      '"arn:aws:sqs',
    ],
    [
      'a profiling group name CodeGuru refuses',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Properties: {ProfilingGroupName: "my group"}\n    Services: {api: {Access: RW}}\n`,
      'CX3601',
      "'my group' is not a valid profiling group name",
      '"my group"',
    ],
    [
      'an unknown compute platform',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Properties: {ComputePlatform: Fargate}\n    Services: {api: {Access: RW}}\n`,
      'CX3601',
      "'Fargate' is not a compute platform of CodeGuru Profiler",
      'Fargate',
    ],
    [
      'an unknown CloudFormation property',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Properties: {ProfilingGroupNam: p}\n    Services: {api: {Access: RW}}\n`,
      'CX3605',
      "AWS::CodeGuruProfiler::ProfilingGroup has no property 'ProfilingGroupNam'",
      'ProfilingGroupNam',
    ],
    [
      'a level other than RW',
      `${SERVICES}x-codeguru_profiler:\n  p:\n    Services: {api: {Access: RO}}\n`,
      'CX3602',
      "'RO' is not an access level of a CodeGuru profiling group",
      'RO}',
    ],
    [
      'a service-level value of another type',
      `services:\n  api:\n    image: api\n    x-codeguru_profiler: 3\n`,
      'CX3601',
      "x-codeguru_profiler of service 'api' must be true, false, a profiling group name or its properties",
      '3',
    ],
    [
      'both spellings of the service key on one service',
      `services:\n  api:\n    image: api\n    x-codeguru-profiler: true\n    x-codeguru_profiler: true\n`,
      'CX3601',
      "service 'api' sets both x-codeguru-profiler and x-codeguru_profiler: they are one key, spelt two ways",
      'x-codeguru_profiler',
    ],
    [
      'one service in two profiling groups: the agent reports to one',
      `services:\n  api:\n    image: api\n    x-codeguru_profiler: true\nx-codeguru_profiler:\n  p:\n    Services: {api: {Access: RW}}\n`,
      'CX3867',
      "service 'api' is in profiling groups 'p' and 'services/api': its CodeGuru Profiler agent reports to one group (AWS_CODEGURU_PROFILER_GROUP_NAME)",
      'x-codeguru_profiler: true',
    ],
  ])('%s', (_what, text, code, message, marker) => {
    expectOneError(text, code, message, marker);
  });
});

test('an agent principal that is no IAM ARN and a channel that is no SNS topic are left out, with a warning at each', () => {
  const text = `${SERVICES}x-codeguru_profiler:\n  p:\n    Properties:\n      AgentPermissions: {Principals: ["arn:aws:iam::1233456789012:role/r1", "arn:aws:iam::123456789012:role/r2"]}\n      AnomalyDetectionNotificationConfiguration: [{channelUri: SOME_SNS_TOPIC_ARN}]\n    Services: {api: {Access: RW}}\n`;
  const { model, errors, warnings } = errorsOf(text);
  expect(errors).toEqual([]);
  expect(warnings.map((w) => [w.code, w.line, w.column])).toEqual([
    ['CX3865', pos(text, '"arn:aws:iam::1233456789012').line, pos(text, '"arn:aws:iam::1233456789012').column],
    ['CX3866', pos(text, 'SOME_SNS_TOPIC_ARN').line, pos(text, 'SOME_SNS_TOPIC_ARN').column],
  ]);
  expect(warnings[0].message).toBe("'arn:aws:iam::1233456789012:role/r1' is not an IAM principal ARN, which CodeGuru Profiler would refuse in AgentPermissions: it is left out");
  expect(warnings[1].message).toBe("'SOME_SNS_TOPIC_ARN' is not an SNS topic ARN, the only notification channel CodeGuru Profiler takes: the channel is left out");
  expect(model!.resources.profilingGroup[0].properties).toEqual({ AgentPermissions: { Principals: ['arn:aws:iam::123456789012:role/r2'] } });
});

describe('valid profiling groups, top level and on services', () => {
  const model = resolveOk(
    `services:\n  api: {image: api}\n  worker: {image: worker, x-codeguru-profiler: true}\n  batch: {image: batch, x-codeguru_profiler: shared-batch}\n  lambda: {image: lambda, x-codeguru_profiler: {ComputePlatform: Default}}\n  off: {image: off, x-codeguru_profiler: false}\nx-codeguru_profiler:\n  api-profiles:\n    Properties: {ProfilingGroupName: api-profiles}\n    MacroParameters: {AppendStackId: true}\n    Services:\n      api: {Access: RW, ReturnValues: {ProfileName: AWS_CODEGURU_PROFILER_GROUP_NAME, Arn: API_PROFILES_ARN}}\n  legacy:\n    Lookup: {Name: legacy-group}\n`,
  );

  test('the groups: a top-level one, a looked-up one by name, and one per service that asks (none for false)', () => {
    expect(model.resources.profilingGroup.map((g) => [g.name, g.logicalId, g.service, g.existing, g.appendStackId])).toEqual([
      ['api-profiles', 'ApiProfiles', undefined, undefined, true],
      ['legacy', 'Legacy', undefined, { name: 'legacy-group' }, false],
      ['services/batch', 'ServicesBatch', 'batch', { name: 'shared-batch' }, false],
      ['services/lambda', 'ServicesLambda', 'lambda', undefined, false],
      ['services/worker', 'ServicesWorker', 'worker', undefined, false], // x-codeguru-profiler, ECS ComposeX's code's spelling
    ]);
  });

  test("each consumer: RW on its group, the group name in <NAME> (top level), and the agent's two variables once", () => {
    const grants = model.grants.filter((g) => g.kind === 'profilingGroup').map((g) => ({ resource: g.resource, family: g.family, services: g.services, permissions: g.permissions, environment: g.environment }));
    expect(grants).toEqual([
      {
        resource: 'api-profiles',
        family: 'api',
        services: ['api'],
        permissions: RW,
        environment: [{ name: 'API_PROFILES', attribute: 'Name' }, { name: 'API_PROFILES_ARN', attribute: 'Arn' }, ...AGENT],
      },
      { resource: 'services/batch', family: 'batch', services: ['batch'], permissions: RW, environment: AGENT },
      { resource: 'services/lambda', family: 'lambda', services: ['lambda'], permissions: RW, environment: AGENT },
      { resource: 'services/worker', family: 'worker', services: ['worker'], permissions: RW, environment: AGENT },
    ]);
  });
});
