/**
 * The example CDK app (bin/cdk-app.ts, cdk.json) synthesizes with the real `cdk synth`, offline.
 * cdk.json's app compiles the package (`tsc -p tsconfig.build.json`, ~40 s of CPU) and runs
 * dist/bin/cdk-app.js; when dist/ is newer than every source — as after `npm ci`, whose `prepare`
 * built it — the test runs that second half alone (`--app`), otherwise cdk.json's whole command.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const APP = 'node dist/bin/cdk-app.js';

/** Whether dist/bin/cdk-app.js is newer than every TypeScript source and build setting. */
function distIsFresh(): boolean {
  const built = path.join(ROOT, 'dist', 'bin', 'cdk-app.js');
  if (!fs.existsSync(built)) return false;
  const since = fs.statSync(built).mtimeMs;
  const newer = (p: string): boolean => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) return fs.readdirSync(p).some((name) => newer(path.join(p, name)));
    return stat.mtimeMs > since;
  };
  return !['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].some((p) => newer(path.join(ROOT, p)));
}

test("cdk.json's app builds the package, then runs dist/bin/cdk-app.js", () => {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
  expect(cdkJson.app).toBe(`npx tsc -p tsconfig.build.json && ${APP}`);
});

test('npx cdk synth works on the example app without AWS credentials', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-cdk-'));
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', CDK_DISABLE_VERSION_CHECK: '1' };
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '-q', '--no-notices', ...(distIsFresh() ? ['--app', APP] : []), '-o', out, '-c', 'compose=examples/tweet-app/compose.yaml'], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
    timeout: 240_000,
  });
  const files = fs.readdirSync(out);
  const root = JSON.parse(fs.readFileSync(path.join(out, 'ComposeXExample.template.json'), 'utf8'));
  const nested = Object.values(root.Resources as Record<string, { Type: string }>).filter((r) => r.Type === 'AWS::CloudFormation::Stack');
  expect(nested.length).toBeGreaterThanOrEqual(6);
  expect(files.filter((f) => f.endsWith('.nested.template.json')).length).toBe(nested.length);
  fs.rmSync(out, { recursive: true, force: true });
}, 300_000);
