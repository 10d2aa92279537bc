/**
 * Scalar rules of the canonical form: booleans and numbers that may be written as strings
 * (compose-go's interpolation type casts), and values with units (durations to seconds, sizes
 * to bytes, cpus, file modes), parsed by `../units.ts`.
 */
import { CANONICAL_CODES as C } from '../codes';
import { parseBytes, parseCpus, parseDuration, parseFileMode } from '../units';
import { DROP, quote, Rule } from './walker';

/** YAML 1.1 booleans, as compose-go's interpolation casts them (`toBoolean`). */
const BOOLEANS: Readonly<Record<string, boolean>> = {
  y: true,
  yes: true,
  true: true,
  on: true,
  n: false,
  no: false,
  false: false,
  off: false,
};

export const toBoolean: Rule = (value, at, w) => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const b = BOOLEANS[value.toLowerCase()];
    if (b !== undefined) return b;
  }
  w.report(C.boolean, at, `${quote(value)} is not a boolean`, 'write true or false');
  return DROP;
};

export const toInteger: Rule = (value, at, w) => {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  w.report(C.number, at, `${quote(value)} is not a whole number`, 'write an integer, e.g. 3');
  return DROP;
};

/** A count of things (replicas, scale): a whole number, 0 or more. */
export const toCount: Rule = (value, at, w) => {
  const n = toInteger(value, at, w);
  if (n === DROP || (n as number) >= 0) return n;
  w.report(C.number, at, `${quote(value)} is negative; a count is 0 or more`, 'write 0 to run no task, or a positive number');
  return DROP;
};

export const toFloat: Rule = (value, at, w) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(value)) return Number(value);
  w.report(C.number, at, `${quote(value)} is not a number`, 'write a number, e.g. 0.5');
  return DROP;
};

export const toText: Rule = (value, at, w) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return w.wrongType(at, value, 'a string');
};

const DURATION_HINT = 'write a duration with a unit, e.g. "30s", "1m30s", "500ms" or "1h" (units: ns, us, ms, s, m, h, d, w)';

export const toDuration: Rule = (value, at, w) => {
  if (typeof value !== 'string' && typeof value !== 'number') return w.wrongType(at, value, 'a duration such as "30s"');
  const seconds = parseDuration(value);
  if (seconds === undefined) {
    const bare = typeof value === 'number' || /^[+-]?[0-9.]+$/.test(value);
    w.report(C.duration, at, `invalid duration ${quote(value)}${bare ? ': the unit is missing' : ''}`, DURATION_HINT);
    return DROP;
  }
  if (seconds < 0) {
    w.report(C.duration, at, `the duration ${quote(value)} is negative`, DURATION_HINT);
    return DROP;
  }
  return seconds;
};

const SIZE_HINT = 'write a size in bytes or with a unit, e.g. "512m", "1g", "1.5G", "64000k" (k, m, g, t, p are powers of 1024)';

export const toBytes: Rule = (value, at, w) => {
  if (typeof value !== 'string' && typeof value !== 'number') return w.wrongType(at, value, 'a size such as "512m"');
  const bytes = parseBytes(value);
  if (bytes === undefined) {
    w.report(C.size, at, `invalid size ${quote(value)}`, SIZE_HINT);
    return DROP;
  }
  return bytes;
};

/** A size checked like `toBytes` but kept as written (a string), for keys compose-go keeps as strings. */
export const sizeText: Rule = (value, at, w) => (toBytes(value, at, w) === DROP ? DROP : String(value));

/** `memswap_limit` also takes -1, "unlimited swap". */
export const toSwapBytes: Rule = (value, at, w) => (value === -1 || value === '-1' ? -1 : toBytes(value, at, w));

export const toCpus: Rule = (value, at, w) => {
  const cpus = typeof value === 'string' || typeof value === 'number' ? parseCpus(value) : undefined;
  if (cpus === undefined) {
    w.report(C.cpus, at, `invalid number of CPUs ${quote(value)}`, 'write a non-negative number of CPUs, e.g. 0.25, 1 or "2"');
    return DROP;
  }
  return cpus;
};

export const toFileMode: Rule = (value, at, w) => {
  const mode = typeof value === 'string' || typeof value === 'number' ? parseFileMode(value) : undefined;
  if (mode === undefined) {
    w.report(C.fileMode, at, `invalid file mode ${quote(value)}`, 'write the mode in octal as a string, e.g. "0440" (at most "7777")');
    return DROP;
  }
  return mode;
};
