import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { LoadOptions } from '../../src/compose/load';
import { renderModel, RenderOptions, RenderResult, Template } from '../../src/render/render';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Loads, compiles and renders; fails the test with the diagnostics if the project is invalid. */
/** `warnings`: the codes of the warnings and notes (info) of the run. */
export function renderProject(load: LoadOptions, options: RenderOptions = {}): RenderResult & { warnings: string[] } {
  const compiled = loadAndCompile({ env: { HOME: '/home/test' }, ...load });
  if (!compiled.model) {
    throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  }
  const result = renderModel(compiled.model, options);
  return { ...result, warnings: compiled.diagnostics.filter((d) => d.severity !== 'error').map((d) => d.code) };
}

type Resource = NonNullable<Template['Resources']>[string];

export function resourcesOf(result: RenderResult, type: string): { file: string; id: string; resource: Resource }[] {
  const out: { file: string; id: string; resource: Resource }[] = [];
  for (const f of result.files) {
    for (const [id, resource] of Object.entries(f.template.Resources ?? {})) {
      if (resource.Type === type) out.push({ file: f.path, id, resource });
    }
  }
  return out;
}

/**
 * Every ingress rule in the rendered templates as `target <- source proto/port`, where groups are
 * named by their description ("family api", "load balancer", "EFS volume data").
 */
export function ingressTriples(result: RenderResult): string[] {
  const groupNames = new Map<string, string>();
  for (const { file, id, resource } of resourcesOf(result, 'AWS::EC2::SecurityGroup')) {
    const description = String(resource.Properties?.GroupDescription ?? id);
    groupNames.set(`${file}#${id}`, description.replace(/^composex [^:]+: /, ''));
  }
  const groupOf = (file: string, value: unknown): string => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
    if (getAtt && groupNames.has(`${file}#${getAtt[0]}`)) return groupNames.get(`${file}#${getAtt[0]}`)!;
    throw new Error(`cannot resolve security group ${JSON.stringify(value)} in ${file}`);
  };
  const out: string[] = [];
  for (const { file, resource } of resourcesOf(result, 'AWS::EC2::SecurityGroupIngress')) {
    const p = resource.Properties ?? {};
    const source = p.CidrIp ?? p.CidrIpv6 ?? p.SourcePrefixListId ?? (p.SourceSecurityGroupId ? groupOf(file, p.SourceSecurityGroupId) : '?');
    const ports = p.FromPort === p.ToPort ? `${p.FromPort}` : `${p.FromPort}-${p.ToPort}`;
    out.push(`${groupOf(file, p.GroupId)} <- ${String(source)} ${String(p.IpProtocol)}/${ports}`);
  }
  return out.sort();
}

/** Inline ingress on security groups (must never exist: every rule is its own resource). */
export function inlineIngress(result: RenderResult): unknown[] {
  return resourcesOf(result, 'AWS::EC2::SecurityGroup').flatMap(({ resource }) => (resource.Properties?.SecurityGroupIngress as unknown[]) ?? []);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  NotAction?: unknown;
}

/** IAM statements by `<template>#<role logical id>`. */
export function roleStatements(result: RenderResult): Map<string, Statement[]> {
  const out = new Map<string, Statement[]>();
  for (const { file, id, resource } of resourcesOf(result, 'AWS::IAM::Role')) {
    const policies = (resource.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? [];
    out.set(`${file}#${id}`, policies.flatMap((p) => p.PolicyDocument.Statement));
  }
  return out;
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
