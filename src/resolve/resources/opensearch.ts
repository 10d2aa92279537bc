/**
 * `x-opensearch`: Amazon OpenSearch Service domains, and who may query them (ECS ComposeX's syntax).
 *
 *   x-opensearch:
 *     search:
 *       Properties:
 *         EngineVersion: OpenSearch_2.19
 *         ClusterConfig: {InstanceType: r7g.large.search, InstanceCount: 2, ZoneAwarenessEnabled: true}
 *       MacroParameters: {GenerateMasterUserSecret: true, CreateLogGroups: true, CreateLogGroupsResourcePolicy: true}
 *       Services:
 *         api: {Access: {Http: RW, DBCluster: RO}}
 *
 * Every domain is placed in the project's storage (else private) subnets behind its own security
 * group, which admits only the families listed, on 443; encryption at rest, node-to-node encryption
 * and HTTPS (TLS 1.2 or later) are always on. A consumer's task role gets the `es:` actions of its
 * level on the domain ARN (`DBCluster`) or `<arn>/*` (`Http`); its containers get `<NAME>` (the
 * domain name), `<NAME>_Arn` and `<NAME>_DomainEndpoint`, as ECS ComposeX names them.
 */
import type { Path } from '../../compose/source-map';
import type { GrantPermission, GrantVariable, IngressRule, OpenSearchModel, ResourceGrant } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { logicalIds } from '../names';
import { isPlainObject, readString, XObject } from '../readers';
import { levelScopes } from './access';
import { checkProperties, isObject, networkConsumers, readAccessLevel, readConsumers, readEnvNames, readResourceEntries, readReturnValues, refuseExistingResource, ResourceEntry, resourceVariable } from './common';
import { checkEncryption, checkEngineVersion, checkInstanceTypes, hasFineGrainedAccess, readLogGroups, readMasterUser, readStorage, readZoneCount, refuseEncryptionOnUnencryptedTypes } from './opensearch-settings';
import { refuseKeyReference } from './kms';
import type { ResourceKindSpec } from './spec';

export const OPENSEARCH_KEY = 'x-opensearch';
/** HTTPS: the only port of a domain's endpoint in a VPC. */
export const OPENSEARCH_PORT = 443;
const MACRO_KEYS = ['CreateLogGroupsResourcePolicy', 'CreateLogGroups', 'RetentionInDays', 'GenerateMasterUserSecret', 'CreateMasterUserRole', 'MasterUserRolePermissionsBoundary'];
const SETTINGS_KEYS = ['Subnets', 'EnvNames'];
/** `AWS::OpenSearchService::Domain` return values (`Ref` is the domain name). */
export const DOMAIN_ATTRIBUTES = ['DomainName', 'Arn', 'DomainArn', 'DomainEndpoint', 'Id'];
export const DOMAIN_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = { DomainId: 'DomainName' };
/** The variables every consumer gets beside `<NAME>`: ECS ComposeX's `<name>_<return value>`. */
const DEFAULT_SUFFIXED = ['Arn', 'DomainEndpoint'];
/** A domain name: 3 to 28 characters, a lowercase letter first, then lowercase letters, digits and hyphens. */
const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;

/** Properties ECS ComposeX also replaced (opensearch_template.py, `add_new_security_group`), with why. */
const REPLACED: Readonly<Record<string, string>> = {
  VPCOptions: "the project's storage (else private) subnets and the domain's own security group, which admits only the services listed",
};

export interface OpenSearchResolution {
  readonly domains: OpenSearchModel[];
  readonly grants: ResourceGrant[];
  readonly ingress: IngressRule[];
}

type DomainSettings = Omit<OpenSearchModel, 'logicalId' | 'consumers'>;
type Levels = ResourceKindSpec<'opensearch'>['access'];

export function resolveOpenSearchDomains(ctx: ResolveContext, membership: Membership, levels: Levels): OpenSearchResolution {
  const entries = readResourceEntries(ctx, OPENSEARCH_KEY, MACRO_KEYS, SETTINGS_KEYS, ['Use']);
  const ids = logicalIds(entries.map((e) => e.name));
  const domains: OpenSearchModel[] = [];
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  const names = new Map<string, Path>();
  for (const entry of entries) {
    if (refuseExisting(ctx, entry)) continue;
    const keepName = checkDomainName(ctx, entry, names);
    const consumers = domainGrants(ctx, entry, membership, levels);
    const settings = readDomain(ctx, entry, consumers.length > 0, keepName);
    if (!settings) continue;
    const network = networkConsumers('opensearch', OPENSEARCH_KEY, entry.name, consumers, OPENSEARCH_PORT);
    domains.push({ ...settings, logicalId: ids.get(entry.name)!, consumers: network.families });
    grants.push(...consumers);
    ingress.push(...network.ingress);
  }
  return { domains, grants, ingress };
}

