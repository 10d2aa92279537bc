/**
 * A build context composex cannot read (CX5103): located at the service's build:, nothing
 * synthesized, the CLI writes nothing, and the CDK construct generates nothing. As root every
 * file is readable, so a link to /proc/self/mem (reading it: EIO) stands in for another user's
 * file (EACCES), which takes the same path.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'fs';
import * as path from 'path';
import { ComposeX } from '../../src/cdk/construct';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';

const COMPOSE = 'services:\n  api:\n    build: ./api\n';

function project(): string {
  const dir = projectDir({ 'compose.yaml': COMPOSE, 'api/Dockerfile': 'FROM scratch\n' });
  fs.symlinkSync('/proc/self/mem', path.join(dir, 'api', 'mem'));
  return dir;
}

test('CX5103 at build:, with the error and a hint naming the .dockerignore; no template', () => {
  const dir = project();
  const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const result = renderModel(compiled.model!);
  expect(result.files).toEqual([]);
  expect(result.diagnostics.map((d) => [d.severity, d.code, path.basename(d.file ?? ''), d.line, d.column])).toEqual([['error', 'CX5103', 'compose.yaml', 3, 12]]);
  expect(result.diagnostics[0].message).toBe("the build context of service 'api' cannot be read (EIO): composex cannot compute the image's content tag, and docker build could not send the context either");
  expect(result.diagnostics[0].hint).toContain(`${path.join(dir, 'api')}/.dockerignore`);
});

test('listed in .dockerignore, the file is not read: the project renders', () => {
  const dir = project();
  fs.writeFileSync(path.join(dir, 'api', '.dockerignore'), 'mem\n');
  const result = renderModel(loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } }).model!);
  expect(result.diagnostics).toEqual([]);
  expect(result.files.length).toBeGreaterThan(0);
});

test('composex render: exit 1, the located error, no output directory', async () => {
  const dir = project();
  const run = await runCli(['render', '--no-validate', '-o', 'out'], dir);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('compose.yaml:3:12: error CX5103');
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
});

test('in a CDK app: the ComposeX construct reports CX5103 as an error annotation at build: and generates nothing', () => {
  const dir = project();
  const app = new App({ analyticsReporting: false, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'UserStack');
  const composex = new ComposeX(stack, 'Shop', { files: [path.join(dir, 'compose.yaml')], load: { env: {} } });
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('CX5103'));
  expect(errors.map((e) => String(e.entry.data))).toEqual([expect.stringContaining('compose.yaml:3:12')]);
  expect(composex.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX5103']);
  expect(Template.fromStack(stack).findResources('AWS::CloudFormation::Stack')).toEqual({});
});
