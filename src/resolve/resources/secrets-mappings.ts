/**
 * `SecretsMappings` and `GrantTaskAccess` of a consumer of a database's credentials secret
 * (`x-rds`, and `x-docdb`, whose `Services` are x-rds's in ECS ComposeX):
 *
 *   SecretsMappings: {PrefixWithDbName: true|"PREFIX", Mappings: {host: PGHOST} | [{SecretKey, VarName}]}
 *   GrantTaskAccess: true | {SecretEnvName: NAME}
 *
 * Without `Mappings`, each default key under its default name (`<PREFIX>_HOST`…); with it, only the
 * keys it maps.
 */
import type { Path } from '../../compose/source-map';
import type { GrantSecret } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import { checkKeys, readBoolean, readList, readObject, readString, XObject } from '../readers';
import { isObject, readVariableName } from './common';

/** The keys of one kind's credentials secret. */
export interface CredentialKeys {
  /** Injected without `Mappings`. */
  readonly defaults: readonly string[];
  /** Every key `Mappings` may name (after `aliases`). */
  readonly keys: readonly string[];
  /** Other names ECS ComposeX takes for a key (`user` → `username`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** `database secret` in "'x' is not a key of the database secret". */
  readonly secret: string;
  /** Variable names for the examples of hints: `PGHOST` / `PGPASSWORD`. */
  readonly example: { readonly host: string; readonly password: string };
}

export function readSecretsMappings(ctx: ResolveContext, value: unknown, path: Path, prefix: string, keys: CredentialKeys): GrantSecret[] | undefined {
  const defaults = (p: string): GrantSecret[] => keys.defaults.map((key) => ({ name: `${p}_${key.toUpperCase()}`, secret: 'credentials', jsonKey: key }));
  if (value === undefined || value === null) return defaults(prefix);
  const { host, password } = keys.example;
  const obj = readObject(ctx, value, path, `{Mappings: {host: ${host}, password: ${password}}}`);
  if (!obj) return undefined;
  checkKeys(ctx, obj, path, ['PrefixWithDbName', 'Mappings']);
  let p = prefix;
  let usePrefix = obj.Mappings === undefined;
  if (obj.PrefixWithDbName !== undefined) {
    if (typeof obj.PrefixWithDbName === 'string') {
      const custom = readVariableName(ctx, obj.PrefixWithDbName, [...path, 'PrefixWithDbName']);
      if (custom === undefined) return undefined;
      p = custom;
      usePrefix = true;
    } else {
      const flag = readBoolean(ctx, obj.PrefixWithDbName, [...path, 'PrefixWithDbName']);
      if (flag === undefined) return undefined;
      usePrefix = flag;
    }
  }
  if (obj.Mappings === undefined) return defaults(p);
  const pairs: { key: string; name: unknown; at: Path }[] = [];
  if (Array.isArray(obj.Mappings)) {
    (readList(ctx, obj.Mappings, [...path, 'Mappings']) ?? []).forEach((item, i) => {
      const at = [...path, 'Mappings', i];
      const m = readObject(ctx, item, at, `{SecretKey: host, VarName: ${host}}`);
      if (!m) return;
      checkKeys(ctx, m, at, ['SecretKey', 'VarName']);
      const key = readString(ctx, m.SecretKey, [...at, 'SecretKey']);
      if (key !== undefined) pairs.push({ key, name: m.VarName, at: [...at, 'VarName'] });
    });
  } else {
    const m = readObject(ctx, obj.Mappings, [...path, 'Mappings'], `{host: ${host}, password: ${password}}`);
    if (!m) return undefined;
    for (const key of Object.keys(m).sort(compareStrings)) pairs.push({ key, name: m[key], at: [...path, 'Mappings', key] });
  }
  const out: GrantSecret[] = [];
  for (const { key, name, at } of pairs) {
    const jsonKey = keys.aliases?.[key] ?? key;
    if (!keys.keys.includes(jsonKey)) {
      ctx.error(CODES.INVALID_RESOURCE, `'${key}' is not a key of the ${keys.secret}`, at, `keys: ${keys.keys.join(', ')}`);
      continue;
    }
    const variable = readVariableName(ctx, name, at);
    if (variable !== undefined) out.push({ name: usePrefix ? `${p}_${variable}` : variable, secret: 'credentials', jsonKey });
  }
  return out;
}

/** `GrantTaskAccess: true` or `{SecretEnvName: NAME}` → the variable that holds the secret ARN. */
export function readGrantTaskAccess(ctx: ResolveContext, value: unknown, path: Path, prefix: string): string | undefined {
  if (isObject(value)) {
    checkKeys(ctx, value as XObject, path, ['SecretEnvName']);
    return value.SecretEnvName === undefined ? `${prefix}_SECRET_ARN` : readVariableName(ctx, value.SecretEnvName, [...path, 'SecretEnvName']);
  }
  const flag = readBoolean(ctx, value, path);
  return flag ? `${prefix}_SECRET_ARN` : undefined;
}
