/**
 * The x- resource kinds, one spec each: everything about a kind that does not need AWS CDK — its
 * `x-` key, CloudFormation types, logical-ID prefix, access levels, attributes and environment
 * values, resolver, unused-resource rule, graph shape and docs section. Every place that needs
 * the list of kinds (resolve, the summary, the graph, the docs test, the property-test generators)
 * reads it from here; the constructs of each kind are its entry in src/aws/resources/registry.ts.
 *
 * Typed over `ResourceModels` (model.ts): a kind without a spec does not compile.
 */
import type { ResourceKind, ResourcesByKind } from '../model';
import { APS_ACCESS, CODEGURU_PROFILER_ACCESS, DOCDB_ACCESS, DOCDB_DESCRIBE_ACCESS, DYNAMODB_ACCESS, ELASTICACHE_ACCESS, FIREHOSE_ACCESS, KINESIS_ACCESS, KMS_ACCESS, NEPTUNE_ACCESS, OPENSEARCH_DOMAIN_ACCESS, OPENSEARCH_HTTP_ACCESS, RDS_ACCESS, RDS_DESCRIBE_ACCESS, S3_BUCKET_ACCESS, S3_OBJECTS_ACCESS, SNS_ACCESS, SQS_ACCESS, SSM_ACCESS, SSM_SAM_ACCESS, DYNAMODB_SAM_ACCESS } from './access';
import { DOCDB_ATTRIBUTE_ALIASES, DOCDB_ATTRIBUTES, DOCDB_KEY, resolveDocDbClusters } from './docdb';
import { NEPTUNE_ATTRIBUTE_ALIASES, NEPTUNE_ATTRIBUTES, NEPTUNE_KEY, resolveNeptuneClusters } from './neptune';
import { KINESIS_KEY, resolveStreams, STREAM_ATTRIBUTE_ALIASES, STREAM_ATTRIBUTES } from './kinesis';
import { ELASTICACHE_KEY, resolveCaches } from './elasticache';
import { CACHE_ATTRIBUTE_ALIASES, CACHE_ATTRIBUTES } from './elasticache-engines';
import { KEY_ATTRIBUTE_ALIASES, KEY_ATTRIBUTES, KMS_KEY, resolveKeys } from './kms';
import { PARAMETER_ATTRIBUTE_ALIASES, PARAMETER_ATTRIBUTES, resolveParameters, SSM_PARAMETER_KEY } from './ssm';
import { CLUSTER_ATTRIBUTES, INSTANCE_ATTRIBUTES, RDS_KEY, resolveDatabases, SECRET_ATTRIBUTE } from './rds';
import { databaseIdSuffixes } from './rds-ids';
import { DYNAMODB_KEY, resolveTables, TABLE_ATTRIBUTE_ALIASES, TABLE_ATTRIBUTES } from './dynamodb';
import { BUCKET_ATTRIBUTE_ALIASES, BUCKET_ATTRIBUTES, resolveBuckets, S3_KEY } from './s3';
import { resolveTopics, SNS_KEY, TOPIC_ATTRIBUTES, TOPIC_ATTRIBUTE_ALIASES } from './sns';
import type { ResourceKindSpec } from './spec';
import { APS_KEY, resolveWorkspaces, WORKSPACE_ATTRIBUTE_ALIASES, WORKSPACE_ATTRIBUTES } from './aps';
import { CODEGURU_PROFILER_KEY, PROFILING_GROUP_ATTRIBUTE_ALIASES, PROFILING_GROUP_ATTRIBUTES, resolveProfilingGroups } from './codeguru-profiler';
import { QUEUE_ATTRIBUTE_ALIASES, QUEUE_ATTRIBUTES, resolveQueues, SQS_KEY } from './sqs';
import { USER_POOL_ACCESS } from './cognito-access';
import { DELIVERY_STREAM_ATTRIBUTE_ALIASES, DELIVERY_STREAM_ATTRIBUTES, FIREHOSE_KEY, resolveDeliveryStreams } from './firehose';
import { COGNITO_USERPOOL_KEY, resolveUserPools, USER_POOL_ATTRIBUTE_ALIASES, USER_POOL_ATTRIBUTES } from './cognito-userpool';
import { DOMAIN_ATTRIBUTE_ALIASES, DOMAIN_ATTRIBUTES, OPENSEARCH_KEY, resolveOpenSearchDomains } from './opensearch';
import { resolveWebAcls, WAFV2_WEBACL_KEY } from './wafv2-webacl';

