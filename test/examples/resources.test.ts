/**
 * The access matrix of the examples with x- resources, read from the synthesized templates and
 * traced across stacks to the resource each value comes from: for every family, the exact
 * (action, resource) pairs of its task role and execution role, the exact variables and secrets of
 * its containers, and the exact ingress rules of every security group. Exact sets make the
 * negative cases explicit: a service not listed under a resource gets nothing of it.
 */
import * as path from 'path';
import { validateTemplates } from '../../src/render/validate';
import { asList, EXAMPLES, ingressTriples, renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const LOGS = ['Allow logs:CreateLogStream on AWS::Logs::LogGroup:LogGroup.Arn', 'Allow logs:PutLogEvents on AWS::Logs::LogGroup:LogGroup.Arn'];
const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
// Written out here, independently of src/resolve/resources/access.ts.
const PRODUCER = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const CONSUMER = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
const S3_READ = ['s3:GetObject', 's3:GetObjectAttributes', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionAttributes', 's3:GetObjectVersionTagging'];
const S3_WRITE = ['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'];
const DYNAMODB_READ = ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const DYNAMODB_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const KINESIS_DESCRIBE = ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards'];
const KINESIS_READ = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListStreamConsumers', 'kinesis:RegisterStreamConsumer'];
const DYNAMODB_INDEXES = on(['dynamodb:Query', 'dynamodb:Scan'], 'table:pictures.Arn/index/*');
const secret = (id: string) => `AWS::SecretsManager::Secret:${id}.Ref`;
const cache = (prefix: string, name: string, id: string) => [
  `${prefix}_AUTH_TOKEN<-${secret(`${id}AuthToken`)}:token::`,
  `${prefix}_HOST=cache:${name}.PrimaryEndPoint.Address`,
  `${prefix}_PORT=cache:${name}.PrimaryEndPoint.Port`,
];
const credentials = (prefix: string, id: string, keys = ['dbname', 'host', 'password', 'port', 'username']) =>
  keys.map((k) => `${prefix}_${k.toUpperCase()}<-${secret(id)}:${k}::`);

interface Expected {
  readonly files: string[];
  /** family logical id → roles and containers */
  readonly families: Record<string, { task: string[]; execution: string[]; containers: Record<string, string[]> }>;
  readonly ingress: string[];
}

const EXPECTED: Record<string, Expected> = {
  uploads: {
    files: ['compose.yaml'],
    families: {
      Api: {
        task: [
          ...on(['s3:PutObject'], 'bucket:uploads.Arn/*'),
          ...on([...DYNAMODB_READ, ...DYNAMODB_WRITE], 'table:pictures.Arn'),
          ...DYNAMODB_INDEXES,
          ...on(PRODUCER, 'queue:thumbnail-jobs.Arn'),
          // The queue's x-kms key: what SendMessage calls (data key, and its check).
          ...on(['kms:Decrypt', 'kms:GenerateDataKey'], 'key:jobs.Arn'),
          // The stream is on the AWS managed key alias/aws/kinesis: no KMS permission needed.
          ...on([...KINESIS_DESCRIBE, 'kinesis:PutRecord', 'kinesis:PutRecords'], 'stream:upload-events.Arn'),
        ],
        // The cache's auth token: only the execution role reads it, to inject it. No IAM action on the cache.
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('CacheThumbnailCacheAuthToken'))],
        containers: { api: ['PICTURES=table:pictures.Ref', ...cache('THUMBNAIL_CACHE', 'thumbnail-cache', 'CacheThumbnailCache'), 'THUMBNAIL_JOBS=queue:thumbnail-jobs.Ref', 'UPLOAD_EVENTS=stream:upload-events.Ref', 'UPLOADS=bucket:uploads.Ref'] },
      },
      Thumbnailer: {
        task: [
          ...on([...S3_READ, ...S3_WRITE], 'bucket:uploads.Arn/*'),
          ...on(CONSUMER, 'queue:thumbnail-jobs.Arn'),
          ...on(['kms:Decrypt'], 'key:jobs.Arn'),
          ...on(['ssm:GetParameter', 'ssm:GetParameterHistory'], 'arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter/uploads/thumbnail-sizes'),
        ],
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('CacheThumbnailCacheAuthToken'))],
        containers: { thumbnailer: [...cache('THUMBNAIL_CACHE', 'thumbnail-cache', 'CacheThumbnailCache'), 'THUMBNAIL_JOBS=queue:thumbnail-jobs.Ref', 'THUMBNAIL_SIZES=parameter:thumbnail-sizes.Ref', 'UPLOADS=bucket:uploads.Ref'] },
      },
      Report: {
        task: [
          ...on(['s3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:ListBucket'], 'bucket:uploads.Arn'),
          ...on(DYNAMODB_READ, 'table:pictures.Arn'),
          ...DYNAMODB_INDEXES,
          ...on([...KINESIS_DESCRIBE, ...KINESIS_READ], 'stream:upload-events.Arn'),
          // Enhanced fan-out: on the consumers of this stream only.
          ...on(['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], 'stream:upload-events.Arn/consumer/*'),
        ],
        execution: LOGS,
        containers: { report: ['PICTURES=table:pictures.Ref', 'UPLOAD_EVENTS=stream:upload-events.Ref', 'UPLOADS=bucket:uploads.Ref', 'UPLOADS_ARN=bucket:uploads.Arn'] },
      },
    },
    ingress: [
      'ElastiCache cache thumbnail-cache <- family api tcp/6379',
      'ElastiCache cache thumbnail-cache <- family thumbnailer tcp/6379',
      'family api <- load balancer tcp/8000',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  },
  'queue-worker': {
    files: ['compose.yaml'],
    families: {
      Api: { task: on(PRODUCER, 'queue:jobs.Arn'), execution: LOGS, containers: { api: ['JOBS=queue:jobs.Ref'] } },
      Worker: { task: on(CONSUMER, 'queue:jobs.Arn'), execution: LOGS, containers: { worker: ['JOBS=queue:jobs.Ref', 'MAX_BATCH=10'] } },
      Redrive: {
        task: [...on(PRODUCER, 'queue:jobs.Arn'), ...on(CONSUMER, 'queue:jobs-dlq.Arn')],
        execution: LOGS,
        containers: { redrive: ['DLQ_ARN=queue:jobs-dlq.Arn', 'JOBS=queue:jobs.Ref', 'JOBS_DLQ=queue:jobs-dlq.Ref', 'TARGET_QUEUE_URL=queue:jobs.Ref'] },
      },
    },
    ingress: ['family api <- load balancer tcp/8000', 'load balancer <- 0.0.0.0/0 tcp/80'],
  },
  fanout: {
    files: ['compose.yaml'],
    families: {
      Shop: { task: on(['sns:Publish'], 'topic:orders.Ref'), execution: LOGS, containers: { shop: ['ORDERS=topic:orders.Ref', 'ORDERS_TOPIC_NAME=topic:orders.TopicName'] } },
      Billing: { task: on(CONSUMER, 'queue:billing-orders.Arn'), execution: LOGS, containers: { billing: ['BILLING_ORDERS=queue:billing-orders.Ref'] } },
      Shipping: { task: on(CONSUMER, 'queue:shipping-orders.Arn'), execution: LOGS, containers: { shipping: ['SHIPPING_ORDERS=queue:shipping-orders.Ref'] } },
    },
    ingress: ['family shop <- load balancer tcp/3000', 'load balancer <- 0.0.0.0/0 tcp/80'],
  },
  postgres: {
    files: ['compose.yaml'],
    families: {
      Api: {
        task: [],
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('DatabaseAnalyticsSecret')), ...on(['secretsmanager:GetSecretValue'], secret('DatabaseLedgerDbConnectionString')), ...on(['secretsmanager:GetSecretValue'], secret('DatabaseLedgerDbSecret'))],
        containers: {
          api: [...credentials('ANALYTICS', 'DatabaseAnalyticsSecret'), `DATABASE_URL<-${secret('DatabaseLedgerDbConnectionString')}`, ...credentials('LEDGER_DB', 'DatabaseLedgerDbSecret')],
        },
      },
      Worker: {
        task: [],
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('DatabaseLedgerDbSecret'))],
        containers: {
          worker: [
            ...['dbname:PGDATABASE', 'host:PGHOST', 'password:PGPASSWORD', 'port:PGPORT', 'username:PGUSER'].map((kv) => {
              const [key, name] = kv.split(':');
              return `${name}<-${secret('DatabaseLedgerDbSecret')}:${key}::`;
            }),
            // libpq's variables come with TLS required (RDS PostgreSQL refuses plain connections)
            'PGSSLMODE=require',
          ],
        },
      },
      Reports: {
        task: on(['rds:DescribeDBClusters'], 'database:analytics.DBClusterArn'),
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('DatabaseAnalyticsSecret'))],
        containers: { reports: [...credentials('ANALYTICS', 'DatabaseAnalyticsSecret'), 'ANALYTICS_READER_HOST=database:analytics.ReadEndpoint.Address'] },
      },
    },
    ingress: [
      'RDS database analytics <- family api tcp/5432',
      'RDS database analytics <- family reports tcp/5432',
      'RDS database ledger-db <- family api tcp/5432',
      'RDS database ledger-db <- family worker tcp/5432',
      'family api <- load balancer tcp/8000',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  },
  'counters-rds': {
    files: ['compose.yaml', 'compose.rds.yaml'],
    families: {
      PostgresCounter: {
        task: [],
        execution: [...LOGS, ...on(['secretsmanager:GetSecretValue'], secret('DatabasePostgresConnectionString')), ...on(['secretsmanager:GetSecretValue'], secret('DatabasePostgresSecret'))],
        containers: {
          'postgres-counter': [...credentials('POSTGRES', 'DatabasePostgresSecret'), `POSTGRES_URL<-${secret('DatabasePostgresConnectionString')}`, 'VIRTUAL_HOST=postgres-counter.docker'],
        },
      },
      Proxy: { task: [], execution: LOGS, containers: { proxy: [] } },
      Redis: { task: [], execution: LOGS, containers: { redis: [] } },
      RedisCounter: { task: [], execution: LOGS, containers: { 'redis-counter': ['REDIS_URL=redis:6379', 'VIRTUAL_HOST=redis-counter.docker'] } },
    },
    ingress: [
      'RDS database postgres <- family postgres-counter tcp/5432',
      'family postgres-counter <- family proxy tcp/80',
      'family proxy <- load balancer tcp/80',
      'family redis <- family redis-counter tcp/6379',
      'family redis-counter <- family proxy tcp/80',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  },
};

const rendered = new Map(
  Object.entries(EXPECTED).map(([name, e]) => [name, renderProject({ cwd: path.join(EXAMPLES, name.replace(/-rds$/, '')), files: e.files })]),
);

describe.each(Object.keys(EXPECTED))('example %s', (name) => {
  const result = rendered.get(name)!;
  const expected = EXPECTED[name];
  const tracer = new Tracer(result.files);

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('exactly these families', () => {
    const families = result.files.filter((f) => /^Family[A-Za-z0-9]+\.json$/.test(f.path)).map((f) => f.path.replace(/^Family|\.json$/g, ''));
    expect(families.sort()).toEqual(Object.keys(expected.families).sort());
  });

  test.each(Object.keys(expected.families))('family %s: task role, execution role and containers', (family) => {
    const file = tracer.familyFile(family);
    const e = expected.families[family];
    expect(rolePairs(tracer, file, 'TaskRole')).toEqual([...e.task].sort());
    expect(rolePairs(tracer, file, 'ExecutionRole')).toEqual([...e.execution].sort());
    for (const [container, variables] of Object.entries(e.containers)) {
      expect(containerVariables(tracer, file, container)).toEqual([...variables].sort());
    }
  });

  test('exactly the declared ingress rules', () => {
    expect(ingressTriples(result)).toEqual([...expected.ingress].sort());
  });

  test('no wildcard action, no NotAction, every Allow scoped to an ARN', () => {
    for (const file of result.files) {
      for (const role of Object.values(file.template.Resources ?? {}).filter((r) => r.Type === 'AWS::IAM::Role')) {
        for (const policy of (role.Properties?.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]) ?? []) {
          for (const st of policy.PolicyDocument.Statement) {
            expect(st.NotAction).toBeUndefined();
            for (const a of asList(st.Action as string[])) expect(a).not.toContain('*');
            if (asList(st.Resource as unknown[]).includes('*')) expect(asList(st.Action as string[])).toEqual(['ecr:GetAuthorizationToken']);
          }
        }
      }
    }
  });
});

describe('what the resources themselves carry', () => {
  test('the uploads event stream: on demand, KMS with the AWS managed key, two days of records, retained', () => {
    const streams = resourcesOf(rendered.get('uploads')!, 'AWS::Kinesis::Stream');
    expect(streams.map((s) => s.id)).toEqual(['StreamUploadEvents']);
    expect(streams[0].resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }, RetentionPeriodHours: 48 },
    });
  });

  test('queues: SQS-managed encryption, retained, TLS-only policy; a topic may send only to its subscribed queues', () => {
    const result = rendered.get('fanout')!;
    const tracer = new Tracer(result.files);
    const queues = resourcesOf(result, 'AWS::SQS::Queue');
    expect(queues.map((q) => q.id).sort()).toEqual(['QueueBillingOrders', 'QueueShippingOrders']);
    for (const q of queues) {
      expect(q.resource.Properties!.SqsManagedSseEnabled).toBe(true);
      expect(q.resource.DeletionPolicy).toBe('Retain');
      expect(q.resource.UpdateReplacePolicy).toBe('Retain');
    }
    const policies = resourcesOf(result, 'AWS::SQS::QueuePolicy').map(({ file, resource }) => {
      const statements = (resource.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      return {
        queue: tracer.trace(file, (resource.Properties!.Queues as unknown[])[0]),
        statements: statements.map((s) => `${String(s.Effect)} ${JSON.stringify(s.Principal)} ${String(s.Action)} ${tracer.trace(file, s.Resource)} ${tracer.trace(file, JSON.parse(JSON.stringify(s.Condition)).ArnEquals?.['aws:SourceArn'] ?? JSON.stringify(s.Condition))}`),
      };
    });
    expect(policies).toEqual([
      {
        queue: 'queue:billing-orders.Ref',
        statements: [
          'Deny {"AWS":"*"} sqs:* queue:billing-orders.Arn {"Bool":{"aws:SecureTransport":"false"}}',
          'Allow {"Service":"sns.amazonaws.com"} sqs:SendMessage queue:billing-orders.Arn topic:orders.Ref',
        ],
      },
      {
        queue: 'queue:shipping-orders.Ref',
        statements: [
          'Deny {"AWS":"*"} sqs:* queue:shipping-orders.Arn {"Bool":{"aws:SecureTransport":"false"}}',
          'Allow {"Service":"sns.amazonaws.com"} sqs:SendMessage queue:shipping-orders.Arn topic:orders.Ref',
        ],
      },
    ]);
    const subscriptions = resourcesOf(result, 'AWS::SNS::Subscription').map(({ file, resource }) => {
      const p = resource.Properties!;
      return `${tracer.trace(file, p.TopicArn)} -> ${tracer.trace(file, p.Endpoint)} ${String(p.Protocol)} raw=${String(p.RawMessageDelivery)} filter=${JSON.stringify(p.FilterPolicy ?? null)}`;
    });
    expect(subscriptions.sort()).toEqual([
      'topic:orders.Ref -> queue:billing-orders.Arn sqs raw=true filter=null',
      'topic:orders.Ref -> queue:shipping-orders.Arn sqs raw=true filter={"status":["paid"]}',
    ]);
    const [topic] = resourcesOf(result, 'AWS::SNS::Topic');
    expect(topic.resource.Properties!.KmsMasterKeyId).toBe('alias/aws/sns');
    expect(topic.resource.DeletionPolicy).toBe('Retain');
  });

  test('the dead-letter queue is wired by ARN in the same stack', () => {
    const result = rendered.get('queue-worker')!;
    const tracer = new Tracer(result.files);
    const jobs = resourcesOf(result, 'AWS::SQS::Queue').find((q) => q.id === 'QueueJobs')!;
    const redrive = jobs.resource.Properties!.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(tracer.trace(jobs.file, redrive.deadLetterTargetArn)).toBe('queue:jobs-dlq.Arn');
    expect(redrive.maxReceiveCount).toBe(5);
  });

  test("the API's 5xx alarm reads its target group of the load balancer and notifies alerts on ALARM", () => {
    const result = rendered.get('queue-worker')!;
    const tracer = new Tracer(result.files);
    const alarms = resourcesOf(result, 'AWS::CloudWatch::Alarm').filter((r) => r.file === 'FamilyApi.json');
    expect(alarms).toHaveLength(1);
    const p = alarms[0].resource.Properties!;
    const metrics = p.Metrics as { Id: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } } }[];
    expect(metrics.map((m) => `${m.Id}:${m.MetricStat?.Metric.MetricName ?? ''}`)).toEqual(['errors1:HTTPCode_Target_5XX_Count', 'requests1:RequestCount', 'missing:']);
    const label = JSON.stringify(metrics[0].MetricStat!.Metric.Dimensions[0].Value).match(/"Ref":"(\w+)"/)![1];
    expect(tracer.trace(alarms[0].file, { Ref: label })).toMatch(/LoadBalancer\.LoadBalancerFullName\/AWS::ElasticLoadBalancingV2::TargetGroup:TargetGroupApiApi8000\.TargetGroupFullName$/);
    expect((p.AlarmActions as unknown[]).map((a) => tracer.trace(alarms[0].file, a))).toEqual(['topic:alerts.Ref']);
    expect(p.OKActions).toBeUndefined();
  });

  test('the worker scales on the depth of its queue: an alarm on jobs, down to zero tasks', () => {
    const result = rendered.get('queue-worker')!;
    const tracer = new Tracer(result.files);
    const alarms = resourcesOf(result, 'AWS::CloudWatch::Alarm');
    // One scaling alarm, on the depth of jobs; the example's x-alarms (dead-letter queue, running tasks) are the others.
    expect(alarms.filter((r) => r.id.startsWith('QueueScaling')).map((r) => r.id)).toEqual(['QueueScalingJobsAlarm']);
    const alarm = alarms.find((r) => r.id === 'QueueScalingJobsAlarm')!;
    const p = alarm.resource.Properties!;
    expect((p.Dimensions as { Name: string; Value: unknown }[]).map((d) => `${d.Name}=${tracer.trace(alarm.file, d.Value)}`)).toEqual(['QueueName=queue:jobs.QueueName']);
    expect([p.MetricName, p.Threshold]).toEqual(['ApproximateNumberOfMessagesVisible', 1]);
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((r) => r.file === alarm.file);
    const steps = (id: string) => (policies.find((r) => r.id === id)!.resource.Properties!.StepScalingPolicyConfiguration as { StepAdjustments: unknown }).StepAdjustments;
    expect(steps('QueueScalingJobsOutPolicy')).toEqual([
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 49, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 49, MetricIntervalUpperBound: 499, ScalingAdjustment: 4 },
      { MetricIntervalLowerBound: 499, ScalingAdjustment: 8 },
    ]);
    expect(steps('QueueScalingJobsInPolicy')).toEqual([{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }]);
    const [target] = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((r) => r.file === alarm.file);
    expect(target.resource.Properties).toMatchObject({ MinCapacity: 0, MaxCapacity: 8 });
  });

  test('databases: private, encrypted, backed up, protected, snapshotted; credentials generated, never literal', () => {
    const result = rendered.get('postgres')!;
    const tracer = new Tracer(result.files);
    const [instance] = resourcesOf(result, 'AWS::RDS::DBInstance').filter((r) => r.resource.Properties!.DBClusterIdentifier === undefined);
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    for (const db of [instance, cluster]) {
      const p = db.resource.Properties!;
      expect(p.StorageEncrypted).toBe(true);
      expect(p.DeletionProtection).toBe(true);
      expect(p.BackupRetentionPeriod).toBe(7);
      expect(db.resource.DeletionPolicy).toBe('Snapshot');
      expect(db.resource.UpdateReplacePolicy).toBe('Snapshot');
      expect(tracer.trace(db.file, p.MasterUserPassword)).toMatch(/^\{\{resolve:secretsmanager:AWS::SecretsManager::Secret:Database\w+Secret\.Ref:SecretString:password\}\}$/);
      const groups = (p.VPCSecurityGroups ?? p.VpcSecurityGroupIds) as unknown[];
      expect(groups.map((g) => tracer.trace(db.file, g))).toEqual([expect.stringMatching(/^AWS::EC2::SecurityGroup:Database\w+SecurityGroup\.GroupId$/)]);
    }
    expect(instance.resource.Properties!.PubliclyAccessible).toBe(false);
    expect(cluster.resource.Properties!.ServerlessV2ScalingConfiguration).toEqual({ MinCapacity: 0.5, MaxCapacity: 8 });
    const clusterInstances = resourcesOf(result, 'AWS::RDS::DBInstance').filter((r) => r.resource.Properties!.DBClusterIdentifier !== undefined);
    expect(clusterInstances.map((r) => r.resource.Properties!.DBInstanceClass)).toEqual(['db.serverless']);
    for (const { resource } of resourcesOf(result, 'AWS::SecretsManager::Secret')) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties!.SecretString === undefined || JSON.stringify(resource.Properties!.SecretString).includes('{{resolve:secretsmanager:')).toBe(true);
    }
    // The database security groups start no connection.
    for (const { resource } of resourcesOf(result, 'AWS::EC2::SecurityGroup').filter((g) => String(g.resource.Properties!.GroupDescription).includes('RDS database'))) {
      expect(resource.Properties!.SecurityGroupEgress).toEqual([{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }]);
    }
  });

  test('caches: a Valkey replication group with a replica, encrypted at rest and in transit, a generated token, snapshotted', () => {
    const result = rendered.get('uploads')!;
    const tracer = new Tracer(result.files);
    const [group] = resourcesOf(result, 'AWS::ElastiCache::ReplicationGroup');
    expect(group.resource.Properties).toMatchObject({
      Engine: 'valkey',
      EngineVersion: '8.0',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      SnapshotRetentionLimit: 7,
    });
    expect(group.resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(tracer.trace(group.file, group.resource.Properties!.AuthToken)).toBe('{{resolve:secretsmanager:AWS::SecretsManager::Secret:CacheThumbnailCacheAuthToken.Ref:SecretString:token}}');
    expect((group.resource.Properties!.SecurityGroupIds as unknown[]).map((g) => tracer.trace(group.file, g))).toEqual(['AWS::EC2::SecurityGroup:CacheThumbnailCacheSecurityGroup.GroupId']);
  });
});
