/**
 * x-dynamodb tables in the templates: on demand, point-in-time recovery, KMS encryption and Retain
 * by default, secondary indexes passed through; each family's exact task-role statements for its
 * level (the table ARN, Query and Scan on `table/<name>/index/*`), the variables, a looked-up table
 * granted on exactly its ARN, and nothing for a service that is not listed; the render summary.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const LEGACY = 'arn:aws:dynamodb:eu-west-1:123456789012:table/legacy-orders';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: tables
services:
  api: {image: api}
  reports: {image: reports}
  bystander: {image: bystander}
x-dynamodb:
  orders:
    Properties:
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
        - {AttributeName: customer, AttributeType: S}
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      GlobalSecondaryIndexes:
        - IndexName: by-customer
          KeySchema: [{AttributeName: customer, KeyType: HASH}]
          Projection: {ProjectionType: KEYS_ONLY}
      StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
      PointInTimeRecoverySpecification: {RecoveryPeriodInDays: 14}
    Services:
      api: {Access: RW}
      reports: {Access: RO, ReturnValues: {Arn: ORDERS_ARN, StreamArn: ORDERS_STREAM}}
  counters:
    Properties:
      AttributeDefinitions: [{AttributeName: name, AttributeType: S}]
      KeySchema: [{AttributeName: name, KeyType: HASH}]
      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
    Services:
      api: {Access: PowerUser}
  legacy:
    Lookup: {Arn: "${LEGACY}"}
    Services:
      reports: {Access: RO}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const on = (actions: string[], resource: string) => actions.map((a) => `Allow ${a} on ${resource}`);
// Written out here, independently of src/resolve/resources/access.ts.
const READ = ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const INDEX = ['dynamodb:Query', 'dynamodb:Scan'];

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('tables: on demand unless provisioned, point-in-time recovery, KMS encryption, retained; indexes as written', () => {
  const tables = resourcesOf(result, 'AWS::DynamoDB::Table');
  expect(tables.map((t) => t.id)).toEqual(['TableCounters', 'TableOrders']);
  const [counters, orders] = tables;
  for (const { resource } of tables) {
    expect(resource.Properties).toMatchObject({ SSESpecification: { SSEEnabled: true } });
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  }
  expect(orders.resource.Properties).toMatchObject({
    BillingMode: 'PAY_PER_REQUEST',
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 },
    GlobalSecondaryIndexes: [{ IndexName: 'by-customer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  expect(counters.resource.Properties!.BillingMode).toBeUndefined();
  expect(counters.resource.Properties).toMatchObject({ ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
});

test('api: RW on orders and its indexes, PowerUser on counters, nothing else', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [
      ...on([...READ, ...WRITE], 'table:orders.Arn'),
      ...on(INDEX, 'table:orders.Arn/index/*'),
      ...on([...READ, ...WRITE, 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource', 'dynamodb:UpdateTimeToLive'], 'table:counters.Arn'),
      ...on(INDEX, 'table:counters.Arn/index/*'),
    ].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['COUNTERS=table:counters.Ref', 'ORDERS=table:orders.Ref']);
});

test('reports: RO on orders and on exactly the looked-up table; the values it asked for', () => {
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'TaskRole')).toEqual(
    [...on(READ, 'table:orders.Arn'), ...on(INDEX, 'table:orders.Arn/index/*'), ...on(READ, LEGACY), ...on(INDEX, `${LEGACY}/index/*`)].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Reports'), 'reports')).toEqual([
    'LEGACY=legacy-orders',
    'ORDERS=table:orders.Ref',
    'ORDERS_ARN=table:orders.Arn',
    'ORDERS_STREAM=table:orders.StreamArn',
  ]);
});

test('a service not listed under a table gets nothing of it', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole').filter((p) => p.includes('dynamodb:'))).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});

test('the render summary lists each family its table permissions and variables', () => {
  const dir = projectDir({
    'compose.yaml': `
name: summary
services:
  api: {image: api}
x-dynamodb:
  orders:
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
    Services: {api: {Access: RO}}
x-s3:
  media:
    Services: {api: {Access: {objects: StrictReadOnly, bucket: ListOnly}}}
`,
  });
  const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const text = formatSummary(compiled.model!, renderModel(compiled.model!));
  expect(text).toContain('    TaskRole: Allow dynamodb:BatchGetItem, dynamodb:DescribeTable, dynamodb:GetItem, dynamodb:Query, dynamodb:Scan on ${TableOrdersArn}');
  expect(text).toContain('    TaskRole: Allow dynamodb:Query, dynamodb:Scan on ${TableOrdersArn}/index/*');
  expect(text).toContain('    TaskRole: Allow s3:GetObject on ${BucketMediaArn}/*');
  expect(text).toContain('    TaskRole: Allow s3:GetBucketLocation, s3:GetBucketPublicAccessBlock, s3:ListBucket on ${BucketMediaArn}');
  expect(text).toContain('    x-dynamodb orders: RO; ORDERS=TableName in api');
  expect(text).toContain('    x-s3 media: objects: StrictReadOnly, bucket: ListOnly; MEDIA=BucketName in api');
});
