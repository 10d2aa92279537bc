import { composeSchema, display, validateComposeDocument } from '../../src/compose/schema';
import { parseYaml } from '../../src/compose/yaml';

/** A YAML document from its lines (so line numbers in the tables are easy to count). */
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function validate(text: string) {
  const parsed = parseYaml(text, 'compose.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return validateComposeDocument(parsed.value, 'compose.yaml', parsed.sourceMap);
}

describe('documents Compose accepts', () => {
  test.each<[string, string]>([
    ['the smallest service', yaml('services:', '  web:', '    image: nginx')],
    ['an empty file section set', yaml('services: {}', 'networks: {}', 'volumes: {}', 'secrets: {}', 'configs: {}')],
    ['version as a string (obsolete)', yaml('version: "3.8"', 'name: shop', 'services:', '  web:', '    image: nginx')],
    ['version as a number (old files)', yaml('version: 3', 'services:', '  web:', '    image: nginx')],
    [
      'ports in every short form',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - 80',
        '      - "443"',
        '      - "8080:80"',
        '      - "127.0.0.1:8081:80/udp"',
        '      - "8000-8010:8000-8010"',
        '      - "[::1]:9000:9000"',
        '      - 9090-9091',
      ),
    ],
    [
      'ports in the long form (target and published as strings after interpolation)',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - target: 80',
        '        published: 8080',
        '        protocol: tcp',
        '        mode: ingress',
        '        host_ip: 0.0.0.0',
        '        app_protocol: http',
        '        name: web',
        '        x-aws-protocol: http',
        '      - target: "81"',
        '        published: "9000-9001"',
      ),
    ],
    ['expose as numbers and strings', yaml('services:', '  web:', '    image: nginx', '    expose: [3000, "3001", "4000-4005"]')],
    [
      'volumes in the short form',
      yaml(
        'services:',
        '  db:',
        '    image: postgres',
        '    volumes:',
        '      - data:/var/lib/postgresql/data',
        '      - ./init:/docker-entrypoint-initdb.d:ro',
        '      - /var/cache',
        '      - ~/certs:/certs:ro,z',
        'volumes:',
        '  data:',
      ),
    ],
    [
      'volumes in the long form with per-type options',
      yaml(
        'services:',
        '  db:',
        '    image: postgres',
        '    volumes:',
        '      - type: volume',
        '        source: data',
        '        target: /data',
        '        read_only: "false"',
        '        volume: { nocopy: true, subpath: pg, labels: { a: b } }',
        '      - type: bind',
        '        source: ./conf',
        '        target: /conf',
        '        bind: { propagation: rprivate, create_host_path: true, selinux: z, recursive: readonly }',
        '      - type: tmpfs',
        '        target: /tmp',
        '        tmpfs: { size: 64m, mode: 1777 }',
        '      - type: image',
        '        source: alpine',
        '        target: /alpine',
        '        image: { subpath: etc }',
      ),
    ],
    [
      'environment as a mapping with numbers, booleans and unset names',
      yaml('services:', '  web:', '    image: nginx', '    environment:', '      PORT: 8080', '      DEBUG: true', '      RATIO: 0.5', '      TOKEN:'),
    ],
    ['environment as a list', yaml('services:', '  web:', '    image: nginx', '    environment:', '      - PORT=8080', '      - TOKEN')],
    [
      'env_file as a string, a list, and long entries',
      yaml(
        'services:',
        '  a:',
        '    image: nginx',
        '    env_file: .env',
        '  b:',
        '    image: nginx',
        '    env_file: [common.env, b.env]',
        '  c:',
        '    image: nginx',
        '    env_file:',
        '      - path: c.env',
        '        required: "false"',
        '        format: raw',
        '      - other.env',
      ),
    ],
    [
      'depends_on as a list and as a mapping with conditions',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    depends_on: [api]',
        '  api:',
        '    image: api',
        '    depends_on:',
        '      db:',
        '        condition: service_healthy',
        '        restart: true',
        '        required: "false"',
        '      migrate:',
        '        condition: service_completed_successfully',
        '  db: { image: postgres }',
        '  migrate: { image: api }',
      ),
    ],
    [
      'command and entrypoint as strings, lists and null',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    command: npm start',
        '    entrypoint: ["/bin/sh", "-c"]',
        '  b:',
        '    image: x',
        '    command: ["npm", "start"]',
        '    entrypoint: /entry.sh',
        '  c:',
        '    image: x',
        '    command: null',
        '    entrypoint:',
      ),
    ],
    [
      'healthcheck forms and durations',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    healthcheck:',
        '      test: curl -f http://localhost/',
        '      interval: 1m30s',
        '      timeout: 500ms',
        '      start_period: "0"',
        '      start_interval: 1.5s',
        '      retries: "3"',
        '  b:',
        '    image: x',
        '    healthcheck:',
        '      test: ["CMD", "curl", "-f", "http://localhost/"]',
        '  c:',
        '    image: x',
        '    healthcheck: { disable: true }',
      ),
    ],
    [
      'deploy with every section, numbers as interpolated strings',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    deploy:',
        '      mode: replicated',
        '      replicas: "3"',
        '      endpoint_mode: vip',
        '      labels: { ecs.task.family: "web,proxy" }',
        '      resources:',
        '        limits: { cpus: "0.5", memory: 512M, pids: 100 }',
        '        reservations:',
        '          cpus: 0.25',
        '          memory: 256M',
        '          devices: [{ capabilities: [gpu], count: all, driver: nvidia }]',
        '          generic_resources: [{ discrete_resource_spec: { kind: gpu, value: 2 } }]',
        '      update_config: { parallelism: 2, delay: 10s, failure_action: rollback, monitor: 1m, max_failure_ratio: "0.1", order: start-first }',
        '      rollback_config: { parallelism: 1, order: stop-first }',
        '      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3, window: 2m }',
        '      placement:',
        '        constraints: [node.role == manager]',
        '        preferences: [{ spread: node.labels.zone }]',
        '        max_replicas_per_node: "1"',
      ),
    ],
    ['deploy left empty', yaml('services:', '  web:', '    image: nginx', '    deploy:')],
    [
      'build as a context string and as a mapping',
      yaml(
        'services:',
        '  a:',
        '    build: ./a',
        '  b:',
        '    build:',
        '      context: ./b',
        '      dockerfile: Dockerfile.prod',
        '      args: [VERSION=1]',
        '      target: prod',
        '      cache_from: [b:latest]',
        '      platforms: [linux/amd64, linux/arm64]',
        '      shm_size: 2g',
        '      no_cache: "true"',
        '      provenance: mode=max',
        '      secrets: [npmrc]',
        '      x-notes: built in CI',
      ),
    ],
    [
      'extends as a name and as a mapping',
      yaml('services:', '  base: { image: x }', '  a:', '    extends: base', '  b:', '    extends:', '      service: common', '      file: common.yml'),
    ],
    [
      'service networks as a list, and as a mapping with options or nothing',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    networks: [front, back]',
        '  b:',
        '    image: x',
        '    networks:',
        '      front:',
        '      back:',
        '        aliases: [api]',
        '        ipv4_address: 172.16.0.10',
        '        priority: "100"',
        '        x-note: ok',
      ),
    ],
    [
      'top-level networks: empty, external, ipam',
      yaml(
        'networks:',
        '  front:',
        '  shared:',
        '    external: true',
        '  legacy:',
        '    external: { name: corp }',
        '  back:',
        '    driver: bridge',
        '    internal: "true"',
        '    driver_opts: { com.docker.network.driver.mtu: 1450 }',
        '    ipam:',
        '      config:',
        '        - subnet: 172.28.0.0/16',
        '          aux_addresses: { host1: 172.28.1.5 }',
      ),
    ],
    [
      'top-level volumes, secrets and configs in their forms',
      yaml(
        'volumes:',
        '  data:',
        '  shared: { external: true, name: shared-data }',
        '  local: { driver: local, driver_opts: { type: nfs, o: "addr=10.0.0.1" }, labels: [a=b] }',
        'secrets:',
        '  db_password: { file: ./db_password.txt }',
        '  api_key: { environment: API_KEY }',
        '  prod: { external: true, x-secrets: { Name: prod/api } }',
        'configs:',
        '  nginx: { content: "server {}" }',
        '  app: { file: ./app.conf, template_driver: golang }',
      ),
    ],
    [
      'service secrets and configs, short and long, with numeric and octal-string modes',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    secrets:',
        '      - db_password',
        '      - source: api_key',
        '        target: /run/secrets/key',
        '        uid: "100"',
        '        mode: 0440',
        '    configs:',
        '      - source: nginx',
        '        target: /etc/nginx/nginx.conf',
        '        mode: "0444"',
      ),
    ],
    [
      'x- keys at the top level, in services, deploy, ports, networks and logging',
      yaml(
        'x-common: &common { restart: always }',
        'x-sqs:',
        '  queue: { Properties: {} }',
        'services:',
        '  web:',
        '    <<: *common',
        '    image: nginx',
        '    x-network: { Ingress: { ExtSources: [] } }',
        '    deploy: { x-scaling: { Range: "1-3" } }',
        '    logging: { driver: awslogs, x-retention: 7 }',
        '    ports: [{ target: 80, x-aws-protocol: http }]',
        'networks:',
        '  front: { x-vpc: true }',
      ),
    ],
    [
      'cpu and memory as numbers and unit strings',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    cpus: 0.25',
        '    mem_limit: 1GB',
        '    mem_reservation: 134217728',
        '    shm_size: 64000kB',
        '    memswap_limit: -1',
        '  b:',
        '    image: x',
        '    cpus: "1.5"',
        '    mem_limit: "512m"',
        '    cpu_shares: 512',
        '    cpu_count: "2"',
        '    cpu_percent: 50',
        '    oom_score_adj: -500',
        '    pids_limit: -1',
      ),
    ],
    [
      'booleans written as booleans and as interpolated strings',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    init: "true"',
        '    read_only: yes',
        '    privileged: false',
        '    tty: "False"',
        '    stdin_open: "on"',
        '    oom_kill_disable: "off"',
      ),
    ],
    [
      'ulimits as numbers, strings and soft/hard pairs',
      yaml('services:', '  a:', '    image: x', '    ulimits:', '      nproc: 65535', '      core: "0"', '      nofile:', '        soft: 20000', '        hard: "40000"'),
    ],
    [
      'extra_hosts as a list and as a mapping',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    extra_hosts: ["somehost:162.242.195.82", "otherhost=50.31.209.229"]',
        '  b:',
        '    image: x',
        '    extra_hosts:',
        '      somehost: 162.242.195.82',
        '      multi: ["10.0.0.1", "::1"]',
      ),
    ],
    [
      'include as paths and as mappings',
      yaml('include:', '  - ../common/compose.yaml', '  - path: [a.yaml, a.override.yaml]', '    env_file: a.env', '    project_directory: ../a'),
    ],
    [
      'models at the top level and on a service',
      yaml(
        'models:',
        '  llm: { model: ai/smollm2, context_size: "4096", runtime_flags: [--verbose] }',
        'services:',
        '  a:',
        '    image: x',
        '    models: [llm]',
        '  b:',
        '    image: x',
        '    models:',
        '      llm: { endpoint_var: LLM_URL, model_var: LLM_NAME }',
      ),
    ],
    [
      'develop, gpus, devices, hooks and provider',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    gpus: all',
        '    devices: ["/dev/fuse:/dev/fuse:rwm", { source: /dev/kvm }]',
        '    develop:',
        '      watch:',
        '        - { path: ./src, action: sync, target: /app/src, ignore: node_modules }',
        '        - { path: package.json, action: rebuild }',
        '    pre_start: [{ command: ["migrate"], image: tools }]',
        '    post_start: [{ command: ./ready.sh, user: root }]',
        '    pre_stop: [{ command: ./drain.sh }]',
        '  b:',
        '    provider:',
        '      type: model',
        '      options: { model: ai/x, flags: [a, 1, true] }',
      ),
    ],
    [
      'labels, annotations and sysctls as lists and mappings',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    labels: [com.example.team=web]',
        '    annotations: { org.opencontainers.image.title: x }',
        '    sysctls:',
        '      net.core.somaxconn: 1024',
        '  b:',
        '    image: x',
        '    labels: { tier: 1 }',
        '    sysctls: [net.ipv4.tcp_syncookies=0]',
      ),
    ],
    [
      'logging, tmpfs, dns and the other string keys',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    logging: { driver: json-file, options: { max-size: 10m, max-file: 3, tag: null } }',
        '    tmpfs: /run',
        '    dns: 8.8.8.8',
        '    dns_search: [example.com]',
        '    hostname: a',
        '    container_name: shop-a',
        '    restart: unless-stopped',
        '    stop_grace_period: 1m30s',
        '    stop_signal: SIGINT',
        '    platform: linux/arm64',
        '    pull_policy: every_12h',
        '    network_mode: "service:b"',
        '    pid: null',
        '    user: "1000:1000"',
        '    working_dir: /app',
        '    profiles: [debug]',
        '    links: ["b:backend"]',
        '    cap_add: [SYS_PTRACE]',
        '    cap_drop: [ALL]',
        '    storage_opt: { size: 30G }',
        '  b:',
        '    image: x',
        '    tmpfs: [/run, "/tmp:size=64m"]',
      ),
    ],
    [
      '!reset and !override markers anywhere',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: !reset []',
        '    environment: !override',
        '      A: "1"',
        '    build: !reset null',
        '    volumes:',
        '      - !reset ./old:/old',
        '      - data:/data',
      ),
    ],
  ])('%s', (_name, text) => {
    expect(validate(text)).toEqual([]);
  });
});

