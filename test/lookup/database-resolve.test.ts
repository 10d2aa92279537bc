/**
 * x-rds Lookup read from composex.lock.json: the model (nothing created, the existing security
 * group, the secret and its key), and the located diagnostics: the Lookup's syntax (CX3608), no
 * lock entry (CX3680), a changed query (CX3681), no credentials secret (CX3683), what a looked-up
 * database cannot give (CX3684).
 */
import { loadAndCompile } from '../../src/compile';
import { DatabaseAnswer, formatLock, LockEntry } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';

const ACCOUNT = '123456789012';
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!db-1234-AbCdEf`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const ANSWER: DatabaseAnswer = {
  type: 'instance',
  identifier: 'legacy',
  arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:legacy`,
  resourceId: 'db-LEGACY',
  engine: 'postgres',
  engineVersion: '16.4',
  address: 'legacy.abc.eu-west-1.rds.amazonaws.com',
  port: 5433,
  securityGroupIds: ['sg-0aaaaaaaaaaaaaaaa'],
  databaseName: 'legacy',
  masterUsername: 'postgres',
  iamAuthentication: true,
  deletionProtection: true,
  backupRetentionDays: 7,
  instanceClass: 'db.t4g.micro',
  instances: 1,
  secret: { arn: SECRET_ARN, name: 'rds!db-1234', kmsKeyId: KEY_ARN, managedByRds: true },
};
const entry = (answer: DatabaseAnswer = ANSWER, query: LockEntry['query'] = { kind: 'database', type: 'instance', database: { name: 'legacy' } }): Record<string, LockEntry> => ({
  'x-rds.legacy': { query, answer, takenAt: '2026-12-01T00:00:00.000Z' },
});

const compose = (lookup: string, services = '      api: {Access: RW}\n') => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-rds:
  legacy:
    Lookup: ${lookup}
    Services:
${services}`;

function compile(text: string, lock?: Record<string, LockEntry>) {
  const dir = projectDir({ 'compose.yaml': text, ...(lock ? { 'composex.lock.json': formatLock(lock) } : {}) });
  const result = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const show = (severity: string) => result.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint}`);
  return { ...result, errors: show('error'), warnings: show('warning') };
}

test('the model: an existing database with its security group, secret and key; its consumers are admitted on its port', () => {
  const { model, errors } = compile(compose('{db: {Name: legacy}}', '      api: {Access: RW, DbUser: reader}\n'), entry());
  expect(errors).toEqual([]);
  expect(model!.resources.database[0]).toMatchObject({
    name: 'legacy',
    kind: 'instance',
    engine: 'postgres',
    port: 5433,
    existing: { identifier: 'legacy', securityGroupId: 'sg-0aaaaaaaaaaaaaaaa', secretArn: SECRET_ARN, secretKmsKeyArn: KEY_ARN },
  });
  expect(model!.ingress.filter((r) => r.target.kind === 'resource' && r.target.resource === 'database')).toEqual([
    expect.objectContaining({ source: { kind: 'family', family: 'api' }, fromPort: 5433, toPort: 5433 }),
  ]);
  // IAM authentication is on in the lock: DbUser is accepted.
  expect(model!.grants[0].permissions).toEqual(expect.arrayContaining([{ scope: { on: 'dbUser', user: 'reader' }, actions: ['rds-db:connect'] }]));
});

test('ECS ComposeX spellings: db and instance are the same; the Lookup is checked where it is written', () => {
  expect(compile(compose('{instance: {Name: legacy}}'), entry()).errors).toEqual([]);
  expect(compile(compose('{cluster: {Name: a}, db: {Name: b}}')).errors).toEqual([expect.stringMatching(/^6:34 CX3608 x-rds Lookup gives both cluster and db/)]);
  expect(compile(compose('{secret: {Name: a}}')).errors).toEqual([expect.stringMatching(/^6:5 CX3608 x-rds Lookup says neither cluster nor db/)]);
  expect(compile(compose('{db: {Arn: "arn:aws:rds:eu-west-1:123456789012:cluster:x"}}')).errors).toEqual([expect.stringMatching(/CX3608 'arn:aws:rds:eu-west-1:123456789012:cluster:x' is not the ARN of an RDS DB instance/)]);
  expect(compile(compose('{db: {Arn: "arn:aws:rds:eu-west-1:123456789012:db:x", Name: x}}')).errors).toEqual([expect.stringMatching(/CX3608 an Arn names one resource/)]);
  expect(compile(compose('{db: {Name: legacy}, RoleArn: "arn:aws:iam::123456789012:role/x"}')).errors).toEqual([expect.stringMatching(/CX3608 Lookup.RoleArn/)]);
});

