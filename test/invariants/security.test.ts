/**
 * Security invariants (test/helpers/invariants.ts) over every example and over generated projects:
 * no wildcard action and no NotAction, every resource scoped (except the few actions AWS only
 * allows on `*`), separate task and execution roles, no ingress from the internet except to the
 * load balancer on its listener ports, encryption at rest and Retain/Snapshot policies on every
 * data-bearing resource, no literal secret anywhere. Each check is also shown to catch a planted
 * violation, so a check that silently stopped looking would fail here.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { RenderedFile, RenderResult } from '../../src/render/render';
import { renderModel } from '../../src/render/render';
import { compileDir, GeneratedProject, projectArbitrary, removeTemporaryDirs, SEEDS, temporaryDir, writeProject } from '../helpers/generate-project';
import {
  dataStoreNetworkViolations,
  encryptionViolations,
  iamViolations,
  ingressViolations,
  pointInTimeRecoveryViolations,
  publicBucketViolations,
  isUnscopedResource,
  retentionViolations,
  roleSeparationViolations,
  secretViolations,
  securityViolations,
} from '../helpers/invariants';
import { EXAMPLE_PROJECTS, readCompose } from '../helpers/mutate-compose';
import { EXAMPLES, renderProject, resourcesOf } from '../helpers/templates';
import { rolePairs, Tracer } from '../helpers/trace';

afterAll(removeTemporaryDirs);

const rendered = new Map(EXAMPLE_PROJECTS.map((e) => [e.name, renderProject({ cwd: path.join(EXAMPLES, e.name), files: [...e.files] })]));

describe.each(EXAMPLE_PROJECTS.map((e) => e.name))('example %s', (name) => {
  const files = rendered.get(name)!.files;
  test('IAM: no wildcard action, no NotAction, every resource scoped', () => expect(iamViolations(files)).toEqual([]));
  test('task and execution roles are separate; the execution role only starts the task', () => expect(roleSeparationViolations(files)).toEqual([]));
  test('no ingress from the internet except the load balancer on listener ports', () => expect(ingressViolations(files)).toEqual([]));
  test('databases, caches and EFS mount targets admit only security groups, on one port, and start no connection', () => expect(dataStoreNetworkViolations(files)).toEqual([]));
  test('encryption at rest on every data-bearing resource', () => expect(encryptionViolations(files)).toEqual([]));
  test('every bucket private and TLS-only', () => expect(publicBucketViolations(files)).toEqual([]));
  test('point-in-time recovery on every table', () => expect(pointInTimeRecoveryViolations(files)).toEqual([]));
  test('data-bearing resources are retained (DeletionPolicy, UpdateReplacePolicy)', () => expect(retentionViolations(files)).toEqual([]));
  test('no literal credential in any template', () => expect(secretViolations(files)).toEqual([]));
});

test('the examples exercise the checks: roles, task definitions, public listeners, data-bearing resources', () => {
  const all = [...rendered.values()];
  const count = (type: string) => all.reduce((n, r) => n + resourcesOf(r, type).length, 0);
  for (const type of ['AWS::IAM::Role', 'AWS::ECS::TaskDefinition', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::EFS::FileSystem', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::SQS::QueuePolicy', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::DynamoDB::Table', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ECR::Repository']) {
    expect([type, count(type)]).toEqual([type, expect.any(Number)]);
    expect(count(type)).toBeGreaterThan(0);
  }
  expect(count('AWS::RDS::DBInstance') + count('AWS::RDS::DBCluster')).toBeGreaterThan(0);
});

/** Recognisable secret values given to an example through a secret file and the environment. */
const CANARY = { file: 'canary-file-9c1d-SECRET-FROM-FILE-e77a', env: 'canary-env-51b0-SECRET-FROM-ENV-0f3c' };

