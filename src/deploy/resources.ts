/**
 * Reading what is deployed: a stack's resources (paginated) and its template, for `status` and
 * `destroy`.
 */
import {
  CloudFormationClient,
  GetTemplateCommand,
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { parse } from 'yaml';
import type { Template } from '../render/types';
import { isStackMissing, step } from './errors';

export async function listResources(cfn: CloudFormationClient, stackId: string): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = [];
  await step(`listing the resources of ${stackId}`, async () => {
    try {
      for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackId })) {
        out.push(...(page.StackResourceSummaries ?? []));
      }
    } catch (e) {
      if (!isStackMissing(e)) throw e;
    }
  });
  return out;
}

/** The deployed template (JSON or YAML), or undefined when the stack is gone. */
export async function deployedTemplate(cfn: CloudFormationClient, stackId: string): Promise<Template | undefined> {
  return step(`reading the template of ${stackId}`, async () => {
    try {
      const out = await cfn.send(new GetTemplateCommand({ StackName: stackId }));
      const body = out.TemplateBody ?? '';
      if (!body) return undefined;
      return (body.trimStart().startsWith('{') ? JSON.parse(body) : parse(body)) as Template;
    } catch (e) {
      if (isStackMissing(e)) return undefined;
      throw e;
    }
  });
}

/** Runs `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
