/**
 * A file a compose file names for composex to read at render time (`x-ssm_parameter`
 * `MacroParameters.FromFile`, `x-prometheus` `ScrapingConfigurationFile`): relative to the project
 * directory, and inside it. Its content lands in a template, so a file outside the project
 * (~/.aws/credentials, /etc/…, or a link to one) is refused: a compose file cannot copy what it does
 * not own into a stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Path } from '../compose/source-map';
import type { Code } from './codes';
import type { ResolveContext } from './context';

/**
 * The text of `given`, or `undefined` after an error (`code`) at `at` naming it as `what`
 * (e.g. "FromFile of parameter 'config'").
 */
export function readProjectFile(ctx: ResolveContext, given: string, at: Path, what: string, code: Code): string | undefined {
  const file = path.resolve(ctx.project.workingDir, given);
  const inside = (f: string, dir: string) => f === dir || f.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
  const outside = () => {
    ctx.error(code, `${given} (${what}) is outside the project directory`, at, `put the file in the project directory ${ctx.project.workingDir} and name it relative to it`);
    return undefined;
  };
  if (!inside(file, path.resolve(ctx.project.workingDir))) return outside();
  try {
    if (!fs.statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (!inside(fs.realpathSync(file), fs.realpathSync(ctx.project.workingDir))) return outside();
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const errno = (e as { code?: string }).code;
    const why = errno === 'ENOENT' ? 'does not exist' : errno === 'EISDIR' ? 'is not a file' : errno === 'EACCES' ? 'cannot be read (permission denied)' : 'cannot be read';
    ctx.error(code, `${given} (${what}) ${why}`, at, `paths are relative to the project directory ${ctx.project.workingDir}`);
    return undefined;
  }
}
