/**
 * Running the user's `docker`: its output streamed to the terminal (a build shows its steps), the
 * end of it kept for the error message, input given on stdin (the registry password for
 * `docker login --password-stdin`, an inline Dockerfile). Tests put a fake `docker` on PATH.
 */
import { spawn } from 'child_process';
import type { DeployCode } from '../../diagnostic-codes/deploy';
import { error } from '../../diagnostics';
import { DEPLOY_CODES } from '../codes';
import { DeployError, DEPLOY_EXIT } from '../errors';

export interface DockerRun {
  readonly code: number;
  /** stdout and stderr as they came, the last `KEPT_OUTPUT` characters. */
  readonly output: string;
}

export interface Docker {
  /** Runs `docker <args>`; rejects with CX6090 when there is no docker to run. */
  run(args: readonly string[], options?: { readonly stdin?: string; readonly quiet?: boolean }): Promise<DockerRun>;
}

const KEPT_OUTPUT = 4000;

export interface DockerOptions {
  /** The environment docker runs with (build secrets given as `env=` are read from it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The command (default `docker`), found on the environment's PATH. */
  readonly command?: string;
}

export function processDocker(options: DockerOptions): Docker {
  const command = options.command ?? 'docker';
  return {
    run: (args, run = {}) =>
      new Promise<DockerRun>((resolve, reject) => {
        const env = Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined));
        const child = spawn(command, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
        let output = '';
        const keep = (text: string) => {
          output = (output + text).slice(-KEPT_OUTPUT);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          keep(chunk.toString());
          if (!run.quiet) options.stdout(chunk.toString());
        });
        child.stderr.on('data', (chunk: Buffer) => {
          keep(chunk.toString());
          if (!run.quiet) options.stderr(chunk.toString());
        });
        child.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') reject(dockerMissing(command));
          else reject(new DeployError(error(DEPLOY_CODES.DOCKER_MISSING, `could not run ${command}: ${e.message}`, undefined, INSTALL_HINT), DEPLOY_EXIT.refused));
        });
        child.on('close', (code) => resolve({ code: code ?? 1, output }));
        child.stdin.on('error', () => undefined); // a docker that exits before reading its input
        child.stdin.end(run.stdin ?? '');
      }),
  };
}

const INSTALL_HINT =
  'install Docker with the buildx plugin (Docker Desktop, or docker-ce with docker-buildx-plugin) and start it; `docker buildx version` must work. Or build and push the image yourself and name it with image:';

export function dockerMissing(command = 'docker'): DeployError {
  return new DeployError(error(DEPLOY_CODES.DOCKER_MISSING, `${command} was not found on PATH: composex builds images with your Docker`, undefined, INSTALL_HINT), DEPLOY_EXIT.refused);
}

/** Docker ran but failed: its output, then a located-as-can-be error. */
export function dockerFailed(code: DeployCode, what: string, run: DockerRun, hint: string): DeployError {
  if (/unknown command: docker buildx|'buildx' is not a docker command|unknown flag: --platform/.test(run.output)) {
    return new DeployError(error(DEPLOY_CODES.DOCKER_MISSING, `docker has no buildx plugin: ${what} needs \`docker buildx build\``, undefined, INSTALL_HINT), DEPLOY_EXIT.refused);
  }
  const tail = run.output.trim().split('\n').slice(-15).join('\n');
  return new DeployError(error(code, `${what} failed (docker exited with ${run.code})${tail ? `:\n${tail}` : ''}`, undefined, hint), DEPLOY_EXIT.refused);
}
