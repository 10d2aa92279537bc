/**
 * x-wafv2_webacl in the resolve stage: what AWS WAF or CloudFormation would refuse is an error at
 * its position with a hint (a missing required property, a bad Scope or Name, rules sharing a
 * priority, a load balancer x-elbv2 does not declare or named by two web ACLs, a CloudFront web
 * ACL on a load balancer, a Lookup that is no web ACL); a network load balancer, an ignored
 * Services or Lookup key and a web ACL that protects nothing are warned at the place; valid
 * declarations become exactly the load balancers each web ACL protects.
 */
import { buildGraph, edgeList } from '../../src/graph/graph';
import { WAF_LOAD_BALANCERS } from '../helpers/wafv2-project';
import { errorsOf, expectOneError, pos, resolveOk } from './fixtures';

const ARN = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop-acl/a1b2c3d4-5678-90ab-cdef-0123456789ab';
const LBS = WAF_LOAD_BALANCERS;
const PROPS = 'Properties: {Scope: REGIONAL, DefaultAction: {Allow: {}}, VisibilityConfig: {MetricName: m, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}}';

describe('x-wafv2_webacl mistakes are errors with a position and a hint', () => {
  test.each<[string, string, string, string, string, string]>([
    [
      'required properties missing',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Properties: {Scope: REGIONAL}\n`,
      'CX3902',
      "web ACL 'shield' has no DefaultAction, VisibilityConfig: CloudFormation requires them",
      'Properties: {Scope',
      'add DefaultAction: {Allow: {}} (or {Block: {}}); VisibilityConfig: {MetricName: <name>, SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true}',
    ],
    [
      'a Scope WAF does not have',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    ${PROPS.replace('REGIONAL', 'GLOBAL')}\n`,
      'CX3902',
      'Scope "GLOBAL" of web ACL \'shield\' is not REGIONAL or CLOUDFRONT',
      'GLOBAL',
      '',
    ],
    [
      'a Name WAF refuses',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    ${PROPS.replace('Scope:', 'Name: "my acl", Scope:')}\n`,
      'CX3902',
      'Name "my acl" of web ACL \'shield\' is not a name AWS WAF accepts',
      '"my acl"',
      '',
    ],
    [
      'two rules with one priority',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    ${PROPS}\n    # rules\n`.replace('}}\n    # rules', '}, Rules: [{Name: a, Priority: 1}, {Name: b, Priority: 1}]}'),
      'CX3902',
      "rule 2 of web ACL 'shield' has the Priority 1 of rule 1 (x-wafv2_webacl.shield.Properties.Rules[0]): AWS WAF refuses two rules with the same priority",
      '1}]',
      '',
    ],
    [
      'Tags as a mapping',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    ${PROPS}\n    # tags\n`.replace('}}\n    # tags', '}, Tags: {team: shop}}'),
      'CX3902',
      "Tags of web ACL 'shield' must be a list of {Key, Value}",
      '{team',
      'Tags: [{Key: team, Value: shop}]',
    ],
    [
      'a Lookup with both Arn and Identifier',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup:\n      Arn: "${ARN}"\n      Identifier: "shop-acl|a1b2c3d4-5678-90ab-cdef-0123456789ab|REGIONAL"\n`,
      'CX3900',
      "Lookup of web ACL 'shield' gives both Arn and Identifier",
      'Identifier:',
      'keep one: the ARN names the web ACL exactly',
    ],
    [
      'a load balancer x-elbv2 does not declare',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [publik]\n    ${PROPS}\n`,
      'CX3904',
      "web ACL 'shield' names load balancer 'publik', which x-elbv2 does not declare",
      'publik]',
      "did you mean 'public'?",
    ],
    [
      'a load balancer of two web ACLs',
      `${LBS}x-wafv2_webacl:\n  a:\n    LoadBalancers: [public]\n    ${PROPS}\n  b:\n    LoadBalancers:\n      - other\n      - public  # again\n    ${PROPS}\n`,
      'CX3906',
      "load balancer 'public' is protected by web ACL 'a' already: AWS associates each load balancer with one web ACL only",
      'public  #',
      "keep 'public' in the LoadBalancers of one web ACL (merge their rules into it)",
    ],
    [
      'a CloudFront web ACL on a load balancer',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    ${PROPS.replace('REGIONAL', 'CLOUDFRONT')}\n`,
      'CX3903',
      "web ACL 'shield' is a CloudFront (global) web ACL: it cannot protect load balancer 'public'",
      'public]',
      '',
    ],
    [
      'a looked-up global web ACL on a load balancer',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup: {Arn: "${ARN.replace('eu-west-1', 'us-east-1').replace('regional', 'global')}"}\n`,
      'CX3903',
      "web ACL 'shield' is a CloudFront (global) web ACL: it cannot protect load balancer 'public'",
      'public]',
      '',
    ],
    [
      'a Lookup ARN of another service',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup: {Arn: "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/a1b2c3d4-5678-90ab-cdef-0123456789ab"}\n`,
      'CX3900',
      "'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/a1b2c3d4-5678-90ab-cdef-0123456789ab' is not the ARN of an AWS WAF web ACL",
      '"arn:aws:wafv2',
      '',
    ],
    [
      'a Lookup by Tags',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup: {Tags: [{Name: shield}]}\n`,
      'CX3900',
      "web ACL 'shield' is looked up by Tags, which WAF web ACLs cannot be found by (ECS ComposeX refuses it too)",
      'Lookup',
      '',
    ],
    [
      'an Identifier that is not name|id|scope',
      `${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup: {Identifier: shield}\n`,
      'CX3900',
      "Identifier 'shield' of web ACL 'shield' is not <name>|<id>|<scope>",
      'shield}',
      '',
    ],
  ])('%s', (_name, yaml, code, message, marker, hint) => expectOneError(yaml, code, message, marker, hint));
});

