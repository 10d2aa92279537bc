/**
 * Reading what is deployed: a stack's resources (paginated) and its template, for `status` and
 * `destroy`; `deployedResources` walks the root and nested stacks together.
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

/** A resource of a deployed stack, with what its deployed template declares for it. */
export interface DeployedResource {
  /** Logical ids from the root: `StorageStack/FileSystemData`. */
  readonly path: string;
  readonly type: string;
  /** The template's DeletionPolicy, when it names one. */
  readonly deletionPolicy?: string;
  readonly physicalId?: string;
  /** ListStackResources' status (a resource of a DELETE_FAILED stack may be DELETE_COMPLETE). */
  readonly status?: string;
  readonly properties: Record<string, unknown>;
}

/** DeletionPolicy values that leave the resource in place when its stack is deleted. */
export const KEPT_ON_DELETE: ReadonlySet<string> = new Set(['Retain', 'RetainExceptOnCreate']);

/**
 * Every resource that deleting the stack would delete or keep: the root's and, through each nested
 * stack the deletion goes into, the nested stacks' (a retained nested stack keeps all it holds, so
 * its resources are not listed). Parents before children, template order.
 */
export async function deployedResources(cfn: CloudFormationClient, stackId: string, prefix = ''): Promise<DeployedResource[]> {
  const [template, resources] = await Promise.all([deployedTemplate(cfn, stackId), listResources(cfn, stackId)]);
  const listed = new Map(resources.map((r) => [r.LogicalResourceId, r]));
  const out: DeployedResource[] = [];
  for (const [id, resource] of Object.entries(template?.Resources ?? {})) {
    const deletionPolicy = typeof resource.DeletionPolicy === 'string' ? resource.DeletionPolicy : undefined;
    const summary = listed.get(id);
    const physicalId = summary?.PhysicalResourceId;
    out.push({
      path: prefix + id,
      type: resource.Type,
      ...(deletionPolicy ? { deletionPolicy } : {}),
      ...(physicalId ? { physicalId } : {}),
      ...(summary?.ResourceStatus ? { status: summary.ResourceStatus } : {}),
      properties: resource.Properties ?? {},
    });
    if (resource.Type === 'AWS::CloudFormation::Stack' && physicalId && !(deletionPolicy && KEPT_ON_DELETE.has(deletionPolicy))) {
      out.push(...(await deployedResources(cfn, physicalId, `${prefix}${id}/`)));
    }
  }
  return out;
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
