/**
 * The render summary a reviewer reads: the stacks with their sizes, and per family what its roles
 * may do (read from the synthesized templates, not from our intermediate model) and who may reach
 * it (the ingress rules).
 */
import type { AppModel, IngressRule, IngressSource } from '../resolve/model';
import type { RenderResult, Template } from './render';

export interface RolePermissions {
  readonly role: string;
  /** `Allow action1, action2 on resource` lines (resources as written, intrinsics shown as `${…}`). */
  readonly statements: readonly string[];
  readonly managedPolicies: readonly string[];
}

/** IAM statements of every role in a template, by role logical id. */
export function rolePermissions(template: Template): RolePermissions[] {
  const out: RolePermissions[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const props = resource.Properties ?? {};
    const statements: string[] = [];
    for (const policy of (props.Policies as { PolicyDocument?: { Statement?: unknown[] } }[] | undefined) ?? []) {
      for (const st of policy.PolicyDocument?.Statement ?? []) statements.push(describeStatement(st as Record<string, unknown>));
    }
    for (const [, other] of Object.entries(template.Resources ?? {})) {
      if (other.Type !== 'AWS::IAM::Policy') continue;
      const roles = (other.Properties?.Roles as unknown[]) ?? [];
      if (!roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: id }))) continue;
      const doc = other.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
      for (const st of doc?.Statement ?? []) statements.push(describeStatement(st as Record<string, unknown>));
    }
    const managed = ((props.ManagedPolicyArns as unknown[]) ?? []).map(show);
    out.push({ role: id, statements, managedPolicies: managed });
  }
  return out;
}

function describeStatement(st: Record<string, unknown>): string {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const actions = list(st.Action).map(String).join(', ');
  const resources = list(st.Resource).map(show).join(', ');
  return `${st.Effect ?? 'Allow'} ${actions} on ${resources}`;
}

/** A compact, readable form of a CloudFormation value. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [fn, arg] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (fn === 'Ref') return `\${${String(arg)}}`;
    if (fn === 'Fn::GetAtt') return `\${${(arg as string[]).join('.')}}`;
    if (fn === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map(show).join(sep);
    }
    if (fn === 'Fn::Sub') return typeof arg === 'string' ? arg : show((arg as unknown[])[0]);
  }
  return JSON.stringify(value);
}

export function describeSource(source: IngressSource): string {
  switch (source.kind) {
    case 'family':
      return `family ${source.family}`;
    case 'loadBalancer':
      return 'the load balancer';
    case 'cidr':
      return source.cidr;
    case 'securityGroup':
      return `security group ${source.id}`;
    case 'prefixList':
      return `prefix list ${source.id}`;
  }
}

export function describeRule(rule: IngressRule): string {
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol}/${ports} from ${describeSource(rule.source)} (${rule.reason})`;
}

export function formatSummary(model: AppModel, result: RenderResult): string {
  const lines: string[] = [];
  const total = result.manifest.templates.reduce((n, t) => n + t.resources, 0);
  lines.push(`Project ${model.projectName}: ${result.files.length} templates, ${total} resources`);
  for (const t of result.manifest.templates) {
    lines.push(`  ${t.path.padEnd(36)} ${String(t.resources).padStart(4)} resources  ${String(t.parameters).padStart(3)} parameters  ${String(t.outputs).padStart(3)} outputs  ${(t.bytes / 1024).toFixed(1)} KiB`);
  }
  const familyFiles = new Map(result.files.filter((f) => f.logicalId).map((f) => [f.logicalId!, f]));
  for (const family of model.families) {
    lines.push('');
    lines.push(`${family.name} (${family.services.map((s) => s.name).join(', ')})`);
    const file = familyFiles.get(`Family${family.logicalId}Stack`) ?? result.files.find((f) => f.stack.endsWith(`Family${family.logicalId}`));
    for (const role of file ? rolePermissions(file.template) : []) {
      const lines2 = [...role.statements, ...role.managedPolicies.map((m) => `managed policy ${m}`)];
      lines.push(`  ${role.role}:${lines2.length === 0 ? ' no permissions' : ''}`);
      for (const l of lines2) lines.push(`    ${l}`);
    }
    const ingress = model.ingress.filter((r) => r.target.kind === 'family' && r.target.family === family.name);
    lines.push(`  ingress:${ingress.length === 0 ? ' none' : ''}`);
    for (const rule of ingress) lines.push(`    ${describeRule(rule)}`);
  }
  return lines.join('\n') + '\n';
}
