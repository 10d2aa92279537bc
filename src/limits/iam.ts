/**
 * IAM policy size limits, which CloudFormation does not check before it creates a role: the
 * inline policies of one role may hold 10,240 characters in all, a managed policy 6,144, and a role
 * takes 10 managed policies (the default quota). IAM counts characters without whitespace, after
 * CloudFormation has resolved references, so a reference is counted as the longest ARN it may
 * become.
 *
 * A family granted many resources keeps its x-iam policies inline and moves composex's resource
 * statements into managed policies attached to the task role, packed up to a safe size. What a
 * reference is depends on who asks (a CDK token in generate, a placeholder in the resolve stage's
 * estimate), so the sizer takes that test.
 */

export const INLINE_POLICIES_LIMIT = 10_240;
export const MANAGED_POLICY_LIMIT = 6_144;
export const MANAGED_POLICIES_PER_ROLE = 10;
/** What a reference (a queue, topic, database or secret ARN) may resolve to, at most. */
export const RESOLVED_REFERENCE_CHARS = 160;
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
  /** Characters IAM would count for a value, references counted at their longest. */
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

/** A sizer for which `isReference(s)` tells the strings that stand for a resolved reference. */
export function policySizer(isReference: (value: string) => boolean): PolicySizer {
  function policyChars(value: unknown): number {
    if (typeof value === 'string') return isReference(value) ? RESOLVED_REFERENCE_CHARS : JSON.stringify(value).length;
    if (Array.isArray(value)) return 2 + value.reduce<number>((n, v, i) => n + policyChars(v) + (i > 0 ? 1 : 0), 0);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      // An intrinsic function (Fn::Join of an ARN, Ref) is one resolved string.
      if (entries.length === 1 && /^(Ref|Fn::)/.test(entries[0][0])) return RESOLVED_REFERENCE_CHARS;
      return 2 + entries.reduce((n, [k, v], i) => n + JSON.stringify(k).length + 1 + policyChars(v) + (i > 0 ? 1 : 0), 0);
    }
    return JSON.stringify(value ?? null).length;
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
