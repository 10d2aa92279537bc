/**
 * CloudFormation limits at scale: a generated project of 1,000 services with 500 queues, 200
 * topics, 50 databases, 200 buckets, 100 tables, 50 KMS keys (encrypting 100 queues, subscribed by topics,
 * and 50 streams), 100 SSM parameters, 100 Kinesis streams and 60 ElastiCache caches renders; every template stays within 500 resources, 200 parameters,
 * 200 outputs and 1 MB; every name composex sets stays within its AWS limit and is unique; the
 * validator finds no error. (The same project is what `npm run bench` measures.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateComposeYaml } from '../../bench/generate';
import { INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, policyChars } from '../../src/aws/policy-size';
import { loadAndCompile } from '../../src/compile';
import { MAX_TEMPLATE_BYTES } from '../../src/render/format';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

/** Name properties composex may set, by resource type, with the AWS limit on their length. */
const NAME_LIMITS: Record<string, Record<string, number>> = {
  'AWS::IAM::Role': { RoleName: 64 },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { Name: 32 },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { Name: 32 },
  'AWS::SQS::Queue': { QueueName: 80 },
  'AWS::SNS::Topic': { TopicName: 256 },
  'AWS::ECS::TaskDefinition': { Family: 255 },
  'AWS::ECS::Service': { ServiceName: 255 },
  'AWS::ECS::Cluster': { ClusterName: 255 },
  'AWS::RDS::DBInstance': { DBInstanceIdentifier: 63 },
  'AWS::RDS::DBCluster': { DBClusterIdentifier: 63 },
  'AWS::ElastiCache::ReplicationGroup': { ReplicationGroupId: 40 },
  'AWS::ElastiCache::CacheCluster': { ClusterName: 50 },
  'AWS::EC2::SecurityGroup': { GroupName: 255 },
  'AWS::Logs::LogGroup': { LogGroupName: 512 },
  'AWS::ServiceDiscovery::HttpNamespace': { Name: 1024 },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-scale-'));
const file = path.join(dir, 'compose.yaml');
fs.writeFileSync(file, generateComposeYaml({ services: 1000, queues: 500, topics: 200, databases: 50, buckets: 200, tables: 100, keys: 50, parameters: 100, streams: 100, caches: 60 }));
const compiled = loadAndCompile({ files: [file], env: {} });
const result = compiled.model ? renderModel(compiled.model) : undefined;

test('the project compiles and renders', () => {
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result).toBeDefined();
  const count = (type: string) => result!.files.reduce((n, f) => n + Object.values(f.template.Resources ?? {}).filter((r) => r.Type === type).length, 0);
  expect(count('AWS::ECS::Service')).toBe(1000);
  expect(count('AWS::SQS::Queue')).toBe(500);
  expect(count('AWS::SNS::Topic')).toBe(200);
  expect(count('AWS::RDS::DBInstance') + count('AWS::RDS::DBCluster')).toBeGreaterThanOrEqual(50);
  expect(count('AWS::RDS::DBCluster')).toBe(10);
  expect(count('AWS::S3::Bucket')).toBe(200);
  expect(count('AWS::S3::BucketPolicy')).toBe(200);
  expect(count('AWS::DynamoDB::Table')).toBe(100);
  expect(count('AWS::KMS::Key')).toBe(50);
  expect(count('AWS::KMS::Alias')).toBe(50);
  expect(count('AWS::SSM::Parameter')).toBe(100);
  expect(count('AWS::Kinesis::Stream')).toBe(100);
  expect(count('AWS::ElastiCache::ReplicationGroup')).toBe(40);
  expect(count('AWS::ElastiCache::CacheCluster')).toBe(20);
  // Each cache's own group, admitting its two consumers' families.
  const cacheRules = result!.files.flatMap((f) => Object.values(f.template.Resources ?? {})).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && /^x-elasticache: /.test(String(r.Properties?.Description)));
  expect(cacheRules).toHaveLength(120);
});

test('every template is within the CloudFormation limits', () => {
  const over: string[] = [];
  for (const f of result!.files) {
    const resources = Object.keys(f.template.Resources ?? {}).length;
    const parameters = Object.keys(f.template.Parameters ?? {}).length;
    const outputs = Object.keys(f.template.Outputs ?? {}).length;
    const bytes = Buffer.byteLength(f.content);
    if (resources > 500 || parameters > 200 || outputs > 200 || bytes > MAX_TEMPLATE_BYTES) over.push(`${f.path}: ${resources} resources, ${parameters} parameters, ${outputs} outputs, ${bytes} bytes`);
  }
  expect(over).toEqual([]);
});

test('names composex sets are within their AWS limits and unique', () => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const f of result!.files) {
    for (const [id, r] of Object.entries(f.template.Resources ?? {})) {
      for (const [property, limit] of Object.entries(NAME_LIMITS[r.Type] ?? {})) {
        const value = r.Properties?.[property];
        if (typeof value !== 'string') continue;
        if (value.length > limit) problems.push(`${f.path}#${id} ${property} '${value}' is ${value.length} > ${limit}`);
        const key = `${r.Type}/${property}/${value}`;
        if (seen.has(key)) problems.push(`${f.path}#${id} ${property} '${value}' also used by ${seen.get(key)}`);
        seen.set(key, `${f.path}#${id}`);
      }
    }
  }
  expect(problems).toEqual([]);
  // The task definition families are named: at least those were checked.
  expect([...seen.keys()].filter((k) => k.startsWith('AWS::ECS::TaskDefinition/')).length).toBe(1000);
});

test("every role within IAM's policy size limits (references counted at their longest ARN)", () => {
  const problems: string[] = [];
  let managedPolicies = 0;
  for (const f of result!.files) {
    const resources = Object.entries(f.template.Resources ?? {});
    for (const [id, r] of resources) {
      if (r.Type === 'AWS::IAM::Role') {
        const inline = ((r.Properties?.Policies as { PolicyName: string; PolicyDocument: unknown }[] | undefined) ?? []).reduce((n, p) => n + p.PolicyName.length + policyChars(p.PolicyDocument), 0);
        if (inline > INLINE_POLICIES_LIMIT) problems.push(`${f.path}#${id}: ${inline} characters of inline policy`);
        const attached = resources.filter(([, m]) => m.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(m.Properties?.Roles) === JSON.stringify([{ Ref: id }])).length;
        if (attached > MANAGED_POLICIES_PER_ROLE) problems.push(`${f.path}#${id}: ${attached} managed policies`);
      }
      if (r.Type === 'AWS::IAM::ManagedPolicy') {
        managedPolicies++;
        const chars = policyChars(r.Properties?.PolicyDocument);
        if (chars > MANAGED_POLICY_LIMIT) problems.push(`${f.path}#${id}: ${chars} characters of managed policy`);
      }
    }
  }
  expect(problems).toEqual([]);
  // eslint-disable-next-line no-console
  console.log(`${managedPolicies} managed policies hold resource statements past the inline limit`);
});

test('the validator finds no error in any template', () => {
  expect(validateTemplates(result!.files).filter((d) => d.severity === 'error')).toEqual([]);
});
