/**
 * x-elasticache Lookup read from composex.lock.json, and the VPC of every looked-up database or
 * cache: the model (nothing created, the existing security group, the endpoint values), and the
 * located diagnostics: the Lookup's syntax (CX3608), no lock entry (CX3680), a changed query
 * (CX3681), an AUTH token Lookup cannot give (CX3674), plain-text connections (CX3673), an engine
 * x-elasticache does not know (CX3675), and a resource in another VPC than the services (CX3685).
 */
import { loadAndCompile } from '../../src/compile';
import { CacheAnswer, DatabaseAnswer, formatLock, LockEntry } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';

const ACCOUNT = '123456789012';
const VPC = 'vpc-0123456789abcdef0';
const OTHER_VPC = 'vpc-0fedcba9876543210';

const ANSWER: CacheAnswer = {
  shape: 'replicationGroup',
  id: 'sessions',
  arn: `arn:aws:elasticache:eu-west-1:${ACCOUNT}:replicationgroup:sessions`,
  engine: 'redis',
  engineVersion: '7.1.0',
  nodeType: 'cache.t4g.small',
  nodes: 2,
  address: 'master.sessions.abc.euw1.cache.amazonaws.com',
  port: 6379,
  readerAddress: 'replica.sessions.abc.euw1.cache.amazonaws.com',
  securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'],
  vpcId: VPC,
  transitEncryption: true,
  authToken: false,
  multiAz: true,
  automaticFailover: true,
};
const QUERY: LockEntry['query'] = { kind: 'cache', cache: { name: 'sessions' } };
const entries = (answer: CacheAnswer = ANSWER, query: LockEntry['query'] = QUERY): Record<string, LockEntry> => ({
  'x-elasticache.sessions': { query, answer, takenAt: '2026-12-01T00:00:00.000Z' },
});

const EXISTING_VPC = `x-vpc:\n  VpcId: ${VPC}\n  PrivateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]\n`;
const compose = (lookup: string, services = '      api: {}\n', vpc = EXISTING_VPC) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
  web:
    image: public.ecr.aws/nginx/nginx:1.27
x-elasticache:
  sessions:
    Lookup: ${lookup}
    Services:
${services}${vpc}`;

function compile(text: string, lock?: Record<string, LockEntry>) {
  const dir = projectDir({ 'compose.yaml': text, ...(lock ? { 'composex.lock.json': formatLock(lock) } : {}) });
  const result = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const show = (severity: string) => result.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint}`);
  return { ...result, errors: show('error'), warnings: show('warning') };
}

test('the model: an existing cache with its first security group and VPC; exactly its consumers are admitted on its port', () => {
  const { model, errors, warnings } = compile(compose('{Name: sessions}'), entries());
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  expect(model!.resources.cache[0]).toMatchObject({
    name: 'sessions',
    engine: 'redis',
    port: 6379,
    clusterMode: false,
    authToken: false,
    consumers: ['api'],
    existing: { id: 'sessions', address: ANSWER.address, readerAddress: ANSWER.readerAddress, securityGroupId: 'sg-0aaaaaaaaaaaaaaaa', vpcId: VPC },
  });
  expect(model!.ingress.filter((r) => r.target.kind === 'resource' && r.target.resource === 'cache')).toEqual([
    expect.objectContaining({ source: { kind: 'family', family: 'api' }, target: { kind: 'resource', resource: 'cache', name: 'sessions' }, fromPort: 6379, toPort: 6379 }),
  ]);
  expect(model!.grants[0]).toMatchObject({ permissions: [], secrets: [] });
  expect(model!.grants[0].environment.map((v) => v.name)).toEqual(['SESSIONS_HOST', 'SESSIONS_PORT']);
});

