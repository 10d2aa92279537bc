/**
 * An OpenSearch domain with zone awareness takes one subnet in each of its 2 or 3 zones (VPCOptions
 * `SubnetIds`: "provide one subnet ID for each Availability Zone that your domain uses"): the data
 * subnets of the project (storage, else private) must be that many, or the domain cannot be created.
 */
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { OpenSearchModel, VpcSettings } from './model';
import { OPENSEARCH_KEY } from './resources/opensearch';

export function checkDomainZones(ctx: ResolveContext, vpc: VpcSettings, domains: readonly OpenSearchModel[]): void {
  const subnets = vpc.kind === 'new' ? vpc.maxAzs : (vpc.storageSubnetIds ?? vpc.privateSubnetIds).length;
  const which = vpc.kind === 'new' ? `x-vpc.MaxAzs is ${vpc.maxAzs}` : `x-vpc gives ${subnets} ${vpc.storageSubnetIds ? 'storage' : 'private'} subnet${subnets === 1 ? '' : 's'}`;
  for (const d of domains) {
    if (d.zoneCount <= subnets) continue;
    ctx.error(
      CODES.OPENSEARCH_ZONES,
      `OpenSearch domain '${d.name}' spans ${d.zoneCount} availability zones and takes a subnet in each, but ${which}`,
      [OPENSEARCH_KEY, d.name, 'Properties', 'ClusterConfig', 'ZoneAwarenessEnabled'],
      vpc.kind === 'new' ? `set x-vpc MaxAzs to ${d.zoneCount} or more, or lower ZoneAwarenessConfig.AvailabilityZoneCount` : `give x-vpc a subnet in each of ${d.zoneCount} zones, or lower ZoneAwarenessConfig.AvailabilityZoneCount`,
      'key',
    );
  }
}
