/**
 * The ECR repositories of the built images live in the root stack (src/aws/repositories.ts). An
 * image can only be pushed once its repository exists, and the family that runs it can only be
 * created with the pushed digest: so when a repository is missing (a new stack, or a service that
 * gained `build:`), deploy first updates the stack with its deployed root template plus the
 * missing repositories — nothing else changes — and then deploys the whole project. The
 * repository resources are the rendered ones, so the second change set finds them unchanged.
 */
import { GetTemplateCommand, ListStackResourcesCommand, type CloudFormationClient, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { BuiltImageModel } from '../../resolve/model';
import type { Template } from '../../render/types';
import { step } from '../errors';
import { describeStack } from '../stack';

/** States of a stack that holds nothing (a first change set is a CREATE). */
const EMPTY_STATES = new Set(['REVIEW_IN_PROGRESS', 'DELETE_COMPLETE', 'ROLLBACK_COMPLETE']);

/** The repository name of each built image whose repository the stack holds, by service. */
export async function repositoryNames(cfn: CloudFormationClient, stackName: string, images: readonly BuiltImageModel[]): Promise<Map<string, string>> {
  const stack = await describeStack(cfn, stackName);
  if (!stack || EMPTY_STATES.has(stack.StackStatus ?? '')) return new Map();
  const resources = await listResources(cfn, stack.StackId ?? stackName);
  const names = new Map<string, string>();
  for (const image of images) {
    const r = resources.find((x) => x.LogicalResourceId === image.repositoryLogicalId && x.ResourceType === 'AWS::ECR::Repository');
    if (r?.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE' && r.ResourceStatus !== 'CREATE_FAILED') names.set(image.service, r.PhysicalResourceId);
  }
  return names;
}

async function listResources(cfn: CloudFormationClient, stackName: string): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await step(`listing the resources of stack ${stackName}`, () =>
      cfn.send(new ListStackResourcesCommand({ StackName: stackName, ...(token ? { NextToken: token } : {}) })),
    );
    out.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * The template that adds `missing` to the stack and changes nothing else: the deployed root
 * template (or, for a new stack, an empty one with the rendered root's description, by which
 * composex recognizes its stacks) plus the rendered repository resources.
 */
export async function repositoriesTemplate(cfn: CloudFormationClient, stackName: string, rendered: Template, missing: readonly BuiltImageModel[]): Promise<Template> {
  const stack = await describeStack(cfn, stackName);
  let base: Template;
  if (stack && !EMPTY_STATES.has(stack.StackStatus ?? '')) {
    const out = await step(`reading the template of stack ${stackName}`, () => cfn.send(new GetTemplateCommand({ StackName: stack.StackId ?? stackName, TemplateStage: 'Original' })));
    base = JSON.parse(out.TemplateBody ?? '{}') as Template;
  } else {
    base = { AWSTemplateFormatVersion: '2010-09-09', ...(rendered.Description !== undefined ? { Description: rendered.Description } : {}), Resources: {} };
  }
  const resources = { ...(base.Resources ?? {}) };
  for (const image of missing) {
    const resource = rendered.Resources?.[image.repositoryLogicalId];
    if (!resource) throw new Error(`internal: the rendered root template has no ${image.repositoryLogicalId}`);
    resources[image.repositoryLogicalId] = resource;
  }
  return { ...base, Resources: resources };
}
