/**
 * Mutations of real compose files for property-based tests: drop a key or list item, give a value
 * another type, rename a key or a reference. The examples are the starting points (see EXAMPLE_PROJECTS).
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { temporaryDir } from './generate-project';
import { EXAMPLES } from './templates';

/** Every example with the files it is rendered from (as test/examples does). */
export const EXAMPLE_PROJECTS: readonly { readonly name: string; readonly files: readonly string[] }[] = [
  { name: 'tweet-app', files: ['compose.yaml'] },
  { name: 'counters', files: ['compose.yaml'] },
  { name: 'django-nginx', files: ['compose.yaml'] },
  { name: 'mongodb', files: ['docker-compose.yml', 'cloud/docker-compose.override.yml'] },
  { name: 'shop', files: ['compose.yaml'] },
  { name: 'queue-worker', files: ['compose.yaml'] },
  { name: 'fanout', files: ['compose.yaml'] },
  { name: 'postgres', files: ['compose.yaml'] },
  { name: 'uploads', files: ['compose.yaml'] },
  { name: 'dns', files: ['compose.yaml'] },
  { name: 'build-from-source', files: ['compose.yaml'] },
  { name: 'load-balancers', files: ['compose.yaml'] },
];

export type PathSegment = string | number;

/** Every node of a document with its path, in document order (the root excluded). */
export function nodesOf(doc: unknown): { path: PathSegment[]; value: unknown }[] {
  const out: { path: PathSegment[]; value: unknown }[] = [];
  const visit = (value: unknown, at: PathSegment[]) => {
    if (at.length > 0) out.push({ path: at, value });
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...at, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...at, k]);
  };
  visit(doc, []);
  return out;
}

/** Values of other types that a mutation may put anywhere. */
export const REPLACEMENTS: readonly unknown[] = ['', 'x', '80:80', '0.0.0.0/0', '${UNSET_VARIABLE}', 'n'.repeat(120), 0, -1, 65536, 1.5, 1e21, true, null, [], {}, ['a'], { a: 'b' }];

export type Mutation =
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'swap'; readonly index: number; readonly replacement: unknown }
  | { readonly kind: 'rename'; readonly index: number };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), index: fc.nat(), replacement: fc.constantFrom(...REPLACEMENTS) }),
  fc.record({ kind: fc.constant('rename' as const), index: fc.nat() }),
);

function parentOf(doc: unknown, at: PathSegment[]): Record<string | number, unknown> {
  let node = doc as Record<string | number, unknown>;
  for (const segment of at.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  return node;
}

/**
 * Applies one mutation to a copy of `doc`. `rename` renames a mapping key (references to it now
 * dangle) or, for a string, appends to it (a reference now names nothing).
 */
export function mutate(doc: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(doc);
  const nodes = nodesOf(copy);
  if (nodes.length === 0) return copy;
  const { path: at, value } = nodes[mutation.index % nodes.length];
  const parent = parentOf(copy, at);
  const last = at[at.length - 1];
  switch (mutation.kind) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'swap':
      parent[last] = structuredClone(mutation.replacement);
      break;
    case 'rename':
      if (typeof value === 'string') parent[last] = `${value}-renamed`;
      else if (!Array.isArray(parent)) {
        // Rebuild the mapping so the renamed key keeps its place.
        const entries = Object.entries(parent).map(([k, v]) => [k === last ? `${k}-renamed` : k, v] as const);
        for (const k of Object.keys(parent)) delete parent[k];
        for (const [k, v] of entries) parent[k] = v;
      }
      break;
  }
  return copy;
}

/** The path of the node a mutation applies to in `doc`. */
export function mutationPath(doc: unknown, mutation: Mutation): PathSegment[] {
  const nodes = nodesOf(doc);
  return nodes.length === 0 ? [] : nodes[mutation.index % nodes.length].path;
}

/** Applies mutations in turn; returns the result and the path each one touched. */
export function applyMutations(doc: unknown, mutations: readonly Mutation[]): { doc: unknown; paths: PathSegment[][] } {
  const paths: PathSegment[][] = [];
  let current = doc;
  for (const m of mutations) {
    paths.push(mutationPath(current, m));
    current = mutate(current, m);
  }
  return { doc: current, paths };
}

/** Copies an example into a new temporary directory; returns the directory. */
export function copyExample(name: string): string {
  const dir = temporaryDir(`composex-mut-${name}-`);
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

/** Reads a compose file as plain data (anchors and `<<` merges expanded). */
export function readCompose(file: string): unknown {
  return parse(fs.readFileSync(file, 'utf8'), { merge: true });
}

export function writeCompose(file: string, doc: unknown): void {
  fs.writeFileSync(file, stringify(doc, { aliasDuplicateObjects: false }));
}
