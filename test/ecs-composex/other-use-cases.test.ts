/**
 * ECS ComposeX's published use cases of no module folder composex renders elsewhere (its
 * `use-cases/ecs/`, the older `x-events` files, the Docker ECS plugin keys, the first releases'
 * `blog.yml` / `all-in-one.yml`, `blog.families*.yml`, the `x-vpc` `Use` / `Lookup` blogs, the
 * CloudFormation macro and community files), each compiled as ECS ComposeX's tests combine it
 * (tests/features/features/cluster.feature, common.feature, events.feature: over
 * `use-cases/blog.features.yml`; `all-in-one.yml` over `use-cases/blog.yml`, `blog.families.*.yml` over `blog.families.yml`, the
 * others alone). Every error is pinned
 * at its file:line:column, so a new refusal fails here; those that compile are rendered once and
 * their templates checked by the validator. docs/migration.md ("Other published examples") says why
 * each one is refused.
 */
import { BASE, compile, located, render, Rendered } from './fixture-helpers';

const U = 'use-cases';
const E = `${U}/ecs`;

/** Refused, and where: [files as combined, every located error]. */
const REFUSED: readonly (readonly [readonly string[], readonly string[]])[] = [
  // cluster_create.yml renders (its second Base dropped, CX3971): below; cluster_create_with_logging.yml too: cluster-exec-logging.test.ts
  // cluster_lookup_and_capacity_providers.yml and cluster_lookup_and_cluster_no_capacity_providers.yml
  // render: test/ecs-composex/family-merges.test.ts
  // ECS ComposeX's refusals: FARGATER_SPOT; two architectures, two operating systems in one family
  // (bignicefamily's Windows also needs its EFS volumes, the X-Ray daemon and a sysctl: CX3974)
  [[BASE, `${E}/negative_testing/invalid_capacity_provider.yml`], ['CX3306 use-cases/ecs/negative_testing/invalid_capacity_provider.yml:37:29']],
  [[BASE, `${E}/negative_testing/services_multi_arch.yml`], ['CX3973 use-cases/ecs/negative_testing/services_multi_arch.yml:29:7']],
  [[BASE, `${E}/negative_testing/services_multi_os.yml`], [
    'CX3973 use-cases/ecs/negative_testing/services_multi_os.yml:29:7',
    'CX3974 use-cases/ecs/negative_testing/services_multi_os.yml:37:7',
  ]],
  // Docker's ECS keys read as ECS ComposeX reads them (x-aws-cluster, x-aws-role, x-aws-policies, x-aws-logs_retention,
  // secrets:: pull credentials); refused only for the x-aws-role statements whose `Resource":` key has a stray quote (IAM
  // would refuse a statement without Resource). The first releases' x-scaling spelling, CreateLogGroup and the nested
  // PolicyName are read, warned at the override's lines (CX3991, CX3986, CX3987); rproxy's deploy.x-aws-autoscaling is
  // merged into its two families' scaling (CX3972)
  [[BASE, `${U}/ecs_plugin_support/blog.features.x.yml`], [
    'CX3403 use-cases/ecs_plugin_support/blog.features.x.yml:30:11',
    'CX3403 use-cases/ecs_plugin_support/blog.features.x.yml:69:11',
  ]],
  // `volumes: [shared-images]`: a container path that is not absolute (Compose refuses it)
  [[`${U}/blog.yml`], ['CX1252 use-cases/blog.yml:65:9']],
  // and all-in-one's healthcheck `interval: 30`, not a duration (Compose refuses it)
  [[`${U}/blog.yml`, `${U}/all-in-one.yml`], ['CX1202 use-cases/all-in-one.yml:63:17', 'CX1252 use-cases/blog.yml:65:9']],
  // app02's healthcheck `interval: 30` (Compose refuses it); the schema stops there, before x-configs
  [[`${U}/blog.families.yml`], ['CX1202 use-cases/blog.families.yml:69:17']],
  [[`${U}/blog.families.yml`, `${U}/blog.families.x.yml`], ['CX1202 use-cases/blog.families.yml:69:17']],
  [[`${U}/blog.families.yml`, `${U}/blog.families.network.yml`], ['CX1202 use-cases/blog.families.yml:69:17']],
  // x-configs, ECS ComposeX's first releases' key (CX1430, top level and on each service); PublicSubnets as one
  // comma-separated string is read as its three ids (CX3988)
  [[`${U}/blog-with-vpc-use.yml`], [
    'CX1430 use-cases/blog-with-vpc-use.yml:9:1',
    'CX1430 use-cases/blog-with-vpc-use.yml:30:5',
    'CX1430 use-cases/blog-with-vpc-use.yml:49:5',
    'CX1430 use-cases/blog-with-vpc-use.yml:75:5',
    'CX1430 use-cases/blog-with-vpc-use.yml:91:5',
  ]],
  // x-configs (CX1430); the x-vpc Lookup (composex lookup); x-cluster Use: ${CLUSTER_NAME} unset, so empty
  [[`${U}/blog-with-existing-vpc.yml`], [
    'CX1430 use-cases/blog-with-existing-vpc.yml:9:1',
    'CX1430 use-cases/blog-with-existing-vpc.yml:30:5',
    'CX1430 use-cases/blog-with-existing-vpc.yml:49:5',
    'CX1430 use-cases/blog-with-existing-vpc.yml:67:5',
    'CX1430 use-cases/blog-with-existing-vpc.yml:83:5',
    'CX3680 use-cases/blog-with-existing-vpc.yml:91:3',
    'CX3302 use-cases/blog-with-existing-vpc.yml:106:8',
  ]],
  // x-configs and x-appmesh (CX1430); x-dns PublicNamespace (ECS ComposeX's x-dns schema refuses it); x-rds Settings.EnvNames
  // is read; tableC's Lookup; the x-vpc Lookup's lower-case `tags`, which says nothing to look up by (topicB's `Endpoint: queueB` is read, CX3940)
  [[`${U}/blog-all-features.yml`], [
    'CX1430 use-cases/blog-all-features.yml:9:1',
    'CX1430 use-cases/blog-all-features.yml:30:5',
    'CX1430 use-cases/blog-all-features.yml:49:5',
    'CX1430 use-cases/blog-all-features.yml:65:5',
    'CX1430 use-cases/blog-all-features.yml:79:5',
    'CX1430 use-cases/blog-all-features.yml:84:1',
    'CX3266 use-cases/blog-all-features.yml:125:3',
    'CX3680 use-cases/blog-all-features.yml:285:5',
    'CX3608 use-cases/blog-all-features.yml:294:5',
    'CX3301 use-cases/blog-all-features.yml:295:7',
    'CX3608 use-cases/blog-all-features.yml:297:5',
    'CX3301 use-cases/blog-all-features.yml:298:7',
    'CX3608 use-cases/blog-all-features.yml:300:5',
    'CX3301 use-cases/blog-all-features.yml:301:7',
    'CX3608 use-cases/blog-all-features.yml:303:5',
    'CX3301 use-cases/blog-all-features.yml:304:7',
  ]],
  // CloudFormation templates calling ECS ComposeX's macro, not Compose files: `Transform` / `Fn::Transform` at the top level
  [[`${U}/cfn_macro/raw_compose.yml`], ['CX1201 use-cases/cfn_macro/raw_compose.yml:4:1', 'CX1202 use-cases/cfn_macro/raw_compose.yml:81:17']],
  [[`${U}/cfn_macro/remote_files.yml`], ['CX1201 use-cases/cfn_macro/remote_files.yml:4:1']],
  // phpfpm links to mysql, which the file does not declare (Compose refuses it)
  [[`${U}/community/slack.ste.yaml`], ['CX1402 use-cases/community/slack.ste.yaml:38:9']],
  // its bind mounts of directories that are not there (composex ships bind-mounted files; Docker would mount empty ones)
  [[`${U}/community/slack.ste.orig.yaml`], [
    'CX3534 use-cases/community/slack.ste.orig.yaml:15:9',
    'CX3534 use-cases/community/slack.ste.orig.yaml:39:9',
    'CX3534 use-cases/community/slack.ste.orig.yaml:40:9',
  ]],
];

