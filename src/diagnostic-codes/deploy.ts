/**
 * Diagnostic codes of the deploy stage (CX6xxx): the values of DEPLOY_CODES in
 * src/deploy/codes.ts, listed again here (a test keeps the two equal) only while src/deploy/ is
 * reworked; once its helpers take this type it can be derived from DEPLOY_CODES there.
 */
export const DEPLOY_CODE_LIST = [
  'CX6001', 'CX6002', 'CX6003', 'CX6004', 'CX6005', 'CX6006', 'CX6007',
  'CX6010', 'CX6011', 'CX6012', 'CX6020', 'CX6030', 'CX6031', 'CX6032', 'CX6033',
  'CX6040', 'CX6041', 'CX6042', 'CX6050', 'CX6051', 'CX6060', 'CX6061', 'CX6070', 'CX6071', 'CX6072',
  'CX6080', 'CX6081', 'CX6090', 'CX6091', 'CX6092', 'CX6093', 'CX6094', 'CX6095', 'CX6096',
  'CX6100', 'CX6101', 'CX6102', 'CX6110',
] as const;

export type DeployCode = (typeof DEPLOY_CODE_LIST)[number];