/**
 * `Lookup` / `Use`: ECS ComposeX found the domain with AWS calls at every render; composex renders
 * offline and has no OpenSearch client, so an existing domain is refused with what to write instead.
 */
function refuseExisting(ctx: ResolveContext, entry: ResourceEntry): boolean {
  return refuseExistingResource(
    ctx,
    entry,
    CODES.OPENSEARCH_LOOKUP_UNSUPPORTED,
    'OpenSearch domain',
    "grant the services the domain's ARN with x-iam (services.<name>.x-iam.Policies: es:ESHttpGet… on arn:aws:es:<region>:<account>:domain/<name>/*), give them its endpoint in environment, and admit their security groups on the domain's own group outside composex; or remove Lookup to have composex create a domain",
  );
}

/**
 * `DomainName`: AWS's pattern, and one domain per name in an account and region. Returns whether
 * the domain keeps its `DomainName`: a name taken by an earlier domain is left out (CX3941).
 */
function checkDomainName(ctx: ResolveContext, entry: ResourceEntry, seen: Map<string, Path>): boolean {
  const value = entry.properties.DomainName;
  if (value === undefined) return true;
  const at = [...entry.path, 'Properties', 'DomainName'];
  const name = readString(ctx, value, at, 'a domain name such as search');
  if (name === undefined) return true;
  if (!DOMAIN_NAME.test(name)) {
    ctx.error(CODES.INVALID_RESOURCE, `'${name}' is not an OpenSearch domain name`, at, '3 to 28 characters: a lowercase letter, then lowercase letters, digits and hyphens; or remove DomainName (CloudFormation names the domain)');
    return true;
  }
  const earlier = seen.get(name);
  if (earlier) {
    ctx.warning(
      CODES.OPENSEARCH_NAME_TAKEN,
      `two domains are named '${name}' (the other at ${ctx.where(earlier)}), and an account holds one domain of a name in a region: CloudFormation would create the first and fail on this one. '${entry.name}' is created without this DomainName, under a name CloudFormation generates; its services get that name in their variables`,
      at,
      `give '${entry.name}' a name of its own, or remove its DomainName`,
    );
    return false;
  }
  seen.set(name, at);
  return true;
}