describe('warned at the place, and read', () => {
  const yaml = `${LBS}x-wafv2_webacl:
  shield:
    LoadBalancers: [nlb, public]
    ${PROPS}
    Services: {web: {Access: RW}}
  existing:
    Lookup: {Identifier: "shop-acl|a1b2c3d4-5678-90ab-cdef-0123456789ab|REGIONAL", RoleArn: "arn:aws:iam::123456789012:role/lookup"}
    LoadBalancers: other
  idle:
    ${PROPS}
`;
  const { model, warnings } = errorsOf(yaml);

  test('a network load balancer, Services, Lookup.RoleArn and a web ACL protecting nothing: one warning each, located', () => {
    const at = (code: string, marker: string) => ({ code, ...pos(yaml, marker) });
    expect(warnings.filter((w) => w.code.startsWith('CX39')).map((w) => ({ code: w.code, file: w.file, line: w.line, column: w.column }))).toEqual(
      [at('CX3901', 'RoleArn'), at('CX3905', 'nlb, '), at('CX3907', 'Services: {web'), at('CX3908', 'idle:')].sort((a, b) => a.line - b.line || a.column - b.column),
    );
    expect(warnings.find((w) => w.code === 'CX3905')!.message).toBe(
      "'nlb' is a network load balancer: AWS WAF protects application load balancers only, so web ACL 'shield' is not associated with it (as ECS ComposeX skips it)",
    );
  });

  test('each web ACL protects exactly the application load balancers it names; nobody is granted anything', () => {
    expect(model!.resources.webAcl.map((a) => [a.name, a.loadBalancers, a.existing])).toEqual([
      ['existing', ['other'], { name: 'shop-acl', id: 'a1b2c3d4-5678-90ab-cdef-0123456789ab' }],
      ['idle', [], undefined],
      ['shield', ['public'], undefined],
    ]);
    expect(model!.grants.filter((g) => g.kind === 'webAcl')).toEqual([]);
  });

  test('composex graph: each web ACL filters the requests to the load balancers it protects', () => {
    expect(edgeList(buildGraph(model!)).filter((e) => e.includes('webAcl:'))).toEqual(['webAcl:existing -> elbv2:other [filters requests]', 'webAcl:shield -> elbv2:public [filters requests]']);
  });
});

test('Lookup.Arn is taken as written', () => {
  const model = resolveOk(`${LBS}x-wafv2_webacl:\n  shield:\n    LoadBalancers: [public]\n    Lookup: {Arn: "${ARN}"}\n`);
  expect(model.resources.webAcl).toEqual([{ name: 'shield', logicalId: 'Shield', properties: {}, existing: { arn: ARN }, loadBalancers: ['public'] }]);
});
