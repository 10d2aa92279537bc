/**
 * ECS ComposeX's mapping of Compose networks to subnets: `networks.<name>.x-vpc: <Group>` runs the
 * services of that network in subnet group `<Group>` of the VPC instead of the AppSubnets.
 *
 *   x-vpc:
 *     Lookup: {VpcId: {Tags: …}, AppSubnets: {Tags: …}, Custom01: {Tags: [{tier: custom}]}}
 *     (or Use: {VpcId: vpc-…, AppSubnets: [subnet-…], Custom01: [subnet-…, subnet-…]})
 *   networks:
 *     custom01: {x-vpc: Custom01}
 *
 * What ECS ComposeX does (ecs_composex/ecs/service_networking/helpers.py, update_family_subnets):
 * the family of a service on such a network gets that group's subnets as the subnets of its ECS
 * service; the load balancers stay in the PublicSubnets (AppSubnets when internal), databases,
 * caches and EFS mount targets in the StorageSubnets. Extra groups exist only in a VPC it looks up
 * (its create-VPC schema has no other subnet keys), and composex reads them only in an existing VPC.
 * Where ECS ComposeX takes the first network of a family that names a group, composex refuses a
 * family whose networks name different groups (CX3021): an ECS service's tasks run in the one list
 * of subnets of its `AwsvpcConfiguration`, so the family cannot honour both.
 *
 * `x-vpc: AppSubnets` (`PrivateSubnets`) is the default; `x-vpc: PublicSubnets` is accepted when
 * every service of the network has a public IP (composex runs those in the public subnets).
 */
import type { Path } from '../compose/source-map';
import { closest } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import type { Family, VpcSettings } from './model';
import type { DeclaredSubnetGroups } from './vpc';

/** Where a network's services run: the default app subnets, the public ones, or an extra group. */
type NetworkPlacement = { readonly kind: 'app' | 'public' } | { readonly kind: 'group'; readonly name: string };

const GROUP_NAME = /^[a-zA-Z0-9]+$/;

const placementName = (p: NetworkPlacement) => (p.kind === 'group' ? p.name : p.kind === 'app' ? 'AppSubnets' : 'PublicSubnets');

