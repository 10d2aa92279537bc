/**
 * ECS ComposeX's resource access dialect in its published files (issue 13): a `Services` entry
 * with no `Access` or with `access` in lower case (use-cases/dynamodb/table_with_gsi.yml), AWS SAM
 * policy names for a table, a bucket looked up by `Identifier`, `s3-bucket-ssl-requests-only` and
 * the owner-only canned ACL and the website of use-cases/s3/full_s3_bucket_properties.yml, the older SQS levels of
 * the sqs page. Each file renders (its templates pass the bundled validator) or is refused at a
 * located position with a hint; where composex's meaning differs from ECS ComposeX's, a located
 * warning says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import type { LockFile } from '../../src/resolve/lock';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { publicBucketViolations } from '../helpers/invariants';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = ['use-cases/blog.features.yml'];

function compileFixtures(files: readonly string[], lock?: LockFile) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [...BASE, ...files], env: { HOME: '/home/test' } }, lock ? { lock } : {});
}

function compileText(text: string) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
}

function rendered(compiled: ReturnType<typeof compileFixtures>): RenderResult {
  if (!compiled.model) throw new Error(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** `file:line:column` of the `occurrence`-th `marker` in a fixture. */
function fixtureAt(file: string, marker: string, occurrence = 1): string {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`${marker} not in ${file}`);
  const before = text.slice(0, index).split('\n');
  return `${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

const where = (d: Diagnostic) => `${path.relative(DIR, d.file!)}:${d.line}:${d.column}`;
/** The diagnostics of one fixture (the base file has warnings of its own). */
const of = (diagnostics: readonly Diagnostic[], file: string) => diagnostics.filter((d) => d.file !== undefined && path.relative(DIR, d.file) === file);

describe('use-cases/dynamodb/table_with_gsi.yml: `access` in lower case and an entry with no Access', () => {
  const FILE = 'use-cases/dynamodb/table_with_gsi.yml';

  test('it renders unchanged, with CX3627 at app03\'s access and CX3626 at bignicefamily, and no error', () => {
    const { model, diagnostics } = compileFixtures([FILE]);
    expect(model).toBeDefined();
    expect(of(diagnostics, FILE).map((d) => [d.severity, d.code, where(d)])).toEqual([
      ['warning', 'CX3627', fixtureAt(FILE, 'access: RW')],
      ['warning', 'CX3626', fixtureAt(FILE, 'bignicefamily:')],
    ]);
    const lower = diagnostics.find((d) => d.code === 'CX3627')!;
    expect(lower.message).toContain("is read as Access: RW; ECS ComposeX reads only 'Access'");
    expect(lower.hint).toContain('write Access: RW');
    const none = diagnostics.find((d) => d.code === 'CX3626')!;
    expect(none.message).toContain("gives no Access: it gets the table's variables and no permission on it (as in ECS ComposeX)");
    expect(none.hint).toContain('add Access: one of RO, RW, PowerUser');
  });

  test('app03 gets RW on the table and its indexes; bignicefamily (app01, rproxy) gets the variables and no DynamoDB permission', () => {
    const result = rendered(compileFixtures([FILE]));
    const tracer = new Tracer(result.files);
    const app03 = rolePairs(tracer, tracer.familyFile('App03'), 'TaskRole').filter((p) => p.includes('dynamodb:'));
    expect(app03).toEqual(
      expect.arrayContaining(['Allow dynamodb:PutItem on table:tableA.Arn', 'Allow dynamodb:GetItem on table:tableA.Arn', 'Allow dynamodb:Query on table:tableA.Arn/index/*']),
    );
    const family = tracer.familyFile('Bignicefamily');
    expect(rolePairs(tracer, family, 'TaskRole').filter((p) => p.includes('dynamodb:'))).toEqual([]);
    expect(containerVariables(tracer, family, 'app01')).toEqual(expect.arrayContaining(['TABLE_A=table:tableA.Ref', 'TABLE_A_arn=table:tableA.Arn']));
  });
});

describe('AWS SAM policy names on a table, rendered', () => {
  const text = `services:
  api:
    image: example/api:1
  writer:
    image: example/writer:1
x-dynamodb:
  orders:
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
    Services:
      api: {Access: DynamoDBCrudPolicy}
      writer: {Access: DynamoDBWritePolicy}
