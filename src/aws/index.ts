/**
 * The generate stage (`AppModel` → CDK constructs). See `app.ts` for the stack layout. The CDK
 * construct that loads compose files is an entry point: src/cdk/.
 */
export { buildStacks, ComposeXStacks, MAX_FAMILIES_IN_ROOT } from './app';
export type { ComposeXStacksProps } from './app';
export { chooseFargateSize, FARGATE_CPU_MEMORY, FARGATE_SIZES } from '../limits/fargate';
export type { FargateSize } from '../limits/fargate';
export { FamilyStack } from './family';
export { NetworkStack } from './network';
export { ClusterStack } from './cluster';
export { Networking } from './security-groups';
export { LoadBalancerStack } from './load-balancer';
export { SecretsStack } from './secrets';
export { StorageStack } from './volumes';
