/**
 * `composex lookup` answers ECS ComposeX's extra subnet groups (`x-vpc.Lookup.<Group>`) against a
 * mocked EC2 client: each group's subnets, in the VPC found, by every tag of the query; the lock
 * records the group's query and answer, and render then runs the family of the network that names
 * the group in those subnets without calling AWS.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { answerSummary, lockChanges } from '../../src/deploy/lookup/changes';
import type { LockEntry } from '../../src/resolve/lookups';
import { LOOKUP_ENV as env, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const ec2 = mockClient(EC2Client);

const ACCOUNT = '123456789012';
const VPC = 'vpc-0123456789abcdef0';

const COMPOSE = `name: shop
services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    networks: [internal]
  worker:
    image: public.ecr.aws/nginx/nginx:1.27
networks:
  internal:
    x-vpc: Internal
x-vpc:
  Lookup:
    VpcId: {Tags: [{Name: shared}]}
    AppSubnets: {Tags: [{tier: app}]}
    Internal: {Tags: [{tier: internal}, {team: core}]}
`;

const subnet = (id: string, az: string, tags: Record<string, string>, vpc = VPC) => ({ SubnetId: id, AvailabilityZone: az, VpcId: vpc, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
const filters = (tags: Record<string, string>) => ({ Filters: [{ Name: 'vpc-id', Values: [VPC] }, ...Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }))] });

function answer(internal: ReturnType<typeof subnet>[]): void {
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, OwnerId: ACCOUNT, Tags: [{ Key: 'Name', Value: 'shared' }] }] });
  ec2.on(DescribeSubnetsCommand, filters({ tier: 'app' })).resolves({ Subnets: [subnet('subnet-0000000000000000a', 'eu-west-1a', { tier: 'app' })] });
  ec2.on(DescribeSubnetsCommand, filters({ team: 'core', tier: 'internal' })).resolves({ Subnets: internal });
}

const lookup = (dir: string) => runCli(['lookup', '--region', 'eu-west-1'], dir, env);

beforeEach(() => ec2.reset());

test('the group is looked up in the VPC found; the lock holds its query and answer; render uses it offline', async () => {
  answer([
    subnet('subnet-0000000000000000f', 'eu-west-1b', { tier: 'internal', team: 'core' }),
    subnet('subnet-0000000000000000e', 'eu-west-1a', { tier: 'internal', team: 'core' }),
    // The filter matched it, but it lacks a tag of the query: not taken.
    subnet('subnet-00000000000000009', 'eu-west-1a', { tier: 'internal' }),
  ]);
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8')).lookups['x-vpc'];
  expect(entry.query.groups).toEqual({ Internal: { tags: { team: 'core', tier: 'internal' } } });
  expect(entry.answer.groups).toEqual({
    Internal: [
      { subnetId: 'subnet-0000000000000000e', availabilityZone: 'eu-west-1a' },
      { subnetId: 'subnet-0000000000000000f', availabilityZone: 'eu-west-1b' },
    ],
  });
  expect(ec2.commandCalls(DescribeSubnetsCommand).map((c) => c.args[0].input)).toEqual([filters({ tier: 'app' }), filters({ team: 'core', tier: 'internal' })]);

  ec2.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.code).toBe(0);
  expect(rendered.stderr).not.toMatch(/error CX/);
  expect(ec2.calls().length).toBe(0);
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, 'out', f), 'utf8'));
  const root = read('shop.json');
  expect(root.Parameters.SubnetsInternal).toMatchObject({ Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-0000000000000000e,subnet-0000000000000000f' });
  const subnetsOf = (file: string) =>
    (Object.values(read(file).Resources) as { Type: string; Properties: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: unknown } } } }[]).find((x) => x.Type === 'AWS::ECS::Service')!.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets;
  expect(subnetsOf('FamilyApi.json')).toEqual({ Ref: 'SubnetsInternal' });
  expect(subnetsOf('FamilyWorker.json')).toEqual({ Ref: 'PrivateSubnetIds' });
});

test('a group that matches no subnet: an error naming the group; the lock is not written', async () => {
  answer([]);
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/compose\.yaml:\d+:\d+: error CX6080: x-vpc Internal Lookup finds no subnet with tags team=core, tier=internal/);
  expect(fs.existsSync(path.join(dir, 'composex.lock.json'))).toBe(false);
});

test("deploy's lock summary and changes name the group's subnets", () => {
  const query = { kind: 'vpc' as const, vpc: { tags: { Name: 'shared' } }, subnets: { AppSubnets: { tags: { tier: 'app' } } }, groups: { Internal: { tags: { tier: 'internal' } } } };
  const entry = (internal: string): LockEntry => ({
    query,
    answer: { vpcId: VPC, vpcArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/${VPC}`, subnets: { AppSubnets: [{ subnetId: 'subnet-0000000000000000a', availabilityZone: 'eu-west-1a' }] }, groups: { Internal: [{ subnetId: internal, availabilityZone: 'eu-west-1a' }] } },
    takenAt: '2026-01-01T00:00:00Z',
  });
  expect(answerSummary(entry('subnet-0000000000000000e').answer)).toBe(`${VPC}; AppSubnets subnet-0000000000000000a; Internal subnet-0000000000000000e`);
  expect(lockChanges({ 'x-vpc': entry('subnet-0000000000000000e') }, { 'x-vpc': entry('subnet-0000000000000000f') })).toEqual([
    '~ x-vpc: groups: {"Internal":[{"subnetId":"subnet-0000000000000000e","availabilityZone":"eu-west-1a"}]} → {"Internal":[{"subnetId":"subnet-0000000000000000f","availabilityZone":"eu-west-1a"}]}',
  ]);
});