/** Each network's `x-vpc`, checked: undefined when it has none (or an error was reported). */
function readNetworkPlacements(ctx: ResolveContext, declared: DeclaredSubnetGroups): Map<string, NetworkPlacement> {
  const placements = new Map<string, NetworkPlacement>();
  for (const [name, network] of Object.entries(ctx.project.networks ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    const group = (network as Record<string, unknown> | null)?.['x-vpc'];
    if (group === undefined) continue;
    const path = ['networks', name, 'x-vpc'];
    if (group === 'AppSubnets' || group === 'PrivateSubnets') {
      placements.set(name, { kind: 'app' });
    } else if (group === 'PublicSubnets') {
      if (everyServiceHasPublicIp(ctx, name, path)) placements.set(name, { kind: 'public' });
    } else if (typeof group !== 'string' || !GROUP_NAME.test(group)) {
      ctx.error(
        CODES.UNKNOWN_SUBNET_GROUP,
        `networks.${name}.x-vpc is ${JSON.stringify(group)}, not the name of a subnet group`,
        path,
        'write the name of a group of x-vpc: AppSubnets, PublicSubnets, or an extra group declared under x-vpc.Lookup or x-vpc.Use (letters and digits)',
      );
    } else if (!declared.existingVpc) {
      ctx.error(
        CODES.SUBNET_GROUP_CREATED_VPC,
        `networks.${name}.x-vpc runs the services of network '${name}' in subnet group ${group}, but composex creates the VPC, which has only public and private subnets: extra subnet groups are subnets of an existing VPC (as in ECS ComposeX)`,
        path,
        `use an existing VPC with the group: x-vpc: {Lookup: {VpcId: {Tags: …}, AppSubnets: {Tags: …}, ${group}: {Tags: …}}} (or Use with ids), or remove x-vpc from the network to run its services in the private subnets`,
        'value',
      );
    } else if (!declared.names.has(group)) {
      const candidates = [...declared.names.keys(), 'AppSubnets', 'PublicSubnets'];
      const near = closest(group, candidates);
      ctx.error(
        CODES.UNKNOWN_SUBNET_GROUP,
        `networks.${name}.x-vpc names subnet group ${group}, which x-vpc does not declare`,
        path,
        near
          ? `did you mean ${near}?`
          : `declare it under x-vpc.Lookup (${group}: {Tags: [{key: value}]}) or x-vpc.Use (${group}: [subnet-…]), or name one of ${candidates.join(', ')}`,
        'value',
      );
    } else {
      placements.set(name, { kind: 'group', name: group });
    }
  }
  return placements;
}

/**
 * `x-vpc: PublicSubnets`: composex runs a family whose tasks get a public IP (x-network
 * AssignPublicIp) in the public subnets, so the network's services are where ECS ComposeX puts
 * them when each of them has it.
 */
function everyServiceHasPublicIp(ctx: ResolveContext, name: string, path: Path): boolean {
  const onNetwork = ctx.serviceNames.filter((s) => Object.prototype.hasOwnProperty.call(ctx.project.services[s].networks ?? {}, name));
  const without = onNetwork.filter((s) => (ctx.project.services[s]['x-network'] as Record<string, unknown> | undefined)?.AssignPublicIp !== true);
  if (without.length === 0) return true;
  ctx.error(
    CODES.INVALID_VPC,
    `networks.${name}.x-vpc runs the services of network '${name}' in the public subnets (ECS ComposeX), but ${without.map((s) => `'${s}'`).join(', ')} ${without.length === 1 ? 'has' : 'have'} no public IP: composex runs a service in the public subnets only with x-network.AssignPublicIp: true`,
    path,
    `add x-network: {AssignPublicIp: true} to ${without.join(', ')}, or remove x-vpc: PublicSubnets from the network to run them in the AppSubnets`,
    'key',
  );
  return false;
}

/** `services.<s>.networks.<n>`, or the list item `services.<s>.networks[i]` when written as a list. */
function networkEntryPath(ctx: ResolveContext, service: string, network: string): Path {
  const base = ['services', service, 'networks'];
  if (ctx.project.sourceMap.exact([...base, network])) return [...base, network];
  const index = Object.keys(ctx.project.services[service].networks ?? {}).indexOf(network);
  return index >= 0 && ctx.project.sourceMap.exact([...base, index]) ? [...base, index] : [...base, network];
}

/**
 * Checks every `networks.<name>.x-vpc` and sets `subnetGroup` on the families whose services are
 * on a network of an extra group. `servicesOf`: family → its services; `networksOf`: service → its
 * networks.
 */
export function placeFamiliesInSubnetGroups(
  ctx: ResolveContext,
  declared: DeclaredSubnetGroups,
  vpc: VpcSettings,
  families: readonly Family[],
  servicesOf: ReadonlyMap<string, readonly string[]>,
  networksOf: ReadonlyMap<string, readonly string[]>,
): Family[] {
  const placements = readNetworkPlacements(ctx, declared);
  const available = new Set(vpc.kind === 'existing' ? (vpc.subnetGroups ?? []).map((g) => g.name) : []);
  return families.map((family) => {
    // The family's networks that say where they run, each with a service of the family on it.
    const named: { network: string; service: string; placement: NetworkPlacement }[] = [];
    for (const service of servicesOf.get(family.name) ?? []) {
      for (const network of networksOf.get(service) ?? []) {
        const placement = placements.get(network);
        if (placement && !named.some((n) => n.network === network)) named.push({ network, service, placement });
      }
    }
    const groups = named.filter((n) => n.placement.kind === 'group');
    if (groups.length === 0) return family;
    const other = named.find((n) => placementName(n.placement) !== placementName(groups[0].placement));
    if (other) {
      const first = groups[0];
      ctx.error(
        CODES.FAMILY_SUBNET_GROUPS_CONFLICT,
        `family '${family.name}' is on network '${first.network}' (x-vpc: ${placementName(first.placement)}, through '${first.service}') and network '${other.network}' (x-vpc: ${placementName(other.placement)}, through '${other.service}'), but ECS runs the tasks of a service in one set of subnets`,
        networkEntryPath(ctx, other.service, other.network),
        `put the services of family '${family.name}' on networks of one subnet group, or give '${other.service}' a family of its own (deploy.labels ecs.task.family) to run it in ${placementName(other.placement)}`,
        'value',
      );
      return family;
    }
    const name = placementName(groups[0].placement);
    // Not available: the group's ids or Lookup answer had an error, reported where it is written.
    return available.has(name) ? { ...family, subnetGroup: name } : family;
  });
}
