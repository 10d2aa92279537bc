/**
 * ECS ComposeX's x-opensearch use cases (test/fixtures/ecs-composex/use-cases/opensearch, MPL-2.0,
 * each with its source URL), as ECS ComposeX's own tests combine them: over
 * `use-cases/blog.features.yml`. create_only_single.yaml and create_only.yaml render (the latter with
 * warnings: its M3 domains unencrypted, r5.medium rendered r5.large, the second test2 named by
 * CloudFormation); lookup_only.yaml is refused for its Lookup; the three negative_testing files (ECS ComposeX's refusals) at
 * what ECS ComposeX refuses in them. docs/migration.md ("ECS ComposeX's published examples") says why.
 */
import { at, BASE, compile, located, render, Rendered } from './fixture-helpers';

const DIR = 'use-cases/opensearch';
const SINGLE = `${DIR}/create_only_single.yaml`;
const CREATE_ONLY = `${DIR}/create_only.yaml`;
const LOOKUP_ONLY = `${DIR}/lookup_only.yaml`;
const UNSUPPORTED_CONFIG = `${DIR}/negative_testing/unsupported_config.yaml`;
const UNSUPPORTED_VERSION = `${DIR}/negative_testing/unsupported_version.yaml`;
const INCOMPATIBLE = `${DIR}/negative_testing/incompatible_parameters.yaml`;
const inOpenSearch = (f: string) => f.startsWith(DIR);

describe('opensearch/create_only_single.yaml: renders unchanged', () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, SINGLE]);
  });

  test('warned: each domain unused, and its log groups without a resource policy (CreateLogGroupsResourcePolicy: false)', () => {
    expect(located(result.diagnostics, 'warning', inOpenSearch)).toEqual([
      at('CX3612', SINGLE, 'domain-01'),
      at('CX3877', SINGLE, 'CreateLogGroupsResourcePolicy'),
      at('CX3612', SINGLE, 'domain-02'),
      at('CX3877', SINGLE, 'CreateLogGroupsResourcePolicy', 2),
    ]);
  });

  test('two domains, each with its master user role (bounded by ccoe/js-developer) and its four log groups', () => {
    const file = result.files.find((f) => f.path === 'OpenSearch.json')!;
    const resources = Object.entries(file.template.Resources ?? {});
    expect(resources.filter(([, r]) => r.Type === 'AWS::OpenSearchService::Domain').map(([id]) => id)).toEqual(['OpenSearchDomain01', 'OpenSearchDomain02']);
    expect(resources.filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')).toHaveLength(8);
    expect(resources.filter(([, r]) => r.Type === 'AWS::Logs::ResourcePolicy')).toEqual([]);
    for (const [, role] of resources.filter(([, r]) => r.Type === 'AWS::IAM::Role')) {
      expect(JSON.stringify(role.Properties!.PermissionsBoundary)).toContain(':policy/ccoe/js-developer');
    }
    const domain = file.template.Resources!.OpenSearchDomain01.Properties!;
    expect(domain).toMatchObject({
      EngineVersion: 'OpenSearch_1.0',
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false },
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    });
    expect(Object.keys(domain.LogPublishingOptions as object).sort()).toEqual(['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS']);
  });
});

