/** The canonical form of a service: `!reset` / `!override` markers, and errors with their position (canonical.ts). */
import * as path from 'path';
import { canonicalService } from '../../src/compose/canonical';
import { isOverride, isReset, OverrideTag, ResetTag } from '../../src/compose/tags';
import { parseYaml } from '../../src/compose/yaml';
import { at, BASE, canon, FILE, tcp, value } from './canonical-helpers';

describe('!reset and !override markers', () => {
  test('a !reset value is passed through unchanged, in place', () => {
    const result = canon('ports: !reset []\nenvironment: {A: !reset null, B: 2}');
    expect(result.diagnostics).toEqual([]);
    expect(isReset(result.service.ports)).toBe(true);
    const env = result.service.environment as Record<string, unknown>;
    expect(isReset(env.A)).toBe(true);
    expect(env.B).toBe('2');
  });

  test('an !override value is canonicalized inside its marker', () => {
    const result = canon('ports: !override ["8080:80"]\nvolumes: [!override "./a:/a", "b:/b"]');
    expect(result.diagnostics).toEqual([]);
    const ports = result.service.ports;
    expect(isOverride(ports)).toBe(true);
    expect((ports as OverrideTag).value).toEqual([tcp(80, { published: '8080' })]);
    const volumes = result.service.volumes as unknown[];
    expect(isOverride(volumes[0])).toBe(true);
    expect((volumes[0] as OverrideTag).value).toEqual({ type: 'bind', source: '/proj/a', target: '/a', bind: { create_host_path: true } });
    expect(volumes[1]).toEqual({ type: 'volume', source: 'b', target: '/b', volume: {} });
  });

  test('a tagged entry of a list that becomes a mapping keeps its tag on its key', () => {
    const result = canon('environment: [!reset "A=1", !override "B=2", "C"]\nnetworks: [!reset front]');
    expect(result.diagnostics).toEqual([]);
    const env = result.service.environment as Record<string, unknown>;
    expect(isReset(env.A)).toBe(true);
    expect(isOverride(env.B) && (env.B as OverrideTag).value).toBe('2');
    expect(env.C).toBeNull();
    expect(isReset((result.service.networks as Record<string, unknown>).front)).toBe(true);
  });

  test('a !reset item of a list is kept once, even where its content would expand or not parse', () => {
    const result = canon('ports: [!reset "8000-8002:8000-8002", "80"]\nexpose: [!reset "bad"]\nenv_file: [!reset {nopath: 1}]\nextra_hosts: {a: !reset {}}');
    expect(result.diagnostics).toEqual([]);
    const ports = result.service.ports as unknown[];
    expect(ports).toHaveLength(2);
    expect(isReset(ports[0]) && (ports[0] as ResetTag).original).toBe('8000-8002:8000-8002');
    expect(ports[1]).toEqual(tcp(80));
    expect(isReset((result.service.expose as unknown[])[0])).toBe(true);
    expect(isReset((result.service.env_file as unknown[])[0])).toBe(true);
    expect(isReset((result.service.extra_hosts as Record<string, unknown>).a)).toBe(true);
  });

  test('an !override value inside a long-syntax port is checked and converted like a plain one', () => {
    const ok = canon('ports:\n  - {target: !override "80", published: !override 8080}');
    expect(ok.diagnostics).toEqual([]);
    const port = (ok.service.ports as Record<string, unknown>[])[0];
    expect((port.target as OverrideTag).value).toBe(80);
    expect((port.published as OverrideTag).value).toBe('8080');
    const bad = canon('ports:\n  - {target: 80, published: !override 70000}');
    expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['CX1250', 'service "web": ports[0].published: published port "70000" is out of range: ports go from 0 to 65535'],
    ]);
    expect(bad.service.ports).toEqual([]);
  });

  test('a !reset target is refused (every port has one); a !reset protocol is kept for the merge', () => {
    const reset = canon('ports:\n  - {target: !reset null, published: "80"}');
    expect(reset.diagnostics.map((d) => d.code)).toEqual(['CX1250']);
    expect(reset.diagnostics[0].message).toContain('cannot be reset');
    const protocol = canon('ports:\n  - {target: 80, protocol: !reset null}');
    expect(protocol.diagnostics).toEqual([]);
    expect(isReset((protocol.service.ports as Record<string, unknown>[])[0].protocol)).toBe(true);
  });

  test('a service-level !override is canonicalized inside', () => {
    const result = canon('deploy: !override {resources: {limits: {memory: 1k}}}');
    expect((result.service.deploy as OverrideTag).value).toEqual({ resources: { limits: { memory: 1024 } } });
  });
});

