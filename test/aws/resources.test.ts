/**
 * Generation of x- resources beyond the examples: looked-up resources (values known at render
 * time), customer KMS keys, IAM database authentication, Aurora instances, FIFO, and splitting
 * many resources over stacks within the CloudFormation limits. Read from the templates.
 */
import { MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, policyChars } from '../../src/aws/policy-size';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

function render(text: string) {
  const result = renderProject({ cwd: projectDir({ 'compose.yaml': text }) });
  return { result, tracer: new Tracer(result.files) };
}

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('resources in detail', () => {
  const { result, tracer } = render(`
name: detail
services:
  api: {image: api}
  worker: {image: worker}
x-sqs:
  legacy:
    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:legacy"}
    Services: {api: {Access: Producer, ReturnValues: {Arn: LEGACY_ARN, QueueName: LEGACY_NAME}}}
  sealed:
    Properties: {KmsMasterKeyId: "${KEY}", FifoQueue: true, ContentBasedDeduplication: true}
    Services: {api: {Access: Producer}, worker: {Access: Consumer}}
x-sns:
  events:
    Lookup: {Arn: "arn:aws:sns:eu-west-1:123456789012:events"}
    Services: {worker: {Access: Publish}}
x-rds:
  main:
    Properties: {Engine: aurora-mysql, EngineVersion: "8.0.mysql_aurora.3.08.0", EnableIAMDatabaseAuthentication: true}
    MacroParameters: {Instances: 2}
    Settings: {DeletionProtection: false}
    Services:
      worker: {Access: {DBCluster: RO}, DbUser: app, GrantTaskAccess: {SecretEnvName: MAIN_SECRET}}
`);

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('a looked-up queue or topic is written as its ARN (and URL) directly: nothing is created for it', () => {
    const api = tracer.familyFile('Api');
    expect(containerVariables(tracer, api, 'api')).toEqual([
      'LEGACY=https://sqs.eu-west-1.amazonaws.com/123456789012/legacy',
      'LEGACY_ARN=arn:aws:sqs:eu-west-1:123456789012:legacy',
      'LEGACY_NAME=legacy',
      'SEALED=queue:sealed.Ref',
    ]);
    expect(resourcesOf(result, 'AWS::SQS::Queue').map((q) => q.id)).toEqual(['QueueSealed']);
    expect(resourcesOf(result, 'AWS::SNS::Topic')).toEqual([]);
    expect(result.files.map((f) => f.path)).not.toContain('Topics.json');
  });

  test('a customer key: producers may generate data keys and decrypt (to verify them), consumers decrypt, on that key only', () => {
    expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual([
      `Allow kms:Decrypt on ${KEY}`,
      `Allow kms:GenerateDataKey on ${KEY}`,
      'Allow sqs:GetQueueAttributes on arn:aws:sqs:eu-west-1:123456789012:legacy',
      'Allow sqs:GetQueueAttributes on queue:sealed.Arn',
      'Allow sqs:GetQueueUrl on arn:aws:sqs:eu-west-1:123456789012:legacy',
      'Allow sqs:GetQueueUrl on queue:sealed.Arn',
      'Allow sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:legacy',
      'Allow sqs:SendMessage on queue:sealed.Arn',
    ]);
    const [queue] = resourcesOf(result, 'AWS::SQS::Queue');
    expect(queue.resource.Properties).toMatchObject({ KmsMasterKeyId: KEY, FifoQueue: true, ContentBasedDeduplication: true });
    expect(queue.resource.Properties!.SqsManagedSseEnabled).toBeUndefined();
  });

  test('IAM database authentication is scoped to the one user of that cluster; GrantTaskAccess reads that secret only', () => {
    expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole')).toEqual([
      `Allow kms:Decrypt on ${KEY}`,
      'Allow rds-db:connect on arn:AWS::Partition:rds-db:AWS::Region:AWS::AccountId:dbuser:database:main.DBClusterResourceId/app',
      'Allow rds:DescribeDBClusters on database:main.DBClusterArn',
      'Allow secretsmanager:DescribeSecret on AWS::SecretsManager::Secret:DatabaseMainSecret.Ref',
      'Allow secretsmanager:GetSecretValue on AWS::SecretsManager::Secret:DatabaseMainSecret.Ref',
      'Allow sns:Publish on arn:aws:sns:eu-west-1:123456789012:events',
      'Allow sqs:ChangeMessageVisibility on queue:sealed.Arn',
      'Allow sqs:DeleteMessage on queue:sealed.Arn',
      'Allow sqs:GetQueueAttributes on queue:sealed.Arn',
      'Allow sqs:GetQueueUrl on queue:sealed.Arn',
      'Allow sqs:ReceiveMessage on queue:sealed.Arn',
    ]);
    expect(containerVariables(tracer, tracer.familyFile('Worker'), 'worker')).toContain('MAIN_SECRET=AWS::SecretsManager::Secret:DatabaseMainSecret.Ref');
  });

  test('an Aurora cluster with two instances, deletion protection turned off by the setting', () => {
    const [cluster] = resourcesOf(result, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties).toMatchObject({ Engine: 'aurora-mysql', Port: 3306, DeletionProtection: false, EnableIAMDatabaseAuthentication: true, DatabaseName: 'main' });
    const instances = resourcesOf(result, 'AWS::RDS::DBInstance');
    expect(instances.map((i) => [i.id, i.resource.Properties!.DBInstanceClass, tracer.trace(i.file, i.resource.Properties!.DBClusterIdentifier)])).toEqual([
      ['DatabaseMainInstance1', 'db.t4g.medium', 'database:main.Ref'],
      ['DatabaseMainInstance2', 'db.t4g.medium', 'database:main.Ref'],
    ]);
  });
});

