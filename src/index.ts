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
