/**
 * x-sqs / x-sns / x-rds in the resolve stage: every mistake is an error at its position with a
 * hint, and valid declarations become exactly the grants they say.
 */
import type { ResourceGrant } from '../../src/resolve/model';
import { errorsOf, pos, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;


describe('mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string?]>([
    [
      'unknown service in Services (did you mean)',
      `${SERVICES}x-sqs:\n  q:\n    Services:\n      wroker: {Access: Consumer}\n`,
      'CX3001',
      "Services entry 'wroker' is not a service or family of this project",
      'wroker',
      "did you mean 'worker'?",
    ],
    [
      'unknown access level (did you mean)',
      `${SERVICES}x-sqs:\n  q:\n    Services:\n      api: {Access: Produce}\n`,
      'CX3602',
      "'Produce' is not an access level of an SQS queue",
      'Produce',
      "did you mean 'Producer'?",
    ],
    [
      'unknown queue in a dead-letter reference',
      `${SERVICES}x-sqs:\n  q:\n    Properties:\n      RedrivePolicy: {deadLetterTargetArn: x-sqs::dlqq, maxReceiveCount: 3}\n    Services: {api: {Access: Producer}}\n  dlq: {}\n`,
      'CX3603',
      "deadLetterTargetArn names queue 'dlqq', which is not under x-sqs",
      'x-sqs::dlqq',
      "did you mean 'dlq'?",
    ],
    [
      'unknown queue in a subscription',
      `${SERVICES}x-sqs:\n  orders: {Services: {worker: {Access: Consumer}}}\nx-sns:\n  t:\n    Properties:\n      Subscription: [{Endpoint: "x-sqs::order", Protocol: sqs}]\n`,
      'CX3603',
      "subscription endpoint names queue 'order', which is not under x-sqs",
      '"x-sqs::order"',
      "did you mean 'orders'?",
    ],
    [
      'a subscription to something that is not a queue',
      `${SERVICES}x-sns:\n  t:\n    Properties:\n      Subscription: [{Endpoint: "https://example.com/hook", Protocol: https}]\n`,
      'CX3604',
      "subscription 0 of topic 't' uses protocol 'https'",
      'https}',
    ],
    [
      'a subscription to another topic',
      `${SERVICES}x-sns:\n  t:\n    Properties:\n      Subscription: [{Endpoint: "x-sns::u"}]\n  u: {}\n`,
      'CX3604',
      "subscription endpoint 'x-sns::u' of topic 't' is not an x-sqs queue",
      '"x-sns::u"',
    ],
    [
      'an unknown CloudFormation property (did you mean)',
      `${SERVICES}x-sqs:\n  q:\n    Properties: {VisibilityTimout: 30}\n    Services: {api: {Access: Producer}}\n`,
      'CX3605',
      "AWS::SQS::Queue has no property 'VisibilityTimout'",
      'VisibilityTimout',
      "did you mean 'VisibilityTimeout'?",
    ],
    [
      'a publicly accessible database',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4", PubliclyAccessible: true}\n    Services: {api: {Access: RW}}\n`,
      'CX3606',
      "database 'db' would be publicly accessible",
      'true}',
    ],
    [
      'an unencrypted queue',
      `${SERVICES}x-sqs:\n  q:\n    Properties: {SqsManagedSseEnabled: false}\n    Services: {api: {Access: Producer}}\n`,
      'CX3606',
      "queue 'q' would not be encrypted at rest",
      'false}',
    ],
    [
      'a property composex manages',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: mysql, EngineVersion: "8.0.39", DBSecurityGroups: [sg-1]}\n    Services: {api: {Access: RW}}\n`,
      'CX3606',
      'x-rds.db.Properties.DBSecurityGroups is set by composex',
      'DBSecurityGroups',
    ],
    [
      'an engine that is not supported (did you mean)',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgress, EngineVersion: "16.4"}\n    Services: {api: {Access: RW}}\n`,
      'CX3610',
      "'postgress' is not an engine composex supports",
      'postgress',
      "did you mean 'postgres'?",
    ],
    [
      'no engine version',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres}\n    Services: {api: {Access: RW}}\n`,
      'CX3610',
      "database 'db' gives no EngineVersion",
      'db:',
    ],
    [
      'an engine version written as a number (YAML reads 16.10 as 16.1)',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: 16.10}\n    Services: {api: {Access: RW}}\n`,
      'CX3610',
      'EngineVersion is written as a number (16.1); YAML may have changed it (16.10 reads as 16.1)',
      '16.10}',
      'quote it, e.g. EngineVersion: "16.4"',
    ],
    [
      'an engine version of another engine',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: mysql, EngineVersion: "16"}\n    Services: {api: {Access: RW}}\n`,
      'CX3610',
      "'16' is not an engine version of mysql",
      '"16"}',
      'write the version as RDS lists it for mysql, e.g. "8.0.39"',
    ],
    [
      'an Aurora MySQL version with a malformed suffix',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.aurora-3"}\n    Services: {api: {Access: RW}}\n`,
      'CX3610',
      "'8.0.aurora-3' is not an engine version of aurora-mysql",
      '"8.0.aurora-3"}',
    ],
    [
      'a FIFO queue with a standard dead-letter queue',
      `${SERVICES}x-sqs:\n  q:\n    Properties: {FifoQueue: true, RedrivePolicy: {deadLetterTargetArn: dlq, maxReceiveCount: 3}}\n    Services: {api: {Access: Producer}}\n  dlq: {}\n`,
      'CX3611',
      "the dead-letter queue of FIFO queue 'q' must be a FIFO queue too",
      'dlq,',
    ],
    [
      'a resource variable that the service also sets',
      `services:\n  api: {image: api, environment: {JOBS: "x"}}\nx-sqs:\n  jobs:\n    Services: {api: {Access: Producer}}\n`,
      'CX3607',
      "JOBS of service 'api' is set by x-sqs 'jobs' and by its environment (compose.yaml:2:35)",
      'Services',
    ],
    [
      'a Lookup that is not an SQS ARN',
      `${SERVICES}x-sqs:\n  q:\n    Lookup: {Arn: "arn:aws:sns:eu-west-1:123456789012:q"}\n    Services: {api: {Access: Producer}}\n`,
      'CX3608',
      "'arn:aws:sns:eu-west-1:123456789012:q' is not the ARN of an SQS resource",
      '"arn:aws:sns',
    ],
    [
      'a FIFO queue name without .fifo',
      `${SERVICES}x-sqs:\n  q:\n    Properties: {FifoQueue: true, QueueName: work}\n    Services: {api: {Access: Producer}}\n`,
      'CX3601',
      "'work' is not a valid FIFO queue name",
      'work}',
      'a FIFO queue name ends with .fifo: letters, digits, - and _, at most 80 characters in all',
    ],
    [
      'a topic name with a space',
      `${SERVICES}x-sns:\n  t:\n    Properties: {TopicName: "my topic"}\n    Services: {api: {Access: Publish}}\n`,
      'CX3601',
      "'my topic' is not a valid topic name",
      '"my topic"',
      'letters, digits, - and _, at most 256 characters (only FIFO topics end with .fifo)',
    ],
    [
      'DBCluster access on a DB instance',
      `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4"}\n    Services: {api: {Access: {DBCluster: RO}}}\n`,
      'CX3602',
      'DBCluster access applies to Aurora clusters, and this database is a DB instance',
      'DBCluster',
    ],
  ])('%s', (_name, yaml, code, message, marker, ...rest) => {
    // (a rest parameter: jest would take a sixth declared parameter for a `done` callback)
    const hint = rest[0];
    const { model, errors } = errorsOf(yaml);
    expect(model).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, message, ...pos(yaml, marker) });
    if (hint) expect(errors[0].hint).toBe(hint);
    expect(errors[0].hint).toBeTruthy();
  });

  test('a dead-letter cycle is one error', () => {
    const yaml = `${SERVICES}x-sqs:\n  a:\n    Properties: {RedrivePolicy: {deadLetterTargetArn: b, maxReceiveCount: 3}}\n    Services: {api: {Access: Producer}}\n  b:\n    Properties: {RedrivePolicy: {deadLetterTargetArn: a, maxReceiveCount: 3}}\n`;
    const { errors } = errorsOf(yaml);
    expect(errors.map((e) => [e.code, e.message])).toEqual([['CX3611', 'dead-letter queues form a cycle: a → b → a']]);
  });

  test('the secret value never appears in a diagnostic', () => {
    const yaml = `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4", MasterUserPassword: "s3cr3t-Value!"}\n`;
    const { errors, warnings } = errorsOf(yaml);
    expect(JSON.stringify([...errors, ...warnings])).not.toContain('s3cr3t-Value!');
  });
});

