/**
 * Whether a command works on a large project, judged before anything is loaded (bin/composex.js
 * reads it to leave the compile cache off: compile-cache.ts).
 *
 * Measured on 2 cores (docs/performance.md): the compile cache takes ~0.14 of the CPU off a render
 * of shop or of 100 generated services (44 KiB of compose file), where start-up is a large part,
 * and adds 10–14 % to a render of 1,000 services (430 KiB), where synthesis is nearly all of it.
 * So a synthesizing command (render, plan, deploy, push) on compose files of `LARGE_PROJECT_BYTES`
 * or more runs without it. The files are found as discovery.ts finds them: `-f` (however written),
 * else COMPOSE_FILE, else the first default file name in the working directory.
 */
import * as fs from 'fs';
import * as path from 'path';

export const LARGE_PROJECT_BYTES = 200 * 1024;

/** The commands that synthesize templates. */
const SYNTHESIZING = new Set(['render', 'plan', 'deploy', 'push']);
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** `argv`: the CLI's arguments, without node and the script. */
export function isLargeProject(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): boolean {
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === undefined || !SYNTHESIZING.has(command)) return false;
  return projectBytes(argv, env, cwd) >= LARGE_PROJECT_BYTES;
}

/** The compose files' total size. */
function projectBytes(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): number {
  let files = fileOptions(argv);
  if (files.length === 0 && env.COMPOSE_FILE) {
    files = env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':')).filter((f) => f.length > 0);
  }
  if (files.length === 0) files = DEFAULT_FILES.filter((f) => size(path.resolve(cwd, f)) > 0).slice(0, 1);
  return files.reduce((total, f) => total + size(path.resolve(cwd, f)), 0);
}

/** The values of `-f x`, `-fx`, `--file x`, `--file=x`, up to `--`. */
function fileOptions(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if ((a === '-f' || a === '--file') && i + 1 < argv.length) files.push(argv[++i]);
    else if (a.startsWith('--file=')) files.push(a.slice('--file='.length));
    else if (a.startsWith('-f') && !a.startsWith('--') && a.length > 2) files.push(a.slice(2));
  }
  return files.filter((f) => f !== '-');
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
