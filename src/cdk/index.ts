/**
 * composex inside an AWS CDK app: the `ComposeX` construct (loads, resolves and generates) with
 * its handles, and the generate stage's stacks for those who resolve themselves.
 */
export { ComposeX } from './construct';
export type { ComposeXProps } from './construct';
export { ComposeXListener, ComposeXLoadBalancer, ComposeXService } from './handles';
export type { ComposeXServiceResource, ComposeXServiceResources } from './handles';
export type { OverrideOptions } from './override-guard';
export * from '../aws';
