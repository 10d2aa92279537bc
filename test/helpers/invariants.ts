/**
 * Security invariants of rendered templates, checked generically by resource type so that every
 * project — an example, a generated one, or one using x- resources added later — is held to the
 * same rules. Each check returns its violations as readable strings (`file#LogicalId: what`); an
 * empty list means the invariant holds. The rules and allowlists are written out here on purpose,
 * independently of src/aws, so a change there cannot quietly change what is checked.
 */
import type { RenderResult, Template } from '../../src/render/render';
import { Tracer } from './trace';

type Files = RenderResult['files'];
type Resource = NonNullable<Template['Resources']>[string];
type Statement = Record<string, unknown>;

/**
 * Actions AWS only allows on `Resource: "*"`: ECR's login token, the ECS Exec channels, and what
 * the X-Ray daemon calls (X-Ray defines no resource type for them).
 */
export const STAR_RESOURCE_ACTIONS: ReadonlySet<string> = new Set([
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
]);

/** What ECS needs to start a task: pull images, write logs, read the secrets it injects. */
export const EXECUTION_ROLE_ACTIONS: ReadonlySet<string> = new Set([
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetAuthorizationToken',
  'ecr:GetDownloadUrlForLayer',
  'kms:Decrypt',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameters',
]);

/** Resource-based policies: where the policy document sits in each type. */
const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::KMS::Key': 'KeyPolicy',
};

/**
 * Encryption at rest, by type of data-bearing resource. A DB instance inside an Aurora cluster is
 * encrypted through its cluster (which is checked itself).
 */
export const ENCRYPTION_AT_REST: Record<string, (p: Record<string, unknown>) => boolean> = {
  'AWS::SQS::Queue': (p) => p.SqsManagedSseEnabled !== false && (p.SqsManagedSseEnabled === true || p.KmsMasterKeyId !== undefined),
  'AWS::SNS::Topic': (p) => p.KmsMasterKeyId !== undefined && p.KmsMasterKeyId !== '',
  // Buffered records: server-side encryption, except from a Kinesis stream (encrypted there; Firehose refuses SSE then).
  'AWS::KinesisFirehose::DeliveryStream': (p) => p.DeliveryStreamEncryptionConfigurationInput !== undefined || p.DeliveryStreamType === 'KinesisStreamAsSource',
  'AWS::RDS::DBInstance': (p) => p.StorageEncrypted === true || p.DBClusterIdentifier !== undefined,
  'AWS::RDS::DBCluster': (p) => p.StorageEncrypted === true,
  'AWS::EFS::FileSystem': (p) => p.Encrypted === true,
  'AWS::DynamoDB::Table': (p) => (p.SSESpecification as { SSEEnabled?: boolean } | undefined)?.SSEEnabled === true,
  'AWS::S3::Bucket': (p) => p.BucketEncryption !== undefined,
  'AWS::Kinesis::Stream': (p) => (p.StreamEncryption as { EncryptionType?: string; KeyId?: unknown } | undefined)?.EncryptionType === 'KMS' && (p.StreamEncryption as { KeyId?: unknown }).KeyId !== undefined,
  // Redis OSS / Valkey: at rest, and in transit (the auth token travels over it).
  'AWS::ElastiCache::ReplicationGroup': (p) => p.AtRestEncryptionEnabled === true && p.TransitEncryptionEnabled === true,
  'AWS::ECR::Repository': (p) => p.EncryptionConfiguration !== undefined,
  // Encrypted by the service, with an AWS owned key unless KmsKeyArn names another.
  'AWS::APS::Workspace': () => true,
  // Encrypted by the service with an AWS owned key.
  'AWS::CodeGuruProfiler::ProfilingGroup': () => true,
  'AWS::DocDB::DBCluster': (p) => p.StorageEncrypted === true,
  'AWS::OpenSearchService::Domain': (p) => (p.EncryptionAtRestOptions as { Enabled?: unknown } | undefined)?.Enabled === true,
  'AWS::Neptune::DBCluster': (p) => p.StorageEncrypted === true,
};

/**
 * Data-bearing resources that must survive stack deletion and replacement. A DB instance inside a
 * cluster holds no data of its own (the cluster does; CloudFormation refuses Snapshot on it).
 */
