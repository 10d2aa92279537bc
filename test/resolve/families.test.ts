import { logicalIds, nameHash, pascalCase } from '../../src/resolve/names';
import { pos, resolve, resolveOk } from './fixtures';

const summary = (yaml: string) =>
  resolveOk(yaml).families.map((f) => ({ name: f.name, services: f.containers.map((s) => s.name), desiredCount: f.desiredCount }));

describe('families', () => {
  test.each<[string, string, { name: string; services: string[]; desiredCount: number }[]]>([
    [
      'one family per service by default, named after it, sorted',
      `
      services:
        web: {image: web}
        api: {image: api}
      `,
      [
        { name: 'api', services: ['api'], desiredCount: 1 },
        { name: 'web', services: ['web'], desiredCount: 1 },
      ],
    ],
    [
      'ecs.task.family groups services into one task',
      `
      services:
        app: {image: app, deploy: {labels: {ecs.task.family: backend}}}
        proxy: {image: envoy, deploy: {labels: {ecs.task.family: backend}}}
        web: {image: web}
      `,
      [
        { name: 'backend', services: ['app', 'proxy'], desiredCount: 1 },
        { name: 'web', services: ['web'], desiredCount: 1 },
      ],
    ],
    [
      'a comma-separated list puts a service in every family listed (spaces ignored)',
      `
      services:
        logger: {image: fluent, deploy: {labels: {ecs.task.family: "api, worker"}}}
        api: {image: api}
        worker: {image: worker}
      `,
      [
        { name: 'api', services: ['api', 'logger'], desiredCount: 1 },
        { name: 'worker', services: ['logger', 'worker'], desiredCount: 1 },
      ],
    ],
    [
      'desiredCount is the largest replicas of the family',
      `
      services:
        a: {image: a, deploy: {replicas: 2, labels: {ecs.task.family: f}}}
        b: {image: b, deploy: {replicas: 5, labels: {ecs.task.family: f}}}
        c: {image: c, deploy: {labels: {ecs.task.family: f}}}
        d: {image: d, deploy: {replicas: 3}}
      `,
      [
        { name: 'd', services: ['d'], desiredCount: 3 },
        { name: 'f', services: ['a', 'b', 'c'], desiredCount: 5 },
      ],
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(summary(yaml)).toEqual(expected);
  });

  test('family fields: networks, ports, dns names, secrets, volumes, start order, defaults', () => {
    const model = resolveOk(`
      services:
        app:
          image: app
          deploy: {labels: {ecs.task.family: backend}}
          expose: ["3000"]
          networks: {back: {aliases: [application]}, front: null}
          depends_on: [db]
          secrets: [token]
          volumes: ["data:/data"]
        proxy:
          image: envoy
          deploy: {labels: {ecs.task.family: backend}}
          ports: ["8080"]
          networks: [front]
        web: {image: web, links: ["app:api"], networks: [front]}
        db: {image: db, expose: ["5432"], networks: [back]}
      networks: {front: {}, back: {}}
      secrets: {token: {external: true}}
      volumes: {data: {}}
    `);
    const backend = model.families.find((f) => f.name === 'backend')!;
    expect(backend).toMatchObject({
      logicalId: 'Backend',
      networks: ['back', 'front'],
      ports: [
        { service: 'app', port: 3000, protocol: 'tcp' },
        { service: 'proxy', port: 8080, protocol: 'tcp' },
      ],
      dnsNames: ['api', 'app', 'application', 'proxy'],
      secrets: ['token'],
      volumes: ['data'],
      dependsOnFamilies: ['db'],
      assignPublicIp: false,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      enableExecuteCommand: false,
      logRetentionDays: 30,
      iam: { policies: [], managedPolicyArns: [] },
    });
  });

  test('family-wide settings from one service apply to the family', () => {
    const model = resolveOk(`
      services:
        a:
          image: a
          deploy: {labels: {ecs.task.family: f}}
          x-network: {AssignPublicIp: true}
          x-ecs:
            EnableExecuteCommand: true
            CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 3}, {CapacityProvider: FARGATE, Base: 1}]
        b:
          image: b
          deploy: {labels: {ecs.task.family: f}}
          x-logging: {RetentionInDays: 14}
          x-ecs: {EnableExecuteCommand: true}
    `);
    expect(model.families[0]).toMatchObject({
      assignPublicIp: true,
      enableExecuteCommand: true,
      logRetentionDays: 14,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
    });
  });
});

describe('family errors', () => {
  test.each<[string, string, string, string, string, string]>([
    [
      'invalid family name in the label',
      `
      services:
        web: {image: web, deploy: {labels: {ecs.task.family: "front end"}}}
      `,
      'CX3003',
      "'front end' is not a valid ECS task family name (letters, digits, '-' and '_' only, 1 to 255 characters)",
      '"front end"',
      'write ecs.task.family as a comma-separated list of names such as "backend,jobs"',
    ],
    [
      'service name unusable as a family name',
      `
      services:
        web.v2: {image: web}
      `,
      'CX3003',
      "service name 'web.v2' cannot be used as an ECS task family name (letters, digits, '-' and '_' only, at most 255)",
      'web.v2',
      'set deploy.labels.ecs.task.family to a valid family name for this service',
    ],
    [
      'conflicting x-network.AssignPublicIp in one family',
      `
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: f}}, x-network: {AssignPublicIp: true}}
        b: {image: b, deploy: {labels: {ecs.task.family: f}}, x-network: {AssignPublicIp: false}}
      `,
      'CX3005',
      "services 'a' and 'b' of family 'f' set x-network.AssignPublicIp differently (true at compose.yaml:2:85, false here); one ECS service runs the whole family",
      'false',
      'make them equal, or set x-network.AssignPublicIp on one service of the family only',
    ],
    [
      'two containers of a task on one port',
      `
      services:
        a: {image: a, deploy: {labels: {ecs.task.family: f}}, expose: ["8080"]}
        b: {image: b, deploy: {labels: {ecs.task.family: f}}, ports: ["9000:8080"]}
      `,
      'CX3006',
      "services 'a' and 'b' of family 'f' both listen on 8080/tcp; containers of one task share its network interface (first declared at compose.yaml:2:66)",
      '"9000:8080"',
      'change one of the ports, or put the services in different families',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const at = marker.includes('\n') ? pos(yaml, marker.split('\n')[0], 2) : pos(yaml, marker);
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...at, hint }]);
  });

  test('a start-order cycle between families', () => {
    const yaml = `
      services:
        a1: {image: a, deploy: {labels: {ecs.task.family: A}}, depends_on: [b1]}
        a2: {image: a, deploy: {labels: {ecs.task.family: A}}}
        b1: {image: b, deploy: {labels: {ecs.task.family: B}}}
        b2: {image: b, deploy: {labels: {ecs.task.family: B}}, depends_on: [a2]}
    `;
    const { diagnostics } = resolve(yaml);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3007',
        message: "families A, B would each wait for the other to start: 'a1' (A) depends on 'b1' (B), 'b2' (B) depends on 'a2' (A)",
        ...pos(yaml, 'b1]'),
        hint: 'put these services in one family (containers of a task may depend on each other), or remove one depends_on',
      },
    ]);
  });

  test('ecs.task.family under labels is a warning, the service keeps its own family', () => {
    const yaml = `
      services:
        web: {image: web, labels: {ecs.task.family: app}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.families.map((f) => f.name)).toEqual(['web']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3004',
        message: "service 'web' sets 'ecs.task.family' under labels, which only labels the container; the service keeps its own family",
        ...pos(yaml, 'ecs.task.family'),
        hint: 'move it under deploy.labels to group services into one task',
      },
    ]);
  });
});

describe('logical ids', () => {
  test.each([
    ['api', 'Api'],
    ['my-api', 'MyApi'],
    ['web_v2', 'WebV2'],
    ['myAPI', 'MyAPI'],
    ['--x--', 'X'],
    ['9lives', '9lives'],
  ])('%s → %s', (name, id) => {
    expect(pascalCase(name)).toBe(id);
    expect(logicalIds([name]).get(name)).toBe(id);
  });

  test('collisions: the smallest name keeps the plain id, others get a suffix hashed from their own name', () => {
    const ids = logicalIds(['my_api', 'my-api', 'MyApi', 'web']);
    expect(ids.get('MyApi')).toBe('MyApi'); // 'M' < 'm'
    expect(ids.get('my-api')).toBe(`MyApi${nameHash('my-api')}`);
    expect(ids.get('my_api')).toBe(`MyApi${nameHash('my_api')}`);
    expect(ids.get('web')).toBe('Web');
    expect(new Set(ids.values()).size).toBe(4);
  });

  test('ids do not depend on order, nor change when an unrelated name is added', () => {
    const before = logicalIds(['my-api', 'my_api', 'db']);
    const after = logicalIds(['zeta', 'db', 'my_api', 'alpha', 'my-api']);
    for (const [name, id] of before) expect(after.get(name)).toBe(id);
  });

  test('long names are shortened with a hash', () => {
    const name = 'a'.repeat(100);
    const id = logicalIds([name]).get(name)!;
    expect(id).toHaveLength(64);
    expect(id.endsWith(nameHash(name))).toBe(true);
  });

  test('families get their logical id in the model', () => {
    const model = resolveOk(`
      services:
        my-api: {image: a}
        my_api: {image: b}
    `);
    expect(model.families.map((f) => [f.name, f.logicalId])).toEqual([
      ['my-api', 'MyApi'],
      ['my_api', `MyApi${nameHash('my_api')}`],
    ]);
  });
});
