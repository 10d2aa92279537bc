import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, NestedStack, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { generateComposeYaml } from '../../bench/generate';
import { buildStacks } from '../../src/aws/app';
import { loadAndCompile } from '../../src/compile';
import { keepNestedTemplatesInMemory } from '../../src/render/nested-templates';
import { withoutReferenceDiscovery } from '../../src/render/reference-discovery';
import { renderApp, synthesizeApp, synthesizeAppWithoutShortcuts, SynthOptions } from '../../src/render/synth';
import type { AppModel } from '../../src/resolve/model';
import { EXAMPLES } from '../helpers/templates';
import { buildSample } from './fixtures';

const OPTIONS: SynthOptions = { projectName: 'demo', format: 'json' };

function modelOf(files: readonly string[]): AppModel {
  const compiled = loadAndCompile({ files: [...files], env: { HOME: '/home/test' } });
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return compiled.model;
}

/** Synthesizes `build` in a fresh app without CDK's reference discovery; what the watch saw. */
function watchedSynthesis(build: (root: Stack) => void) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-refs-'));
  try {
    const app = renderApp(outdir);
    build(new Stack(app, 'demo'));
    return withoutReferenceDiscovery(() => app.synth());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const generated = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-refs-gen-'));
  const file = path.join(dir, 'compose.yaml');
  // 30 services, 3 of them published (three listeners), with queues, topics and databases.
  fs.writeFileSync(file, generateComposeYaml({ services: 30, queues: 6, topics: 3, databases: 2, publishEvery: 10 }));
  return file;
})();

const PROJECTS: [string, string[]][] = [
  ['shop', [path.join(EXAMPLES, 'shop', 'compose.yaml')]],
  ['counters with RDS', [path.join(EXAMPLES, 'counters', 'compose.yaml'), path.join(EXAMPLES, 'counters', 'compose.rds.yaml')]],
  ['fanout', [path.join(EXAMPLES, 'fanout', 'compose.yaml')]],
  ['load-balancers', [path.join(EXAMPLES, 'load-balancers', 'compose.yaml')]],
  ['uploads', [path.join(EXAMPLES, 'uploads', 'compose.yaml')]],
  ['dns', [path.join(EXAMPLES, 'dns', 'compose.yaml')]],
  ['a generated 30-service project', [generated]],
];

describe('synthesis with composex’s shortcuts', () => {
  afterAll(() => fs.rmSync(path.dirname(generated), { recursive: true, force: true }));

  test.each(PROJECTS)('%s: composex wires every value between its stacks itself, so nothing needs the discovery', (_name, files) => {
    const model = modelOf(files);
    const watched = watchedSynthesis((root) => buildStacks(root, model));
    expect(watched).toMatchObject({ skipped: true, crossStack: false });
  });

  test.each(PROJECTS)('%s: the files are byte for byte those of CDK’s ordinary synthesis (no shortcut)', (_name, files) => {
    const model = modelOf(files);
    const build = (root: Stack) => void buildStacks(root, model);
    for (const options of [OPTIONS, { ...OPTIONS, format: 'yaml' as const, bucket: 'b', prefix: 'p' }]) {
      const fast = synthesizeApp(build, options);
      const ordinary = synthesizeAppWithoutShortcuts(build, options);
      expect(fast.files.map((f) => [f.path, f.content])).toEqual(ordinary.files.map((f) => [f.path, f.content]));
      expect(fast.manifest).toEqual(ordinary.manifest);
    }
  });

  test('a reference from one nested stack into another is seen, and synthesizeApp falls back to CDK’s wiring', () => {
    expect(watchedSynthesis(buildSample)).toMatchObject({ skipped: true, crossStack: true });
    const fast = synthesizeApp(buildSample, OPTIONS);
    const ordinary = synthesizeAppWithoutShortcuts(buildSample, OPTIONS);
    expect(fast.files.map((f) => f.content)).toEqual(ordinary.files.map((f) => f.content));
    // CDK's own parameter and output: the reference was wired, not written as a dangling Ref.
    const api = fast.files.find((f) => f.path === 'Family-Api.json')!;
    expect(Object.keys(api.template.Outputs ?? {})).toHaveLength(1);
  });

  test('a root value used in a nested stack without a parameter is seen too', () => {
    const build = (root: Stack) => {
      const retention = new CfnParameter(root, 'Retention', { type: 'Number' });
      new sqs.CfnQueue(new NestedStack(root, 'Queues'), 'Queue', { messageRetentionPeriod: retention.valueAsNumber });
    };
    expect(watchedSynthesis(build)).toMatchObject({ crossStack: true });
    const queues = synthesizeApp(build, OPTIONS).files.find((f) => f.path === 'Queues.json')!;
    expect(Object.keys(queues.template.Parameters ?? {})).toHaveLength(1);
  });

  test('a reference within its own stack is not a crossing', () => {
    const build = (root: Stack) => {
      const stack = new NestedStack(root, 'Queues');
      const dlq = new sqs.CfnQueue(stack, 'Dead');
      new sqs.CfnQueue(stack, 'Queue', { redrivePolicy: { deadLetterTargetArn: dlq.attrArn, maxReceiveCount: 3 } });
    };
    expect(watchedSynthesis(build)).toMatchObject({ skipped: true, crossStack: false });
  });

  test('nested templates are kept in memory, not written to the cloud assembly', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-refs-'));
    try {
      const app = renderApp(outdir);
      const root = new Stack(app, 'demo');
      const stack = new NestedStack(root, 'Queues');
      new sqs.CfnQueue(stack, 'Queue', { queueName: 'q' });
      const templates = keepNestedTemplatesInMemory(root);
      app.synth();
      expect(templates.get(stack)).toEqual({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } } } });
      expect(fs.readdirSync(outdir).filter((f) => f.includes('nested'))).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a nested stack over CDK’s resource limit is synthesized CDK’s way: CDK’s error, as before', () => {
    const build = (root: Stack) => {
      const stack = new NestedStack(root, 'Queues');
      for (let i = 0; i < 3; i++) new sqs.CfnQueue(stack, `Queue${i}`);
    };
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-refs-'));
    try {
      const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 2 } });
      const root = new Stack(app, 'demo');
      build(root);
      const templates = keepNestedTemplatesInMemory(root);
      expect(() => app.synth()).toThrow(/Number of resources in stack 'demo\/Queues': 3 is greater than allowed maximum of 2/);
      expect(templates.size).toBe(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('CDK’s own functions are back in place afterwards, also when synthesis throws', () => {
    const privateDir = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'private');
    const refs = require(path.join(privateDir, 'refs.js'));
    const { CfnReference } = require(path.join(privateDir, 'cfn-reference.js'));
    const before = [refs.resolveReferences, refs.resolveReferencesInElements, CfnReference.prototype.resolve];
    watchedSynthesis(buildSample);
    expect(() =>
      withoutReferenceDiscovery(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect([refs.resolveReferences, refs.resolveReferencesInElements, CfnReference.prototype.resolve]).toEqual(before);
  });
});
