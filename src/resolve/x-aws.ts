/**
 * Keys of Docker's retired ECS integration (`x-aws-*`). composex maps the ones that still make
 * sense (`x-aws-protocol` and `x-aws-healthcheck-path` on ports, see load-balancer.ts); every
 * other one is reported with what to use instead, so nothing a user wrote is dropped silently.
 */
import { CODES } from './codes';
import type { ResolveContext } from './context';

/** Keys composex maps (on ports, and `x-aws-healthcheck-path` also on services). */
const MAPPED = new Set(['x-aws-protocol', 'x-aws-healthcheck-path']);

/** The replacement for each unmapped key (docs/migration.md has the table). */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  'x-aws-vpc': 'use x-vpc: {VpcId, PublicSubnets, PrivateSubnets}',
  'x-aws-cluster': 'use x-cluster (Lookup or a cluster name)',
  'x-aws-loadbalancer': 'composex creates the load balancer of the published ports; an existing one is not supported',
  'x-aws-role': 'use x-iam.Policies on the service',
  'x-aws-policies': 'use x-iam.ManagedPolicyArns on the service',
  'x-aws-logs_retention': 'use x-logging.RetentionInDays',
  'x-aws-autoscaling': 'not mapped yet: deploy.replicas sets the desired count',
  'x-aws-pull_credentials': 'not mapped yet: use images from ECR (the execution role may pull them)',
  'x-aws-cloudformation': 'not supported: embed composex in a CDK app to change the templates',
};

function hint(key: string): string {
  return `${REPLACEMENTS[key] ?? 'composex does not map this Docker ECS integration key'} (see docs/migration.md)`;
}

export function reportDockerEcsKeys(ctx: ResolveContext): void {
  for (const key of Object.keys(ctx.project.extensions).sort()) {
    if (key.startsWith('x-aws-') && !MAPPED.has(key)) ctx.warning(CODES.DOCKER_ECS_KEY_IGNORED, `${key} is a Docker ECS integration key composex does not use`, [key], hint(key), 'key');
  }
  for (const service of ctx.serviceNames) {
    for (const key of Object.keys(ctx.project.services[service]).sort()) {
      if (key.startsWith('x-aws-') && !MAPPED.has(key)) ctx.warning(CODES.DOCKER_ECS_KEY_IGNORED, `${key} on service '${service}' is a Docker ECS integration key composex does not use`, ['services', service, key], hint(key), 'key');
    }
  }
}
