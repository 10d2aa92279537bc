/**
 * The deploy stage: rendered templates → a stack in an AWS account (SDK for JavaScript v3).
 *
 *   clients.ts     SDK clients (standard credential chain, region, profile)
 *   upload.ts      the template bucket and content-hash uploads
 *   parameters.ts  root parameters and tags
 *   changeset.ts   create / wait / discard change sets
 *   plan.ts        the plan table, the data-bearing guard and the disruptive-replacement warnings (types as data)
 *   events.ts      events of one operation across nested stacks; root cause
 *   progress.ts    watching until the stack settles (live on a terminal, lines otherwise)
 *   secrets.ts     values of the secrets composex creates, put through Secrets Manager
 *   secret-parameters.ts  secrets written in the compose file, passed as NoEcho root parameters, never printed
 *   deploy.ts      deploy and plan
 *   status.ts      status (endpoints, services, events, last failure)
 *   protection.ts  deletion-protected databases: found before destroy deletes anything, turned off on request
 *   destroy.ts     destroy (what stays behind, then delete)
 *   images/        images composex builds: docker buildx build, ECR push by digest, deploy with the digests
 *
 * Every function takes its clients and an `DeployIO` (output, terminal, clock, sleep, Ctrl-C),
 * so tests drive real SDK clients mocked with aws-sdk-client-mock and run instantly.
 */
export { createClients, clientRegion } from './clients';
export type { AwsClients, ClientOptions } from './clients';
export { DEPLOY_CODES } from './codes';
export { deployStack } from './deploy';
export { buildImages, deployBuiltProject, processDocker, pushImages } from './images';
export type { Docker, DockerRun, PushedImage } from './images';
export type { DeployContext, DeployRequest } from './deploy';
export { destroyStack, retainedResources } from './destroy';
export type { DestroyRequest, RetainedResource } from './destroy';
export type { ProtectedDatabase } from './protection';
export { DeployError, DEPLOY_EXIT, fromAwsError, isAwsError } from './errors';
export { rootCauses } from './events';
export type { StackEventRecord } from './events';
export { DEFAULT_POLL, processDeployIO } from './io';
export type { DeployIO, PollIntervals } from './io';
export { parsePairs } from './parameters';
export { DATA_BEARING_TYPES, DISRUPTIVE_REPLACEMENTS, describePlan, formatPlan } from './plan';
export type { PlannedChange } from './plan';
export { secretParametersOf } from './secret-parameters';
export type { SecretParameter } from './secret-parameters';
export { secretsToSet } from './secrets';
export type { SecretToSet } from './secrets';
export { stackStatus } from './status';
export type { StatusRequest } from './status';
export { defaultBucketName, templateLocation } from './upload';
export type { TemplateLocation } from './upload';
