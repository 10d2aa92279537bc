/**
 * Code frames never show a secret written in the file (src/diagnostics.ts `masked`, names from
 * src/secret-names.ts): the value of a key that reads as a secret's name, and a URL's password.
 * Read from the CLI's own output, with the warnings that point at those very lines.
 */
import { codeFrame } from '../../src/diagnostics';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const frame = (line: string) => codeFrame(line, 1, 1, 0);

test.each([
  ['DB_PASSWORD: s3cr3t-Pa55', 'DB_PASSWORD: ***'],
  ['- API_TOKEN=tok-123456', '- API_TOKEN=***'],
  ['Properties: {Engine: postgres, MasterUserPassword: hunter22, Port: 5432}', 'Properties: {Engine: postgres, MasterUserPassword: ***, Port: 5432}'],
  ['DATABASE_URL: "postgres://app:hunter2@db:5432/app"', 'DATABASE_URL: "postgres://app:***@db:5432/app"'],
  ["ClientSecret: 'abc'", 'ClientSecret: ***'],
])('%s is shown as %s', (line, shown) => {
  expect(frame(line)).toContain(shown);
  expect(frame(line)).not.toMatch(/s3cr3t|tok-123456|hunter2|abc'/);
});

test.each([
  'DB_PASSWORD_FILE: /run/secrets/db',
  'DB_PASSWORD: ${DB_PASSWORD}',
  'ClientSecret: "{{resolve:secretsmanager:oidc:SecretString:secret}}"',
  'x-secrets: {Name: db/creds}',
  'LOG_LEVEL: debug',
])('%s is shown as written (no secret, or a reference to one)', (line) => {
  expect(frame(line)).toContain(line);
});

test('composex render: the frames of CX1105 and CX3609 show the keys, never the values', async () => {
  const dir = projectDir({
    'compose.yaml': [
      'services:',
      '  api:',
      '    image: public.ecr.aws/nginx/nginx:1.27',
      '    environment:',
      '      DB_PASSWORD: s3cr3t-Pa55',
      'x-rds:',
      '  db:',
      '    Properties: {Engine: postgres, EngineVersion: "16.4", MasterUserPassword: hunter22}',
      '    Services: {api: {Access: RW}}',
      '',
    ].join('\n'),
  });
  const run = await runCli(['render', '--no-validate', '-o', 'out'], dir);
  expect(run.stderr).toContain('warning CX1105');
  expect(run.stderr).toContain('warning CX3609');
  expect(run.stderr).toContain('DB_PASSWORD: ***');
  expect(run.stderr).toContain('MasterUserPassword: ***}');
  expect(run.stderr + run.stdout).not.toMatch(/s3cr3t-Pa55|hunter22/);
});
