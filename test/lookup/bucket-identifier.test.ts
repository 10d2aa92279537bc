/**
 * An x-s3 Lookup with `Identifier` beside `Tags` (ECS ComposeX's use-cases/s3/lookup_only.yml):
 * `composex lookup` finds the bucket by its tags, as ECS ComposeX did, and render checks the
 * bucket found is the one `Identifier` names (CX3636 otherwise); `Identifier` alone needs no lookup.
 */
import { GetBucketEncryptionCommand, GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const s3 = mockClient(S3Client);

const compose = (lookupLine: string) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-s3:
  uploads:
    ${lookupLine}
    Services: {api: {Access: {objects: RW}}}
`;

function answer(): void {
  s3.reset();
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'shop-logs' }, { Name: 'shop-uploads' }] });
  s3.on(GetBucketTaggingCommand, { Bucket: 'shop-logs' }).resolves({ TagSet: [{ Key: 'use', Value: 'logs' }] });
  s3.on(GetBucketTaggingCommand, { Bucket: 'shop-uploads' }).resolves({ TagSet: [{ Key: 'use', Value: 'uploads' }] });
  s3.on(GetBucketEncryptionCommand).rejects(Object.assign(new Error('none'), { name: 'ServerSideEncryptionConfigurationNotFoundError' }));
}

test('Identifier and Tags: lookup finds the bucket by its tags; render accepts it when it is the named one', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': compose('Lookup: {Identifier: shop-uploads, Tags: {use: uploads}}') });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  s3.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(s3.calls().length).toBe(0);
});

test('Identifier and Tags that find another bucket: render refuses it, CX3636 at Identifier', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': compose('Lookup: {Identifier: shop-archive, Tags: {use: uploads}}') });
  expect((await lookup(dir)).code).toBe(0);
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(1);
  expect(rendered.stderr).toContain("compose.yaml:6:26: error CX3636: Lookup of 'uploads' names bucket 'shop-archive' (Identifier), and its Tags find 'shop-uploads' (composex.lock.json)");
});

test('Identifier alone: nothing to look up, render needs no lock', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': compose('Lookup: {Identifier: shop-uploads}') });
  const r = await lookup(dir);
  expect(r.code).toBe(0);
  expect(s3.calls().length).toBe(0);
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
});
