/**
 * What the `ComposeX` construct hands a CDK app: per family (and so per Compose service) and per
 * load balancer, CDK's own interfaces — `iam.IRole`, `iam.IGrantable`, `ec2.ISecurityGroup`,
 * `ec2.IConnectable` — so that `bucket.grantRead(app.services.api)` and
 * `db.connections.allowDefaultPortFrom(app.services.api)` work as with any CDK construct, plus the
 * L1 resources as escape hatches guarded by `OverrideGuard`.
 *
 * Values a handle gives (ARNs, names, DNS names) are valid in the stack that holds the ComposeX
 * construct; each is exported from its nested stack only when read, so an app that reads none
 * synthesizes the same templates as `composex render`.
 */
import { Aspects, type CfnResource, type IAspect } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { FamilyStack, LoadBalancerStack } from '../aws';
import { exportValue } from '../aws/stack-io';
import { cdkError } from './errors';
import type { OverrideGuard, OverrideOptions } from './override-guard';

/** The L1 resources of one family: escape hatches, checked at synthesis (see `override`). */
export interface ComposeXServiceResources {
  readonly taskDefinition: ecs.CfnTaskDefinition;
  /** Absent for a family that only runs as tasks of x-events rules (`DeleteDefaultService`). */
  readonly service?: ecs.CfnService;
  readonly taskRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
  readonly securityGroup: ec2.CfnSecurityGroup;
  readonly logGroup: logs.CfnLogGroup;
}

/** Which L1 resource of a family `override` changes. */
export type ComposeXServiceResource = keyof ComposeXServiceResources;

/**
 * Makes the family's ECS service wait for every policy a CDK app attaches to its task role (tasks
 * start only once their role holds every permission, as for composex's own policies).
 */
class ServiceWaitsForPolicies implements IAspect {
  constructor(
    private readonly role: IConstruct,
    private readonly service: ecs.CfnService,
  ) {}

  visit(node: IConstruct): void {
    if (node instanceof iam.CfnPolicy && node.node.path.startsWith(`${this.role.node.path}/`)) this.service.addResourceDependency(node);
  }
}

/**
 * One family (a task definition and its ECS service). Every Compose service of the family has the
 * same handle: they share the task, its role and its security group.
 */
/** What exists of a family once generated: its stack and its L1 resources. */
interface Generated {
  readonly stack: FamilyStack;
  readonly cfn: ComposeXServiceResources;
  /** Where imported handles (the ECS service) are created: the stack holding the construct. */
  readonly scope: Construct;
  /** The cluster as an `ecs.ICluster`: the app's, or imported in the app's VPC; absent without either. */
  readonly cluster: () => ecs.ICluster | undefined;
}

/**
 * One family (a task definition and its ECS service). Every Compose service of the family has the
 * same handle: they share the task, its role and its security group.
 */
export class ComposeXService implements iam.IGrantable, ec2.IConnectable {
  /** The handle of a generated family. */
  static ofFamily(
    scope: Construct,
    stack: FamilyStack,
    securityGroup: ec2.CfnSecurityGroup,
    securityGroupId: string,
    guard: OverrideGuard,
    cluster: () => ecs.ICluster | undefined,
  ): ComposeXService {
    const cfn: ComposeXServiceResources = {
      taskDefinition: stack.taskDefinition,
      ...(stack.service ? { service: stack.service } : {}),
      taskRole: stack.taskRole,
      executionRole: stack.executionRole,
      securityGroup,
      logGroup: stack.logGroup,
    };
    for (const resource of Object.values(cfn) as CfnResource[]) guard.watch(resource);
    // In the family's stack, where the policies grants create go (next to the role and the service).
    const handles = new Construct(stack, 'CdkHandles');
    const taskRole = iam.Role.fromRoleName(handles, 'TaskRole', stack.taskRole.ref, { mutable: true });
    if (stack.service) Aspects.of(stack).add(new ServiceWaitsForPolicies(taskRole, stack.service));
    const tcpPorts = [...new Set(stack.family.ports.filter((p) => p.protocol !== 'udp').map((p) => p.port))];
    return new ComposeXService(stack.family.name, stack.family.containers.map((c) => c.name), guard, {
      taskRole,
      executionRole: iam.Role.fromRoleName(handles, 'ExecutionRole', stack.executionRole.ref, { mutable: false }),
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(scope, `${stack.family.logicalId}SecurityGroup`, securityGroupId, { allowAllOutbound: true, mutable: true }),
      defaultPort: tcpPorts.length === 1 ? ec2.Port.tcp(tcpPorts[0]) : undefined,
      generated: { stack, cfn, scope, cluster },
    });
  }

