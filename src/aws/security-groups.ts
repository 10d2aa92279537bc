/**
 * The networking stack(s): one security group per family, one for the load balancer, one per EFS
 * volume, and exactly the model's ingress rules as `AWS::EC2::SecurityGroupIngress` resources —
 * no inline ingress on any group, nothing the model does not list. A load balancer's group sends
 * only what those rules admit from it: each rule whose source is a load balancer has its mirror,
 * an `AWS::EC2::SecurityGroupEgress` from the load balancer's group to the target's on the same
 * ports (Elastic Load Balancing User Guide, "Security groups for your Application Load Balancer":
 * outbound to the targets on the listener and health check ports).
 *
 * Groups and rules live apart from the family stacks so families can reference each other without
 * circular dependencies between stacks.
 *
 * Scale: a small project gets one `Networking` stack. When that stack would pass the
 * CloudFormation limits (200 outputs, 500 resources), groups go to `SecurityGroupsNN` shards
 * (a family's shard is a hash of its name into 32 buckets, so adding a family never moves another
 * one; the load balancer and volume groups go to `SecurityGroupsShared`) and rules go to
 * `IngressNN` stacks (by the shard of the rule's target, split into parts of at most 400 rules and
 * 180 imported group ids). Rules sit in their own stacks so shards never reference each other
 * (two shards referencing each other's groups would be a circular dependency). Crossing the
 * threshold from one stack to shards moves every group, i.e. replaces them: a one-time event,
 * documented rather than avoided.
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { AppModel, IngressRule, IngressSource, IngressTarget, ResourceKind } from '../resolve/model';
import { RESOURCE_KINDS, RESOURCE_SPECS } from '../resolve/resources/registry';
import { awsIdPart, cidrId, ec2Description, fnv1a, loadBalancerName, NameTable } from './names';
import { exportValue, importString, setStackLogicalId } from './stack-io';

/** What owns a security group. */
export type GroupOwner = IngressTarget;

export interface NetworkingProps {
  readonly model: AppModel;
  /** VPC id, valid in the root. */
  readonly vpcId: string;
  readonly volumeIds: NameTable;
}

/** Limits under which everything stays in one `Networking` stack. */
export const SINGLE_STACK_MAX_GROUPS = 180;
export const SINGLE_STACK_MAX_RESOURCES = 450;
export const SHARD_BUCKETS = 32;
export const INGRESS_PART_MAX_RULES = 400;
export const INGRESS_PART_MAX_GROUPS = 180;

/**
 * A database or a cache answers connections and starts none, so its group allows no outbound traffic. A
 * security group cannot have an empty egress list in CloudFormation (that means "allow all"), so
 * this is the usual rule that matches nothing (ICMP type 252 code 86 to a broadcast address).
 */
const NO_EGRESS = { ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'Disallow all traffic' };

export function groupKey(owner: GroupOwner): string {
  switch (owner.kind) {
    case 'family':
      return `family:${owner.family}`;
    case 'volume':
      return `volume:${owner.volume}`;
    case 'resource':
      return `${owner.resource}:${owner.name}`;
    case 'loadBalancer':
      return owner.index ? `loadBalancer:${owner.index}` : 'loadBalancer';
    case 'elbv2':
      return `elbv2:${owner.name}`;
  }
}

/** Shard of a family's group: two digits, independent of every other family. */
export function familyShard(family: string): string {
  return String(fnv1a(family) % SHARD_BUCKETS).padStart(2, '0');
}

