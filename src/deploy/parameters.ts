/**
 * Root stack parameters (`--parameters K=V`) and stack tags (`--tags K=V`): parsed, checked
 * against the root template before anything is sent, and on update every parameter not given
 * keeps its previous value (as `aws cloudformation deploy` does).
 */
import type { Parameter, Stack, Tag } from '@aws-sdk/client-cloudformation';
import { error, suggestion } from '../diagnostics';
import type { Template } from '../render/types';
import { DEPLOY_CODES } from './codes';
import { DeployError, refused } from './errors';

/** `KEY=VALUE` pairs (the value may contain `=`); an invalid or repeated key is a usage error (exit 2). */
export function parsePairs(values: readonly string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of values ?? []) {
    const at = text.indexOf('=');
    const key = at > 0 ? text.slice(0, at) : '';
    if (!key) {
      throw new DeployError(error(DEPLOY_CODES.INVALID_OPTION_VALUE, `${option} '${text}' is not KEY=VALUE`, undefined, `e.g. ${option} Name=value`), 2);
    }
    if (key in out) throw new DeployError(error(DEPLOY_CODES.INVALID_OPTION_VALUE, `${option} gives ${key} twice`), 2);
    out[key] = text.slice(at + 1);
  }
  return out;
}

interface ParameterDeclaration {
  Default?: unknown;
  NoEcho?: unknown;
}

/**
 * The change set's parameters. Throws (exit 1) for a parameter the template does not declare, and
 * on create for one without a default that is not given.
 */
export function stackParameters(root: Template, given: Readonly<Record<string, string>>, existing?: Stack): Parameter[] {
  const declared = (root.Parameters ?? {}) as Record<string, ParameterDeclaration>;
  const names = Object.keys(declared).sort();
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length > 0) {
    throw refused(
      DEPLOY_CODES.UNKNOWN_PARAMETER,
      `the root template has no parameter ${unknown.join(', ')}`,
      names.length === 0 ? 'this project\'s root template takes no parameters' : suggestion(unknown[0], names, 'parameter'),
    );
  }
  const previous = new Set((existing?.Parameters ?? []).map((p) => p.ParameterKey));
  const out: Parameter[] = [];
  const missing: string[] = [];
  for (const name of names) {
    if (name in given) out.push({ ParameterKey: name, ParameterValue: given[name] });
    else if (previous.has(name)) out.push({ ParameterKey: name, UsePreviousValue: true });
    else if (declared[name].Default === undefined) missing.push(name);
  }
  if (missing.length > 0) {
    throw refused(
      DEPLOY_CODES.MISSING_PARAMETER,
      `the root template needs ${missing.length === 1 ? 'parameter' : 'parameters'} ${missing.join(', ')}, which ${missing.length === 1 ? 'has' : 'have'} no default`,
      `pass --parameters ${missing.map((m) => `${m}=…`).join(' ')}`,
    );
  }
  return out;
}

export function stackTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] }));
}
