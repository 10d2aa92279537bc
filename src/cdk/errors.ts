/**
 * Errors of the CDK app's own code using the construct (a wrong service name, an override that
 * would replace what composex set), with their codes (CX5110–CX5119, docs/diagnostics.md).
 */
import type { RenderCode } from '../diagnostic-codes/render';

/** `CX5112: <message>`: thrown where the app made the mistake, or reported by a validation. */
export function cdkMessage(code: RenderCode, message: string): string {
  return `${code}: ${message}`;
}

export function cdkError(code: RenderCode, message: string): Error {
  return new Error(cdkMessage(code, message));
}
