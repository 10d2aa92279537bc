/**
 * CX1105: environment variables that look like secrets (by name, or a URL with a password) get one
 * warning each, located, with the `secrets:` fix, and never show the value.
 */
import * as path from 'path';
import { loadProject } from '../../src/compose/load';
import { hasUrlPassword, looksLikeSecretName, nameWords } from '../../src/compose/secret-values';
import { projectDir, yaml } from '../helpers/project-dir';

const SECRET_VALUES = ['s3cr3t-Pa55', 'tok-123456', 'AKIAEXAMPLEKEY', 'wJalrXUtnFEMIEXAMPLE', 'hunter2'];

function load(files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = projectDir(files);
  return loadProject({ cwd: dir, env: { HOME: '/home/test', ...env } });
}

const warnings = (r: ReturnType<typeof load>) =>
  r.diagnostics.filter((d) => d.code === 'CX1105').map((d) => [path.basename(d.file ?? ''), d.line, d.column, d.message]);

function expectNoValueIn(r: ReturnType<typeof load>) {
  const text = JSON.stringify(r.diagnostics);
  for (const v of SECRET_VALUES) expect(text).not.toContain(v);
}

describe('secret-looking environment values', () => {
  test('literal values of secret-looking names, and URLs with a password, warn once each at the entry', () => {
    const compose = yaml`
      services:
        api:
          image: api
          environment:
            DB_PASSWORD: s3cr3t-Pa55
            apiKey: tok-123456
            DATABASE_URL: "postgres://app:hunter2@db:5432/app"
            LOG_LEVEL: info
        worker:
          image: worker
          environment:
            - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIEXAMPLE
            - CACHE_URL=redis://:hunter2@cache:6379/0
            - PUBLIC_URL=https://example.com/app
    `;
    const r = load({ 'compose.yaml': compose });
    expect(warnings(r)).toEqual([
      ['compose.yaml', 5, 20, 'environment variable DB_PASSWORD of service "api" looks like a secret: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it'],
      ['compose.yaml', 6, 15, 'environment variable apiKey of service "api" looks like a secret: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it'],
      ['compose.yaml', 7, 21, 'environment variable DATABASE_URL of service "api" holds a URL with a password: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it'],
      ['compose.yaml', 12, 9, 'environment variable AWS_SECRET_ACCESS_KEY of service "worker" looks like a secret: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it'],
      ['compose.yaml', 13, 9, 'environment variable CACHE_URL of service "worker" holds a URL with a password: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it'],
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'CX1105').every((d) => d.severity === 'warning')).toBe(true);
    expect(r.diagnostics.find((d) => d.message.includes('DB_PASSWORD'))!.hint).toBe(
      'make it a Compose secret: at the top level "secrets: {db_password: {environment: DB_PASSWORD}}" (composex deploy stores the value of DB_PASSWORD from the environment it runs in in Secrets Manager; or "x-secrets: {Name: …}" for a secret that exists), "secrets: [db_password]" on the service, and remove DB_PASSWORD from its environment: the template then holds only the secret\'s ARN (docs/x-keys.md#x-secrets)',
    );
    expectNoValueIn(r);
  });

  test('values taken from the environment are reported too, saying so', () => {
    const compose = yaml`
      services:
        api:
          image: api
          environment:
            DB_PASSWORD: \${DB_PASSWORD}
            API_TOKEN:
    `;
    const r = load({ 'compose.yaml': compose }, { DB_PASSWORD: 's3cr3t-Pa55', API_TOKEN: 'tok-123456' });
    expect(warnings(r)).toEqual([
      ['compose.yaml', 5, 20, 'environment variable DB_PASSWORD of service "api" looks like a secret: its value comes from the environment, but is still written into the task definition in plain text, where anyone who can read the template or describe the task sees it'],
      ['compose.yaml', 6, 7, 'environment variable API_TOKEN of service "api" looks like a secret: its value comes from the environment, but is still written into the task definition in plain text, where anyone who can read the template or describe the task sees it'],
    ]);
    expectNoValueIn(r);
  });

  test('values from an env_file are located in that file', () => {
    const r = load({
      'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: [app.env]\n',
      'app.env': '# app settings\nMODE=prod\nSTRIPE_SECRET="tok-123456"\nJWT_TOKEN=${JWT}\n',
    }, { JWT: 'hunter2' });
    expect(warnings(r)).toEqual([
      ['app.env', 3, 1, `environment variable STRIPE_SECRET of service "api" (from env_file ${r.project!.services.api.env_file![0].path}) looks like a secret: its plain-text value would be written into the task definition, where anyone who can read the template or describe the task sees it`],
      ['app.env', 4, 1, `environment variable JWT_TOKEN of service "api" (from env_file ${r.project!.services.api.env_file![0].path}) looks like a secret: its value comes from the environment, but is still written into the task definition in plain text, where anyone who can read the template or describe the task sees it`],
    ]);
    expectNoValueIn(r);
  });

  test('empty values, *_FILE paths, /run/secrets paths, settings about secrets and plain URLs are not flagged', () => {
    const compose = yaml`
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD_FILE: /run/secrets/db_password
            POSTGRES_PASSWORD: ""
            PASSWORD_MIN_LENGTH: "12"
            TOKEN_TTL: "3600"
            SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf
            AWS_ACCESS_KEY_ID: AKIAEXAMPLEKEY
            PASSWORD_AUTH: "true"
            KEYCLOAK_URL: https://auth.example.com/realms/app
            UNSET_SECRET:
            PASSPORT: x
    `;
    const r = load({ 'compose.yaml': compose });
    expect(warnings(r)).toEqual([]);
  });

  test('the name table: words of the name, camelCase split, last words that name something about a secret', () => {
    expect(nameWords('dbPassword')).toEqual(['DB', 'PASSWORD']);
    expect(nameWords('AWSSecretKey')).toEqual(['AWS', 'SECRET', 'KEY']);
    expect(['DB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'api-key', 'GITHUB_TOKEN', 'PRIVATE_KEY', 'GOOGLE_CREDENTIALS', 'DB_PASSWD'].map(looksLikeSecretName)).toEqual(Array(7).fill(true));
    expect(['PASSWORD_FILE', 'TOKEN_URL', 'KEYBOARD', 'MONKEY', 'SECRETARY_NAME', 'ACCESS_KEY_ID', 'PWD', 'TOKENIZER'].map(looksLikeSecretName)).toEqual(Array(8).fill(false));
    expect([hasUrlPassword('postgres://u:p@h/db'), hasUrlPassword('redis://:p@h:6379'), hasUrlPassword('https://h/p'), hasUrlPassword('https://u@h/'), hasUrlPassword('mailto:a@b')]).toEqual([true, true, false, false, false]);
  });
});