/** The example with two extra secrets (from a file, from the environment) used by its first service. */
function renderWithCanaries(example: (typeof EXAMPLE_PROJECTS)[number]): RenderResult {
  const dir = temporaryDir(`composex-canary-${example.name}-`);
  fs.cpSync(path.join(EXAMPLES, example.name), dir, { recursive: true });
  const services = (readCompose(path.join(dir, example.files[0])) as { services: Record<string, unknown> }).services;
  const first = Object.keys(services)[0];
  fs.writeFileSync(path.join(dir, 'canary.txt'), CANARY.file);
  fs.writeFileSync(
    path.join(dir, 'composex-canary.yaml'),
    stringify({
      services: { [first]: { secrets: ['canary-file', 'canary-env'] } },
      secrets: { 'canary-file': { file: './canary.txt' }, 'canary-env': { environment: 'CANARY_SECRET' } },
    }),
  );
  return renderProject({ cwd: dir, files: [...example.files, 'composex-canary.yaml'], env: { HOME: '/home/test', CANARY_SECRET: CANARY.env } });
}

test.each(EXAMPLE_PROJECTS.map((e) => [e.name, e] as const))('%s with secrets from a file and the environment: their values reach no template', (_name, example) => {
  const result = renderWithCanaries(example);
  expect(secretViolations(result.files, [CANARY.file, CANARY.env])).toEqual([]);
  // The secrets were wired (created and injected), so the check above looked at something.
  const injected = resourcesOf(result, 'AWS::ECS::TaskDefinition').flatMap(({ resource }) =>
    (resource.Properties!.ContainerDefinitions as { Secrets?: { Name: string }[] }[]).flatMap((c) => (c.Secrets ?? []).map((s) => s.Name)),
  );
  // (as files, through the family's init container)
  expect(injected).toEqual(expect.arrayContaining(['SECRET_CANARY_FILE', 'SECRET_CANARY_ENV']));
});

describe('generated projects', () => {
  const samples = fc.sample(projectArbitrary, { seed: SEEDS.invariants, numRuns: 100 });
  const renders: { project: GeneratedProject; result: RenderResult; model: NonNullable<ReturnType<typeof compileDir>['model']> }[] = [];
  for (const project of samples) {
    const compiled = compileDir(writeProject(project));
    if (compiled.model) renders.push({ project, result: renderModel(compiled.model), model: compiled.model });
  }

  test('enough of them render, with secrets, volumes and published ports among them', () => {
    expect(renders.length).toBeGreaterThanOrEqual(30);
    const having = (type: string) => renders.filter(({ result }) => resourcesOf(result, type).length > 0).length;
    expect(having('AWS::EFS::FileSystem')).toBeGreaterThan(0);
    expect(having('AWS::SecretsManager::Secret')).toBeGreaterThan(0);
    expect(having('AWS::ElasticLoadBalancingV2::Listener')).toBeGreaterThan(0);
    expect(renders.filter(({ result }) => ingressTriplesFromWorld(result.files) > 0).length).toBeGreaterThan(0);
  });

  test('every invariant holds on every rendered one, and no secret value reaches a template', () => {
    const violations = renders.flatMap(({ project, result }) => securityViolations(result.files, project.secretValues).map((v) => `${project.files['compose.yaml']}\n=> ${v}`));
    expect(violations).toEqual([]);
  });

  test("each family's task role grants exactly the x-iam statements its services declare", () => {
    let familiesWithPolicies = 0;
    for (const { project, result, model } of renders) {
      const tracer = new Tracer(result.files);
      const services = (project.doc.services ?? {}) as Record<string, { 'x-iam'?: { Policies: { PolicyDocument: { Statement: Record<string, unknown>[] } }[] } }>;
      for (const family of model.families) {
        const declared = new Set<string>();
        for (const service of family.containers) {
          for (const policy of services[service.name]?.['x-iam']?.Policies ?? []) {
            for (const st of policy.PolicyDocument.Statement) {
              for (const action of [st.Action].flat()) for (const resource of [st.Resource].flat()) declared.add(`${String(st.Effect)} ${String(action)} on ${String(resource)}`);
            }
          }
        }
        const all = rolePairs(tracer, tracer.familyFile(family.logicalId), 'TaskRole').filter((p) => !p.includes(' ssmmessages:'));
        const granted = all.filter((p) => !p.includes(' elasticfilesystem:'));
        expect([family.name, [...new Set(granted)].sort()]).toEqual([family.name, [...declared].sort()]);
        // Besides x-iam: the EFS client actions on each file system its named volumes live on,
        // write only with a read-write mount, root access only where no POSIX user is enforced.
        const efs = [...new Set(all.filter((p) => p.includes(' elasticfilesystem:')))];
        const expectedEfs = family.volumes.flatMap((volume) => {
          const writes = family.containers.some((c) => c.mounts.some((m) => m.kind === 'volume' && m.volume === volume && !m.readOnly));
          const user = model.volumes.find((v) => v.name === volume)?.posixUser;
          return ['ClientMount', ...(writes && !user ? ['ClientRootAccess'] : []), ...(writes ? ['ClientWrite'] : [])];
        });
        expect([family.name, efs.map((p) => p.split(' ')[1].replace('elasticfilesystem:', '')).sort()]).toEqual([family.name, expectedEfs.sort()]);
        expect(new Set(efs.map((p) => p.split(' on ')[1])).size).toBe(family.volumes.length);
        if (declared.size > 0) familiesWithPolicies++;
      }
    }
    expect(familiesWithPolicies).toBeGreaterThan(0);
  });
});

