/**
 * x-prometheus and x-monitoring read by resolve: the CloudWatch agent of the family (image, size,
 * scraping jobs, EMF), the services' address and start order, the task size, the agent's policy,
 * and each malformed or ignored option located.
 */
import { pos, resolve, resolveOk } from './fixtures';
import { CW_AGENT_IMAGE, defaultScrapeConfig } from '../../src/resolve/cloudwatch-agent';
import { scrapeConfigProblem, durationMs } from '../../src/resolve/x-prometheus';
import { taskRolePolicies } from '../../src/resolve/task-role';
import { AGENT_POLICY_PLACEHOLDERS } from '../../src/resolve/cloudwatch-agent-policy';

function located(text: string, code: string) {
  return resolve(text).diagnostics.filter((d) => d.code === code).map((d) => ({ line: d.line, column: d.column }));
}
const at = (text: string, marker: string, occurrence = 1) => (({ line, column }) => ({ line, column }))(pos(text, marker, occurrence));

describe('x-prometheus', () => {
  test('CollectForJavaJmx and a custom rule: jobs on the ports, ECS ComposeX\'s declarations, the interval asked', () => {
    const family = resolveOk(`
      services:
        api:
          image: api
          deploy: {labels: {ecs.task.family: app}}
          x-prometheus:
            ContainersInsights:
              CollectForJavaJmx: {ExporterPort: 9405, ExporterPath: /jmx}
              CustomRules:
                - ExporterPort: 1234
                  EmfProcessors: [{source_labels: [container_name], label_matcher: "^api$", dimensions: [[ClusterName]], metric_selectors: ["^x$"]}]
              ScrapingConfiguration: {Interval: 30s, Timeout: 5s}
        worker: {image: worker, deploy: {labels: {ecs.task.family: app}}}
    `).families[0];
    const agent = family.cloudwatchAgent!;
    expect(agent).toMatchObject({ name: 'cloudwatch-agent', image: CW_AGENT_IMAGE, cpu: 102, memoryReservation: 256, emf: false, debug: false, services: ['api', 'worker'], emfLogGroups: [] });
    expect(agent.prometheus!.jobs).toEqual([
      { name: 'app-javajmx-prometheus-exporter', port: 9405, path: '/jmx' },
      { name: 'app-custom-sd-0', port: 1234, path: '/metrics' },
    ]);
    expect(agent.prometheus!.declarations.map((d) => d.label_matcher)).toEqual(['^.*jmx.*$', '^.*jmx.*$', '^.*jmx.*$', '^api$']);
    expect(agent.prometheus!.scrapeConfig).toBe(defaultScrapeConfig('30s', '5s'));
    // every service starts after the agent; no EMF address without EMF
    for (const c of family.containers) {
      expect(c.dependsOn).toEqual([{ containerName: 'cloudwatch-agent', condition: 'START' }]);
      expect(c.environment).toEqual([]);
    }
    // 102 units and 256 MiB fit the smallest Fargate size
    expect(family.taskSize).toEqual({ cpu: 256, memory: 512 });
  });

  test('the agent counts in the task size', () => {
    const family = resolveOk(`services: {api: {image: api, deploy: {resources: {limits: {cpus: "0.25", memory: 512M}}}, x-monitoring: {CWAgentCollectEmf: true}}}`).families[0];
    // 256 + 102 units, 512 + 256 MiB: the next Fargate size
    expect(family.taskSize).toEqual({ cpu: 512, memory: 1024 });
  });

  test('the policy: Prometheus logs, task discovery in the cluster, task definitions', () => {
    const family = resolveOk(`services: {api: {image: api, x-prometheus: {ContainersInsights: {CollectForNginx: true}}}}`).families[0];
    const policy = taskRolePolicies(family).find((p) => p.PolicyName === 'ComposeXCloudWatchAgent')!;
    const group = `arn:aws-us-gov:logs:ap-southeast-3:123456789012:log-group:/aws/ecs/containerinsights/${AGENT_POLICY_PLACEHOLDERS.clusterName}/prometheus`;
    expect(policy.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PrometheusLogs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [group, `${group}:*`] },
        { Sid: 'EcsTaskDiscovery', Effect: 'Allow', Action: ['ecs:DescribeTasks', 'ecs:ListTasks'], Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': AGENT_POLICY_PLACEHOLDERS.clusterArn } } },
        { Sid: 'EcsTaskDefinitions', Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition'], Resource: '*' },
      ],
    });
    expect(family.cloudwatchAgent!.prometheus!.jobs).toEqual([{ name: 'api-nginx-prometheus-exporter', port: 9113, path: '/metrics' }]);
  });

  test.each([
    ['a timeout longer than the interval', 'ScrapingConfiguration: {Interval: 10s, Timeout: 30s}', 'CX3920', '30s'],
    ['a duration Prometheus does not read', 'ScrapingConfiguration: {Interval: 1 minute}', 'CX3920', '1 minute'],
    ['an exporter that is neither true nor a mapping', 'CollectForJavaJmx: yes-please', 'CX3920', 'yes-please'],
    ['a broken label matcher', 'CollectForNginx: {label_matcher: "(nginx"}', 'CX3920', '"(nginx"'],
    ['an empty dimension set', 'CustomRules: [{ExporterPort: 1, EmfProcessors: [{source_labels: [a], label_matcher: a, dimensions: [[]], metric_selectors: [a]}]}]', 'CX3920', '[]'],
    ['nothing to scrape', 'EnableCWAgentDebug: true', 'CX3926', 'ContainersInsights'],
    ['a rule without its port', 'CustomRules: [{source_labels: [a], label_matcher: a, dimensions: [[A]], metric_selectors: [a]}]', 'CX3927', '{source_labels'],
    ['App Mesh', 'CollectForAppMesh: true', 'CX3923', 'CollectForAppMesh'],
    ['the nginx exporter sidecar', 'AutoAddNginxPrometheusExporter: true', 'CX3923', 'AutoAddNginxPrometheusExporter'],
  ])('%s is located (%s)', (_what, option, code, marker) => {
    const text = `
      services:
        api:
          image: api
          x-prometheus:
            ContainersInsights: {CollectForJavaJmx: true, ${option}}
    `;
    const fixed = option.startsWith('CollectForJavaJmx') || option.startsWith('EnableCWAgentDebug') ? text.replace('CollectForJavaJmx: true, ', '') : text;
    expect(located(fixed, code)).toEqual([at(fixed, marker)]);
  });

  test('a ScrapingConfigurationFile outside the project is refused, located (CX3924)', () => {
    const text = `
      services:
        api:
          image: api
          x-prometheus: {ContainersInsights: {CollectForJavaJmx: true, ScrapingConfiguration: {ScrapingConfigurationFile: /etc/passwd}}}
    `;
    expect(located(text, 'CX3924')).toEqual([at(text, '/etc/passwd')]);
  });

  test('the Prometheus configuration checks: what Prometheus refuses at load', () => {
    expect(scrapeConfigProblem(defaultScrapeConfig())).toBeUndefined();
    expect(scrapeConfigProblem('scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      files: [x]\n')).toBe('scrape_configs[0].file_sd_configs must be a list');
    expect(scrapeConfigProblem('global: {}\n')).toBe('scrape_configs must be a non-empty list');
    expect(durationMs('1h30m')).toBe(5400e3);
    expect(durationMs('1 m')).toBeUndefined();
  });

  test('a family port on 25888 with EMF is refused (CX3922); two services naming different images (CX3928)', () => {
    const clash = `
      services:
        api: {image: api, expose: ["25888"], deploy: {labels: {ecs.task.family: app}}}
        worker:
          image: worker
          deploy: {labels: {ecs.task.family: app}}
          x-monitoring: {CWAgentCollectEmf: true}
    `;
    expect(located(clash, 'CX3922')).toEqual([at(clash, 'x-monitoring')]);
    const images = `
      services:
        api: {image: api, deploy: {labels: {ecs.task.family: app}}, x-monitoring: {CWAgentCollectEmf: {OverrideImage: a/agent:1}}}
        worker: {image: worker, deploy: {labels: {ecs.task.family: app}}, x-monitoring: {CWAgentCollectEmf: {OverrideImage: a/agent:2}}}
    `;
    expect(located(images, 'CX3928')).toEqual([at(images, 'x-monitoring', 2)]);
  });
});

