import * as fs from 'fs';
import * as path from 'path';
import { classifyServiceKeys, classifyValue } from '../../src/compose/key-classify';
import { DEPLOY_KEYS, durationSeconds, mountType, SERVICE_KEYS } from '../../src/compose/keys';
import { renderSupportTable } from '../../src/compose/keys-doc';
import { composeSchema } from '../../src/compose/schema';
import { SourceMap } from '../../src/compose/source-map';
import { isPlainObject } from '../../src/compose/tags';
import { parseYaml } from '../../src/compose/yaml';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function propertiesOf(def: string): string[] {
  const defs = (composeSchema().$defs ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
  return Object.keys(defs[def]?.properties ?? {}).sort();
}

describe('the classification covers the schema exactly', () => {
  test('every service key of the schema is classified, and every classified key is in the schema', () => {
    const schemaKeys = propertiesOf('service');
    expect(schemaKeys.length).toBeGreaterThan(85);
    expect(Object.keys(SERVICE_KEYS).sort()).toEqual(schemaKeys);
  });

  test('every deploy key of the schema is classified, and every classified key is in the schema', () => {
    expect(Object.keys(DEPLOY_KEYS).sort()).toEqual(propertiesOf('deploy'));
  });

  test.each(Object.entries({ ...SERVICE_KEYS, ...prefixed(DEPLOY_KEYS) }))('%s says what it becomes or why not', (_key, rule) => {
    if (rule.class === 'mapped') expect(rule.ecs).toMatch(/\S/);
    else expect(rule.reason).toMatch(/\S/);
    if (rule.class === 'rejected') expect(rule.hint).toMatch(/\S/);
    for (const v of rule.values ?? []) {
      expect(v.when).toMatch(/\S/);
      expect(v.reason).toMatch(/\S/);
      if (v.class === 'rejected') expect(v.hint).toMatch(/\S/);
    }
  });
});

function prefixed<T>(rules: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(rules).map(([k, v]) => [`deploy.${k}`, v]));
}

describe('docs/compose-support.md', () => {
  test('is up to date with keys.ts (regenerate it with the command at its top)', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'compose-support.md');
    expect(fs.readFileSync(file, 'utf8')).toBe(renderSupportTable());
  });

  test('lists every key once, with its class', () => {
    const doc = renderSupportTable();
    for (const [key, rule] of Object.entries(SERVICE_KEYS)) {
      expect(doc).toContain(`| \`${key}\` | ${rule.class} |`);
    }
    for (const key of Object.keys(DEPLOY_KEYS)) expect(doc).toContain(`| \`${key}\` |`);
  });
});

/** Services and their SourceMap from YAML text, as the loader would hand them over. */
function servicesOf(text: string): { services: Record<string, Record<string, unknown>>; sourceMap: SourceMap } {
  const parsed = parseYaml(text, 'compose.yaml');
  expect(parsed.diagnostics).toEqual([]);
  const doc = parsed.value as Record<string, unknown>;
  const services = isPlainObject(doc.services) ? (doc.services as Record<string, Record<string, unknown>>) : {};
  return { services, sourceMap: parsed.sourceMap };
}

