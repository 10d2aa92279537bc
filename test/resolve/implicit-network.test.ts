/**
 * Network access Compose gives without a word, made explicit: default ports of known images
 * (CX3110, CX3111), services named as hosts without a declared edge (CX3112), published ports of
 * data stores (CX3210) and ports without a host port (CX3211).
 */
import { imageDefault, imageRepository } from '../../src/resolve/data/image-ports';
import { hostsNamed } from '../../src/resolve/references';
import { pos, resolve, resolveOk, ruleStrings } from './fixtures';

const only = (diagnostics: { code: string }[], ...codes: string[]) => diagnostics.filter((d) => codes.includes(d.code));

describe('the image table', () => {
  test.each<[string, string, string]>([
    ['postgres:16', 'postgres', '16'],
    ['docker.io/library/postgres:16-alpine', 'postgres', '16-alpine'],
    ['public.ecr.aws/docker/library/redis:7-alpine', 'redis', '7-alpine'],
    ['library/mongo', 'mongo', ''],
    ['registry.example.com:5000/team/app@sha256:0123', 'team/app', ''],
    ['localhost/db:1', 'db', '1'],
    ['Bitnami/PostgreSQL:16', 'bitnami/postgresql', '16'],
  ])('%s is repository %s, tag %s', (image, repository, tag) => {
    expect(imageRepository(image)).toEqual({ repository, tag });
  });

  test.each<[string, number[] | undefined, boolean | undefined]>([
    ['postgres:16', [5432], true],
    ['public.ecr.aws/docker/library/mysql:8.4', [3306], true],
    ['mariadb:11', [3306], true],
    ['redis', [6379], true],
    ['valkey/valkey:8', [6379], true],
    ['memcached:1.6', [11211], true],
    ['mongo:7', [27017], true],
    ['bitnami/postgresql:16', [5432], true],
    ['rabbitmq:3', [5672], true],
    ['rabbitmq:3-management-alpine', [5672, 15672], true],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.15.0', [9200, 9300], true],
    ['opensearchproject/opensearch:2', [9200, 9600], true],
    ['nginx:1.27', [80], false],
    ['public.ecr.aws/nginx/nginx:1.27', [80], false],
    ['httpd:2.4', [80], false],
    ['example/app:1', undefined, undefined],
    ['postgresql:16', undefined, undefined], // not the official name: no guess
    ['bitnami/nginx', undefined, undefined], // not verified: not listed
  ])('%s listens on %j (data store: %s)', (image, ports, dataStore) => {
    const found = imageDefault(image);
    expect(found?.ports).toEqual(ports);
    expect(found?.dataStore).toBe(dataStore);
  });
});

