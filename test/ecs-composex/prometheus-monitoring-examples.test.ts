/**
 * ECS ComposeX's x-prometheus use cases (test/fixtures/ecs-composex/use-cases/prometheus, MPL-2.0,
 * each with its source URL) and composex's own example of x-prometheus and x-monitoring
 * (composex/prometheus-monitoring.yml), over `use-cases/blog.features.yml`.
 *
 * The three published use cases are refused, but not for their x-prometheus: each writes
 * `x-logging.CreateLogGroup` (CX3301; ECS ComposeX's own x-logging schema has no such key)
 * (`rproxy`'s x-scaling, other than its families', is merged, CX3972); prometheus_enabled.yml also leaves
 * app01's PolicyName inside its PolicyDocument (CX3302). Their x-prometheus is read: a CustomRules
 * entry without port is a declaration only (CX3927), the scrape_config.yaml whose file_sd_configs is
 * not a list is left out (CX3925). `use-cases/prometheus/blog.features.yml`, their base in ECS
 * ComposeX's tests, is refused for a secret Lookup (CX3680) and the same CreateLogGroup.
 *
 * composex's example renders: the agent sidecar in app03's task (Prometheus) and in youtoo's (EMF),
 * read from the templates: container definition, configuration, logs, task role policy, task size.
 */
import { at, BASE, compile, located, render, Rendered, template } from './fixture-helpers';
import { CW_AGENT_IMAGE } from '../../src/resolve/cloudwatch-agent';

const OWN = 'composex/prometheus-monitoring.yml';
const ENABLED = 'use-cases/prometheus/prometheus_enabled.yml';
const CUSTOM = 'use-cases/prometheus/prometheus_custom_options.yml';
const FILE = 'use-cases/prometheus/prometheus_config_file.yml';
const PROMETHEUS_BASE = 'use-cases/prometheus/blog.features.yml';

type Container = Record<string, unknown> & { Name: string; Environment?: { Name: string; Value: unknown }[] };

