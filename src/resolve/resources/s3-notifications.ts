/**
 * An x-s3 bucket's `NotificationConfiguration`, passed through as written, names its destinations
 * by ARN. S3 checks, when CloudFormation creates the bucket (or changes its notifications), that it
 * may deliver to each one: the topic's or queue's policy must let `s3.amazonaws.com` publish / send,
 * the function's resource policy must let it invoke; otherwise the stack fails with "Unable to
 * validate the following destination configurations" (S3 User Guide, "Granting permissions to
 * publish event notification messages to a destination"). composex cannot read another resource's
 * policy offline: one warning per destination, at its ARN, with the statement to add (CX3654).
 */
import type { Path } from '../../compose/source-map';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { isPlainObject } from '../readers';
import type { ResourceEntry } from './common';

/** The configuration lists, the key of the destination ARN in each entry, and what S3 must be allowed. */
const DESTINATIONS = [
  { list: 'TopicConfigurations', key: 'Topic', what: 'topic', action: 'sns:Publish', policy: 'topic policy' },
  { list: 'QueueConfigurations', key: 'Queue', what: 'queue', action: 'sqs:SendMessage', policy: 'queue policy' },
  { list: 'LambdaConfigurations', key: 'Function', what: 'function', action: 'lambda:InvokeFunction', policy: 'resource-based policy (AWS::Lambda::Permission)' },
] as const;

export function warnNotificationDestinations(ctx: ResolveContext, entry: ResourceEntry, configuration: unknown, path: Path): void {
  if (!isPlainObject(configuration)) return; // its type is checked with the other Properties
  const bucket = typeof entry.properties.BucketName === 'string' ? entry.properties.BucketName : '<this bucket>';
  for (const d of DESTINATIONS) {
    const list = configuration[d.list];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const arn = isPlainObject(item) ? item[d.key] : undefined;
      if (typeof arn !== 'string') return;
      ctx.warning(
        CODES.BUCKET_NOTIFICATION_DESTINATION,
        `bucket '${entry.name}' notifies the ${d.what} ${arn}: S3 checks, when the bucket is created, that its ${d.policy} lets s3.amazonaws.com call ${d.action}, and CloudFormation fails with "Unable to validate the following destination configurations" if not (composex cannot read that policy offline)`,
        [...path, d.list, i, d.key],
        `make sure the ${d.policy} of ${arn} allows ${d.action} to the service principal s3.amazonaws.com with the conditions aws:SourceArn arn:aws:s3:::${bucket} and aws:SourceAccount <your account id>`,
      );
    });
  }
}
