import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

/**
 * The exact set of ingress rules for small projects. Every expected list is complete: a rule not
 * listed must not exist (the negative cases have an empty list).
 */
describe('service → service ingress', () => {
  test.each<[string, string, string[]]>([
    [
      'depends_on opens the callee ports to the caller',
      `
      services:
        web: {image: web, depends_on: [api]}
        api: {image: api, expose: ["3000"]}
      `,
      ['web -> api tcp/3000 (depends_on: api)'],
    ],
    [
      'every declared port of the callee, ports targets and expose, with their protocol',
      `
      services:
        web: {image: web, depends_on: [dns]}
        dns: {image: dns, ports: ["53/udp"], expose: ["53", "8053"]}
      `,
      ['web -> dns tcp/53 (depends_on: dns)', 'web -> dns tcp/8053 (depends_on: dns)', 'web -> dns udp/53 (depends_on: dns)'],
    ],
    [
      'links, with and without alias',
      `
      services:
        web: {image: web, links: ["db:database", "cache"]}
        db: {image: db, expose: ["5432"]}
        cache: {image: cache, expose: ["6379"]}
      `,
      ['web -> cache tcp/6379 (links: cache)', 'web -> db tcp/5432 (links: db)'],
    ],
    [
      'x-network.Ingress.Services on the callee, by service name',
      `
      services:
        web: {image: web}
        api:
          image: api
          expose: ["3000"]
          x-network: {Ingress: {Services: [{Name: web}]}}
      `,
      ['web -> api tcp/3000 (x-network.Ingress.Services)'],
    ],
    [
      'x-network.Ingress.Services by family name',
      `
      services:
        front: {image: f, deploy: {labels: {ecs.task.family: edge}}}
        proxy: {image: p, deploy: {labels: {ecs.task.family: edge}}}
        api:
          image: api
          expose: ["3000"]
          x-network: {Ingress: {Services: [{Name: edge}]}}
      `,
      ['edge -> api tcp/3000 (x-network.Ingress.Services)'],
    ],
    [
      'the same permission from two declarations is one rule with both reasons',
      `
      services:
        web: {image: web, depends_on: [db], links: [db]}
        db: {image: db, expose: ["5432"]}
      `,
      ['web -> db tcp/5432 (depends_on: db, links: db)'],
    ],
    [
      'two services of one caller family: one rule',
      `
      services:
        a: {image: a, depends_on: [db], deploy: {labels: {ecs.task.family: app}}}
        b: {image: b, depends_on: [db], deploy: {labels: {ecs.task.family: app}}}
        db: {image: db, expose: ["5432"]}
      `,
      ['app -> db tcp/5432 (depends_on: db)'],
    ],
    [
      'only the callee service ports, not those of its family mates',
      `
      services:
        web: {image: web, depends_on: [api]}
        api: {image: api, expose: ["3000"], deploy: {labels: {ecs.task.family: backend}}}
        metrics: {image: m, expose: ["9100"], deploy: {labels: {ecs.task.family: backend}}}
      `,
      ['web -> backend tcp/3000 (depends_on: api)'],
    ],
    [
      'a service in two families: each family is a caller',
      `
      services:
        sidecar: {image: s, depends_on: [db], deploy: {labels: {ecs.task.family: "a,b"}}}
        db: {image: db, expose: ["5432"]}
      `,
      ['a -> db tcp/5432 (depends_on: db)', 'b -> db tcp/5432 (depends_on: db)'],
    ],
    // Negative cases: no declaration, no rule.
    [
      'no declaration: no rule, even with ports on both sides',
      `
      services:
        web: {image: web, expose: ["80"]}
        api: {image: api, expose: ["3000"]}
      `,
      [],
    ],
    [
      'access is one way: the callee does not reach the caller',
      `
      services:
        web: {image: web, expose: ["80"], depends_on: [api]}
        api: {image: api, expose: ["3000"]}
      `,
      ['web -> api tcp/3000 (depends_on: api)'],
    ],
    [
      'same family: localhost, no rule',
      `
      services:
        web: {image: web, depends_on: [api], links: [api], deploy: {labels: {ecs.task.family: app}}}
        api:
          image: api
          expose: ["3000"]
          deploy: {labels: {ecs.task.family: app}}
          x-network: {Ingress: {Services: [{Name: web}]}}
      `,
      [],
    ],
    [
      'depends_on a service without ports: start order only',
      `
      services:
        web: {image: web, depends_on: [migrate]}
        migrate: {image: m}
      `,
      [],
    ],
    [
      'depends_on across networks: no rule',
      `
      services:
        web: {image: web, networks: [front], depends_on: [db]}
        db: {image: db, networks: [back], expose: ["5432"]}
      networks: {front: {}, back: {}}
      `,
      [],
    ],
    [
      'a shared network among several is enough',
      `
      services:
        web: {image: web, networks: [front, mid], depends_on: [db]}
        db: {image: db, networks: [back, mid], expose: ["5432"]}
      networks: {front: {}, mid: {}, back: {}}
      `,
      ['web -> db tcp/5432 (depends_on: db)'],
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(ruleStrings(resolveOk(yaml))).toEqual(expected);
  });
});

describe('networks scope access', () => {
  const split = `
    services:
      web:
        image: web
        networks: [front]
        depends_on: [db]
        links: [cache]
      db: {image: db, networks: [back], expose: ["5432"]}
      cache: {image: cache, networks: [back], expose: ["6379"]}
      api:
        image: api
        networks: [back]
        expose: ["3000"]
        x-network: {Ingress: {Services: [{Name: web}]}}
    networks: {front: {}, back: {}}
  `;

  test('links and Ingress.Services across networks are errors; depends_on a warning', () => {
    const { model, diagnostics } = resolve(split);
    expect(model).toBeUndefined();
    expect(diagnostics.map((d) => [d.severity, d.code, { file: d.file, line: d.line, column: d.column }])).toEqual([
      ['warning', 'CX3103', pos(split, 'db]')],
      ['error', 'CX3102', pos(split, 'cache]')],
      ['error', 'CX3102', pos(split, 'web}')],
    ]);
    expect(diagnostics[0].message).toBe(
      "'web' (networks: front) and 'db' (networks: back) share no network: depends_on only orders their start, and no access from 'web' to 'db' is granted",
    );
    expect(diagnostics[1].message).toBe("'web' (networks: front) and 'cache' (networks: back) share no network, so links cannot grant 'web' access to 'cache'");
    expect(diagnostics[2].message).toBe(
      "'web' (networks: front) and 'api' (networks: back) share no network, so x-network.Ingress.Services cannot grant 'web' access to 'api'",
    );
    expect(diagnostics[1].hint).toBe('attach both services to a common network, or remove this links entry');
  });

  test('depends_on across networks still orders the start', () => {
    const { model } = resolve(`
      services:
        web: {image: web, networks: [front], depends_on: [db]}
        db: {image: db, networks: [back], expose: ["5432"]}
      networks: {front: {}, back: {}}
    `);
    expect(model!.families.find((f) => f.name === 'web')!.dependsOnFamilies).toEqual(['db']);
    expect(model!.ingress).toEqual([]);
  });

  test('no warning for depends_on across networks when nothing would have been granted', () => {
    const { diagnostics } = resolve(`
      services:
        web: {image: web, networks: [front], depends_on: [migrate]}
        migrate: {image: m, networks: [back]}
      networks: {front: {}, back: {}}
    `);
    expect(diagnostics).toEqual([]);
  });

  test('links or Ingress.Services to a service without ports: a warning, no rule', () => {
    const yaml = `
      services:
        web: {image: web, links: [worker]}
        worker:
          image: w
          x-network: {Ingress: {Services: [{Name: web}]}}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.ingress).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.code, { file: d.file, line: d.line, column: d.column }, d.message])).toEqual([
      ['warning', 'CX3104', pos(yaml, 'worker]'), "'worker' declares no ports (ports or expose), so links grants 'web' no access to it"],
      ['warning', 'CX3104', pos(yaml, 'web}'), "'worker' declares no ports (ports or expose), so x-network.Ingress.Services grants 'web' no access to it"],
    ]);
  });

  test('an undeclared network is an error with did you mean', () => {
    const yaml = `
      services:
        web: {image: web, networks: [fornt]}
      networks: {front: {}}
    `;
    expect(resolve(yaml).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3101',
        message: "service 'web' is attached to network 'fornt', which is not declared under top-level networks",
        ...pos(yaml, 'fornt'),
        hint: "did you mean 'front'?",
      },
    ]);
  });
});

describe('rules are sorted and stable', () => {
  test('the order of the compose file does not matter', () => {
    const a = resolveOk(`
      services:
        web: {image: web, depends_on: [db, api]}
        api: {image: api, expose: ["3000"], depends_on: [db]}
        db: {image: db, expose: ["5432"]}
    `);
    const b = resolveOk(`
      services:
        db: {image: db, expose: ["5432"]}
        api: {image: api, depends_on: [db], expose: ["3000"]}
        web: {image: web, depends_on: [api, db]}
    `);
    expect(ruleStrings(a)).toEqual(ruleStrings(b));
    expect(ruleStrings(a)).toEqual([
      'web -> api tcp/3000 (depends_on: api)',
      'api -> db tcp/5432 (depends_on: db)',
      'web -> db tcp/5432 (depends_on: db)',
    ]);
  });
});
