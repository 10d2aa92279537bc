/**
 * The IAM size limits (src/limits/iam.ts) as the generate stage counts them: a CDK token (a
 * reference to an ARN CloudFormation resolves) is counted at the longest ARN it may become.
 */
import { Token } from 'aws-cdk-lib';
import { policySizer } from '../limits/iam';

export { fitsInline, INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, RESOLVED_REFERENCE_CHARS } from '../limits/iam';
export type { TaskRolePolicyPlan } from '../limits/iam';

const sizer = policySizer((value) => Token.isUnresolved(value));

export const policyChars = sizer.policyChars;
export const packStatements = sizer.packStatements;
export const planTaskRolePolicies = sizer.planTaskRolePolicies;