function readDomain(ctx: ResolveContext, entry: ResourceEntry, hasConsumers: boolean, keepName: boolean): DomainSettings | undefined {
  const propsPath = [...entry.path, 'Properties'];
  const p: XObject = {};
  for (const [key, value] of Object.entries(entry.properties)) {
    if (key === 'DomainName' && !keepName) continue;
    if (Object.prototype.hasOwnProperty.call(REPLACED, key)) {
      ctx.warning(CODES.OPENSEARCH_PROPERTY_REPLACED, `x-opensearch '${entry.name}': ${key} is replaced by ${REPLACED[key]}`, [...propsPath, key], `remove ${key}; to reach the domain from a service, list it under Services`, 'key');
    } else {
      p[key] = value;
    }
  }
  checkProperties(ctx, p, propsPath, 'AWS::OpenSearchService::Domain');
  const versionOk = checkEngineVersion(ctx, p.EngineVersion, [...propsPath, 'EngineVersion']);
  const clusterAt = [...propsPath, 'ClusterConfig'];
  const cluster = isPlainObject(p.ClusterConfig) ? p.ClusterConfig : undefined;
  const types = checkInstanceTypes(ctx, cluster, clusterAt);
  const storage = types.ok ? readStorage(ctx, p.EBSOptions, [...propsPath, 'EBSOptions'], types, cluster?.InstanceType) : false;
  const zoneCount = readZoneCount(ctx, cluster, clusterAt);
  const encryptionAt = [...propsPath, 'EncryptionAtRestOptions', 'KmsKeyId'];
  const encryptionOk = checkEncryption(ctx, entry.name, p, propsPath) && !refuseKeyReference(ctx, isPlainObject(p.EncryptionAtRestOptions) ? p.EncryptionAtRestOptions.KmsKeyId : undefined, encryptionAt);
  const policyOk = checkAccessPolicies(ctx, entry, p.AccessPolicies, [...propsPath, 'AccessPolicies'], hasConsumers);
  const master = readMasterUser(ctx, entry);
  const fineGrained = hasFineGrainedAccess(p, master.masterUser);
  const typesEncryptionOk = !types.unencrypted || refuseEncryptionOnUnencryptedTypes(ctx, entry.name, p, propsPath, fineGrained ? fineGrainedPath(entry) : undefined);
  const logs = readLogGroups(ctx, entry, fineGrained);
  reportSubnetsSetting(ctx, entry);
  if (!versionOk || !types.ok || storage === false || zoneCount === undefined || !encryptionOk || !typesEncryptionOk || !policyOk || !master.ok || !logs) return undefined;
  const { EBSOptions: _e, ...rest } = p;
  if (types.clusterConfig) rest.ClusterConfig = types.clusterConfig;
  const propertyPaths: Record<string, Path> = {};
  if (p.EBSOptions !== undefined) propertyPaths.EBSOptions = [...propsPath, 'EBSOptions'];
  return {
    name: entry.name,
    properties: { ...rest, ...(storage ? { EBSOptions: storage } : {}) },
    propertyPaths,
    zoneCount,
    ...(types.unencrypted ? { unencrypted: true as const } : {}),
    ...logs,
    ...(master.masterUser ? { masterUser: master.masterUser } : {}),
  };
}

/** Where fine-grained access control is asked for: the MacroParameters master user, else `AdvancedSecurityOptions`. */
function fineGrainedPath(entry: ResourceEntry): Path {
  for (const key of ['GenerateMasterUserSecret', 'CreateMasterUserRole']) {
    const v = entry.macro[key];
    if (v === true || v === 'true') return [...entry.path, 'MacroParameters', key];
  }
  return [...entry.path, 'Properties', 'AdvancedSecurityOptions'];
}

/** Whether a statement's `Principal` is everyone (`*`, `{AWS: '*'}`, or a list holding `*`). */
function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isPlainObject(principal)) return false;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/**
 * `AccessPolicies`, the domain's resource policy, kept as written, but one that allows everyone is
 * refused (the domain would answer any signed or unsigned request from inside the VPC), and one that
 * denies everyone while services are listed is a warning: an explicit deny wins over their roles.
 */
function checkAccessPolicies(ctx: ResolveContext, entry: ResourceEntry, value: unknown, at: Path, hasConsumers: boolean): boolean {
  if (value === undefined) return true;
  const statements = isPlainObject(value) ? value.Statement : undefined;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  let ok = true;
  list.forEach((s, i) => {
    if (!isObject(s)) return;
    const where = [...at, 'Statement', ...(Array.isArray(statements) ? [i] : []), 'Principal'];
    if (!isEveryone(s.Principal)) return;
    if (s.Effect === 'Allow' && s.Condition === undefined) {
      ctx.error(
        CODES.OPENSEARCH_ACCESS_POLICY,
        `the access policy of '${entry.name}' allows everyone: any client that reaches the domain could read and change its data`,
        where,
        'name the principals (role or account ARNs), or remove AccessPolicies: the services listed under Services get access through their task roles',
      );
      ok = false;
    } else if (s.Effect === 'Deny' && hasConsumers) {
      ctx.warning(
        CODES.OPENSEARCH_ACCESS_POLICY,
        `the access policy of '${entry.name}' denies everyone, the services listed under Services too: an explicit deny wins over the permissions of their task roles`,
        where,
        'remove the statement, or narrow it (a Condition, or NotPrincipal for the task roles) so the services listed can reach the domain',
      );
    }
  });
  return ok;
}

/**
 * `Settings.Subnets` (ECS ComposeX: a subnet group of x-vpc for the domain): composex places data
 * stores in the storage (else private) subnets. `StorageSubnets` names that group and is accepted.
 */
