import { App, Aws, Stack, Token } from 'aws-cdk-lib';
import { loadAndCompile } from '../../src/compile';
import { MANAGED_POLICY_LIMIT, packStatements, planTaskRolePolicies, policyChars, policySizerIn, RESOLVED_REFERENCE_CHARS } from '../../src/aws/policy-size';
import { PSEUDO_PARAMETER_CHARS } from '../../src/limits/iam';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';

const ref = { Ref: 'QueueArn' };

describe('policy size estimate', () => {
  test('JSON without whitespace; a reference counts as its longest ARN, a joined ARN as its parts', () => {
    expect(policyChars({ Effect: 'Allow', Action: 'sqs:SendMessage' })).toBe(JSON.stringify({ Effect: 'Allow', Action: 'sqs:SendMessage' }).length);
    expect(policyChars(['a', 'b'])).toBe(JSON.stringify(['a', 'b']).length);
    expect(policyChars(ref)).toBe(RESOLVED_REFERENCE_CHARS + 2);
    expect(policyChars({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(RESOLVED_REFERENCE_CHARS + 2);
    // "arn:" + the longest partition; the delimiter counts between parts
    expect(policyChars({ Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }]] } })).toBe(JSON.stringify({ Resource: 'arn:' }).length + PSEUDO_PARAMETER_CHARS['AWS::Partition']);
    expect(policyChars({ 'Fn::Join': ['/', ['a', ref, 'b']] })).toBe(2 + 'a//b'.length + RESOLVED_REFERENCE_CHARS);
  });

  test('in generate, tokens are counted as the CloudFormation their stack resolves them to', () => {
    const stack = new Stack(new App(), 'S');
    const sizer = policySizerIn(stack);
    expect(sizer.policyChars(Token.asString(ref))).toBe(RESOLVED_REFERENCE_CHARS + 2);
    const secret = `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${'s'.repeat(300)}`;
    // a long secret name is counted in full, not as one reference
    expect(sizer.policyChars(secret)).toBe(2 + 'arn::secretsmanager:::secret:'.length + 300 + 10 + 20 + 12);
    expect(sizer.policyChars(secret)).toBe(policyChars(stack.resolve(secret)));
  });

  test('packing: every resource kept once, each document within the managed-policy limit', () => {
    const resources = Array.from({ length: 200 }, (_, i) => `arn:aws:sqs:eu-west-1:123456789012:${'q'.repeat(60)}${i}`);
    const statements = [
      { Sid: 'Resources1', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: resources },
      { Sid: 'Resources2', Effect: 'Allow', Action: 'sns:Publish', Resource: resources.slice(0, 3).map((r) => r.replace('sqs', 'sns')) },
    ];
    const docs = packStatements(statements);
    expect(docs.length).toBeGreaterThan(2);
    for (const doc of docs) expect(policyChars({ Version: '2012-10-17', Statement: doc })).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    const kept = docs.flat().flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    expect(kept).toHaveLength(203);
    expect(new Set(kept.slice(0, 200))).toEqual(new Set(resources));
    // a split statement keeps its actions, with numbered Sids
    expect(docs[0][0]).toMatchObject({ Sid: 'Resources1Part1', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'] });
  });

  test('a small set of statements stays inline', () => {
    expect(planTaskRolePolicies([], [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ref }])).toEqual({ inline: true, managed: [] });
  });
});

describe('CX4021: more than a task role can hold', () => {
  function compile(text: string) {
    return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
  }
  const queues = (n: number) => ['x-sqs:', ...Array.from({ length: n }, (_, i) => `  q${i}: {Services: {api: {Access: Producer}}}`)].join('\n');

  test('grants needing more managed policies than the role has room for', () => {
    const arns = Array.from({ length: 9 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);
    const text = `services:\n  api:\n    image: api:1\n    x-iam:\n      ManagedPolicyArns: [${arns.join(', ')}]\n${queues(300)}\n`;
    const errors = compile(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line])).toEqual([['CX4021', 4]]);
    expect(errors[0].message).toMatch(/the task role of family 'api' cannot hold the statements of its 300 resource grants: \d+ managed policies of at most 6144 characters needed, room for 1/);
  });

  test('the same grants without the user managed policies render to valid templates', () => {
    const compiled = compile(`services:\n  api:\n    image: api:1\n${queues(300)}\n`);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // no CDK deprecation warning (they go to stderr, into the user's terminal)
    const warn = jest.spyOn(console, 'warn');
    const files = renderModel(compiled.model!).files;
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(validateTemplates(files).filter((d) => d.severity === 'error')).toEqual([]);
    const family = files.find((f) => f.path === 'FamilyApi.json')!.template.Resources!;
    expect(Object.values(family).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').length).toBeGreaterThan(1);
  });

  test('x-iam policies too large to be inline', () => {
    const resources = Array.from({ length: 150 }, (_, i) => `"arn:aws:s3:::bucket-${'b'.repeat(40)}/${i}"`).join(', ');
    const text = `services:\n  api:\n    image: api:1\n    x-iam:\n      Policies:\n        - PolicyName: big\n          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: [${resources}]}]}\n`;
    const errors = compile(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['CX4021']);
    expect(errors[0].message).toMatch(/x-iam policies of family 'api' hold about \d+ characters; IAM allows 10240/);
  });
});
