/**
 * `x-wafv2_webacl`: AWS WAF web ACLs that protect the project's x-elbv2 application load balancers
 * (ECS ComposeX's syntax: the web ACL names the load balancers, there is no key on x-elbv2).
 *
 *   x-wafv2_webacl:
 *     shield:
 *       LoadBalancers: [public]               x-elbv2 names: an AWS::WAFv2::WebACLAssociation each
 *       Properties:                           AWS::WAFv2::WebACL, Scope REGIONAL
 *         Scope: REGIONAL
 *         DefaultAction: {Allow: {}}
 *         VisibilityConfig: {MetricName: shield, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}
 *         Rules: [...]
 *     existing:
 *       Lookup: {Arn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/<name>/<id>}
 *       (or Identifier: <name>|<id>|REGIONAL)
 *       LoadBalancers: [internal]
 *
 * Meaning, as ECS ComposeX gives it: a web ACL is an "environment" resource, which no service uses
 * (its `Services` are not read); a network load balancer in `LoadBalancers` is skipped with a
 * warning (WAF protects application load balancers only). composex adds located errors for what
 * AWS refuses: a load balancer named by two web ACLs (a resource has one web ACL), a CloudFront
 * web ACL on a load balancer, a web ACL without its required properties.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { DEFAULT_LB_TYPE } from '../elbv2-attributes';
import type { WebAclModel } from '../model';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readString, readStringList } from '../readers';
import { readResourceEntries, ResourceEntry } from './common';
import { checkWebAclProperties, isScope } from './wafv2-webacl-properties';

export const WAFV2_WEBACL_KEY = 'x-wafv2_webacl';
/**
 * The ARN of a web ACL: `arn:<partition>:wafv2:<region>:<account>:<scope>/webacl/<name>/<id>`,
 * scope `regional` or `global` (CloudFront) (Service Authorization Reference, "Actions, resources,
 * and condition keys for AWS WAF V2", resource type webacl); the name as CloudFormation's
 * `EntityName` (`^[0-9A-Za-z_-]{1,128}$`), the id a UUID.
 */
export const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:(regional|global)\/webacl\/([0-9A-Za-z_-]{1,128})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** `Identifier`: the web ACL's `Ref` (`name|id|scope`); ECS ComposeX writes the scope REGIONAL or GLOBAL. */
const IDENTIFIER = /^([0-9A-Za-z_-]{1,128})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\|([A-Za-z]+)$/;
const EXAMPLE_ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-acl/a1b2c3d4-5678-90ab-cdef-0123456789ab';
/** ECS ComposeX's Lookup keys: `Arn` or `Identifier`; `RoleArn` and `Region` serve its AWS calls. */
const LOOKUP_KEYS = ['Arn', 'Identifier', 'RoleArn', 'Region', 'Tags'];

export interface WebAclResolution {
  readonly webAcls: WebAclModel[];
}

export function resolveWebAcls(ctx: ResolveContext): WebAclResolution {
  const entries = readResourceEntries(ctx, WAFV2_WEBACL_KEY, [], [], ['LoadBalancers']);
  const ids = logicalIds(entries.map((e) => e.name));
  const loadBalancers = declaredLoadBalancers(ctx);
  const protectedBy = new Map<string, string>();
  const webAcls: WebAclModel[] = [];
  // `LoadBalancers` beside the ECS ComposeX parts (readResourceEntries has checked each entry is a mapping).
  const definitions = ctx.project.extensions[WAFV2_WEBACL_KEY] as Record<string, Record<string, unknown> | null>;
  for (const entry of entries) {
    const named = readLoadBalancerNames(ctx, entry, definitions[entry.name]?.LoadBalancers);
    if (entry.services !== undefined) {
      ctx.warning(
        CODES.WEB_ACL_SERVICES_IGNORED,
        `Services of web ACL '${entry.name}' is not read: a web ACL filters the requests that reach its load balancers, no service calls it (ECS ComposeX does not read it either)`,
        [...entry.path, 'Services'],
        'remove Services; name the load balancers to protect under LoadBalancers',
        'key',
      );
    }
    const lookup = entry.lookup ? readLookup(ctx, entry) : undefined;
    if (entry.lookup && !lookup) continue;
    const existing = lookup?.existing;
    const scope = lookup ? lookup.scope : createdScope(ctx, entry);
    if (scope === undefined) continue;
    const albs = protectedLoadBalancers(ctx, entry.name, scope, named, loadBalancers, protectedBy);
    if (named.length === 0) {
      ctx.warning(
        CODES.WEB_ACL_PROTECTS_NOTHING,
        existing
          ? `web ACL '${entry.name}' names no load balancer: composex neither creates nor associates anything for it`
          : `web ACL '${entry.name}' names no load balancer: it is created, but protects nothing until something is associated with it`,
        entry.path,
        `list the x-elbv2 application load balancers it protects: LoadBalancers: [<name>]${existing ? ', or remove it' : ''}`,
        'key',
      );
    }
    webAcls.push({
      name: entry.name,
      logicalId: ids.get(entry.name)!,
      properties: existing ? {} : entry.properties,
      ...(existing ? { existing } : {}),
      loadBalancers: albs,
    });
  }
  return { webAcls };
}

