/**
 * The value of an `x-ssm_parameter`: `Properties.Value`, or the file `MacroParameters.FromFile`
 * names (relative to the project directory), checked as JSON or YAML when asked, minimized or
 * rendered to JSON, or base64-encoded, as ECS ComposeX does — then held to the size its tier
 * allows: 4 KB for a Standard parameter, 8 KB for an Advanced one (AWS Systems Manager User
 * Guide, "Managing parameter tiers"; Intelligent-Tiering moves a larger value to Advanced).
 *
 * The file is read here, at render time, so the value is in the template: composex refuses
 * SecureString parameters, so nothing secret can be read this way.
 */
import { parse as parseYaml } from 'yaml';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { ResourceEntry } from './common';
import { readProjectFile } from '../project-file';

export const PARAMETER_MACRO_KEYS = ['FromFile', 'EncodeToBase64', 'ValidateJson', 'MinimizeJson', 'ValidateYaml', 'RenderToJson'];

/** Bytes a value may hold, by tier. */
export const PARAMETER_VALUE_LIMITS: Readonly<Record<string, number>> = { Standard: 4096, Advanced: 8192, 'Intelligent-Tiering': 8192 };

const isTrue = (v: unknown) => v === true || v === 'true';

/** The value to write, or undefined after an error. */
export function readParameterValue(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const macro = entry.macro;
  const props = entry.properties;
  const macroPath = [...entry.path, 'MacroParameters'];
  if (macro.FromFile !== undefined && props.Value !== undefined) {
    ctx.error(CODES.PARAMETER_VALUE_INVALID, `parameter '${entry.name}' has both Properties.Value and MacroParameters.FromFile`, [...entry.path, 'Properties', 'Value'], 'keep one: the value as written, or the file to read it from', 'key');
    return undefined;
  }
  let value: string | undefined;
  let where = [...entry.path, 'Properties', 'Value'];
  if (macro.FromFile !== undefined) {
    where = [...macroPath, 'FromFile'];
    value = readFromFile(ctx, entry);
    if (value === undefined) return undefined;
  } else if (props.Value === undefined) {
    ctx.error(CODES.PARAMETER_VALUE_INVALID, `parameter '${entry.name}' has no value`, Object.keys(props).length > 0 ? [...entry.path, 'Properties'] : entry.path, 'set Properties.Value, or MacroParameters.FromFile: a file of the project to read it from', 'key');
    return undefined;
  } else if (typeof props.Value === 'string' || typeof props.Value === 'number' || typeof props.Value === 'boolean') {
    value = String(props.Value);
  } else if (Array.isArray(props.Value) && props.Value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    value = props.Value.join(','); // a StringList written as a YAML list
  } else {
    ctx.error(CODES.PARAMETER_VALUE_INVALID, `the value of parameter '${entry.name}' is not a string`, where, 'write the value as a string (a StringList as "a,b,c" or a list of strings); a document goes in a file: MacroParameters.FromFile');
    return undefined;
  }
  value = transform(ctx, entry, value, where);
  if (value === undefined) return undefined;
  checkSize(ctx, entry, value, where);
  return value;
}

function readFromFile(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const at = [...entry.path, 'MacroParameters', 'FromFile'];
  const given = entry.macro.FromFile;
  if (typeof given !== 'string' || given === '') {
    ctx.error(CODES.PARAMETER_VALUE_INVALID, `MacroParameters.FromFile of '${entry.name}' must be a file path`, at, 'a path relative to the project directory, such as config/settings.json');
    return undefined;
  }
  return readProjectFile(ctx, given, at, `FromFile of parameter '${entry.name}'`, CODES.PARAMETER_VALUE_INVALID);
}

/** ValidateJson / MinimizeJson, ValidateYaml / RenderToJson, then EncodeToBase64. */
function transform(ctx: ResolveContext, entry: ResourceEntry, value: string, where: (string | number)[]): string | undefined {
  const m = entry.macro;
  let out = value;
  if (isTrue(m.ValidateJson) || isTrue(m.MinimizeJson)) {
    try {
      const parsed: unknown = JSON.parse(out);
      if (isTrue(m.MinimizeJson)) out = JSON.stringify(parsed);
    } catch (e) {
      ctx.error(CODES.PARAMETER_VALUE_INVALID, `the value of parameter '${entry.name}' is not JSON: ${(e as Error).message}`, where, 'fix the JSON, or remove ValidateJson / MinimizeJson');
      return undefined;
    }
  }
  if (isTrue(m.ValidateYaml) || isTrue(m.RenderToJson)) {
    try {
      const parsed: unknown = parseYaml(out);
      if (isTrue(m.RenderToJson)) out = JSON.stringify(parsed ?? null);
    } catch (e) {
      ctx.error(CODES.PARAMETER_VALUE_INVALID, `the value of parameter '${entry.name}' is not YAML: ${(e as Error).message.split('\n')[0]}`, where, 'fix the YAML, or remove ValidateYaml / RenderToJson');
      return undefined;
    }
  }
  if (isTrue(m.EncodeToBase64)) out = Buffer.from(out, 'utf8').toString('base64');
  return out;
}

function checkSize(ctx: ResolveContext, entry: ResourceEntry, value: string, where: (string | number)[]): void {
  const tier = typeof entry.properties.Tier === 'string' && PARAMETER_VALUE_LIMITS[entry.properties.Tier] !== undefined ? entry.properties.Tier : 'Standard';
  const limit = PARAMETER_VALUE_LIMITS[tier];
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= limit) return;
  ctx.error(
    CODES.PARAMETER_VALUE_TOO_LARGE,
    `the value of parameter '${entry.name}' is ${bytes} bytes: a ${tier} parameter holds at most ${limit}`,
    where,
    tier === 'Standard' && bytes <= PARAMETER_VALUE_LIMITS.Advanced
      ? 'set Properties.Tier: Advanced (up to 8 KB, charged per parameter), or make the value smaller (MinimizeJson for JSON)'
      : 'make the value smaller: 8 KB is the most a parameter holds; store larger documents in an x-s3 bucket',
  );
}
