/**
 * x-s3 in the resolve stage: hostile or mistaken declarations are errors at their position with a
 * hint (public ACLs, public access, an `Access` that is not the `{objects, bucket}` mapping, unknown
 * levels and services, bucket policies composex will not write), and valid declarations become
 * exactly the grants they say: object levels on `<bucket>/*`, bucket levels on the bucket.
 */
import type { ResourceGrant } from '../../src/resolve/model';
import { S3_BUCKET_ACCESS, S3_OBJECTS_ACCESS } from '../../src/resolve/resources/access';
import { errorsOf, expectOneError, pos, resolve, resolveOk, RESOURCE_SERVICES } from './fixtures';

const SERVICES = RESOURCE_SERVICES;

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';


describe('x-s3 mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string?]>([
    [
      'a public canned ACL',
      `${SERVICES}x-s3:\n  b:\n    Properties: {AccessControl: PublicRead}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3606',
      'x-s3.b.Properties.AccessControl is set by composex',
      'AccessControl',
    ],
    [
      'public access unblocked',
      `${SERVICES}x-s3:\n  b:\n    Properties: {PublicAccessBlockConfiguration: {BlockPublicPolicy: false}}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3606',
      "bucket 'b' would allow public access (BlockPublicPolicy: false)",
      'false}',
    ],
    [
      'versioning suspended',
      `${SERVICES}x-s3:\n  b:\n    Properties: {VersioningConfiguration: {Status: Suspended}}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3606',
      "bucket 'b' would not keep object versions",
      'Suspended',
    ],
    [
      'an unknown CloudFormation property (did you mean)',
      `${SERVICES}x-s3:\n  b:\n    Properties: {BucketEncription: {}}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3605',
      "AWS::S3::Bucket has no property 'BucketEncription'",
      'BucketEncription',
      "did you mean 'BucketEncryption'?",
    ],
    [
      'Access as one level name (ECS ComposeX would silently apply defaults)',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: RW}}\n`,
      'CX3630',
      "Access 'RW' to bucket 'b' names a level of the objects only; ECS ComposeX ignored a string here and granted its default, {objects: RW, bucket: ListOnly}",
      'RW}',
    ],
    [
      'Access naming no level',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: {enforceSecureConnection: true}}}\n`,
      'CX3630',
      'Access names no level for the objects or the bucket',
      '{enforceSecureConnection',
    ],
    [
      'an unknown objects level (did you mean)',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: {objects: ReadOnlyy}}}\n`,
      'CX3602',
      "'ReadOnlyy' is not an access level of the objects of an S3 bucket",
      'ReadOnlyy',
      "did you mean 'ReadOnly'?",
    ],
    [
      'a wildcard as a level',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: {objects: "*", bucket: ListOnly}}}\n`,
      'CX3602',
      "'*' is not an access level of the objects of an S3 bucket",
      '"*"',
    ],
    [
      'an unknown bucket level',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {Access: {bucket: Admin}}}\n`,
      'CX3602',
      "'Admin' is not an access level of an S3 bucket",
      'Admin',
    ],
    [
      'an unknown service (did you mean)',
      `${SERVICES}x-s3:\n  b:\n    Services: {wroker: {Access: {objects: RW}}}\n`,
      'CX3001',
      "Services entry 'wroker' is not a service or family of this project",
      'wroker',
      "did you mean 'worker'?",
    ],
    [
      'no Access',
      `${SERVICES}x-s3:\n  b:\n    Services: {api: {ReturnValues: {Arn: B_ARN}}}\n`,
      'CX3602',
      "Services entry 'api' of bucket 'b' gives no Access",
      'api: {Return',
    ],
    [
      'bucket policy statements',
      `${SERVICES}x-s3:\n  b:\n    MacroParameters:\n      BucketPolicy: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject"}]}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3631',
      "composex does not add statements to the policy of bucket 'b'",
      'Statement',
    ],
    [
      'an unknown predefined bucket policy',
      `${SERVICES}x-s3:\n  b:\n    MacroParameters:\n      BucketPolicy: {PredefinedBucketPolicies: [allowPublicRead]}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3631',
      "'allowPublicRead' is not a predefined bucket policy",
      'allowPublicRead',
    ],
    [
      'a bucket name with capitals',
      `${SERVICES}x-s3:\n  b:\n    Properties: {BucketName: My_Bucket}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3632',
      "'My_Bucket' would not make a valid bucket name",
      'My_Bucket',
    ],
    [
      'a bucket name too long once the account id and region are added',
      `${SERVICES}x-s3:\n  b:\n    Properties: {BucketName: ${'a'.repeat(40)}}\n    MacroParameters: {ExpandAccountIdToBucket: true, ExpandRegionToBucket: true}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3632',
      `'${'a'.repeat(40)}' would not make a valid bucket name with its expansions`,
      'aaaa',
    ],
    [
      'a separator S3 refuses',
      `${SERVICES}x-s3:\n  b:\n    Properties: {BucketName: data}\n    MacroParameters: {ExpandRegionToBucket: true, NameSeparator: "_"}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3632',
      "NameSeparator '_' cannot be part of a bucket name",
      '"_"',
    ],
    [
      'a Lookup ARN of another service',
      `${SERVICES}x-s3:\n  b:\n    Lookup: {Arn: "arn:aws:sqs:eu-west-1:123456789012:q"}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3608',
      "'arn:aws:sqs:eu-west-1:123456789012:q' is not the ARN of an S3 bucket",
      '"arn:aws:sqs',
    ],
    [
      'a Lookup by tags without composex.lock.json (composex lookup answers it)',
      `${SERVICES}x-s3:\n  b:\n    Lookup: {Tags: [{name: b}]}\n    Services: {api: {Access: {objects: RW}}}\n`,
      'CX3680',
      'x-s3.b Lookup needs composex.lock.json, which is not there (composex renders offline)',
      'Lookup',
    ],
    [
      'the regional domain name of a looked-up bucket',
      `${SERVICES}x-s3:\n  b:\n    Lookup: {Name: archive}\n    Services: {api: {Access: {objects: ReadOnly}, ReturnValues: {RegionalDomainName: B_HOST}}}\n`,
      'CX3634',
      "return value 'RegionalDomainName' does not exist here: the region of a looked-up bucket is not known",
      'RegionalDomainName',
    ],
  ])('%s', (_name, yaml, code, message, marker, ...rest) => expectOneError(yaml, code, message, marker, rest[0]));
});

describe('x-s3 grants', () => {
  const grantsOf = (yaml: string): ResourceGrant[] => resolveOk(yaml).grants.filter((g) => g.kind === 'bucket');

  test('object levels act on <bucket>/*, bucket levels on the bucket; each consumer gets the bucket name', () => {
    const [api, jobs] = grantsOf(`${SERVICES}x-s3:\n  uploads:\n    Services:\n      api: {Access: {objects: RW, bucket: ListOnly}}\n      jobs: {Access: {objects: StrictReadOnly}, ReturnValues: {Arn: UPLOADS_ARN}}\n`);
    expect(api).toMatchObject({
      family: 'api',
      services: ['api'],
      access: 'objects: RW, bucket: ListOnly',
      permissions: [
        { scope: { on: 'resource', suffix: '/*' }, actions: S3_OBJECTS_ACCESS.RW.actions },
        { scope: { on: 'resource' }, actions: S3_BUCKET_ACCESS.ListOnly.actions },
      ],
      environment: [{ name: 'UPLOADS', attribute: 'BucketName' }],
    });
    expect(jobs).toMatchObject({
      family: 'jobs',
      services: ['cron', 'worker'],
      permissions: [{ scope: { on: 'resource', suffix: '/*' }, actions: ['s3:GetObject'] }],
      environment: [
        { name: 'UPLOADS', attribute: 'BucketName' },
        { name: 'UPLOADS_ARN', attribute: 'Arn' },
      ],
    });
  });

  test('a customer KMS key: readers may decrypt, writers also generate data keys, on that key', () => {
    const yaml = `${SERVICES}x-s3:\n  b:\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: "${KEY}"}}]\n    Services:\n      api: {Access: {objects: ReadOnly}}\n      jobs: {Access: {objects: WriteOnly, bucket: ListOnly}}\n`;
    const [api, jobs] = grantsOf(yaml);
    expect(api.permissions.filter((p) => p.scope.on === 'kmsKey')).toEqual([{ scope: { on: 'kmsKey', keyArn: KEY }, actions: ['kms:Decrypt'] }]);
    expect(jobs.permissions.filter((p) => p.scope.on === 'kmsKey')).toEqual([{ scope: { on: 'kmsKey', keyArn: KEY }, actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }]);
    expect(resolveOk(yaml).resources.bucket[0].kmsKeyArn).toBe(KEY);
  });

  test('Settings.EnvNames replaces <NAME>; Lookup by name is the bucket ARN', () => {
    const model = resolveOk(`${SERVICES}x-s3:\n  archive:\n    Lookup: {Name: acme-archive}\n    Settings: {EnvNames: [ARCHIVE_BUCKET, BUCKET]}\n    Services: {api: {Access: {objects: ReadOnly}}}\n`);
    expect(model.resources.bucket[0].existingArn).toBe('arn:aws:s3:::acme-archive');
    expect(model.grants[0].environment).toEqual([
      { name: 'ARCHIVE_BUCKET', attribute: 'BucketName' },
      { name: 'BUCKET', attribute: 'BucketName' },
    ]);
  });

  test('the ECS ComposeX bucket-name expansions and TLS-only predefined policy are accepted', () => {
    const model = resolveOk(
      `${SERVICES}x-s3:\n  b:\n    Properties: {BucketName: acme-data}\n    MacroParameters:\n      ExpandAccountIdToBucket: true\n      ExpandRegionToBucket: true\n      NameSeparator: "."\n      BucketPolicy: {PredefinedBucketPolicies: [enforceSecureConnection]}\n    Services: {api: {Access: {objects: RW, enforceSecureConnection: true}}}\n`,
    );
    expect(model.resources.bucket[0]).toMatchObject({ bucketName: { base: 'acme-data', separator: '.', accountId: true, region: true }, properties: {} });
  });

  test('a bucket nobody is granted is warned about; a service not listed gets nothing', () => {
    const { model, warnings } = errorsOf(`${SERVICES}x-s3:\n  lonely: {}\n  used:\n    Services: {api: {Access: {bucket: ListOnly}}}\n`);
    expect(warnings.map((w) => w.message)).toEqual(["no service may use bucket 'lonely'"]);
    expect(model!.grants.map((g) => `${g.resource}:${g.family}`)).toEqual(['used:api']);
  });
});

test('a website configuration is kept, with a warning at it: public access stays blocked, so its endpoint answers 403 (CX3655)', () => {
  const yaml = `${SERVICES}x-s3:\n  b:\n    Properties:\n      WebsiteConfiguration: {IndexDocument: index.html}\n    Services: {api: {Access: {objects: RW}}}\n`;
  const { model, errors, warnings } = errorsOf(yaml);
  expect(errors).toEqual([]);
  const website = warnings.filter((w) => w.code === 'CX3655');
  expect(website.map((w) => [w.line, w.column])).toEqual([[pos(yaml, 'WebsiteConfiguration').line, pos(yaml, 'WebsiteConfiguration').column]]);
  expect(website[0].message).toContain('403 Forbidden');
  expect(website[0].hint).toContain('CloudFront with origin access control');
  expect(model!.resources.bucket[0].properties.WebsiteConfiguration).toEqual({ IndexDocument: 'index.html' });
});

test('an expansion without a bucket name expands nothing, as in ECS ComposeX: a warning at it (CX3899), CloudFormation names the bucket', () => {
  const yaml = `${SERVICES}x-s3:\n  b:\n    MacroParameters: {ExpandRegionToBucket: true}\n    Services: {api: {Access: {objects: RW}}}\n`;
  const { model, errors } = errorsOf(yaml);
  expect(errors).toEqual([]);
  expect(model!.resources.bucket[0].bucketName).toBeUndefined();
  const { diagnostics } = resolve(yaml);
  const warning = diagnostics.find((d) => d.code === 'CX3899')!;
  expect(warning).toMatchObject({ severity: 'warning', ...pos(yaml, 'ExpandRegionToBucket') });
  expect(warning.hint).toContain('set Properties.BucketName');
});
