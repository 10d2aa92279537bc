import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const GOOD = 'name: demo\nservices:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    ports: ["80:80"]\n    depends_on: [api]\n  api:\n    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1\n    expose: ["8000"]\n';

describe('composex render', () => {
  test('writes the root template, nested templates and a manifest, and prints a summary', async () => {
    const dir = projectDir({ 'compose.yaml': GOOD });
    const r = await runCli(['render', '-o', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'out')).sort();
    expect(files).toEqual(expect.arrayContaining(['demo.json', 'manifest.json', 'FamilyApi.json', 'FamilyWeb.json', 'Networking.json']));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.root).toBe('demo.json');
    expect(manifest.templates.map((t: { path: string }) => t.path).sort()).toEqual(files.filter((f) => f !== 'manifest.json'));
    expect(r.stdout).toContain('tcp/8000 from family web (depends_on: api)');
    expect(r.stdout).toContain('tcp/80 from the load balancer (published: 80)');
  });

  test('--format yaml writes YAML templates', async () => {
    const dir = projectDir({ 'compose.yaml': GOOD });
    const r = await runCli(['render', '-o', 'out', '--format', 'yaml', '-q'], dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out', 'demo.yaml'), 'utf8')).toMatch(/^Resources:|\nResources:/);
  });

  test('invalid input exits 1 and writes nothing, keeping an earlier output intact', async () => {
    const dir = projectDir({ 'compose.yaml': GOOD });
    expect((await runCli(['render', '-o', 'out', '-q'], dir)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'out', 'demo.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'compose.yaml'), GOOD.replace('depends_on: [api]', 'depends_on: [apii]'));
    const r = await runCli(['render', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean 'api'?");
    expect(fs.readFileSync(path.join(dir, 'out', 'demo.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('composex-tmp'))).toEqual([]);
  });

  test('ECS limits are errors at render time (but not for config)', async () => {
    const dir = projectDir({
      'compose.yaml': 'services:\n  a:\n    image: x\n    privileged: true\n    cap_add: [NET_ADMIN]\n    stop_grace_period: 5m\n',
    });
    expect((await runCli(['config'], dir)).code).toBe(0);
    const r = await runCli(['render', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    // Each problem once, although both the key classification and the Fargate checks know it.
    expect(r.stderr.match(/^compose\.yaml:\d+:\d+: error CX\d+/gm)).toEqual([
      'compose.yaml:4:5: error CX1301',
      'compose.yaml:6:5: error CX1301',
    ]);
    expect(r.stderr).toMatch(/^compose\.yaml:5:15: warning CX1302/m); // cap_add NET_ADMIN: dropped
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('refuses to replace a directory composex did not write', async () => {
    const dir = projectDir({ 'compose.yaml': GOOD, 'out/precious.txt': 'keep me' });
    const r = await runCli(['render', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CX5101');
    expect(fs.readFileSync(path.join(dir, 'out', 'precious.txt'), 'utf8')).toBe('keep me');
  });

  test('--prefix without --bucket is a usage error', async () => {
    const dir = projectDir({ 'compose.yaml': GOOD });
    expect((await runCli(['render', '--prefix', 'x'], dir)).code).toBe(2);
  });
});
