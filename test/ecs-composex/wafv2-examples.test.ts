/**
 * ECS ComposeX's x-wafv2_webacl use cases (test/fixtures/ecs-composex/use-cases/wafv2_webacl,
 * MPL-2.0, each with its source URL), rendered over `use-cases/blog.features.yml` as ECS
 * ComposeX's tests (tests/features/features/wafv2.feature) combine them. All four render
 * unchanged: the web ACL `New-WebAcl` (created, or its `Lookup`) is associated with `lbA`, an
 * application load balancer, in `lbA`'s stack; `lbC`, a network load balancer, is warned at its
 * name and not associated (as ECS ComposeX skips it); the two without `LoadBalancers` are warned
 * that their web ACL protects nothing. Every warning located in the use-case files is pinned.
 */
import { at, BASE, compiled, located, render, Rendered, template } from './fixture-helpers';
import { resourcesOf } from '../helpers/templates';

const DIR = 'use-cases/wafv2_webacl';
const CREATE = `${DIR}/create_only.yaml`;
const CREATE_ELBV2 = `${DIR}/create_only_with_elbv2.yaml`;
const LOOKUP = `${DIR}/lookup_only.yaml`;
const LOOKUP_ELBV2 = `${DIR}/lookup_only_with_elbv2.yaml`;
const LOOKUP_ARN = 'arn:aws:wafv2:eu-west-1:373709687836:regional/webacl/wafv2-webacl-dev/526c0a30-bdc9-4ccf-ad50-b734e3982fdb';
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesUnixRuleSet',
  'AWSManagedRulesAdminProtectionRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
];

describe('use-cases/wafv2_webacl/create_only_with_elbv2.yaml', () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, CREATE_ELBV2]);
  });

  test('renders unchanged, validator clean; lbC (network) is warned at its name, with the x-elbv2 warnings of the file', () => {
    expect(located(result.diagnostics, 'error', CREATE_ELBV2)).toEqual([]);
    expect(located(result.diagnostics, 'warning', CREATE_ELBV2)).toEqual([
      at('CX3905', CREATE_ELBV2, 'lbC'),
      at('CX3240', CREATE_ELBV2, 'bignicefamily:rproxy:'),
      at('CX3240', CREATE_ELBV2, 'youtoo:rproxy:'),
      at('CX3239', CREATE_ELBV2, 'lbC:'),
    ]);
  });

  test('the web ACL with its six AWS managed rule groups as written, in the WebAcls stack', () => {
    const acl = template(result, 'WebAcls.json').WebAclNewWebAcl;
    expect(acl.Type).toBe('AWS::WAFv2::WebACL');
    const p = acl.Properties as { Name: string; Scope: string; DefaultAction: unknown; Rules: { Priority: number; Statement: { ManagedRuleGroupStatement: { Name: string } } }[] };
    expect([p.Name, p.Scope, p.DefaultAction]).toEqual(['wafv2-webacl-dev', 'REGIONAL', { Allow: {} }]);
    expect(p.Rules.map((r) => [r.Priority, r.Statement.ManagedRuleGroupStatement.Name])).toEqual(MANAGED_RULE_GROUPS.map((name, i) => [i, name]));
  });

  test("lbA's stack associates it after the load balancer, with the ARN the WebAcls stack outputs; lbC's has no association", () => {
    expect(resourcesOf(result, 'AWS::WAFv2::WebACLAssociation').map((r) => [r.file, r.id, r.resource.Properties])).toEqual([
      ['Elbv2LbA.json', 'LoadBalancerWebAclAssociation', { ResourceArn: { Ref: 'LoadBalancer' }, WebACLArn: { Ref: 'WebAclNewWebAclArn' } }],
    ]);
    const root = result.files.find((f) => f.path !== 'WebAcls.json' && f.template.Resources?.WebAclsStack)!.template.Resources!;
    expect((root.Elbv2LbAStack.Properties as { Parameters: Record<string, unknown> }).Parameters.WebAclNewWebAclArn).toEqual({ 'Fn::GetAtt': ['WebAclsStack', 'Outputs.WebAclNewWebAclArn'] });
    expect(Object.keys((root.Elbv2LbCStack.Properties as { Parameters: Record<string, unknown> }).Parameters).filter((p) => p.startsWith('WebAcl'))).toEqual([]);
  });
});

test('use-cases/wafv2_webacl/lookup_only_with_elbv2.yaml: lbA associated with the looked-up ARN as written; lbC warned', () => {
  const result = render([BASE, LOOKUP_ELBV2]);
  expect(located(result.diagnostics, 'error', LOOKUP_ELBV2)).toEqual([]);
  expect(located(result.diagnostics, 'warning', LOOKUP_ELBV2)).toEqual([
    at('CX3905', LOOKUP_ELBV2, 'lbC'),
    at('CX3240', LOOKUP_ELBV2, 'name: bignicefamily:rproxy'),
    at('CX3240', LOOKUP_ELBV2, 'name: youtoo:rproxy'),
    at('CX3239', LOOKUP_ELBV2, 'lbC:'),
  ]);
  expect(resourcesOf(result, 'AWS::WAFv2::WebACL')).toEqual([]);
  expect(resourcesOf(result, 'AWS::WAFv2::WebACLAssociation').map((r) => [r.file, r.resource.Properties])).toEqual([
    ['Elbv2LbA.json', { ResourceArn: { Ref: 'LoadBalancer' }, WebACLArn: LOOKUP_ARN }],
  ]);
});

test.each([
  [CREATE, 'it is created, but protects nothing until something is associated with it'],
  [LOOKUP, 'composex neither creates nor associates anything for it'],
])('%s: accepted, its web ACL warned at its name for protecting nothing', (file, what) => {
  const { model, diagnostics } = compiled([BASE, file]);
  expect(located(diagnostics, 'warning', file)).toEqual([at('CX3908', file, 'New-WebAcl:')]);
  expect(diagnostics.find((d) => d.code === 'CX3908')!.message).toBe(`web ACL 'New-WebAcl' names no load balancer: ${what}`);
  expect(model.resources.webAcl.map((a) => [a.name, a.loadBalancers, a.existing])).toEqual([
    ['New-WebAcl', [], file === LOOKUP ? { name: 'wafv2-webacl-dev', id: '526c0a30-bdc9-4ccf-ad50-b734e3982fdb' } : undefined],
  ]);
});
