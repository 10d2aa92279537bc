/**
 * `x-ssm_parameter`: SSM parameters (`String`, `StringList`) and who may read or change them.
 *
 *   x-ssm_parameter:
 *     settings:
 *       Properties: {Name: /acme/settings, Type: String}
 *       MacroParameters: {FromFile: config/settings.json, ValidateJson: true, MinimizeJson: true}
 *       Services:
 *         api: {Access: RO}
 *         admin: {Access: RW, ReturnValues: {Arn: SETTINGS_ARN}}
 *     shared:
 *       Lookup: {Name: /shared/feature-flags}      (or {Arn: arn:aws:ssm:<region>:<account>:parameter/...}, or {Tags: …} through composex.lock.json)
 *
 * Every consumer gets the parameter name in `<NAME>`; its levels act on the parameter ARN
 * (`parameter/<name>`; a name starting with `/` gets no second slash). `SecureString` parameters
 * cannot be created by CloudFormation: secrets belong in Compose `secrets` (Secrets Manager).
 */
import type { ParameterModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { checkKeys, readString } from '../readers';
import type { MessagingAnswer } from '../lock';
import { lockedAnswer } from '../lookups';
import { checkProperties, messagingLookupRequest, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { messagingGrants, MessagingSpec } from './messaging';
import { PARAMETER_MACRO_KEYS, PARAMETER_VALUE_LIMITS, readParameterValue } from './parameter-value';

export const SSM_PARAMETER_KEY = 'x-ssm_parameter';
/** `Ref` is the name; `Type` and `Value` are `Fn::GetAtt` attributes; `Arn` is built from the name. */
export const PARAMETER_ATTRIBUTES = ['Name', 'Arn', 'Type'];
export const PARAMETER_ATTRIBUTE_ALIASES = { ParameterName: 'Name', ParameterArn: 'Arn' };
const SETTINGS_KEYS = ['EnvNames'];
/**
 * Parameter names: letters, digits, `.`, `-`, `_` and `/` (a name in a hierarchy starts with `/`),
 * at most 1011 characters, not starting with `aws` or `ssm` (AWS Systems Manager User Guide,
 * "Requirements and constraints for parameter names").
 */
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,1011}$/;
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter(\/[A-Za-z0-9_.\-/]{1,1011})$/;
const TYPES = ['String', 'StringList'];

export interface ParameterResolution {
  readonly parameters: ParameterModel[];
  readonly grants: ResourceGrant[];
}

export function resolveParameters(ctx: ResolveContext, membership: Membership, spec: MessagingSpec): ParameterResolution {
  const entries = readResourceEntries(ctx, SSM_PARAMETER_KEY, PARAMETER_MACRO_KEYS, SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const parameters: ParameterModel[] = [];
  const grants: ResourceGrant[] = [];
  // A parameter's name is its identity in the account and Region: CloudFormation cannot create
  // two AWS::SSM::Parameter resources with one Name (it is their primary identifier). The first
  // keeps it; each later one is created without Name, so CloudFormation generates one, with a
  // warning at its Name (CX3625). Its services find it as before, by the name its variables carry.
  const named = new Map<string, ResourceEntry>();
  for (const entry of entries) {
    const base = { name: entry.name, logicalId: ids.get(entry.name)! };
    if (entry.lookup) {
      const found = readParameterLookup(ctx, entry);
      parameters.push({ ...base, properties: {}, existing: true, ...found });
    } else {
      let parameterName = checkParameterProperties(ctx, entry);
      const { Value: _value, ...properties } = entry.properties;
      const first = parameterName === undefined ? undefined : named.get(parameterName);
      if (first) {
        ctx.warning(
          CODES.PARAMETER_NAME_TAKEN,
          `parameters '${first.name}' and '${entry.name}' are both named '${parameterName}' (${ctx.where([...first.path, 'Properties', 'Name'])}), and Parameter Store keeps one parameter per name: CloudFormation would create the first and fail on this one (SSM ParameterAlreadyExists). '${entry.name}' is created without this Name, under a name CloudFormation generates; its services get that name in their variables and permissions`,
          [...entry.path, 'Properties', 'Name'],
          `give '${entry.name}' a name of its own, or remove its Name`,
        );
        delete properties.Name;
        parameterName = undefined;
      } else if (parameterName !== undefined) {
        named.set(parameterName, entry);
      }
      const value = readParameterValue(ctx, entry);
      parameters.push({ ...base, properties: { Type: 'String', ...properties }, existing: false, ...(parameterName ? { parameterName } : {}), ...(value !== undefined ? { value } : {}) });
    }
    grants.push(...messagingGrants(ctx, entry, membership, spec, 'an SSM parameter', undefined, { mainVariables: readEnvNames(ctx, entry) }));
  }
  return { parameters, grants };
}

/** `Lookup: {Name: /shared/flags}` or `{Arn: arn:aws:ssm:<region>:<account>:parameter/shared/flags}`. */
function readParameterLookup(ctx: ResolveContext, entry: ResourceEntry): { parameterName?: string; existingArn?: string } {
  const path = [...entry.path, 'Lookup'];
  const lookup = entry.lookup!;
  if (Object.keys(entry.properties).length > 0 || Object.keys(entry.macro).length > 0) {
    ctx.error(CODES.INVALID_LOOKUP, `'${entry.name}' has both Lookup and ${Object.keys(entry.properties).length > 0 ? 'Properties' : 'MacroParameters'}`, [...entry.path, Object.keys(entry.properties).length > 0 ? 'Properties' : 'MacroParameters'], 'an existing parameter is used as it is: remove them, or remove Lookup to create a new parameter', 'key');
  }
  if (lookup.Tags !== undefined) {
    // By tags, through composex.lock.json: the parameter `composex lookup` found.
    const request = messagingLookupRequest(ctx, entry.path, lookup, 'parameter', []);
    const answer = request && lockedAnswer<MessagingAnswer>(ctx, request);
    return answer ? { parameterName: answer.name, ...(answer.arn ? { existingArn: answer.arn } : {}) } : {};
  }
  checkKeys(ctx, lookup, path, ['Name', 'Arn', 'Tags']);
  if ((lookup.Name === undefined) === (lookup.Arn === undefined)) {
    ctx.error(CODES.INVALID_LOOKUP, `Lookup of '${entry.name}' must give either Name or Arn`, path, 'composex renders offline: Lookup: {Name: /shared/flags} or {Arn: arn:aws:ssm:eu-west-1:123456789012:parameter/shared/flags}', 'key');
    return {};
  }
  if (lookup.Arn !== undefined) {
    const arn = readString(ctx, lookup.Arn, [...path, 'Arn'], 'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/flags');
    const match = arn !== undefined ? PARAMETER_ARN.exec(arn) : null;
    if (arn !== undefined && !match) {
      ctx.error(CODES.INVALID_LOOKUP, `'${arn}' is not the ARN of an SSM parameter`, [...path, 'Arn'], 'a parameter ARN looks like arn:aws:ssm:eu-west-1:123456789012:parameter/shared/flags');
      return {};
    }
    if (!arn || !match) return {};
    // `parameter/flags` is the parameter `flags`; `parameter/shared/flags` is `/shared/flags`.
    const rest = match[1].slice(1);
    return { existingArn: arn, parameterName: rest.includes('/') ? `/${rest}` : rest };
  }
  const name = readString(ctx, lookup.Name, [...path, 'Name'], '/shared/flags');
  if (name === undefined || !validName(ctx, name, [...path, 'Name'])) return {};
  return { parameterName: name };
}

/** The given `Name` (checked), if any. */
function checkParameterProperties(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::SSM::Parameter');
  if (p.Type === 'SecureString') {
    ctx.error(
      CODES.SECURE_STRING_PARAMETER,
      `parameter '${entry.name}' is a SecureString, which CloudFormation cannot create`,
      [...path, 'Type'],
      'a secret goes in Compose secrets (x-secrets for an existing Secrets Manager secret): services get it as a file or variable, never in a template; use Type: String for a value that is not secret',
    );
  } else if (p.Type !== undefined && !TYPES.includes(String(p.Type))) {
    ctx.error(CODES.INVALID_RESOURCE, `'${String(p.Type)}' is not a parameter type`, [...path, 'Type'], 'String or StringList (String when not given)');
  }
  if (p.Tier !== undefined && PARAMETER_VALUE_LIMITS[String(p.Tier)] === undefined) {
    ctx.error(CODES.INVALID_RESOURCE, `'${String(p.Tier)}' is not a parameter tier`, [...path, 'Tier'], 'Standard (the default), Advanced or Intelligent-Tiering');
  }
  if (p.Name === undefined) return undefined;
  const name = readString(ctx, p.Name, [...path, 'Name'], '/acme/settings');
  return name !== undefined && validName(ctx, name, [...path, 'Name']) ? name : undefined;
}

function validName(ctx: ResolveContext, name: string, at: (string | number)[]): boolean {
  const bare = name.replace(/^\//, '').toLowerCase();
  const problem = !PARAMETER_NAME.test(name)
    ? 'letters, digits, ., -, _ and /, at most 1011 characters'
    : name.includes('/') && !name.startsWith('/')
      ? `a name in a hierarchy starts with /: /${name}`
      : bare.startsWith('aws') || bare.startsWith('ssm')
        ? 'names starting with aws or ssm are reserved'
        : name.split('/').length - 1 > 15
          ? 'a hierarchy has at most 15 levels'
          : undefined;
  if (problem) ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not a valid parameter name`, at, problem);
  return problem === undefined;
}
