/**
 * Validation of one interpolated compose file against our JSON Schema (schemas/compose.schema.json).
 *
 * ajv reports what failed inside every branch of every `anyOf`; a user wants one sentence per
 * problem. `explain` reduces ajv's list: errors of branches that could not apply to the value's
 * type are dropped, a location whose value has a type no branch accepts gets a single "must be …"
 * message (the schema's `x-expected` phrase), and what remains is worded per keyword.
 *
 * Codes: CX1201 unknown key, CX1202 wrong type, CX1203 invalid value (enum, pattern, range,
 * duplicates, names), CX1204 missing required key.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { closest, Diagnostic, error, sortDiagnostics, SourceLocation, suggestion } from '../diagnostics';
import { parsePointer, Path, SourceMap } from './source-map';
import { hasTags, stripTags } from './tags';

export const UNKNOWN_KEY = 'CX1201';
export const WRONG_TYPE = 'CX1202';
export const INVALID_VALUE = 'CX1203';
export const MISSING_KEY = 'CX1204';

const SCHEMA_FILE = 'compose.schema.json';
/**
 * The schema's validator, generated ahead of time by ajv's standalone code generation
 * (scripts/gen-compose-validator.ts; a test fails when it is stale). Compiling the schema on every
 * run cost ~0.3 s of CPU; requiring the generated module costs ~15 ms.
 */
const VALIDATOR_FILE = 'compose.schema.validate.js';

/** A schema node as ajv hands it back (`verbose: true`); only the keywords we read are typed. */
interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, unknown>;
  readonly patternProperties?: Record<string, unknown>;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly 'x-expected'?: string;
}

/** The generated module: ajv's validate function, and every schema object its errors point into. */
type GeneratedValidator = ValidateFunction & { readonly schemas: readonly unknown[] };

let validator: GeneratedValidator | undefined;
let owners: Map<object, SchemaNode> | undefined;
let parsedSchema: Record<string, unknown> | undefined;

