/**
 * x-ecr.VulnerabilitiesScan: `composex deploy` reads the ECR scan of the image before anything is
 * uploaded and stops on findings at or above a threshold (CX6100) or on a missing scan (CX6101,
 * unless TreatFailedAs: Success); `plan` reports and plans. ECR is mocked at the client
 * (aws-sdk-client-mock, through the fake cloud); a scan in progress is waited for by the SDK's waiter.
 */
import { CreateChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImageScanFindingsCommand, ECRClient, type ScanStatus } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { checkImageScans } from '../../src/deploy/image-scans';
import type { ImageScanModel } from '../../src/resolve/image-model';
import { projectDir } from '../helpers/project-dir';
import { awsError, FakeCloud } from './fake-aws';
import { runAws } from './helpers';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.2';
const compose = (scan: string) => `name: shop\nservices:\n  api:\n    image: ${IMAGE}\n    x-ecr:\n      VulnerabilitiesScan: ${scan}\n`;
const DEPLOY = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', '--no-wait'];
const findings = (counts: Record<string, number>, status: ScanStatus = 'COMPLETE') => ({ imageScanStatus: { status }, imageScanFindings: { findingSeverityCounts: counts } });

async function deploy(scan: string, answer: (cloud: FakeCloud) => void, args = DEPLOY) {
  const cloud = new FakeCloud();
  answer(cloud);
  const r = await runAws(cloud, args, projectDir({ 'compose.yaml': compose(scan) }));
  return { ...r, cloud, changeSets: cloud.cfn.commandCalls(CreateChangeSetCommand).length };
}

test('findings at or above a threshold: CX6100 at VulnerabilitiesScan naming the image, the counts and the thresholds; nothing uploaded or planned', async () => {
  const r = await deploy('{Thresholds: {HIGH: 5, MEDIUM: 10, LOW: 10}}', (c) => c.ecrMock.on(DescribeImageScanFindingsCommand).resolves(findings({ HIGH: 7, MEDIUM: 3, INFORMATIONAL: 4 })));
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`compose.yaml:6:7: error CX6100: api: ${IMAGE} has ECR scan findings at or above x-ecr thresholds: HIGH 7 (threshold 5) (findings HIGH 7, MEDIUM 3, INFORMATIONAL 4; thresholds CRITICAL 0, HIGH 5, MEDIUM 10, LOW 10)`);
  expect(r.changeSets).toBe(0);
  expect(r.cloud.objects.size).toBe(0);
  expect(r.cloud.ecrMock.commandCalls(DescribeImageScanFindingsCommand)[0].args[0].input).toEqual({
    registryId: '123456789012',
    repositoryName: 'shop/api',
    imageId: { imageTag: '1.2' },
    maxResults: 1,
  });
});

test('findings under every threshold: passed, then the change set', async () => {
  const r = await deploy('{Thresholds: {HIGH: 5}}', (c) => c.ecrMock.on(DescribeImageScanFindingsCommand).resolves(findings({ HIGH: 4, INFORMATIONAL: 2 })));
  expect(r.stderr).not.toContain('error');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`  api: ${IMAGE}: passed (findings HIGH 4, INFORMATIONAL 2; thresholds CRITICAL 0, HIGH 5, MEDIUM 0, LOW 0)`);
  expect(r.changeSets).toBe(1);
});

test('IgnoreFailure: true reports the findings and deploys', async () => {
  const r = await deploy('{IgnoreFailure: true}', (c) => c.ecrMock.on(DescribeImageScanFindingsCommand).resolves(findings({ CRITICAL: 1 })));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('warning CX6100');
  expect(r.stdout).toContain('deploying anyway (IgnoreFailure: true)');
  expect(r.changeSets).toBe(1);
});

