import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

let cacheDir: string | undefined;
/** One temporary validation cache per test file: tests never touch the user's cache directory. */
export function testCacheDir(): string {
  return (cacheDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'composex-test-cache-')));
}

/** Runs the CLI in-process and captures its output. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = { HOME: '/home/test' }) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'composex', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { COMPOSEX_CACHE_DIR: testCacheDir(), ...env },
    cwd,
  });
  return { code, stdout, stderr };
}

/** The environment of a `composex lookup` run against mocked AWS clients: a region and dummy credentials. */
export const LOOKUP_ENV = { HOME: '/home/test', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' };

/** `composex lookup --region eu-west-1` in `dir`, with LOOKUP_ENV. */
export const runLookup = (dir: string) => runCli(['lookup', '--region', 'eu-west-1'], dir, LOOKUP_ENV);
