/**
 * The generate stage (`AppModel` → CDK constructs). See `app.ts` for the stack layout and
 * `fargate.ts` for the CX4xxx diagnostics.
 */
export { buildStacks, ComposeXStacks, MAX_FAMILIES_IN_ROOT } from './app';
export type { ComposeXStacksProps } from './app';
export { ComposeX } from './construct';
export type { ComposeXProps, ComposeXService } from './construct';
export { checkFargate, chooseFargateSize, FARGATE_CPU_MEMORY, FARGATE_SIZES, familyTaskSize } from './fargate';
export type { FargateSize } from './fargate';
export { FamilyStack } from './family';
export { NetworkStack } from './network';
export { ClusterStack } from './cluster';
export { Networking } from './security-groups';
export { LoadBalancerStack } from './load-balancer';
export { SecretsStack } from './secrets';
export { StorageStack } from './volumes';
