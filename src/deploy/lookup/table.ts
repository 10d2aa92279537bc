/**
 * Lookup of an existing x-dynamodb table by name (DescribeTable) or by tags (ListTables, read whole,
 * then the tags of each with ListTagsOfResource, itself paginated by NextToken). The answer holds
 * the table's ARN and, when DynamoDB Streams is on, its latest stream ARN (`StreamArn`).
 */
import { DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand, paginateListTables, TableDescription } from '@aws-sdk/client-dynamodb';
import type { MessagingAnswer, Tags } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { Candidate, exactlyOne, hasTags, tagsOf } from './match';

export interface TableClients {
  readonly dynamodb: DynamoDBClient;
}

async function describeTable(dynamodb: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (e) {
    if ((e as { name?: string })?.name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

async function tableTags(dynamodb: DynamoDBClient, arn: string): Promise<Tags> {
  const list: { Key?: string; Value?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: arn, ...(NextToken ? { NextToken } : {}) }));
    list.push(...(page.Tags ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return tagsOf(list);
}

export async function lookupTable(request: LookupRequest, clients: TableClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'table') throw new Error('not a table lookup');
  const selector = request.query.resource;
  let names: string[];
  if ('tags' in selector) {
    names = [];
    for await (const page of paginateListTables({ client: clients.dynamodb }, {})) names.push(...(page.TableNames ?? []));
  } else {
    names = ['name' in selector ? selector.name : selector.identifier];
  }
  const candidates: (Candidate & { table: TableDescription })[] = [];
  for (const name of names) {
    const table = await describeTable(clients.dynamodb, name);
    if (!table?.TableArn) continue;
    const tags = await tableTags(clients.dynamodb, table.TableArn);
    if ('tags' in selector && !hasTags(tags, selector.tags)) continue;
    candidates.push({ name: table.TableName ?? name, arn: table.TableArn, tags, table });
  }
  const found = exactlyOne(request, 'table', selector, candidates);
  const streamArn = found.table.StreamSpecification?.StreamEnabled ? found.table.LatestStreamArn : undefined;
  return { name: found.name, arn: found.arn, ...(streamArn ? { streamArn } : {}) };
}
