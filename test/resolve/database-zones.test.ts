/**
 * x-rds needs a VPC of two availability zones: a DB subnet group must cover two, even for a
 * Single-AZ database (CX3620), located at the x-vpc setting to change.
 */
import { pos, resolve } from './fixtures';

const DB = `
services:
  api: {image: api}
x-rds:
  main:
    Properties: {Engine: postgres, EngineVersion: "16"}
    Services: {api: {Access: RW}}
`;

const WHY = 'an RDS DB subnet group must cover at least two availability zones, even for a Single-AZ database';

describe('a database needs private subnets in two availability zones', () => {
  test.each<[string, string, string, string, string]>([
    [
      'a new VPC of one zone',
      `${DB}x-vpc: {MaxAzs: 1}\n`,
      `x-vpc.MaxAzs is 1, but database 'main' (x-rds) needs private subnets in two availability zones: ${WHY}`,
      '1}',
      'set MaxAzs to 2 or more (the database itself stays in one zone unless MultiAZ is set)',
    ],
    [
      'a new VPC of one zone, in the ECS ComposeX wrapper',
      `${DB}x-vpc: {Properties: {MaxAzs: 1}}\n`,
      `x-vpc.MaxAzs is 1, but database 'main' (x-rds) needs private subnets in two availability zones: ${WHY}`,
      '{Properties',
      'set MaxAzs to 2 or more (the database itself stays in one zone unless MultiAZ is set)',
    ],
    [
      'an existing VPC with one private subnet',
      `${DB}x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000a]}\n`,
      `x-vpc gives 1 private subnet, but database 'main' (x-rds) needs private subnets in two availability zones: ${WHY}`,
      '[subnet-0000000a',
      'add a private subnet in a second availability zone to x-vpc.PrivateSubnets',
    ],
    [
      'an existing VPC whose private subnets are all in one zone',
      `${DB}x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000a, subnet-0000000b], AvailabilityZones: [eu-west-1a]}\n`,
      `x-vpc puts every private subnet in eu-west-1a, but database 'main' (x-rds) needs private subnets in two availability zones: ${WHY}`,
      '[eu-west-1a',
      'add private subnets in a second availability zone (and the zone to x-vpc.AvailabilityZones)',
    ],
  ])('%s: CX3620 at the setting', (_name, yaml, message, marker, hint) => {
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([{ severity: 'error', code: 'CX3620', message, ...pos(yaml, marker), hint }]);
  });

  test('several databases are named in one error', () => {
    const yaml = `${DB}  other:\n    Properties: {Engine: mysql, EngineVersion: "8.0"}\n    Services: {api: {Access: RW}}\nx-vpc: {MaxAzs: 1}\n`;
    const errors = resolve(yaml).diagnostics.filter((d) => d.code === 'CX3620');
    expect(errors.map((d) => d.message)).toEqual([`x-vpc.MaxAzs is 1, but databases 'main', 'other' (x-rds) need private subnets in two availability zones: ${WHY}`]);
  });

  test.each<[string, string]>([
    ['the default VPC (two zones)', DB],
    ['a new VPC of three zones', `${DB}x-vpc: {MaxAzs: 3}\n`],
    ['an existing VPC with two private subnets (zones not given: taken on trust)', `${DB}x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000a, subnet-0000000b]}\n`],
    ['an existing VPC with subnets in two zones', `${DB}x-vpc: {VpcId: vpc-0123abcd, PrivateSubnets: [subnet-0000000a, subnet-0000000b], AvailabilityZones: [eu-west-1a, eu-west-1b]}\n`],
  ])('no error: %s', (_name, yaml) => {
    const { model, diagnostics } = resolve(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model).toBeDefined();
  });

  test('a VPC of one zone without a database is fine (nothing needs a subnet group)', () => {
    const { model } = resolve('services:\n  api: {image: api}\nx-vpc: {MaxAzs: 1}\n');
    expect(model).toBeDefined();
  });
});
