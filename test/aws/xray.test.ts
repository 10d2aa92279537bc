/**
 * x-xray read from the rendered templates: the daemon sidecar in the family's task definition
 * (image, size, port, logs, not essential), the address and start order of the services that
 * asked, the task size, and a task role holding exactly the daemon's actions.
 */
import { loadAndCompile } from '../../src/compile';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf, roleStatements } from '../helpers/templates';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

const traced = yaml`
  services:
    api:
      image: public.ecr.aws/a/api:1
      expose: ["8080"]
      deploy: {labels: {ecs.task.family: app}}
      x-xray: true
    worker:
      image: public.ecr.aws/a/worker:1
      deploy: {labels: {ecs.task.family: app}}
`;

type Container = Record<string, unknown> & { Name: string };

function taskOf(result: ReturnType<typeof render>, family: string) {
  const task = resourcesOf(result, 'AWS::ECS::TaskDefinition').find((t) => t.file === result.files.find((f) => f.logicalId === `Family${family}Stack`)!.path)!;
  return task.resource.Properties as { Cpu: string; Memory: string; ContainerDefinitions: Container[] };
}

describe('a traced family', () => {
  const result = render(traced);
  const task = taskOf(result, 'App');
  const container = (name: string) => task.ContainerDefinitions.find((c) => c.Name === name)!;

  test('the daemon sidecar as AWS runs it on ECS: image, 32 CPU units, 256 MiB reserved, 2000/udp, not essential, the family log group', () => {
    expect(container('xray-daemon')).toEqual({
      Name: 'xray-daemon',
      Image: 'public.ecr.aws/xray/aws-xray-daemon:3.x',
      Essential: false,
      Cpu: 32,
      MemoryReservation: 256,
      PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }],
      Environment: [{ Name: 'AWS_REGION', Value: { Ref: 'AWS::Region' } }],
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'xray-daemon' },
      },
    });
  });

  test('the service that asked gets the address and starts after the daemon; the other does not', () => {
    expect(container('api').Environment).toEqual([{ Name: 'AWS_XRAY_DAEMON_ADDRESS', Value: '127.0.0.1:2000' }]);
    expect(container('api').DependsOn).toEqual([{ ContainerName: 'xray-daemon', Condition: 'START' }]);
    expect(container('worker').Environment).toBeUndefined();
    expect(container('worker').DependsOn).toBeUndefined();
    expect(task.Cpu).toBe('256');
    expect(task.Memory).toBe('512');
  });

  test('the task role holds exactly the daemon\'s actions on "*", inline, and no managed policy', () => {
    const roles = resourcesOf(result, 'AWS::IAM::Role').filter((r) => r.id === 'TaskRole');
    expect(roles).toHaveLength(1);
    const props = roles[0].resource.Properties as Record<string, unknown>;
    expect(props.ManagedPolicyArns).toBeUndefined();
    expect(props.Policies).toEqual([
      {
        PolicyName: 'ComposeXXRayDaemon',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'XRayDaemon',
              Effect: 'Allow',
              Action: ['xray:GetSamplingRules', 'xray:GetSamplingStatisticSummaries', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
              Resource: '*',
            },
          ],
        },
      },
    ]);
    // nothing else anywhere names an xray action
    const all = [...roleStatements(result).values()].flat();
    expect(all.filter((s) => JSON.stringify(s.Action).includes('xray:'))).toHaveLength(1);
  });

  test('the summary names the daemon, and the task size counts it', () => {
    const model = loadAndCompile({ cwd: projectDir({ 'compose.yaml': traced }), env: { HOME: '/home/test' } }).model!;
    const summary = formatSummary(model, result);
    expect(summary).toContain('  tracing: X-Ray daemon xray-daemon (public.ecr.aws/xray/aws-xray-daemon:3.x) for api');
    expect(summary).toContain('256 CPU units, 512 MiB (rounded up to a Fargate size: its containers ask for 32 CPU units, 256 MiB)');
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test('without x-xray: no daemon, no variable, no X-Ray permission', () => {
  const result = render(traced.replace(/^ *x-xray: true\n/m, ''));
  const task = taskOf(result, 'App');
  expect(task.ContainerDefinitions.map((c) => c.Name).sort()).toEqual(['api', 'worker']);
  expect(JSON.stringify(result.files.map((f) => f.template))).not.toMatch(/xray/i);
});

test('OverrideImage: the daemon runs the given image', () => {
  const result = render(traced.replace('x-xray: true', 'x-xray: {OverrideImage: public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0}'));
  expect(taskOf(result, 'App').ContainerDefinitions.find((c) => c.Name === 'xray-daemon')!.Image).toBe('public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0');
});