test('ECS ComposeX spellings (Identifier, Tags) and the Lookup syntax, located', () => {
  expect(compile(compose('{Identifier: sessions}'), entries()).errors).toEqual([]);
  expect(compile(compose('{Tags: [{app: shop}]}'), entries(ANSWER, { kind: 'cache', cache: { tags: { app: 'shop' } } })).errors).toEqual([]);
  expect(compile(compose('{Name: a, Tags: [{app: shop}]}')).errors).toEqual([expect.stringMatching(/CX3608 Lookup finds by Tags and Name; give one of them/)]);
  expect(compile(compose('{Arn: "arn:aws:elasticache:eu-west-1:123456789012:user:x"}')).errors).toEqual([
    expect.stringMatching(/^8:19 CX3608 'arn:aws:elasticache:eu-west-1:123456789012:user:x' is not the ARN of an ElastiCache replication group or cache cluster/),
  ]);
  expect(compile(`${compose('{Name: sessions}')}    Properties: {Engine: redis}\n`.replace(EXISTING_VPC, '') + EXISTING_VPC, entries()).errors).toEqual([
    expect.stringMatching(/CX3608 'sessions' has both Lookup and Properties/),
  ]);
});

test('no lock: CX3680; a changed query or a hand-edited answer: CX3681, at the Lookup', () => {
  expect(compile(compose('{Name: sessions}')).errors).toEqual([expect.stringMatching(/^8:5 CX3680 x-elasticache\.sessions Lookup needs composex\.lock\.json/)]);
  expect(compile(compose('{Name: other}'), entries()).errors).toEqual([expect.stringMatching(/^8:5 CX3681 x-elasticache\.sessions Lookup changed since composex\.lock\.json was written/)]);
  expect(compile(compose('{Name: sessions}'), entries({ ...ANSWER, securityGroupIds: [] })).errors).toEqual([expect.stringMatching(/^8:5 CX3681/)]);
  const { vpcId: _vpc, ...withoutVpc } = ANSWER;
  expect(compile(compose('{Name: sessions}'), entries(withoutVpc as CacheAnswer)).errors).toEqual([expect.stringMatching(/^8:5 CX3681/)]);
});

test('an AUTH token (CX3674) and plain-text connections (CX3673) are warned about; an unknown engine is CX3675', () => {
  const token = compile(compose('{Name: sessions}'), entries({ ...ANSWER, authToken: true, transitEncryption: false }));
  expect(token.errors).toEqual([]);
  expect(token.warnings).toEqual([
    expect.stringMatching(/^8:5 CX3673 cache 'sessions' \(sessions\) accepts connections in plain text \| turn on encryption in transit/),
    expect.stringMatching(/^8:5 CX3674 cache 'sessions' \(sessions\) asks clients for an AUTH token, and Lookup does not give one: 'api' gets its endpoint only \| give the token as a compose secret.*VarName: SESSIONS_AUTH_TOKEN/),
  ]);
  expect(token.model!.grants[0].secrets).toEqual([]);
  // Given as the hint says (a compose secret whose x-secrets VarName is <NAME>_AUTH_TOKEN): no warning.
  const given = compose('{Name: sessions}').replace(
    '    image: public.ecr.aws/nginx/nginx:1.27\n  web:',
    '    image: public.ecr.aws/nginx/nginx:1.27\n    secrets: [sessions-token]\n  web:',
  ) + 'secrets:\n  sessions-token:\n    x-secrets: {Name: shared/sessions-token, VarName: SESSIONS_AUTH_TOKEN}\n';
  const quiet = compile(given, entries({ ...ANSWER, authToken: true }));
  expect(quiet.errors).toEqual([]);
  expect(quiet.warnings).toEqual([]);
  expect(compile(compose('{Name: sessions}'), entries({ ...ANSWER, engine: 'memcached-x' })).errors).toEqual([expect.stringMatching(/^8:5 CX3675 cache 'sessions' \(sessions\) runs memcached-x/)]);
});

test('return values: what the looked-up cache has (its reader endpoint, its id); not what it lacks', () => {
  const ok = compile(compose('{Name: sessions}', '      api: {ReturnValues: {ReaderEndPoint.Address: READER, ReplicationGroupId: SESSIONS_ID}}\n'), entries());
  expect(ok.errors).toEqual([]);
  expect(ok.model!.grants[0].environment).toEqual(expect.arrayContaining([{ name: 'READER', attribute: 'ReaderEndPoint.Address' }, { name: 'SESSIONS_ID', attribute: 'ReplicationGroupId' }]));
  const { readerAddress: _r, ...noReader } = ANSWER;
  expect(compile(compose('{Name: sessions}', '      api: {ReturnValues: {ReaderEndPoint.Address: READER}}\n'), entries(noReader)).errors).toEqual([
    expect.stringMatching(/CX3601 'ReaderEndPoint\.Address' is not a return value of this resource/),
  ]);
});

