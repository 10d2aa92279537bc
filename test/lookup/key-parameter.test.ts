/**
 * x-kms and x-ssm_parameter Lookup by tags: `composex lookup` finds the enabled customer-managed key
 * (ListKeys, DescribeKey, ListResourceTags, every page) and the parameter (DescribeParameters with
 * tag filters, every page); render grants on their exact ARNs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { LOOKUP_ENV as env, runLookup as lookup, runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const kms = mockClient(KMSClient);
const ssm = mockClient(SSMClient);
const ACCOUNT = '123456789012';
const keyArn = (id: string) => `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`;
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const PARAMETER_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shared/flags`;


const COMPOSE = `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
x-kms:
  shared:
    Lookup: {Tags: [{app: shop}]}
    Services: {api: {Access: DecryptOnly}}
x-ssm_parameter:
  flags:
    Lookup: {Tags: {app: shop, use: flags}}
    Services: {api: {Access: RO}}
`;

function answer(): void {
  kms.reset();
  ssm.reset();
  // Two pages of keys: an AWS managed key, a disabled one with the tags, another team's, ours.
  kms.on(ListKeysCommand).resolvesOnce({ Keys: [{ KeyId: 'aws-managed' }, { KeyId: 'disabled' }], Truncated: true, NextMarker: 'm2' }).resolves({ Keys: [{ KeyId: 'billing' }, { KeyId: KEY }] });
  kms.on(DescribeKeyCommand, { KeyId: 'aws-managed' }).resolves({ KeyMetadata: { KeyId: 'aws-managed', Arn: keyArn('aws-managed'), KeyManager: 'AWS', KeyState: 'Enabled' } });
  kms.on(DescribeKeyCommand, { KeyId: 'disabled' }).resolves({ KeyMetadata: { KeyId: 'disabled', Arn: keyArn('disabled'), KeyManager: 'CUSTOMER', KeyState: 'Disabled' } });
  kms.on(DescribeKeyCommand, { KeyId: 'billing' }).resolves({ KeyMetadata: { KeyId: 'billing', Arn: keyArn('billing'), KeyManager: 'CUSTOMER', KeyState: 'Enabled' } });
  kms.on(DescribeKeyCommand, { KeyId: KEY }).resolves({ KeyMetadata: { KeyId: KEY, Arn: keyArn(KEY), KeyManager: 'CUSTOMER', KeyState: 'Enabled' } });
  kms.on(ListResourceTagsCommand).resolves({ Tags: [{ TagKey: 'app', TagValue: 'shop' }] });
  kms.on(ListResourceTagsCommand, { KeyId: 'billing' }).resolves({ Tags: [{ TagKey: 'app', TagValue: 'billing' }] });
  // Our key's tags come in two pages.
  kms.on(ListResourceTagsCommand, { KeyId: KEY }).resolvesOnce({ Tags: [{ TagKey: 'team', TagValue: 'core' }], Truncated: true, NextMarker: 't2' }).resolves({ Tags: [{ TagKey: 'app', TagValue: 'shop' }] });
  kms.on(ListAliasesCommand, { KeyId: KEY }).resolves({ Aliases: [{ AliasName: 'alias/shop/shared', TargetKeyId: KEY }] });
  ssm.on(DescribeParametersCommand).resolvesOnce({ Parameters: [], NextToken: 'n2' }).resolves({ Parameters: [{ Name: '/shared/flags', ARN: PARAMETER_ARN, Type: 'String' }] });
}

test('lookup pins the key and the parameter; render grants on their exact ARNs', async () => {
  answer();
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(kms.commandCalls(ListKeysCommand)).toHaveLength(2);
  expect(kms.commandCalls(ListResourceTagsCommand, { KeyId: KEY })).toHaveLength(2);
  expect(kms.commandCalls(ListResourceTagsCommand, { KeyId: 'aws-managed' })).toHaveLength(0);
  expect(ssm.commandCalls(DescribeParametersCommand)).toHaveLength(2);
  expect(ssm.commandCalls(DescribeParametersCommand)[0].args[0].input.ParameterFilters).toEqual([
    { Key: 'tag:app', Values: ['shop'] },
    { Key: 'tag:use', Values: ['flags'] },
  ]);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'composex.lock.json'), 'utf8'));
  expect(lock.lookups['x-kms.shared']).toMatchObject({ query: { kind: 'key', resource: { tags: { app: 'shop' } } }, answer: { name: 'alias/shop/shared', arn: keyArn(KEY) } });
  expect(lock.lookups['x-ssm_parameter.flags']).toMatchObject({ query: { kind: 'parameter', resource: { tags: { app: 'shop', use: 'flags' } } }, answer: { name: '/shared/flags', arn: PARAMETER_ARN } });

  kms.reset();
  ssm.reset();
  const rendered = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(rendered.stderr).toBe('');
  expect(rendered.code).toBe(0);
  expect(kms.calls().length + ssm.calls().length).toBe(0);
  const family = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'FamilyApi.json'), 'utf8'));
  type Statement = { Action: string[]; Resource: unknown };
  const statements: Statement[] = Object.values(family.Resources as Record<string, { Type: string; Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] } }>)
    .filter((res) => res.Type === 'AWS::IAM::Role')
    .flatMap((res) => (res.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement));
  const on = (arn: string) => statements.filter((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).includes(arn)).flatMap((s) => s.Action);
  expect(on(keyArn(KEY))).toEqual(['kms:Decrypt']);
  expect(on(PARAMETER_ARN)).toEqual(expect.arrayContaining(['ssm:GetParameter']));
  expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => /^(Keys|Parameters)/.test(f))).toEqual([]);
});

test('several keys with the tags (CX6081), no parameter (CX6080)', async () => {
  answer();
  kms.on(ListResourceTagsCommand, { KeyId: 'billing' }).resolves({ Tags: [{ TagKey: 'app', TagValue: 'shop' }] });
  ssm.on(DescribeParametersCommand).resolves({ Parameters: [] });
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const r = await lookup(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('compose.yaml:6:5: error CX6081: x-kms.shared Lookup finds 2 KMS keys with tags app=shop, and needs exactly one');
  expect(r.stderr).toContain(`- billing (${keyArn('billing')}) tags: app=shop`);
  expect(r.stderr).toContain('compose.yaml:10:5: error CX6080: x-ssm_parameter.flags Lookup finds no SSM parameter with tags app=shop, use=flags');
});

test('Tags beside Arn is refused where it is written; without the lock, CX3680', async () => {
  const dir = projectDir({ 'compose.yaml': COMPOSE.replace('{Tags: [{app: shop}]}', `{Tags: [{app: shop}], Arn: "${keyArn(KEY)}"}`) });
  const r = await runCli(['render', '-o', 'out', '-q'], dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("error CX3301: unknown key 'Arn' in x-kms.shared.Lookup");
  expect(r.stderr).toContain('compose.yaml:10:5: error CX3680: x-ssm_parameter.flags Lookup needs composex.lock.json');
});