describe('opensearch/create_only.yaml: renders, with a warning at what AWS would refuse or what cannot be encrypted', () => {
  let result: Rendered;
  const domain = (id: string) => result.files.find((f) => f.path === 'OpenSearch.json')!.template.Resources![id].Properties!;
  beforeAll(() => {
    result = render([BASE, CREATE_ONLY]);
  });

  test('warned: the M3 types (unencrypted), the second test2 (generated name), r5.medium (r5.large); VPCOptions replaced, a deny-everyone policy over a listed service, AppSubnets, log groups', () => {
    expect(located(result.diagnostics, 'error', inOpenSearch)).toEqual([]);
    expect(located(result.diagnostics, 'warning', inOpenSearch)).toEqual([
      at('CX3612', CREATE_ONLY, 'domain-01'),
      at('CX3869', CREATE_ONLY, "'m3.medium.search'", 1),
      at('CX3869', CREATE_ONLY, "'m3.medium.search'", 2),
      at('CX3612', CREATE_ONLY, 'domain-02'),
      at('CX3869', CREATE_ONLY, "'m3.medium.search'", 3),
      at('CX3874', CREATE_ONLY, 'VPCOptions'),
      at('CX3941', CREATE_ONLY, 'test2', 2),
      at('CX3869', CREATE_ONLY, "'m3.medium.search'", 4),
      at('CX3875', CREATE_ONLY, "AWS: '*'", 2),
      at('CX3612', CREATE_ONLY, 'domain-04'),
      at('CX3868', CREATE_ONLY, "'r5.medium.search'"),
      at('CX3879', CREATE_ONLY, 'Subnets: AppSubnets'),
      at('CX3877', CREATE_ONLY, 'CreateLogGroups:'),
      at('CX3877', CREATE_ONLY, 'CreateLogGroups:', 2),
    ]);
  });

  test('the M3 domains are written unencrypted (at rest and node to node), HTTPS still enforced; the others encrypted', () => {
    for (const id of ['OpenSearchDomain01', 'OpenSearchDomain02', 'OpenSearchDomain03']) {
      expect(domain(id)).toMatchObject({ EncryptionAtRestOptions: { Enabled: false }, NodeToNodeEncryptionOptions: { Enabled: false }, DomainEndpointOptions: { EnforceHTTPS: true } });
    }
    for (const id of ['OpenSearchDomain04', 'OpenSearchDomain05']) {
      expect(domain(id)).toMatchObject({ EncryptionAtRestOptions: { Enabled: true }, NodeToNodeEncryptionOptions: { Enabled: true } });
    }
  });

  test('domain-02 keeps test2; domain-03 gets a generated name; domain-04 runs r5.large.search', () => {
    expect(domain('OpenSearchDomain02').DomainName).toBe('test2');
    expect(domain('OpenSearchDomain03')).not.toHaveProperty('DomainName');
    expect(domain('OpenSearchDomain04').ClusterConfig).toMatchObject({ InstanceType: 'r5.large.search', InstanceCount: '1' });
  });
});

describe('the use cases composex refuses, each where AWS or ECS ComposeX would refuse it', () => {
  test('lookup_only.yaml: refused for its Lookup only, saying what to write instead', () => {
    const r = compile([BASE, LOOKUP_ONLY]);
    expect(located(r.diagnostics, 'error', inOpenSearch)).toEqual([at('CX3870', LOOKUP_ONLY, 'Lookup'), at('CX3870', LOOKUP_ONLY, 'Lookup', 2)]);
    expect(r.diagnostics.find((d) => d.code === 'CX3870')!.hint).toMatch(/x-iam/);
  });

  test("negative_testing: ECS ComposeX's refusals are refused, at the domain it refuses", () => {
    const config = located(compile([BASE, UNSUPPORTED_CONFIG]).diagnostics, 'error', inOpenSearch);
    // r6gd keeps its data on instance storage: no EBS volume.
    expect(config).toContain(at('CX3873', UNSUPPORTED_CONFIG, 'true', 5, 'EBSEnabled: '));
    const version = located(compile([BASE, UNSUPPORTED_VERSION]).diagnostics, 'error', inOpenSearch);
    expect(version).toContain(at('CX3871', UNSUPPORTED_VERSION, "'OpenSearch_0.1'"));
    // domain-05 asks for both master users.
    const incompatible = located(compile([BASE, INCOMPATIBLE]).diagnostics, 'error', inOpenSearch);
    expect(incompatible).toContain(at('CX3876', INCOMPATIBLE, 'CreateMasterUserRole', 2));
  });
});