/** The schema file, found next to the package whether we run from `src/` (ts-jest) or `dist/src/`. */
export function composeSchemaPath(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'schemas', SCHEMA_FILE),
    path.resolve(__dirname, '..', '..', '..', 'schemas', SCHEMA_FILE),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`composex is installed incompletely: ${SCHEMA_FILE} not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The parsed schema (for tests and the key classification check). */
export function composeSchema(): Record<string, unknown> {
  parsedSchema ??= JSON.parse(fs.readFileSync(composeSchemaPath(), 'utf8')) as Record<string, unknown>;
  return parsedSchema;
}

function compiledValidator(): GeneratedValidator {
  validator ??= require(path.join(path.dirname(composeSchemaPath()), VALIDATOR_FILE)) as GeneratedValidator;
  return validator;
}

/**
 * Maps each inline branch of an `anyOf`/`oneOf` to the schema holding it, so an error raised in a
 * branch can borrow the phrase of the alternative it belongs to. (Branches reached through `$ref`
 * are shared definitions and carry their own phrase.) Built over the generated module's schema
 * objects, the very objects its errors carry as `parentSchema`; only when a file has errors.
 */
function branchOwners(): Map<object, SchemaNode> {
  if (owners) return owners;
  const found = new Map<object, SchemaNode>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as SchemaNode & Record<string, unknown>;
    for (const branch of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) found.set(branch, n);
    Object.values(n).forEach(visit);
  };
  compiledValidator().schemas.forEach(visit);
  owners = found;
  return owners;
}

/**
 * Validates one compose file (interpolated, before normalization). `!reset`/`!override` markers are
 * removed first: they are merge instructions, not values. Returns diagnostics in document order.
 */
export function validateComposeDocument(doc: unknown, file: string, sourceMap: SourceMap): Diagnostic[] {
  const validate = compiledValidator();
  // The validator only reads: a file without markers (most) is validated as it is, not copied.
  const value = hasTags(doc) ? stripTags(doc) : doc;
  if (validate(value)) return [];
  return sortDiagnostics(explain(validate.errors ?? [], { file, sourceMap, owners: branchOwners() }));
}

interface ExplainContext {
  readonly file: string;
  readonly sourceMap: SourceMap;
  readonly owners: Map<object, SchemaNode>;
}

function explain(errors: readonly ErrorObject[], ctx: ExplainContext): Diagnostic[] {
  // 1. A schema whose own `type` rejects the value is reported by that type error alone.
  const relevant = errors.filter((e) => e.keyword === 'type' || acceptsType(schemaOf(e).type, valueOf(e)));

  // 2. Per location: keep branch errors only when some branch accepted the value's type.
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of relevant) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  // Locations with an error somewhere below them (each error marks all its ancestors).
  const ancestors = new Set<string>();
  for (const e of relevant) {
    for (let i = e.instancePath.lastIndexOf('/'); i > 0; i = e.instancePath.lastIndexOf('/', i - 1)) ancestors.add(e.instancePath.slice(0, i));
    if (e.instancePath !== '') ancestors.add('');
  }
  const deeper = (p: string) => ancestors.has(p);
  const diagnostics: Diagnostic[] = [];
  for (const [ptr, list] of byPath) {
    const composite = list.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'type');
    const types = list.filter((e) => e.keyword === 'type');
    const where = parsePointer(ptr);
    if (composite.length > 0) {
      if (specific.length > 0 || deeper(ptr)) {
        // A branch fit the type and failed on details: those details are the message.
        specific.forEach((e) => diagnostics.push(...describe(e, where, ctx)));
      } else {
        // No alternative takes this kind of value: one message, worded by the outermost alternative.
        const outer = composite[composite.length - 1];
        diagnostics.push(typeError(where, valueOf(outer), expectedOf(outer, ctx), ctx));
      }
      continue;
    }
    if (types.length > 0) {
      diagnostics.push(typeError(where, valueOf(types[0]), expectedOf(types[0], ctx), ctx));
      continue; // the type error covers the rest of this location
    }
    specific.forEach((e) => diagnostics.push(...describe(e, where, ctx)));
  }
  return dedupe(diagnostics);
}

function describe(e: ErrorObject, where: string[], ctx: ExplainContext): Diagnostic[] {
  const value = valueOf(e);
  const at = display(where);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return [unknownKey(key, where, schemaOf(e), ctx)];
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return [
        error(
          MISSING_KEY,
          `${at} is missing the required key "${missing}"`,
          locate(ctx, ctx.sourceMap.key(where)),
          `add "${missing}:" to ${at}`,
        ),
      ];
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const hint =
        typeof value === 'string' && closest(value, allowed) ? suggestion(value, allowed, 'value') : `use one of the values listed`;
      return [
        error(
          INVALID_VALUE,
          `${at} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${shown(value)}`,
          locate(ctx, ctx.sourceMap.value(where)),
          hint,
        ),
      ];
    }
    case 'pattern': {
      const expected = expectedOf(e, ctx);
      return [error(INVALID_VALUE, `${at} must be ${expected}, got ${shown(value)}`, locate(ctx, ctx.sourceMap.value(where)), valueHint(expected))];
    }
    case 'minimum':
    case 'maximum': {
      const limit = (e.params as { limit: number }).limit;
      const bound = e.keyword === 'minimum' ? 'at least' : 'at most';
      return [
        error(INVALID_VALUE, `${at} must be ${bound} ${limit}, got ${shown(value)}`, locate(ctx, ctx.sourceMap.value(where)), `use a value of ${bound} ${limit}`),
      ];
    }
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      const [first, second] = [Math.min(i, j), Math.max(i, j)];
      return [
        error(
          INVALID_VALUE,
          `${at} lists the same entry twice (items ${first + 1} and ${second + 1})`,
          locate(ctx, ctx.sourceMap.value([...where, second])),
          'remove the duplicate',
        ),
      ];
    }
    default:
      return [error(INVALID_VALUE, `${at} ${e.message ?? 'is invalid'}`, locate(ctx, ctx.sourceMap.value(where)), 'see the Compose specification for this key')];
  }
}

/** Nouns for the entries of the top-level sections, for "unknown key … in service "web"". */
const SECTION_NOUNS: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

const NAME_RULE = 'names may contain only letters, digits, ".", "_" and "-"';

function unknownKey(key: string, where: string[], parent: SchemaNode, ctx: ExplainContext): Diagnostic {
  const location = locate(ctx, ctx.sourceMap.key([...where, key]));
  const allowed = Object.keys(parent.properties ?? {});
  const noun = where.length === 1 ? SECTION_NOUNS[where[0]] : undefined;
  if (allowed.length === 0) {
    // A map of user-chosen names (services, depends_on, …) whose name pattern the key fails.
    const what = noun ? `${noun} name` : 'name';
    const inside = noun ? '' : ` in ${display(where)}`;
    return error(INVALID_VALUE, `invalid ${what} "${key}"${inside}`, location, NAME_RULE);
  }
  let context: string;
  if (where.length === 0) context = 'at the top level';
  else if (where.length === 2 && SECTION_NOUNS[where[0]]) context = `in ${SECTION_NOUNS[where[0]]} "${where[1]}"`;
  else context = `in ${display(where)}`;
  const extensible = Object.keys(parent.patternProperties ?? {}).includes('^x-');
  return error(UNKNOWN_KEY, `unknown key "${key}" ${context}`, location, unknownKeyHint(key, where, allowed, extensible));
}

function unknownKeyHint(key: string, where: string[], allowed: string[], extensible: boolean): string {
  const custom = extensible ? '; custom keys must start with "x-"' : '';
  if (closest(key, allowed)) return suggestion(key, allowed, 'key');
  // A deploy setting written directly on the service (`replicas: 2`) is a common slip.
  if (where.length === 2 && where[0] === 'services' && DEPLOY_ONLY.includes(key)) return `"${key}" belongs under "deploy:"`;
  if (allowed.length > 15) return `see docs/compose-support.md for the keys composex knows${custom}`;
  return suggestion(key, allowed, 'key') + custom;
}

const DEPLOY_ONLY = ['replicas', 'resources', 'update_config', 'rollback_config', 'restart_policy', 'placement', 'endpoint_mode', 'mode'];

function typeError(where: string[], value: unknown, expected: string, ctx: ExplainContext): Diagnostic {
  const at = where.length === 0 ? 'the file' : display(where);
  // An empty value has no text of its own to point at: point at its key.
  const loc = value === null || value === undefined ? ctx.sourceMap.key(where) : ctx.sourceMap.value(where);
  return error(WRONG_TYPE, `${at} must be ${expected}, got ${shown(value)}`, locate(ctx, loc), typeHint(where, value, expected));
}

/** How to fix a value of the wrong type, for the common slips; otherwise what to write. */
function typeHint(where: string[], value: unknown, expected: string): string {
  const key = where.length > 0 ? String(where[where.length - 1]) : '';
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  const named = key && !/^\d+$/.test(key);
  if (value === null || value === undefined) {
    if (where.length === 2 && where[0] === 'services') return 'give the service its keys (at least "image:"), or remove it';
    return named ? `give "${key}" a value, or remove it` : `give it a value, or remove it`;
  }
  if (/duration/.test(expected) && typeof value === 'number') return named ? `add a unit: ${key}: ${value}s` : `add a unit, e.g. ${value}s`;
  if (scalar && /^a list/.test(expected)) return named ? `write it as a list: ${key}: [${yamlScalar(value)}]` : 'write it as a list';
  if ((typeof value === 'number' || typeof value === 'boolean') && /^a string/.test(expected)) {
    return named ? `quote it: ${key}: "${value}"` : `quote it: "${value}"`;
  }
  return `write ${expected} here`;
}

/** What a value matching a pattern looks like. */
function valueHint(expected: string): string {
  if (/boolean/.test(expected)) return 'use true or false';
  if (/^an integer/.test(expected)) return 'use a whole number, e.g. 3';
  if (/^a number/.test(expected)) return 'use a number, e.g. 0.5';
  if (/duration/.test(expected)) return 'use a number followed by a unit: ns, us, ms, s, m or h (e.g. 1m30s)';
  if (/size in bytes/.test(expected)) return 'use a number of bytes, or a number with a unit: b, k, m, g (e.g. 512m)';
  return `write ${expected} here`;
}

function yamlScalar(value: unknown): string {
  return typeof value === 'string' && /[:#,\[\]{}&*!|>'"%@`\s]/.test(value) ? JSON.stringify(value) : String(value);
}

