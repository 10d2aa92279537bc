/**
 * Backing services for generated projects (fast-check): `x-sqs` queues (one with a dead-letter
 * queue, one subscribed to a topic), an `x-sns` topic, an `x-rds` database, an `x-s3` bucket (new or
 * looked up, `Access: {objects, bucket}`), an `x-dynamodb` table (new with an index, or looked up),
 * an `x-kms` key (new or looked up, sometimes encrypting the audit queue), an `x-ssm_parameter`
 * (new or looked up by name), an `x-kinesis` stream (on demand, provisioned, encrypted with the
 * x-kms key, or looked up), an `x-elasticache` cache (Valkey, Redis or Memcached, one to three
 * nodes), an `x-docdb` cluster (its default instance or one to two listed), an `x-opensearch`
 * domain (one node, or two over two zones; Http access),
 * an `x-cognito_userpool` user pool (with or without email usernames),
 * an `x-kinesis_firehose` delivery stream (to the x-s3 bucket, to a bucket ARN, or looked up),
 * nodes), an `x-docdb` cluster (its default instance or one to two listed),
 * an `x-cognito_userpool` user pool (with or without email usernames), an `x-neptune` cluster
 * (its default instance or one to two listed, `Access: {NeptuneDB: <level>}`),
 * each granted to some of
 * the project's services or families at an access level from composex's own tables — and, rarely,
 * to a name that is neither, or at a level that does not exist, so rejections are exercised too.
 *
 * `withResources(projectArbitrary)` adds them to the projects of generate-project.ts.
 */
import * as fc from 'fast-check';
import type { ResourceKind } from '../../src/resolve/model';
import { RESOURCE_SPECS } from '../../src/resolve/resources/registry';
import { ComposeDoc, FAMILY_NAMES, GeneratedProject, withFiles } from './generate-project';

export const QUEUE_NAMES = ['jobs', 'jobs-dlq', 'audit'] as const;
export const TOPIC_NAME = 'events';
export const DATABASE_NAME = 'maindb';
export const BUCKET_NAME = 'media';
export const TABLE_NAME = 'items';
export const KEY_NAME = 'vault';
export const PARAMETER_NAME = 'config';
export const STREAM_NAME = 'clicks';
export const CACHE_NAME = 'sessions';
export const WORKSPACE_NAME = 'metrics';
export const PROFILING_GROUP_NAME = 'profiles';
export const DOCDB_NAME = 'documents';
export const USER_POOL_NAME = 'users';
export const OPENSEARCH_NAME = 'catalog';
export const DELIVERY_STREAM_NAME = 'firehose';
export const NEPTUNE_NAME = 'graph';

/** Who a resource is granted to: an index into the project's services, a family, or a stranger. */
type Grantee = { readonly service: number } | { readonly family: string } | { readonly unknown: true };

const grantee: fc.Arbitrary<Grantee> = fc.oneof(
  { weight: 12, arbitrary: fc.nat().map((service) => ({ service })) },
  { weight: 3, arbitrary: fc.constantFrom(...FAMILY_NAMES).map((family) => ({ family })) },
  { weight: 1, arbitrary: fc.constant({ unknown: true as const }) },
);

/** An `Access` level of the kind (from its registry spec), now and then one that does not exist. */
const level = (kind: ResourceKind) =>
  fc.oneof({ weight: 25, arbitrary: fc.constantFrom(...Object.keys(RESOURCE_SPECS[kind].access.levels)) }, { weight: 1, arbitrary: fc.constant('Admin') });

const grants = (kind: ResourceKind) => fc.array(fc.tuple(grantee, level(kind)), { maxLength: 3 });

/**
 * Grants that are always valid: for the kinds added last, so that the rejections the other kinds
 * already exercise do not crowd out the projects that render.
 */
const validGrantee: fc.Arbitrary<Grantee> = fc.oneof(fc.nat().map((service): Grantee => ({ service })), fc.constantFrom(...FAMILY_NAMES).map((family): Grantee => ({ family })));
const validGrants = (kind: ResourceKind) => fc.array(fc.tuple(validGrantee, fc.constantFrom(...Object.keys(RESOURCE_SPECS[kind].access.levels))), { maxLength: 2 });

