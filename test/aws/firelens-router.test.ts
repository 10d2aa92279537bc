/**
 * ECS ComposeX's FireLens use case (use-cases/firelens/advanced_firehose/) with its two lookups
 * replaced by what composex reads without AWS calls (the delivery stream by Arn, without its
 * Services entry for a service the file does not have; the key created),
 * rendered over use-cases/blog.features.yml: the log router, the containers that log through it, the
 * configuration file it reads, the task size and the task role, read from the synthesized templates.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGraph, edgeList } from '../../src/graph/graph';
import { BASE, compiled, DIR, render, template, Rendered } from '../ecs-composex/fixture-helpers';

const FILE = 'use-cases/firelens/advanced_firehose/test_advanced_firehose.yaml';
const STREAM_ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/PUT-S3-g6B0t';

type Container = Record<string, unknown> & { Name: string };
let result: Rendered;
type Resource = { Type: string; Properties?: Record<string, unknown> };
let web: Record<string, Resource>;
let containers: Map<string, Container>;
let file: string;

beforeAll(() => {
  const text = fs
    .readFileSync(path.join(DIR, FILE), 'utf8')
    .replace(/    Lookup:\n      Tags:\n        - ForLookupTesting[^]*?Access: Producer\n/, `    Lookup:\n      Arn: ${STREAM_ARN}\n`)
    .replace(/  stream-encryption-key:\n    Lookup:\n      Tags:\n        - usage: unknown\n        - ForLookup: "true"\n/, '  stream-encryption-key:\n    Properties: {}\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firelens-'));
  file = path.join(dir, 'advanced_firehose.yaml');
  fs.writeFileSync(file, text);
  result = render([BASE, file]);
  web = template(result, 'FamilyWeb.json');
  const task = Object.values(web).find((r) => r.Type === 'AWS::ECS::TaskDefinition') as unknown as { Properties: { ContainerDefinitions: Container[] } };
  containers = new Map(task.Properties.ContainerDefinitions.map((c) => [c.Name, c]));
});

const taskDefinition = () => Object.values(web).find((r) => r.Type === 'AWS::ECS::TaskDefinition') as unknown as { Properties: Record<string, unknown> };

test('the family web has one log router: AWS for Fluent Bit (a pinned version), essential, firelensConfiguration with the configuration file', () => {
  expect([...containers.keys()].sort()).toEqual(['composex-secrets', 'log_router', 'random-logs', 'web']);
  const router = containers.get('log_router')!;
  expect(router.Image).toMatch(/^public\.ecr\.aws\/aws-observability\/aws-for-fluent-bit:\d+\.\d+\.\d+$/);
  expect(router.Essential).toBe(true);
  expect(router.FirelensConfiguration).toEqual({
    Type: 'fluentbit',
    Options: { 'config-file-type': 'file', 'config-file-value': '/fluent-bit/etc/composex/firelens.conf', 'enable-ecs-log-metadata': 'true' },
  });
  expect(router.PortMappings).toBeUndefined();
  expect(router.MountPoints).toEqual([{ SourceVolume: 'secrets-log_router-1', ContainerPath: '/fluent-bit/etc/composex', ReadOnly: true }]);
  expect(router.DependsOn).toEqual([{ ContainerName: 'composex-secrets', Condition: 'SUCCESS' }]);
  expect(router.LogConfiguration).toEqual({ LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'LogGroup' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'log_router' } });
  expect(router.HealthCheck).toMatchObject({ Command: ['CMD-SHELL', 'curl -sf http://127.0.0.1:2020/api/v1/health || exit 1'] });
  const env = Object.fromEntries((router.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
  expect(Object.keys(env).sort()).toEqual(['APP_VERSION', 'AWS_REGION', 'STREAM_TO_S3_DIRECT_PUT']);
  expect(env.APP_VERSION).toBe('test');
  expect([router.Cpu, router.Memory, router.MemoryReservation]).toEqual([102, 64, 32]);
});

test('web (awsfirelens Name: cloudwatch) and random-logs (ReplaceAwsLogs) log through the router to the family log group, and start after it', () => {
  for (const name of ['web', 'random-logs']) {
    const c = containers.get(name)!;
    expect(c.LogConfiguration).toEqual({
      LogDriver: 'awsfirelens',
      Options: { Name: 'cloudwatch', log_group_name: { Ref: 'LogGroup' }, log_stream_prefix: name, region: { Ref: 'AWS::Region' } },
    });
    expect(c.DependsOn).toEqual(expect.arrayContaining([{ ContainerName: 'log_router', Condition: 'START' }]));
  }
});

test('web2 (delivery_stream: x-kinesis_firehose::…, a stream given by Arn) sends its logs to that stream', () => {
  const web2 = template(result, 'FamilyWeb2.json');
  const task = Object.values(web2).find((r) => r.Type === 'AWS::ECS::TaskDefinition') as unknown as { Properties: { ContainerDefinitions: Container[] } };
  const app = task.Properties.ContainerDefinitions.find((c) => c.Name === 'web2')!;
  expect(app.LogConfiguration).toEqual({ LogDriver: 'awsfirelens', Options: { Name: 'kinesis_firehose', delivery_stream: 'PUT-S3-g6B0t', region: { Ref: 'AWS::Region' } } });
  expect(app.DependsOn).toEqual([{ ContainerName: 'log_router', Condition: 'START' }]);
  const role = Object.values(web2).find((r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r).includes('firehose:')) as unknown as { Properties: { Policies: { PolicyDocument: { Statement: unknown[] } }[] } };
  expect(JSON.stringify(role.Properties.Policies)).toContain(`"Action":"firehose:PutRecordBatch","Resource":"${STREAM_ARN}"`);
});

test('the task size counts the router (and the init container); the task role may write exactly where the outputs write', () => {
  // web 0 + random-logs 0 + router 102 CPU units; memory: router 64, init container's limit
  expect([taskDefinition().Properties.Cpu, taskDefinition().Properties.Memory]).toEqual(['256', '512']);
  const role = Object.values(web).find((r) => r.Type === 'AWS::IAM::Role' && (r.Properties as { AssumeRolePolicyDocument?: unknown; Policies?: unknown }).Policies !== undefined && JSON.stringify(r).includes('ComposeXFireLens')) as unknown as {
    Properties: { Policies: { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[] };
  };
  const policy = role.Properties.Policies.find((p) => p.PolicyName === 'ComposeXFireLens')!;
  expect(policy.PolicyDocument.Statement).toEqual([
    { Sid: 'FireLensCloudWatchLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['LogGroup', 'Arn'] }] },
    { Sid: 'FireLensAssumeRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['arn:aws:iam::012345678912:role/some-dummy-role'] },
  ]);
  // the project's delivery stream: PutRecordBatch on its Arn, through a grant of the family
  const resources = JSON.stringify(role.Properties.Policies.find((p) => p.PolicyName === 'ComposeXResources'));
  expect(resources).toContain('"Statement":[{"Sid":"Resources1","Effect":"Allow","Action":"firehose:PutRecordBatch","Resource":{"Ref":"DeliveryStreamStreamToS3DirectPutArn"}}]');
});

test("the router's configuration: ECS ComposeX's file (Grace, health endpoint, extra.conf, the Firehose output), in a created secret, never in a template", () => {
  const text = JSON.stringify(result.files.map((f) => f.template));
  expect(text).not.toContain('Reserve_Data');
  expect(text).not.toContain('[OUTPUT]');
  const { model } = compiled([BASE, file]);
  // the graph draws the router's access from its family (the router is no service)
  expect(edgeList(buildGraph(model)).filter((e) => e.includes('FireLens'))).toEqual(['family:web -> deliveryStream:stream-to-s3-direct-put [FireLens]', 'family:web2 -> deliveryStream:lookup-stream-to-s3-direct-put [FireLens]']);
  const secret = model.secrets.find((s) => s.name === 'firelens:web');
  expect(secret).toMatchObject({ kind: 'created', source: { kind: 'content' } });
  const content = (secret!.source as { content: string }).content;
  expect(content).toBe(
    [
      '[SERVICE]\n    HTTP_Server  On\n    HTTP_Listen  127.0.0.1\n    HTTP_PORT    2020\n    Health_Check On\n    HC_Errors_Count 5\n    HC_Retry_Failure_Count 5\n    HC_Period 5',
      '[SERVICE]\n    Flush 1\n    Grace 60',
      fs.readFileSync(path.join(DIR, 'use-cases/firelens/advanced_firehose/extra.conf'), 'utf8').trimEnd(),
      '[OUTPUT]\n    Name kinesis_firehose\n    Match web-firelens*\n    delivery_stream ${STREAM_TO_S3_DIRECT_PUT}\n    region ${AWS_REGION}\n    role_arn arn:aws:iam::012345678912:role/some-dummy-role',
    ].join('\n\n') + '\n',
  );
});
