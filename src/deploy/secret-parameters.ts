/**
 * Root parameters that carry a secret written in the compose file: an x-elbv2 OIDC `ClientSecret`
 * (src/resolve/elbv2-client-secret.ts). They are NoEcho and have no default, so no template holds
 * the value; deploy and plan pass it from the compiled file, and nothing they print shows it.
 *
 * - Every deploy passes the file's value (`ParameterValue`), never `UsePreviousValue`: a secret
 *   changed in the file reaches the nested stack's parameter and the listener rule. An unchanged
 *   one is the same value again.
 * - `--parameters <name>=…` wins over the file (an explicit value, e.g. a rotated secret not yet
 *   written back): deploy says so, by name only.
 * - Output, change set summaries and errors go through `redacted`: a value is replaced by `****`
 *   wherever it would appear (CloudFormation masks NoEcho values itself in DescribeStacks and
 *   DescribeChangeSet; this also covers error messages and events that would quote one). The
 *   SDK clients have no logger (src/deploy/clients.ts), so no request is logged.
 */
import { clientSecretParameters } from '../resolve/elbv2-client-secret';
import type { AppModel } from '../resolve/model';
import type { Template } from '../render/types';
import { DEPLOY_CODES } from './codes';
import { DeployError, refused } from './errors';
import type { DeployIO } from './io';

export interface SecretParameter {
  /** The root parameter (`Elbv2LbAListener443Rule1ClientSecret`). */
  readonly name: string;
  /** The secret, from the compose file: sent to CloudFormation, never printed. */
  readonly value: string;
}

/** CloudFormation's limit on a parameter value. */
export const MAX_PARAMETER_VALUE_BYTES = 4096;

/** What output shows instead of a secret value. */
const MASK = '****';

/** The secret parameters of a compiled project (what `composex deploy` passes). */
export function secretParametersOf(model: AppModel): SecretParameter[] {
  return clientSecretParameters(model).map(({ name, value }) => ({ name, value }));
}

/**
 * The root parameter values to send: the file's secrets the root template declares, then the
 * `--parameters` values over them. Refuses (exit 1) a value over CloudFormation's limit.
 */
export function withSecretParameters(root: Template, given: Readonly<Record<string, string>>, secrets: readonly SecretParameter[], io: DeployIO): Record<string, string> {
  const declared = root.Parameters ?? {};
  const fromFile: Record<string, string> = {};
  for (const secret of secrets) {
    if (!(secret.name in declared)) continue; // the repositories-only step of a first deploy with built images
    if (secret.name in given) {
      io.stdout(`Parameter ${secret.name}: the value given with --parameters is used, not the compose file's ClientSecret\n`);
      continue;
    }
    const bytes = Buffer.byteLength(secret.value);
    if (bytes > MAX_PARAMETER_VALUE_BYTES) {
      throw refused(
        DEPLOY_CODES.SECRET_PARAMETER_TOO_LONG,
        `the compose file's value for parameter ${secret.name} is ${bytes} bytes, over CloudFormation's ${MAX_PARAMETER_VALUE_BYTES}-byte limit on a parameter value`,
        'keep the secret in Secrets Manager and write ClientSecret: "{{resolve:secretsmanager:<secret>:SecretString:<key>}}"',
      );
    }
    fromFile[secret.name] = secret.value;
  }
  return { ...fromFile, ...given };
}

/** Replaces each secret value in a text by `****` (longest first, so a value inside another goes too). */
export function redactor(values: readonly string[]): (text: string) => string {
  const secrets = [...new Set(values.filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}

/**
 * Runs `fn` with output that never shows a secret value, and an error that does not either: a
 * `DeployError`'s message and hint, and any other error's message, are redacted.
 */
export async function withoutSecretsInOutput<T>(values: readonly string[], io: DeployIO, fn: (io: DeployIO) => Promise<T>): Promise<T> {
  if (values.length === 0) return fn(io);
  const redact = redactor(values);
  const safe: DeployIO = { ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)), confirm: (question) => io.confirm(redact(question)) };
  try {
    return await fn(safe);
  } catch (e) {
    if (e instanceof DeployError) {
      const d = e.diagnostic;
      throw new DeployError({ ...d, message: redact(d.message), ...(d.hint ? { hint: redact(d.hint) } : {}) }, e.exitCode);
    }
    if (e instanceof Error) {
      e.message = redact(e.message);
      if (e.stack) e.stack = redact(e.stack);
    }
    throw e;
  }
}
