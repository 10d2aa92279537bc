/**
 * The render summary a reviewer reads: the templates with their sizes, then per service (or
 * family) every permission and every ingress rule it received.
 *
 * `formatSummary({ files, services })` is the API: it formats what it is given. The entries come
 * from `servicesFromModel`, which reads the permissions from the synthesized templates (what will
 * be deployed, not our intermediate model) and the ingress rules from the AppModel.
 */
import type { AppModel, Family, IngressRule, IngressSource, ResourceGrant } from '../resolve/model';
import { familyRequirement } from '../resolve/containers';
import { RESOURCE_SPECS } from '../resolve/resources/registry';
import { clientSecretParameters } from '../resolve/elbv2-client-secret';
import { internetReachable } from './internet';
import type { RenderedFile, RenderResult, Template } from './types';

export interface ServiceSummary {
  /** The service or family name. */
  readonly name: string;
  /** Shown after the name in parentheses (the services of a family). */
  readonly detail?: string;
  readonly permissions: readonly string[];
  readonly ingress: readonly string[];
  /** The x- resources it was granted, with the variables and secrets they give (omitted when none). */
  readonly resources?: readonly string[];
  /** The Fargate task size, and what the services asked when it was rounded up. */
  readonly taskSize?: string;
  /** Images composex builds for it: `api: built for linux/amd64 into ECR repository RepositoryApi, run from parameter ApiImage`. */
  readonly images?: readonly string[];
  /** How it deploys when that is not ECS's start-first rolling update, e.g. `stop-first (read-write volume data: no two writers)`. */
  readonly deployment?: string;
  /** Its autoscaling (`x-scaling`), e.g. `1-10 tasks (starts with 2), CPU 70%`. */
  readonly scaling?: string;
  /** Its X-Ray daemon (`x-xray`), e.g. `X-Ray daemon xray-daemon (public.ecr.aws/…) for api`. */
  readonly tracing?: string;
  /** Its FireLens log router (`logging.driver: awsfirelens`, `x-logging.FireLens`), e.g. `FireLens log router log_router (public.ecr.aws/…) for web`. */
  readonly logging?: string;
  /** Its CloudWatch agent (`x-prometheus`, `x-monitoring`), e.g. `CloudWatch agent cloudwatch-agent (…): Prometheus ports 9404, 1234; EMF on 127.0.0.1:25888`. */
  readonly metrics?: string;
  /** The x-events rules that run its task, e.g. `nightly: cron(0 2 * * ? *), 1 task`; and whether it has no ECS service. */
  readonly scheduled?: readonly string[];
  /** Where each container finds its top-level secrets and configuration files: `api: /run/secrets/db (file), /etc/app/app.yaml (configuration file), DB_PASSWORD (variable)` (omitted when none). */
  readonly secrets?: readonly string[];
}

export interface SummaryInput {
  readonly files: readonly Pick<RenderedFile, 'path' | 'content' | 'template'>[];
  readonly project?: string;
  readonly services?: readonly ServiceSummary[];
  /** Ports reachable from the internet, one line each (`[]` prints "nothing"; omitted, not shown). */
  readonly internet?: readonly string[];
  /** Root parameters without a default that carry a secret written in the compose file (shown when any). */
  readonly secretParameters?: readonly { readonly name: string; readonly where: string }[];
}

export function formatSummary(input: SummaryInput): string;
/** Shorthand for `formatSummary({ project, files, services: servicesFromModel(model, files) })`. */
export function formatSummary(model: AppModel, result: RenderResult): string;
export function formatSummary(first: SummaryInput | AppModel, result?: RenderResult): string {
  if (result) {
    const model = first as AppModel;
    // Names and places only: the values stay with deploy.
    const secretParameters = clientSecretParameters(model).map(({ name, where }) => ({ name, where }));
    return formatSummary({
      project: model.projectName,
      files: result.files,
      internet: internetReachable(model),
      ...(secretParameters.length > 0 ? { secretParameters } : {}),
      services: servicesFromModel(model, result.files),
    });
  }
  return formatSummaryInput(first as SummaryInput);
}