describe('published use cases refused, each error at its place', () => {
  test.each(REFUSED.map(([files, errors]) => [files[files.length - 1], files, errors] as const))('%s', (_name, files, errors) => {
    const result = compile(files);
    expect(result.model).toBeUndefined();
    expect(located(result.diagnostics)).toEqual(errors);
  });

  test("blog-all-features.yml: topicB's `Endpoint: queueB` (the first releases' bare queue name) is read as x-sqs::queueB, warned", () => {
    const result = compile([`${U}/blog-all-features.yml`]);
    expect(located(result.diagnostics, 'warning', `${U}/blog-all-features.yml`)).toContain('CX3940 use-cases/blog-all-features.yml:164:23');
  });
});

type Resource = { Type: string; Properties?: Record<string, unknown> };

function resources(result: Rendered): Resource[] {
  return result.files.flatMap((f) => Object.values(f.template.Resources ?? {}));
}

function ownWarnings(result: Rendered, file: string): string[] {
  return located(result.diagnostics, 'warning', file);
}

describe('x-cluster Lookup and Use: the services run in the named cluster, with a warning to associate its capacity providers', () => {
  test.each([
    [`${E}/cluster_lookup.yml`, 'test', ['CX3307 use-cases/ecs/cluster_lookup.yml:5:1']],
    [`${E}/cluster_lookup_with_logging.yaml`, 'ANewCluster', ['CX3307 use-cases/ecs/cluster_lookup_with_logging.yaml:4:1', 'CX3414 use-cases/ecs/cluster_lookup_with_logging.yaml:13:7']],
    [`${E}/cluster_use.yml`, 'dev', ['CX3307 use-cases/ecs/cluster_use.yml:4:1']],
  ])('%s', (file, cluster, warnings) => {
    const result = render([BASE, file]);
    expect(ownWarnings(result, file)).toEqual(warnings);
    const all = resources(result);
    expect(all.filter((r) => r.Type === 'AWS::ECS::Cluster')).toEqual([]);
    expect(all.filter((r) => r.Type === 'AWS::ECS::Service').length).toBeGreaterThan(0);
    expect(JSON.stringify(result.files.map((f) => f.template))).toContain(`"${cluster}"`);
  });
});

