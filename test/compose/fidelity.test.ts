/**
 * Compose fidelity (issue 17 item 4): forms Compose (compose-go) accepts, rewrites or refuses,
 * read through the real loader, with positions and messages.
 */
import { classifyServiceKeys } from '../../src/compose/key-classify';
import { loadProject } from '../../src/compose/load';
import { projectDir, yaml } from '../helpers/project-dir';

function load(text: string, extra: Record<string, string> = {}, env: Record<string, string> = {}) {
  const dir = projectDir({ 'compose.yaml': text, ...extra });
  return loadProject({ cwd: dir, env: { HOME: '/home/test', ...env } });
}

const found = (r: ReturnType<typeof load>, code?: string) =>
  r.diagnostics.filter((d) => code === undefined || d.code === code).map((d) => [d.severity, d.code, d.line, d.column]);

describe('legacy external: {name: X}', () => {
  test.each(['volumes', 'networks', 'secrets', 'configs'])('%s: external, named X, with a deprecation warning at external.name', (section) => {
    const use = section === 'networks' ? 'networks: [it]' : section === 'volumes' ? 'volumes: [it:/data]' : `${section}: [it]`;
    const r = load(`services:\n  a:\n    image: x\n    ${use}\n${section}:\n  it:\n    external:\n      name: real-one\n`);
    expect(found(r)).toEqual([['warning', 'CX1040', 8, 7]]);
    expect(r.diagnostics[0].message).toContain('external.name is deprecated');
    expect(r.diagnostics[0].hint).toBe('write "name: real-one" and "external: true" instead');
    const def = (r.project as unknown as Record<string, Record<string, unknown>>)[section].it;
    expect(def).toEqual({ external: true, name: 'real-one' });
  });

  test('external: {} (no name) is external under its own key, without a warning', () => {
    const r = load('services:\n  a:\n    image: x\n    volumes: [data:/d]\nvolumes:\n  data:\n    external: {}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.project!.volumes.data).toEqual({ external: true, name: 'data' });
  });

  test('name and external.name: the same value is accepted; different values conflict (an error at external.name)', () => {
    const same = load('services:\n  a:\n    image: x\nvolumes:\n  data:\n    name: y\n    external:\n      name: y\n');
    expect(found(same)).toEqual([['warning', 'CX1040', 8, 7]]);
    expect(same.project!.volumes.data).toEqual({ name: 'y', external: true });
    const differ = load('services:\n  a:\n    image: x\nvolumes:\n  data:\n    name: x\n    external:\n      name: y\n');
    expect(found(differ, 'CX1041')).toEqual([['error', 'CX1041', 8, 7]]);
    expect(differ.diagnostics.find((d) => d.code === 'CX1041')!.message).toBe('volume "data" has name "x" and external.name "y"; they conflict');
    expect(differ.project).toBeUndefined();
  });
});

describe('external together with other attributes', () => {
  test.each(['driver: foo', 'driver_opts: {a: b}', 'labels: {a: b}'])('an external volume with %s is an error at that key', (line) => {
    const key = line.split(':')[0];
    const r = load(`services:\n  a:\n    image: x\nvolumes:\n  data:\n    external: true\n    ${line}\n`);
    expect(found(r)).toEqual([['error', 'CX1042', 7, 5]]);
    expect(r.diagnostics[0].message).toBe(`volume "data" is external and also sets "${key}"; Compose refuses the two together, as nothing is created from "${key}"`);
  });

  test('name and x- keys stay allowed next to external: true; legacy external with a driver is refused too', () => {
    expect(load('services:\n  a:\n    image: x\nvolumes:\n  data:\n    external: true\n    name: n\n    x-note: 1\n').diagnostics).toEqual([]);
    const legacy = load('services:\n  a:\n    image: x\nvolumes:\n  data:\n    external:\n      name: n\n    driver: local\n');
    expect(found(legacy, 'CX1042')).toEqual([['error', 'CX1042', 8, 5]]);
  });

  test('networks keep their other keys (compose-go checks volumes only)', () => {
    const r = load('services:\n  a:\n    image: x\n    networks: [n]\nnetworks:\n  n:\n    external: true\n    driver: overlay\n');
    expect(found(r)).toEqual([]);
  });
});

describe('provider services', () => {
  test('a located error at provider naming the type and what to declare instead (not "neither image nor build")', () => {
    const r = load(yaml`
      services:
        db:
          provider:
            type: awesomecloud
            options:
              type: mysql
        api:
          image: x
          depends_on: [db]
    `);
    expect(found(r)).toEqual([['error', 'CX1043', 3, 5]]);
    expect(r.diagnostics[0].message).toContain('provider service (provider.type: awesomecloud)');
    expect(r.diagnostics[0].hint).toContain('x-rds');
  });
});

describe('network_mode together with networks', () => {
  test('both: one error at networks (no undefined-network error besides)', () => {
    const r = load('services:\n  a:\n    image: x\n    network_mode: host\n    networks: [default]\n');
    expect(found(r)).toEqual([['error', 'CX1044', 5, 5]]);
    expect(r.diagnostics[0].message).toBe('service "a" declares both network_mode and networks; Compose refuses the two together');
  });

  test('network_mode alone loads', () => {
    expect(load('services:\n  a:\n    image: x\n    network_mode: none\n').diagnostics).toEqual([]);
  });
});

describe('non-string keys', () => {
  test.each([
    ['environment:\n      1: FOO', 'services.a.environment', '1', 'a number', 5],
    ['labels:\n      true: x', 'services.a.labels', 'true', 'a boolean', 5],
    ['x-mine:\n      ~: x', 'services.a.x-mine', 'null', 'null', 5],
  ])('%s is an error at the key', (body, where, shown, kind, line) => {
    const r = load(`services:\n  a:\n    image: x\n    ${body}\n`);
    expect(found(r)).toEqual([['error', 'CX1045', line, 7]]);
    expect(r.diagnostics[0].message).toBe(`non-string key in ${where}: ${shown} is ${kind}; Compose accepts only string keys`);
  });

  test('at the top level, and a quoted number is a string', () => {
    const top = load('services:\n  a:\n    image: x\n123:\n  b: c\n');
    expect(found(top)).toEqual([['error', 'CX1045', 4, 1]]);
    expect(top.diagnostics[0].message).toContain('non-string key at the top level: 123');
    expect(load('services:\n  a:\n    image: x\n    environment:\n      "1": FOO\n').diagnostics).toEqual([]);
  });
});

describe('several YAML documents in one file', () => {
  test('merged in order, as several files are', () => {
    const r = load(yaml`
      services:
        a:
          image: x
          environment: {A: "1"}
      ---
      services:
        a:
          environment: {B: "2"}
        b:
          image: y
    `);
    expect(r.diagnostics).toEqual([]);
    expect(r.project!.services.a.environment).toEqual({ A: '1', B: '2' });
    expect(r.project!.services.b.image).toBe('y');
  });

  test('a trailing separator (empty document) is skipped; positions of the second document are its own', () => {
    expect(load('services:\n  a:\n    image: x\n---\n').project!.services.a.image).toBe('x');
    const r = load('services:\n  a:\n    image: x\n---\nservices:\n  a:\n    depends_on: [nope]\n');
    expect(found(r)).toEqual([['error', 'CX1401', 7, 18]]);
  });

  test('a second document that is not a mapping is an error at its start', () => {
    const r = load('services:\n  a:\n    image: x\n---\n- not a mapping\n');
    expect(found(r)).toEqual([['error', 'CX1006', 5, 1]]);
  });
});

describe('a multi-line quoted value indented less than its key', () => {
  test('read as Compose reads it, with a warning at the opening quote', () => {
    const r = load('services:\n  a:\n    image: x\n    command: "echo\n  hello"\n    environment:\n      A: \'one\n    two\'\n');
    expect(found(r)).toEqual([
      ['warning', 'CX1048', 4, 14],
      ['warning', 'CX1048', 7, 10],
    ]);
    expect(r.diagnostics[0].hint).toContain('block scalar');
    expect(r.project!.services.a.command).toEqual(['echo', 'hello']);
    expect(r.project!.services.a.environment).toEqual({ A: 'one two' });
  });

  test('a quote that is really missing stays a YAML error', () => {
    const r = load('services:\n  a:\n    image: "x\n    command: echo\n');
    expect(found(r).map(([s, c]) => [s, c])).toEqual([['error', 'CX1001']]);
    expect(r.diagnostics[0].message).toContain('Missing closing "quote');
  });

  test('a properly indented multi-line value needs no warning', () => {
    const r = load('services:\n  a:\n    image: x\n    command: "echo\n      hello"\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.project!.services.a.command).toEqual(['echo', 'hello']);
  });
});

describe('values kept as Compose keeps them', () => {
  test('storage_opt.size stays the string written (a bad size is still an error there)', () => {
    expect(load('services:\n  a:\n    image: x\n    storage_opt:\n      size: 20G\n').project!.services.a.storage_opt).toEqual({ size: '20G' });
    const bad = load('services:\n  a:\n    image: x\n    storage_opt:\n      size: lots\n');
    expect(found(bad)).toEqual([['error', 'CX1254', 5, 13]]);
  });

  test('dns: "" is a list of one empty string', () => {
    expect(load('services:\n  a:\n    image: x\n    dns: ""\n').project!.services.a.dns).toEqual(['']);
  });

  test('gpus: all is one request for all GPUs; an entry without count or device_ids asks for all', () => {
    expect(load('services:\n  a:\n    image: x\n    gpus: all\n').project!.services.a.gpus).toEqual([{ count: 'all' }]);
    const list = load('services:\n  a:\n    image: x\n    gpus:\n      - driver: nvidia\n      - device_ids: ["0"]\n');
    expect(list.project!.services.a.gpus).toEqual([{ driver: 'nvidia', count: 'all' }, { device_ids: ['0'] }]);
  });

  test('count together with device_ids is an error, in gpus and in device reservations', () => {
    const gpus = load('services:\n  a:\n    image: x\n    gpus:\n      - count: 1\n        device_ids: ["0"]\n');
    expect(found(gpus)).toEqual([['error', 'CX1046', 5, 9]]);
    expect(gpus.diagnostics[0].message).toBe('service "a": gpus[0]: "count" and "device_ids" are exclusive (Compose refuses the two together)');
    const devices = load(yaml`
      services:
        a:
          image: x
          deploy:
            resources:
              reservations:
                devices:
                  - capabilities: [gpu]
                    count: 1
                    device_ids: ["0"]
    `);
    expect(found(devices)).toEqual([['error', 'CX1046', 8, 15]]);
  });

  test('device short syntax: source[:target[:permissions]]; more parts are an error', () => {
    const r = load('services:\n  a:\n    image: x\n    devices:\n      - /dev/a\n      - /dev/b:/dev/c\n      - /dev/d:/dev/e:r\n');
    expect(r.project!.services.a.devices).toEqual([
      { source: '/dev/a', target: '/dev/a', permissions: 'rwm' },
      { source: '/dev/b', target: '/dev/c', permissions: 'rwm' },
      { source: '/dev/d', target: '/dev/e', permissions: 'r' },
    ]);
    const bad = load('services:\n  a:\n    image: x\n    devices:\n      - a:b:c:d\n');
    expect(found(bad)).toEqual([['error', 'CX1047', 5, 9]]);
  });

  test('bind.create_host_path: true by default in a bind block, none without one, true from the short syntax', () => {
    const r = load(yaml`
      services:
        a:
          image: x
          volumes:
            - type: bind
              source: ./a
              target: /a
              bind: {propagation: rprivate}
            - type: bind
              source: ./b
              target: /b
            - ./c:/c
            - type: bind
              source: ./d
              target: /d
              bind: {create_host_path: false}
    `);
    expect(r.project!.services.a.volumes.map((v) => v.bind?.create_host_path)).toEqual([true, undefined, true, false]);
  });

  test('lifecycle hooks: command as a list, environment as a mapping', () => {
    const r = load('services:\n  a:\n    image: x\n    post_start:\n      - command: echo hi\n        environment: [A=b]\n    pre_stop:\n      - command: [sh, -c, "exit 0"]\n');
    expect(r.project!.services.a.post_start).toEqual([{ command: ['echo', 'hi'], environment: { A: 'b' } }]);
    expect(r.project!.services.a.pre_stop).toEqual([{ command: ['sh', '-c', 'exit 0'] }]);
  });

  test('secrets and configs from the environment load as such', () => {
    const r = load('services:\n  a:\n    image: x\n    secrets: [s]\n    configs: [c]\nsecrets:\n  s:\n    environment: TOKEN\nconfigs:\n  c:\n    environment: TOKEN\n', {}, { TOKEN: 't' });
    expect(r.diagnostics).toEqual([]);
    expect(r.project!.secrets.s.environment).toBe('TOKEN');
    expect(r.project!.configs.c.environment).toBe('TOKEN');
  });
});

describe('what composex does with them (the key table, on the loaded project)', () => {
  const classify = (text: string) => {
    const r = load(text);
    return classifyServiceKeys(r.project!.services, r.project!.sourceMap).map((d) => [d.severity, d.code, d.line, d.column, d.message]);
  };

  test('dns: "" names no server: ignored with a warning, not refused; a server is refused', () => {
    expect(classify('services:\n  a:\n    image: x\n    dns: ""\n')).toEqual([
      ['warning', 'CX1302', 4, 5, expect.stringContaining('it names no DNS server')],
    ]);
    expect(classify('services:\n  a:\n    image: x\n    dns: 8.8.8.8\n').map(([s, c]) => [s, c])).toEqual([['error', 'CX1301']]);
  });

  test('lifecycle hooks and gpus are refused at their key with a hint (ECS has no hooks, Fargate no GPUs)', () => {
    const found = classify('services:\n  a:\n    image: x\n    gpus: all\n    post_start:\n      - command: echo hi\n');
    expect(found.map(([s, c, l, col]) => [s, c, l, col])).toEqual([
      ['error', 'CX1301', 4, 5],
      ['error', 'CX1301', 5, 5],
    ]);
  });
});
