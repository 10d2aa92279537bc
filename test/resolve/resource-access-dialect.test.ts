/**
 * ECS ComposeX's access dialect at the resolve stage, with positions from real compose text:
 * `Services` entries with no `Access` (variables only, CX3626) and with `access` in lower case in
 * the mapping form (read as `Access`, CX3627), AWS SAM policy names for a table, the older SQS
 * levels, and what x-s3 reads of ECS ComposeX's files (`Lookup.Identifier`,
 * `s3-bucket-ssl-requests-only`, an owner-only `AccessControl`).
 */
import type { ResourceGrant } from '../../src/resolve/model';
import { errorsOf, pos, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;
const KEYS = 'AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]';

const grantOf = (grants: readonly ResourceGrant[] | undefined, family: string) => grants?.find((g) => g.family === family);
const brief = (d: { code: string; severity: string; file?: string; line?: number; column?: number }) => ({ code: d.code, severity: d.severity, file: d.file, line: d.line, column: d.column });

describe('a Services entry with no Access: the variables, no permission (ECS ComposeX reads it as {}), CX3626', () => {
  test.each([
    ['x-dynamodb', `x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services:\n      api:\n        ReturnValues: {Arn: T_ARN}\n`, 'table'],
    ['x-sns', `x-sns:\n  t:\n    Services:\n      api:\n        ReturnValues: {Arn: T_ARN}\n`, 'topic'],
    ['x-sqs', `x-sqs:\n  t:\n    Services:\n      api:\n        ReturnValues: {Arn: T_ARN}\n`, 'queue'],
  ])('%s: a warning at the entry, and a grant with the variables and no permission', (_key, resources, kind) => {
    const text = `${SERVICES}${resources}`;
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3626').map(brief)).toEqual([{ code: 'CX3626', severity: 'warning', ...pos(text, 'api:', 2) }]);
    expect(warnings.find((w) => w.code === 'CX3626')!.message).toBe(`Services entry 'api' of ${kind} 't' gives no Access: it gets the ${kind}'s variables and no permission on it (as in ECS ComposeX)`);
    const grant = grantOf(model?.grants, 'api')!;
    expect(grant.permissions).toEqual([]);
    expect(grant.environment.map((v) => v.name)).toEqual(['T', 'T_ARN']);
  });

  test('with Access there is no warning', () => {
    const { warnings } = errorsOf(`${SERVICES}x-sns:\n  t:\n    Services:\n      api: {Access: Publish}\n`);
    expect(warnings.map((w) => w.code)).not.toContain('CX3626');
  });

  test('a bucket still needs Access (ECS ComposeX granted its default there, not nothing): CX3602', () => {
    const text = `${SERVICES}x-s3:\n  b:\n    Services:\n      api: {ReturnValues: {Arn: B}}\n`;
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3602', severity: 'error', ...pos(text, 'api:', 2) }]);
  });
});

describe('`access` in lower case in the mapping form: read as Access, CX3627 (ECS ComposeX granted nothing for it)', () => {
  test('a table: the level is granted, with a warning at the key', () => {
    const text = `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services:\n      api:\n        access: RO\n`;
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3627').map(brief)).toEqual([{ code: 'CX3627', severity: 'warning', ...pos(text, 'access: RO') }]);
    expect(grantOf(model?.grants, 'api')?.access).toBe('RO');
    expect(grantOf(model?.grants, 'api')?.permissions.flatMap((p) => p.actions)).toContain('dynamodb:GetItem');
  });

  test('an unknown level written so is reported at its value, as with Access (CX3602)', () => {
    const text = `${SERVICES}x-sqs:\n  q:\n    Services:\n      api:\n        access: Produce\n`;
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3602', severity: 'error', ...pos(text, 'Produce') }]);
  });

  test('with Access beside it, access is an unknown key (CX3301) and Access is what counts', () => {
    const text = `${SERVICES}x-sqs:\n  q:\n    Services:\n      api:\n        Access: Producer\n        access: Consumer\n`;
    const { model, errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3301', severity: 'error', ...pos(text, 'access: Consumer') }]);
    expect(model).toBeUndefined();
  });

  test('the list form reads access as before, with no warning', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-sqs:\n  q:\n    Services:\n      - name: api\n        access: Producer\n`);
    expect(warnings.map((w) => w.code)).not.toContain('CX3627');
    expect(grantOf(model?.grants, 'api')?.access).toBe('Producer');
  });
});

describe('AWS SAM policy names for a table: exactly the actions of the composex level they are read as', () => {
  const table = (access: string) => `${SERVICES}x-dynamodb:\n  t:\n    Properties: {${KEYS}}\n    Services:\n      api: {Access: ${access}}\n`;
  const actionsOf = (access: string) => {
    const { model, errors } = errorsOf(table(access));
    expect(errors).toEqual([]);
    return grantOf(model?.grants, 'api')!;
  };

  test.each([
    ['DynamoDBCrudPolicy', 'RW'],
    ['DynamoDBReadPolicy', 'RO'],
  ])('%s is %s, with its permissions', (sam, level) => {
    const grant = actionsOf(sam);
    expect(grant.access).toBe(level);
    expect(grant.permissions).toEqual(actionsOf(level).permissions);
  });

  test('DynamoDBCrudPolicy grants SAM\'s ten actions on the table, and Query and Scan on its indexes', () => {
    const grant = actionsOf('DynamoDBCrudPolicy');
    const on = (suffix: string | undefined) => grant.permissions.find((p) => p.scope.on === 'resource' && p.scope.suffix === suffix)?.actions;
    expect(on(undefined)).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
    );
    expect(on('/index/*')).toEqual(['dynamodb:Query', 'dynamodb:Scan']);
  });

  test('DynamoDBWritePolicy writes items and reads nothing, on the table only', () => {
    const grant = actionsOf('DynamoDBWritePolicy');
    expect(grant.access).toBe('DynamoDBWritePolicy');
    expect(grant.permissions).toEqual([{ scope: { on: 'resource' }, actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }]);
  });

  test('another SAM template is no access level of a table (CX3602 at it)', () => {
    const text = table('DynamoDBStreamReadPolicy');
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3602', severity: 'error', ...pos(text, 'DynamoDBStreamReadPolicy') }]);
  });
});

describe('x-s3 Lookup.Identifier: the bucket by its name or ARN, no AWS call; with Tags, checked against what the tags find', () => {
  const bucket = (lookup: string) => `${SERVICES}x-s3:\n  b:\n    Lookup: ${lookup}\n    Services:\n      api: {Access: {objects: RW}}\n`;

  test.each([
    ['a name', '{Identifier: sacrificial-lamb}', 'arn:aws:s3:::sacrificial-lamb'],
    ['an ARN', '{Identifier: "arn:aws-cn:s3:::sacrificial-lamb"}', 'arn:aws-cn:s3:::sacrificial-lamb'],
  ])('Identifier: %s identifies the bucket as Name / Arn do', (_what, lookup, arn) => {
    const { model, errors } = errorsOf(bucket(lookup));
    expect(errors).toEqual([]);
    expect(model?.resources.bucket[0].existingArn).toBe(arn);
  });

  test.each([
    ['not a bucket name', '{Identifier: Sacrificial_Lamb}', 'Sacrificial_Lamb', "'Sacrificial_Lamb' is not an S3 bucket name"],
    ['not a bucket ARN', '{Identifier: "arn:aws:s3:eu-west-1:123456789012:b"}', '"arn:aws:s3:eu-west-1', 'is not the ARN of an S3 bucket'],
    ['with Name', '{Identifier: a-bucket, Name: b-bucket}', 'Identifier', "finds the bucket by Name and Identifier; give one of them"],
  ])('Identifier %s: CX3608 at it', (_what, lookup, marker, message) => {
    const text = bucket(lookup);
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3608', severity: 'error', ...pos(text, marker) }]);
    expect(errors[0].message).toContain(message);
  });

  const both = '{Identifier: sacrificial-lamb, Tags: {composex: "True"}}';
  const lockFound = (name: string) => ({
    version: 1,
    lookups: {
      'x-s3.b': {
        query: { kind: 'bucket' as const, resource: { tags: { composex: 'True' } } },
        answer: { name, arn: `arn:aws:s3:::${name}` },
        takenAt: '2026-12-01T00:00:00.000Z',
      },
    },
  });

  test('with Tags and no composex.lock.json: the lookup is refused at Lookup (CX3680), as a Lookup by Tags', () => {
    const text = bucket(both);
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3680', severity: 'error', ...pos(text, 'Lookup') }]);
  });

  test('with Tags that find the named bucket: that bucket, no diagnostic', async () => {
    const { resolveProject } = await import('../../src/resolve');
    const { compose } = await import('./fixtures');
    const { model, diagnostics } = resolveProject(compose(bucket(both)), { lock: lockFound('sacrificial-lamb') });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model?.resources.bucket[0].existingArn).toBe('arn:aws:s3:::sacrificial-lamb');
  });

  test('with Tags that find another bucket: CX3636 at Identifier, naming both', async () => {
    const { resolveProject } = await import('../../src/resolve');
    const { compose } = await import('./fixtures');
    const text = bucket(both);
    const { diagnostics } = resolveProject(compose(text), { lock: lockFound('other-bucket') });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual([{ code: 'CX3636', severity: 'error', ...pos(text, 'sacrificial-lamb') }]);
    expect(errors[0].message).toBe("Lookup of 'b' names bucket 'sacrificial-lamb' (Identifier), and its Tags find 'other-bucket' (composex.lock.json)");
  });
});

describe('the SQS levels of ECS ComposeX\'s first releases (its sqs page): RWPermissions read as RWMessages, RO granted as it was (CX3628)', () => {
  test('RWPermissions: RWMessages\'s actions, a warning at the value', () => {
    const text = `${SERVICES}x-sqs:\n  q:\n    Services:\n      api: {Access: RWPermissions}\n      cron: {Access: RWMessages}\n`;
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3628').map(brief)).toEqual([{ code: 'CX3628', severity: 'warning', ...pos(text, 'RWPermissions') }]);
    expect(warnings.find((w) => w.code === 'CX3628')!.hint).toContain('write Access: RWMessages');
    const api = grantOf(model?.grants, 'api')!;
    expect(api.access).toBe('RWMessages');
    expect(api.permissions).toEqual(grantOf(model?.grants, 'jobs')!.permissions);
  });

  test('RO: granted as it was, send, receive and change visibility, never delete; CX3628 at the value saying so, the hint the levels that fit', () => {
    const text = `${SERVICES}x-sqs:\n  q:\n    Services:\n      - name: api\n        access: RO\n`;
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    const found = warnings.filter((w) => w.code === 'CX3628');
    expect(found.map(brief)).toEqual([{ code: 'CX3628', severity: 'warning', ...pos(text, 'RO') }]);
    expect(found[0].message).toContain('it allowed sending and receiving messages but not deleting them');
    expect(found[0].hint).toContain('write Consumer to receive and delete messages');
    const actions = grantOf(model?.grants, 'api')!.permissions.flatMap((p) => p.actions);
    expect([...actions].sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage']);
  });

  test('only on x-sqs: RWPermissions is no level of a topic (CX3602)', () => {
    const text = `${SERVICES}x-sns:\n  t:\n    Services:\n      api: {Access: RWPermissions}\n`;
    expect(errorsOf(text).errors.map((e) => e.code)).toEqual(['CX3602']);
  });
});

describe('x-s3 in ECS ComposeX\'s full_s3_bucket_properties.yml: what means nothing more than composex does is accepted with a warning', () => {
  const bucket = (properties: string, access = '{objects: RW}') => `${SERVICES}x-s3:\n  b:\n    Properties: ${properties}\n    Services:\n      api:\n        Access: ${access}\n`;

  test.each([['BucketOwnerFullControl'], ['Private']])('AccessControl: %s is left out (CX3638 at the key)', (acl) => {
    const text = bucket(`{AccessControl: ${acl}}`);
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3638').map(brief)).toEqual([{ code: 'CX3638', severity: 'warning', ...pos(text, 'AccessControl') }]);
    expect(model?.resources.bucket[0].properties.AccessControl).toBeUndefined();
  });

  test('another canned ACL stays refused (CX3606), saying S3 refuses ACLs on the bucket', () => {
    const text = bucket('{AccessControl: PublicRead}');
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3606', severity: 'error', ...pos(text, 'AccessControl') }]);
    expect(errors[0].hint).toContain('AccessControlListNotSupported');
  });

  test('RestrictPublicBuckets: false beside BlockPublicPolicy: true: written true, CX3639 at the value', () => {
    const text = bucket('{PublicAccessBlockConfiguration: {BlockPublicPolicy: true, RestrictPublicBuckets: false}}');
    const { errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3639').map(brief)).toEqual([{ code: 'CX3639', severity: 'warning', ...pos(text, 'false') }]);
  });

  test('RestrictPublicBuckets: false without BlockPublicPolicy: true stays refused (CX3606)', () => {
    const text = bucket('{PublicAccessBlockConfiguration: {RestrictPublicBuckets: false}}');
    const { errors } = errorsOf(text);
    expect(errors.map(brief)).toEqual([{ code: 'CX3606', severity: 'error', ...pos(text, 'false') }]);
    expect(errors[0].hint).toContain('composex blocks all public access on its buckets');
  });

  test('KMSMasterKeyID aws/s3 (no alias/): left out, CX3629 at it, and no CX3614', () => {
    const text = bucket('{BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: aws/s3}}]}}');
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => ['CX3629', 'CX3614'].includes(w.code)).map(brief)).toEqual([{ code: 'CX3629', severity: 'warning', ...pos(text, 'aws/s3') }]);
    expect(model?.resources.bucket[0].properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] });
  });

  test('s3-bucket-ssl-requests-only in Access: CX3637 at the key; it grants nothing', () => {
    const text = bucket('{}', '{objects: RW, s3-bucket-ssl-requests-only: true}');
    const { model, errors, warnings } = errorsOf(text);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CX3637').map(brief)).toEqual([{ code: 'CX3637', severity: 'warning', ...pos(text, 's3-bucket-ssl-requests-only') }]);
    expect(warnings.find((w) => w.code === 'CX3637')!.message).toContain("the policy of bucket 'b' denies every request without TLS");
    const plain = errorsOf(bucket('{}')).model;
    expect(grantOf(model?.grants, 'api')!.permissions).toEqual(grantOf(plain?.grants, 'api')!.permissions);
  });

  test('s3-bucket-ssl-requests-only on a looked-up bucket: the warning says composex changes no policy there', () => {
    const text = `${SERVICES}x-s3:\n  b:\n    Lookup: {Name: my-bucket}\n    Services:\n      - name: api\n        access: {objects: RW, s3-bucket-ssl-requests-only: true}\n`;
    const { warnings } = errorsOf(text);
    const warning = warnings.find((w) => w.code === 'CX3637')!;
    expect(brief(warning)).toEqual({ code: 'CX3637', severity: 'warning', ...pos(text, 's3-bucket-ssl-requests-only') });
    expect(warning.message).toContain('composex does not change the policy of an existing bucket');
  });

  test('s3-bucket-ssl-requests-only must be a boolean', () => {
    const text = bucket('{}', '{objects: RW, s3-bucket-ssl-requests-only: always}');
    expect(errorsOf(text).errors.map((e) => e.code)).toHaveLength(1);
  });
});

describe('`access` in lower case is read on the kinds with their own reader too (x-rds)', () => {
  test('an x-rds entry {access: RW}: CX3627, and the database grant as with Access', () => {
    const db = (key: string) => `${SERVICES}x-rds:\n  db:\n    Properties: {Engine: postgres, EngineVersion: "16.4"}\n    Services:\n      api:\n        ${key}: RW\n`;
    const lower = errorsOf(db('access'));
    const upper = errorsOf(db('Access'));
    expect(lower.errors).toEqual([]);
    expect(lower.warnings.filter((w) => w.code === 'CX3627').map(brief)).toEqual([{ code: 'CX3627', severity: 'warning', ...pos(db('access'), 'access: RW') }]);
    expect(grantOf(lower.model?.grants, 'api')).toEqual(grantOf(upper.model?.grants, 'api'));
  });
});