/** A level of one key of a kind's keyed access (`objects` of x-s3), now and then one that does not exist. */
const keyedLevel = (kind: ResourceKind, key: string) =>
  fc.oneof({ weight: 25, arbitrary: fc.constantFrom(...Object.keys(RESOURCE_SPECS[kind].access.keyed![key])) }, { weight: 1, arbitrary: fc.constant('Admin') });

/** `Access: {objects: <level>, bucket: <level>}` with one or both keys. */
const bucketAccess: fc.Arbitrary<Record<string, string>> = fc.record({ objects: keyedLevel('bucket', 'objects'), bucket: keyedLevel('bucket', 'bucket') }, { requiredKeys: [] }).filter((a) => Object.keys(a).length > 0);

const ENGINES = [
  { Engine: 'postgres', EngineVersion: '16.4' },
  { Engine: 'mysql', EngineVersion: '8.0.39' },
  { Engine: 'aurora-postgresql', EngineVersion: '16.4' },
] as const;

const CACHE_ENGINES = [
  { Engine: 'valkey', EngineVersion: '8.0' },
  { Engine: 'redis', EngineVersion: '7.1' },
  { Engine: 'memcached', EngineVersion: '1.6.22' },
] as const;

interface ResourceShape {
  readonly jobs: { grants: [Grantee, string][]; visibility?: number; deadLetter: boolean };
  readonly audit?: { grants: [Grantee, string][] };
  readonly topic?: { grants: [Grantee, string][]; subscribe: boolean; raw: boolean };
  readonly database?: { grants: [Grantee, string][]; engine: (typeof ENGINES)[number]; serverless: boolean };
  readonly bucket?: { grants: [Grantee, Record<string, string>][]; lookup: boolean; kms: boolean };
  readonly table?: { grants: [Grantee, string][]; lookup: boolean; scaled: boolean };
  readonly key?: { grants: [Grantee, string][]; lookup: boolean; encryptsAudit: boolean };
  readonly parameter?: { grants: [Grantee, string][]; lookup: boolean };
  readonly stream?: { grants: [Grantee, string][]; form: 'onDemand' | 'provisioned' | 'key' | 'lookup' };
  readonly cache?: { grants: [Grantee, string][]; engine: (typeof CACHE_ENGINES)[number]; nodes: number };
  readonly workspace?: { grants: [Grantee, string][]; form: 'plain' | 'logGroup' | 'lookup' };
  readonly profilingGroup?: { grants: [Grantee, string][]; form: 'plain' | 'named' | 'lookup' };
  readonly docdb?: { grants: [Grantee, string][]; version?: string; instances: number };
  readonly userPool?: { grants: [Grantee, string][]; emailUsernames: boolean };
  readonly opensearch?: { grants: [Grantee, string][]; zoneAware: boolean };
  readonly deliveryStream?: { grants: [Grantee, string][]; form: 'bucket' | 'arn' | 'lookup' };
  readonly neptune?: { grants: [Grantee, { NeptuneDB: string }][]; instances: number };
  /** No service is granted a web ACL; the generated projects have no x-elbv2 for it to protect. */
  readonly webAcl?: { lookup: boolean };
}

