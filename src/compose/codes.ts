/**
 * Diagnostic codes of the load stage (CX1xxx), as data.
 */

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
} as const;
