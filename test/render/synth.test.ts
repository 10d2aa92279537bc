import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { parseTemplate } from '../../src/render/format';
import { sha256 } from '../../src/render/manifest';
import { renderApp, synthesizeApp, SynthOptions } from '../../src/render/synth';
import type { RenderResult } from '../../src/render/types';
import { buildSample, buildWithTrickyStrings } from './fixtures';

const JSON_OPTIONS: SynthOptions = { projectName: 'demo', format: 'json' };

function stackResources(result: RenderResult) {
  return result.files.flatMap((f) =>
    Object.entries(f.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
      .map(([id, r]) => ({ file: f.path, id, url: r.Properties!.TemplateURL as string })),
  );
}

describe('synthesizeApp', () => {
  const local = synthesizeApp(buildSample, JSON_OPTIONS);

  test('the root first, then nested templates named after their construct ids', () => {
    expect(local.files.map((f) => f.path)).toEqual(['demo.json', 'Family-Api.json', 'Inner.json', 'Topics.json']);
    expect(local.files.map((f) => f.stack)).toEqual(['demo', 'demo/Family-Api', 'demo/Topics/Inner', 'demo/Topics']);
    expect(local.files.find((f) => f.path === 'Inner.json')).toMatchObject({ parent: 'Topics.json', url: 'Inner.json' });
  });

  test('local TemplateURLs are relative paths of files that exist, relative to the parent file', () => {
    const urls = stackResources(local);
    expect(urls).toHaveLength(3);
    const paths = new Set(local.files.map((f) => f.path));
    for (const { file, id, url } of urls) {
      expect(paths).toContain(url);
      const child = local.files.find((f) => f.path === url)!;
      expect(child).toMatchObject({ parent: file, logicalId: id });
    }
  });

  test('cross-stack references become parameters and outputs, wired through the parents', () => {
    const counts = Object.fromEntries(local.manifest.templates.map((t) => [t.path, [t.resources, t.parameters, t.outputs]]));
    expect(counts).toEqual({
      'demo.json': [2, 1, 0],
      'Family-Api.json': [1, 1, 1],
      'Topics.json': [2, 1, 0],
      'Inner.json': [1, 1, 0],
    });
    const root = local.files[0].template;
    const topics = Object.values(root.Resources!).find((r) => r.Properties?.TemplateURL === 'Topics.json')!;
    expect(JSON.stringify(topics.Properties!.Parameters)).toContain('Outputs.');
  });

  test('no CDK bookkeeping: no CDKMetadata, BootstrapVersion, aws:cdk:path or asset metadata', () => {
    for (const f of local.files) {
      expect(f.content).not.toMatch(/CDKMetadata|BootstrapVersion|CheckBootstrapVersion|aws:cdk:|aws:asset:|cdk-hnb659fds|Rules/);
      expect(f.content).not.toMatch(/nested\.template\.json|composex-local|AWS::URLSuffix/);
    }
  });

  test('JSON: two-space indent and a trailing newline', () => {
    for (const f of local.files) {
      expect(f.content).toBe(JSON.stringify(JSON.parse(f.content), null, 2) + '\n');
      expect(f.template).toEqual(JSON.parse(f.content));
    }
  });

  test('bucket mode: https S3 URLs under the prefix, keyed by the sha256 of the child file', () => {
    const result = synthesizeApp(buildSample, { ...JSON_OPTIONS, bucket: 'my-bucket', prefix: '/team/app/' });
    const urls = stackResources(result);
    expect(urls).toHaveLength(3);
    for (const { url } of urls) {
      const child = result.files.find((f) => f.url === url)!;
      expect(url).toBe(`https://my-bucket.s3.amazonaws.com/team/app/${sha256(child.content)}.json`);
      expect(child.objectKey).toBe(`team/app/${sha256(child.content)}.json`);
      const entry = result.manifest.templates.find((t) => t.path === child.path)!;
      expect(entry).toMatchObject({ url, objectKey: child.objectKey, sha256: sha256(child.content) });
    }
    expect(result.manifest).toMatchObject({ bucket: 'my-bucket', prefix: '/team/app/' });
    // File names stay readable; only the URLs change.
    expect(result.files.map((f) => f.path)).toEqual(local.files.map((f) => f.path));
  });

  test("CDK's built-in validation is off during synthesis (CDK_VALIDATION=false, for aws-cdk-lib before the App property) and the variable is restored", () => {
    for (const before of [undefined, 'true']) {
      if (before === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = before;
      let during: string | undefined = 'unread';
      synthesizeApp((root) => {
        buildSample(root);
        root.node.addValidation({ validate: () => ((during = process.env.CDK_VALIDATION), []) });
      }, JSON_OPTIONS);
      expect(during).toBe('false');
      expect(process.env.CDK_VALIDATION).toBe(before);
    }
    delete process.env.CDK_VALIDATION;
  });

  test('bucket mode without a prefix; YAML files get a .yaml key', () => {
    const result = synthesizeApp(buildSample, { projectName: 'demo', format: 'yaml', bucket: 'b' });
    for (const { url } of stackResources(result)) expect(url).toMatch(/^https:\/\/b\.s3\.amazonaws\.com\/[0-9a-f]{64}\.yaml$/);
  });

  test('a changed grandchild changes the URL of every ancestor in bucket mode', () => {
    const a = synthesizeApp(buildSample, { ...JSON_OPTIONS, bucket: 'b' });
    const b = synthesizeApp(
      (root) => {
        buildSample(root);
        const inner = root.node.findChild('Topics').node.findChild('Inner') as NestedStack;
        inner.templateOptions.description = 'changed';
      },
      { ...JSON_OPTIONS, bucket: 'b' },
    );
    const url = (r: RenderResult, p: string) => r.files.find((f) => f.path === p)!.url;
    expect(url(b, 'Inner.json')).not.toBe(url(a, 'Inner.json'));
    expect(url(b, 'Topics.json')).not.toBe(url(a, 'Topics.json'));
    expect(url(b, 'Family-Api.json')).toBe(url(a, 'Family-Api.json'));
  });

  test.each(['json', 'yaml'] as const)('two renders give byte-identical %s output and manifest', (format) => {
    const a = synthesizeApp(buildWithTrickyStrings, { projectName: 'demo', format, bucket: 'b', prefix: 'p' });
    const b = synthesizeApp(buildWithTrickyStrings, { projectName: 'demo', format, bucket: 'b', prefix: 'p' });
    expect(b.files.map((f) => [f.path, f.content])).toEqual(a.files.map((f) => [f.path, f.content]));
    expect(JSON.stringify(b.manifest)).toBe(JSON.stringify(a.manifest));
  });

  test('YAML output parses back to the same objects as the JSON output', () => {
    const json = synthesizeApp(buildWithTrickyStrings, JSON_OPTIONS);
    const yaml = synthesizeApp(buildWithTrickyStrings, { ...JSON_OPTIONS, format: 'yaml' });
    expect(yaml.files.map((f) => f.path)).toEqual(json.files.map((f) => f.path.replace(/\.json$/, '.yaml')));
    json.files.forEach((j, i) => {
      const y = yaml.files[i];
      const expected = JSON.parse(j.content.replace(/\.json"/g, '.yaml"'));
      expect(parseTemplate(y.content, 'yaml')).toEqual(expected);
      expect(y.content).not.toMatch(/!(GetAtt|Ref|Sub|Join)\b/);
    });
    expect(yaml.files.filter((f) => f.content.includes('Fn::GetAtt:')).length).toBeGreaterThan(0);
  });

  test('YAML quotes strings YAML 1.1 would read as something else', () => {
    const yaml = synthesizeApp(buildWithTrickyStrings, { ...JSON_OPTIONS, format: 'yaml' });
    const extra = yaml.files.find((f) => f.path === 'Extra.yaml')!.content;
    for (const s of ['yes', 'on', '0755', '2012-10-17', '1:20', '=', '<<', '~']) expect(extra).toContain(`"${s}"`);
    expect(yaml.files[0].content).toContain('Description: |-\n  line one\n  line two\n');
  });

  test('construct ids that clash (case-insensitively, or with the root or manifest) get path-derived suffixes', () => {
    const result = synthesizeApp(
      (root) => {
        const a = new NestedStack(root, 'Group');
        new NestedStack(a, 'api');
        const b = new NestedStack(root, 'Other');
        new NestedStack(b, 'Api');
        new NestedStack(root, 'manifest');
        new NestedStack(root, 'Demo');
        for (const s of root.node.findAll()) if (s instanceof NestedStack) new sqs.CfnQueue(s, 'Q');
      },
      JSON_OPTIONS,
    );
    const names = result.files.map((f) => f.path);
    expect(names).toEqual([
      'demo.json',
      expect.stringMatching(/^Api-[0-9a-f]{8}\.json$/),
      expect.stringMatching(/^Demo-[0-9a-f]{8}\.json$/),
      'Group.json',
      'Other.json',
      expect.stringMatching(/^api-[0-9a-f]{8}\.json$/),
      expect.stringMatching(/^manifest-[0-9a-f]{8}\.json$/),
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  test('a stack without nested stacks renders alone', () => {
    const result = synthesizeApp((root) => new sqs.CfnQueue(root, 'Q'), JSON_OPTIONS);
    expect(result.files.map((f) => f.path)).toEqual(['demo.json']);
    expect(result.manifest.root).toBe('demo.json');
  });

  test('assets other than nested templates are refused with a clear error', () => {
    expect(() =>
      synthesizeApp((root: Stack) => {
        new lambda.Function(root, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromAsset(__dirname) });
      }, JSON_OPTIONS),
    ).toThrow(/unsupported file asset.*only nested stack templates/);
  });

  test('the temporary synthesis directory is removed, also when the build throws', () => {
    // The app's own output directory, read inside the build (other test workers synthesize in the
    // shared temporary directory meanwhile, so counting its entries would be flaky).
    const dirs: string[] = [];
    expect(() =>
      synthesizeApp((root: Stack) => {
        dirs.push(Stage.of(root)!.outdir);
        throw new Error('boom');
      }, JSON_OPTIONS),
    ).toThrow('boom');
    synthesizeApp((root: Stack) => {
      dirs.push(Stage.of(root)!.outdir);
      buildSample(root);
    }, JSON_OPTIONS);
    // The build that throws runs once; buildSample's cross-stack references make synthesizeApp
    // synthesize twice (with its shortcuts, then CDK's ordinary way: synth-shortcuts.test.ts).
    expect(dirs).toHaveLength(3);
    for (const dir of dirs) {
      expect(path.basename(dir)).toMatch(/^composex-synth-/);
      expect(fs.existsSync(dir)).toBe(false);
    }
  });

  test('manifest: project, format, root and per file stack, counts, size and hash', () => {
    const m = local.manifest;
    expect(m).toMatchObject({ tool: 'composex', project: 'demo', format: 'json', root: 'demo.json' });
    expect(m.templates.map((t) => t.path)).toEqual(local.files.map((f) => f.path));
    local.files.forEach((f, i) => {
      expect(m.templates[i]).toMatchObject({ stack: f.stack, bytes: Buffer.byteLength(f.content), sha256: sha256(f.content) });
      if (i > 0) expect(m.templates[i]).toMatchObject({ logicalId: f.logicalId, parent: f.parent, url: f.url });
    });
  });
});

describe('renderApp', () => {
  test('records no construct metadata (creation stack traces cost time and memory on large projects)', () => {
    const stack = new Stack(renderApp(), 'S');
    const queue = new sqs.CfnQueue(stack, 'Q');
    expect(stack.node.metadata).toEqual([]);
    expect(queue.node.metadata).toEqual([]);
  });
});
