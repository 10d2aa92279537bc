/**
 * x-s3 buckets in the templates: the bucket's protections (encryption, public access blocked, ACLs
 * off, versioning, Retain, the TLS-only bucket policy), each family's exact task-role statements
 * for the levels it declared (objects on `<bucket>/*`, bucket on the bucket), the variables, a
 * looked-up bucket granted on exactly its ARN, and nothing for a service that is not listed.
 */
import { S3_BUCKET_ACCESS, S3_OBJECTS_ACCESS } from '../../src/resolve/resources/access';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const { result, tracer } = (() => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: buckets
services:
  api: {image: api}
  thumbnailer: {image: thumbnailer}
  reports: {image: reports}
  bystander: {image: bystander}
x-s3:
  uploads:
    Properties:
      BucketName: acme-uploads
      LifecycleConfiguration:
        Rules: [{Id: old-versions, Status: Enabled, NoncurrentVersionExpiration: {NoncurrentDays: 30}}]
    MacroParameters: {ExpandAccountIdToBucket: true, ExpandRegionToBucket: true}
    Services:
      api: {Access: {objects: RW, bucket: ListOnly}}
      thumbnailer: {Access: {objects: StrictReadOnly}, ReturnValues: {Arn: UPLOADS_ARN}}
  sealed:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: "${KEY}"}}]
    Services:
      reports: {Access: {objects: StrictRWDelete}}
  archive:
    Lookup: {Arn: "arn:aws:s3:::acme-archive"}
    Services:
      reports: {Access: {objects: ReadOnly, bucket: ListOnly}, ReturnValues: {DomainName: ARCHIVE_HOST}}
`,
    }),
  });
  return { result, tracer: new Tracer(result.files) };
})();

const pairs = (actions: readonly string[], on: string) => actions.map((a) => `Allow ${a} on ${on}`);

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('each created bucket is encrypted, private, versioned and retained', () => {
  const buckets = resourcesOf(result, 'AWS::S3::Bucket');
  expect(buckets.map((b) => b.id)).toEqual(['BucketSealed', 'BucketUploads']);
  for (const { resource } of buckets) {
    expect(resource.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(resource.Properties!.AccessControl).toBeUndefined();
    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  }
  const [sealed, uploads] = buckets;
  expect(uploads.resource.Properties!.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
  expect(sealed.resource.Properties!.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }] });
  expect(tracer.trace(uploads.file, uploads.resource.Properties!.BucketName)).toBe('acme-uploads-AWS::AccountId-AWS::Region');
  expect(uploads.resource.Properties!.LifecycleConfiguration).toEqual({ Rules: [{ Id: 'old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] });
  expect(sealed.resource.Properties!.BucketName).toBeUndefined();
});

test('each bucket policy denies every request without TLS, on the bucket and its objects, and allows nothing', () => {
  const policies = resourcesOf(result, 'AWS::S3::BucketPolicy');
  expect(policies.map((p) => [p.id, tracer.trace(p.file, p.resource.Properties!.Bucket)])).toEqual([
    ['BucketSealedPolicy', 'bucket:sealed.Ref'],
    ['BucketUploadsPolicy', 'bucket:uploads.Ref'],
  ]);
  for (const p of policies) {
    const name = p.id === 'BucketSealedPolicy' ? 'sealed' : 'uploads';
    const [statement, ...others] = (p.resource.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(others).toEqual([]);
    expect({ ...statement, Resource: tracer.trace(p.file, statement.Resource) }).toEqual({
      Sid: 'DenyWithoutTls',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: `bucket:${name}.Arn,bucket:${name}.Arn/*`,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
});

test('api: RW on the objects, ListOnly on the bucket, nothing else', () => {
  expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
    [...pairs(S3_OBJECTS_ACCESS.RW.actions, 'bucket:uploads.Arn/*'), ...pairs(S3_BUCKET_ACCESS.ListOnly.actions, 'bucket:uploads.Arn')].sort(),
  );
  // The tables themselves: explicit, never a wildcard.
  expect(S3_BUCKET_ACCESS.ListOnly.actions).toEqual(['s3:GetBucketLocation', 's3:GetBucketPublicAccessBlock', 's3:ListBucket']);
  expect(S3_OBJECTS_ACCESS.RW.actions).toEqual([
    's3:AbortMultipartUpload',
    's3:GetObject',
    's3:GetObjectAttributes',
    's3:GetObjectTagging',
    's3:GetObjectVersion',
    's3:GetObjectVersionAttributes',
    's3:GetObjectVersionTagging',
    's3:PutObject',
    's3:PutObjectTagging',
    's3:PutObjectVersionTagging',
  ]);
  expect(containerVariables(tracer, tracer.familyFile('Api'), 'api')).toEqual(['UPLOADS=bucket:uploads.Ref']);
});

test('thumbnailer: GetObject on the objects only, and the ARN it asked for', () => {
  expect(rolePairs(tracer, tracer.familyFile('Thumbnailer'), 'TaskRole')).toEqual(['Allow s3:GetObject on bucket:uploads.Arn/*']);
  expect(containerVariables(tracer, tracer.familyFile('Thumbnailer'), 'thumbnailer')).toEqual(['UPLOADS=bucket:uploads.Ref', 'UPLOADS_ARN=bucket:uploads.Arn']);
});

test('reports: the KMS key of the encrypted bucket, and the looked-up bucket on exactly its ARN', () => {
  expect(rolePairs(tracer, tracer.familyFile('Reports'), 'TaskRole')).toEqual(
    [
      `Allow kms:Decrypt on ${KEY}`,
      `Allow kms:GenerateDataKey on ${KEY}`,
      'Allow s3:DeleteObject on bucket:sealed.Arn/*',
      'Allow s3:GetObject on bucket:sealed.Arn/*',
      'Allow s3:PutObject on bucket:sealed.Arn/*',
      ...pairs(S3_OBJECTS_ACCESS.ReadOnly.actions, 'arn:aws:s3:::acme-archive/*'),
      ...pairs(S3_BUCKET_ACCESS.ListOnly.actions, 'arn:aws:s3:::acme-archive'),
    ].sort(),
  );
  expect(containerVariables(tracer, tracer.familyFile('Reports'), 'reports')).toEqual([
    'ARCHIVE=acme-archive',
    'ARCHIVE_HOST=acme-archive.s3.amazonaws.com',
    'SEALED=bucket:sealed.Ref',
  ]);
});

test('a service not listed under a bucket gets nothing of it', () => {
  expect(rolePairs(tracer, tracer.familyFile('Bystander'), 'TaskRole').filter((p) => /s3:|kms:/.test(p))).toEqual([]);
  expect(containerVariables(tracer, tracer.familyFile('Bystander'), 'bystander')).toEqual([]);
});
