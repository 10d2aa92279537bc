/**
 * Start order across families from every network edge (CX3010), one-shot services (CX3011,
 * CX3012) and the endpoints label that replaces a client's tasks when what it may call changes.
 * The templates side (stack DependsOn, the label in the task definition) is in
 * test/aws/start-order.test.ts.
 */
import { callableEndpoints, ENDPOINTS_LABEL } from '../../src/resolve/endpoints';
import { pos, resolve, resolveOk } from './fixtures';

const orderOf = (yaml: string) => Object.fromEntries(resolveOk(yaml).families.map((f) => [f.name, f.dependsOnFamilies]));

describe('start order from network edges', () => {
  test('links and x-network.Ingress.Services order starts like depends_on', () => {
    const yaml = `
      services:
        web: {image: web, links: [api]}
        api: {image: api, expose: ["8080"]}
        db: {image: db, expose: ["5432"], x-network: {Ingress: {Services: [{Name: api}]}}}
    `;
    expect(orderOf(yaml)).toEqual({ api: ['db'], db: [], web: ['api'] });
  });

  test('a cycle of network edges: the edge that would close it is left out with a warning, deterministically', () => {
    const yaml = `
      services:
        a: {image: a, expose: ["80"], links: [b]}
        b: {image: b, expose: ["80"], links: [a]}
    `;
    const first = resolve(yaml);
    expect(first.model!.families.map((f) => [f.name, f.dependsOnFamilies])).toEqual([
      ['a', ['b']],
      ['b', []],
    ]);
    expect(first.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3010',
        message:
          "family 'b' calls 'a' (links) in family 'a', which already starts after 'b': this edge does not order their starts, so 'b' may start first and not reach 'a' until its tasks are replaced",
        ...pos(yaml, 'a]'),
        hint: "break the loop (one of the two need not call the other), or put both services in one family; after a first deploy, redeploy 'b' (a new task definition revision) so its tasks resolve 'a'",
      },
    ]);
    // same input, same choice
    const again = resolve(yaml);
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(again.model!.families).toEqual(first.model!.families);
  });

  test('depends_on wins over a network edge that would contradict it', () => {
    const yaml = `
      services:
        a: {image: a, expose: ["80"], depends_on: [b]}
        b: {image: b, expose: ["80"], links: [a]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.families.find((f) => f.name === 'a')!.dependsOnFamilies).toEqual(['b']);
    expect(model!.families.find((f) => f.name === 'b')!.dependsOnFamilies).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['CX3010']);
  });

  test('edges inside a family order containers, not stacks', () => {
    const yaml = `
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: app}}, links: [b]}
        b: {image: b, deploy: {labels: {ecs.task.family: app}}, expose: ["80"]}
    `;
    expect(orderOf(yaml)).toEqual({ app: [] });
  });
});

describe('one-shot services', () => {
  test('waited for to complete inside the family: a non-essential container its dependant waits for (SUCCESS)', () => {
    const model = resolveOk(`
      services:
        app: {image: app, deploy: {labels: {ecs.task.family: app}}, depends_on: {migrate: {condition: service_completed_successfully}}}
        migrate: {image: migrate, deploy: {labels: {ecs.task.family: app}}}
    `);
    const family = model.families.find((f) => f.name === 'app')!;
    expect(model.families.map((f) => f.name)).toEqual(['app']);
    expect(family.containers.find((c) => c.name === 'migrate')!.essential).toBe(false);
    expect(family.containers.find((c) => c.name === 'app')!.dependsOn).toEqual([{ containerName: 'migrate', condition: 'SUCCESS' }]);
  });

  test('waited for to complete from another family: refused, with the family list that works', () => {
    const yaml = `
      services:
        app: {image: app, depends_on: {migrate: {condition: service_completed_successfully}}}
        worker: {image: worker, depends_on: {migrate: {condition: service_completed_successfully}}}
        migrate: {image: migrate}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const hint = (caller: string) =>
      `run 'migrate' inside the task of each service that waits for it: set deploy.labels: {ecs.task.family: "app,worker"} on 'migrate'; it then runs to completion each time such a task starts, before '${caller}'`;
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3011',
        message:
          "'app' waits for 'migrate' to complete (service_completed_successfully), but 'migrate' is not in its family 'app': ECS would run 'migrate' as a service of its own and start it again every time it exits, so it never completes once",
        ...pos(yaml, 'migrate'),
        hint: hint('app'),
      },
      {
        severity: 'error',
        code: 'CX3011',
        message:
          "'worker' waits for 'migrate' to complete (service_completed_successfully), but 'migrate' is not in its family 'worker': ECS would run 'migrate' as a service of its own and start it again every time it exits, so it never completes once",
        ...pos(yaml, 'migrate', 2),
        hint: hint('worker'),
      },
    ]);
  });

  test('the hint works: with the suggested families it resolves, once in each task', () => {
    const model = resolveOk(`
      services:
        app: {image: app, depends_on: {migrate: {condition: service_completed_successfully}}}
        worker: {image: worker, depends_on: {migrate: {condition: service_completed_successfully}}}
        migrate: {image: migrate, deploy: {labels: {ecs.task.family: "app,worker"}}}
    `);
    expect(model.families.map((f) => [f.name, f.containers.map((c) => `${c.name}${c.essential ? '' : ' (runs once)'}`)])).toEqual([
      ['app', ['app', 'migrate (runs once)']],
      ['worker', ['migrate (runs once)', 'worker']],
    ]);
  });

  test('a one-shot also in a family where nobody waits for it: refused (it would be restarted for ever there)', () => {
    const yaml = `
      services:
        app: {image: app, deploy: {labels: {ecs.task.family: app}}, depends_on: {migrate: {condition: service_completed_successfully}}}
        migrate: {image: migrate, deploy: {labels: {ecs.task.family: "app,jobs"}}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3011',
        message:
          "'migrate' is waited for to complete (service_completed_successfully), but in family 'jobs' no service waits for it: there it would be an essential container, and ECS would start it again every time it exits",
        ...pos(yaml, '"app,jobs"'),
        hint: `set deploy.labels: {ecs.task.family: "app"} on 'migrate'`,
      },
    ]);
  });

  test('restart: "no" waited for from another family: a warning (a job, or a server?)', () => {
    const yaml = `
      services:
        app: {image: app, depends_on: [seed]}
        seed: {image: seed, restart: "no", expose: ["80"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    expect(diagnostics.filter((d) => d.code === 'CX3012')).toEqual([
      {
        severity: 'warning',
        code: 'CX3012',
        message:
          "'app' waits for 'seed', which has restart: \"no\", in another family ('app'): ECS runs 'seed' as a service and starts it again whenever it exits; if it is a job that runs once, it never settles",
        ...pos(yaml, 'seed]'),
        hint: `if 'seed' is a job, set deploy.labels: {ecs.task.family: "app"} on 'seed' and wait for it with condition: service_completed_successfully; if it is a server, remove restart: "no" (ECS replaces tasks that stop)`,
      },
    ]);
  });

  test('nothing to say when a plain service is waited for to start, or restart: "no" inside the family', () => {
    for (const yaml of [
      `
      services:
        app: {image: app, depends_on: [db]}
        db: {image: db, expose: ["5432"]}
      `,
      `
      services:
        app: {image: app, deploy: {labels: {ecs.task.family: app}}, depends_on: [seed]}
        seed: {image: seed, restart: "no", deploy: {labels: {ecs.task.family: app}}}
      `,
    ]) {
      expect(resolve(yaml).diagnostics.filter((d) => ['CX3011', 'CX3012'].includes(d.code))).toEqual([]);
    }
  });
});