describe('x-cluster Properties', () => {
  test('cluster_create.yml: the cluster ANewCluster; ECS takes one Base per strategy, so FARGATE runs without its Base 1 (CX3971)', () => {
    const file = `${E}/cluster_create.yml`;
    const result = render([BASE, file]);
    expect(ownWarnings(result, file)).toEqual(['CX3971 use-cases/ecs/cluster_create.yml:18:9']);
    const [cluster] = resources(result).filter((r) => r.Type === 'AWS::ECS::ClusterCapacityProviderAssociations' || r.Type === 'AWS::ECS::Cluster').filter((r) => r.Properties?.DefaultCapacityProviderStrategy);
    expect(cluster.Properties!.DefaultCapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Weight: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 2, Base: 2 },
    ]);
  });
});

describe('x-events', () => {
  test('multi_rules_same_service.yaml: two rules run app03, which has no ECS service', () => {
    const file = `${U}/events/multi_rules_same_service.yaml`;
    const result = render([BASE, file]);
    expect(ownWarnings(result, file)).toEqual(['CX3332 use-cases/events/multi_rules_same_service.yaml:26:31']);
    const all = resources(result);
    expect(all.filter((r) => r.Type === 'AWS::Events::Rule').map((r) => r.Properties?.ScheduleExpression).sort()).toEqual(['cron(0 20 * * ? *)', 'cron(0 8 * * ? *)']);
    expect(all.filter((r) => r.Type === 'AWS::ECS::Service')).toHaveLength(2);
  });

  test("mixed.yml: the rule named demo runs two families: app03's rule is demo, youtoo's gets a generated name, both every 12 hours (CX3335)", () => {
    const file = `${U}/events/mixed.yml`;
    const result = render([BASE, file]);
    // youtoo runs only as the rule's tasks (DeleteDefaultService), outside Service Connect: CX3333, CX3332
    expect(ownWarnings(result, file)).toEqual(['CX3335 use-cases/events/mixed.yml:11:13', 'CX3333 use-cases/events/mixed.yml:16:9', 'CX3332 use-cases/events/mixed.yml:18:31']);
    const rules = resources(result).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.map((r) => [r.Properties?.Name, r.Properties?.ScheduleExpression])).toEqual(expect.arrayContaining([['demo', 'rate(12 hours)'], [undefined, 'rate(12 hours)']]));
    expect(rules).toHaveLength(2);
  });

  test('simple_legacy.yml: the rule demo runs app03 every 2 minutes, app03 keeps its service', () => {
    const file = `${U}/events/simple_legacy.yml`;
    const result = render([BASE, file]);
    expect(ownWarnings(result, file)).toEqual([]);
    const all = resources(result);
    expect(all.filter((r) => r.Type === 'AWS::Events::Rule').map((r) => [r.Properties?.Name, r.Properties?.ScheduleExpression])).toEqual([['demo', 'rate(2 minutes)']]);
    expect(all.filter((r) => r.Type === 'AWS::ECS::Service')).toHaveLength(3);
  });
});
