/**
 * A looked-up database or cache lives in a VPC, and composex reaches it with an ingress rule on its
 * security group whose source is each consuming family's security group. A security group rule can
 * name a security group of its own VPC, or of a peer VPC "in the same Region" over a VPC peering
 * connection "in the active state" (Amazon VPC Peering Guide, "Update your security groups to
 * reference peer security groups"); composex creates no peering connection and cannot see one
 * offline. So the services must run in the resource's VPC:
 *
 * - x-vpc by IDs or looked up: the resource's VPC must be that VPC;
 * - a new VPC (x-vpc absent or creating one): a VPC made by this stack is peered with nothing, so
 *   the rule could never carry traffic (and EC2 refuses a source group of an unpeered VPC).
 *
 * Locks written before the VPC was recorded (databases) have none, and are not checked.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { ResourcesByKind, VpcSettings } from './model';
import { isPlainObject } from './readers';

interface Placed {
  readonly path: Path;
  readonly what: string;
  readonly vpcId: string;
}

export function checkLookedUpVpcs(ctx: ResolveContext, vpc: VpcSettings, resources: ResourcesByKind): void {
  // An x-vpc Lookup the lock could not answer fell back to a new VPC after its own error.
  const raw = ctx.project.extensions?.['x-vpc'];
  if (vpc.kind === 'new' && isPlainObject(raw) && raw.Lookup !== undefined) return;
  const placed: Placed[] = [
    ...resources.database.flatMap((d) =>
      d.existing?.vpcId ? [{ path: ['x-rds', d.name, 'Lookup'], what: `database '${d.name}' (${d.existing.identifier})`, vpcId: d.existing.vpcId }] : [],
    ),
    ...resources.cache.flatMap((c) => (c.existing ? [{ path: ['x-elasticache', c.name, 'Lookup'], what: `cache '${c.name}' (${c.existing.id})`, vpcId: c.existing.vpcId }] : [])),
  ];
  const peering = 'a security group rule can name a security group of another VPC only across an active peering connection in the same Region, which composex does not create';
  for (const r of placed) {
    if (vpc.kind === 'existing') {
      if (vpc.vpcId === r.vpcId) continue;
      ctx.error(
        CODES.LOOKED_UP_OUTSIDE_VPC,
        `${r.what} is in ${r.vpcId}, and the services run in ${vpc.vpcId} (x-vpc): its security group cannot admit their security groups (${peering})`,
        r.path,
        `run the services in ${r.vpcId} (x-vpc: its VpcId and subnets, or a Lookup that finds it), or look up a resource in ${vpc.vpcId}`,
        'key',
      );
    } else {
      ctx.error(
        CODES.LOOKED_UP_OUTSIDE_VPC,
        `${r.what} is in ${r.vpcId}, and x-vpc creates a new VPC for the services, which nothing connects to ${r.vpcId} (${peering})`,
        r.path,
        `run the services in ${r.vpcId}: x-vpc: {Lookup: {VpcId: {Identifier: ${r.vpcId}}, AppSubnets: {Tags: [{<tag>: <value>}]}}} or x-vpc: {VpcId: ${r.vpcId}, PrivateSubnets: [...]}`,
        'key',
      );
    }
  }
}
