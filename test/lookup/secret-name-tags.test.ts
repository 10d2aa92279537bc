/**
 * `x-secrets` with `Name` next to `Lookup` (ECS ComposeX's "Secret Looked up from Tags and Name"):
 * the Name is folded into the Lookup, as ECS ComposeX does (`lookup_info["Name"] = Name`); with
 * `Tags`, `composex lookup` finds the secret of that name that carries the tags, and render reads it
 * from the lock. Without the lock it is refused for the lookup only (CX3680).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { loadAndCompile } from '../../src/compile';
import { formatLock, LockEntry } from '../../src/resolve/lookups';
import { LOOKUP_ENV as env, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';
import { at, located } from '../dialect/helpers';

const sm = mockClient(SecretsManagerClient);
const ACCOUNT = '123456789012';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:secret/with/kmskey-AbCdEf`;

const compose = (xSecrets: string) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    secrets: [zyx]
secrets:
  zyx:
    x-secrets:
${xSecrets}`;

const NAME_AND_TAGS = compose(`      Name: secret/with/kmskey
      Lookup:
        Tags:
          - costcentre: lambda
          - composexdev: "yes"
`);
const QUERY = { kind: 'secret', secret: { name: 'secret/with/kmskey' }, tags: { composexdev: 'yes', costcentre: 'lambda' } } as const;
const entry = (query: LockEntry['query']): LockEntry => ({ query, answer: { name: 'secret/with/kmskey', arn: ARN, kmsKeyId: KEY_ARN }, takenAt: '2026-12-01T00:00:00.000Z' });

function compile(text: string, lock?: Record<string, LockEntry>) {
  const dir = projectDir({ 'compose.yaml': text, ...(lock ? { 'composex.lock.json': formatLock(lock) } : {}) });
  return loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
}

beforeEach(() => sm.reset());

describe('resolve: Name folded into the Lookup', () => {
  test('Name with Lookup.Tags: without the lock, refused for the lookup only (CX3680 at Lookup)', () => {
    const { model, diagnostics } = compile(NAME_AND_TAGS);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3680 ${at(NAME_AND_TAGS, 'Lookup')}`]);
  });

  test('with the lock: the secret of that name with the tags, by its ARN, decrypted with its key', () => {
    const { model, diagnostics } = compile(NAME_AND_TAGS, { 'secrets.zyx': entry(QUERY) });
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.secrets).toEqual([{ name: 'zyx', kind: 'external', ref: ARN, jsonKeys: [], kmsKeyArn: KEY_ARN }]);
  });

  test('a lock written for the tags alone no longer answers it: CX3681 (the query now has the name)', () => {
    const { diagnostics } = compile(NAME_AND_TAGS, { 'secrets.zyx': entry({ kind: 'secret', secret: { tags: QUERY.tags } }) });
    expect(located(diagnostics, 'error')).toEqual([`CX3681 ${at(NAME_AND_TAGS, 'Lookup')}`]);
  });

  test('Lookup with both Tags and Name (composex spelling) is the same query', () => {
    const text = compose(`      Lookup: {Name: secret/with/kmskey, Tags: [{costcentre: lambda}, {composexdev: "yes"}]}\n`);
    const { diagnostics } = compile(text, { 'secrets.zyx': entry(QUERY) });
    expect(located(diagnostics)).toEqual([]);
  });

  test('Name next to a Lookup.Name that differs: x-secrets.Name is looked up, with warning CX3506 at Lookup.Name', () => {
    const text = compose(`      Name: secret/with/kmskey\n      Lookup: {Name: other/name}\n`);
    const { diagnostics } = compile(text, { 'secrets.zyx': entry({ kind: 'secret', secret: { name: 'secret/with/kmskey' } }) });
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((d) => d.startsWith('CX35'))).toEqual([`CX3506 ${at(text, 'other/name')}`]);
  });

  test('Lookup and Arn together stay refused (CX3502 at Arn)', () => {
    const text = compose(`      Arn: ${ARN}\n      Lookup: {Tags: [{a: b}]}\n`);
    expect(located(compile(text).diagnostics, 'error')).toEqual([`CX3502 ${at(text, 'Arn')}`]);
  });

  test('an unknown key in such a Lookup is located (CX3301)', () => {
    const text = compose(`      Name: secret/with/kmskey\n      Lookup: {Tags: [{a: b}], Tag: x}\n`);
    expect(located(compile(text).diagnostics, 'error')).toContain(`CX3301 ${at(text, 'Tag:')}`);
  });
});

describe('composex lookup: the named secret that carries the tags', () => {
  const lookup = (dir: string) => runCli(['lookup', '--region', 'eu-west-1'], dir, env);
  const lockOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  const tags = [{ Key: 'costcentre', Value: 'lambda' }, { Key: 'composexdev', Value: 'yes' }];

  test('lists by name, keeps the exact name with the tags; render then reads the lock', async () => {
    sm.on(ListSecretsCommand, { Filters: [{ Key: 'name', Values: ['secret/with/kmskey'] }] }).resolves({
      SecretList: [
        { Name: 'secret/with/kmskey-old', ARN: `${ARN}old`, Tags: tags },
        { Name: 'secret/with/kmskey', ARN, KmsKeyId: KEY_ARN, Tags: tags },
      ],
    });
    const dir = projectDir({ 'compose.yaml': NAME_AND_TAGS });
    const r = await lookup(dir);
    expect(r.stderr).toBe('');
    expect(lockOf(dir).lookups['secrets.zyx']).toMatchObject({ query: QUERY, answer: { name: 'secret/with/kmskey', arn: ARN, kmsKeyId: KEY_ARN } });
    expect(loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } }).model!.secrets[0].ref).toBe(ARN);
  });

  test('the secret of that name without the tags: no match (CX6080 naming the name and the tags)', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [{ Name: 'secret/with/kmskey', ARN, Tags: [{ Key: 'costcentre', Value: 'lambda' }] }] });
    const dir = projectDir({ 'compose.yaml': NAME_AND_TAGS });
    const r = await lookup(dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("error CX6080: secrets.zyx Lookup finds no secret with name 'secret/with/kmskey' and tags composexdev=yes, costcentre=lambda");
  });
});
