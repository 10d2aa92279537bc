import { main } from '../../src/cli/main';

/** Runs the CLI in-process and captures its output. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = { HOME: '/home/test' }) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'composex', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}
