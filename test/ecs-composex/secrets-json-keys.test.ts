/**
 * ECS ComposeX's "Secret Looked up from Tags and Name, also using JsonKeys" over blog.features.yml,
 * with the lock `composex lookup` writes: it renders. Its JsonKeys are written {Key, Name}, as that
 * documentation page shows them; composex reads them as {SecretKey, VarName} (the spelling ECS
 * ComposeX's code reads) with a warning at each (CX3509).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { formatLock } from '../../src/resolve/lookups';
import { projectDir } from '../helpers/project-dir';
import { at, compileText, located } from '../dialect/helpers';
import { atFixture, BASE, FIXTURES, locatedIn, renderFixtures, resourcesIn } from './secrets-iam-fixtures';

const DOC = 'docs/secrets-lookup-jsonkeys.yml';
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:secret/with/kmskey-AbCdEf';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LOCK = formatLock({
  'secrets.zyx': {
    query: { kind: 'secret', secret: { name: 'secret/with/kmskey' }, tags: { composexdev: 'yes', costcentre: 'lambda' } },
    answer: { name: 'secret/with/kmskey', arn: ARN, kmsKeyId: KEY },
    takenAt: '2026-12-01T00:00:00.000Z',
  },
});

test('with the lock: renders; PSQL_USERNAME / PSQL_PASSWORD from the looked-up secret, CX3509 at each {Key, Name}', () => {
  const doc = fs.readFileSync(path.join(FIXTURES, DOC), 'utf8');
  const dir = projectDir({ 'blog.features.yml': fs.readFileSync(path.join(FIXTURES, BASE), 'utf8'), 'doc.yml': doc, 'composex.lock.json': LOCK });
  const compiled = loadAndCompile({ cwd: dir, projectDirectory: dir, files: ['blog.features.yml', 'doc.yml'], env: { HOME: '/home/test' } });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(located(compiled.diagnostics.filter((d) => d.file?.endsWith('doc.yml')), 'warning')).toEqual([`CX3509 ${at(doc, 'Key: username')}`, `CX3509 ${at(doc, 'Key: password')}`]);
  const result = renderModel(compiled.model!);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const family = result.files.find((f) => f.path === 'FamilyBignicefamily.json')!.template.Resources!;
  const app01 = (family.TaskDefinition.Properties!.ContainerDefinitions as { Name: string; Secrets?: unknown[] }[]).find((c) => c.Name === 'app01')!;
  expect(app01.Secrets).toEqual([
    { Name: 'PSQL_PASSWORD', ValueFrom: `${ARN}:password::` },
    { Name: 'PSQL_USERNAME', ValueFrom: `${ARN}:username::` },
  ]);
});

const compose = (entry: string) => `services:
  api:
    image: public.ecr.aws/nginx/nginx:1.27
    secrets: [db]
secrets:
  db:
    x-secrets:
      Name: prod/db
      JsonKeys: [${entry}]
`;

test('{Key} alone: the variable defaults as for SecretKey; {SecretKey, VarName} is not warned', () => {
  const text = compose('{Key: user-name}');
  const { model, diagnostics } = compileText(text);
  expect(located(diagnostics, 'warning').filter((d) => d.startsWith('CX3509'))).toEqual([`CX3509 ${at(text, 'Key: user-name')}`]);
  expect(model!.secrets[0].jsonKeys).toEqual([{ key: 'user-name', varName: 'USER_NAME' }]);
  expect(compileText(compose('{SecretKey: user-name, VarName: U}')).diagnostics.filter((d) => d.code === 'CX3509')).toEqual([]);
});

test('mixing the spellings in one entry is refused where it is written (CX3301)', () => {
  const text = compose('{SecretKey: password, Name: DB_PASSWORD}');
  expect(located(compileText(text).diagnostics, 'error')).toEqual([`CX3301 ${at(text, 'Name: DB')}`]);
});

describe('the variable of a JsonKeys entry without VarName', () => {
  test('"Expose key/value structure into separate environment variables": HOSTNAME, USERNAME, PASSWORD, with CX3510 at each key (ECS ComposeX: hostname, username, password)', () => {
    const file = 'docs/howto-secrets-jsonkeys.yml';
    const result = renderFixtures([file]);
    expect(locatedIn(result.diagnostics, 'warning', /^CX35/)).toEqual(['hostname', 'username', 'password'].map((k) => atFixture('CX3510', file, k)));
    const d = result.diagnostics.find((x) => x.code === 'CX3510')!;
    expect(d.message).toBe("JsonKeys key 'hostname' of 'DB_SECRET' is the variable HOSTNAME (composex: the key in upper snake case); ECS ComposeX names it 'hostname', the key as written");
    expect(d.hint).toBe("write VarName: hostname to keep ECS ComposeX's name, or VarName: HOSTNAME to say composex's");
    const app = (resourcesIn(result, 'FamilyApplication.json').TaskDefinition.Properties!.ContainerDefinitions as { Name: string; Secrets?: { Name: string }[] }[]).find((c) => c.Name === 'application')!;
    expect(app.Secrets!.map((s) => s.Name)).toEqual(['HOSTNAME', 'PASSWORD', 'USERNAME']);
  });

  test('no warning where the names agree (an upper snake case key) or VarName says it', () => {
    for (const entry of ['{SecretKey: PASSWORD}', '{SecretKey: password, VarName: password}', '{SecretKey: password, VarName: DB_PASSWORD}']) {
      expect(compileText(compose(entry)).diagnostics.filter((d) => d.code === 'CX3510')).toEqual([]);
    }
  });

  test("a key that is no shell variable name: the hint gives composex's name only", () => {
    const d = compileText(compose('{SecretKey: user-name}')).diagnostics.find((x) => x.code === 'CX3510')!;
    expect(d.hint).toBe("write VarName: USER_NAME to say the name ('user-name' is no variable name ECS can set from a shell)");
  });
});