/**
 * The application load balancers of `named` the web ACL protects, each checked where it is
 * written: unknown (CX3904), network (CX3905, skipped), a CloudFront web ACL (CX3903), already
 * protected by a web ACL (CX3906: `protectedBy`, load balancer → web ACL, is updated).
 */
function protectedLoadBalancers(
  ctx: ResolveContext,
  acl: string,
  scope: string,
  named: readonly { name: string; path: Path }[],
  loadBalancers: ReadonlyMap<string, unknown>,
  protectedBy: Map<string, string>,
): string[] {
  const albs: string[] = [];
  for (const { name, path } of named) {
    const type = loadBalancers.get(name);
    if (type === undefined) {
      ctx.error(
        CODES.WEB_ACL_LOAD_BALANCER_UNKNOWN,
        `web ACL '${acl}' names load balancer '${name}', which x-elbv2 does not declare`,
        path,
        loadBalancers.size > 0
          ? suggestion(name, [...loadBalancers.keys()], 'load balancer')
          : 'LoadBalancers names x-elbv2 load balancers: declare it under x-elbv2 (the load balancer composex makes for published ports cannot be named)',
      );
    } else if (type === 'network') {
      ctx.warning(
        CODES.WEB_ACL_NETWORK_LOAD_BALANCER,
        `'${name}' is a network load balancer: AWS WAF protects application load balancers only, so web ACL '${acl}' is not associated with it (as ECS ComposeX skips it)`,
        path,
        `remove '${name}' from LoadBalancers, or make it Type: application if it serves HTTP`,
      );
    } else if (scope !== 'REGIONAL') {
      ctx.error(
        CODES.WEB_ACL_SCOPE_NOT_REGIONAL,
        `web ACL '${acl}' is a CloudFront (global) web ACL: it cannot protect load balancer '${name}'`,
        path,
        'a load balancer takes a regional web ACL of its own Region: write Scope: REGIONAL (a new web ACL), or name a regional one in Lookup',
      );
    } else if (protectedBy.has(name)) {
      const first = protectedBy.get(name)!;
      ctx.error(
        CODES.WEB_ACL_LOAD_BALANCER_TWICE,
        first === acl
          ? `web ACL '${acl}' names load balancer '${name}' twice`
          : `load balancer '${name}' is protected by web ACL '${first}' already: AWS associates each load balancer with one web ACL only`,
        path,
        first === acl ? 'name it once' : `keep '${name}' in the LoadBalancers of one web ACL (merge their rules into it)`,
      );
    } else {
      protectedBy.set(name, acl);
      albs.push(name);
    }
  }
  return albs.sort();
}

/** The x-elbv2 load balancers by name, with their `Type` as written (ECS ComposeX's default: application). */
function declaredLoadBalancers(ctx: ResolveContext): Map<string, unknown> {
  const raw = ctx.project.extensions['x-elbv2'];
  if (!isPlainObject(raw)) return new Map();
  return new Map(
    Object.entries(raw).map(([name, def]) => {
      const properties = isPlainObject(def) && isPlainObject(def.Properties) ? def.Properties : {};
      return [name, properties.Type ?? DEFAULT_LB_TYPE];
    }),
  );
}

function readLoadBalancerNames(ctx: ResolveContext, entry: ResourceEntry, value: unknown): { name: string; path: Path }[] {
  if (value === undefined || value === null) return [];
  const path = [...entry.path, 'LoadBalancers'];
  const names = readStringList(ctx, value, path) ?? [];
  return names.map((name, i) => ({ name, path: typeof value === 'string' ? path : [...path, i] }));
}

