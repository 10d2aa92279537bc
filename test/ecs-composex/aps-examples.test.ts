/**
 * ECS ComposeX's x-aps use cases (test/fixtures/ecs-composex/use-cases/aps, MPL-2.0, each with its
 * source URL), rendered over `use-cases/blog.features.yml` as ECS ComposeX's tests combine them.
 * create_only.yaml renders unchanged (four workspaces, two with a log group of their own);
 * lookup_only.yaml is refused only for its Lookup by tags (CX3860: composex renders offline and
 * takes a workspace's ARN instead). Every error and warning located in the use-case file is pinned.
 */
import { RenderResult, renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';
import { at, BASE, compile, errorText, located } from './fixture-helpers';

const CREATE = 'use-cases/aps/create_only.yaml';
const LOOKUP = 'use-cases/aps/lookup_only.yaml';

describe('use-cases/aps/create_only.yaml', () => {
  let compiled: ReturnType<typeof compile>;
  let result: RenderResult;
  let tracer: Tracer;
  beforeAll(() => {
    compiled = compile([BASE, CREATE]);
    if (!compiled.model) throw new Error(errorText(compiled.diagnostics));
    result = renderModel(compiled.model);
    tracer = new Tracer(result.files);
  });

  test('renders unchanged, validator clean; the two workspaces no service uses are said at their names', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(located(compiled.diagnostics, 'error', CREATE)).toEqual([]);
    expect(located(compiled.diagnostics, 'warning', CREATE)).toEqual([
      at('CX3612', CREATE, 'SimpleWorkspaceFromCfnDocsWithExistingLogging:'),
      at('CX3612', CREATE, 'SimpleWorkspaceFromCfnDocsWithNewBoolLogging:'),
    ]);
  });

  test('four retained workspaces; logging to the given group, to a 7-day group, and to the group the mapping describes', () => {
    const workspaces = Object.fromEntries(resourcesOf(result, 'AWS::APS::Workspace').map((w) => [w.id, w.resource]));
    expect(Object.keys(workspaces).sort()).toEqual([
      'WorkspaceSimpleWorkspaceFromCfnDocs',
      'WorkspaceSimpleWorkspaceFromCfnDocsWithExistingLogging',
      'WorkspaceSimpleWorkspaceFromCfnDocsWithNewBoolLogging',
      'WorkspaceSimpleWorkspaceFromCfnDocsWithNewDictLogging',
    ]);
    for (const w of Object.values(workspaces)) expect(w).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(workspaces.WorkspaceSimpleWorkspaceFromCfnDocs.Properties!.LoggingConfiguration).toBeUndefined();
    expect(workspaces.WorkspaceSimpleWorkspaceFromCfnDocsWithExistingLogging.Properties!.LoggingConfiguration).toEqual({ LogGroupArn: 'arn:aws:logs:eu-west-1:373709687836:log-group:test-dummy-aps:*' });
    expect(workspaces.WorkspaceSimpleWorkspaceFromCfnDocsWithNewBoolLogging.Properties!.LoggingConfiguration).toEqual({ LogGroupArn: { 'Fn::GetAtt': ['WorkspaceSimpleWorkspaceFromCfnDocsWithNewBoolLoggingLogGroup', 'Arn'] } });
    const groups = Object.fromEntries(resourcesOf(result, 'AWS::Logs::LogGroup').filter((g) => g.file === 'Workspaces.json').map((g) => [g.id, g.resource.Properties]));
    expect(groups.WorkspaceSimpleWorkspaceFromCfnDocsWithNewBoolLoggingLogGroup).toMatchObject({ RetentionInDays: 7 });
    expect(groups.WorkspaceSimpleWorkspaceFromCfnDocsWithNewDictLoggingLogGroup).toMatchObject({ LogGroupName: 'testing-new-aps-logging-group', RetentionInDays: 1 });
  });

  test('app03: Query on one workspace, RW on the other, with the ReturnValues it names', () => {
    const family = tracer.familyFile('App03');
    const pairs = rolePairs(tracer, family, 'TaskRole').filter((p) => p.includes('aps:'));
    expect(pairs).toEqual(
      [
        'Allow aps:DescribeWorkspace on workspace:SimpleWorkspaceFromCfnDocs.Arn',
        'Allow aps:QueryMetrics on workspace:SimpleWorkspaceFromCfnDocs.Arn',
        'Allow aps:DescribeWorkspace on workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.Arn',
        'Allow aps:RemoteWrite on workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.Arn',
      ].sort(),
    );
    expect(containerVariables(tracer, family, 'app03').filter((v) => v.includes('workspace:'))).toEqual([
      'QUERY_URL=workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.PrometheusEndpointapi/v1/query',
      'REMOTE_ENDPOINT=workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.PrometheusEndpoint',
      'REMOTE_WRITE_URL=workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.PrometheusEndpointapi/v1/remote_write',
      'SIMPLE_WORKSPACE_FROM_CFN_DOCS=workspace:SimpleWorkspaceFromCfnDocs.Arn',
      'SIMPLE_WORKSPACE_FROM_CFN_DOCS_WITH_NEW_DICT_LOGGING=workspace:SimpleWorkspaceFromCfnDocsWithNewDictLogging.Arn',
    ]);
  });
});

test('use-cases/aps/lookup_only.yaml: refused only for its Lookup by tags (CX3860), with the ARN form as the fix', () => {
  const { model, diagnostics } = compile([BASE, LOOKUP]);
  expect(model).toBeUndefined();
  expect(located(diagnostics)).toEqual([at('CX3860', LOOKUP, 'Lookup:')]);
  expect(diagnostics.find((d) => d.code === 'CX3860')!.hint).toMatch(/^give the workspace's ARN .*Lookup: \{Arn: arn:aws:aps:/);
  expect(located(diagnostics, 'warning', LOOKUP)).toEqual([]);
});
