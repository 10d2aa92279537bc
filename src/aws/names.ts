/**
 * Names and logical IDs derived from Compose names.
 *
 * Logical IDs must not change when an unrelated service is added, so every ID here is a pure
 * function of the names it is about (never of a position in a list). Families come with their own
 * `logicalId` from the resolve stage; volumes and secrets get theirs from `NameTable`, which only
 * adds a disambiguating hash when two Compose names collapse to the same identifier.
 */
import { createHash } from 'crypto';

/** `my-api_v2.web` → `MyApiV2Web`. Only `[A-Za-z0-9]` survive; a leading digit gets an `N` prefix. */
export function pascalCase(name: string): string {
  const out = name
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
  if (out.length === 0) return 'X';
  return /^[0-9]/.test(out) ? 'N' + out : out;
}

/** Short, stable hash (hex) of a string. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length).toUpperCase();
}

/** 32-bit FNV-1a; used to assign names to shards independently of every other name. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Maps names of one kind (volumes, secrets) to identifiers. The identifier of a name is its
 * PascalCase form; only names whose PascalCase form collides with another name's get a hash of the
 * original name appended (so the common case reads well and a collision is still unique).
 */
export class NameTable {
  private readonly ids = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const byId = new Map<string, string[]>();
    for (const name of names) {
      const id = pascalCase(name);
      byId.set(id, [...(byId.get(id) ?? []), name]);
    }
    for (const [id, group] of byId) {
      for (const name of group) this.ids.set(name, group.length > 1 ? id + shortHash(name, 6) : id);
    }
  }

  id(name: string): string {
    const id = this.ids.get(name);
    // Names come from the model, which lists every volume and secret; a miss is a programming error.
    if (id === undefined) throw new Error(`internal: no identifier for '${name}'`);
    return id;
  }
}

/** Encodes a CIDR so distinct CIDRs stay distinct: `10.0.0.0/16` → `10x0x0x0m16`. */
export function cidrId(cidr: string): string {
  return cidr.replace(/\./g, 'x').replace(/\//g, 'm').replace(/:/g, 'c').replace(/[^A-Za-z0-9]/g, '');
}

/** `sg-0abc` → `0abc`; keeps the distinguishing part of an AWS id. */
export function awsIdPart(id: string): string {
  return id.replace(/^[a-z]+-/, '').replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Security group rule and group descriptions accept only `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`, up
 * to 255 characters.
 */
export function ec2Description(text: string): string {
  return text.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, '_').slice(0, 255);
}

/** `LoadBalancer` for the project's first load balancer, `LoadBalancer2`, … for the next ones. */
export function loadBalancerName(index: number): string {
  return index === 0 ? 'LoadBalancer' : `LoadBalancer${index + 1}`;
}