describe('errors: code, message, hint and position', () => {
  /** Body line N is file line N + 2; its text starts at column 5. */
  test.each<[string, string, string, number, number]>([
    ['ports: ["80800:80"]', 'CX1250', 'service "web": ports[0]: port "80800:80": host port "80800" is out of range: ports go from 0 to 65535', 3, 13],
    ['ports:\n  - "80"\n  - "8080:99999"', 'CX1250', 'service "web": ports[1]: port "8080:99999": container port "99999" is out of range: ports go from 0 to 65535', 5, 9],
    ['ports: ["9090-9092:8080-8081"]', 'CX1250', 'service "web": ports[0]: port "9090-9092:8080-8081": the host range 9090-9092 has 3 ports but the container range 8080-8081 has 2', 3, 13],
    ['ports: ["8010-8000:8010-8000"]', 'CX1250', 'service "web": ports[0]: port "8010-8000:8010-8000": container port range "8010-8000" ends before it starts', 3, 13],
    ['ports: ["http:80"]', 'CX1250', 'service "web": ports[0]: port "http:80": host port "http" is not a port or a range of ports', 3, 13],
    ['ports: ["1.2.3:80:80"]', 'CX1250', 'service "web": ports[0]: port "1.2.3:80:80" has an invalid IP address "1.2.3"', 3, 13],
    ['ports: ["80/sctp"]', 'CX1250', 'service "web": ports[0]: port "80/sctp" uses protocol "sctp", which ECS port mappings do not support', 3, 13],
    ['ports: ["80/http"]', 'CX1250', 'service "web": ports[0]: port "80/http" has an unknown protocol "http"', 3, 13],
    ['ports: ["8080:"]', 'CX1250', 'service "web": ports[0]: port "8080:" has no container port', 3, 13],
    ['ports: [0]', 'CX1250', 'service "web": ports[0]: port "0": container port 0 is not a port a container can listen on', 3, 13],
    ['ports:\n  - target: 70000', 'CX1250', 'service "web": ports[0].target: target 70000 is not a container port (1-65535)', 4, 17],
    ['ports:\n  - {target: 80, published: "8080-80"}', 'CX1250', 'service "web": ports[0].published: published port range "8080-80" ends before it starts', 4, 33],
    ['ports:\n  - {target: 80, mode: bridge}', 'CX1250', 'service "web": ports[0].mode: port mode "bridge" is not one of "ingress", "host" or "awsvpc"', 4, 28],
    ['expose: ["3000/xyz"]', 'CX1251', 'service "web": expose[0]: exposed port "3000/xyz" has an unknown protocol "xyz"', 3, 14],
    ['expose: [99999]', 'CX1251', 'service "web": expose[0]: exposed port "99999" is out of range: ports go from 0 to 65535', 3, 14],
    ['volumes: ["a:b:c:d"]', 'CX1252', 'service "web": volumes[0]: volume "a:b:c:d" has too many colons', 3, 15],
    ['volumes: ["data::/x"]', 'CX1252', 'service "web": volumes[0]: volume "data::/x" has an empty part between colons', 3, 15],
    ['volumes: ["./src:/app:ro,noexec"]', 'CX1252', 'service "web": volumes[0]: volume "./src:/app:ro,noexec" has an unknown option "noexec"', 3, 15],
    ['volumes: ["data:app"]', 'CX1252', 'service "web": volumes[0]: volume "data:app": the container path "app" is not absolute', 3, 15],
    ['volumes:\n  - {type: volume, source: v, target: data}', 'CX1252', 'service "web": volumes[0].target: the container path "data" is not absolute', 4, 43],
    ['healthcheck:\n  interval: 10', 'CX1253', 'service "web": healthcheck.interval: invalid duration 10: the unit is missing', 4, 17],
    ['stop_grace_period: 1minute', 'CX1253', 'service "web": stop_grace_period: invalid duration "1minute"', 3, 24],
    ['deploy:\n  update_config:\n    delay: -5s', 'CX1253', 'service "web": deploy.update_config.delay: the duration "-5s" is negative', 5, 16],
    ['mem_limit: 1 gigabyte', 'CX1254', 'service "web": mem_limit: invalid size "1 gigabyte"', 3, 16],
    ['deploy:\n  resources:\n    limits:\n      memory: -1g', 'CX1254', 'service "web": deploy.resources.limits.memory: invalid size "-1g"', 6, 19],
    ['cpus: "-0.5"', 'CX1255', 'service "web": cpus: invalid number of CPUs "-0.5"', 3, 11],
    ['deploy: {resources: {limits: {cpus: half}}}', 'CX1255', 'service "web": deploy.resources.limits.cpus: invalid number of CPUs "half"', 3, 41],
    [
      'command: echo hi && echo bye',
      'CX1256',
      'service "web": command: "echo hi && echo bye" uses the shell operator "&&", but a string command is split into arguments, not run by a shell (Compose would silently drop everything from "&&" on)',
      3,
      14,
    ],
    ['entrypoint: "echo \'unterminated"', 'CX1256', 'service "web": entrypoint: "echo \'unterminated" has a single quote (\') that is not closed', 3, 17],
    ['command: \'say "hi\'', 'CX1256', 'service "web": command: "say \\"hi" has a double quote (") that is not closed', 3, 14],
    ['command: run (x)', 'CX1256', 'service "web": command: "run (x)" has an unquoted "("', 3, 14],
    [
      'healthcheck: {test: [curl, -f, "http://localhost"]}',
      'CX1257',
      'service "web": healthcheck.test: the test list must start with "CMD", "CMD-SHELL" or "NONE", not "curl"',
      3,
      25,
    ],
    ['environment: ["=value"]', 'CX1258', 'service "web": environment[0]: "=value" has no name before "="', 3, 19],
    ['labels: ["=x"]', 'CX1258', 'service "web": labels[0]: "=x" has no name before "="', 3, 14],
    ['extra_hosts: ["somehost"]', 'CX1259', 'service "web": extra_hosts[0]: "somehost" has no IP address', 3, 19],
    ['extra_hosts: ["=1.2.3.4"]', 'CX1259', 'service "web": extra_hosts[0]: bad host name ""', 3, 19],
    ['ulimits:\n  nofile: {soft: 4096, hard: 1024}', 'CX1260', 'service "web": ulimits.nofile: the soft limit 4096 is above the hard limit 1024', 4, 15],
    ['secrets:\n  - {source: s, mode: "0999"}', 'CX1261', 'service "web": secrets[0].mode: invalid file mode "0999"', 4, 27],
    ['init: maybe', 'CX1262', 'service "web": init: "maybe" is not a boolean', 3, 11],
    ['deploy: {replicas: two}', 'CX1263', 'service "web": deploy.replicas: "two" is not a whole number', 3, 24],
    ['healthcheck: {retries: "1.5"}', 'CX1263', 'service "web": healthcheck.retries: "1.5" is not a whole number', 3, 28],
    ['ports: "80:80"', 'CX1264', 'service "web": ports: expected a list of ports, got the string "80:80"', 3, 12],
  ])('%s → %s', (body, code, message, line, column) => {
    const result = canon(body);
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect({ code: d.code, message: d.message, file: d.file, line: d.line, column: d.column, severity: d.severity }).toEqual({
      code,
      message,
      file: FILE,
      line,
      column,
      severity: 'error',
    });
    expect(d.hint).toEqual(expect.any(String));
  });

  test('hints say how to write it', () => {
    const hint = (body: string) => canon(body).diagnostics[0].hint;
    expect(hint('ports: ["9090-9092:8080-8081"]')).toBe('give both ranges the same length, e.g. "9090-9091:8080-8081"');
    expect(hint('ports: ["8010-8000"]')).toBe('write the lower port first, e.g. "8000-8010"');
    expect(hint('command: echo hi && echo bye')).toBe('run it through a shell: ["sh", "-c", "echo hi && echo bye"], or quote the "&&" if it is a literal argument');
    expect(hint('stop_grace_period: "10"')).toBe(
      'write a duration with a unit, e.g. "30s", "1m30s", "500ms" or "1h" (units: ns, us, ms, s, m, h, d, w)',
    );
    expect(hint('mem_limit: lots')).toBe('write a size in bytes or with a unit, e.g. "512m", "1g", "1.5G", "64000k" (k, m, g, t, p are powers of 1024)');
    expect(hint('ports: ["80/sctp"]')).toBe('use tcp or udp');
  });

  test('every problem is reported and invalid values are left out; valid ones are kept', () => {
    const result = canon('ports: ["80", "x", "8080:80"]\nvolumes: ["a:b:c:d", "v:/v"]\nmem_limit: big\ncpus: 1\nenvironment: ["=1", "A=2"]');
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['CX1250', 3],
      ['CX1252', 4],
      ['CX1254', 5],
      ['CX1258', 7],
    ]);
    expect(result.service).toEqual({
      ports: [tcp(80), tcp(80, { published: '8080' })],
      volumes: [{ type: 'volume', source: 'v', target: '/v', volume: {} }],
      cpus: 1,
      environment: { A: '2' },
    });
  });

  test('with no position in the source map, the diagnostic still names the file', () => {
    const parsed = parseYaml('x: 1\n', FILE);
    const result = canonicalService('web', { cpus: 'many' }, { baseDir: BASE, file: FILE, sourceMap: parsed.sourceMap, path: ['services', 'web'] });
    expect(result.diagnostics[0]).toMatchObject({ code: 'CX1255', file: FILE });
  });
});
