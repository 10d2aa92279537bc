/**
 * Statements shared by the resource policies composex writes (bucket and queue policies, key
 * policies), each written once so every resource gets the same guard.
 */
import { Aws, Fn } from 'aws-cdk-lib';

/** Denies every request made without TLS (`aws:SecureTransport` false): AWS's security best practice for S3 and SQS. */
export function denyWithoutTls(action: string, resource: unknown): Record<string, unknown> {
  return {
    Sid: 'DenyWithoutTls',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * AWS's default key policy statement (AWS KMS Developer Guide, "Default key policy"): the account's
 * root principal may use and administer the key, which makes IAM policies decide who may use it.
 * In a key policy, `Resource: "*"` is the key itself.
 */
export function accountUsesIamPolicies(): Record<string, unknown> {
  return {
    Sid: 'AccountUsesIamPolicies',
    Effect: 'Allow',
    Principal: { AWS: Fn.join('', ['arn:', Aws.PARTITION, ':iam::', Aws.ACCOUNT_ID, ':root']) },
    Action: 'kms:*',
    Resource: '*',
  };
}
