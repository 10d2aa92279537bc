/**
 * `x-logging.FireLens` on a service (ECS ComposeX: `Shorthands.ReplaceAwsLogs`, `Advanced`): it
 * configures a FireLens log router, a Fluent Bit container with `firelensConfiguration` that the
 * service's container sends its logs to (the `awsfirelens` log driver). composex does not add that
 * router: every container logs with the awslogs driver to its family's log group. So
 *
 * - `Shorthands.ReplaceAwsLogs: true` (Fluent Bit's CloudWatch output in place of awslogs) keeps its
 *   meaning, the logs still reach CloudWatch Logs: a warning (CX3951);
 * - `Advanced` (a Fluent Bit configuration file, parsers, outputs to Firehose / Kinesis / other log
 *   groups) and `FirelensConfiguration` would be lost: an error at the key (CX3950).
 */
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkKeys, readObject } from './readers';
import type { Path } from '../compose/source-map';

const FIRELENS_KEYS = ['Shorthands', 'Advanced'];
const SHORTHANDS_KEYS = ['ReplaceAwsLogs', 'FirelensConfiguration'];

const INSTEAD =
  "remove it: the container logs with the awslogs driver to its family's log group; to send the logs on (to a Firehose delivery stream, a Kinesis stream), add a CloudWatch Logs subscription filter on that log group yourself, or deploy this service with ECS ComposeX";

/** Checks `x-logging.FireLens` at `path` (services.<name>.x-logging.FireLens); composex reads nothing from it. */
export function checkFireLens(ctx: ResolveContext, raw: unknown, path: Path): void {
  const firelens = readObject(ctx, raw, path);
  if (!firelens) return;
  checkKeys(ctx, firelens, path, FIRELENS_KEYS);
  if (firelens.Shorthands !== undefined) {
    const at = [...path, 'Shorthands'];
    const shorthands = readObject(ctx, firelens.Shorthands, at);
    if (shorthands) {
      checkKeys(ctx, shorthands, at, SHORTHANDS_KEYS);
      const replace = shorthands.ReplaceAwsLogs;
      if (replace === true || replace === 'true') {
        ctx.warning(
          CODES.FIRELENS_AWSLOGS_KEPT,
          "x-logging.FireLens.Shorthands.ReplaceAwsLogs is not applied: composex does not add a FireLens log router (Fluent Bit), so the container keeps the awslogs driver; its logs still reach CloudWatch Logs, in the family's log group",
          [...at, 'ReplaceAwsLogs'],
          'remove ReplaceAwsLogs: nothing changes',
          'key',
        );
      }
      if (shorthands.FirelensConfiguration !== undefined) notRouted(ctx, [...at, 'FirelensConfiguration'], 'FirelensConfiguration (the log router\'s type and configuration file)');
    }
  }
  if (firelens.Advanced !== undefined) {
    const advanced = readObject(ctx, firelens.Advanced, [...path, 'Advanced']);
    const keys = advanced ? Object.keys(advanced).sort() : [];
    notRouted(ctx, [...path, 'Advanced'], `Advanced${keys.length > 0 ? ` (${keys.join(', ')})` : ''}`);
  }
}

function notRouted(ctx: ResolveContext, at: Path, what: string): void {
  ctx.error(
    CODES.FIRELENS_NOT_ROUTED,
    `x-logging.FireLens.${what} configures a FireLens log router (Fluent Bit), which composex does not add: its configuration and outputs would be lost, and the logs would go to the family's CloudWatch log group instead`,
    at,
    INSTEAD,
    'key',
  );
}
