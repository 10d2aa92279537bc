import * as path from 'path';
import { parse } from 'yaml';
import { projectDir } from '../helpers/project-dir';
import { runCli } from '../helpers/cli';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('composex config', () => {
  test('prints the normalized project as YAML', async () => {
    const dir = projectDir({ 'compose.yaml': 'name: demo\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n' });
    const r = await runCli(['config'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.name).toBe('demo');
    expect(doc.services.web.ports).toEqual([{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' }]);
    expect(doc.networks.default.name).toBe('demo_default');
  });

  test('--format json and --services', async () => {
    const dir = projectDir({ 'compose.yaml': 'services:\n  b:\n    image: x\n  a:\n    image: y\n' });
    const json = await runCli(['config', '--format', 'json'], dir);
    expect(Object.keys(JSON.parse(json.stdout).services)).toEqual(['a', 'b']);
    const names = await runCli(['config', '--services'], dir);
    expect(names.stdout).toBe('a\nb\n');
  });

  test('invalid input: exit 1, file:line:column, code frame and hint, no stack trace', async () => {
    const dir = projectDir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [dbb]\n  db:\n    image: postgres\n' });
    const r = await runCli(['config'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('compose.yaml:4:18: error CX1401: service "web" depends on undefined service "dbb"');
    expect(r.stderr).toContain('> 4 |     depends_on: [dbb]');
    expect(r.stderr).toContain('  |                  ^');
    expect(r.stderr).toContain("hint: did you mean 'db'?");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('usage errors exit 2', async () => {
    const dir = projectDir({ 'compose.yaml': 'services:\n  a:\n    image: x\n' });
    expect((await runCli(['config', '--format', 'xml'], dir)).code).toBe(2);
    expect((await runCli(['no-such-command'], dir)).code).toBe(2);
  });

  test.each([
    ['tweet-app', []],
    ['counters', []],
    ['django-nginx', []],
    ['django-nginx', ['-f', 'compose.yaml', '-f', 'compose.dev.yaml']],
    ['mongodb', []],
    ['mongodb', ['-f', 'docker-compose.yml', '-f', 'cloud/docker-compose.override.yml']],
    ['shop', []],
  ])('example %s %j loads without errors and prints', async (example, args) => {
    const r = await runCli(['config', ...args], path.join(EXAMPLES, example));
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(Object.keys(parse(r.stdout).services).length).toBeGreaterThan(0);
  });
});
