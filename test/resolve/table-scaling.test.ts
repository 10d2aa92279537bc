/**
 * x-dynamodb `Scaling` (ECS ComposeX's syntax) in the resolve stage: the table's and its global
 * secondary indexes' capacities become scaling targets (CopyToIndexes copies Table to the indexes
 * Indexes leaves out); what Application Auto Scaling or DynamoDB would refuse is an error at its
 * key with a hint; an index left at a fixed capacity and a unit that scales nothing are warnings.
 */
import { errorsOf, expectOneError, pos, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;
const KEYS = 'AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: customer, AttributeType: S}, {AttributeName: day, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]';
/** The table's own key only (no index attributes). */
const KEY = 'AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]';
const THROUGHPUT = 'ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}';
const GSIS = `GlobalSecondaryIndexes: [{IndexName: by-customer, KeySchema: [{AttributeName: customer, KeyType: HASH}], Projection: {ProjectionType: ALL}, ${THROUGHPUT}}, {IndexName: by-day, KeySchema: [{AttributeName: day, KeyType: HASH}], Projection: {ProjectionType: KEYS_ONLY}, ${THROUGHPUT}}]`;
const CAPACITY = '{MinCapacity: 5, MaxCapacity: 100, TargetValue: 70}';

function table(scaling: string, properties = `${KEYS}, ${GSIS}, ${THROUGHPUT}`): string {
  return `${SERVICES}x-dynamodb:\n  orders:\n    Properties: {${properties}}\n    Scaling:\n${scaling}\n    Services: {api: {Access: RW}}\n`;
}

describe('x-dynamodb Scaling becomes scaling targets', () => {
  test('Table, one index in Indexes, CopyToIndexes for the other; cooldowns default to 60 s (ECS ComposeX)', () => {
    const yaml = table(
      `      Table:\n        ReadCapacityUnits: ${CAPACITY}\n        WriteCapacityUnits: {MinCapacity: 2, MaxCapacity: 20, TargetValue: 50.5, ScaleInCooldown: 120, DisableScaleIn: true}\n      Indexes:\n        by-day: {ReadCapacityUnits: {MinCapacity: 1, MaxCapacity: 10, TargetValue: 90, ScaleOutCooldown: 30}}\n      CopyToIndexes: true`,
    );
    const { warnings } = errorsOf(yaml);
    expect(warnings.filter((w) => w.code.startsWith('CX364'))).toEqual([]);
    const [orders] = resolveOk(yaml).resources.table;
    const copied = { minCapacity: 5, maxCapacity: 100, targetValue: 70, scaleInCooldown: 60, scaleOutCooldown: 60 };
    const write = { minCapacity: 2, maxCapacity: 20, targetValue: 50.5, scaleInCooldown: 120, scaleOutCooldown: 60, disableScaleIn: true };
    expect(orders.scaling).toEqual([
      { id: 'Read', dimension: 'ReadCapacityUnits', ...copied },
      { id: 'Write', dimension: 'WriteCapacityUnits', ...write },
      // GlobalSecondaryIndexes order; by-customer copies Table, by-day has its own (read only, as written)
      { index: 'by-customer', id: 'IndexByCustomerRead', dimension: 'ReadCapacityUnits', ...copied },
      { index: 'by-customer', id: 'IndexByCustomerWrite', dimension: 'WriteCapacityUnits', ...write },
      { index: 'by-day', id: 'IndexByDayRead', dimension: 'ReadCapacityUnits', minCapacity: 1, maxCapacity: 10, targetValue: 90, scaleInCooldown: 60, scaleOutCooldown: 30 },
    ]);
  });

  test('without CopyToIndexes an index not in Indexes keeps its capacity: warning CX3643 at Scaling', () => {
    const yaml = table(`      Table: {ReadCapacityUnits: ${CAPACITY}}\n      Indexes: {by-day: {WriteCapacityUnits: ${CAPACITY}}}`);
    const { model, errors, warnings } = errorsOf(yaml);
    expect(errors).toEqual([]);
    expect(model!.resources.table[0].scaling!.map((t) => `${t.index ?? ''}:${t.dimension}`)).toEqual([':ReadCapacityUnits', 'by-day:WriteCapacityUnits']);
    expect(warnings.filter((w) => w.code === 'CX3643')).toEqual([
      expect.objectContaining({
        message: "table 'orders' is scaled but its global secondary index 'by-customer' keeps its fixed ProvisionedThroughput (as in ECS ComposeX): writes to the table are throttled when an index runs out of write capacity",
        ...pos(yaml, 'Scaling'),
      }),
    ]);
  });

  test('a table without indexes: Table alone, no warning; a table without Scaling has none', () => {
    const yaml = table(`      Table: {WriteCapacityUnits: ${CAPACITY}}`, `${KEY}, ${THROUGHPUT}`);
    const { model, errors, warnings } = errorsOf(yaml);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code.startsWith('CX364'))).toEqual([]);
    expect(model!.resources.table[0].scaling!.map((t) => t.id)).toEqual(['Write']);
    expect(resolveOk(`${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEY}}\n    Services: {api: {Access: RW}}\n`).resources.table[0].scaling).toBeUndefined();
  });

  test('a unit with neither capacity scales nothing: warning CX3644 at it', () => {
    const yaml = table(`      Table: {}\n      CopyToIndexes: true`);
    const { model, warnings } = errorsOf(yaml);
    expect(model!.resources.table[0].scaling).toBeUndefined();
    expect(warnings.filter((w) => w.code === 'CX3644')).toEqual([expect.objectContaining({ message: 'x-dynamodb.orders.Scaling.Table has neither ReadCapacityUnits nor WriteCapacityUnits: it scales nothing (as in ECS ComposeX)', ...pos(yaml, 'Table') })]);
  });
});

