/**
 * The x- resources (`x-sqs`, `x-sns`, `x-rds`, … — every kind of registry.ts): what each declares,
 * and the consumer graph — one `ResourceGrant` per `Services` entry, the only access any family
 * gets to them.
 */
import { topicsNamedByAlarms } from '../x-alarm-tables';
import type { IngressRule, ResourceGrant, ResourceKind, ResourcesByKind, SecretModel } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { RESOURCE_KINDS, RESOURCE_SPECS, resourceSpec } from './registry';
import { secretVariables } from '../secrets';
import { withDistinctIds } from './distinct-ids';

export interface ResourcesResolution {
  readonly resources: ResourcesByKind;
  readonly grants: readonly ResourceGrant[];
  /** Network access the resources open (database ports to their consumers). */
  readonly ingress: readonly IngressRule[];
}

/** `extraGrants`: grants composex adds itself (a FireLens log router's outputs), appended after the file's. */
export function resolveResources(ctx: ResolveContext, membership: Membership, secrets: readonly SecretModel[], extraGrants: readonly ResourceGrant[] = []): ResourcesResolution {
  const resolved: Partial<Record<ResourceKind, readonly unknown[]>> = {};
  const grants: ResourceGrant[] = [];
  const ingress: IngressRule[] = [];
  const resolve = <K extends ResourceKind>(kind: K) => {
    const spec = resourceSpec(kind);
    return spec.resolve(ctx, membership, resolved as Partial<ResourcesByKind>, spec);
  };
  for (const kind of RESOURCE_KINDS) {
    const result = resolve(kind);
    Object.assign(resolved, result.updated ?? {}, { [kind]: result.resources });
    grants.push(...result.grants);
    ingress.push(...(result.ingress ?? []));
  }
  // Settled last kind first: a queue's ids are named after its topics' (SubscriptionTo<Topic>).
  const resources = withDistinctIds(resolved as ResourcesByKind, [...RESOURCE_KINDS].reverse(), resourceSpec);
  grants.sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.resource, b.resource) || compareStrings(a.family, b.family) || compareStrings(a.services.join(), b.services.join()),
  );
  warnUnused(ctx, resources, [...grants, ...extraGrants]);
  checkVariables(ctx, grants, secrets);
  return { resources, grants: extraGrants.length > 0 ? [...grants, ...extraGrants] : grants, ingress };
}

/** A resource nobody may use is most often a typo in `Services` or a forgotten entry. */
function warnUnused(ctx: ResolveContext, resources: ResourcesByKind, grants: readonly ResourceGrant[]): void {
  const used = new Set(grants.map((g) => `${g.kind}:${g.resource}`));
  // a topic alarms notify is used by CloudWatch
  for (const topic of topicsNamedByAlarms(ctx.project.extensions, ctx.project.services as unknown as Record<string, Record<string, unknown>>)) used.add(`topic:${topic}`);
  // A resource with Services entries that gave no grant has errors on those entries already.
  const declared = (key: string, name: string) => {
    const services = (ctx.project.extensions?.[key] as Record<string, { Services?: unknown } | undefined> | undefined)?.[name]?.Services;
    return Array.isArray(services) ? services.length > 0 : typeof services === 'object' && services !== null && Object.keys(services).length > 0;
  };
  const check = <K extends ResourceKind>(kind: K) => {
    const spec = resourceSpec(kind);
    for (const resource of resources[kind]) {
      const name = resource.name;
      if (used.has(`${kind}:${name}`) || spec.usedOtherwise?.(resource, resources) || declared(spec.key, name)) continue;
      ctx.warning(CODES.RESOURCE_UNUSED, `no service may use ${kind} '${name}'`, [spec.key, name], `list the services that use it under ${spec.key}.${name}.Services`, 'key');
    }
  };
  for (const kind of RESOURCE_KINDS) check(kind);
}

/**
 * Each container gets each variable once: a resource's variable must not also come from its
 * `environment`, a top-level secret, or another resource.
 */
function checkVariables(ctx: ResolveContext, grants: readonly ResourceGrant[], secrets: readonly SecretModel[]): void {
  const secretVars = new Map(secrets.map((s) => [s.name, secretVariables(s)]));
  // `${service}\0${variable}` → who sets it: a resource or secret by its words, the service's own
  // environment by the key's path (worded only for a message: thousands of variables, few clashes).
  const setBy = new Map<string, string | { readonly environment: readonly string[] }>();
  const words = (setter: string | { readonly environment: readonly string[] }) =>
    typeof setter === 'string' ? setter : `its environment (${ctx.where(setter.environment, 'key')})`;
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    for (const name of Object.keys(config.environment ?? {})) setBy.set(`${service}\0${name}`, { environment: ['services', service, 'environment', name] });
    for (const ref of config.secrets ?? []) {
      for (const v of secretVars.get(ref.source) ?? []) setBy.set(`${service}\0${v}`, `secret '${ref.source}'`);
    }
  }
  const reported = new Set<string>();
  for (const grant of grants) {
    const resourceKey = RESOURCE_SPECS[grant.kind].key;
    const who = `${resourceKey} '${grant.resource}'`;
    const variables = [...grant.environment.map((e) => e.name), ...grant.secrets.map((s) => s.name)];
    for (const service of grant.services) {
      const mine = new Set<string>();
      for (const variable of variables) {
        const key = `${service}\0${variable}`;
        const other = setBy.get(key);
        if (mine.has(variable) || (other !== undefined && other !== who)) {
          if (!reported.has(key)) {
            reported.add(key);
            ctx.error(
              CODES.RESOURCE_VARIABLE_CLASH,
              `${variable} of service '${service}' is set by ${who} and by ${mine.has(variable) ? 'that resource again' : words(other!)}`,
              [resourceKey, grant.resource, 'Services'],
              'rename one of them (ReturnValues / SecretsMappings choose the resource variable names)',
              'key',
            );
          }
          continue;
        }
        mine.add(variable);
        setBy.set(key, who);
      }
    }
  }
}