export const RETAINED_TYPES: Record<string, (r: Resource) => boolean> = {
  'AWS::EFS::FileSystem': () => true,
  'AWS::RDS::DBCluster': () => true,
  'AWS::RDS::DBInstance': (r) => r.Properties?.DBClusterIdentifier === undefined,
  'AWS::SQS::Queue': () => true,
  'AWS::SNS::Topic': () => true,
  'AWS::SecretsManager::Secret': () => true,
  'AWS::DynamoDB::Table': () => true,
  'AWS::S3::Bucket': () => true,
  'AWS::Kinesis::Stream': () => true,
  'AWS::ECR::Repository': () => true,
  // What a key encrypted cannot be read without it.
  'AWS::KMS::Key': () => true,
  // The users and their passwords: no template brings them back.
  'AWS::Cognito::UserPool': () => true,
  // Redis OSS / Valkey keep data (Memcached keeps none: its cache cluster is not listed).
  'AWS::ElastiCache::ReplicationGroup': () => true,
  'AWS::APS::Workspace': () => true,
  'AWS::CodeGuruProfiler::ProfilingGroup': () => true,
  // A DocumentDB cluster holds the data; its instances are compute over it.
  'AWS::DocDB::DBCluster': () => true,
  // CloudFormation cannot snapshot a domain: kept (Retain) with its data.
  'AWS::OpenSearchService::Domain': () => true,
  // A Neptune cluster holds the graph; its instances are compute over it.
  'AWS::Neptune::DBCluster': () => true,
};
const KEEP_POLICIES = new Set(['Retain', 'Snapshot']);

/** Properties that carry a credential: a template may only refer to one, never hold it. */
const CREDENTIAL_PROPERTIES = /^(MasterUserPassword|Password|SecretString|AuthToken|SecretAccessKey)$/;

function resources(files: Files): { file: string; id: string; resource: Resource }[] {
  return files.flatMap((f) => Object.entries(f.template.Resources ?? {}).map(([id, resource]) => ({ file: f.path, id, resource })));
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * A string that stands for a value: literals as they are, `Fn::Join` / `Fn::Sub` with their
 * references replaced by `X` (a concrete name), any other reference as `X`.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const [fn, arg] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (fn === 'Fn::Join' && Array.isArray(arg)) return (arg[1] as unknown[]).map(flatten).join(String(arg[0]));
    if (fn === 'Fn::Sub') return String(Array.isArray(arg) ? arg[0] : arg).replace(/\$\{[^}]*\}/g, 'X');
  }
  return 'X';
}

/**
 * Whether a Resource element names everything: `*`, or an ARN whose resource part is `*` or a bare
 * resource type (`log-group:*`, `secret:*`, `parameter/*`). S3 ARNs name a bucket first, so
 * `arn:aws:s3:::bucket/*` is scoped and `arn:aws:s3:::*` is not.
 */
export function isUnscopedResource(value: unknown): boolean {
  const text = flatten(value);
  if (text === '*') return true;
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(text);
  if (!m) return false;
  const [, service, rest] = m;
  if (rest === '*' || rest === '') return true;
  if (service === 's3') return rest.startsWith('*');
  return /^[A-Za-z-]+[:/]\*$/.test(rest);
}

function statementsOf(document: unknown): Statement[] {
  return list((document as { Statement?: unknown } | undefined)?.Statement) as Statement[];
}

/** Identity policies of a resource (a role's inline policies, an IAM policy), as documents. */
function identityDocuments(resource: Resource): unknown[] {
  const p = resource.Properties ?? {};
  if (resource.Type === 'AWS::IAM::Role') return list(p.Policies).map((policy) => (policy as { PolicyDocument: unknown }).PolicyDocument);
  if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') return [p.PolicyDocument];
  return [];
}

/**
 * IAM: no `NotAction` / `NotResource` / `NotPrincipal` anywhere; no Allow of an action with `*`;
 * every Allowed resource scoped, except for the actions AWS only allows on `*`; no managed policy
 * attached (its contents are not in the template); trust and resource policies never Allow
 * everyone without a condition.
 */