describe('warnings', () => {
  test('a literal database password (CX3609), a subnet group or security groups (CX3624): ignored as ECS ComposeX ignored them, each warned at its key', () => {
    const yaml = `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: mysql, EngineVersion: "8.0.39", MasterUserPassword: hunter2, DBSubnetGroupName: mine, VPCSecurityGroups: [sg-1]}\n    Services: {api: {Access: RW}}\n`;
    const { model, errors, warnings } = errorsOf(yaml);
    expect(errors).toEqual([]);
    const found = warnings.filter((w) => w.code === 'CX3609' || w.code === 'CX3624').map((w) => [w.code, w.line, w.column]);
    expect(found).toEqual([
      ['CX3609', pos(yaml, 'MasterUserPassword').line, pos(yaml, 'MasterUserPassword').column],
      ['CX3624', pos(yaml, 'DBSubnetGroupName').line, pos(yaml, 'DBSubnetGroupName').column],
      ['CX3624', pos(yaml, 'VPCSecurityGroups').line, pos(yaml, 'VPCSecurityGroups').column],
    ]);
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
    const db = model!.resources.database[0];
    expect(Object.keys(db.properties).sort()).toEqual([]);
  });

  test('a resource nobody uses; a dead-letter or subscribed queue is used through its source', () => {
    const yaml = `${SERVICES}x-sqs:\n  q:\n    Properties: {RedrivePolicy: {deadLetterTargetArn: dlq, maxReceiveCount: 3}}\n    Services: {api: {Access: Producer}}\n  dlq: {}\n  fed: {}\n  lonely: {}\nx-sns:\n  t:\n    Properties: {Subscription: [{Endpoint: "x-sqs::fed"}]}\n    Services: {api: {Access: Publish}}\n`;
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    expect(warnings.map((w) => [w.code, w.message, w.line, w.column])).toEqual([['CX3612', "no service may use queue 'lonely'", pos(yaml, 'lonely').line, pos(yaml, 'lonely').column]]);
  });

  test('RO on a database says it is not enforced; with an IAM database user it is not warned', () => {
    const yaml = `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4", EnableIAMDatabaseAuthentication: true}\n    Services:\n      api: {Access: RO}\n      jobs: {Access: RO, DbUser: reporting}\n`;
    const { model, warnings } = errorsOf(yaml);
    expect(model).toBeDefined();
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['CX3613', pos(yaml, 'RO}').line]]);
  });

  test('a resource whose Services entries are all refused gets their errors, not also "unused"', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-sqs:\n  q:\n    Services: {apii: {Access: Producer}, api: {Access: Produce}}\n`);
    expect(model).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test('a KMS key by alias cannot be scoped', () => {
    const yaml = `${SERVICES}x-sqs:\n  q:\n    Properties: {KmsMasterKeyId: alias/mine}\n    Services: {api: {Access: Producer}}\n`;
    const { warnings } = errorsOf(yaml);
    expect(warnings.map((w) => w.code)).toEqual(['CX3614']);
  });
});

describe('grants', () => {
  const grant = (grants: readonly ResourceGrant[], resource: string, family: string) => grants.find((g) => g.resource === resource && g.family === family);

  test('a family name grants to the task of the family and variables to all its containers; a service only to itself', () => {
    const model = resolveOk(`${SERVICES}x-sqs:\n  q:\n    Services:\n      jobs: {Access: Consumer}\n      api: {Access: Producer, ReturnValues: {Arn: Q_ARN, QueueName: Q_NAME}}\n`);
    expect(model.grants.map((g) => `${g.resource} ${g.family} [${g.services.join(',')}] ${g.access}`)).toEqual(['q api [api] Producer', 'q jobs [cron,worker] Consumer']);
    expect(grant(model.grants, 'q', 'api')!.environment).toEqual([
      { name: 'Q', attribute: 'Url' },
      { name: 'Q_ARN', attribute: 'Arn' },
      { name: 'Q_NAME', attribute: 'QueueName' },
    ]);
    expect(grant(model.grants, 'q', 'jobs')!.permissions).toEqual([
      { scope: { on: 'resource' }, actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'] },
    ]);
  });

  test('the ECS ComposeX list form of Services is accepted', () => {
    const model = resolveOk(`${SERVICES}x-sqs:\n  q:\n    Services:\n      - name: api\n        access: RWMessages\n`);
    expect(model.grants.map((g) => [g.family, g.access, g.permissions[0].actions.length])).toEqual([['api', 'RWMessages', 6]]);
  });

  test('a customer KMS key given by ARN adds exactly the KMS actions of the level on that key', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const model = resolveOk(`${SERVICES}x-sqs:\n  q:\n    Properties: {KmsMasterKeyId: "${key}"}\n    Services: {api: {Access: Producer}, jobs: {Access: Consumer}}\n`);
    expect(grant(model.grants, 'q', 'api')!.permissions[1]).toEqual({ scope: { on: 'kmsKey', keyArn: key }, actions: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    expect(grant(model.grants, 'q', 'jobs')!.permissions[1]).toEqual({ scope: { on: 'kmsKey', keyArn: key }, actions: ['kms:Decrypt'] });
  });

  test('databases: defaults, SecretsMappings, GrantTaskAccess, IAM user, ingress on the port', () => {
    const model = resolveOk(
      `${SERVICES}x-rds:\n  orders-db:\n    Properties: {Engine: mysql, EngineVersion: "8.0.39", EnableIAMDatabaseAuthentication: true}\n    Services:\n      api: {Access: RW, GrantTaskAccess: true, DbUser: app}\n      jobs:\n        Access: {DBInstance: RO}\n        SecretsMappings: {PrefixWithDbName: DB, Mappings: {host: HOST, password: PASS}}\n`,
    );
    const [db] = model.resources.database;
    expect(db).toMatchObject({ name: 'orders-db', kind: 'instance', engine: 'mysql', port: 3306, databaseName: 'orders_db', masterUsername: 'dbadmin', deletionProtection: true, backupRetentionDays: 7, consumers: ['api', 'jobs'] });
    const api = grant(model.grants, 'orders-db', 'api')!;
    expect(api.secrets.map((s) => s.name)).toEqual(['ORDERS_DB_HOST', 'ORDERS_DB_PORT', 'ORDERS_DB_USERNAME', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_DBNAME']);
    expect(api.environment).toEqual([{ name: 'ORDERS_DB_SECRET_ARN', attribute: 'SecretArn' }]);
    expect(api.permissions).toEqual([
      { scope: { on: 'secret' }, actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] },
      { scope: { on: 'dbUser', user: 'app' }, actions: ['rds-db:connect'] },
    ]);
    const jobs = grant(model.grants, 'orders-db', 'jobs')!;
    expect(jobs.secrets).toEqual([
      { name: 'DB_HOST', secret: 'credentials', jsonKey: 'host' },
      { name: 'DB_PASS', secret: 'credentials', jsonKey: 'password' },
    ]);
    expect(jobs.permissions).toEqual([{ scope: { on: 'resource' }, actions: ['rds:DescribeDBInstances'] }]);
    expect(model.ingress.filter((r) => r.target.kind === 'resource' && r.target.resource === 'database').map((r) => `${(r.source as { family: string }).family} ${r.fromPort}`)).toEqual(['api 3306', 'jobs 3306']);
  });

  test('a looked-up queue keeps its ARN; its FIFO-ness comes from the name', () => {
    const model = resolveOk(`${SERVICES}x-sqs:\n  legacy:\n    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:legacy.fifo"}\n    Services: {api: {Access: Producer}}\n`);
    expect(model.resources.queue[0]).toMatchObject({ name: 'legacy', existingArn: 'arn:aws:sqs:eu-west-1:123456789012:legacy.fifo', fifo: true });
  });
});
