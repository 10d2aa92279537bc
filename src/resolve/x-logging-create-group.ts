/**
 * `x-logging.CreateLogGroup` on a service, a key of ECS ComposeX's first releases (its
 * services.x-logging schema of today refuses it; its published use cases still write it). Its
 * logging page of then: "Allows you to define whether or not you want ComposeX to create the
 * LogGroup. If set to False, it will grant logs:CreateLogGroup to the Execution Role. It will also
 * define in the awslogs driver ... awslogs-create-group to True" (feature request #263: let ECS
 * create the group, or reuse one that exists).
 *
 * composex always creates the family's log group (AWS::Logs::LogGroup, CloudFormation's name, the
 * `RetentionInDays` of x-logging, deleted with the stack), so
 * - `true` is what composex does anyway: a warning that the key changes nothing (CX3985);
 * - `false` is not applied: a group the awslogs driver creates at a task's start keeps its events
 *   forever (CreateLogGroup sets no retention, so the file's `RetentionInDays` would be lost),
 *   outlives the stack, and needs `logs:CreateLogGroup` on the execution role. The group composex
 *   creates has a name of CloudFormation's, so it never clashes with a group that exists: a
 *   warning saying so (CX3986).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { readBoolean } from './readers';

export function checkCreateLogGroup(ctx: ResolveContext, raw: unknown, path: Path): void {
  const value = raw === 'true' || raw === 'True' ? true : raw === 'false' || raw === 'False' ? false : readBoolean(ctx, raw, path);
  if (value === true) {
    ctx.warning(
      CODES.LOGGING_CREATE_LOG_GROUP_TRUE,
      "x-logging.CreateLogGroup (ECS ComposeX's first releases) changes nothing: composex always creates the family's log group, with RetentionInDays",
      path,
      'remove CreateLogGroup',
      'key',
    );
  } else if (value === false) {
    ctx.warning(
      CODES.LOGGING_CREATE_LOG_GROUP_FALSE,
      "x-logging.CreateLogGroup: false is not applied: ECS ComposeX's first releases left the log group to the awslogs driver (awslogs-create-group, logs:CreateLogGroup on the execution role), a group that keeps its events forever and outlives the stack; composex creates the family's log group (named by CloudFormation, so no existing group clashes), keeps the events RetentionInDays (default 30) and deletes it with the stack",
      path,
      'remove CreateLogGroup; to keep logs longer, raise RetentionInDays',
      'key',
    );
  }
}