test('--ignore-ecr-findings (ECS ComposeX\'s flag): the findings are reported as warnings, and the deployment goes on', async () => {
  const r = await deploy('{}', (c) => c.ecrMock.on(DescribeImageScanFindingsCommand).resolves(findings({ CRITICAL: 3 })), [...DEPLOY, '--ignore-ecr-findings']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('--ignore-ecr-findings: deploying anyway:');
  expect(r.stdout).toContain('warning CX6100');
  expect(r.stdout).toContain('CRITICAL 3 (threshold 0)');
  expect(r.changeSets).toBe(1);
});

test('no scan of the image: CX6101 (TreatFailedAs: Failure by default); Success deploys with a warning', async () => {
  const noScan = (c: FakeCloud) => c.ecrMock.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException', 'Image scan does not exist'));
  const refused = await deploy('{}', noScan);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('error CX6101: api: no ECR scan findings for');
  expect(refused.stderr).toContain('set TreatFailedAs: Success');
  expect(refused.changeSets).toBe(0);
  const allowed = await deploy('{TreatFailedAs: Success}', noScan);
  expect(allowed.code).toBe(0);
  expect(allowed.stdout).toContain('warning CX6101');
  expect(allowed.changeSets).toBe(1);
});

test('plan reports what deploy would stop on, and plans', async () => {
  const r = await deploy('{}', (c) => c.ecrMock.on(DescribeImageScanFindingsCommand).resolves(findings({ LOW: 1 })), ['plan', '--region', 'eu-west-1', '--no-validate']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('composex deploy would stop here:');
  expect(r.stdout).toContain('LOW 1 (threshold 0)');
  expect(r.changeSets).toBe(1);
});

test('a scan in progress is waited for with the SDK waiter, then judged', async () => {
  const ecr = new ECRClient({ region: 'eu-west-1' });
  const mock = mockClient(ecr);
  mock.on(DescribeImageScanFindingsCommand).resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } }).resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } }).resolves(findings({ CRITICAL: 2 }));
  const scan: ImageScanModel = {
    service: 'api',
    image: IMAGE,
    registryId: '123456789012',
    region: 'eu-west-1',
    repositoryName: 'shop/api',
    imageId: { imageTag: '1.2' },
    thresholds: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
    ignoreFindings: false,
    treatFailedAs: 'Failure',
  };
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
  await expect(checkImageScans([scan], async () => ecr, io, 'deploy', { maxWaitTime: 5, minDelay: 0.01, maxDelay: 0.02 })).rejects.toMatchObject({ diagnostic: { code: 'CX6100' } });
  expect(out).toContain('the scan of');
  expect(mock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(3);

  // A scan that fails while waited for: its status and description, CX6101.
  mock.reset();
  mock.on(DescribeImageScanFindingsCommand).resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } }).resolves({ imageScanStatus: { status: 'FAILED', description: 'UnsupportedImageError: The operating system is not supported' } });
  await expect(checkImageScans([scan], async () => ecr, io, 'deploy', { maxWaitTime: 5, minDelay: 0.01, maxDelay: 0.02 })).rejects.toMatchObject({
    diagnostic: { code: 'CX6101', message: expect.stringContaining('the scan is FAILED: UnsupportedImageError') },
  });
});

test('RoleArn: the scan is read through the role (STS AssumeRole), in the repository account', async () => {
  let assumed = mockClient(ECRClient);
  const r = await deploy('{RoleArn: arn:aws:iam::111122223333:role/ecr-read}', (c) => {
    c.stsMock.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2030-01-01T00:00:00Z') } });
    // The client made with the role's credentials (mocked after the fake cloud's own ECR client).
    assumed = mockClient(ECRClient);
    assumed.on(DescribeImageScanFindingsCommand).resolves(findings({}));
  });
  assumed.restore();
  expect(r.stderr).not.toContain('error');
  expect(r.code).toBe(0);
  expect(r.cloud.stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: 'arn:aws:iam::111122223333:role/ecr-read', RoleSessionName: 'composex-ecr' });
  expect(assumed.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1);
  expect(r.cloud.ecrMock.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(0);
  expect(r.stdout).toContain('passed (no findings;');
});
