/**
 * The AWS calls that answer each kind of Lookup. Every list is read whole through the SDK's
 * paginators; tags are matched here (every tag of the query, with its value) so a query means the
 * same on every API.
 */
import { DescribeSubnetsCommandInput, DescribeVpcsCommandInput, EC2Client, Filter, paginateDescribeSubnets, paginateDescribeVpcs, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ECSClient, paginateListClusters } from '@aws-sdk/client-ecs';
import { paginateListSecrets, SecretListEntry, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ClusterAnswer, SecretAnswer, Selector, SubnetAnswer, SubnetGroup, VpcAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { SUBNET_GROUPS } from '../../resolve/lock';
import { atLeastOne, Candidate, describeSelector, exactlyOne, formatTags, hasTags, tagsOf } from './match';

export interface NetworkAndSecretClients {
  readonly ec2: EC2Client;
  readonly ecs: ECSClient;
  readonly secretsManager: SecretsManagerClient;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** EC2 filters for a selector: `tag:<key>` for each tag (AND across filters), or the id. */
function ec2Filters(selector: Selector, idFilter: string): Filter[] {
  if ('tags' in selector) return Object.entries(selector.tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));
  return [{ Name: idFilter, Values: ['identifier' in selector ? selector.identifier : selector.name] }];
}

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export async function lookupVpc(request: LookupRequest, clients: NetworkAndSecretClients): Promise<VpcAnswer> {
  if (request.query.kind !== 'vpc') throw new Error('not a VPC lookup');
  const { vpc: selector, subnets: groups } = request.query;
  // An ARN given as Identifier: the VPC id is its last part.
  const bySelector: Selector = 'identifier' in selector ? { identifier: selector.identifier.replace(/^arn:.*:vpc\//, '') } : selector;
  const input: DescribeVpcsCommandInput = { Filters: ec2Filters(bySelector, 'vpc-id') };
  const vpcs: Vpc[] = [];
  for await (const page of paginateDescribeVpcs({ client: clients.ec2 }, input)) vpcs.push(...(page.Vpcs ?? []));
  const region = await clients.ec2.config.region();
  const arnOf = (v: Vpc) => `arn:${partitionOf(region)}:ec2:${region}:${v.OwnerId ?? ''}:vpc/${v.VpcId}`;
  const candidates = vpcs.map((v) => ({ vpc: v, name: tagsOf(v.Tags).Name ?? v.VpcId ?? '', arn: arnOf(v), tags: tagsOf(v.Tags) }));
  const found = exactlyOne(request, 'VPC', selector, candidates);
  const vpcId = found.vpc.VpcId!;

  // Each group may match several subnets, all in the VPC found; sorted by zone then id.
  const findSubnets = async (group: string, subnetSelector: Selector): Promise<readonly SubnetAnswer[]> => {
    const subnetInput: DescribeSubnetsCommandInput = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, ...ec2Filters(subnetSelector, 'subnet-id')] };
    const list: Subnet[] = [];
    for await (const page of paginateDescribeSubnets({ client: clients.ec2 }, subnetInput)) list.push(...(page.Subnets ?? []));
    const matching = list.filter((s) => s.VpcId === vpcId && ('tags' in subnetSelector ? hasTags(tagsOf(s.Tags), subnetSelector.tags) : true));
    return atLeastOne({ ...request, key: `${request.key} ${group}` }, 'subnet', subnetSelector, matching)
      .map((s) => ({ subnetId: s.SubnetId!, availabilityZone: s.AvailabilityZone! }))
      .sort((a, b) => compare(a.availabilityZone, b.availabilityZone) || compare(a.subnetId, b.subnetId));
  };
  const subnets: Partial<Record<SubnetGroup, readonly SubnetAnswer[]>> = {};
  for (const group of SUBNET_GROUPS) {
    const subnetSelector = groups[group];
    if (subnetSelector) subnets[group] = await findSubnets(group, subnetSelector);
  }
  // ECS ComposeX's extra subnet groups (x-vpc.Lookup.<Group>), looked up the same way.
  const extra = Object.entries(request.query.groups ?? {}).sort(([a], [b]) => compare(a, b));
  const groupAnswers: Record<string, readonly SubnetAnswer[]> = {};
  for (const [name, subnetSelector] of extra) groupAnswers[name] = await findSubnets(name, subnetSelector);
  return { vpcId, vpcArn: found.arn, subnets, ...(extra.length > 0 ? { groups: groupAnswers } : {}) };
}

export async function lookupCluster(request: LookupRequest, clients: NetworkAndSecretClients): Promise<ClusterAnswer> {
  if (request.query.kind !== 'cluster') throw new Error('not a cluster lookup');
  const selector = request.query.cluster;
  let arns: string[] = [];
  if ('tags' in selector) {
    for await (const page of paginateListClusters({ client: clients.ecs }, {})) arns.push(...(page.clusterArns ?? []));
  } else {
    arns = ['name' in selector ? selector.name : selector.identifier];
  }
  const candidates: Candidate[] = [];
  // DescribeClusters takes at most 100 clusters per call.
  for (let i = 0; i < arns.length; i += 100) {
    const out = await clients.ecs.send(new DescribeClustersCommand({ clusters: arns.slice(i, i + 100), include: ['TAGS'] }));
    for (const c of out.clusters ?? []) {
      if (c.status !== undefined && c.status !== 'ACTIVE') continue;
      candidates.push({ name: c.clusterName ?? '', arn: c.clusterArn ?? '', tags: tagsOf((c.tags ?? []).map((t) => ({ Key: t.key, Value: t.value }))) });
    }
  }
  const matching = 'tags' in selector ? candidates.filter((c) => hasTags(c.tags, selector.tags)) : candidates;
  const found = exactlyOne(request, 'ECS cluster', selector, matching);
  return { clusterName: found.name, clusterArn: found.arn };
}

export async function lookupSecret(request: LookupRequest, clients: NetworkAndSecretClients): Promise<SecretAnswer> {
  if (request.query.kind !== 'secret') throw new Error('not a secret lookup');
  const selector = request.query.secret;
  // ListSecrets filters: `name` matches a prefix and `tag-key` a key; the exact match is made here.
  const filters =
    'tags' in selector
      ? [{ Key: 'tag-key' as const, Values: [Object.keys(selector.tags)[0]] }]
      : [{ Key: 'name' as const, Values: ['name' in selector ? selector.name : selector.identifier] }];
  const secrets: SecretListEntry[] = [];
  for await (const page of paginateListSecrets({ client: clients.secretsManager }, { Filters: filters })) secrets.push(...(page.SecretList ?? []));
  const candidates = secrets.map((s) => ({ entry: s, name: s.Name ?? '', arn: s.ARN ?? '', tags: tagsOf(s.Tags) }));
  // With a name, `tags` (ECS ComposeX's x-secrets Name next to Lookup.Tags): the named secret must carry them.
  const alsoTags = request.query.tags;
  const matching = candidates.filter(
    (c) =>
      ('tags' in selector ? hasTags(c.tags, selector.tags) : c.name === ('name' in selector ? selector.name : selector.identifier)) &&
      (alsoTags === undefined || hasTags(c.tags, alsoTags)),
  );
  const found = exactlyOne(request, 'secret', alsoTags === undefined ? selector : `${describeSelector(selector)} and tags ${formatTags(alsoTags)}`, matching);
  return { name: found.name, arn: found.arn, ...(found.entry.KmsKeyId ? { kmsKeyId: found.entry.KmsKeyId } : {}) };
}
