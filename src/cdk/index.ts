/**
 * composex inside an AWS CDK app: the `ComposeX` construct (loads, resolves and generates), and
 * the generate stage's stacks for those who resolve themselves.
 */
export { ComposeX } from './construct';
export type { ComposeXProps, ComposeXService } from './construct';
export * from '../aws';
