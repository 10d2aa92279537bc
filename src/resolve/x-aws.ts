/**
 * Keys of Docker's retired ECS integration (`x-aws-*`). composex maps the ones that still make
 * sense (`x-aws-protocol` and `x-aws-healthcheck-path` on ports, see load-balancer.ts;
 * `x-aws-pull_credentials` on a service, below); every other one is reported with what to use
 * instead, so nothing a user wrote is dropped silently.
 *
 *   services:
 *     app:
 *       image: registry.example.com/team/app:1.2
 *       x-aws-pull_credentials: arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf
 *       # or the name of a top-level secret (x-secrets: {Arn | Name, KmsKeyId?})
 */
import { suggestion } from '../diagnostics';
import type { SecretModel } from './model';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { SECRET_ARN } from './secrets';

/** Keys composex maps (on ports, and `x-aws-healthcheck-path` also on services). */
const MAPPED = new Set(['x-aws-protocol', 'x-aws-healthcheck-path']);
export const PULL_CREDENTIALS = 'x-aws-pull_credentials';
/** Keys composex maps on a service only. */
const SERVICE_MAPPED = new Set([...MAPPED, PULL_CREDENTIALS]);

/** The replacement for each unmapped key (docs/migration.md has the table). */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  'x-aws-vpc': 'use x-vpc: {VpcId, PublicSubnets, PrivateSubnets}',
  'x-aws-cluster': 'use x-cluster (Lookup or a cluster name)',
  'x-aws-loadbalancer': 'composex creates the load balancer of the published ports; an existing one is not supported',
  'x-aws-role': 'use x-iam.Policies on the service',
  'x-aws-policies': 'use x-iam.ManagedPolicyArns on the service',
  'x-aws-logs_retention': 'use x-logging.RetentionInDays',
  'x-aws-autoscaling': 'write it under deploy (deploy.x-aws-autoscaling: {min, max, cpu}), or use x-scaling',
  'x-aws-pull_credentials': 'set it on the service whose image is private, not at the top level',
  'x-aws-cloudformation': 'not supported: embed composex in a CDK app to change the templates',
};

function hint(key: string): string {
  return `${REPLACEMENTS[key] ?? 'composex does not map this Docker ECS integration key'} (see docs/migration.md)`;
}

export function reportDockerEcsKeys(ctx: ResolveContext, secrets: readonly SecretModel[] = []): void {
  for (const key of Object.keys(ctx.project.extensions).sort()) {
    if (key.startsWith('x-aws-') && !MAPPED.has(key)) ctx.warning(CODES.DOCKER_ECS_KEY_IGNORED, `${key} is a Docker ECS integration key composex does not use`, [key], hint(key), 'key');
  }
  for (const service of ctx.serviceNames) {
    for (const key of Object.keys(ctx.project.services[service]).sort()) {
      if (key.startsWith('x-aws-') && !SERVICE_MAPPED.has(key)) ctx.warning(CODES.DOCKER_ECS_KEY_IGNORED, `${key} on service '${service}' is a Docker ECS integration key composex does not use`, ['services', service, key], hint(key), 'key');
    }
    checkPullCredentials(ctx, service, secrets);
  }
}

/**
 * `x-aws-pull_credentials` of a service, when valid: the ARN of a Secrets Manager secret holding
 * `{"username", "password"}` for the image's registry, or the name of a top-level secret (then the
 * secret's `x-secrets` says where it is and which KMS key encrypts it). Else undefined.
 */
export function pullCredentials(value: unknown, secrets: ReadonlySet<string>): string | undefined {
  if (typeof value !== 'string') return undefined;
  return SECRET_ARN.test(value) || secrets.has(value) ? value : undefined;
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
