/**
 * `composex status`: the stack's status, what users reach and run (load balancer endpoints, ECS
 * services), recent events, and after a failed operation its root cause. With `--watch`, an
 * operation in progress is followed until it settles (how a Ctrl-C'd deploy is resumed).
 */
import { CloudFormationClient, paginateDescribeStackEvents, type Stack, type StackEvent } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from './clients';
import { DEPLOY_CODES } from './codes';
import { awsFailure, DEPLOY_EXIT, refused, step } from './errors';
import { OperationEvents, type StackEventRecord } from './events';
import { DEFAULT_POLL, type DeployIO, type PollIntervals } from './io';
import { formatEvent, formatFailure, indent, watchStack } from './progress';
import { deployedTemplate, listResources, mapLimit } from './resources';
import { describeStack, explainStatus, isInProgress, SUCCESS_STATUSES } from './stack';

export interface StatusRequest {
  readonly stackName: string;
  /** For the hints (`composex status -p <project>`). */
  readonly projectName: string;
  /** How many recent root events to show (default 10). */
  readonly events?: number;
  /** Follow an operation in progress until it settles. */
  readonly watch?: boolean;
}

export interface StatusContext {
  readonly clients: Pick<AwsClients, 'cloudformation'>;
  readonly io: DeployIO;
  readonly poll?: PollIntervals;
}

export async function stackStatus(request: StatusRequest, ctx: StatusContext): Promise<number> {
  const cfn = ctx.clients.cloudformation;
  const { io } = ctx;
  let stack = await describeStack(cfn, request.stackName);
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
    throw refused(DEPLOY_CODES.STACK_NOT_FOUND, `there is no stack ${request.stackName} in this region`, 'check --region / -p, or deploy it with `composex deploy`');
  }
  const stackId = stack.StackId ?? request.stackName;
  let watchedFailure: string | undefined;
  if (request.watch && isInProgress(stack.StackStatus) && stack.StackStatus !== 'REVIEW_IN_PROGRESS') {
    io.stdout(`Watching stack ${request.stackName} (${stack.StackStatus}); Ctrl-C stops watching\n`);
    const events = new OperationEvents(cfn, stackId);
    await events.resumeCurrentOperation();
    const result = await watchStack(cfn, events, { stackName: request.stackName, stackId, pollMs: (ctx.poll ?? DEFAULT_POLL).stack, io });
    if (result.interrupted) {
      io.stdout(`Stopped watching; ${request.stackName} is still ${result.status}. Resume with: composex status -p ${request.projectName} --watch\n`);
      return DEPLOY_EXIT.interrupted;
    }
    if (!SUCCESS_STATUSES.has(result.status)) watchedFailure = result.status;
    stack = (await describeStack(cfn, stackId)) ?? stack;
  }
  io.stdout(`${headline(request.stackName, stack)}\n`);
  const status = stack.StackStatus ?? '?';
  if (status === 'DELETE_COMPLETE') return watchedFailure ? DEPLOY_EXIT.aws : DEPLOY_EXIT.ok;
  if (!SUCCESS_STATUSES.has(status) && !isInProgress(status)) {
    io.stdout(`  ${explainStatus(status)}\n`);
    const events = new OperationEvents(cfn, stackId);
    await events.resumeCurrentOperation();
    await events.poll(true);
    if (events.all.some((r) => /_FAILED$/.test(r.event.ResourceStatus ?? ''))) io.stdout(indent(formatFailure(events.all)));
  }
  const app = await describeApp(cfn, stack);
  io.stdout(formatApp(app));
  io.stdout(await recentEvents(cfn, stackId, request.events ?? 10));
  if (watchedFailure) {
    throw awsFailure(DEPLOY_CODES.DEPLOY_FAILED, `the operation on stack ${request.stackName} failed: ${watchedFailure}`, explainStatus(watchedFailure));
  }
  return DEPLOY_EXIT.ok;
}