/**
 * `Lookup`: the web ACL's ARN as written (no AWS call: composex renders offline), or `Identifier`
 * (`name|id|REGIONAL`), which gives the ARN of a web ACL in the deploying account and Region.
 */
function readLookup(ctx: ResolveContext, entry: ResourceEntry): { existing: NonNullable<WebAclModel['existing']>; scope: 'REGIONAL' | 'CLOUDFRONT' } | undefined {
  const path = [...entry.path, 'Lookup'];
  const lookup = entry.lookup!;
  checkKeys(ctx, lookup, path, LOOKUP_KEYS);
  if (Object.keys(entry.properties).length > 0) {
    ctx.error(CODES.WEB_ACL_LOOKUP_INVALID, `web ACL '${entry.name}' has both Lookup and Properties`, [...entry.path, 'Properties'], 'an existing web ACL is used as it is: remove Properties, or remove Lookup to create a web ACL', 'key');
    return undefined;
  }
  for (const key of ['RoleArn', 'Region'].filter((k) => lookup[k] !== undefined)) {
    ctx.warning(
      CODES.WEB_ACL_LOOKUP_KEY_IGNORED,
      `Lookup.${key} of web ACL '${entry.name}' is not read: composex makes no AWS call to find the web ACL, and AWS associates a load balancer only with a web ACL of its own account and Region`,
      [...path, key],
      `remove ${key}; the ARN (or Identifier) names the web ACL`,
      'key',
    );
  }
  if (lookup.Arn !== undefined && lookup.Identifier !== undefined) {
    ctx.error(CODES.WEB_ACL_LOOKUP_INVALID, `Lookup of web ACL '${entry.name}' gives both Arn and Identifier`, [...path, 'Identifier'], 'keep one: the ARN names the web ACL exactly', 'key');
    return undefined;
  }
  const fix = `give its ARN (AWS WAF console, or aws wafv2 list-web-acls --scope REGIONAL): Lookup: {Arn: ${EXAMPLE_ARN}}, or Identifier: <name>|<id>|REGIONAL`;
  if (lookup.Arn !== undefined) {
    const arn = readString(ctx, lookup.Arn, [...path, 'Arn'], EXAMPLE_ARN);
    if (arn === undefined) return undefined;
    if (!WEB_ACL_ARN.test(arn)) {
      ctx.error(CODES.WEB_ACL_LOOKUP_INVALID, `'${arn}' is not the ARN of an AWS WAF web ACL`, [...path, 'Arn'], `a web ACL ARN looks like ${EXAMPLE_ARN}`);
      return undefined;
    }
    return { existing: { arn }, scope: WEB_ACL_ARN.exec(arn)![1] === 'global' ? 'CLOUDFRONT' : 'REGIONAL' };
  }
  if (lookup.Identifier !== undefined) {
    const identifier = readString(ctx, lookup.Identifier, [...path, 'Identifier'], 'shop-acl|<id>|REGIONAL');
    if (identifier === undefined) return undefined;
    const m = IDENTIFIER.exec(identifier);
    const scope = m?.[3].toUpperCase();
    if (!m || !(scope === 'REGIONAL' || scope === 'GLOBAL' || scope === 'CLOUDFRONT')) {
      ctx.error(CODES.WEB_ACL_LOOKUP_INVALID, `Identifier '${identifier}' of web ACL '${entry.name}' is not <name>|<id>|<scope>`, [...path, 'Identifier'], `the web ACL's name, id and scope, as its Ref gives them: shop-acl|a1b2c3d4-5678-90ab-cdef-0123456789ab|REGIONAL; or ${fix}`);
      return undefined;
    }
    return { existing: { name: m[1], id: m[2] }, scope: scope === 'REGIONAL' ? 'REGIONAL' : 'CLOUDFRONT' };
  }
  ctx.error(
    CODES.WEB_ACL_LOOKUP_INVALID,
    lookup.Tags !== undefined ? `web ACL '${entry.name}' is looked up by Tags, which WAF web ACLs cannot be found by (ECS ComposeX refuses it too)` : `Lookup of web ACL '${entry.name}' gives neither Arn nor Identifier`,
    path,
    fix,
    'key',
  );
  return undefined;
}

/** The `Scope` of a web ACL to create, once its properties are checked; undefined when they are refused. */
function createdScope(ctx: ResolveContext, entry: ResourceEntry): string | undefined {
  if (!checkWebAclProperties(ctx, entry)) return undefined;
  const scope = entry.properties.Scope;
  return isScope(scope) ? scope : undefined;
}