export type { KindResolution, NodeShape, ResourceEdge, ResourceKindSpec, ResourceResolver } from './spec';

export type ResourceSpecs = { readonly [K in ResourceKind]: ResourceKindSpec<K> };

export const RESOURCE_SPECS: ResourceSpecs = {
  // First: queues and streams (and later buckets, tables) may be encrypted with an x-kms key.
  key: {
    kind: 'key',
    key: KMS_KEY,
    cfnTypes: ['AWS::KMS::Key', 'AWS::KMS::Alias'],
    idPrefix: 'Key',
    access: { levels: KMS_ACCESS },
    values: { main: 'Arn', returnValues: KEY_ATTRIBUTES, aliases: KEY_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { keys, grants } = resolveKeys(ctx, membership, spec);
      return { resources: keys, grants };
    },
    // A key that encrypts a resource is used through that resource's consumers.
    usedOtherwise: (key, all) => all.queue.some((q) => q.kmsKey === key.name) || all.stream.some((s) => s.kmsKey === key.name) || deliveredThrough(all, 'key', key.name),
    idSuffixes: () => ['Alias'],
    graph: { shape: 'flag' },
    docs: { title: 'encryption keys' },
  },
  queue: {
    kind: 'queue',
    key: SQS_KEY,
    cfnTypes: ['AWS::SQS::Queue'],
    idPrefix: 'Queue',
    access: { levels: SQS_ACCESS },
    values: { main: 'Url', returnValues: QUEUE_ATTRIBUTES, aliases: QUEUE_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, resolved, spec) => {
      const { queues, grants } = resolveQueues(ctx, membership, spec, resolved.key ?? []);
      return { resources: queues, grants };
    },
    usedOtherwise: (queue, all) => queue.subscribedTopics.length > 0 || all.queue.some((q) => q.deadLetter?.queue === queue.name),
    idSuffixes: (queue, all) => ['Policy', ...queue.subscribedTopics.map((t) => `SubscriptionTo${all.topic.find((topic) => topic.name === t)?.logicalId ?? ''}`)],
    graph: {
      shape: 'parallelogram',
      edges: (q) => [
        ...(q.deadLetter?.queue ? [{ to: { kind: 'queue' as const, name: q.deadLetter.queue }, kind: 'deadLetter' as const, label: `dead letter after ${q.deadLetter.maxReceiveCount}` }] : []),
        ...(q.kmsKey ? [{ to: { kind: 'key' as const, name: q.kmsKey }, kind: 'encryption' as const, label: 'encrypted with' }] : []),
      ],
    },
    docs: { title: 'queues' },
  },
  topic: {
    kind: 'topic',
    key: SNS_KEY,
    cfnTypes: ['AWS::SNS::Topic', 'AWS::SNS::Subscription'],
    idPrefix: 'Topic',
    access: { levels: SNS_ACCESS },
    values: { main: 'Arn', returnValues: TOPIC_ATTRIBUTES, aliases: TOPIC_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, resolved, spec) => {
      const { topics, grants, queues, keys } = resolveTopics(ctx, membership, resolved.queue ?? [], resolved.key ?? [], spec);
      return { resources: topics, grants, updated: { queue: queues, key: keys } };
    },
    graph: {
      shape: 'hexagon',
      edges: (t) => t.subscriptions.map((s) => ({ to: { kind: 'queue', name: s.queue }, kind: 'subscription', label: 'subscription' })),
    },
    docs: { title: 'topics' },
  },
  database: {
    kind: 'database',
    key: RDS_KEY,
    cfnTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
    idPrefix: 'Database',
    access: { levels: RDS_ACCESS, keyed: RDS_DESCRIBE_ACCESS },
    values: {
      returnValues: [...new Set([...INSTANCE_ATTRIBUTES, ...CLUSTER_ATTRIBUTES, SECRET_ATTRIBUTE])],
      aliases: { DBInstance: 'DBInstanceIdentifier', DBCluster: 'DBClusterIdentifier' },
    },
    resolve: (ctx, membership, _resolved, spec) => {
      const { databases, grants, ingress } = resolveDatabases(ctx, membership, spec.access);
      return { resources: databases, grants, ingress };
    },
    idSuffixes: databaseIdSuffixes,
    graph: { shape: 'cylinder', detail: (d) => d.engine },
    network: {
      describe: 'RDS database',
      quotaHint: 'let fewer families use it (one family can serve several services: deploy.labels ecs.task.family), or split it into several databases',
      // RDS reads and writes S3 for RdsFeatures from the database's network interfaces, so its group
      // must let them out: "configure your Aurora DB cluster to allow outbound connections to the
      // target AWS service" (Amazon Aurora User Guide, "Enabling network communication from Amazon
      // Aurora to other AWS services"); the same holds for RDS for PostgreSQL's aws_s3 functions.
      outboundHttps: (d) => (d.features?.length ? 'HTTPS to Amazon S3 (x-rds RdsFeatures)' : undefined),
    },
    docs: { title: 'databases' },
  },
  bucket: {
    kind: 'bucket',
    key: S3_KEY,
    cfnTypes: ['AWS::S3::Bucket'],
    idPrefix: 'Bucket',
    // `Access: {objects: <level>, bucket: <level>}`: no level stands alone.
    access: { levels: {}, keyed: { objects: S3_OBJECTS_ACCESS, bucket: S3_BUCKET_ACCESS } },
    values: { main: 'BucketName', returnValues: BUCKET_ATTRIBUTES, aliases: BUCKET_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { buckets, grants } = resolveBuckets(ctx, membership, spec);
      return { resources: buckets, grants };
    },
    // A bucket a delivery stream writes to is used by the stream.
    usedOtherwise: (bucket, all) => deliveredThrough(all, 'bucket', bucket.name),
    idSuffixes: () => ['Policy'],
    graph: { shape: 'trapezoid' },
    docs: { title: 'buckets' },
  },
  table: {
    kind: 'table',
    key: DYNAMODB_KEY,
    cfnTypes: ['AWS::DynamoDB::Table'],
    idPrefix: 'Table',
    access: { levels: DYNAMODB_ACCESS, aliases: DYNAMODB_SAM_ACCESS },
    values: { main: 'TableName', returnValues: TABLE_ATTRIBUTES, aliases: TABLE_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { tables, grants } = resolveTables(ctx, membership, spec);
      return { resources: tables, grants };
    },
    idSuffixes: (t) => (t.scaling ?? []).flatMap((s) => [`${s.id}ScalableTarget`, `${s.id}ScalingPolicy`]),
    graph: { shape: 'cylinder' },
    docs: { title: 'tables' },
  },
  parameter: {
    kind: 'parameter',
    key: SSM_PARAMETER_KEY,
    cfnTypes: ['AWS::SSM::Parameter'],
    idPrefix: 'Parameter',
    access: { levels: SSM_ACCESS, aliases: SSM_SAM_ACCESS },
    values: { main: 'Name', returnValues: PARAMETER_ATTRIBUTES, aliases: PARAMETER_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { parameters, grants } = resolveParameters(ctx, membership, spec);
      return { resources: parameters, grants };
    },
    graph: { shape: 'box' },
    docs: { title: 'parameters' },
  },
  stream: {
    kind: 'stream',
    key: KINESIS_KEY,
    cfnTypes: ['AWS::Kinesis::Stream'],
    idPrefix: 'Stream',
    access: { levels: KINESIS_ACCESS },
    values: { main: 'Name', returnValues: STREAM_ATTRIBUTES, aliases: STREAM_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, resolved, spec) => {
      const { streams, grants } = resolveStreams(ctx, membership, spec, resolved.key ?? []);
      return { resources: streams, grants };
    },
    // A stream a delivery stream reads is used by the delivery stream.
    usedOtherwise: (stream, all) => deliveredThrough(all, 'stream', stream.name),
    graph: {
      shape: 'stadium',
      edges: (s) => (s.kmsKey ? [{ to: { kind: 'key' as const, name: s.kmsKey }, kind: 'encryption' as const, label: 'encrypted with' }] : []),
    },
    docs: { title: 'data streams' },
  },
  cache: {
    kind: 'cache',
    key: ELASTICACHE_KEY,
    // The parameter group: `MacroParameters.ParameterGroup` is written with its properties.
    cfnTypes: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ParameterGroup'],
    idPrefix: 'Cache',
    access: { levels: ELASTICACHE_ACCESS },
    values: {
      // `<NAME>_HOST` and `<NAME>_PORT` (the endpoint of its shape) and the ECS secret `<NAME>_AUTH_TOKEN`.
      returnValues: [...new Set(Object.values(CACHE_ATTRIBUTES).flatMap((a) => a.all))],
      aliases: Object.assign({}, ...Object.values(CACHE_ATTRIBUTE_ALIASES)) as Record<string, string>,
    },
    resolve: (ctx, membership, _resolved, spec) => {
      const { caches, grants, ingress } = resolveCaches(ctx, membership, spec.access);
      return { resources: caches, grants, ingress };
    },
    idSuffixes: () => ['SubnetGroup', 'SecurityGroup', 'SecurityGroupId', 'ParameterGroup', 'AuthToken', 'SecretArn'],
    graph: { shape: 'cylinder', detail: (c) => c.engine },
    network: {
      describe: 'ElastiCache cache',
      quotaHint: 'let fewer families use it (one family can serve several services: deploy.labels ecs.task.family), or split it into several caches',
    },
    docs: { title: 'caches' },
  },
  workspace: {
    kind: 'workspace',
    key: APS_KEY,
    // The log group: `MacroParameters.CreateNewLogGroup` is written with its properties.
    cfnTypes: ['AWS::APS::Workspace', 'AWS::Logs::LogGroup'],
    idPrefix: 'Workspace',
    access: { levels: APS_ACCESS },
    values: { main: 'Arn', returnValues: WORKSPACE_ATTRIBUTES, aliases: WORKSPACE_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { workspaces, grants } = resolveWorkspaces(ctx, membership, spec);
      return { resources: workspaces, grants };
    },
    idSuffixes: () => ['LogGroup'],
    graph: { shape: 'cylinder' },
    docs: { title: 'Prometheus workspaces' },
  },
  profilingGroup: {
    kind: 'profilingGroup',
    key: CODEGURU_PROFILER_KEY,
    cfnTypes: ['AWS::CodeGuruProfiler::ProfilingGroup'],
    idPrefix: 'ProfilingGroup',
    access: { levels: CODEGURU_PROFILER_ACCESS },
    values: { main: 'Name', returnValues: PROFILING_GROUP_ATTRIBUTES, aliases: PROFILING_GROUP_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { groups, grants } = resolveProfilingGroups(ctx, membership, spec);
      return { resources: groups, grants };
    },
    graph: { shape: 'box' },
    docs: { title: 'profiling groups' },
  },
  docdb: {
    kind: 'docdb',
    key: DOCDB_KEY,
    // The parameter group and the instances: `MacroParameters.DBClusterParameterGroup` and `Instances` are written with their properties.
    cfnTypes: ['AWS::DocDB::DBCluster', 'AWS::DocDB::DBInstance', 'AWS::DocDB::DBClusterParameterGroup'],
    idPrefix: 'DocDb',
    access: { levels: DOCDB_ACCESS, keyed: DOCDB_DESCRIBE_ACCESS },
    // Credentials as ECS secrets (`<NAME>_HOST`, …); `ReturnValues` for the rest.
    values: { returnValues: DOCDB_ATTRIBUTES, aliases: DOCDB_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { clusters, grants, ingress } = resolveDocDbClusters(ctx, membership, spec.access);
      return { resources: clusters, grants, ingress };
    },
    // Arn: the cluster's, for `Access: {DBCluster: RO}`.
    idSuffixes: (c) => ['Secret', 'SecretAttachment', 'SubnetGroup', 'SecurityGroup', 'SecurityGroupId', 'ParameterGroup', 'Arn', ...c.instances.map((_, i) => `Instance${i + 1}`)],
    graph: { shape: 'cylinder', detail: (c) => `DocumentDB${c.engineVersion ? ` ${c.engineVersion}` : ''}` },
    network: {
      describe: 'DocumentDB cluster',
      quotaHint: 'let fewer families use it (one family can serve several services: deploy.labels ecs.task.family), or split it into several clusters',
    },
    docs: { title: 'DocumentDB clusters' },
  },
  userPool: {
    kind: 'userPool',
    key: COGNITO_USERPOOL_KEY,
    // The app client and domain an x-elbv2 target creates for its pool (CreateCognitoClient).
    cfnTypes: ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolDomain'],
    idPrefix: 'UserPool',
    access: { levels: USER_POOL_ACCESS },
    values: { main: 'UserPoolId', returnValues: USER_POOL_ATTRIBUTES, aliases: USER_POOL_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { userPools, grants } = resolveUserPools(ctx, membership, spec);
      return { resources: userPools, grants };
    },
    // A pool x-elbv2 authenticates users against is used by the load balancer.
    usedOtherwise: (pool) => pool.loadBalancers.length > 0,
    // Domain: the AWS::Cognito::UserPoolDomain x-elbv2 authenticates through.
    idSuffixes: () => ['Domain'],
    graph: { shape: 'roundedBox' },
    docs: { title: 'user pools' },
  },
  opensearch: {
    kind: 'opensearch',
    key: OPENSEARCH_KEY,
    // The log groups, their resource policy and the master user (secret or role) MacroParameters create.
    cfnTypes: ['AWS::OpenSearchService::Domain'],
    idPrefix: 'OpenSearch',
    // `Access: {Http: <level>, DBCluster: RO}`: no level stands alone.
    access: { levels: {}, keyed: { Http: OPENSEARCH_HTTP_ACCESS, ...OPENSEARCH_DOMAIN_ACCESS } },
    // `<NAME>` (the domain name), `<NAME>_Arn`, `<NAME>_DomainEndpoint`.
    values: { main: 'DomainName', returnValues: DOMAIN_ATTRIBUTES, aliases: DOMAIN_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, _resolved, spec) => {
      const { domains, grants, ingress } = resolveOpenSearchDomains(ctx, membership, spec.access);
      return { resources: domains, grants, ingress };
    },
    idSuffixes: (d) => ['SecurityGroup', 'SecurityGroupId', 'MasterUserSecret', 'MasterUserRole', 'LogsPolicy', ...d.logGroups.map((t) => `${logGroupSuffix(t)}LogGroup`)],
    graph: { shape: 'cylinder', detail: (d) => String(d.properties.EngineVersion ?? 'OpenSearch') },
    network: {
      describe: 'OpenSearch domain',
      quotaHint: 'let fewer families use it (one family can serve several services: deploy.labels ecs.task.family), or split it into several domains',
    },
    docs: { title: 'OpenSearch domains' },
  },
  deliveryStream: {
    kind: 'deliveryStream',
    key: FIREHOSE_KEY,
    // The role Firehose assumes and the log group of delivery errors are written with the stream.
    cfnTypes: ['AWS::KinesisFirehose::DeliveryStream'],
    idPrefix: 'DeliveryStream',
    access: { levels: FIREHOSE_ACCESS },
    values: { main: 'Name', returnValues: DELIVERY_STREAM_ATTRIBUTES, aliases: DELIVERY_STREAM_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership, resolved, spec) => {
      const { streams, grants } = resolveDeliveryStreams(ctx, membership, spec, { bucket: resolved.bucket ?? [], stream: resolved.stream ?? [], key: resolved.key ?? [] });
      return { resources: streams, grants };
    },
    // A stream fed by a Kinesis stream takes no producer: nothing uses it through Services.
    usedOtherwise: (d) => d.kinesisSource,
    idSuffixes: () => ['Role', 'LogGroup', 'LogStream'],
    graph: {
      shape: 'stadium',
      edges: (d) => d.references.filter((r) => r.kind === 'key').map((r) => ({ to: { kind: 'key' as const, name: r.name }, kind: 'encryption' as const, label: 'encrypted with' })),
    },
    docs: { title: 'delivery streams' },
  },
  neptune: {
    kind: 'neptune',
    key: NEPTUNE_KEY,
    // The instances and the parameter group: `MacroParameters.Instances` and `DBClusterParameterGroup` are written with their properties.
    cfnTypes: ['AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance', 'AWS::Neptune::DBClusterParameterGroup'],
    idPrefix: 'Neptune',
    // Only `Access: {NeptuneDB: <level>, DBCluster: RO}` (ECS ComposeX's x-neptune spec).
    access: { levels: {}, keyed: NEPTUNE_ACCESS },
    // `<NAME>_ENDPOINT`, `_READ_ENDPOINT`, `_PORT`; `ReturnValues` for the rest.
    values: { returnValues: NEPTUNE_ATTRIBUTES, aliases: NEPTUNE_ATTRIBUTE_ALIASES },
    resolve: (ctx, membership) => {
      const { clusters, grants, ingress } = resolveNeptuneClusters(ctx, membership);
      return { resources: clusters, grants, ingress };
    },
    idSuffixes: (c) => ['SubnetGroup', 'SecurityGroup', 'SecurityGroupId', 'ParameterGroup', ...c.instances.map((_, i) => `Instance${i + 1}`)],
    graph: { shape: 'cylinder', detail: (c) => `Neptune${c.engineVersion ? ` ${c.engineVersion}` : ''}` },
    network: {
      describe: 'Neptune cluster',
      quotaHint: 'let fewer families use it (one family can serve several services: deploy.labels ecs.task.family), or split it into several clusters',
    },
    docs: { title: 'Neptune clusters' },
  },
  webAcl: {
    kind: 'webAcl',
    key: WAFV2_WEBACL_KEY,
    cfnTypes: ['AWS::WAFv2::WebACL'],
    idPrefix: 'WebAcl',
    // No service calls a web ACL (ECS ComposeX: an "environment" resource): no level, no variable.
    access: { levels: {} },
    values: { returnValues: [], aliases: {} },
    resolve: (ctx) => ({ resources: resolveWebAcls(ctx).webAcls, grants: [] }),
    // It filters the requests to its load balancers; one that protects none is warned (CX3908).
    usedOtherwise: () => true,
    // Arn: the output the load balancers' stacks import for their WebACLAssociation.
    idSuffixes: () => ['Arn'],
    graph: { shape: 'hexagon' },
    docs: { title: 'web ACLs' },
  },
};

