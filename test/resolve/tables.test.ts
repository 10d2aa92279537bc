/**
 * x-dynamodb in the resolve stage: mistakes and weakened defaults are errors at their position with
 * a hint (no point-in-time recovery, no KMS encryption, key schemas CloudFormation would refuse,
 * unknown levels and services, a Lookup that needs AWS calls, a stream that does not exist), and
 * valid declarations become exactly the grants they say: the table and its indexes.
 */
import { DYNAMODB_ACCESS } from '../../src/resolve/resources/access';
import { errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;

const KEYS = 'AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]';


describe('x-dynamodb mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string?]>([
    [
      'point-in-time recovery turned off',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}\n    Services: {api: {Access: RW}}\n`,
      'CX3606',
      "table 't' would have no point-in-time recovery",
      'false}',
    ],
    [
      'KMS encryption turned off',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}, SSESpecification: {SSEEnabled: false}}\n    Services: {api: {Access: RW}}\n`,
      'CX3606',
      "table 't' would be encrypted with an AWS owned key only",
      'false}',
    ],
    [
      'an unknown CloudFormation property (did you mean)',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}, BilingMode: PROVISIONED}\n    Services: {api: {Access: RW}}\n`,
      'CX3605',
      "AWS::DynamoDB::Table has no property 'BilingMode'",
      'BilingMode',
      "did you mean 'BillingMode'?",
    ],
    [
      'no key schema',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {AttributeDefinitions: [{AttributeName: id, AttributeType: S}]}\n    Services: {api: {Access: RW}}\n`,
      'CX3633',
      "table 't' has no KeySchema",
      'Properties',
    ],
    [
      'a key attribute of an index not defined',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties:\n      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n      KeySchema: [{AttributeName: id, KeyType: HASH}]\n      GlobalSecondaryIndexes: [{IndexName: by-customer, KeySchema: [{AttributeName: customer, KeyType: HASH}], Projection: {ProjectionType: ALL}}]\n    Services: {api: {Access: RW}}\n`,
      'CX3633',
      "key attribute 'customer' of table 't' is not in AttributeDefinitions",
      'customer, KeyType',
    ],
    [
      'an attribute defined that is no key',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties:\n      AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: total, AttributeType: N}]\n      KeySchema: [{AttributeName: id, KeyType: HASH}]\n    Services: {api: {Access: RW}}\n`,
      'CX3633',
      "attribute 'total' of table 't' is defined but is no key",
      'total',
    ],
    [
      'on demand with provisioned throughput',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}, BillingMode: PAY_PER_REQUEST, ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}\n    Services: {api: {Access: RW}}\n`,
      'CX3601',
      "table 't' is on demand (PAY_PER_REQUEST) and sets ProvisionedThroughput",
      'ProvisionedThroughput',
    ],
    [
      'an unknown access level (did you mean)',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services: {api: {Access: ReadOnly}}\n`,
      'CX3602',
      "'ReadOnly' is not an access level of a DynamoDB table",
      'ReadOnly',
    ],
    [
      'a wildcard as a level',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services: {api: {Access: "dynamodb:*"}}\n`,
      'CX3602',
      "'dynamodb:*' is not an access level of a DynamoDB table",
      '"dynamodb:*"',
    ],
    [
      'an unknown service (did you mean)',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services: {wroker: {Access: RW}}\n`,
      'CX3001',
      "Services entry 'wroker' is not a service or family of this project",
      'wroker',
      "did you mean 'worker'?",
    ],
    [
      'the stream of a table without one',
      `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services: {api: {Access: RO, ReturnValues: {StreamArn: T_STREAM}}}\n`,
      'CX3634',
      "return value 'StreamArn' does not exist here: the table has no StreamSpecification",
      'StreamArn',
    ],
    [
      'a Lookup by tags without composex.lock.json (composex lookup answers it)',
      `${SERVICES}x-dynamodb:\n  t:\n    Lookup: {Tags: [{name: t}]}\n    Services: {api: {Access: RO}}\n`,
      'CX3680',
      'x-dynamodb.t Lookup needs composex.lock.json, which is not there (composex renders offline)',
      'Lookup',
    ],
    [
      'a Lookup ARN of another service',
      `${SERVICES}x-dynamodb:\n  t:\n    Lookup: {Arn: "arn:aws:s3:::orders"}\n    Services: {api: {Access: RO}}\n`,
      'CX3608',
      "'arn:aws:s3:::orders' is not the ARN of a DynamoDB table",
      '"arn:aws:s3',
    ],
  ])('%s', (_name, yaml, code, message, marker, ...rest) => expectOneError(yaml, code, message, marker, rest[0]));
});

describe('x-dynamodb grants', () => {
  test('each level on the table, and Query / Scan on its indexes; the table name in <NAME>', () => {
    const model = resolveOk(`${SERVICES}x-dynamodb:\n  orders:\n    Properties: {${KEYS}, StreamSpecification: {StreamViewType: NEW_IMAGE}}\n    Services:\n      api: {Access: RW}\n      jobs: {Access: RO, ReturnValues: {Arn: ORDERS_ARN, StreamArn: ORDERS_STREAM}}\n`);
    const [api, jobs] = model.grants;
    expect(api).toMatchObject({
      kind: 'table',
      family: 'api',
      access: 'RW',
      permissions: [
        { scope: { on: 'resource' }, actions: DYNAMODB_ACCESS.RW.on![''] },
        { scope: { on: 'resource', suffix: '/index/*' }, actions: ['dynamodb:Query', 'dynamodb:Scan'] },
      ],
      environment: [{ name: 'ORDERS', attribute: 'TableName' }],
    });
    expect(jobs).toMatchObject({
      family: 'jobs',
      services: ['cron', 'worker'],
      permissions: [
        { scope: { on: 'resource' }, actions: ['dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'] },
        { scope: { on: 'resource', suffix: '/index/*' }, actions: ['dynamodb:Query', 'dynamodb:Scan'] },
      ],
      environment: [
        { name: 'ORDERS', attribute: 'TableName' },
        { name: 'ORDERS_ARN', attribute: 'Arn' },
        { name: 'ORDERS_STREAM', attribute: 'StreamArn' },
      ],
    });
    expect(model.resources.table[0]).toMatchObject({ name: 'orders', stream: true });
  });

  test('the ECS ComposeX list form and Settings.EnvNames; a table nobody uses is warned about', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-dynamodb:\n  a:\n    Properties: {${KEYS}}\n    Settings: {EnvNames: [TABLE_A]}\n    Services: [{name: api, access: RO}]\n  b:\n    Properties: {${KEYS}}\n`);
    expect(model!.grants.map((g) => [g.resource, g.family, g.access, g.environment])).toEqual([['a', 'api', 'RO', [{ name: 'TABLE_A', attribute: 'TableName' }]]]);
    expect(warnings.map((w) => w.message)).toEqual(["no service may use table 'b'"]);
  });
});