export function iamViolations(files: Files): string[] {
  const out: string[] = [];
  const checkStatement = (where: string, st: Statement, kind: 'identity' | 'resource' | 'trust', keyPolicy = false) => {
    for (const key of ['NotAction', 'NotResource', 'NotPrincipal']) if (st[key] !== undefined) out.push(`${where}: ${key} in a ${kind} policy`);
    if (st.Effect !== 'Allow') return;
    const actions = list(st.Action).map(flatten);
    // AWS's default key policy: the account's root principal gets kms:* on the key, which hands
    // the decision to IAM policies (AWS KMS Developer Guide, "Default key policy"). Only that.
    const accountRoot = keyPolicy && list((st.Principal as { AWS?: unknown } | undefined)?.AWS).some((p) => /^arn:X:iam::X:root$/.test(flatten(p)));
    for (const action of actions) if (action.includes('*') && !(accountRoot && action === 'kms:*')) out.push(`${where}: Allow of wildcard action ${action}`);
    if (keyPolicy) {
      // In a key policy, Resource "*" is the key itself, and the only value it may have.
      for (const resource of list(st.Resource)) if (flatten(resource) !== '*') out.push(`${where}: key policy Resource other than "*" (the key)`);
      const principal = st.Principal as { AWS?: unknown; Service?: unknown } | undefined;
      if (!accountRoot && (principal?.Service === undefined || st.Condition === undefined)) out.push(`${where}: key policy admits a principal other than the account, or a service without a condition`);
      return;
    }
    if (kind === 'identity') {
      if (st.Resource === undefined) out.push(`${where}: Allow without Resource`);
      for (const resource of list(st.Resource)) {
        if (!isUnscopedResource(resource)) continue;
        const others = actions.filter((a) => !STAR_RESOURCE_ACTIONS.has(a));
        if (others.length > 0) out.push(`${where}: ${others.join(', ')} allowed on unscoped resource ${flatten(resource)}`);
      }
    } else {
      const principal = st.Principal as unknown;
      const everyone = principal === '*' || list((principal as { AWS?: unknown } | undefined)?.AWS).includes('*');
      if (everyone && st.Condition === undefined) out.push(`${where}: Allow to every principal without a condition`);
      if (kind === 'resource') for (const resource of list(st.Resource)) if (isUnscopedResource(resource)) out.push(`${where}: resource policy on unscoped resource ${flatten(resource)}`);
    }
  };
  for (const { file, id, resource } of resources(files)) {
    const at = `${file}#${id}`;
    identityDocuments(resource).forEach((doc) => statementsOf(doc).forEach((st, i) => checkStatement(`${at} statement ${i}`, st, 'identity')));
    if (resource.Type === 'AWS::IAM::Role') {
      statementsOf(resource.Properties?.AssumeRolePolicyDocument).forEach((st, i) => checkStatement(`${at} trust statement ${i}`, st, 'trust'));
      if (list(resource.Properties?.ManagedPolicyArns).length > 0) out.push(`${at}: managed policies attached`);
    }
    // composex creates managed policies only to hold a task role's resource statements (past
    // IAM's inline limit): attached to that role alone, in its own template.
    if (resource.Type === 'AWS::IAM::ManagedPolicy') {
      const p = resource.Properties ?? {};
      if (JSON.stringify(p.Roles) !== JSON.stringify([{ Ref: 'TaskRole' }]) || p.Users !== undefined || p.Groups !== undefined) {
        out.push(`${at}: a managed policy attached to something other than the task role`);
      }
    }
    const policyKey = RESOURCE_POLICIES[resource.Type];
    if (policyKey) statementsOf(resource.Properties?.[policyKey]).forEach((st, i) => checkStatement(`${at} statement ${i}`, st, 'resource', resource.Type === 'AWS::KMS::Key'));
  }
  return out;
}

/**
 * Every task definition has a task role and an execution role, and they are two different roles;
 * the execution role may only do what ECS needs to start the task.
 */