const shape: fc.Arbitrary<ResourceShape> = fc.record(
  {
    jobs: fc.record({ grants: grants('queue'), visibility: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }), deadLetter: fc.boolean() }, { requiredKeys: ['grants', 'deadLetter'] }),
    audit: fc.record({ grants: grants('queue') }),
    topic: fc.record({ grants: grants('topic'), subscribe: fc.boolean(), raw: fc.boolean() }),
    database: fc.record({ grants: grants('database'), engine: fc.constantFrom(...ENGINES), serverless: fc.boolean() }),
    bucket: fc.record({ grants: fc.array(fc.tuple(grantee, bucketAccess), { maxLength: 3 }), lookup: fc.boolean(), kms: fc.boolean() }),
    table: fc.record({ grants: grants('table'), lookup: fc.boolean(), scaled: fc.boolean() }),
    key: fc.record({ grants: validGrants('key'), lookup: fc.boolean(), encryptsAudit: fc.boolean() }),
    parameter: fc.record({ grants: validGrants('parameter'), lookup: fc.boolean() }),
    stream: fc.record({ grants: validGrants('stream'), form: fc.constantFrom('onDemand' as const, 'provisioned' as const, 'key' as const, 'lookup' as const) }),
    cache: fc.record({ grants: validGrants('cache'), engine: fc.constantFrom(...CACHE_ENGINES), nodes: fc.integer({ min: 1, max: 3 }) }),
    workspace: fc.record({ grants: validGrants('workspace'), form: fc.constantFrom('plain' as const, 'logGroup' as const, 'lookup' as const) }),
    profilingGroup: fc.record({ grants: validGrants('profilingGroup'), form: fc.constantFrom('plain' as const, 'named' as const, 'lookup' as const) }),
    docdb: fc.record({ grants: validGrants('docdb'), version: fc.constantFrom('5.0.0', '8.0.0'), instances: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: ['grants', 'instances'] }),
    userPool: fc.record({ grants: validGrants('userPool'), emailUsernames: fc.boolean() }),
    // `Access: {Http: <level>}`: x-opensearch has no level that stands alone.
    opensearch: fc.record({
      grants: fc.array(fc.tuple(fc.oneof(fc.nat().map((service): Grantee => ({ service })), fc.constantFrom(...FAMILY_NAMES).map((family): Grantee => ({ family }))), fc.constantFrom(...Object.keys(RESOURCE_SPECS.opensearch.access.keyed!.Http))), { maxLength: 2 }),
      zoneAware: fc.boolean(),
    }),
    deliveryStream: fc.record({ grants: validGrants('deliveryStream'), form: fc.constantFrom('bucket' as const, 'arn' as const, 'lookup' as const) }),
    neptune: fc.record({
      grants: fc.array(fc.tuple(validGrantee, fc.constantFrom(...Object.keys(RESOURCE_SPECS.neptune.access.keyed!.NeptuneDB)).map((level) => ({ NeptuneDB: level }))), { maxLength: 2 }),
      instances: fc.integer({ min: 0, max: 2 }),
    }),
    webAcl: fc.record({ lookup: fc.boolean() }),
  },
  { requiredKeys: ['jobs'] },
);

/** The families the project's services declare (deploy.labels ecs.task.family). */
function familiesOf(doc: ComposeDoc): Set<string> {
  const out = new Set<string>();
  for (const service of Object.values(doc.services as Record<string, { deploy?: { labels?: Record<string, string> } }>)) {
    for (const f of (service.deploy?.labels?.['ecs.task.family'] ?? '').split(',')) if (f) out.add(f);
  }
  return out;
}

function servicesMap<A>(list: readonly [Grantee, A][], names: readonly string[], families: ReadonlySet<string>): Record<string, { Access: A }> {
  const out: Record<string, { Access: A }> = {};
  for (const [who, access] of list) {
    // A family the project does not have would only ever be rejected: grant a service instead.
    const name = 'unknown' in who ? 'nobody-here' : 'family' in who && families.has(who.family) ? who.family : names[('service' in who ? who.service : who.family.length) % names.length];
    out[name] = { Access: access };
  }
  return out;
}