function formatSummaryInput({ files, project, services, internet, secretParameters }: SummaryInput): string {
  const counts = files.map((f) => ({
    path: f.path,
    resources: Object.keys(f.template.Resources ?? {}).length,
    parameters: Object.keys(f.template.Parameters ?? {}).length,
    outputs: Object.keys(f.template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(f.content),
  }));
  const total = counts.reduce((n, c) => n + c.resources, 0);
  const width = Math.max(0, ...counts.map((c) => c.path.length));
  const lines = [`${project ? `Project ${project}` : 'Rendered'}: ${plural(files.length, 'template')}, ${plural(total, 'resource')}`];
  for (const c of counts) {
    lines.push(
      `  ${c.path.padEnd(width)}  ${String(c.resources).padStart(4)} resources  ${String(c.parameters).padStart(3)} parameters  ` +
        `${String(c.outputs).padStart(3)} outputs  ${(c.bytes / 1024).toFixed(1).padStart(6)} KiB`,
    );
  }
  if (internet) {
    lines.push('', `Reachable from the internet:${internet.length === 0 ? ' nothing' : ''}`, ...internet.map((l) => `  ${l}`));
  }
  if (secretParameters && secretParameters.length > 0) lines.push('', ...describeSecretParameters(secretParameters));
  for (const s of services ?? []) {
    lines.push('', `${s.name}${s.detail ? ` (${s.detail})` : ''}`);
    if (s.taskSize) lines.push(`  task size: ${s.taskSize}`);
    if (s.images && s.images.length > 0) lines.push('  built images:', ...s.images.map((r) => `    ${r}`));
    lines.push(`  permissions:${s.permissions.length === 0 ? ' none' : ''}`, ...s.permissions.map((p) => `    ${p}`));
    lines.push(`  ingress:${s.ingress.length === 0 ? ' none' : ''}`, ...s.ingress.map((r) => `    ${r}`));
    if (s.resources && s.resources.length > 0) lines.push('  resources:', ...s.resources.map((r) => `    ${r}`));
    if (s.secrets && s.secrets.length > 0) lines.push('  secrets:', ...s.secrets.map((r) => `    ${r}`));
    if (s.deployment) lines.push(`  deployment: ${s.deployment}`);
    if (s.scaling) lines.push(`  scaling: ${s.scaling}`);
    if (s.tracing) lines.push(`  tracing: ${s.tracing}`);
    if (s.logging) lines.push(`  logging: ${s.logging}`);
    if (s.metrics) lines.push(`  metrics: ${s.metrics}`);
    if (s.scheduled && s.scheduled.length > 0) lines.push('  scheduled:', ...s.scheduled.map((r) => `    ${r}`));
  }
  return lines.join('\n') + '\n';
}

/**
 * The NoEcho root parameters of OIDC client secrets written in the compose file: no template holds
 * them, so whoever deploys the templates gives them (composex deploy does, from the file).
 */
function describeSecretParameters(parameters: readonly { readonly name: string; readonly where: string }[]): string[] {
  return [
    'Secrets to give at deploy (NoEcho root parameters without a default; no template holds them; composex deploy sets them from the compose file):',
    ...parameters.map((p) => `  ${p.name}: the OIDC client secret of ${p.where}`),
    `  with the AWS CLI: aws cloudformation deploy --template-file <packaged root template> --stack-name <stack> --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides ${parameters.map((p) => `${p.name}=<secret>`).join(' ')}`,
  ];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * One entry per family: the IAM statements of its roles (as synthesized, `<role>: Allow … on …`)
 * and the ingress rules that target it.
 */
export function servicesFromModel(model: AppModel, files: readonly Pick<RenderedFile, 'stack' | 'logicalId' | 'template'>[]): ServiceSummary[] {
  return model.families.map((family) => {
    const file =
      files.find((f) => f.logicalId === `Family${family.logicalId}Stack`) ?? files.find((f) => f.stack.endsWith(`/Family${family.logicalId}`));
    const permissions = (file ? rolePermissions(file.template) : []).flatMap((role) => {
      const lines = [...role.statements, ...role.managedPolicies.map((m) => `managed policy ${m}`)];
      return lines.length === 0 ? [`${role.role}: no permissions`] : lines.map((l) => `${role.role}: ${l}`);
    });
    const ingress = model.ingress.filter((r) => r.target.kind === 'family' && r.target.family === family.name).map(describeRule);
    const resources = (model.grants ?? []).filter((g) => g.family === family.name).map(describeGrant);
    const stopFirst = family.deployment?.stopFirstReason;
    const secrets = family.containers
      .filter((c) => (c.secretFiles ?? []).length + (c.secrets ?? []).length > 0)
      .map((c) => `${c.name}: ${[...(c.secretFiles ?? []).map((f) => `${f.path} (${/^(config|file):/.test(f.secret) ? 'configuration file' : 'file'})`), ...(c.secrets ?? []).map((v) => `${v.name} (variable)`)].join(', ')}`);
    const taskSize = describeTaskSize(family);
    const images = (model.images ?? [])
      .filter((i) => family.containers.some((c) => c.name === i.service))
      .map((i) => `${i.service}: built for ${i.build.platforms.join(', ')} into ECR repository ${i.repositoryLogicalId}, run from root parameter ${i.parameter} (composex deploy sets the pushed digest)`);
    return {
      name: family.name,
      detail: family.containers.map((s) => s.name).join(', '),
      ...(taskSize !== undefined ? { taskSize } : {}),
      ...(images.length > 0 ? { images } : {}),
      permissions,
      ingress,
      ...(resources.length > 0 ? { resources } : {}),
      ...(stopFirst !== undefined ? { deployment: `stop-first (${stopFirst}): old tasks stop before new ones start` } : {}),
      ...(family.scaling ? { scaling: describeScaling(family, model.grants ?? [], model.alarms ?? []) } : {}),
      ...(family.xray ? { tracing: `X-Ray daemon ${family.xray.name} (${family.xray.image}) for ${family.xray.services.join(', ')}` } : {}),
      ...(family.cloudwatchAgent ? { metrics: describeAgent(family.cloudwatchAgent) } : {}),
      ...(family.logRouter ? { logging: `FireLens log router ${family.logRouter.name} (${family.logRouter.image})${family.logRouter.services.length > 0 ? ` for ${family.logRouter.services.join(', ')}` : ''}` } : {}),
      ...scheduledLines(model, family),
      ...(secrets.length > 0 ? { secrets } : {}),
    };
  });
}

/** `nightly: cron(0 2 * * ? *), 1 task` per rule, and a last line when the family has no ECS service. */
function scheduledLines(model: AppModel, family: AppModel['families'][number]): { scheduled?: string[] } {
  const rules = (model.scheduledTasks ?? []).filter((t) => t.family === family.name);
  if (rules.length === 0) return {};
  const lines = rules.map(
    (t) =>
      `${t.rule}: ${[t.scheduleExpression, t.eventPattern !== undefined ? 'on matching events' : undefined].filter((x) => x !== undefined).join(' and ')}, ${plural(t.taskCount, 'task')}${t.enabled ? '' : ' (rule disabled)'}`,
  );
  if (family.ecsService === false) lines.push('no ECS service: the task runs only when a rule fires');
  return { scheduled: lines };
}

/**
 * `1-10 tasks (starts with 2), CPU 70%, memory 80%, scale-in disabled, 1 scheduled action`, or with
 * a queue: `0-8 tasks (starts with 1), on queue jobs: 1+ messages 1, 50+ 4, 500+ 8, else 0`, or
 * an x-alarms alarm: `on alarm lag: threshold+0 1, threshold+1000 3, else 1`.
 */
function describeScaling(family: AppModel['families'][number], grants: AppModel['grants'], alarms: NonNullable<AppModel['alarms']>): string {
  const s = family.scaling!;
  const queue = grants.find((g) => g.family === family.name && g.scaling !== undefined);
  const alarm = alarms.find((a) => a.scaling?.some((x) => x.family === family.name));
  const steps = alarm?.scaling?.find((x) => x.family === family.name)?.scaling.steps;
  return [
    `${s.min}-${s.max} tasks (starts with ${family.desiredCount})`,
    ...(s.cpuTarget !== undefined ? [`CPU ${s.cpuTarget}%`] : []),
    ...(s.memoryTarget !== undefined ? [`memory ${s.memoryTarget}%`] : []),
    ...(s.requestsPerTarget !== undefined ? [`${s.requestsPerTarget} requests per task per minute`] : []),
    ...(s.disableScaleIn ? ['scale-in disabled'] : []),
    ...(s.scheduledActions.length > 0 ? [plural(s.scheduledActions.length, 'scheduled action')] : []),
    ...(queue?.scaling
      ? [`on queue ${queue.resource}: ${queue.scaling.steps.map((step, i) => `${step.lowerBound}+${i === 0 ? ' messages' : ''} ${step.count}`).join(', ')}, else ${s.min}`]
      : []),
    ...(alarm && steps ? [`on alarm ${alarm.name}: ${steps.map((step) => `threshold+${step.lowerBound} ${step.count}`).join(', ')}, else ${s.min}`] : []),
  ].join(', ');
}

/**
 * `1024 CPU units, 2048 MiB` and, when Fargate has no size equal to what the containers of the task
 * definition ask together (`familyRequirement` in resolve: summed CPU units; summed memory limits
 * or reservations, whichever is larger — the secrets init container, the X-Ray daemon and the CloudWatch agent included),
 * what they asked: Fargate bills the rounded-up size. A family whose services set no size gets the
 * smallest (what an init container adds fits in it).
 */
export function describeTaskSize(family: Pick<Family, 'taskSize' | 'containers' | 'secretsInit' | 'xray' | 'cloudwatchAgent' | 'logRouter'>): string | undefined {
  if (!family.taskSize) return undefined;
  const size = `${family.taskSize.cpu} CPU units, ${family.taskSize.memory} MiB`;
  const { cpu, memory } = familyRequirement(family);
  const unset = family.containers.every((c) => c.cpu === undefined && c.memory === undefined && c.memoryReservation === undefined);
  if (unset && !family.xray && !family.cloudwatchAgent && !family.logRouter) return `${size} (the smallest Fargate size: no service sets deploy.resources)`;
  if (cpu === family.taskSize.cpu && memory === family.taskSize.memory) return size;
  const asked = [cpu > 0 ? `${cpu} CPU units` : 'no CPU', memory > 0 ? `${memory} MiB` : 'no memory'].join(', ');
  return `${size} (rounded up to a Fargate size: its containers ask for ${asked})`;
}

/** `CloudWatch agent cloudwatch-agent (<image>): Prometheus ports 9404, 1234; EMF on 127.0.0.1:25888` */
function describeAgent(agent: NonNullable<Family['cloudwatchAgent']>): string {
  const parts = [
    ...(agent.prometheus ? [`Prometheus port${agent.prometheus.jobs.length > 1 ? 's' : ''} ${agent.prometheus.jobs.map((j) => j.port).join(', ')}`] : []),
    ...(agent.emf ? ['EMF on 127.0.0.1:25888'] : []),
  ];
  return `CloudWatch agent ${agent.name} (${agent.image}): ${parts.join('; ')}`;
}

/** `x-sqs jobs: Producer; JOBS=Url; to api` */
export function describeGrant(grant: ResourceGrant): string {
  const parts = [`${RESOURCE_SPECS[grant.kind].key} ${grant.resource}: ${grant.access}`];
  if (grant.port !== undefined) parts.push(`tcp/${grant.port} open to this family`);
  const variables = [
    ...grant.environment.map((e) => `${e.name}=${e.attribute ?? e.value}`),
    ...grant.secrets.map((s) => `${s.name}=secret:${s.secret === 'credentials' ? s.jsonKey : 'connection string'}`),
  ].sort();
  if (variables.length > 0) parts.push(`${variables.join(', ')} in ${grant.services.join(', ')}`);
  return parts.join('; ');
}

export interface RolePermissions {
  readonly role: string;
  /** `Allow action1, action2 on resource` lines (resources as written, intrinsics shown as `${…}`). */
  readonly statements: readonly string[];
  readonly managedPolicies: readonly string[];
}

/** IAM statements of every role in a template (inline policies, attached AWS::IAM::Policy and AWS::IAM::ManagedPolicy), by role logical id. */
export function rolePermissions(template: Template): RolePermissions[] {
  const resources = Object.entries(template.Resources ?? {});
  const out: RolePermissions[] = [];
  for (const [id, resource] of resources) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const props = resource.Properties ?? {};
    const statements: string[] = [];
    for (const policy of (props.Policies as { PolicyDocument?: { Statement?: unknown[] } }[] | undefined) ?? []) {
      for (const st of policy.PolicyDocument?.Statement ?? []) statements.push(describeStatement(st as Record<string, unknown>));
    }
    const ref = JSON.stringify({ Ref: id });
    for (const [, other] of resources) {
      if (other.Type !== 'AWS::IAM::Policy' && other.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const roles = (other.Properties?.Roles as unknown[] | undefined) ?? [];
      if (!roles.some((r) => JSON.stringify(r) === ref)) continue;
      const doc = other.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
      for (const st of doc?.Statement ?? []) statements.push(describeStatement(st as Record<string, unknown>));
    }
    out.push({ role: id, statements, managedPolicies: ((props.ManagedPolicyArns as unknown[] | undefined) ?? []).map(show) });
  }
  return out;
}

function describeStatement(st: Record<string, unknown>): string {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const actions = list(st.Action).map(String).join(', ');
  const resources = list(st.Resource).map(show).join(', ');
  return `${String(st.Effect ?? 'Allow')} ${actions} on ${resources}`;
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
      return source.index ? `load balancer ${source.index + 1}` : 'the load balancer';
    case 'elbv2':
      return `load balancer ${source.name}`;
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
