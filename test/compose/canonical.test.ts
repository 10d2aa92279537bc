import * as os from 'os';
import * as path from 'path';
import { canonicalService } from '../../src/compose/canonical';
import { parseExposeSpec, parsePortSpec, typedExpose, typedPorts } from '../../src/compose/transform/ports';
import { splitShellWords } from '../../src/compose/transform/shell-words';
import { parseVolumeSpec } from '../../src/compose/transform/volumes';
import { parseYaml } from '../../src/compose/yaml';
import { at, BASE, canon, deepFreeze, FILE, tcp, value } from './canonical-helpers';

describe('ports', () => {
  test.each<[string, unknown[]]>([
    ['"80"', [tcp(80)]],
    ['"8080:80"', [tcp(80, { published: '8080' })]],
    ['"127.0.0.1:8080:80"', [tcp(80, { host_ip: '127.0.0.1', published: '8080' })]],
    ['"127.0.0.1::80"', [tcp(80, { host_ip: '127.0.0.1' })]],
    ['"[::1]:8080:80"', [tcp(80, { host_ip: '::1', published: '8080' })]],
    ['"::1:8080:80"', [tcp(80, { host_ip: '::1', published: '8080' })]],
    [
      '"8000-8002:8000-8002"',
      [tcp(8000, { published: '8000' }), tcp(8001, { published: '8001' }), tcp(8002, { published: '8002' })],
    ],
    ['"9090-9091:8080-8081"', [tcp(8080, { published: '9090' }), tcp(8081, { published: '9091' })]],
    ['"9090-9091:8080"', [tcp(8080, { published: '9090-9091' })]],
    ['"8000-8001"', [tcp(8000), tcp(8001)]],
    ['"8080:80/udp"', [{ mode: 'ingress', target: 80, published: '8080', protocol: 'udp' }]],
    ['"8080:80/UDP"', [{ mode: 'ingress', target: 80, published: '8080', protocol: 'udp' }]],
    ['"6060:6060/tcp"', [tcp(6060, { published: '6060' })]],
    ['"0:80"', [tcp(80, { published: '0' })]],
    ['80', [tcp(80)]],
    ['{target: 80}', [tcp(80)]],
    ['{target: "80", published: 8080}', [tcp(80, { published: '8080' })]],
    ['{target: 80, published: "8000-8010", protocol: udp, mode: host}', [{ mode: 'host', target: 80, published: '8000-8010', protocol: 'udp' }]],
    ['{target: 5000, published: 5000, protocol: tcp, mode: awsvpc}', [{ mode: 'awsvpc', target: 5000, published: '5000', protocol: 'tcp' }]],
    [
      '{name: web, target: 80, host_ip: 10.0.0.1, app_protocol: http, x-lb: true}',
      [{ name: 'web', mode: 'ingress', host_ip: '10.0.0.1', target: 80, protocol: 'tcp', app_protocol: 'http', 'x-lb': true }],
    ],
  ])('ports: [%s]', (entry, expected) => {
    expect(value(`ports: [${entry}]`)).toEqual(expected);
  });

  test('a range expands to one entry per port (8000-8010 → 11)', () => {
    const ports = value('ports: ["8000-8010:8000-8010"]') as { target: number; published: string }[];
    expect(ports).toHaveLength(11);
    expect(ports.map((p) => p.target)).toEqual([...Array(11).keys()].map((i) => 8000 + i));
    expect(ports.map((p) => p.published)).toEqual([...Array(11).keys()].map((i) => String(8000 + i)));
  });

  test('several entries keep their order', () => {
    expect(value('ports: ["443:8443", 80, {target: 53, protocol: udp}]')).toEqual([
      tcp(8443, { published: '443' }),
      tcp(80),
      { mode: 'ingress', target: 53, protocol: 'udp' },
    ]);
  });

  test('parsePortSpec is exported for other stages', () => {
    expect(parsePortSpec('8080:80')).toEqual({ value: [tcp(80, { published: '8080' })] });
    expect(parsePortSpec('x')).toHaveProperty('error');
  });
});

