/**
 * x-aps workspaces in the templates: AWS::APS::Workspace retained, with its properties as written,
 * a log group for CreateNewLogGroup whose ARN is the workspace's LoggingConfiguration; each
 * family's exact task-role statements for its level on the workspace ARN; the variables (the ARN,
 * the endpoint, ECS ComposeX's RemoteWriteUrl and QueryUrl); a looked-up workspace granted on
 * exactly its ARN, with its id and endpoint as literals; nothing for a service not listed.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const SHARED = 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-12345678-abcd-1234-abcd-123456789012';
const SHARED_ENDPOINT = 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-12345678-abcd-1234-abcd-123456789012/';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: prometheus
services:
  api: {image: api}
  grafana: {image: grafana}
  adhoc: {image: adhoc}
  bystander: {image: bystander}
x-aps:
  metrics:
    Properties:
      Alias: shop-metrics
      Tags: [{Key: team, Value: shop}]
    MacroParameters: {CreateNewLogGroup: {RetentionInDays: 30}}
    Services:
      api: {Access: RW, ReturnValues: {RemoteWriteUrl: PROM_REMOTE_WRITE_URL}}
      grafana: {Access: ReadActions, ReturnValues: {PrometheusEndpoint: PROM_ENDPOINT, QueryUrl: PROM_QUERY_URL, WorkspaceId: PROM_ID}}
  plain:
    Services:
      adhoc: {Access: Query}
  shared:
    Lookup: {Arn: "${SHARED}"}
    Services:
      api: {Access: RW, ReturnValues: {RemoteWriteUrl: SHARED_WRITE_URL, WorkspaceId: SHARED_ID}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
// Written out here, independently of src/resolve/resources/access.ts.
const RW = ['aps:DescribeWorkspace', 'aps:RemoteWrite'];
const QUERY = ['aps:DescribeWorkspace', 'aps:QueryMetrics'];
const READ = ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'];

test('zero validator errors, no warning about the workspaces', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.warnings.filter((code) => code.startsWith('CX36') || code.startsWith('CX38'))).toEqual([]);
});

test('workspaces: created as written, tagged, retained; the log group of CreateNewLogGroup is their LoggingConfiguration', () => {
  const workspaces = resourcesOf(result, 'AWS::APS::Workspace');
  expect(workspaces.map((w) => [w.file, w.id])).toEqual([
    ['Workspaces.json', 'WorkspaceMetrics'],
    ['Workspaces.json', 'WorkspacePlain'],
  ]);
  for (const { resource } of workspaces) expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  const [metrics, plain] = workspaces;
  expect(metrics.resource.Properties!.Alias).toBe('shop-metrics');
  expect(metrics.resource.Properties!.Tags).toEqual([
    { Key: 'composex:project', Value: 'prometheus' },
    { Key: 'composex:workspace', Value: 'metrics' },
    { Key: 'team', Value: 'shop' },
  ]);
  expect(metrics.resource.Properties!.LoggingConfiguration).toEqual({ LogGroupArn: { 'Fn::GetAtt': ['WorkspaceMetricsLogGroup', 'Arn'] } });
  expect(plain.resource.Properties!.LoggingConfiguration).toBeUndefined();
  const logGroups = resourcesOf(result, 'AWS::Logs::LogGroup').filter((l) => l.file === 'Workspaces.json');
  expect(logGroups.map((l) => [l.id, l.resource.Properties!.RetentionInDays])).toEqual([['WorkspaceMetricsLogGroup', 30]]);
});

test('api: RW on the new and the looked-up workspace, each on exactly its ARN; the URLs built from the endpoint', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual([...on(RW, 'workspace:metrics.Arn'), ...on(RW, SHARED)].sort());
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual([
    'METRICS=workspace:metrics.Arn',
    'PROM_REMOTE_WRITE_URL=workspace:metrics.PrometheusEndpointapi/v1/remote_write',
    `SHARED=${SHARED}`,
    'SHARED_ID=ws-12345678-abcd-1234-abcd-123456789012',
    `SHARED_WRITE_URL=${SHARED_ENDPOINT}api/v1/remote_write`,
  ]);
});

test('grafana: ReadActions, with the endpoint, query URL and id', () => {
  expect(rolePairs(tracer, tracer.familyFile('Grafana'), 'TaskRole')).toEqual(on(READ, 'workspace:metrics.Arn'));
  expect(containerVariables(tracer, tracer.familyFile('Grafana'), 'grafana')).toEqual([
    'METRICS=workspace:metrics.Arn',
    'PROM_ENDPOINT=workspace:metrics.PrometheusEndpoint',
    'PROM_ID=workspace:metrics.WorkspaceId',
    'PROM_QUERY_URL=workspace:metrics.PrometheusEndpointapi/v1/query',
  ]);
});

test('adhoc: Query on the workspace without properties; a service not listed gets nothing', () => {
  expect(rolePairs(tracer, tracer.familyFile('Adhoc'), 'TaskRole')).toEqual(on(QUERY, 'workspace:plain.Arn'));
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole').filter((p) => p.includes('aps:'))).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});