describe('x-monitoring', () => {
  test('CWAgentCollectEmf: the services get the agent\'s address (theirs wins), a named log group is granted', () => {
    const family = resolveOk(`
      services:
        api:
          image: api
          deploy: {labels: {ecs.task.family: app}}
          environment: {AWS_EMF_LOG_GROUP_NAME: api-metrics}
          x-monitoring: {CWAgentCollectEmf: true}
        worker:
          image: worker
          deploy: {labels: {ecs.task.family: app}}
          environment: {AWS_EMF_AGENT_ENDPOINT: "udp://127.0.0.1:25888"}
    `).families[0];
    expect(family.cloudwatchAgent).toMatchObject({ emf: true, emfLogGroups: ['api-metrics'] });
    expect(family.cloudwatchAgent!.prometheus).toBeUndefined();
    const env = (name: string) => family.containers.find((c) => c.name === name)!.environment;
    expect(env('api')).toEqual([
      { name: 'AWS_EMF_AGENT_ENDPOINT', value: 'tcp://127.0.0.1:25888' },
      { name: 'AWS_EMF_LOG_GROUP_NAME', value: 'api-metrics' },
    ]);
    expect(env('worker')).toEqual([{ name: 'AWS_EMF_AGENT_ENDPOINT', value: 'udp://127.0.0.1:25888' }]);
    const statements = (taskRolePolicies(family).find((p) => p.PolicyName === 'ComposeXCloudWatchAgent')!.PolicyDocument as { Statement: unknown[] }).Statement;
    const named = 'arn:aws-us-gov:logs:ap-southeast-3:123456789012:log-group:api-metrics';
    expect(statements).toEqual([
      { Sid: 'EmfLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: AGENT_POLICY_PLACEHOLDERS.familyLogGroupArn },
      { Sid: 'EmfNamedLogGroups', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [named, `${named}:*`] },
    ]);
  });

  test('OverrideImage runs that image; UseLatest, InterpolateWithDigest and FluentBit are warned about where written', () => {
    expect(resolveOk(`services: {api: {image: api, x-monitoring: {CWAgentCollectEmf: {OverrideImage: reg.example.com/cwagent:1}}}}`).families[0].cloudwatchAgent!.image).toBe('reg.example.com/cwagent:1');
    const text = `
      services:
        api:
          image: api
          x-monitoring:
            CollectEmf: {CloudwatchAgent: {UseLatest: true, InterpolateWithDigest: true}, FluentBit: {UseLatest: true}}
    `;
    expect(located(text, 'CX3923')).toEqual([at(text, 'UseLatest'), at(text, 'InterpolateWithDigest'), at(text, 'FluentBit')]);
    expect(resolveOk(text).families[0].cloudwatchAgent!.image).toBe(CW_AGENT_IMAGE);
  });

  test('malformed values are located (CX3921); false adds nothing', () => {
    const text = `services: {api: {image: api, x-monitoring: {CWAgentCollectEmf: "yes"}}}`;
    expect(located(text, 'CX3921')).toEqual([at(text, '"yes"')]);
    const missing = `services: {api: {image: api, x-monitoring: {CWAgentCollectEmf: {InterpolateWithDigest: false}}}}`;
    expect(located(missing, 'CX3921')).toEqual([at(missing, 'CWAgentCollectEmf')]);
    expect(resolveOk(`services: {api: {image: api, x-monitoring: {CWAgentCollectEmf: false}}}`).families[0].cloudwatchAgent).toBeUndefined();
  });
});
