/**
 * x-cluster.MacroParameters (ECS ComposeX: ECS Exec logging): ECS ComposeX's published
 * use-cases/ecs/cluster_create_with_logging.yml renders over blog.features.yml, its cluster logging
 * ECS Exec sessions to the encrypted, retained log group and private bucket it creates, with the
 * key's policy letting CloudWatch Logs use it for that group only; a family with ECS Exec on gets
 * exactly AWS's ECS Exec logging permissions on those resources, one without gets none; an existing
 * cluster, a key alone and keys without effect are warned at their place.
 */
import { App, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { execLoggingResources } from '../../src/aws/cluster-exec-logging';
import { loadAndCompile } from '../../src/compile';
import type { ExecLoggingSettings } from '../../src/resolve/model';
import { validateTemplates } from '../../src/render/validate';
import { EXEC_KEY_ACTIONS, EXEC_LOG_ACTIONS, EXECUTE_COMMAND_ACTIONS } from '../../src/resolve/exec-logging-policy';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { rolePairs, Tracer } from '../helpers/trace';
import { at, BASE, located, render, Rendered, template } from './fixture-helpers';

const FIXTURE = 'use-cases/ecs/cluster_create_with_logging.yml';

describe('use-cases/ecs/cluster_create_with_logging.yml over blog.features.yml', () => {
  let rendered: Rendered;
  let cluster: ReturnType<typeof template>;
  beforeAll(() => {
    rendered = render([BASE, FIXTURE]);
    cluster = template(rendered, 'Cluster.json');
  });

  test('renders (validator-clean), warned once at MacroParameters that no service turns ECS Exec on', () => {
    expect(located(rendered.diagnostics, 'warning', FIXTURE)).toEqual([at('CX3411', FIXTURE, 'MacroParameters:')]);
  });

  test('the cluster logs ECS Exec sessions to its log group and bucket, encrypted with its key', () => {
    expect(cluster.Cluster.Properties?.Configuration).toEqual({
      ExecuteCommandConfiguration: {
        KmsKeyId: { 'Fn::GetAtt': ['ExecLoggingKey', 'Arn'] },
        Logging: 'OVERRIDE',
        LogConfiguration: {
          CloudWatchLogGroupName: { Ref: 'ExecLoggingLogGroup' },
          CloudWatchEncryptionEnabled: true,
          S3BucketName: { Ref: 'ExecLoggingBucket' },
          S3KeyPrefix: 'ecs/execute-logs/ANewCluster',
          S3EncryptionEnabled: true,
        },
      },
    });
  });

  test('log group, bucket and key are encrypted, private and retained', () => {
    const group = cluster.ExecLoggingLogGroup;
    expect(group.Properties).toMatchObject({ LogGroupName: '/ecs/execute-logs/ANewCluster', RetentionInDays: 120, KmsKeyId: { 'Fn::GetAtt': ['ExecLoggingKey', 'Arn'] } });
    const bucket = cluster.ExecLoggingBucket;
    expect(bucket.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['ExecLoggingKey', 'Arn'] } } }],
    });
    expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(cluster.ExecLoggingBucketPolicy.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    const key = cluster.ExecLoggingKey;
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    for (const r of [group, bucket, key]) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  test("the key's policy: the account's IAM policies, and CloudWatch Logs for the exec log group only", () => {
    const tracer = new Tracer(rendered.files);
    const statements = (cluster.ExecLoggingKey.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(['AccountUsesIamPolicies', 'CloudWatchLogsEncryptsExecLogs']);
    const logs = statements[1];
    expect(tracer.trace('Cluster.json', (logs.Principal as { Service: unknown }).Service)).toBe('logs.AWS::Region.AWS::URLSuffix');
    const condition = (logs.Condition as { ArnLike: Record<string, unknown> }).ArnLike['kms:EncryptionContext:aws:logs:arn'];
    expect(tracer.trace('Cluster.json', condition)).toBe('arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:log-group:/ecs/execute-logs/ANewCluster');
    expect(logs.Action).not.toEqual(expect.arrayContaining([expect.stringContaining('*')]));
  });
});

