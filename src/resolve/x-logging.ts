/**
 * `x-logging` on a service: `RetentionInDays`, a value CloudWatch Logs accepts (default 30);
 * `FireLens` is read by x-logging-firelens.ts (the log router, firelens-router.ts); `CreateLogGroup`,
 * a key of ECS ComposeX's first releases, is read with a warning (x-logging-create-group.ts).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkKeys, readObject } from './readers';
import { checkCreateLogGroup } from './x-logging-create-group';

export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const X_LOGGING_KEYS = ['RetentionInDays', 'FireLens', 'CreateLogGroup'];
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface LoggingSettings {
  readonly retentionInDays?: number;
}

export function readLoggingSettings(ctx: ResolveContext, service: string): LoggingSettings {
  const days = readXLoggingRetention(ctx, service);
  // `x-aws-logs_retention` (Docker's ECS integration), as ECS ComposeX reads it ("Docker ECS Plugin
  // support"): the retention when x-logging gives none, the longer of the two when both do.
  const docker = ctx.project.services[service][DOCKER_LOGS_RETENTION];
  if (docker === undefined) return days === undefined ? {} : { retentionInDays: days };
  const at = ['services', service, DOCKER_LOGS_RETENTION];
  const dockerDays = readRetentionDays(ctx, docker, at, DOCKER_LOGS_RETENTION, DOCKER_LOGS_RETENTION);
  if (dockerDays === undefined) return days === undefined ? {} : { retentionInDays: days };
  if (days !== undefined && days !== dockerDays) {
    const longer = Math.max(days, dockerDays);
    ctx.warning(
      CODES.DOCKER_LOGS_RETENTION_BOTH,
      `x-aws-logs_retention (${dockerDays} days) and x-logging.RetentionInDays (${days} days) both set the retention: the longer, ${longer} days, is used, as ECS ComposeX does`,
      at,
      'keep one of them',
      'key',
    );
    return { retentionInDays: longer };
  }
  return { retentionInDays: dockerDays };
}

export const DOCKER_LOGS_RETENTION = 'x-aws-logs_retention';

function readXLoggingRetention(ctx: ResolveContext, service: string): number | undefined {
  const raw = ctx.project.services[service]['x-logging'];
  if (raw === undefined) return undefined;
  const path = ['services', service, 'x-logging'];
  const x = readObject(ctx, raw, path);
  if (!x) return undefined;
  checkKeys(ctx, x, path, X_LOGGING_KEYS);
  if (x.CreateLogGroup !== undefined) checkCreateLogGroup(ctx, x.CreateLogGroup, [...path, 'CreateLogGroup']);
  if (x.RetentionInDays === undefined) return undefined;
  return readRetentionDays(ctx, x.RetentionInDays, [...path, 'RetentionInDays'], 'x-logging.RetentionInDays', 'RetentionInDays');
}

/**
 * A log group's retention in days: a value CloudWatch Logs accepts, or the nearest one with a
 * warning; `label` names the key in messages, `key` in the fix.
 */
export function readRetentionDays(ctx: ResolveContext, raw: unknown, at: Path, label: string, key: string): number | undefined {
  const days = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof days === 'number' && (LOG_RETENTION_DAYS as readonly number[]).includes(days)) return days;
  if (typeof days === 'number' && Number.isInteger(days) && days >= 1) {
    // AWS::Logs::LogGroup RetentionInDays takes only the values of LOG_RETENTION_DAYS; ECS ComposeX
    // files write any number of days (its use-cases: 42). The nearest accepted value is used.
    const nearest = closestRetention(days);
    ctx.warning(
      CODES.LOG_RETENTION_ROUNDED,
      `${label} ${days} is not a retention CloudWatch Logs accepts: the log group keeps its events ${nearest} days`,
      at,
      `write ${key}: ${nearest} to say so (CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(', ')})`,
    );
    return nearest;
  }
  ctx.error(
    CODES.INVALID_LOG_RETENTION,
    `${label} ${JSON.stringify(raw)} is not a whole number of days`,
    at,
    `write a number of days CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
  );
  return undefined;
}

/** The valid retention nearest to `days` (the longer one on a tie, so no data is dropped early). */
function closestRetention(days: number): number {
  let best: number = LOG_RETENTION_DAYS[0];
  for (const v of LOG_RETENTION_DAYS) if (Math.abs(v - days) <= Math.abs(best - days)) best = v;
  return best;
}