describe('C14: a service others reach that declares no port', () => {
  test('a known image: its default port is opened to the caller, with a note at the image', () => {
    const yaml = `
      services:
        api: {image: api, depends_on: [db], expose: ["8000"]}
        db: {image: "postgres:16"}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(ruleStrings(model!)).toEqual(['api -> db tcp/5432 (depends_on: db)']);
    const db = model!.families.find((f) => f.name === 'db')!;
    expect(db.ports).toEqual([{ service: 'db', port: 5432, protocol: 'tcp' }]);
    expect(db.containers[0].portMappings).toEqual([expect.objectContaining({ containerPort: 5432, protocol: 'tcp' })]);
    expect(db.serviceConnect).toEqual([{ portName: expect.any(String), clientAliases: [{ port: 5432, dnsName: 'db' }] }]);
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        code: 'CX3110',
        message: "'db' declares no ports; its image postgres listens on 5432 by default, so that port is opened to 'api' (depends_on)",
        ...pos(yaml, '"postgres:16"'),
        hint: 'declare it to make this explicit: expose: ["5432"]',
      },
    ]);
  });

  test('whatever the registry, links and Ingress.Services count, and management tags add their port', () => {
    const model = resolveOk(`
      services:
        web: {image: web, links: [cache]}
        worker: {image: worker}
        cache: {image: public.ecr.aws/docker/library/redis:7-alpine}
        broker:
          image: rabbitmq:3-management
          x-network: {Ingress: {Services: [worker]}}
    `);
    expect(ruleStrings(model)).toEqual([
      'worker -> broker tcp/5672 (x-network.Ingress.Services)',
      'worker -> broker tcp/15672 (x-network.Ingress.Services)',
      'web -> cache tcp/6379 (links: cache)',
    ]);
  });

  test('declared ports win; nobody calling, the same task or a one-shot job: no port added, no note', () => {
    const { model, diagnostics } = resolve(`
      services:
        api:
          image: api
          depends_on:
            db: {condition: service_started}
            migrate: {condition: service_completed_successfully}
            cache: {condition: service_started}
        db: {image: postgres, expose: ["5433"]}
        migrate: {image: "postgres:16", deploy: {labels: {ecs.task.family: api}}}
        cache: {image: redis, deploy: {labels: {ecs.task.family: api}}}
        lonely: {image: mongo}
    `);
    expect(ruleStrings(model!)).toEqual(['api -> db tcp/5433 (depends_on: db)']);
    expect(model!.families.find((f) => f.name === 'lonely')!.ports).toEqual([]);
    expect(model!.families.find((f) => f.name === 'api')!.ports).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  test('an unknown image: links warn (CX3104); depends_on warns (CX3111) only when the caller names it as a host', () => {
    const yaml = `
      services:
        web: {image: web, links: [svc]}
        job: {image: job, depends_on: [svc]}
        api: {image: api, depends_on: [svc], environment: {SVC_URL: "http://svc:9000"}}
        svc: {image: example/svc:1}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(ruleStrings(model!)).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['CX3104', 2],
      ['CX3111', 4],
    ]);
    expect(diagnostics[1]).toMatchObject({
      severity: 'warning',
      message: "'api' depends on 'svc' and its environment variable SVC_URL names it as a host, but 'svc' declares no ports (ports or expose) and composex does not know the port of its image example/svc:1, so no port is opened",
      hint: 'declare the port \'svc\' listens on, e.g. expose: ["8080"]',
      ...pos(yaml, 'svc]', 3),
    });
  });
});