export function roleSeparationViolations(files: Files): string[] {
  const out: string[] = [];
  const tracer = new Tracer(files);
  const byFile = new Map(files.map((f) => [f.path, f.template]));
  for (const { file, id, resource } of resources(files)) {
    if (resource.Type !== 'AWS::ECS::TaskDefinition') continue;
    const at = `${file}#${id}`;
    const p = resource.Properties ?? {};
    if (p.TaskRoleArn === undefined) out.push(`${at}: no task role`);
    if (p.ExecutionRoleArn === undefined) out.push(`${at}: no execution role`);
    if (p.TaskRoleArn === undefined || p.ExecutionRoleArn === undefined) continue;
    const task = tracer.trace(file, p.TaskRoleArn);
    const execution = tracer.trace(file, p.ExecutionRoleArn);
    if (task === execution) out.push(`${at}: task role and execution role are the same (${task})`);
    // The execution role's own policies (the role is in the same template when composex creates it).
    const getAtt = (p.ExecutionRoleArn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    const role = getAtt ? byFile.get(file)?.Resources?.[getAtt[0]] : undefined;
    if (!role) {
      out.push(`${at}: execution role ${execution} is not a role of this template`);
      continue;
    }
    for (const doc of identityDocuments(role)) {
      for (const st of statementsOf(doc)) {
        for (const action of list(st.Action).map(flatten)) {
          if (st.Effect === 'Allow' && !EXECUTION_ROLE_ACTIONS.has(action)) out.push(`${at}: execution role may ${action}, which ECS does not need to start a task`);
        }
      }
    }
  }
  return out;
}

/**
 * No ingress from the whole internet (0.0.0.0/0, ::/0), inline or as a rule resource, except to
 * the load balancer's security group on one of its listener ports, or where the file declares it
 * (`x-network.Ingress.ExtSources`, a rule that says so in its description).
 */
export function ingressViolations(files: Files): string[] {
  const out: string[] = [];
  const tracer = new Tracer(files);
  const lbGroups = new Set<string>();
  const listenerPorts = new Set<number>();
  for (const { file, resource } of resources(files)) {
    if (resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
      for (const group of list(resource.Properties?.SecurityGroups)) lbGroups.add(tracer.trace(file, group));
    }
    if (resource.Type === 'AWS::ElasticLoadBalancingV2::Listener') listenerPorts.add(Number(resource.Properties?.Port));
  }
  const world = (rule: Record<string, unknown>) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';
  for (const { file, id, resource } of resources(files)) {
    const at = `${file}#${id}`;
    if (resource.Type === 'AWS::EC2::SecurityGroup') {
      for (const rule of list(resource.Properties?.SecurityGroupIngress) as Record<string, unknown>[]) {
        if (world(rule)) out.push(`${at}: inline ingress from ${String(rule.CidrIp ?? rule.CidrIpv6)}`);
      }
    }
    if (resource.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
    const rule = resource.Properties ?? {};
    if (!world(rule)) continue;
    const group = tracer.trace(file, rule.GroupId);
    const from = Number(rule.FromPort);
    const to = Number(rule.ToPort);
    // A family's own rule from x-network.Ingress.ExtSources is what the file declares (a warning, CX3105).
    const declared = String(rule.Description ?? '').startsWith('x-network.Ingress.ExtSources');
    if (!lbGroups.has(group) && !declared) out.push(`${at}: ${group} open to ${String(rule.CidrIp ?? rule.CidrIpv6)}, and it is not the load balancer's security group`);
    else if (from !== to || !listenerPorts.has(from)) out.push(`${at}: load balancer open to the internet on ${from}-${to}, not a listener port (${[...listenerPorts].join(', ')})`);
    if (rule.IpProtocol === '-1') out.push(`${at}: every protocol open to the internet`);
  }
  return out;
}

/** The security groups of data stores (RDS databases, ElastiCache caches) and where they are used. */
const DATA_STORE_GROUPS: Record<string, string> = {
  'AWS::RDS::DBInstance': 'VPCSecurityGroups',
  'AWS::RDS::DBCluster': 'VpcSecurityGroupIds',
  'AWS::ElastiCache::ReplicationGroup': 'SecurityGroupIds',
  'AWS::ElastiCache::CacheCluster': 'VpcSecurityGroupIds',
  'AWS::EFS::MountTarget': 'SecurityGroups',
  'AWS::DocDB::DBCluster': 'VpcSecurityGroupIds',
  'AWS::OpenSearchService::Domain': 'VPCOptions.SecurityGroupIds',
  'AWS::Neptune::DBCluster': 'VpcSecurityGroupIds',
};

/**
 * A data store's security group admits only other security groups (its consumers' families), on one
 * port, and allows no outbound traffic (but HTTPS, when it calls AWS with a role of its own:
 * RdsFeatures); a data store has only groups composex created.
 */
export function dataStoreNetworkViolations(files: Files): string[] {
  const out: string[] = [];
  const tracer = new Tracer(files);
  const groups = new Set<string>();
  /** Groups of data stores that call AWS with a role of their own (RdsFeatures: AssociatedRoles): they may open HTTPS. */
  const callers = new Set<string>();
  for (const { file, id, resource } of resources(files)) {
    const key = DATA_STORE_GROUPS[resource.Type];
    if (!key) continue;
    // A dotted key is a nested property (an OpenSearch domain's VPCOptions.SecurityGroupIds).
    const groupsOf = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], resource.Properties);
    for (const group of list(groupsOf)) {
      const traced = tracer.trace(file, group);
      if (!/^AWS::EC2::SecurityGroup:\w+\.GroupId$/.test(traced)) out.push(`${file}#${id}: security group ${traced} is not one composex created`);
      groups.add(traced);
      if (list(resource.Properties?.AssociatedRoles).length > 0) callers.add(traced);
    }
  }
  for (const { file, id, resource } of resources(files)) {
    if (resource.Type === 'AWS::EC2::SecurityGroup' && groups.has(`AWS::EC2::SecurityGroup:${id}.GroupId`)) {
      const egress = list(resource.Properties?.SecurityGroupEgress) as Record<string, unknown>[];
      const https = (e: Record<string, unknown>) => callers.has(`AWS::EC2::SecurityGroup:${id}.GroupId`) && e.IpProtocol === 'tcp' && e.FromPort === 443 && e.ToPort === 443;
      if (egress.some((e) => (e.IpProtocol !== 'icmp' || e.CidrIp !== '255.255.255.255/32') && !https(e))) out.push(`${file}#${id}: a data store's group allows outbound traffic`);
    }
    if (resource.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
    const rule = resource.Properties ?? {};
    if (!groups.has(tracer.trace(file, rule.GroupId))) continue;
    if (rule.SourceSecurityGroupId === undefined) out.push(`${file}#${id}: a data store admits a source that is not a security group`);
    if (rule.FromPort !== rule.ToPort || rule.IpProtocol !== 'tcp') out.push(`${file}#${id}: a data store admits ${String(rule.IpProtocol)} ${String(rule.FromPort)}-${String(rule.ToPort)}, not one TCP port`);
  }
  return out;
}

/** Encryption at rest on every data-bearing resource of a type in ENCRYPTION_AT_REST. */
export function encryptionViolations(files: Files): string[] {
  const out: string[] = [];
  for (const { file, id, resource } of resources(files)) {
    const encrypted = ENCRYPTION_AT_REST[resource.Type];
    if (encrypted && !encrypted(resource.Properties ?? {})) out.push(`${file}#${id}: ${resource.Type} not encrypted at rest`);
  }
  return out;
}

/**
 * Every bucket private: the four public access blocks on, ACLs disabled, no canned ACL, and a policy
 * on it that denies requests without TLS. A website configuration is private under those (its
 * endpoint serves only objects anyone may read: with the blocks on, none), and is reported only
 * where a block is off.
 */
export function publicBucketViolations(files: Files): string[] {
  const out: string[] = [];
  const all = resources(files);
  const tlsOnly = new Set(
    all
      .filter(({ resource }) => resource.Type === 'AWS::S3::BucketPolicy')
      .filter(({ resource }) =>
        ((resource.Properties?.PolicyDocument as { Statement?: Record<string, unknown>[] } | undefined)?.Statement ?? []).some(
          (st) => st.Effect === 'Deny' && JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .map(({ file, resource }) => `${file}#${JSON.stringify(resource.Properties?.Bucket)}`),
  );
  for (const { file, id, resource } of all) {
    if (resource.Type !== 'AWS::S3::Bucket') continue;
    const p = resource.Properties ?? {};
    const block = (p.PublicAccessBlockConfiguration ?? {}) as Record<string, unknown>;
    const open = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].filter((key) => block[key] !== true);
    for (const key of open) out.push(`${file}#${id}: ${key} is not true`);
    if (JSON.stringify(p.OwnershipControls) !== JSON.stringify({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] })) out.push(`${file}#${id}: ACLs are not disabled`);
    if (p.AccessControl !== undefined) out.push(`${file}#${id}: canned ACL ${String(p.AccessControl)}`);
    if (p.WebsiteConfiguration !== undefined && open.length > 0) out.push(`${file}#${id}: website configuration on a bucket open to the public`);
    if (!tlsOnly.has(`${file}#${JSON.stringify({ Ref: id })}`)) out.push(`${file}#${id}: no bucket policy denying requests without TLS`);
  }
  return out;
}

/** Point-in-time recovery on every DynamoDB table. */
export function pointInTimeRecoveryViolations(files: Files): string[] {
  return resources(files)
    .filter(({ resource }) => resource.Type === 'AWS::DynamoDB::Table')
    .filter(({ resource }) => (resource.Properties?.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: unknown } | undefined)?.PointInTimeRecoveryEnabled !== true)
    .map(({ file, id }) => `${file}#${id}: no point-in-time recovery`);
}

