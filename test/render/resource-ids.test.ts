/**
 * Logical ids of x- resources never meet (src/resolve/resources/distinct-ids.ts). A project with a
 * resource of every kind, each with a twin named after one of its ids (`foo` and `foo-policy`,
 * `jobs` and `jobs-url`, `t` and `t-read-scalable-target`), renders and passes the validator; the
 * shorter keeps its id and the twin takes a hash. And every name the templates hold that starts
 * with a resource's `<idPrefix><Id>` ends in a suffix its kind declares (`idSuffixes`, or a
 * `values` attribute): a suffix generate adds without declaring it fails here.
 */
import type { RenderedFile } from '../../src/render/render';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import type { AppModel, ResourceKind, ResourceModels } from '../../src/resolve/model';
import { RESOURCE_KINDS, RESOURCE_SPECS, resourceSpec } from '../../src/resolve/resources/registry';
import { valueSuffixes } from '../../src/resolve/resources/distinct-ids';
import { projectDir, yaml } from '../helpers/project-dir';

const COMPOSE = yaml`
  name: ids
  services:
    api:
      image: public.ecr.aws/nginx/nginx:1.27
      expose: ["80"]
    worker:
      image: public.ecr.aws/nginx/nginx:1.27
  x-kms:
    k: {Settings: {Alias: k-key}}
    k-alias: {Settings: {Alias: k-alias-key}}
  x-sqs:
    jobs:
      Properties: {KmsMasterKeyId: x-kms::k}
      Services: {api: {Access: RWMessages, ReturnValues: {Arn: QUEUE_JOBS_ARN}}}
    jobs-policy:
      Properties: {KmsMasterKeyId: x-kms::k-alias}
      Services: {api: {Access: RWMessages}}
    jobs-url:
      Services: {api: {Access: RWMessages}}
    jobs-arn:
      Services: {api: {Access: RWMessages}}
  x-sns:
    orders:
      Properties:
        Subscription:
          - {Endpoint: x-sqs::jobs, Protocol: sqs}
      Services: {api: {Access: Publish}}
  x-s3:
    foo:
      Services: {api: {Access: {objects: RW}}}
    foo-policy:
      Services: {api: {Access: {objects: RW}}}
  x-dynamodb:
    t:
      Properties:
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
        BillingMode: PROVISIONED
        ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
      Scaling:
        Table:
          ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 50, TargetValue: 70}
      Services: {api: {Access: RW}}
    t-read-scalable-target:
      Properties:
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
      Services: {api: {Access: RW}}
  x-ssm_parameter:
    p:
      Properties: {Type: String, Value: "1"}
      Services: {api: {Access: RO}}
    p-name:
      Properties: {Type: String, Value: "2"}
      Services: {api: {Access: RO}}
  x-kinesis:
    s:
      Properties: {ShardCount: 1}
      Services: {api: {Access: Producer}}
    s-arn:
      Properties: {ShardCount: 1}
      Services: {api: {Access: Producer}}
  x-rds:
    db:
      Properties: {Engine: aurora-postgresql, EngineVersion: "17"}
      MacroParameters: {ServerlessV2: {MinCapacity: 0.5, MaxCapacity: 2}}
      Services: {api: {Access: RW}}
    db-secret:
      Properties: {Engine: postgres, EngineVersion: "17", DBInstanceClass: db.t4g.micro, AllocatedStorage: "20"}
      Services: {api: {Access: RW}}
  x-elasticache:
    c:
      MacroParameters: {Engine: valkey, EngineVersion: "8.0", CacheNodeType: cache.t4g.micro, NumCacheNodes: 2}
      Services: {api: {Access: RW}}
    c-auth-token:
      MacroParameters: {Engine: valkey, EngineVersion: "8.0", CacheNodeType: cache.t4g.micro, NumCacheNodes: 2}
      Services: {api: {Access: RW}}
  x-aps:
    w:
      MacroParameters: {CreateNewLogGroup: true}
      Services: {api: {Access: RW}}
    w-log-group:
      Services: {api: {Access: RW}}
  x-codeguru_profiler:
    g:
      Services: {api: {Access: RW}}
    g-arn:
      Services: {worker: {Access: RW}}
  x-docdb:
    d:
      Services: {api: {Access: RW}}
    d-instance1:
      Services: {api: {Access: RW}}
  x-cognito_userpool:
    u:
      Services: {api: {Access: RO}}
    u-arn:
      Services: {api: {Access: RO}}
  x-opensearch:
    o:
      MacroParameters: {GenerateMasterUserSecret: true, CreateLogGroups: true, CreateLogGroupsResourcePolicy: true}
      Services: {api: {Access: {Http: RO}}}
    o-master-user-secret:
      Services: {api: {Access: {Http: RO}}}
  x-kinesis_firehose:
    f:
      Properties: {ExtendedS3DestinationConfiguration: {BucketARN: "arn:aws:s3:::archive"}}
      Services: {api: {Access: Producer}}
    f-role:
      Properties: {ExtendedS3DestinationConfiguration: {BucketARN: "arn:aws:s3:::archive"}}
      Services: {api: {Access: Producer}}
  x-neptune:
    n:
      Services: {api: {Access: {NeptuneDB: RO}}}
    n-instance1:
      Services: {api: {Access: {NeptuneDB: RO}}}
  x-wafv2_webacl:
    a:
      Properties:
        Scope: REGIONAL
        DefaultAction: {Allow: {}}
        VisibilityConfig: {MetricName: a, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}
      LoadBalancers: [alb]
    a-arn:
      Properties:
        Scope: REGIONAL
        DefaultAction: {Allow: {}}
        VisibilityConfig: {MetricName: a-arn, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}
      LoadBalancers: [alb2]
  x-elbv2:
    alb:
      Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "api:api:80"}]}]
      Services: {"api:api:80": {port: 80}}
    alb2:
      Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "api:api:80"}]}]
      Services: {"api:api:80": {port: 80}}
`;

