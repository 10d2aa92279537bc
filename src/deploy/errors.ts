/**
 * How deploy ends when it cannot go on: a `DeployError` carries one diagnostic and the exit code.
 * AWS SDK errors (missing credentials, access denied, throttling after the SDK's retries, …)
 * become a plain sentence with a hint, never a stack trace (`fromAwsError`).
 */
import type { DeployCode } from '../diagnostic-codes/deploy';
import { Diagnostic, error } from '../diagnostics';
import { DEPLOY_CODES } from './codes';

/** Exit codes (the same as `EXIT` in src/cli/main.ts; 130 is Ctrl-C). */
export const DEPLOY_EXIT = { ok: 0, refused: 1, usage: 2, aws: 3, interrupted: 130 } as const;

export class DeployError extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    readonly exitCode: number,
  ) {
    super(`${diagnostic.code}: ${diagnostic.message}`);
    this.name = 'DeployError';
  }
}

/** A refusal or invalid input (exit 1). */
export function refused(code: DeployCode, message: string, hint?: string): DeployError {
  return new DeployError(error(code, message, undefined, hint), DEPLOY_EXIT.refused);
}

/** A failure on the AWS side (exit 3). */
export function awsFailure(code: DeployCode, message: string, hint?: string): DeployError {
  return new DeployError(error(code, message, undefined, hint), DEPLOY_EXIT.aws);
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const REJECTED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'Forbidden']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);
const NETWORK = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError', 'NetworkingError']);

/** True for errors raised by the AWS SDK or the network under it (not bugs of composex). */
export function isAwsError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as SdkErrorShape;
  const name = err.name ?? '';
  return (
    err.$metadata !== undefined ||
    err.$fault !== undefined ||
    CREDENTIAL_ERRORS.has(name) ||
    NETWORK.has(name) ||
    NETWORK.has(err.code ?? '') ||
    /^Region is missing/.test(err.message ?? '')
  );
}

/** The error name the service returned (`AccessDenied`, `ValidationError`, …). */
export function awsErrorName(e: unknown): string {
  const err = (e ?? {}) as SdkErrorShape;
  return err.name ?? err.Code ?? err.code ?? 'Error';
}

/** `what` says what composex was doing: "creating the change set", "uploading templates". */
export function fromAwsError(e: unknown, what: string): DeployError {
  const err = (e ?? {}) as SdkErrorShape;
  const name = awsErrorName(e);
  const message = oneLine(err.message ?? String(e));
  const status = err.$metadata?.httpStatusCode;
  const C = DEPLOY_CODES;
  if (CREDENTIAL_ERRORS.has(name)) {
    return awsFailure(
      C.NO_CREDENTIALS,
      `no AWS credentials found while ${what}: ${message}`,
      'set AWS_PROFILE (or --aws-profile) to a configured profile, run `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (/^Region is missing/.test(message)) {
    return awsFailure(C.NO_REGION, `no AWS region while ${what}`, 'pass --region, or set AWS_REGION or a region in your AWS profile');
  }
  if (REJECTED.has(name)) {
    return awsFailure(C.CREDENTIALS_REJECTED, `AWS rejected the credentials while ${what} (${name}): ${message}`, 'refresh them (`aws sso login`, new session keys) and try again');
  }
  if (DENIED.has(name) || status === 403) {
    return awsFailure(C.ACCESS_DENIED, `access denied while ${what} (${name}): ${message}`, 'the credentials in use lack a permission composex needs; docs: README, "Deploy" (permissions)');
  }
  if (THROTTLED.has(name) || status === 429) {
    return awsFailure(C.THROTTLED, `AWS throttled the requests while ${what}, even after retries (${name})`, 'wait a minute and run the command again');
  }
  if (NETWORK.has(name) || NETWORK.has(err.code ?? '')) {
    return awsFailure(C.UNREACHABLE, `could not reach AWS while ${what} (${err.code ?? name}): ${message}`, 'check the network, a proxy (HTTPS_PROXY) and the region');
  }
  return awsFailure(C.AWS_REQUEST_FAILED, `AWS request failed while ${what} (${name}): ${message}`);
}

/** Runs `fn`; an AWS error becomes a `DeployError` saying what was being done. */
export async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DeployError || !isAwsError(e)) throw e;
    throw fromAwsError(e, what);
  }
}

/** Access denied (the credentials lack the permission), as the service said it. */
export function isAccessDenied(e: unknown): boolean {
  const err = (e ?? {}) as SdkErrorShape;
  return DENIED.has(awsErrorName(e)) || err.$metadata?.httpStatusCode === 403;
}

/** CloudFormation's "Stack with id X does not exist". */
export function isStackMissing(e: unknown): boolean {
  const err = (e ?? {}) as SdkErrorShape;
  return awsErrorName(e) === 'ValidationError' && /does not exist/.test(err.message ?? '');
}

export function isNotFound(e: unknown): boolean {
  const err = (e ?? {}) as SdkErrorShape;
  const name = awsErrorName(e);
  return err.$metadata?.httpStatusCode === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'ResourceNotFoundException';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
