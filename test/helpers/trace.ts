/**
 * Follows values across the rendered nested stacks — a parameter to the value its parent passes,
 * a nested stack output to the expression inside the child — down to the resource it comes from,
 * so tests can say "the task role of api may send to queue jobs" from the templates alone.
 *
 * A traced value reads `<kind>:<name>.<attribute>` for resources tagged by composex
 * (`queue:jobs.Arn`, `queue:jobs.Ref`, `database:ledger-db.DBInstanceArn`), `<Type>:<logicalId>.<attr>`
 * for others, pseudo parameters as `AWS::Region`, and joins as the concatenation.
 */
import * as path from 'path';
import type { RenderResult, Template } from '../../src/render/render';

type Files = RenderResult['files'];

interface StackLink {
  /** Template file of the parent. */
  readonly parent: string;
  /** Logical id of the AWS::CloudFormation::Stack resource in the parent. */
  readonly logicalId: string;
}

const TAG_KINDS: Record<string, string> = {
  'composex:queue': 'queue',
  'composex:topic': 'topic',
  'composex:database': 'database',
  'composex:bucket': 'bucket',
  'composex:table': 'table',
  'composex:key': 'key',
  'composex:parameter': 'parameter',
  'composex:stream': 'stream',
  'composex:cache': 'cache',
  'composex:secret': 'secret',
  'composex:workspace': 'workspace',
  'composex:profilingGroup': 'profilingGroup',
  'composex:docdb': 'docdb',
  'composex:opensearch': 'opensearch',
  'composex:neptune': 'neptune',
  'composex:userPool': 'userPool',
  'composex:deliveryStream': 'deliveryStream',
  'composex:webAcl': 'webAcl',
};

/** Types tagged with the resource they serve that are not the resource itself (traced by their own id). */
const COMPANION_TYPES: ReadonlySet<string> = new Set([
  'AWS::SecretsManager::Secret',
  'AWS::RDS::DBSubnetGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::DocDB::DBSubnetGroup',
  'AWS::DocDB::DBClusterParameterGroup',
  'AWS::DocDB::DBInstance',
  'AWS::Neptune::DBSubnetGroup',
  'AWS::Neptune::DBClusterParameterGroup',
  'AWS::Neptune::DBInstance',
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
]);

export class Tracer {
  private readonly templates = new Map<string, Template>();
  /** child file → where it is nested */
  private readonly parents = new Map<string, StackLink>();
  /** `${parentFile}#${logicalId}` → child file */
  private readonly children = new Map<string, string>();

