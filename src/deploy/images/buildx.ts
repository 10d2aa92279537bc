/**
 * The `docker buildx build` command line of a built image (`ImageBuild`, from the service's
 * `build:`), as data: no value that can be secret is ever on it (build secrets are passed as
 * `--secret id=…,src=<file>` or `env=<VARIABLE>`: docker reads them, the command line only names them).
 */
import { dockerfilePath } from '../../resolve/built-images';
import type { ImageBuild } from '../../resolve/model';

export interface BuildxOutput {
  /** Image names to tag (`<repository URI>:<content tag>`, or a local name). */
  readonly tags: readonly string[];
  /** `--push`: push to the registry of the tags (composex has logged in). */
  readonly push: boolean;
  /** `--load`: into the local image store (one platform only: docker cannot load several). */
  readonly load: boolean;
  /** `--metadata-file`: where buildx writes the pushed digest (`containerimage.digest`). */
  readonly metadataFile?: string;
}

export function buildxArgs(build: ImageBuild, output: BuildxOutput): string[] {
  const args = ['buildx', 'build'];
  if (build.dockerfileInline !== undefined) args.push('--file', '-');
  else if (build.dockerfile !== undefined) args.push('--file', dockerfilePath(build));
  for (const a of build.args) args.push('--build-arg', a.value === undefined ? a.name : `${a.name}=${a.value}`);
  if (build.target !== undefined) args.push('--target', build.target);
  args.push('--platform', build.platforms.join(','));
  for (const s of build.secrets) args.push('--secret', s.file !== undefined ? `id=${s.id},src=${s.file}` : `id=${s.id},env=${s.environment}`);
  for (const s of build.ssh) args.push('--ssh', s);
  for (const c of build.cacheFrom) args.push('--cache-from', c);
  for (const c of build.cacheTo) args.push('--cache-to', c);
  for (const [k, v] of Object.entries(build.labels)) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(build.additionalContexts)) args.push('--build-context', `${k}=${v}`);
  if (build.network !== undefined) args.push('--network', build.network);
  if (build.noCache) args.push('--no-cache');
  if (build.pull) args.push('--pull');
  for (const t of output.tags) args.push('--tag', t);
  if (output.push) args.push('--push');
  if (output.load) args.push('--load');
  if (output.metadataFile !== undefined) args.push('--metadata-file', output.metadataFile);
  args.push(build.context);
  return args;
}

/** The Dockerfile as docker takes it: Compose's `dockerfile` is relative to the context directory. */
