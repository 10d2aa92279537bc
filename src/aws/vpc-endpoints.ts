/**
 * The interface VPC endpoints of `x-vpc.Endpoints` in the VPC composex creates (gateway endpoints
 * are routes of the `ec2.Vpc` itself: network.ts). L1 resources, so that nothing is added that the
 * file did not ask for (the L2 `InterfaceVpcEndpoint` makes a security group per endpoint).
 *
 * What AWS requires at creation (AWS::EC2::VPCEndpoint,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html):
 * an Interface endpoint takes at most one subnet per availability zone (the task subnets: one per
 * zone) and security groups; `PrivateDnsEnabled` needs the VPC's `enableDnsSupport` and
 * `enableDnsHostnames` (both set on the VPC). With private DNS, every client in the VPC that
 * resolves the service's public name reaches the endpoint instead, so its security group must
 * admit all of them: TCP 443 from the VPC's CIDR, as ECS ComposeX does (and as the ECS guide asks,
 * "The security group attached to the VPC endpoint must allow incoming connections on port 443 from
 * the private subnet of the VPC"). Admitting only the family security groups would break the
 * calls of anything else in the VPC (a task with a public IP in a public subnet, a resource's own
 * client) that private DNS now sends to the endpoint. The group starts no connection: no egress.
 */
import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { INTERFACE_ENDPOINT_PORT } from '../limits/vpc-endpoints';
import type { VpcEndpointModel } from '../resolve/model';

/** The rule that matches nothing: an empty egress list would mean "allow all" (as in security-groups.ts). */
const NO_EGRESS = { ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32', description: 'Disallow all traffic' };

/** `ecr.api` → `EcrApi`, `ecs-agent` → `EcsAgent`: the logical id part of a service. */
export function endpointIdPart(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** `com.amazonaws.<region>.<service>`, the region of the stack's deployment. */
export function endpointServiceName(service: string): string {
  return Fn.sub(`com.amazonaws.\${AWS::Region}.${service}`);
}

export interface InterfaceEndpointsProps {
  readonly vpc: ec2.Vpc;
  /** The VPC's IPv4 CIDR (a literal: the security group rule names it). */
  readonly cidr: string;
  /** The subnets the tasks run in, one per zone. */
  readonly subnets: readonly ec2.ISubnet[];
  readonly endpoints: readonly VpcEndpointModel[];
}

/** One security group for every interface endpoint and one `AWS::EC2::VPCEndpoint` per service. */
export function addInterfaceEndpoints(scope: Construct, props: InterfaceEndpointsProps): void {
  const interfaces = props.endpoints.filter((e) => e.type === 'Interface');
  if (interfaces.length === 0) return;
  const group = new ec2.CfnSecurityGroup(scope, 'EndpointsSecurityGroup', {
    groupDescription: 'composex: interface VPC endpoints, HTTPS from the VPC',
    vpcId: props.vpc.vpcId,
    securityGroupEgress: [NO_EGRESS],
    tags: [{ key: 'Name', value: 'vpc-endpoints' }],
  });
  // A rule of its own, as every ingress composex writes (no inline ingress on a group).
  new ec2.CfnSecurityGroupIngress(scope, 'EndpointsSecurityGroupHttpsFromVpc', {
    groupId: group.attrGroupId,
    ipProtocol: 'tcp',
    fromPort: INTERFACE_ENDPOINT_PORT,
    toPort: INTERFACE_ENDPOINT_PORT,
    cidrIp: props.cidr,
    description: 'HTTPS to the VPC endpoints from the VPC',
  });
  for (const endpoint of interfaces) {
    new ec2.CfnVPCEndpoint(scope, `Endpoint${endpointIdPart(endpoint.service)}`, {
      vpcId: props.vpc.vpcId,
      serviceName: endpointServiceName(endpoint.service),
      vpcEndpointType: 'Interface',
      subnetIds: props.subnets.map((s) => s.subnetId),
      securityGroupIds: [group.attrGroupId],
      privateDnsEnabled: true,
    });
  }
}