/** `SEARCH_SLOW_LOGS` → `SearchSlowLogs`: the part of a log group's logical id naming its log type. */
export function logGroupSuffix(logType: string): string {
  return logType.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A resource of the project a delivery stream names in its Properties (x-s3::, x-kinesis::, x-kms::). */
function deliveredThrough(all: ResourcesByKind, kind: 'bucket' | 'stream' | 'key', name: string): boolean {
  return all.deliveryStream.some((d) => d.references.some((r) => r.kind === kind && r.name === name));
}

/** Every kind, in resolution order: a kind's resolver may read the kinds before it. */
export const RESOURCE_KINDS = Object.keys(RESOURCE_SPECS) as ResourceKind[];

/** The spec of a kind (typed for one kind; `RESOURCE_SPECS[kind]` is the union for a variable kind). */
export function resourceSpec<K extends ResourceKind>(kind: K): ResourceKindSpec<K> {
  return RESOURCE_SPECS[kind] as ResourceKindSpec<K>;
}

/** No resource of any kind. */
export function noResources(): ResourcesByKind {
  return Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, []])) as unknown as ResourcesByKind;
}

/** The access levels of a kind as the docs table lists them: `Producer`, `DBCluster: RO`. */
export function documentedLevels(spec: Pick<ResourceKindSpec<ResourceKind>, 'access'>): Map<string, readonly string[]> {
  const rows = new Map<string, readonly string[]>(Object.entries(spec.access.levels).map(([level, v]) => [level, v.actions]));
  for (const [key, table] of Object.entries(spec.access.keyed ?? {})) {
    for (const [level, v] of Object.entries(table)) rows.set(`${key}: ${level}`, v.actions);
  }
  return rows;
}
