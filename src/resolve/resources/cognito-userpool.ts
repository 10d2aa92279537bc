/**
 * `x-cognito_userpool`: Amazon Cognito user pools and who may manage their users.
 *
 *   x-cognito_userpool:
 *     users:
 *       Properties: {UserPoolName: acme-users, UsernameAttributes: [email], AutoVerifiedAttributes: [email]}
 *       Services:
 *         admin: {Access: RW, ReturnValues: {Arn: USERS_ARN}}
 *
 * Every consumer gets the pool id in `<NAME>` (ECS ComposeX's `UserPoolId`, the pool's `Ref`).
 * A pool is created with deletion protection and `Retain` (src/aws/resources/user-pools.ts): it
 * holds the users. x-elbv2 authenticates users against it with
 * `AuthenticateCognitoConfig.UserPoolArn: x-cognito_userpool::<name>` (src/resolve/elbv2-cognito.ts).
 *
 * What Cognito refuses when the pool is created is an error where it is written (CX3840). ECS
 * ComposeX itself only looks pools up (by Tags, with AWS calls at render): composex renders
 * offline and refuses `Lookup` (CX3841) — an existing pool is named by its ARN in x-elbv2.
 */
import type { ResourceGrant, UserPoolModel } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { isPlainObject, readString } from '../readers';
import { isDomainPrefix, poolUsesByLoadBalancers } from '../elbv2-cognito';
import { checkProperties, readEnvNames, readResourceEntries, ResourceEntry } from './common';
import { messagingGrants, MessagingSpec } from './messaging';
import type { ResourceKindSpec } from './spec';

export const COGNITO_USERPOOL_KEY = 'x-cognito_userpool';
/**
 * AWS::Cognito::UserPool: `Ref` is the pool id; `Arn`, `ProviderName` and `ProviderURL` are
 * `Fn::GetAtt` attributes (`UserPoolId` is one too). ECS ComposeX's parameter names
 * (cognito_params.py) are the aliases.
 */
export const USER_POOL_ATTRIBUTES = ['UserPoolId', 'Arn', 'ProviderName', 'ProviderURL'];
export const USER_POOL_ATTRIBUTE_ALIASES = { UserPoolArn: 'Arn', UserPoolProviderName: 'ProviderName', UserPoolProviderUrl: 'ProviderURL' };
const SETTINGS_KEYS = ['EnvNames'];

/** CreateUserPool: "AliasAttributes … phone_number | email | preferred_username"; "UsernameAttributes … phone_number | email". */
const ALIAS_ATTRIBUTES = ['phone_number', 'email', 'preferred_username'];
const USERNAME_ATTRIBUTES = ['phone_number', 'email'];
/** SchemaAttributeType: AttributeDataType String | Number | DateTime | Boolean; Name 1–20 characters. */
const DATA_TYPES = ['String', 'Number', 'DateTime', 'Boolean'];
const SCHEMA_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;
/** "You can add up to 50 custom attributes to your user pool" (Cognito Developer Guide, user pool attributes). */
const MAX_CUSTOM_ATTRIBUTES = 50;
/** The standard attributes of OpenID Connect a user pool has (Cognito Developer Guide, "Standard attributes"). */
const STANDARD_ATTRIBUTES = [
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'sub', 'updated_at', 'website', 'zoneinfo',
];
/** UserPoolName: 1–128 characters of `[\w\s+=,.@-]`. */
const USER_POOL_NAME = /^[\w\s+=,.@-]{1,128}$/;

export interface UserPoolResolution {
  readonly userPools: UserPoolModel[];
  readonly grants: ResourceGrant[];
}

