/**
 * The task-role policy of a family's FireLens log router (firelens-outputs.ts says which actions
 * each output needs): one statement per output kind, on exactly the resources written to. The
 * family's log group is `logGroupArn` (a CloudFormation value in the family stack; for the resolve
 * stage's size check, a placeholder of its longest); an ARN built from `${AWS::…}` is an `Fn::Sub`.
 */
import type { FireLensStatement } from './model';

/** Longer than any log group ARN of a family stack (partition, region, account, generated name, `:*`). */
export const LOG_GROUP_ARN_PLACEHOLDER = `arn:aws-iso-b:logs:us-isob-east-1:123456789012:log-group:${'x'.repeat(128)}:*`;

export function fireLensPolicy(statements: readonly FireLensStatement[], logGroupArn: unknown): { PolicyName: string; PolicyDocument: unknown } {
  return {
    PolicyName: 'ComposeXFireLens',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: statements.map((s) => ({
        Sid: s.sid,
        Effect: 'Allow',
        Action: s.actions,
        Resource: s.resources.map((r) => (r.on === 'logGroup' ? logGroupArn : r.arn.includes('${') ? { 'Fn::Sub': r.arn } : r.arn)),
      })),
    },
  };
}