  constructor(files: Files) {
    for (const f of files) this.templates.set(f.path, f.template);
    for (const f of files) {
      for (const [id, r] of Object.entries(f.template.Resources ?? {})) {
        if (r.Type !== 'AWS::CloudFormation::Stack') continue;
        const url = String(r.Properties?.TemplateURL ?? '');
        const child = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), url));
        this.parents.set(child, { parent: f.path, logicalId: id });
        this.children.set(`${f.path}#${id}`, child);
      }
    }
  }

  template(file: string): Template {
    const t = this.templates.get(file);
    if (!t) throw new Error(`no template ${file}`);
    return t;
  }

  /** Describes `value` as found in `file`. */
  trace(file: string, value: unknown): string {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map((v) => this.trace(file, v)).join(',');
    if (!value || typeof value !== 'object') return JSON.stringify(value);
    const [fn, arg] = Object.entries(value as Record<string, unknown>)[0];
    const t = this.template(file);
    if (fn === 'Ref') {
      const name = String(arg);
      if (name.startsWith('AWS::')) return name;
      if (t.Parameters?.[name] !== undefined) return this.traceParameter(file, name);
      return this.describeResource(file, name, 'Ref');
    }
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split(/\.(.+)/);
      if (attribute.startsWith('Outputs.')) {
        const child = this.children.get(`${file}#${id}`);
        if (!child) throw new Error(`${file}: ${id} is not a nested stack`);
        const output = this.template(child).Outputs?.[attribute.slice('Outputs.'.length)];
        if (!output) throw new Error(`${child} has no output ${attribute}`);
        return this.trace(child, (output as { Value: unknown }).Value);
      }
      return this.describeResource(file, id, attribute);
    }
    if (fn === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map((p) => this.trace(file, p)).join(sep);
    }
    if (fn === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      const elements = this.elements(file, list);
      return elements ? elements[Number(index)] : `${this.trace(file, list)}[${index}]`;
    }
    return JSON.stringify(value);
  }

  /** The traced elements of a list value (a packed CommaDelimitedList), when it is one. */
  private elements(file: string, value: unknown): string[] | undefined {
    const obj = value as Record<string, unknown>;
    if (obj && typeof obj === 'object' && 'Ref' in obj && this.template(file).Parameters?.[String(obj.Ref)] !== undefined) {
      const link = this.parents.get(file);
      if (!link) return undefined;
      const passed = (this.template(link.parent).Resources?.[link.logicalId]?.Properties?.Parameters as Record<string, unknown>)[String(obj.Ref)];
      return this.elements(link.parent, passed);
    }
    const join = obj && typeof obj === 'object' ? (obj['Fn::Join'] as [string, unknown[]] | undefined) : undefined;
    if (join && join[0] === ',') return join[1].map((part) => this.trace(file, part));
    return undefined;
  }

  private traceParameter(file: string, name: string): string {
    const link = this.parents.get(file);
    if (!link) return `parameter:${name}`;
    const stack = this.template(link.parent).Resources?.[link.logicalId];
    const passed = (stack?.Properties?.Parameters as Record<string, unknown> | undefined)?.[name];
    if (passed === undefined) throw new Error(`${link.parent}#${link.logicalId} passes no parameter ${name} to ${file}`);
    return this.trace(link.parent, passed);
  }

  private describeResource(file: string, id: string, attribute: string): string {
    const resource = this.template(file).Resources?.[id];
    if (!resource) throw new Error(`${file} has no resource ${id}`);
    const written = (resource.Properties?.Tags ?? resource.Properties?.UserPoolTags) as { Key: string; Value: string }[] | Record<string, string> | undefined;
    // AWS::SSM::Parameter (and AWS::Cognito::UserPool, as UserPoolTags) takes its tags as a mapping.
    const tags = Array.isArray(written) ? written : Object.entries(written ?? {}).map(([Key, Value]) => ({ Key, Value }));
    for (const [key, kind] of Object.entries(TAG_KINDS)) {
      const tag = tags.find((t) => t.Key === key);
      if (tag && !COMPANION_TYPES.has(resource.Type)) return `${kind}:${tag.Value}.${attribute}`;
    }
    return `${resource.Type}:${id}.${attribute}`;
  }

  /** Files of family stacks by family stack logical id (`FamilyApiStack` → `FamilyApi.json`). */
  familyFile(familyLogicalId: string): string {
    for (const [child, link] of this.parents) if (link.logicalId === `Family${familyLogicalId}Stack`) return child;
    throw new Error(`no family stack Family${familyLogicalId}Stack`);
  }
}

/**
 * `action on traced-resource` for every Allow statement of a role, sorted: its inline policies and
 * the managed policies of its template attached to it.
 */
export function rolePairs(tracer: Tracer, file: string, roleId: string): string[] {
  const resources = tracer.template(file).Resources ?? {};
  const role = resources[roleId];
  if (!role) throw new Error(`${file} has no role ${roleId}`);
  type Policy = { PolicyDocument: { Statement: Record<string, unknown>[] } };
  const attached = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]),
  );
  const policies = [...((role.Properties?.Policies as Policy[] | undefined) ?? []), ...attached.map((r) => r.Properties as unknown as Policy)];
  const out: string[] = [];
  for (const st of policies.flatMap((p) => p.PolicyDocument.Statement)) {
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
    for (const action of list(st.Action)) {
      for (const resource of list(st.Resource)) out.push(`${String(st.Effect)} ${String(action)} on ${tracer.trace(file, resource)}`);
    }
  }
  return out.sort();
}

/** Environment and secrets of a container: `NAME=traced value`, `NAME<-secret traced ValueFrom`. */
export function containerVariables(tracer: Tracer, file: string, container: string): string[] {
  const def = Object.values(tracer.template(file).Resources ?? {}).find((r) => r.Type === 'AWS::ECS::TaskDefinition');
  const containers = (def?.Properties?.ContainerDefinitions as Record<string, unknown>[] | undefined) ?? [];
  const c = containers.find((x) => x.Name === container);
  if (!c) throw new Error(`${file} has no container ${container}`);
  const env = ((c.Environment as { Name: string; Value: unknown }[] | undefined) ?? []).map((e) => `${e.Name}=${tracer.trace(file, e.Value)}`);
  const secrets = ((c.Secrets as { Name: string; ValueFrom: unknown }[] | undefined) ?? []).map((s) => `${s.Name}<-${tracer.trace(file, s.ValueFrom)}`);
  return [...env, ...secrets].sort();
}
