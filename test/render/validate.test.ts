/**
 * @jest-environment node
 *
 * The plain environment: these tests watch this file's own engine start (composex's environment
 * shares one engine between the test files of a worker: test/helpers/jest-environment.ts).
 */
import { enginesStarted, releaseValidator, validateTemplates } from '../../src/render/validate';
import { synthesizeApp } from '../../src/render/synth';
import { buildSample } from './fixtures';

const BAD = JSON.stringify(
  { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { NotAProperty: 1, DelaySeconds: 5000 } } } },
  null,
  2,
);
const CLEAN = JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 60 } } } }, null, 2);

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

describe('validateTemplates', () => {
  // Runs first: the engine of this worker starts here (jest gives every test file its own modules).
  test('the engine starts once per process; later calls are fast', () => {
    const first = timed(() => validateTemplates([{ path: 'clean.json', content: CLEAN }]));
    const second = timed(() => validateTemplates([{ path: 'clean.json', content: CLEAN }]));
    expect(enginesStarted).toBe(1);
    expect(second.ms).toBeLessThan(first.ms / 5);
    expect(second.ms).toBeLessThan(300);
    // eslint-disable-next-line no-console
    console.log(`validator: first call ${first.ms.toFixed(0)} ms (engine start), second ${second.ms.toFixed(1)} ms`);
  });

  test('a property CloudFormation does not know is a CX5001 error located in the template', () => {
    const findings = validateTemplates([{ path: 'bad.json', content: BAD }]);
    const errors = findings.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['CX5001', 'CX5001']);
    expect(errors[0]).toMatchObject({ file: 'bad.json', line: 6, column: 9 });
    expect(errors[0].message).toMatch(/^F3002 Queue Properties\.NotAProperty: .*NotAProperty/);
    expect(errors[1].message).toMatch(/^F3034 Queue Properties\.DelaySeconds: 5000 is greater than the maximum of 900/);
    expect(errors[0].hint).toMatch(/composex bug/);
    expect(enginesStarted).toBe(1);
  });

  test('a clean template yields nothing (informational findings are dropped)', () => {
    expect(validateTemplates([{ path: 'clean.json', content: CLEAN }])).toEqual([]);
  });

  test('warnings are CX5002 warnings', () => {
    const unused = JSON.stringify({ Parameters: { Unused: { Type: 'String' } }, Resources: JSON.parse(CLEAN).Resources });
    const findings = validateTemplates([{ path: 'w.json', content: unused }]);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'CX5002', file: 'w.json' })]);
    expect(findings[0].message).toMatch(/^W2001 Parameters\/Unused: /);
  });

  test('a template that does not parse is an error, not an exception', () => {
    const [d] = validateTemplates([{ path: 'broken.yaml', content: 'Resources: [' }]);
    expect(d).toMatchObject({ severity: 'error', code: 'CX5001', file: 'broken.yaml' });
  });

  test('rendered templates, JSON and YAML, local and bucket mode, are clean (local TemplateURLs are not warned about)', () => {
    for (const options of [{ format: 'json' as const }, { format: 'yaml' as const }, { format: 'json' as const, bucket: 'b', prefix: 'p' }]) {
      const { files } = synthesizeApp(buildSample, { projectName: 'demo', ...options });
      const { value: findings, ms } = timed(() => validateTemplates(files));
      expect(findings).toEqual([]);
      expect(ms).toBeLessThan(1000);
    }
    expect(enginesStarted).toBe(1);
  });

  test('after releaseValidator the next call starts a new engine', () => {
    releaseValidator();
    validateTemplates([{ path: 'clean.json', content: CLEAN }]);
    expect(enginesStarted).toBe(2);
  });
});
