/**
 * What reads as a secret, by name or by value: the names of environment variables that look like
 * secrets (CX1105 warns about their values) and URLs carrying a password. A leaf module: the load
 * stage warns with it, and every code frame (src/diagnostics.ts) masks such values with it, so a
 * secret written in a compose file reaches no terminal or CI log through a diagnostic.
 */

/**
 * Names are split into words (`_`, `-`, `.`, and camelCase: `dbPassword` → DB PASSWORD); a name
 * looks like a secret when one of these runs of words appears in it.
 */
export const SECRET_NAME_WORDS: readonly (readonly string[])[] = [
  ['PASSWORD'],
  ['PASSWD'],
  ['PASSPHRASE'],
  ['SECRET'],
  ['TOKEN'],
  ['CREDENTIALS'],
  ['CREDENTIAL'],
  ['APIKEY'],
  ['API', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['ACCESS', 'KEY'],
  ['AUTH', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['SIGNING', 'KEY'],
  ['MASTER', 'KEY'],
];

/**
 * A name ending in one of these words names something about a secret, not the secret itself:
 * `POSTGRES_PASSWORD_FILE=/run/secrets/db`, `TOKEN_TTL=3600`, `SECRET_ARN`, `AWS_ACCESS_KEY_ID`.
 */
export const NOT_A_SECRET_LAST_WORDS: readonly string[] = [
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'USER', 'USERNAME', 'NAME', 'ARN', 'ID',
  'LENGTH', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'ENABLED', 'REQUIRED', 'POLICY',
  'HEADER', 'TYPE', 'ALGORITHM', 'ISSUER', 'AUDIENCE', 'REGION', 'VERSION', 'METHOD', 'MODE',
];

/** `scheme://user:password@host…` (the user may be empty: `redis://:password@cache:6379`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

/** Whether the name reads as the name of a secret (see the tables above). */
export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || NOT_A_SECRET_LAST_WORDS.includes(words[words.length - 1])) return false;
  return SECRET_NAME_WORDS.some((run) => words.some((_, i) => run.every((w, j) => words[i + j] === w)));
}

export function hasUrlPassword(value: string): boolean {
  return URL_WITH_PASSWORD.test(value.trim());
}
