/**
 * ECS ComposeX's `deploy.labels.ecs.compute.platform` (FARGATE, EC2, EXTERNAL) chooses where the
 * family runs: EC2 instances of the cluster, or ECS Anywhere hosts (EXTERNAL). composex runs every
 * family on Fargate, so any other value is warned about at the label (CX3952); the label itself
 * stays a Docker label and a tag, as every deploy label does.
 */
import { CODES } from './codes';
import { ResolveContext } from './context';

export const COMPUTE_PLATFORM_LABEL = 'ecs.compute.platform';

export function checkComputePlatformLabel(ctx: ResolveContext, service: string): void {
  const value = ctx.project.services[service].deploy?.labels?.[COMPUTE_PLATFORM_LABEL];
  if (value === undefined || String(value).trim().toUpperCase() === 'FARGATE') return;
  ctx.warning(
    CODES.COMPUTE_PLATFORM_NOT_FARGATE,
    `'${service}' asks for the ${String(value)} compute platform (${COMPUTE_PLATFORM_LABEL}; ECS ComposeX deploys EXTERNAL to ECS Anywhere hosts and EC2 to the cluster's instances): composex runs it on Fargate`,
    ['services', service, 'deploy', 'labels', COMPUTE_PLATFORM_LABEL],
    `remove the label (or write ${COMPUTE_PLATFORM_LABEL}: FARGATE) to say so; a service that must run on your own hosts needs ECS ComposeX`,
  );
}