test('CX3685: a looked-up cache in another VPC than the services, or with a VPC the project creates', () => {
  const other = compile(compose('{Name: sessions}'), entries({ ...ANSWER, vpcId: OTHER_VPC }));
  expect(other.errors).toEqual([
    expect.stringMatching(
      new RegExp(`^8:5 CX3685 cache 'sessions' \\(sessions\\) is in ${OTHER_VPC}, and the services run in ${VPC} \\(x-vpc\\).*active peering connection in the same Region.*\\| run the services in ${OTHER_VPC}`),
    ),
  ]);
  const created = compile(compose('{Name: sessions}', '      api: {}\n', ''), entries());
  expect(created.errors).toEqual([expect.stringMatching(new RegExp(`^8:5 CX3685 cache 'sessions' \\(sessions\\) is in ${VPC}, and x-vpc creates a new VPC for the services.*\\| run the services in ${VPC}: x-vpc: \\{Lookup`))]);
  // The services' VPC found by Lookup counts like one given by ID.
  const lookedUpVpc = `x-vpc:\n  Lookup:\n    VpcId: {Tags: [{Name: shared}]}\n    AppSubnets: {Tags: [{tier: app}]}\n`;
  const vpcEntry: LockEntry = {
    query: { kind: 'vpc', vpc: { tags: { Name: 'shared' } }, subnets: { AppSubnets: { tags: { tier: 'app' } } } },
    answer: { vpcId: VPC, vpcArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/${VPC}`, subnets: { AppSubnets: [{ subnetId: 'subnet-0123456789abcdef0', availabilityZone: 'eu-west-1a' }, { subnetId: 'subnet-0123456789abcdef1', availabilityZone: 'eu-west-1b' }] } },
    takenAt: '2026-12-01T00:00:00.000Z',
  };
  expect(compile(compose('{Name: sessions}', '      api: {}\n', lookedUpVpc), { ...entries(), 'x-vpc': vpcEntry }).errors).toEqual([]);
  const otherLookedUp = compile(compose('{Name: sessions}', '      api: {}\n', lookedUpVpc), { ...entries({ ...ANSWER, vpcId: OTHER_VPC }), 'x-vpc': vpcEntry });
  expect(otherLookedUp.errors).toEqual([expect.stringMatching(/^8:5 CX3685/)]);
  // An x-vpc Lookup the lock does not answer is its own error, not also CX3685.
  expect(compile(compose('{Name: sessions}', '      api: {}\n', lookedUpVpc), entries()).errors).toEqual([expect.stringMatching(/CX3680 x-vpc Lookup has no entry/)]);
});

test('CX3685 for a looked-up database with its VPC in the lock; a lock without the VPC is not checked', () => {
  const db: DatabaseAnswer = {
    type: 'instance',
    identifier: 'legacy',
    arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:legacy`,
    resourceId: 'db-LEGACY',
    engine: 'postgres',
    engineVersion: '16.4',
    address: 'legacy.abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
    vpcId: OTHER_VPC,
    masterUsername: 'postgres',
    iamAuthentication: false,
    deletionProtection: true,
    backupRetentionDays: 7,
    instances: 1,
    secret: { arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!db-1-AbCdEf`, name: 'rds!db-1', managedByRds: true },
  };
  const text = `services:\n  api:\n    image: x\nx-rds:\n  legacy:\n    Lookup: {db: {Name: legacy}}\n    Services: {api: {Access: RW}}\n${EXISTING_VPC}`;
  const lock = (answer: DatabaseAnswer): Record<string, LockEntry> => ({ 'x-rds.legacy': { query: { kind: 'database', type: 'instance', database: { name: 'legacy' } }, answer, takenAt: '2026-12-01T00:00:00.000Z' } });
  expect(compile(text, lock(db)).errors).toEqual([expect.stringMatching(new RegExp(`^6:5 CX3685 database 'legacy' \\(legacy\\) is in ${OTHER_VPC}, and the services run in ${VPC}`))]);
  expect(compile(text, lock({ ...db, vpcId: VPC })).errors).toEqual([]);
  const { vpcId: _v, ...unrecorded } = db;
  expect(compile(text, lock(unrecorded)).errors).toEqual([]);
});