describe('C15: undeclared references', () => {
  test.each<[string, string, string | undefined, string[]]>([
    ['URL host', 'http://backend:7000/v1', 'API', ['backend']],
    ['URL with credentials and query', 'postgres://u:p@db/app?sslmode=require', 'X', ['db']],
    ['redis URL', 'redis://cache:6379/0', 'X', ['cache']],
    ['host:port', 'backend:7000', 'X', ['backend']],
    ['host variable', 'db', 'DB_HOST', ['db']],
    ['host variable, lower case', 'db', 'db_hostname', ['db']],
    ['a broker list', 'kafka-1:9092,kafka-2:9092', 'BOOTSTRAP', ['kafka-1', 'kafka-2']],
    ['a flag', '--upstream=http://api:8000', undefined, ['api']],
    ['a plain word in a variable that is not a host', 'db', 'DB_NAME', []],
    ['a dotted name is not a service name', 'db.docker', 'VIRTUAL_HOST', ['db.docker']],
    ['a sentence', 'connect to db please', 'MESSAGE', []],
    ['a path', '/var/lib/db', 'DATA_DIR', []],
  ])('%s', (_name, text, variable, hosts) => {
    expect(hostsNamed(text, variable)).toEqual(hosts);
  });

  test('an environment value naming a service with no declared edge is a warning at the value', () => {
    const yaml = `
      services:
        web:
          image: web
          environment:
            API_URL: http://api:8000
            DB_HOST: db
            CACHE: cache:6379
            GREETING: hello api
        api: {image: api, expose: ["8000"]}
        db: {image: postgres, expose: ["5432"]}
        cache: {image: redis, expose: ["6379"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    expect(ruleStrings(model!)).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([
      ['warning', 'CX3112', 5, 16],
      ['warning', 'CX3112', 6, 16],
      ['warning', 'CX3112', 7, 14],
    ]);
    expect(diagnostics[0]).toMatchObject({
      message: "environment variable API_URL of 'web' names service 'api' as a host, but nothing declares that 'web' calls 'api': its security group will block the connection",
      hint: "add depends_on: [api] (or links: [api]) to 'web', or list 'web' under x-network.Ingress.Services of 'api'",
    });
    expect(diagnostics[1].message).toContain("DB_HOST of 'web' names service 'db'");
    expect(diagnostics[2].message).toContain("CACHE of 'web' names service 'cache'");
  });

  test('declared edges, link aliases, network aliases, the same family and itself: no warning', () => {
    const { diagnostics } = resolve(`
      services:
        web:
          image: web
          depends_on: [api]
          links: ["db:database"]
          environment:
            API_URL: http://api:8000
            DB_HOST: database
            SELF: http://web:80
            SIDECAR: http://proxy:9000
        proxy: {image: envoy, deploy: {labels: {ecs.task.family: web}}}
        worker: {image: worker, environment: {QUEUE_URL: "amqp://broker:5672"}}
        api: {image: api, expose: ["8000"]}
        db: {image: postgres, expose: ["5432"]}
        mq:
          image: rabbitmq
          expose: ["5672"]
          networks: {default: {aliases: [broker]}}
          x-network: {Ingress: {Services: [worker]}}
    `);
    expect(only(diagnostics, 'CX3112')).toEqual([]);
  });

  test('a network alias without an edge, and a command word, are reported', () => {
    const yaml = `
      services:
        worker:
          image: worker
          command: ["run", "--broker=amqp://broker:5672", "--port", "8000"]
        mq:
          image: rabbitmq
          expose: ["5672"]
          networks: {default: {aliases: [broker]}}
    `;
    const { diagnostics } = resolve(yaml);
    expect(only(diagnostics, 'CX3112')).toEqual([
      expect.objectContaining({
        message: "the command of 'worker' names service 'mq' as a host, but nothing declares that 'worker' calls 'mq': its security group will block the connection",
        ...pos(yaml, '"--broker'),
      }),
    ]);
  });
});

describe('C16: published ports of data stores', () => {
  test('refused without the opt-in, at the published port', () => {
    const yaml = `
      services:
        db: {image: "postgres:16", ports: ["5432:5432"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX3210',
        message: "'db' runs postgres, a data store, and publishes port 5432: the load balancer listener would be open to the whole internet (0.0.0.0/0), not just to this machine as with docker compose",
        ...pos(yaml, '"5432:5432"'),
        hint: "drop the host port so only services that declare they call 'db' reach it (expose: [\"5432\"] with depends_on: [db] on the callers); to serve it to the internet on purpose, set x-network: {PublicDataStore: true} on 'db'",
      },
    ]);
  });

  test('x-network.PublicDataStore: true publishes it; other images publish as before', () => {
    const model = resolveOk(`
      services:
        db: {image: "postgres:16", ports: ["5432:5432"], x-network: {PublicDataStore: true}}
        web: {image: nginx, ports: ["80:80"]}
    `);
    expect(model.loadBalancer!.listeners.map((l) => [l.port, l.target.family])).toEqual([
      [80, 'web'],
      [5432, 'db'],
    ]);
  });

  test('PublicDataStore must be a boolean', () => {
    const { diagnostics } = resolve(`
      services:
        db: {image: "postgres:16", ports: ["5432:5432"], x-network: {PublicDataStore: "yes please"}}
    `);
    expect(diagnostics.map((d) => d.code)).toEqual(['CX3210', 'CX3302']);
  });
});

describe('C18: a port without a host port', () => {
  test('is not published, warned at the entry, and stays a container port for declared callers', () => {
    const yaml = `
      services:
        web: {image: web, ports: ["80"]}
        probe: {image: probe, depends_on: [web]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model!.loadBalancer).toBeUndefined();
    expect(ruleStrings(model!)).toEqual(['probe -> web tcp/80 (depends_on: web)']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'CX3211',
        message: "port 80 of 'web' has no host port: Compose publishes it on a random host port, which a load balancer cannot do, so it is not published; only services that declare they call 'web' reach it",
        ...pos(yaml, '"80"'),
        hint: 'to publish it on the load balancer write "80:80"; to keep it internal, move it to expose: ["80"]',
      },
    ]);
  });

  test('expose, or a host port: no warning', () => {
    const { model, diagnostics } = resolve(`
      services:
        web: {image: web, ports: ["8080:80"], expose: ["9000"]}
    `);
    expect(model!.loadBalancer!.listeners.map((l) => l.port)).toEqual([8080]);
    expect(diagnostics).toEqual([]);
  });
});