describe('documents Compose rejects', () => {
  const at = (line: number, column: number) => ({ file: 'compose.yaml', line, column });
  test.each<[string, string, { code: string; message: string; line: number; column: number; hint?: string }[]]>([
    [
      'a misspelt service key, at the key',
      yaml('services:', '  web:', '    imagee: nginx'),
      [{ code: 'CX1201', message: 'unknown key "imagee" in service "web"', ...at(3, 5), hint: "did you mean 'image'?" }],
    ],
    [
      'a misspelt top-level key',
      yaml('servces:', '  web: {}'),
      [{ code: 'CX1201', message: 'unknown key "servces" at the top level', ...at(1, 1), hint: "did you mean 'services'?" }],
    ],
    [
      'an unknown service key nothing resembles',
      yaml('services:', '  web:', '    image: nginx', '    colour: blue'),
      [
        {
          code: 'CX1201',
          message: 'unknown key "colour" in service "web"',
          ...at(4, 5),
          hint: 'see docs/compose-support.md for the keys composex knows; custom keys must start with "x-"',
        },
      ],
    ],
    [
      'a deploy setting written on the service',
      yaml('services:', '  web:', '    image: nginx', '    replicas: 3'),
      [{ code: 'CX1201', message: 'unknown key "replicas" in service "web"', ...at(4, 5), hint: '"replicas" belongs under "deploy:"' }],
    ],
    [
      'an unknown key inside build, one collapsed error for the string-or-mapping key',
      yaml('services:', '  web:', '    build:', '      contxt: .'),
      [{ code: 'CX1201', message: 'unknown key "contxt" in services.web.build', ...at(4, 7), hint: "did you mean 'context'?" }],
    ],
    [
      'an unknown key in a long port',
      yaml('services:', '  web:', '    image: nginx', '    ports:', '      - target: 80', '        publised: 8080'),
      [{ code: 'CX1201', message: 'unknown key "publised" in services.web.ports[0]', ...at(6, 9), hint: "did you mean 'published'?" }],
    ],
    [
      'an unknown key in a top-level volume and in a secret',
      yaml('volumes:', '  data:', '    drivr: local', 'secrets:', '  db:', '    fil: ./db.txt'),
      [
        { code: 'CX1201', message: 'unknown key "drivr" in volume "data"', ...at(3, 5), hint: "did you mean 'driver'?" },
        { code: 'CX1201', message: 'unknown key "fil" in secret "db"', ...at(6, 5), hint: "did you mean 'file'?" },
      ],
    ],
    [
      'an x- key where Compose allows none (include entries)',
      yaml('include:', '  - path: a.yaml', '    x-note: 1'),
      [
        {
          code: 'CX1201',
          message: 'unknown key "x-note" in include[0]',
          ...at(3, 5),
          hint: 'valid keys: env_file, path, project_directory',
        },
      ],
    ],
    [
      'ports given as a string instead of a list',
      yaml('services:', '  web:', '    image: nginx', '    ports: "8080:80"'),
      [{ code: 'CX1202', message: 'services.web.ports must be a list, got "8080:80"', ...at(4, 12), hint: 'write it as a list: ports: ["8080:80"]' }],
    ],
    [
      'replicas that is not a number',
      yaml('services:', '  web:', '    image: nginx', '    deploy:', '      replicas: two'),
      [{ code: 'CX1203', message: 'services.web.deploy.replicas must be an integer, got "two"', ...at(5, 17), hint: 'use a whole number, e.g. 3' }],
    ],
    [
      'a boolean that is not one',
      yaml('services:', '  web:', '    image: nginx', '    init: maybe'),
      [{ code: 'CX1203', message: 'services.web.init must be a boolean (true or false), got "maybe"', ...at(4, 11), hint: 'use true or false' }],
    ],
    [
      'an unknown depends_on condition',
      yaml('services:', '  web:', '    image: nginx', '    depends_on:', '      db:', '        condition: service_ready'),
      [
        {
          code: 'CX1203',
          message:
            'services.web.depends_on.db.condition must be one of "service_started", "service_healthy", "service_completed_successfully", got "service_ready"',
          ...at(6, 20),
          hint: "did you mean 'service_healthy'?",
        },
      ],
    ],
    [
      'a depends_on entry without its condition',
      yaml('services:', '  web:', '    image: nginx', '    depends_on:', '      db:', '        restart: true'),
      [
        {
          code: 'CX1204',
          message: 'services.web.depends_on.db is missing the required key "condition"',
          ...at(5, 7),
          hint: 'add "condition:" to services.web.depends_on.db',
        },
      ],
    ],
    [
      'a long volume without its type, and one with a misspelt type',
      yaml('services:', '  db:', '    image: postgres', '    volumes:', '      - source: data', '        target: /data', '      - type: bnd', '        target: /x'),
      [
        { code: 'CX1204', message: 'services.db.volumes[0] is missing the required key "type"', ...at(5, 9), hint: 'add "type:" to services.db.volumes[0]' },
        {
          code: 'CX1203',
          message: 'services.db.volumes[1].type must be one of "volume", "bind", "tmpfs", "image", "npipe", "cluster", got "bnd"',
          ...at(7, 15),
          hint: "did you mean 'bind'?",
        },
      ],
    ],
    [
      'a volume given as a number: one message for all alternatives',
      yaml('services:', '  db:', '    image: postgres', '    volumes:', '      - 3'),
      [{ code: 'CX1202', message: 'services.db.volumes[0] must be a "source:target[:mode]" string or a mount mapping, got 3', ...at(5, 9), hint: 'write a "source:target[:mode]" string or a mount mapping here' }],
    ],
    [
      'a duration written as a bare number',
      yaml('services:', '  web:', '    image: nginx', '    healthcheck:', '      interval: 30'),
      [{ code: 'CX1202', message: 'services.web.healthcheck.interval must be a duration such as "30s", "1m30s" or "500ms", got 30', ...at(5, 17), hint: 'add a unit: interval: 30s' }],
    ],
    [
      'a duration in words',
      yaml('services:', '  web:', '    image: nginx', '    stop_grace_period: 30 seconds'),
      [{ code: 'CX1203', message: 'services.web.stop_grace_period must be a duration such as "30s", "1m30s" or "500ms", got "30 seconds"', ...at(4, 24), hint: 'use a number followed by a unit: ns, us, ms, s, m or h (e.g. 1m30s)' }],
    ],
    [
      'environment given as a number',
      yaml('services:', '  web:', '    image: nginx', '    environment: 3'),
      [{ code: 'CX1202', message: 'services.web.environment must be a mapping or a list of "KEY=VALUE" strings, got 3', ...at(4, 18), hint: 'write a mapping or a list of "KEY=VALUE" strings here' }],
    ],
    [
      'a capability listed twice, at the second one',
      yaml('services:', '  web:', '    image: nginx', '    cap_add: [SYS_PTRACE, NET_ADMIN, SYS_PTRACE]'),
      [{ code: 'CX1203', message: 'services.web.cap_add lists the same entry twice (items 1 and 3)', ...at(4, 38), hint: 'remove the duplicate' }],
    ],
    [
      'a service name with a space',
      yaml('services:', '  my web:', '    image: nginx'),
      [{ code: 'CX1203', message: 'invalid service name "my web"', ...at(2, 3), hint: 'names may contain only letters, digits, ".", "_" and "-"' }],
    ],
    [
      'a service with nothing in it',
      yaml('services:', '  web:'),
      [{ code: 'CX1202', message: 'services.web must be a mapping, got nothing', ...at(2, 3), hint: 'give the service its keys (at least "image:"), or remove it' }],
    ],
    [
      'services given as a list',
      yaml('services:', '  - web'),
      [{ code: 'CX1202', message: 'services must be a mapping, got a list', ...at(2, 3), hint: 'write a mapping here' }],
    ],
    [
      'a percentage over 100',
      yaml('services:', '  web:', '    image: nginx', '    cpu_percent: 150'),
      [{ code: 'CX1203', message: 'services.web.cpu_percent must be at most 100, got 150', ...at(4, 18), hint: 'use a value of at most 100' }],
    ],
    [
      'a memory size that is not one',
      yaml('services:', '  web:', '    image: nginx', '    mem_limit: lots'),
      [{ code: 'CX1203', message: 'services.web.mem_limit must be a size in bytes, or a string such as "512m" or "1gb", got "lots"', ...at(4, 16), hint: 'use a number of bytes, or a number with a unit: b, k, m, g (e.g. 512m)' }],
    ],
    [
      'a command that is a number',
      yaml('services:', '  web:', '    image: nginx', '    command: 3'),
      [{ code: 'CX1202', message: 'services.web.command must be a string, a list of strings or nothing, got 3', ...at(4, 14), hint: 'quote it: command: "3"' }],
    ],
    [
      'an unknown pull policy and a bad container name',
      yaml('services:', '  web:', '    image: nginx', '    pull_policy: sometimes', '    container_name: "-web"'),
      [
        {
          code: 'CX1203',
          message: 'services.web.pull_policy must be one of always, never, missing, if_not_present, build, refresh, daily, weekly or every_<interval>, got "sometimes"',
          ...at(4, 18),
          hint: 'write one of always, never, missing, if_not_present, build, refresh, daily, weekly or every_<interval> here',
        },
        {
          code: 'CX1203',
          message:
            'services.web.container_name must be a container name (letters, digits, "_", "." and "-", starting with a letter or digit), got "-web"',
          ...at(5, 21),
          hint: 'write a container name (letters, digits, "_", "." and "-", starting with a letter or digit) here',
        },
      ],
    ],
    [
      'an unknown deploy mode',
      yaml('services:', '  web:', '    image: nginx', '    deploy:', '      mode: daemon'),
      [
        {
          code: 'CX1203',
          message: 'services.web.deploy.mode must be one of "replicated", "global", "replicated-job", "global-job", got "daemon"',
          ...at(5, 13),
          hint: 'use one of the values listed',
        },
      ],
    ],
    [
      'external that is neither a boolean nor a mapping',
      yaml('networks:', '  front:', '    external: maybe'),
      [{ code: 'CX1203', message: 'networks.front.external must be a boolean (true or false), got "maybe"', ...at(3, 15), hint: 'use true or false' }],
    ],
    [
      'a model without its model',
      yaml('models:', '  llm:', '    context_size: 4096'),
      [{ code: 'CX1204', message: 'models.llm is missing the required key "model"', ...at(2, 3), hint: 'add "model:" to models.llm' }],
    ],
    [
      'a ulimit pair missing its hard limit',
      yaml('services:', '  web:', '    image: nginx', '    ulimits:', '      nofile: { soft: 1024 }'),
      [{ code: 'CX1204', message: 'services.web.ulimits.nofile is missing the required key "hard"', ...at(5, 7), hint: 'add "hard:" to services.web.ulimits.nofile' }],
    ],
    [
      'an invalid value hidden under !override is still checked',
      yaml('services:', '  web:', '    image: nginx', '    deploy: !override', '      replicas: lots'),
      [{ code: 'CX1203', message: 'services.web.deploy.replicas must be an integer, got "lots"', ...at(5, 17), hint: 'use a whole number, e.g. 3' }],
    ],
    [
      'several problems in one file, all reported in document order',
      yaml('services:', '  web:', '    imagee: nginx', '    ports: 80', '  db:', '    image: postgres', '    restart: 1'),
      [
        { code: 'CX1201', message: 'unknown key "imagee" in service "web"', ...at(3, 5), hint: "did you mean 'image'?" },
        { code: 'CX1202', message: 'services.web.ports must be a list, got 80', ...at(4, 12), hint: 'write it as a list: ports: [80]' },
        { code: 'CX1202', message: 'services.db.restart must be a string, got 1', ...at(7, 14), hint: 'quote it: restart: "1"' },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    const diagnostics = validate(text);
    expect(diagnostics).toEqual(
      expected.map((e) => ({ severity: 'error', file: 'compose.yaml', ...e })),
    );
  });
});

describe('schema conventions', () => {
  /** Every schema node, with its JSON pointer. */
  function nodes(): [string, Record<string, unknown>][] {
    const out: [string, Record<string, unknown>][] = [];
    const visit = (n: unknown, ptr: string) => {
      if (Array.isArray(n)) return n.forEach((v, i) => visit(v, `${ptr}/${i}`));
      if (!n || typeof n !== 'object') return;
      out.push([ptr, n as Record<string, unknown>]);
      for (const [k, v] of Object.entries(n)) visit(v, `${ptr}/${k}`);
    };
    visit(composeSchema(), '');
    return out;
  }

  test('every alternative and every pattern carries a phrase for error messages', () => {
    const missing = nodes()
      .filter(([, n]) => (n.anyOf !== undefined || typeof n.pattern === 'string') && typeof n['x-expected'] !== 'string')
      // Patterns that name user-chosen keys, not values.
      .filter(([ptr]) => !ptr.endsWith('/patternProperties'))
      .map(([ptr]) => ptr);
    expect(missing).toEqual([]);
  });

  test('the official schema is not used (our own schema, our own words)', () => {
    const text = JSON.stringify(composeSchema());
    expect(text).not.toContain('compose_spec.json');
    expect(text).not.toContain('The Compose file is a YAML file');
  });

  test('paths are shown the way users write them', () => {
    expect(display(['services', 'web', 'ports', 0, 'target'])).toBe('services.web.ports[0].target');
    expect(display(['services', 'my.svc', 'image'])).toBe('services["my.svc"].image');
    expect(display([])).toBe('the file');
  });
});