describe('expose', () => {
  test.each<[string, string[]]>([
    ['["3000"]', ['3000']],
    ['[3000]', ['3000']],
    ['["8000-8010"]', ['8000-8010']],
    ['["53/udp", 80]', ['53/udp', '80']],
  ])('expose: %s', (list, expected) => {
    expect(value(`expose: ${list}`)).toEqual(expected);
  });
});

describe('typed form of merged ports', () => {
  test('ports: published as a range, protocol defaulted when a merge removed it, index kept', () => {
    expect(
      typedPorts([
        { target: 80, protocol: 'tcp' },
        { target: 53, protocol: 'udp', published: '5353', host_ip: '127.0.0.1' },
        { target: 8080, published: '9090-9091', app_protocol: 'http' } as never,
      ]),
    ).toEqual([
      { index: 0, target: 80, protocol: 'tcp' },
      { index: 1, target: 53, protocol: 'udp', published: { from: 5353, to: 5353 }, hostIp: '127.0.0.1' },
      { index: 2, target: 8080, protocol: 'tcp', published: { from: 9090, to: 9091 }, appProtocol: 'http' },
    ]);
  });

  test('expose: ranges and protocols', () => {
    expect(typedExpose(['3000', '8000-8010', '53/UDP'])).toEqual([
      { ports: { from: 3000, to: 3000 }, protocol: 'tcp' },
      { ports: { from: 8000, to: 8010 }, protocol: 'tcp' },
      { ports: { from: 53, to: 53 }, protocol: 'udp' },
    ]);
    expect(parseExposeSpec('53/sctp')).toHaveProperty('error');
  });

  test('a value the loader would have rejected is a bug, not a silent wrong port', () => {
    expect(() => typedPorts([{ target: 80, protocol: 'tcp', published: '70000' }])).toThrow(/loader should have rejected/);
    expect(() => typedExpose(['x'])).toThrow(/loader should have rejected/);
  });
});

describe('volumes', () => {
  const home = os.homedir();
  test.each<[string, unknown]>([
    ['"name:/path:ro"', { type: 'volume', source: 'name', target: '/path', read_only: true, volume: {} }],
    ['"name:/path"', { type: 'volume', source: 'name', target: '/path', volume: {} }],
    ['"name:/path:nocopy"', { type: 'volume', source: 'name', target: '/path', volume: { nocopy: true } }],
    ['"/host:/path"', { type: 'bind', source: '/host', target: '/path', bind: { create_host_path: true } }],
    ['"./rel:/path:rw,z"', { type: 'bind', source: '/proj/rel', target: '/path', bind: { selinux: 'z', create_host_path: true } }],
    ['"./rel:/path:ro,Z"', { type: 'bind', source: '/proj/rel', target: '/path', read_only: true, bind: { selinux: 'Z', create_host_path: true } }],
    ['"../up/dir:/path"', { type: 'bind', source: '/up/dir', target: '/path', bind: { create_host_path: true } }],
    ['".:/app"', { type: 'bind', source: '/proj', target: '/app', bind: { create_host_path: true } }],
    ['"~/x:/path"', { type: 'bind', source: path.join(home, 'x'), target: '/path', bind: { create_host_path: true } }],
    ['"~:/home"', { type: 'bind', source: home, target: '/home', bind: { create_host_path: true } }],
    ['"/host:/path:rshared"', { type: 'bind', source: '/host', target: '/path', bind: { propagation: 'rshared', create_host_path: true } }],
    ['"/host:/path:cached"', { type: 'bind', source: '/host', target: '/path', consistency: 'cached', bind: { create_host_path: true } }],
    ['"/host:/path/"', { type: 'bind', source: '/host', target: '/path', bind: { create_host_path: true } }],
    ['"/path"', { type: 'volume', target: '/path', volume: {} }],
    ['"/a/../b//c/"', { type: 'volume', target: '/b/c', volume: {} }],
    ['{type: volume, source: data, target: /data, read_only: "true"}', { type: 'volume', source: 'data', target: '/data', read_only: true }],
    ['{type: bind, source: ./data, target: /data}', { type: 'bind', source: '/proj/data', target: '/data' }],
    ['{type: bind, source: /abs, target: /data, bind: {create_host_path: "false"}}', { type: 'bind', source: '/abs', target: '/data', bind: { create_host_path: false } }],
    ['{type: tmpfs, target: /tmp, tmpfs: {size: 64m, mode: "1777"}}', { type: 'tmpfs', target: '/tmp', tmpfs: { size: 64 * 1024 * 1024, mode: 0o1777 } }],
    ['{type: volume, source: v, target: /v, volume: {nocopy: "yes", subpath: sub}, x-note: kept}', { type: 'volume', source: 'v', target: '/v', volume: { nocopy: true, subpath: 'sub' }, 'x-note': 'kept' }],
  ])('volumes: [%s]', (entry, expected) => {
    expect(value(`volumes: [${entry}]`)).toEqual([expected]);
  });

  test('parseVolumeSpec is exported for other stages', () => {
    expect(parseVolumeSpec('data:/data', '/p')).toEqual({ value: { type: 'volume', source: 'data', target: '/data', volume: {} } });
  });
});

