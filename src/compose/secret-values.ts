/**
 * Environment variables that look like secrets (CX1105). A service's `environment` (and what its
 * `env_file`s add) becomes the task definition's `Environment`: plain text in the template, in the
 * task definition every `ecs:DescribeTaskDefinition` caller can read, and in the console. A
 * password there is a password in every copy of the template. Compose `secrets:` keep the value
 * in Secrets Manager and put only its ARN in the template.
 *
 * One warning per variable whose NAME looks like a secret (the words of the name, as data below)
 * and whose value is not empty, or whose VALUE is a URL with a password (`postgres://u:pw@db/x`).
 * A value taken from the environment (`${DB_PASSWORD}`, a bare name) is still written into the
 * template, so it is reported too, saying where it came from. Messages name the variable, never
 * its value.
 */
import { Diagnostic, SourceLocation, warning } from '../diagnostics';
import { hasUrlPassword, looksLikeSecretName } from '../secret-names';

export { hasUrlPassword, looksLikeSecretName, nameWords, NOT_A_SECRET_LAST_WORDS, SECRET_NAME_WORDS } from '../secret-names';

export const SECRET_LOOKING_VALUE = 'CX1105';

/** Values that are settings, not secrets, whatever the name. */
const NOT_A_SECRET_VALUE = [/^(true|false|yes|no|on|off)$/i, /^\/run\/secrets\//, /^arn:aws[a-z-]*:/];


/** Where a variable's value came from. */
export type EnvironmentOrigin =
  | { readonly kind: 'compose'; readonly location?: SourceLocation; readonly fromEnvironment: boolean }
  | { readonly kind: 'env_file'; readonly file: string; readonly location?: SourceLocation; readonly fromEnvironment: boolean };

/** The warnings for one service's final environment; `origins` says where each variable came from. */
export function checkSecretLookingValues(
  service: string,
  environment: Readonly<Record<string, string | null>>,
  origins: ReadonlyMap<string, EnvironmentOrigin>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const name of Object.keys(environment).sort()) {
    const value = environment[name];
    if (value === null || value.trim() === '') continue;
    const url = hasUrlPassword(value);
    const named = looksLikeSecretName(name) && !NOT_A_SECRET_VALUE.some((re) => re.test(value.trim()));
    if (!url && !named) continue;
    const origin = origins.get(name) ?? { kind: 'compose', fromEnvironment: false };
    const what = url ? 'holds a URL with a password' : 'looks like a secret';
    const source = origin.kind === 'env_file' ? ` (from env_file ${origin.file})` : '';
    const written = origin.fromEnvironment
      ? 'its value comes from the environment, but is still written into the task definition in plain text'
      : 'its plain-text value would be written into the task definition';
    diagnostics.push(
      warning(
        SECRET_LOOKING_VALUE,
        `environment variable ${name} of service "${service}"${source} ${what}: ${written}, where anyone who can read the template or describe the task sees it`,
        origin.location,
        secretsHint(name),
      ),
    );
  }
  return diagnostics;
}

function secretsHint(name: string): string {
  const secret = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return (
    `make it a Compose secret: at the top level "secrets: {${secret}: {environment: ${name}}}" (composex deploy stores the value of ${name} ` +
    `from the environment it runs in in Secrets Manager; or "x-secrets: {Name: …}" for a secret that exists), "secrets: [${secret}]" on the service, ` +
    `and remove ${name} from its environment: the template then holds only the secret's ARN (docs/x-keys.md#x-secrets)`
  );
}
