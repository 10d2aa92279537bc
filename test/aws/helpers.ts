/**
 * Synthesis helpers for the generate-stage tests.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { buildStacks, ComposeXStacks, ComposeXStacksProps } from '../../src/aws/app';
import type { AppModel } from '../../src/resolve/model';
import { testStack } from './fixtures';

export type TemplateJson = {
  Parameters?: Record<string, Record<string, unknown>>;
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;
  Outputs?: Record<string, unknown>;
};

export interface Synthesized {
  readonly root: Stack;
  readonly stacks: ComposeXStacks;
  /** Templates by nested stack construct id (`FamilyApi`, `Networking`, …) and `Root`. */
  readonly templates: Map<string, TemplateJson>;
}

/** Builds the stacks for `model` and synthesizes the app once (all templates read from the assembly). */
export function synth(model: AppModel, options: Omit<ComposeXStacksProps, 'model'> = {}, root: Stack = testStack()): Synthesized {
  const stacks = buildStacks(root, model, options);
  const app = root.node.root as App;
  const assembly = app.synth();
  const templates = new Map<string, TemplateJson>();
  templates.set('Root', assembly.getStackByName(root.stackName).template as TemplateJson);
  for (const nested of stacks.nestedStacks) {
    templates.set(nested.node.id, JSON.parse(readFileSync(join(assembly.directory, (nested as NestedStack).templateFile), 'utf8')));
  }
  return { root, stacks, templates };
}

/** Every resource of every template, with the template it is in. */
export function allResources(templates: Map<string, TemplateJson>): { stack: string; id: string; type: string; props: Record<string, unknown>; resource: NonNullable<TemplateJson['Resources']>[string] }[] {
  const out = [];
  for (const [stack, t] of templates) {
    for (const [id, r] of Object.entries(t.Resources ?? {})) out.push({ stack, id, type: r.Type, props: r.Properties ?? {}, resource: r });
  }
  return out;
}

export function resourcesOfType(templates: Map<string, TemplateJson>, type: string) {
  return allResources(templates).filter((r) => r.type === type);
}

/** `{Ref: X}` → X, `{Fn::GetAtt: [X, attr]}` → X; anything else as JSON. */
export function refName(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
  }
  return JSON.stringify(value);
}