function headline(stackName: string, stack: Stack): string {
  const when = stack.LastUpdatedTime ?? stack.CreationTime;
  const at = when ? `, last changed ${new Date(when).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';
  const reason = stack.StackStatusReason ? ` — ${stack.StackStatusReason}` : '';
  return `Stack ${stackName}: ${stack.StackStatus}${at}${reason}`;
}

export interface Endpoint {
  readonly url: string;
  readonly listener: string;
}

export interface ServiceInfo {
  readonly family: string;
  readonly service: string;
  readonly cluster?: string;
}

export interface AppInfo {
  readonly endpoints: readonly Endpoint[];
  readonly services: readonly ServiceInfo[];
  readonly outputs: readonly { readonly key: string; readonly value: string }[];
}

const FAMILY_STACK = /^Family.+Stack$/;
const LOAD_BALANCER_STACK = /^LoadBalancer(\d*)Stack$/;
const FAMILY_GROUP_STACK = /^Families\d+(Part\d+)?Stack$/;

/** Endpoints of the load balancer, the ECS services by family, the root stack's outputs. */
export async function describeApp(cfn: CloudFormationClient, stack: Stack): Promise<AppInfo> {
  const stackId = stack.StackId ?? stack.StackName ?? '';
  const nested = (await listResources(cfn, stackId)).filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack' && r.PhysicalResourceId);
  // `LoadBalancerStack`, then `LoadBalancer2Stack`, … (past 50 published ports).
  const loadBalancers = nested
    .map((r) => ({ r, n: LOAD_BALANCER_STACK.exec(r.LogicalResourceId ?? '') }))
    .filter((x): x is { r: (typeof nested)[number]; n: RegExpExecArray } => x.n !== null)
    .sort((a, b) => Number(a.n[1] || 1) - Number(b.n[1] || 1));
  const endpoints = (await Promise.all(loadBalancers.map(({ r }) => loadBalancerEndpoints(cfn, r.PhysicalResourceId!)))).flat();
  const familyStacks = nested.filter((r) => FAMILY_STACK.test(r.LogicalResourceId ?? '') && !FAMILY_GROUP_STACK.test(r.LogicalResourceId ?? ''));
  for (const group of nested.filter((r) => FAMILY_GROUP_STACK.test(r.LogicalResourceId ?? ''))) {
    const inGroup = await listResources(cfn, group.PhysicalResourceId!);
    familyStacks.push(...inGroup.filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack' && r.PhysicalResourceId && FAMILY_STACK.test(r.LogicalResourceId ?? '')));
  }
  const services = (await mapLimit(familyStacks, 8, (r) => familyServices(cfn, r.LogicalResourceId!, r.PhysicalResourceId!))).flat();
  services.sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
  const outputs = (stack.Outputs ?? []).map((o) => ({ key: o.OutputKey ?? '?', value: o.OutputValue ?? '' })).sort((a, b) => (a.key < b.key ? -1 : 1));
  return { endpoints, services, outputs };
}

async function loadBalancerEndpoints(cfn: CloudFormationClient, stackId: string): Promise<Endpoint[]> {
  const lb = await describeStack(cfn, stackId);
  const dns = lb?.Outputs?.find((o) => o.OutputKey === 'LoadBalancerDnsName')?.OutputValue;
  if (!dns) return [];
  const template = await deployedTemplate(cfn, stackId);
  const listeners = Object.values(template?.Resources ?? {})
    .filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
    .map((r) => ({ port: Number(r.Properties?.Port), protocol: String(r.Properties?.Protocol ?? 'TCP') }))
    .sort((a, b) => a.port - b.port);
  if (listeners.length === 0) return [{ url: dns, listener: 'load balancer' }];
  return listeners.map(({ port, protocol }) => ({ url: endpointUrl(dns, port, protocol), listener: `${protocol} ${port}` }));
}

function endpointUrl(dns: string, port: number, protocol: string): string {
  if (protocol === 'HTTP') return port === 80 ? `http://${dns}` : `http://${dns}:${port}`;
  if (protocol === 'HTTPS') return port === 443 ? `https://${dns}` : `https://${dns}:${port}`;
  return `${dns}:${port}`;
}

async function familyServices(cfn: CloudFormationClient, logicalId: string, stackId: string): Promise<ServiceInfo[]> {
  const [stack, resources] = await Promise.all([describeStack(cfn, stackId), listResources(cfn, stackId)]);
  const family = /^composex: family (.+)$/.exec(stack?.Description ?? '')?.[1] ?? logicalId;
  return resources
    .filter((r) => r.ResourceType === 'AWS::ECS::Service' && r.PhysicalResourceId)
    .map((r) => {
      // arn:aws:ecs:<region>:<account>:service/<cluster>/<service>
      const parts = r.PhysicalResourceId!.split(':').pop()!.split('/');
      return { family, service: parts[parts.length - 1], ...(parts.length === 3 ? { cluster: parts[1] } : {}) };
    });
}

export function formatApp(app: AppInfo): string {
  const lines: string[] = [];
  if (app.endpoints.length > 0) {
    lines.push('', 'Endpoints:');
    const width = Math.max(...app.endpoints.map((e) => e.url.length));
    for (const e of app.endpoints) lines.push(`  ${e.url.padEnd(width)}  (listener ${e.listener})`);
  }
  if (app.services.length > 0) {
    lines.push('', 'ECS services:');
    const width = Math.max(...app.services.map((s) => s.family.length));
    for (const s of app.services) lines.push(`  ${s.family.padEnd(width)}  ${s.service}${s.cluster ? `  (cluster ${s.cluster})` : ''}`);
  }
  if (app.outputs.length > 0) {
    lines.push('', 'Outputs:');
    for (const o of app.outputs) lines.push(`  ${o.key} = ${o.value}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

async function recentEvents(cfn: CloudFormationClient, stackId: string, count: number): Promise<string> {
  if (count <= 0) return '';
  const events: StackEvent[] = [];
  await step('reading stack events', async () => {
    for await (const page of paginateDescribeStackEvents({ client: cfn }, { StackName: stackId })) {
      events.push(...(page.StackEvents ?? []));
      if (events.length >= count) break;
    }
  });
  const shown = events.slice(0, count).reverse();
  if (shown.length === 0) return '';
  const records: StackEventRecord[] = shown.map((event) => ({ stackPath: '', label: event.LogicalResourceId ?? '?', event }));
  return ['', 'Recent events:', ...records.map((r) => `  ${formatEvent(r)}`)].join('\n') + '\n';
}