describe('environment, labels, sysctls, build args (list_or_dict)', () => {
  test.each<[string, unknown]>([
    ['environment: ["A=1", "B", "C=", "D=x=y"]', { A: '1', B: null, C: '', D: 'x=y' }],
    ['environment: {A: 1, B: true, C: null, D: "", E: 1.5, F: text}', { A: '1', B: 'true', C: null, D: '', E: '1.5', F: 'text' }],
    ['labels: ["a=b", "c", "com.example.x=1"]', { a: 'b', c: '', 'com.example.x': '1' }],
    ['labels: {a: 1, b: false, c: null}', { a: '1', b: 'false', c: '' }],
    ['annotations: ["a=b"]', { a: 'b' }],
    ['sysctls: ["net.core.somaxconn=1024", "net.ipv4.tcp_syncookies=0"]', { 'net.core.somaxconn': '1024', 'net.ipv4.tcp_syncookies': '0' }],
    ['sysctls: {net.core.somaxconn: 1024}', { 'net.core.somaxconn': '1024' }],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });

  test.each<[string, string, unknown]>([
    ['deploy: {labels: ["a=b", "ecs.task.family=x,y"]}', 'deploy.labels', { a: 'b', 'ecs.task.family': 'x,y' }],
    ['build: {context: ., labels: ["a=b"]}', 'build.labels', { a: 'b' }],
    ['build: {context: ., args: ["A=1", "B"]}', 'build.args', { A: '1', B: null }],
    ['build: {context: ., args: {N: 3}}', 'build.args', { N: '3' }],
  ])('%s', (body, dotted, expected) => {
    expect(at(body, dotted)).toEqual(expected);
  });
});

