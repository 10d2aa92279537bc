import { resolveProject } from '../../src/resolve';
import { compose } from './fixtures';

const BASE = `
  services:
    web: {image: web, ports: ["80:8080"], depends_on: [api], links: ["cache:redis"]}
    api: {image: api, expose: ["3000"], depends_on: [db], deploy: {labels: {ecs.task.family: back-end}}}
    worker: {image: w, depends_on: [db], deploy: {labels: {ecs.task.family: back_end}}}
    db: {image: db, expose: ["5432"], volumes: ["data:/data"], secrets: [db]}
    cache: {image: redis, expose: ["6379"], x-network: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}}
  volumes: {data: {}}
  secrets: {db: {file: ./db.txt}}
`;

/** The model without its location function (which reads source maps), as JSON. */
function modelJson(yaml: string): string {
  const { model } = resolveProject(compose(yaml));
  expect(model).toBeDefined();
  const { locate: _locate, ...rest } = model!;
  return JSON.stringify(rest);
}

describe('determinism', () => {
  test('resolving twice gives identical models', () => {
    expect(modelJson(BASE)).toBe(modelJson(BASE));
  });

  test('service order in the file does not change the model', () => {
    const lines = BASE.split('\n');
    const services = lines.slice(2, 7).reverse();
    const reordered = [...lines.slice(0, 2), ...services, ...lines.slice(7)].join('\n');
    expect(modelJson(reordered)).toBe(modelJson(BASE));
  });

  test('adding a service keeps every existing logical id', () => {
    const ids = (yaml: string) => new Map(resolveProject(compose(yaml)).model!.families.map((f) => [f.name, f.logicalId]));
    const before = ids(BASE);
    const after = ids(BASE.replace('  volumes:', '    zz-new: {image: z}\n    a_new: {image: a}\n  volumes:'));
    for (const [name, id] of before) expect(after.get(name)).toBe(id);
  });

  test('1,000 services resolve quickly', () => {
    const lines = ['services:'];
    for (let i = 0; i < 1000; i++) {
      const deps = i > 0 ? `, depends_on: [s${i - 1}]` : '';
      lines.push(`  s${i}: {image: img, expose: ["${3000 + (i % 50)}"]${deps}}`);
    }
    const project = compose(lines.join('\n'));
    const start = Date.now();
    const { model } = resolveProject(project);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(model!.families).toHaveLength(1000);
    expect(model!.ingress).toHaveLength(999);
  });
});
