/**
 * IAM policy size limits, which CloudFormation does not check before it creates a role. AWS, "IAM
 * and AWS STS quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
 * character limits): the inline policies of one role may hold 10,240 characters in all (role
 * policy size, an aggregate), a managed policy 6,144; IAM does not count white space; a role takes
 * 10 managed policies (the default quota). IAM counts the policy after CloudFormation has resolved
 * its references, so a reference is counted as the longest value it may become.
 *
 * A family granted many resources keeps its x-iam policies inline and moves composex's resource
 * statements into managed policies attached to the task role, packed up to a safe size. The sizer
 * measures CloudFormation JSON (`Fn::Join`, `Ref`, …): the generate stage resolves its CDK tokens
 * into it, the resolve stage's estimate (src/resolve/task-role-size.ts) writes its placeholders as
 * it, so both count the same documents the same way.
 */

export const INLINE_POLICIES_LIMIT = 10_240;
export const MANAGED_POLICY_LIMIT = 6_144;
export const MANAGED_POLICIES_PER_ROLE = 10;
/** What a reference (a queue, topic, database or secret ARN) may resolve to, at most (characters, without quotes). */
export const RESOLVED_REFERENCE_CHARS = 160;
/**
 * The longest value of each pseudo parameter ARNs are built from: the partition `aws-us-gov`, a
 * 12-digit account, the URL suffix `amazonaws.com.cn`; region codes are at most 15 characters
 * (`us-isof-south-1`), counted at 20 for regions to come. Any other reference counts as
 * `RESOLVED_REFERENCE_CHARS`.
 */
export const PSEUDO_PARAMETER_CHARS: Readonly<Record<string, number>> = {
  'AWS::Partition': 10,
  'AWS::Region': 20,
  'AWS::AccountId': 12,
  'AWS::URLSuffix': 16,
};
/** Room left for the policy document's own keys (`Version`, `Statement`) and rounding. */
const DOCUMENT_OVERHEAD = 64;
/** Pack to this share of a limit: estimates are estimates. */
const FILL = 0.9;

export type Statement = Record<string, unknown>;

/** Where a task role's resource statements go: inline with the user's policies, or managed policies. */
export interface TaskRolePolicyPlan {
  /** The resource statements fit inline (as the `ComposeXResources` policy). */
  readonly inline: boolean;
  /** Otherwise, the statements of each managed policy. */
  readonly managed: readonly Statement[][];
}

export interface PolicySizer {
  /** Characters IAM would count for a value without white space, references counted at their longest. */
  policyChars(value: unknown): number;
  /**
   * Statements packed into documents of at most `limit` characters (estimated), in order; a
   * statement too large alone is split by its resources (same actions, numbered Sids).
   */
  packStatements(statements: readonly Statement[], limit?: number): Statement[][];
  planTaskRolePolicies(userPolicies: readonly { PolicyName: string; PolicyDocument: unknown }[], resourceStatements: readonly Statement[]): TaskRolePolicyPlan;
}

/** Whether inline policies of this total size fit one role, with the packing margin. */
export function fitsInline(chars: number): boolean {
  return chars <= Math.floor(INLINE_POLICIES_LIMIT * FILL);
}

/**
 * Characters of the string a value of CloudFormation JSON resolves to (without its quotes), when
 * it is a string or an intrinsic function giving one: a literal as JSON escapes it, `Fn::Join` as
 * its parts and delimiters, a pseudo parameter at its longest, any other reference (a parameter, an
 * attribute, an import, a selected list item) at `RESOLVED_REFERENCE_CHARS`.
 */
function resolvedStringChars(value: unknown): number | undefined {
  if (typeof value === 'string') return JSON.stringify(value).length - 2;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1 || !/^(Ref|Fn::)/.test(entries[0][0])) return undefined;
  const [fn, args] = entries[0];
  if (fn === 'Ref' && typeof args === 'string' && PSEUDO_PARAMETER_CHARS[args] !== undefined) return PSEUDO_PARAMETER_CHARS[args];
  if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
    const parts = args[1].map(resolvedStringChars);
    if (parts.every((n): n is number => n !== undefined)) return parts.reduce((a, b) => a + b, 0) + Math.max(0, parts.length - 1) * (JSON.stringify(args[0]).length - 2);
  }
  return RESOLVED_REFERENCE_CHARS;
}

/** Characters of CloudFormation JSON as IAM counts the document it resolves to (no white space). */
export function cfnPolicyChars(value: unknown): number {
  const resolved = resolvedStringChars(value);
  if (resolved !== undefined) return resolved + 2;
  if (Array.isArray(value)) return 2 + value.reduce<number>((n, v, i) => n + cfnPolicyChars(v) + (i > 0 ? 1 : 0), 0);
  if (value && typeof value === 'object') {
    return 2 + Object.entries(value).reduce((n, [k, v], i) => n + JSON.stringify(k).length + 1 + cfnPolicyChars(v) + (i > 0 ? 1 : 0), 0);
  }
  return JSON.stringify(value ?? null).length;
}

/**
 * A sizer for values that `toCfn` turns into CloudFormation JSON (the generate stage resolves its
 * tokens, the estimate expands its placeholders; plain JSON is its own form).
 */
export function policySizer(toCfn: (value: unknown) => unknown = (value) => value): PolicySizer {
  function policyChars(value: unknown): number {
    return cfnPolicyChars(toCfn(value));
  }

  function splitStatement(statement: Statement, budget: number): Statement[] {
    if (policyChars(statement) <= budget || !Array.isArray(statement.Resource)) return [statement];
    const resources = statement.Resource as unknown[];
    const base = policyChars({ ...statement, Resource: [] });
    const chunks: unknown[][] = [];
    let chunk: unknown[] = [];
    let size = base;
    for (const r of resources) {
      const chars = policyChars(r) + 1;
      if (chunk.length > 0 && size + chars > budget) {
        chunks.push(chunk);
        chunk = [];
        size = base;
      }
      chunk.push(r);
      size += chars;
    }
    chunks.push(chunk);
    return chunks.map((c, i) => ({ ...statement, Sid: `${String(statement.Sid ?? 'Statement')}Part${i + 1}`, Resource: c.length === 1 ? c[0] : c }));
  }

  function packStatements(statements: readonly Statement[], limit = MANAGED_POLICY_LIMIT): Statement[][] {
    const budget = Math.floor(limit * FILL) - DOCUMENT_OVERHEAD;
    const pieces = statements.flatMap((s) => splitStatement(s, budget));
    const out: Statement[][] = [];
    let current: Statement[] = [];
    let size = 0;
    for (const piece of pieces) {
      const chars = policyChars(piece) + 1;
      if (current.length > 0 && size + chars > budget) {
        out.push(current);
        current = [];
        size = 0;
      }
      current.push(piece);
      size += chars;
    }
    if (current.length > 0) out.push(current);
    return out;
  }

  function planTaskRolePolicies(
    userPolicies: readonly { PolicyName: string; PolicyDocument: unknown }[],
    resourceStatements: readonly Statement[],
  ): TaskRolePolicyPlan {
    const user = userPolicies.reduce((n, p) => n + p.PolicyName.length + policyChars(p.PolicyDocument), 0);
    const resources = resourceStatements.length === 0 ? 0 : policyChars({ Version: '2012-10-17', Statement: resourceStatements }) + DOCUMENT_OVERHEAD;
    if (fitsInline(user + resources)) return { inline: true, managed: [] };
    return { inline: false, managed: packStatements(resourceStatements) };
  }

  return { policyChars, packStatements, planTaskRolePolicies };
}
