/**
 * composex library API.
 */
export { loadProject } from './compose/load';
export type { LoadOptions, LoadResult } from './compose/load';
export type * from './compose/types';
export { formatProject, projectToDocument } from './compose/serialize';
export * from './diagnostics';
export { compileProject, loadAndCompile, lockFilePath, readLockFile } from './compile';
export type { LockFile, LockEntry, LookupQuery, LookupAnswer } from './resolve/lock';
export type { CompileOptions, CompileResult } from './compile';
// The CDK construct and its handles (`import { ComposeX } from 'composex'`); aws-cdk-lib and
// constructs are peer dependencies: the app's own copies are used.
export { ComposeX, ComposeXListener, ComposeXLoadBalancer, ComposeXService } from './cdk';
export type { ComposeXProps, ComposeXServiceResource, ComposeXServiceResources, OverrideOptions } from './cdk';