describe('classifyServiceKeys', () => {
  const at = (line: number, column: number) => ({ file: 'compose.yaml', line, column });
  type Expected = { severity: 'error' | 'warning'; code: string; message: string; line: number; column: number; hint?: string };

  test.each<[string, string, Expected[]]>([
    [
      'mapped keys say nothing',
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    command: [npm, start]',
        '    environment: { A: "1" }',
        '    ports: ["80:80"]',
        '    volumes: [data:/data, /scratch]',
        '    cap_add: [SYS_PTRACE]',
        '    privileged: false',
        '    network_mode: ""',
        '    platform: linux/arm64',
        '    stop_grace_period: 2m',
        '    sysctls: { net.core.somaxconn: 1024 }',
        '    deploy: { mode: replicated, replicas: 2 }',
        '    x-network: {}',
      ),
      [],
    ],
    [
      'an ignored key warns with its reason, at the key',
      yaml('services:', '  web:', '    image: nginx', '    container_name: shop-web', '    restart: always'),
      [
        { severity: 'warning', code: 'CX1302', message: 'container_name: "shop-web" in service "web" is ignored: ECS names each container after its service.', ...at(4, 5) },
        {
          severity: 'warning',
          code: 'CX1302',
          message: 'restart: "always" in service "web" is ignored: ECS restarts tasks itself: a service keeps its desired count of tasks running.',
          ...at(5, 5),
        },
      ],
    ],
    [
      'a rejected key is an error with a hint',
      yaml('services:', '  web:', '    image: nginx', '    devices: ["/dev/fuse:/dev/fuse"]'),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'devices in service "web" cannot run on ECS: Fargate exposes no host devices to containers.',
          ...at(4, 5),
          hint: 'remove devices; hardware access needs EC2 instances, which composex does not manage',
        },
      ],
    ],
    [
      'network_mode host is rejected, bridge only ignored',
      yaml('services:', '  a:', '    image: x', '    network_mode: host', '  b:', '    image: x', '    network_mode: bridge'),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'network_mode: "host" in service "a" cannot run on ECS: a Fargate task has no host network to join.',
          ...at(4, 5),
          hint: 'publish the ports with ports: (a load balancer fronts them)',
        },
        {
          severity: 'warning',
          code: 'CX1302',
          message: 'network_mode: "bridge" in service "b" is ignored: Fargate tasks always use awsvpc networking; services still reach each other by name.',
          ...at(7, 5),
        },
      ],
    ],
    [
      'network_mode service:x points at families',
      yaml('services:', '  a:', '    image: x', '    network_mode: "service:b"'),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'network_mode: "service:b" in service "a" cannot run on ECS: ECS cannot put a container into another task\'s network namespace.',
          ...at(4, 5),
          hint: 'put both services in one family (deploy.labels: ecs.task.family) — containers of one task share localhost',
        },
      ],
    ],
    [
      'privileged true is rejected (also as an interpolated string)',
      yaml('services:', '  a:', '    image: x', '    privileged: true', '  b:', '    image: x', '    privileged: "yes"'),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'privileged: true in service "a" cannot run on ECS: Fargate does not run privileged containers.',
          ...at(4, 5),
          hint: 'remove privileged and grant only the specific access the container needs',
        },
        {
          severity: 'error',
          code: 'CX1301',
          message: 'privileged: "yes" in service "b" cannot run on ECS: Fargate does not run privileged containers.',
          ...at(7, 5),
          hint: 'remove privileged and grant only the specific access the container needs',
        },
      ],
    ],
    [
      'bind mounts pass the classification (resolve decides from the host path: test/resolve/config-files.test.ts); an npipe mount is rejected at its own entry; named volumes pass',
      yaml(
        'services:',
        '  db:',
        '    image: postgres',
        '    volumes:',
        '      - data:/var/lib/postgresql/data',
        '      - ./init.sql:/docker-entrypoint-initdb.d/init.sql:ro',
        '      - type: npipe',
        '        source: /etc/ssl',
        '        target: /ssl',
      ),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'volumes[2]: "/etc/ssl:/ssl" in service "db" cannot run on ECS: ECS can mount only EFS volumes and the task\'s own scratch space.',
          ...at(7, 9),
          hint: 'use a named volume (EFS), or copy the files into the image',
        },
      ],
    ],
    [
      'only SYS_PTRACE is added: another capability is dropped with a warning',
      yaml('services:', '  a:', '    image: x', '    cap_add: [SYS_PTRACE, NET_ADMIN]'),
      [
        {
          severity: 'warning',
          code: 'CX1302',
          message:
            'cap_add[1]: "NET_ADMIN" in service "a" is ignored: Fargate lets a container add only the SYS_PTRACE capability; the container runs without this one (a call that needs it fails with EPERM).',
          ...at(4, 27),
          hint: 'remove the capability; if the program cannot run without it, run that work outside Fargate',
        },
      ],
    ],
    [
      'extra_hosts: host-gateway is ignored, other entries rejected',
      yaml('services:', '  a:', '    image: x', '    extra_hosts:', '      - "host.docker.internal:host-gateway"', '      - "db:10.0.0.5"'),
      [
        {
          severity: 'warning',
          code: 'CX1302',
          message: 'extra_hosts[0]: "host.docker.internal:host-gateway" in service "a" is ignored: there is no Docker host to reach on Fargate.',
          ...at(5, 9),
        },
        {
          severity: 'error',
          code: 'CX1301',
          message:
            'extra_hosts[1]: "db:10.0.0.5" in service "a" cannot run on ECS: ECS cannot add /etc/hosts entries to tasks in awsvpc network mode (all Fargate tasks).',
          ...at(6, 9),
          hint: 'reach other services by their Compose names (Service Connect), or give the name a Route 53 private record',
        },
      ],
    ],
    [
      'a stop timeout over Fargate\'s limit',
      yaml('services:', '  a:', '    image: x', '    stop_grace_period: 2m1s'),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'stop_grace_period: "2m1s" in service "a" cannot run on ECS: Fargate waits at most 120 seconds for a container to stop.',
          ...at(4, 5),
          hint: 'set stop_grace_period to 2m or less',
        },
      ],
    ],
    [
      'deploy keys: global mode rejected, restart_policy ignored, rollout batches ignored',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    deploy:',
        '      mode: global',
        '      restart_policy: { condition: on-failure }',
        '      update_config: { parallelism: 2, order: start-first }',
      ),
      [
        {
          severity: 'error',
          code: 'CX1301',
          message: 'deploy.mode: "global" in service "a" cannot run on ECS: Fargate has no hosts to run one task on each of.',
          ...at(5, 7),
          hint: 'use mode: replicated and set deploy.replicas',
        },
        {
          severity: 'warning',
          code: 'CX1302',
          message: 'deploy.restart_policy in service "a" is ignored: an ECS service replaces every task that stops; the policy cannot be tuned.',
          ...at(6, 7),
        },
        {
          severity: 'warning',
          code: 'CX1302',
          message:
            'deploy.update_config.parallelism: 2 in service "a" is ignored: ECS rolls out by healthy percentages and its circuit breaker, not in batches with delays.',
          ...at(7, 24),
        },
      ],
    ],
    [
      'device reservations rejected, pids limit ignored',
      yaml(
        'services:',
        '  a:',
        '    image: x',
        '    deploy:',
        '      resources:',
        '        limits: { pids: 100, memory: 512M }',
        '        reservations:',
        '          devices: [{ capabilities: [gpu] }]',
      ),
      [
        {
          severity: 'warning',
          code: 'CX1302',
          message: 'deploy.resources.limits.pids: 100 in service "a" is ignored: ECS has no per-container process limit.',
          ...at(6, 19),
        },
        {
          severity: 'error',
          code: 'CX1301',
          message: 'deploy.resources.reservations.devices in service "a" cannot run on ECS: Fargate offers no GPUs or other devices.',
          ...at(8, 11),
          hint: 'remove the device reservation',
        },
      ],
    ],
    [
      'empty values and keys outside the table say nothing',
      yaml('services:', '  a:', '    image: x', '    dns: []', '    pid: null', '    name: a', '    x-aws-role: {}'),
      [],
    ],
  ])('%s', (_name, text, expected) => {
    const { services, sourceMap } = servicesOf(text);
    expect(classifyServiceKeys(services, sourceMap)).toEqual(expected.map((e) => ({ file: 'compose.yaml', ...e })));
  });

  test('works on normalized services (long syntax, seconds), falling back to the service for moved keys', () => {
    const { sourceMap } = servicesOf(yaml('services:', '  a:', '    image: x', '    stop_grace_period: 3m'));
    const diagnostics = classifyServiceKeys(
      { a: { name: 'a', image: 'x', stop_grace_period: 180, volumes: [{ type: 'npipe', source: '/abs', target: '/t' }], environment: {}, ports: [] } },
      sourceMap,
    );
    expect(diagnostics.map((d) => [d.code, d.message, d.line, d.column])).toEqual([
      ['CX1301', 'stop_grace_period: 180 in service "a" cannot run on ECS: Fargate waits at most 120 seconds for a container to stop.', 4, 5],
      ['CX1301', 'volumes[0]: "/abs:/t" in service "a" cannot run on ECS: ECS can mount only EFS volumes and the task\'s own scratch space.', 2, 3],
    ]);
  });
});

