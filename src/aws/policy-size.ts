/**
 * The IAM size limits (src/limits/iam.ts) as the generate stage counts them: a document holding CDK
 * tokens is measured as the CloudFormation JSON its stack resolves them to (`Fn::Join` of an ARN by
 * its parts, a parameter or attribute at the longest ARN it may become), exactly as the rendered
 * template is measured.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { policySizer, type PolicySizer } from '../limits/iam';

export { fitsInline, INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, RESOLVED_REFERENCE_CHARS } from '../limits/iam';
export type { TaskRolePolicyPlan } from '../limits/iam';

/** The sizer of documents written in `scope`'s stack (their tokens resolved there). */
export function policySizerIn(scope: IConstruct): PolicySizer {
  const stack = Stack.of(scope);
  return policySizer((value) => stack.resolve(value));
}

const template = policySizer();

/** Characters of a policy document of a rendered template (CloudFormation JSON), as IAM counts it. */
export const policyChars = template.policyChars;
export const packStatements = template.packStatements;
export const planTaskRolePolicies = template.planTaskRolePolicies;
