import { composeSchema, display, validateComposeDocument } from '../../src/compose/schema';
import { parseYaml } from '../../src/compose/yaml';

/** A YAML document from its lines (so line numbers in the tables are easy to count). */
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function validate(text: string) {
  const parsed = parseYaml(text, 'compose.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return validateComposeDocument(parsed.value, 'compose.yaml', parsed.sourceMap);
}

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