test('no lock: CX3680 at the Lookup; a changed query: CX3681', () => {
  expect(compile(compose('{db: {Name: legacy}}')).errors).toEqual([expect.stringMatching(/^6:5 CX3680 x-rds\.legacy Lookup needs composex\.lock\.json/)]);
  expect(compile(compose('{db: {Name: other}}'), entry()).errors).toEqual([expect.stringMatching(/^6:5 CX3681 x-rds\.legacy Lookup changed since composex\.lock\.json was written/)]);
  // A hand-edited answer without the security groups is not trusted.
  expect(compile(compose('{db: {Name: legacy}}'), entry({ ...ANSWER, securityGroupIds: [] })).errors).toEqual([expect.stringMatching(/CX3681/)]);
});

test('no credentials secret: CX3683 warning, the endpoint only; asking for a password or the secret is CX3684', () => {
  const { secret: _secret, ...withoutSecret } = ANSWER;
  const plain = compile(compose('{db: {Name: legacy}}'), entry(withoutSecret));
  expect(plain.errors).toEqual([]);
  expect(plain.warnings).toEqual([expect.stringMatching(/^6:5 CX3683 database 'legacy' \(legacy\) has no credentials secret.*\| name the secret .*Lookup\.secret/)]);
  expect(plain.model!.grants[0].secrets).toEqual([]);
  expect(plain.model!.grants[0].environment.map((v) => v.name)).toEqual(['LEGACY_HOST', 'LEGACY_PORT', 'LEGACY_DBNAME']);

  const asked = compile(
    compose('{db: {Name: legacy}}', '      api:\n        Access: RW\n        SecretsMappings: {Mappings: {password: PGPASSWORD}}\n        GrantTaskAccess: true\n'),
    entry(withoutSecret),
  );
  expect(asked.errors).toEqual([
    expect.stringMatching(/^10:26 CX3684 database 'legacy' \(legacy\) has no credentials secret for PGPASSWORD/),
    expect.stringMatching(/^11:9 CX3684 database 'legacy' has no credentials secret to grant/),
  ]);
});

test('GenerateConnectionStringSecret needs a created database: CX3684 (the managed password rotates)', () => {
  const { errors } = compile(compose('{db: {Name: legacy}}', '      api: {Access: RW, GenerateConnectionStringSecret: DATABASE_URL}\n'), entry());
  expect(errors).toEqual([expect.stringMatching(/^8:25 CX3684 GenerateConnectionStringSecret needs a database composex creates.*\| build the URL/)]);
});

test('Lookup with Properties is refused; an engine x-rds does not know is CX3684', () => {
  expect(compile(`${compose('{db: {Name: legacy}}')}    Properties: {Engine: postgres}\n`, entry()).errors).toEqual([expect.stringMatching(/CX3608 'legacy' has both Lookup and Properties/)]);
  expect(compile(compose('{db: {Name: legacy}}'), entry({ ...ANSWER, engine: 'oracle-ee' })).errors).toEqual([expect.stringMatching(/CX3684 'legacy' is a oracle-ee database/)]);
});

test('a looked-up database needs no subnet group: a one-zone VPC is fine for it (CX3620 is for created ones)', () => {
  const text = `${compose('{db: {Name: legacy}}')}x-vpc:\n  MaxAzs: 1\n`;
  expect(compile(text, entry()).errors).toEqual([]);
});