  /**
   * The stand-in for a service of a compose file with errors (reported as error annotations, which
   * stop `cdk synth` and `cdk deploy`): it takes grants and connections so the rest of the app runs
   * on to synthesis, where the errors are printed; its stack and L1 resources do not exist.
   */
  static unresolved(scope: Construct, name: string, why: string): ComposeXService {
    const id = `Unresolved${name.replace(/[^A-Za-z0-9]/g, '')}${scope.node.children.length}`;
    return new ComposeXService(name, [name], undefined, {
      taskRole: iam.Role.fromRoleName(scope, `${id}TaskRole`, 'composex-not-generated', { mutable: false }),
      executionRole: iam.Role.fromRoleName(scope, `${id}ExecutionRole`, 'composex-not-generated', { mutable: false }),
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(scope, `${id}SecurityGroup`, 'sg-00000000', { allowAllOutbound: true, mutable: false }),
      why,
    });
  }

  readonly familyName: string;
  /** The Compose services running in this family's task. */
  readonly serviceNames: readonly string[];
  /**
   * The role the family's containers run as. Grants add a policy to it in the family's stack, and
   * the ECS service waits for that policy: `bucket.grantRead(app.services.api.taskRole)` (or simply
   * `bucket.grantRead(app.services.api)`).
   */
  readonly taskRole: iam.IRole;
  /** The role ECS starts the tasks with (pulls images, writes logs, reads injected secrets). Not mutable. */
  readonly executionRole: iam.IRole;
  readonly grantPrincipal: iam.IPrincipal;
  /** The family's security group (composex opens exactly the ingress the compose file declares; egress is open). */
  readonly securityGroup: ec2.ISecurityGroup;
  /** `db.connections.allowDefaultPortFrom(app.services.api)`; the default port is the family's, when it declares exactly one TCP port. */
  readonly connections: ec2.Connections;

  private readonly guard?: OverrideGuard;
  private readonly generated?: Generated;
  private readonly why?: string;

  private constructor(
    familyName: string,
    serviceNames: readonly string[],
    guard: OverrideGuard | undefined,
    parts: {
      readonly taskRole: iam.IRole;
      readonly executionRole: iam.IRole;
      readonly securityGroup: ec2.ISecurityGroup;
      readonly defaultPort?: ec2.Port;
      readonly generated?: Generated;
      readonly why?: string;
    },
  ) {
    this.familyName = familyName;
    this.serviceNames = serviceNames;
    this.guard = guard;
    this.taskRole = parts.taskRole;
    this.executionRole = parts.executionRole;
    this.grantPrincipal = parts.taskRole;
    this.securityGroup = parts.securityGroup;
    this.connections = new ec2.Connections({ securityGroups: [parts.securityGroup], ...(parts.defaultPort ? { defaultPort: parts.defaultPort } : {}) });
    this.generated = parts.generated;
    this.why = parts.why;
  }

  private get parts(): Generated {
    if (!this.generated) throw cdkError('CX5110', `'${this.familyName}' was not generated: ${this.why}`);
    return this.generated;
  }

  /** The family's nested stack. */
  get stack(): FamilyStack {
    return this.parts.stack;
  }

  /** The L1 resources. Overriding a property composex set fails synthesis (CX5113): use `override`. */
  get cfn(): ComposeXServiceResources {
    return this.parts.cfn;
  }

  /** The ECS service's ARN (absent without an ECS service). */
  get serviceArn(): string | undefined {
    return this.cfn.service ? exportValue(this.stack, 'CdkServiceArn', this.cfn.service.ref) : undefined;
  }

  /** The ECS service's name (absent without an ECS service). */
  get serviceName(): string | undefined {
    return this.cfn.service ? exportValue(this.stack, 'CdkServiceName', this.cfn.service.attrName) : undefined;
  }

  /**
   * The ECS service as an `ecs.IBaseService` (for CDK APIs that take one, such as a CodePipeline
   * `EcsDeployAction`), in the stack holding the construct. Needs the cluster as an `ecs.ICluster`:
   * pass `cluster` or `vpc` to `ComposeX` (else CX5116); absent without an ECS service.
   */
  ecsService(): ecs.IBaseService | undefined {
    const parts = this.parts;
    if (!parts.cfn.service) return undefined;
    const id = `${parts.stack.family.logicalId}EcsService`;
    const existing = parts.scope.node.tryFindChild(id);
    if (existing) return existing as unknown as ecs.IBaseService;
    const cluster = parts.cluster();
    if (!cluster) throw cdkError('CX5116', `ecsService() of '${this.familyName}' needs the cluster as an ecs.ICluster: pass \`cluster\` or \`vpc\` to ComposeX`);
    return ecs.FargateService.fromFargateServiceAttributes(parts.scope, id, { cluster, serviceArn: this.serviceArn! });
  }

  get taskDefinitionArn(): string {
    return exportValue(this.stack, 'CdkTaskDefinitionArn', this.cfn.taskDefinition.ref);
  }

