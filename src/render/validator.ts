/** Kept for existing imports: the validator is validate.ts. */
export { enginesStarted, releaseValidator, validateTemplate, validateTemplates } from './validate';
export type { TemplateToValidate } from './validate';
