/**
 * Templates to S3. Nested templates live under content-hash keys (`<prefix>/<sha256>.json`, the
 * URLs `renderModel({bucket, prefix})` writes into their parents), so an object that is already
 * there holds exactly these bytes and is not uploaded again.
 *
 * Without `--bucket`, composex uses a bucket of its own per account and region,
 * `composex-<account>-<region>`, and creates it when missing: encrypted at rest, public access
 * blocked, TLS-only. Requests on it name the expected owner, so a bucket of that name in another
 * account is never written to.
 */
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { sha256 } from '../render/manifest';
import type { RenderedFile } from '../render/types';
import type { AwsClients } from './clients';
import { DEPLOY_CODES } from './codes';
import { awsErrorName, isNotFound, refused, step, awsFailure } from './errors';
import type { DeployIO } from './io';

/** CloudFormation takes a template body up to this size; larger ones go through S3. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** Parallel uploads (a 1,000-service project has over a thousand templates). */
const UPLOAD_CONCURRENCY = 8;

export interface TemplateLocation {
  readonly bucket: string;
  readonly prefix?: string;
  /** Set for composex's own bucket: created when missing, and requests check its owner. */
  readonly ownAccount?: string;
  /** `aws`, `aws-cn`, `aws-us-gov` (from the caller's ARN), for the bucket policy. */
  readonly partition?: string;
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly partition: string;
}

export async function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  const out = await step('reading the caller identity (sts:GetCallerIdentity)', () => clients.sts.send(new GetCallerIdentityCommand({})));
  const arn = out.Arn ?? '';
  return { account: out.Account ?? '', arn, partition: arn.split(':')[1] || 'aws' };
}

export function defaultBucketName(account: string, region: string): string {
  return `composex-${account}-${region}`;
}

/** Where templates go: `--bucket`, or composex's bucket for the caller's account and region. */
export async function templateLocation(
  clients: AwsClients,
  region: string,
  options: { readonly bucket?: string; readonly prefix?: string },
): Promise<TemplateLocation> {
  const prefix = options.prefix?.replace(/^\/+|\/+$/g, '') || undefined;
  if (options.bucket) return { bucket: options.bucket, ...(prefix ? { prefix } : {}) };
  const identity = await callerIdentity(clients);
  return {
    bucket: defaultBucketName(identity.account, region),
    ...(prefix ? { prefix } : {}),
    ownAccount: identity.account,
    partition: identity.partition,
  };
}

/** Makes sure the bucket exists; creates composex's own bucket when it is missing. */
export async function ensureBucket(s3: S3Client, location: TemplateLocation, region: string, io: DeployIO): Promise<void> {
  const { bucket, ownAccount } = location;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket, ...(ownAccount ? { ExpectedBucketOwner: ownAccount } : {}) }));
    return;
  } catch (e) {
    if (!isNotFound(e)) {
      if (ownAccount && (awsErrorName(e) === 'Forbidden' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403)) {
        throw awsFailure(
          DEPLOY_CODES.BUCKET_UNUSABLE,
          `the template bucket ${bucket} exists but is not in account ${ownAccount} (or you may not read it)`,
          'pass --bucket with a bucket of yours in this region',
        );
      }
      return step(`checking the template bucket ${bucket}`, () => Promise.reject(e));
    }
  }
  if (!ownAccount) {
    throw refused(DEPLOY_CODES.BUCKET_UNUSABLE, `the bucket ${bucket} given with --bucket does not exist`, 'create it in the stack\'s region, or leave out --bucket to let composex use (and create) its own bucket');
  }
  await createOwnBucket(s3, location, region);
  io.stdout(`Created bucket ${bucket} for templates (encrypted, public access blocked, TLS only)\n`);
}

async function createOwnBucket(s3: S3Client, location: TemplateLocation, region: string): Promise<void> {
  const { bucket, ownAccount } = location;
  const owner = { ExpectedBucketOwner: ownAccount };
  const partition = location.partition ?? 'aws';
  await step(`creating the template bucket ${bucket}`, async () => {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        ...owner,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ...owner,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      }),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, ...owner, Policy: JSON.stringify(tlsOnlyPolicy(bucket, partition)) }));
  });
}

export function tlsOnlyPolicy(bucket: string, partition = 'aws'): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

export interface TemplateObject {
  readonly key: string;
  readonly content: string;
}

export interface UploadResult {
  readonly uploaded: number;
  readonly unchanged: number;
}

/** Uploads the objects that are not in the bucket yet (HeadObject first). */
export async function uploadTemplates(s3: S3Client, location: TemplateLocation, objects: readonly TemplateObject[]): Promise<UploadResult> {
  const owner = location.ownAccount ? { ExpectedBucketOwner: location.ownAccount } : {};
  let uploaded = 0;
  let unchanged = 0;
  const unique = [...new Map(objects.map((o) => [o.key, o])).values()];
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const object = unique[next++];
      if (await exists(s3, location.bucket, object.key, owner)) {
        unchanged++;
        continue;
      }
      await step(`uploading s3://${location.bucket}/${object.key}`, () =>
        s3.send(
          new PutObjectCommand({ Bucket: location.bucket, Key: object.key, Body: object.content, ContentType: 'application/json', ...owner }),
        ),
      );
      uploaded++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, unique.length) }, worker));
  return { uploaded, unchanged };
}

async function exists(s3: S3Client, bucket: string, key: string, owner: { ExpectedBucketOwner?: string }): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...owner }));
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    return step(`checking s3://${bucket}/${key}`, () => Promise.reject(e));
  }
}

/** Where the root template goes: inline as TemplateBody, or uploaded when over 51,200 bytes. */
export type RootTemplate = { readonly body: string } | { readonly url: string; readonly object: TemplateObject };

export function rootTemplate(root: RenderedFile, location: TemplateLocation): RootTemplate {
  if (Buffer.byteLength(root.content) <= MAX_TEMPLATE_BODY_BYTES) return { body: root.content };
  const key = [location.prefix, `${sha256(root.content)}.json`].filter(Boolean).join('/');
  return { url: `https://${location.bucket}.s3.amazonaws.com/${key}`, object: { key, content: root.content } };
}

/** The objects to upload: every nested template, and the root when it goes through S3. */
export function templateObjects(files: readonly RenderedFile[], root: RootTemplate): TemplateObject[] {
  const nested = files.filter((f) => f.objectKey).map((f) => ({ key: f.objectKey!, content: f.content }));
  return 'object' in root ? [...nested, root.object] : nested;
}
