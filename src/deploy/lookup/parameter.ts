/**
 * Lookup of an existing x-ssm_parameter by tags: DescribeParameters with one `tag:<key>` filter per
 * tag (SSM matches them all), read whole (paginated). The answer is the parameter's name and ARN
 * (render builds the ARN from the name when an older API answer lacks it).
 */
import { paginateDescribeParameters, ParameterMetadata, SSMClient } from '@aws-sdk/client-ssm';
import type { MessagingAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { exactlyOne } from './match';

export interface ParameterClients {
  readonly ssm: SSMClient;
}

export async function lookupParameter(request: LookupRequest, clients: ParameterClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'parameter') throw new Error('not a parameter lookup');
  const selector = request.query.resource;
  if (!('tags' in selector)) throw new Error('internal: a parameter is looked up by tags only');
  const filters = Object.entries(selector.tags).map(([k, v]) => ({ Key: `tag:${k}`, Values: [v] }));
  const found: ParameterMetadata[] = [];
  for await (const page of paginateDescribeParameters({ client: clients.ssm }, { ParameterFilters: filters })) found.push(...(page.Parameters ?? []));
  // DescribeParameters returns no tags: every parameter it returns carries the query's.
  const candidates = found.map((p) => ({ name: p.Name ?? '', arn: p.ARN ?? '', tags: selector.tags }));
  const one = exactlyOne(request, 'SSM parameter', selector, candidates);
  return { name: one.name, arn: one.arn };
}