describe('a KMS-encrypted queue a topic delivers to', () => {
  const text = `
name: sealed
services:
  api: {image: api}
  worker: {image: worker}
  both: {image: both}
x-sqs:
  orders:
    Properties: {KmsMasterKeyId: "${KEY}"}
    Services: {api: {Access: Producer}, worker: {Access: Consumer}, both: {Access: RWMessages}}
  plain:
    Services: {worker: {Access: Consumer}}
x-sns:
  events:
    Properties: {Subscription: [{Endpoint: "x-sqs::orders"}, {Endpoint: "x-sqs::plain"}]}
    Services: {api: {Access: Publish}}
`;
  const { result, tracer } = render(text);

  test('renders, with the key policy warning (CX3622) and nothing else', () => {
    expect(result.warnings.filter((w) => w !== 'CX3701')).toEqual(['CX3622']); // CX3701: images from Docker Hub
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const [queue] = resourcesOf(result, 'AWS::SQS::Queue').filter((q) => q.id === 'QueueOrders');
    expect(queue.resource.Properties!.KmsMasterKeyId).toBe(KEY);
    expect(resourcesOf(result, 'AWS::SNS::Subscription')).toHaveLength(2);
  });

  const kms = (family: string) => rolePairs(tracer, tracer.familyFile(family), 'TaskRole').filter((p) => p.includes('kms:'));
  test('a producer may generate data keys and decrypt (SendMessage verifies a new data key), on that key only', () => {
    expect(kms('Api')).toEqual([`Allow kms:Decrypt on ${KEY}`, `Allow kms:GenerateDataKey on ${KEY}`]);
  });
  test('a consumer may decrypt only, on that key only (the queue with SQS-managed keys needs no KMS permission)', () => {
    expect(kms('Worker')).toEqual([`Allow kms:Decrypt on ${KEY}`]);
  });
  test('RWMessages: both', () => {
    expect(kms('Both')).toEqual([`Allow kms:Decrypt on ${KEY}`, `Allow kms:GenerateDataKey on ${KEY}`]);
  });
});

