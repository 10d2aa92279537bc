/**
 * CloudFormation logical IDs derived from Compose names.
 *
 * `my-api` → `MyApi`. IDs must stay put when unrelated services are added, so the ID of a name
 * depends only on that name and on the names it collides with: when several names give the same
 * PascalCase form (`my-api`, `my_api`), the smallest name (code-point order) keeps the plain form
 * and each other one gets a suffix hashed from its own name. Adding a colliding name therefore
 * never renames an existing one unless the new name sorts first.
 */
import { createHash } from 'crypto';
import type { Protocol } from '../compose/types';
import { compareStrings } from './context';

/** Longest plain ID; generate appends resource suffixes (`TaskDefinition`, …) within the 255 limit. */
const MAX_BASE_LENGTH = 64;

export function pascalCase(name: string): string {
  const id = name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return id === '' ? 'X' : id;
}

export function nameHash(name: string, length = 8): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, length).toUpperCase();
}

function baseId(name: string): string {
  const id = pascalCase(name);
  return id.length > MAX_BASE_LENGTH ? id.slice(0, MAX_BASE_LENGTH - 8) + nameHash(name) : id;
}

/** A unique logical ID for each name (see the header for the collision rule). */
export function logicalIds(names: Iterable<string>): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const name of [...new Set(names)].sort(compareStrings)) {
    const base = baseId(name);
    groups.set(base, [...(groups.get(base) ?? []), name]);
  }
  const ids = new Map<string, string>();
  const taken = new Set(groups.keys());
  for (const [base, members] of groups) {
    ids.set(members[0], base);
    for (const name of members.slice(1)) {
      let length = 8;
      let id = base + nameHash(name, length);
      while (taken.has(id)) id = base + nameHash(name, ++length);
      taken.add(id);
      ids.set(name, id);
    }
  }
  return ids;
}

/**
 * Name of a container port mapping, also the Service Connect port name and discovery name:
 * `api-8080` (`api-53-udp` for UDP). Service names are unique in a project, so this is unique in
 * the Cloud Map namespace. Port names allow lowercase letters, digits, `_` and `-`.
 */
export function portMappingName(service: string, port: number, protocol: Protocol): string {
  const base = service.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^-+/, '');
  return `${base}-${port}${protocol === 'udp' ? '-udp' : ''}`.slice(0, 64);
}