function resourcesDoc(s: ResourceShape, names: readonly string[], families: ReadonlySet<string>): ComposeDoc {
  const queues: Record<string, unknown> = {
    jobs: {
      ...(s.jobs.visibility !== undefined || s.jobs.deadLetter
        ? {
            Properties: {
              ...(s.jobs.visibility !== undefined ? { VisibilityTimeout: s.jobs.visibility } : {}),
              ...(s.jobs.deadLetter ? { RedrivePolicy: { deadLetterTargetArn: 'x-sqs::jobs-dlq', maxReceiveCount: 5 } } : {}),
            },
          }
        : {}),
      Services: servicesMap(s.jobs.grants, names, families),
    },
  };
  if (s.jobs.deadLetter) queues['jobs-dlq'] = {};
  if (s.audit) {
    const encrypted = s.key?.encryptsAudit ? { Properties: { KmsMasterKeyId: `x-kms::${KEY_NAME}` } } : {};
    queues.audit = { ...encrypted, Services: servicesMap(s.audit.grants, names, families) };
  }
  const doc: ComposeDoc = { 'x-sqs': queues };
  if (s.topic) {
    const subscription = s.topic.subscribe && s.audit ? [{ Endpoint: 'x-sqs::audit', Protocol: 'sqs', ...(s.topic.raw ? { RawMessageDelivery: true } : {}) }] : [];
    doc['x-sns'] = { [TOPIC_NAME]: { ...(subscription.length > 0 ? { Properties: { Subscription: subscription } } : {}), Services: servicesMap(s.topic.grants, names, families) } };
  }
  if (s.database) {
    const aurora = s.database.engine.Engine.startsWith('aurora');
    doc['x-rds'] = {
      [DATABASE_NAME]: {
        Properties: { ...s.database.engine },
        ...(aurora && s.database.serverless ? { MacroParameters: { ServerlessV2: { MinCapacity: 0.5, MaxCapacity: 2 } } } : {}),
        Services: servicesMap(s.database.grants, names, families),
      },
    };
  }
  if (s.bucket) {
    const kms = { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: BUCKET_KEY } }] } };
    doc['x-s3'] = {
      [BUCKET_NAME]: {
        ...(s.bucket.lookup ? { Lookup: { Arn: BUCKET_ARN } } : s.bucket.kms ? { Properties: kms } : {}),
        Services: servicesMap(s.bucket.grants, names, families),
      },
    };
  }
  if (s.table) {
    const properties = {
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'kind', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'by-kind', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ...(s.table.scaled ? { ProvisionedThroughput: THROUGHPUT } : {}) }],
      ...(s.table.scaled ? { ProvisionedThroughput: THROUGHPUT } : {}),
    };
    // A scaled table: provisioned, its capacities (and its index's, CopyToIndexes) under target tracking.
    const scaling = { Table: { ReadCapacityUnits: { MinCapacity: 5, MaxCapacity: 50, TargetValue: 70 }, WriteCapacityUnits: { MinCapacity: 5, MaxCapacity: 20, TargetValue: 70 } }, CopyToIndexes: true };
    doc['x-dynamodb'] = {
      [TABLE_NAME]: {
        ...(s.table.lookup ? { Lookup: { Arn: TABLE_ARN } } : { Properties: properties, ...(s.table.scaled ? { Scaling: scaling } : {}) }),
        Services: servicesMap(s.table.grants, names, families),
      },
    };
  }
  if (s.key) {
    doc['x-kms'] = { [KEY_NAME]: { ...(s.key.lookup ? { Lookup: { Arn: KEY_ARN } } : {}), Services: servicesMap(s.key.grants, names, families) } };
  }
  if (s.parameter) {
    doc['x-ssm_parameter'] = {
      [PARAMETER_NAME]: {
        ...(s.parameter.lookup ? { Lookup: { Name: PARAMETER_LOOKUP_NAME } } : { Properties: { Name: PARAMETER_CREATED_NAME, Value: 'v1' } }),
        Services: servicesMap(s.parameter.grants, names, families),
      },
    };
  }
  if (s.stream) {
    const definition =
      s.stream.form === 'lookup'
        ? { Lookup: { Arn: STREAM_ARN } }
        : s.stream.form === 'provisioned'
          ? { Properties: { ShardCount: 2, RetentionPeriodHours: 48 } }
          : s.stream.form === 'key' && s.key
            ? { Properties: { StreamEncryption: { EncryptionType: 'KMS', KeyId: `x-kms::${KEY_NAME}` } } }
            : {};
    doc['x-kinesis'] = { [STREAM_NAME]: { ...definition, Services: servicesMap(s.stream.grants, names, families) } };
  }
  if (s.cache) {
    doc['x-elasticache'] = {
      [CACHE_NAME]: { MacroParameters: { ...s.cache.engine, NumCacheNodes: s.cache.nodes }, Services: servicesMap(s.cache.grants, names, families) },
    };
  }
  if (s.workspace) {
    const definition = s.workspace.form === 'lookup' ? { Lookup: { Arn: WORKSPACE_ARN } } : s.workspace.form === 'logGroup' ? { MacroParameters: { CreateNewLogGroup: true } } : {};
    doc['x-aps'] = { [WORKSPACE_NAME]: { ...definition, Services: servicesMap(s.workspace.grants, names, families) } };
  }
  if (s.profilingGroup) {
    const definition =
      s.profilingGroup.form === 'lookup' ? { Lookup: { Arn: PROFILING_GROUP_ARN } } : s.profilingGroup.form === 'named' ? { Properties: { ProfilingGroupName: 'acme-profiles' }, MacroParameters: { AppendStackId: true } } : {};
    doc['x-codeguru_profiler'] = { [PROFILING_GROUP_NAME]: { ...definition, Services: servicesMap(s.profilingGroup.grants, names, families) } };
  }
  if (s.docdb) {
    doc['x-docdb'] = {
      [DOCDB_NAME]: {
        Properties: s.docdb.version ? { EngineVersion: s.docdb.version } : {},
        // 0: ECS ComposeX's default instance.
        ...(s.docdb.instances > 0 ? { MacroParameters: { Instances: Array.from({ length: s.docdb.instances }, () => ({ DBInstanceClass: 'db.r6g.large' })) } } : {}),
        Services: servicesMap(s.docdb.grants, names, families),
      },
    };
  }
  if (s.userPool) {
    doc['x-cognito_userpool'] = {
      [USER_POOL_NAME]: { ...(s.userPool.emailUsernames ? { Properties: { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] } } : {}), Services: servicesMap(s.userPool.grants, names, families) },
    };
  }
  if (s.opensearch) {
    const cluster = s.opensearch.zoneAware ? { InstanceType: 'r7g.large.search', InstanceCount: 2, ZoneAwarenessEnabled: true } : { InstanceType: 'r7g.large.search' };
    const services = servicesMap(s.opensearch.grants, names, families);
    doc['x-opensearch'] = {
      [OPENSEARCH_NAME]: { Properties: { ClusterConfig: cluster }, Services: Object.fromEntries(Object.entries(services).map(([k, v]) => [k, { Access: { Http: v.Access } }])) },
    };
  }
  if (s.deliveryStream) {
    // To the project's bucket when there is one (x-s3::), else to a bucket given by ARN.
    const bucketArn = s.deliveryStream.form === 'bucket' && s.bucket ? `x-s3::${BUCKET_NAME}` : 'arn:aws:s3:::acme-archive';
    const definition = s.deliveryStream.form === 'lookup' ? { Lookup: { Arn: DELIVERY_STREAM_ARN } } : { Properties: { ExtendedS3DestinationConfiguration: { BucketARN: bucketArn } } };
    doc['x-kinesis_firehose'] = { [DELIVERY_STREAM_NAME]: { ...definition, Services: servicesMap(s.deliveryStream.grants, names, families) } };
  }
  if (s.neptune) {
    doc['x-neptune'] = {
      [NEPTUNE_NAME]: {
        Properties: {},
        // 0: ECS ComposeX's default instance.
        ...(s.neptune.instances > 0 ? { MacroParameters: { Instances: Array.from({ length: s.neptune.instances }, () => ({ DBInstanceClass: 'db.r6g.large' })) } } : {}),
        Services: servicesMap(s.neptune.grants, names, families),
      },
    };
  }
  if (s.webAcl) {
    doc['x-wafv2_webacl'] = {
      shield: s.webAcl.lookup
        ? { Lookup: { Arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shield/a1b2c3d4-5678-90ab-cdef-0123456789ab' } }
        : { Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: { MetricName: 'shield', SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true } } },
    };
  }
  return doc;
}