/** The phrase for what a failing schema accepts: its own `x-expected`, its alternative's, or its type. */
function expectedOf(e: ErrorObject, ctx: ExplainContext): string {
  let node: SchemaNode | undefined = schemaOf(e);
  while (node) {
    if (node['x-expected']) return node['x-expected'];
    node = ctx.owners.get(node);
  }
  const s = schemaOf(e);
  if (e.keyword === 'type' || s.type) return typePhrase(s.type ?? (e.params as { type?: string }).type);
  return 'valid';
}

const TYPE_PHRASES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

function typePhrase(type: string | readonly string[] | undefined): string {
  const types = typeof type === 'string' ? type.split(',') : [...(type ?? [])];
  const phrases = types.map((t) => TYPE_PHRASES[t] ?? t);
  if (phrases.length <= 1) return phrases[0] ?? 'valid';
  return `${phrases.slice(0, -1).join(', ')} or ${phrases[phrases.length - 1]}`;
}

function schemaOf(e: ErrorObject): SchemaNode {
  return (e.parentSchema ?? {}) as SchemaNode;
}

function valueOf(e: ErrorObject): unknown {
  return e.data;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function acceptsType(type: string | readonly string[] | undefined, value: unknown): boolean {
  if (type === undefined) return true;
  const types = typeof type === 'string' ? [type] : type;
  const actual = jsonType(value);
  return types.some((t) => t === actual || (t === 'integer' && actual === 'number' && Number.isInteger(value)) || (t === 'number' && actual === 'number'));
}

/** `got …`: scalars as written, containers by kind. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const text = value.length > 60 ? value.slice(0, 57) + '…' : value;
    return JSON.stringify(text);
  }
  return String(value);
}

/** `services.web.ports[0].target`; names that are not plain words are quoted. */
export function display(where: Path): string {
  let out = '';
  for (const part of where) {
    if (typeof part === 'number' || /^\d+$/.test(String(part))) out += `[${part}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(part)) out += (out ? '.' : '') + part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || 'the file';
}

function locate(ctx: ExplainContext, loc: SourceLocation | undefined): SourceLocation {
  return loc ?? { file: ctx.file, line: 1, column: 1 };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
