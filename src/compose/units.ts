/**
 * Unit parsers for Compose values, matching the Go libraries Docker Compose uses so a file means
 * the same thing here as it does to `docker compose`:
 *
 * - durations: `github.com/xhit/go-str2duration/v2` (Go's `time.ParseDuration` plus `d` and `w`),
 *   which compose-go's `types.Duration` calls on `fmt.Sprint(value)`;
 * - sizes: `github.com/docker/go-units` `RAMInBytes` (binary multipliers, `k` = 1024), which
 *   compose-go's `types.UnitBytes` calls on strings;
 * - cpus: `strconv.ParseFloat`, as compose-go's `types.NanoCPUs` (we keep float64 precision where
 *   compose-go narrows to float32, so `0.1` stays `0.1`);
 * - file modes: octal, as Compose documents them (`"0440"`).
 *
 * Every parser returns `undefined` for a value it does not accept; callers turn that into a
 * diagnostic that quotes the value.
 */

/** Nanoseconds per duration unit (go-str2duration's table). */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86_400e9,
  w: 604_800e9,
};

/** Go's `time.Duration` is an int64 of nanoseconds; longer durations are an error there too. */
const MAX_DURATION_NS = 2n ** 63n - 1n;

/**
 * Parses a Go duration (`"1m30s"`, `"10s"`, `"500ms"`, `"1h"`, `"2us"`, `"1.5h"`, `"2d"`, `"-5s"`)
 * into seconds, fractional where needed (`"500ms"` → `0.5`).
 *
 * A bare number has no unit and is rejected, as compose-go rejects it (`time: missing unit in
 * duration "10"`), except zero (`0` / `"0"`), which needs none. Negative durations parse (the
 * grammar allows a sign); callers that need a positive duration check the sign.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return value === 0 ? 0 : undefined;
  if (typeof value !== 'string') return undefined;
  let s = value;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;

  let total = 0n;
  while (s !== '') {
    // [0-9]*(\.[0-9]*)?  — at least one digit on either side of the point
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const whole = number[1];
    const fraction = number[2] ?? '';
    if (whole === '' && fraction === '') return undefined;
    s = s.slice(number[0].length);
    const unitMatch = /^[^0-9.]+/.exec(s);
    if (!unitMatch) return undefined; // missing unit
    // The unit runs to the next digit or point, as in Go; "1sec" is the unknown unit "sec".
    const unit = unitMatch[0];
    const perUnit = DURATION_UNITS[unit];
    if (perUnit === undefined) return undefined;
    s = s.slice(unit.length);

    const scale = BigInt(perUnit);
    let ns = (whole === '' ? 0n : BigInt(whole)) * scale;
    if (ns > MAX_DURATION_NS) return undefined;
    if (fraction !== '') {
      // Go: v += int64(float64(f) * (float64(unit) / scale)), precision capped at int64 digits.
      const digits = fraction.slice(0, 18);
      ns += BigInt(Math.trunc(Number(digits) * (perUnit / 10 ** digits.length)));
    }
    total += ns;
    if (total > MAX_DURATION_NS) return undefined;
  }
  const seconds = Number(total) / 1e9;
  return negative ? -seconds : seconds;
}

/** go-units binary multipliers: RAMInBytes uses 1024-based units for `k`, `kb`, `kib` alike. */
const BYTE_UNITS: Readonly<Record<string, number>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** Go's `strconv.ParseFloat` syntax for the decimal numbers a size is written with. */
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

const MAX_INT64 = 2 ** 63;

/**
 * Parses a memory size into bytes as docker/go-units `RAMInBytes` does (v0.5): a decimal number,
 * an optional single space, then an optional case-insensitive unit `b`, `k`, `kb`, `kib`, `m`,
 * `mb`, `mib`, `g`, … `p` — all binary, so `"1g"` and `"1GB"` are 1073741824. Fractions are
 * allowed and truncated to whole bytes (`"1.5G"` → 1610612736). Negative sizes are rejected
 * (`memswap_limit: -1`, "unlimited", is the caller's special case).
 *
 * A number is taken as bytes (compose-go passes integers through); a fractional one is truncated.
 */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= MAX_INT64) return undefined;
    return Math.trunc(value);
  }
  if (typeof value !== 'string') return undefined;
  // The number ends at the last digit, point or space (go-units splits there).
  const sep = Math.max(...[...'0123456789. '].map((c) => value.lastIndexOf(c)));
  if (sep === -1) return undefined;
  const num = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  let suffix = value.slice(sep + 1).toLowerCase();
  if (!DECIMAL.test(num)) return undefined;
  let size = Number(num);
  if (!Number.isFinite(size) || size < 0) return undefined;
  if (suffix !== '') {
    if (suffix.length > 3) return undefined;
    if (suffix[0] === 'b') {
      if (suffix.length > 1) return undefined;
      suffix = '';
    } else {
      const multiplier = BYTE_UNITS[suffix[0]];
      if (multiplier === undefined) return undefined;
      if (suffix.length === 2 && suffix[1] !== 'b') return undefined;
      if (suffix.length === 3 && suffix.slice(1) !== 'ib') return undefined;
      size *= multiplier;
    }
  }
  if (size >= MAX_INT64) return undefined;
  return Math.trunc(size);
}

/**
 * Parses a number of CPUs (`"0.25"`, `0.5`, `2`, `"1e-1"`) as compose-go does with
 * `strconv.ParseFloat`. Negative, infinite and non-numeric values are rejected.
 */
export function parseCpus(value: string | number): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) n = Number(value);
  else return undefined;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Parses a file mode. Strings are octal, with or without a leading `0` or `0o` (`"0440"`, `"440"`,
 * `"0o440"` → 288), since modes are written in octal everywhere in Compose. A number is taken as
 * it is — the YAML reader has already decided what `0440` means. Valid range: 0 to 0o7777.
 */
export function parseFileMode(value: string | number): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^(?:0o?)?[0-7]+$/i.test(value)) n = parseInt(value.replace(/^0o/i, ''), 8);
  else return undefined;
  return Number.isInteger(n) && n >= 0 && n <= 0o7777 ? n : undefined;
}
