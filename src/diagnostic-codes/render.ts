/**
 * Diagnostic codes of the render stage (CX5xxx), as docs/diagnostics.md lists them. Kept here,
 * not in src/render/, only while that folder is reworked; it belongs next to the stage.
 */
export const RENDER_CODES = [
  'CX5001', 'CX5002', 'CX5003', 'CX5101', 'CX5102', 'CX5103',
  // the ComposeX construct in a CDK app (src/cdk/)
  'CX5110', 'CX5111', 'CX5112', 'CX5113', 'CX5114', 'CX5115', 'CX5116', 'CX5117',
] as const;

export type RenderCode = (typeof RENDER_CODES)[number];