/** The twins: the shorter keeps its id, the other takes one with a hash. */
const TWINS: readonly (readonly [ResourceKind, string, string])[] = [
  ['key', 'k', 'k-alias'],
  ['queue', 'jobs', 'jobs-policy'],
  ['queue', 'jobs', 'jobs-url'],
  ['queue', 'jobs', 'jobs-arn'],
  ['bucket', 'foo', 'foo-policy'],
  ['table', 't', 't-read-scalable-target'],
  ['parameter', 'p', 'p-name'],
  ['stream', 's', 's-arn'],
  ['database', 'db', 'db-secret'],
  ['cache', 'c', 'c-auth-token'],
  ['workspace', 'w', 'w-log-group'],
  ['profilingGroup', 'g', 'g-arn'],
  ['docdb', 'd', 'd-instance1'],
  ['neptune', 'n', 'n-instance1'],
  ['userPool', 'u', 'u-arn'],
  ['opensearch', 'o', 'o-master-user-secret'],
  ['deliveryStream', 'f', 'f-role'],
  ['webAcl', 'a', 'a-arn'],
];

let model: AppModel;
let files: readonly RenderedFile[];

beforeAll(() => {
  const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': COMPOSE }), env: { HOME: '/home/test' } });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  model = compiled.model!;
  const result = renderModel(model);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  files = result.files;
});

test('it renders, and the templates pass the validator', () => {
  expect(validateTemplates([...files]).filter((d) => d.severity === 'error')).toEqual([]);
});

test.each(TWINS)('%s: %s keeps its id, %s takes one of its own', (kind, shorter, longer) => {
  const ids = new Map((model.resources[kind] as readonly { name: string; logicalId: string }[]).map((r) => [r.name, r.logicalId]));
  const pascal = (name: string) => name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  expect(ids.get(shorter)).toBe(pascal(shorter));
  expect(ids.get(longer)).toMatch(new RegExp(`^${pascal(longer)}[0-9A-F]{8}$`));
});

test("every name in the templates that starts with a resource's id ends in a suffix its kind declares", () => {
  const names = files.flatMap((f) => [...Object.keys(f.template.Resources ?? {}), ...Object.keys(f.template.Outputs ?? {}), ...Object.keys(f.template.Parameters ?? {})]);
  const bases: { base: string; allowed: Set<string>; kind: ResourceKind; name: string }[] = [];
  const collect = <K extends ResourceKind>(kind: K) => {
    const spec = resourceSpec(kind);
    for (const r of model.resources[kind] as readonly ResourceModels[K][]) {
      const allowed = new Set(['', ...valueSuffixes(RESOURCE_SPECS[kind]), ...(spec.idSuffixes?.(r, model.resources) ?? [])]);
      bases.push({ base: `${spec.idPrefix}${r.logicalId}`, allowed, kind, name: r.name });
    }
  };
  for (const kind of RESOURCE_KINDS) collect(kind);
  const undeclared: string[] = [];
  let matched = 0;
  for (const n of names) {
    const owner = bases.filter((b) => n.startsWith(b.base)).sort((a, b) => b.base.length - a.base.length)[0];
    if (!owner) continue;
    matched++;
    const rest = n.slice(owner.base.length);
    if (!owner.allowed.has(rest)) undeclared.push(`${owner.kind} '${owner.name}': ${n} (suffix '${rest}')`);
  }
  expect(undeclared).toEqual([]);
  expect(matched).toBeGreaterThan(80);
});