describe('value helpers', () => {
  test.each<[unknown, string | undefined]>([
    ['data:/data', 'volume'],
    ['/scratch', 'volume'],
    ['./src:/src', 'bind'],
    ['/etc/ssl:/ssl:ro', 'bind'],
    ['~/certs:/certs', 'bind'],
    [{ type: 'tmpfs', target: '/t' }, 'tmpfs'],
    [3, undefined],
  ])('mountType(%j) is %s', (value, type) => {
    expect(mountType(value)).toBe(type);
  });

  test.each<[unknown, number | undefined]>([
    ['1m30s', 90],
    ['500ms', 0.5],
    ['0', 0],
    ['1.5h', 5400],
    [42, 42],
    ['soon', undefined],
    ['10 s', undefined],
  ])('durationSeconds(%j) is %s', (value, seconds) => {
    expect(durationSeconds(value)).toBe(seconds);
  });

  test('the key class applies when no value rule speaks', () => {
    expect(classifyValue(SERVICE_KEYS.network_mode, 'mynet')).toEqual([
      expect.objectContaining({ at: [], class: 'rejected', hint: 'remove network_mode and attach the service to networks' }),
    ]);
    expect(classifyValue(SERVICE_KEYS.image, 'nginx')).toEqual([expect.objectContaining({ at: [], class: 'mapped' })]);
  });
});