function taskOf(result: Rendered, file: string) {
  const resources = template(result, file);
  const td = Object.values(resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!.Properties as Record<string, unknown>;
  const role = Object.values(resources).find((r) => r.Type === 'AWS::IAM::Role' && String((r.Properties as { Description?: string }).Description).includes('application role'))!;
  const policies = (role.Properties as { Policies: { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[] }).Policies;
  return { td, containers: td.ContainerDefinitions as Container[], agentPolicy: policies.find((p) => p.PolicyName === 'ComposeXCloudWatchAgent')?.PolicyDocument.Statement };
}
const env = (c: Container, name: string) => c.Environment?.find((e) => e.Name === name)?.Value;
const arn = (...parts: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });

describe("composex's x-prometheus and x-monitoring example", () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, OWN]);
  });

  test('no warning in the example file', () => {
    expect(result.warnings.filter((w) => w.includes(OWN))).toEqual([]);
  });

  test("app03: the agent scrapes its JMX and custom exporters in the family's tasks", () => {
    const { td, containers } = taskOf(result, 'FamilyApp03.json');
    const agent = containers.find((c) => c.Name === 'cloudwatch-agent')!;
    expect(agent).toMatchObject({
      Image: CW_AGENT_IMAGE,
      Essential: false,
      Cpu: 102,
      MemoryReservation: 256,
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'cloudwatch-agent' } },
    });
    expect(agent.PortMappings).toBeUndefined();
    const config = JSON.parse(env(agent, 'CW_CONFIG_CONTENT') as string);
    expect(config.agent).toEqual({ debug: true });
    expect(config.logs.force_flush_interval).toBe(15);
    expect(config.logs.metrics_collected.emf).toBeUndefined();
    const prometheus = config.logs.metrics_collected.prometheus;
    expect(prometheus.prometheus_config_path).toBe('env:PROMETHEUS_CONFIG_CONTENT');
    const pattern = `.*:task-definition/${td.Family as string}:[0-9]+`;
    expect(prometheus.ecs_service_discovery).toEqual({
      sd_frequency: '1m',
      sd_result_file: '/tmp/cwagent_ecs_auto_sd.yaml',
      task_definition_list: [
        { sd_job_name: 'app03-javajmx-prometheus-exporter', sd_metrics_ports: '9404', sd_metrics_path: '/metrics', sd_task_definition_arn_pattern: pattern },
        { sd_job_name: 'app03-custom-sd-0', sd_metrics_ports: '1234', sd_metrics_path: '/metrics', sd_task_definition_arn_pattern: pattern },
      ],
    });
    expect(prometheus.emf_processor.metric_declaration_dedup).toBe(true);
    expect(prometheus.emf_processor.metric_declaration[3]).toEqual({ source_labels: ['container_name'], label_matcher: 'app03', dimensions: [['ClusterName', 'TaskDefinitionFamily']], metric_selectors: ['^startsEnds$'] });
    expect(env(agent, 'PROMETHEUS_CONFIG_CONTENT')).toBe(
      'global:\n  scrape_interval: 15s\n  scrape_timeout: 5s\nscrape_configs:\n  - job_name: cwagent-ecs-file-sd-config\n    sample_limit: 10000\n    file_sd_configs:\n      - files:\n          - /tmp/cwagent_ecs_auto_sd.yaml\n',
    );
    const app03 = containers.find((c) => c.Name === 'app03')!;
    expect(app03.DependsOn).toContainEqual({ ContainerName: 'cloudwatch-agent', Condition: 'START' });
    expect(env(app03, 'AWS_EMF_AGENT_ENDPOINT')).toBeUndefined();
    // app03 (256 units, 128 MiB), the secrets init container and the agent (102, 256 MiB)
    expect([td.Cpu, td.Memory]).toEqual(['512', '1024']);
  });

  test("app03's task role: the Prometheus log group, task discovery in the cluster, task definitions", () => {
    const logGroup = (suffix: string) => arn(':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:/aws/ecs/containerinsights/', { Ref: 'ClusterName' }, `/prometheus${suffix}`);
    expect(taskOf(result, 'FamilyApp03.json').agentPolicy).toEqual([
      { Sid: 'PrometheusLogs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [logGroup(''), logGroup(':*')] },
      {
        Sid: 'EcsTaskDiscovery',
        Effect: 'Allow',
        Action: ['ecs:DescribeTasks', 'ecs:ListTasks'],
        Resource: '*',
        Condition: { ArnEquals: { 'ecs:cluster': arn(':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster/', { Ref: 'ClusterName' }) } },
      },
      { Sid: 'EcsTaskDefinitions', Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition'], Resource: '*' },
    ]);
  });

  test('youtoo: EMF on 25888, every service pointed at the agent and the family log group, which alone the role may write', () => {
    const { td, containers, agentPolicy } = taskOf(result, 'FamilyYoutoo.json');
    const agent = containers.find((c) => c.Name === 'cloudwatch-agent')!;
    expect(agent.PortMappings).toEqual([{ ContainerPort: 25888, Protocol: 'tcp' }]);
    expect(JSON.parse(env(agent, 'CW_CONFIG_CONTENT') as string)).toEqual({ logs: { metrics_collected: { emf: {} }, force_flush_interval: 15 } });
    expect(env(agent, 'PROMETHEUS_CONFIG_CONTENT')).toBeUndefined();
    for (const name of ['app02', 'rproxy']) {
      const c = containers.find((x) => x.Name === name)!;
      expect(env(c, 'AWS_EMF_AGENT_ENDPOINT')).toBe('tcp://127.0.0.1:25888');
      expect(env(c, 'AWS_EMF_LOG_GROUP_NAME')).toEqual({ Ref: 'LogGroup' });
      expect(c.DependsOn).toContainEqual({ ContainerName: 'cloudwatch-agent', Condition: 'START' });
    }
    expect(agentPolicy).toEqual([{ Sid: 'EmfLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['LogGroup', 'Arn'] } }]);
    // app02, rproxy, the X-Ray daemon and the agent: 490 units, 607 MiB
    expect([td.Cpu, td.Memory]).toEqual(['512', '1024']);
  });

  test('a family without the keys has no agent', () => {
    const { containers, agentPolicy } = taskOf(result, 'FamilyBignicefamily.json');
    expect(containers.map((c) => c.Name)).not.toContain('cloudwatch-agent');
    expect(agentPolicy).toBeUndefined();
  });
});

describe("ECS ComposeX's x-prometheus use cases", () => {
  test.each([
    // CreateLogGroup: False (CX3986) and app01's PolicyName inside its PolicyDocument (CX3987) are read, warned
    [ENABLED, [at('CX3986', ENABLED, 'CreateLogGroup'), at('CX3987', ENABLED, 'PolicyName'), at('CX3927', ENABLED, 'source_labels')]],
    [CUSTOM, [at('CX3986', CUSTOM, 'CreateLogGroup')]],
    [FILE, [at('CX3986', FILE, 'CreateLogGroup'), at('CX3925', FILE, 'use-cases/prometheus/scrape_config.yaml')]],
  ])('%s: compiles, its x-prometheus read, its older spellings and merged scaling warned', (file, warnings) => {
    const { diagnostics } = compile([BASE, file]);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning', file).filter((w) => /^CX39/.test(w) && !/^CX3972/.test(w))).toEqual(warnings);
    // app02's and rproxy's x-scaling are merged into youtoo's (and rproxy's into bignicefamily's): CX3972
    const merged = at('CX3972', file, 'x-scaling', 3);
    expect(located(diagnostics, 'warning', file).filter((w) => /^CX3972/.test(w))).toEqual([at('CX3972', file, 'x-scaling', 1), merged, merged]);
  });

  test('prometheus_enabled.yml renders, every template valid', () => {
    const result = render([BASE, ENABLED]);
    expect(result.files.length).toBeGreaterThan(3);
  });

  test('their base file is refused for its secret Lookup only (CreateLogGroup: false is warned)', () => {
    const { diagnostics } = compile([PROMETHEUS_BASE]);
    expect(located(diagnostics, 'error')).toEqual([at('CX3680', PROMETHEUS_BASE, 'Lookup')]);
    expect(located(diagnostics, 'warning')).toContain(at('CX3986', PROMETHEUS_BASE, 'CreateLogGroup'));
  });
});