describe('a family with ECS Exec on writes to the logging resources, and only those', () => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': yaml`
        name: execlog
        services:
          api:
            image: api
            x-ecs: {EnableExecuteCommand: true}
          worker:
            image: worker
        x-cluster:
          MacroParameters:
            CreateExecLoggingLogGroup: true
            LogGroupRetentionInDays: 42
            CreateExecLoggingBucket: true
            CreateExecLoggingKmsKey: true
      `,
    }),
  });
  const tracer = new Tracer(result.files);
  const pairs = (actions: readonly string[], on: string) => actions.map((a) => `Allow ${a} on ${on}`);

  test('validator-clean; the retention is rounded to one CloudWatch Logs accepts, with a warning', () => {
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings).toContain('CX3350');
    expect(resourcesOf(result, 'AWS::Logs::LogGroup').find((g) => g.id === 'ExecLoggingLogGroup')?.resource.Properties?.RetentionInDays).toBe(30);
  });

  test("api's task role: AWS's ECS Exec permissions, scoped to the cluster's log group, bucket and key", () => {
    const group = 'AWS::Logs::LogGroup:ExecLoggingLogGroup.Arn';
    const bucket = 'AWS::S3::Bucket:ExecLoggingBucket.Arn';
    expect(rolePairs(tracer, tracer.familyFile('Api'), 'TaskRole')).toEqual(
      [
        ...pairs(EXECUTE_COMMAND_ACTIONS, '*'),
        'Allow logs:DescribeLogGroups on *',
        ...pairs(EXEC_LOG_ACTIONS, group),
        `Allow s3:GetEncryptionConfiguration on ${bucket}`,
        `Allow s3:PutObject on ${bucket}/*`,
        ...pairs(EXEC_KEY_ACTIONS, 'AWS::KMS::Key:ExecLoggingKey.Arn'),
      ].sort(),
    );
  });

  test("worker (ECS Exec off) gets nothing of it", () => {
    expect(rolePairs(tracer, tracer.familyFile('Worker'), 'TaskRole')).toEqual([]);
  });
});

describe('MacroParameters warned where it does not apply', () => {
  const run = (xCluster: string) => {
    const dir = projectDir({ 'compose.yaml': `name: w\nservices:\n  api:\n    image: api\n    x-ecs: {EnableExecuteCommand: true}\nx-cluster:\n${xCluster}` });
    const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
    return { compiled, warnings: compiled.diagnostics.filter((d) => d.severity === 'warning' && d.code.startsWith('CX341')).map((d) => `${d.code} ${d.line}:${d.column}`) };
  };

  test('beside an existing cluster (Use, Lookup, Name): ignored, as ECS ComposeX', () => {
    const { compiled, warnings } = run('  Use: prod\n  MacroParameters: {CreateExecLoggingLogGroup: true}\n');
    expect(warnings).toContain('CX3410 8:3');
    expect(compiled.model?.cluster).toEqual({ kind: 'existing', clusterName: 'prod' });
  });

  test('a key alone: sessions encrypted and not logged', () => {
    const { compiled, warnings } = run('  MacroParameters: {CreateExecLoggingKmsKey: true}\n');
    expect(warnings).toEqual(['CX3412 7:21']);
    expect(compiled.model?.cluster).toMatchObject({ kind: 'new', execLogging: { kmsKey: { anyLogGroup: false } } });
    expect(compiled.model?.families[0].execLogging).toEqual({ logGroup: false, bucket: false, kmsKey: true });
  });

  test('LogGroupRetentionInDays without the log group, AllowKmsKeyReuse without the key: no effect', () => {
    const { compiled, warnings } = run('  MacroParameters:\n    CreateExecLoggingBucket: true\n    LogGroupRetentionInDays: 30\n    AllowKmsKeyReuse: true\n');
    expect(warnings).toEqual(['CX3413 9:5', 'CX3413 10:5']);
    expect(compiled.model?.cluster).toMatchObject({ execLogging: { bucket: true } });
  });
});

test('ECS Exec in an existing cluster: warned at EnableExecuteCommand that its logging is not known offline', () => {
  const dir = projectDir({ 'compose.yaml': 'name: w\nservices:\n  api:\n    image: api\n    x-ecs: {EnableExecuteCommand: true}\n  worker:\n    image: worker\nx-cluster: {Use: prod}\n' });
  const warnings = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } }).diagnostics.filter((d) => d.code === 'CX3414').map((d) => `${d.line}:${d.column}`);
  expect(warnings).toEqual(['5:13']);
});

describe('the cluster configuration of a key alone, and of AllowKmsKeyReuse', () => {
  const configure = (settings: ExecLoggingSettings) => {
    const root = new Stack(new App(), 'Root');
    const stack = new NestedStack(root, 'Cluster');
    const made = execLoggingResources(stack, 'p', settings, 'c1');
    return { stack, made, resolved: stack.resolve(made.configuration) as Record<string, unknown> };
  };

  test('a key alone: sessions encrypted with it and not logged (Logging NONE), no log group or bucket', () => {
    const { stack, resolved } = configure({ kmsKey: { anyLogGroup: false } });
    expect(resolved).toEqual({ executeCommandConfiguration: { kmsKeyId: { 'Fn::GetAtt': ['ExecLoggingKey', 'Arn'] }, logging: 'NONE' } });
    expect(stack.node.tryFindChild('ExecLoggingLogGroup')).toBeUndefined();
    expect(stack.node.tryFindChild('ExecLoggingBucket')).toBeUndefined();
  });

  test('AllowKmsKeyReuse: CloudWatch Logs may use the key for any log group of the account', () => {
    const { stack } = configure({ logGroup: { retentionInDays: 120 }, kmsKey: { anyLogGroup: true } });
    const key = stack.resolve((stack.node.findChild('ExecLoggingKey') as CfnResource)._toCloudFormation()) as { Resources: Record<string, { Properties: { KeyPolicy: { Statement: { Condition?: { ArnLike: Record<string, { 'Fn::Join': [string, unknown[]] }> } }[] } } }> };
    const condition = key.Resources.ExecLoggingKey.Properties.KeyPolicy.Statement[1].Condition!.ArnLike['kms:EncryptionContext:aws:logs:arn'];
    expect(condition['Fn::Join'][1].slice(-1)).toEqual([':log-group:*']);
  });
});