`;

  test('DynamoDBCrudPolicy is RW on the table and its indexes; DynamoDBWritePolicy writes items on the table only', () => {
    const result = rendered(compileText(text));
    const tracer = new Tracer(result.files);
    const pairs = (family: string) => rolePairs(tracer, tracer.familyFile(family), 'TaskRole').filter((p) => p.includes('dynamodb:'));
    expect(pairs('Api')).toEqual(
      [
        ...['BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'DescribeTable', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'].map((a) => `Allow dynamodb:${a} on table:orders.Arn`),
        'Allow dynamodb:Query on table:orders.Arn/index/*',
        'Allow dynamodb:Scan on table:orders.Arn/index/*',
      ].sort(),
    );
    expect(pairs('Writer')).toEqual(['Allow dynamodb:BatchWriteItem on table:orders.Arn', 'Allow dynamodb:PutItem on table:orders.Arn', 'Allow dynamodb:UpdateItem on table:orders.Arn']);
  });
});

describe('use-cases/s3/lookup_only.yml: Lookup by Tags, and by Identifier with Tags', () => {
  const FILE = 'use-cases/s3/lookup_only.yml';
  const entry = (tags: Record<string, string>, name: string) => ({
    query: { kind: 'bucket' as const, resource: { tags } },
    answer: { name, arn: `arn:aws:s3:::${name}` },
    takenAt: '2026-12-01T00:00:00.000Z',
  });
  const LOCK: LockFile = { version: 1, lookups: { 'x-s3.bucket-07': entry({ Name: 'ArtifactsBucket' }, 'artifacts'), 'x-s3.bucket-08': entry({ composex: 'True' }, 'sacrificial-lamb') } };

  test('without composex.lock.json it is refused for its lookups only: CX3680 at each Lookup (Identifier is read, no CX3301)', () => {
    const { model, diagnostics } = compileFixtures([FILE]);
    expect(model).toBeUndefined();
    expect(of(diagnostics, FILE).filter((d) => d.severity === 'error').map((d) => [d.code, where(d)])).toEqual([
      ['CX3680', fixtureAt(FILE, 'Lookup:', 1)],
      ['CX3680', fixtureAt(FILE, 'Lookup:', 2)],
    ]);
  });

  test('with the lock (the tags of bucket-08 find sacrificial-lamb, its Identifier) it renders unchanged; app03 gets both buckets', () => {
    const compiled = compileFixtures([FILE], LOCK);
    expect(of(compiled.diagnostics, FILE)).toEqual([]);
    const result = rendered(compiled);
    const tracer = new Tracer(result.files);
    const pairs = rolePairs(tracer, tracer.familyFile('App03'), 'TaskRole').filter((p) => p.includes('s3:'));
    expect(pairs).toEqual(expect.arrayContaining(['Allow s3:PutObject on arn:aws:s3:::artifacts/*', 'Allow s3:PutObject on arn:aws:s3:::sacrificial-lamb/*', 'Allow s3:ListBucket on arn:aws:s3:::sacrificial-lamb']));
  });

  test('with a lock whose tags find another bucket: CX3636 at Identifier', () => {
    const lock: LockFile = { ...LOCK, lookups: { ...LOCK.lookups, 'x-s3.bucket-08': entry({ composex: 'True' }, 'another-bucket') } };
    const { diagnostics } = compileFixtures([FILE], lock);
    expect(of(diagnostics, FILE).map((d) => [d.severity, d.code, where(d)])).toEqual([['error', 'CX3636', fixtureAt(FILE, 'sacrificial-lamb')]]);
  });
});

describe('use-cases/s3/full_s3_bucket_properties.yml: rendered unchanged, a located warning for each thing composex reads its own way', () => {
  const FILE = 'use-cases/s3/full_s3_bucket_properties.yml';

  test('no error; the warnings in file order, the website one saying why its endpoint answers 403 and what to do', () => {
    const { model, diagnostics } = compileFixtures([FILE]);
    expect(model).toBeDefined();
    expect(of(diagnostics, FILE).map((d) => [d.severity, d.code, where(d)])).toEqual([
      ['warning', 'CX3638', fixtureAt(FILE, 'AccessControl:')],
      ['warning', 'CX3639', fixtureAt(FILE, 'False')],
      ['warning', 'CX3629', fixtureAt(FILE, '"aws/s3"')],
      ['warning', 'CX3655', fixtureAt(FILE, 'WebsiteConfiguration:')],
      // S3 validates at create that it may publish to the topic (another account's, here)
      ['warning', 'CX3654', fixtureAt(FILE, "'arn:aws:sns")],
      ['warning', 'CX3637', fixtureAt(FILE, 's3-bucket-ssl-requests-only')],
    ]);
    const website = diagnostics.find((d) => d.code === 'CX3655')!;
    expect(website.message).toContain('403 Forbidden');
    expect(website.hint).toContain('CloudFront with origin access control');
  });

  test('the bucket: its website as written, owner-only, all public access blocked, the AWS managed key, TLS required', () => {
    const result = rendered(compileFixtures([FILE]));
    const tracer = new Tracer(result.files);
    const buckets = result.files.flatMap((f) => Object.values(tracer.template(f.path).Resources ?? {}).filter((r) => r.Type === 'AWS::S3::Bucket'));
    expect(buckets).toHaveLength(1);
    const p = buckets[0].Properties as Record<string, unknown>;
    expect(p.AccessControl).toBeUndefined();
    expect(p.WebsiteConfiguration).toEqual({
      IndexDocument: 'index.html',
      ErrorDocument: 'error.html',
      RoutingRules: [
        {
          RoutingRuleCondition: { HttpErrorCodeReturnedEquals: '404', KeyPrefixEquals: 'out1/' },
          RedirectRule: { HostName: 'ec2-11-22-333-44.compute-1.amazonaws.com', ReplaceKeyPrefixWith: 'report-404/' },
        },
      ],
    });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] });
    expect(publicBucketViolations(result.files)).toEqual([]);
    const policies = result.files.flatMap((f) => Object.values(tracer.template(f.path).Resources ?? {}).filter((r) => r.Type === 'AWS::S3::BucketPolicy'));
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
    expect(JSON.stringify(policies)).not.toContain('"Allow"');
    const app03 = rolePairs(tracer, tracer.familyFile('App03'), 'TaskRole').filter((x) => x.includes('s3:'));
    expect(app03).toEqual(expect.arrayContaining(['Allow s3:DeleteObject on bucket:bucket-01.Arn/*', 'Allow s3:ListBucket on bucket:bucket-01.Arn']));
  });
});

describe('docs/sqs-queues-with-dlq.yml (ECS ComposeX\'s sqs page): RWPermissions read as RWMessages, RO granted as it was', () => {
  const FILE = 'docs/sqs-queues-with-dlq.yml';

  test('CX3628 at RWPermissions and at RO, no error; RO grants app03 send, receive and visibility on Queue02, never DeleteMessage', () => {
    const compiled = compileFixtures([FILE]);
    expect(of(compiled.diagnostics, FILE).map((d) => [d.severity, d.code, where(d)])).toEqual([
      ['warning', 'CX3628', fixtureAt(FILE, 'RWPermissions')],
      ['warning', 'CX3628', fixtureAt(FILE, 'access: RO').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 'access: '.length}`)],
    ]);
    const result = rendered(compiled);
    const tracer = new Tracer(result.files);
    expect(rolePairs(tracer, tracer.familyFile('App03'), 'TaskRole').filter((x) => x.includes('sqs:') && x.includes('Queue02'))).toEqual(
      ['ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl', 'ReceiveMessage', 'SendMessage'].map((a) => `Allow sqs:${a} on queue:Queue02.Arn`),
    );
  });

  test('with RO written Consumer, it renders: app02 sends and consumes Queue02, not more', () => {
    const text = fs.readFileSync(path.join(DIR, FILE), 'utf8').replace('access: RO\n', 'access: Consumer\n');
    const dir = projectDir({ 'use-cases/blog.features.yml': fs.readFileSync(path.join(DIR, BASE[0]), 'utf8'), 'sqs.yml': text });
    const compiled = loadAndCompile({ cwd: dir, projectDirectory: dir, files: [...BASE, 'sqs.yml'], env: { HOME: '/home/test' } });
    const result = rendered(compiled);
    const tracer = new Tracer(result.files);
    const family = tracer.familyFile('Youtoo');
    expect(rolePairs(tracer, family, 'TaskRole').filter((x) => x.includes('sqs:') && x.includes('Queue02'))).toEqual(
      ['ChangeMessageVisibility', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ReceiveMessage', 'SendMessage'].map((a) => `Allow sqs:${a} on queue:Queue02.Arn`),
    );
  });
});
