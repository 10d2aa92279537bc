/**
 * RDS places a database in a DB subnet group, and a DB subnet group must cover at least two
 * availability zones, even for a Single-AZ instance: "Each DB subnet group should have subnets in
 * at least two Availability Zones in a given AWS Region" (Amazon RDS User Guide, "Working with a
 * DB instance in a VPC"); CreateDBSubnetGroup fails with DBSubnetGroupDoesNotCoverEnoughAZs
 * otherwise. composex builds each x-rds subnet group from the storage subnets of the VPC
 * (`StorageSubnets`, as ECS ComposeX does) or else its private subnets, so a VPC
 * with one zone would only fail at deploy time, after the network and cluster are created.
 *
 * Known offline: a new VPC's `MaxAzs`, and for an existing VPC the number of `PrivateSubnets` and
 * their `AvailabilityZones` when given. Subnet ids without zones cannot be checked without AWS
 * calls; two or more are taken on trust.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { VpcSettings } from './model';
import { RDS_KEY } from './resources/rds';

/**
 * The x- keys whose resources get a DB subnet group. DocumentDB's has the same rule: "Each DB subnet
 * group must have subnets in at least two Availability Zones" (Amazon DocumentDB Developer Guide,
 * "Managing Amazon DocumentDB subnet groups"), and so has Neptune's, whose subnet groups are
 * RDS's (Neptune API, CreateDBSubnetGroup: DBSubnetGroupDoesNotCoverEnoughAZs).
 */
const SUBNET_GROUP_KEYS = [RDS_KEY, 'x-docdb', 'x-neptune'];

/** The resources of `key` that get a subnet group: a looked-up one (Lookup) is already placed. */
function placedNames(ctx: ResolveContext, key: string): string[] {
  const x = ctx.project.extensions?.[key];
  const defs = typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
  return Object.keys(defs).filter((n) => !(typeof defs[n] === 'object' && defs[n] !== null && ('Lookup' in (defs[n] as object) || 'Use' in (defs[n] as object)))).sort();
}

export function checkDatabaseZones(ctx: ResolveContext, vpc: VpcSettings, vpcPath: Path): void {
  const groups = SUBNET_GROUP_KEYS.map((key) => ({ key, names: placedNames(ctx, key) })).filter((g) => g.names.length > 0);
  const names = groups.flatMap((g) => g.names);
  if (names.length === 0) return;
  const which = `${names.length === 1 ? 'database' : 'databases'} ${groups.map((g) => `${g.names.map((n) => `'${n}'`).join(', ')} (${g.key})`).join(' and ')}`;
  const why = `${groups.some((g) => g.key !== RDS_KEY) ? 'a DB subnet group (RDS, DocumentDB)' : 'an RDS DB subnet group'} must cover at least two availability zones, even for a Single-AZ database`;
  if (vpc.kind === 'new') {
    if (vpc.maxAzs < 2) {
      ctx.error(CODES.DATABASE_NEEDS_TWO_AZS, `x-vpc.MaxAzs is ${vpc.maxAzs}, but ${which} need${names.length === 1 ? 's' : ''} private subnets in two availability zones: ${why}`, [...vpcPath, 'MaxAzs'], 'set MaxAzs to 2 or more (the database itself stays in one zone unless MultiAZ is set)');
    }
    return;
  }
  // The databases' subnets: StorageSubnets when given (as ECS ComposeX), else the private ones.
  const storage = vpc.storageSubnetIds !== undefined;
  const kind = storage ? 'storage' : 'private';
  const key = storage ? 'StorageSubnets' : 'PrivateSubnets';
  if ((vpc.storageSubnetIds ?? vpc.privateSubnetIds).length === 1) {
    ctx.error(CODES.DATABASE_NEEDS_TWO_AZS, `x-vpc gives 1 ${kind} subnet, but ${which} need${names.length === 1 ? 's' : ''} ${kind} subnets in two availability zones: ${why}`, [...vpcPath, key], `add a ${kind} subnet in a second availability zone to x-vpc.${key}`);
    return;
  }
  const zones = new Set(vpc.availabilityZones ?? []);
  if (zones.size === 1) {
    ctx.error(CODES.DATABASE_NEEDS_TWO_AZS, `x-vpc puts every ${kind} subnet in ${[...zones][0]}, but ${which} need${names.length === 1 ? 's' : ''} ${kind} subnets in two availability zones: ${why}`, [...vpcPath, 'AvailabilityZones'], `add ${kind} subnets in a second availability zone (and the zone to x-vpc.AvailabilityZones)`);
  }
}