/** The looked-up Firehose delivery stream. */
export const DELIVERY_STREAM_ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/acme-firehose';

/** The looked-up CodeGuru profiling group. */
export const PROFILING_GROUP_ARN = 'arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/acme-profiles';

/** The looked-up Prometheus workspace. */
export const WORKSPACE_ARN = 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-abcd1234-12ab-34cd-56ef-1234567890ab';

/** The looked-up stream. */
export const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/acme-clicks';

/** The looked-up key; the names of the created and the looked-up parameter. */
export const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/9999abcd-12ab-34cd-56ef-1234567890ab';
export const PARAMETER_CREATED_NAME = '/acme/config';
export const PARAMETER_LOOKUP_NAME = '/shared/config';

const THROUGHPUT = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
export const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/acme-items';

/** The looked-up bucket, and the customer key of the created one. */
export const BUCKET_ARN = 'arn:aws:s3:::acme-media';
export const BUCKET_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The projects of `projects`, each with backing services granted to its services and families. */
export function withResources(projects: fc.Arbitrary<GeneratedProject>): fc.Arbitrary<GeneratedProject> {
  return projects.chain((project) => {
    const names = Object.keys(project.doc.services as Record<string, unknown>);
    return shape.map((s) => withFiles({ ...project.doc, ...resourcesDoc(s, names, familiesOf(project.doc)) }));
  });
}
