/**
 * The VPC the tasks run in: a new one in the `Network` nested stack, an existing one given by IDs
 * (root-stack parameters whose defaults are the `x-vpc` values), or a CDK user's `ec2.IVpc`.
 * Never an AWS lookup: subnets and availability zones are tokens or given IDs.
 */
import { CfnParameter, Fn, NestedStack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { VpcSettings } from '../resolve/model';
import { exportValue, setStackLogicalId } from './stack-io';
import { addInterfaceEndpoints, endpointIdPart } from './vpc-endpoints';

/** Where the VPC is, as values valid in the root stack. Subnet lists are joined with `,`. */
export interface NetworkRefs {
  readonly vpcId: string;
  readonly publicSubnetIds?: string;
  readonly privateSubnetIds: string;
  /** Subnet counts, known at synth time (one EFS mount target per private subnet). */
  readonly publicSubnetCount: number;
  readonly privateSubnetCount: number;
  /** An existing VPC's `StorageSubnets` (ECS ComposeX), when given, and their count. */
  readonly storageSubnetIds?: string;
  readonly storageSubnetCount?: number;
  /**
   * An existing VPC's extra subnet groups (ECS ComposeX) that families run in, by group name: the
   * parameter that holds them (`Subnets<Group>`) and the ids joined with `,`.
   */
  readonly subnetGroups?: ReadonlyMap<string, { readonly parameter: string; readonly ids: string }>;
}

/** The root (and family) stack parameter of an extra subnet group: `Subnets<Group>`. */
export function subnetGroupParameter(group: string): string {
  return `Subnets${group}`;
}

/** Subnets passed to a nested stack: the parameter name there, the ids (valid in the root), the count. */
export interface SubnetList {
  readonly name: 'PrivateSubnetIds' | 'StorageSubnetIds';
  readonly ids: string;
  readonly count: number;
}

/**
 * Where databases, caches and EFS mount targets go: the storage subnets when `x-vpc` gives them
 * (ECS ComposeX places its DB subnet groups and mount targets there), else the private subnets.
 */
export function dataSubnets(refs: NetworkRefs): SubnetList {
  if (refs.storageSubnetIds !== undefined && refs.storageSubnetCount !== undefined) {
    return { name: 'StorageSubnetIds', ids: refs.storageSubnetIds, count: refs.storageSubnetCount };
  }
  return { name: 'PrivateSubnetIds', ids: refs.privateSubnetIds, count: refs.privateSubnetCount };
}

export interface NetworkStackProps {
  readonly settings: Extract<VpcSettings, { kind: 'new' }>;
}

/**
 * A new VPC: public and private subnets in `maxAzs` zones, `natGateways` NAT gateways, an S3
 * gateway endpoint (image layers from ECR are served from S3, so pulls skip the NAT), and the
 * endpoints of `x-vpc.Endpoints`: gateway endpoints (DynamoDB) on the route tables of the task
 * subnets like S3's, interface endpoints in the task subnets (vpc-endpoints.ts).
 */
export class NetworkStack extends NestedStack {
  readonly vpc: ec2.Vpc;
  readonly refs: NetworkRefs;
  private readonly azCount: number;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { description: 'composex: VPC' });
    setStackLogicalId(this, 'NetworkStack');
    this.azCount = Math.max(1, props.settings.maxAzs);
    const hasNat = props.settings.natGateways > 0;
    const privateType = hasNat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.settings.cidr),
      maxAzs: this.azCount,
      natGateways: props.settings.natGateways,
      // The default-security-group restriction is a Lambda-backed custom resource: not asked for.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: privateType },
      ],
      // Interface endpoints with private DNS need both (AWS::EC2::VPCEndpoint PrivateDnsEnabled);
      // they are CDK's defaults, written out because the endpoints depend on them.
      enableDnsHostnames: true,
      enableDnsSupport: true,
      gatewayEndpoints: gatewayEndpoints(props.settings, privateType),
    });
    addInterfaceEndpoints(this, {
      vpc: this.vpc,
      cidr: props.settings.cidr,
      subnets: hasNat ? this.vpc.privateSubnets : this.vpc.isolatedSubnets,
      endpoints: props.settings.endpoints ?? [],
    });
    const join = (subnets: ec2.ISubnet[]) => Fn.join(',', subnets.map((s) => s.subnetId));
    this.refs = {
      vpcId: exportValue(this, 'VpcId', this.vpc.vpcId),
      publicSubnetIds: exportValue(this, 'PublicSubnetIds', join(this.vpc.publicSubnets)),
      privateSubnetIds: exportValue(
        this,
        'PrivateSubnetIds',
        join(hasNat ? this.vpc.privateSubnets : this.vpc.isolatedSubnets),
      ),
      publicSubnetCount: this.vpc.publicSubnets.length,
      privateSubnetCount: (hasNat ? this.vpc.privateSubnets : this.vpc.isolatedSubnets).length,
    };
  }

  /**
   * The zones as `Fn::Select(i, Fn::GetAZs(''))`: no context lookup even when the parent stack has
   * a concrete region, and more than the two zones CDK offers env-agnostic stacks by default.
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: this.azCount }, (_, i) => Fn.select(i, Fn.getAzs()));
  }
}

/**
 * The gateway endpoints, on the route tables of the task subnets: S3 always, and the gateway
 * services `x-vpc.Endpoints` lists (DynamoDB). A route table takes one route per service's prefix
 * list, so `service: s3` is the same endpoint.
 */
