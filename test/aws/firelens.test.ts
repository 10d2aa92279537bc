/**
 * FireLens read from the rendered templates: composex adds no log router, so a service with
 * `logging.driver: awsfirelens` to CloudWatch Logs (or `x-logging.FireLens.Shorthands.ReplaceAwsLogs`)
 * renders with the awslogs driver to its family's log group, and no container of the task has a
 * `firelensConfiguration` or the awsfirelens driver (ECS would refuse the task definition: the
 * driver needs a log router in the task). Any other FireLens output is refused at the driver.
 */
import { loadAndCompile } from '../../src/compile';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

const toCloudWatch = yaml`
  services:
    web:
      image: public.ecr.aws/nginx/nginx:1.27
      logging:
        driver: awsfirelens
        options: {Name: cloudwatch, log_group_name: elsewhere, region: eu-west-1}
    worker:
      image: public.ecr.aws/a/worker:1
      x-logging:
        FireLens:
          Shorthands:
            ReplaceAwsLogs: true
`;

type Container = Record<string, unknown> & { Name: string };

describe('awsfirelens to CloudWatch Logs, and ReplaceAwsLogs', () => {
  const result = renderProject({ cwd: projectDir({ 'compose.yaml': toCloudWatch }) });
  const tasks = resourcesOf(result, 'AWS::ECS::TaskDefinition');
  const containers = tasks.flatMap((t) => (t.resource.Properties as { ContainerDefinitions: Container[] }).ContainerDefinitions);

  test('each task has only its service: awslogs to the family log group, no log router', () => {
    expect(containers.map((c) => c.Name).sort()).toEqual(['web', 'worker']);
    for (const c of containers) {
      expect(c.LogConfiguration).toEqual({
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': c.Name },
      });
      expect(c.FirelensConfiguration).toBeUndefined();
      expect(c.DependsOn).toBeUndefined();
    }
    expect(JSON.stringify(result.files.map((f) => f.template))).not.toMatch(/firelens|fluent/i);
  });

  test('the task roles get no log or Firehose permission (awslogs writes with the execution role); one warning each', () => {
    const taskRoles = resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id === 'TaskRole');
    expect(taskRoles).toHaveLength(2);
    expect(JSON.stringify(taskRoles)).not.toMatch(/"(logs|firehose):/);
    const executionRoles = JSON.stringify(resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id !== 'TaskRole'));
    expect(executionRoles).toContain('logs:PutLogEvents');
    expect(result.warnings.filter((w) => w === 'CX1302' || w === 'CX3951')).toEqual(['CX1302', 'CX3951']);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test.each([
  ['Name: firehose', '{Name: firehose, delivery_stream: my-stream, region: eu-west-1}'],
  ['ECS ComposeX delivery_stream', '{delivery_stream: x-kinesis_firehose::logs}'],
  ['Name: s3', '{Name: s3, bucket: my-bucket}'],
])('awsfirelens to another output (%s) is refused at the driver, with the way out', (_name, options) => {
  const text = yaml`
    services:
      web:
        image: public.ecr.aws/nginx/nginx:1.27
        logging:
          driver: awsfirelens
          options: ${options}
  `;
  const { model, diagnostics } = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
  expect(model).toBeUndefined();
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX1301', 5, 7]]);
  expect(errors[0].message).toContain('needs a log router container (Fluent Bit, with firelensConfiguration) in the task, which composex does not add');
  expect(errors[0].hint).toContain('a CloudWatch Logs subscription filter');
});