describe('x-dynamodb Scaling mistakes are errors at their key with a hint', () => {
  test.each<[string, string, string, string, string, string?]>([
    [
      'an on-demand table (ECS ComposeX switched it to PROVISIONED)',
      table(`      Table: {ReadCapacityUnits: ${CAPACITY}}`, `${KEY}, BillingMode: PAY_PER_REQUEST`),
      'CX3642',
      "table 'orders' is on demand (BillingMode: PAY_PER_REQUEST): Application Auto Scaling scales provisioned capacity only",
      'BillingMode',
    ],
    [
      'no ProvisionedThroughput (composex makes it on demand)',
      table(`      Table: {ReadCapacityUnits: ${CAPACITY}}`, KEY),
      'CX3642',
      "table 'orders' has Scaling but no ProvisionedThroughput: without it the table is on demand (composex's default), which Application Auto Scaling cannot scale",
      'Scaling',
    ],
    [
      'a global secondary index without ProvisionedThroughput (CloudFormation requires it on a provisioned table)',
      table(`      Table: {ReadCapacityUnits: ${CAPACITY}}\n      CopyToIndexes: true`, `${KEYS}, ${GSIS.replace(`, ${THROUGHPUT}}]`, '}]')}, ${THROUGHPUT}`),
      'CX3642',
      "global secondary index 'by-day' of scaled table 'orders' has no ProvisionedThroughput: the indexes of a provisioned table need their own",
      '{IndexName: by-day',
    ],
    [
      'a looked-up table',
      `${SERVICES}x-dynamodb:\n  orders:\n    Lookup: {Arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"}\n    Scaling: {Table: {ReadCapacityUnits: ${CAPACITY}}}\n    Services: {api: {Access: RW}}\n`,
      'CX3642',
      "table 'orders' is looked up: composex scales only the tables it creates",
      'Scaling',
    ],
    [
      'an index the table does not have (did you mean)',
      table(`      Table: {ReadCapacityUnits: ${CAPACITY}}\n      Indexes: {by-costumer: {ReadCapacityUnits: ${CAPACITY}}}\n      CopyToIndexes: true`),
      'CX3641',
      "x-dynamodb.orders.Scaling.Indexes names 'by-costumer', which is not a global secondary index of table 'orders'",
      'by-costumer',
      "did you mean 'by-customer'?",
    ],
    [
      'a local secondary index (it uses the table capacity)',
      table(
        `      Table: {ReadCapacityUnits: ${CAPACITY}}\n      Indexes: {local: {ReadCapacityUnits: ${CAPACITY}}}`,
        `AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: day, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}, {AttributeName: day, KeyType: RANGE}], LocalSecondaryIndexes: [{IndexName: local, KeySchema: [{AttributeName: id, KeyType: HASH}, {AttributeName: day, KeyType: RANGE}], Projection: {ProjectionType: ALL}}], ${THROUGHPUT}`,
      ),
      'CX3641',
      "x-dynamodb.orders.Scaling.Indexes names 'local', which is not a global secondary index of table 'orders'",
      'local: {',
      "'local' is a local secondary index: it uses the table's capacity, which Table scales; remove it from Indexes",
    ],
    ['no Table (ECS ComposeX requires it)', table(`      Indexes: {by-day: {ReadCapacityUnits: ${CAPACITY}}}`), 'CX3640', 'x-dynamodb.orders.Scaling has no Table', 'Scaling'],
    ['a capacity without TargetValue', table('      Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 10}}\n      CopyToIndexes: true'), 'CX3640', 'x-dynamodb.orders.Scaling.Table.ReadCapacityUnits has no TargetValue', 'ReadCapacityUnits: {Min'],
    [
      'a target utilization above 90 % (ECS ComposeX accepted up to 100)',
      table('      Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 10, TargetValue: 95}}\n      CopyToIndexes: true'),
      'CX3640',
      "x-dynamodb.orders.Scaling.Table.ReadCapacityUnits.TargetValue is 95: DynamoDB's target utilization is a percentage from 20 to 90",
      '95',
    ],
    [
      'MaxCapacity under MinCapacity',
      table('      Table: {WriteCapacityUnits: {MinCapacity: 50, MaxCapacity: 10, TargetValue: 70}}\n      CopyToIndexes: true'),
      'CX3640',
      'x-dynamodb.orders.Scaling.Table.WriteCapacityUnits has MaxCapacity 10 under MinCapacity 50',
      '10, TargetValue',
    ],
    ['MinCapacity 0', table('      Table: {WriteCapacityUnits: {MinCapacity: 0, MaxCapacity: 10, TargetValue: 70}}\n      CopyToIndexes: true'), 'CX3302', 'x-dynamodb.orders.Scaling.Table.WriteCapacityUnits.MinCapacity must be an integer from 1 to 2147483647, not number 0', '0, MaxCapacity'],
    [
      'an unknown key in a capacity (did you mean)',
      table(`      Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 10, TargetValue: 70, ScaleInCoolDown: 30}}\n      CopyToIndexes: true`),
      'CX3301',
      "unknown key 'ScaleInCoolDown' in x-dynamodb.orders.Scaling.Table.ReadCapacityUnits",
      'ScaleInCoolDown',
      "did you mean 'ScaleInCooldown'?",
    ],
    ['an unknown key in Scaling', table(`      Table: {ReadCapacityUnits: ${CAPACITY}}\n      CopyToIndex: true`), 'CX3301', "unknown key 'CopyToIndex' in x-dynamodb.orders.Scaling", 'CopyToIndex', "did you mean 'CopyToIndexes'?"],
  ])('%s', (_name, yaml, code, message, marker, ...rest) => expectOneError(yaml, code, message, marker, rest[0]));
});
