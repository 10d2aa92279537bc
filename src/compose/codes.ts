/**
 * Diagnostic codes of the load stage (CX1xxx), as data: the closed list `error` / `warning`
 * accept for this stage (`DiagnosticCode` in ../diagnostics.ts). Meanings: docs/diagnostics.md.
 */
export const COMPOSE_CODES = [
  // YAML and files (10xx)
  'CX1001', 'CX1002', 'CX1003', 'CX1004', 'CX1005', 'CX1006', 'CX1010', 'CX1011', 'CX1020', 'CX1030', 'CX1031',
  // Compose fidelity (104x-106x): legacy forms, exclusive keys, provider services, YAML 1.1 leniency
  'CX1040', 'CX1041', 'CX1042', 'CX1043', 'CX1044', 'CX1045', 'CX1046', 'CX1047', 'CX1048',
  // interpolation and .env (11xx)
  'CX1101', 'CX1102', 'CX1103', 'CX1104', 'CX1105',
  // schema (120x) and canonical form (1250-1264, CANONICAL_CODES below)
  'CX1201', 'CX1202', 'CX1203', 'CX1204',
  'CX1250', 'CX1251', 'CX1252', 'CX1253', 'CX1254', 'CX1255', 'CX1256', 'CX1257', 'CX1258', 'CX1259', 'CX1260', 'CX1261', 'CX1262', 'CX1263', 'CX1264',
  // key classification: rejected, ignored (130x)
  'CX1301', 'CX1302',
  // cross-references, extends, include (14xx; CX1407 is retired: see CX3201)
  'CX1401', 'CX1402', 'CX1403', 'CX1404', 'CX1405', 'CX1406', 'CX1408', 'CX1409', 'CX1410', 'CX1411', 'CX1412', 'CX1413', 'CX1414',
  'CX1415', 'CX1416', 'CX1417', 'CX1418', 'CX1420', 'CX1421',
  // ECS ComposeX's meaning of depends_on across families (142x); an x- key a few edits from a known one
  'CX1425', 'CX1426', 'CX1427', 'CX1428',
  // x- keys other tools define (143x): not implemented, accepted without, near misses, unknown x-aws-*
  'CX1430', 'CX1431', 'CX1432', 'CX1433',
] as const;

export type ComposeCode = (typeof COMPOSE_CODES)[number];

/** Codes of the canonical form (`canonical.ts` and `transform/`); CX1201… belong to schema validation. */
export const CANONICAL_CODES = {
  port: 'CX1250',
  expose: 'CX1251',
  volume: 'CX1252',
  duration: 'CX1253',
  size: 'CX1254',
  cpus: 'CX1255',
  command: 'CX1256',
  healthcheck: 'CX1257',
  keyValue: 'CX1258',
  extraHosts: 'CX1259',
  ulimit: 'CX1260',
  fileMode: 'CX1261',
  boolean: 'CX1262',
  number: 'CX1263',
  type: 'CX1264',
} as const satisfies Record<string, ComposeCode>;
