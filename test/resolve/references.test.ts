import { pos, resolve } from './fixtures';

describe('every reference is checked, with did you mean', () => {
  test.each<[string, string, string, string, string, string]>([
    [
      'depends_on (at the key)',
      `
      services:
        web: {image: web, depends_on: {apii: {condition: service_started, required: true, restart: false}}}
        api: {image: api}
      `,
      'CX3001',
      "depends_on 'apii' is not a service of this project",
      'apii',
      "did you mean 'api'?",
    ],
    [
      'links with an alias',
      `
      services:
        web: {image: web, links: ["dbb:database"]}
        db: {image: db}
      `,
      'CX3001',
      "links 'dbb' is not a service of this project",
      '"dbb',
      "did you mean 'db'?",
    ],
    [
      'Ingress.Services lists services and families',
      `
      services:
        web: {image: web, deploy: {labels: {ecs.task.family: frontend}}}
        api: {image: api, expose: ["80"], x-network: {Ingress: {Services: [{Name: fronted}]}}}
      `,
      'CX3001',
      "x-network.Ingress.Services 'fronted' is not a service or family of this project",
      'fronted',
      "did you mean 'frontend'?",
    ],
    [
      'no close name: the list of services',
      `
      services:
        web: {image: web, links: [zzzzzz]}
        api: {image: api}
      `,
      'CX3001',
      "links 'zzzzzz' is not a service of this project",
      'zzzzzz',
      'valid services: api, web',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', code, message, ...pos(yaml, marker), hint }]);
  });

  test('a service disabled by its profile gets its own message', () => {
    const yaml = `
      services:
        web: {image: web, links: [debug]}
    `;
    const { diagnostics } = resolve(yaml, { disabledServices: ['debug'] });
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3002',
        message: "links 'debug' is a service whose profile is not enabled",
        ...pos(yaml, 'debug'),
        hint: 'enable its profile (--profile / COMPOSE_PROFILES) or remove the reference',
      },
    ]);
  });

  test('all problems are reported together, sorted by position', () => {
    const yaml = `
      services:
        web: {image: web, links: [nope], volumes: ["./x:/x"], secrets: [missing]}
        db: {image: db, ports: ["80:80"], x-logging: {RetentionInDays: 0}}
        api: {image: api, ports: ["80:8080"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const at = (marker: string, code: string) => {
      const p = pos(yaml, marker);
      return `${p.line}:${p.column} ${code}`;
    };
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      at('nope', 'CX3001'),
      at('"./x:/x"', 'CX3534'),
      at('missing', 'CX3501'),
      at('"80:80"', 'CX3201'),
      at('0}', 'CX3305'),
      at('"80:8080"', 'CX3201'),
    ]);
  });
});