describe('env_file', () => {
  test.each<[string, unknown]>([
    ['env_file: .env', [{ path: '/proj/.env', required: true }]],
    ['env_file: [a.env, /abs/b.env]', [{ path: '/proj/a.env', required: true }, { path: '/abs/b.env', required: true }]],
    ['env_file: [{path: ./c.env, required: false}]', [{ path: '/proj/c.env', required: false }]],
    ['env_file: [{path: d.env, format: raw}]', [{ path: '/proj/d.env', required: true, format: 'raw' }]],
    ['env_file: [{path: e.env, required: "false"}]', [{ path: '/proj/e.env', required: false }]],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('depends_on, links, networks, secrets, configs', () => {
  const started = { condition: 'service_started', required: true, restart: false };
  test.each<[string, unknown]>([
    ['depends_on: [db, cache]', { db: started, cache: started }],
    ['depends_on: {db: {condition: service_healthy}}', { db: { ...started, condition: 'service_healthy' } }],
    [
      'depends_on: {db: {condition: service_completed_successfully, required: false, restart: "true"}}',
      { db: { condition: 'service_completed_successfully', required: false, restart: true } },
    ],
    ['links: [db, "cache:redis"]', ['db', 'cache:redis']],
    ['networks: [front, back]', { front: null, back: null }],
    ['networks: {front: null, back: {aliases: [api], priority: "10"}}', { front: null, back: { aliases: ['api'], priority: 10 } }],
    ['secrets: [db_password]', [{ source: 'db_password' }]],
    ['secrets: [{source: key, target: /etc/key, uid: "101", mode: "0440"}]', [{ source: 'key', target: '/etc/key', uid: '101', mode: 0o440 }]],
    ['secrets: [{source: key, mode: 0o400}]', [{ source: 'key', mode: 0o400 }]],
    ['configs: [nginx, {source: app, target: /etc/app.conf, mode: "644"}]', [{ source: 'nginx' }, { source: 'app', target: '/etc/app.conf', mode: 0o644 }]],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('command and entrypoint', () => {
  test.each<[string, unknown]>([
    ['command: echo hello', ['echo', 'hello']],
    ['command: "  spaced   out  "', ['spaced', 'out']],
    [`command: bash -c 'echo "a b" && exit 1'`, ['bash', '-c', 'echo "a b" && exit 1']],
    ['command: \'echo "hello world" x\'', ['echo', 'hello world', 'x']],
    ['command: \'a "" b\'', ['a', '', 'b']],
    ['command: \'a"b c"d\'', ['ab cd']],
    ['command: \'one\\ word\'', ['one word']],
    ['command: \'"esc \\" quote"\'', ['esc " quote']],
    ['command: \'\\t\'', ['t']],
    [`command: "'single \\\\ keeps' x"`, ['single \\ keeps', 'x']],
    ['command: \'echo $HOME ${X}\'', ['echo', '$HOME', '${X}']],
    ['command: \'echo $(date +%s) `id -u`\'', ['echo', '$(date +%s)', '`id -u`']],
    ['command: \'echo `a \\x`\'', ['echo', '`a x`']],
    ['command: \'sh -c "a > b; c | d"\'', ['sh', '-c', 'a > b; c | d']],
    ['command: ""', []],
    ['command: ["echo", "a b"]', ['echo', 'a b']],
    ['command: []', []],
    ['command: null', null],
    ['entrypoint: /docker-entrypoint.sh --flag', ['/docker-entrypoint.sh', '--flag']],
    ['entrypoint: ["tini", "--"]', ['tini', '--']],
    ['entrypoint: null', null],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });

  test('splitShellWords is exported', () => {
    expect(splitShellWords('a b')).toEqual({ value: ['a', 'b'] });
  });
});

describe('healthcheck', () => {
  test.each<[string, unknown]>([
    ['healthcheck: {test: "curl -f http://localhost"}', { test: ['CMD-SHELL', 'curl -f http://localhost'] }],
    ['healthcheck: {test: [CMD, curl, -f, "http://localhost"]}', { test: ['CMD', 'curl', '-f', 'http://localhost'] }],
    ['healthcheck: {test: [CMD-SHELL, "pg_isready"]}', { test: ['CMD-SHELL', 'pg_isready'] }],
    ['healthcheck: {test: [NONE]}', { test: ['NONE'] }],
    ['healthcheck: {disable: true}', { disable: true, test: ['NONE'] }],
    ['healthcheck: {test: [CMD, x], disable: true}', { test: ['NONE'], disable: true }],
    ['healthcheck: {test: [CMD, x], disable: false}', { test: ['CMD', 'x'], disable: false }],
    [
      'healthcheck: {test: [CMD, x], interval: 1m30s, timeout: 10s, start_period: 500ms, start_interval: 2s, retries: "3"}',
      { test: ['CMD', 'x'], interval: 90, timeout: 10, start_period: 0.5, start_interval: 2, retries: 3 },
    ],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('durations (seconds)', () => {
  test.each<[string, string, number]>([
    ['stop_grace_period: 1m30s', 'stop_grace_period', 90],
    ['stop_grace_period: "0"', 'stop_grace_period', 0],
    ['healthcheck: {interval: 10s}', 'healthcheck.interval', 10],
    ['healthcheck: {timeout: 2us}', 'healthcheck.timeout', 0.000002],
    ['healthcheck: {start_period: 1h}', 'healthcheck.start_period', 3600],
    ['deploy: {update_config: {delay: 10s, monitor: 1m}}', 'deploy.update_config.delay', 10],
    ['deploy: {update_config: {delay: 10s, monitor: 1m}}', 'deploy.update_config.monitor', 60],
    ['deploy: {rollback_config: {delay: 500ms}}', 'deploy.rollback_config.delay', 0.5],
    ['deploy: {rollback_config: {monitor: 1.5m}}', 'deploy.rollback_config.monitor', 90],
    ['deploy: {restart_policy: {delay: 5s, window: 2m}}', 'deploy.restart_policy.delay', 5],
    ['deploy: {restart_policy: {delay: 5s, window: 2m}}', 'deploy.restart_policy.window', 120],
  ])('%s → %s = %p', (body, dotted, expected) => {
    expect(at(body, dotted)).toBeCloseTo(expected, 12);
  });
});

describe('sizes (bytes) and cpus', () => {
  const MiB = 1024 * 1024;
  test.each<[string, string, number]>([
    ['mem_limit: 1GB', 'mem_limit', 1024 * MiB],
    ['mem_limit: 1g', 'mem_limit', 1024 * MiB],
    ['mem_limit: 512m', 'mem_limit', 512 * MiB],
    ['mem_limit: 134217728', 'mem_limit', 134217728],
    ['mem_reservation: 64000kB', 'mem_reservation', 64000 * 1024],
    ['memswap_limit: 1.5G', 'memswap_limit', 1610612736],
    ['memswap_limit: -1', 'memswap_limit', -1],
    ['shm_size: 134217728b', 'shm_size', 134217728],
    ['deploy: {resources: {limits: {memory: 512M}}}', 'deploy.resources.limits.memory', 512 * MiB],
    ['deploy: {resources: {reservations: {memory: 256m}}}', 'deploy.resources.reservations.memory', 256 * MiB],
    ['build: {context: ., shm_size: 2g}', 'build.shm_size', 2048 * MiB],
    ['cpus: "0.25"', 'cpus', 0.25],
    ['cpus: 0.5', 'cpus', 0.5],
    ['cpus: 2', 'cpus', 2],
    ['deploy: {resources: {limits: {cpus: "0.5"}}}', 'deploy.resources.limits.cpus', 0.5],
    ['deploy: {resources: {reservations: {cpus: 1}}}', 'deploy.resources.reservations.cpus', 1],
  ])('%s → %s = %p', (body, dotted, expected) => {
    expect(at(body, dotted)).toBe(expected);
  });
});

describe('ulimits, sysctls, extra_hosts, single strings to lists', () => {
  test.each<[string, unknown]>([
    ['ulimits: {nofile: 1024}', { nofile: { soft: 1024, hard: 1024 } }],
    ['ulimits: {nofile: "1024"}', { nofile: { soft: 1024, hard: 1024 } }],
    ['ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: 65535}', { nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 65535, hard: 65535 } }],
    ['extra_hosts: ["somehost:162.242.195.82", "otherhost=50.31.209.229"]', { somehost: ['162.242.195.82'], otherhost: ['50.31.209.229'] }],
    ['extra_hosts: ["myhostv6:::1", "v6=[::2]", "multi=10.0.0.1,10.0.0.2", "multi=10.0.0.3"]', { myhostv6: ['::1'], v6: ['::2'], multi: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] }],
    ['extra_hosts: {a: 10.0.0.1, b: ["10.0.0.2", "::1"]}', { a: ['10.0.0.1'], b: ['10.0.0.2', '::1'] }],
    ['tmpfs: /run', ['/run']],
    ['tmpfs: ["/run", "/tmp:size=64m"]', ['/run', '/tmp:size=64m']],
    ['dns: 8.8.8.8', ['8.8.8.8']],
    ['dns: [8.8.8.8, 1.1.1.1]', ['8.8.8.8', '1.1.1.1']],
    ['dns_search: example.com', ['example.com']],
    ['cap_add: NET_ADMIN', ['NET_ADMIN']],
    ['cap_drop: [ALL]', ['ALL']],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('build', () => {
  test.each<[string, unknown]>([
    ['build: .', { context: '/proj' }],
    ['build: ./app', { context: '/proj/app' }],
    ['build: /abs/app', { context: '/abs/app' }],
    ['build: "https://github.com/docker/app.git#main"', { context: 'https://github.com/docker/app.git#main' }],
    ['build: {context: ./app, dockerfile: Dockerfile.prod, target: prod}', { context: '/proj/app', dockerfile: 'Dockerfile.prod', target: 'prod' }],
    ['build: {dockerfile: Other}', { dockerfile: 'Other' }],
    [
      'build: {context: ., additional_contexts: ["base=./base", "img=docker-image://alpine", "svc=service:api"]}',
      { context: '/proj', additional_contexts: { base: '/proj/base', img: 'docker-image://alpine', svc: 'service:api' } },
    ],
    ['build: {context: ., secrets: [npmrc], no_cache: "true"}', { context: '/proj', secrets: [{ source: 'npmrc' }], no_cache: true }],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('booleans and numbers written as strings', () => {
  test.each<[string, unknown]>([
    ['init: "true"', true],
    ['init: "yes"', true],
    ['read_only: "off"', false],
    ['privileged: false', false],
    ['tty: "Y"', true],
    ['stdin_open: "no"', false],
    ['pids_limit: "100"', 100],
    ['scale: "3"', 3],
    ['deploy: {replicas: "2"}', { replicas: 2 }],
    ['deploy: {update_config: {parallelism: "2", max_failure_ratio: "0.5", order: start-first}}', { update_config: { parallelism: 2, max_failure_ratio: 0.5, order: 'start-first' } }],
    ['deploy: {restart_policy: {condition: on-failure, max_attempts: "3"}}', { restart_policy: { condition: 'on-failure', max_attempts: 3 } }],
    ['deploy: {placement: {max_replicas_per_node: "1", constraints: ["node.role==worker"]}}', { placement: { max_replicas_per_node: 1, constraints: ['node.role==worker'] } }],
    ['logging: {driver: awslogs, options: {awslogs-group: g, max-size: 10, mode: null}}', { driver: 'awslogs', options: { 'awslogs-group': 'g', 'max-size': '10', mode: null } }],
  ])('%s', (body, expected) => {
    expect(value(body)).toEqual(expected);
  });
});

describe('everything else', () => {
  test('other keys, x- keys and key order are kept; nothing is added', () => {
    const result = canon(
      'image: nginx\nx-aws-role: {Statement: []}\nports: ["80"]\ncontainer_name: web1\nrestart: always\nx-custom: {environment: ["A=1"]}\nworking_dir: /app',
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.service).toEqual({
      image: 'nginx',
      'x-aws-role': { Statement: [] },
      ports: [tcp(80)],
      container_name: 'web1',
      restart: 'always',
      'x-custom': { environment: ['A=1'] },
      working_dir: '/app',
    });
    expect(Object.keys(result.service)).toEqual(['image', 'x-aws-role', 'ports', 'container_name', 'restart', 'x-custom', 'working_dir']);
  });

  test('no defaults for absent keys (the loader adds them after merging)', () => {
    const result = canon('image: nginx');
    expect(result.service).toEqual({ image: 'nginx' });
  });

  test('x- keys inside canonicalized mappings are kept', () => {
    expect(value('deploy: {x-aws-autoscaling: {min: 1}, resources: {limits: {memory: 1g, x-note: hi}}}')).toEqual({
      'x-aws-autoscaling': { min: 1 },
      resources: { limits: { memory: 1024 ** 3, 'x-note': 'hi' } },
    });
  });

  test('the input is not mutated', () => {
    const text = 'services:\n  web:\n    ports: ["80"]\n    environment: ["A=1"]\n    volumes: ["./a:/a"]\n    healthcheck: {disable: true}\n    build: {context: ., args: [X]}\n';
    const parsed = parseYaml(text, FILE);
    const raw = deepFreeze((parsed.value as { services: { web: Record<string, unknown> } }).services.web);
    const copy = JSON.parse(JSON.stringify(raw));
    const result = canonicalService('web', raw, { baseDir: BASE, file: FILE, sourceMap: parsed.sourceMap, path: ['services', 'web'] });
    expect(result.diagnostics).toEqual([]);
    expect(raw).toEqual(copy);
  });

  test('hostile keys are set as own properties, never on a prototype', () => {
    const result = canon('environment: ["__proto__=x", "constructor=y"]\nlabels: {__proto__: z}');
    expect(result.diagnostics).toEqual([]);
    const env = result.service.environment as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(env)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(result.service.labels, '__proto__')?.value).toBe('z');
  });
});
