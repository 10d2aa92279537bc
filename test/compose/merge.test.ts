import { MERGE_RULES, mergeDocuments, mergeService, ruleFor } from '../../src/compose/merge';
import { isOverride, isPlainObject, isReset } from '../../src/compose/tags';
import { parseYaml } from '../../src/compose/yaml';
import { deepFreeze } from './canonical-helpers';

/** A document from YAML text, with real `!reset` / `!override` markers. */
function doc(text: string): unknown {
  const parsed = parseYaml(text, 'compose.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return parsed.value;
}

/** Merges YAML documents in order. */
function merge(...texts: string[]): Record<string, unknown> {
  return texts.map(doc).reduce((acc, next) => mergeDocuments(acc, next)) as Record<string, unknown>;
}

/** The merged value of one service key. */
function serviceKey(base: string, override: string, key: string): unknown {
  const merged = merge(base, override) as { services: Record<string, Record<string, unknown>> };
  return merged.services.web[key];
}

function hasMarker(value: unknown): boolean {
  if (isReset(value) || isOverride(value)) return true;
  if (Array.isArray(value)) return value.some(hasMarker);
  if (isPlainObject(value)) return Object.values(value).some(hasMarker);
  return false;
}

describe('mergeDocuments: mappings merged key by key', () => {
  test.each([
    [
      'environment',
      'environment: {A: "1", B: "2", C: "3"}',
      'environment: {B: "20", D: "4", C: null}',
      { A: '1', B: '20', C: null, D: '4' },
    ],
    ['labels', 'labels: {a: x, b: y}', 'labels: {b: z, c: w}', { a: 'x', b: 'z', c: 'w' }],
    ['sysctls', 'sysctls: {net.core.somaxconn: "1024"}', 'sysctls: {net.ipv4.tcp_syncookies: "0"}', {
      'net.core.somaxconn': '1024',
      'net.ipv4.tcp_syncookies': '0',
    }],
    [
      'ulimits (each limit replaced whole)',
      'ulimits: {nofile: {soft: 1, hard: 2}, nproc: {soft: 3, hard: 4}}',
      'ulimits: {nofile: {soft: 10, hard: 20}}',
      { nofile: { soft: 10, hard: 20 }, nproc: { soft: 3, hard: 4 } },
    ],
    [
      'extra_hosts (per host, union of addresses)',
      'extra_hosts: {db: ["10.0.0.1"], cache: ["10.0.0.2"]}',
      'extra_hosts: {db: ["10.0.0.1", "10.0.0.9"], api: ["10.0.0.3"]}',
      { db: ['10.0.0.1', '10.0.0.9'], cache: ['10.0.0.2'], api: ['10.0.0.3'] },
    ],
    [
      'depends_on (per service, override wins)',
      'depends_on: {db: {condition: service_healthy, required: true, restart: false}, cache: {condition: service_started, required: true, restart: false}}',
      'depends_on: {db: {condition: service_started, required: false, restart: true}, queue: {condition: service_started, required: true, restart: false}}',
      {
        db: { condition: 'service_started', required: false, restart: true },
        cache: { condition: 'service_started', required: true, restart: false },
        queue: { condition: 'service_started', required: true, restart: false },
      },
    ],
    [
      'networks (per network; aliases appended once)',
      'networks: {front: {aliases: [a, b], priority: 1}, back: null}',
      'networks: {front: {aliases: [b, c], priority: 5}, extra: {aliases: [x]}, back: null}',
      { front: { aliases: ['a', 'b', 'c'], priority: 5 }, back: null, extra: { aliases: ['x'] } },
    ],
    [
      'healthcheck (recursive, test replaced)',
      'healthcheck: {test: [CMD, curl, -f, "http://a"], interval: 30, retries: 3}',
      'healthcheck: {test: [CMD-SHELL, "true"], interval: 10}',
      { test: ['CMD-SHELL', 'true'], interval: 10, retries: 3 },
    ],
    [
      'build (recursive, args merged per key)',
      'build: {context: ., dockerfile: Dockerfile, args: {A: "1", B: "2"}, tags: ["x:1"]}',
      'build: {target: prod, args: {B: "3"}, tags: ["x:2", "x:1"]}',
      { context: '.', dockerfile: 'Dockerfile', target: 'prod', args: { A: '1', B: '3' }, tags: ['x:1', 'x:2'] },
    ],
    [
      'deploy (recursive, labels merged per key)',
      'deploy: {replicas: 2, labels: {a: "1"}, resources: {limits: {cpus: 0.5, memory: 512}}, placement: {constraints: ["node.role==worker"]}}',
      'deploy: {labels: {b: "2"}, resources: {limits: {memory: 1024}}, placement: {constraints: ["node.labels.az==a"]}}',
      {
        replicas: 2,
        labels: { a: '1', b: '2' },
        resources: { limits: { cpus: 0.5, memory: 1024 } },
        placement: { constraints: ['node.role==worker', 'node.labels.az==a'] },
      },
    ],
    [
      'x-network (a service x- field: recursive, sequences replaced)',
      'x-network: {Ingress: {Services: [a], ExtSources: [{IPv4: 10.0.0.0/8}]}, Keep: 1}',
      'x-network: {Ingress: {Services: [b]}}',
      { Ingress: { Services: ['b'], ExtSources: [{ IPv4: '10.0.0.0/8' }] }, Keep: 1 },
    ],
  ])('%s', (key, base, override, expected) => {
    const name = key.split(' ')[0];
    expect(serviceKey(`services:\n  web:\n    ${base}\n`, `services:\n  web:\n    ${override}\n`, name)).toEqual(expected);
  });

  test('keys only in one document are kept, keys in both merged, base key order first', () => {
    const merged = merge(
      'services:\n  web: {image: a, environment: {A: "1"}}\n  db: {image: pg}\n',
      'services:\n  web: {user: root, environment: {B: "2"}}\n  worker: {image: w}\n',
    );
    expect(merged).toEqual({
      services: {
        web: { image: 'a', user: 'root', environment: { A: '1', B: '2' } },
        db: { image: 'pg' },
        worker: { image: 'w' },
      },
    });
    expect(Object.keys(merged.services as object)).toEqual(['web', 'db', 'worker']);
  });
});

describe('mergeDocuments: sequences merged by key', () => {
  test.each([
    [
      'ports (by host_ip + published + target + protocol; base order, then new)',
      'ports: [{target: 80, published: "8080", protocol: tcp}, {target: 443, published: "8443", protocol: tcp}, {target: 53, protocol: udp}]',
      'ports: [{target: 443, published: "8443", protocol: tcp, name: https}, {target: 443, published: "9443", protocol: tcp}, {target: 53, protocol: tcp}, {target: 80, published: "8080", host_ip: 0.0.0.0, protocol: tcp, mode: host}]',
      [
        { target: 80, published: '8080', host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host' },
        { target: 443, published: '8443', protocol: 'tcp', name: 'https' },
        { target: 53, protocol: 'udp' },
        { target: 443, published: '9443', protocol: 'tcp' },
        { target: 53, protocol: 'tcp' },
      ],
    ],
    [
      'volumes (by target, override wins)',
      'volumes: [{type: volume, source: data, target: /data}, {type: bind, source: /src, target: /app}]',
      'volumes: [{type: volume, source: other, target: /data, read_only: true}, {type: tmpfs, target: /tmp}]',
      [
        { type: 'volume', source: 'other', target: '/data', read_only: true },
        { type: 'bind', source: '/src', target: '/app' },
        { type: 'tmpfs', target: '/tmp' },
      ],
    ],
    [
      'secrets (by target, defaulting to /run/secrets/<source>)',
      'secrets: [{source: db_password}, {source: api_key, target: /etc/key}]',
      'secrets: [{source: db_password, mode: 256}, {source: other_key, target: /etc/key}, {source: token, target: tok}]',
      [{ source: 'db_password', mode: 256 }, { source: 'other_key', target: '/etc/key' }, { source: 'token', target: 'tok' }],
    ],
    [
      'configs (by target, defaulting to /<source>)',
      'configs: [{source: nginx}, {source: app, target: /etc/app.conf}]',
      'configs: [{source: nginx, uid: "101"}, {source: app2, target: /etc/app.conf}]',
      [{ source: 'nginx', uid: '101' }, { source: 'app2', target: '/etc/app.conf' }],
    ],
    [
      'env_file (by path)',
      'env_file: [{path: /p/a.env, required: true}, {path: /p/b.env, required: true}]',
      'env_file: [{path: /p/b.env, required: false}, {path: /p/c.env, required: true}]',
      [
        { path: '/p/a.env', required: true },
        { path: '/p/b.env', required: false },
        { path: '/p/c.env', required: true },
      ],
    ],
    [
      'devices (by container path)',
      'devices: ["/dev/a:/dev/x", {source: /dev/b, target: /dev/y, permissions: r}]',
      'devices: ["/dev/c:/dev/x:rw", {source: /dev/d, target: /dev/z}]',
      ['/dev/c:/dev/x:rw', { source: '/dev/b', target: '/dev/y', permissions: 'r' }, { source: '/dev/d', target: '/dev/z' }],
    ],
    ['tmpfs (by path)', 'tmpfs: ["/run", "/tmp:size=1m"]', 'tmpfs: ["/tmp:size=2m", "/cache"]', ['/run', '/tmp:size=2m', '/cache']],
  ])('%s', (key, base, override, expected) => {
    const name = key.split(' ')[0];
    expect(serviceKey(`services:\n  web:\n    ${base}\n`, `services:\n  web:\n    ${override}\n`, name)).toEqual(expected);
  });
});

describe('mergeDocuments: sequences appended, each value once', () => {
  test.each([
    'expose',
    'dns',
    'dns_search',
    'dns_opt',
    'cap_add',
    'cap_drop',
    'security_opt',
    'profiles',
    'links',
    'external_links',
    'group_add',
  ])('%s', (key) => {
    expect(serviceKey(`services:\n  web:\n    ${key}: [a, b]\n`, `services:\n  web:\n    ${key}: [b, c, c]\n`, key)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  test('expose: "80" and 80 are the same port (the later definition is kept, in place)', () => {
    expect(serviceKey('services:\n  web:\n    expose: ["80", "90"]\n', 'services:\n  web:\n    expose: [80, "81"]\n', 'expose')).toEqual([80, '90', '81']);
  });
});

describe('mergeDocuments: replaced wholesale', () => {
  test.each([
    ['command', 'command: [npm, start]', 'command: [node, server.js]', ['node', 'server.js']],
    ['entrypoint', 'entrypoint: [/bin/sh, -c]', 'entrypoint: [/entry]', ['/entry']],
    ['image (scalar)', 'image: nginx:1', 'image: nginx:2', 'nginx:2'],
    ['stop_grace_period (number)', 'stop_grace_period: 10', 'stop_grace_period: 30', 30],
    ['read_only (boolean)', 'read_only: true', 'read_only: false', false],
    ['command replaced by null', 'command: [a]', 'command: null', null],
    ['storage_things (a sequence with no rule)', 'storage_things: [a, b]', 'storage_things: [c]', ['c']],
  ])('%s', (key, base, override, expected) => {
    const name = key.split(' ')[0];
    expect(serviceKey(`services:\n  web:\n    ${base}\n`, `services:\n  web:\n    ${override}\n`, name)).toEqual(expected);
  });

  test('null on a scalar or a mapping leaves the base in place', () => {
    const merged = merge(
      'services:\n  web:\n    image: a\n    networks: {front: {aliases: [x]}}\n',
      'services:\n  web:\n    image: null\n    networks: {front: null}\n',
    );
    expect(merged.services).toEqual({ web: { image: 'a', networks: { front: { aliases: ['x'] } } } });
  });
});

describe('mergeDocuments: logging', () => {
  test('same driver: options merged', () => {
    expect(
      serviceKey(
        'services:\n  web:\n    logging: {driver: awslogs, options: {awslogs-group: g, awslogs-region: eu-west-1}}\n',
        'services:\n  web:\n    logging: {driver: awslogs, options: {awslogs-group: h, mode: non-blocking}}\n',
        'logging',
      ),
    ).toEqual({ driver: 'awslogs', options: { 'awslogs-group': 'h', 'awslogs-region': 'eu-west-1', mode: 'non-blocking' } });
  });

  test('no driver in the override: options merged onto the base driver', () => {
    expect(
      serviceKey(
        'services:\n  web:\n    logging: {driver: awslogs, options: {a: "1"}}\n',
        'services:\n  web:\n    logging: {options: {b: "2"}}\n',
        'logging',
      ),
    ).toEqual({ driver: 'awslogs', options: { a: '1', b: '2' } });
  });

  test('driver changed: the override replaces the whole logging block', () => {
    expect(
      serviceKey(
        'services:\n  web:\n    logging: {driver: json-file, options: {max-size: 10m}}\n',
        'services:\n  web:\n    logging: {driver: awslogs, options: {awslogs-group: g}}\n',
        'logging',
      ),
    ).toEqual({ driver: 'awslogs', options: { 'awslogs-group': 'g' } });
  });
});

describe('mergeDocuments: top level', () => {
  test('networks, volumes, secrets and configs merge per name, recursively', () => {
    const merged = merge(
      `
networks:
  front: {driver: bridge, labels: {a: "1"}}
  back: {internal: true}
volumes:
  data: {driver: local, driver_opts: {type: nfs}}
secrets:
  db: {file: /run/db.txt}
configs:
  app: {file: /etc/app.conf}
`,
      `
networks:
  front: {labels: {b: "2"}}
  edge: {external: true}
volumes:
  data: {driver_opts: {o: "addr=1.2.3.4"}}
  logs: {}
secrets:
  db: {name: prod-db}
configs:
  app: {name: app-conf}
`,
    );
    expect(merged).toEqual({
      networks: { front: { driver: 'bridge', labels: { a: '1', b: '2' } }, back: { internal: true }, edge: { external: true } },
      volumes: { data: { driver: 'local', driver_opts: { type: 'nfs', o: 'addr=1.2.3.4' } }, logs: {} },
      secrets: { db: { file: '/run/db.txt', name: 'prod-db' } },
      configs: { app: { file: '/etc/app.conf', name: 'app-conf' } },
    });
  });

  test('top-level labels in list syntax merge as key/value pairs', () => {
    const merged = merge('volumes:\n  data: {labels: [a=1, b=2]}\n', 'volumes:\n  data: {labels: {b: "3"}}\n');
    expect(merged.volumes).toEqual({ data: { labels: { a: '1', b: '3' } } });
  });

  test('ipam config entries merge by subnet', () => {
    const merged = merge(
      'networks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]}}\n',
      'networks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24, ip_range: 10.0.0.0/25}, {subnet: 10.1.0.0/24}]}}\n',
    );
    expect(merged.networks).toEqual({
      n: {
        ipam: {
          config: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1', ip_range: '10.0.0.0/25' }, { subnet: '10.1.0.0/24' }],
        },
      },
    });
  });

  test('x- fields merge recursively, their sequences are replaced, scalars overridden', () => {
    const merged = merge(
      `
name: one
x-sqs:
  jobs: {Properties: {VisibilityTimeout: 30, Tags: [{Key: a, Value: "1"}]}, Services: {web: {Access: RWMessages}}}
x-tags: [a, b]
`,
      `
name: two
x-sqs:
  jobs: {Properties: {Tags: [{Key: b, Value: "2"}]}, Services: {worker: {Access: RO}}}
  dlq: {}
x-tags: [c]
`,
    );
    expect(merged).toEqual({
      name: 'two',
      'x-sqs': {
        jobs: {
          Properties: { VisibilityTimeout: 30, Tags: [{ Key: 'b', Value: '2' }] },
          Services: { web: { Access: 'RWMessages' }, worker: { Access: 'RO' } },
        },
        dlq: {},
      },
      'x-tags': ['c'],
    });
  });

  test('rules are anchored at the root: a `ports` key inside an x- field is not a service port list', () => {
    const merged = merge('x-app:\n  ports: [1, 2]\n', 'x-app:\n  ports: [2]\n');
    expect(merged['x-app']).toEqual({ ports: [2] });
  });
});

describe('!reset', () => {
  test.each([
    ['a scalar', 'image: nginx', 'image: !reset null', 'image'],
    ['a sequence', 'dns: [1.1.1.1]', 'dns: !reset []', 'dns'],
    ['a keyed sequence (ports)', 'ports: [{target: 80, published: "80", protocol: tcp}]', 'ports: !reset []', 'ports'],
    ['a mapping', 'environment: {A: "1"}', 'environment: !reset {}', 'environment'],
    ['a replaced sequence', 'command: [a]', 'command: !reset []', 'command'],
  ])('on %s removes the key', (_kind, base, override, key) => {
    const merged = merge(`services:\n  web:\n    user: u\n    ${base}\n`, `services:\n  web:\n    ${override}\n`) as {
      services: { web: Record<string, unknown> };
    };
    expect(merged.services.web).toEqual({ user: 'u' });
    expect(Object.prototype.hasOwnProperty.call(merged.services.web, key)).toBe(false);
  });

  test('on one entry of a mapping removes that entry only', () => {
    expect(
      serviceKey('services:\n  web:\n    environment: {A: "1", B: "2"}\n', 'services:\n  web:\n    environment: {A: !reset null, C: "3"}\n', 'environment'),
    ).toEqual({ B: '2', C: '3' });
  });

  test('on a whole service and a top-level resource', () => {
    const merged = merge(
      'services:\n  web: {image: a}\n  db: {image: b}\nvolumes:\n  data: {}\n  logs: {}\n',
      'services:\n  db: !reset {}\nvolumes:\n  logs: !reset null\n',
    );
    expect(merged).toEqual({ services: { web: { image: 'a' } }, volumes: { data: {} } });
  });

  test('on a key the base never had leaves no trace', () => {
    expect(merge('services:\n  web: {image: a}\n', 'services:\n  web:\n    ports: !reset []\n    new: {x: !reset 1, y: 2}\n')).toEqual({
      services: { web: { image: 'a', new: { y: 2 } } },
    });
  });

  test('a later file can set the key again', () => {
    expect(serviceKey('services:\n  web:\n    dns: [a]\n', 'services:\n  web:\n    dns: !reset []\n', 'dns')).toBeUndefined();
    const merged = merge('services:\n  web:\n    dns: [a]\n', 'services:\n  web:\n    dns: !reset []\n', 'services:\n  web:\n    dns: [b]\n');
    expect(merged.services).toEqual({ web: { dns: ['b'] } });
  });
});

describe('!override', () => {
  test('on ports replaces the list instead of merging it', () => {
    expect(
      serviceKey(
        'services:\n  web:\n    ports: [{target: 80, published: "80", protocol: tcp}, {target: 443, published: "443", protocol: tcp}]\n',
        'services:\n  web:\n    ports: !override [{target: 8080, published: "8080", protocol: tcp}]\n',
        'ports',
      ),
    ).toEqual([{ target: 8080, published: '8080', protocol: 'tcp' }]);
  });

  test('on environment replaces the mapping instead of merging it', () => {
    expect(
      serviceKey('services:\n  web:\n    environment: {A: "1", B: "2"}\n', 'services:\n  web:\n    environment: !override {C: "3"}\n', 'environment'),
    ).toEqual({ C: '3' });
  });

  test('on a whole service replaces it', () => {
    const merged = merge(
      'services:\n  web: {image: a, environment: {A: "1"}, ports: [{target: 80, protocol: tcp}]}\n',
      'services:\n  web: !override {image: b}\n',
    );
    expect(merged).toEqual({ services: { web: { image: 'b' } } });
  });

  test('on a nested mapping (deploy.resources) replaces only that mapping', () => {
    expect(
      serviceKey(
        'services:\n  web:\n    deploy: {replicas: 3, resources: {limits: {cpus: 1, memory: 2048}, reservations: {memory: 512}}}\n',
        'services:\n  web:\n    deploy:\n      resources: !override {limits: {memory: 1024}}\n',
        'deploy',
      ),
    ).toEqual({ replicas: 3, resources: { limits: { memory: 1024 } } });
  });

  test('the overriding value is itself marker-free', () => {
    const merged = merge('services:\n  web: {image: a}\n', 'services:\n  web: !override {image: b, user: !reset null, labels: !override {a: x}}\n');
    expect(merged).toEqual({ services: { web: { image: 'b', labels: { a: 'x' } } } });
    expect(hasMarker(merged)).toBe(false);
  });
});

describe('mergeDocuments: several files and purity', () => {
  test('three documents merge in order', () => {
    const merged = merge(
      `
services:
  web:
    image: app:1
    environment: {A: "1", B: "1"}
    ports: [{target: 80, published: "80", protocol: tcp}]
    command: [one]
`,
      `
services:
  web:
    image: app:2
    environment: {B: "2", C: "2"}
    ports: [{target: 443, published: "443", protocol: tcp}]
    command: [two]
`,
      `
services:
  web:
    environment: {C: "3"}
    ports: !override [{target: 8080, published: "8080", protocol: tcp}]
    command: [three]
  worker: {image: w}
`,
    );
    expect(merged).toEqual({
      services: {
        web: {
          image: 'app:2',
          environment: { A: '1', B: '2', C: '3' },
          ports: [{ target: 8080, published: '8080', protocol: 'tcp' }],
          command: ['three'],
        },
        worker: { image: 'w' },
      },
    });
  });

  test('inputs are never mutated and the result shares no object with them', () => {
    const base = deepFreeze(
      doc(`
services:
  web:
    image: a
    environment: {A: "1"}
    ports: [{target: 80, published: "80", protocol: tcp}]
    volumes: [{type: volume, source: data, target: /data}]
    deploy: {resources: {limits: {memory: 1}}}
    command: !override [x]
  db: {image: pg}
x-keep: {list: [1]}
`),
    );
    const override = deepFreeze(
      doc(`
services:
  web:
    environment: {B: "2"}
    ports: [{target: 443, published: "443", protocol: tcp}]
    deploy: !override {replicas: 2}
    labels: {l: v}
  db: !reset {}
  new: {image: n, environment: {X: !override "1"}}
`),
    );
    const baseJson = JSON.stringify(base);
    const overrideJson = JSON.stringify(override);
    const merged = mergeDocuments(base, override) as {
      services: Record<string, Record<string, unknown>>;
      'x-keep': { list: number[] };
    };
    expect(JSON.stringify(base)).toBe(baseJson);
    expect(JSON.stringify(override)).toBe(overrideJson);
    expect(hasMarker(merged)).toBe(false);
    expect(merged.services.web.command).toEqual(['x']);

    // Mutating the result must not reach the inputs.
    (merged.services.web.environment as Record<string, string>).Z = 'z';
    (merged.services.web.ports as unknown[]).push('p');
    (merged.services.web.labels as Record<string, string>).m = 'w';
    merged['x-keep'].list.push(2);
    (merged.services.new.environment as Record<string, string>).Y = 'y';
    expect(JSON.stringify(base)).toBe(baseJson);
    expect(JSON.stringify(override)).toBe(overrideJson);
  });

  test('markers in the first document are consumed too', () => {
    expect(mergeDocuments(doc('services:\n  web: {image: a, user: !reset root, dns: !override [x]}\n'), {})).toEqual({
      services: { web: { image: 'a', dns: ['x'] } },
    });
  });

  test('a "__proto__" key is data, not a prototype', () => {
    const merged = mergeDocuments(
      doc('services:\n  web:\n    environment: {A: "1"}\n'),
      doc('services:\n  __proto__: {image: evil}\n  web:\n    environment: {__proto__: x}\n'),
    ) as { services: Record<string, Record<string, unknown>> };
    expect(Object.getPrototypeOf(merged.services)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(merged.services, '__proto__')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(merged.services.web.environment, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).image).toBeUndefined();
  });
});

describe('mergeService (extends)', () => {
  test('applies the service rules to one service', () => {
    const base = doc(`
image: base
environment: {A: "1", B: "1"}
ports: [{target: 80, published: "80", protocol: tcp}]
command: [base]
logging: {driver: json-file}
`);
    const local = doc(`
environment: {B: "2"}
ports: [{target: 80, published: "80", protocol: tcp}, {target: 81, protocol: tcp}]
command: [local]
volumes: !reset []
logging: {driver: awslogs, options: {awslogs-group: g}}
image: !reset null
`);
    expect(mergeService(base, local)).toEqual({
      environment: { A: '1', B: '2' },
      ports: [
        { target: 80, published: '80', protocol: 'tcp' },
        { target: 81, protocol: 'tcp' },
      ],
      command: ['local'],
      logging: { driver: 'awslogs', options: { 'awslogs-group': 'g' } },
    });
  });
});

describe('MERGE_RULES', () => {
  test('every pattern is unique', () => {
    const patterns = MERGE_RULES.map(([p]) => p);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  test('lookup matches whole paths only, with * for one key', () => {
    const ports = MERGE_RULES.find(([p]) => p === 'services.*.ports')![1];
    expect(ruleFor(['services', 'web', 'ports'])).toBe(ports);
    expect(ruleFor(['x-app', 'web', 'ports'])).not.toBe(ports);
    expect(ruleFor(['services', 'web', 'ports', 0])).not.toBe(ports);
    const aliases = MERGE_RULES.find(([p]) => p === 'services.*.networks.*.aliases')![1];
    expect(ruleFor(['services', 'web', 'networks', 'front', 'aliases'])).toBe(aliases);
  });
});