/** `Tcp80`, `Udp5000To5010`: the protocol and ports of a rule's logical ID. */
function protocolAndPorts(rule: IngressRule): string {
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}To${rule.toPort}`;
  return `${rule.protocol === 'udp' ? 'Udp' : 'Tcp'}${ports}`;
}

/** A rule whose source is a load balancer: its egress mirror is written beside it. */
function fromLoadBalancer(rule: IngressRule): boolean {
  return rule.source.kind === 'loadBalancer' || rule.source.kind === 'elbv2';
}

export class Networking extends Construct {
  readonly stacks: NestedStack[] = [];
  /** Security groups by `groupKey`. */
  readonly securityGroups = new Map<string, ec2.CfnSecurityGroup>();
  /** Ingress rules by logical ID. */
  readonly ingressRules = new Map<string, ec2.CfnSecurityGroupIngress>();
  /** Egress rules of the load balancers' groups (the mirrors of their ingress rules), by logical ID. */
  readonly egressRules = new Map<string, ec2.CfnSecurityGroupEgress>();
  /** Whether groups and rules were sharded over several stacks. */
  readonly sharded: boolean;

  private readonly root: Stack;
  private readonly model: AppModel;
  private readonly familyIds: Map<string, string>;
  private readonly volumeIds: NameTable;
  /** Logical ids of the x- resources with a group of their own, by `groupKey`. */
  private readonly resourceIds: Map<string, string>;
  /** Looked-up resources (databases): their existing security group, by `groupKey` (rules are added to it; no group is created). */
  private readonly existingGroups: Map<string, string>;
  private readonly elbv2Ids: Map<string, string>;
  /** Resources that call AWS over HTTPS (a database with RdsFeatures): why, by `groupKey`. */
  private readonly outboundHttps: Map<string, string>;
  private readonly groupStack = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: NetworkingProps) {
    super(scope, id);
    this.root = Stack.of(this);
    this.model = props.model;
    this.familyIds = new Map(props.model.families.map((f) => [f.name, f.logicalId]));
    this.volumeIds = props.volumeIds;
    const networked = networkedResources(props.model);
    this.resourceIds = new Map(networked.map(({ owner, logicalId }) => [groupKey(owner), logicalId]));
    this.existingGroups = new Map(networked.flatMap(({ owner, existingGroupId }) => (existingGroupId !== undefined ? [[groupKey(owner), existingGroupId] as const] : [])));
    this.outboundHttps = new Map(networked.flatMap(({ owner, outboundHttps }) => (outboundHttps !== undefined ? [[groupKey(owner), outboundHttps] as const] : [])));
    this.elbv2Ids = new Map((props.model.elbv2 ?? []).map((lb) => [lb.name, lb.logicalId]));

    const owners: GroupOwner[] = [
      ...props.model.families.map((f): GroupOwner => ({ kind: 'family', family: f.name })),
      ...loadBalancerOwners(props.model),
      ...(props.model.elbv2 ?? []).map((lb): GroupOwner => ({ kind: 'elbv2', name: lb.name })),
      ...props.model.volumes.map((v): GroupOwner => ({ kind: 'volume', volume: v.name })),
      ...networked.filter((n) => n.existingGroupId === undefined).map(({ owner }) => owner),
    ];
    const rules = this.uniqueRules(props.model.ingress);
    const mirrors = rules.filter(([, rule]) => fromLoadBalancer(rule)).length;
    this.sharded =
      owners.length > SINGLE_STACK_MAX_GROUPS || owners.length + rules.length + mirrors > SINGLE_STACK_MAX_RESOURCES;

    if (!this.sharded) {
      const stack = this.newStack('Networking', 'security groups and ingress rules');
      for (const owner of owners) this.createGroup(stack, owner, props.vpcId);
      for (const [logicalId, rule] of rules) {
        this.createRule(stack, logicalId, rule, (owner) => this.groupIn(owner).attrGroupId);
      }
      return;
    }

    // Groups, by shard.
    const byShard = new Map<string, GroupOwner[]>();
    for (const owner of owners) {
      const shard = this.shardOf(owner);
      byShard.set(shard, [...(byShard.get(shard) ?? []), owner]);
    }
    for (const shard of [...byShard.keys()].sort()) {
      const stack = this.newStack(`SecurityGroups${shard}`, `security groups (shard ${shard})`);
      for (const owner of byShard.get(shard)!) this.createGroup(stack, owner, props.vpcId);
    }

    // Rules, by the shard of their target, in parts that respect the limits.
    const rulesByShard = new Map<string, [string, IngressRule][]>();
    for (const entry of rules) {
      const shard = this.shardOf(entry[1].target);
      rulesByShard.set(shard, [...(rulesByShard.get(shard) ?? []), entry]);
    }
    for (const shard of [...rulesByShard.keys()].sort()) {
      const parts = packRules(
        rulesByShard.get(shard)!,
        ([, r]) => [...(this.existingGroupId(r.target) === undefined ? [groupKey(r.target)] : []), ...sourceGroupKeys(r.source)],
        ([, r]) => (fromLoadBalancer(r) ? 2 : 1),
      );
      parts.forEach((part, i) => {
        const name = i === 0 ? `Ingress${shard}` : `Ingress${shard}Part${i + 1}`;
        const stack = this.newStack(name, `ingress rules (shard ${shard}${i === 0 ? '' : `, part ${i + 1}`})`);
        for (const [logicalId, rule] of part) {
          this.createRule(stack, logicalId, rule, (owner) =>
            importString(stack, `${this.groupLogicalId(owner)}Id`, this.groupId(owner), this.root),
          );
        }
      });
    }
  }

  /** The id of a security group, valid in the root stack (an output of the stack holding it). */
  groupId(owner: GroupOwner): string {
    const stack = this.groupStack.get(groupKey(owner));
    if (!stack) throw new Error(`internal: no security group for ${groupKey(owner)}`);
    return exportValue(stack, `${this.groupLogicalId(owner)}Id`, this.groupIn(owner).attrGroupId);
  }

  /** The security group construct of a family, the load balancer or a volume. */
  securityGroup(owner: GroupOwner): ec2.CfnSecurityGroup {
    return this.groupIn(owner);
  }

  /** `FamilyApiSecurityGroup`, `LoadBalancerSecurityGroup`, `VolumeDataSecurityGroup`. */
  groupLogicalId(owner: GroupOwner): string {
    return `${this.ownerId(owner)}SecurityGroup`;
  }

  /** Logical ID of an ingress rule: target, source, protocol and ports, all from Compose names. */
  ruleLogicalId(rule: IngressRule): string {
    return `Ingress${this.ownerId(rule.target)}From${this.sourceId(rule.source)}${protocolAndPorts(rule)}`;
  }

  /** Logical ID of the egress mirror of a rule from a load balancer: `EgressLoadBalancerToFamilyWebTcp80`. */
  egressLogicalId(rule: IngressRule): string {
    return `Egress${this.sourceId(rule.source)}To${this.ownerId(rule.target)}${protocolAndPorts(rule)}`;
  }

  private ownerId(owner: GroupOwner): string {
    switch (owner.kind) {
      case 'family': {
        const id = this.familyIds.get(owner.family);
        if (id === undefined) throw new Error(`internal: unknown family '${owner.family}'`);
        return `Family${id}`;
      }
      case 'volume':
        return `Volume${this.volumeIds.id(owner.volume)}`;
      case 'resource': {
        const id = this.resourceIds.get(groupKey(owner));
        if (id === undefined) throw new Error(`internal: unknown ${owner.resource} '${owner.name}'`);
        return `${RESOURCE_SPECS[owner.resource].idPrefix}${id}`;
      }
      case 'loadBalancer':
        return loadBalancerName(owner.index ?? 0);
      case 'elbv2': {
        const id = this.elbv2Ids.get(owner.name);
        if (id === undefined) throw new Error(`internal: unknown x-elbv2 load balancer '${owner.name}'`);
        return `Elbv2${id}`;
      }
    }
  }

  private sourceId(source: IngressSource): string {
    switch (source.kind) {
      case 'family':
        return this.ownerId(source);
      case 'loadBalancer':
      case 'elbv2':
        return this.ownerId(source);
      case 'cidr':
        return `Cidr${cidrId(source.cidr)}`;
      case 'securityGroup':
        return `Sg${awsIdPart(source.id)}`;
      case 'prefixList':
        return `Pl${awsIdPart(source.id)}`;
    }
  }

  /** The id of a looked-up resource's security group (a literal from the lock), else undefined. */
  private existingGroupId(owner: GroupOwner): string | undefined {
    return owner.kind === 'resource' ? this.existingGroups.get(groupKey(owner)) : undefined;
  }

  private shardOf(owner: GroupOwner): string {
    return owner.kind === 'family' ? familyShard(owner.family) : 'Shared';
  }

  private uniqueRules(rules: readonly IngressRule[]): [string, IngressRule][] {
    const byId = new Map<string, IngressRule>();
    for (const rule of rules) {
      const id = this.ruleLogicalId(rule);
      if (!byId.has(id)) byId.set(id, rule);
    }
    return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private newStack(name: string, what: string): NestedStack {
    const stack = new NestedStack(this, name, { description: `composex: ${what}` });
    setStackLogicalId(stack, `${name}Stack`);
    this.stacks.push(stack);
    return stack;
  }

  private groupIn(owner: GroupOwner): ec2.CfnSecurityGroup {
    const group = this.securityGroups.get(groupKey(owner));
    if (!group) throw new Error(`internal: no security group for ${groupKey(owner)}`);
    return group;
  }

  private createGroup(stack: NestedStack, owner: GroupOwner, vpcIdInRoot: string): void {
    const what =
      owner.kind === 'family'
        ? `family ${owner.family}`
        : owner.kind === 'volume'
          ? `EFS volume ${owner.volume}`
          : owner.kind === 'resource'
            ? `${RESOURCE_SPECS[owner.resource].network?.describe ?? owner.resource} ${owner.name}`
            : owner.kind === 'elbv2'
              ? `load balancer ${owner.name}`
              : owner.index
                ? `load balancer ${owner.index + 1}`
                : 'load balancer';
    const group = new ec2.CfnSecurityGroup(stack, this.groupLogicalId(owner), {
      groupDescription: ec2Description(`composex ${this.model.projectName}: ${what}`),
      vpcId: importString(stack, 'VpcId', vpcIdInRoot, this.root),
      // No inline ingress: every ingress is a separate rule from the model. Egress is open for
      // tasks: they must reach image registries, AWS APIs and their declared dependencies, and a
      // security group cannot express "only what the task calls". A load balancer's group has
      // separate egress rules to its targets (createRule), and inline only what matches nothing,
      // or HTTPS to the identity provider of its authenticate actions (loadBalancerEgress). (Without
      // this property CloudFormation adds the same rule; it is written out so the template says
      // what it does.) A data store's group and an EFS volume's (its mount targets) allow no
      // outbound traffic: they only answer, and security groups are stateful ("responses to
      // allowed inbound traffic are allowed to leave, regardless of outbound rules", VPC User
      // Guide, security group rules); a database whose RDS features call S3 gets HTTPS out
      // (resourceEgress).
      securityGroupEgress:
        owner.kind === 'resource'
          ? [this.resourceEgress(owner)]
          : owner.kind === 'volume'
            ? [NO_EGRESS]
            : owner.kind === 'loadBalancer' || owner.kind === 'elbv2'
              ? [this.loadBalancerEgress(owner)]
              : [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0', description: 'Allow all outbound traffic' }],
      tags: [{ key: 'Name', value: `${this.model.projectName}-${this.ownerId(owner)}` }],
    });
    this.securityGroups.set(groupKey(owner), group);
    this.groupStack.set(groupKey(owner), stack);
  }

  /**
   * A data store starts no connection: no egress; one that calls an AWS service for a feature the
   * file declares (RdsFeatures) may open HTTPS. AWS's service endpoints have no address range a
   * template can name (the S3 prefix list's id differs by region and cannot be looked up in
   * CloudFormation), so the rule is TCP 443 to any address; the route tables decide the path (the
   * S3 gateway endpoint of the VPC composex creates, or a NAT gateway).
   */
  private resourceEgress(owner: GroupOwner): typeof NO_EGRESS {
    const reason = this.outboundHttps.get(groupKey(owner));
    return reason === undefined ? NO_EGRESS : { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: reason };
  }

  /**
   * A load balancer's inline egress: nothing (its targets are separate rules), or, when it
   * authenticates users (an x-elbv2 `AuthenticateOidcConfig` / `AuthenticateCognitoConfig`), HTTPS to
   * any address: ELB calls the identity provider's token and user info endpoints (Cognito's too),
   * whose addresses a template cannot name (Elastic Load Balancing User Guide, "Authenticate users
   * using an Application Load Balancer": the load balancer's security group must allow outbound
   * connections to the IdP on 443).
   */
  private loadBalancerEgress(owner: GroupOwner): typeof NO_EGRESS {
    const lb = owner.kind === 'elbv2' ? (this.model.elbv2 ?? []).find((l) => l.name === owner.name) : undefined;
    const authenticates = lb?.listeners.some((l) => l.defaultAuthenticate !== undefined || l.rules.some((r) => r.authenticate !== undefined)) ?? false;
    return authenticates ? { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'HTTPS to the identity provider (authenticate actions)' } : NO_EGRESS;
  }

  private createRule(
    stack: NestedStack,
    logicalId: string,
    rule: IngressRule,
    groupIdIn: (owner: GroupOwner) => string,
  ): void {
    const source: Partial<ec2.CfnSecurityGroupIngressProps> = (() => {
      switch (rule.source.kind) {
        case 'family':
          return { sourceSecurityGroupId: groupIdIn(rule.source) };
        case 'loadBalancer':
        case 'elbv2':
          return { sourceSecurityGroupId: groupIdIn(rule.source) };
        case 'cidr':
          return rule.source.cidr.includes(':') ? { cidrIpv6: rule.source.cidr } : { cidrIp: rule.source.cidr };
        case 'securityGroup':
          return { sourceSecurityGroupId: rule.source.id };
        case 'prefixList':
          return { sourcePrefixListId: rule.source.id };
      }
    })();
    const described = 'description' in rule.source && rule.source.description;
    const ingress = new ec2.CfnSecurityGroupIngress(stack, logicalId, {
      groupId: this.existingGroupId(rule.target) ?? groupIdIn(rule.target),
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort,
      toPort: rule.toPort,
      description: ec2Description(described ? `${rule.reason}: ${described}` : rule.reason),
      ...source,
    });
    this.ingressRules.set(logicalId, ingress);
    if (!fromLoadBalancer(rule)) return;
    const egressId = this.egressLogicalId(rule);
    const egress = new ec2.CfnSecurityGroupEgress(stack, egressId, {
      groupId: groupIdIn(rule.source as GroupOwner),
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort,
      toPort: rule.toPort,
      destinationSecurityGroupId: this.existingGroupId(rule.target) ?? groupIdIn(rule.target),
      description: ec2Description(rule.reason),
    });
    this.egressRules.set(egressId, egress);
  }
}

/**
 * The x- resources of the kinds that have a security group of their own (`network` in their spec);
 * a looked-up one (an existing database) brings its group, `existingGroupId`, and gets none created.
 */
function networkedResources(model: AppModel): { owner: GroupOwner; logicalId: string; existingGroupId?: string; outboundHttps?: string }[] {
  const of = <K extends ResourceKind>(kind: K) => {
    const network = RESOURCE_SPECS[kind].network;
    return network
      ? model.resources[kind].map((r) => {
          const existing = (r as { existing?: { securityGroupId?: string } }).existing?.securityGroupId;
          const outboundHttps = network.outboundHttps?.(r);
          return {
            owner: { kind: 'resource' as const, resource: kind, name: r.name },
            logicalId: r.logicalId,
            ...(existing !== undefined ? { existingGroupId: existing } : {}),
            ...(outboundHttps !== undefined ? { outboundHttps } : {}),
          };
        })
      : [];
  };
  return RESOURCE_KINDS.flatMap((kind) => of(kind));
}

/** One group per load balancer (`LoadBalancerSecurityGroup`, `LoadBalancer2SecurityGroup`, …). */
function loadBalancerOwners(model: AppModel): GroupOwner[] {
  if (!model.loadBalancer) return [];
  return Array.from({ length: model.loadBalancer.count ?? 1 }, (_, index): GroupOwner => (index === 0 ? { kind: 'loadBalancer' } : { kind: 'loadBalancer', index }));
}

function sourceGroupKeys(source: IngressSource): string[] {
  if (source.kind === 'family') return [groupKey(source)];
  if (source.kind === 'loadBalancer' || source.kind === 'elbv2') return [groupKey(source)];
  return [];
}

/**
 * Splits rules (already sorted) into consecutive parts with at most `INGRESS_PART_MAX_RULES`
 * resources (a rule from a load balancer is two: its ingress and its egress mirror) and at most
 * `INGRESS_PART_MAX_GROUPS` distinct groups referenced (each one a parameter).
 */
export function packRules<T>(rules: readonly T[], groupsOf: (rule: T) => string[], resourcesOf: (rule: T) => number = () => 1): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let resources = 0;
  let groups = new Set<string>();
  for (const rule of rules) {
    const needed = groupsOf(rule).filter((g) => !groups.has(g));
    if (current.length > 0 && (resources + resourcesOf(rule) > INGRESS_PART_MAX_RULES || groups.size + needed.length > INGRESS_PART_MAX_GROUPS)) {
      parts.push(current);
      current = [];
      resources = 0;
      groups = new Set();
    }
    current.push(rule);
    resources += resourcesOf(rule);
    for (const g of groupsOf(rule)) groups.add(g);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