/** DeletionPolicy and UpdateReplacePolicy of Retain or Snapshot on every data-bearing resource. */
export function retentionViolations(files: Files): string[] {
  const out: string[] = [];
  for (const { file, id, resource } of resources(files)) {
    const applies = RETAINED_TYPES[resource.Type];
    if (!applies || !applies(resource)) continue;
    for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      const policy = resource[key];
      if (typeof policy !== 'string' || !KEEP_POLICIES.has(policy)) out.push(`${file}#${id}: ${resource.Type} ${key} is ${String(policy ?? 'missing (Delete)')}`);
    }
  }
  return out;
}

/**
 * No secret in any template: none of the given literal values appears in any byte of any file,
 * and no property that carries a credential holds a literal (only a reference or dynamic reference).
 */
export function secretViolations(files: Files, secretValues: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const value of secretValues) if (f.content.includes(value)) out.push(`${f.path}: contains the secret value ${value.slice(0, 6)}…`);
  }
  const visit = (value: unknown, at: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${at}.${i}`));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (CREDENTIAL_PROPERTIES.test(key) && !isReferenceToSecret(child)) out.push(`${at}.${key}: a literal credential`);
      visit(child, `${at}.${key}`);
    }
  };
  for (const { file, id, resource } of resources(files)) visit(resource.Properties, `${file}#${id}`);
  return out;
}