function ingressTriplesFromWorld(files: readonly RenderedFile[]): number {
  return files.reduce(
    (n, f) => n + Object.values(f.template.Resources ?? {}).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties?.CidrIp === '0.0.0.0/0').length,
    0,
  );
}

describe('each check catches a planted violation', () => {
  /** A copy of the shop example's files with `plant` applied to one resource, content re-serialized. */
  function planted(example: string, type: string, plant: (resource: Record<string, unknown>) => void, pick = 0): RenderedFile[] {
    const files = structuredClone(rendered.get(example)!.files) as RenderedFile[];
    const targets = files.flatMap((f) => Object.values(f.template.Resources ?? {}).filter((r) => r.Type === type));
    expect(targets.length).toBeGreaterThan(pick);
    plant(targets[pick] as Record<string, unknown>);
    return files.map((f) => ({ ...f, content: JSON.stringify(f.template, null, 1) }));
  }
  const executionPolicy = (role: Record<string, unknown>) =>
    ((role.Properties as { Policies: { PolicyDocument: { Statement: Record<string, unknown>[] } }[] }).Policies[0].PolicyDocument.Statement);

  test('a wildcard action, a NotAction, an unscoped resource, a managed policy', () => {
    expect(iamViolations(planted('shop', 'AWS::IAM::Role', (r) => (executionPolicy(r)[0].Action = 's3:*')))).toEqual(['FamilyApi.json#ExecutionRole statement 0: Allow of wildcard action s3:*']);
    expect(iamViolations(planted('shop', 'AWS::IAM::Role', (r) => (executionPolicy(r)[0].NotAction = ['iam:*'])))).not.toEqual([]);
    expect(iamViolations(planted('shop', 'AWS::IAM::Role', (r) => (executionPolicy(r)[0].Resource = '*')))).not.toEqual([]);
    expect(iamViolations(planted('shop', 'AWS::IAM::Role', (r) => ((r.Properties as Record<string, unknown>).ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'])))).not.toEqual([]);
    expect(iamViolations(planted('queue-worker', 'AWS::SQS::QueuePolicy', (r) => ((r.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement[0].Effect = 'Allow')))).not.toEqual([]);
  });

  test('a key policy that admits more than the account and SNS for its topics', () => {
    const statements = (r: Record<string, unknown>) => ((r.Properties as { KeyPolicy: { Statement: Record<string, unknown>[] } }).KeyPolicy.Statement);
    expect(iamViolations(planted('uploads', 'AWS::KMS::Key', () => undefined))).toEqual([]);
    expect(iamViolations(planted('uploads', 'AWS::KMS::Key', (r) => statements(r).push({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' })))).toEqual([
      'Keys.json#KeyJobs statement 1: key policy admits a principal other than the account, or a service without a condition',
    ]);
    expect(iamViolations(planted('uploads', 'AWS::KMS::Key', (r) => statements(r).push({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:*', Resource: '*' })))).toEqual([
      'Keys.json#KeyJobs statement 1: Allow of wildcard action kms:*',
      'Keys.json#KeyJobs statement 1: key policy admits a principal other than the account, or a service without a condition',
    ]);
  });

  test('which resources count as unscoped', () => {
    for (const unscoped of ['*', 'arn:aws:sqs:eu-west-1:123456789012:*', 'arn:aws:logs:eu-west-1:123456789012:log-group:*', 'arn:aws:s3:::*', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:*']] }]) {
      expect([unscoped, isUnscopedResource(unscoped)]).toEqual([unscoped, true]);
    }
    for (const scoped of ['arn:aws:s3:::bucket/*', 'arn:aws:logs:eu-west-1:123456789012:log-group:app:*', 'arn:aws:sqs:eu-west-1:123456789012:jobs', { 'Fn::GetAtt': ['Queue', 'Arn'] }]) {
      expect([scoped, isUnscopedResource(scoped)]).toEqual([scoped, false]);
    }
  });

  test('one role for both, or an execution role that may do more than start the task', () => {
    expect(roleSeparationViolations(planted('shop', 'AWS::ECS::TaskDefinition', (r) => ((r.Properties as Record<string, unknown>).TaskRoleArn = (r.Properties as Record<string, unknown>).ExecutionRoleArn)))).not.toEqual([]);
    expect(roleSeparationViolations(planted('shop', 'AWS::ECS::TaskDefinition', (r) => delete (r.Properties as Record<string, unknown>).TaskRoleArn))).not.toEqual([]);
    const roles = rendered.get('shop')!.files.flatMap((f) => Object.entries(f.template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id]) => id));
    const execution = roles.indexOf('ExecutionRole');
    expect(roleSeparationViolations(planted('shop', 'AWS::IAM::Role', (r) => executionPolicy(r).push({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:123456789012:q' }), execution))).not.toEqual([]);
  });

  test('the internet let into a family, or into the load balancer on another port', () => {
    const ingress = (example: string, change: (p: Record<string, unknown>) => void) =>
      ingressViolations(planted(example, 'AWS::EC2::SecurityGroupIngress', (r) => change(r.Properties as Record<string, unknown>)));
    // tweet-app: the first rule opens family nginx to the load balancer.
    expect(ingress('tweet-app', (p) => { delete p.SourceSecurityGroupId; p.CidrIp = '0.0.0.0/0'; })).not.toEqual([]);
    expect(ingress('tweet-app', (p) => { delete p.SourceSecurityGroupId; p.CidrIpv6 = '::/0'; })).not.toEqual([]);
    const lbRule = (p: Record<string, unknown>) => p.CidrIp === '0.0.0.0/0';
    const files = structuredClone(rendered.get('tweet-app')!.files) as RenderedFile[];
    const rule = files.flatMap((f) => Object.values(f.template.Resources ?? {})).find((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && lbRule(r.Properties!))!;
    expect(ingressViolations(files)).toEqual([]);
    rule.Properties!.FromPort = 22;
    rule.Properties!.ToPort = 22;
    expect(ingressViolations(files)).not.toEqual([]);
    expect(ingressViolations(planted('tweet-app', 'AWS::EC2::SecurityGroup', (r) => ((r.Properties as Record<string, unknown>).SecurityGroupIngress = [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }])))).not.toEqual([]);
  });

  test.each<[string, string, (p: Record<string, unknown>) => void]>([
    ['shop', 'AWS::EFS::FileSystem', (p) => (p.Encrypted = false)],
    ['queue-worker', 'AWS::SQS::Queue', (p) => delete p.SqsManagedSseEnabled],
    ['queue-worker', 'AWS::SQS::Queue', (p) => (p.SqsManagedSseEnabled = false)],
    ['fanout', 'AWS::SNS::Topic', (p) => delete p.KmsMasterKeyId],
    ['postgres', 'AWS::RDS::DBCluster', (p) => (p.StorageEncrypted = false)],
    ['postgres', 'AWS::RDS::DBInstance', (p) => { delete p.StorageEncrypted; delete p.DBClusterIdentifier; }],
    ['uploads', 'AWS::S3::Bucket', (p) => delete p.BucketEncryption],
    ['uploads', 'AWS::DynamoDB::Table', (p) => delete p.SSESpecification],
    ['uploads', 'AWS::ElastiCache::ReplicationGroup', (p) => (p.AtRestEncryptionEnabled = false)],
    ['uploads', 'AWS::ElastiCache::ReplicationGroup', (p) => delete p.TransitEncryptionEnabled],
    ['build-from-source', 'AWS::ECR::Repository', (p) => delete p.EncryptionConfiguration],
  ])('no encryption at rest: %s %s', (example, type, change) => {
    expect(encryptionViolations(planted(example, type, (r) => change(r.Properties as Record<string, unknown>)))).not.toEqual([]);
  });

  test.each<[string, string]>([
    ['shop', 'AWS::EFS::FileSystem'],
    ['queue-worker', 'AWS::SQS::Queue'],
    ['fanout', 'AWS::SNS::Topic'],
    ['postgres', 'AWS::RDS::DBCluster'],
    ['postgres', 'AWS::SecretsManager::Secret'],
    ['uploads', 'AWS::S3::Bucket'],
    ['uploads', 'AWS::DynamoDB::Table'],
    ['uploads', 'AWS::KMS::Key'],
    ['uploads', 'AWS::ElastiCache::ReplicationGroup'],
    ['build-from-source', 'AWS::ECR::Repository'],
  ])('data deleted with the stack: %s %s', (example, type) => {
    expect(retentionViolations(planted(example, type, (r) => delete r.DeletionPolicy))).not.toEqual([]);
    expect(retentionViolations(planted(example, type, (r) => (r.UpdateReplacePolicy = 'Delete')))).not.toEqual([]);
  });

  test.each<[string, string, (r: Record<string, unknown>) => void]>([
    ['a public access block off', 'AWS::S3::Bucket', (r) => (((r.Properties as Record<string, unknown>).PublicAccessBlockConfiguration as Record<string, unknown>).RestrictPublicBuckets = false)],
    ['ACLs enabled', 'AWS::S3::Bucket', (r) => delete (r.Properties as Record<string, unknown>).OwnershipControls],
    ['a public canned ACL', 'AWS::S3::Bucket', (r) => ((r.Properties as Record<string, unknown>).AccessControl = 'PublicRead')],
    ['a website beside a public access block off', 'AWS::S3::Bucket', (r) => {
      const p = r.Properties as Record<string, unknown>;
      p.WebsiteConfiguration = { IndexDocument: 'index.html' };
      (p.PublicAccessBlockConfiguration as Record<string, unknown>).BlockPublicPolicy = false;
    }],
    ['no TLS-only policy', 'AWS::S3::BucketPolicy', (r) => (((r.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement[0].Effect = 'Allow'))],
  ])('a bucket made public: %s', (_what, type, change) => {
    expect(publicBucketViolations(planted('uploads', type, change))).not.toEqual([]);
  });

  test('a website configuration on a bucket whose public access is blocked is not public (its endpoint answers 403)', () => {
    const website = (r: Record<string, unknown>) => ((r.Properties as Record<string, unknown>).WebsiteConfiguration = { IndexDocument: 'index.html' });
    expect(publicBucketViolations(planted('uploads', 'AWS::S3::Bucket', website))).toEqual([]);
    const opened = (r: Record<string, unknown>) => {
      website(r);
      ((r.Properties as Record<string, unknown>).PublicAccessBlockConfiguration as Record<string, unknown>).RestrictPublicBuckets = false;
    };
    expect(publicBucketViolations(planted('uploads', 'AWS::S3::Bucket', opened)).filter((v) => v.includes('website'))).not.toEqual([]);
  });

  test('a data store open to a CIDR, on a range, allowing egress, or with a group of its own choosing', () => {
    const store = (type: string, change: (r: Record<string, unknown>) => void) => dataStoreNetworkViolations(planted('uploads', type, change));
    const cacheRule = (r: Record<string, unknown>) => JSON.stringify(r).includes('CacheThumbnailCache');
    const plant = (change: (p: Record<string, unknown>) => void) => {
      const files = structuredClone(rendered.get('uploads')!.files) as RenderedFile[];
      const rule = files.flatMap((f) => Object.values(f.template.Resources ?? {})).find((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && cacheRule(r as unknown as Record<string, unknown>))!;
      change(rule.Properties as Record<string, unknown>);
      return dataStoreNetworkViolations(files);
    };
    expect(dataStoreNetworkViolations(rendered.get('uploads')!.files)).toEqual([]);
    expect(plant((p) => { delete p.SourceSecurityGroupId; p.CidrIp = '10.0.0.0/8'; })).not.toEqual([]);
    expect(plant((p) => (p.ToPort = 6400))).not.toEqual([]);
    expect(store('AWS::ElastiCache::ReplicationGroup', (r) => ((r.Properties as Record<string, unknown>).SecurityGroupIds = ['sg-0123456789abcdef0']))).not.toEqual([]);
    const egress = (r: Record<string, unknown>) => {
      const p = r.Properties as Record<string, unknown>;
      if (String(p.GroupDescription).includes('ElastiCache')) p.SecurityGroupEgress = [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }];
    };
    const files = structuredClone(rendered.get('uploads')!.files) as RenderedFile[];
    for (const r of files.flatMap((f) => Object.values(f.template.Resources ?? {}))) if (r.Type === 'AWS::EC2::SecurityGroup') egress(r as unknown as Record<string, unknown>);
    expect(dataStoreNetworkViolations(files)).not.toEqual([]);
    // HTTPS out is for a data store that calls AWS with a role of its own (RdsFeatures), not for a cache.
    const https = structuredClone(rendered.get('uploads')!.files) as RenderedFile[];
    for (const r of https.flatMap((f) => Object.values(f.template.Resources ?? {}))) {
      const p = r.Properties as Record<string, unknown>;
      if (r.Type === 'AWS::EC2::SecurityGroup' && String(p.GroupDescription).includes('ElastiCache')) p.SecurityGroupEgress = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }];
    }
    expect(dataStoreNetworkViolations(https)).toEqual([expect.stringContaining("a data store's group allows outbound traffic")]);
  });

  test('a table without point-in-time recovery', () => {
    const off = (r: Record<string, unknown>) => ((r.Properties as Record<string, unknown>).PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: false });
    expect(pointInTimeRecoveryViolations(planted('uploads', 'AWS::DynamoDB::Table', off))).toEqual(['Tables.json#TablePictures: no point-in-time recovery']);
  });

  test('a secret value in a template, or a literal password', () => {
    expect(secretViolations(planted('shop', 'AWS::ECS::TaskDefinition', (r) => ((r.Properties as Record<string, unknown>).Tags = [{ Key: 'k', Value: CANARY.file }])), [CANARY.file])).not.toEqual([]);
    expect(secretViolations(planted('postgres', 'AWS::RDS::DBCluster', (r) => ((r.Properties as Record<string, unknown>).MasterUserPassword = 'hunter22')))).not.toEqual([]);
    expect(secretViolations(planted('postgres', 'AWS::SecretsManager::Secret', (r) => ((r.Properties as Record<string, unknown>).SecretString = '{"password":"x"}')))).not.toEqual([]);
    expect(secretViolations(planted('postgres', 'AWS::SecretsManager::Secret', (r) => ((r.Properties as Record<string, unknown>).SecretString = { 'Fn::Join': ['', ['postgres://u:', 'pw', '@host']] })))).not.toEqual([]);
  });
});