export function resolveUserPools(ctx: ResolveContext, membership: Membership, spec: ResourceKindSpec<'userPool'>): UserPoolResolution {
  const entries = readResourceEntries(ctx, COGNITO_USERPOOL_KEY, [], SETTINGS_KEYS);
  const ids = logicalIds(entries.map((e) => e.name));
  const userPools: UserPoolModel[] = [];
  const grants: ResourceGrant[] = [];
  const uses = poolUsesByLoadBalancers(ctx);
  for (const entry of entries) {
    if (entry.lookup) {
      refuseLookup(ctx, entry);
      continue;
    }
    if (!checkUserPoolProperties(ctx, entry)) continue;
    const protection = entry.properties.DeletionProtection === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE';
    const use = uses.get(entry.name);
    // A malformed prefix is reported where it is written (readCognito): no domain is created.
    const domain = use?.domain && isDomainPrefix(use.domain.value) ? use.domain.value : undefined;
    userPools.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      // Usernames are case-insensitive unless the file says otherwise: the setting cannot change
      // once the pool exists, and the Cognito Developer Guide recommends it ("we recommend that you
      // don't make user names case sensitive").
      properties: { UsernameConfiguration: { CaseSensitive: false }, ...entry.properties, DeletionProtection: protection },
      deletionProtection: protection,
      loadBalancers: use?.loadBalancers ?? [],
      ...(domain !== undefined ? { domain } : {}),
    });
    // The level grants are those of a kind whose Access is one level name (messaging.ts).
    grants.push(...messagingGrants(ctx, entry, membership, spec as unknown as MessagingSpec, 'a Cognito user pool', undefined, { mainVariables: readEnvNames(ctx, entry) }));
  }
  return { userPools, grants };
}

/**
 * ECS ComposeX finds the pool by its Tags with AWS calls at every render, and reads its id, ARN
 * and domain; composex renders offline.
 */
function refuseLookup(ctx: ResolveContext, entry: ResourceEntry): void {
  ctx.error(
    CODES.USER_POOL_LOOKUP_UNSUPPORTED,
    `'${entry.name}' looks up an existing user pool, which composex does not do: it renders without calling AWS`,
    [...entry.path, 'Lookup'],
    `name the existing pool by its ARN where it is used (x-elbv2 AuthenticateCognitoConfig: {UserPoolArn: arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>, UserPoolClientId: <client id>, UserPoolDomain: <domain prefix>}; CreateCognitoClient: {UserPoolId: <region>_<id>} creates the client in it) and remove x-cognito_userpool '${entry.name}', or replace Lookup with Properties to create a pool`,
    'key',
  );
}

/** Every create-time refusal of Cognito, located; `false` when there is one. */
function checkUserPoolProperties(ctx: ResolveContext, entry: ResourceEntry): boolean {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  checkProperties(ctx, p, path, 'AWS::Cognito::UserPool');
  let ok = true;
  const bad = (at: (string | number)[], message: string, hint: string, where: 'key' | 'value' = 'value'): void => {
    ctx.error(CODES.USER_POOL_INVALID, message, at, hint, where);
    ok = false;
  };
  if (p.UserPoolName !== undefined) {
    const name = readString(ctx, p.UserPoolName, [...path, 'UserPoolName'], 'acme-users');
    if (name !== undefined && !USER_POOL_NAME.test(name)) bad([...path, 'UserPoolName'], `'${name}' is not a user pool name Cognito accepts`, 'letters, digits, spaces and + = , . @ - _, at most 128 characters');
  }
  if (p.DeletionProtection !== undefined && p.DeletionProtection !== 'ACTIVE' && p.DeletionProtection !== 'INACTIVE') {
    bad([...path, 'DeletionProtection'], `DeletionProtection ${JSON.stringify(p.DeletionProtection)} is not ACTIVE or INACTIVE`, 'leave it out: composex sets ACTIVE (the pool holds the users)');
  }
  const alias = readAttributeList(ctx, p.AliasAttributes, [...path, 'AliasAttributes'], ALIAS_ATTRIBUTES, bad);
  const username = readAttributeList(ctx, p.UsernameAttributes, [...path, 'UsernameAttributes'], USERNAME_ATTRIBUTES, bad);
  if (alias && username) {
    // CreateUserPool refuses both: "you can't use both AliasAttributes and UsernameAttributes".
    bad(
      [...path, 'UsernameAttributes'],
      'a user pool signs users in either with aliases (AliasAttributes) or with an email / phone number as the username (UsernameAttributes), not both: Cognito refuses the pool',
      'keep one of them; both are fixed once the pool exists (a change replaces the pool, without its users)',
      'key',
    );
  }
  if (p.Schema !== undefined) checkSchema(ctx, p.Schema, [...path, 'Schema'], bad);
  // AWS::Cognito::UserPool takes its tags as a mapping (UserPoolTags: Json), not as Key / Value pairs.
  if (p.UserPoolTags !== undefined && !isPlainObject(p.UserPoolTags)) {
    bad([...path, 'UserPoolTags'], 'UserPoolTags must be a mapping of tag names to values', 'write e.g. UserPoolTags: {team: identity} (a mapping, not a list of Key / Value pairs)');
  }
  return ok;
}

