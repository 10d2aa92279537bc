/**
 * The `Properties` of an `x-wafv2_webacl` web ACL composex creates (`AWS::WAFv2::WebACL`), checked
 * where AWS would refuse them at deploy time: the properties CloudFormation requires
 * (`DefaultAction`, `Scope`, `VisibilityConfig`), a `Scope` other than REGIONAL / CLOUDFRONT, a
 * `Name` WAF does not accept, `Tags` that are not `{Key, Value}` pairs, and rules that share a name
 * or a priority. The shape of each rule
 * (its statement, its action) is left to the template validator, which reports it at the rule.
 */
import { describePath, ResolveContext } from '../context';
import { CODES } from '../codes';
import { isPlainObject } from '../readers';
import { checkProperties, ResourceEntry } from './common';

/** CloudFormation AWS::WAFv2::WebACL: required properties. */
const REQUIRED = ['DefaultAction', 'Scope', 'VisibilityConfig'] as const;
const REQUIRED_EXAMPLES: Readonly<Record<(typeof REQUIRED)[number], string>> = {
  DefaultAction: 'DefaultAction: {Allow: {}} (or {Block: {}})',
  Scope: 'Scope: REGIONAL (a load balancer takes a regional web ACL)',
  VisibilityConfig: 'VisibilityConfig: {MetricName: <name>, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}',
};
const SCOPES = ['REGIONAL', 'CLOUDFRONT'] as const;
/** `Name` (CloudFormation `EntityName`): 1 to 128 letters, digits, `_` and `-`. */
const ENTITY_NAME = /^[0-9A-Za-z_-]{1,128}$/;

export function isScope(value: unknown): value is (typeof SCOPES)[number] {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** Reports every refusal, located; `false` when there is one. */
export function checkWebAclProperties(ctx: ResolveContext, entry: ResourceEntry): boolean {
  const path = [...entry.path, 'Properties'];
  const p = entry.properties;
  const before = ctx.diagnostics.length;
  checkProperties(ctx, p, path, 'AWS::WAFv2::WebACL');
  const missing = REQUIRED.filter((k) => p[k] === undefined);
  if (missing.length > 0) {
    const written = ctx.project.sourceMap.exact(path) !== undefined;
    ctx.error(
      CODES.WEB_ACL_PROPERTIES_INVALID,
      `web ACL '${entry.name}' has no ${missing.join(', ')}: CloudFormation requires ${missing.length > 1 ? 'them' : 'it'}`,
      written ? path : entry.path,
      `add ${missing.map((k) => REQUIRED_EXAMPLES[k]).join('; ')}${written ? '' : ' under Properties'}`,
      'key',
    );
  }
  if (p.Scope !== undefined && !isScope(p.Scope)) {
    ctx.error(CODES.WEB_ACL_PROPERTIES_INVALID, `Scope ${JSON.stringify(p.Scope)} of web ACL '${entry.name}' is not REGIONAL or CLOUDFRONT`, [...path, 'Scope'], 'write Scope: REGIONAL (load balancers take regional web ACLs)');
  }
  if (p.Name !== undefined && (typeof p.Name !== 'string' || !ENTITY_NAME.test(p.Name))) {
    ctx.error(
      CODES.WEB_ACL_PROPERTIES_INVALID,
      `Name ${JSON.stringify(p.Name)} of web ACL '${entry.name}' is not a name AWS WAF accepts`,
      [...path, 'Name'],
      '1 to 128 letters, digits, "_" and "-"; or leave Name out and CloudFormation names it (a new Name replaces the web ACL)',
    );
  }
  if (p.Tags !== undefined && !(Array.isArray(p.Tags) && p.Tags.every((t) => isPlainObject(t) && typeof t.Key === 'string' && typeof t.Value === 'string'))) {
    ctx.error(CODES.WEB_ACL_PROPERTIES_INVALID, `Tags of web ACL '${entry.name}' must be a list of {Key, Value}`, [...path, 'Tags'], 'Tags: [{Key: team, Value: shop}]');
  }
  checkRules(ctx, entry.name, p.Rules, [...path, 'Rules']);
  return ctx.diagnostics.slice(before).every((d) => d.severity !== 'error');
}

/** Rules must differ in `Name` and in `Priority` (WAF evaluates them by priority, reports them by name). */
function checkRules(ctx: ResolveContext, acl: string, rules: unknown, path: (string | number)[]): void {
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    ctx.error(CODES.WEB_ACL_PROPERTIES_INVALID, `Rules of web ACL '${acl}' must be a list`, path, 'Rules: [{Name: <name>, Priority: 0, Statement: {...}, Action: {Block: {}}, VisibilityConfig: {...}}]');
    return;
  }
  for (const key of ['Name', 'Priority'] as const) {
    const seen = new Map<string, number>();
    rules.forEach((rule, i) => {
      if (!isPlainObject(rule) || rule[key] === undefined) return;
      const value = String(rule[key]);
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, i);
        return;
      }
      ctx.error(
        CODES.WEB_ACL_PROPERTIES_INVALID,
        `rule ${i + 1} of web ACL '${acl}' has the ${key} ${JSON.stringify(rule[key])} of rule ${first + 1} (${describePath([...path, first])}): AWS WAF refuses two rules with the same ${key.toLowerCase()}`,
        [...path, i, key],
        key === 'Priority' ? 'give each rule its own Priority (rules are evaluated from the lowest)' : 'give each rule its own Name',
      );
    });
  }
}