function gatewayEndpoints(settings: NetworkStackProps['settings'], subnetType: ec2.SubnetType): Record<string, ec2.GatewayVpcEndpointOptions> {
  const subnets = [{ subnetType }];
  const services = new Set(['s3', ...(settings.endpoints ?? []).filter((e) => e.type === 'Gateway').map((e) => e.service)]);
  return Object.fromEntries([...services].map((service) => [endpointIdPart(service), { service: new ec2.GatewayVpcEndpointAwsService(service), subnets }]));
}

/**
 * An existing VPC: `VpcId`, `PublicSubnetIds` and `PrivateSubnetIds` parameters of the root stack,
 * defaulting to the `x-vpc` values, so the same template deploys elsewhere by overriding them.
 * `PublicSubnetIds` exists only when `x-vpc` lists public subnets, `StorageSubnetIds` only when it
 * lists storage subnets, `Subnets<Group>` for each extra subnet group a family runs in.
 */
export function existingVpcRefs(scope: Construct, settings: Extract<VpcSettings, { kind: 'existing' }>, usedGroups: ReadonlySet<string> = new Set()): NetworkRefs {
  const param = (id: string, type: string, defaultValue: string, description: string) => {
    const p = new CfnParameter(scope, id, { type, default: defaultValue, description });
    p.overrideLogicalId(id);
    return p;
  };
  const vpcId = param('VpcId', 'AWS::EC2::VPC::Id', settings.vpcId, 'VPC the services run in');
  const privateIds = param(
    'PrivateSubnetIds',
    'List<AWS::EC2::Subnet::Id>',
    settings.privateSubnetIds.join(','),
    settings.storageSubnetIds?.length
      ? 'Subnets of the tasks'
      : `Subnets of the tasks (${settings.privateSubnetIds.length} expected: one EFS mount target each)`,
  );
  const publicIds =
    settings.publicSubnetIds.length > 0
      ? param(
          'PublicSubnetIds',
          'List<AWS::EC2::Subnet::Id>',
          settings.publicSubnetIds.join(','),
          'Subnets of the internet-facing load balancer',
        )
      : undefined;
  const storage = settings.storageSubnetIds ?? [];
  const storageIds =
    storage.length > 0
      ? param('StorageSubnetIds', 'List<AWS::EC2::Subnet::Id>', storage.join(','), `Subnets of the databases, caches and EFS mount targets (${storage.length} expected: one EFS mount target each)`)
      : undefined;
  // Extra subnet groups some family runs in (an unused one would be an unused parameter).
  const subnetGroups = new Map<string, { parameter: string; ids: string }>();
  for (const group of settings.subnetGroups ?? []) {
    if (!usedGroups.has(group.name)) continue;
    const parameter = subnetGroupParameter(group.name);
    const ids = param(parameter, 'List<AWS::EC2::Subnet::Id>', group.subnetIds.join(','), `Subnets of the tasks of the services on networks with x-vpc: ${group.name}`);
    subnetGroups.set(group.name, { parameter, ids: Fn.join(',', ids.valueAsList) });
  }
  return {
    vpcId: vpcId.valueAsString,
    privateSubnetIds: Fn.join(',', privateIds.valueAsList),
    ...(publicIds ? { publicSubnetIds: Fn.join(',', publicIds.valueAsList) } : {}),
    publicSubnetCount: settings.publicSubnetIds.length,
    privateSubnetCount: settings.privateSubnetIds.length,
    ...(storageIds ? { storageSubnetIds: Fn.join(',', storageIds.valueAsList), storageSubnetCount: storage.length } : {}),
    ...(subnetGroups.size > 0 ? { subnetGroups } : {}),
  };
}

/** A CDK user's VPC: its private (else isolated) subnets for tasks, public ones for the load balancer. */
export function userVpcRefs(vpc: ec2.IVpc): NetworkRefs {
  const privateSubnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
  return {
    vpcId: vpc.vpcId,
    privateSubnetIds: Fn.join(',', privateSubnets.map((s) => s.subnetId)),
    ...(vpc.publicSubnets.length > 0
      ? { publicSubnetIds: Fn.join(',', vpc.publicSubnets.map((s) => s.subnetId)) }
      : {}),
    publicSubnetCount: vpc.publicSubnets.length,
    privateSubnetCount: privateSubnets.length,
  };
}
