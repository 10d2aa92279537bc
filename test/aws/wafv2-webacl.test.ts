/**
 * x-wafv2_webacl in the templates: the web ACL as written (tagged, no retention: it holds no data)
 * in the WebAcls stack, and in each protected application load balancer's stack an
 * AWS::WAFv2::WebACLAssociation whose ResourceArn is that load balancer's Ref and whose WebACLArn
 * is the web ACL's ARN — a parameter set from the WebAcls stack's output (so CloudFormation
 * creates the web ACL's stack first), or, for a Lookup, the ARN itself (an Identifier becomes the
 * ARN in the deploying account and Region). A network load balancer named gets nothing.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { WAF_LOAD_BALANCERS } from '../helpers/wafv2-project';

const VISIBILITY = { MetricName: 'shield', SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true };
const RULE = {
  Name: 'common',
  Priority: 0,
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
  OverrideAction: { None: {} },
  VisibilityConfig: { ...VISIBILITY, MetricName: 'common' },
};

const result = renderProject({
  cwd: projectDir({
    'compose.yaml': `
name: waf
${WAF_LOAD_BALANCERS}x-wafv2_webacl:
  shield:
    LoadBalancers: [public, nlb]
    Properties:
      Scope: REGIONAL
      DefaultAction: {Allow: {}}
      VisibilityConfig: ${JSON.stringify(VISIBILITY)}
      Rules: [${JSON.stringify(RULE)}]
      Tags: [{Key: team, Value: shop}]
  existing:
    Lookup: {Identifier: "shop-acl|a1b2c3d4-5678-90ab-cdef-0123456789ab|REGIONAL"}
    LoadBalancers: [other]
`,
  }),
});
const file = (path: string) => result.files.find((f) => f.path === path)!.template;

test('validator clean; the network load balancer is warned, not associated', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.warnings.filter((w) => w.startsWith('CX39'))).toEqual(['CX3905']);
  expect(resourcesOf(result, 'AWS::WAFv2::WebACLAssociation').map((r) => r.file).sort()).toEqual(['Elbv2Other.json', 'Elbv2Public.json']);
});

test('the web ACL as written, tagged, in the WebAcls stack, with its ARN as an output', () => {
  const acls = resourcesOf(result, 'AWS::WAFv2::WebACL');
  expect(acls.map((a) => [a.file, a.id])).toEqual([['WebAcls.json', 'WebAclShield']]);
  const acl = acls[0].resource;
  expect(acl.DeletionPolicy).toBeUndefined();
  expect(acl.Properties).toEqual({
    Scope: 'REGIONAL',
    DefaultAction: { Allow: {} },
    VisibilityConfig: VISIBILITY,
    Rules: [RULE],
    Tags: [
      { Key: 'composex:project', Value: 'waf' },
      { Key: 'composex:webAcl', Value: 'shield' },
      { Key: 'team', Value: 'shop' },
    ],
  });
  expect(file('WebAcls.json').Outputs).toEqual({ WebAclShieldArn: { Value: { 'Fn::GetAtt': ['WebAclShield', 'Arn'] } } });
});

test("the association is in the load balancer's stack: its Ref, and the web ACL's ARN passed from the WebAcls stack", () => {
  const lb = file('Elbv2Public.json');
  expect(lb.Resources!.LoadBalancerWebAclAssociation).toEqual({
    Type: 'AWS::WAFv2::WebACLAssociation',
    Properties: { ResourceArn: { Ref: 'LoadBalancer' }, WebACLArn: { Ref: 'WebAclShieldArn' } },
  });
  expect(lb.Resources!.LoadBalancer.Type).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer');
  expect(lb.Parameters!.WebAclShieldArn).toEqual({ Type: 'String' });
  // In the root: the parameter reads the WebAcls stack's output, so that stack is created first.
  const root = file('waf.json');
  const parameters = (root.Resources!.Elbv2PublicStack.Properties as { Parameters: Record<string, unknown> }).Parameters;
  expect(parameters.WebAclShieldArn).toEqual({ 'Fn::GetAtt': ['WebAclsStack', 'Outputs.WebAclShieldArn'] });
});

test('a looked-up web ACL: its ARN in the deploying account and Region, written in place; no stack of its own', () => {
  expect(file('Elbv2Other.json').Resources!.LoadBalancerWebAclAssociation.Properties).toEqual({
    ResourceArn: { Ref: 'LoadBalancer' },
    WebACLArn: {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':wafv2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':regional/webacl/shop-acl/a1b2c3d4-5678-90ab-cdef-0123456789ab']],
    },
  });
  expect(Object.keys(file('Elbv2Other.json').Parameters ?? {}).filter((p) => p.startsWith('WebAcl'))).toEqual([]);
  expect(Object.keys(file('Elbv2Nlb.json').Resources ?? {}).filter((id) => /WebAcl/.test(id))).toEqual([]);
});
