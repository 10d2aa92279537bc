/**
 * The tag of a built image: a hash of what goes into the build, as CDK names its Docker image
 * assets (`FileSystem.fingerprint` of the context with the `.dockerignore` rules, plus the
 * Dockerfile and the build options). The same inputs give the same tag, so a deploy that changed
 * nothing in the image pushes nothing (the repository's tags are immutable: the tag already there
 * is that image), and any change gives a new tag, hence a new image and a new task definition.
 *
 * Build secrets are left out (their values must not shape a public name); a context given as a URL
 * is hashed by its URL (docker fetches it; pin a commit in the URL for a content tag).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FileSystem, IgnoreMode } from 'aws-cdk-lib';
import { dockerfilePath, isUrl } from '../resolve/built-images';
import type { ImageBuild } from '../resolve/model';

/**
 * Tags computed in this process, by build: render checks every context first (CX5103), then the
 * root template and `composex deploy`'s build and push use the same tag without hashing again.
 */
const computed = new WeakMap<ImageBuild, string>();

/** `src-` and 32 hex digits of the hash (ECR tags: up to 300 of `[a-zA-Z0-9-_.]`). */
export function contentTag(build: ImageBuild): string {
  let tag = computed.get(build);
  if (tag === undefined) {
    tag = hashBuild(build);
    computed.set(build, tag);
  }
  return tag;
}

function hashBuild(build: ImageBuild): string {
  const options = JSON.stringify({
    dockerfile: build.dockerfile ?? 'Dockerfile',
    dockerfileInline: build.dockerfileInline,
    dockerfileText: build.dockerfileInline === undefined ? readIfFile(dockerfilePath(build)) : undefined,
    args: build.args,
    target: build.target,
    platforms: build.platforms,
    labels: build.labels,
    additionalContexts: Object.fromEntries(Object.entries(build.additionalContexts).map(([k, v]) => [k, fingerprint(v)])),
    secretIds: build.secrets.map((s) => s.id),
    noCache: build.noCache,
  });
  const hash = createHash('sha256').update(fingerprint(build.context)).update('\0').update(options).digest('hex');
  return `src-${hash.slice(0, 32)}`;
}

/** Attempts at hashing a context whose files vanish while it is read (another process's temporary files). */
const ATTEMPTS = 3;

function fingerprint(context: string): string {
  if (isUrl(context) || !fs.existsSync(context)) return `url:${context}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return FileSystem.fingerprint(context, { ignoreMode: IgnoreMode.DOCKER, exclude: dockerignore(context) });
    } catch (e) {
      // A file listed and gone before it is read: hash again what is there now, as docker would send it.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === ATTEMPTS) throw e;
    }
  }
}

/** The patterns of `<context>/.dockerignore` (comments and blank lines left out). */
function dockerignore(context: string): string[] {
  const text = readIfFile(path.join(context, '.dockerignore'));
  if (text === undefined) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