describe('many resources are split over stacks within the CloudFormation limits', () => {
  const queues = 120;
  const topics = 100;
  const databases = 25;
  const lines = ['name: big', 'services:', '  api: {image: api}', 'x-sqs:'];
  for (let i = 0; i < queues; i++) {
    lines.push(`  q${i}:`);
    if (i % 2 === 0) lines.push(`    Properties: {RedrivePolicy: {deadLetterTargetArn: q${i + 1}, maxReceiveCount: 3}}`);
    lines.push('    Services: {api: {Access: RWMessages}}');
  }
  lines.push('x-sns:');
  for (let i = 0; i < topics; i++) lines.push(`  t${i}:`, `    Properties: {Subscription: [{Endpoint: "x-sqs::q${i}"}]}`, '    Services: {api: {Access: Publish}}');
  lines.push('x-rds:');
  for (let i = 0; i < databases; i++) lines.push(`  db${i}:`, '    Properties: {Engine: postgres, EngineVersion: "16.4"}', '    Services: {api: {Access: RW, SecretsMappings: {PrefixWithDbName: DB' + i + '}}}');
  const { result, tracer } = render(lines.join('\n') + '\n');

  test('every template within 500 resources, 200 parameters, 200 outputs and 1 MB', () => {
    for (const f of result.files) {
      expect(Object.keys(f.template.Resources ?? {}).length).toBeLessThanOrEqual(500);
      expect(Object.keys(f.template.Parameters ?? {}).length).toBeLessThanOrEqual(200);
      expect(Object.keys(f.template.Outputs ?? {}).length).toBeLessThanOrEqual(200);
      expect(Buffer.byteLength(f.content)).toBeLessThanOrEqual(1024 * 1024);
    }
  });

  test('queues, topics and databases went to shards, each queue next to its dead-letter queue', () => {
    const paths = result.files.map((f) => f.path);
    expect(paths.some((p) => /^Queues\d\d(Part\d+)?\.json$/.test(p))).toBe(true);
    expect(paths.some((p) => /^Topics\d\d(Part\d+)?\.json$/.test(p))).toBe(true);
    expect(paths.some((p) => /^Databases\d\d(Part\d+)?\.json$/.test(p))).toBe(true);
    expect(resourcesOf(result, 'AWS::SQS::Queue')).toHaveLength(queues);
    expect(resourcesOf(result, 'AWS::SNS::Subscription')).toHaveLength(topics);
    for (const { file, resource } of resourcesOf(result, 'AWS::SQS::Queue')) {
      const redrive = resource.Properties!.RedrivePolicy as { deadLetterTargetArn: unknown } | undefined;
      if (redrive) expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^QueueQ\d+$/), 'Arn'] });
      void file;
    }
  });

  test('the api task role holds every resource within IAM limits: managed policies past the inline limit', () => {
    const file = tracer.familyFile('Api');
    const pairs = rolePairs(tracer, file, 'TaskRole');
    expect(pairs.filter((p) => p.startsWith('Allow sqs:SendMessage on queue:'))).toHaveLength(queues);
    expect(pairs.filter((p) => p.startsWith('Allow sns:Publish on topic:'))).toHaveLength(topics);
    const resources = tracer.template(file).Resources!;
    // 245 resource ARNs cannot fit the role's 10,240 inline characters
    expect(resources.TaskRole.Properties!.Policies).toBeUndefined();
    const managed = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');
    expect(managed.length).toBeGreaterThan(1);
    expect(managed.length).toBeLessThanOrEqual(MANAGED_POLICIES_PER_ROLE);
    for (const [id, policy] of managed) {
      expect(policy.Properties!.Roles).toEqual([{ Ref: 'TaskRole' }]);
      expect(policyChars(policy.Properties!.PolicyDocument)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
      // the tasks start once the role holds every permission
      expect(resources.Service.DependsOn).toContain(id);
    }
  });

  test('zero validator errors', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