/**
 * A literal string must be a dynamic reference (`{{resolve:secretsmanager:…}}`,
 * `{{resolve:ssm-secure:…}}`); a value built with Fn::Join / Fn::Sub must take its secret parts
 * from one (a connection string joins the resolved password with the endpoint); a Ref or GetAtt
 * comes from elsewhere in the stack.
 */
function isReferenceToSecret(value: unknown): boolean {
  const dynamic = /\{\{resolve:(secretsmanager|ssm-secure):/;
  if (typeof value === 'string') return dynamic.test(value) && value.startsWith('{{resolve:');
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const fn = Object.keys(value)[0];
  if (fn === 'Ref' || fn === 'Fn::GetAtt' || fn === 'Fn::ImportValue') return true;
  return dynamic.test(flatten(value));
}

/** Every invariant at once, for suites that only need to know whether all hold. */
export function securityViolations(files: Files, secretValues: readonly string[] = []): string[] {
  return [
    ...iamViolations(files),
    ...roleSeparationViolations(files),
    ...ingressViolations(files),
    ...dataStoreNetworkViolations(files),
    ...encryptionViolations(files),
    ...publicBucketViolations(files),
    ...pointInTimeRecoveryViolations(files),
    ...retentionViolations(files),
    ...secretViolations(files, secretValues),
  ];
}
