/**
 * The value predicates, helpers and repeated reasons of the Compose key table (keys.ts): what a
 * rule of the table asks of a key's value. They see the raw short syntax as well as the normalized
 * long one.
 */
import { ALLOWED_ADDED_CAPABILITIES, capabilityName, MAX_STOP_TIMEOUT } from '../limits/ecs';
import type { Path } from './source-map';

// ---------------------------------------------------------------------------------------------
// Value predicates (they see the raw short syntax as well as the normalized long one)

export const TRUE_WORDS = /^(true|yes|y|on)$/i;
export const FALSE_WORDS = /^(false|no|n|off)$/i;

export const isTrue = (v: unknown) => v === true || (typeof v === 'string' && TRUE_WORDS.test(v.trim()));
export const isFalse = (v: unknown) => v === false || (typeof v === 'string' && FALSE_WORDS.test(v.trim()));

/** The whole value, when `test` holds. */
export const whole =
  (test: (v: unknown) => boolean) =>
  (v: unknown): Path[] =>
    test(v) ? [[]] : [];

/** Entries of a list (by index) or a mapping (by key) for which `test(name, value)` holds. */
export const entries =
  (test: (value: unknown, name: string | undefined) => boolean) =>
  (v: unknown): Path[] => {
    if (Array.isArray(v)) return v.flatMap((item, i) => (test(item, undefined) ? [[i]] : []));
    if (isRecord(v)) return Object.entries(v).flatMap(([k, item]) => (test(item, k) ? [[k]] : []));
    return [];
  };

/** Keys of a mapping value (or of each mapping in a list/mapping of mappings, with `nested`) that are present. */
export const presentKeys =
  (keys: readonly string[], nested = false) =>
  (v: unknown): Path[] => {
    if (!nested) return isRecord(v) ? keys.filter((k) => v[k] !== undefined).map((k) => [k]) : [];
    if (!isRecord(v)) return [];
    return Object.entries(v).flatMap(([name, inner]) => (isRecord(inner) ? keys.filter((k) => inner[k] !== undefined).map((k) => [name, k]) : []));
  };

export const oneOf = (...values: string[]) => (v: unknown) => typeof v === 'string' && values.includes(v.trim().toLowerCase());

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `logging.driver: awsfirelens` (ECS FireLens): the container logs through the family's log router (resolve/firelens-router.ts). */
export const firelensDriver = (v: unknown): v is Record<string, unknown> => isRecord(v) && typeof v.driver === 'string' && v.driver.trim().toLowerCase() === 'awsfirelens';

/** A service volume's kind, from the long syntax or the short `source:target[:mode]` string. */
export function mountType(v: unknown): string | undefined {
  if (isRecord(v)) return typeof v.type === 'string' ? v.type : undefined;
  if (typeof v !== 'string') return undefined;
  const parts = v.split(':');
  if (parts.length < 2) return 'volume'; // anonymous volume
  const source = parts[0];
  return /^[./~]/.test(source) || source === '' ? 'bind' : 'volume';
}

/** An extra_hosts entry that points at the Docker host (`host-gateway`). */
export const hostGateway = (v: unknown) => {
  const addresses = Array.isArray(v) ? v : [v];
  return addresses.some((a) => typeof a === 'string' && /host-gateway/.test(a));
};

export const addableOnFargate = (v: unknown) => typeof v === 'string' && ALLOWED_ADDED_CAPABILITIES.includes(capabilityName(v));

export const sysctlName = (value: unknown, name: string | undefined) => (name !== undefined ? name : typeof value === 'string' ? value.split('=')[0].trim() : '');


/** Seconds in a Compose duration (`1m30s`), or in a number already normalized to seconds. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
  const text = v.trim().replace(/^\+/, '');
  if (text === '0') return 0;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

export const MAX_STOP_TIMEOUT_SECONDS = MAX_STOP_TIMEOUT;

// ---------------------------------------------------------------------------------------------
// Repeated reasons

export const NO_SWAP = 'Fargate tasks have no swap space.';
export const AWSVPC_DNS =
  'tasks in awsvpc network mode (all Fargate tasks) use the VPC resolver; ECS cannot set DNS servers or search domains per container.';
export const DNS_HINT = 'give the names a Route 53 private hosted zone (or a Resolver rule) in the VPC instead';
export const NO_LIFECYCLE_HOOKS = 'ECS containers have no lifecycle hooks.';
export const CPU_TUNING = 'ECS sizes CPU in vCPUs and has no scheduler tuning knobs; use cpus or deploy.resources.limits.cpus.';
