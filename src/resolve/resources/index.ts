/**
 * The x- resources (`x-sqs`, `x-sns`, `x-rds`): what each declares, and the consumer graph — one
 * `ResourceGrant` per `Services` entry, the only access any family gets to them.
 */
import type { DatabaseModel, IngressRule, QueueModel, ResourceGrant, SecretModel, TopicModel } from '../model';
import { CODES } from '../codes';
import { compareStrings, ResolveContext } from '../context';
import type { Membership } from '../families';
import { resolveDatabases, RDS_KEY } from './rds';
import { resolveTopics, SNS_KEY } from './sns';
import { resolveQueues, SQS_KEY } from './sqs';

export interface ResourcesResolution {
  readonly queues: readonly QueueModel[];
  readonly topics: readonly TopicModel[];
  readonly databases: readonly DatabaseModel[];
  readonly grants: readonly ResourceGrant[];
  /** Database ports opened to their consumers. */
  readonly ingress: readonly IngressRule[];
}

const KEY_OF = { queue: SQS_KEY, topic: SNS_KEY, database: RDS_KEY } as const;

export function resolveResources(ctx: ResolveContext, membership: Membership, secrets: readonly SecretModel[]): ResourcesResolution {
  const sqs = resolveQueues(ctx, membership);
  const sns = resolveTopics(ctx, membership, sqs.queues);
  const rds = resolveDatabases(ctx, membership);
  const grants = [...sqs.grants, ...sns.grants, ...rds.grants].sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.resource, b.resource) || compareStrings(a.family, b.family) || compareStrings(a.services.join(), b.services.join()),
  );
  warnUnused(ctx, sns.queues, sns.topics, rds.databases, grants);
  checkVariables(ctx, grants, secrets);
  return { queues: sns.queues, topics: sns.topics, databases: rds.databases, grants, ingress: rds.ingress };
}

/** A resource nobody may use is most often a typo in `Services` or a forgotten entry. */
function warnUnused(
  ctx: ResolveContext,
  queues: readonly QueueModel[],
  topics: readonly TopicModel[],
  databases: readonly DatabaseModel[],
  grants: readonly ResourceGrant[],
): void {
  const used = new Set(grants.map((g) => `${g.kind}:${g.resource}`));
  const deadLetters = new Set(queues.flatMap((q) => (q.deadLetter?.queue ? [q.deadLetter.queue] : [])));
  // A resource with Services entries that gave no grant has errors on those entries already.
  const declared = (kind: keyof typeof KEY_OF, name: string) => {
    const services = (ctx.project.extensions?.[KEY_OF[kind]] as Record<string, { Services?: unknown } | undefined> | undefined)?.[name]?.Services;
    return Array.isArray(services) ? services.length > 0 : typeof services === 'object' && services !== null && Object.keys(services).length > 0;
  };
  const check = (kind: keyof typeof KEY_OF, name: string, reachedOtherwise = false) => {
    if (used.has(`${kind}:${name}`) || reachedOtherwise || declared(kind, name)) return;
    ctx.warning(CODES.RESOURCE_UNUSED, `no service may use ${kind} '${name}'`, [KEY_OF[kind], name], `list the services that use it under ${KEY_OF[kind]}.${name}.Services`, 'key');
  };
  // A dead-letter queue or a subscribed queue is used through the queue or topic that feeds it.
  for (const q of queues) check('queue', q.name, deadLetters.has(q.name) || q.subscribedTopics.length > 0);
  for (const t of topics) check('topic', t.name);
  for (const d of databases) check('database', d.name);
}

/**
 * Each container gets each variable once: a resource's variable must not also come from its
 * `environment`, a top-level secret, or another resource.
 */
function checkVariables(ctx: ResolveContext, grants: readonly ResourceGrant[], secrets: readonly SecretModel[]): void {
  const secretVars = new Map(secrets.map((s) => [s.name, [s.varName, ...s.jsonKeys.map((k) => k.varName)]]));
  const setBy = new Map<string, string>(); // `${service}\0${variable}` → who sets it
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    for (const name of Object.keys(config.environment ?? {})) setBy.set(`${service}\0${name}`, `its environment (${ctx.where(['services', service, 'environment', name], 'key')})`);
    for (const ref of config.secrets ?? []) {
      for (const v of secretVars.get(ref.source) ?? []) setBy.set(`${service}\0${v}`, `secret '${ref.source}'`);
    }
  }
  const reported = new Set<string>();
  for (const grant of grants) {
    const who = `${KEY_OF[grant.kind]} '${grant.resource}'`;
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
              `${variable} of service '${service}' is set by ${who} and by ${mine.has(variable) ? 'that resource again' : other}`,
              [KEY_OF[grant.kind], grant.resource, 'Services'],
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
