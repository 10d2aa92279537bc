/** Kept for existing imports: writing the output is write.ts. */
export { isComposexOutput, MANIFEST_FILE, writeOutput, writeOutputUnlessErrors } from './write';
export type { FileToWrite } from './write';
