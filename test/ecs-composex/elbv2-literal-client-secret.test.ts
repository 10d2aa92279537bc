/**
 * An x-elbv2 OIDC `ClientSecret` written in the compose file, as ECS ComposeX's
 * `use-cases/elbv2/create_only_with_cognito*.yml` write it: rendered, with the action reading the
 * secret from a NoEcho root parameter without a default (passed NoEcho to the load balancer's
 * stack), a warning at the value (CX3258) that never shows it, and not one rendered byte holding
 * it — templates, manifest, summary, diagnostics — in `composex render` and in the CDK construct.
 * What `composex deploy` does with it: test/deploy/secret-parameters.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ComposeX } from '../../src/cdk/construct';
import { loadAndCompile } from '../../src/compile';
import { codeFrame, formatDiagnostic } from '../../src/diagnostics';
import { runCli } from '../helpers/cli';
import { projectDir } from '../helpers/project-dir';
import { at, BASE, compile, DIR } from './fixture-helpers';
import { COMPOSE, DEFAULT_PARAMETER, DEFAULT_SECRET, RULE_PARAMETER, RULE_SECRET } from '../helpers/literal-client-secret';

/** Every file under `dir`, with its bytes. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(file) : [{ file, text: fs.readFileSync(file, 'latin1') }];
  });
}

describe.each(['use-cases/elbv2/create_only_with_cognito.yml', 'use-cases/elbv2/create_only_with_cognito-02.yml'])('%s: the literal ClientSecret', (file) => {
  const { diagnostics } = compile([BASE, file]);
  const secret = '123456789012345678901234567890';

  test('is a warning at the value naming the parameter of listener 443, rule 1 of lbA; nothing shows the value', () => {
    const found = diagnostics.filter((d) => d.code === 'CX3258');
    expect(found.map((d) => `${d.severity} ${d.code} ${path.relative(DIR, d.file!)}:${d.line}:${d.column}`)).toEqual([`warning ${at('CX3258', file, `"${secret}"`)}`]);
    expect(found[0].message).toContain('NoEcho root parameter Elbv2LbAListener443Rule1ClientSecret (no default)');
    expect(found[0].hint).toContain('{{resolve:secretsmanager:');
    const sources = new Map([[found[0].file!, fs.readFileSync(found[0].file!, 'utf8')]]);
    const printed = diagnostics.map((d) => formatDiagnostic(d, { sources })).join('\n');
    expect(printed).toContain('ClientSecret: ***');
    expect(printed).not.toContain(secret);
    expect(JSON.stringify(diagnostics)).not.toContain(secret);
  });
});

describe('composex render of a file with literal client secrets (a listener default action and a rule)', () => {
  let out: string;
  let run: { code: number; stdout: string; stderr: string };
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(out, name), 'utf8')) as { Parameters?: Record<string, Record<string, unknown>>; Resources: Record<string, { Properties: Record<string, unknown> }> };

  beforeAll(async () => {
    const dir = projectDir({ 'compose.yaml': COMPOSE });
    out = path.join(dir, 'out');
    run = await runCli(['render', '-o', out], dir); // validates every template
  });

  test('renders (validator included), with a CX3258 warning at each value', () => {
    expect(run.code).toBe(0);
    expect(run.stderr.match(/warning CX3258/g)).toHaveLength(2);
    expect(run.stderr).toContain(`compose.yaml:${COMPOSE.split('\n').findIndex((l) => l.includes(DEFAULT_SECRET)) + 1}:`);
  });

  test('the root stack declares the NoEcho parameters, without a default, and passes them to the load balancer stack', () => {
    const root = read('auth.json');
    for (const [name, where] of [
      [DEFAULT_PARAMETER, 'listener 443, default action'],
      [RULE_PARAMETER, 'listener 443, rule 1'],
    ]) {
      expect(root.Parameters![name]).toEqual({
        Type: 'String',
        NoEcho: true,
        Description: `OIDC client secret of x-elbv2 public, ${where} (ClientSecret written in the compose file: composex deploy passes it)`,
      });
      expect((root.Resources.Elbv2PublicStack.Properties.Parameters as Record<string, unknown>)[name]).toEqual({ Ref: name });
    }
  });

  test("the load balancer stack's parameters are NoEcho too; the listener's and the rule's ClientSecret are Refs to them", () => {
    const lb = read('Elbv2Public.json');
    expect(lb.Parameters![DEFAULT_PARAMETER]).toEqual({ Type: 'String', NoEcho: true });
    expect(lb.Parameters![RULE_PARAMETER]).toEqual({ Type: 'String', NoEcho: true });
    type Actions = { Type: string; Order?: number; AuthenticateOidcConfig?: Record<string, unknown> }[];
    const listener = lb.Resources.Listener443.Properties.DefaultActions as Actions;
    const rule = lb.Resources.Listener443Rule1.Properties.Actions as Actions;
    expect(listener.map((a) => [a.Type, a.Order])).toEqual([['authenticate-oidc', 1], ['forward', 2]]);
    expect(listener[0].AuthenticateOidcConfig).toMatchObject({ ClientId: 'app001', ClientSecret: { Ref: DEFAULT_PARAMETER } });
    expect(rule[0].AuthenticateOidcConfig).toMatchObject({ ClientId: 'app002', ClientSecret: { Ref: RULE_PARAMETER } });
  });

  test('no rendered byte holds a secret: templates, manifest, summary, warnings', () => {
    const files = filesUnder(out);
    expect(files.map((f) => path.basename(f.file))).toEqual(expect.arrayContaining(['auth.json', 'Elbv2Public.json', 'manifest.json']));
    for (const { file, text } of files) {
      for (const secret of [DEFAULT_SECRET, RULE_SECRET, 'S3cret']) expect({ file, found: text.includes(secret) }).toEqual({ file, found: false });
    }
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain('S3cret');
  });

  test('the summary names the parameters to give at deploy, and how with the AWS CLI', () => {
    expect(run.stdout).toContain(
      [
        'Secrets to give at deploy (NoEcho root parameters without a default; no template holds them; composex deploy sets them from the compose file):',
        `  ${DEFAULT_PARAMETER}: the OIDC client secret of x-elbv2 public, listener 443, default action`,
        `  ${RULE_PARAMETER}: the OIDC client secret of x-elbv2 public, listener 443, rule 1`,
        `  with the AWS CLI: aws cloudformation deploy --template-file <packaged root template> --stack-name <stack> --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides ${DEFAULT_PARAMETER}=<secret> ${RULE_PARAMETER}=<secret>`,
      ].join('\n'),
    );
  });
});

test("the CDK construct: NoEcho parameters of the user's stack without a default, which cdk deploy --parameters gives; no secret in the cloud assembly", () => {
  const dir = projectDir({ 'compose.yaml': COMPOSE });
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-cdk-out-'));
  const app = new App({ outdir, analyticsReporting: false, builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'UserStack');
  const construct = new ComposeX(stack, 'Auth', { files: [path.join(dir, 'compose.yaml')], load: { cwd: dir, env: { HOME: '/home/test' } } });
  expect(construct.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  app.synth();
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'UserStack.template.json'), 'utf8')) as { Parameters: Record<string, unknown> };
  expect(template.Parameters[DEFAULT_PARAMETER]).toMatchObject({ Type: 'String', NoEcho: true });
  expect(template.Parameters[RULE_PARAMETER]).toMatchObject({ Type: 'String', NoEcho: true });
  expect(Object.values(template.Parameters).filter((p) => (p as { Default?: unknown }).Default !== undefined && (p as { NoEcho?: boolean }).NoEcho)).toEqual([]);
  for (const { file, text } of filesUnder(outdir)) expect({ file, found: text.includes('S3cret') }).toEqual({ file, found: false });
});

describe('a client secret on the lines after its key (a block scalar) is masked in code frames too', () => {
  test('the frame of the CX3258 warning at it, and any frame that shows its lines', () => {
    const compose = COMPOSE.replace(`ClientSecret: "${RULE_SECRET}"`, `ClientSecret: >-\n                ${RULE_SECRET}`);
    const dir = projectDir({ 'compose.yaml': compose });
    const { model, diagnostics } = loadAndCompile({ cwd: dir, files: ['compose.yaml'], env: { HOME: '/home/test' } });
    expect(model!.elbv2![0].listeners[0].rules[0].authenticate).toMatchObject({ literalClientSecret: { value: RULE_SECRET, parameter: RULE_PARAMETER } });
    const warning = diagnostics.find((d) => d.code === 'CX3258' && d.message.includes(RULE_PARAMETER))!;
    const printed = formatDiagnostic(warning, { sources: new Map([[warning.file!, compose]]) });
    expect(printed).toContain('ClientSecret: ***');
    expect(printed).not.toContain(RULE_SECRET);
    const lines = compose.split('\n');
    const at = lines.findIndex((l) => l.includes(RULE_SECRET)) + 1;
    for (const line of [at - 1, at, at + 1]) expect(codeFrame(compose, line, 1)).not.toContain(RULE_SECRET);
    // What follows the value is shown as it is.
    expect(codeFrame(compose, at + 1, 1)).toContain(lines[at]);
  });
});