  get logGroupName(): string {
    return exportValue(this.stack, 'CdkLogGroupName', this.cfn.logGroup.ref);
  }

  /** `grant((role) => bucket.grantRead(role))`: a grant on the task role, as one expression. */
  grant<T>(grant: (role: iam.IRole) => T): T {
    return grant(this.taskRole);
  }

  /**
   * `addPropertyOverride` on one of the family's L1 resources; a property composex set is replaced
   * only with `{ replace: true }` (else CX5112). `value` undefined deletes the property.
   */
  override(resource: ComposeXServiceResource, path: string, value: unknown, options?: OverrideOptions): void {
    const target = this.cfn[resource];
    if (!target) throw cdkError('CX5111', `family '${this.familyName}' has no ${resource} (it runs only as tasks of x-events rules)`);
    this.guard!.override(target, path, value, options);
  }
}

/** One listener of a composex load balancer. */
export class ComposeXListener {
  readonly port: number;
  readonly protocol: string;
  readonly cfn: elbv2.CfnListener;

  constructor(
    private readonly stack: LoadBalancerStack,
    listener: elbv2.CfnListener,
    private readonly guard: OverrideGuard,
  ) {
    this.cfn = listener;
    this.port = Number(listener.port);
    this.protocol = String(listener.protocol);
    guard.watch(listener);
  }

  /** The listener's ARN, e.g. to add rules to it (`elbv2.CfnListenerRule`) or certificates. */
  get listenerArn(): string {
    return exportValue(this.stack, `Cdk${this.cfn.node.id.replace(/[^A-Za-z0-9]/g, '')}Arn`, this.cfn.ref);
  }

  /** `addPropertyOverride`, guarded as the family's `override`. */
  override(path: string, value: unknown, options?: OverrideOptions): void {
    this.guard.override(this.cfn, path, value, options);
  }
}

/** An internet-facing load balancer composex created for the published ports. */
export class ComposeXLoadBalancer implements ec2.IConnectable {
  /** `application` (every published port HTTP) or `network`. */
  readonly type: 'application' | 'network';
  readonly stack: LoadBalancerStack;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly connections: ec2.Connections;
  /** By `PROTOCOL/port`: `HTTP/80`, `TCP/5432`, `UDP/53`. */
  readonly listeners: Readonly<Record<string, ComposeXListener>>;
  readonly cfn: elbv2.CfnLoadBalancer;

  private readonly guard: OverrideGuard;

  constructor(scope: Construct, id: string, stack: LoadBalancerStack, securityGroupId: string, guard: OverrideGuard) {
    this.stack = stack;
    this.cfn = stack.loadBalancer;
    this.guard = guard;
    this.type = stack.loadBalancer.type === 'network' ? 'network' : 'application';
    guard.watch(stack.loadBalancer);
    this.listeners = Object.fromEntries([...stack.listeners].map(([key, listener]) => [key, new ComposeXListener(stack, listener, guard)]));
    // Its group sends only to its targets (and identity providers): a connection the app adds
    // (lb.connections.allowTo) gets its own egress rule.
    this.securityGroup = ec2.SecurityGroup.fromSecurityGroupId(scope, `${id}SecurityGroup`, securityGroupId, { allowAllOutbound: false, mutable: true });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });
  }

  get loadBalancerArn(): string {
    return exportValue(this.stack, 'CdkLoadBalancerArn', this.cfn.ref);
  }

  get loadBalancerDnsName(): string {
    return exportValue(this.stack, 'LoadBalancerDnsName', this.cfn.attrDnsName);
  }

  /** With `loadBalancerDnsName`, the alias target of a Route 53 record. */
  get loadBalancerCanonicalHostedZoneId(): string {
    return exportValue(this.stack, 'CdkLoadBalancerCanonicalHostedZoneId', this.cfn.attrCanonicalHostedZoneId);
  }

  /** The listener on `port` (and `protocol`, when the port has several); throws naming the ones there are. */
  listener(port: number, protocol?: string): ComposeXListener {
    const found = Object.values(this.listeners).filter((l) => l.port === port && (protocol === undefined || l.protocol === protocol.toUpperCase()));
    if (found.length === 1) return found[0];
    const known = Object.keys(this.listeners).join(', ');
    throw cdkError(
      'CX5114',
      found.length === 0
        ? `the load balancer has no listener on ${protocol ? `${protocol.toUpperCase()}/` : ''}${port}; its listeners: ${known}`
        : `the load balancer has several listeners on ${port} (${found.map((l) => l.protocol).join(', ')}): pass the protocol`,
    );
  }

  /** `addPropertyOverride`, guarded as the family's `override`. */
  override(path: string, value: unknown, options?: OverrideOptions): void {
    this.guard.override(this.cfn, path, value, options);
  }
}