describe('endpoints a family may call', () => {
  const yaml = `
    services:
      web: {image: web, depends_on: [api], ports: ["80:8080"]}
      api: {image: api, expose: ["8080", "9090"], depends_on: [db]}
      db: {image: db, expose: ["5432"]}
  `;

  test('every Service Connect name and port the family may reach, sorted, on each of its containers', () => {
    const model = resolveOk(yaml);
    const byName = new Map(model.families.map((f) => [f.name, f]));
    expect(callableEndpoints(byName.get('web')!, byName, model.ingress)).toEqual(['api:8080', 'api:9090']);
    expect(callableEndpoints(byName.get('api')!, byName, model.ingress)).toEqual(['db:5432']);
    expect(byName.get('web')!.containers[0].dockerLabels[ENDPOINTS_LABEL]).toBe('api:8080,api:9090');
    expect(byName.get('api')!.containers[0].dockerLabels[ENDPOINTS_LABEL]).toBe('db:5432');
    // a family that calls nothing carries no label
    expect(ENDPOINTS_LABEL in byName.get('db')!.containers[0].dockerLabels).toBe(false);
  });

  test('the label changes when the family may call one more endpoint, and only for that family', () => {
    const before = resolveOk(yaml);
    const after = resolveOk(yaml.replace('db: {image: db, expose: ["5432"]}', 'db: {image: db, expose: ["5432"], depends_on: [cache]}\n      cache: {image: cache, expose: ["6379"]}'));
    const label = (m: typeof before, family: string) => m.families.find((f) => f.name === family)!.containers[0].dockerLabels[ENDPOINTS_LABEL];
    expect(label(after, 'db')).toBe('cache:6379');
    expect(label(before, 'db')).toBeUndefined();
    expect(label(after, 'web')).toBe(label(before, 'web'));
  });
});
