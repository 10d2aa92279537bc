/**
 * Diagnostic codes of the generate stage (CX4xxx), as listed in the header of src/aws/fargate.ts
 * and in docs/diagnostics.md. Kept here, not in src/aws/, only while that folder is reworked;
 * it belongs next to the stage (as src/resolve/codes.ts does).
 */
export const GENERATE_CODES = [
  'CX4001', 'CX4002', 'CX4003', 'CX4004', 'CX4006', 'CX4007', 'CX4008', 'CX4009', 'CX4010', 'CX4011', 'CX4012',
  'CX4014', 'CX4015', 'CX4016', 'CX4017', 'CX4018', 'CX4019', 'CX4020', 'CX4021', 'CX4022', 'CX4023', 'CX4035',
  'CX4040', 'CX4041', 'CX4042',
] as const;

export type GenerateCode = (typeof GENERATE_CODES)[number];
