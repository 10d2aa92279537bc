/**
 * The Fargate size of a family counts exactly the containers its task definition holds, read from
 * the synthesized template: a secret linked to the task role only (`LinksTo: [EcsTaskRole]`) is
 * not injected, so no secrets init container is written and none is counted; an injected secret,
 * or a configuration file without any secret, gets the init container and its 32 MiB.
 */
import { chooseFargateSize } from '../../src/limits/fargate';
import type { RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject } from '../helpers/templates';

type Container = { Name: string; Cpu?: number; Memory?: number; MemoryReservation?: number };

function render(files: Record<string, string>): RenderResult {
  const result = renderProject({ cwd: projectDir(files) });
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

function taskDefinition(result: RenderResult, stack = 'FamilyApi.json'): { cpu: string; memory: string; containers: Container[] } {
  const props = result.files.find((f) => f.path === stack)!.template.Resources!.TaskDefinition.Properties!;
  return { cpu: props.Cpu as string, memory: props.Memory as string, containers: props.ContainerDefinitions as Container[] };
}

/** The smallest Fargate size holding these container definitions (limits or reservations, whichever is larger). */
function smallestHolding(containers: readonly Container[]): { cpu: string; memory: string } {
  const cpu = containers.reduce((n, c) => n + (c.Cpu ?? 0), 0);
  const memory = containers.reduce((n, c) => n + Math.max(c.Memory ?? 0, c.MemoryReservation ?? 0), 0);
  const size = chooseFargateSize(cpu, memory)!;
  return { cpu: String(size.cpu), memory: String(size.memory) };
}

const api = (secrets: string) => `services:\n  api:\n    image: public.ecr.aws/docker/library/python:3.12-slim\n    mem_limit: 512m\n${secrets}`;
const secret = (links: string) => `secrets:\n  token:\n    x-secrets: {Name: prod/token, LinksTo: [${links}]}\n`;

describe('the secrets init container in the task size', () => {
  test('secrets linked to the task role only: no init container, none counted (512 MiB fills the smallest size)', () => {
    const result = render({ 'compose.yaml': api('    secrets: [token]\n') + secret('EcsTaskRole') });
    const task = taskDefinition(result);
    expect(task.containers.map((c) => c.Name)).toEqual(['api']);
    expect({ cpu: task.cpu, memory: task.memory }).toEqual({ cpu: '256', memory: '512' });
    expect({ cpu: task.cpu, memory: task.memory }).toEqual(smallestHolding(task.containers));
  });

  test('the same secret injected too: the init container is written, and its 32 MiB moves the task to 1 GiB', () => {
    const result = render({ 'compose.yaml': api('    secrets: [token]\n') + secret('EcsExecutionRole, EcsTaskRole') });
    const task = taskDefinition(result);
    expect(task.containers.map((c) => [c.Name, c.Memory])).toEqual([
      ['api', 512],
      ['composex-secrets', 32],
    ]);
    expect({ cpu: task.cpu, memory: task.memory }).toEqual({ cpu: '256', memory: '1024' });
    expect({ cpu: task.cpu, memory: task.memory }).toEqual(smallestHolding(task.containers));
  });

  test('a configuration file and no secret: the init container that writes it is counted too', () => {
    const result = render({
      'compose.yaml': api('    configs: [{source: app, target: /etc/app/app.yaml}]\n') + 'configs:\n  app:\n    file: ./app.yaml\n',
      'app.yaml': 'listen: 8080\n',
    });
    const task = taskDefinition(result);
    expect(task.containers.map((c) => [c.Name, c.Memory])).toEqual([
      ['api', 512],
      ['composex-secrets', 32],
    ]);
    expect({ cpu: task.cpu, memory: task.memory }).toEqual({ cpu: '256', memory: '1024' });
  });

  test('with the X-Ray daemon, its CPU and reservation are counted beside the init container', () => {
    const result = render({ 'compose.yaml': api('    x-xray: true\n    cpus: 0.25\n    secrets: [token]\n') + secret('EcsExecutionRole') });
    const task = taskDefinition(result);
    expect(task.containers.map((c) => c.Name)).toEqual(['api', 'composex-secrets', 'xray-daemon']);
    // 256 + 32 units, 512 + 32 + 256 MiB
    expect({ cpu: task.cpu, memory: task.memory }).toEqual({ cpu: '512', memory: '1024' });
    expect({ cpu: task.cpu, memory: task.memory }).toEqual(smallestHolding(task.containers));
  });
});
