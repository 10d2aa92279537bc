/**
 * x-aps in the resolve stage: what Amazon Managed Service for Prometheus or CloudFormation would
 * refuse is an error at its position with a hint (a log group ARN without `:*`, logging given
 * twice, an alias over 100 characters, an x-kms reference, a property the type lacks, a Lookup
 * that needs AWS calls), and valid declarations become exactly the grants they say.
 */
import { errorsOf, expectOneError, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;
const ARN = 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-12345678-abcd-1234-abcd-123456789012';

describe('x-aps mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string]>([
    [
      'a Lookup by tags (ECS ComposeX finds it with AWS calls)',
      `${SERVICES}x-aps:\n  m:\n    Lookup: {Tags: [{Name: ews-home}]}\n    Services: {api: {Access: RW}}\n`,
      'CX3860',
      "composex does not look up Prometheus workspaces by Tags: finding 'm' would need AWS calls at render time",
      'Lookup',
      "give the workspace's ARN (AWS console, or aws amp list-workspaces): Lookup: {Arn: arn:aws:aps:eu-west-1:123456789012:workspace/ws-12345678-abcd-1234-abcd-123456789012}",
    ],
    [
      'a Lookup ARN of another service',
      `${SERVICES}x-aps:\n  m:\n    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:m"}\n    Services: {api: {Access: RW}}\n`,
      'CX3608',
      "'arn:aws:sqs:eu-west-1:123456789012:m' is not the ARN of a Prometheus workspace",
      '"arn:aws:sqs',
      '',
    ],
    [
      'a log group ARN without :*',
      `${SERVICES}x-aps:\n  m:\n    Properties: {LoggingConfiguration: {LogGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:aps"}}\n    Services: {api: {Access: RW}}\n`,
      'CX3861',
      "'arn:aws:logs:eu-west-1:123456789012:log-group:aps' is not a log group ARN Amazon Managed Service for Prometheus accepts",
      '"arn:aws:logs',
      "the log group's ARN ending with :* (arn:aws:logs:<region>:<account>:log-group:<name>:*): arn:aws:logs:eu-west-1:123456789012:log-group:aps:*, or MacroParameters: {CreateNewLogGroup: true} for a new log group",
    ],
    [
      'LoggingConfiguration and CreateNewLogGroup',
      `${SERVICES}x-aps:\n  m:\n    Properties: {LoggingConfiguration: {LogGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:aps:*"}}\n    MacroParameters: {CreateNewLogGroup: true}\n    Services: {api: {Access: RW}}\n`,
      'CX3862',
      "workspace 'm' has both LoggingConfiguration and MacroParameters.CreateNewLogGroup: a workspace logs to one log group",
      'CreateNewLogGroup',
      '',
    ],
    [
      'an x-kms reference as KmsKeyArn',
      `${SERVICES}x-kms:\n  k: {}\nx-aps:\n  m:\n    Properties: {KmsKeyArn: "x-kms::k"}\n    Services: {api: {Access: RW}}\n`,
      'CX3863',
      "KmsKeyArn of workspace 'm' names an x-kms key, which composex does not pass to a workspace",
      '"x-kms::k"',
      '',
    ],
    [
      'an alias over 100 characters',
      `${SERVICES}x-aps:\n  m:\n    Properties: {Alias: ${'a'.repeat(101)}}\n    Services: {api: {Access: RW}}\n`,
      'CX3601',
      "the Alias of workspace 'm' has 101 characters",
      'aaaa',
      '',
    ],
    [
      'an unknown CloudFormation property (did you mean)',
      `${SERVICES}x-aps:\n  m:\n    Properties: {Alais: metrics}\n    Services: {api: {Access: RW}}\n`,
      'CX3605',
      "AWS::APS::Workspace has no property 'Alais'",
      'Alais',
      "did you mean 'Alias'?",
    ],
    [
      'an unknown log group property in CreateNewLogGroup',
      `${SERVICES}x-aps:\n  m:\n    MacroParameters: {CreateNewLogGroup: {RetentionDays: 3}}\n    Services: {api: {Access: RW}}\n`,
      'CX3605',
      "AWS::Logs::LogGroup has no property 'RetentionDays'",
      'RetentionDays',
      '',
    ],
    [
      'an unknown access level (did you mean)',
      `${SERVICES}x-aps:\n  m:\n    Services: {api: {Access: Querry}}\n`,
      'CX3602',
      "'Querry' is not an access level of a Prometheus workspace",
      'Querry',
      "did you mean 'Query'?",
    ],
  ])('%s', (_what, text, code, message, marker, hint) => {
    expectOneError(text, code, message, marker);
    if (hint) expect(errorsOf(text).errors[0].hint).toBe(hint);
  });
});

describe('valid workspaces', () => {
  const model = resolveOk(
    `${SERVICES}x-aps:\n  metrics:\n    MacroParameters: {CreateNewLogGroup: true}\n    Services:\n      api: {Access: RW, ReturnValues: {RemoteWriteUrl: REMOTE_WRITE_URL}}\n      jobs: {Access: ReadActions}\n  shared:\n    Lookup: {Arn: "${ARN}"}\n    Services: {worker: {Access: Query, ReturnValues: {WorkspaceId: SHARED_ID}}}\n`,
  );

  test('a new workspace with its log group (7 days, as ECS ComposeX) and a looked-up one by ARN', () => {
    expect(model.resources.workspace.map((w) => [w.name, w.logicalId, w.existingArn, w.newLogGroup])).toEqual([
      ['metrics', 'Metrics', undefined, { RetentionInDays: 7 }],
      ['shared', 'Shared', ARN, undefined],
    ]);
  });

  test('each Services entry is the level it names, on the workspace, with its variables', () => {
    const grants = model.grants.filter((g) => g.kind === 'workspace').map((g) => ({ resource: g.resource, family: g.family, access: g.access, permissions: g.permissions, environment: g.environment }));
    expect(grants).toEqual([
      {
        resource: 'metrics',
        family: 'api',
        access: 'RW',
        permissions: [{ scope: { on: 'resource' }, actions: ['aps:DescribeWorkspace', 'aps:RemoteWrite'] }],
        environment: [
          { name: 'METRICS', attribute: 'Arn' },
          { name: 'REMOTE_WRITE_URL', attribute: 'RemoteWriteUrl' },
        ],
      },
      {
        resource: 'metrics',
        family: 'jobs',
        access: 'ReadActions',
        permissions: [{ scope: { on: 'resource' }, actions: ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'] }],
        environment: [{ name: 'METRICS', attribute: 'Arn' }],
      },
      {
        resource: 'shared',
        family: 'jobs',
        access: 'Query',
        permissions: [{ scope: { on: 'resource' }, actions: ['aps:DescribeWorkspace', 'aps:QueryMetrics'] }],
        environment: [
          { name: 'SHARED', attribute: 'Arn' },
          { name: 'SHARED_ID', attribute: 'WorkspaceId' },
        ],
      },
    ]);
  });
});
