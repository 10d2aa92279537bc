/**
 * The example CDK app (bin/cdk-app.ts, cdk.json) synthesizes with the real `cdk synth`, offline.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

test('npx cdk synth works on the example app without AWS credentials', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-cdk-'));
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', CDK_DISABLE_VERSION_CHECK: '1' };
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '-q', '--no-notices', '-o', out, '-c', 'compose=examples/tweet-app/compose.yaml'], {
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
