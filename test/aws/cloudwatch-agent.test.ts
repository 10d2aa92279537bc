/**
 * The CloudWatch agent's permissions read from the rendered templates where the file names things
 * composex does not create: an existing cluster given by ARN (the discovery condition names that
 * ARN, the Prometheus log group its name) and an EMF log group a service names itself.
 */
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { validateTemplates } from '../../src/render/validate';
import { formatSummary } from '../../src/render/summary';
import { loadAndCompile } from '../../src/compile';
import { CW_AGENT_IMAGE } from '../../src/resolve/cloudwatch-agent';

const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared';

const text = yaml`
  x-cluster: {Name: ${CLUSTER}}
  services:
    api:
      image: public.ecr.aws/a/api:1
      environment: {AWS_EMF_LOG_GROUP_NAME: api-metrics}
      x-prometheus: {ContainersInsights: {CollectForNginx: true, CollectEmf: true}}
`;

describe('the agent of a family in an existing cluster', () => {
  const cwd = projectDir({ 'compose.yaml': text });
  const result = renderProject({ cwd });
  const role = resourcesOf(result, 'AWS::IAM::Role').find((r) => String((r.resource.Properties as { Description?: string }).Description).includes('application role'))!;
  const statements = (role.resource.Properties as { Policies: { PolicyName: string; PolicyDocument: { Statement: Record<string, unknown>[] } }[] }).Policies.find((p) => p.PolicyName === 'ComposeXCloudWatchAgent')!.PolicyDocument.Statement;
  const sid = (name: string) => statements.find((s) => s.Sid === name)!;
  const arn = (...parts: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });

  test('every template passes the validator', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test("discovery is limited to the cluster's ARN as written; the log group is under its name", () => {
    expect(sid('EcsTaskDiscovery').Condition).toEqual({ ArnEquals: { 'ecs:cluster': CLUSTER } });
    const group = (suffix: string) => arn(':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:/aws/ecs/containerinsights/', { Ref: 'ClusterResourceName' }, `/prometheus${suffix}`);
    expect(sid('PrometheusLogs').Resource).toEqual([group(''), group(':*')]);
  });

  test('EMF: the family log group, and the group the service names (which the agent may create)', () => {
    expect(sid('EmfLogs').Resource).toEqual({ 'Fn::GetAtt': ['LogGroup', 'Arn'] });
    const named = (suffix: string) => arn(':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:log-group:api-metrics${suffix}`);
    expect(sid('EmfNamedLogGroups')).toEqual({
      Sid: 'EmfNamedLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: [named(''), named(':*')],
    });
    const task = resourcesOf(result, 'AWS::ECS::TaskDefinition')[0].resource.Properties as { ContainerDefinitions: { Name: string; Environment?: { Name: string; Value: unknown }[] }[] };
    const api = task.ContainerDefinitions.find((c) => c.Name === 'api')!;
    // the service's own log group wins over the family's
    expect(api.Environment).toEqual([
      { Name: 'AWS_EMF_AGENT_ENDPOINT', Value: 'tcp://127.0.0.1:25888' },
      { Name: 'AWS_EMF_LOG_GROUP_NAME', Value: 'api-metrics' },
    ]);
  });

  test('the summary names the agent, and the task size counts it', () => {
    const summary = formatSummary(loadAndCompile({ cwd, env: { HOME: '/home/test' } }).model!, result);
    expect(summary).toContain(`  metrics: CloudWatch agent cloudwatch-agent (${CW_AGENT_IMAGE}): Prometheus port 9113; EMF on 127.0.0.1:25888`);
    expect(summary).toContain('256 CPU units, 512 MiB (rounded up to a Fargate size: its containers ask for 102 CPU units, 256 MiB)');
  });
});
