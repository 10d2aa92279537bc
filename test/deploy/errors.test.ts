import { rootDescription } from '../../src/render/synth';
import { CreateChangeSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { deployStack } from '../../src/deploy/deploy';
import { fromAwsError } from '../../src/deploy/errors';
import { sha256 } from '../../src/render/manifest';
import type { RenderedFile } from '../../src/render/types';
import { awsError, BUCKET, captureIO, FakeCloud } from './fake-aws';
import { creationPlan, renderFor, runAws, SHOP } from './helpers';

const ARGS = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes'];

describe('AWS errors: a clear message and exit 3, never a stack trace', () => {
  test('no credentials', async () => {
    const cloud = new FakeCloud();
    cloud.stsMock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'error CX6002: no AWS credentials found while reading the caller identity (sts:GetCallerIdentity): Could not load credentials from any providers\n' +
        '  hint: set AWS_PROFILE (or --aws-profile) to a configured profile, run `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('internal error');
  });

  test('access denied', async () => {
    const cloud = new FakeCloud();
    cloud.nextChangeSet = creationPlan(renderFor(SHOP));
    cloud.cfn.on(CreateChangeSetCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudformation:CreateChangeSet', 403));
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /error CX6005: access denied while creating change set composex-\d{8}-\d{6} for stack shop \(AccessDenied\): User: arn:aws:iam::123456789012:user\/dev is not authorized to perform: cloudformation:CreateChangeSet\n/,
    );
  });

  test('throttling after the SDK retries', async () => {
    const cloud = new FakeCloud();
    cloud.cfn.on(DescribeStacksCommand).rejects(awsError('Throttling', 'Rate exceeded', 400));
    const r = await runAws(cloud, ['status', '-p', 'shop', '--region', 'eu-west-1'], '/');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error CX6006: AWS throttled the requests while reading stack shop, even after retries (Throttling)\n  hint: wait a minute and run the command again\n');
  });

  test.each([
    ['no region', Object.assign(new Error('Region is missing'), { name: 'Error' }), 'CX6003'],
    ['an expired session', awsError('ExpiredToken', 'The security token included in the request is expired'), 'CX6004'],
    ['no network', Object.assign(new Error('getaddrinfo ENOTFOUND cloudformation.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }), 'CX6007'],
    ['any other AWS error', awsError('ValidationError', 'Template format error'), 'CX6001'],
  ])('%s → %s', (_name, e, code) => {
    const failure = fromAwsError(e, 'doing it');
    expect(failure.diagnostic.code).toBe(code);
    expect(failure.exitCode).toBe(3);
  });
});

describe('invalid input', () => {
  test('--parameters that is not KEY=VALUE: usage error (exit 2) before anything is read', async () => {
    const cloud = new FakeCloud();
    const r = await runAws(cloud, [...ARGS, '--parameters', 'VpcId'], SHOP);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error CX6010: --parameters 'VpcId' is not KEY=VALUE");
    expect(cloud.cfn.calls()).toHaveLength(0);
  });

  test('a parameter the root template does not declare (exit 1)', async () => {
    const cloud = new FakeCloud();
    const r = await runAws(cloud, [...ARGS, '--parameters', 'VpcId=vpc-1'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error CX6011: the root template has no parameter VpcId\n  hint: this project's root template takes no parameters");
    expect(cloud.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  test('--bucket that does not exist is not created (exit 1); composex never creates a bucket it was given', async () => {
    const cloud = new FakeCloud();
    const r = await runAws(cloud, [...ARGS, '--bucket', 'my-templates'], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error CX6020: the bucket my-templates given with --bucket does not exist');
    expect(cloud.s3Mock.commandCalls(CreateBucketCommand)).toHaveLength(0);
    expect(cloud.stsMock.calls()).toHaveLength(0);
  });

  test('--bucket and --prefix: nested TemplateURLs and uploads under that prefix', async () => {
    const cloud = new FakeCloud();
    cloud.buckets.add('my-templates');
    cloud.nextChangeSet = { changes: [], failReason: "The submitted information didn't contain changes." };
    cloud.addStack('shop', 'UPDATE_COMPLETE', { description: rootDescription('shop') });
    const r = await runAws(cloud, [...ARGS, '--bucket', 'my-templates', '--prefix', '/shop/'], SHOP);
    expect(r.code).toBe(0);
    const keys = cloud.s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key!);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^shop\/[0-9a-f]{64}\.json$/);
    const body = String(cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.TemplateBody);
    expect(body).toContain('"TemplateURL": "https://my-templates.s3.amazonaws.com/shop/');
  });

  test('composex\'s bucket name taken by another account: refused, nothing written to it', async () => {
    const cloud = new FakeCloud();
    cloud.s3Mock.on(HeadBucketCommand).rejects(awsError('Forbidden', 'Forbidden', 403));
    const r = await runAws(cloud, ARGS, SHOP);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error CX6020: the template bucket ${BUCKET} exists but is not in account 123456789012`);
    expect(cloud.s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('a root template over 51,200 bytes', () => {
  test('is uploaded too and passed as TemplateURL', async () => {
    const cloud = new FakeCloud();
    cloud.buckets.add(BUCKET);
    const template = { Description: 'x'.repeat(60_000), Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };
    const content = JSON.stringify(template);
    const root: RenderedFile = { path: 'big.json', content, stack: 'big', template };
    cloud.nextChangeSet = { changes: [{ Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' }] };
    const io = captureIO(cloud);
    const code = await deployStack(
      { mode: 'plan', stackName: 'big', projectName: 'big', region: 'eu-west-1', files: [root], location: { bucket: BUCKET, prefix: 'p', ownAccount: '123456789012' } },
      { clients: cloud.clients, io },
    );
    expect(code).toBe(0);
    const key = `p/${sha256(content)}.json`;
    expect(cloud.objects.get(`${BUCKET}/${key}`)).toBe(content);
    const input = cloud.cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input;
    expect(input.TemplateURL).toBe(`https://${BUCKET}.s3.amazonaws.com/${key}`);
    expect(input.TemplateBody).toBeUndefined();
    expect(cloud.s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.ExpectedBucketOwner).toBe('123456789012');
  });
});
