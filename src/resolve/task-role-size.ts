/**
 * CX4021: IAM's limits on one role, estimated before anything is generated, the way the family
 * stack will write the policies (src/aws/family/iam.ts): x-iam inline, resource statements inline when
 * they fit, else in managed policies. Every reference is counted at its longest ARN.
 */
import { error, type Diagnostic, type SourceLocation } from '../diagnostics';
import { fitsInline, INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, policySizer, RESOLVED_REFERENCE_CHARS } from '../limits/iam';
import type { Family, ResourceGrant } from './model';
import { resourceStatements, statementDocument, taskRolePolicies } from './task-role';

/** Stands for a reference CloudFormation resolves; counted at `RESOLVED_REFERENCE_CHARS`. */
const REFERENCE = '\u0000ref:';
const sizer = policySizer((value) => value.startsWith(REFERENCE));

export function checkTaskRoleSize(family: Family, grants: readonly ResourceGrant[], where: SourceLocation | undefined): Diagnostic[] {
  const userPolicies = taskRolePolicies(family);
  const userChars = userPolicies.reduce((n, p) => n + p.PolicyName.length + sizer.policyChars(p.PolicyDocument), 0);
  if (!fitsInline(userChars)) {
    return [
      error(
        'CX4021',
        `the x-iam policies of family '${family.name}' hold about ${userChars} characters; IAM allows ${INLINE_POLICIES_LIMIT} of inline policy per role`,
        where,
        'shorten them (wildcards on a prefix, fewer statements), or create a managed policy and list it under x-iam.ManagedPolicyArns',
      ),
    ];
  }
  if (grants.length === 0) return [];
  let n = 0;
  const statements = resourceStatements(grants).map((s) =>
    statementDocument(s, (r) => (r.on === 'arn' ? r.arn : `${REFERENCE}${n++}`.padEnd(RESOLVED_REFERENCE_CHARS, '.'))),
  );
  const plan = sizer.planTaskRolePolicies(userPolicies, statements);
  const room = MANAGED_POLICIES_PER_ROLE - family.iam.managedPolicyArns.length;
  if (plan.managed.length <= room) return [];
  return [
    error(
      'CX4021',
      `family '${family.name}' is granted ${grants.length} resources, more than its task role can hold: ${plan.managed.length} managed policies needed, room for ${room}`,
      where,
      'split the family, or grant fewer resources to it (a service used by many resources could be its own family)',
    ),
  ];
}