function reportSubnetsSetting(ctx: ResolveContext, entry: ResourceEntry): void {
  const value = entry.settings.Subnets;
  if (value === undefined || value === 'StorageSubnets') return;
  ctx.warning(
    CODES.OPENSEARCH_SUBNETS_NOT_APPLIED,
    `OpenSearch domain '${entry.name}' is placed in the project's storage subnets (x-vpc StorageSubnets, else the private subnets), not in ${typeof value === 'string' ? `'${value}'` : 'the subnets named'}: composex places data stores together`,
    [...entry.path, 'Settings', 'Subnets'],
    'remove Settings.Subnets; give x-vpc StorageSubnets to choose where data stores go',
    'key',
  );
}

function domainGrants(ctx: ResolveContext, entry: ResourceEntry, membership: Membership, levels: Levels): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const mainNames = readEnvNames(ctx, entry) ?? [resourceVariable(entry.name)];
  const defaults: GrantVariable[] = mainNames.flatMap((name) => [{ name, attribute: 'DomainName' }, ...DEFAULT_SUFFIXED.map((a) => ({ name: `${name}_${a}`, attribute: a }))]);
  for (const consumer of readConsumers(ctx, entry, membership, ['Access', 'ReturnValues'])) {
    const at = consumer.path;
    const written = consumer.entry.Access;
    if (written === undefined) {
      ctx.warning(
        CODES.NO_ACCESS_VARIABLES_ONLY,
        `Services entry '${consumer.target}' of opensearch '${entry.name}' gives no Access: it reaches the domain on 443 and gets its variables, and no permission on it (as in ECS ComposeX)`,
        at,
        `add Access: {Http: RO} (or RW) if '${consumer.target}' queries the domain`,
        'key',
      );
    }
    const access = written === undefined ? { label: 'no Access (network and variables only)', permissions: [] } : readAccess(ctx, written, [...at, 'Access'], levels, consumer.target, entry.name);
    const returnValues = readReturnValues(ctx, consumer.entry.ReturnValues, [...at, 'ReturnValues'], DOMAIN_ATTRIBUTES, DOMAIN_ATTRIBUTE_ALIASES);
    if (!access) continue;
    for (const family of consumer.families) {
      grants.push({
        kind: 'opensearch',
        resource: entry.name,
        family,
        services: consumer.services,
        access: access.label,
        permissions: access.permissions,
        environment: [...defaults, ...returnValues],
        secrets: [],
        port: OPENSEARCH_PORT,
      });
    }
  }
  return grants;
}

/** `Access: {Http: RW, DBCluster: RO}`: each key's level, its actions where the level says. */
function readAccess(ctx: ResolveContext, value: unknown, path: Path, levels: Levels, target: string, domain: string): { label: string; permissions: GrantPermission[] } | undefined {
  if (!isObject(value)) {
    ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `Access to an OpenSearch domain is a mapping of Http and DBCluster levels`, path, `write Access: {Http: ${typeof value === 'string' ? value : 'RO'}} (queries), and DBCluster: RO to describe the domain`);
    return undefined;
  }
  const permissions: GrantPermission[] = [];
  const labels: string[] = [];
  for (const key of Object.keys(value).sort(compareStrings)) {
    const table = Object.prototype.hasOwnProperty.call(levels.keyed ?? {}, key) ? levels.keyed![key] : undefined;
    if (!table) {
      ctx.error(CODES.UNKNOWN_ACCESS_LEVEL, `'${key}' is not an OpenSearch access key`, [...path, key], `one of ${Object.keys(levels.keyed ?? {}).join(', ')} (Access: {Http: RW, DBCluster: RO})`, 'key');
      return undefined;
    }
    const level = readAccessLevel(ctx, table, value[key], [...path, key], key);
    if (!level) return undefined;
    for (const [suffix, actions] of levelScopes(level.value)) permissions.push({ scope: { on: 'resource', ...(suffix ? { suffix } : {}) }, actions });
    labels.push(`${key}: ${level.level}`);
    if (key === 'Http' && level.level === 'RO') {
      ctx.warning(
        CODES.READ_ONLY_NOT_ENFORCED,
        `'${target}' may send POST requests to '${domain}' (searches are POSTs), and POST also indexes documents: Http RO is not enforced by IAM alone`,
        [...path, key],
        'to keep it read-only, turn on fine-grained access control (MacroParameters GenerateMasterUserSecret or CreateMasterUserRole) and map its task role to a read-only role in OpenSearch, or write RW',
      );
    }
  }
  return { label: labels.join(', '), permissions };
}