type Bad = (at: (string | number)[], message: string, hint: string, where?: 'key' | 'value') => void;

function readAttributeList(ctx: ResolveContext, value: unknown, at: (string | number)[], allowed: readonly string[], bad: Bad): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value)) {
    bad(at, `${String(at[at.length - 1])} must be a list`, `write e.g. [${allowed[1]}]`);
    return false;
  }
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !allowed.includes(v)) bad([...at, i], `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`, `write one of ${allowed.join(', ')}`);
  });
  return value.length > 0;
}

/**
 * Schema attributes (SchemaAttributeType): a custom attribute cannot be required ("Required
 * custom attributes are not supported", CreateUserPool), its name is 1–20 characters, its type
 * one of four, and a pool has at most 50. Attributes cannot be removed or changed once the pool
 * exists, so each mistake is caught here.
 */
function checkSchema(ctx: ResolveContext, schema: unknown, at: (string | number)[], bad: Bad): void {
  if (!Array.isArray(schema)) {
    bad(at, 'Schema must be a list of attributes', 'write e.g. Schema: [{Name: tenant, AttributeDataType: String, Mutable: true}]');
    return;
  }
  let custom = 0;
  schema.forEach((raw, i) => {
    const here = [...at, i];
    if (!isPlainObject(raw)) {
      bad(here, 'a Schema attribute must be a mapping', 'write {Name: <name>, AttributeDataType: String}');
      return;
    }
    const name = raw.Name;
    if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
      bad(name === undefined ? here : [...here, 'Name'], name === undefined ? 'a Schema attribute has no Name' : `Schema attribute name ${JSON.stringify(name)} is not 1 to 20 characters`, 'name the attribute in at most 20 characters (a custom attribute is read as custom:<name>)', name === undefined ? 'key' : 'value');
      return;
    }
    const standard = STANDARD_ATTRIBUTES.includes(name);
    if (!standard) custom++;
    if (raw.AttributeDataType !== undefined && (typeof raw.AttributeDataType !== 'string' || !DATA_TYPES.includes(raw.AttributeDataType))) {
      bad([...here, 'AttributeDataType'], `AttributeDataType ${JSON.stringify(raw.AttributeDataType)} is not one of ${DATA_TYPES.join(', ')}`, `write one of ${DATA_TYPES.join(', ')}`);
    }
    if (!standard && (raw.Required === true || raw.Required === 'true')) {
      bad([...here, 'Required'], `custom attribute '${name}' is required: Cognito refuses required custom attributes`, 'remove Required (only standard attributes such as email can be required); check the value in the application instead');
    }
  });
  if (custom > MAX_CUSTOM_ATTRIBUTES) bad(at, `Schema declares ${custom} custom attributes; a user pool has at most ${MAX_CUSTOM_ATTRIBUTES}`, `keep ${MAX_CUSTOM_ATTRIBUTES} or fewer`, 'key');
}
