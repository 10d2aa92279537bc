/**
 * Start order and endpoint labels, read from the rendered templates: a family's stack waits for the
 * stacks of the families it calls (links, x-network ingress, depends_on), and its task definition
 * carries the endpoints it may call, so that the next deploy replaces its tasks when they change.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

function render(text: string) {
  return renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
}

const rootOf = (result: ReturnType<typeof render>) => result.files.find((f) => f.template.Resources?.FamilyWebStack)!.template;

describe('start order in the root template', () => {
  const result = render(yaml`
    services:
      web: {image: public.ecr.aws/nginx/nginx:1.27, ports: ["80:8080"], links: [api]}
      api: {image: public.ecr.aws/a/api:1, expose: ["8080"]}
      db: {image: public.ecr.aws/a/db:1, expose: ["5432"], x-network: {Ingress: {Services: [{Name: api}]}}}
  `);

  test('each family stack depends on the stacks of the families it calls', () => {
    const resources = rootOf(result).Resources!;
    expect(resources.FamilyWebStack.DependsOn).toEqual(['FamilyApiStack']);
    expect(resources.FamilyApiStack.DependsOn).toEqual(['FamilyDbStack']);
    expect(resources.FamilyDbStack.DependsOn).toBeUndefined();
  });

  test('task definitions carry the endpoints their family may call', () => {
    const labels = Object.fromEntries(
      resourcesOf(result, 'AWS::ECS::TaskDefinition').map(({ resource }) => {
        const containers = resource.Properties!.ContainerDefinitions as { Name: string; DockerLabels?: Record<string, string> }[];
        return [containers[0].Name, containers[0].DockerLabels?.['composex.endpoints']];
      }),
    );
    expect(labels).toEqual({ web: 'api:8080', api: 'db:5432', db: undefined });
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

test('a cycle of links: one edge orders the stacks, the other is reported', () => {
  const result = render(yaml`
    services:
      a: {image: public.ecr.aws/a/a:1, expose: ["80"], links: [b]}
      b: {image: public.ecr.aws/a/b:1, expose: ["80"], links: [a]}
  `);
  const resources = result.files.find((f) => f.template.Resources?.FamilyAStack)!.template.Resources!;
  expect(resources.FamilyAStack.DependsOn).toEqual(['FamilyBStack']);
  expect(resources.FamilyBStack.DependsOn).toBeUndefined();
  expect(result.warnings).toContain('CX3010');
});

test('a one-shot shared by two families runs as a non-essential container in each task, waited for with SUCCESS', () => {
  const result = render(yaml`
    services:
      app: {image: public.ecr.aws/a/app:1, depends_on: {migrate: {condition: service_completed_successfully}}}
      worker: {image: public.ecr.aws/a/worker:1, depends_on: {migrate: {condition: service_completed_successfully}}}
      migrate: {image: public.ecr.aws/a/migrate:1, deploy: {labels: {ecs.task.family: "app,worker"}}}
  `);
  const tasks = resourcesOf(result, 'AWS::ECS::TaskDefinition').map(({ resource }) => resource.Properties!.ContainerDefinitions as { Name: string; Essential: boolean; DependsOn?: unknown }[]);
  expect(tasks).toHaveLength(2);
  for (const containers of tasks) {
    const migrate = containers.find((c) => c.Name === 'migrate')!;
    const main = containers.find((c) => c.Name !== 'migrate')!;
    expect(migrate.Essential).toBe(false);
    expect(main.Essential).toBe(true);
    expect(main.DependsOn).toEqual([{ ContainerName: 'migrate', Condition: 'SUCCESS' }]);
  }
  // no ECS service of its own, and no stack order between the two families
  expect(resourcesOf(result, 'AWS::ECS::Service')).toHaveLength(2);
  const root = result.files.find((f) => f.template.Resources?.FamilyAppStack)!.template.Resources!;
  expect(root.FamilyAppStack.DependsOn).toBeUndefined();
  expect(root.FamilyWorkerStack.DependsOn).toBeUndefined();
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});
