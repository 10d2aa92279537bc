/**
 * Keys of Docker's retired ECS integration (`x-aws-*`). composex maps the ones that still make
 * sense (`x-aws-protocol` and `x-aws-healthcheck-path` on ports, see load-balancer.ts;
 * `x-aws-pull_credentials` on a service, below); every other one is refused or warned about by
 * the load stage's x- key check, so nothing a user wrote is dropped silently.
 *
 *   services:
 *     app:
 *       image: registry.example.com/team/app:1.2
 *       x-aws-pull_credentials: arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf
 *       # or the name of a top-level secret (x-secrets: {Arn | Name, KmsKeyId?}), also written
 *       # secrets::<name> as ECS ComposeX's documentation writes it
 */
import { suggestion } from '../diagnostics';
import type { SecretModel } from './model';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { pullCredentialsName, SECRET_ARN } from './secrets';

export const PULL_CREDENTIALS = 'x-aws-pull_credentials';

/**
 * Checks `x-aws-pull_credentials` of every service. The other `x-aws-*` keys are the load stage's
 * `x-` key check (src/compose/x-key-check.ts): refused, or warned about, with what to use instead.
 */
export function reportDockerEcsKeys(ctx: ResolveContext, secrets: readonly SecretModel[] = []): void {
  for (const service of ctx.serviceNames) checkPullCredentials(ctx, service, secrets);
}

/**
 * `x-aws-pull_credentials` of a service, when valid: the ARN of a Secrets Manager secret holding
 * `{"username", "password"}` for the image's registry, or the name of a top-level secret (then the
 * secret's `x-secrets` says where it is and which KMS key encrypts it). Else undefined.
 */
export function pullCredentials(value: unknown, secrets: ReadonlySet<string>): string | undefined {
  const name = pullCredentialsName(value);
  if (name === undefined) return undefined;
  return SECRET_ARN.test(name) || secrets.has(name) ? name : undefined;
}

function checkPullCredentials(ctx: ResolveContext, service: string, secrets: readonly SecretModel[]): void {
  const value = ctx.project.services[service][PULL_CREDENTIALS];
  if (value === undefined) return;
  const names = secrets.map((s) => s.name);
  if (pullCredentials(value, new Set(names)) !== undefined) return;
  const declared = Object.keys(ctx.project.secrets ?? {});
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  ctx.error(
    CODES.INVALID_PULL_CREDENTIALS,
    `x-aws-pull_credentials of '${service}' is ${text}: neither the ARN of a Secrets Manager secret nor a top-level secret`,
    ['services', service, PULL_CREDENTIALS],
    typeof value === 'string' && !value.startsWith('arn:') && declared.length > 0
      ? suggestion(value, declared, 'secret')
      : 'give the secret\'s ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), or the name of a top-level secret with x-secrets',
  );
}
