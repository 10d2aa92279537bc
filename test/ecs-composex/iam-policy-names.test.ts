/**
 * x-iam managed policies and boundaries given by name (ECS ComposeX's iam.rst: "the full ARN or
 * just a string for the name / path of the policy"): the policy of that name in the deploying
 * account, in the task role's template; bad names located (CX3403), AWS-looking names warned (CX3404).
 */
import { validateTemplates } from '../../src/render/validate';
import { at, compileText, located, renderText } from '../dialect/helpers';
import { atFixture, compileFixtures, locatedIn, renderFixtures, resourcesIn } from './secrets-iam-fixtures';

const DOC = 'docs/iam-managed-policies.yml';
const IMAGE = 'composex/iam-managed-policies.image.yml';

function accountPolicy(name: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:policy/${name}`]] };
}

describe("ECS ComposeX's ManagedPolicies example (docs/iam-managed-policies.yml)", () => {
  test('renders unchanged (with the image it leaves out): the ARN as written, `developer` as the account policy of that name', () => {
    const result = renderFixtures([DOC, IMAGE]);
    expect(locatedIn(result.diagnostics, 'error')).toEqual([]);
    expect(locatedIn(result.diagnostics, 'warning', /^CX34/)).toEqual([]);
    const role = resourcesIn(result, 'FamilyServiceA.json').TaskRole;
    expect(role.Properties!.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/Administrator', accountPolicy('developer')]);
  });
});

function project(entries: string, key = 'ManagedPolicyArns') {
  return `services:\n  api:\n    image: public.ecr.aws/nginx/nginx:1.27\n    x-iam:\n      ${key}: ${entries}\n`;
}

describe('names in ManagedPolicyArns and PermissionsBoundary', () => {
  test('a name under a path is the account policy at that path; a boundary name the same way', () => {
    const text = `services:\n  api:\n    image: public.ecr.aws/nginx/nginx:1.27\n    x-iam:\n      ManagedPolicyArns: [team/developer]\n      PermissionsBoundary: platform/boundary\n`;
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics)).toEqual([]);
    expect(model!.families[0].iam).toMatchObject({ managedPolicyArns: ['team/developer'], permissionsBoundary: 'platform/boundary' });
  });

  test.each([
    ['a space', 'read only', 'read only'],
    ['a character IAM refuses', "'dev#1'", 'dev#1'],
    ['an empty segment', "'team//dev'", 'team//dev'],
    ['a trailing slash', "'team/'", 'team/'],
    ['a name over 128 characters', 'x'.repeat(129), 'x'.repeat(129)],
  ])('%s: CX3403 at the entry, with the rule in the hint', (_, written, value) => {
    const text = project(`[arn:aws:iam::aws:policy/ReadOnlyAccess, ${written}]`);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3403 ${at(text, written)}`]);
    const d = diagnostics.find((x) => x.code === 'CX3403')!;
    expect(d.message).toBe(`managed policy '${value}' is neither a policy ARN nor a policy name`);
    expect(d.hint).toContain('at most 128 letters, digits and +=,.@_-');
  });

  test('a boundary that is neither: CX3403 at PermissionsBoundary', () => {
    const text = project("'not a policy'", 'PermissionsBoundary');
    const { diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([`CX3403 ${at(text, "'not a policy'")}`]);
    expect(diagnostics.find((x) => x.code === 'CX3403')!.message).toBe("PermissionsBoundary 'not a policy' is neither a policy ARN nor a policy name");
  });

  test('a malformed ARN stays an ARN error', () => {
    const text = project('[arn:aws:iam::aws:role/Admin]');
    const d = compileText(text).diagnostics.find((x) => x.code === 'CX3403')!;
    expect(d.message).toBe("managed policy 'arn:aws:iam::aws:role/Admin' is not an IAM policy ARN");
  });

  test.each([['ReadOnlyAccess'], ['AmazonS3ReadOnlyAccess'], ['service-role/AWSLambdaBasicExecutionRole']])(
    "'%s' looks like AWS's managed policy: warning CX3404 at it, and it is still read as the account's policy",
    (name) => {
      const text = project(`[${name}]`);
      const { model, diagnostics } = compileText(text);
      expect(located(diagnostics, 'warning').filter((d) => d.startsWith('CX34'))).toEqual([`CX3404 ${at(text, name)}`]);
      expect(diagnostics.find((x) => x.code === 'CX3404')!.hint).toContain('arn:aws:iam::aws:policy/');
      expect(model!.families[0].iam.managedPolicyArns).toEqual([name]);
    },
  );

  test('the template: a name under a path becomes the account ARN at that path, for managed policies and for the boundary', () => {
    const text = `services:\n  api:\n    image: public.ecr.aws/nginx/nginx:1.27\n    x-iam:\n      ManagedPolicyArns: [team/developer, arn:aws:iam::aws:policy/ReadOnlyAccess]\n      PermissionsBoundary: platform/boundary\n`;
    const result = renderText(text);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    const role = resourcesIn(result, 'FamilyApi.json').TaskRole;
    expect(role.Properties!.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', accountPolicy('team/developer')]);
    expect(role.Properties!.PermissionsBoundary).toEqual(accountPolicy('platform/boundary'));
    // the snippet alone names no image (ECS ComposeX's documentation leaves it out)
    expect(locatedIn(compileFixtures([DOC]).diagnostics, 'error')).toEqual([atFixture('CX1408', DOC, 'serviceA')]);
  });
});
