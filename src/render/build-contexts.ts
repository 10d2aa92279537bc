/**
 * Before synthesis: every build context composex hashes for an image's content tag
 * (src/aws/content-tag.ts) can be read. A file of the context that cannot be (another user's file,
 * EACCES; an I/O error) would stop `docker build` too, which sends the context: CX5103 at the
 * service's `build:`, instead of an internal error in the middle of synthesis.
 */
import { contentTag } from '../aws/content-tag';
import { error, type Diagnostic } from '../diagnostics';
import type { AppModel } from '../resolve/model';

export function checkBuildContexts(model: Pick<AppModel, 'images' | 'locate'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const image of model.images ?? []) {
    try {
      contentTag(image.build);
    } catch (e) {
      // An errno error (EACCES, EIO, …) may name its file; CDK's fingerprint refuses what is
      // neither a file nor a directory with a message that names it.
      const { code, path: file, message } = e as NodeJS.ErrnoException;
      const what = code !== undefined ? `${file ? `${file}: ` : ''}${code}` : String(message).replace(/^Unable to hash /, '');
      out.push(
        error(
          'CX5103',
          `the build context of service '${image.service}' cannot be read (${what}): composex cannot compute the image's content tag, and docker build could not send the context either`,
          model.locate(['services', image.service, 'build'], 'value'),
          `make it a readable file or directory for the user running composex, or list it in ${image.build.context.replace(/\/+$/, '')}/.dockerignore if the image does not need it`,
        ),
      );
    }
  }
  return out;
}
